//! Dispatch a parsed command line: load and validate the configuration, start
//! logging, open the database and run the subcommand.

use anyhow::Context as _;

use crate::admin::{self, Admin, UserError};
use crate::cli::{Cli, Command};
use crate::config::Config;
use crate::store::Db;

/// Run a command to completion on a fresh tokio runtime.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    if shows_board(&cli.command) {
        crate::kds::mem::few_arenas();
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime")?;
    rt.block_on(run_async(cli))
}

/// A command that will draw the kitchen display in this terminal (`serve` on a
/// terminal, or a remote `kds`): it runs for hours with the board in memory.
fn shows_board(command: &Command) -> bool {
    use std::io::IsTerminal as _;
    let tty = || std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    match command {
        Command::Serve(s) => !s.headless && tty(),
        Command::Kds(k) => k.cmd.is_none() && tty(),
        _ => false,
    }
}

async fn run_async(cli: Cli) -> anyhow::Result<()> {
    // generated from the command line's definitions: no configuration needed
    match cli.command {
        Command::Completions { shell } => {
            crate::app::completions::completions(shell, &mut std::io::stdout())
                .context("cannot write the completion script")?;
            return Ok(());
        }
        Command::Man => {
            crate::app::completions::man_page(&mut std::io::stdout())
                .context("cannot write the manual page")?;
            return Ok(());
        }
        _ => {}
    }
    let mut flags: Vec<(&str, &str, String)> = Vec::new();
    if let Some(url) = &cli.database_url {
        flags.push(("database", "url", url.clone()));
    }
    if let Command::Serve(s) = &cli.command
        && let Some(b) = &s.bind
    {
        flags.push(("server", "bind", b.clone()));
    }
    let env: Vec<(String, String)> = std::env::vars().collect();
    let cfg = Config::load(cli.config.as_deref(), &env, &flags).map_err(UserError::from)?;
    cfg.validate().map_err(UserError::from)?;
    match cli.command {
        Command::Config => {
            print!("{}", cfg.to_redacted_toml());
            Ok(())
        }
        Command::Menu(c) => admin::menu::run(&admin_ctx(cfg).await?, c).await,
        Command::Coupon(c) => admin::coupon::run(&admin_ctx(cfg).await?, c).await,
        Command::Orders(c) => admin::orders::run(&admin_ctx(cfg).await?, c).await,
        Command::Pause(p) => admin::pause::pause(&admin_ctx(cfg).await?, p).await,
        Command::Resume => admin::pause::resume(&admin_ctx(cfg).await?).await,
        Command::Busy(b) => admin::pace::busy(&admin_ctx(cfg).await?, b).await,
        Command::Reply(r) => admin::reply::run(&admin_ctx(cfg).await?, r).await,
        Command::Report(r) => admin::report::run(&admin_ctx(cfg).await?, r).await,
        Command::Serve(args) => crate::app::serve::run(cfg, args).await,
        Command::Demo(args) => crate::app::demo::run(cfg, args).await,
        Command::Chat(args) => crate::app::chat::run(args).await,
        Command::Bench(args) => crate::app::bench::run(cfg, args).await,
        Command::Kds(k) => match k.cmd {
            Some(crate::cli::KdsCmd::Token(t)) => {
                admin::kds_token::run(&admin_ctx(cfg).await?, t).await
            }
            Some(crate::cli::KdsCmd::Keys) => {
                let map = crate::kds::keymap::KeyMap::from_table(&cfg.kds.keys)?;
                print!("{}", map.render());
                Ok(())
            }
            None => crate::app::remote::run(cfg, k).await,
        },
        Command::Completions { .. } | Command::Man => Ok(()),
    }
}

async fn admin_ctx(cfg: Config) -> anyhow::Result<Admin> {
    init_cli_logging(&cfg);
    let tz = cfg.restaurant.timezone.clone();
    let db = Db::connect_with(&cfg.database.url, 2)
        .await
        .map_err(admin::open_error)?;
    Ok(Admin { db, cfg, tz })
}

/// Admin commands print for people; only warnings from the libraries go to stderr.
fn init_cli_logging(_cfg: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("MAYDANOZ_LOG")
        .unwrap_or_else(|_| "warn".into());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// 2 for the person's mistakes, 1 for everything else.
pub fn exit_code(e: &anyhow::Error) -> u8 {
    if e.chain().any(|c| c.downcast_ref::<UserError>().is_some()) {
        2
    } else {
        1
    }
}

/// Was the error a reader that went away (`maydanoz orders show 5 | head`)?
/// That ends a command quietly, not with "error: Broken pipe".
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Make `print!` to a closed pipe end the process quietly (exit 0) instead of
/// panicking with a backtrace hint: every command's output may go to `head`.
/// Any other panic is reported as before.
pub fn quiet_on_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let p = info.payload();
        let msg = p
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| p.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if msg.starts_with("failed printing to std")
            && (msg.contains("Broken pipe") || msg.contains("os error 32"))
        {
            std::process::exit(0);
        }
        default(info);
    }));
}

/// The error and its causes on one line.
pub fn error_line(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in e.chain() {
        let s = c.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
    }
    parts
        .join(": ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
