//! One fixture pair per rule: `fixtures/rules/<CODE>-wrong.md` must raise CODE and
//! `<CODE>-right.md` must not. Each fixture's diagnostics and fix diff are
//! snapshotted; fixes must settle and clear the rule they fix when it offers one.

mod common;
use common::human;

use std::path::{Path, PathBuf};

use speclint::baseline::{Baseline, Matcher};
use speclint::check::{Checker, FileReport};
use speclint::document::Document;
use speclint::fix::diff::unified_diff;
use speclint::fix::{FixOptions, fix_document};
use speclint::model::{Model, load_model};
use speclint::rules::{FixAvailability, Rule};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules")
}

fn model() -> Model {
    load_model(&fixtures().join("speclint.yaml")).expect("the fixture model is valid")
}

fn check(checker: &Checker, name: &str) -> FileReport {
    let text = std::fs::read_to_string(fixtures().join(name)).unwrap();
    checker.check(name, name, text)
}

/// Starts a document of a fixture that holds several: `<!-- fixture-document: PATH -->`.
const DOCUMENT_MARK: &str = "<!-- fixture-document: ";
/// Starts the baseline of a fixture (JSON up to the next mark or the end).
const BASELINE_MARK: &str = "<!-- fixture-baseline -->";

/// A fixture's reports. One that holds several documents or a baseline (see the
/// marks above) is checked as a repository without a model is: every rule that
/// needs none, then the cross-document rules over its documents, then the baseline.
fn check_all(checker: &Checker, name: &str) -> Vec<FileReport> {
    let text = std::fs::read_to_string(fixtures().join(name)).unwrap();
    if !text.contains(DOCUMENT_MARK) && !text.contains(BASELINE_MARK) {
        return vec![checker.check(name, name, text)];
    }
    let mut parts: Vec<(String, String)> = Vec::new();
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if let Some(path) = trimmed
            .strip_prefix(DOCUMENT_MARK)
            .and_then(|r| r.strip_suffix(" -->"))
        {
            parts.push((path.to_string(), String::new()));
        } else if trimmed == BASELINE_MARK {
            parts.push((String::new(), String::new()));
        } else if let Some((_, part)) = parts.last_mut() {
            part.push_str(line);
        }
    }
    let empty = Model::default();
    let rules: Vec<Rule> = Rule::ALL
        .iter()
        .copied()
        .filter(|r| !r.needs_model())
        .collect();
    let zero = Checker::new(&empty, rules);
    let mut reports: Vec<FileReport> = parts
        .iter()
        .filter(|(path, _)| !path.is_empty())
        .map(|(path, part)| zero.check(path, path, part.clone()))
        .collect();
    zero.check_cross(&mut reports);
    if let Some((_, json)) = parts.iter().find(|(path, _)| path.is_empty()) {
        let baseline = Baseline::parse(json).expect("the fixture's baseline reads");
        let mut matcher = Matcher::new(&baseline);
        for r in &mut reports {
            let found = std::mem::take(&mut r.diagnostics);
            r.diagnostics = matcher.filter(&r.path, &r.doc, found);
        }
        reports.push(FileReport {
            path: "baseline.json".into(),
            doc: Document::parse(json.clone()),
            diagnostics: matcher.stale(json),
            facts: Default::default(),
        });
    }
    reports
}

/// Every finding of a fixture, whichever of its documents holds it.
fn codes_of(reports: &[FileReport]) -> Vec<Rule> {
    reports
        .iter()
        .flat_map(|r| r.diagnostics.iter().map(|d| d.rule))
        .collect()
}

#[test]
fn every_rule_has_a_wrong_and_a_right_fixture() {
    for rule in Rule::ALL {
        for kind in ["wrong", "right"] {
            let name = format!("{}-{kind}.md", rule.code());
            assert!(fixtures().join(&name).exists(), "missing fixture {name}");
        }
    }
}

