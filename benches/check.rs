//! Benchmarks of the hot paths: parsing a document, reading a text-art diagram,
//! reading a SQL block, and checking spec 004's before-state end to end (what an
//! editor does on every keystroke).
//!
//! `cargo bench` runs them; `bench/compare.sh` times whole runs against other tools.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use speclint::check::Checker;
use speclint::document::Document;
use speclint::extract::diagram::{looks_like_sequence_diagram, read_text_diagram};
use speclint::extract::sql::read_sql;
use speclint::extract::sql::reference::read_sql_with_sqlparser;
use speclint::model::load_model;
use speclint::rules::Rule;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(rel)).expect("benchmark input")
}

/// Spec 004 before its change request, and its model.
const BEFORE_SPEC: &str = "fixtures/auth-before/specs/004-auth-integration/spec.md";
const BEFORE_MODEL: &str = "fixtures/auth-before/speclint.yaml";
/// Spec 004 after it: it holds the SQL schema.
const AFTER_SPEC: &str = "specs/004-auth-integration/spec.md";

/// The content of the first code block of `doc` that `pick` accepts, and its offset.
fn block(doc: &Document, pick: impl Fn(&str, &str) -> bool) -> (&str, usize) {
    doc.code_blocks
        .iter()
        .map(|b| (b.lang.as_str(), doc.slice(b.content), b.content.start))
        .find(|(lang, content, _)| pick(lang, content))
        .map(|(_, content, at)| (content, at))
        .expect("a matching code block")
}

fn benches(c: &mut Criterion) {
    let before = read(BEFORE_SPEC);
    let after = read(AFTER_SPEC);

    c.bench_function("document parse (spec 004)", |b| {
        b.iter(|| Document::parse(black_box(after.as_str())))
    });

    let before_doc = Document::parse(before.as_str());
    let (diagram, at) = block(&before_doc, |_, content| {
        looks_like_sequence_diagram(content)
    });
    c.bench_function("diagram reader (spec 004 sign-in flow)", |b| {
        b.iter(|| read_text_diagram(black_box(diagram), at))
    });

    let after_doc = Document::parse(after.as_str());
    let (sql, at) = block(&after_doc, |lang, _| lang == "sql");
    c.bench_function("SQL reader (spec 004 schema)", |b| {
        b.iter(|| read_sql(black_box(sql), at))
    });
    // The same block with sqlparser reading every statement: what the plain-DDL reader
    // saves.
    c.bench_function("SQL reader, sqlparser only (spec 004 schema)", |b| {
        b.iter(|| read_sql_with_sqlparser(black_box(sql), at))
    });

    let model = load_model(&Path::new(ROOT).join(BEFORE_MODEL)).expect("the fixture model");
    let rel = "specs/004-auth-integration/spec.md";
    // A checker per iteration, as in one run of the binary: the names are compiled and
    // the fix texts rendered afresh each time.
    c.bench_function("full check (spec 004 before)", |b| {
        b.iter(|| {
            let checker = Checker::new(&model, Rule::ALL.to_vec());
            checker
                .check(rel, rel, black_box(before.clone()))
                .diagnostics
                .len()
        })
    });
}

criterion_group!(check, benches);
criterion_main!(check);
