//! S010 index-unknown-column: an index names a column its table does not have.

use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a CREATE INDEX on a column that the table, as the same document defines it (with its ALTER TABLE ... ADD COLUMN), does not have. Expression keys are not checked.",
    why: "The migration stops at that statement: the index cannot be built, and whatever follows it is never applied. Usually a column was renamed in the table and not in its index.",
    wrong: "CREATE TABLE tasks (id SERIAL PRIMARY KEY, owner_id TEXT);\nCREATE INDEX idx_tasks_user_id ON tasks (user_id);",
    right: "CREATE TABLE tasks (id SERIAL PRIMARY KEY, owner_id TEXT);\nCREATE INDEX idx_tasks_owner_id ON tasks (owner_id);",
    fix: None,
};

/// A key that is a column name rather than an expression (`lower(email)`).
fn is_column(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // CREATE INDEX statements: an index prose mentions may describe a table the
    // document shows only in part.
    for index in ctx.extracts.sql_indexes() {
        let Some(table) = ctx.extracts.table(&index.table) else {
            continue;
        };
        for key in index.columns.iter().filter(|k| is_column(k)) {
            if table.columns.iter().any(|c| &c.name == key) {
                continue;
            }
            let name = if index.name.is_empty() {
                "the index".to_string()
            } else {
                format!("index `{}`", index.name)
            };
            out.push(Diagnostic::new(
                Rule::IndexUnknownColumn,
                index.span,
                format!(
                    "{name} is on `{}.{key}`, but `{}` has no column `{key}`",
                    index.table, index.table
                ),
            ));
        }
    }
}
