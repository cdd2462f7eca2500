//! Tables documented in prose: a heading (or a bold label) that names a table, over a
//! Markdown table of its fields (`| Field | Type | Constraints |`) or a bullet list
//! of them (`- id: integer (primary key)`, `` - `email` (String): unique ``).
//!
//! Each is read into the same [`SqlTable`] a `CREATE TABLE` gives, with its
//! [`TableSource`], so the schema rules check all forms alike. Types stay as written
//! (`Integer`, `String`, `DateTime`); [`super::types`] knows which database types a
//! word like `String` stands for.
//!
//! A heading is read as a table when it says so (`### Tasks Table`, `### Table Name:
//! \`tasks\``, `` #### `user` table ``), or when the name it gives is a table of the
//! model, allowing for the singular and plural (`## Entity: User` for `users`): an
//! entity heading that names no table may describe a request body or a token, not a
//! table. A list needs two or more fields whose types read as types.

use crate::document::{Document, Section};
use crate::span::Span;

use super::sql::{SqlColumn, SqlForeignKey, SqlIndex, SqlTable, TableSource};

/// Words after which a heading's name is the table's: `Entity: User`.
const LEADS: &[&str] = &["table name", "table", "entity", "model", "collection"];
/// Words a heading's name ends with that are not part of it: `Tasks Table`.
const TAILS: &[&str] = &["table", "entity", "model", "schema", "records"];
/// Headings that name a part of the table above them, not a table: `### Fields`.
const PARTS: &[&str] = &[
    "fields",
    "columns",
    "attributes",
    "properties",
    "schema",
    "structure",
    "table structure",
    "definition",
    "field definitions",
];

/// Type words a field's type starts with (lower case): SQL types and the generic
/// ones specs and ORMs write.
const TYPE_WORDS: &[&str] = &[
    "array",
    "bigint",
    "bigserial",
    "binary",
    "blob",
    "bool",
    "boolean",
    "bytea",
    "bytes",
    "char",
    "character",
    "date",
    "datetime",
    "decimal",
    "dict",
    "double",
    "email",
    "enum",
    "float",
    "float8",
    "int",
    "int4",
    "int8",
    "integer",
    "json",
    "jsonb",
    "list",
    "number",
    "numeric",
    "optional",
    "real",
    "serial",
    "smallint",
    "str",
    "string",
    "text",
    "time",
    "timestamp",
    "timestamptz",
    "uuid",
    "varchar",
];

/// Indexes prose states: a field noted `(Indexed)`, a line about an index naming
/// `` `table.column` ``, or one naming an index (`` `idx_loans_member` `` or
/// `` `loans_member_idx` ``, with the columns after `on`). Unnamed ones have an empty
/// name; ones whose table the line does not say have an empty table.
pub fn indexes(doc: &Document, tables: &[SqlTable], model_tables: &[&str]) -> Vec<SqlIndex> {
    let mut out = Vec::new();
    for table in tables {
        for column in &table.columns {
            let notes = doc.slice(column.span).to_ascii_lowercase();
            let after_name = notes
                .split_once(&column.name.to_ascii_lowercase())
                .map_or("", |x| x.1);
            if after_name.contains("indexed") {
                out.push(SqlIndex {
                    name: String::new(),
                    table: table.name.clone(),
                    columns: vec![column.name.clone()],
                    unique: false,
                    span: column.span,
                });
            }
        }
    }
    let mut in_code = false;
    for (line, span) in doc.lines_in(Span::new(0, doc.text.len())) {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if in_code || trimmed.starts_with('|') {
            continue;
        }
        let lower_line = line.to_ascii_lowercase();
        // `Index on Task.user_id`: the table and column unquoted.
        if let Some((_, rest)) = lower_line.split_once("index on ") {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
                .collect();
            if let Some((table, column)) = word.trim_end_matches('.').split_once('.') {
                if !table.is_empty() && !column.is_empty() && line.find('`').is_none() {
                    let name = Name {
                        text: table.to_string(),
                        explicit: true,
                    };
                    out.push(SqlIndex {
                        name: String::new(),
                        table: resolve(&name, model_tables).unwrap_or(name.text),
                        columns: vec![column.to_string()],
                        unique: false,
                        span,
                    });
                    continue;
                }
            }
        }
        let codes: Vec<&str> = line.split('`').skip(1).step_by(2).collect();
        let Some(first) = codes.first() else { continue };
        let looks_named = {
            let c = first.to_ascii_lowercase();
            c.starts_with("idx_") || c.starts_with("ix_") || c.ends_with("_idx")
        };
        if !lower_line.contains("index") && !looks_named {
            continue;
        }
        let named = |c: &str| {
            let c = c.to_ascii_lowercase();
            c.starts_with("idx_")
                || c.starts_with("ix_")
                || c.ends_with("_idx")
                || c.ends_with("_index")
        };
        let ident =
            |c: &str| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_');
        if named(first) && ident(first) {
            let lower = line.to_ascii_lowercase();
            let columns: Vec<String> = lower
                .split_once(" on ")
                .map(|(_, rest)| {
                    rest.split('`')
                        .skip(1)
                        .step_by(2)
                        .flat_map(|c| c.split(',').map(|p| p.trim().to_string()))
                        .filter(|c| ident(c))
                        .collect()
                })
                .unwrap_or_default();
            out.push(SqlIndex {
                name: first.to_string(),
                table: String::new(),
                columns,
                unique: false,
                span,
            });
        } else if let Some((table, column)) = first.split_once('.') {
            if !(ident(table) && ident(column)) {
                continue;
            }
            let name = Name {
                text: table.to_ascii_lowercase(),
                explicit: true,
            };
            let table = resolve(&name, model_tables).unwrap_or(name.text);
            out.push(SqlIndex {
                name: String::new(),
                table,
                columns: vec![column.to_string()],
                unique: false,
                span,
            });
        }
    }
    out
}

