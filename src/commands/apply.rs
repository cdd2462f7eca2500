//! `speclint apply CHANGE.md`: a change request applied as written. One unified
//! diff by default; `--write` through the fix engine's guarded writes,
//! `--patch-dir` one patch per change, `--check` for CI, `--format json`.
//!
//! Paths in the change request are relative to the repository: the model's folder,
//! or the current folder when there is no model. Each change applies on top of
//! the ones before it; a file with a conflicting change is not written unless
//! `--partial`. Where a model exists, each changed file is checked before it is
//! written, and the findings the change request introduces are reported.

use std::collections::HashMap;
use std::io::{IsTerminal as _, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use indexmap::IndexMap;
use serde::Serialize;
use speclint::change::{self, ChangeResult, Status};
use speclint::check::Checker;
use speclint::fix::diff::unified_diff;
use speclint::fix::write::{confined, write_confined};
use speclint::model::{Model, find_model};
use speclint::render::sanitize::for_terminal;
use speclint::rules::Rule;
use speclint::workspace;

use super::{eprint_clean, load_at};
use crate::cli::{ListFormat, ModelArg};

pub struct Mode {
    pub write: bool,
    pub check: bool,
    pub partial: bool,
    pub patch_dir: Option<PathBuf>,
    pub target: Option<String>,
    pub format: ListFormat,
}

/// One target file through the run.
struct Target {
    fs_path: PathBuf,
    bytes: Vec<u8>,
    original: String,
    current: String,
    conflicts: usize,
}

/// One applied change's patch: the file's text before and after it.
struct Step {
    number: u32,
    title: String,
    file: String,
    before: String,
    after: String,
}

#[derive(Serialize)]
struct Finding {
    code: &'static str,
    line: usize,
    column: usize,
    message: String,
}

#[derive(Serialize)]
struct FileReport {
    path: String,
    changed: bool,
    written: bool,
    /// Why a changed file was not written.
    #[serde(skip_serializing_if = "Option::is_none")]
    held_back: Option<String>,
    /// Findings in the result that the file did not have before.
    introduced: Vec<Finding>,
    diff: String,
}

#[derive(Serialize)]
struct Report<'a> {
    request: String,
    repaired_mojibake: usize,
    changes: &'a [ChangeResult],
    files: Vec<FileReport>,
}

