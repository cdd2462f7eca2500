//! The SQL reader: turns the content of a ```sql block into the tables, columns,
//! foreign keys and indexes it creates, each with the byte span it was written at.
//!
//! It is responsible for parsing (sqlparser, PostgreSQL dialect), for folding
//! identifiers the way PostgreSQL does, and for mapping sqlparser's line/column
//! locations back to file byte offsets. It does not judge anything: the S-rules compare
//! what it returns with the model.
//!
//! The block is split into statements first ([`split`]) and each statement is parsed
//! on its own, so that one broken statement reports a syntax error while the others
//! are still read. Spans come from sqlparser's tokens rather than from AST spans,
//! because AST spans leave out keywords, data types and closing parentheses.
//!
//! Plain `CREATE TABLE` and `CREATE INDEX` statements, nearly all of what specs hold,
//! are read by a small reader of their own ([`plain`]), about ten times cheaper; it
//! declines anything it does not fully understand, and sqlparser stays the authority
//! on everything else, syntax errors included. `tests/sql_plain.rs` holds the two to
//! the same output.

mod build;
mod lex;
mod lines;
mod plain;
mod prepare;
mod split;

use std::panic::{AssertUnwindSafe, catch_unwind};

use serde::Serialize;
use sqlparser::ast::{
    AlterTableOperation, ColumnDef, ColumnOption, CreateIndex, CreateTable, Expr,
    ForeignKeyConstraint, Ident, IndexColumn, ObjectName, ObjectNamePart, Spanned, Statement,
    TableConstraint, Value, ValueWithSpan,
};
use sqlparser::dialect::{Dialect, GenericDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Token, Tokenizer};

use crate::span::Span;
use lines::LineIndex;
use plain::Plain;
use split::{Piece, split_statements};

/// Everything one SQL block creates, plus its first syntax error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SqlRead {
    pub tables: Vec<SqlTable>,
    pub indexes: Vec<SqlIndex>,
    /// Every `ALTER TABLE ... ADD`, in the order written, whatever table it alters (one
    /// of this block or one created elsewhere): what a reader of several blocks applies
    /// in document order. A table of this block already has them applied.
    pub alters: Vec<SqlAlter>,
    /// The first statement that did not parse; the others were still read.
    pub error: Option<SqlSyntaxError>,
    /// `ALTER TABLE ... ADD COLUMN` on a table this block does not create, each as
    /// the table it names with the columns it adds: the document applies them to
    /// the table an earlier block creates ([`apply_alterations`]).
    #[serde(skip)]
    pub alterations: Vec<SqlTable>,
}

/// Applies each block's leftover `ALTER TABLE ... ADD COLUMN` to the last table of
/// that name created before it, in document order.
pub fn apply_alterations(reads: &mut [&mut SqlRead]) {
    for i in 0..reads.len() {
        let alterations = std::mem::take(&mut reads[i].alterations);
        for added in alterations {
            let target = reads[..i]
                .iter_mut()
                .rev()
                .find_map(|r| r.tables.iter_mut().rev().find(|t| t.name == added.name));
            match target {
                Some(table) => {
                    build::add_columns(table, added);
                    build::finish(table);
                }
                None => reads[i].alterations.push(added),
            }
        }
    }
}

/// A table the document defines: a `CREATE TABLE`, or one of the other forms specs
/// write tables in ([`TableSource`]), read into the same shape so that every schema
/// rule checks them alike.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SqlTable {
    /// Which form the table was written in.
    pub source: TableSource,
    /// The name as PostgreSQL sees it: unquoted folded to lowercase, quoted kept as is;
    /// a schema prefix is dropped.
    pub name: String,
    /// The name as written, quotes and schema prefix included.
    pub name_span: Span,
    /// The whole statement, without its terminating `;`.
    pub span: Span,
    pub columns: Vec<SqlColumn>,
    /// Table-level, column-level (`REFERENCES`) and `ALTER TABLE ... ADD` foreign keys,
    /// in the order they were written.
    pub foreign_keys: Vec<SqlForeignKey>,
    /// The primary key's columns, in key order; empty when the table has none.
    pub primary_key: Vec<String>,
    /// Every `UNIQUE` key (inline or table-level), each as its columns.
    pub unique_keys: Vec<Vec<String>>,
}

/// The forms a table is documented in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableSource {
    /// `CREATE TABLE` in a ```sql block.
    #[default]
    Sql,
    /// A heading naming the table over a Markdown table of its fields
    /// (`| Field | Type | Constraints |`).
    FieldTable,
    /// A heading (or a bold label) naming the table over a bullet list of its fields
    /// (`- id: integer (primary key)`).
    FieldList,
    /// A SQLModel or SQLAlchemy class in a ```python block
    /// (`class Task(SQLModel, table=True)`, `__tablename__`).
    PythonClass,
}

impl TableSource {
    /// How `inspect` and messages name the form.
    pub fn label(self) -> &'static str {
        match self {
            TableSource::Sql => "CREATE TABLE",
            TableSource::FieldTable => "field table",
            TableSource::FieldList => "field list",
            TableSource::PythonClass => "Python class",
        }
    }
}