/// Every table the document documents in prose, in document order.
pub fn tables(doc: &Document, model_tables: &[&str]) -> Vec<SqlTable> {
    let mut out = Vec::new();
    for (i, section) in doc.sections.iter().enumerate() {
        let own = Span::new(section.heading.start, section.own_end);
        let heading = heading_name(doc, i);
        // Field tables under the heading.
        for table in doc.tables.iter().filter(|t| t.section == Some(i)) {
            let Some(name) = &heading else { continue };
            let Some(name) = resolve(name, model_tables) else {
                continue;
            };
            if let Some(t) = field_table(doc, table, name, section, model_tables) {
                out.push(t);
            }
        }
        // Bullet lists, under the heading or under a bold label inside it.
        let mut label: Option<(Name, Span)> = heading.clone().map(|n| (n, section.heading));
        let mut fields: Vec<Field> = Vec::new();
        let mut flush = |label: &Option<(Name, Span)>, fields: &mut Vec<Field>| {
            let taken = std::mem::take(fields);
            let Some((name, at)) = label else { return };
            if taken.len() < 2 {
                return;
            }
            if let Some(name) = resolve(name, model_tables) {
                out.push(list_table(
                    name,
                    *at,
                    taken,
                    TableSource::FieldList,
                    model_tables,
                ));
            }
        };
        let mut in_code = false;
        for (line, span) in doc.lines_in(own).skip(1) {
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_code = !in_code;
                continue;
            }
            if in_code {
                continue;
            }
            if let Some(name) = bold_label(trimmed) {
                flush(&label, &mut fields);
                let at = Span::new(span.start + (line.len() - trimmed.len()), span.end);
                label = Some((name, at));
                continue;
            }
            if let Some(field) = bullet_field(trimmed, span.start + (line.len() - trimmed.len())) {
                fields.push(field);
            }
        }
        flush(&label, &mut fields);
    }
    out
}

/// A table's name as a heading or label gives it.
#[derive(Clone, Debug)]
struct Name {
    /// snake_case, lower case: `tool_call`.
    text: String,
    /// The text says it is a table (`Tasks Table`, `Table Name:`): read it whatever
    /// the model says.
    explicit: bool,
}

