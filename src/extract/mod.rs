//! Document → what rules compare with the model: sequence diagrams, SQL, the
//! responsibility matrix and ownership claims, code examples.
//!
//! Extraction runs once per document and the result is shared by every rule.

pub mod code;
pub mod diagram;
pub mod flows;
pub mod ownership;
pub mod sql;

use crate::document::Document;
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
}

impl Extracts {
    /// `flows` are the flows the document's model entry names: diagrams are matched
    /// to them first.
    pub fn build(doc: &Document, model: &Model, names: &Names, flows: &[String]) -> Self {
        Extracts {
            diagrams: flows::diagrams(doc, model, names, flows),
            sql: sql_blocks(doc),
            matrix: ownership::matrix_rows(doc),
            claims: ownership::claims(doc),
            code: code::examples(doc, names),
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
const SQL_LANGS: &[&str] = &["sql", "postgresql", "postgres", "pgsql", "psql", "plpgsql"];

fn sql_blocks(doc: &Document) -> Vec<SqlBlock> {
    doc.code_blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.fenced && SQL_LANGS.contains(&b.lang.as_str()))
        .map(|(i, b)| SqlBlock {
            block: i,
            read: sql::read_sql(doc.slice(b.content), b.content.start),
        })
        .collect()
}

impl Extracts {
    /// Every table the document's SQL creates, first definition first.
    pub fn sql_tables(&self) -> impl Iterator<Item = &sql::SqlTable> {
        self.sql.iter().flat_map(|b| &b.read.tables)
    }

    pub fn sql_table(&self, name: &str) -> Option<&sql::SqlTable> {
        self.sql_tables().find(|t| t.name == name)
    }

    pub fn sql_indexes(&self) -> impl Iterator<Item = &sql::SqlIndex> {
        self.sql.iter().flat_map(|b| &b.read.indexes)
    }
}
