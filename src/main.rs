//! The `speclint` binary: arguments in, reports out, exit codes. Everything it does
//! is a call into the library; errors become one message on stderr and exit 2.

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    // Panics are caught and reported as one message naming the file (see
    // `commands::guard`); the default hook would print a backtrace first.
    std::panic::set_hook(Box::new(|_| {}));
    match commands::guard("the run", || commands::run(cli)).and_then(|r| r) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            commands::eprint_clean("error", &format!("{err:#}"));
            ExitCode::from(2)
        }
    }
}

/// A reader that stopped reading (`speclint check | head`) is not a failure.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<std::io::Error>())
        .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}
