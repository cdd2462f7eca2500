//! The fix engine keeps every byte it does not own: CRLF line ends, a byte-order
//! mark, and the text outside the edited ranges.

use std::path::{Path, PathBuf};

use speclint::check::Checker;
use speclint::fix::{FixOptions, fix_document};
use speclint::model::load_model;
use speclint::rules::Rule;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fix(text: &str) -> String {
    let model = load_model(&root().join("fixtures/auth-before/speclint.yaml")).unwrap();
    let checker = Checker::new(&model, Rule::ALL.to_vec());
    let path = "specs/004-auth-integration/spec.md";
    fix_document(&checker, path, path, text, &FixOptions::default())
        .unwrap()
        .fixed
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn crlf_and_a_bom_survive_the_fixes() {
    let before = read(&root().join("fixtures/auth-before/specs/004-auth-integration/spec.md"));
    let crlf = format!("\u{feff}{}", before.replace('\n', "\r\n"));
    let fixed = fix(&crlf);
    assert!(fixed.starts_with('\u{feff}'), "the BOM is kept");
    let lone_lf = fixed
        .match_indices('\n')
        .filter(|(i, _)| !fixed[..*i].ends_with('\r'))
        .count();
    assert_eq!(lone_lf, 0, "every line end stays CRLF");
    let as_lf = fixed.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    assert_eq!(
        as_lf,
        read(&root().join("specs/004-auth-integration/spec.md")),
        "the same edits as with LF"
    );
}

#[test]
fn bytes_outside_the_edits_are_untouched() {
    let before = read(&root().join("fixtures/auth-before/specs/004-auth-integration/spec.md"));
    let fixed = fix(&before);
    // Every line of the original that is not part of the redrawn diagram is still
    // there, in the same order.
    let diagram: Vec<&str> = before
        .lines()
        .skip_while(|l| !l.starts_with("```"))
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .collect();
    let kept: Vec<&str> = before
        .lines()
        .filter(|l| !diagram.contains(l) || l.trim().is_empty())
        .collect();
    let mut rest = fixed.lines();
    for line in kept {
        assert!(rest.any(|l| l == line), "line lost or reordered: {line:?}");
    }
}
