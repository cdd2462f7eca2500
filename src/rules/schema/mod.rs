//! S: the schema family. Tables, columns, keys, indexes and who owns them, as the
//! spec's SQL, headings and responsibility matrix show them, against `schema:`.

pub mod column_drift;
pub mod duplicate_foreign_key;
pub mod index_unknown_column;
pub mod matrix_mismatch;
pub mod missing_foreign_key;
pub mod missing_index;
pub mod missing_schema_section;
pub mod missing_table;
pub mod owner_mismatch;
pub mod sql_syntax;
pub mod unknown_table;

use crate::extract::sql::SqlTable;
use crate::model::names::words;
use crate::model::{Access, Owner, Schema, Table};
use crate::rules::Context;

/// The model's tables that the document's SQL creates, each with its CREATE TABLE:
/// what the rules comparing SQL with the model (S004, S007, S008) walk.
pub(crate) fn tables_in_sql<'a>(
    ctx: &'a Context,
) -> impl Iterator<Item = (&'a str, &'a Table, &'a SqlTable)> {
    // Each CREATE TABLE looked up in the model (a model can list many more tables
    // than one document creates), then in the model's order, the first CREATE
    // TABLE of a name kept (the sort is stable).
    let mut found: Vec<(usize, &str, &Table, &SqlTable)> = Vec::new();
    if let Some(schema) = &ctx.model.schema {
        for sql in ctx.extracts.tables() {
            if let Some((i, name, table)) = schema.tables.get_full(sql.name.as_str()) {
                found.push((i, name.as_str(), table, sql));
            }
        }
    }
    found.sort_by_key(|f| f.0);
    found.dedup_by_key(|f| f.0);
    found
        .into_iter()
        .map(|(_, name, table, sql)| (name, table, sql))
}

/// An owner's name as a claim writes it: "Backend (SQLModel)" → "Backend".
pub(crate) fn owner_display(owner: &Owner) -> String {
    crate::generate::without_parenthetical(&owner.name)
}

/// The owner ids whose id, name or short name `text` mentions, most specific first.
pub fn owners_named<'s>(schema: &'s Schema, text: &str) -> Vec<&'s str> {
    let text = format!(" {} ", words(text).join(" "));
    let mut hits: Vec<(usize, &str)> = Vec::new();
    for (id, owner) in &schema.owners {
        let short = owner_display(owner);
        let phrases = [id.as_str(), owner.name.as_str(), short.as_str()];
        let best = phrases
            .iter()
            .map(|p| format!(" {} ", words(p).join(" ")))
            .filter(|p| !p.trim().is_empty() && text.contains(p.as_str()))
            .map(|p| p.len())
            .max();
        if let Some(len) = best {
            hits.push((len, id));
        }
    }
    hits.sort_by_key(|h| std::cmp::Reverse(h.0));
    hits.into_iter().map(|(_, id)| id).collect()
}

/// Reads an access cell: "READ-ONLY (for user_id FK)", "NO ACCESS", "FULL ACCESS (CRUD)".
pub(crate) fn parse_access(text: &str) -> Option<Access> {
    let w = words(text);
    let has = |s: &str| w.iter().any(|x| x == s);
    if has("none") || (has("no") && has("access")) {
        Some(Access::None)
    } else if has("read") && (has("only") || has("readonly")) || has("readonly") {
        Some(Access::ReadOnly)
    } else if has("full") || has("crud") || (has("read") && has("write")) {
        Some(Access::Full)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_in_sql_follow_the_model_and_keep_first_definitions() {
        let model = crate::model::parse_model(
            "version: 1\nschema:\n  owners: { o: { name: O } }\n  tables:\n    b: { owner: o }\n    a: { owner: o }\n    c: { owner: o }\n",
            std::path::Path::new("speclint.yaml"),
        )
        .expect("a valid model");
        let markdown = "```sql\nCREATE TABLE a (x INT);\nCREATE TABLE z (x INT);\nCREATE TABLE b (y INT);\nCREATE TABLE a (w INT);\n```\n";
        crate::rules::context::with_context(&model, markdown, |ctx| {
            let got: Vec<(&str, Vec<&str>)> = tables_in_sql(ctx)
                .map(|(name, _, sql)| (name, sql.columns.iter().map(|c| c.name.as_str()).collect()))
                .collect();
            assert_eq!(got, [("b", vec!["y"]), ("a", vec!["x"])]);
        });
    }

    #[test]
    fn access_cells() {
        assert_eq!(
            parse_access("READ-ONLY (for user_id FK)"),
            Some(Access::ReadOnly)
        );
        assert_eq!(parse_access("NO ACCESS"), Some(Access::None));
        assert_eq!(parse_access("FULL ACCESS (CRUD)"), Some(Access::Full));
        assert_eq!(parse_access("sometimes"), None);
    }
}