/// One column definition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SqlColumn {
    pub name: String,
    /// The name as written, when that differs from `name` only by the case an
    /// unquoted identifier loses (`emailVerified` read as `emailverified`).
    pub written: Option<String>,
    /// Whether `data_type` names one database type (SQL), rather than a family of
    /// them (`String` in a field list, `str` in a Python class).
    pub type_exact: bool,
    /// Whether the text says if the column may hold NULL. SQL always does (no
    /// `NOT NULL` means nullable); a field list may say neither.
    pub null_stated: bool,
    /// Upper-cased as written: `VARCHAR(255)`, `SERIAL`, `TIMESTAMP WITH TIME ZONE`.
    /// Quoted type names keep their case.
    pub data_type: String,
    /// `NOT NULL`, or part of the primary key.
    pub not_null: bool,
    /// Inline `PRIMARY KEY`, or in the table's `PRIMARY KEY (...)`.
    pub primary_key: bool,
    /// Inline `UNIQUE`, or a table-level `UNIQUE` of this column alone.
    pub unique: bool,
    /// The default expression as sqlparser displays it (`NOW()`, `'draft'`), with
    /// boolean literals upper-cased: `FALSE`.
    pub default: Option<String>,
    /// The definition, from the name to the end of its last option.
    pub span: Span,
}

/// A foreign key of a table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SqlForeignKey {
    pub columns: Vec<String>,
    /// The referenced table, folded, schema dropped.
    pub references: String,
    /// The referenced columns; empty means the referenced table's primary key.
    pub ref_columns: Vec<String>,
    /// `cascade`, `set null`, `restrict`, `no action` or `set default`.
    pub on_delete: Option<String>,
    /// Same values as `on_delete`.
    pub on_update: Option<String>,
    /// Table-level: the constraint; column-level: from `REFERENCES` to its last action;
    /// `ALTER TABLE`: the statement.
    pub span: Span,
}

/// A `CREATE INDEX`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SqlIndex {
    /// Empty for an unnamed index (PostgreSQL then makes one up).
    pub name: String,
    pub table: String,
    /// Column names, or the expression text for an expression index.
    pub columns: Vec<String>,
    pub unique: bool,
    /// The whole statement, without its terminating `;`.
    pub span: Span,
}

/// An `ALTER TABLE <table> ADD ...`: the columns and foreign keys it adds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SqlAlter {
    /// The altered table, folded, schema dropped.
    pub table: String,
    /// The whole statement, without its terminating `;`.
    pub span: Span,
    /// `ADD [COLUMN]` definitions, with their inline options.
    pub columns: Vec<SqlColumn>,
    /// `ADD [CONSTRAINT ...] FOREIGN KEY`, and inline `REFERENCES` of added columns.
    pub foreign_keys: Vec<SqlForeignKey>,
}

/// A statement that does not parse.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SqlSyntaxError {
    /// sqlparser's message without its " at Line: X, Column: Y" suffix.
    pub message: String,
    /// The offending token; for an unexpected end of statement, the parenthesis left
    /// open or else the statement's last token. Never empty.
    pub span: Span,
}

/// Reads one ```sql block. `content` is the block content exactly as in the file and
/// `base` its byte offset in the file; every span returned is a file offset.
///
/// Never panics. Comments-only or empty content gives an empty read without error.
/// Statements other than `CREATE TABLE`, `CREATE INDEX` and `ALTER TABLE ... ADD
/// <constraint>` are parsed (so their syntax is checked) and otherwise ignored.
pub fn read_sql(content: &str, base: usize) -> SqlRead {
    read_with(content, base, true, SqlDialect::PostgreSql)
}

/// [`read_sql`] in `dialect`. psql meta-commands and bind placeholders are not
/// syntax errors in any dialect; a fragment of a statement (a `WHERE` clause, a
/// table constraint) is read as the part of a statement it is.
pub fn read_sql_in(content: &str, base: usize, dialect: SqlDialect) -> SqlRead {
    read_with(content, base, true, dialect)
}

/// Entry points for tests that hold the plain-DDL reader to sqlparser's.
#[doc(hidden)]
pub mod reference {
    use super::{SqlRead, plain, split};

    /// [`read_sql`](super::read_sql) with sqlparser reading every statement: what the
    /// plain-DDL reader must agree with.
    pub fn read_sql_with_sqlparser(content: &str, base: usize) -> SqlRead {
        super::read_with(content, base, false, super::SqlDialect::PostgreSql)
    }

    /// How many statements of `content` the plain-DDL reader reads itself.
    pub fn plain_statements(content: &str) -> usize {
        let mut tokens = Vec::new();
        split::split_statements(content)
            .into_iter()
            .filter(|&piece| plain::read(content, piece, &mut tokens).is_some())
            .count()
    }
}

fn read_with(content: &str, base: usize, plain: bool, dialect: SqlDialect) -> SqlRead {
    let mut reader = Reader {
        plain,
        dialect,
        ..Reader::default()
    };
    let content = &prepare::prepare(content);
    for piece in split_statements(content) {
        reader.read_piece(content, piece);
    }
    let mut read = reader.finish();
    shift(&mut read, base);
    read
}

/// Accumulates the read while going through the statements.
#[derive(Default)]
struct Reader {
    read: SqlRead,
    /// `ALTER TABLE <table> ADD <constraint>`, applied once every table is known.
    added: Vec<(String, build::Constraint)>,
    /// `ALTER TABLE <table> ADD COLUMN ...`, each read into a table of its own and
    /// merged into the table once every table is known.
    added_columns: Vec<(String, SqlTable)>,
    /// Whether plain DDL is read without sqlparser ([`plain`]).
    plain: bool,
    dialect: SqlDialect,
    /// The plain-DDL reader's tokens, reused from statement to statement.
    tokens: Vec<lex::Token>,
}

