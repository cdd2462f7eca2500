//! X002 creator-conflict: two documents show different components creating the
//! same token.

use super::{Side, action_conflicts};
use crate::diagnostic::Diagnostic;
use crate::model::names::Verb;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a diagram step that shows a component creating a token when other documents of the same spec folder show another component creating it. Without a model, a token is the word after a create verb (\"Create JWT\"); a model's token whose `created_by` is set is D001's business instead. The side most documents take stands; on a tie, the side of the newest document (the last in path order: spec-kit numbers its specs) and, prose included, the side stated more often. A diagram labelled as a quoted mistake (\"Current (INCORRECT)\", \"Before\") is not counted.",
    why: "Specs that disagree about who issues a token get built both ways: two issuers, two secrets, and tokens one side never signed. Nobody notices until the parts meet.",
    wrong: "specs/a.md: │ 2. Create JWT │ on the Backend lifeline\nspecs/b.md: │ 2. Create JWT │ on the Frontend lifeline",
    right: "Both documents draw the Frontend creating the JWT (or a model's `created_by` settles it, and D001 reports the diagram that disagrees).",
    fix: None,
};

/// Finds nothing on one document: the comparison runs once every document was
/// checked ([`compare`]).
pub fn check(_ctx: &Context, _out: &mut Vec<Diagnostic>) {}

pub fn compare(docs: &[Side], out: &mut [Vec<Diagnostic>]) {
    action_conflicts(
        docs,
        Verb::Create,
        Rule::CreatorConflict,
        ("creating", "create"),
        out,
    );
}
