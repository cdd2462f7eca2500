//! D: the diagram family. Who the sequence diagrams show doing what, against the
//! model's components, tokens and flows.

pub mod creator_mismatch;
pub mod dangling_arrow;
mod duty;
pub mod flow_drift;
pub mod missing_creation;
pub mod missing_diagram;
pub mod missing_verification;
pub mod step_numbering;
pub mod unknown_participant;
pub mod unreadable_diagram;
pub mod verifier_mismatch;

use crate::extract::DiagramExtract;
use crate::extract::diagram::{Step, StepKind};
use crate::model::names::{Action, Verb};
use crate::rules::Context;

/// The component a step's action is done by: the lifeline a note stands on (or the
/// component its "(Library)" names), the receiver of a message (a message "Create
/// JWT" sent to the backend asks the backend to create it).
pub(crate) fn actor<'a>(ctx: &'a Context, d: &'a DiagramExtract, step: &Step) -> Option<&'a str> {
    match step.kind {
        StepKind::Note { at } => d.components.get(at).and_then(|c| c.as_deref()).or_else(|| {
            ctx.names
                .components_in(&step.text)
                .first()
                .map(|(id, _)| *id)
        }),
        StepKind::Message { to, .. } => d.components.get(to).and_then(|c| c.as_deref()),
    }
}

/// Every (step, actor, action) of `verb` in diagram `diagram` (an index into the
/// document's extracts).
pub(crate) fn actions<'a>(
    ctx: &'a Context,
    diagram: usize,
    verb: Verb,
) -> Vec<(&'a Step, Option<&'a str>, &'a Action)> {
    let d = &ctx.extracts.diagrams[diagram];
    let shown = &ctx.facts.step_actions(ctx)[diagram];
    let mut out = Vec::new();
    for (step, actions) in d.diagram.steps.iter().zip(shown) {
        for action in actions.iter().filter(|a| a.verb == verb) {
            out.push((step, actor(ctx, d, step), action));
        }
    }
    out
}

/// "A and B" from component ids.
pub(crate) fn component_list(ctx: &Context, ids: &[String]) -> String {
    let names: Vec<&str> = ids.iter().map(|id| ctx.model.component_name(id)).collect();
    match names.as_slice() {
        [] => "nobody".to_string(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The first row of a diagram block: where whole-diagram findings point.
pub(crate) fn diagram_head(ctx: &Context, d: &DiagramExtract) -> crate::span::Span {
    let content = ctx
        .doc
        .code_blocks
        .get(d.block)
        .map_or(d.diagram.span, |b| b.content);
    ctx.doc.lines_in(content).next().map_or(content, |(_, s)| s)
}

/// The text-art blocks of the document that look like sequence diagrams (lifelines
/// and arrows) but that no diagram was read from, blocks quoted as mistakes left out.
pub(crate) fn unreadable_blocks(ctx: &Context) -> Vec<usize> {
    ctx.doc
        .code_blocks
        .iter()
        .enumerate()
        .filter(|(i, b)| {
            crate::extract::flows::TEXT_ART.contains(&b.lang.as_str())
                && !ctx.extracts.diagrams.iter().any(|d| d.block == *i)
                && !ctx.doc.quoted_mistake(*i)
                && crate::extract::diagram::may_be_sequence_diagram(ctx.doc.slice(b.content))
        })
        .map(|(i, _)| i)
        .collect()
}