impl Reader {
    fn read_piece(&mut self, content: &str, piece: Piece) {
        if self.plain {
            let read = plain::read(content, piece, &mut self.tokens);
            #[cfg(test)]
            tests::PLAIN_READS.with(|n| n.set(n.get() + usize::from(read.is_some())));
            match read {
                Some(Plain::Table(table)) => {
                    let written = content.get(table.name_span.range()).unwrap_or("");
                    let quoted = written.rsplit('.').next().unwrap_or("").starts_with('"');
                    return self.push_table(table, quoted);
                }
                Some(Plain::Index(index)) => return self.read.indexes.push(index),
                None => {}
            }
        }
        let Some(text) = content.get(piece.start..piece.end) else {
            return;
        };
        // The statement in the block's dialect, else in any other it allows.
        let mut first_error = None;
        for &dialect in self.dialect.dialects() {
            match parse_in(dialect, content, text, piece) {
                Ok((ctx, statements)) => {
                    for statement in &statements {
                        self.read_statement(&ctx, statement);
                    }
                    return;
                }
                Err(error) => {
                    first_error.get_or_insert(error);
                }
            }
        }
        // A fragment quoted from a larger statement: `WHERE user_id = $1`,
        // `FOREIGN KEY (a) REFERENCES b(id)`. Fine when it parses in its place.
        if let Some((before, after)) = fragment_wrapper(text) {
            let wrapped = format!("{before}{text}{after}");
            let whole = Piece {
                start: 0,
                end: wrapped.len(),
                significant: Span::new(0, wrapped.len()),
            };
            if self
                .dialect
                .dialects()
                .iter()
                .any(|&d| parse_in(d, &wrapped, &wrapped, whole).is_ok())
            {
                return;
            }
        }
        if let Some((message, span)) = first_error {
            self.fail(message, span);
        }
    }

    /// Records a table, and in PostgreSQL refuses an unquoted reserved word for its
    /// name (`CREATE TABLE user`), which the server does too.
    fn push_table(&mut self, table: SqlTable, quoted: bool) {
        if self.dialect == SqlDialect::PostgreSql && !quoted && is_pg_reserved(&table.name) {
            let name = &table.name;
            self.fail(
                format!("`{name}` is a reserved word in PostgreSQL: quote it, \"{name}\""),
                table.name_span,
            );
        }
        self.read.tables.push(table);
    }

    fn fail(&mut self, message: String, span: Span) {
        if self.read.error.is_none() {
            self.read.error = Some(SqlSyntaxError { message, span });
        }
    }

    fn read_statement(&mut self, ctx: &PieceCtx, statement: &Statement) {
        match statement {
            Statement::CreateTable(create) => {
                let (table, indexes) = read_table(ctx, create);
                let quoted = match create.name.0.last() {
                    Some(ObjectNamePart::Identifier(ident)) => ident.quote_style.is_some(),
                    _ => false,
                };
                self.push_table(table, quoted);
                self.read.indexes.extend(indexes);
            }
            Statement::CreateIndex(create) => self.read.indexes.push(read_index(ctx, create)),
            Statement::AlterTable(alter) => {
                let table = fold_object(&alter.name);
                let statement = ctx.piece.significant;
                // What the statement adds, gathered as a table of its own.
                let mut added = build::table(table.clone(), statement, statement);
                for operation in &alter.operations {
                    match operation {
                        AlterTableOperation::AddConstraint { constraint, .. } => {
                            if let Some(constraint) = table_constraint(constraint, statement) {
                                self.added.push((table.clone(), constraint.clone()));
                                build::constraint(&mut added, constraint);
                            }
                        }
                        AlterTableOperation::AddColumn { column_def, .. } => {
                            // From the column's name to the end of the statement.
                            let span = ctx
                                .span(column_def.name.span)
                                .map_or(statement, |s| Span::new(s.start, statement.end));
                            let mut column = build::table(table.clone(), statement, statement);
                            read_column(ctx, &mut column, column_def, span);
                            added.columns.extend(column.columns.iter().cloned());
                            added
                                .foreign_keys
                                .extend(column.foreign_keys.iter().cloned());
                            self.added_columns.push((table.clone(), column));
                        }
                        _ => {}
                    }
                }
                if !added.columns.is_empty() || !added.foreign_keys.is_empty() {
                    self.read.alters.push(SqlAlter {
                        table,
                        span: statement,
                        columns: added.columns,
                        foreign_keys: added.foreign_keys,
                    });
                }
            }
            _ => {}
        }
    }

    fn finish(mut self) -> SqlRead {
        for (name, added) in std::mem::take(&mut self.added_columns) {
            if let Some(table) = self.read.tables.iter_mut().rev().find(|t| t.name == name) {
                build::add_columns(table, added);
                build::finish(table);
            } else {
                self.read.alterations.push(added);
            }
        }
        for (name, constraint) in std::mem::take(&mut self.added) {
            // The last table of that name: the one a later ALTER would act on.
            if let Some(table) = self.read.tables.iter_mut().rev().find(|t| t.name == name) {
                build::constraint(table, constraint);
                build::finish(table);
            }
        }
        self.read
    }
}