/// The model's name for `name` (itself, its plural or its singular), or `name`
/// itself when the text says it is a table; None when it is no table.
fn resolve(name: &Name, model_tables: &[&str]) -> Option<String> {
    let n = name.text.as_str();
    let mut forms = vec![n.to_string(), format!("{n}s"), format!("{n}es")];
    if let Some(stem) = n.strip_suffix("ies") {
        forms.push(format!("{stem}y"));
    }
    if let Some(stem) = n.strip_suffix('y') {
        forms.push(format!("{stem}ies"));
    }
    if let Some(stem) = n.strip_suffix("es") {
        forms.push(stem.to_string());
    }
    if let Some(stem) = n.strip_suffix('s') {
        forms.push(stem.to_string());
    }
    for form in &forms {
        if let Some(t) = model_tables.iter().find(|t| t.eq_ignore_ascii_case(form)) {
            return Some(t.to_string());
        }
    }
    name.explicit.then(|| n.to_string())
}

/// The table a section's heading names, looking through headings that name only a
/// part of a table (`### Fields` under `## User`).
fn heading_name(doc: &Document, section: usize) -> Option<Name> {
    let mut at = Some(section);
    while let Some(i) = at {
        let title = &doc.sections[i].title;
        let key = clean(title).to_ascii_lowercase();
        if !PARTS.contains(&key.as_str()) {
            return name_of(title);
        }
        at = doc.sections[i].parent;
    }
    None
}

/// `**\`user\` table** (Better Auth managed):` or `**Table: tasks**`.
fn bold_label(line: &str) -> Option<Name> {
    let rest = line.strip_prefix("**")?;
    let end = rest.find("**")?;
    let after = rest[end + 2..].trim();
    if !(after.is_empty() || after.ends_with(':') || after.starts_with('(')) {
        return None;
    }
    let name = name_of(&rest[..end])?;
    name.explicit.then_some(name)
}

/// Numbering, code and emphasis marks and parentheticals removed.
fn clean(title: &str) -> String {
    let mut s = String::new();
    let mut depth = 0usize;
    for c in title.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            '`' | '*' => {}
            _ if depth == 0 => s.push(c),
            _ => {}
        }
    }
    let s = s.trim();
    // "1.", "2)", "A." numbering.
    let s = match s.split_once(['.', ')']) {
        Some((n, rest))
            if !n.is_empty() && n.len() <= 3 && n.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            if n.chars().all(|c| c.is_ascii_digit()) || n.len() == 1 {
                rest.trim()
            } else {
                s
            }
        }
        _ => s,
    };
    s.trim_end_matches(':').trim().to_string()
}

/// The table a heading or label names, when it names one in a word or two.
fn name_of(title: &str) -> Option<Name> {
    let lower_full = title.to_ascii_lowercase();
    let mut explicit = lower_full
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .any(|w| w == "table");
    let text = clean(title);
    let mut words: Vec<&str> = text.split_whitespace().collect();
    // `Table Name: tasks`, `Entity: User`.
    if let Some(colon) = text.find(':') {
        let lead = text[..colon].trim().to_ascii_lowercase();
        if LEADS.contains(&lead.as_str()) {
            words = text[colon + 1..].split_whitespace().collect();
            explicit |= lead.starts_with("table");
        } else {
            return None;
        }
    }
    while let Some(last) = words.last() {
        if TAILS.contains(&last.to_ascii_lowercase().as_str()) {
            words.pop();
        } else {
            break;
        }
    }
    if words.is_empty() || words.len() > 2 {
        return None;
    }
    if !words
        .iter()
        .all(|w| w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    {
        return None;
    }
    let joined = words.join("_");
    if joined.is_empty() || joined.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(Name {
        text: snake(&joined),
        explicit,
    })
}

/// `ToolCall` → `tool_call`; `tool_calls` and `TASKS` stay what they are, lower case.
fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let chars: Vec<char> = name.chars().collect();
    let all_upper = chars.iter().all(|c| !c.is_ascii_lowercase());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && !all_upper && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            let boundary = prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower);
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// One field as a list item or table row gives it.
#[derive(Clone, Debug)]
struct Field {
    name: String,
    data_type: String,
    /// What else the line says: constraints and description, lower case.
    notes: String,
    span: Span,
}

