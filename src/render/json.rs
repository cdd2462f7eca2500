//! `--format json`: the shape in design/cli.md, version 1.

use std::io::{self, Write};

use serde::Serialize;

use super::{Located, Summary};
use crate::check::FileReport;
use crate::diagnostic::Diagnostic;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    summary: Summary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
pub(super) struct JsonDiagnostic<'a> {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    fixable: bool,
}

/// One diagnostic in the shape of design/cli.md (also one line of `json-lines`).
pub(super) fn diagnostic<'a>(r: &'a FileReport, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let at = Located::of(r, d);
    JsonDiagnostic {
        code: d.rule.code(),
        name: d.rule.name(),
        severity: d.severity.as_str(),
        path: &r.path,
        line: at.line,
        column: at.column,
        end_line: at.end_line,
        end_column: at.end_column,
        message: &d.message,
        fixable: d.fix.is_some(),
    }
}

pub(super) fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let mut diagnostics = Vec::new();
    for r in reports {
        for d in &r.diagnostics {
            diagnostics.push(diagnostic(r, d));
        }
    }
    let output = Output {
        version: 1,
        summary: Summary::of(reports),
        diagnostics,
    };
    serde_json::to_writer_pretty(&mut *out, &output)?;
    writeln!(out)
}
