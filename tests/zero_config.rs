//! `check` without a model, end to end: which files it finds, the rules it runs,
//! the cross-document rules, and adopting it on a repository through a baseline.

mod common;
use common::{speclint, stderr, stdout};

use std::fs;
use std::path::Path;

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn codes(o: &std::process::Output) -> Vec<(String, String)> {
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const BROKEN_SQL: &str =
    "```sql\nCREATE TABLE notes (\n  id SERIAL PRIMARY KEY\n  body TEXT\n);\n```\n";

#[test]
fn without_a_model_the_spec_folders_are_checked_with_the_rules_that_need_none() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "phase 2/specs/001-notes/spec.md",
        &format!("# Notes\n\n{BROKEN_SQL}"),
    );
    // Not a spec folder's file, and dependencies: neither is read.
    write(
        dir.path(),
        "README.md",
        &format!("# Readme\n\n{BROKEN_SQL}"),
    );
    write(
        dir.path(),
        "node_modules/pkg/specs/x.md",
        &format!("# X\n\n{BROKEN_SQL}"),
    );
    // A model rule would report this unknown participant; without a model none runs.
    write(
        dir.path(),
        "phase 2/specs/002-flow/spec.md",
        "# Flow\n\n```mermaid\nsequenceDiagram\n    participant A as Alpha\n    participant B as Beta\n    A->>B: 1. Ping\n```\n",
    );
    let o = speclint(dir.path(), &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        codes(&o),
        vec![(
            "S006".to_string(),
            "phase 2/specs/001-notes/spec.md".to_string()
        )]
    );
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("speclint init"), "{err}");
}

#[test]
fn without_a_spec_folder_every_markdown_file_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "docs/a.md", &format!("# A\n\n{BROKEN_SQL}"));
    write(dir.path(), ".hidden/b.md", &format!("# B\n\n{BROKEN_SQL}"));
    let o = speclint(dir.path(), &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        codes(&o),
        vec![("S006".to_string(), "docs/a.md".to_string())]
    );
}

#[test]
fn specs_that_disagree_about_a_table_are_reported_without_a_model() {
    let dir = tempfile::tempdir().unwrap();
    let table = |id: &str| {
        format!("# T\n\n```sql\nCREATE TABLE notes (id {id} PRIMARY KEY, body TEXT);\n```\n")
    };
    write(dir.path(), "specs/001/data-model.md", &table("SERIAL"));
    write(dir.path(), "specs/002/data-model.md", &table("SERIAL"));
    write(dir.path(), "specs/003/data-model.md", &table("UUID"));
    let o = speclint(dir.path(), &["check", "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "X001 is a warning: {}",
        stderr(&o)
    );
    assert_eq!(
        codes(&o),
        vec![("X001".to_string(), "specs/003/data-model.md".to_string())]
    );
    assert!(
        stdout(&o).contains("specs/001/data-model.md:4"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_baseline_reports_only_new_findings_wherever_old_ones_move() {
    let dir = tempfile::tempdir().unwrap();
    let spec = "specs/001-notes/spec.md";
    let text = format!("# Notes\n\n{BROKEN_SQL}");
    write(dir.path(), spec, &text);
    let o = speclint(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));

    let o = speclint(
        dir.path(),
        &["check", "--write-baseline", "speclint-baseline.json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let written = fs::read_to_string(dir.path().join("speclint-baseline.json")).unwrap();
    assert!(
        written.contains("\"version\": 1") && written.contains("\"code\":\"S006\""),
        "{written}"
    );

    let o = speclint(
        dir.path(),
        &["check", "--baseline", "speclint-baseline.json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    // Lines inserted above the finding: still the same finding.
    write(
        dir.path(),
        spec,
        &format!(
            "# Notes\n\nA new paragraph.\n\nAnd another.\n\n{}",
            &text[9..]
        ),
    );
    let o = speclint(
        dir.path(),
        &[
            "check",
            "--baseline",
            "speclint-baseline.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(codes(&o).is_empty());

    // A new finding fails the gate, and only it is reported.
    let grown = fs::read_to_string(dir.path().join(spec)).unwrap()
        + "\n```sql\nCREATE TABLE tags (\n  id INT\n  name TEXT\n);\n```\n";
    write(dir.path(), spec, &grown);
    let o = speclint(
        dir.path(),
        &[
            "check",
            "--baseline",
            "speclint-baseline.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert_eq!(codes(&o), vec![("S006".to_string(), spec.to_string())]);

    // The recorded finding fixed: its entry is stale (M006, info), at the baseline file.
    write(dir.path(), spec, "# Notes\n\nNothing to report.\n");
    let o = speclint(
        dir.path(),
        &[
            "check",
            "--baseline",
            "speclint-baseline.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(
        codes(&o),
        vec![("M006".to_string(), "speclint-baseline.json".to_string())]
    );
}

#[test]
fn a_baseline_that_is_not_one_fails_the_run() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "specs/a.md", "# A\n");
    write(dir.path(), "b.json", "{\"version\": 7, \"entries\": []}");
    let o = speclint(dir.path(), &["check", "--baseline", "b.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("version 7"), "{}", stderr(&o));
}

/// The change request's case with no model at all: spec 004's diagram has the
/// backend create the JWT, the change request says the frontend does. The model,
/// once there, decides instead (D001), and the cross-document rule is silent.
#[test]
fn a_token_created_by_different_components_is_found_without_a_model() {
    let dir = common::copy_fixture("auth-before");
    let model = fs::read_to_string(dir.path().join("speclint.yaml")).unwrap();
    fs::remove_file(dir.path().join("speclint.yaml")).unwrap();
    let o = speclint(dir.path(), &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        codes(&o),
        vec![(
            "X002".to_string(),
            "specs/004-auth-integration/spec.md".to_string()
        )]
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let message = json["diagnostics"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("FastAPI Backend is shown creating `JWT`")
            && message.contains("specs/005-fix-auth-flow/spec.md:10"),
        "{message}"
    );

    fs::write(dir.path().join("speclint.yaml"), model).unwrap();
    let o = speclint(dir.path(), &["check", "--format", "json"]);
    let found = codes(&o);
    assert!(found.iter().any(|(c, _)| c == "D001"), "{found:?}");
    assert!(!found.iter().any(|(c, _)| c.starts_with('X')), "{found:?}");
}
