//! Generators: rendered diagrams and sections, checked against fixtures and snapshots.

use std::path::Path;

use speclint::generate::{DrawStyle, render_diagram};
use speclint::model::{Model, load_model};

fn repo_model() -> Model {
    load_model(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("speclint.yaml")
            .as_path(),
    )
    .expect("the repository model loads")
}

#[test]
fn signin_unicode_matches_the_requested_diagram() {
    let want = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/generate/signin-unicode.txt"),
    )
    .expect("fixture");
    let got = render_diagram(&repo_model(), "signin", DrawStyle::Unicode).expect("renders");
    assert_eq!(got, want);
}
