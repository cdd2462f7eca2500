//! X003 verifier-conflict: two documents show different components verifying the
//! same token.

use super::{Side, action_conflicts};
use crate::diagnostic::Diagnostic;
use crate::model::names::Verb;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a diagram step that shows a component verifying a token when other documents of the same spec folder show another component verifying it. Without a model, a token is the word after a verify verb (\"Verify JWT\"); a model's token whose `verified_by` is set is D002's business instead. The side most documents take stands; on a tie, the side of the newest document (the last in path order: spec-kit numbers its specs) and, prose included, the side stated more often. A diagram labelled as a quoted mistake is not counted.",
    why: "Who verifies a token decides where the secret or the keys must be, and which service rejects a forged request. Specs that disagree leave one side unprotected or hand the secret to a service that should not hold it.",
    wrong: "specs/a.md: │ 6. Verify JWT │ on the Backend lifeline\nspecs/b.md: │ 6. Verify JWT │ on the Gateway lifeline",
    right: "Both documents draw the same verifier, or a model's `verified_by` lists every component that verifies it.",
    fix: None,
};

/// Finds nothing on one document: the comparison runs once every document was
/// checked ([`compare`]).
pub fn check(_ctx: &Context, _out: &mut Vec<Diagnostic>) {}

pub fn compare(docs: &[Side], out: &mut [Vec<Diagnostic>]) {
    action_conflicts(
        docs,
        Verb::Verify,
        Rule::VerifierConflict,
        ("verifying", "verify"),
        out,
    );
}
