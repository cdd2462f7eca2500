//! `speclint init` drafts from the idioms real specs hold, each a fixture in
//! `fixtures/init/` (several specs in one file, each after a `<!-- file: PATH -->`
//! line): the drafted YAML and the notes the command prints, snapshotted; and every
//! draft loads.

use std::path::Path;

use speclint::init::{Drafted, Source, draft};
use speclint::model::parse_model;

/// The specs of a fixture file.
fn sources(text: &str) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    for line in text.split_inclusive('\n') {
        if let Some(path) = line
            .trim()
            .strip_prefix("<!-- file: ")
            .and_then(|l| l.strip_suffix(" -->"))
        {
            out.push(Source {
                path: path.to_string(),
                text: String::new(),
            });
        } else if let Some(last) = out.last_mut() {
            last.text.push_str(line);
        }
    }
    out
}

fn drafted(name: &str) -> Drafted {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/init")
        .join(name);
    let text = std::fs::read_to_string(path).expect("fixture");
    draft(&sources(&text), "speclint.schema.json")
}

fn loads(d: &Drafted) -> speclint::model::Model {
    parse_model(&d.yaml, Path::new("speclint.yaml"))
        .unwrap_or_else(|e| panic!("the draft does not load: {e}\n{}", d.yaml))
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures/init", "*.md", |path| {
        let text = std::fs::read_to_string(path).expect("fixture is UTF-8");
        let d = draft(&sources(&text), "speclint.schema.json");
        loads(&d);
        let notes: Vec<String> = d.notes.iter().map(|n| format!("DECIDE: {n}")).collect();
        insta::assert_snapshot!(format!("{}\n--- notes ---\n{}\n", d.yaml, notes.join("\n")));
    });
}

#[test]
fn a_key_to_a_table_no_spec_creates_drafts_that_table_for_a_person_to_decide() {
    let d = drafted("keys-to-missing-tables.md");
    let model = loads(&d);
    let tables = &model.schema.as_ref().unwrap().tables;
    assert!(tables.contains_key("member") && tables.contains_key("shelves_phaseiii"));
    assert!(
        d.yaml.contains("created by no spec (is it `members`?)"),
        "{}",
        d.yaml
    );
    // An expression index names no column: left out, said why.
    assert!(
        d.yaml.contains("index idx_loans_lower left out"),
        "{}",
        d.yaml
    );
}

#[test]
fn alter_table_adds_its_column_before_indexes_are_checked_and_each_index_is_listed_once() {
    let model = loads(&drafted("alter-then-index.md"));
    let books = &model.schema.as_ref().unwrap().tables["books"];
    let columns: Vec<&str> = books.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(columns, ["id", "title", "shelf", "held_until"]);
    let indexes: Vec<&str> = books.indexes.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        indexes,
        ["idx_books_shelf", "idx_books_title", "idx_books_held"]
    );
}

#[test]
fn two_versions_of_a_table_follow_the_majority_then_the_newest_spec() {
    let d = drafted("two-versions.md");
    let model = loads(&d);
    let tables = &model.schema.as_ref().unwrap().tables;
    // Two specs of three write `visits` without `starts_at`.
    assert_eq!(tables["visits"].columns.len(), 2);
    // One spec each way for `guests`... two to one again, for the first shape.
    assert_eq!(tables["guests"].columns[1].name, "name");
    assert_eq!(d.notes.len(), 2, "{:?}", d.notes);
    assert!(
        d.notes[0].contains("specs/002-second/data-model.md:2"),
        "{:?}",
        d.notes
    );
    assert!(
        d.notes[0].contains("the majority's, 2 of 3"),
        "{:?}",
        d.notes
    );
}

#[test]
fn owners_come_from_the_specs_claims() {
    let d = drafted("owners-from-claims.md");
    let model = loads(&d);
    let schema = model.schema.as_ref().unwrap();
    assert_eq!(schema.tables["badge"].owner, "gatekeeper");
    assert_eq!(schema.owners["depot-service"].name, "Depot Service");
    // `parcels`: two claims to one.
    assert_eq!(schema.tables["parcels"].owner, "depot-service");
    assert!(
        d.notes.iter().any(|n| n.contains("who manages `parcels`")),
        "{:?}",
        d.notes
    );
    // Nobody claims `drafts`: the fallback, marked.
    assert_eq!(schema.tables["drafts"].owner, "app");
}

#[test]
fn the_token_is_named_and_placed_from_diagrams_and_prose_and_the_wrong_example_is_no_flow() {
    let d = drafted("token-from-diagrams-and-prose.md");
    let model = loads(&d);
    let pass = &model.tokens["pass"];
    assert_eq!(pass.name, "Pass");
    assert_eq!(pass.created_by, ["web-shell"]);
    assert_eq!(pass.verified_by, ["ledger-service"]);
    let shell = &model.components["web-shell"];
    assert_eq!(shell.aliases, ["Shell"]);
    assert_eq!(shell.libraries, ["Pass Kit"]);
    // "Ledger" is drawn only in the wrong example: no component.
    assert!(!d.yaml.contains("\"Ledger\""), "{}", d.yaml);
    assert_eq!(model.flows.len(), 2, "{}", d.yaml);
    assert!(
        d.notes.iter().any(|n| n.contains("who creates Pass")),
        "{:?}",
        d.notes
    );
}
