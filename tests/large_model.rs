//! A large model (a monorepo's, listing thousands of specs) is loaded while the
//! specs named on the command line are read and parsed. These cases hold that path
//! to the plain one: the same findings, the model's errors first, and the model's
//! `lint:` settings (size limit, excludes) applied as if nothing had been read early.

mod common;

use std::path::Path;

use common::{copy_fixture, speclint, stderr, stdout};

/// YAML comment lines that take a model over the size at which it is loaded beside
/// the parse (64 KiB): the model means the same, only its size changes.
fn padding() -> String {
    "# a model this size lists thousands of documents\n".repeat(2_000)
}

fn pad_model(dir: &Path, extra: &str) {
    let path = dir.join("speclint.yaml");
    let model = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{model}{extra}{}", padding())).unwrap();
}

#[test]
fn a_large_model_gives_the_same_findings_as_a_small_one() {
    let small = copy_fixture("auth-before");
    let large = copy_fixture("auth-before");
    pad_model(large.path(), "");
    assert!(
        std::fs::metadata(large.path().join("speclint.yaml"))
            .unwrap()
            .len()
            > 64 * 1024
    );
    for args in [
        &["check", "--format", "json", "specs"][..],
        &["check", "specs/004-auth-integration/spec.md"][..],
        &["check", "--format", "json"][..],
    ] {
        let a = speclint(small.path(), args);
        let b = speclint(large.path(), args);
        assert_eq!(a.status.code(), Some(1), "{args:?}: {}", stderr(&a));
        assert_eq!(a.status.code(), b.status.code(), "{args:?}");
        assert_eq!(stdout(&a), stdout(&b), "{args:?}");
        assert_eq!(stderr(&a), stderr(&b), "{args:?}");
    }
}

#[test]
fn an_invalid_large_model_is_the_only_message() {
    let tmp = copy_fixture("auth-before");
    // A spec that is not UTF-8 would be warned about, had the run gone on.
    std::fs::write(tmp.path().join("specs/latin1.md"), b"# Caf\xe9\n").unwrap();
    pad_model(tmp.path(), "bogus_key: 1\n");
    let o = speclint(tmp.path(), &["check", "specs"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("bogus_key"), "{err}");
    assert!(!err.contains("latin1.md"), "nothing about the specs: {err}");
    assert_eq!(err.lines().count(), 1, "one message: {err}");
}

#[test]
fn a_large_models_size_limit_and_excludes_apply_to_specs_read_early() {
    let tmp = copy_fixture("auth-before");
    std::fs::create_dir_all(tmp.path().join("specs/drafts")).unwrap();
    std::fs::write(tmp.path().join("specs/drafts/latin1.md"), b"# Caf\xe9\n").unwrap();
    pad_model(
        tmp.path(),
        "lint:\n  max-file-size: 4000\n  exclude: [\"specs/drafts/**\"]\n",
    );
    let o = speclint(tmp.path(), &["check", "--format", "json", "specs"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("over the limit of 4000 bytes for a spec"),
        "the model's lower limit refuses spec 005: {err}"
    );
    assert!(
        !err.contains("latin1.md"),
        "the excluded draft is not read: {err}"
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let paths: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert!(!paths.is_empty(), "spec 004 is still checked");
    assert!(
        paths.iter().all(|p| p.contains("004-auth-integration")),
        "{paths:?}"
    );
}