/// `- id: integer (primary key)`, `` - `email`: VARCHAR(255) UNIQUE ``,
/// `` - `name` (String): display name ``, `- **title**: string, required`.
fn bullet_field(line: &str, start: usize) -> Option<Field> {
    let rest = line
        .strip_prefix("- ")
        .or_else(|| line.strip_prefix("* "))
        .or_else(|| line.strip_prefix("+ "))?;
    let rest = rest.trim_start();
    let unmarked = rest.trim_start_matches(['`', '*']);
    let name_len = unmarked
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(unmarked.len());
    let name = &unmarked[..name_len];
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let after = unmarked[name_len..].trim_start_matches(['`', '*']);
    let (data_type, notes) = if let Some(body) = after.strip_prefix(':') {
        let body = body.trim();
        let (ty, notes) = split_type(body)?;
        (ty, notes)
    } else if let Some(body) = after.trim_start().strip_prefix('(') {
        let close = body.find(')')?;
        let (ty, inner) = split_type(body[..close].trim())?;
        (ty, format!("{inner} {}", &body[close + 1..]))
    } else {
        return None;
    };
    Some(Field {
        name: name.to_string(),
        data_type,
        notes: notes.to_ascii_lowercase(),
        span: Span::new(start, start + line.trim_end().len()),
    })
}

/// A field's type at the start of `text`, and the rest: `VARCHAR(255) UNIQUE NOT
/// NULL` → `VARCHAR(255)`, `UNIQUE NOT NULL`. None when `text` does not start with
/// a type.
fn split_type(text: &str) -> Option<(String, String)> {
    let text = text.trim_start_matches(['`', '*']);
    // The first word and a parenthesised length or precision right after it.
    let word_len = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    let word = &text[..word_len];
    if !TYPE_WORDS.contains(&word.to_ascii_lowercase().as_str()) {
        return None;
    }
    let mut end = word_len;
    let tail = &text[end..];
    if let Some(args) = tail.strip_prefix('(') {
        if let Some(close) = args.find(')') {
            if args[..close]
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == ' ')
            {
                end += close + 2;
            }
        }
    } else if let Some(args) = tail.strip_prefix('[') {
        // `Optional[str]`, `list[str]`
        if let Some(close) = args.find(']') {
            end += close + 2;
        }
    }
    // `UUID/String`: alternatives, each a type word.
    while let Some(alt) = text[end..].strip_prefix('/') {
        let len = alt
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(alt.len());
        if len == 0 || !TYPE_WORDS.contains(&alt[..len].to_ascii_lowercase().as_str()) {
            break;
        }
        end += 1 + len;
    }
    // Multi-word SQL types.
    let lower = text[end..].to_ascii_lowercase();
    for more in [" with time zone", " without time zone", " precision", "[]"] {
        if lower.starts_with(more) {
            end += more.len();
        }
    }
    let ty = text[..end].trim_end_matches(['`', '*']).to_string();
    Some((ty, text[end..].trim_start_matches(['`', '*']).to_string()))
}

/// A Markdown table of fields under a table's heading.
fn field_table(
    doc: &Document,
    table: &crate::document::Table,
    name: String,
    section: &Section,
    model_tables: &[&str],
) -> Option<SqlTable> {
    let header: Vec<String> = table
        .header
        .iter()
        .map(|c| c.text.trim().to_ascii_lowercase())
        .collect();
    let name_col = header.iter().position(|h| {
        matches!(
            h.as_str(),
            "field" | "column" | "name" | "attribute" | "field name" | "column name" | "property"
        )
    })?;
    let type_col = header.iter().position(|h| h.contains("type"))?;
    let mut fields = Vec::new();
    for row in &table.rows {
        let cell = |i: usize| row.cells.get(i).map_or("", |c| c.text.as_str());
        let raw = cell(name_col).trim().trim_matches(['`', '*']).trim();
        if raw.is_empty()
            || !raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            || raw.starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        let ty = cell(type_col).trim().trim_matches('`');
        let data_type = split_type(ty).map_or_else(|| ty.to_string(), |(t, _)| t);
        let mut notes = String::new();
        for (i, h) in header.iter().enumerate() {
            if i == name_col || i == type_col {
                continue;
            }
            let text = cell(i).trim().to_ascii_lowercase();
            // `| Nullable | No |`, `| Required | Yes |`
            let yes = matches!(text.as_str(), "yes" | "y" | "true" | "✓" | "✅");
            let no = matches!(text.as_str(), "no" | "n" | "false" | "-" | "❌");
            match h.as_str() {
                "nullable" | "null" if yes => notes.push_str(" nullable"),
                "nullable" | "null" if no => notes.push_str(" not null"),
                "required" if yes => notes.push_str(" required"),
                "required" if no => notes.push_str(" optional"),
                "primary key" | "pk" if yes => notes.push_str(" primary key"),
                "unique" if yes => notes.push_str(" unique"),
                _ => {
                    notes.push(' ');
                    notes.push_str(&text);
                }
            }
        }
        let span = Span::new(row.span.start, row.span.end);
        fields.push(Field {
            name: raw.to_string(),
            data_type,
            notes,
            span: trim_span(doc, span),
        });
    }
    if fields.is_empty() {
        return None;
    }
    let mut t = list_table(
        name,
        section.heading,
        fields,
        TableSource::FieldTable,
        model_tables,
    );
    t.span = Span::new(section.heading.start, table.span.end);
    Some(t)
}