/// Tokenizes and parses one statement in `dialect`: its tokens and statements, or
/// the error's message and where it points.
fn parse_in<'a>(
    dialect: &dyn Dialect,
    content: &str,
    text: &'a str,
    piece: Piece,
) -> Result<(PieceCtx<'a>, Vec<Statement>), (String, Span)> {
    let lines = LineIndex::new(text);
    let raw = match Tokenizer::new(dialect, text).tokenize_with_location() {
        Ok(raw) => raw,
        Err(e) => {
            let at = lines
                .offset(e.location.line, e.location.column)
                .map(|o| piece.start + o);
            return Err((e.message, rest_of_line(content, at, piece)));
        }
    };
    let mut tokens = Vec::with_capacity(raw.len());
    for t in &raw {
        let kind = match &t.token {
            Token::Whitespace(_) | Token::EOF => continue,
            Token::Word(w) => Kind::Word(w.keyword),
            Token::LParen => Kind::LParen,
            Token::RParen => Kind::RParen,
            Token::Comma => Kind::Comma,
            Token::Period => Kind::Period,
            _ => Kind::Other,
        };
        let start = lines.offset(t.span.start.line, t.span.start.column);
        let end = lines.offset(t.span.end.line, t.span.end.column);
        if let (Some(start), Some(end)) = (start, end) {
            if start < end {
                let span = Span::new(piece.start + start, piece.start + end);
                tokens.push(Tok { kind, span });
            }
        }
    }
    let ctx = PieceCtx {
        piece,
        lines,
        tokens,
    };
    // sqlparser is a dependency: should it ever panic on odd input, the block gets
    // a syntax error rather than taking the whole lint run down.
    let parsed = catch_unwind(AssertUnwindSafe(|| {
        Parser::new(dialect)
            .with_tokens_with_locations(raw)
            .parse_statements()
    }));
    match parsed {
        Ok(Ok(statements)) => Ok((ctx, statements)),
        // Nesting too deep to parse: no single token is to blame.
        Ok(Err(ParserError::RecursionLimitExceeded)) => {
            Err(("recursion limit exceeded".to_string(), piece.significant))
        }
        Ok(Err(e)) => {
            let (message, location) = split_message(e);
            let span = match location.and_then(|l| ctx.offset(l)) {
                Some(at) => ctx
                    .token_from(at)
                    .unwrap_or_else(|| rest_of_line(content, Some(at), piece)),
                None => ctx.end_of_statement_culprit(),
            };
            Err((message, span))
        }
        Err(_) => Err((
            "the SQL parser failed on this statement".to_string(),
            piece.significant,
        )),
    }
}

/// PostgreSQL's reserved key words (its documentation's Appendix C, "reserved" and
/// "reserved (can be function or type)"): a table may have one of these names only
/// quoted. Sorted.
const PG_RESERVED: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "binary",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "natural",
    "not",
    "notnull",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "outer",
    "overlaps",
    "placing",
    "primary",
    "references",
    "returning",
    "right",
    "select",
    "session_user",
    "similar",
    "some",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
];

pub(crate) fn is_pg_reserved(name: &str) -> bool {
    PG_RESERVED.binary_search(&name).is_ok()
}

/// For a statement that starts where no statement starts, the text around it that
/// makes it whole: a clause of a query (`WHERE ...`, `ORDER BY ...`), of an update
/// (`SET ...`), of an insert (`VALUES ...`), or an element of a table
/// (`FOREIGN KEY ...`, `CONSTRAINT ...`).
fn fragment_wrapper(text: &str) -> Option<(&'static str, &'static str)> {
    let first = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .find(|w| !w.is_empty())?
        .to_ascii_uppercase();
    Some(match first.as_str() {
        "WHERE" | "AND" | "OR" | "ORDER" | "GROUP" | "HAVING" | "LIMIT" | "OFFSET" | "JOIN"
        | "LEFT" | "RIGHT" | "INNER" | "FULL" | "CROSS" => ("SELECT * FROM t ", ""),
        "SET" => ("UPDATE t ", ""),
        "VALUES" => ("INSERT INTO t ", ""),
        "FOREIGN" | "CONSTRAINT" | "PRIMARY" | "UNIQUE" | "CHECK" => {
            ("CREATE TABLE t (c INT, ", ")")
        }
        "REFERENCES" => ("CREATE TABLE t (c INT ", ")"),
        _ => return None,
    })
}

/// The SQL dialect a block is read in: the fence's info string says it, else the
/// model's `schema.dialect`; with neither, a statement may be in any common one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SqlDialect {
    #[default]
    PostgreSql,
    MySql,
    Sqlite,
    /// PostgreSQL, MySQL, SQLite or ANSI: whichever reads the statement.
    Any,
}

impl SqlDialect {
    /// The dialect a fence's info string or a model's `schema.dialect` names.
    pub fn named(name: &str) -> Option<SqlDialect> {
        Some(match name.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pgsql" | "psql" | "plpgsql" | "pg" => {
                SqlDialect::PostgreSql
            }
            "mysql" | "mariadb" => SqlDialect::MySql,
            "sqlite" | "sqlite3" => SqlDialect::Sqlite,
            _ => return None,
        })
    }

    /// The parsers tried, in order; the first is the one whose errors are reported.
    fn dialects(self) -> &'static [&'static dyn Dialect] {
        match self {
            SqlDialect::PostgreSql => &[&PostgreSqlDialect {}],
            SqlDialect::MySql => &[&MySqlDialect {}],
            SqlDialect::Sqlite => &[&SQLiteDialect {}],
            SqlDialect::Any => &[
                &PostgreSqlDialect {},
                &MySqlDialect {},
                &SQLiteDialect {},
                &GenericDialect {},
            ],
        }
    }
}

/// What the span finder needs to know about a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Word(Keyword),
    LParen,
    RParen,
    Comma,
    Period,
    Other,
}

/// A token that is neither whitespace nor comment, with its content offsets.
#[derive(Clone, Copy, Debug)]
struct Tok {
    kind: Kind,
    span: Span,
}

