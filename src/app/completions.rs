//! `maydanoz completions <bash|zsh|fish>` and `maydanoz man`: generated from the
//! clap definitions in [`crate::cli`], so they never fall behind the commands.

use std::io::Write;

use clap::CommandFactory as _;

use crate::cli::{Cli, Shell};

/// Write the completion script for `shell`.
pub fn completions(shell: Shell, out: &mut dyn Write) -> std::io::Result<()> {
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    // generated in memory: clap_complete panics on a failed write (`| head`)
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "maydanoz", &mut script);
    quiet_on_broken_pipe(out.write_all(&script))
}

/// Write the manual page (roff): usage, global options and every subcommand with its summary.
pub fn man_page(out: &mut dyn Write) -> std::io::Result<()> {
    quiet_on_broken_pipe(clap_mangen::Man::new(Cli::command()).render(out))
}

/// A reader that stopped early (`| head`) is not a failure of ours.
fn quiet_on_broken_pipe(r: std::io::Result<()>) -> std::io::Result<()> {
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
