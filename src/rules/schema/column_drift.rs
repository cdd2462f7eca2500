//! S007 column-drift: SQL columns differ from the model's.

use super::tables_in_sql;
use crate::diagnostic::Diagnostic;
use crate::extract::types::same_type;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports columns of a CREATE TABLE that differ from the model's table: missing, extra, of another type, or of other nullability.",
    why: "Two teams build against the same table: one from the model, one from the spec. Drift between them is a migration that fails in production.",
    wrong: "CREATE TABLE tasks (id SERIAL PRIMARY KEY, title TEXT);   -- model: title VARCHAR(200) NOT NULL",
    right: "CREATE TABLE tasks (id SERIAL PRIMARY KEY, title VARCHAR(200) NOT NULL);",
    fix: None,
};

/// Whether the schema's database folds unquoted names to lower case (PostgreSQL,
/// the default); MySQL, SQLite and SQL Server compare column names without case.
fn folds_to_lower(ctx: &Context) -> bool {
    let dialect = ctx
        .model
        .schema
        .as_ref()
        .and_then(|s| s.dialect.as_deref())
        .unwrap_or("postgres")
        .to_ascii_lowercase();
    !matches!(
        dialect.as_str(),
        "mysql" | "mariadb" | "sqlite" | "sqlite3" | "mssql" | "sqlserver"
    )
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let folds = folds_to_lower(ctx);
    for (name, table, sql) in tables_in_sql(ctx) {
        if table.columns.is_empty() {
            continue;
        }
        // The spec's columns each model column was matched with.
        let mut matched = vec![false; sql.columns.len()];
        for col in &table.columns {
            let exact = sql.columns.iter().position(|c| c.name == col.name);
            // `emailVerified` unquoted is `emailverified` to PostgreSQL; elsewhere
            // case does not matter.
            let folded = exact.is_none().then(|| {
                sql.columns
                    .iter()
                    .position(|c| c.name.eq_ignore_ascii_case(&col.name))
            });
            let Some(i) = exact.or(folded.flatten()) else {
                out.push(Diagnostic::new(
                    Rule::ColumnDrift,
                    sql.name_span,
                    format!("`{name}` lacks column `{}` {}", col.name, col.data_type),
                ));
                continue;
            };
            matched[i] = true;
            let have = &sql.columns[i];
            if exact.is_none() && folds && have.written.is_some() {
                let written = have.written.as_deref().unwrap_or(&have.name);
                out.push(Diagnostic::new(
                    Rule::ColumnDrift,
                    have.span,
                    format!(
                        "`{name}.{written}` is unquoted, so the database names it `{}`, not `{}` as in the model: write \"{}\"",
                        have.name, col.name, col.name
                    ),
                ));
            }
            if !have.data_type.is_empty()
                && !same_type(&have.data_type, &col.data_type, !have.type_exact)
            {
                out.push(Diagnostic::new(
                    Rule::ColumnDrift,
                    have.span,
                    format!(
                        "`{name}.{}` is {} here, {} in the model",
                        col.name, have.data_type, col.data_type
                    ),
                ));
            }
            let want = col.not_null || col.primary_key;
            let has = have.not_null || have.primary_key;
            if want != has && have.null_stated {
                let say = |b: bool| if b { "NOT NULL" } else { "nullable" };
                out.push(Diagnostic::new(
                    Rule::ColumnDrift,
                    have.span,
                    format!(
                        "`{name}.{}` is {} here, {} in the model",
                        col.name,
                        say(has),
                        say(want)
                    ),
                ));
            }
        }
        for (have, matched) in sql.columns.iter().zip(matched) {
            if !matched {
                out.push(Diagnostic::new(
                    Rule::ColumnDrift,
                    have.span,
                    format!("`{name}.{}` is not in the model", have.name),
                ));
            }
        }
    }
}
