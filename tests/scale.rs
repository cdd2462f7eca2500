//! The whole check (parse, extract, every rule, fixes, human output) on inputs that
//! would expose a quadratic path: a line of a million characters, a diagram of 20,000
//! rows, 10,000 tables, 10,000 headings, a model listing 5,000 documents.
//!
//! These are not timings: each must simply finish, and a quadratic path would not
//! (10^12 steps). The readers' own scale tests live beside them (tests/diagrams.rs,
//! tests/sql.rs); `cargo bench` and `bench/compare.sh` measure speed.

mod common;
use common::human;

use std::path::Path;

use speclint::check::{Checker, FileReport};
use speclint::model::{DocumentEntry, Model, load_model};
use speclint::rules::Rule;

const SPEC: &str = "specs/004-auth-integration/spec.md";

fn before() -> (Model, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/auth-before");
    let model = load_model(&root.join("speclint.yaml")).expect("the fixture model");
    let text = std::fs::read_to_string(root.join(SPEC)).expect("spec 004");
    (model, text)
}

/// Checks `text` as spec 004 (so every rule, the model's sections and fixes apply)
/// and renders the findings as people see them.
fn check(model: &Model, text: String) -> (FileReport, String) {
    let checker = Checker::new(model, Rule::ALL.to_vec());
    let report = checker.check(SPEC, SPEC, text);
    let shown = human(std::slice::from_ref(&report));
    (report, shown)
}

fn codes(report: &FileReport) -> Vec<&'static str> {
    let mut codes: Vec<&str> = report.diagnostics.iter().map(|d| d.rule.code()).collect();
    codes.dedup();
    codes
}

#[test]
fn a_million_character_line_in_prose_and_in_a_diagram_block() {
    let (model, spec) = before();
    let long = "Create the JWT on the backend. ".repeat(33_334);
    let arrows = "│──→".repeat(250_000);
    let text = format!("{spec}\n{long}\n\n```\n{arrows}\n```\n");
    let (report, human) = check(&model, text);
    // The spec's own findings are still there, and the output names them.
    assert!(codes(&report).contains(&"D001"), "{:?}", codes(&report));
    assert!(human.contains("creator-mismatch"));
}

#[test]
fn a_diagram_of_twenty_thousand_rows() {
    let (model, spec) = before();
    let start = spec.find("```\n┌").expect("the diagram") + 4;
    let end = start + spec[start..].find("```").expect("its end");
    let diagram = &spec[start..end];
    let header: String = diagram.lines().take(5).map(|l| format!("{l}\n")).collect();
    let body: String = diagram.lines().skip(5).map(|l| format!("{l}\n")).collect();
    let copies = 20_000 / body.lines().count() + 1;
    let big = format!("{header}{}", body.repeat(copies));
    let text = format!("{}{big}{}", &spec[..start], &spec[end..]);
    let (report, _) = check(&model, text);
    let d001 = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::CreatorMismatch)
        .count();
    // Every copy of "Create JWT & Session" sent to the backend is a finding.
    assert!(d001 >= copies, "{d001} D001 for {copies} copies");
}

#[test]
fn ten_thousand_tables_and_ten_thousand_headings() {
    let (model, spec) = before();
    let mut text = spec;
    for i in 0..10_000 {
        text.push_str(&format!(
            "\n### Table {i}\n\n| table | owner |\n|---|---|\n| `t{i}` | Backend |\n"
        ));
    }
    let (report, human) = check(&model, text);
    assert_eq!(report.doc.tables.len(), 10_000);
    assert!(report.doc.sections.len() > 10_000);
    assert!(human.contains("Found"));
}

#[test]
fn a_model_listing_five_thousand_documents() {
    let (mut model, spec) = before();
    let entry = model.documents[0].clone();
    for i in 0..5_000 {
        model.documents.push(DocumentEntry {
            path: format!("specs/{i:04}/spec.md"),
            ..entry.clone()
        });
    }
    let checker = Checker::new(&model, Rule::ALL.to_vec());
    let mut found = 0;
    for i in (0..5_000).step_by(50) {
        let path = format!("specs/{i:04}/spec.md");
        let report = checker.check(&path, &path, spec.clone());
        // Each listed document is held to its entry: the sections it lacks are reported.
        found += usize::from(
            report
                .diagnostics
                .iter()
                .any(|d| d.rule == Rule::MissingCors),
        );
    }
    assert_eq!(found, 100);
}
