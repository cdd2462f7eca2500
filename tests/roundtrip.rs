//! Round trip: a flow drawn by the generators reads back, through the diagram
//! readers, as the same flow — for the repository's sign-in flow and for random
//! flows (2–6 participants, 1–20 steps, names and labels of varied width), in every
//! style. This is what makes "redraw the diagram" a fix that the rules then accept.

mod common;
use common::flow_model;

use std::path::Path;

use proptest::prelude::*;
use speclint::extract::diagram::{Diagram, StepKind, read_mermaid, read_text_diagram};
use speclint::generate::{DrawStyle, render_diagram};
use speclint::model::{Flow, FlowStep, Model, Names, load_model};

const STYLES: [DrawStyle; 3] = [DrawStyle::Unicode, DrawStyle::Ascii, DrawStyle::Mermaid];

fn read(style: DrawStyle, text: &str) -> Option<Diagram> {
    match style {
        DrawStyle::Mermaid => read_mermaid(text, 0),
        _ => read_text_diagram(text, 0),
    }
}

/// The flow as a list of comparable steps: (number, from, to, at, text).
type Expected = Vec<(u32, Option<String>, Option<String>, Option<String>, String)>;

fn expected(flow: &Flow) -> Expected {
    flow.steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let text = match &s.via {
                Some(via) => format!("{} ({via})", s.say),
                None => s.say.clone(),
            };
            (
                i as u32 + 1,
                s.from.clone(),
                s.to.clone(),
                s.at.clone(),
                text,
            )
        })
        .collect()
}

/// What the reader saw, with participants resolved to component ids by the model's names.
fn read_back(model: &Model, d: &Diagram) -> Expected {
    let names = Names::new(model);
    let id = |i: usize| {
        d.participants
            .get(i)
            .and_then(|p| names.component(&p.name))
            .map(str::to_string)
    };
    d.steps
        .iter()
        .map(|s| {
            let (from, to, at) = match s.kind {
                StepKind::Message { from, to, .. } => (id(from), id(to), None),
                StepKind::Note { at } => (None, None, id(at)),
            };
            (s.number.unwrap_or(0), from, to, at, s.text.clone())
        })
        .collect()
}

#[test]
fn the_signin_flow_reads_back_in_every_style() {
    let model = load_model(&Path::new(env!("CARGO_MANIFEST_DIR")).join("speclint.yaml")).unwrap();
    for style in STYLES {
        let text = render_diagram(&model, "signin", style).unwrap();
        let d =
            read(style, &text).unwrap_or_else(|| panic!("{style:?} does not read back:\n{text}"));
        assert_eq!(
            read_back(&model, &d),
            expected(&model.flows["signin"]),
            "{style:?}:\n{text}"
        );
        assert!(d.dangling.is_empty(), "{style:?}");
    }
}

const NAMES: &[&str] = &[
    "Web",
    "Next.js Frontend",
    "API Gateway",
    "Orders Service",
    "認証サービス",
    "🍪 Cookie Jar",
    "Identity Provider Service",
    "DB",
    "Payment Provider",
];

const WORDS: &[&str] = &[
    "GET",
    "/api/{id}/orders",
    "issue",
    "token",
    "トークン",
    "🍪",
    "check",
    "signature",
    "数据",
    "ok",
    "refresh",
];

fn model_of(names: &[usize], steps: &[(bool, usize, usize, Vec<usize>)]) -> Model {
    let n = names.len();
    // A sequence diagram has two participants and an arrow at least (a lone note on
    // one lifeline is some other picture): the first step is always a message.
    let first = (true, 0, 1, vec![0]);
    let steps = std::iter::once(&first)
        .chain(steps)
        .map(|(message, a, b, words)| {
            let say = words
                .iter()
                .map(|w| WORDS[*w])
                .collect::<Vec<_>>()
                .join(" ");
            let (a, b) = (a % n, b % n);
            if *message {
                let b = if a == b { (b + 1) % n } else { b };
                FlowStep {
                    from: Some(format!("c{a}")),
                    to: Some(format!("c{b}")),
                    say,
                    ..FlowStep::default()
                }
            } else {
                FlowStep {
                    at: Some(format!("c{a}")),
                    say,
                    ..FlowStep::default()
                }
            }
        })
        .collect();
    flow_model(names.iter().map(|n| NAMES[*n]), steps)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn random_flows_read_back_in_every_style(
        names in prop::sample::subsequence((0..NAMES.len()).collect::<Vec<_>>(), 2..=6).prop_shuffle(),
        steps in prop::collection::vec((any::<bool>(), 0..6usize, 0..6usize, prop::collection::vec(0..WORDS.len(), 1..5)), 0..=19),
    ) {
        let model = model_of(&names, &steps);
        let want = expected(&model.flows["f"]);
        for style in STYLES {
            let text = render_diagram(&model, "f", style).unwrap();
            let d = read(style, &text);
            prop_assert!(d.is_some(), "{:?} does not read back:\n{}", style, text);
            let d = d.unwrap();
            prop_assert_eq!(read_back(&model, &d), want.clone(), "{:?}:\n{}", style, text);
        }
    }
}
