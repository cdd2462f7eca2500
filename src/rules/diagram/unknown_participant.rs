//! D005 unknown-participant: a participant that matches no component.

use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a participant box (or a Mermaid participant) whose name matches no component's name, alias or library.",
    why: "Every other diagram rule reasons about components. A participant the model does not know is either a typo or a part of the system nobody has described.",
    wrong: "┌──────────┐\n│ Auth API │   (the model has browser, frontend, backend)\n└──────────┘",
    right: "Name the box as the model does (\"FastAPI Backend\"), or add the name to the component's `aliases`.",
    fix: None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for d in &ctx.extracts.diagrams {
        for (p, component) in d.diagram.participants.iter().zip(&d.components) {
            if component.is_some() {
                continue;
            }
            let known: Vec<&str> = ctx
                .model
                .components
                .values()
                .map(|c| c.name.as_str())
                .collect();
            out.push(Diagnostic::new(
                Rule::UnknownParticipant,
                p.span,
                format!(
                    "participant \"{}\" is not a component of the model (components: {})",
                    p.name,
                    known.join(", ")
                ),
            ));
        }
    }
}
