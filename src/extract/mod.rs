//! Document → what rules compare with the model: sequence diagrams, SQL, the
//! responsibility matrix and ownership claims, code examples.
//!
//! Extraction runs once per document and the result is shared by every rule.

pub mod code;
pub mod diagram;
pub mod fields;
pub mod flows;
pub mod orm;
pub mod ownership;
pub mod python;
pub mod script;
pub mod sql;
pub mod types;

use crate::document::{CodeBlock, Document};
use crate::model::{Model, Names};

pub use code::CodeExample;
pub use flows::DiagramExtract;
pub use ownership::{MatrixRow, OwnershipClaim};
pub use sql::SqlRead;

/// Everything extracted from one document.
#[derive(Clone, Debug, Default)]
pub struct Extracts {
    pub diagrams: Vec<DiagramExtract>,
    pub sql: Vec<SqlBlock>,
    pub matrix: Vec<MatrixRow>,
    pub claims: Vec<OwnershipClaim>,
    pub code: Vec<CodeExample>,
    /// Every ```python block, parsed once.
    pub python: Vec<python::PythonRead>,
    /// JavaScript, TypeScript and Go blocks, lexed.
    pub scripts: Vec<script::Script>,
    /// Environment variables named by `.env`, shell and script blocks (Python's are
    /// in `python`).
    pub env: Vec<script::EnvName>,
    /// Tables documented other than by `CREATE TABLE`: Python classes, then field
    /// tables and field lists under headings ([`sql::TableSource`]).
    pub documented: Vec<sql::SqlTable>,
    /// Indexes the Python classes declare (`Field(index=True)`) and prose states
    /// (`(Indexed)`, `` `idx_tasks_user_id` on `user_id` ``).
    pub documented_indexes: Vec<sql::SqlIndex>,
}

impl Extracts {
    /// `flows` are the flows the document's model entry names: diagrams are matched
    /// to them first.
    pub fn build(doc: &Document, model: &Model, names: &Names, flows: &[String]) -> Self {
        let python = python_blocks(doc);
        let scripts = script_blocks(doc);
        let code = code::examples(doc, names, &python, &scripts);
        let captions: Vec<Option<String>> = doc
            .code_blocks
            .iter()
            .map(|b| code::caption(doc, b.span.start))
            .collect();
        let env = script::env_names(doc, &scripts, &captions);
        let mut sql = sql_blocks(doc, model);
        sql::apply_alterations(&mut sql.iter_mut().map(|b| &mut b.read).collect::<Vec<_>>());
        let model_tables: Vec<&str> = model
            .schema
            .as_ref()
            .map(|s| s.tables.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let (mut documented, mut documented_indexes) = orm::tables(doc, &python, &model_tables);
        let prose = fields::tables(doc, &model_tables);
        documented_indexes.extend(fields::indexes(doc, &prose, &model_tables));
        documented.extend(prose);
        Extracts {
            diagrams: flows::diagrams(doc, model, names, flows),
            sql,
            matrix: ownership::matrix_rows(doc),
            claims: ownership::claims(doc),
            code,
            python,
            scripts,
            env,
            documented,
            documented_indexes,
        }
    }
}

/// What one ```sql block holds.
#[derive(Clone, Debug)]
pub struct SqlBlock {
    /// Index into `Document::code_blocks`.
    pub block: usize,
    pub read: SqlRead,
}

/// Info strings read as SQL.
const SQL_LANGS: &[&str] = &[
    "sql",
    "postgresql",
    "postgres",
    "pgsql",
    "psql",
    "plpgsql",
    "mysql",
    "sqlite",
];

/// The SQL blocks, each read in the dialect its info string names, else the
/// model's, else any common one.
fn sql_blocks(doc: &Document, model: &Model) -> Vec<SqlBlock> {
    let schema_dialect = model
        .schema
        .as_ref()
        .and_then(|s| s.dialect.as_deref())
        .and_then(sql::SqlDialect::named);
    read_blocks(doc, |i, b| {
        (b.fenced && SQL_LANGS.contains(&b.lang.as_str())).then(|| {
            let dialect = sql::SqlDialect::named(&b.lang)
                .or(schema_dialect)
                .unwrap_or(sql::SqlDialect::Any);
            SqlBlock {
                block: i,
                read: sql::read_sql_in(doc.slice(b.content), b.content.start, dialect),
            }
        })
    })
}

fn python_blocks(doc: &Document) -> Vec<python::PythonRead> {
    read_blocks(doc, |i, b| {
        (b.fenced && python::PYTHON_LANGS.contains(&b.lang.as_str()))
            .then(|| python::read_python(doc.slice(b.content), b.content.start, i))
    })
}

fn script_blocks(doc: &Document) -> Vec<script::Script> {
    read_blocks(doc, |i, b| {
        (b.fenced && script::SCRIPT_LANGS.contains(&b.lang.as_str()))
            .then(|| script::lex(doc.slice(b.content), b.content.start, i))
    })
}

/// What `read` makes of each code block (given its index in
/// `Document::code_blocks`), in document order, blocks quoted as mistakes
/// ([`Document::quoted_mistake`]) left out. The blocks of a large document
/// are read on every core ([`crate::parallel::collect_parts`]).
pub(crate) fn read_blocks<R: Send>(
    doc: &Document,
    read: impl Fn(usize, &CodeBlock) -> Option<R> + Sync + Send,
) -> Vec<R> {
    crate::parallel::collect_parts(doc.text.len(), &doc.code_blocks, |i, b, out| {
        // A block quoted as a mistake ("Current (INCORRECT)") claims nothing.
        if !doc.quoted_mistake(i) {
            out.extend(read(i, b));
        }
    })
}

impl Extracts {
    /// The parsed Python of a code block, when it is one.
    pub fn python_of(&self, block: usize) -> Option<&python::PythonRead> {
        // In document order: a spec with thousands of blocks is searched, not scanned.
        let i = self.python.binary_search_by_key(&block, |p| p.block).ok()?;
        self.python.get(i)
    }

