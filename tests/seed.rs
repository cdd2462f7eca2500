//! The change request as it arrived (UTF-8 read as Windows-1252, bytes lost) is the
//! acceptance test of the encoding repair: `fix --only M001` leaves no mojibake, and
//! both diagrams of its Change 1 then read as the core issue says.

use std::path::{Path, PathBuf};
use std::process::Command;

use speclint::document::Document;
use speclint::encoding::find_mojibake;
use speclint::extract::Extracts;
use speclint::extract::diagram::StepKind;
use speclint::model::{Names, load_model};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn fix_only_m001_repairs_the_change_request_and_its_diagrams_read_correctly() {
    let tmp = tempfile::tempdir().unwrap();
    let seed = tmp.path().join("change-request.md");
    std::fs::copy(root().join("fixtures/encoding/seed.md"), &seed).unwrap();
    std::fs::copy(
        root().join("speclint.yaml"),
        tmp.path().join("speclint.yaml"),
    )
    .unwrap();
    let damaged = std::fs::read_to_string(&seed).unwrap();
    assert!(!find_mojibake(&damaged).is_empty());

    let o = Command::new(env!("CARGO_BIN_EXE_speclint"))
        .args(["fix", "--only", "M001", "--write", "change-request.md"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let repaired = std::fs::read_to_string(&seed).unwrap();
    assert!(
        find_mojibake(&repaired).is_empty(),
        "mojibake left after the fix"
    );
    for mark in ["❌ WRONG", "✅ Removed", "🔴 REMAINING", "┐", "│←"] {
        assert!(repaired.contains(mark), "{mark} is not restored");
    }

    let model = load_model(Path::new(&root().join("speclint.yaml"))).unwrap();
    let names = Names::new(&model);
    let doc = Document::parse(repaired);
    let extracts = Extracts::build(&doc, &model, &names, &[]);
    assert_eq!(
        extracts.diagrams.len(),
        2,
        "both diagrams of Change 1 are read"
    );
    let steps = |i: usize| -> Vec<(Option<u32>, String, String)> {
        let d = &extracts.diagrams[i];
        let who = |p: usize| d.components[p].clone().unwrap_or_default();
        d.diagram
            .steps
            .iter()
            .map(|s| {
                let ends = match s.kind {
                    StepKind::Message { from, to, .. } => format!("{} -> {}", who(from), who(to)),
                    StepKind::Note { at } => format!("at {}", who(at)),
                };
                (s.number, ends, s.text.clone())
            })
            .collect()
    };
    let own = |v: Vec<(u32, &str, &str)>| {
        v.into_iter()
            .map(|(n, e, t)| (Some(n), e.to_string(), t.to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        steps(0),
        own(vec![
            (1, "browser -> frontend", "POST /api/auth/signin"),
            (2, "frontend -> backend", "Create JWT & Session")
        ])
    );
    assert_eq!(
        steps(1),
        own(vec![
            (1, "browser -> frontend", "POST /api/auth/signin"),
            (2, "at frontend", "Verify credentials (Better Auth)"),
            (3, "at frontend", "Create JWT (Better Auth)"),
            (4, "frontend -> browser", "Return JWT cookie"),
            (
                5,
                "browser -> backend",
                "GET /api/{user_id}/tasks (with JWT cookie)"
            ),
            (6, "at backend", "Verify JWT signature"),
            (7, "at backend", "Extract user_id"),
            (8, "backend -> browser", "Return user's tasks"),
        ])
    );
}
