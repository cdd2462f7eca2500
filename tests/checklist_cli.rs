//! `speclint checklist` and the checklist rules end to end: our spec 005's ticks are
//! proven by spec 004; the before-state's checklist fails item by item with the
//! reasons; `--update` changes only the tick marks; a false tick fails `check`.

mod common;
use common::{root, speclint, stdout};

use std::process::Output;

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).expect("JSON output")
}

/// A copy of `fixtures/auth-before` in a temporary folder.
fn before_state() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let from = root().join("fixtures/auth-before");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let target = tmp.path().join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    tmp
}

const SPEC_005: &str = "specs/005-fix-auth-flow/spec.md";

#[test]
fn our_spec_005_checklist_is_ticked_and_proven() {
    let o = speclint(&root(), &["checklist", SPEC_005]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let text = stdout(&o);
    assert_eq!(text.matches("  pass     [x] ").count(), 9, "{text}");
    assert!(
        !text.contains("FAIL") && !text.contains("unproven"),
        "{text}"
    );

    let items = json(&speclint(
        &root(),
        &["checklist", SPEC_005, "--format", "json"],
    ));
    let items = items["items"].as_array().unwrap();
    assert_eq!(items.len(), 9);
    assert!(
        items
            .iter()
            .all(|i| i["status"] == "pass" && i["checked"] == true)
    );
    assert_eq!(items[0]["rules"], serde_json::json!(["D001"]));
}

#[test]
fn the_before_state_checklist_fails_every_item_with_its_reasons() {
    let dir = root().join("fixtures/auth-before");
    let o = speclint(&dir, &["checklist", SPEC_005, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let report = json(&o);
    let items = report["items"].as_array().unwrap();
    assert_eq!(items.len(), 9);
    for item in items {
        assert_eq!(item["status"], "fail", "{item}");
        let failures = item["failures"].as_array().unwrap();
        assert!(!failures.is_empty());
        let rules: Vec<&str> = item["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        for f in failures {
            assert!(rules.contains(&f["code"].as_str().unwrap()), "{f}");
            assert_eq!(f["path"], "specs/004-auth-integration/spec.md");
        }
    }
    // The first item fails on the "Create JWT & Session" message to the backend.
    assert_eq!(items[0]["failures"][0]["code"], "D001");
    assert_eq!(items[0]["failures"][0]["line"], 18);
}

#[test]
fn update_ticks_only_what_passes_and_changes_nothing_else() {
    let tmp = before_state();
    let spec = tmp.path().join(SPEC_005);
    let original = std::fs::read_to_string(&spec).unwrap();

    // Nothing passes yet: nothing to tick, and the failing items fail the run.
    let o = speclint(tmp.path(), &["checklist", "--update"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("Updated 0 files."));
    assert_eq!(std::fs::read_to_string(&spec).unwrap(), original);

    // Fix spec 004; now every item passes and is ticked, and only the marks change.
    assert_eq!(
        speclint(tmp.path(), &["fix", "--write"]).status.code(),
        Some(0)
    );
    let o = speclint(tmp.path(), &["checklist", "--update"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("Updated 1 file."), "{}", stdout(&o));
    // The statuses shown are the file's once ticked.
    assert_eq!(
        stdout(&o).matches("pass     [x] ").count(),
        9,
        "{}",
        stdout(&o)
    );
    assert!(!stdout(&o).contains("[ ]"), "{}", stdout(&o));
    let updated = std::fs::read_to_string(&spec).unwrap();
    assert_eq!(updated.matches("- [x] ").count(), 9);
    assert_eq!(updated.replace("- [x] ", "- [ ] "), original);
    assert_eq!(
        updated,
        std::fs::read_to_string(root().join(SPEC_005))
            .unwrap()
            .replace("**Status**: Done", "**Status**: In Progress"),
        "the ticked before-state is our spec 005"
    );
    let o = speclint(tmp.path(), &["checklist", "--update"]);
    assert!(stdout(&o).contains("Updated 0 files."));
    assert_eq!(speclint(tmp.path(), &["check"]).status.code(), Some(0));
}

#[test]
fn a_false_tick_fails_check_at_the_tick_and_update_unticks_it() {
    let tmp = before_state();
    let spec = tmp.path().join(SPEC_005);
    // Our ticked spec 005 against the unfixed spec 004.
    std::fs::copy(root().join(SPEC_005), &spec).unwrap();
    let o = speclint(tmp.path(), &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let report = json(&o);
    let k001: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "K001")
        .collect();
    assert_eq!(k001.len(), 9, "every tick is false");
    let text = std::fs::read_to_string(&spec).unwrap();
    let first_tick = text.lines().position(|l| l.starts_with("- [x]")).unwrap() + 1;
    assert!(k001[0]["path"].as_str().unwrap().ends_with(SPEC_005));
    assert_eq!(k001[0]["line"], first_tick);
    assert_eq!(
        (k001[0]["column"].as_u64(), k001[0]["end_column"].as_u64()),
        (Some(3), Some(6))
    );
    let message = k001[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("ticked, but its rules fail: D001 at ")
            && message.contains(
                "specs/004-auth-integration/spec.md:18: FastAPI Backend is shown creating JWT"
            ),
        "{message}"
    );

    let o = speclint(tmp.path(), &["checklist", "--update"]);
    assert!(stdout(&o).contains("Updated 1 file."));
    assert_eq!(o.status.code(), Some(1), "the items still fail");
    assert_eq!(
        stdout(&o).matches("FAIL     [ ] ").count(),
        9,
        "{}",
        stdout(&o)
    );
    let o = speclint(tmp.path(), &["check", "--format", "json", "--select", "K"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(json(&o)["diagnostics"].as_array().unwrap().len(), 0);
}

#[test]
fn an_item_the_model_does_not_know_is_reported_unproven() {
    let tmp = before_state();
    let spec = tmp.path().join(SPEC_005);
    let text = std::fs::read_to_string(&spec).unwrap().replace(
        "- [ ] Backend JWT verification code example included",
        "- [ ] Backend JWT example looks fine",
    );
    std::fs::write(&spec, text).unwrap();
    let o = speclint(tmp.path(), &["check", "--format", "json", "--select", "K"]);
    assert_eq!(o.status.code(), Some(0), "K002 is info");
    let report = json(&o);
    let diags = report["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0]["code"], "K002");
    assert_eq!(diags[0]["severity"], "info");
    let o = speclint(
        tmp.path(),
        &["checklist", "specs/004-auth-integration/spec.md"],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).starts_with("No checklist found"),
        "{}",
        stdout(&o)
    );
    let o = speclint(tmp.path(), &["checklist", SPEC_005]);
    assert!(
        stdout(&o).contains("  unproven [ ] Backend JWT example looks fine (no rule; line 67)"),
        "{}",
        stdout(&o)
    );
}
