//! Generators: rendered diagrams and sections, checked against the requested diagram,
//! snapshots reviewed by eye, geometry that a reader relies on, errors, and random
//! flows. One test also writes the Python-bearing sections to `target/rendered/` for
//! `tests/python/run.sh`, which runs the generated code against real tokens.

mod common;
use common::flow_model;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use speclint::generate::{
    DrawStyle, GenerateError, JwtOptions, render_diagram, render_jwt_section,
    render_schema_section, render_section,
};
use speclint::model::{Flow, FlowStep, Model, SectionSpec, load_model};
use unicode_width::UnicodeWidthStr;

const STYLES: [DrawStyle; 3] = [DrawStyle::Unicode, DrawStyle::Ascii, DrawStyle::Mermaid];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn repo_model() -> Model {
    load_model(&root().join("speclint.yaml")).expect("the repository model loads")
}

fn fixture_model(name: &str) -> Model {
    load_model(&root().join(format!("fixtures/models/{name}.yaml"))).expect("fixture model loads")
}

/// (snapshot prefix, model, flow id) for every model the snapshots cover.
fn flows() -> Vec<(&'static str, Model, &'static str)> {
    vec![
        ("repo", repo_model(), "signin"),
        ("gateway", fixture_model("gateway"), "checkout"),
        ("notes", fixture_model("notes"), "login"),
    ]
}

fn style_name(style: DrawStyle) -> &'static str {
    match style {
        DrawStyle::Unicode => "unicode",
        DrawStyle::Ascii => "ascii",
        DrawStyle::Mermaid => "mermaid",
    }
}

// ---------------------------------------------------------------- the request

#[test]
fn signin_unicode_matches_the_requested_diagram() {
    let want = std::fs::read_to_string(root().join("fixtures/generate/signin-unicode.txt"))
        .expect("fixture");
    let got = render_diagram(&repo_model(), "signin", DrawStyle::Unicode).expect("renders");
    assert_eq!(got, want);
}

// ---------------------------------------------------------------- snapshots

#[test]
fn diagram_snapshots() {
    for (prefix, model, flow) in flows() {
        for style in STYLES {
            let text = render_diagram(&model, flow, style).expect("renders");
            insta::assert_snapshot!(format!("diagram_{prefix}_{}", style_name(style)), text);
        }
    }
}

#[test]
fn section_snapshots() {
    for (prefix, model) in [
        ("repo", repo_model()),
        ("gateway", fixture_model("gateway")),
        ("notes", fixture_model("notes")),
    ] {
        for section in &model.documents[0].sections {
            let text = render_section(&model, section, 2).expect("renders");
            insta::assert_snapshot!(format!("section_{prefix}_{}", section.id), text);
        }
    }
}

#[test]
fn schema_subset_renders_only_the_tables_asked_for_in_model_order() {
    let model = repo_model();
    let text = render_schema_section(&model, &["tasks", "user"], "Schema", 3).expect("renders");
    let user = text.find("`user` table").expect("user heading");
    let tasks = text.find("`tasks` table").expect("tasks heading");
    assert!(user < tasks, "model order, not argument order");
    assert!(!text.contains("`session`"));
    assert!(text.starts_with("### Schema\n"));
    assert!(text.contains("\n##### 1. `user` table (Better Auth Managed)\n"));
    assert!(text.contains("\n##### 2. `tasks` table (Backend Managed)\n"));
}

// ---------------------------------------------------------------- shape

/// Sections end in exactly one newline and hold well-formed fences.
#[test]
fn sections_end_in_one_newline_and_close_their_fences() {
    for (_, model, _) in flows() {
        for section in &model.documents[0].sections {
            let text = render_section(&model, section, 2).expect("renders");
            assert!(
                text.ends_with('\n') && !text.ends_with("\n\n"),
                "{}",
                section.id
            );
            let fences = text.lines().filter(|l| l.starts_with("```")).count();
            assert_eq!(fences % 2, 0, "unbalanced fences in {}", section.id);
            assert!(text.lines().all(|l| l == l.trim_end() || l.ends_with("  ")));
        }
    }
}

