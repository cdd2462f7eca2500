//! S007 column-drift: SQL columns differ from the model's.

use super::tables_in_sql;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports columns of a CREATE TABLE that differ from the model's table: missing, extra, of another type, or of other nullability.",
    why: "Two teams build against the same table: one from the model, one from the spec. Drift between them is a migration that fails in production.",
    wrong: "CREATE TABLE tasks (id SERIAL PRIMARY KEY, title TEXT);   -- model: title VARCHAR(200) NOT NULL",
    right: "CREATE TABLE tasks (id SERIAL PRIMARY KEY, title VARCHAR(200) NOT NULL);",
    fix: None,
};

fn norm_type(t: &str) -> String {
    t.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase()
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (name, table, sql) in tables_in_sql(ctx) {
        if table.columns.is_empty() {
            continue;
        }
        for col in &table.columns {
            match sql.columns.iter().find(|c| c.name == col.name) {
                None => out.push(Diagnostic::new(
                    Rule::ColumnDrift,
                    sql.name_span,
                    format!("`{name}` lacks column `{}` {}", col.name, col.data_type),
                )),
                Some(have) => {
                    if norm_type(&have.data_type) != norm_type(&col.data_type) {
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
                    if want != has {
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
            }
        }
        for have in &sql.columns {
            if !table.columns.iter().any(|c| c.name == have.name) {
                out.push(Diagnostic::new(
                    Rule::ColumnDrift,
                    have.span,
                    format!("`{name}.{}` is not in the model", have.name),
                ));
            }
        }
    }
}
