//! Tables however a spec documents them (`fixtures/tables/`): a heading over a field
//! table or a field list, a SQLModel class, CREATE TABLE in other spellings of the
//! same types with a later ALTER TABLE, and SQL blocks that hold queries with bind
//! placeholders, psql meta-commands and fragments. Each document's findings and what
//! `inspect` read from it are snapshotted.

mod common;
use common::human;

use std::path::{Path, PathBuf};

use speclint::check::Checker;
use speclint::document::Document;
use speclint::extract::Extracts;
use speclint::extract::sql::TableSource;
use speclint::model::{Model, Names, load_model};
use speclint::render::inspect::inspect;
use speclint::rules::Rule;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tables")
}

fn model() -> Model {
    load_model(&fixtures().join("speclint.yaml")).expect("the fixture model is valid")
}

fn extracts(model: &Model, name: &str) -> (Document, Extracts) {
    let text = std::fs::read_to_string(fixtures().join(name)).unwrap();
    let doc = Document::parse(text);
    let extracts = Extracts::build(&doc, model, &Names::new(model), &[]);
    (doc, extracts)
}

#[test]
fn snapshots() {
    let model = model();
    let checker = Checker::new(&model, Rule::ALL.to_vec());
    insta::glob!("../fixtures/tables", "*.md", |path| {
        let name = path.file_name().unwrap().to_str().unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        let report = human(&[checker.check(name, name, text)]);
        let (doc, extracts) = extracts(&model, name);
        let read = inspect(name, &doc, &extracts, &model).to_text();
        insta::assert_snapshot!(format!("{report}\n{read}"));
    });
}

/// Every form is read into one table extract with its source noted.
#[test]
fn each_form_is_one_table_extract() {
    let model = model();
    let cases = [
        ("field-table.md", "loans", TableSource::FieldTable),
        ("field-table.md", "member", TableSource::FieldTable),
        ("field-list.md", "member", TableSource::FieldList),
        ("field-list.md", "loans", TableSource::FieldList),
        ("sqlmodel.md", "loans", TableSource::PythonClass),
        ("spellings.md", "loans", TableSource::Sql),
    ];
    for (file, table, source) in cases {
        let (_, extracts) = extracts(&model, file);
        let found = extracts.table(table);
        assert_eq!(found.map(|t| t.source), Some(source), "{file}: {table}");
    }
    // The field list's foreign key, the SQLModel class's key and index.
    let (_, ex) = extracts(&model, "field-list.md");
    let fk = &ex.table("loans").unwrap().foreign_keys[0];
    assert_eq!(
        (fk.references.as_str(), fk.ref_columns.as_slice()),
        ("member", &["id".to_string()][..])
    );
    let (_, ex) = extracts(&model, "sqlmodel.md");
    let loans = ex.table("loans").unwrap();
    assert_eq!(loans.primary_key, ["id"]);
    assert_eq!(loans.foreign_keys[0].references, "member");
    assert!(ex.indexes().any(|i| i.columns == ["member_id"]));
    // ALTER TABLE in a later block adds its column to the earlier CREATE TABLE.
    let (_, ex) = extracts(&model, "spellings.md");
    assert!(
        ex.table("loans")
            .unwrap()
            .columns
            .iter()
            .any(|c| c.name == "due_at")
    );
    // "Loan states" lists states, not fields: no table.
    let (_, ex) = extracts(&model, "field-list.md");
    assert_eq!(ex.tables().count(), 2);
}
