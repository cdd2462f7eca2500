//! Command-line arguments (clap). Raw flags only: validating them and building
//! what they ask for happens in `main.rs`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "speclint",
    version,
    about = "Check specs against their architecture model, and fix them from it"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Human,
    Json,
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(clap::Args, Debug, Clone, Default)]
pub struct ModelArg {
    /// The model file (default: the nearest speclint.yaml in the current folder or above).
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
}

#[derive(clap::Args, Debug, Clone, Default)]
pub struct RuleSelection {
    /// Only these rules: comma-separated codes, names or family letters (D, S, C, M, K).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Vec<String>,
    /// Skip these rules.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint specs; PATHs are files or folders (walked for *.md).
    Check {
        paths: Vec<PathBuf>,
        #[command(flatten)]
        model: ModelArg,
        #[arg(long, value_enum, default_value = "human")]
        format: FormatArg,
        #[command(flatten)]
        rules: RuleSelection,
        /// Report, but exit 0.
        #[arg(long)]
        exit_zero: bool,
    },
    /// Every rule: code, name, severity, fixable, summary.
    Rules {
        #[arg(long, value_enum, default_value = "human")]
        format: ListFormat,
    },
    /// What a rule checks, why, and a wrong and a right example.
    Explain { code: String },
}
