//! Tables defined as Python classes: SQLModel (`class Task(SQLModel, table=True)`
//! with `Field(primary_key=True, foreign_key="user.id")`) and SQLAlchemy's
//! declarative classes (`__tablename__ = "tasks"`, `Column(Integer, ...)`), read from
//! the Python reader's classes into the same [`SqlTable`] a `CREATE TABLE` gives.
//!
//! The table's name is `__tablename__`, else the class name in lower case (what
//! SQLModel names it). A column's type is its annotation as written (`int`,
//! `Optional[str]`, `datetime`), or for `Column(...)` its first argument; with
//! `max_length=N`, a `str` is `VARCHAR(N)`. A column is NOT NULL unless it is
//! `Optional[...]` or `... | None` (or says `nullable=`), as SQLModel creates it.
//! `Relationship(...)` attributes are not columns. `index=True` is an index, named
//! as SQLModel names it: `ix_<table>_<column>`.

use crate::document::Document;

use super::python::{Call, ClassDef, Expr, ExprKind, PythonRead};
use super::sql::{SqlColumn, SqlForeignKey, SqlIndex, SqlTable, TableSource};

/// The tables and indexes the document's Python classes define. `model_tables`
/// names the model's tables: a class without `__tablename__` (`class Task`) is the
/// model's table of that name in the singular or plural, as its author means it,
/// and so is the table a `foreign_key` names.
pub fn tables(
    doc: &Document,
    python: &[PythonRead],
    model_tables: &[&str],
) -> (Vec<SqlTable>, Vec<SqlIndex>) {
    let mut tables = Vec::new();
    let mut indexes = Vec::new();
    for read in python {
        for class in &read.classes {
            // A class whose name is not written as such in the document is a
            // template's placeholder (`class [OrderModel](SQLModel, table=True)`,
            // read with the placeholder stood in for): no table is defined.
            if doc.text.get(class.name_span.start..class.name_span.end) != Some(class.name.as_str())
            {
                continue;
            }
            let inherited = inherited(python, class);
            if let Some(mut table) = table(doc, read, class, &inherited, &mut indexes) {
                let named = class.attributes.iter().any(|a| a.name == "__tablename__");
                if !named {
                    let name = resolve(&table.name, model_tables);
                    for index in indexes.iter_mut().filter(|i| i.table == table.name) {
                        index.table = name.clone();
                    }
                    table.name = name;
                }
                for fk in &mut table.foreign_keys {
                    fk.references = resolve(&fk.references, model_tables);
                }
                tables.push(table);
            }
        }
    }
    // Alembic migrations: `op.create_index("ix_name", "table", ["column"])`.
    for read in python {
        for call in read.calls.iter().filter(|c| c.method() == "create_index") {
            let text = |i: usize| call.positional.get(i).and_then(|e| e.kind.as_str());
            let (Some(name), Some(table)) = (text(0), text(1)) else {
                continue;
            };
            let columns = match call.positional.get(2).map(|e| &e.kind) {
                Some(ExprKind::List(items)) => items
                    .iter()
                    .filter_map(|e| e.kind.as_str().map(str::to_string))
                    .collect(),
                _ => Vec::new(),
            };
            indexes.push(SqlIndex {
                name: name.to_string(),
                table: resolve(table, model_tables),
                columns,
                unique: call.keyword("unique").is_some_and(|k| is_true(&k.value)),
                span: call.span,
            });
        }
    }
    (tables, indexes)
}

/// The model's table `name` stands for (itself, its plural or singular), else
/// `name`.
fn resolve(name: &str, model_tables: &[&str]) -> String {
    if model_tables.contains(&name) {
        return name.to_string();
    }
    let mut forms = vec![format!("{name}s"), format!("{name}es")];
    if let Some(stem) = name.strip_suffix('y') {
        forms.push(format!("{stem}ies"));
    }
    if let Some(stem) = name.strip_suffix('s') {
        forms.push(stem.to_string());
    }
    forms
        .into_iter()
        .find(|f| model_tables.contains(&f.as_str()))
        .unwrap_or_else(|| name.to_string())
}