/// One statement's text, tokens and location converter. Spans are content offsets.
struct PieceCtx<'a> {
    piece: Piece,
    lines: LineIndex<'a>,
    tokens: Vec<Tok>,
}

impl PieceCtx<'_> {
    fn offset(&self, location: Location) -> Option<usize> {
        self.lines
            .offset(location.line, location.column)
            .map(|o| self.piece.start + o)
    }

    /// An AST span as content offsets, when sqlparser knows it.
    fn span(&self, span: sqlparser::tokenizer::Span) -> Option<Span> {
        let start = self.offset(span.start)?;
        let end = self.offset(span.end)?;
        (start < end).then_some(Span::new(start, end))
    }

    /// The first token starting at or after `at`.
    fn token_from(&self, at: usize) -> Option<Span> {
        let i = self.tokens.partition_point(|t| t.span.start < at);
        self.tokens.get(i).map(|t| t.span)
    }

    /// Where to point when the statement ended too early: the innermost parenthesis
    /// left open, or else the last token.
    fn end_of_statement_culprit(&self) -> Span {
        let mut open = Vec::new();
        for t in &self.tokens {
            match t.kind {
                Kind::LParen => open.push(t.span),
                Kind::RParen => {
                    open.pop();
                }
                _ => {}
            }
        }
        open.last()
            .or(self.tokens.last().map(|t| &t.span))
            .copied()
            .unwrap_or(self.piece.significant)
    }

    /// The spans of the comma-separated elements of the first parenthesised list
    /// that starts at or after `after`: a `CREATE TABLE`'s columns and constraints.
    fn list_elements(&self, after: usize) -> Vec<Span> {
        let mut elements = Vec::new();
        let first = self.tokens.partition_point(|t| t.span.start < after);
        let Some(open) = self.tokens[first..]
            .iter()
            .position(|t| t.kind == Kind::LParen)
        else {
            return elements;
        };
        let mut depth = 1usize;
        let mut current: Option<Span> = None;
        for t in &self.tokens[first + open + 1..] {
            match t.kind {
                Kind::LParen => depth += 1,
                Kind::RParen => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                Kind::Comma if depth == 1 => {
                    elements.extend(current.take());
                    continue;
                }
                _ => {}
            }
            current = Some(current.map_or(t.span, |c| c.cover(t.span)));
        }
        elements.extend(current);
        elements
    }

    /// A column-level `REFERENCES` clause inside `element`: from the keyword (or its
    /// `CONSTRAINT name`) through the table name, the column list and any `ON DELETE`/`ON UPDATE` actions.
    fn references_clause(&self, element: Span) -> Option<Span> {
        let first = self
            .tokens
            .partition_point(|t| t.span.start < element.start);
        let last = self.tokens.partition_point(|t| t.span.start < element.end);
        let tokens = &self.tokens[first..last];
        let references = tokens
            .iter()
            .position(|t| t.kind == Kind::Word(Keyword::REFERENCES))?;
        let mut end = references;
        let mut i = references + 1;
        // A named constraint, `CONSTRAINT fk_x REFERENCES ...`, starts at CONSTRAINT.
        let start = match references.checked_sub(2).map(|k| (k, tokens[k].kind)) {
            Some((k, Kind::Word(Keyword::CONSTRAINT))) => k,
            _ => references,
        };
        // The table name: word (. word)*
        if matches!(tokens.get(i).map(|t| t.kind), Some(Kind::Word(_))) {
            end = i;
            i += 1;
            while tokens.get(i).map(|t| t.kind) == Some(Kind::Period)
                && matches!(tokens.get(i + 1).map(|t| t.kind), Some(Kind::Word(_)))
            {
                end = i + 1;
                i += 2;
            }
        }
        // The column list.
        if tokens.get(i).map(|t| t.kind) == Some(Kind::LParen) {
            let mut depth = 0usize;
            while let Some(t) = tokens.get(i) {
                match t.kind {
                    Kind::LParen => depth += 1,
                    Kind::RParen => depth = depth.saturating_sub(1),
                    _ => {}
                }
                end = i;
                i += 1;
                if depth == 0 {
                    break;
                }
            }
        }
        // ON DELETE / ON UPDATE actions, and MATCH kinds.
        loop {
            let word = |k: usize| match tokens.get(k).map(|t| t.kind) {
                Some(Kind::Word(w)) => Some(w),
                _ => None,
            };
            match (word(i), word(i + 1)) {
                (Some(Keyword::ON), Some(Keyword::DELETE | Keyword::UPDATE)) => {
                    // The action: CASCADE | RESTRICT | NO ACTION | SET NULL | SET DEFAULT.
                    let words = match (word(i + 2), word(i + 3)) {
                        (Some(Keyword::CASCADE | Keyword::RESTRICT), _) => 1,
                        (Some(Keyword::NO), Some(Keyword::ACTION))
                        | (Some(Keyword::SET), Some(Keyword::NULL | Keyword::DEFAULT)) => 2,
                        _ => 0,
                    };
                    if words == 0 {
                        break;
                    }
                    end = i + 1 + words;
                    i = end + 1;
                }
                (Some(Keyword::MATCH), Some(_)) => {
                    end = i + 1;
                    i += 2;
                }
                _ => break,
            }
        }
        Some(tokens[start].span.cover(tokens[end].span))
    }
}

