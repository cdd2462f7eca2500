//! `--format sarif`: SARIF 2.1.0, the format GitHub code scanning, Azure DevOps and
//! most IDE result viewers read.
//!
//! One run; the tool driver lists every rule (so a viewer can explain a code that
//! did not fire), results point at 1-based regions, and fixes become SARIF `fixes`
//! whose replacements are the fix's byte-range edits turned into regions. Columns
//! count characters, which SARIF calls `unicodeCodePoints`; the run says so.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::check::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::Rule;

/// Where the SARIF 2.1.0 schema is published (the `$schema` of every report).
pub const SARIF_SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub(super) fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &report(reports))?;
    writeln!(out)
}

/// The whole SARIF log as a JSON value.
pub fn report(reports: &[FileReport]) -> Value {
    let rules: Vec<Value> = Rule::ALL.iter().map(|r| rule(*r)).collect();
    let mut results = Vec::new();
    for r in reports {
        for d in &r.diagnostics {
            results.push(result(r, d));
        }
    }
    let artifacts: Vec<Value> = reports
        .iter()
        .map(|r| json!({ "location": { "uri": uri(&r.path) } }))
        .collect();
    json!({
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "speclint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            } },
            // Our columns count Unicode scalar values, not UTF-16 code units.
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": results,
        }],
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule(r: Rule) -> Value {
    let doc = r.doc();
    let mut help = format!(
        "{}\n\nWhy: {}\n\nWrong:\n{}\n\nRight:\n{}",
        doc.what, doc.why, doc.wrong, doc.right
    );
    if let Some(fix) = doc.fix {
        help.push_str("\n\nFix: ");
        help.push_str(fix);
    }
    help.push_str(&format!("\n\nMore: speclint explain {}", r.code()));
    json!({
        "id": r.code(),
        "name": r.name(),
        "shortDescription": { "text": first_sentence(doc.what) },
        "fullDescription": { "text": doc.what },
        "help": { "text": help },
        "defaultConfiguration": { "level": level(r.severity()) },
        "properties": { "fixable": format!("{:?}", r.fix_availability()).to_lowercase() },
    })
}

fn result(r: &FileReport, d: &Diagnostic) -> Value {
    let rule_index = Rule::ALL.iter().position(|x| *x == d.rule).unwrap_or(0);
    let mut result = json!({
        "ruleId": d.rule.code(),
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": d.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&r.path) },
                "region": region(r, d.span.start, d.span.end),
            }
        }],
    });
    if let Some(fix) = &d.fix {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                json!({
                    "deletedRegion": region(r, e.span.start, e.span.end),
                    "insertedContent": { "text": e.replacement },
                })
            })
            .collect();
        result["fixes"] = json!([{
            "description": { "text": fix.title },
            "artifactChanges": [{
                "artifactLocation": { "uri": uri(&r.path) },
                "replacements": replacements,
            }],
        }]);
    }
    result
}

/// A region from byte offsets: 1-based lines and character columns, the end
/// exclusive (an insertion has equal start and end).
fn region(r: &FileReport, start: usize, end: usize) -> Value {
    let s = r.doc.line_col(start);
    let e = r.doc.line_col(end.max(start));
    json!({
        "startLine": s.line,
        "startColumn": s.column,
        "endLine": e.line,
        "endColumn": e.column,
    })
}

/// A relative URI reference for a path: `/`-separated, with characters that URIs
/// reserve percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn first_sentence(text: &str) -> &str {
    match text.find(". ") {
        Some(i) => &text[..=i],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("specs/a b#1.md"), "specs/a%20b%231.md");
        assert_eq!(uri("spécs\\x.md"), "sp%C3%A9cs/x.md");
    }

    #[test]
    fn short_descriptions_are_the_first_sentence() {
        assert_eq!(first_sentence("One. Two."), "One.");
        assert_eq!(first_sentence("Only one"), "Only one");
    }
}
