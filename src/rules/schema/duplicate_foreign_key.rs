//! S011 duplicate-foreign-key: one table declares the same foreign key twice.

use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a foreign key a table declares a second time: the same columns referencing the same table and columns, written inline (`REFERENCES`), as a table constraint, or by ALTER TABLE ... ADD.",
    why: "PostgreSQL creates both constraints: every write is checked twice, and the two drift apart the day one of them changes its ON DELETE action.",
    wrong: "CREATE TABLE tasks (\n  user_id TEXT REFERENCES users(id),\n  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE\n);",
    right: "CREATE TABLE tasks (\n  user_id TEXT,\n  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE\n);",
    fix: None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for table in ctx.extracts.tables() {
        for (i, fk) in table.foreign_keys.iter().enumerate() {
            let first = table.foreign_keys[..i].iter().find(|other| {
                other.columns == fk.columns
                    && other.references == fk.references
                    && (other.ref_columns == fk.ref_columns
                        || other.ref_columns.is_empty()
                        || fk.ref_columns.is_empty())
            });
            let Some(first) = first else { continue };
            let line = ctx.doc.line_col(first.span.start).line;
            out.push(Diagnostic::new(
                Rule::DuplicateForeignKey,
                fk.span,
                format!(
                    "`{}` declares the foreign key ({}) → {} again (first on line {line})",
                    table.name,
                    fk.columns.join(", "),
                    fk.references
                ),
            ));
        }
    }
}
