//! `maydanoz`: parse the command line, run it, turn the outcome into an exit status.
//! 0 success; 2 bad usage or invalid input (one line on stderr); 1 anything else.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = maydanoz::cli::Cli::parse();
    match maydanoz::commands::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", maydanoz::commands::one_line(&e));
            std::process::ExitCode::from(maydanoz::commands::exit_code(&e))
        }
    }
}
