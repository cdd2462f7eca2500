//! S004 missing-foreign-key: a model foreign key is absent from the table's SQL.

use super::tables_in_sql;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::extract::sql::TableSource;
use crate::generate::Dialect;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a table (CREATE TABLE, Python table class, or a heading over its fields) that lacks a foreign key the model gives the table (same columns, same referenced table and columns).",
    why: "Without the constraint, rows outlive the rows they belong to (tasks of deleted users), and the spec stops documenting the relationship readers need.",
    wrong: "CREATE TABLE tasks (\n  id SERIAL PRIMARY KEY,\n  user_id VARCHAR NOT NULL\n);",
    right: "CREATE TABLE tasks (\n  id SERIAL PRIMARY KEY,\n  user_id VARCHAR NOT NULL,\n  FOREIGN KEY (user_id) REFERENCES \"user\"(id) ON DELETE CASCADE\n);",
    fix: Some(
        "Adds the FOREIGN KEY clause from the model before the closing parenthesis (safe: it only inserts what the model owns).",
    ),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(schema) = &ctx.model.schema else {
        return;
    };
    let dialect = Dialect::of(schema);
    for (name, table, sql) in tables_in_sql(ctx) {
        for fk in &table.foreign_keys {
            let present = sql.foreign_keys.iter().any(|have| {
                have.columns == fk.columns
                    && have.references == fk.references
                    && (have.ref_columns.is_empty() || have.ref_columns == fk.ref_columns)
            });
            if present {
                continue;
            }
            let clause = dialect.foreign_key(fk);
            // Only a CREATE TABLE takes a FOREIGN KEY clause.
            let fix = (sql.source == TableSource::Sql)
                .then(|| insert_before_close(ctx.doc.slice(sql.span), sql.span.start, &clause))
                .flatten()
                .map(|edit| Fix::safe(format!("Add `{clause}`"), vec![edit]));
            out.push(
                Diagnostic::new(
                    Rule::MissingForeignKey,
                    sql.name_span,
                    format!(
                        "`{name}` lacks the foreign key ({}) → {}({})",
                        fk.columns.join(", "),
                        fk.references,
                        fk.ref_columns.join(", ")
                    ),
                )
                .with_fix(fix),
            );
        }
    }
}

/// An edit adding `clause` as the last item of a CREATE TABLE statement's column list.
pub(crate) fn insert_before_close(statement: &str, base: usize, clause: &str) -> Option<Edit> {
    let close = statement.rfind(')')?;
    let body = statement[..close].trim_end();
    let indent = statement[..close]
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with("--"))
        .map(|l| &l[..l.len() - l.trim_start().len()])
        .unwrap_or("  ");
    // Keep a trailing comment on the last column where it is: insert after the
    // column's own text, before its comment.
    let last_line_start = body.rfind('\n').map_or(0, |i| i + 1);
    let last_line = &body[last_line_start..];
    let code_end = match last_line.find("--") {
        Some(c) => last_line_start + last_line[..c].trim_end().len(),
        None => body.len(),
    };
    let comment = &body[code_end..];
    let replacement = format!(",{comment}\n{indent}{clause}\n");
    Some(Edit::replace(
        crate::span::Span::new(base + code_end, base + close),
        replacement,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_goes_before_the_closing_parenthesis() {
        let stmt = "CREATE TABLE t (\n  id INT, -- key\n  user_id TEXT -- owner\n);";
        let edit = insert_before_close(stmt, 0, "FOREIGN KEY (user_id) REFERENCES u(id)").unwrap();
        let mut s = stmt.to_string();
        s.replace_range(edit.span.range(), &edit.replacement);
        assert_eq!(
            s,
            "CREATE TABLE t (\n  id INT, -- key\n  user_id TEXT, -- owner\n  FOREIGN KEY (user_id) REFERENCES u(id)\n);"
        );
    }
}
