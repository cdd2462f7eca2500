//! Writes that lose nothing, proven with faults injected into the debug binary (see
//! `src/fault.rs`): a process killed between writing the new content and renaming
//! it over the original leaves the original intact; a panic is exit 2 naming the
//! file, with that file untouched. The concurrent-change refusal is tested beside
//! the writer (`src/fix/write.rs`), where the change can be made at the worst moment.

mod common;
use common::{root, stderr};

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SPEC: &str = "specs/004-auth-integration/spec.md";

fn speclint(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_speclint"));
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// A copy of `fixtures/auth-before`, whose spec `fix --write` rewrites.
fn before_state() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let from = root().join("fixtures/auth-before");
    std::fs::copy(from.join("speclint.yaml"), tmp.path().join("speclint.yaml")).unwrap();
    std::fs::create_dir_all(tmp.path().join("specs/004-auth-integration")).unwrap();
    std::fs::copy(from.join(SPEC), tmp.path().join(SPEC)).unwrap();
    // The model also lists the change request's spec, with its checklist.
    let checklist = "specs/005-fix-auth-flow/spec.md";
    std::fs::create_dir_all(tmp.path().join("specs/005-fix-auth-flow")).unwrap();
    std::fs::copy(from.join(checklist), tmp.path().join(checklist)).unwrap();
    tmp
}

/// The temporary files the writer left beside the spec.
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir.join("specs/004-auth-integration"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(".spec.md.speclint-"))
        })
        .collect()
}

#[test]
fn killed_between_write_and_rename_the_original_is_intact() {
    let tmp = before_state();
    let original = std::fs::read(tmp.path().join(SPEC)).unwrap();
    let fixed = std::fs::read(root().join(SPEC)).unwrap();
    let mut child = speclint(tmp.path())
        .args(["fix", "--write"])
        .env("SPECLINT_FAULT", "hang-before-rename")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("speclint starts");
    // Wait until the whole new content is in the temporary file (written, synced,
    // the writer stopped before the rename), then kill the process there.
    let start = Instant::now();
    let complete = loop {
        let done = temporaries(tmp.path())
            .iter()
            .any(|p| std::fs::read(p).is_ok_and(|b| b == fixed));
        if done || start.elapsed() > Duration::from_secs(60) {
            break done;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    child.kill().expect("the process can be killed");
    let status = child.wait().unwrap();
    assert!(
        complete,
        "the new content never appeared in a temporary file"
    );
    assert!(!status.success(), "killed, not finished: {status:?}");
    assert_eq!(
        std::fs::read(tmp.path().join(SPEC)).unwrap(),
        original,
        "the original is intact"
    );
    // The next run does the job; the leftover temporary file is not in its way.
    let o = speclint(tmp.path())
        .args(["fix", "--write"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read(tmp.path().join(SPEC)).unwrap(), fixed);
}

#[test]
fn a_panic_is_exit_2_naming_the_file_and_the_others_are_still_reported() {
    let tmp = before_state();
    std::fs::write(tmp.path().join("other.md"), "# Other\n").unwrap();
    let o = speclint(tmp.path())
        .args(["check", "--format", "json", SPEC, "other.md"])
        .env("SPECLINT_FAULT", "panic@other.md")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("internal error while processing other.md: injected fault"),
        "{err}"
    );
    assert!(err.contains("please report it"), "{err}");
    assert!(!err.contains("stack backtrace"), "{err}");
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["summary"]["files"], 1, "the spec is still reported");
}

#[test]
fn a_panic_while_fixing_writes_nothing_to_that_file() {
    let tmp = before_state();
    let original = std::fs::read(tmp.path().join(SPEC)).unwrap();
    let o = speclint(tmp.path())
        .args(["fix", "--write"])
        .env("SPECLINT_FAULT", "panic@spec.md")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("internal error while processing ") && err.contains(SPEC),
        "{err}"
    );
    assert_eq!(std::fs::read(tmp.path().join(SPEC)).unwrap(), original);
    assert!(temporaries(tmp.path()).is_empty());
}
