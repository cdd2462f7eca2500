//! Reads every fixture diagram and checks what comes out.

use speclint::extract::diagram::{Diagram, StepKind, read_mermaid, read_text_diagram};

/// A compact listing of a diagram: participants with their columns, then one line per step.
fn listing(content: &str, diagram: Option<&Diagram>) -> String {
    let Some(d) = diagram else {
        return "not a sequence diagram\n".to_string();
    };
    let mut out = format!("style: {:?}\n", d.style);
    let name = |i: usize| d.participants.get(i).map_or("?", |p| p.name.as_str());
    for p in &d.participants {
        out += &format!(
            "participant {:?} column {} span {:?}\n",
            p.name,
            p.column,
            &content[p.span.range()]
        );
    }
    for s in &d.steps {
        let n = s.number.map_or("-".to_string(), |n| n.to_string());
        match s.kind {
            StepKind::Message { from, to, reply } => {
                let arrow = if reply { "-->" } else { "->" };
                out += &format!(
                    "{n:>2}. {} {arrow} {}: {:?}\n",
                    name(from),
                    name(to),
                    s.text
                );
            }
            StepKind::Note { at } => {
                out += &format!("{n:>2}. note on {}: {:?}\n", name(at), s.text)
            }
        }
    }
    for a in &d.dangling {
        out += &format!(
            "dangling at column {}: {:?} ({:?})\n",
            a.column,
            a.text,
            &content[a.span.range()]
        );
    }
    out
}

/// Every span lies within the block, on char boundaries.
fn assert_spans_valid(d: &Diagram, content: &str, base: usize) {
    let mut spans = vec![d.span];
    spans.extend(d.participants.iter().map(|p| p.span));
    spans.extend(d.steps.iter().map(|s| s.span));
    spans.extend(d.steps.iter().filter_map(|s| s.arrow));
    spans.extend(d.dangling.iter().map(|a| a.span));
    for span in spans {
        assert!(
            base <= span.start && span.start <= span.end && span.end <= base + content.len(),
            "{span:?}"
        );
        let (start, end) = (span.start - base, span.end - base);
        assert!(
            content.is_char_boundary(start) && content.is_char_boundary(end),
            "{span:?}"
        );
    }
}

fn read(path: &std::path::Path, content: &str) -> Option<Diagram> {
    if path.extension().is_some_and(|e| e == "mmd") {
        read_mermaid(content, 0)
    } else {
        read_text_diagram(content, 0)
    }
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures/diagrams", "*.{txt,mmd}", |path| {
        let content = std::fs::read_to_string(path).expect("fixture is UTF-8");
        let diagram = read(path, &content);
        if let Some(d) = &diagram {
            assert_spans_valid(d, &content, 0);
        }
        insta::assert_snapshot!(listing(&content, diagram.as_ref()));
    });
}

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/diagrams")
        .join(name);
    std::fs::read_to_string(path).expect("fixture exists")
}

/// A step as (number, kind, from/at, to, text) with participant names, for asserts.
fn step_summary(d: &Diagram) -> Vec<(Option<u32>, &'static str, String, String, String)> {
    let name = |i: usize| d.participants[i].name.clone();
    d.steps
        .iter()
        .map(|s| match s.kind {
            StepKind::Message { from, to, reply } => {
                let kind = if reply { "reply" } else { "message" };
                (s.number, kind, name(from), name(to), s.text.clone())
            }
            StepKind::Note { at } => (s.number, "note", name(at), String::new(), s.text.clone()),
        })
        .collect()
}

fn names(d: &Diagram) -> Vec<&str> {
    d.participants.iter().map(|p| p.name.as_str()).collect()
}

const BROWSER: &str = "Browser";
const FRONTEND: &str = "Next.js Frontend";
const BACKEND: &str = "FastAPI Backend";

#[test]
fn seed_current_shows_the_backend_asked_to_create_the_jwt() {
    let content = fixture("seed-current.txt");
    let base = 1000;
    let d = read_text_diagram(&content, base).expect("a sequence diagram");
    assert_eq!(names(&d), [BROWSER, FRONTEND, BACKEND]);
    let columns: Vec<usize> = d.participants.iter().map(|p| p.column).collect();
    assert_eq!(columns, [7, 32, 57]);
    let s = |t: &str| t.to_string();
    assert_eq!(
        step_summary(&d),
        [
            (
                Some(1),
                "message",
                s(BROWSER),
                s(FRONTEND),
                s("POST /api/auth/signin")
            ),
            (
                Some(2),
                "message",
                s(FRONTEND),
                s(BACKEND),
                s("Create JWT & Session")
            ),
        ]
    );
    assert!(d.dangling.is_empty());
    // Spans are file offsets: the label as written, and the arrow without the remark.
    let text = |span: speclint::span::Span| &content[span.start - base..span.end - base];
    assert_eq!(text(d.steps[1].span), "2. Create JWT & Session");
    assert_eq!(
        text(d.steps[1].arrow.expect("an arrow")),
        "────────────────────────→"
    );
    assert_eq!(text(d.participants[1].span), "Next.js");
    assert_eq!(
        d.span,
        speclint::span::Span::new(base, base + content.len())
    );
}

