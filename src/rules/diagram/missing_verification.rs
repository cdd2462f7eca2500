//! D004 missing-verification: the flow verifies a token and its diagram never shows
//! a verifier verifying it.

use super::duty;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a diagram of a flow whose steps verify a token (`verifies:`) when no step of the diagram shows one of the token's verifiers verifying it.",
    why: "An unverified token is no authentication at all. If the diagram does not show the check, nobody is told to build it.",
    wrong: "A diagram where the browser calls the backend with the JWT and the backend answers with the tasks.",
    right: "The diagram has \"6. Verify JWT signature\" on the FastAPI Backend lifeline.",
    fix: Some("Redraws the diagram from the model's flow (safe)."),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    duty::missing(ctx, &duty::VERIFY, Rule::MissingVerification, out);
}
