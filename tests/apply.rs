//! `speclint apply` end to end: the user's change request (as it arrived, mojibake
//! and all) applied to the before-state of spec 004, through `--write` and through
//! `git apply` of its patches; idempotence; a half-applied spec; stale line hints;
//! conflicts; hostile target paths; and the shapes change requests take.

mod common;
use common::{copy_dir, copy_fixture, root, speclint, stderr, stdout};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SPEC: &str = "specs/004-auth-integration/spec.md";

/// The change request exactly as it arrived (UTF-8 read as Windows-1252).
fn seed() -> PathBuf {
    root().join("fixtures/encoding/seed.md")
}

fn apply(dir: &Path, request: &Path, extra: &[&str]) -> Output {
    let request = request.to_str().unwrap();
    let mut args = vec!["apply", request];
    args.extend_from_slice(extra);
    speclint(dir, &args)
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

fn statuses(v: &serde_json::Value) -> Vec<String> {
    v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap().to_string())
        .collect()
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap()
}

/// Spec 004 after the seed, written in place.
fn seed_applied() -> String {
    let tmp = copy_fixture("auth-before");
    let o = apply(tmp.path(), &seed(), &["--write"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    read(tmp.path(), SPEC)
}

#[test]
fn the_raw_seed_applied_to_auth_before_gives_the_change_requests_sections() {
    let damaged = std::fs::read_to_string(seed()).unwrap();
    assert!(!speclint::encoding::find_mojibake(&damaged).is_empty());
    let tmp = copy_fixture("auth-before");
    let o = apply(tmp.path(), &seed(), &["--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert!(v["repaired_mojibake"].as_u64().unwrap() > 0);
    assert_eq!(
        statuses(&v),
        [
            "applied",
            "stale-location",
            "stale-location",
            "stale-location"
        ]
    );
    assert_eq!(
        v["changes"][0]["location"]["said"].as_str(),
        Some("Lines 8-33")
    );
    assert_eq!(
        v["changes"][2]["location"]["message"].as_str(),
        Some("Location says after line 67; the section ends at line 41")
    );
    // The model checks the result: what the change request brings in is reported.
    let introduced = v["files"][0]["introduced"].as_array().unwrap();
    assert!(
        introduced.iter().any(|f| f["code"] == "C007"),
        "{introduced:?}"
    );
    assert_eq!(v["files"][0]["written"], false);

    let after = seed_applied();
    insta::assert_snapshot!("seed_applied_to_auth_before", after);
    assert!(speclint::encoding::find_mojibake(&after).is_empty());
    assert!(
        !after.contains("Create JWT & Session"),
        "the old diagram is gone"
    );
    assert!(
        !after.contains("3. JWT + session id"),
        "the whole diagram is replaced"
    );
    assert!(
        !after.lines().any(|l| l.starts_with("````")),
        "the early-closing fences are read as the author meant"
    );
    let at = |heading: &str| {
        after
            .lines()
            .position(|l| l == heading)
            .unwrap_or_else(|| panic!("no {heading}"))
    };
    let order = [
        at("## Prerequisites"),
        at("### Backend CORS Configuration (Required)"),
        at("## Backend JWT Verification (Feature 002 Reference)"),
        at("## Better Auth Installation"),
        at("## Database Schema"),
        at("## User Scenarios & Testing _(mandatory)_"),
    ];
    assert!(order.is_sorted(), "{order:?}");
    for text in [
        "      │ 8. Return user's tasks                          │",
        "  password_hash VARCHAR(255) NOT NULL,",
        "        payload = jwt.decode(token, secret, algorithms=[\"HS256\"])",
        "    allow_credentials=True,  # CRITICAL: Required for cookies",
    ] {
        assert!(after.contains(text), "{text}");
    }
}

#[test]
fn patches_apply_in_order_with_git_and_give_the_same_spec() {
    let tmp = copy_fixture("auth-before");
    let patches = tmp.path().join("patches");
    let o = apply(
        tmp.path(),
        &seed(),
        &["--patch-dir", patches.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        read(tmp.path(), SPEC),
        read(&root().join("fixtures/auth-before"), SPEC),
        "without --write nothing is written"
    );
    let mut names: Vec<PathBuf> = std::fs::read_dir(&patches)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert_eq!(names.len(), 4);
    assert!(
        names[0]
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("0001-change-1-fix-architecture-flow-diagram")
    );

    let repo = tempfile::tempdir().unwrap();
    copy_dir(&root().join("fixtures/auth-before"), repo.path());
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(repo.path())
            .output()
            .expect("git runs")
    };
    assert_eq!(git(&["init", "-q"]).status.code(), Some(0), "git is needed");
    for p in &names {
        let o = git(&["apply", p.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}: {}", p.display(), stderr(&o));
    }
    assert_eq!(read(repo.path(), SPEC), seed_applied());
}

#[test]
fn applying_twice_changes_nothing() {
    let tmp = copy_fixture("auth-before");
    let o = apply(tmp.path(), &seed(), &["--check"]);
    assert_eq!(o.status.code(), Some(1), "not applied yet");
    let o = apply(tmp.path(), &seed(), &["--write"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let once = read(tmp.path(), SPEC);
    let o = apply(tmp.path(), &seed(), &["--write", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(statuses(&json(&o)), ["already-applied"; 4]);
    assert_eq!(read(tmp.path(), SPEC), once);
    let o = apply(tmp.path(), &seed(), &[]);
    assert_eq!(stdout(&o), "No changes to apply.\n");
    let o = apply(tmp.path(), &seed(), &["--check"]);
    assert_eq!(o.status.code(), Some(0), "fully applied");
}

#[test]
fn with_changes_1_and_2_in_only_3_and_4_apply() {
    let tmp = copy_fixture("auth-before");
    // Spec 004 edited by hand with changes 1 and 2, trailing spaces trimmed by
    // the editor.
    std::fs::copy(
        root().join("fixtures/apply/seed-partial-004.md"),
        tmp.path().join(SPEC),
    )
    .unwrap();
    let o = apply(tmp.path(), &seed(), &["--write", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(
        statuses(&v),
        [
            "already-applied",
            "already-applied",
            "stale-location",
            "stale-location"
        ]
    );
    assert_eq!(v["changes"][1]["match"], "whitespace");
    let trimmed = |s: &str| s.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
    assert_eq!(trimmed(&read(tmp.path(), SPEC)), trimmed(&seed_applied()));
}

/// A target of 100 numbered lines with a three-line block at lines 50-52 and one
/// written twice, at 20-22 and 80-82.
fn numbered_target() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let mut text = String::from("# Notes\n\n");
    for n in 3..=100 {
        let line = match n {
            50 => "The cache keeps entries for one hour.".to_string(),
            51 => "Entries are evicted oldest first.".to_string(),
            52 => "A full cache refuses nothing.".to_string(),
            20 | 80 => "Repeated note, first line.".to_string(),
            21 | 81 => "Repeated note, second line.".to_string(),
            22 | 82 => "Repeated note, third line.".to_string(),
            _ => format!("Filler line {n}."),
        };
        text.push_str(&line);
        text.push('\n');
    }
    std::fs::write(tmp.path().join("notes.md"), text).unwrap();
    tmp
}

fn request(dir: &Path, location: &str, find: &str, replace: &str) -> PathBuf {
    let path = dir.join("request.md");
    std::fs::write(
        &path,
        format!(
            "# Change request\n\n### Change 1: Edit\n\n**File**: `notes.md`\n**Location**: {location}\n\n**Current**:\n\n```\n{find}\n```\n\n**Replace with**:\n\n```\n{replace}\n```\n"
        ),
    )
    .unwrap();
    path
}

#[test]
fn line_hints_off_by_40_lines_still_apply() {
    let find = "The cache keeps entries for one hour.\nEntries are evicted oldest first.\nA full cache refuses nothing.";
    let replace = "The cache keeps entries for ten minutes.\nEntries are evicted oldest first.";
    for (hint, said) in [
        ("Lines 10-12", "lines 10-12"),
        ("Lines 90-92", "lines 90-92"),
    ] {
        let tmp = numbered_target();
        let req = request(tmp.path(), hint, find, replace);
        let o = apply(tmp.path(), &req, &["--write", "--format", "json"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v = json(&o);
        let c = &v["changes"][0];
        assert_eq!(c["status"], "stale-location");
        assert_eq!(
            c["location"]["message"].as_str().unwrap(),
            format!("Location says {said}; the block is at 50-52")
        );
        assert_eq!(c["before"]["start_line"], 50);
        let text = read(tmp.path(), "notes.md");
        assert!(text.contains("Filler line 49.\nThe cache keeps entries for ten minutes.\nEntries are evicted oldest first.\nFiller line 53.\n"));
    }
    // The hint breaks a tie between two copies of the block.
    let tmp = numbered_target();
    let find =
        "Repeated note, first line.\nRepeated note, second line.\nRepeated note, third line.";
    let req = request(tmp.path(), "Lines 75-77", find, "Only note.");
    let o = apply(tmp.path(), &req, &["--format", "json"]);
    let v = json(&o);
    assert_eq!(v["changes"][0]["before"]["start_line"], 80);
    assert_eq!(v["changes"][0]["status"], "stale-location");
    let req = request(tmp.path(), "Lines 20-22", find, "Only note.");
    let v = json(&apply(tmp.path(), &req, &["--format", "json"]));
    assert_eq!(v["changes"][0]["before"]["start_line"], 20);
    assert_eq!(v["changes"][0]["status"], "applied");
}

const EDITED: &str = "# Request\n\n### Change 1: Skip paid orders\n\n**File**: `docs/orders.md`\n\n**Find**:\n\n```python\ndef on_payment(event):\n    order = orders.fetch(event.order_id)\n    order.mark_paid()\n```\n\n**Replace with**:\n\n```python\ndef on_payment(event):\n    order = orders.fetch(event.order_id)\n    if not order.is_paid():\n        order.mark_paid()\n```\n\n### Change 2: Wording\n\n**File**: `docs/orders.md`\n**Find**: `The payment provider calls back with the outcome:`\n**Replace with**: `The payment provider calls back once it knows the outcome:`\n";

#[test]
fn a_block_edited_since_is_a_conflict_showing_the_candidate() {
    let tmp = copy_fixture("apply/shapes");
    let req = tmp.path().join("edited.md");
    std::fs::write(&req, EDITED).unwrap();
    let before = read(tmp.path(), "docs/orders.md");
    let o = apply(tmp.path(), &req, &["--write"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("Change 1 (Skip paid orders): CONFLICT"),
        "{err}"
    );
    assert!(err.contains("the closest text is at lines 26-28"), "{err}");
    assert!(
        err.contains("-    order = orders.fetch(event.order_id)"),
        "{err}"
    );
    assert!(
        err.contains("+    order = orders.get(event.order_id)"),
        "{err}"
    );
    assert!(
        err.contains("nothing written to this file without --partial"),
        "{err}"
    );
    assert_eq!(read(tmp.path(), "docs/orders.md"), before);

    let o = apply(tmp.path(), &req, &["--format", "json"]);
    let v = json(&o);
    assert_eq!(statuses(&v), ["conflict", "applied"]);
    assert_eq!(v["changes"][0]["candidate"]["lines"]["start_line"], 26);

    let o = apply(tmp.path(), &req, &["--write", "--partial"]);
    assert_eq!(o.status.code(), Some(1), "a conflict still fails the run");
    let after = read(tmp.path(), "docs/orders.md");
    assert!(after.contains("calls back once it knows the outcome:"));
    assert!(after.contains("    order = orders.get(event.order_id)\n    order.mark_paid()"));
}

#[test]
fn hostile_target_paths_are_refused() {
    let tmp = copy_fixture("apply/shapes");
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.md");
    std::fs::write(&victim, "Old text.\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&victim, tmp.path().join("docs/link.md")).unwrap();
    let before = read(tmp.path(), "docs/orders.md");
    let mut cases = vec!["../../etc/passwd".to_string(), "/etc/passwd".to_string()];
    cases.push(victim.display().to_string());
    if cfg!(unix) {
        cases.push("docs/link.md".to_string());
    }
    for target in cases {
        // A good change first: nothing at all is written when a later one is refused.
        let text = format!(
            "# Request\n\n### Change 1: Wording\n\n**File**: `docs/orders.md`\n**Find**: `## Payments`\n**Replace with**: `## Payment`\n\n### Change 2: Escape\n\n**File**: `{target}`\n**Find**: `Old text.`\n**Replace with**: `New text.`\n"
        );
        let req = tmp.path().join("hostile.md");
        std::fs::write(&req, text).unwrap();
        let o = apply(tmp.path(), &req, &["--write"]);
        assert_eq!(o.status.code(), Some(2), "{target}: {}", stderr(&o));
        assert!(stderr(&o).contains("outside"), "{target}: {}", stderr(&o));
        assert_eq!(read(tmp.path(), "docs/orders.md"), before, "{target}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "Old text.\n");
    }
}

#[test]
fn the_shapes_change_requests_take() {
    let tmp = copy_fixture("apply/shapes");
    let req = tmp.path().join("requests/edits.md");
    let o = apply(tmp.path(), &req, &["--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    let got: Vec<(String, String)> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["status"].as_str().unwrap().to_string(),
                c["match"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect();
    let want = [
        ("stale-location", "exact"),
        ("applied", "whitespace"),
        ("applied", "exact"),
        ("applied", "-"),
        ("applied", "-"),
    ];
    assert_eq!(
        got,
        want.map(|(a, b)| (a.to_string(), b.to_string())).to_vec()
    );
    let o = apply(tmp.path(), &req, &["--write"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!("shapes_applied", read(tmp.path(), "docs/orders.md"));
    let o = apply(tmp.path(), &req, &["--check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

mod never_panics {
    use proptest::prelude::*;
    use speclint::change::{Status, apply_change, parse_changes};

    const REQUEST: &[&str] = &[
        "### Change 1: T",
        "## Change 2 - U",
        "**File**: `a.md`",
        "**Location**: Lines 2-3",
        "**Location**: After A section (line 9)",
        "**Location**: After line 1",
        "**Find**:",
        "**Find**: `x`",
        "**Replace with**:",
        "**Replace with**: `y`",
        "**Add New Section**:",
        "**Add After Line 3**:",
        "```",
        "````",
        "```markdown",
        "````markdown",
        "```python",
        "## A",
        "# A",
        "x",
        "text  ❌ WRONG",
        "",
        "é ÃƒÂ©",
        "│──→│",
        "---",
        "\r",
    ];
    const TARGET: &[&str] = &[
        "# T",
        "## A",
        "### B",
        "x",
        "y",
        "",
        "```",
        "````",
        "<!--",
        "-->",
        "text",
        "│──→│",
    ];

    fn lines(pool: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(pool), 0..max).prop_map(|v| {
            let mut s = v.join("\n");
            s.push('\n');
            s
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn reading_and_applying_any_request(request in lines(REQUEST, 40), target in lines(TARGET, 30)) {
            let request = format!("### Change 1: T\n{request}");
            for change in parse_changes(&request) {
                let (result, text) = apply_change(&change, "a.md", &target);
                if let Some(text) = text {
                    prop_assert!(matches!(result.status, Status::Applied | Status::StaleLocation));
                    // Whatever applied can be applied again without a panic.
                    let _ = apply_change(&change, "a.md", &text);
                } else {
                    prop_assert!(matches!(result.status, Status::AlreadyApplied | Status::Conflict));
                }
            }
        }
    }
}

#[test]
fn changes_that_name_no_file_need_target() {
    let tmp = copy_fixture("apply/shapes");
    let req = tmp.path().join("no-file.md");
    std::fs::write(
        &req,
        "# Request\n\n### Change 1: Title\n\n**Find**: `# Feature Specification: Order Intake`\n**Replace with**: `# Feature Specification: Order Intake Service`\n",
    )
    .unwrap();
    let o = apply(tmp.path(), &req, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("change 1 names no file"),
        "{}",
        stderr(&o)
    );
    let o = apply(tmp.path(), &req, &["--target", "docs/orders.md", "--write"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        read(tmp.path(), "docs/orders.md")
            .starts_with("# Feature Specification: Order Intake Service\n")
    );
    let o = apply(tmp.path(), &req, &["--target", "../outside.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("outside the repository"),
        "{}",
        stderr(&o)
    );
}