/// Everything renders the same bytes twice, from two loads of the model.
#[test]
fn rendering_is_deterministic() {
    for ((_, a, flow), (_, b, _)) in flows().into_iter().zip(flows()) {
        for style in STYLES {
            assert_eq!(
                render_diagram(&a, flow, style).expect("renders"),
                render_diagram(&b, flow, style).expect("renders")
            );
        }
        for (sa, sb) in a.documents[0].sections.iter().zip(&b.documents[0].sections) {
            assert_eq!(
                render_section(&a, sa, 2).expect("renders"),
                render_section(&b, sb, 2).expect("renders")
            );
        }
    }
}

/// A text diagram's line as (display column, char) pairs.
fn columns(line: &str) -> Vec<(usize, char)> {
    line.char_indices()
        .map(|(i, c)| (UnicodeWidthStr::width(&line[..i]), c))
        .collect()
}

fn char_at(line: &str, col: usize) -> Option<char> {
    columns(line)
        .into_iter()
        .find(|&(at, _)| at == col)
        .map(|(_, c)| c)
}

/// What a reader needs: box columns and lifeline columns agree, every arrow starts and
/// ends on lifelines, and every arrow has its numbered label right above it.
fn check_geometry(text: &str, g: &Geometry) {
    let lines: Vec<&str> = text.lines().collect();
    let top = columns(lines[0]);
    let lefts: Vec<usize> = top
        .iter()
        .filter(|c| c.1 == g.top_left)
        .map(|c| c.0)
        .collect();
    let rights: Vec<usize> = top
        .iter()
        .filter(|c| c.1 == g.top_right)
        .map(|c| c.0)
        .collect();
    let (lefts, rights) = if g.top_left == g.top_right {
        // ASCII: corners alternate left, right.
        let all = lefts;
        (
            all.iter().step_by(2).copied().collect::<Vec<_>>(),
            all.iter().skip(1).step_by(2).copied().collect::<Vec<_>>(),
        )
    } else {
        (lefts, rights)
    };
    assert_eq!(lefts.len(), rights.len());
    let centres: Vec<usize> = lefts
        .iter()
        .zip(&rights)
        .map(|(l, r)| (l + r) / 2)
        .collect();
    let band = 1 + lines[1..]
        .iter()
        .position(|l| l.starts_with(g.bottom_left))
        .expect("box bottoms");
    for line in &lines[..=band] {
        assert_eq!(
            UnicodeWidthStr::width(*line),
            rights[rights.len() - 1] + 1,
            "box rows share one width:\n{text}"
        );
    }
    let under = columns(lines[band + 1]);
    let lifelines: Vec<usize> = under
        .iter()
        .filter(|c| c.1 == g.vertical)
        .map(|c| c.0)
        .collect();
    assert_eq!(
        lifelines, centres,
        "a lifeline under each box centre:\n{text}"
    );
    assert!(under.iter().all(|c| c.1 == ' ' || c.1 == g.vertical));

    let mut arrows = 0;
    for (i, line) in lines.iter().enumerate().skip(band + 1) {
        let cells = columns(line);
        let (start, end) = if let Some(&(at, _)) = cells.iter().find(|c| c.1 == g.head_right) {
            let start = cells
                .iter()
                .find(|c| c.1 == g.tee_right)
                .expect("arrow tail")
                .0;
            (start, at + 1)
        } else if let Some(&(at, _)) = cells.iter().find(|c| c.1 == g.head_left) {
            let end = cells
                .iter()
                .rev()
                .find(|c| c.1 == g.tee_left)
                .expect("arrow tail")
                .0;
            (at - 1, end)
        } else {
            continue;
        };
        arrows += 1;
        assert!(
            centres.contains(&start),
            "arrow starts on a lifeline: {line}"
        );
        assert!(centres.contains(&end), "arrow ends on a lifeline: {line}");
        assert_eq!(
            char_at(line, start).map(|c| c == g.tee_right || c == g.vertical),
            Some(true)
        );
        assert_eq!(
            char_at(line, end).map(|c| c == g.tee_left || c == g.vertical),
            Some(true)
        );
        let label: String = columns(lines[i - 1])
            .into_iter()
            .filter(|&(at, _)| at >= start + 2)
            .map(|(_, c)| c)
            .collect();
        assert!(
            label.starts_with(|c: char| c.is_ascii_digit()) && label.contains(". "),
            "label above the arrow:\n{}\n{line}",
            lines[i - 1]
        );
    }
    assert!(arrows > 0);
}

