//! A document over 1 MiB has its blocks read and its rules run on every core. With
//! `SPECLINT_LARGE_DOCUMENT=0` (debug builds) every document takes that path: these
//! cases hold it to the one-thread path on every fixture system.

mod common;

use std::path::Path;
use std::process::Output;

use common::{root, stderr, stdout};

fn run(dir: &Path, args: &[&str], spread: bool) -> Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_speclint"));
    cmd.args(args).current_dir(dir).env("NO_COLOR", "1");
    if spread {
        cmd.env("SPECLINT_LARGE_DOCUMENT", "0");
    }
    cmd.output().expect("speclint runs")
}

#[test]
fn every_core_finds_and_fixes_what_one_thread_does() {
    for system in ["rules", "orders", "auth-before", "code-node"] {
        let dir = root().join("fixtures").join(system);
        for args in [
            &["check", "--format", "json", "."][..],
            &["check", "."][..],
            &["fix", "--unsafe-fixes", "."][..],
        ] {
            let one = run(&dir, args, false);
            let every = run(&dir, args, true);
            assert!(
                matches!(one.status.code(), Some(0 | 1)),
                "{system} {args:?}: {}",
                stderr(&one)
            );
            assert_eq!(one.status.code(), every.status.code(), "{system} {args:?}");
            assert!(!stdout(&one).is_empty(), "{system} {args:?}");
            assert_eq!(stdout(&one), stdout(&every), "{system} {args:?}");
        }
    }
}
