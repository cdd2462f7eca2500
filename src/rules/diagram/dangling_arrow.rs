//! D008 dangling-arrow: an arrow end that meets no lifeline.

use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports an arrow in a text-art diagram whose start or end lies more than two columns away from every lifeline.",
    why: "An arrow that reaches no lifeline has no sender or no receiver: readers guess which component it means, and so must speclint, so the other diagram rules cannot check that step.",
    wrong: "│ 1. POST /signin │\n├──────────→      │   (the head stops between the lifelines)",
    right: "│ 1. POST /signin │\n├────────────────→│",
    fix: None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for d in &ctx.extracts.diagrams {
        for arrow in &d.diagram.dangling {
            let what = match (arrow.number, arrow.text.is_empty()) {
                (Some(n), _) => format!("the arrow of step {n}"),
                (None, false) => format!("the arrow \"{}\"", arrow.text),
                (None, true) => "this arrow".to_string(),
            };
            out.push(Diagnostic::new(
                Rule::DanglingArrow,
                arrow.span,
                format!(
                    "{what} ends at column {} and meets no lifeline",
                    arrow.column
                ),
            ));
        }
    }
}
