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
