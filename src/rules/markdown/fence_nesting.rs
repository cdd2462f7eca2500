//! M002 fence-nesting: a code fence that closes earlier than the text shows it
//! should, or never closes.

use crate::diagnostic::Diagnostic;
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
