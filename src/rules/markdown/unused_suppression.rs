//! M004 unused-suppression: a `speclint-disable` comment that silences nothing.
//!
//! Whether a suppression is used depends on what every other rule found, so it
//! cannot be an ordinary rule over one document: `check.rs` computes it after the
//! rules ran and the suppressions were applied (see [`crate::suppress`]). This
//! module is the rule's entry in the catalogue, its documentation, and a `check`
//! that finds nothing on its own.

use crate::diagnostic::Diagnostic;
use crate::rules::{Context, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a suppression comment (`speclint-disable`, `-next-line`, `-file`) that silences no finding, or names something that is no rule. A suppression naming a rule that did not run (deselected or ignored for the file) is not reported.",
    why: "A stale suppression hides the next real finding at that place: the text it excused has changed, but the excuse stays.",
    wrong: "<!-- speclint-disable-next-line D001 -->\nA paragraph that no rule reports.",
    right: "Remove the comment, or keep it only above the diagram it excuses.",
    fix: None,
};

/// Finds nothing: see the module comment.
pub fn check(_ctx: &Context, _out: &mut Vec<Diagnostic>) {}