pub fn run(request: &Path, model: &ModelArg, mode: Mode) -> Result<ExitCode> {
    let (loaded_model, root) = repository(model)?;
    let bytes = workspace::read_limited(
        request,
        &request.display().to_string(),
        workspace::DEFAULT_MAX_FILE_SIZE,
    )?;
    let req = change::read_request(&bytes);
    if req.changes.is_empty() {
        bail!(
            "{}: no changes found (a change starts with a heading like `### Change 1: Title`)",
            request.display()
        );
    }
    // Every target is checked before anything is read or written.
    let mut files = Vec::with_capacity(req.changes.len());
    let mut last: Option<String> = mode.target.clone();
    for c in &req.changes {
        let named = c.file.clone().or_else(|| last.clone());
        let Some(named) = named else {
            return Err(change::ChangeError::NoFile { number: c.number }.into());
        };
        let path = change::target_path(c.number, &named)?;
        last = Some(named);
        files.push(path);
    }

    let mut targets: IndexMap<String, Target> = IndexMap::new();
    let mut results = Vec::with_capacity(req.changes.len());
    let mut steps: Vec<Step> = Vec::new();
    for (c, file) in req.changes.iter().zip(&files) {
        if !targets.contains_key(file) {
            targets.insert(file.clone(), read_target(&root, file)?);
        }
        let t = &mut targets[file];
        let (result, text) = change::apply_change(c, file, &t.current);
        if let Some(text) = text {
            steps.push(Step {
                number: c.number,
                title: c.title.clone(),
                file: file.clone(),
                before: std::mem::replace(&mut t.current, text.clone()),
                after: text,
            });
        }
        if result.status == Status::Conflict {
            t.conflicts += 1;
        }
        results.push(result);
    }

    let checker = loaded_model
        .as_ref()
        .map(|m| Checker::new(m, Rule::ALL.to_vec()));
    let mut failures = Vec::new();
    let mut reports = Vec::new();
    for (path, t) in &targets {
        let changed = t.current != t.original;
        let held_back = (changed && t.conflicts > 0 && !mode.partial).then(|| {
            format!(
                "{} conflicting change(s); nothing written to this file without --partial",
                t.conflicts
            )
        });
        let introduced = match (&checker, changed) {
            (Some(checker), true) => introduced(checker, path, &t.original, &t.current),
            _ => Vec::new(),
        };
        let mut written = false;
        if mode.write && changed && held_back.is_none() {
            match write_confined(&t.fs_path, &root, &t.bytes, &t.current) {
                Ok(()) => written = true,
                Err(e) => failures.push(e.to_string()),
            }
        }
        reports.push(FileReport {
            path: path.clone(),
            changed,
            written,
            held_back,
            introduced,
            diff: unified_diff(path, &t.original, &t.current),
        });
    }
    if let Some(dir) = &mode.patch_dir {
        let kept: Vec<&Step> = steps
            .iter()
            .filter(|s| mode.partial || targets[&s.file].conflicts == 0)
            .collect();
        write_patches(dir, &kept)?;
    }

    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match mode.format {
        ListFormat::Json => {
            let report = Report {
                request: request.display().to_string(),
                repaired_mojibake: req.repaired,
                changes: &results,
                files: reports,
            };
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        ListFormat::Human => human(&mut out, &results, &reports, mode.write)?,
    }
    out.flush()?;
    for e in &failures {
        eprint_clean("error", e);
    }
    let conflicts = results.iter().any(|r| r.status == Status::Conflict);
    let pending = results
        .iter()
        .any(|r| matches!(r.status, Status::Applied | Status::StaleLocation));
    Ok(if !failures.is_empty() {
        ExitCode::from(2)
    } else if conflicts || (mode.check && pending) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The model (if any) and the folder the change request's paths are relative to.
fn repository(arg: &ModelArg) -> Result<(Option<Model>, PathBuf)> {
    let path = match &arg.model {
        Some(p) => Some(p.clone()),
        None => {
            find_model(&std::env::current_dir().context("cannot read the current folder")?).ok()
        }
    };
    match path {
        Some(p) => {
            let loaded = load_at(&p)?;
            Ok((Some(loaded.model), loaded.dir))
        }
        None => Ok((None, PathBuf::from("."))),
    }
}

fn read_target(root: &Path, file: &str) -> Result<Target> {
    let joined = root.join(file);
    // A link inside the repository that points out of it is refused like `..`.
    let fs_path = confined(&joined, root).map_err(|e| anyhow::anyhow!("{e}"))?;
    let bytes = workspace::read_limited(&fs_path, file, workspace::DEFAULT_MAX_FILE_SIZE)?;
    let original = match String::from_utf8(bytes.clone()) {
        Ok(text) => text,
        Err(e) => {
            let at = workspace::NotUtf8::at(&bytes, e.utf8_error().valid_up_to());
            bail!("{file}: {at}; not changed");
        }
    };
    Ok(Target {
        fs_path,
        bytes,
        current: original.clone(),
        original,
        conflicts: 0,
    })
}

/// Findings of `after` that `before` did not have (same rule and message; a
/// finding that only moved is not new).
fn introduced(checker: &Checker, path: &str, before: &str, after: &str) -> Vec<Finding> {
    let old = checker.check(path, path, before.to_string());
    let mut seen: HashMap<(&'static str, &str), usize> = HashMap::new();
    for d in &old.diagnostics {
        *seen.entry((d.rule.code(), d.message.as_str())).or_default() += 1;
    }
    let new = checker.check(path, path, after.to_string());
    let mut out = Vec::new();
    for d in &new.diagnostics {
        if let Some(n) = seen.get_mut(&(d.rule.code(), d.message.as_str()))
            && *n > 0
        {
            *n -= 1;
            continue;
        }
        let at = new.doc.line_col(d.span.start);
        out.push(Finding {
            code: d.rule.code(),
            line: at.line,
            column: at.column,
            message: d.message.clone(),
        });
    }
    out
}

fn human(
    out: &mut dyn Write,
    results: &[ChangeResult],
    files: &[FileReport],
    write: bool,
) -> Result<()> {
    // The diff goes to standard output byte for byte (for `git apply`) unless it
    // is a terminal; what happened to each change goes to standard error.
    let terminal = std::io::stdout().is_terminal();
    let mut err = std::io::stderr().lock();
    for r in results {
        let status = match r.status {
            Status::Applied => "applied",
            Status::AlreadyApplied => "already applied",
            Status::StaleLocation => "applied (stale location)",
            Status::Conflict => "CONFLICT",
        };
        writeln!(
            err,
            "Change {} ({}): {status}: {}",
            r.number,
            for_terminal(&r.title),
            for_terminal(&r.message)
        )?;
        if let Some(c) = &r.candidate {
            for line in c.diff.lines() {
                writeln!(err, "    {}", for_terminal(line))?;
            }
        }
    }
    for f in files {
        if let Some(why) = &f.held_back {
            writeln!(err, "{}: {why}", for_terminal(&f.path))?;
        }
        for x in &f.introduced {
            writeln!(
                err,
                "{}:{}:{}: {} introduced by the change request: {}",
                for_terminal(&f.path),
                x.line,
                x.column,
                x.code,
                for_terminal(&x.message)
            )?;
        }
    }
    if write {
        let n = files.iter().filter(|f| f.written).count();
        // Only the changes in files that were written.
        let applied = results
            .iter()
            .filter(|r| matches!(r.status, Status::Applied | Status::StaleLocation))
            .filter(|r| files.iter().any(|f| f.path == r.file && f.written))
            .count();
        writeln!(out, "Applied {applied} changes to {n} files.")?;
        return Ok(());
    }
    let mut any = false;
    for f in files.iter().filter(|f| f.changed) {
        any = true;
        if terminal {
            out.write_all(for_terminal(&f.diff).as_bytes())?;
        } else {
            out.write_all(f.diff.as_bytes())?;
        }
    }
    if !any {
        writeln!(out, "No changes to apply.")?;
    }
    Ok(())
}

/// One patch per applied change, numbered in order; each applies on top of the
/// ones before it. Files already in DIR are never overwritten.
fn write_patches(dir: &Path, steps: &[&Step]) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (i, s) in steps.iter().enumerate() {
        let slug = super::patch_slug(&s.title);
        let name = dir.join(format!("{:04}-change-{}-{slug}.patch", i + 1, s.number));
        let title: String = s.title.chars().filter(|c| !c.is_control()).collect();
        let body = format!(
            "# Change {}: {title}\n{}",
            s.number,
            unified_diff(&s.file, &s.before, &s.after)
        );
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&name)
            .with_context(|| {
                format!(
                    "{}: refusing to overwrite a file speclint did not create",
                    name.display()
                )
            })?;
        file.write_all(body.as_bytes())?;
    }
    Ok(())
}
