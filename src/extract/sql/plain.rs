//! The plain-DDL reader: `CREATE TABLE` and `CREATE [UNIQUE] INDEX` statements written
//! in the common subset of PostgreSQL, read without sqlparser.
//!
//! sqlparser reads a statement about ten times slower than this, mostly tokenizing, and
//! nearly every ```sql block in a spec is plain DDL. This reader accepts a statement
//! only when it understands all of it, and then gives exactly the [`SqlTable`] or
//! [`SqlIndex`] the sqlparser path gives; for anything else (another statement, an
//! unusual token, a keyword used as a name where sqlparser might read it otherwise, a
//! syntax error) it declines and sqlparser, the authority on syntax and errors, reads
//! the statement. `tests/sql_plain.rs` holds the two paths to the same output.
//!
//! The grammar it accepts, names being `ident ('.' ident)*`:
//!
//! ```text
//! CREATE TABLE [IF NOT EXISTS] name ( element [, element]* )
//!   element: column type option*
//!          | [CONSTRAINT ident] PRIMARY KEY (key, ...)
//!          | [CONSTRAINT ident] UNIQUE (key, ...)
//!          | [CONSTRAINT ident] FOREIGN KEY (ident, ...) reference
//!   option:  NOT NULL | NULL | PRIMARY KEY | UNIQUE | DEFAULT default | reference
//!   reference: REFERENCES name [(ident, ...)] [ON DELETE action] [ON UPDATE action]
//! CREATE [UNIQUE] INDEX [IF NOT EXISTS] [name] ON name (key, ...)
//! ```
//!
//! Types are the common built-in ones (see [`data_type`]) and other names sqlparser
//! does not know as keywords; defaults are literals and calls without arguments.

use sqlparser::keywords::ALL_KEYWORDS;

use super::build::{self, ColumnOption, Constraint, Reference};
use super::lex::{Kind, Token, lex};
use super::split::Piece;
use super::{SqlIndex, SqlTable};
use crate::span::Span;

/// A statement the plain reader read.
pub(super) enum Plain {
    Table(SqlTable),
    Index(SqlIndex),
}

/// Reads one statement of `content`, or `None` to leave it to sqlparser. `tokens` is
/// scratch space, reused from statement to statement.
pub(super) fn read(content: &str, piece: Piece, tokens: &mut Vec<Token>) -> Option<Plain> {
    tokens.clear();
    lex(content, piece.start, piece.end, tokens)?;
    let mut c = Cursor {
        content,
        tokens,
        at: 0,
    };
    c.keyword("CREATE").then_some(())?;
    let plain = if c.keyword("TABLE") {
        Plain::Table(create_table(&mut c, piece)?)
    } else {
        let unique = c.keyword("UNIQUE");
        c.keyword("INDEX").then_some(())?;
        Plain::Index(create_index(&mut c, unique, piece)?)
    };
    c.peek().is_none().then_some(plain)
}

/// Words that open a table constraint (or a `LIKE` clause) where a column could stand:
/// never read as column names here.
const ELEMENT_KEYWORDS: [&str; 7] = [
    "CONSTRAINT",
    "PRIMARY",
    "UNIQUE",
    "FOREIGN",
    "CHECK",
    "EXCLUDE",
    "LIKE",
];

fn create_table(c: &mut Cursor, piece: Piece) -> Option<SqlTable> {
    if_not_exists(c)?;
    let (name, name_span) = object_name(c)?;
    c.expect(Kind::LParen)?;
    let mut table = build::table(name, name_span, piece.significant);
    // Applied after every column, as sqlparser's reading of the AST does.
    let mut constraints = Vec::new();
    loop {
        let end = element_end(c.tokens, c.at)?;
        let span = Span::new(c.tokens[c.at].start, c.tokens[end - 1].end);
        let first = c.peek()?;
        if c.is_word(first, &["CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN"]) {
            constraints.push(table_constraint(c, span)?);
        } else {
            column(c, &mut table, span)?;
        }
        if c.at != end {
            return None;
        }
        match c.next()?.kind {
            Kind::Comma => {}
            Kind::RParen => break,
            _ => return None,
        }
    }
    for constraint in constraints {
        build::constraint(&mut table, constraint);
    }
    build::finish(&mut table);
    Some(table)
}

/// The index of the `,` or `)` that ends the table element starting at `from` (which
/// must not be empty).
fn element_end(tokens: &[Token], from: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(from) {
        match t.kind {
            Kind::LParen => depth += 1,
            Kind::RParen if depth == 0 => return (i > from).then_some(i),
            Kind::RParen => depth -= 1,
            Kind::Comma if depth == 0 => return (i > from).then_some(i),
            _ => {}
        }
    }
    None
}

