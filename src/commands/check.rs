//! `speclint check`: the CI gate.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use speclint::check::{Checker, FileReport};
use speclint::diagnostic::Severity;
use speclint::model::{LintSettings, Model};
use speclint::parallel;
use speclint::render::{self, Format, HumanOptions, ReportOptions};
use speclint::rules::Rule;
use speclint::workspace::{self, SpecFile};

use super::{eprint_clean, file_size_limit, guard, load, selected_rules, spec_paths, use_color};
use crate::cli::{FailOnArg, FormatArg, ModelArg, OutputFormatArg, ReportArgs, RuleSelection};

pub fn run(
    paths: &[PathBuf],
    model: &ModelArg,
    format: FormatArg,
    sel: &RuleSelection,
    exit_zero: bool,
    report: &ReportArgs,
    max_file_size: Option<u64>,
) -> Result<ExitCode> {
    let loaded = load(model)?;
    let limit = file_size_limit(max_file_size, &loaded.model);
    let rules = configured_rules(sel, &loaded.model)?;
    let checker = Checker::new(&loaded.model, rules.clone());
    let given = spec_paths(paths, &loaded)?;
    let (files, walk_errors) = workspace::discover(&given, &loaded.dir);
    let files = discovered(files, &given, &checker.settings);
    let mut failed: Vec<String> = walk_errors.iter().map(ToString::to_string).collect();
    let results: Vec<Result<FileReport, String>> =
        parallel::map(&files, |f| check_file(&checker, f, limit));
    let mut reports = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(report) => reports.push(report),
            Err(message) => failed.push(message),
        }
    }
    super::checklist::prove(&checker, &loaded, &files, &mut reports);
    let format = match format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Github => Format::Github,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Junit => Format::Junit,
        FormatArg::JsonLines => Format::JsonLines,
    };
    let fail_on = match report.fail_on {
        Some(FailOnArg::Warning) => Severity::Warning,
        Some(FailOnArg::Error) | None => Severity::Error,
    };
    let mut opts = ReportOptions::new(HumanOptions { color: use_color() });
    opts.concise = report.output_format == OutputFormatArg::Concise;
    opts.statistics = report.statistics;
    opts.quiet = report.quiet;
    opts.rules = rules;
    opts.fail_on = fail_on;
    if let Some(file) = &report.output {
        write_file(file, format, &reports, &opts)?;
    }
    let shown = if report.output.is_some() {
        Format::Human
    } else {
        format
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    render::write_report_with(shown, &reports, &opts, &mut out)?;
    out.flush()?;
    for e in &failed {
        eprint_clean("error", e);
    }
    let failing = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity >= fail_on);
    // Every document, finding and the model are freed with the process: dropping
    // them one by one is serial work after the output is out (on a large run, more
    // than the output takes to write).
    std::mem::forget(reports);
    std::mem::forget(checker);
    std::mem::forget(loaded);
    Ok(if !failed.is_empty() {
        ExitCode::from(2)
    } else if failing && !exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The rules to run: the model's `lint.select`/`lint.ignore`, each replaced by
/// `--select`/`--ignore` when given.
pub fn configured_rules(sel: &RuleSelection, model: &Model) -> Result<Vec<Rule>> {
    // The model's lists were validated when it was loaded; only flags can be wrong here.
    let mut merged = sel.clone();
    if let Some(lint) = &model.lint {
        if merged.select.is_empty() {
            merged.select = lint.select.clone();
        }
        if merged.ignore.is_empty() {
            merged.ignore = lint.ignore.clone();
        }
    }
    selected_rules(&merged)
}

/// Files found by walking a folder pass `lint.include`/`lint.exclude`; files named
/// on the command line are always checked.
fn discovered(files: Vec<SpecFile>, given: &[PathBuf], settings: &LintSettings) -> Vec<SpecFile> {
    files
        .into_iter()
        .filter(|f| given.contains(&f.fs_path) || settings.discovers(&f.model_path))
        .collect()
}

/// `--output FILE`: the report in `format`, written whole or not at all.
fn write_file(
    file: &Path,
    format: Format,
    reports: &[FileReport],
    opts: &ReportOptions,
) -> Result<()> {
    let mut buf = Vec::new();
    let mut file_opts = opts.clone();
    file_opts.human = HumanOptions { color: false };
    render::write_report_with(format, reports, &file_opts, &mut buf)?;
    std::fs::write(file, buf).with_context(|| format!("cannot write {}", file.display()))
}

fn check_file(checker: &Checker, file: &SpecFile, limit: u64) -> Result<FileReport, String> {
    let bytes =
        workspace::read_limited(&file.fs_path, &file.display, limit).map_err(|e| e.to_string())?;
    let (text, not_utf8) = workspace::decode(bytes);
    if let Some(at) = not_utf8 {
        eprint_clean(
            "warning",
            &format!("{}: {at}; checked as decoded text", file.display),
        );
    }
    guard(&file.display, || {
        speclint::fault::panic_point(&file.display);
        checker.check(&file.display, &file.model_path, text)
    })
    .map_err(|e| e.to_string())
}