struct Geometry {
    top_left: char,
    top_right: char,
    bottom_left: char,
    vertical: char,
    head_right: char,
    head_left: char,
    tee_right: char,
    tee_left: char,
}

const UNICODE_GEOMETRY: Geometry = Geometry {
    top_left: '┌',
    top_right: '┐',
    bottom_left: '└',
    vertical: '│',
    head_right: '→',
    head_left: '←',
    tee_right: '├',
    tee_left: '┤',
};

const ASCII_GEOMETRY: Geometry = Geometry {
    top_left: '+',
    top_right: '+',
    bottom_left: '+',
    vertical: '|',
    head_right: '>',
    head_left: '<',
    tee_right: '+',
    tee_left: '+',
};

#[test]
fn boxes_lifelines_and_arrows_line_up() {
    for (_, model, flow) in flows() {
        let text = render_diagram(&model, flow, DrawStyle::Unicode).expect("renders");
        check_geometry(&text, &UNICODE_GEOMETRY);
        let text = render_diagram(&model, flow, DrawStyle::Ascii).expect("renders");
        check_geometry(&text, &ASCII_GEOMETRY);
    }
}

#[test]
fn ascii_is_the_unicode_layout_redrawn() {
    for (_, model, flow) in flows() {
        let uni = render_diagram(&model, flow, DrawStyle::Unicode).expect("renders");
        let ascii = render_diagram(&model, flow, DrawStyle::Ascii).expect("renders");
        let redrawn: String = uni
            .chars()
            .map(|c| match c {
                '┌' | '┐' | '└' | '┘' | '├' | '┤' | '┴' | '┼' => '+',
                '─' => '-',
                '│' => '|',
                '→' => '>',
                '←' => '<',
                c => c,
            })
            .collect();
        assert_eq!(ascii, redrawn);
    }
}

#[test]
fn a_crossed_lifeline_stops_only_when_its_participant_is_done() {
    let text = render_diagram(&repo_model(), "signin", DrawStyle::Unicode).expect("renders");
    let lines: Vec<&str> = text.lines().collect();
    let step5 = lines
        .iter()
        .position(|l| l.contains('┴'))
        .expect("┴ on step 5");
    assert!(lines[step5 - 1].contains("5. GET"));
    let next_js = columns(lines[step5])
        .into_iter()
        .find(|c| c.1 == '┴')
        .map(|c| c.0);
    for line in &lines[step5 + 1..] {
        assert_ne!(char_at(line, next_js.expect("column")), Some('│'));
    }
    let gateway =
        render_diagram(&fixture_model("gateway"), "checkout", DrawStyle::Unicode).expect("renders");
    assert!(gateway.contains('┴'));
    assert!(
        !gateway.contains('┼'),
        "no lifeline is crossed while still in use"
    );
}

#[test]
fn mermaid_numbers_steps_in_text_and_dashes_responses() {
    let text = render_diagram(&repo_model(), "signin", DrawStyle::Mermaid).expect("renders");
    assert!(text.starts_with("sequenceDiagram\n"));
    assert!(!text.contains("autonumber"));
    assert!(text.contains("    browser->>frontend: 1. POST /api/auth/signin\n"));
    assert!(text.contains("    frontend-->>browser: 4. Return JWT\n"));
    assert!(text.contains("    Note over frontend: 3. Create JWT (Better Auth)\n"));
}

// ---------------------------------------------------------------- errors

fn section(id: &str, render: &str) -> SectionSpec {
    SectionSpec {
        id: id.into(),
        title: "Title".into(),
        render: render.into(),
        ..SectionSpec::default()
    }
}

