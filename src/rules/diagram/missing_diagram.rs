//! D009 missing-diagram: a document the model gives a flow has no diagram of it.

use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::fix::placement::{insertion_text, outside_open_blocks, top_level};
use crate::generate::DrawStyle;
use crate::rules::{Context, Rule, RuleDoc};
use crate::span::Span;

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a flow listed in the document's `flows:` that no diagram in the document draws (when a block that looks like a diagram could not be read, D010 reports it instead).",
    why: "The flow is the part of the architecture this spec is about; without its diagram, readers reconstruct it from prose, differently each time.",
    wrong: "documents: [{ path: spec.md, flows: [signin] }]   and spec.md has no sequence diagram.",
    right: "spec.md has a sequence diagram of the sign-in flow.",
    fix: Some(
        "Inserts a section with the flow's diagram, drawn from the model, before the document's first section (safe).",
    ),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(entry) = ctx.entry else { return };
    // A block that looks like a diagram but could not be read may well draw the
    // flow: D010 says so instead.
    if !super::unreadable_blocks(ctx).is_empty() {
        return;
    }
    for flow_id in &entry.flows {
        if ctx
            .extracts
            .diagrams
            .iter()
            .any(|d| d.flow.as_deref() == Some(flow_id))
        {
            continue;
        }
        let Some(flow) = ctx.model.flows.get(flow_id) else {
            continue;
        };
        let title = flow
            .title
            .clone()
            .unwrap_or_else(|| format!("Flow: {flow_id}"));
        let at = ctx
            .doc
            .sections
            .first()
            .map_or(Span::empty(0), |s| s.heading);
        // Under the title, before the first subsection.
        let title_end = ctx
            .doc
            .sections
            .first()
            .filter(|s| s.level == 1)
            .map_or(0, |s| s.own_end);
        let offset = outside_open_blocks(ctx.doc, title_end);
        let level = top_level(ctx.doc);
        let fix = ctx
            .rendered
            .diagram(ctx.model, flow_id, DrawStyle::Unicode)
            .map(|diagram| {
                let section = format!(
                    "{} {title}\n\n```\n{diagram}```\n",
                    "#".repeat(level as usize)
                );
                Fix::safe(
                    format!("Insert a diagram of flow `{flow_id}`"),
                    vec![Edit::insert(
                        offset,
                        insertion_text(ctx.doc, offset, &section),
                    )],
                )
            });
        out.push(
            Diagnostic::new(
                Rule::MissingDiagram,
                at,
                format!("no diagram of flow `{flow_id}` ({title})"),
            )
            .with_fix(fix),
        );
    }
}
