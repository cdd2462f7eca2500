//! D002 verifier-mismatch: a diagram shows a component verifying a token it is not
//! a verifier of.

use super::{actions, component_list};
use crate::diagnostic::Diagnostic;
use crate::model::names::Verb;
use crate::rules::sections::redraw_diagram;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a diagram step that shows a component verifying a token when the model's `verified_by` does not list that component.",
    why: "Verification is a security boundary. A diagram that places it elsewhere leaves the real verifier unbuilt, or spreads the secret to a component that should never hold it.",
    wrong: "│ 5. Verify JWT          │   (a note on the Next.js lifeline; the model: verified_by [backend])",
    right: "│ 6. Verify JWT signature│   (a note on the FastAPI Backend lifeline)",
    fix: Some("Redraws the diagram from the model's flow (safe)."),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for d in &ctx.extracts.diagrams {
        // One redraw serves every finding in this diagram; computing it per finding
        // would cost the diagram's size each time.
        let mut redraw = None;
        for (step, actor, action) in actions(ctx, d, Verb::Verify) {
            let (Some(actor), Some(token)) = (actor, ctx.model.tokens.get(&action.token)) else {
                continue;
            };
            if token.verified_by.iter().any(|c| c == actor) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Rule::VerifierMismatch,
                    step.span,
                    format!(
                        "{} is shown verifying {}, but only {} verifies it",
                        ctx.model.component_name(actor),
                        token.name,
                        component_list(ctx, &token.verified_by)
                    ),
                )
                .with_fix(redraw.get_or_insert_with(|| redraw_diagram(ctx, d)).clone()),
            );
        }
    }
}
