//! Python blocks as spec authors write them (`fixtures/python-excerpts/`): REPL
//! transcripts, list-item indentation, elisions, excerpts, placeholders and blocks
//! that are not Python are read as meant, and only what is still wrong is C008.
//! Each fixture's diagnostics and fix diff are snapshotted.

mod common;
use common::findings_and_fixes;

use std::path::{Path, PathBuf};

use speclint::check::{Checker, FileReport};
use speclint::diagnostic::Severity;
use speclint::fix::{FixOptions, fix_document};
use speclint::model::{Model, load_model};
use speclint::rules::Rule;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/python-excerpts")
}

/// The rule fixtures' model: the backend verifies the JWT with HS256.
fn model() -> Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules/speclint.yaml");
    load_model(&path).expect("the fixture model is valid")
}

fn check(checker: &Checker, name: &str) -> FileReport {
    let text = std::fs::read_to_string(fixtures().join(name)).unwrap();
    checker.check(name, name, text)
}

fn codes(report: &FileReport) -> Vec<(&'static str, Severity, usize)> {
    report
        .diagnostics
        .iter()
        .map(|d| (d.rule.code(), d.severity, d.span.start))
        .collect()
}

#[test]
fn idioms_are_not_syntax_errors() {
    let model = model();
    let checker = Checker::new(&model, Rule::ALL.to_vec());
    for name in [
        "repl-transcript.md",
        "list-item-indent.md",
        "elisions.md",
        "excerpts.md",
        "not-python.md",
        "placeholders.md",
        "elided-verification.md",
    ] {
        let report = check(&checker, name);
        let c008: Vec<_> = codes(&report)
            .into_iter()
            .filter(|(c, ..)| *c == "C008")
            .collect();
        assert!(c008.is_empty(), "{name}: {c008:?}");
    }
}

#[test]
fn what_is_still_wrong_is_reported_where_it_is_and_as_what_it_is() {
    let model = model();
    let checker = Checker::new(&model, vec![Rule::PythonSyntax]);
    let text = std::fs::read_to_string(fixtures().join("still-wrong.md")).unwrap();
    let report = check(&checker, "still-wrong.md");
    let found: Vec<(Severity, &str)> = report
        .diagnostics
        .iter()
        .map(|d| (d.severity, &text[d.span.start..]))
        .map(|(s, at)| (s, at.lines().next().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            // Captioned as a file: an error, at the parameter.
            (Severity::Error, "count: int) -> dict:"),
            // An idea in a list item: a warning, in the original text.
            (Severity::Warning, ", 3)"),
        ]
    );
}

/// A model's severity for C008 still applies to every finding of it.
#[test]
fn a_severity_override_applies_to_both() {
    let yaml = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules/speclint.yaml"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("speclint.yaml");
    std::fs::write(
        &path,
        format!("{yaml}\nlint:\n  severity: {{ C008: info }}\n"),
    )
    .unwrap();
    let model = load_model(&path).expect("valid");
    let checker = Checker::new(&model, vec![Rule::PythonSyntax]);
    let report = check(&checker, "still-wrong.md");
    let severities: Vec<Severity> = report.diagnostics.iter().map(|d| d.severity).collect();
    assert_eq!(severities, [Severity::Info, Severity::Info]);
}

#[test]
fn code_rules_read_the_repaired_excerpt() {
    let model = model();
    let checker = Checker::new(&model, Rule::ALL.to_vec());
    let text = std::fs::read_to_string(fixtures().join("elided-verification.md")).unwrap();
    let report = check(&checker, "elided-verification.md");
    let c002: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::UnpinnedAlgorithms)
        .map(|d| &text[d.span.range()])
        .collect();
    assert_eq!(c002, ["jwt.decode(token, key)", "\"none\""]);
    // The fixes land in the list item's text, where the calls are.
    let opts = FixOptions {
        unsafe_fixes: true,
        only: Some(vec![Rule::UnpinnedAlgorithms]),
    };
    let fixed = fix_document(&checker, "e.md", "e.md", &text, &opts)
        .unwrap()
        .fixed;
    assert!(fixed.contains("   payload = jwt.decode(token, key, algorithms=[\"HS256\"])\n"));
    assert!(fixed.contains("jwt.decode(token, key, algorithms=[\"HS256\"])\n   ```"));
}

#[test]
fn snapshots() {
    let model = model();
    let checker = Checker::new(&model, Rule::ALL.to_vec());
    insta::glob!("../fixtures/python-excerpts", "*.md", |path| {
        let name = path.file_name().unwrap().to_str().unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        insta::assert_snapshot!(findings_and_fixes(&checker, name, &text));
    });
}