fn trim_span(doc: &Document, span: Span) -> Span {
    let text = doc.slice(span);
    let start = span.start + (text.len() - text.trim_start().len());
    Span::new(start, start + text.trim().len())
}

/// The table the fields describe.
fn list_table(
    name: String,
    at: Span,
    fields: Vec<Field>,
    source: TableSource,
    model_tables: &[&str],
) -> SqlTable {
    let end = fields.last().map_or(at.end, |f| f.span.end);
    let mut table = SqlTable {
        source,
        name,
        name_span: at,
        span: Span::new(at.start, end.max(at.end)),
        columns: Vec::with_capacity(fields.len()),
        foreign_keys: Vec::new(),
        primary_key: Vec::new(),
        unique_keys: Vec::new(),
    };
    for f in fields {
        // Prose has no quoting: a name is what it says, case included.
        let folded = f.name.clone();
        let notes = format!(" {} ", f.notes.replace(['(', ')', ',', ';', '.'], " "));
        let ty_lower = f.data_type.to_ascii_lowercase();
        let has = |w: &str| notes.contains(&format!(" {w} "));
        let primary_key = has("primary key") || has("pk") || has("primary_key");
        let not_null_said =
            has("not null") || has("required") || has("non-null") || has("not_null");
        let nullable_said = has("nullable")
            || has("optional")
            || has("null allowed")
            || ty_lower.starts_with("optional")
            || ty_lower.contains("| none")
            || ty_lower.ends_with('?');
        let unique = has("unique");
        let not_null = primary_key || (not_null_said && !nullable_said);
        if primary_key {
            table.primary_key.push(folded.clone());
        }
        if unique {
            table.unique_keys.push(vec![folded.clone()]);
        }
        if let Some((references, ref_columns)) = reference(&f.notes, model_tables) {
            table.foreign_keys.push(SqlForeignKey {
                columns: vec![folded.clone()],
                references,
                ref_columns,
                on_delete: f.notes.contains("cascade").then(|| "cascade".to_string()),
                on_update: None,
                span: f.span,
            });
        }
        table.columns.push(SqlColumn {
            written: None,
            type_exact: false,
            null_stated: primary_key || not_null_said || nullable_said,
            name: folded,
            data_type: f.data_type,
            not_null,
            primary_key,
            unique,
            default: None,
            span: f.span,
        });
    }
    table
}