#[test]
fn seed_correct_shows_creation_on_the_frontend_and_verification_on_the_backend() {
    let content = fixture("seed-correct.txt");
    let d = read_text_diagram(&content, 0).expect("a sequence diagram");
    assert_eq!(names(&d), [BROWSER, FRONTEND, BACKEND]);
    let s = |t: &str| t.to_string();
    assert_eq!(
        step_summary(&d),
        [
            (
                Some(1),
                "message",
                s(BROWSER),
                s(FRONTEND),
                s("POST /api/auth/signin")
            ),
            (
                Some(2),
                "note",
                s(FRONTEND),
                s(""),
                s("Verify credentials (Better Auth)")
            ),
            (
                Some(3),
                "note",
                s(FRONTEND),
                s(""),
                s("Create JWT (Better Auth)")
            ),
            (
                Some(4),
                "reply",
                s(FRONTEND),
                s(BROWSER),
                s("Return JWT cookie")
            ),
            (
                Some(5),
                "message",
                s(BROWSER),
                s(BACKEND),
                s("GET /api/{user_id}/tasks (with JWT cookie)")
            ),
            (
                Some(6),
                "note",
                s(BACKEND),
                s(""),
                s("Verify JWT signature")
            ),
            (Some(7), "note", s(BACKEND), s(""), s("Extract user_id")),
            (
                Some(8),
                "reply",
                s(BACKEND),
                s(BROWSER),
                s("Return user's tasks")
            ),
        ]
    );
    let note = &content[d.steps[1].span.range()];
    assert!(
        note.starts_with("2. Verify credentials") && note.ends_with("(Better Auth)"),
        "{note}"
    );
    assert_eq!(
        &content[d.steps[3].arrow.expect("an arrow").range()],
        "←───────────────────────"
    );
    assert_eq!(
        &content[d.steps[4].span.range()],
        "5. GET /api/{user_id}/tasks (with JWT cookie)"
    );
}

#[test]
fn ascii_drawings_of_the_seed_read_like_the_unicode_ones() {
    for (unicode, ascii) in [
        ("seed-current.txt", "ascii-current.txt"),
        ("seed-correct.txt", "ascii-correct.txt"),
    ] {
        let u = read_text_diagram(&fixture(unicode), 0).expect("unicode diagram");
        let a = read_text_diagram(&fixture(ascii), 0).expect("ascii diagram");
        assert_eq!(step_summary(&u), step_summary(&a), "{ascii}");
        assert_eq!(names(&u), names(&a));
        assert_eq!(a.style, speclint::extract::diagram::DiagramStyle::Ascii);
    }
}

/// The text fixtures (not Mermaid), by name.
fn text_fixtures() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/diagrams");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("fixture folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, std::fs::read_to_string(&p).expect("fixture is UTF-8"))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn crlf_line_ends_and_a_bom_change_nothing() {
    for (name, content) in text_fixtures() {
        let plain = listing(&content, read_text_diagram(&content, 0).as_ref());
        let crlf = content.replace('\n', "\r\n");
        let bom = format!("\u{feff}{content}");
        let both = format!("\u{feff}{crlf}");
        for variant in [crlf, bom, both] {
            let d = read_text_diagram(&variant, 7);
            if let Some(d) = &d {
                assert_spans_valid(d, &variant, 7);
            }
            // Spans move, but the listing (which slices them) reads the same.
            let shifted = d.map(|mut d| {
                let back = |s: &mut speclint::span::Span| {
                    *s = speclint::span::Span::new(s.start - 7, s.end - 7)
                };
                d.participants.iter_mut().for_each(|p| back(&mut p.span));
                d.dangling.iter_mut().for_each(|a| back(&mut a.span));
                d
            });
            assert_eq!(listing(&variant, shifted.as_ref()), plain, "{name}");
        }
    }
}

