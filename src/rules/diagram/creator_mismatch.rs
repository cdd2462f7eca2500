//! D001 creator-mismatch: a diagram shows a component creating a token that only
//! others may create.

use super::{actions, component_list};
use crate::diagnostic::Diagnostic;
use crate::model::names::Verb;
use crate::rules::sections::redraw_diagram;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a diagram step that shows a component creating a token the model lets only other components create: a self-note on its lifeline (\"3. Create JWT\"), or a message asking it to (\"Create JWT & Session\" sent to the backend).",
    why: "The diagram is how readers learn who does what. A backend drawn creating the JWT gets built to create JWTs: a second issuer, a second secret, and tokens the real issuer never signed.",
    wrong: "│ 2. Create JWT & Session│\n│────────────────────────→│   (Next.js → FastAPI Backend)",
    right: "│ 3. Create JWT          │\n│    (Better Auth)       │   (a note on the Next.js lifeline)",
    fix: Some(
        "Redraws the diagram from the model's flow, in the diagram's own style (safe: the model owns the flow).",
    ),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for d in &ctx.extracts.diagrams {
        // One redraw serves every finding in this diagram; computing it per finding
        // would cost the diagram's size each time.
        let mut redraw = None;
        for (step, actor, action) in actions(ctx, d, Verb::Create) {
            let (Some(actor), Some(token)) = (actor, ctx.model.tokens.get(&action.token)) else {
                continue;
            };
            if token.created_by.iter().any(|c| c == actor) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Rule::CreatorMismatch,
                    step.span,
                    format!(
                        "{} is shown creating {}, but only {} creates it",
                        ctx.model.component_name(actor),
                        token.name,
                        component_list(ctx, &token.created_by)
                    ),
                )
                .with_fix(redraw.get_or_insert_with(|| redraw_diagram(ctx, d)).clone()),
            );
        }
    }
}
