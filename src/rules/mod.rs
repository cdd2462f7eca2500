//! The rules: one file per rule under a folder per family, and the registry that
//! maps codes to them.
//!
//! Rules are pure: they read a [`Context`] (the document, its extracts, the model)
//! and push [`Diagnostic`]s. They do no IO and never print.

pub mod checklist;
pub mod code;
mod context;
pub mod cross;
pub mod diagram;
mod facts;
pub mod markdown;
mod registry;
pub mod schema;
mod sections;

pub use context::Context;
pub use facts::Facts;
pub use registry::{FixAvailability, FixSafety, Rule, RuleDoc};

use crate::diagnostic::Diagnostic;

/// Runs every rule in `rules` over one document, in registry order. The rules of
/// a large document run on every core; the findings are the same, in the same
/// order.
pub fn run(ctx: &Context, rules: &[Rule]) -> Vec<Diagnostic> {
    let mut out = crate::parallel::collect_parts(ctx.doc.text.len(), rules, |_, &rule, out| {
        rule.check(ctx, out);
    });
    out.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(a.rule.cmp(&b.rule)));
    out
}
