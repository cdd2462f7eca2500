//! S008 missing-index: a model index is absent from the SQL.

use super::tables_in_sql;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::extract::sql::TableSource;
use crate::generate::Dialect;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports an index in the model (`schema.tables.*.indexes`) that no CREATE INDEX (or indexed Python field) in the spec creates, for a table the spec defines and the model's entry for the document lists: notes that sketch a table elsewhere are not asked for its indexes. An index the model lists twice is reported once.",
    why: "Indexes are part of the schema contract: without `idx_tasks_user_id`, listing a user's tasks scans the whole table.",
    wrong: "CREATE TABLE tasks (...);",
    right: "CREATE TABLE tasks (...);\n\nCREATE INDEX idx_tasks_user_id ON tasks(user_id);",
    fix: Some("Adds the CREATE INDEX statement after the table's CREATE TABLE (safe)."),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(schema) = &ctx.model.schema else {
        return;
    };
    let dialect = Dialect::of(schema);
    let Some(entry) = ctx.entry else { return };
    for (name, table, sql) in tables_in_sql(ctx) {
        if !entry.tables.iter().any(|t| t == name) {
            continue;
        }
        for (i, index) in table.indexes.iter().enumerate() {
            // The same index twice in the model is one index.
            let repeated = table.indexes[..i]
                .iter()
                .any(|other| other.name == index.name || other.columns == index.columns);
            if repeated {
                continue;
            }
            let present = ctx.extracts.indexes().any(|ix| {
                ix.name == index.name || (ix.table == name && ix.columns == index.columns)
            });
            if present {
                continue;
            }
            let statement = dialect.create_index(name, index);
            // Only SQL takes a CREATE INDEX after it.
            let fix = (sql.source == TableSource::Sql).then(|| {
                Fix::safe(
                    format!("Add `{statement}`"),
                    vec![Edit::insert(
                        statement_end(ctx, sql.span),
                        format!("\n\n{statement}"),
                    )],
                )
            });
            out.push(
                Diagnostic::new(
                    Rule::MissingIndex,
                    sql.name_span,
                    format!("index `{}` on `{name}` is missing", index.name),
                )
                .with_fix(fix),
            );
        }
    }
}

/// After the statement and its `;`.
fn statement_end(ctx: &Context, span: crate::span::Span) -> usize {
    let rest = &ctx.doc.text[span.end..];
    let semi = rest
        .find(|c: char| !c.is_whitespace())
        .filter(|&i| rest[i..].starts_with(';'));
    semi.map_or(span.end, |i| span.end + i + 1)
}
