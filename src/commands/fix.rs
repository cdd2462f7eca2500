//! `speclint fix`: the fixes as one unified diff; `--write` applies them,
//! `--check` gates on them, `--patch-dir` writes one patch per fix.

use std::io::{IsTerminal as _, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use speclint::check::Checker;
use speclint::diagnostic::Applicability;
use speclint::fix::diff::unified_diff;
use speclint::fix::write::write_confined;
use speclint::fix::{AppliedFix, FixOptions, FixOutcome, fix_document};
use speclint::render::sanitize::for_terminal;
use speclint::rules::Rule;
use speclint::workspace::{self, SpecFile};

use super::{eprint_clean, file_size_limit, guard, load, spec_paths};
use crate::cli::ModelArg;

pub struct Mode {
    pub write: bool,
    pub check: bool,
    pub patch_dir: Option<PathBuf>,
    pub only: Vec<String>,
    pub unsafe_fixes: bool,
    pub max_file_size: Option<u64>,
}

/// One file's fixes, with the bytes it was read as (for the unchanged-since check).
struct Fixed {
    file: SpecFile,
    bytes: Vec<u8>,
    outcome: FixOutcome,
}

pub fn run(paths: &[PathBuf], model: &ModelArg, mode: Mode) -> Result<ExitCode> {
    let loaded = load(model)?;
    let only = if mode.only.is_empty() {
        None
    } else {
        Some(
            Rule::select(&mode.only)
                .map_err(|bad| anyhow::anyhow!("--only: unknown rule or family `{bad}`"))?,
        )
    };
    let opts = FixOptions {
        unsafe_fixes: mode.unsafe_fixes,
        only,
    };
    let checker = Checker::new(&loaded.model, Rule::ALL.to_vec());
    let limit = file_size_limit(mode.max_file_size, &loaded.model);
    let (files, walk_errors) = workspace::discover(&spec_paths(paths, &loaded)?, &loaded.dir);
    let mut failures: Vec<String> = walk_errors.iter().map(ToString::to_string).collect();

    let results: Vec<Result<Option<Fixed>, String>> =
        speclint::parallel::map_owned(files, |file| fix_file(&checker, file, &opts, limit));
    let mut fixed = Vec::new();
    for r in results {
        match r {
            Ok(Some(f)) => fixed.push(f),
            Ok(None) => {}
            Err(e) => failures.push(e),
        }
    }

    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let changed: Vec<&Fixed> = fixed
        .iter()
        .filter(|f| f.outcome.fixed != f.outcome.original)
        .collect();
    if let Some(dir) = &mode.patch_dir {
        let n = write_patches(dir, &changed)?;
        eprintln!(
            "Wrote {} to {}.",
            plural(n, "patch", "patches"),
            for_terminal(&dir.display().to_string())
        );
    }
    if mode.write {
        let mut count = 0;
        let mut files_written = 0;
        for f in &changed {
            match write_confined(&f.file.fs_path, &loaded.dir, &f.bytes, &f.outcome.fixed) {
                Ok(()) => {
                    count += f.outcome.applied.len();
                    files_written += 1;
                }
                Err(e) => failures.push(e.to_string()),
            }
        }
        if changed.is_empty() {
            writeln!(out, "No fixes to apply.")?;
        } else {
            writeln!(
                out,
                "Applied {} to {}.",
                plural(count, "fix", "fixes"),
                plural(files_written, "file", "files")
            )?;
        }
    } else {
        // On a terminal, spec text in the diff must not repaint it; piped, the diff
        // stays byte for byte what `git apply` needs.
        let terminal = std::io::stdout().is_terminal();
        for f in &changed {
            if terminal {
                let mut diff = Vec::new();
                write_file_diff(&mut diff, f)?;
                out.write_all(for_terminal(&String::from_utf8_lossy(&diff)).as_bytes())?;
            } else {
                write_file_diff(&mut out, f)?;
            }
        }
        if changed.is_empty() {
            writeln!(out, "No fixes to apply.")?;
        }
    }
    out.flush()?;
    for e in &failures {
        eprint_clean("error", e);
    }
    Ok(if !failures.is_empty() {
        ExitCode::from(2)
    } else if mode.check && !changed.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn fix_file(
    checker: &Checker,
    file: SpecFile,
    opts: &FixOptions,
    limit: u64,
) -> Result<Option<Fixed>, String> {
    let bytes =
        workspace::read_limited(&file.fs_path, &file.display, limit).map_err(|e| e.to_string())?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text,
        // Writing back text decoded with replacement characters would lose bytes.
        Err(e) => {
            let at = workspace::NotUtf8::at(&bytes, e.valid_up_to());
            return Err(format!("{}: {at}; not fixed", file.display));
        }
    };
    let outcome = guard(&file.display, || {
        speclint::fault::panic_point(&file.display);
        fix_document(checker, &file.display, &file.model_path, text, opts)
    })
    .map_err(|e| e.to_string())?
    .map_err(|e| e.to_string())?;
    Ok(Some(Fixed {
        file,
        bytes,
        outcome,
    }))
}

/// The path diffs name: relative to the model's folder (the repository root).
fn diff_path(f: &SpecFile) -> &str {
    if f.model_path.starts_with('/') {
        &f.display
    } else {
        &f.model_path
    }
}

fn fix_header(fix: &AppliedFix) -> String {
    let kind = match fix.applicability {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
        Applicability::DisplayOnly => "display-only",
    };
    format!(
        "# {} {} ({kind} fix): {}\n",
        fix.rule.code(),
        fix.rule.name(),
        fix.title
    )
}

fn write_file_diff(out: &mut dyn Write, f: &Fixed) -> Result<()> {
    for fix in &f.outcome.applied {
        out.write_all(fix_header(fix).as_bytes())?;
    }
    out.write_all(
        unified_diff(diff_path(&f.file), &f.outcome.original, &f.outcome.fixed).as_bytes(),
    )?;
    Ok(())
}

/// "1 fix", "4 fixes".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One patch per fix, numbered in application order; each applies on top of the
/// previous ones. A file already in DIR is never overwritten: one with the same
/// content (the same run again) is left as it is, any other is refused. Returns
/// how many patches DIR holds for this run.
fn write_patches(dir: &PathBuf, changed: &[&Fixed]) -> Result<usize> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut n = 0;
    for f in changed {
        for fix in &f.outcome.applied {
            n += 1;
            let slug = super::patch_slug(&fix.title);
            let name = dir.join(format!("{n:04}-{}-{slug}.patch", fix.rule.code()));
            let body = format!(
                "{}{}",
                fix_header(fix),
                unified_diff(diff_path(&f.file), &fix.before, &fix.after)
            );
            let created = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&name);
            match created {
                Ok(mut file) => file
                    .write_all(body.as_bytes())
                    .with_context(|| format!("cannot write {}", name.display()))?,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    // Read as bytes, never followed past the size of the patch.
                    let same = std::fs::symlink_metadata(&name)
                        .is_ok_and(|m| m.is_file() && m.len() == body.len() as u64)
                        && std::fs::read(&name).is_ok_and(|old| old == body.as_bytes());
                    if !same {
                        anyhow::bail!(
                            "{}: exists with other content; refusing to overwrite it (remove it or choose another --patch-dir)",
                            name.display()
                        );
                    }
                }
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot create {}", name.display()));
                }
            }
        }
    }
    Ok(n)
}