#[test]
fn unknown_ids_are_errors_that_name_them_and_what_exists() {
    let model = repo_model();
    let err = render_diagram(&model, "signup", DrawStyle::Unicode).expect_err("unknown flow");
    assert!(matches!(err, GenerateError::UnknownFlow { .. }));
    assert_eq!(err.to_string(), "unknown flow `signup` (defined: signin)");

    let err = render_jwt_section(&model, "jwk", "T", 2, &JwtOptions::default())
        .expect_err("unknown token");
    assert_eq!(
        err.to_string(),
        "unknown token `jwk` (defined: jwt, session)"
    );

    let err = render_schema_section(&model, &["users"], "T", 2).expect_err("unknown table");
    assert_eq!(
        err.to_string(),
        "unknown table `users` (defined: user, session, account, tasks)"
    );

    let err = render_section(&model, &section("x", "toc"), 2).expect_err("unknown kind");
    assert!(err.to_string().contains("unknown kind `toc`"));
    assert!(
        err.to_string()
            .contains("schema, jwt-verification, cors, diagram")
    );

    let err = render_section(&model, &section("x", "jwt-verification"), 2).expect_err("no token");
    assert!(matches!(err, GenerateError::MissingToken { .. }));

    let mut wildcard = section("c", "cors");
    wildcard.origins = vec!["*".into()];
    let err = render_section(&model, &wildcard, 2).expect_err("wildcard");
    assert!(err.to_string().contains("origin `*`"));
    let err = render_section(&model, &section("c", "cors"), 2).expect_err("no origins");
    assert!(err.to_string().contains("no `origins`"));

    let err = render_section(&model, &section("s", "schema"), 5).expect_err("too deep");
    assert!(matches!(
        err,
        GenerateError::HeadingLevel {
            level: 5,
            deepest: 7
        }
    ));
}

#[test]
fn bad_flows_and_tokens_are_errors() {
    let mut model = repo_model();
    model.flows.insert("empty".into(), Flow::default());
    let err = render_diagram(&model, "empty", DrawStyle::Ascii).expect_err("empty");
    assert!(matches!(err, GenerateError::EmptyFlow { .. }));

    let step = FlowStep {
        from: Some("browser".into()),
        to: Some("databse".into()),
        say: "x".into(),
        ..FlowStep::default()
    };
    model.flows.insert(
        "typo".into(),
        Flow {
            title: None,
            steps: vec![step],
        },
    );
    let err = render_diagram(&model, "typo", DrawStyle::Mermaid).expect_err("typo");
    assert_eq!(
        err.to_string(),
        "flow `typo` step 1: unknown component `databse` (defined: browser, frontend, backend)"
    );

    let half = FlowStep {
        from: Some("browser".into()),
        say: "x".into(),
        ..FlowStep::default()
    };
    model.flows.insert(
        "half".into(),
        Flow {
            title: None,
            steps: vec![half],
        },
    );
    let err = render_diagram(&model, "half", DrawStyle::Unicode).expect_err("half");
    assert!(matches!(err, GenerateError::InvalidStep { step: 1, .. }));

    if let Some(token) = model.tokens.get_mut("jwt") {
        token.algorithms = vec!["none".into()];
    }
    let err = render_jwt_section(&model, "jwt", "T", 2, &JwtOptions::default()).expect_err("none");
    assert!(err.to_string().contains("`none`"));
}

#[test]
fn the_cookie_name_is_an_option() {
    let model = fixture_model("notes");
    let options = JwtOptions {
        cookie_name: Some("__Host-notes".into()),
    };
    let text = render_jwt_section(&model, "session", "T", 2, &options).expect("renders");
    assert!(text.contains("COOKIE_NAME = \"__Host-notes\"\n"));
}

// ---------------------------------------------------------------- random flows

const NAMES: &[&str] = &[
    "A",
    "Browser",
    "Next.js Frontend",
    "認証 サービス",
    "📱 App",
    "Orders Service Database Cluster",
    "数据库",
    "🚀 Launch Control",
    "x y",
    "Ünïcødé Gateway",
];

const WORDS: &[&str] = &[
    "GET",
    "/api/{id}",
    "verify",
    "トークン",
    "🍪",
    "check",
    "a",
    "signature",
    "数据",
    "extraordinarily-long-identifier-without-spaces",
    "ok",
];

