//! `maydanoz`: parse the command line, run it, turn the outcome into an exit status.
//! 0 success; 2 bad usage or invalid input (one line on stderr); 1 anything else.

use clap::Parser;

fn main() -> std::process::ExitCode {
    maydanoz::quiet_on_broken_pipe();
    let cli = maydanoz::Cli::parse();
    match maydanoz::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) if maydanoz::is_broken_pipe(&e) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", maydanoz::error_line(&e));
            std::process::ExitCode::from(maydanoz::exit_code(&e))
        }
    }
}
