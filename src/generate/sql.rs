//! SQL DDL for a model table: `CREATE TABLE` with its columns and foreign keys, then
//! its indexes, with identifiers quoted where the database would misread them.

use super::GenerateError;
use crate::model::{ForeignKey, Index, Schema, Table};

/// Words the generated DDL quotes: PostgreSQL's reserved key words (the same list
/// S006 reads a table's name against), plus `session`, `value` and `values`, which the
/// SQL standard reserves and other databases refuse unquoted.
fn reserved(name: &str) -> bool {
    crate::extract::sql::is_pg_reserved(name) || matches!(name, "session" | "value" | "values")
}

/// How the table's SQL is written for the schema's dialect.
pub struct Dialect {
    /// MySQL and MariaDB quote identifiers with backticks; everyone else with `"`.
    backticks: bool,
}

impl Dialect {
    pub fn of(schema: &Schema) -> Dialect {
        let name = schema.dialect.as_deref().unwrap_or("").to_ascii_lowercase();
        Dialect {
            backticks: matches!(name.as_str(), "mysql" | "mariadb"),
        }
    }

    /// `name` as an identifier: bare when it is a plain lower-case word the database
    /// reads back unchanged, quoted when it is reserved or would be case-folded.
    pub fn ident(&self, name: &str) -> String {
        let plain = name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if plain && !reserved(name) {
            return name.to_string();
        }
        if self.backticks {
            format!("`{}`", name.replace('`', "``"))
        } else {
            format!("\"{}\"", name.replace('"', "\"\""))
        }
    }

    fn idents(&self, names: &[String]) -> String {
        names
            .iter()
            .map(|n| self.ident(n))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `FOREIGN KEY (user_id) REFERENCES "user"(id) ON DELETE CASCADE`: the clause
    /// the schema section writes and S004's fix inserts.
    pub fn foreign_key(&self, fk: &ForeignKey) -> String {
        let mut def = format!(
            "FOREIGN KEY ({}) REFERENCES {}({})",
            self.idents(&fk.columns),
            self.ident(&fk.references),
            self.idents(&fk.ref_columns)
        );
        if let Some(action) = &fk.on_delete {
            def.push_str(&format!(
                " ON DELETE {}",
                super::text::clean(action).to_uppercase()
            ));
        }
        def
    }

    /// `CREATE INDEX idx ON table(columns);` (no line end): what the schema section
    /// writes and S008's fix inserts.
    pub fn create_index(&self, table: &str, index: &Index) -> String {
        format!(
            "CREATE {}INDEX {} ON {}({});",
            if index.unique { "UNIQUE " } else { "" },
            self.ident(&index.name),
            self.ident(table),
            self.idents(&index.columns)
        )
    }
}

/// The DDL of one table, ending in '\n'. Comments are aligned two columns past the
/// widest column line (constraint lines carry none and would push them far right). A table without columns has no DDL: `None`.
pub fn create_table(
    dialect: &Dialect,
    name: &str,
    table: &Table,
) -> Result<Option<String>, GenerateError> {
    if table.columns.is_empty() {
        return Ok(None);
    }
    let invalid = |problem: String| GenerateError::InvalidTable {
        table: name.to_string(),
        problem,
    };
    // (definition, comment) per line inside the parentheses.
    let mut defs: Vec<(String, Option<String>)> = Vec::new();
    for col in &table.columns {
        let data_type = super::text::clean(&col.data_type);
        if data_type.is_empty() {
            return Err(invalid(format!("column `{}` has no type", col.name)));
        }
        let mut def = format!("{} {data_type}", dialect.ident(&col.name));
        if col.primary_key {
            def.push_str(" PRIMARY KEY");
        }
        if col.unique {
            def.push_str(" UNIQUE");
        }
        if col.not_null {
            def.push_str(" NOT NULL");
        }
        if let Some(default) = &col.default {
            def.push_str(&format!(" DEFAULT {}", super::text::clean(default)));
        }
        let comment = col.comment.as_deref().map(super::text::clean);
        defs.push((def, comment.filter(|c| !c.is_empty())));
    }
    for fk in &table.foreign_keys {
        if fk.columns.is_empty() || fk.columns.len() != fk.ref_columns.len() {
            return Err(invalid(format!(
                "a foreign key to `{}` needs as many `columns` as `ref_columns`",
                fk.references
            )));
        }
        defs.push((dialect.foreign_key(fk), None));
    }
    let last = defs.len() - 1;
    let lines: Vec<String> = defs
        .iter()
        .enumerate()
        .map(|(i, (def, _))| format!("  {def}{}", if i < last { "," } else { "" }))
        .collect();
    let align = lines[..table.columns.len()]
        .iter()
        .map(|l| super::text::width(l))
        .max()
        .unwrap_or(0)
        + 2;
    let mut out = format!("CREATE TABLE {} (\n", dialect.ident(name));
    for (line, (_, comment)) in lines.iter().zip(&defs) {
        match comment {
            Some(c) => {
                let pad = " ".repeat(align - super::text::width(line));
                out.push_str(&format!("{line}{pad}-- {c}\n"));
            }
            None => out.push_str(&format!("{line}\n")),
        }
    }
    out.push_str(");\n");
    if !table.indexes.is_empty() {
        out.push('\n');
    }
    for index in &table.indexes {
        if index.columns.is_empty() {
            return Err(invalid(format!("index `{}` has no columns", index.name)));
        }
        out.push_str(&dialect.create_index(name, index));
        out.push('\n');
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted_only_when_needed() {
        let pg = Dialect { backticks: false };
        assert_eq!(pg.ident("tasks"), "tasks");
        assert_eq!(pg.ident("user"), "\"user\"");
        assert_eq!(pg.ident("session"), "\"session\"");
        assert_eq!(pg.ident("userId"), "\"userId\"");
        assert_eq!(pg.ident("a\"b"), "\"a\"\"b\"");
        let my = Dialect { backticks: true };
        assert_eq!(my.ident("order"), "`order`");
    }
}
