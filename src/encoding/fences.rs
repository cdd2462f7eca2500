//! M002 (in progress).
use serde::Serialize;

use crate::span::Span;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FenceProblem {
    pub span: Span,
    pub kind: FenceProblemKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum FenceProblemKind {
    ClosesEarly { opened_at: Span },
    NeverCloses,
}

pub fn fence_problems(_text: &str) -> Vec<FenceProblem> {
    Vec::new()
}
