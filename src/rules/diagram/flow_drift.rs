//! D006 flow-drift: a diagram's steps differ from its model flow: steps missing,
//! extra, out of order, or between other ends.

use super::diagram_head;
use crate::diagnostic::Diagnostic;
use crate::extract::DiagramExtract;
use crate::extract::diagram::StepKind;
use crate::extract::flows::{likeness, similar};
use crate::model::FlowStep;
use crate::rules::sections::redraw_diagram;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Compares a diagram with the model flow it draws and reports each difference: a flow step the diagram lacks, a drawn step the flow lacks, steps drawn out of the flow's order, and a step drawn between other components than the flow says.",
    why: "A diagram that drifts from the flow documents a system that does not exist. Small drifts (a step dropped in an edit, an arrow redrawn to the wrong box) are exactly the ones reviewers miss.",
    wrong: "The flow: 1 browser → frontend, 2 frontend creates JWT, 3 frontend → browser.\nThe diagram: 1 browser → frontend, 2 frontend → backend \"Create JWT\".",
    right: "A diagram with the flow's steps, in order, between the flow's components.",
    fix: Some("Redraws the diagram from the flow, in the diagram's own style (safe)."),
};

/// The components a drawn step connects, as component ids where known.
fn drawn_ends(
    d: &DiagramExtract,
    kind: &StepKind,
) -> (Option<String>, Option<String>, Option<String>) {
    let c = |i: usize| d.components.get(i).cloned().flatten();
    match *kind {
        StepKind::Message { from, to, .. } => (c(from), c(to), None),
        StepKind::Note { at } => (None, None, c(at)),
    }
}

fn same_ends(d: &DiagramExtract, kind: &StepKind, fs: &FlowStep) -> bool {
    let (from, to, at) = drawn_ends(d, kind);
    from.as_deref() == fs.from.as_deref()
        && to.as_deref() == fs.to.as_deref()
        && at.as_deref() == fs.at.as_deref()
}

fn describe(ctx: &Context, fs: &FlowStep) -> String {
    match (&fs.from, &fs.to, &fs.at) {
        (Some(f), Some(t), _) => format!(
            "{} → {}",
            ctx.model.component_name(f),
            ctx.model.component_name(t)
        ),
        (_, _, Some(a)) => format!("at {}", ctx.model.component_name(a)),
        _ => String::new(),
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for d in &ctx.extracts.diagrams {
        let Some(flow_id) = d.flow.as_deref() else {
            continue;
        };
        let Some(flow) = ctx.model.flows.get(flow_id) else {
            continue;
        };
        // One redraw per diagram, shared by all its findings: a long diagram has
        // thousands, and the redraw reads the whole block.
        let redraw = std::cell::OnceCell::new();
        let fix = || redraw.get_or_init(|| redraw_diagram(ctx, d)).clone();
        let mut used = vec![false; flow.steps.len()];
        let mut last_matched: Option<usize> = None;
        for step in &d.diagram.steps {
            // The flow step this drawn step stands for: the most alike text, then the
            // same ends, not taken by an earlier drawn step.
            let candidates = (0..flow.steps.len())
                .filter(|&j| !used[j] && similar(&flow.steps[j].say, &step.text));
            let best = candidates.max_by_key(|&j| {
                let fs = &flow.steps[j];
                (
                    likeness(&fs.say, &step.text),
                    same_ends(d, &step.kind, fs),
                    std::cmp::Reverse(j),
                )
            });
            let Some(j) = best else {
                out.push(
                    Diagnostic::new(
                        Rule::FlowDrift,
                        step.span,
                        format!("\"{}\" is not a step of flow `{flow_id}`", step.text),
                    )
                    .with_fix(fix()),
                );
                continue;
            };
            used[j] = true;
            let fs = &flow.steps[j];
            if !same_ends(d, &step.kind, fs) {
                out.push(
                    Diagnostic::new(
                        Rule::FlowDrift,
                        step.span,
                        format!(
                            "\"{}\" is step {} of flow `{flow_id}`, which is {}",
                            step.text,
                            j + 1,
                            describe(ctx, fs)
                        ),
                    )
                    .with_fix(fix()),
                );
            }
            if last_matched.is_some_and(|prev| j < prev) {
                out.push(
                    Diagnostic::new(
                        Rule::FlowDrift,
                        step.span,
                        format!("\"{}\" is drawn after a later step of flow `{flow_id}` (it is step {})", step.text, j + 1),
                    )
                    .with_fix(fix()),
                );
            }
            last_matched = Some(last_matched.map_or(j, |p| p.max(j)));
        }
        let missing: Vec<String> = used
            .iter()
            .enumerate()
            .filter(|(_, u)| !**u)
            .map(|(j, _)| format!("{}. {}", j + 1, flow.steps[j].say))
            .collect();
        if !missing.is_empty() {
            out.push(
                Diagnostic::new(
                    Rule::FlowDrift,
                    diagram_head(ctx, d),
                    format!(
                        "this diagram of flow `{flow_id}` lacks {}: {}",
                        plural(missing.len()),
                        missing.join("; ")
                    ),
                )
                .with_fix(fix()),
            );
        }
    }
}

fn plural(n: usize) -> String {
    if n == 1 {
        "a step".to_string()
    } else {
        format!("{n} steps")
    }
}
