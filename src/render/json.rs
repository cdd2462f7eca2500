//! `--format json`: the shape in design/cli.md, version 1.

use std::io::{self, Write};

use serde::Serialize;

use super::{Located, Summary};
use crate::check::FileReport;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    summary: Summary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
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

pub(super) fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let mut diagnostics = Vec::new();
    for r in reports {
        for d in &r.diagnostics {
            let at = Located::of(r, d);
            diagnostics.push(JsonDiagnostic {
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
            });
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
