//! M006 stale-baseline-entry: an entry of the `--baseline` file that matches no
//! finding any more.
//!
//! Whether an entry is stale depends on every document's findings, so it cannot be
//! an ordinary rule over one document: [`crate::baseline`] reports it while it
//! filters a run's findings, at the entry's line in the baseline file. This module
//! is the rule's entry in the catalogue, its documentation, and a `check` that finds
//! nothing on its own.

use crate::diagnostic::Diagnostic;
use crate::rules::{Context, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports an entry of the baseline file given to `check --baseline` that matches no finding of the run: the finding it recorded was fixed, or the text it pointed at changed.",
    why: "A baseline excuses findings that existed when it was written. An entry that matches nothing excuses nothing today, but would silently excuse a new finding that happens to match it later; keeping the file to what is still open also shows the progress made.",
    wrong: "{\"code\": \"D001\", \"path\": \"specs/auth.md\", \"fingerprint\": \"…\", \"occurrence\": 0}   (the diagram was redrawn; nothing matches)",
    right: "speclint check --write-baseline speclint-baseline.json   (write the file again: fixed findings drop out)",
    fix: None,
};

/// Finds nothing: see the module comment.
pub fn check(_ctx: &Context, _out: &mut Vec<Diagnostic>) {}