#[test]
fn tabs_expand_to_the_same_columns_as_spaces() {
    let spaces = read_text_diagram(&fixture("seed-correct.txt"), 0).expect("diagram");
    let tabs = read_text_diagram(&fixture("tabs-correct.txt"), 0).expect("diagram");
    assert!(fixture("tabs-correct.txt").contains('\t'));
    assert_eq!(step_summary(&spaces), step_summary(&tabs));
    let columns = |d: &Diagram| d.participants.iter().map(|p| p.column).collect::<Vec<_>>();
    assert_eq!(columns(&spaces), columns(&tabs));
}

#[test]
fn wide_characters_count_two_columns() {
    let d = read_text_diagram(&fixture("wide-chars.txt"), 0).expect("diagram");
    let columns: Vec<usize> = d.participants.iter().map(|p| p.column).collect();
    assert_eq!(columns, [7, 28, 49]);
    assert_eq!(d.steps.len(), 4);
    assert!(d.dangling.is_empty());
}

#[test]
fn arrows_away_from_lifelines_are_reported_dangling() {
    let d = read_text_diagram(&fixture("drift-and-dangling.txt"), 0).expect("diagram");
    // Two columns of drift still snap; three or more dangle, with the label kept.
    assert_eq!(d.steps.len(), 2);
    let dangling: Vec<(usize, Option<u32>)> =
        d.dangling.iter().map(|a| (a.column, a.number)).collect();
    assert_eq!(dangling, [(23, Some(3)), (55, Some(4)), (12, Some(5))]);
}

#[test]
fn self_messages_go_from_and_to_one_participant() {
    let d = read_text_diagram(&fixture("self-messages.txt"), 0).expect("diagram");
    let selfs: Vec<(Option<u32>, usize)> = d
        .steps
        .iter()
        .filter_map(|s| match s.kind {
            StepKind::Message { from, to, .. } if from == to => Some((s.number, from)),
            _ => None,
        })
        .collect();
    assert_eq!(selfs, [(Some(2), 1), (Some(4), 0), (Some(5), 0)]);
}

#[test]
fn pictures_that_are_not_sequence_diagrams_are_skipped() {
    let skipped: Vec<String> = text_fixtures()
        .into_iter()
        .filter(|(name, _)| name.starts_with("not-"))
        .inspect(|(name, content)| assert_eq!(read_text_diagram(content, 0), None, "{name}"))
        .map(|(name, _)| name)
        .collect();
    assert!(skipped.len() >= 5, "{skipped:?}");
}

#[test]
fn mermaid_reads_like_the_text_art_of_the_same_flow() {
    let text = read_text_diagram(&fixture("seed-correct.txt"), 0).expect("diagram");
    let mermaid = read_mermaid(&fixture("mermaid-signin.mmd"), 0).expect("diagram");
    assert_eq!(step_summary(&text), step_summary(&mermaid));
    assert_eq!(names(&text), names(&mermaid));
    let current = read_mermaid(&fixture("mermaid-current.mmd"), 0).expect("diagram");
    let text_current = read_text_diagram(&fixture("seed-current.txt"), 0).expect("diagram");
    assert_eq!(step_summary(&text_current), step_summary(&current));
    assert_eq!(read_mermaid(&fixture("mermaid-flowchart.mmd"), 0), None);
}

#[test]
fn looks_like_is_a_cheap_prefilter() {
    use speclint::extract::diagram::looks_like_sequence_diagram;
    for (name, content) in text_fixtures() {
        if read_text_diagram(&content, 0).is_some() {
            assert!(looks_like_sequence_diagram(&content), "{name}");
        }
    }
    assert!(looks_like_sequence_diagram(&fixture("mermaid-signin.mmd")));
    assert!(!looks_like_sequence_diagram("fn main() {}\n"));
    assert!(!looks_like_sequence_diagram(
        "SELECT * FROM tasks WHERE id > 3;"
    ));
}

mod robustness {
    use super::*;
    use proptest::prelude::*;

    /// Characters that drive every branch: strokes, corners, heads, junctions, digits,
    /// wide and zero-width characters, controls, tabs and line ends.
    const ALPHABET: &[char] = &[
        ' ', ' ', ' ', ' ', '\n', '\n', '\r', '\t', '\u{0}', '\u{7}', '\u{feff}', '\u{301}', '┌',
        '┐', '└', '┘', '─', '│', '├', '┤', '┬', '┴', '┼', '━', '┃', '═', '║', '╭', '╯', '┄', '→',
        '←', '▶', '◀', '►', '◄', '▼', '+', '-', '|', '<', '>', '.', '=', 'v', '^', '(', ')', ':',
        '1', '2', '.', 'a', 'Z', '注', '🧑', '❌',
    ];

