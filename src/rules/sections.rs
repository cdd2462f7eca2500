//! Fixes shared by rules: inserting a section the model generates, and redrawing a
//! flow's diagram in the author's style. Both are safe: the model owns this content.

use crate::diagnostic::{Edit, Fix};
use crate::extract::DiagramExtract;
use crate::extract::diagram::DiagramStyle;
use crate::fix::placement::{insertion_text, place};
use crate::generate::DrawStyle;
use crate::model::SectionSpec;
use crate::rules::Context;
use crate::span::Span;

/// The required section `spec` is present when a heading carries its title.
pub(crate) fn present(ctx: &Context, spec: &SectionSpec) -> bool {
    ctx.doc.find_section(&spec.title).is_some()
}

/// Where a "missing section" finding points: the heading it would follow or sit in,
/// else the document's title.
pub(crate) fn anchor_span(ctx: &Context, spec: &SectionSpec) -> Span {
    let anchor = spec.after.as_deref().or(spec.within.as_deref());
    anchor
        .and_then(|a| ctx.doc.find_section(a))
        .or(if ctx.doc.sections.is_empty() {
            None
        } else {
            Some(0)
        })
        .map_or(Span::empty(0), |i| ctx.doc.sections[i].heading)
}

/// Inserts the section rendered from the model where `after:`/`within:` say.
pub(crate) fn insert_section(ctx: &Context, spec: &SectionSpec) -> Option<Fix> {
    let at = place(ctx.doc, spec);
    let text = ctx.rendered.section(ctx.model, spec, at.level)?;
    let insertion = insertion_text(ctx.doc, at.offset, &text);
    let mut title = format!("Insert the \"{}\" section", spec.title);
    if !at.anchored {
        title.push_str(" at the end (its anchor heading is missing)");
    }
    Some(Fix::safe(title, vec![Edit::insert(at.offset, insertion)]))
}

/// Redraws a diagram from its flow, in the style it was drawn in.
pub(crate) fn redraw_diagram(ctx: &Context, d: &DiagramExtract) -> Option<Fix> {
    let flow = d.flow.as_deref()?;
    let style = match d.diagram.style {
        DiagramStyle::Unicode => DrawStyle::Unicode,
        DiagramStyle::Ascii => DrawStyle::Ascii,
        DiagramStyle::Mermaid => DrawStyle::Mermaid,
    };
    let block = ctx.doc.code_blocks.get(d.block)?;
    let mut text = ctx.rendered.diagram(ctx.model, flow, style)?;
    if ctx.doc.slice(block.content).contains("\r\n") {
        text = text.replace('\n', "\r\n");
    }
    if ctx.doc.slice(block.content) == text {
        return None;
    }
    Some(Fix::safe(
        format!("Redraw the diagram of flow `{flow}` from the model"),
        vec![Edit::replace(block.content, text)],
    ))
}