/// The attribute statements of `class`'s bases defined in the same document
/// (`class User(UserBase, table=True)`), farthest base first.
fn inherited<'a>(
    python: &'a [PythonRead],
    class: &ClassDef,
) -> Vec<(&'a PythonRead, &'a ClassDef)> {
    let mut out = Vec::new();
    let mut bases: Vec<&str> = class.bases.iter().map(String::as_str).collect();
    // Bounded: a document cannot make a cycle loop forever.
    for _ in 0..16 {
        let Some(base) = bases.pop() else { break };
        let found = python
            .iter()
            .flat_map(|r| r.classes.iter().map(move |c| (r, c)))
            .find(|(_, c)| c.name == base && c.name != class.name);
        if let Some((read, def)) = found {
            if out
                .iter()
                .any(|(_, d): &(&PythonRead, &ClassDef)| d.name == def.name)
            {
                continue;
            }
            out.insert(0, (read, def));
            bases.extend(def.bases.iter().map(String::as_str));
        }
    }
    out
}

fn is_true(expr: &Expr) -> bool {
    matches!(expr.kind, ExprKind::Bool(true))
}

fn table(
    doc: &Document,
    read: &PythonRead,
    class: &ClassDef,
    inherited: &[(&PythonRead, &ClassDef)],
    indexes: &mut Vec<SqlIndex>,
) -> Option<SqlTable> {
    let table_keyword = class
        .keywords
        .iter()
        .any(|k| k.name == "table" && is_true(&k.value));
    let tablename = class
        .attributes
        .iter()
        .find(|a| a.name == "__tablename__")
        .and_then(|a| a.value.as_ref()?.kind.as_str().map(str::to_string));
    if !table_keyword && tablename.is_none() {
        return None;
    }
    let name = tablename.unwrap_or_else(|| class.name.to_ascii_lowercase());
    let mut table = SqlTable {
        source: TableSource::PythonClass,
        name,
        name_span: class.name_span,
        span: class.span,
        columns: Vec::new(),
        foreign_keys: Vec::new(),
        primary_key: Vec::new(),
        unique_keys: Vec::new(),
    };
    let own = class.attributes.iter().map(|a| (read, a));
    let attributes = inherited
        .iter()
        .flat_map(|(r, c)| c.attributes.iter().map(move |a| (*r, a)))
        .chain(own);
    for (read, attribute) in attributes {
        if attribute.name.starts_with("__") || attribute.name == "model_config" {
            continue;
        }
        // A subclass redefines a base's field: the later one stands.
        if let Some(i) = table.columns.iter().position(|c| c.name == attribute.name) {
            table.columns.remove(i);
            table.primary_key.retain(|k| k != &attribute.name);
        }
        let call = attribute.value.as_ref().and_then(|v| match v.kind {
            ExprKind::Call(i) => read.calls.get(i),
            _ => None,
        });
        let callee = call.map_or("", |c| c.method());
        let annotation = attribute.annotation.map(|s| doc.slice(s).trim());
        // `tasks: List["Task"] = Relationship(...)`, `Mapped[...]` relationships.
        if callee.eq_ignore_ascii_case("relationship") {
            continue;
        }
        let column_call = matches!(callee, "Column" | "mapped_column");
        if annotation.is_none() && !column_call {
            continue;
        }
        let field = call.filter(|_| callee == "Field" || column_call);
        let kw = |name: &str| field.and_then(|c| c.keyword(name)).map(|k| &k.value);
        // SQLModel: `sa_column=Column(...)` carries the column's real options.
        let sa_column = kw("sa_column").and_then(|v| match v.kind {
            ExprKind::Call(i) => read.calls.get(i),
            _ => None,
        });
        let opt = |name: &str| {
            kw(name).or_else(|| sa_column.and_then(|c| c.keyword(name)).map(|k| &k.value))
        };
        let optional = annotation.is_some_and(|a| {
            let a = a.replace(' ', "");
            a.starts_with("Optional[") || a.contains("|None") || a.contains("None|")
        });
        let primary_key = opt("primary_key").is_some_and(is_true);
        let nullable = opt("nullable").map(is_true);
        let not_null = primary_key || nullable.map_or(!column_call && !optional, |n| !n);
        let data_type = column_type(doc, annotation, field, sa_column, column_call);
        let column_name = attribute.name.clone();
        if primary_key {
            table.primary_key.push(column_name.clone());
        }
        let unique = opt("unique").is_some_and(is_true);
        if unique {
            table.unique_keys.push(vec![column_name.clone()]);
        }
        if let Some(target) = foreign_key(read, field, sa_column) {
            let (references, column) = match target.split_once('.') {
                Some((t, c)) => (t.to_string(), vec![c.to_string()]),
                None => (target.clone(), Vec::new()),
            };
            let on_delete = opt("ondelete")
                .or_else(|| opt("on_delete"))
                .and_then(|v| v.kind.as_str())
                .map(str::to_ascii_lowercase);
            table.foreign_keys.push(SqlForeignKey {
                columns: vec![column_name.clone()],
                references,
                ref_columns: column,
                on_delete,
                on_update: None,
                span: attribute.span,
            });
        }
        if opt("index").is_some_and(is_true) {
            indexes.push(SqlIndex {
                name: format!("ix_{}_{}", table.name, column_name),
                table: table.name.clone(),
                columns: vec![column_name.clone()],
                unique,
                span: attribute.span,
            });
        }
        table.columns.push(SqlColumn {
            name: column_name,
            written: None,
            type_exact: false,
            // A plain annotation leaves NULL to the library's default; `Optional`,
            // `nullable=` and a primary key say it.
            null_stated: optional || nullable.is_some() || primary_key,
            data_type,
            not_null,
            primary_key,
            unique,
            default: None,
            span: attribute.span,
        });
    }
    (!table.columns.is_empty()).then_some(table)
}

