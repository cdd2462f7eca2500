//! Inline suppressions and the `lint:` settings, through the library's checker:
//! what each directive silences, what is reported as unused (M004), and how
//! severity overrides and per-file ignores change a document's findings.

use std::path::Path;

use speclint::check::Checker;
use speclint::diagnostic::Severity;
use speclint::model::{Model, parse_model};
use speclint::rules::Rule;

const UNKNOWN_TABLE: &str = "```sql\nCREATE TABLE task_tags (task_id INTEGER, tag TEXT);\n```\n";

fn model(lint: &str) -> Model {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules/speclint.yaml"),
    )
    .unwrap();
    parse_model(&format!("{text}\n{lint}"), Path::new("speclint.yaml")).expect("valid model")
}

/// `(code, line)` of every finding in `text`, checked as `path`.
fn findings_at(model: &Model, rules: Vec<Rule>, path: &str, text: &str) -> Vec<(String, usize)> {
    let checker = Checker::new(model, rules);
    let report = checker.check(path, path, text.to_string());
    report
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.rule.code().to_string(),
                report.doc.line_col(d.span.start).line,
            )
        })
        .collect()
}

fn findings(text: &str) -> Vec<(String, usize)> {
    findings_at(&model(""), Rule::ALL.to_vec(), "notes.md", text)
}

fn pairs(list: &[(&str, usize)]) -> Vec<(String, usize)> {
    list.iter().map(|(c, l)| (c.to_string(), *l)).collect()
}

#[test]
fn without_a_suppression_the_unknown_table_is_reported() {
    assert_eq!(
        findings(&format!("# Tags\n\n{UNKNOWN_TABLE}")),
        pairs(&[("S009", 4)])
    );
}

#[test]
fn a_disable_range_silences_its_codes_until_enabled() {
    let text = format!(
        "# Tags\n\n<!-- speclint-disable S009 -->\n{UNKNOWN_TABLE}<!-- speclint-enable S009 -->\n\n{UNKNOWN_TABLE}"
    );
    assert_eq!(findings(&text), pairs(&[("S009", 10)]));
}

#[test]
fn family_letters_names_and_no_codes_work_alike() {
    for codes in ["S", "unknown-table", "", "D001, S009"] {
        let text = format!("# Tags\n\n<!-- speclint-disable {codes} -->\n{UNKNOWN_TABLE}");
        let found = findings(&text);
        assert!(
            found.iter().all(|(c, _)| c != "S009"),
            "`{codes}`: {found:?}"
        );
    }
}

#[test]
fn next_line_covers_only_the_next_line() {
    let text = format!("# Tags\n\n<!-- speclint-disable-next-line S009 -->\n{UNKNOWN_TABLE}");
    // The finding starts on the CREATE TABLE line, two lines below the comment.
    assert_eq!(
        findings(&text),
        pairs(&[("M004", 3), ("S009", 5)]),
        "a next-line suppression must not reach further"
    );
    let text = format!(
        "# Tags\n\n```sql\n<!-- x -->\n```\n\nThe table:\n\n{}",
        UNKNOWN_TABLE.replace(
            "CREATE",
            "-- speclint-disable-next-line is not read inside code\nCREATE"
        )
    );
    assert!(findings(&text).iter().any(|(c, _)| c == "S009"));
}

#[test]
fn disable_file_silences_the_whole_document() {
    let text =
        format!("<!-- speclint-disable-file -->\n# Tags\n\n{UNKNOWN_TABLE}\n{UNKNOWN_TABLE}");
    assert_eq!(findings(&text), Vec::<(String, usize)>::new());
}

#[test]
fn unused_suppressions_are_reported_once_per_directive_with_the_unused_codes() {
    let text = format!("# Tags\n\n<!-- speclint-disable S009 D001 -->\n{UNKNOWN_TABLE}");
    assert_eq!(findings(&text), pairs(&[("M004", 3)]));
    let model = model("");
    let checker = Checker::new(&model, Rule::ALL.to_vec());
    let report = checker.check(
        "a.md",
        "a.md",
        "<!-- speclint-disable-file -->\n# Fine\n".into(),
    );
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(report.diagnostics[0].rule, Rule::UnusedSuppression);
    assert_eq!(report.diagnostics[0].severity, Severity::Info);
    assert_eq!(
        report.diagnostics[0].message,
        "this suppression silences nothing: no any rule finding here"
    );
}

#[test]
fn unused_is_not_reported_for_rules_that_did_not_run_or_when_m004_is_off() {
    let text = "# Tags\n\n<!-- speclint-disable-next-line S009 -->\nNothing.\n";
    let model = model("");
    let without_s009: Vec<Rule> = Rule::ALL
        .iter()
        .copied()
        .filter(|r| *r != Rule::UnknownTable)
        .collect();
    assert!(findings_at(&model, without_s009, "a.md", text).is_empty());
    let without_m004: Vec<Rule> = Rule::ALL
        .iter()
        .copied()
        .filter(|r| *r != Rule::UnusedSuppression)
        .collect();
    assert!(findings_at(&model, without_m004, "a.md", text).is_empty());
}

#[test]
fn severity_overrides_and_per_file_ignores_come_from_the_model() {
    let model =
        model("lint:\n  severity: { S009: error }\n  per-file-ignores:\n    'legacy/**': [S009]\n");
    let checker = Checker::new(&model, Rule::ALL.to_vec());
    let text = format!("# Tags\n\n{UNKNOWN_TABLE}");
    let report = checker.check("specs/a.md", "specs/a.md", text.clone());
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(report.diagnostics[0].severity, Severity::Error);
    assert_eq!(Rule::UnknownTable.severity(), Severity::Warning);
    let legacy = checker.check("legacy/old/a.md", "legacy/old/a.md", text);
    assert!(legacy.diagnostics.is_empty());
}

#[test]
fn lint_errors_point_at_the_yaml_and_name_the_expected_keys() {
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules/speclint.yaml"),
    )
    .unwrap();
    let lines = base.lines().count();
    let err = |lint: &str| {
        parse_model(&format!("{base}\n{lint}"), Path::new("speclint.yaml"))
            .unwrap_err()
            .to_string()
    };
    let e = err("lint:\n  selct: [D]\n");
    assert!(
        e.starts_with(&format!("speclint.yaml:{}:3: lint: unknown field `selct`, expected one of `select`, `ignore`, `severity`, `per-file-ignores`, `include`, `exclude`", lines + 3)),
        "{e}"
    );
    let e = err("lint:\n  severity: { D001: fatal }\n");
    assert!(
        e.starts_with(&format!("speclint.yaml:{}:", lines + 3)),
        "{e}"
    );
    assert!(
        e.contains("expected one of `error`, `warning`, `info`"),
        "{e}"
    );
    let e = err("lint:\n  select: [D001, Q]\n");
    assert!(
        e.starts_with(&format!(
            "speclint.yaml:{}:18: unknown rule `Q` in lint.select",
            lines + 3
        )),
        "{e}"
    );
}
