//! S: the schema family. Tables, columns, keys, indexes and who owns them, as the
//! spec's SQL, headings and responsibility matrix show them, against `schema:`.

pub mod column_drift;
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
    let tables = ctx.model.schema.iter().flat_map(|s| &s.tables);
    tables.filter_map(|(name, table)| {
        ctx.extracts
            .sql_table(name)
            .map(|sql| (name.as_str(), table, sql))
    })
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
