//! S003 owner-mismatch: a heading or "Managed By" line names the wrong owner.

use super::{owner_display, owners_named};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::extract::ownership::ClaimSource;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a heading (\"`tasks` table (Better Auth Managed)\") or a \"**Managed By**:\" line that says a table is managed by someone other than its owner in the model.",
    why: "Ownership decides who creates and migrates a table. A spec that names the wrong owner sends a team to migrate tables another tool manages, or to wait for tables nobody creates.",
    wrong: "#### `tasks` table (Better Auth Managed)",
    right: "#### `tasks` table (Backend Managed)",
    fix: Some(
        "Replaces the owner's name with the model's (unsafe: it rewrites the author's text).",
    ),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(schema) = &ctx.model.schema else {
        return;
    };
    for claim in &ctx.extracts.claims {
        let Some(table) = schema.tables.get(&claim.table) else {
            continue;
        };
        let named = owners_named(schema, &claim.owner.text);
        if named.contains(&table.owner.as_str()) {
            continue;
        }
        let Some(owner) = schema.owners.get(&table.owner) else {
            continue;
        };
        // Headings say "(Backend Managed)"; "Managed By" lines carry the full name.
        let want = match claim.source {
            ClaimSource::Heading => owner_display(owner),
            ClaimSource::ManagedByLine => owner.name.clone(),
        };
        out.push(
            Diagnostic::new(
                Rule::OwnerMismatch,
                claim.owner.span,
                format!(
                    "`{}` is managed by {}, not {}",
                    claim.table, owner.name, claim.owner.text
                ),
            )
            .with_fix(Some(Fix::unsafe_edit(
                format!("Write \"{want}\""),
                vec![Edit::replace(claim.owner.span, want)],
            ))),
        );
    }
}
