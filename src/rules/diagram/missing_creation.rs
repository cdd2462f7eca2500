//! D003 missing-creation: the flow creates a token and its diagram never shows a
//! creator creating it.

use super::duty;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a diagram of a flow whose steps create a token (`creates:`) when no step of the diagram shows one of the token's creators creating it.",
    why: "A diagram that never shows where the token comes from leaves readers to guess, and the guess is usually the component they are building.",
    wrong: "A sign-in diagram that goes from \"POST /api/auth/signin\" straight to \"Return JWT cookie\".",
    right: "The diagram has \"3. Create JWT (Better Auth)\" on the Next.js lifeline.",
    fix: Some("Redraws the diagram from the model's flow (safe)."),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    duty::missing(ctx, &duty::CREATE, Rule::MissingCreation, out);
}
