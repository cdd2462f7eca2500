//! The database schema section: tables grouped by the owner that creates them, each
//! with its DDL and who may do what with it, then the responsibility matrix and who
//! runs which migration.
//!
//! Headings state ownership in the form the schema rules read back:
//! "#### 1. `user` table (Better Auth Managed)".

use super::markdown::{self, Doc, code};
use super::sql::{self, Dialect};
use super::{GenerateError, ids, join_and, short_name, text, without_parenthetical};
use crate::model::{Access, Model, Owner, Schema, Table};

/// The schema section for `tables` (model table ids; rendered in model order, each
/// once): heading at `level`, an owner subsection per owner at `level + 1`, a heading
/// per table at `level + 2`, then the responsibility matrix.
pub fn render_schema_section(
    model: &Model,
    tables: &[&str],
    title: &str,
    level: u8,
) -> Result<String, GenerateError> {
    markdown::check_levels(level, 2)?;
    let schema = model
        .schema
        .as_ref()
        .ok_or_else(|| GenerateError::NoSchema {
            section: title.to_string(),
        })?;
    for id in tables {
        if !schema.tables.contains_key(*id) {
            return Err(GenerateError::UnknownTable {
                id: id.to_string(),
                known: ids(&schema.tables),
            });
        }
    }
    let chosen: Vec<(&str, &Table)> = schema
        .tables
        .iter()
        .filter(|(id, _)| tables.contains(&id.as_str()))
        .map(|(id, t)| (id.as_str(), t))
        .collect();
    for (id, table) in &chosen {
        if !schema.owners.contains_key(&table.owner) {
            return Err(GenerateError::UnknownOwner {
                table: id.to_string(),
                id: table.owner.clone(),
                known: ids(&schema.owners),
            });
        }
    }
    // Owners in model order, each with its tables in model order.
    let groups: Vec<(&Owner, Vec<(&str, &Table)>)> = schema
        .owners
        .iter()
        .map(|(oid, owner)| {
            let mine: Vec<(&str, &Table)> = chosen
                .iter()
                .filter(|(_, t)| &t.owner == oid)
                .copied()
                .collect();
            (owner, mine)
        })
        .filter(|(_, mine)| !mine.is_empty())
        .collect();

    let section = Section {
        model,
        schema,
        dialect: Dialect::of(schema),
        chosen: &chosen,
        several_owners: groups.len() > 1,
    };
    let mut doc = Doc::new();
    doc.heading(level, title);
    let mut number = 0;
    for (owner, mine) in &groups {
        doc.heading(level + 1, &owner_heading(owner));
        doc.para(&section.owner_intro(owner, &groups));
        for (id, table) in mine {
            number += 1;
            section.table(&mut doc, level + 2, number, id, table, owner)?;
        }
    }
    doc.heading(level + 1, "Database Responsibility Matrix");
    section.matrix(&mut doc);
    let notes: Vec<String> = groups
        .iter()
        .filter_map(|(owner, mine)| section.migration_note(owner, mine))
        .collect();
    if !notes.is_empty() {
        doc.para("**Migrations**:");
        let mut notes = notes;
        if section.several_owners {
            notes.push(format!(
                "All these tables live in {}",
                database(schema, true)
            ));
        }
        doc.bullets(&notes);
    }
    Ok(doc.finish())
}

/// What every part of the section needs to know.
struct Section<'a> {
    model: &'a Model,
    schema: &'a Schema,
    dialect: Dialect,
    chosen: &'a [(&'a str, &'a Table)],
    several_owners: bool,
}