/// A `CREATE TABLE`, and the indexes written inside it in MySQL's way
/// (`INDEX idx_user (user_id)`, `KEY ...`): PostgreSQL's grammar takes such an element
/// for a column named `index` of a type `idx_user(user_id)`; it is an index.
fn read_table(ctx: &PieceCtx, create: &CreateTable) -> (SqlTable, Vec<SqlIndex>) {
    let statement = ctx.piece.significant;
    let name_span = ctx.span(create.name.span()).unwrap_or(statement);
    let elements = ctx.list_elements(name_span.end);
    let element_at = |at: Option<usize>| {
        let at = at?;
        let i = elements.partition_point(|e| e.end <= at);
        elements.get(i).copied().filter(|e| e.start <= at)
    };
    let mut table = build::table(fold_object(&create.name), name_span, statement);
    let mut indexes = Vec::new();
    table.columns.reserve(create.columns.len());
    for def in &create.columns {
        let name_span = ctx.span(def.name.span);
        let span = element_at(name_span.map(|s| s.start))
            .or(name_span)
            .unwrap_or(statement);
        if let Some(index) = inline_index(def, &table.name, span) {
            indexes.push(index);
            continue;
        }
        read_column(ctx, &mut table, def, span);
    }
    for constraint in &create.constraints {
        let span = element_at(ctx.span(constraint.span()).map(|s| s.start)).unwrap_or(statement);
        if let Some(constraint) = table_constraint(constraint, span) {
            build::constraint(&mut table, constraint);
        }
    }
    build::finish(&mut table);
    (table, indexes)
}

