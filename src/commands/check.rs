//! `speclint check`: the CI gate.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use rayon::prelude::*;
use speclint::check::{Checker, FileReport};
use speclint::diagnostic::Severity;
use speclint::render::{self, Format, HumanOptions};
use speclint::workspace::{self, SpecFile};

use super::{guard, load, selected_rules, spec_paths, use_color};
use crate::cli::{FormatArg, ModelArg, RuleSelection};

pub fn run(
    paths: &[PathBuf],
    model: &ModelArg,
    format: FormatArg,
    sel: &RuleSelection,
    exit_zero: bool,
) -> Result<ExitCode> {
    let loaded = load(model)?;
    let rules = selected_rules(sel)?;
    let checker = Checker::new(&loaded.model, rules);
    let (files, walk_errors) = workspace::discover(&spec_paths(paths, &loaded)?, &loaded.dir);
    let mut failed: Vec<String> = walk_errors.iter().map(ToString::to_string).collect();
    let results: Vec<Result<FileReport, String>> =
        files.par_iter().map(|f| check_file(&checker, f)).collect();
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
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    render::write_report(
        format,
        &reports,
        HumanOptions { color: use_color() },
        &mut out,
    )?;
    out.flush()?;
    for e in &failed {
        eprintln!("speclint: error: {e}");
    }
    let errors = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity == Severity::Error);
    Ok(if !failed.is_empty() {
        ExitCode::from(2)
    } else if errors && !exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn check_file(checker: &Checker, file: &SpecFile) -> Result<FileReport, String> {
    let (text, _invalid_at) =
        workspace::read_text(&file.fs_path).map_err(|e| format!("{}: {e}", file.display))?;
    guard(&file.display, || {
        checker.check(&file.display, &file.model_path, text)
    })
    .map_err(|e| e.to_string())
}
