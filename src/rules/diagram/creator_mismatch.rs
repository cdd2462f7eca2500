//! D001 creator-mismatch: a diagram shows a component creating a token that only
//! others may create.

use super::duty;
use crate::diagnostic::Diagnostic;
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
    duty::wrong_actors(ctx, &duty::CREATE, Rule::CreatorMismatch, out);
}
