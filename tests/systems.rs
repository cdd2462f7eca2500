//! Whole systems checked end to end through the library: the auth system of the
//! change request (before its fixes) and an unrelated one (an identity provider whose
//! access tokens a gateway and an orders service verify), so that the rules are seen
//! to read the model and nothing else.

mod common;
use common::human;

use std::path::{Path, PathBuf};

use speclint::check::{Checker, FileReport};
use speclint::fix::{FixOptions, fix_document};
use speclint::model::load_model;
use speclint::rules::Rule;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn check_system(name: &str, spec: &str) -> (String, FileReport) {
    let model = load_model(&fixture(name).join("speclint.yaml")).unwrap();
    let checker = Checker::new(&model, Rule::ALL.to_vec());
    let text = std::fs::read_to_string(fixture(name).join(spec)).unwrap();
    let report = checker.check(spec, spec, text.clone());
    let shown = human(std::slice::from_ref(&report));
    // Every safe fix settles on this system too.
    let fixed =
        fix_document(&checker, spec, spec, &text, &FixOptions::default()).expect("fixes settle");
    let after = checker.check(spec, spec, fixed.fixed);
    let left: Vec<&str> = after
        .diagnostics
        .iter()
        .filter(|d| d.fix.is_some())
        .map(|d| d.rule.code())
        .collect();
    assert!(
        left.iter().all(|c| ["S003", "S005"].contains(c)),
        "safe fixes left fixable findings: {left:?}"
    );
    (shown, report)
}

fn codes(report: &FileReport) -> Vec<&'static str> {
    report.diagnostics.iter().map(|d| d.rule.code()).collect()
}

#[test]
fn the_orders_system_is_checked_against_its_own_model() {
    let (human, report) = check_system("orders", "specs/orders.md");
    let has = |code: &str, needle: &str| {
        report
            .diagnostics
            .iter()
            .any(|d| d.rule.code() == code && d.message.contains(needle))
    };
    assert!(
        has(
            "D001",
            "API Gateway is shown creating Access Token, but only Identity Provider creates it"
        ),
        "{human}"
    );
    assert!(has(
        "D004",
        "API Gateway and Orders Service verifying Access Token"
    ));
    assert!(has(
        "D006",
        "\"Forward the order\" is not a step of flow `checkout`"
    ));
    assert!(has(
        "S003",
        "`order_line` is managed by Orders Service (Flyway), not Identity Provider"
    ));
    assert!(has(
        "S004",
        "`order_line` lacks the foreign key (order_id) → order(id)"
    ));
    assert!(has("S005", "`order_line` gives access \"READ-ONLY\""));
    assert!(has(
        "S007",
        "`order.status` is VARCHAR(32) here, VARCHAR(16) in the model"
    ));
    assert!(has("S009", "table `cart` is not in the model"));
    assert!(has(
        "C001",
        "API Gateway and Orders Service verifying Access Token"
    ));
    assert!(has("C005", "no CORS configuration example"));
    assert!(has("M003", "no \"Flows\" section"));
    // Nothing of the auth system leaks into this one.
    for word in ["JWT", "Better Auth", "FastAPI", "tasks"] {
        assert!(!human.contains(word), "{word} appears in the orders report");
    }
    assert!(
        !codes(&report).contains(&"D005"),
        "every box is a model component"
    );
    insta::assert_snapshot!(human);
}

#[test]
fn the_auth_before_state_report() {
    let (human, report) = check_system("auth-before", "specs/004-auth-integration/spec.md");
    for code in [
        "D001", "D003", "D004", "D006", "S001", "S002", "C001", "C005",
    ] {
        assert!(codes(&report).contains(&code), "{code}");
    }
    insta::assert_snapshot!(human);
}