#[derive(Clone, Debug)]
enum RandomStep {
    Message(usize, usize, Vec<usize>),
    Note(usize, Vec<usize>, bool),
}

fn random_model(names: &[usize], steps: &[RandomStep]) -> Model {
    let n = names.len();
    let say = |words: &[usize]| {
        words
            .iter()
            .map(|w| WORDS[*w])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let steps = steps
        .iter()
        .map(|s| match s {
            RandomStep::Message(from, to, words) => {
                let (from, to) = (from % n, to % n);
                let to = if from == to { (to + 1) % n } else { to };
                FlowStep {
                    from: Some(format!("c{from}")),
                    to: Some(format!("c{to}")),
                    say: say(words),
                    ..FlowStep::default()
                }
            }
            RandomStep::Note(at, words, via) => FlowStep {
                at: Some(format!("c{}", at % n)),
                say: say(words),
                via: via.then(|| "Some Library 库".to_string()),
                ..FlowStep::default()
            },
        })
        .collect();
    flow_model(names.iter().map(|n| NAMES[*n]), steps)
}

fn random_step() -> impl Strategy<Value = RandomStep> {
    let words = prop::collection::vec(0..WORDS.len(), 1..6);
    prop_oneof![
        (0..6usize, 0..6usize, words.clone()).prop_map(|(a, b, w)| RandomStep::Message(a, b, w)),
        (0..6usize, words, any::<bool>()).prop_map(|(a, w, v)| RandomStep::Note(a, w, v)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_flows_render_in_every_style(
        names in prop::collection::vec(0..NAMES.len(), 2..=6),
        steps in prop::collection::vec(random_step(), 1..=20),
    ) {
        let model = random_model(&names, &steps);
        for style in STYLES {
            let text = render_diagram(&model, "f", style).expect("renders");
            prop_assert!(text.ends_with('\n'));
            for line in text.lines() {
                prop_assert_eq!(line, line.trim_end(), "trailing space");
            }
            let once = render_diagram(&model, "f", style).expect("renders");
            prop_assert_eq!(&text, &once);
            if style == DrawStyle::Mermaid {
                prop_assert_eq!(text.lines().filter(|l| l.contains(": ")).count(), steps.len());
            }
        }
        let uni = render_diagram(&model, "f", DrawStyle::Unicode).expect("renders");
        if uni.contains('→') || uni.contains('←') {
            check_geometry(&uni, &UNICODE_GEOMETRY);
        }
        let ascii = render_diagram(&model, "f", DrawStyle::Ascii).expect("renders");
        if ascii.lines().skip(4).any(|l| l.contains('>') || l.contains('<')) {
            check_geometry(&ascii, &ASCII_GEOMETRY);
        }
    }
}

// ---------------------------------------------------------------- Python inputs

/// Writes the sections whose Python CI runs (`tests/python/run.sh`) to
/// `target/rendered/`: the repository's bearer/HS256 verification and CORS, the
/// gateway's JWKS verification, and the notes app's cookie verification.
#[test]
fn write_rendered_sections_for_the_python_tests() {
    let dir = root().join("target/rendered");
    std::fs::create_dir_all(&dir).expect("target/rendered");
    let repo = repo_model();
    let find = |model: &Model, render: &str| -> SectionSpec {
        model.documents[0]
            .sections
            .iter()
            .find(|s| s.render == render)
            .cloned()
            .expect("section")
    };
    let gateway = fixture_model("gateway");
    let notes = fixture_model("notes");
    let files: [(&str, &Model, SectionSpec); 4] = [
        (
            "jwt-verification.md",
            &repo,
            find(&repo, "jwt-verification"),
        ),
        (
            "jwt-verification-jwks.md",
            &gateway,
            find(&gateway, "jwt-verification"),
        ),
        (
            "jwt-verification-cookie.md",
            &notes,
            find(&notes, "jwt-verification"),
        ),
        ("cors.md", &repo, find(&repo, "cors")),
    ];
    for (name, model, spec) in files {
        let text = render_section(model, &spec, 2).expect("renders");
        write_if_changed(&dir.join(name), &text);
    }
}

/// Leaves the file alone when it already holds `text`, so reruns touch nothing.
fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).expect("write rendered section");
    }
}
