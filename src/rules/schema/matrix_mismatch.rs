//! S005 matrix-mismatch: a responsibility-matrix row disagrees with the model.

use super::{owners_named, parse_access};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::model::names::fold;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a cell of the responsibility matrix (Table / Created By / Managed By / … Access) that disagrees with the model: the owner, the owner's migration, or the access level of `schema.access_of`.",
    why: "The matrix is where readers look up who may touch a table. One wrong cell grants write access to a table another tool manages.",
    wrong: "| `session` | Better Auth migration | Better Auth | FULL ACCESS (CRUD) |",
    right: "| `session` | Better Auth migration | Better Auth | NO ACCESS |",
    fix: Some("Rewrites the cell from the model (unsafe: it rewrites the author's text)."),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(schema) = &ctx.model.schema else {
        return;
    };
    for row in &ctx.extracts.matrix {
        let Some(table) = schema.tables.get(&row.table.text) else {
            continue;
        };
        let Some(owner) = schema.owners.get(&table.owner) else {
            continue;
        };
        let name = &row.table.text;
        let mut report = |cell: &crate::extract::ownership::Located, what: &str, want: String| {
            out.push(
                Diagnostic::new(
                    Rule::MatrixMismatch,
                    cell.span,
                    format!(
                        "the matrix says `{name}` {what} \"{}\"; the model says \"{want}\"",
                        cell.text
                    ),
                )
                // A cell the row lacks (an empty span at the row's end) has no place
                // to write into: text appended there would join the last cell.
                .with_fix((!cell.span.is_empty()).then(|| {
                    Fix::unsafe_edit(
                        format!("Write \"{want}\""),
                        vec![Edit::replace(cell.span, want)],
                    )
                })),
            );
        };
        if let Some(cell) = &row.managed_by {
            if !owners_named(schema, &cell.text).contains(&table.owner.as_str()) {
                report(cell, "is managed by", owner.name.clone());
            }
        }
        if let (Some(cell), Some(created)) = (&row.created_by, &owner.created_by) {
            let says = fold(&cell.text);
            let matches = says.contains(&fold(created))
                || owners_named(schema, &cell.text).first() == Some(&table.owner.as_str());
            if !matches {
                report(cell, "is created by", created.clone());
            }
        }
        if let (Some(cell), Some(access)) = (&row.access, table.access) {
            if parse_access(&cell.text) != Some(access) {
                report(cell, "gives access", access.label().to_string());
            }
        }
    }
}
