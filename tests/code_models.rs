//! The code rules on another system: a Go auth service signs session tokens that
//! travel as a cookie, and a Node API verifies them (`fixtures/code-node/`). No
//! Python is involved, so the Python rules stay silent, while the secret, CORS and
//! transport rules work from `.env` blocks, scripts and prose.

use std::path::{Path, PathBuf};

use speclint::check::{Checker, FileReport};
use speclint::fix::diff::unified_diff;
use speclint::fix::{FixOptions, fix_document};
use speclint::model::{Model, load_model};
use speclint::render::{Format, HumanOptions, write_report};
use speclint::rules::Rule;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/code-node")
}

fn model() -> Model {
    load_model(&dir().join("speclint.yaml")).expect("the fixture model is valid")
}

fn check(model: &Model, name: &str) -> (String, FileReport) {
    let text = std::fs::read_to_string(dir().join(name)).unwrap();
    let checker = Checker::new(model, Rule::ALL.to_vec());
    (text.clone(), checker.check(name, name, text))
}

fn codes(report: &FileReport) -> Vec<&'static str> {
    let mut codes: Vec<&str> = report.diagnostics.iter().map(|d| d.rule.code()).collect();
    codes.dedup();
    codes
}

#[test]
fn the_node_and_go_examples_are_checked_without_python() {
    let model = model();
    let (text, wrong) = check(&model, "wrong.md");
    let mut found = codes(&wrong);
    found.sort();
    found.dedup();
    assert_eq!(found, ["C004", "C006", "C007"]);
    // Every secret name is found: the .env block, Go's os.Getenv, Node's process.env.
    let secrets: Vec<&str> = wrong
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::SecretEnvMismatch)
        .map(|d| &text[d.span.start..d.span.end])
        .collect();
    assert_eq!(secrets, ["AUTH_SECRET", "JWT_SECRET", "ORDERS_SECRET"]);
    // The prose and the verifier's example both disagree with the model's cookie.
    let transport: Vec<usize> = wrong
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::TransportMismatch)
        .map(|d| wrong.doc.line_col(d.span.start).line)
        .collect();
    assert_eq!(transport, [3, 28]);

    let mut out = Vec::new();
    write_report(Format::Human, &[wrong], HumanOptions::default(), &mut out).unwrap();
    let checker = Checker::new(&model, Rule::ALL.to_vec());
    let opts = FixOptions {
        unsafe_fixes: true,
        only: None,
    };
    let fixed = fix_document(&checker, "wrong.md", "wrong.md", &text, &opts).unwrap();
    let diff = unified_diff("wrong.md", &text, &fixed.fixed);
    insta::assert_snapshot!(format!("{}\n{diff}", String::from_utf8(out).unwrap()));

    let (_, right) = check(&model, "right.md");
    assert_eq!(codes(&right), Vec::<&str>::new());
}

#[test]
fn without_secret_env_the_two_sides_must_name_the_same_secret() {
    let mut model = model();
    for token in model.tokens.values_mut() {
        token.secret_env = None;
    }
    let (text, wrong) = check(&model, "wrong.md");
    let c004: Vec<&str> = wrong
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::SecretEnvMismatch)
        .map(|d| &text[d.span.start..d.span.end])
        .collect();
    assert_eq!(c004, ["ORDERS_SECRET"], "the verifier's name, once");
    let message = &wrong
        .diagnostics
        .iter()
        .find(|d| d.rule == Rule::SecretEnvMismatch)
        .unwrap()
        .message;
    assert!(message.contains("`AUTH_SECRET`, `JWT_SECRET`"), "{message}");
    let (_, right) = check(&model, "right.md");
    assert_eq!(codes(&right), Vec::<&str>::new());
}

/// What speclint generates must pass its own code rules, under every model: the
/// repository's (HS256, shared secret), the gateway's (EdDSA, JWKS) and the notes
/// app's.
#[test]
fn generated_sections_pass_the_code_rules_under_every_model() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for path in [
        "speclint.yaml",
        "fixtures/models/gateway.yaml",
        "fixtures/models/notes.yaml",
    ] {
        let model = load_model(&root.join(path)).unwrap();
        let entry = &model.documents[0];
        let mut text = String::from("# Generated\n\n");
        for section in &entry.sections {
            text.push_str(&speclint::generate::render_section(&model, section, 2).unwrap());
            text.push('\n');
        }
        assert!(
            text.contains("```python"),
            "{path}: a Python example is checked"
        );
        let rules = Rule::select(&["C".to_string()]).unwrap();
        let checker = Checker::new(&model, rules);
        let report = checker.check(&entry.path, &entry.path, text.clone());
        let found: Vec<String> = report
            .diagnostics
            .iter()
            .map(|d| format!("{} {}", d.rule.code(), d.message))
            .collect();
        assert!(found.is_empty(), "{path}: {found:#?}");
        // The rules do read it: unpinned, the same code fails.
        let unpinned = text.replacen("algorithms=", "leeway=0, unused=", 1);
        let report = checker.check(&entry.path, &entry.path, unpinned);
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.rule == Rule::UnpinnedAlgorithms),
            "{path}: no C002 without algorithms="
        );
    }
}
