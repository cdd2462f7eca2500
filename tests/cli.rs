//! The command line end to end: exit codes, formats, and the acceptance cases of the
//! spec-004 change request (the before-state fails with the right codes; `fix
//! --write` turns it into our own spec 004 byte for byte; patches apply with git).

mod common;
use common::{copy_fixture, root, speclint, stderr, stdout};

use std::path::PathBuf;
use std::process::Command;

#[test]
fn the_repository_passes_its_own_gate() {
    let o = speclint(&root(), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("All checks passed (2 files)"));
    let o = speclint(&root(), &["fix", "--check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn the_before_state_fails_with_the_change_requests_findings() {
    let dir = root().join("fixtures/auth-before");
    let o = speclint(&dir, &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let diags = json["diagnostics"].as_array().unwrap();
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    for code in ["D001", "S001", "C001", "C005"] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    // D001 points at the "Create JWT & Session" label of the message to the backend.
    let text = std::fs::read_to_string(dir.join("specs/004-auth-integration/spec.md")).unwrap();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let d001: Vec<&serde_json::Value> = diags.iter().filter(|d| d["code"] == "D001").collect();
    assert!(
        d001.iter()
            .all(|d| d["line"] == line_of("2. Create JWT & Session"))
    );
    assert!(d001.iter().any(|d| d["message"]
        == "FastAPI Backend is shown creating JWT, but only Next.js Frontend creates it"));
    let line = text
        .lines()
        .nth(line_of("2. Create JWT & Session") - 1)
        .unwrap();
    let col = d001[0]["column"].as_u64().unwrap() as usize;
    let end = d001[0]["end_column"].as_u64().unwrap() as usize;
    let shown: String = line.chars().skip(col - 1).take(end - col).collect();
    assert_eq!(shown, "2. Create JWT & Session");
    assert_eq!(json["version"], 1);
    assert_eq!(
        json["summary"]["files"], 2,
        "spec 004 and the checklist of spec 005"
    );
    assert_eq!(
        json["summary"]["errors"].as_u64().unwrap() as usize,
        diags.iter().filter(|d| d["severity"] == "error").count()
    );
}

#[test]
fn fix_write_turns_the_before_state_into_our_spec_004() {
    let tmp = copy_fixture("auth-before");
    let spec = tmp.path().join("specs/004-auth-integration/spec.md");
    let before = std::fs::read(&spec).unwrap();

    let diff = speclint(tmp.path(), &["fix"]);
    assert_eq!(diff.status.code(), Some(0));
    assert!(stdout(&diff).contains("--- a/specs/004-auth-integration/spec.md"));
    assert_eq!(
        std::fs::read(&spec).unwrap(),
        before,
        "plain `fix` changes nothing"
    );
    assert_eq!(
        speclint(tmp.path(), &["fix", "--check"]).status.code(),
        Some(1)
    );

    let o = speclint(tmp.path(), &["fix", "--write"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o), "Applied 4 fixes to 1 file.\n");
    let ours = std::fs::read(root().join("specs/004-auth-integration/spec.md")).unwrap();
    assert!(
        std::fs::read(&spec).unwrap() == ours,
        "the fixed before-state differs from specs/004-auth-integration/spec.md"
    );
    assert_eq!(speclint(tmp.path(), &["check"]).status.code(), Some(0));
    assert_eq!(
        speclint(tmp.path(), &["fix", "--check"]).status.code(),
        Some(0)
    );
}

#[test]
fn patches_apply_in_order_with_git() {
    let tmp = copy_fixture("auth-before");
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(tmp.path())
            .output()
            .expect("git runs")
    };
    if git(&["init", "-q"]).status.code() != Some(0) {
        panic!("git is needed for this test");
    }
    let patches = tmp.path().join("patches");
    let o = speclint(
        tmp.path(),
        &["fix", "--patch-dir", patches.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut names: Vec<PathBuf> = std::fs::read_dir(&patches)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert_eq!(names.len(), 4, "one patch per fix: {names:?}");
    for p in &names {
        let o = git(&["apply", p.to_str().unwrap()]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}: {}",
            p.display(),
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let fixed = std::fs::read(tmp.path().join("specs/004-auth-integration/spec.md")).unwrap();
    assert!(fixed == std::fs::read(root().join("specs/004-auth-integration/spec.md")).unwrap());
    // With the patches applied nothing is left to fix, and the folder is left as it is.
    let written: Vec<Vec<u8>> = names.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let again = speclint(
        tmp.path(),
        &["fix", "--patch-dir", patches.to_str().unwrap()],
    );
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(stdout(&again).contains("No fixes to apply."));
    assert_eq!(
        std::fs::read_dir(&patches).unwrap().count(),
        4,
        "no patch added"
    );
    let now: Vec<Vec<u8>> = names.iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert_eq!(now, written, "no patch rewritten");
}

#[test]
fn patch_dir_refuses_to_overwrite_files() {
    let tmp = copy_fixture("auth-before");
    let patches = tmp.path().join("patches");
    std::fs::create_dir_all(&patches).unwrap();
    let existing = std::fs::read_dir(&patches).unwrap().count();
    assert_eq!(existing, 0);
    let o = speclint(tmp.path(), &["fix", "--patch-dir", "patches"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "Wrote 4 patches to patches.\n");
    // The same run again: the same patches, which are not a conflict.
    let o = speclint(tmp.path(), &["fix", "--patch-dir", "patches"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "Wrote 4 patches to patches.\n");
    assert_eq!(std::fs::read_dir(&patches).unwrap().count(), 4);
    let first = std::fs::read_dir(&patches)
        .unwrap()
        .map(|e| e.unwrap().path())
        .min()
        .unwrap();
    std::fs::write(&first, "mine").unwrap();
    for e in std::fs::read_dir(&patches).unwrap() {
        let p = e.unwrap().path();
        if p != first {
            std::fs::remove_file(p).unwrap();
        }
    }
    let o = speclint(tmp.path(), &["fix", "--patch-dir", "patches"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("refusing to overwrite"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&first).unwrap(), "mine");
}

#[test]
fn an_invalid_model_is_exit_2_with_a_location() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("speclint.yaml"),
        "version: 1\ncomponents:\n  web: { name: Web, colour: blue }\n",
    )
    .unwrap();
    let o = speclint(tmp.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("speclint.yaml:3:"), "{err}");
    assert!(err.contains("unknown field `colour`"), "{err}");
    assert!(stdout(&o).is_empty());
}

#[test]
fn exit_codes_follow_the_contract() {
    let dir = root().join("fixtures/auth-before");
    assert_eq!(
        speclint(&dir, &["check", "--exit-zero"]).status.code(),
        Some(0)
    );
    assert_eq!(
        speclint(&dir, &["check", "--select", "S006"]).status.code(),
        Some(0)
    );
    assert_eq!(
        speclint(&dir, &["check", "--ignore", "D,S,C,M"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        speclint(&dir, &["check", "--select", "X999"]).status.code(),
        Some(2)
    );
    assert_eq!(
        speclint(&dir, &["check", "no/such/file.md"]).status.code(),
        Some(2)
    );
    assert_eq!(speclint(&dir, &["explain", "D001"]).status.code(), Some(0));
    assert_eq!(speclint(&dir, &["explain", "Z123"]).status.code(), Some(2));
}

#[test]
fn github_annotations_escape_spec_text() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("speclint.yaml"),
        "version: 1\ncomponents:\n  a: { name: A }\n  b: { name: B }\nschema:\n  owners: { o: { name: O } }\n  tables: { t: { owner: o } }\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("x.md"),
        "# X\n\n```sql\nCREATE TABLE \"evil%0A::warning::x\" (id INT);\n```\n",
    )
    .unwrap();
    let o = speclint(tmp.path(), &["check", "x.md", "--format", "github"]);
    let out = stdout(&o);
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("::warning file=x.md,line=4,col=14,"),
        "{first}"
    );
    assert!(first.contains("title=S009 unknown-table::"), "{first}");
    assert!(
        first.contains("evil%250A::warning::x"),
        "the % is escaped: {first}"
    );
    assert_eq!(out.lines().filter(|l| l.starts_with("::")).count(), 1);
}

#[test]
fn rules_lists_every_rule_as_json() {
    let o = speclint(&root(), &["rules", "--format", "json"]);
    let rules: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let codes: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    for code in [
        "D001", "D002", "D003", "D004", "D005", "D009", "S001", "S002", "S003", "S004", "S005",
        "S006", "C001", "C005", "M003",
    ] {
        assert!(codes.contains(&code), "{code}");
    }
    let explain = stdout(&speclint(&root(), &["explain", "creator-mismatch"]));
    assert!(explain.starts_with("D001 (creator-mismatch)"));
    assert!(explain.contains("## Why is this bad?") && explain.contains("## Use instead"));
}

#[test]
fn inspect_reads_the_corrected_diagram() {
    let o = speclint(
        &root(),
        &[
            "inspect",
            "specs/004-auth-integration/spec.md",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let d = &json["diagrams"][0];
    assert_eq!(d["flow"], "signin");
    let comps: Vec<&str> = d["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["component"].as_str().unwrap())
        .collect();
    assert_eq!(comps, ["browser", "frontend", "backend"]);
    let steps = d["steps"].as_array().unwrap();
    let kinds: Vec<(u64, &str, &str)> = steps
        .iter()
        .map(|s| {
            let who = s["at"].as_str().or(s["to"].as_str()).unwrap();
            (s["n"].as_u64().unwrap(), s["kind"].as_str().unwrap(), who)
        })
        .collect();
    assert_eq!(
        kinds,
        [
            (1, "message", "frontend"),
            (2, "note", "frontend"),
            (3, "note", "frontend"),
            (4, "message", "browser"),
            (5, "message", "backend"),
            (6, "note", "backend"),
            (7, "note", "backend"),
            (8, "message", "browser")
        ]
    );
    assert_eq!(steps[2]["text"], "Create JWT (Better Auth)");
    let tables: Vec<&str> = json["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(tables, ["user", "session", "tasks"]);
    assert_eq!(json["tables"][2]["owner_claimed"], "backend");
}

#[test]
fn paths_are_shown_relative_to_the_current_folder() {
    let dir = root().join("fixtures/auth-before");
    let o = speclint(&dir.join("specs"), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let paths: std::collections::BTreeSet<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    // Relative to the current folder, as ruff shows them, JSON included.
    assert_eq!(
        paths.into_iter().collect::<Vec<_>>(),
        ["004-auth-integration/spec.md"]
    );
    // From a folder beside them, with `..`; and every path shown exists from there.
    let o = speclint(
        &dir.join("specs/005-fix-auth-flow"),
        &["check", "--output-format", "concise"],
    );
    let out = stdout(&o);
    let shown: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_once(':').map(|(p, _)| p))
        .filter(|p| p.ends_with(".md"))
        .collect();
    assert!(!shown.is_empty(), "{out}");
    for p in shown {
        assert_eq!(p, "../004-auth-integration/spec.md");
        assert!(dir.join("specs/005-fix-auth-flow").join(p).exists());
    }
    assert_eq!(
        json["summary"]["files"], 2,
        "specs 004 and 005, as the model lists them"
    );
}

/// `speclint … | head`: a reader that stops reading is no failure, for every
/// command that prints. Standard output is a socket whose other end is closed
/// before the command starts, so every write fails as it would after `head` exits.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    use std::os::unix::net::UnixStream;
    let dir = root().join("fixtures/auth-before");
    let spec = "specs/004-auth-integration/spec.md";
    let commands: &[&[&str]] = &[
        &["check"],
        &["check", "--format", "json"],
        &["fix"],
        &["rules"],
        &["rules", "--format", "json"],
        &["explain", "D001"],
        &["man"],
        &["schema"],
        &["completions", "bash"],
        &["inspect", spec],
        &["inspect", spec, "--format", "json"],
        &["checklist"],
        &["checklist", "--format", "json"],
        &["render", "diagram", "--flow", "signin"],
        &["render", "section", "database-schema"],
        &["init", "--output", "-"],
    ];
    for args in commands {
        let (ours, theirs) = UnixStream::pair().unwrap();
        drop(ours);
        let o = Command::new(env!("CARGO_BIN_EXE_speclint"))
            .args(*args)
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::from(std::os::fd::OwnedFd::from(
                theirs,
            )))
            .output()
            .unwrap();
        assert!(!stderr(&o).contains("error"), "{args:?}: {}", stderr(&o));
        assert_ne!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn a_missing_model_is_one_message_naming_the_os_error_once() {
    let tmp = tempfile::tempdir().unwrap();
    let o = speclint(tmp.path(), &["check", "--model", "nosuch.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
    assert!(err.contains("nosuch.yaml"), "{err}");
    // With no model at all, `render` points at `speclint init`.
    let o = speclint(tmp.path(), &["render", "section", "cors"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`speclint init` drafts one"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_mistyped_command_suggests_the_closest_one() {
    let o = speclint(&root(), &["chek"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("tip: a similar subcommand exists: 'check'"),
        "{err}"
    );
    assert!(!err.contains("'schema'"), "{err}");
}

#[test]
fn fail_on_info_fails_on_any_finding() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("speclint.yaml"), common::SMALL_MODEL).unwrap();
    // An unused suppression: M004, at severity info.
    std::fs::write(
        tmp.path().join("a.md"),
        "# A\n\n<!-- speclint-disable-next-line S009 -->\nNothing here.\n",
    )
    .unwrap();
    let o = speclint(tmp.path(), &["check", "a.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("M004"), "{}", stdout(&o));
    let o = speclint(tmp.path(), &["check", "a.md", "--fail-on", "info"]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn model_is_accepted_after_any_subcommand() {
    let tmp = tempfile::tempdir().unwrap();
    let model = root().join("fixtures/auth-before/speclint.yaml");
    let model = model.to_str().unwrap();
    let o = speclint(
        tmp.path(),
        &["render", "diagram", "--flow", "signin", "--model", model],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("Verify JWT"), "{}", stdout(&o));
    let o = speclint(
        tmp.path(),
        &["render", "section", "database-schema", "--model", model],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A generator's name finds the first section it renders.
    let by_kind = speclint(
        tmp.path(),
        &["render", "section", "schema", "--model", model],
    );
    assert_eq!(by_kind.status.code(), Some(0), "{}", stderr(&by_kind));
    assert_eq!(stdout(&by_kind), stdout(&o));
}

#[test]
fn render_section_help_names_only_generators_that_exist() {
    let o = speclint(&root(), &["render", "section", "--help"]);
    let help = stdout(&o);
    let listed = help
        .lines()
        .find_map(|l| l.split_once("by its generator: "))
        .map(|(_, list)| list.trim().to_string())
        .unwrap_or_else(|| panic!("{help}"));
    assert_eq!(listed, speclint::generate::SECTION_KINDS.join(", "));
    // Each renders, in this repository's model, by that name.
    for kind in speclint::generate::SECTION_KINDS
        .iter()
        .filter(|k| **k != "diagram")
    {
        let o = speclint(&root(), &["render", "section", kind]);
        assert_eq!(o.status.code(), Some(0), "{kind}: {}", stderr(&o));
    }
}

/// `check FOLDER` walks as ripgrep does: `.gitignore` (with or without git),
/// `.ignore` and git's excludes leave files out, hidden folders are skipped, and a
/// file named on the command line is checked whatever they say.
#[test]
fn folders_are_walked_as_ripgrep_walks_them() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::write(root.join("speclint.yaml"), common::SMALL_MODEL).unwrap();
    let bad = "```sql\nCREATE TABLE x (a INT,);\n```\n";
    for (path, text) in [
        ("specs/a.md", bad),
        ("specs/node_modules/pkg/readme.md", bad),
        ("specs/build/out.md", bad),
        ("specs/.cache/notes.md", bad),
        ("specs/local/mine.md", bad),
        ("specs/drafts/idea.md", bad),
        (".gitignore", "node_modules/\n/specs/build/\n"),
        (".ignore", "drafts/\n"),
        (".git/info/exclude", "local/\n"),
    ] {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let o = speclint(root, &["check", "specs", "--output-format", "concise"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let paths: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_once(':').map(|(p, _)| p))
        .filter(|p| p.ends_with(".md"))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(paths, ["specs/a.md"], "{out}");
    // Named, an ignored file is checked.
    let o = speclint(
        root,
        &[
            "check",
            "specs/node_modules/pkg/readme.md",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["summary"]["files"], 1);
    assert_eq!(
        json["diagnostics"][0]["path"],
        "specs/node_modules/pkg/readme.md"
    );
    // A hidden folder named on the command line is walked.
    let o = speclint(root, &["check", "specs/.cache", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["summary"]["files"], 1);
}

/// A folder with no Markdown checks nothing: a warning says so, and the run exits
/// 0 (an empty selection is no finding; a path that does not exist is exit 2).
#[test]
fn a_folder_without_markdown_warns_that_nothing_was_checked() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("speclint.yaml"), common::SMALL_MODEL).unwrap();
    std::fs::create_dir_all(tmp.path().join("src")).unwrap();
    std::fs::write(tmp.path().join("src/main.py"), "print('hi')\n").unwrap();
    let o = speclint(tmp.path(), &["check", "src"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "speclint: warning: no Markdown file to check in src: nothing was checked\n"
    );
    assert_eq!(
        speclint(tmp.path(), &["check", "nosuch"]).status.code(),
        Some(2)
    );
}

/// `rules` wraps to the width it is given (the terminal's, else COLUMNS), and its
/// FIX column says whether a rule fixes, always or in some cases, and whether the
/// fix is safe; `explain` says the same.
#[test]
fn rules_wrap_and_say_how_each_fixes() {
    let o = Command::new(env!("CARGO_BIN_EXE_speclint"))
        .args(["rules"])
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for line in out.lines() {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
    assert!(out.starts_with("CODE  NAME"), "{out}");
    let d001 = out.lines().find(|l| l.starts_with("D001 ")).unwrap();
    assert!(d001.ends_with("safe fix, in some cases"), "{d001}");
    let s003 = out.lines().find(|l| l.starts_with("S003 ")).unwrap();
    assert!(s003.ends_with("unsafe fix, in some cases"), "{s003}");
    let d003 = out.lines().find(|l| l.starts_with("C003 ")).unwrap();
    assert!(d003.ends_with("no fix"), "{d003}");
    assert!(!out.contains("fix?"));
    let o = speclint(&root(), &["explain", "D001"]);
    let first = stdout(&o).lines().next().unwrap().to_string();
    assert_eq!(
        first,
        "D001 (creator-mismatch) — error, safe fix, in some cases"
    );
    let o = speclint(&root(), &["rules", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let c002 = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "C002")
        .unwrap();
    assert_eq!(c002["fix_safety"], "safe-or-unsafe");
    assert!(c002["fix"].as_str().unwrap().contains("(unsafe)"));
}
