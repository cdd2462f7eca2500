//! S002 missing-table: a table the model gives this document is not documented.

use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleDoc};
use crate::span::Span;

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a table listed in the document's `tables:` that the spec documents nowhere: no CREATE TABLE, no Python table class, no heading over its fields or about its owner, no responsibility-matrix row.",
    why: "A table the spec does not mention is a table implementers will not create, or will create with guessed columns and the wrong owner.",
    wrong: "documents: [{ path: spec.md, tables: [user, tasks] }]\n\nspec.md documents only `user`.",
    right: "spec.md has a `tasks` table subsection with its CREATE TABLE.",
    fix: None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(entry) = ctx.entry else { return };
    let at = ctx
        .doc
        .sections
        .first()
        .map_or(Span::empty(0), |s| s.heading);
    for table in &entry.tables {
        let in_sql = ctx.extracts.table(table).is_some();
        let in_claims = ctx.extracts.claims.iter().any(|c| &c.table == table);
        let in_matrix = ctx.extracts.matrix.iter().any(|r| &r.table.text == table);
        if !(in_sql || in_claims || in_matrix) {
            out.push(Diagnostic::new(
                Rule::MissingTable,
                at,
                format!("table `{table}` is not documented: no CREATE TABLE, heading or matrix row names it"),
            ));
        }
    }
}
