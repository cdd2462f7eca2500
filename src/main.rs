//! The `speclint` binary: arguments in, reports out, exit codes. Everything it does
//! is a call into the library; errors become one message on stderr and exit 2.

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = cli::Cli::try_parse().unwrap_or_else(|err| best_suggestion_only(err).exit());
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

/// clap lists every similar subcommand, the most similar last (`chek` → "schema,
/// check"); a person reads the first. Only the most similar is kept.
fn best_suggestion_only(mut err: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue};
    if let Some(ContextValue::Strings(similar)) = err.get(ContextKind::SuggestedSubcommand)
        && let Some(best) = similar.last().cloned()
    {
        err.insert(
            ContextKind::SuggestedSubcommand,
            ContextValue::Strings(vec![best]),
        );
    }
    err
}

/// A reader that stopped reading (`speclint check | head`) is not a failure.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    let broken = Some(std::io::ErrorKind::BrokenPipe);
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>().map(std::io::Error::kind) == broken
            || e.downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == broken
    })
}
