//! Document → what rules compare with the model: sequence diagrams, SQL, the
//! responsibility matrix and ownership claims, code examples.
//!
//! Extraction runs once per document and the result is shared by every rule.

pub mod code;
pub mod sql;
pub mod ownership;

use crate::document::Document;
use crate::model::{Model, Names};

pub use code::CodeExample;
pub use ownership::{MatrixRow, OwnershipClaim};

/// Everything extracted from one document.
#[derive(Clone, Debug, Default)]
pub struct Extracts {
    pub matrix: Vec<MatrixRow>,
    pub claims: Vec<OwnershipClaim>,
    pub code: Vec<CodeExample>,
}

impl Extracts {
    pub fn build(doc: &Document, model: &Model, names: &Names) -> Self {
        let _ = model;
        Extracts {
            matrix: ownership::matrix_rows(doc),
            claims: ownership::claims(doc),
            code: code::examples(doc, names),
        }
    }
}
