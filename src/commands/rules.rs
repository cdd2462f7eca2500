//! `speclint rules` and `speclint explain`.

use std::io::{IsTerminal as _, Write};
use std::process::ExitCode;

use anyhow::{Result, bail};
use serde::Serialize;
use speclint::rules::{FixAvailability, FixSafety, Rule};
use unicode_width::UnicodeWidthStr;

use crate::cli::ListFormat;

#[derive(Serialize)]
struct RuleInfo {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    fixable: FixAvailability,
    /// Whether its fixes are applied by `fix` (safe) or need `--unsafe-fixes`.
    fix_safety: Option<FixSafety>,
    /// What the fix does, when it is offered, and why it is safe or not.
    fix: Option<&'static str>,
    summary: &'static str,
}

/// "safe fix", "unsafe fix, in some cases": the FIX column of `rules`.
fn fix_label(availability: FixAvailability, safety: Option<FixSafety>) -> String {
    let kind = match safety {
        _ if availability == FixAvailability::None => return "no fix".to_string(),
        Some(FixSafety::Unsafe) => "unsafe fix",
        Some(FixSafety::SafeOrUnsafe) => "safe or unsafe fix",
        Some(FixSafety::Safe) | None => "safe fix",
    };
    match availability {
        FixAvailability::Sometimes => format!("{kind}, in some cases"),
        _ => kind.to_string(),
    }
}

/// How wide to wrap: the terminal's width, else `COLUMNS`, else 100.
fn width() -> usize {
    let terminal = std::io::stdout()
        .is_terminal()
        .then(terminal_size::terminal_size)
        .flatten()
        .map(|(w, _)| usize::from(w.0));
    let columns = || {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse().ok())
    };
    terminal.or_else(columns).unwrap_or(100).clamp(40, 200)
}

/// `text` in lines of at most `width` columns (a longer word stands alone).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.width() + 1 + word.width() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

pub fn list(format: ListFormat) -> Result<ExitCode> {
    let infos: Vec<RuleInfo> = Rule::ALL
        .iter()
        .map(|r| RuleInfo {
            code: r.code(),
            name: r.name(),
            severity: r.severity().as_str(),
            fixable: r.fix_availability(),
            fix_safety: r.doc().fix_safety(),
            fix: r.doc().fix,
            summary: r.summary(),
        })
        .collect();
    let mut out = std::io::stdout().lock();
    match format {
        ListFormat::Json => {
            let text = serde_json::to_string_pretty(&infos)?;
            writeln!(out, "{text}")?;
        }
        ListFormat::Human => {
            const INDENT: &str = "      ";
            let width = width().saturating_sub(INDENT.len());
            writeln!(out, "CODE  {:<30} {:<8} FIX", "NAME", "SEVERITY")?;
            for i in &infos {
                writeln!(
                    out,
                    "{:<5} {:<30} {:<8} {}",
                    i.code,
                    i.name,
                    i.severity,
                    fix_label(i.fixable, i.fix_safety)
                )?;
                for line in wrap(i.summary, width) {
                    writeln!(out, "{INDENT}{line}")?;
                }
            }
            writeln!(
                out,
                "\nA safe fix is applied by `speclint fix`; an unsafe one only with --unsafe-fixes.\n`speclint explain CODE` says what a rule's fix does and when it is offered."
            )?;
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
        fix_label(rule.fix_availability(), doc.fix_safety())
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
