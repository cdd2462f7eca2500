//! What a column option or a table constraint means for a [`SqlTable`].
//!
//! Both readers, sqlparser's AST walk and the plain-DDL reader, describe a statement in
//! these terms and leave the bookkeeping (which flags a primary key sets, which keys a
//! `UNIQUE` adds, in what order) to this one place, so the two cannot drift apart.

use super::{SqlColumn, SqlForeignKey, SqlTable};
use crate::span::Span;

/// One option of a column definition, as far as the read records it.
pub(super) enum ColumnOption {
    NotNull,
    /// The default as displayed: `now()`, `'draft'`, `FALSE`.
    Default(String),
    PrimaryKey,
    Unique,
    /// `REFERENCES ...`: a foreign key of this one column.
    References(Reference),
}

/// A table-level constraint, from `CREATE TABLE` or `ALTER TABLE ... ADD`.
#[derive(Clone)]
pub(super) enum Constraint {
    PrimaryKey(Vec<String>),
    Unique(Vec<String>),
    ForeignKey {
        columns: Vec<String>,
        reference: Reference,
    },
}

/// The `REFERENCES` part of a foreign key, with the span the key is reported at.
#[derive(Clone)]
pub(super) struct Reference {
    /// Folded, schema dropped.
    pub table: String,
    pub columns: Vec<String>,
    pub on_delete: Option<String>,
    pub on_update: Option<String>,
    pub span: Span,
}

/// A table with no columns or keys yet.
pub(super) fn table(name: String, name_span: Span, span: Span) -> SqlTable {
    SqlTable {
        source: super::TableSource::Sql,
        name,
        name_span,
        span,
        columns: Vec::new(),
        foreign_keys: Vec::new(),
        primary_key: Vec::new(),
        unique_keys: Vec::new(),
    }
}

/// Adds a column; the options that follow apply to it.
pub(super) fn push_column(table: &mut SqlTable, name: String, data_type: String, span: Span) {
    table.columns.push(SqlColumn {
        name,
        written: None,
        type_exact: true,
        null_stated: true,
        data_type,
        not_null: false,
        primary_key: false,
        unique: false,
        default: None,
        span,
    });
}

/// Records how the column added last was written, when it was an unquoted
/// identifier whose case the database folds away (`emailVerified`).
pub(super) fn written_as(table: &mut SqlTable, written: Option<String>) {
    if let (Some(column), Some(written)) = (table.columns.last_mut(), written) {
        if written != column.name {
            column.written = Some(written);
        }
    }
}

/// Applies an option of the column added last.
pub(super) fn column_option(table: &mut SqlTable, option: ColumnOption) {
    let Some(column) = table.columns.last_mut() else {
        return;
    };
    match option {
        ColumnOption::NotNull => column.not_null = true,
        ColumnOption::Default(text) => column.default = Some(text),
        ColumnOption::PrimaryKey => {
            column.primary_key = true;
            column.not_null = true;
            table.primary_key = vec![column.name.clone()];
        }
        ColumnOption::Unique => {
            column.unique = true;
            table.unique_keys.push(vec![column.name.clone()]);
        }
        ColumnOption::References(reference) => {
            let columns = vec![column.name.clone()];
            table.foreign_keys.push(foreign_key(columns, reference));
        }
    }
}

/// Applies a table-level constraint. `CREATE TABLE` applies its constraints after all
/// its columns, whatever the order they were written in.
pub(super) fn constraint(table: &mut SqlTable, constraint: Constraint) {
    match constraint {
        Constraint::PrimaryKey(key) => {
            for column in &mut table.columns {
                if key.contains(&column.name) {
                    column.primary_key = true;
                    column.not_null = true;
                }
            }
            table.primary_key = key;
        }
        Constraint::Unique(key) => {
            if let [only] = key.as_slice() {
                for column in &mut table.columns {
                    if &column.name == only {
                        column.unique = true;
                    }
                }
            }
            table.unique_keys.push(key);
        }
        Constraint::ForeignKey { columns, reference } => {
            table.foreign_keys.push(foreign_key(columns, reference));
        }
    }
}

/// Adds the columns of `ALTER TABLE ... ADD COLUMN` (read into `added`) with their
/// keys, unless the table already has a column of that name.
pub(crate) fn add_columns(table: &mut SqlTable, added: SqlTable) {
    for column in added.columns {
        if table.columns.iter().any(|c| c.name == column.name) {
            continue;
        }
        if column.primary_key {
            table.primary_key = vec![column.name.clone()];
        }
        table.columns.push(column);
    }
    table.unique_keys.extend(added.unique_keys);
    table.foreign_keys.extend(added.foreign_keys);
}

/// Puts the foreign keys in the order they were written: column-level and table-level
/// keys interleave by position.
pub(crate) fn finish(table: &mut SqlTable) {
    table.foreign_keys.sort_by_key(|fk| fk.span.start);
}

fn foreign_key(columns: Vec<String>, reference: Reference) -> SqlForeignKey {
    SqlForeignKey {
        columns,
        references: reference.table,
        ref_columns: reference.columns,
        on_delete: reference.on_delete,
        on_update: reference.on_update,
        span: reference.span,
    }
}