fn column(c: &mut Cursor, table: &mut SqlTable, span: Span) -> Option<()> {
    let name = c.ident()?;
    // A column named `references` would be taken for the keyword when the span of its
    // foreign key is looked for.
    // MySQL's inline `INDEX name (...)` / `KEY name (...)` is left to the other reader,
    // which tells it from a column of that name.
    if c.is_word(name, &ELEMENT_KEYWORDS) || c.is_word(name, &["REFERENCES", "INDEX", "KEY"]) {
        return None;
    }
    let written = (name.kind == Kind::Word).then(|| c.text(name).to_string());
    let name = c.fold(name);
    let data_type = data_type(c)?;
    build::push_column(table, name, data_type, span);
    build::written_as(table, written);
    let mut referenced = false;
    loop {
        let next = c.peek()?;
        let option = match next.kind {
            Kind::Comma | Kind::RParen => return Some(()),
            Kind::Word => {
                if c.keywords("NOT", "NULL") {
                    ColumnOption::NotNull
                } else if c.keyword("NULL") {
                    continue;
                } else if c.keywords("PRIMARY", "KEY") {
                    ColumnOption::PrimaryKey
                } else if c.keyword("UNIQUE") {
                    ColumnOption::Unique
                } else if c.keyword("DEFAULT") {
                    ColumnOption::Default(default(c)?)
                } else if !referenced && c.keyword("REFERENCES") {
                    referenced = true;
                    ColumnOption::References(reference(c, next.start)?)
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        build::column_option(table, option);
    }
}

/// A table-level constraint; `span` is its element, where a foreign key is reported.
fn table_constraint(c: &mut Cursor, span: Span) -> Option<Constraint> {
    if c.keyword("CONSTRAINT") {
        let name = c.ident()?;
        if c.is_word(name, &ELEMENT_KEYWORDS) {
            return None;
        }
    }
    if c.keywords("PRIMARY", "KEY") {
        Some(Constraint::PrimaryKey(key_list(c)?))
    } else if c.keyword("UNIQUE") {
        Some(Constraint::Unique(key_list(c)?))
    } else if c.keywords("FOREIGN", "KEY") {
        let columns = ident_list(c)?;
        let at = c.peek()?.start;
        c.keyword("REFERENCES").then_some(())?;
        let mut reference = reference(c, at)?;
        reference.span = span;
        Some(Constraint::ForeignKey { columns, reference })
    } else {
        None
    }
}

/// `REFERENCES` (already read, starting at `start`) and what follows it.
fn reference(c: &mut Cursor, start: usize) -> Option<Reference> {
    let (table, name_span) = object_name(c)?;
    let mut end = name_span.end;
    let columns = if c.peek()?.kind == Kind::LParen {
        let columns = ident_list(c)?;
        end = c.tokens[c.at - 1].end;
        columns
    } else {
        Vec::new()
    };
    let (mut on_delete, mut on_update) = (None, None);
    while c.keyword("ON") {
        let slot = if c.keyword("DELETE") {
            &mut on_delete
        } else if c.keyword("UPDATE") {
            &mut on_update
        } else {
            return None;
        };
        if slot.is_some() {
            return None;
        }
        *slot = Some(action(c)?.to_string());
        end = c.tokens[c.at - 1].end;
    }
    Some(Reference {
        table,
        columns,
        on_delete,
        on_update,
        span: Span::new(start, end),
    })
}

/// A referential action, spelled as the read reports it.
fn action(c: &mut Cursor) -> Option<&'static str> {
    if c.keyword("CASCADE") {
        Some("cascade")
    } else if c.keyword("RESTRICT") {
        Some("restrict")
    } else if c.keywords("SET", "NULL") {
        Some("set null")
    } else if c.keywords("SET", "DEFAULT") {
        Some("set default")
    } else if c.keywords("NO", "ACTION") {
        Some("no action")
    } else {
        None
    }
}

fn create_index(c: &mut Cursor, unique: bool, piece: Piece) -> Option<SqlIndex> {
    let if_not_exists = if_not_exists(c)?;
    let name = if !if_not_exists && c.keyword("ON") {
        // Unnamed: PostgreSQL makes a name up.
        String::new()
    } else {
        // Words sqlparser reads as options here, not as the index's name.
        let first = c.peek()?;
        if c.is_word(first, &["ON", "CONCURRENTLY", "ASYNC", "USING", "IF"]) {
            return None;
        }
        let (name, _) = object_name(c)?;
        c.keyword("ON").then_some(())?;
        name
    };
    let (table, _) = object_name(c)?;
    let columns = key_list(c)?;
    Some(SqlIndex {
        name,
        table,
        columns,
        unique,
        span: piece.significant,
    })
}

/// `IF NOT EXISTS`, whole or not at all: `Some(true)` when read, `Some(false)` when
/// absent, `None` for an `IF` that does not open it.
fn if_not_exists(c: &mut Cursor) -> Option<bool> {
    if !c.keyword("IF") {
        return Some(false);
    }
    c.keywords("NOT", "EXISTS").then_some(true)
}

/// A possibly qualified name: its last part folded, and the span of all of it.
fn object_name(c: &mut Cursor) -> Option<(String, Span)> {
    let first = c.ident()?;
    let mut last = first;
    while c.peek().is_some_and(|t| t.kind == Kind::Period) {
        c.at += 1;
        last = c.ident()?;
    }
    Some((c.fold(last), Span::new(first.start, last.end)))
}

/// `(ident, ...)`: referencing and referenced columns, which sqlparser reads as plain
/// identifiers whatever their spelling.
fn ident_list(c: &mut Cursor) -> Option<Vec<String>> {
    list(c, |c| {
        let ident = c.ident()?;
        Some(c.fold(ident))
    })
}

/// `(key, ...)`: primary, unique and index keys. sqlparser reads each as an expression,
/// so a keyword there may mean something else (`user`, `null`); only identifiers it
/// cannot take for one are read here.
fn key_list(c: &mut Cursor) -> Option<Vec<String>> {
    list(c, |c| {
        let key = c.ident()?;
        if key.kind == Kind::Word && !plain_identifier(c.text(key)) {
            return None;
        }
        Some(c.fold(key))
    })
}

/// A parenthesised, comma-separated, non-empty list.
fn list(
    c: &mut Cursor,
    mut item: impl FnMut(&mut Cursor) -> Option<String>,
) -> Option<Vec<String>> {
    c.expect(Kind::LParen)?;
    let mut items = Vec::new();
    loop {
        items.push(item(c)?);
        match c.next()?.kind {
            Kind::Comma => {}
            Kind::RParen => return Some(items),
            _ => return None,
        }
    }
}

/// How a built-in type takes parameters.
enum Params {
    None,
    /// `VARCHAR(255)`.
    Length,
    /// `NUMERIC(12, 2)`, shown as `NUMERIC(12,2)`.
    PrecisionScale,
}

/// A column's type as sqlparser displays it, upper-cased: the common built-in types,
/// and names that are no keyword of sqlparser's (`BIGSERIAL`, `task_status`), which it
/// keeps as written.
fn data_type(c: &mut Cursor) -> Option<String> {
    let word = c.next()?;
    if word.kind != Kind::Word {
        return None;
    }
    let mut text = c.text(word).to_ascii_uppercase();
    let params = match text.as_str() {
        "BOOLEAN" | "BOOL" | "SMALLINT" | "INT" | "INTEGER" | "BIGINT" | "INT2" | "INT4"
        | "INT8" | "REAL" | "TEXT" | "UUID" | "DATE" | "TIMESTAMP" | "TIMESTAMPTZ" | "JSON"
        | "JSONB" | "BYTEA" | "SERIAL" | "BIGSERIAL" | "SMALLSERIAL" => Params::None,
        "VARCHAR" | "CHAR" => Params::Length,
        "NUMERIC" | "DECIMAL" => Params::PrecisionScale,
        _ if !is_keyword(&text) => Params::None,
        _ => return None,
    };
    let open = c.peek().is_some_and(|t| t.kind == Kind::LParen);
    match params {
        _ if !open => {}
        Params::None => return None,
        Params::Length => {
            c.at += 1;
            text.push('(');
            text.push_str(c.number()?);
            c.expect(Kind::RParen)?;
            text.push(')');
        }
        Params::PrecisionScale => {
            c.at += 1;
            text.push('(');
            text.push_str(c.number()?);
            if c.peek()?.kind == Kind::Comma {
                c.at += 1;
                text.push(',');
                text.push_str(c.number()?);
            }
            c.expect(Kind::RParen)?;
            text.push(')');
        }
    }
    Some(text)
}

/// A default as sqlparser displays it: a string or unsigned integer as written,
/// `TRUE`, `FALSE` and `NULL` in capitals, `CURRENT_TIMESTAMP` and `CURRENT_DATE` as
/// written, and a call without arguments of a function that is not a keyword (`now()`).
fn default(c: &mut Cursor) -> Option<String> {
    let t = c.next()?;
    let text = c.text(t);
    match t.kind {
        Kind::String => Some(text.to_string()),
        Kind::Number => Some(c.number_text(t)?.to_string()),
        Kind::Word => {
            let next = c.peek().map(|t| t.kind);
            if next == Some(Kind::LParen) {
                if is_keyword(text) || c.tokens.get(c.at + 1)?.kind != Kind::RParen {
                    return None;
                }
                c.at += 2;
                Some(format!("{text}()"))
            } else if let Some(upper) = ["TRUE", "FALSE", "NULL"]
                .into_iter()
                .find(|k| text.eq_ignore_ascii_case(k))
            {
                Some(upper.to_string())
            } else if text.eq_ignore_ascii_case("CURRENT_TIMESTAMP")
                || text.eq_ignore_ascii_case("CURRENT_DATE")
            {
                Some(text.to_string())
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Unquoted words that sqlparser reads as a plain identifier in an expression although
/// they are keywords of its own: common column names, held to that by the tests.
const KEYWORDS_READ_AS_NAMES: [&str; 9] = [
    "ID",
    "NAME",
    "TYPE",
    "STATUS",
    "VALUE",
    "KEY",
    "DATA",
    "DATE",
    "TIMESTAMP",
];

/// Whether sqlparser reads the unquoted `word` as an identifier where an expression
/// stands.
fn plain_identifier(word: &str) -> bool {
    !is_keyword(word)
        || KEYWORDS_READ_AS_NAMES
            .iter()
            .any(|k| word.eq_ignore_ascii_case(k))
}

/// Whether sqlparser's tokenizer takes the unquoted `word` for a keyword: the same
/// case-insensitive search of the same sorted table.
fn is_keyword(word: &str) -> bool {
    ALL_KEYWORDS
        .binary_search_by(|probe| {
            let (probe, word) = (probe.as_bytes(), word.as_bytes());
            for (p, w) in probe.iter().zip(word) {
                match p.cmp(&w.to_ascii_uppercase()) {
                    std::cmp::Ordering::Equal => {}
                    other => return other,
                }
            }
            probe.len().cmp(&word.len())
        })
        .is_ok()
}

/// A position in one statement's tokens.
struct Cursor<'a> {
    content: &'a str,
    tokens: &'a [Token],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<Token> {
        self.tokens.get(self.at).copied()
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.peek()?;
        self.at += 1;
        Some(token)
    }

    fn text(&self, token: Token) -> &'a str {
        self.content.get(token.start..token.end).unwrap_or("")
    }

    /// Whether `token` is an unquoted word spelling one of `words`, in any case.
    #[inline]
    fn is_word(&self, token: Token, words: &[&str]) -> bool {
        if token.kind != Kind::Word {
            return false;
        }
        let text = self.text(token);
        words.iter().any(|w| text.eq_ignore_ascii_case(w))
    }

    fn is_keyword_at(&self, at: usize, keyword: &str) -> bool {
        self.tokens
            .get(at)
            .is_some_and(|&t| t.kind == Kind::Word && self.text(t).eq_ignore_ascii_case(keyword))
    }

    /// Reads `keyword` if it comes next.
    fn keyword(&mut self, keyword: &str) -> bool {
        let found = self.is_keyword_at(self.at, keyword);
        self.at += usize::from(found);
        found
    }

    /// Reads `first second` if both come next, else nothing.
    fn keywords(&mut self, first: &str, second: &str) -> bool {
        let found = self.is_keyword_at(self.at, first) && self.is_keyword_at(self.at + 1, second);
        self.at += 2 * usize::from(found);
        found
    }

    fn expect(&mut self, kind: Kind) -> Option<Token> {
        self.next().filter(|t| t.kind == kind)
    }

    /// An identifier: a word, whatever it spells, or a quoted identifier.
    fn ident(&mut self) -> Option<Token> {
        self.next()
            .filter(|t| matches!(t.kind, Kind::Word | Kind::Quoted))
    }

    /// An unsigned integer parameter, as sqlparser displays it.
    fn number(&mut self) -> Option<&'a str> {
        let t = self.expect(Kind::Number)?;
        self.number_text(t)
    }

    /// The text of a number token, when sqlparser displays it as written: no leading
    /// zeros, and short enough for any integer type.
    fn number_text(&self, t: Token) -> Option<&'a str> {
        let text = self.text(t);
        (text.len() <= 9 && (text == "0" || !text.starts_with('0'))).then_some(text)
    }

    /// An identifier as PostgreSQL stores it: see [`super::fold`].
    fn fold(&self, t: Token) -> String {
        let text = self.text(t);
        match t.kind {
            Kind::Quoted => text
                .get(1..text.len().saturating_sub(1))
                .unwrap_or("")
                .to_string(),
            _ => text.to_ascii_lowercase(),
        }
    }
}
