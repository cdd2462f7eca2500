//! C008 python-syntax: a ```python block that does not parse.

use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleDoc};
use crate::span::Span;

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a ```python block that the Python parser cannot read, at its first syntax error (an unexpected or a missing token).",
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
        out.push(Diagnostic::new(
            Rule::PythonSyntax,
            span,
            format!("this Python example does not parse: {}", error.message),
        ));
    }
}