/// A rule that reads the model (M005): its fixtures hold the model as a ```yaml
/// block, which is loaded and checked as the model.
fn check_model_fixture(name: &str) -> FileReport {
    let text = std::fs::read_to_string(fixtures().join(name)).unwrap();
    let yaml = text
        .split_once("```yaml\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .map(|(yaml, _)| yaml.to_string())
        .unwrap_or_else(|| panic!("{name} has no yaml block"));
    let model = speclint::model::parse_model(&yaml, Path::new(name)).expect("a valid model");
    let checker = Checker::new(&model, Rule::ALL.to_vec());
    checker
        .check_model(name, name, yaml)
        .expect("M005 is selected")
}

#[test]
fn model_rules_raise_on_their_wrong_fixture_only() {
    let wrong = check_model_fixture("M005-wrong.md");
    let found: Vec<(usize, &str)> = wrong
        .diagnostics
        .iter()
        .map(|d| (wrong.doc.line_col(d.span.start).line, d.rule.code()))
        .collect();
    assert_eq!(found, [(8, "M005"), (9, "M005")]);
    insta::assert_snapshot!(human(&[wrong]));
    assert_eq!(check_model_fixture("M005-right.md").diagnostics, []);
}

#[test]
fn wrong_fixtures_raise_their_rule_and_right_ones_do_not() {
    let model = model();
    let checker = Checker::new(&model, Rule::ALL.to_vec());
    for rule in Rule::ALL
        .iter()
        .filter(|r| **r != Rule::UndecidedModelEntry)
    {
        let wrong = codes_of(&check_all(&checker, &format!("{}-wrong.md", rule.code())));
        assert!(
            wrong.contains(rule),
            "{}-wrong.md raises no {}",
            rule.code(),
            rule.code()
        );
        let right = codes_of(&check_all(&checker, &format!("{}-right.md", rule.code())));
        let codes: Vec<&str> = right.iter().map(|r| r.code()).collect();
        assert!(
            codes.is_empty(),
            "{}-right.md raises {codes:?}",
            rule.code()
        );
    }
}

#[test]
fn fixes_settle_and_clear_what_they_fix() {
    let model = model();
    let checker = Checker::new(&model, Rule::ALL.to_vec());
    for rule in Rule::ALL {
        let name = format!("{}-wrong.md", rule.code());
        let text = std::fs::read_to_string(fixtures().join(&name)).unwrap();
        let opts = FixOptions {
            unsafe_fixes: true,
            only: Some(vec![*rule]),
        };
        let outcome = fix_document(&checker, &name, &name, &text, &opts).expect("fixes settle");
        let offered = check(&checker, &name)
            .diagnostics
            .iter()
            .any(|d| d.rule == *rule && d.fix.is_some());
        match rule.fix_availability() {
            FixAvailability::None => {
                assert!(!offered, "{} declares no fix but offers one", rule.code())
            }
            FixAvailability::Always => assert!(
                offered,
                "{} declares a fix but offers none on {name}",
                rule.code()
            ),
            FixAvailability::Sometimes => {}
        }
        if offered {
            assert_ne!(outcome.fixed, text, "{name}: the fix changed nothing");
            let after = checker.check(&name, &name, outcome.fixed.clone());
            assert!(
                after.diagnostics.iter().all(|d| d.rule != *rule),
                "{name}: {} remains after its fix",
                rule.code()
            );
            // Fixing again changes nothing: fixes are idempotent.
            let again = fix_document(&checker, &name, &name, &outcome.fixed, &opts).unwrap();
            assert_eq!(
                again.fixed, outcome.fixed,
                "{name}: a second fix run changed the text"
            );
        }
    }
}

/// Every fix a fixture is offered clears the finding it is attached to: applied
/// alone, the finding's rule reports that message fewer times. A fix that leaves
/// its finding in place is not offered (`Checker` tries each before offering it).
#[test]
fn every_offered_fix_clears_its_own_finding() {
    let model = model();
    let checker = Checker::new(&model, Rule::ALL.to_vec());
    let mut offered = 0;
    for rule in Rule::ALL {
        let name = format!("{}-wrong.md", rule.code());
        let report = check(&checker, &name);
        let same = |diags: &[speclint::diagnostic::Diagnostic],
                    d: &speclint::diagnostic::Diagnostic| {
            diags
                .iter()
                .filter(|x| x.rule == d.rule && x.message == d.message)
                .count()
        };
        for d in report.diagnostics.iter().filter(|d| d.rule.family() != 'K') {
            let Some(fix) = &d.fix else { continue };
            offered += 1;
            let mut text = report.doc.text.clone();
            let mut edits = fix.edits.clone();
            edits.sort_by_key(|e| std::cmp::Reverse((e.span.start, e.span.end)));
            for e in &edits {
                text.replace_range(e.span.range(), &e.replacement);
            }
            let after = checker.check(&name, &name, text);
            assert!(
                same(&after.diagnostics, d) < same(&report.diagnostics, d),
                "{name}: the fix \"{}\" leaves {} \"{}\"",
                fix.title,
                d.rule.code(),
                d.message
            );
        }
    }
    assert!(offered > 20, "only {offered} fixes offered by the fixtures");
}

/// The safety a rule's documentation declares is the applicability of the fixes
/// its fixtures are offered: `rules` and `explain` tell the truth.
#[test]
fn declared_fix_safety_matches_the_fixes_offered() {
    use speclint::diagnostic::Applicability;
    use speclint::rules::FixSafety;
    let model = model();
    let checker = Checker::new(&model, Rule::ALL.to_vec());
    for rule in Rule::ALL {
        let declared = rule.doc().fix_safety();
        assert_eq!(
            declared.is_some(),
            rule.fix_availability() != FixAvailability::None,
            "{}: a fix text if and only if a fix",
            rule.code()
        );
        let report = check(&checker, &format!("{}-wrong.md", rule.code()));
        for d in report.diagnostics.iter().filter(|d| d.rule == *rule) {
            let Some(fix) = &d.fix else { continue };
            let ok = matches!(
                (declared, fix.applicability),
                (Some(FixSafety::SafeOrUnsafe), _)
                    | (Some(FixSafety::Safe), Applicability::Safe)
                    | (Some(FixSafety::Unsafe), Applicability::Unsafe)
            );
            assert!(
                ok,
                "{}: declared {declared:?}, offered {:?}",
                rule.code(),
                fix.applicability
            );
        }
    }
}

#[test]
fn snapshots() {
    let model = model();
    let checker = Checker::new(&model, Rule::ALL.to_vec());
    insta::glob!("../fixtures/rules", "*.md", |path| {
        let name = path.file_name().unwrap().to_str().unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        let report = human(&check_all(&checker, name));
        let opts = FixOptions {
            unsafe_fixes: true,
            only: None,
        };
        let outcome = fix_document(&checker, name, name, &text, &opts).unwrap();
        let diff = unified_diff(name, &text, &outcome.fixed);
        insta::assert_snapshot!(format!("{report}\n{diff}"));
    });
}

/// C004 points at the variable's name inside its string literal, whatever the
/// quotes and prefix, and in a literal left open (the parser recovers) too: never
/// at a quote, and never inside a character.
#[test]
fn c004_points_at_the_name_inside_any_literal() {
    let model = model();
    let checker = Checker::new(&model, vec![Rule::SecretEnvMismatch]);
    let wrong = std::fs::read_to_string(fixtures().join("C004-wrong.md")).unwrap();
    let read = r#"os.environ["AUTH_KEY"]"#;
    assert!(wrong.contains(read));
    for (literal, name) in [
        (r#"os.environ["AUTH_KEY"]"#, "AUTH_KEY"),
        ("os.getenv('AUTH_KEY')", "AUTH_KEY"),
        (r#"os.getenv("""AUTH_KEY""")"#, "AUTH_KEY"),
        (r#"os.getenv(r"AUTH_KEY")"#, "AUTH_KEY"),
        (r#"os.getenv("AUTH_KÉY_ÉTÉ")"#, "AUTH_KÉY_ÉTÉ"),
        (
            "os.getenv(\"AUTH_KEY_\u{fffd}\u{fffd}",
            "AUTH_KEY_\u{fffd}\u{fffd}",
        ),
    ] {
        let text = wrong.replace(read, literal);
        let report = checker.check("C004.md", "C004.md", text.clone());
        let block = text.find("```python").unwrap();
        let block = block..block + text[block + 3..].find("```").unwrap();
        let named: Vec<&str> = report
            .diagnostics
            .iter()
            .filter(|d| block.contains(&d.span.start))
            .map(|d| text.get(d.span.range()).expect("a span on char boundaries"))
            .collect();
        assert_eq!(named, [name], "{literal}");
    }
}