    fn from_alphabet() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(ALPHABET), 0..600)
            .prop_map(|chars| chars.into_iter().collect())
    }

    /// A real diagram with random characters overwritten, inserted or removed.
    fn mutated_fixture() -> impl Strategy<Value = String> {
        let edits = proptest::collection::vec(
            (
                any::<proptest::sample::Index>(),
                proptest::sample::select(ALPHABET),
                0..3u8,
            ),
            1..30,
        );
        (0..4usize, edits).prop_map(|(which, edits)| {
            let name = [
                "seed-correct.txt",
                "self-messages.txt",
                "ascii-correct.txt",
                "inline-labels.txt",
            ][which];
            let mut chars: Vec<char> = fixture(name).chars().collect();
            for (at, c, op) in edits {
                if chars.is_empty() {
                    break;
                }
                let i = at.index(chars.len());
                match op {
                    0 => chars[i] = c,
                    1 => chars.insert(i, c),
                    _ => {
                        chars.remove(i);
                    }
                }
            }
            chars.into_iter().collect()
        })
    }

    fn mermaid_lines() -> impl Strategy<Value = String> {
        let line = proptest::sample::select(vec![
            "participant A as Alpha",
            "actor B",
            "A->>B: 1. hi",
            "B-->>-A: ok",
            "A-x+B",
            "Note over A,B: n",
            "Note left of",
            "note right of C: x",
            "autonumber 5 2",
            "autonumber off",
            "loop x",
            "end",
            "%% c",
            "->>: ",
            "A--",
            "participant",
            "créé->>注: ❌",
            "\u{feff}sequenceDiagram",
            "",
            "\r",
        ]);
        proptest::collection::vec(line, 0..30)
            .prop_map(|lines| format!("sequenceDiagram\n{}", lines.join("\n")))
    }

    fn check(content: &str) {
        let base = 11;
        if let Some(d) = read_text_diagram(content, base) {
            assert_spans_valid(&d, content, base);
            check_indices(&d);
        }
        if let Some(d) = read_mermaid(content, base) {
            assert_spans_valid(&d, content, base);
            check_indices(&d);
        }
        let _ = speclint::extract::diagram::looks_like_sequence_diagram(content);
    }

    fn check_indices(d: &Diagram) {
        for s in &d.steps {
            match s.kind {
                StepKind::Message { from, to, .. } => {
                    assert!(from < d.participants.len() && to < d.participants.len())
                }
                StepKind::Note { at } => assert!(at < d.participants.len()),
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn any_text_reads_without_panicking(content in from_alphabet()) {
            check(&content);
        }

        #[test]
        fn damaged_diagrams_read_without_panicking(content in mutated_fixture()) {
            check(&content);
        }

        #[test]
        fn any_mermaid_reads_without_panicking(content in mermaid_lines()) {
            check(&content);
        }

        #[test]
        fn arbitrary_unicode_reads_without_panicking(content in "\\PC{0,300}") {
            check(&content);
        }
    }
}

/// Pathological sizes read to the end with the right result. How long they take is
/// measured by the benchmarks (`benches/`), not asserted here: timed tests only
/// measure how busy the machine is.
mod large_inputs {
    use super::*;

    /// A diagram of 20,000 rows below the seed's boxes.
    #[test]
    fn twenty_thousand_rows() {
        let seed = fixture("seed-correct.txt");
        let header: String = seed.lines().take(5).map(|l| format!("{l}\n")).collect();
        let body: String = seed.lines().skip(5).map(|l| format!("{l}\n")).collect();
        let rows_per_copy = seed.lines().count() - 5;
        let copies = 20_000 / rows_per_copy + 1;
        let content = format!("{header}{}", body.repeat(copies));
        let d = read_text_diagram(&content, 0).expect("diagram");
        assert_eq!(d.steps.len(), 8 * copies);
    }

    /// One line of a million characters, alone and under participant boxes.
    #[test]
    fn a_million_character_line() {
        let header: String = fixture("seed-correct.txt")
            .lines()
            .take(5)
            .map(|l| format!("{l}\n"))
            .collect();
        let dense = "│ 1. x ├──→│ a ".repeat(66_667);
        let lines = [
            dense.clone(),
            "─".repeat(1_000_000),
            "+-".repeat(500_000),
            "<>".repeat(500_000),
        ];
        for line in &lines {
            assert!(line.chars().count() >= 1_000_000);
            assert_eq!(read_text_diagram(line, 0), None);
        }
        assert!(read_mermaid(&format!("sequenceDiagram\n{}", lines[2]), 0).is_some());
        // Under the seed's boxes every "├──→│" is an arrow that ends far from any lifeline.
        let d = read_text_diagram(&format!("{header}{dense}\n"), 0).expect("diagram");
        assert_eq!(d.dangling.len(), 66_667);
    }
}
