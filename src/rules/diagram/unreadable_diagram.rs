//! D010 unreadable-diagram: a flow the document should draw has no diagram speclint
//! could read, and a block that looks like one is there.

use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports, in place of D009, a flow listed in the document's `flows:` that no diagram speclint read draws, when a block that looks like a drawing of a flow (lifelines and arrows, or a chain of arrows) could not be read.",
    why: "The diagram is probably there, drawn in a way speclint does not understand: calling it missing would be wrong, and staying silent would let the gate pass a flow nobody checked.",
    wrong: "documents: [{ path: spec.md, flows: [signin] }]   and spec.md's only drawing of sign-in has its names neither in boxes nor over its lifelines.",
    right: "The diagram names each participant in a box or right over its lifeline, so it is read and checked.",
    fix: None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(entry) = ctx.entry else { return };
    let missing: Vec<&String> = entry
        .flows
        .iter()
        .filter(|f| ctx.model.flows.contains_key(*f))
        .filter(|f| {
            !ctx.extracts
                .diagrams
                .iter()
                .any(|d| d.flow.as_deref() == Some(f.as_str()))
        })
        .collect();
    if missing.is_empty() {
        return;
    }
    let blocks = super::unreadable_blocks(ctx);
    let Some(&first) = blocks.first() else { return };
    for flow_id in missing {
        // The block under a heading that names the flow, else the document's first.
        let title = ctx
            .model
            .flows
            .get(flow_id.as_str())
            .and_then(|f| f.title.clone())
            .unwrap_or_else(|| flow_id.replace(['-', '_'], " "))
            .to_lowercase();
        let block = blocks
            .iter()
            .copied()
            .find(|&i| {
                let heading = ctx
                    .doc
                    .code_blocks
                    .get(i)
                    .and_then(|b| ctx.doc.section_at(b.span.start))
                    .and_then(|s| ctx.doc.sections.get(s))
                    .map(|s| s.title.to_lowercase());
                heading.is_some_and(|h| h.contains(&title) || (!h.is_empty() && title.contains(&h)))
            })
            .unwrap_or(first);
        let Some(b) = ctx.doc.code_blocks.get(block) else {
            continue;
        };
        let at = ctx
            .doc
            .lines_in(b.content)
            .next()
            .map_or(b.content, |(_, s)| s);
        out.push(Diagnostic::new(
            Rule::UnreadableDiagram,
            at,
            format!(
                "flow `{flow_id}` has no diagram speclint could read; this block looks like a drawing of a flow, not a sequence diagram it can read, so the flow is not checked"
            ),
        ));
    }
}
