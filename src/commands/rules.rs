//! `speclint rules` and `speclint explain`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};
use serde::Serialize;
use speclint::rules::{FixAvailability, Rule};

use crate::cli::ListFormat;

#[derive(Serialize)]
struct RuleInfo {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    fixable: FixAvailability,
    summary: &'static str,
}

pub fn list(format: ListFormat) -> Result<ExitCode> {
    let infos: Vec<RuleInfo> = Rule::ALL
        .iter()
        .map(|r| RuleInfo {
            code: r.code(),
            name: r.name(),
            severity: r.severity().as_str(),
            fixable: r.fix_availability(),
            summary: r.summary(),
        })
        .collect();
    let mut out = std::io::stdout().lock();
    match format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &infos)?;
            writeln!(out)?;
        }
        ListFormat::Human => {
            for i in &infos {
                let fix = match i.fixable {
                    FixAvailability::Always => "fix",
                    FixAvailability::Sometimes => "fix?",
                    FixAvailability::None => "",
                };
                writeln!(
                    out,
                    "{} {:<30} {:<8} {:<5} {}",
                    i.code, i.name, i.severity, fix, i.summary
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn explain(code: &str) -> Result<ExitCode> {
    let Some(rule) = Rule::from_code(code) else {
        bail!("unknown rule `{code}` (see `speclint rules`)");
    };
    let doc = rule.doc();
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} ({}) — {}, {}",
        rule.code(),
        rule.name(),
        rule.severity().as_str(),
        match rule.fix_availability() {
            FixAvailability::Always => "fixable",
            FixAvailability::Sometimes => "sometimes fixable",
            FixAvailability::None => "no fix",
        }
    )?;
    writeln!(
        out,
        "\n## What it does\n{}\n\n## Why is this bad?\n{}\n",
        doc.what, doc.why
    )?;
    writeln!(
        out,
        "## Example\n```\n{}\n```\n\n## Use instead\n```\n{}\n```",
        doc.wrong.trim_end(),
        doc.right.trim_end()
    )?;
    if let Some(fix) = doc.fix {
        writeln!(out, "\n## Fix\n{fix}")?;
    }
    Ok(ExitCode::SUCCESS)
}