impl Section<'_> {
    /// "When you run `cmd`, Better Auth creates these tables in the PostgreSQL database:"
    fn owner_intro(&self, owner: &Owner, groups: &[(&Owner, Vec<(&str, &Table)>)]) -> String {
        let name = text::clean(&owner.name);
        let db = database(self.schema, false);
        match (&owner.command, &owner.created_by) {
            (Some(cmd), _) => format!(
                "When you run {}, {name} creates these tables in {db}:",
                code(&text::clean(cmd))
            ),
            (None, Some(by)) => {
                let others: Vec<String> = groups
                    .iter()
                    .filter(|(o, _)| !std::ptr::eq(*o, owner))
                    .map(|(o, _)| text::clean(o.created_by.as_deref().unwrap_or(&o.name)))
                    .collect();
                if others.is_empty() {
                    format!("The {} creates these tables in {db}:", text::clean(by))
                } else {
                    format!(
                        "The {} creates these tables in {db}, separately from the {}:",
                        text::clean(by),
                        join_and(&others)
                    )
                }
            }
            (None, None) => format!("{name} manages these tables in {db}:"),
        }
    }

    fn table(
        &self,
        doc: &mut Doc,
        level: u8,
        number: usize,
        id: &str,
        table: &Table,
        owner: &Owner,
    ) -> Result<(), GenerateError> {
        let owner_name = text::clean(&owner.name);
        doc.heading(
            level,
            &format!(
                "{number}. {} table ({} Managed)",
                code(id),
                without_parenthetical(&owner.name)
            ),
        );
        let note = table.note.as_deref().map(sentence);
        match sql::create_table(&self.dialect, id, table)? {
            Some(ddl) => doc.fenced("sql", &ddl),
            None => {
                let left = format!("Its columns are left to {owner_name} and not listed here.");
                doc.para(&match &note {
                    Some(n) => format!("{n} {left}"),
                    None => left,
                });
            }
        }
        let mut lines = Vec::new();
        if let Some(purpose) = &table.purpose {
            lines.push(format!("**Purpose**: {}", text::clean(purpose)));
        }
        if let (Some(n), false) = (&note, table.columns.is_empty()) {
            lines.push(format!("**Note**: {n}"));
        }
        lines.push(format!("**Managed By**: {owner_name}"));
        if let Some(access) = self.access_line(id, table) {
            lines.push(format!("**Access**: {access}"));
        }
        let relations: Vec<String> = table
            .foreign_keys
            .iter()
            .map(|fk| {
                let own: Vec<String> = fk.columns.iter().map(|c| format!("{id}.{c}")).collect();
                let other: Vec<String> = fk
                    .ref_columns
                    .iter()
                    .map(|c| format!("{}.{c}", fk.references))
                    .collect();
                let action = fk
                    .on_delete
                    .as_deref()
                    .map(|a| format!(" (ON DELETE {})", text::clean(a).to_uppercase()))
                    .unwrap_or_default();
                format!(
                    "{} references {}{action}",
                    code(&own.join(", ")),
                    code(&other.join(", "))
                )
            })
            .collect();
        if !relations.is_empty() {
            lines.push(format!("**Relationship**: {}", relations.join("; ")));
        }
        doc.lines(&lines);
        Ok(())
    }

    /// What the `access_of` component may do, in words. A read-only table says which
    /// of the component's own tables point at it: that is what it reads it for.
    fn access_line(&self, id: &str, table: &Table) -> Option<String> {
        let who = self.model.component_name(self.schema.access_of.as_deref()?);
        Some(match table.access? {
            Access::Full => format!("{who} has FULL ACCESS (CRUD)"),
            Access::None => format!("{who} should NOT access this table directly"),
            Access::ReadOnly => {
                let uses: Vec<String> = self
                    .chosen
                    .iter()
                    .filter(|(_, t)| t.access.is_some_and(|a| a != Access::None))
                    .flat_map(|(other, t)| {
                        t.foreign_keys
                            .iter()
                            .filter(|fk| fk.references == id)
                            .map(move |fk| {
                                let cols: Vec<String> =
                                    fk.columns.iter().map(|c| format!("{other}.{c}")).collect();
                                code(&cols.join(", "))
                            })
                    })
                    .collect();
                if uses.is_empty() {
                    format!("{who} can READ, but should NOT modify")
                } else {
                    format!(
                        "{who} can READ (for {}), but should NOT modify",
                        join_and(&uses)
                    )
                }
            }
        })
    }

    fn matrix(&self, doc: &mut Doc) {
        let mut header: Vec<String> = ["Table", "Created By", "Managed By"]
            .map(String::from)
            .to_vec();
        let access_of = self.schema.access_of.as_deref();
        if let Some(who) = access_of {
            header.push(format!("{} Access", short_name(self.model, who)));
        }
        let rows: Vec<Vec<String>> = self
            .chosen
            .iter()
            .map(|(id, table)| {
                let owner = self.schema.owners.get(&table.owner);
                let name = owner.map(|o| text::clean(&o.name)).unwrap_or_default();
                let created = owner
                    .and_then(|o| o.created_by.as_deref())
                    .map_or_else(|| name.clone(), text::clean);
                let mut row = vec![code(id), created, name];
                if access_of.is_some() {
                    row.push(
                        table
                            .access
                            .map_or("UNSPECIFIED", Access::label)
                            .to_string(),
                    );
                }
                row
            })
            .collect();
        doc.table(&header, &rows);
    }

    /// Who creates an owner's tables, and how.
    fn migration_note(&self, owner: &Owner, mine: &[(&str, &Table)]) -> Option<String> {
        let list: Vec<String> = mine.iter().map(|(id, _)| code(id)).collect();
        let subject = format!(
            "{} tables ({})",
            without_parenthetical(&owner.name),
            list.join(", ")
        );
        match (&owner.command, &owner.created_by) {
            (Some(cmd), _) => Some(format!(
                "{subject} are created when you run {}",
                code(&text::clean(cmd))
            )),
            (None, Some(by)) if self.several_owners => Some(format!(
                "{subject} must be created separately, by the {}",
                text::clean(by)
            )),
            (None, Some(by)) => Some(format!("{subject} are created by the {}", text::clean(by))),
            (None, None) => None,
        }
    }
}

/// "Tables Created by Better Auth Migration", or "Tables Managed by X".
fn owner_heading(owner: &Owner) -> String {
    match &owner.created_by {
        Some(by) => format!("Tables Created by {}", title_case(&text::clean(by))),
        None => format!("Tables Managed by {}", text::clean(&owner.name)),
    }
}

/// Each word's first letter in upper case; the rest kept.
fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(first) => first.to_uppercase().chain(cs).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A note as a sentence: capitalised, ending in a full stop.
fn sentence(s: &str) -> String {
    let s = text::clean(s);
    let mut cs = s.chars();
    let mut out: String = match cs.next() {
        Some(first) => first.to_uppercase().chain(cs).collect(),
        None => return s,
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// "the PostgreSQL database" (the product the dialect names, as people write it), or
/// "the SAME PostgreSQL database"; "the database" when no dialect is given.
fn database(schema: &Schema, same: bool) -> String {
    let raw = schema
        .dialect
        .as_deref()
        .map(text::clean)
        .unwrap_or_default();
    let product = match raw.to_ascii_lowercase().as_str() {
        "postgres" | "postgresql" | "pg" => "PostgreSQL ".to_string(),
        "mysql" => "MySQL ".to_string(),
        "mariadb" => "MariaDB ".to_string(),
        "sqlite" => "SQLite ".to_string(),
        "" => String::new(),
        _ => format!("{raw} "),
    };
    format!("the {}{product}database", if same { "SAME " } else { "" })
}
