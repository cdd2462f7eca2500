//! D002 verifier-mismatch: a diagram shows a component verifying a token it is not
//! a verifier of.

use super::duty;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a diagram step that shows a component verifying a token when the model's `verified_by` does not list that component.",
    why: "Verification is a security boundary. A diagram that places it elsewhere leaves the real verifier unbuilt, or spreads the secret to a component that should never hold it.",
    wrong: "│ 5. Verify JWT          │   (a note on the Next.js lifeline; the model: verified_by [backend])",
    right: "│ 6. Verify JWT signature│   (a note on the FastAPI Backend lifeline)",
    fix: Some("Redraws the diagram from the model's flow (safe)."),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    duty::wrong_actors(ctx, &duty::VERIFY, Rule::VerifierMismatch, out);
}
