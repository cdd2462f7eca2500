//! The diagram gallery through `inspect`: each drawing in `fixtures/diagrams/` is put
//! in a spec and inspected against the repository's model, so the snapshot shows what
//! a user sees — participants resolved to components, the flow each diagram draws, and
//! its steps. The not-a-sequence-diagram pictures must yield nothing at all, and so no
//! unknown-participant (D005) finding either.

use std::path::Path;

use speclint::check::Checker;
use speclint::document::Document;
use speclint::extract::Extracts;
use speclint::model::{Model, Names, load_model};
use speclint::render::inspect::inspect;
use speclint::rules::Rule;

fn model() -> Model {
    load_model(&Path::new(env!("CARGO_MANIFEST_DIR")).join("speclint.yaml")).unwrap()
}

/// The drawing as a spec: a heading and one fenced block.
fn as_spec(path: &Path) -> String {
    let content = std::fs::read_to_string(path).unwrap();
    let info = if path.extension().is_some_and(|e| e == "mmd") {
        "mermaid"
    } else {
        ""
    };
    let fence = if content.contains("```") {
        "````"
    } else {
        "```"
    };
    let body = if content.ends_with('\n') {
        content
    } else {
        format!("{content}\n")
    };
    format!("# Gallery\n\n{fence}{info}\n{body}{fence}\n")
}

#[test]
fn gallery() {
    let model = model();
    let names = Names::new(&model);
    insta::glob!("../fixtures/diagrams", "*.*", |path| {
        let name = path.file_name().unwrap().to_str().unwrap();
        let doc = Document::parse(as_spec(path));
        let extracts = Extracts::build(&doc, &model, &names, &[]);
        let text = inspect(name, &doc, &extracts, &model).to_text();
        if name.starts_with("not-") || name == "mermaid-flowchart.mmd" {
            assert!(
                extracts.diagrams.is_empty(),
                "{name} is not a sequence diagram:\n{text}"
            );
        }
        insta::assert_snapshot!(text);
    });
}

#[test]
fn pictures_that_are_not_sequence_diagrams_raise_no_unknown_participant() {
    let model = model();
    let checker = Checker::new(&model, vec![Rule::UnknownParticipant]);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/diagrams");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("not-") {
            continue;
        }
        seen += 1;
        let report = checker.check(&name, &name, as_spec(&path));
        assert!(
            report.diagnostics.is_empty(),
            "{name}: {:?}",
            report.diagnostics
        );
    }
    assert!(
        seen >= 5,
        "the gallery holds at least five pictures that are not sequence diagrams"
    );
}
