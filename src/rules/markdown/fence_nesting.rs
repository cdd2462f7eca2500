//! M002 fence-nesting: a code fence that closes earlier than the text shows it
//! should, or never closes.

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::encoding::fences::fence_of;
use crate::encoding::{FenceProblemKind, fence_problems};
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a ```` fence whose block ends before the text shows it should (an inner ``` fence is still open, or the quoted section visibly goes on after it), and any fence that never closes.",
    why: "Markdown renders everything after a broken fence wrongly: a quoted section spills into the document as real headings, or the rest of the document becomes one code block, and every rule reading sections or code reads the wrong thing.",
    wrong: "````markdown\n## Database Schema\n```sql\nCREATE TABLE t (id INT);\n```\n````\n\n**Purpose**: ...   (the quoted section goes on after the fence closed)",
    right: "````markdown\n## Database Schema\n```sql\nCREATE TABLE t (id INT);\n```\n\n**Purpose**: ...\n````",
    fix: None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if !may_be_broken(ctx.doc) {
        return;
    }
    for problem in fence_problems(&ctx.doc.text) {
        let message = match &problem.kind {
            FenceProblemKind::ClosesEarly { opened_at } => format!(
                "this fence closes the block opened on line {} too early: the text after it still belongs to the quoted block",
                ctx.doc.line_col(opened_at.start).line
            ),
            FenceProblemKind::NeverCloses => {
                "this code fence is never closed: the rest of the document is read as code"
                    .to_string()
            }
        };
        out.push(Diagnostic::new(Rule::FenceNesting, problem.span, message));
    }
}

/// Whether [`fence_problems`] could find anything, judged from the blocks the
/// document parse already found: a problem needs a fence that never closes or an
/// outer fence of four or more characters. Most documents have neither, and are
/// spared a second Markdown parse.
fn may_be_broken(doc: &Document) -> bool {
    doc.code_blocks.iter().filter(|b| b.fenced).any(|b| {
        let rest = &doc.text[b.span.start..];
        let line = rest.split('\n').next().unwrap_or(rest);
        !b.closed || fence_of(line).is_none_or(|(_, len)| len != 3)
    })
}