    /// The lexed script of a code block, when it is one.
    pub fn script_of(&self, block: usize) -> Option<&script::Script> {
        let i = self
            .scripts
            .binary_search_by_key(&block, |s| s.block)
            .ok()?;
        self.scripts.get(i)
    }

    /// The component a code block belongs to, when it is a code example with one.
    pub fn component_of(&self, block: usize) -> Option<&str> {
        self.code
            .iter()
            .find(|c| c.block == block)
            .and_then(|c| c.component.as_deref())
    }

    /// Every table the document's SQL creates, first definition first.
    pub fn sql_tables(&self) -> impl Iterator<Item = &sql::SqlTable> {
        self.sql.iter().flat_map(|b| &b.read.tables)
    }

    pub fn sql_table(&self, name: &str) -> Option<&sql::SqlTable> {
        self.sql_tables().find(|t| t.name == name)
    }

    /// Every CREATE INDEX of the document's SQL.
    pub fn sql_indexes(&self) -> impl Iterator<Item = &sql::SqlIndex> {
        self.sql.iter().flat_map(|b| &b.read.indexes)
    }

    /// Every table the document defines, first definition first: its SQL's
    /// `CREATE TABLE`s, then its Python table classes, then the tables its headings
    /// document with fields (each says its [`sql::TableSource`]). What the schema
    /// rules check.
    pub fn tables(&self) -> impl Iterator<Item = &sql::SqlTable> {
        self.sql_tables().chain(&self.documented)
    }

    pub fn table(&self, name: &str) -> Option<&sql::SqlTable> {
        self.tables().find(|t| t.name == name)
    }

    /// Every index the document states: CREATE INDEX, indexed Python fields, and
    /// indexes prose names.
    pub fn indexes(&self) -> impl Iterator<Item = &sql::SqlIndex> {
        self.sql_indexes().chain(&self.documented_indexes)
    }
}
