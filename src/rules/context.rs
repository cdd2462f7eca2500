//! What a rule sees: one document, what was extracted from it, and the model.

use crate::document::Document;
use crate::extract::Extracts;
use crate::generate::Rendered;
use crate::model::{DocumentEntry, Model, Names};

pub struct Context<'a> {
    /// The path as shown in output.
    pub path: &'a str,
    pub doc: &'a Document,
    pub extracts: &'a Extracts,
    pub model: &'a Model,
    pub names: &'a Names,
    /// The model's entry for this document, when it lists it.
    pub entry: Option<&'a DocumentEntry>,
    /// Fix texts generated so far in this run.
    pub rendered: &'a Rendered,
}
