//! The machine formats (SARIF, JUnit, JSON lines) and the human variants (concise,
//! statistics, quiet), each snapshotted against one shared set of diagnostics: the
//! before-state of spec 004 (`fixtures/auth-before/`). SARIF is also validated
//! against the official 2.1.0 schema.

use std::path::PathBuf;
use std::process::Command;

use speclint::check::{Checker, FileReport};
use speclint::model::load_model;
use speclint::render::{Format, HumanOptions, ReportOptions, write_report_with};
use speclint::rules::Rule;

const SPEC: &str = "specs/004-auth-integration/spec.md";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared diagnostics: spec 004 before its change request.
fn reports() -> Vec<FileReport> {
    let dir = root().join("fixtures/auth-before");
    let model = load_model(&dir.join("speclint.yaml")).unwrap();
    let checker = Checker::new(&model, Rule::ALL.to_vec());
    let text = std::fs::read_to_string(dir.join(SPEC)).unwrap();
    vec![checker.check(SPEC, SPEC, text)]
}

fn render(format: Format, opts: &ReportOptions) -> String {
    let mut out = Vec::new();
    write_report_with(format, &reports(), opts, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn opts() -> ReportOptions {
    ReportOptions::new(HumanOptions::default())
}

#[test]
fn sarif() {
    let text = render(Format::Sarif, &opts());
    let log: serde_json::Value = serde_json::from_str(&text).unwrap();
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), Rule::ALL.len(), "every rule is in the driver");
    for rule in rules {
        for key in ["id", "name", "shortDescription", "fullDescription", "help"] {
            assert!(!rule[key].is_null(), "{key} missing in {rule}");
        }
        assert!(rule["defaultConfiguration"]["level"].is_string());
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), reports()[0].diagnostics.len());
    // Every result's ruleIndex points at its rule.
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
    // D001 sits on the "2. Create JWT & Session" label, line 18 column 34 (characters).
    let d001 = results.iter().find(|r| r["ruleId"] == "D001").unwrap();
    let region = &d001["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(18), Some(34))
    );
    assert_eq!(
        d001["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        SPEC
    );
    // Fixes carry their edits as replacements.
    let fixed = results.iter().filter(|r| r["fixes"].is_array()).count();
    assert_eq!(fixed, 11);
    let s001 = results.iter().find(|r| r["ruleId"] == "S001").unwrap();
    let replacement = &s001["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert!(
        replacement["insertedContent"]["text"]
            .as_str()
            .unwrap()
            .contains("CREATE TABLE")
    );
    insta::assert_snapshot!(text);
}

/// The official schema: `../shared/schemas/` beside the repository (as CI has it),
/// or `SPECLINT_SARIF_SCHEMA`.
fn sarif_schema() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SPECLINT_SARIF_SCHEMA") {
        return Some(PathBuf::from(p));
    }
    let p = root().join("../shared/schemas/sarif-schema-2.1.0.json");
    p.exists().then_some(p)
}

/// A Python with `jsonschema`: the CI venv under target/, else the system's.
pub fn python() -> PathBuf {
    let venv = root().join("target/ci-venv/bin/python");
    if venv.exists() {
        venv
    } else {
        PathBuf::from("python3")
    }
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let Some(schema) = sarif_schema() else {
        eprintln!(
            "SKIPPED: no SARIF schema at ../shared/schemas/sarif-schema-2.1.0.json (set SPECLINT_SARIF_SCHEMA)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("report.sarif");
    std::fs::write(&log, render(Format::Sarif, &opts())).unwrap();
    let o = Command::new(python())
        .args(["-c", VALIDATE])
        .arg(&schema)
        .arg(&log)
        .output()
        .expect("python runs (bash .ci/run installs jsonschema into target/ci-venv)");
    assert!(
        o.status.success(),
        "SARIF invalid:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "valid");
}

/// Validates argv[2] against the schema argv[1]; prints every error.
const VALIDATE: &str = r#"
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
log = json.load(open(sys.argv[2], encoding="utf-8"))
cls = jsonschema.validators.validator_for(schema)
errors = list(cls(schema).iter_errors(log))
for e in errors:
    print("/".join(map(str, e.absolute_path)), e.message)
sys.exit(1 if errors else print("valid"))
"#;

#[test]
fn junit() {
    let text = render(Format::Junit, &opts());
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
    assert_eq!(text.matches("<testcase ").count(), Rule::ALL.len());
    // One failing case per rule that reported an error: D001 D003 D004 S001 S002 C001 C005.
    assert_eq!(text.matches("<failure ").count(), 7);
    assert!(text.contains(&format!("tests=\"{}\" failures=\"7\"", Rule::ALL.len())));
    insta::assert_snapshot!(text);
}

#[test]
fn junit_cases_are_the_rules_that_ran_and_fail_at_the_chosen_severity() {
    let mut o = opts();
    o.rules = vec![Rule::CreatorMismatch, Rule::UnknownTable];
    let text = render(Format::Junit, &o);
    assert_eq!(text.matches("<testcase ").count(), 2);
    o.fail_on = speclint::diagnostic::Severity::Warning;
    assert_eq!(render(Format::Junit, &o).matches("<failure ").count(), 1);
}

#[test]
fn json_lines() {
    let text = render(Format::JsonLines, &opts());
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect();
    assert_eq!(lines.len(), reports()[0].diagnostics.len());
    assert!(
        lines
            .iter()
            .all(|l| l["path"] == SPEC && l["line"].is_u64())
    );
    insta::assert_snapshot!(text);
}

#[test]
fn concise() {
    let mut o = opts();
    o.concise = true;
    let text = render(Format::Human, &o);
    // One line per finding, starting with a clickable path:line:col, then the summary.
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), reports()[0].diagnostics.len() + 1);
    assert!(
        lines[..lines.len() - 1]
            .iter()
            .all(|l| l.starts_with(&format!("{SPEC}:")))
    );
    insta::assert_snapshot!(text);
}

#[test]
fn statistics() {
    let mut o = opts();
    o.statistics = true;
    let text = render(Format::Human, &o);
    assert!(
        text.starts_with("4  D006") && text.contains("\n4  S002"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn quiet_drops_the_summary() {
    let mut o = opts();
    o.concise = true;
    o.quiet = true;
    let text = render(Format::Human, &o);
    assert!(!text.contains("Found"));
    assert_eq!(text.lines().count(), reports()[0].diagnostics.len());
    o.statistics = true;
    assert!(!render(Format::Human, &o).contains("Found"));
}

#[test]
fn hostile_text_cannot_break_the_xml_or_the_sarif() {
    let model = load_model(&root().join("fixtures/rules/speclint.yaml")).unwrap();
    let checker = Checker::new(&model, Rule::ALL.to_vec());
    let text = "# T\n\n```sql\nCREATE TABLE \"a<b&\u{1b}]\" (x INT);\n```\n";
    let reports = vec![checker.check("a&b<\u{1}.md", "a.md", text.into())];
    let mut out = Vec::new();
    write_report_with(Format::Junit, &reports, &opts(), &mut out).unwrap();
    let xml = String::from_utf8(out).unwrap();
    assert!(xml.contains("a&amp;b&lt;\u{FFFD}.md"), "{xml}");
    assert!(!xml.contains('\u{1b}') && !xml.contains('\u{1}'));
    let mut out = Vec::new();
    write_report_with(Format::Sarif, &reports, &opts(), &mut out).unwrap();
    let log: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        log["runs"][0]["artifacts"][0]["location"]["uri"],
        "a%26b%3C%01.md"
    );
}