/// The table (and columns) a field's notes say it references: `foreign key ->
/// users.id`, `FK → user.id`, `references users(id)`, or `Foreign key to the user`
/// when a word after the keyword is a model table (in the singular or plural; the
/// referenced columns are then the table's key). None when the notes name no table.
fn reference(notes: &str, model_tables: &[&str]) -> Option<(String, Vec<String>)> {
    let lower = notes.to_ascii_lowercase();
    let at = ["foreign key", "references", "fk"]
        .iter()
        .filter_map(|k| lower.find(k).map(|i| i + k.len()))
        .min()?;
    let rest = &lower[at..];
    // `users.id`, `users(id)`: a table and a column, anywhere after the keyword.
    let words: Vec<&str> = rest
        .split(|c: char| {
            !(c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '(' || c == ')')
        })
        .filter(|w| !w.is_empty())
        .collect();
    for word in &words {
        let word = word.trim_end_matches([')', '.']);
        let split = word.split_once('.').or_else(|| word.split_once('('));
        if let Some((table, column)) = split {
            let column = column.trim_end_matches(')');
            let ident =
                |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if ident(table) && ident(column) {
                return Some((table.to_string(), vec![column.to_string()]));
            }
        }
    }
    // `Foreign key to the user who owns it`: the first word that is a model table.
    for word in words.iter().take(8) {
        let word = word.trim_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
        let name = Name {
            text: word.to_string(),
            explicit: false,
        };
        if word.len() > 1 {
            if let Some(table) = resolve(&name, model_tables) {
                return Some((table, Vec::new()));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(markdown: &str, model: &[&str]) -> Vec<SqlTable> {
        tables(&Document::parse(markdown), model)
    }

    #[test]
    fn heading_names() {
        let n = |t: &str| name_of(t).map(|n| (n.text, n.explicit));
        assert_eq!(n("Tasks Table"), Some(("tasks".into(), true)));
        assert_eq!(n("Entity: ToolCall"), Some(("tool_call".into(), false)));
        assert_eq!(n("Table Name: `orders`"), Some(("orders".into(), true)));
        assert_eq!(
            n("2. `user` table (Better Auth managed)"),
            Some(("user".into(), true))
        );
        assert_eq!(
            n("Member (Managed by the auth library)"),
            Some(("member".into(), false))
        );
        assert_eq!(n("Security Considerations for the API"), None);
        assert_eq!(n("Overview: what it does"), None);
    }

    #[test]
    fn bullet_fields() {
        let f = bullet_field("- id: integer (primary key)", 0).unwrap();
        assert_eq!((f.name.as_str(), f.data_type.as_str()), ("id", "integer"));
        assert!(f.notes.contains("primary key"));
        let f = bullet_field("- `email`: VARCHAR(255) UNIQUE NOT NULL", 0).unwrap();
        assert_eq!(f.data_type, "VARCHAR(255)");
        let f = bullet_field("- `owner_id` (UUID/String): who owns it", 0).unwrap();
        assert_eq!(
            (f.name.as_str(), f.data_type.as_str()),
            ("owner_id", "UUID/String")
        );
        assert!(bullet_field("- Purpose: keeps things", 0).is_none());
        assert!(bullet_field("- Email must be valid", 0).is_none());
    }

    #[test]
    fn entity_headings_are_tables_only_when_the_model_has_them() {
        let md =
            "## Entity: StockItem\n\n- `id`: Integer (Primary Key)\n- `label`: String - shown\n";
        assert!(read(md, &[]).is_empty());
        let got = read(md, &["stock_items"]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].name, "stock_items");
        assert_eq!(got[0].source, TableSource::FieldList);
        assert_eq!(got[0].primary_key, ["id"]);
    }

    #[test]
    fn bold_labels_start_tables_inside_a_section() {
        let md = "## Storage\n\n**`crate` table** (kept by the importer):\n- `id`: VARCHAR (primary key)\n- `bin_id`: VARCHAR NOT NULL (foreign key -> bin.id)\n\n**`bin` table**:\n- `id`: SERIAL PRIMARY KEY\n- `label`: TEXT\n";
        let got = read(md, &[]);
        let names: Vec<&str> = got.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["crate", "bin"]);
        assert_eq!(got[0].foreign_keys[0].references, "bin");
        assert_eq!(got[0].foreign_keys[0].ref_columns, ["id"]);
        assert!(got[0].columns[1].not_null && got[0].columns[1].null_stated);
        assert!(!got[1].columns[1].null_stated);
    }

    #[test]
    fn field_tables_under_a_parts_heading() {
        let md = "## Shelf Table\n\n### Fields\n\n| Field | Type | Constraints |\n|---|---|---|\n| id | UUID | PK |\n| label | VARCHAR(40) | NOT NULL |\n";
        let got = read(md, &[]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].name, "shelf");
        assert_eq!(got[0].source, TableSource::FieldTable);
        assert!(got[0].columns[1].not_null);
    }
}
