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
    Sarif,
    Junit,
    JsonLines,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(clap::Args, Debug, Clone, Default)]
pub struct ModelArg {
    /// The model file (default: the nearest speclint.yaml in the current folder or above).
    // Global: accepted after a nested subcommand too (`render diagram --flow ID --model F`).
    #[arg(long, value_name = "FILE", global = true)]
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
        #[command(flatten)]
        report: ReportArgs,
        /// Refuse specs larger than this many bytes (default 64 MiB).
        #[arg(long, value_name = "BYTES")]
        max_file_size: Option<u64>,
    },
    /// Show the fixes as one unified diff; apply them with --write.
    Fix {
        paths: Vec<PathBuf>,
        #[command(flatten)]
        model: ModelArg,
        /// Apply in place: atomic, and refused if a file changed since it was read.
        #[arg(long, conflicts_with = "check")]
        write: bool,
        /// Exit 1 if any fix would change a file.
        #[arg(long)]
        check: bool,
        /// Also write one `git apply`-able .patch per fix, numbered in application order.
        #[arg(long, value_name = "DIR")]
        patch_dir: Option<PathBuf>,
        /// Only these rules' fixes.
        #[arg(long, value_delimiter = ',', value_name = "CODES")]
        only: Vec<String>,
        /// Also apply fixes that rewrite what the author wrote.
        #[arg(long)]
        unsafe_fixes: bool,
        /// Refuse specs larger than this many bytes (default 64 MiB).
        #[arg(long, value_name = "BYTES")]
        max_file_size: Option<u64>,
    },
    /// Apply a change request (`### Change N`, `**File**`, `**Location**`, a block to
    /// find and its replacement, or a section to add) as one unified diff; --write
    /// applies it.
    Apply {
        /// The change request (Markdown).
        request: PathBuf,
        #[command(flatten)]
        model: ModelArg,
        /// Apply in place: atomic, and refused if a file changed since it was read.
        #[arg(long, conflicts_with = "check")]
        write: bool,
        /// Exit 1 unless every change is already applied.
        #[arg(long)]
        check: bool,
        /// Write a file even when some of its changes conflict.
        #[arg(long)]
        partial: bool,
        /// Also write one `git apply`-able .patch per change, numbered in order.
        #[arg(long, value_name = "DIR")]
        patch_dir: Option<PathBuf>,
        /// The file for changes that name none (relative to the repository).
        #[arg(long, value_name = "PATH")]
        target: Option<String>,
        #[arg(long, value_enum, default_value = "human")]
        format: ListFormat,
    },
    /// Render a flow's diagram or a generated section from the model.
    Render {
        #[command(subcommand)]
        what: RenderWhat,
        #[command(flatten)]
        model: ModelArg,
    },
    /// What speclint extracted from a spec: diagrams, tables, code examples, checklists.
    Inspect {
        path: PathBuf,
        #[command(flatten)]
        model: ModelArg,
        #[arg(long, value_enum, default_value = "human")]
        format: ListFormat,
    },
    /// Each checklist item with the rules that prove it and their status.
    Checklist {
        path: Option<PathBuf>,
        #[command(flatten)]
        model: ModelArg,
        #[arg(long, value_enum, default_value = "human")]
        format: ListFormat,
        /// Tick the items whose rules pass and untick the rest (nothing else changes).
        #[arg(long)]
        update: bool,
    },
    /// Every rule: code, name, severity, fixable, summary.
    Rules {
        #[arg(long, value_enum, default_value = "human")]
        format: ListFormat,
    },
    /// What a rule checks, why, and a wrong and a right example.
    Explain { code: String },
    /// Draft a speclint.yaml from existing specs (diagrams, SQL, files).
    Init {
        /// Spec files or folders to read (default: specs/).
        paths: Vec<PathBuf>,
        /// Where to write the model (`-` for standard output).
        #[arg(long, value_name = "FILE", default_value = "speclint.yaml")]
        output: PathBuf,
        /// Overwrite an existing model.
        #[arg(long)]
        force: bool,
    },
    /// The JSON Schema of speclint.yaml, for editors.
    Schema,
    /// Shell completions.
    Completions {
        #[arg(value_enum)]
        shell: ShellArg,
    },
    /// The man page (roff).
    Man,
}

/// How `check` reports, besides `--format`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ReportArgs {
    /// Also write the report (in --format) to FILE; standard output gets the human report.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Human output: `full` (snippets) or `concise` (one line per finding).
    #[arg(long, value_enum, default_value = "full")]
    pub output_format: OutputFormatArg,
    /// Human output: counts per rule instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Human output: the findings only, no summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Exit 1 on findings at this severity or above (default: error).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOnArg>,
    #[command(flatten)]
    pub baseline: BaselineArgs,
}

/// `check`'s baseline: findings recorded once, reported no more.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct BaselineArgs {
    /// Report only the findings that this baseline file does not hold.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings in FILE (JSON) and exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum OutputFormatArg {
    #[default]
    Full,
    Concise,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    Info,
    Warning,
    Error,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ShellArg {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StyleArg {
    Unicode,
    Ascii,
    Mermaid,
}

#[derive(Subcommand, Debug)]
pub enum RenderWhat {
    /// A flow's sequence diagram.
    Diagram {
        #[arg(long, value_name = "ID")]
        flow: String,
        #[arg(long, value_enum, default_value = "unicode")]
        style: StyleArg,
    },
    #[command(about = section_about(), long_about = None)]
    Section {
        /// A section id of the model's `sections:`, or a generator's name (the first section it renders).
        id: String,
        /// The document whose section list to use (default: the first that has ID).
        #[arg(long, value_name = "PATH")]
        document: Option<String>,
    },
}

/// `render section`'s help, naming the generators a section can use (from the
/// generator's own list, so it cannot name one that does not exist).
fn section_about() -> String {
    format!(
        "A generated section by its id in the model's `sections:`, or by its generator: {}",
        speclint::generate::SECTION_KINDS.join(", ")
    )
}