/// `foreign_key="user.id"`, or `ForeignKey("user.id")` among a `Column`'s arguments.
fn foreign_key(
    read: &PythonRead,
    field: Option<&Call>,
    sa_column: Option<&Call>,
) -> Option<String> {
    if let Some(target) = field
        .and_then(|c| c.keyword("foreign_key"))
        .and_then(|k| k.value.kind.as_str())
    {
        return Some(target.to_string());
    }
    let column = sa_column.or(field.filter(|c| matches!(c.method(), "Column" | "mapped_column")))?;
    column.positional.iter().find_map(|arg| match arg.kind {
        ExprKind::Call(i) => {
            let call = read.calls.get(i)?;
            (call.method() == "ForeignKey")
                .then(|| call.positional.first()?.kind.as_str().map(str::to_string))
                .flatten()
        }
        _ => None,
    })
}

/// The column's type as written: the annotation (`str`, `Optional[int]`), with
/// `max_length` a `VARCHAR(n)`; for `Column(String(255))`, its first argument.
fn column_type(
    doc: &Document,
    annotation: Option<&str>,
    field: Option<&Call>,
    sa_column: Option<&Call>,
    column_call: bool,
) -> String {
    let column = sa_column.or(field.filter(|_| column_call));
    if let Some(first) = column.and_then(|c| c.positional.first()) {
        let text = doc.slice(first.span).trim();
        if !text.is_empty() && !text.starts_with("ForeignKey") {
            return text.to_string();
        }
    }
    let annotation = annotation.unwrap_or("");
    let inner = annotation
        .strip_prefix("Optional[")
        .and_then(|a| a.strip_suffix(']'))
        .or_else(|| {
            annotation
                .strip_prefix("Mapped[")
                .and_then(|a| a.strip_suffix(']'))
        })
        .unwrap_or(annotation);
    let inner = inner
        .split('|')
        .map(str::trim)
        .find(|p| *p != "None")
        .unwrap_or(inner)
        .trim_start_matches("Optional[")
        .trim_end_matches(']');
    let max_length = field
        .and_then(|c| c.keyword("max_length"))
        .map(|k| doc.slice(k.value.span).trim())
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    match max_length {
        Some(n) if inner == "str" => format!("VARCHAR({n})"),
        _ => inner.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(markdown: &str) -> (Vec<SqlTable>, Vec<SqlIndex>) {
        let doc = Document::parse(markdown);
        let python: Vec<PythonRead> = doc
            .code_blocks
            .iter()
            .enumerate()
            .map(|(i, b)| {
                super::super::python::read_python(doc.slice(b.content), b.content.start, i)
            })
            .collect();
        tables(&doc, &python, &[])
    }

    #[test]
    fn sqlmodel_classes_are_tables() {
        let md = "```python\nfrom typing import Optional\nfrom sqlmodel import SQLModel, Field, Relationship\n\nclass Shelf(SQLModel, table=True):\n    id: Optional[int] = Field(default=None, primary_key=True)\n    label: str = Field(max_length=40, index=True)\n    note: Optional[str] = None\n    owner_id: str = Field(foreign_key=\"member.id\")\n    books: list[\"Book\"] = Relationship(back_populates=\"shelf\")\n\nclass ShelfCreate(SQLModel):\n    label: str\n```\n";
        let (tables, indexes) = read(md);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(t.name, "shelf");
        assert_eq!(t.source, TableSource::PythonClass);
        let cols: Vec<(&str, &str, bool)> = t
            .columns
            .iter()
            .map(|c| (c.name.as_str(), c.data_type.as_str(), c.not_null))
            .collect();
        assert_eq!(
            cols,
            [
                ("id", "int", true),
                ("label", "VARCHAR(40)", true),
                ("note", "str", false),
                ("owner_id", "str", true)
            ]
        );
        assert_eq!(t.primary_key, ["id"]);
        assert_eq!(t.foreign_keys[0].references, "member");
        assert_eq!(t.foreign_keys[0].ref_columns, ["id"]);
        assert_eq!(indexes[0].name, "ix_shelf_label");
    }

    #[test]
    fn base_classes_give_their_fields_and_names_follow_the_model() {
        let md = "```python\nclass CrateBase(SQLModel):\n    label: str\n\nclass Crate(CrateBase, table=True):\n    id: Optional[int] = Field(default=None, primary_key=True)\n    bin_id: int = Field(foreign_key=\"bin.id\")\n```\n";
        let doc = Document::parse(md);
        let python: Vec<PythonRead> = doc
            .code_blocks
            .iter()
            .enumerate()
            .map(|(i, b)| {
                super::super::python::read_python(doc.slice(b.content), b.content.start, i)
            })
            .collect();
        let (tables, _) = tables(&doc, &python, &["crates", "bins"]);
        let t = &tables[0];
        assert_eq!(t.name, "crates");
        assert_eq!(t.foreign_keys[0].references, "bins");
        let cols: Vec<(&str, bool)> = t
            .columns
            .iter()
            .map(|c| (c.name.as_str(), c.null_stated))
            .collect();
        assert_eq!(cols, [("label", false), ("id", true), ("bin_id", false)]);
    }

    #[test]
    fn alembic_create_index_is_an_index() {
        let md = "```python\nop.create_index(\"ix_bins_label\", \"bins\", [\"label\"], unique=True)\n```\n";
        let (_, indexes) = read(md);
        assert_eq!(indexes.len(), 1);
        assert_eq!(
            (indexes[0].name.as_str(), indexes[0].table.as_str()),
            ("ix_bins_label", "bins")
        );
        assert_eq!(indexes[0].columns, ["label"]);
        assert!(indexes[0].unique);
    }

    #[test]
    fn tablename_and_columns() {
        let md = "```python\nclass Book(Base):\n    __tablename__ = \"books\"\n    id = Column(Integer, primary_key=True)\n    shelf_id = Column(Integer, ForeignKey(\"shelves.id\"), nullable=False)\n```\n";
        let (tables, _) = read(md);
        assert_eq!(tables[0].name, "books");
        assert_eq!(tables[0].columns[1].data_type, "Integer");
        assert!(tables[0].columns[1].not_null);
        assert_eq!(tables[0].foreign_keys[0].references, "shelves");
    }
}