/// MySQL's `INDEX name (columns)` or `KEY name (columns)` inside a `CREATE TABLE`, as
/// sqlparser reads it: an unquoted column `index`/`key` whose custom type has only
/// names for modifiers.
fn inline_index(def: &ColumnDef, table: &str, span: Span) -> Option<SqlIndex> {
    use sqlparser::ast::{DataType, TypeModifier};
    let keyword = def.name.quote_style.is_none()
        && (def.name.value.eq_ignore_ascii_case("index")
            || def.name.value.eq_ignore_ascii_case("key"));
    let DataType::Custom(name, modifiers) = &def.data_type else {
        return None;
    };
    if !keyword || modifiers.is_empty() || !def.options.is_empty() {
        return None;
    }
    let columns = modifiers
        .iter()
        .map(|m| match m {
            TypeModifier::Identifier(id) => Some(fold(id)),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some(SqlIndex {
        name: fold_object(name),
        table: table.to_string(),
        columns,
        unique: false,
        span,
    })
}

fn read_column(ctx: &PieceCtx, table: &mut SqlTable, def: &ColumnDef, span: Span) {
    let data_type = upper_outside_quotes(&def.data_type.to_string());
    build::push_column(table, fold(&def.name), data_type, span);
    build::written_as(
        table,
        def.name
            .quote_style
            .is_none()
            .then(|| def.name.value.clone()),
    );
    for option in &def.options {
        let option = match &option.option {
            ColumnOption::NotNull => build::ColumnOption::NotNull,
            ColumnOption::Default(expr) => build::ColumnOption::Default(default_text(expr)),
            ColumnOption::PrimaryKey(_) => build::ColumnOption::PrimaryKey,
            ColumnOption::Unique(_) => build::ColumnOption::Unique,
            ColumnOption::ForeignKey(fk) => {
                let fk_span = ctx.references_clause(span).unwrap_or(span);
                build::ColumnOption::References(reference(fk, fk_span))
            }
            _ => continue,
        };
        build::column_option(table, option);
    }
}

/// A table-level constraint the read records, from `CREATE TABLE` or `ALTER TABLE ...
/// ADD`; `span` is where a foreign key is reported.
fn table_constraint(constraint: &TableConstraint, span: Span) -> Option<build::Constraint> {
    Some(match constraint {
        TableConstraint::PrimaryKey(pk) => {
            build::Constraint::PrimaryKey(index_columns(&pk.columns))
        }
        TableConstraint::Unique(unique) => {
            build::Constraint::Unique(index_columns(&unique.columns))
        }
        TableConstraint::ForeignKey(fk) => build::Constraint::ForeignKey {
            columns: fk.columns.iter().map(fold).collect(),
            reference: reference(fk, span),
        },
        _ => return None,
    })
}

fn reference(fk: &ForeignKeyConstraint, span: Span) -> build::Reference {
    build::Reference {
        table: fold_object(&fk.foreign_table),
        columns: fk.referred_columns.iter().map(fold).collect(),
        on_delete: fk.on_delete.map(|a| a.to_string().to_ascii_lowercase()),
        on_update: fk.on_update.map(|a| a.to_string().to_ascii_lowercase()),
        span,
    }
}

fn read_index(ctx: &PieceCtx, create: &CreateIndex) -> SqlIndex {
    SqlIndex {
        name: create.name.as_ref().map(fold_object).unwrap_or_default(),
        table: fold_object(&create.table_name),
        columns: index_columns(&create.columns),
        unique: create.unique,
        span: ctx.piece.significant,
    }
}

/// A default as sqlparser displays it, except that boolean literals are spelled in
/// upper case like the other SQL keywords (sqlparser prints Rust's `false`).
fn default_text(expr: &Expr) -> String {
    match expr {
        Expr::Value(ValueWithSpan {
            value: Value::Boolean(b),
            ..
        }) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        other => other.to_string(),
    }
}

/// Key columns by name; an expression key keeps its text.
fn index_columns(columns: &[IndexColumn]) -> Vec<String> {
    columns
        .iter()
        .map(|c| match &c.column.expr {
            Expr::Identifier(ident) => fold(ident),
            Expr::CompoundIdentifier(parts) => parts.last().map(fold).unwrap_or_default(),
            other => other.to_string(),
        })
        .collect()
}

/// An identifier as PostgreSQL stores it: unquoted ones fold to lowercase (ASCII only,
/// as PostgreSQL does in UTF-8 databases), quoted ones stay as written.
fn fold(ident: &Ident) -> String {
    if ident.quote_style.is_some() {
        ident.value.clone()
    } else {
        ident.value.to_ascii_lowercase()
    }
}

/// The last part of a possibly schema-qualified name, folded.
fn fold_object(name: &ObjectName) -> String {
    match name.0.last() {
        Some(ObjectNamePart::Identifier(ident)) => fold(ident),
        Some(part) => part.to_string(),
        None => String::new(),
    }
}

/// Upper-cases a data type's text except inside double quotes, where case matters.
fn upper_outside_quotes(text: &str) -> String {
    let mut quoted = false;
    text.chars()
        .map(|c| {
            if c == '"' {
                quoted = !quoted;
            }
            if quoted { c } else { c.to_ascii_uppercase() }
        })
        .collect()
}

/// Separates sqlparser's message from the location it appends.
fn split_message(error: ParserError) -> (String, Option<Location>) {
    let message = match error {
        ParserError::ParserError(m) | ParserError::TokenizerError(m) => m,
        ParserError::RecursionLimitExceeded => return (error.to_string(), None),
    };
    let Some(at) = message.rfind(" at Line: ") else {
        return (message, None);
    };
    let location = message[at + " at Line: ".len()..]
        .split_once(", Column: ")
        .and_then(|(line, column)| Some(Location::new(line.parse().ok()?, column.parse().ok()?)));
    match location {
        Some(location) => (message[..at].to_string(), Some(location)),
        None => (message, None),
    }
}

/// From `at` to the end of its line (trailing whitespace dropped): for errors that
/// have a location but no token there, such as an unterminated string. Falls back to
/// the statement when `at` is unknown; never empty.
fn rest_of_line(content: &str, at: Option<usize>, piece: Piece) -> Span {
    let Some(at) = at.filter(|&at| at < piece.end) else {
        return piece.significant;
    };
    let Some(rest) = content.get(at..piece.end) else {
        return piece.significant;
    };
    let line = rest.split(['\n', '\r']).next().unwrap_or("").trim_end();
    if !line.is_empty() {
        return Span::new(at, at + line.len());
    }
    match rest.chars().next() {
        Some(c) if !c.is_whitespace() => Span::new(at, at + c.len_utf8()),
        _ => piece.significant,
    }
}

fn shift(read: &mut SqlRead, base: usize) {
    for table in read.tables.iter_mut().chain(&mut read.alterations) {
        table.name_span = table.name_span.shift(base);
        table.span = table.span.shift(base);
        for column in &mut table.columns {
            column.span = column.span.shift(base);
        }
        for fk in &mut table.foreign_keys {
            fk.span = fk.span.shift(base);
        }
    }
    for index in &mut read.indexes {
        index.span = index.span.shift(base);
    }
    for alter in &mut read.alters {
        alter.span = alter.span.shift(base);
        for column in &mut alter.columns {
            column.span = column.span.shift(base);
        }
        for fk in &mut alter.foreign_keys {
            fk.span = fk.span.shift(base);
        }
    }
    if let Some(error) = &mut read.error {
        error.span = error.span.shift(base);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        /// Statements the plain-DDL reader read on this thread.
        pub(super) static PLAIN_READS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// `read_sql` hands plain DDL to the plain reader, and only plain DDL: the
    /// differential tests cannot tell, as both paths give the same read.
    #[test]
    fn read_sql_reads_plain_ddl_without_sqlparser() {
        let reads = |sql: &str| {
            PLAIN_READS.with(|n| n.set(0));
            let read = read_sql(sql, 0);
            (PLAIN_READS.with(std::cell::Cell::get), read)
        };
        let ddl = "CREATE TABLE users (id UUID PRIMARY KEY, email TEXT NOT NULL UNIQUE);\n\
                   CREATE INDEX users_email ON users (email);";
        let (plain, read) = reads(ddl);
        assert_eq!(plain, 2);
        assert_eq!((read.tables.len(), read.indexes.len()), (1, 1));
        let (plain, read) = reads("ALTER TABLE users ADD COLUMN name TEXT;\nSELECT 1;");
        assert_eq!(plain, 0);
        assert!(read.error.is_none());
        PLAIN_READS.with(|n| n.set(0));
        reference::read_sql_with_sqlparser(ddl, 0);
        assert_eq!(PLAIN_READS.with(std::cell::Cell::get), 0);
    }

    #[test]
    fn messages_lose_their_location_suffix() {
        let (message, location) = split_message(ParserError::ParserError(
            "Expected: ',' or ')', found: name at Line: 3, Column: 12".to_string(),
        ));
        assert_eq!(message, "Expected: ',' or ')', found: name");
        assert_eq!(location, Some(Location::new(3, 12)));
        let (message, location) = split_message(ParserError::ParserError(
            "Expected: identifier, found: EOF".into(),
        ));
        assert_eq!(message, "Expected: identifier, found: EOF");
        assert_eq!(location, None);
    }

    #[test]
    fn identifiers_fold_like_postgres() {
        assert_eq!(fold(&Ident::new("Users")), "users");
        assert_eq!(fold(&Ident::with_quote('"', "Users")), "Users");
        assert_eq!(fold(&Ident::new("ÉTÉ")), "ÉtÉ", "only ASCII letters fold");
    }

    #[test]
    fn data_types_upper_case_except_quoted_names() {
        assert_eq!(upper_outside_quotes("varchar(255)"), "VARCHAR(255)");
        assert_eq!(upper_outside_quotes("\"MyType\"[]"), "\"MyType\"[]");
    }

    #[test]
    fn dialects_placeholders_meta_commands_and_fragments() {
        let error = |sql: &str, dialect| read_sql_in(sql, 0, dialect).error;
        let pg = SqlDialect::PostgreSql;
        assert_eq!(error("SELECT * FROM t WHERE a = ? AND b = :who;", pg), None);
        assert_eq!(error("INSERT INTO t (a, b) VALUES (%s, %(b)s);", pg), None);
        assert_eq!(error("\\d shelves\nSELECT 1;", pg), None);
        assert_eq!(error("WHERE owner_id = $1 AND done = true", pg), None);
        assert_eq!(
            error(
                "FOREIGN KEY (bin_id) REFERENCES bins(id) ON DELETE CASCADE",
                pg
            ),
            None
        );
        assert_eq!(
            error(
                "CREATE TRIGGER t BEFORE INSERT ON notes FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger(tsv, 'pg_catalog.english', title);",
                pg
            ),
            None
        );
        let reserved = error("CREATE TABLE user (id INT);", pg).expect("reserved");
        assert!(
            reserved.message.contains("reserved"),
            "{}",
            reserved.message
        );
        assert_eq!(error("CREATE TABLE \"user\" (id INT);", pg), None);
        // MySQL's ON UPDATE is no PostgreSQL; with no dialect known, it is fine.
        let mysql = "CREATE TABLE bins (id INT, at TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP);";
        assert!(error(mysql, pg).is_some());
        assert_eq!(error(mysql, SqlDialect::Any), None);
        assert_eq!(error(mysql, SqlDialect::MySql), None);
        assert!(error("CREATE TABLE bins (id INT label TEXT);", SqlDialect::Any).is_some());
    }

    #[test]
    fn reserved_words_are_sorted() {
        assert!(PG_RESERVED.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn alter_table_add_column_adds_the_column() {
        let read = read_sql(
            "CREATE TABLE bins (id INT PRIMARY KEY);\nALTER TABLE bins ADD COLUMN label VARCHAR(40) NOT NULL;\nALTER TABLE bins ADD COLUMN shelf_id INT REFERENCES shelves(id);",
            0,
        );
        let cols: Vec<&str> = read.tables[0]
            .columns
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(cols, ["id", "label", "shelf_id"]);
        assert!(read.tables[0].columns[1].not_null);
        assert_eq!(read.tables[0].foreign_keys[0].references, "shelves");
    }

    #[test]
    fn unquoted_names_remember_their_case() {
        let read = read_sql(
            "CREATE TABLE bins (binLabel TEXT, \"keptCase\" TEXT, plain TEXT)",
            0,
        );
        let c = &read.tables[0].columns;
        assert_eq!(
            (c[0].name.as_str(), c[0].written.as_deref()),
            ("binlabel", Some("binLabel"))
        );
        assert_eq!(
            (c[1].name.as_str(), c[1].written.as_deref()),
            ("keptCase", None)
        );
        assert_eq!(c[2].written, None);
    }

    #[test]
    fn spans_are_shifted_by_base() {
        let read = read_sql("CREATE TABLE t (a INT)", 100);
        assert_eq!(read.tables[0].span, Span::new(100, 122));
        assert_eq!(read.tables[0].name_span, Span::new(113, 114));
        assert_eq!(read.tables[0].columns[0].span, Span::new(116, 121));
    }

    #[test]
    fn mysql_inline_index_is_an_index_and_a_column_named_key_is_a_column() {
        let read = read_sql(
            "CREATE TABLE notes (\n  id INT PRIMARY KEY,\n  owner INT,\n  key TEXT,\n  INDEX idx_owner (owner, id)\n);",
            0,
        );
        let names: Vec<&str> = read.tables[0]
            .columns
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["id", "owner", "key"]);
        assert_eq!(read.indexes.len(), 1);
        assert_eq!(read.indexes[0].name, "idx_owner");
        assert_eq!(read.indexes[0].table, "notes");
        assert_eq!(read.indexes[0].columns, ["owner", "id"]);
    }

    #[test]
    fn alter_table_add_is_recorded_in_order_for_any_table() {
        let sql = "CREATE TABLE a (id INT);\nALTER TABLE b ADD COLUMN due DATE NOT NULL;\nALTER TABLE a ADD CONSTRAINT fk FOREIGN KEY (id) REFERENCES c(id), ADD COLUMN note TEXT;\nALTER TABLE a ADD COLUMN id INT;";
        let read = read_sql(sql, 10);
        assert_eq!(read.alters.len(), 3);
        assert_eq!(read.alters[0].table, "b");
        assert_eq!(read.alters[0].columns[0].name, "due");
        assert!(read.alters[0].columns[0].not_null);
        assert_eq!(read.alters[1].table, "a");
        assert_eq!(read.alters[1].columns[0].name, "note");
        assert_eq!(read.alters[1].foreign_keys[0].references, "c");
        assert_eq!(read.alters[0].span.start, 10 + sql.find("ALTER").unwrap());
        // The block's own table has them applied, each column once.
        assert_eq!(read.tables[0].foreign_keys.len(), 1);
        let names: Vec<&str> = read.tables[0]
            .columns
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["id", "note"]);
    }
}
