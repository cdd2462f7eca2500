//! One module per subcommand; this one dispatches and holds what they share.

mod apply;
mod check;
mod checklist;
mod fix;
mod init;
mod inspect;
mod integrations;
mod render;
mod rules;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use speclint::model::{Model, find_model, load_model};
use speclint::rules::Rule;

use crate::cli::{Cli, Command, ModelArg, RuleSelection};

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Check {
            paths,
            model,
            format,
            rules,
            exit_zero,
            report,
            max_file_size,
        } => check::run(
            &paths,
            &model,
            format,
            &rules,
            exit_zero,
            &report,
            max_file_size,
        ),
        Command::Fix {
            paths,
            model,
            write,
            check,
            patch_dir,
            only,
            unsafe_fixes,
            max_file_size,
        } => fix::run(
            &paths,
            &model,
            fix::Mode {
                write,
                check,
                patch_dir,
                only,
                unsafe_fixes,
                max_file_size,
            },
        ),
        Command::Apply {
            request,
            model,
            write,
            check,
            partial,
            patch_dir,
            target,
            format,
        } => apply::run(
            &request,
            &model,
            apply::Mode {
                write,
                check,
                partial,
                patch_dir,
                target,
                format,
            },
        ),
        Command::Render { what, model } => render::run(what, &model),
        Command::Inspect {
            path,
            model,
            format,
        } => inspect::run(&path, &model, format),
        Command::Checklist {
            path,
            model,
            format,
            update,
        } => checklist::run(path.as_deref(), &model, format, update),
        Command::Rules { format } => rules::list(format),
        Command::Explain { code } => rules::explain(&code),
        Command::Init {
            paths,
            output,
            force,
        } => init::run(&paths, &output, force),
        Command::Schema => integrations::schema(),
        Command::Completions { shell } => integrations::completions(shell),
        Command::Man => integrations::man(),
    }
}

/// The model and the folder its document paths are relative to.
pub struct LoadedModel {
    pub model: Model,
    pub dir: PathBuf,
}

pub fn load(arg: &ModelArg) -> Result<LoadedModel> {
    load_at(&model_path(arg)?)
}

/// Where the model is: `--model`, else the nearest `speclint.yaml` here or above,
/// relative to the current folder (`speclint.yaml`, `../speclint.yaml`) so that
/// messages about it name it as the user would.
pub fn model_path(arg: &ModelArg) -> Result<PathBuf> {
    Ok(match &arg.model {
        Some(p) => p.clone(),
        None => {
            let cwd = std::env::current_dir().context("cannot read the current folder")?;
            let found = find_model(&cwd)?;
            PathBuf::from(speclint::workspace::show_relative(&found, &cwd))
        }
    })
}

/// The folder a model's document paths are relative to.
pub fn model_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Reads and validates the model at `path`.
pub fn load_at(path: &Path) -> Result<LoadedModel> {
    Ok(LoadedModel {
        model: load_model(path)?,
        dir: model_dir(path),
    })
}

/// `--select` / `--ignore` → the rules to run.
pub fn selected_rules(sel: &RuleSelection) -> Result<Vec<Rule>> {
    let mut rules = if sel.select.is_empty() {
        Rule::ALL.to_vec()
    } else {
        Rule::select(&sel.select)
            .map_err(|bad| anyhow::anyhow!("--select: unknown rule or family `{bad}`"))?
    };
    let ignored = Rule::select(&sel.ignore)
        .map_err(|bad| anyhow::anyhow!("--ignore: unknown rule or family `{bad}`"))?;
    rules.retain(|r| !ignored.contains(r));
    Ok(rules)
}

/// The files a command works on: PATHs as given, else the model's documents that
/// exist, else `specs/` beside the model.
pub fn spec_paths(paths: &[PathBuf], loaded: &LoadedModel) -> Result<Vec<PathBuf>> {
    if !paths.is_empty() {
        for p in paths {
            if !p.exists() {
                bail!("{}: no such file or folder", p.display());
            }
        }
        return Ok(paths.to_vec());
    }
    // Absolute, so that they are shown relative to the current folder the
    // shortest way (`004/spec.md`, not `../specs/004/spec.md`, from `specs/`).
    let dir = std::path::absolute(&loaded.dir).unwrap_or_else(|_| loaded.dir.clone());
    let documents: Vec<PathBuf> = loaded
        .model
        .documents
        .iter()
        .map(|d| dir.join(&d.path))
        .collect();
    if !documents.is_empty() {
        return Ok(documents);
    }
    Ok(vec![dir.join("specs")])
}

/// Colour only on a terminal, and never when NO_COLOR is set.
pub fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Runs `f`, turning a panic into an error that names the file being processed:
/// exit 2 and a request to report it, never a partial write.
pub fn guard<T>(file: &str, f: impl FnOnce() -> T) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        anyhow::anyhow!("internal error while processing {file}: {what}\nThis is a bug in speclint; please report it with the file that caused it.")
    })
}

/// The spec size limit: `--max-file-size`, else the model's `lint.max-file-size`, else
/// the default.
pub fn file_size_limit(flag: Option<u64>, model: &Model) -> u64 {
    flag.or(model.lint.as_ref().and_then(|l| l.max_file_size))
        .unwrap_or(speclint::workspace::DEFAULT_MAX_FILE_SIZE)
}

/// One message on stderr, with control characters from file names or spec text
/// defused (an escape sequence in a file name must not repaint the terminal).
pub fn eprint_clean(kind: &str, message: &str) {
    eprintln!(
        "speclint: {kind}: {}",
        speclint::render::sanitize::for_terminal(message)
    );
}

/// A patch file's name from a fix's or a change's title: its first six words, lower
/// case, joined by `-` (`0001-D001-redraw-the-diagram.patch`).
pub fn patch_slug(title: &str) -> String {
    title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .take(6)
        .collect::<Vec<_>>()
        .join("-")
}
