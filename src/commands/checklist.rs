//! `speclint checklist [PATH] [--update]`: each checklist item with the rules that
//! prove it and their status; `--update` ticks the items that pass and unticks the
//! rest. Also the second pass of `check`: proving checklists needs every model
//! document's findings (see `speclint::checklist`).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use speclint::check::{Checker, FileReport};
use speclint::checklist::{self, Findings, Status};
use speclint::fix::write::write_confined;
use speclint::model::{DocumentEntry, normalize_rel};
use speclint::rules::Rule;
use speclint::workspace::{self, SpecFile};

use super::{LoadedModel, guard, load, spec_paths};
use crate::cli::{ListFormat, ModelArg};

/// Every document the model lists that is not among `reports`, checked (without
/// the checklist rules) so that checklists can be proven against it.
fn model_documents(
    checker: &Checker,
    loaded: &LoadedModel,
    have: &[&str],
) -> Vec<Result<(String, FileReport), String>> {
    let missing: Vec<_> = loaded
        .model
        .documents
        .iter()
        .filter(|d| !have.contains(&normalize_rel(&d.path).as_str()))
        .collect();
    let check = |d: &&DocumentEntry| {
        let fs_path = loaded.dir.join(&d.path);
        let (text, _) = workspace::read_text(&fs_path).map_err(|_| d.path.clone())?;
        let report =
            guard(&d.path, || checker.check(&d.path, &d.path, text)).map_err(|_| d.path.clone())?;
        Ok((d.path.clone(), report))
    };
    // Usually none are missing.
    speclint::parallel::map(&missing, check)
}

/// The findings of every checked document and of every other document the model
/// lists.
pub fn findings(
    checker: &Checker,
    loaded: &LoadedModel,
    reports: &[(&SpecFile, &FileReport)],
) -> Findings {
    let mut table = Findings::default();
    for (file, report) in reports {
        table.add(
            &file.model_path,
            &report.path,
            &report.doc,
            &report.diagnostics,
        );
    }
    let have: Vec<String> = reports
        .iter()
        .map(|(f, _)| normalize_rel(&f.model_path))
        .collect();
    let have: Vec<&str> = have.iter().map(String::as_str).collect();
    for r in model_documents(checker, loaded, &have) {
        match r {
            Ok((path, report)) => table.add(&path, &report.path, &report.doc, &report.diagnostics),
            Err(path) => table.add_missing(&path),
        }
    }
    table
}

/// The second pass of `check`: replaces each report's checklist findings (proven by
/// its own document alone) with ones proven by every document's findings.
pub fn prove(
    checker: &Checker,
    loaded: &LoadedModel,
    files: &[SpecFile],
    reports: &mut [FileReport],
) {
    let has_k = checker.rules.iter().any(|r| r.family() == 'K');
    if loaded.model.checklist.is_empty()
        || !has_k
        || !reports.iter().any(|r| !r.doc.tasks.is_empty())
    {
        return;
    }
    // By display path: thousands of files must not mean millions of comparisons.
    let by_display: HashMap<&str, &SpecFile> =
        files.iter().map(|f| (f.display.as_str(), f)).collect();
    let table = {
        let pairs: Vec<(&SpecFile, &FileReport)> = reports
            .iter()
            .filter_map(|r| by_display.get(r.path.as_str()).map(|f| (*f, r)))
            .collect();
        findings(checker, loaded, &pairs)
    };
    for report in reports.iter_mut().filter(|r| !r.doc.tasks.is_empty()) {
        let Some(file) = by_display.get(report.path.as_str()) else {
            continue;
        };
        report.diagnostics.retain(|d| d.rule.family() != 'K');
        let proven = checker.check_checklist(&report.path, &file.model_path, &report.doc, &table);
        report.diagnostics.extend(proven);
        report
            .diagnostics
            .sort_by(|a, b| a.span.start.cmp(&b.span.start).then(a.rule.cmp(&b.rule)));
    }
}

