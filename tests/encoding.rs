//! The encoding module against real damage: the seed change request, tables of
//! damaged/clean pairs and of clean text that must stay untouched, snapshots, and
//! properties over arbitrary text.

use speclint::encoding::{find_mojibake, repair};

const SEED: &str = include_str!("../fixtures/encoding/seed.md");
const SEED_DIAGRAMS: &str = include_str!("../fixtures/encoding/seed-diagrams-expected.txt");

/// The bodies of the fenced blocks under "### Change 1" (up to the next heading).
fn change1_diagrams(text: &str) -> Vec<String> {
    let start = text.find("### Change 1").expect("Change 1 heading");
    let section = &text[start..];
    let section = &section[..section[4..].find("\n### ").map_or(section.len(), |p| p + 4)];
    let mut out = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in section.lines() {
        if line.trim_start().starts_with("```") {
            match current.take() {
                Some(body) => out.push(body.join("\n")),
                None => current = Some(Vec::new()),
            }
        } else if let Some(body) = current.as_mut() {
            body.push(line);
        }
    }
    out
}

#[test]
fn seed_is_fully_repaired() {
    let fixed = repair(SEED);
    assert!(
        fixed.unrepaired.is_empty(),
        "unrepaired: {:?}",
        fixed.unrepaired
    );
    assert!(find_mojibake(&fixed.text).is_empty());

    let diagrams = change1_diagrams(&fixed.text);
    let expected: Vec<&str> = SEED_DIAGRAMS.trim_end().split("\n\n").collect();
    assert_eq!(diagrams.len(), 2);
    for (got, want) in diagrams.iter().zip(&expected) {
        for (n, (g, w)) in got.lines().zip(want.lines()).enumerate() {
            let gc: Vec<char> = g.chars().collect();
            let wc: Vec<char> = w.chars().collect();
            assert_eq!(gc, wc, "diagram line {}", n + 1);
        }
        assert_eq!(got.lines().count(), want.lines().count());
    }
    for diagram in &diagrams {
        for line in diagram.lines().filter(|l| l.contains('┌')) {
            assert_eq!(
                line.matches('┌').count(),
                line.matches('┐').count(),
                "{line}"
            );
        }
    }
    assert_eq!(diagrams[1].matches('←').count(), 2);

    assert!(fixed.text.contains("│  ❌ WRONG"));
    assert!(
        fixed
            .text
            .contains("- ❌ Implement actual authentication code")
    );
    assert!(fixed.text.contains("- ✅ Removed arrow"));
    assert!(
        fixed
            .text
            .contains("Fix these 🔴 REMAINING CRITICAL ISSUES")
    );
    assert!(
        fixed
            .text
            .contains("POST /api/auth/signin → Next.js Frontend → Verify")
    );
}

#[test]
fn seed_repair_is_idempotent() {
    let once = repair(SEED).text;
    assert_eq!(repair(&once).text, once);
}
