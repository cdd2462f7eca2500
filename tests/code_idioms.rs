//! Code examples as spec authors write them (`fixtures/code-idioms/`): test code
//! that makes tokens, a token stored in cookies, another token's cookie, secrets
//! set on shell and plain `NAME=value` lines, algorithms pinned through a module
//! constant. Each fixture's findings are asserted and snapshotted.

mod common;
use common::findings_and_fixes;

use std::path::{Path, PathBuf};

use speclint::check::{Checker, FileReport};
use speclint::model::{Model, load_model};
use speclint::rules::Rule;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/code-idioms")
}

/// The rule fixtures' model: the frontend creates the JWT (HS256,
/// `BETTER_AUTH_SECRET`), the backend verifies it; a session stays on the frontend.
fn model() -> Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules/speclint.yaml");
    load_model(&path).expect("the fixture model is valid")
}

fn text(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).unwrap()
}

fn check(checker: &Checker, name: &str) -> FileReport {
    checker.check(name, name, text(name))
}

/// The text each finding of `rule` points at.
fn found(name: &str, rule: Rule) -> Vec<String> {
    let model = model();
    let checker = Checker::new(&model, vec![rule]);
    let text = text(name);
    check(&checker, name)
        .diagnostics
        .iter()
        .map(|d| text[d.span.range()].to_string())
        .collect()
}

#[test]
fn test_code_may_create_tokens() {
    assert_eq!(
        found("c003-test-code.md", Rule::VerifierCreatesToken),
        ["jwt.encode({\"sub\": owner}, \"prod-key\", algorithm=\"HS256\")"]
    );
}

#[test]
fn stored_cookies_and_other_tokens_cookies_are_not_the_transport() {
    assert_eq!(
        found("c007-stored-and-other-cookies.md", Rule::TransportMismatch),
        Vec::<String>::new()
    );
}

#[test]
fn secrets_set_on_shell_and_plain_lines_are_read() {
    assert_eq!(
        found("c004-shell-and-plain-lines.md", Rule::SecretEnvMismatch),
        ["AUTH_SIGNING_SECRET", "SIGNING_SECRET"]
    );
}

#[test]
fn algorithms_are_read_through_module_constants() {
    assert_eq!(
        found("c002-module-constants.md", Rule::UnpinnedAlgorithms),
        ["[ALGORITHM]"]
    );
}

#[test]
fn snapshots() {
    let model = model();
    let checker = Checker::new(&model, Rule::ALL.to_vec());
    insta::glob!("../fixtures/code-idioms", "*.md", |path| {
        let name = path.file_name().unwrap().to_str().unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        insta::assert_snapshot!(findings_and_fixes(&checker, name, &text));
    });
}
