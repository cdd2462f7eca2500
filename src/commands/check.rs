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

use super::{eprint_clean, file_size_limit, guard, load, selected_rules, spec_paths, use_color};
use crate::cli::{FormatArg, ModelArg, RuleSelection};

pub fn run(
    paths: &[PathBuf],
    model: &ModelArg,
    format: FormatArg,
    sel: &RuleSelection,
    exit_zero: bool,
    max_file_size: Option<u64>,
) -> Result<ExitCode> {
    let limit = file_size_limit(max_file_size);
    let loaded = load(model)?;
    let rules = selected_rules(sel)?;
    let checker = Checker::new(&loaded.model, rules);
    let (files, walk_errors) = workspace::discover(&spec_paths(paths, &loaded)?, &loaded.dir);
    let mut failed: Vec<String> = walk_errors.iter().map(ToString::to_string).collect();
    let results: Vec<Result<FileReport, String>> = files
        .par_iter()
        .map(|f| check_file(&checker, f, limit))
        .collect();
    let mut reports = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(report) => reports.push(report),
            Err(message) => failed.push(message),
        }
    }
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
        eprint_clean("error", e);
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