pub fn run(
    path: Option<&Path>,
    model: &ModelArg,
    format: ListFormat,
    update: bool,
) -> Result<ExitCode> {
    let loaded = load(model)?;
    let checker = Checker::new(&loaded.model, Rule::ALL.to_vec());
    let paths: Vec<PathBuf> = path.map(Path::to_path_buf).into_iter().collect();
    let (files, errors) = workspace::discover(&spec_paths(&paths, &loaded)?, &loaded.dir);
    if let Some(e) = errors.first() {
        bail!("{e}");
    }
    let mut read: Vec<(SpecFile, Vec<u8>, FileReport)> = Vec::new();
    for file in files {
        let bytes =
            std::fs::read(&file.fs_path).map_err(|e| anyhow::anyhow!("{}: {e}", file.display))?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let report = guard(&file.display, || {
            checker.check(&file.display, &file.model_path, text)
        })?;
        read.push((file, bytes, report));
    }
    let pairs: Vec<(&SpecFile, &FileReport)> = read.iter().map(|(f, _, r)| (f, r)).collect();
    let table = findings(&checker, &loaded, &pairs);

    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut json = Vec::new();
    let mut failing = 0;
    let mut written = 0;
    let mut lists = 0;
    for (file, bytes, report) in &read {
        let items = checklist::items(&report.doc, &loaded.model);
        if items.is_empty() {
            continue;
        }
        lists += 1;
        let mut shown = Vec::new();
        for item in &items {
            let task = &report.doc.tasks[item.task];
            let entry = item.entry.and_then(|e| loaded.model.checklist.get(e));
            let status = checklist::status(&loaded.model, item, &file.model_path, &table);
            if matches!(status, Status::Fail(_)) {
                failing += 1;
            }
            shown.push((task, entry, status));
        }
        match format {
            ListFormat::Human => {
                writeln!(out, "{}", report.path)?;
                for (task, entry, status) in &shown {
                    let rules = entry.map_or(String::new(), |e| e.rules.join(", "));
                    let (word, reasons) = match status {
                        Status::Pass => ("pass", Vec::new()),
                        Status::Unproven => ("unproven", Vec::new()),
                        Status::Fail(f) => ("FAIL", f.clone()),
                    };
                    // With --update, the mark the file has once it is written.
                    let checked = if update {
                        matches!(status, Status::Pass)
                    } else {
                        task.checked
                    };
                    let mark = if checked { "[x]" } else { "[ ]" };
                    let line = report.doc.line_col(task.span.start).line;
                    let rules = if rules.is_empty() {
                        "no rule".to_string()
                    } else {
                        rules
                    };
                    writeln!(
                        out,
                        "  {word:<8} {mark} {} ({rules}; line {line})",
                        task.text
                    )?;
                    for (path, f) in reasons {
                        writeln!(
                            out,
                            "             {} {path}:{}: {}",
                            f.rule.code(),
                            f.line,
                            f.message
                        )?;
                    }
                }
            }
            ListFormat::Json => {
                for (task, entry, status) in &shown {
                    let (word, failures) = match status {
                        Status::Pass => ("pass", Vec::new()),
                        Status::Unproven => ("unproven", Vec::new()),
                        Status::Fail(f) => ("fail", f.clone()),
                    };
                    json.push(serde_json::json!({
                        "path": report.path,
                        "line": report.doc.line_col(task.span.start).line,
                        "text": task.text,
                        "checked": if update { matches!(status, Status::Pass) } else { task.checked },
                        "rules": entry.map(|e| e.rules.clone()).unwrap_or_default(),
                        "status": word,
                        "failures": failures.iter().map(|(path, f)| serde_json::json!({
                            "code": f.rule.code(), "path": path, "line": f.line, "message": f.message,
                        })).collect::<Vec<_>>(),
                    }));
                }
            }
        }
        if update {
            // Files that are not UTF-8 are never rewritten (as with `fix --write`).
            if std::str::from_utf8(bytes).is_err() {
                bail!("{}: not UTF-8; not updated", file.display);
            }
            if let Some(new) =
                checklist::update(&report.doc, &loaded.model, &file.model_path, &table)
            {
                write_confined(&file.fs_path, &loaded.dir, bytes, &new)?;
                written += 1;
            }
        }
    }
    match format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &serde_json::json!({ "version": 1, "items": json }),
            )?;
            writeln!(out)?;
        }
        ListFormat::Human if lists == 0 => writeln!(
            out,
            "No checklist found: no task item matches an entry of the model's `checklist`."
        )?,
        ListFormat::Human if update => writeln!(
            out,
            "Updated {}.",
            super::fix::plural(written, "file", "files")
        )?,
        ListFormat::Human => {}
    }
    out.flush()?;
    // Ticking what passes does not make the rest pass: a failing item fails the run
    // with or without --update, as in `check`.
    Ok(if failing > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
