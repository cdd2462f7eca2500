//! C008 python-syntax: a ```python block that does not parse.
//!
//! The block is read as its author means it (see `extract::python`): prompts,
//! list-item indentation, elisions and excerpts are not errors, and a block that is
//! not Python (SQL, an HTTP request, a traceback) is not read as Python. What is
//! still wrong is an error in a block captioned as a file (`**File**: app/auth.py`:
//! the reader will save it and run it) and a warning in any other block, which
//! shows an idea rather than a file.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleDoc};
use crate::span::Span;

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a ```python block that the Python parser cannot read, at its first syntax error (an unexpected or a missing token), once the block is read as its author means it: REPL prompts and output, the indentation of a list item, elisions (`...` for arguments, parameters or a body; a body of comments) and excerpts (an `except` without its `try`, a signature without its body, a template placeholder) are accepted. An error in a block captioned as a file (`**File**: app/auth.py`); a warning in any other block.",
    why: "Readers copy code examples as they are; code that does not parse fails at the first import. The code rules also read Python through the parser and do not guess at what broken code meant, so a block that does not parse is checked only as far as it parses.",
    wrong: "```python\ndef verify(token:\n    return jwt.decode(token, key, algorithms=[\"HS256\"])\n```",
    right: "```python\ndef verify(token):\n    return jwt.decode(token, key, algorithms=[\"HS256\"])\n```",
    fix: None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for read in &ctx.extracts.python {
        let Some(error) = &read.error else { continue };
        // Point at the error's first line: an error node can run to the block's end.
        let span = ctx
            .doc
            .lines_in(error.span)
            .next()
            .map_or(error.span, |(_, line)| {
                Span::new(
                    error.span.start,
                    error.span.end.min(line.end).max(error.span.start),
                )
            });
        let file = ctx
            .extracts
            .code
            .iter()
            .find(|c| c.block == read.block)
            .is_some_and(|c| c.file.is_some());
        let severity = if file {
            Severity::Error
        } else {
            Severity::Warning
        };
        out.push(
            Diagnostic::new(
                Rule::PythonSyntax,
                span,
                format!("this Python example does not parse: {}", error.message),
            )
            .with_severity(severity),
        );
    }
}
