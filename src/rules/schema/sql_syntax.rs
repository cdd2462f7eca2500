//! S006 sql-syntax: a ```sql block that does not parse.

use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a ```sql block that does not parse as PostgreSQL, pointing inside the block.",
    why: "Readers copy schema examples into migrations. SQL that does not parse fails there, and every other schema rule can only read what parses.",
    wrong: "```sql\nCREATE TABLE tasks (\n  id SERIAL PRIMARY KEY\n  title TEXT\n);\n```",
    right: "```sql\nCREATE TABLE tasks (\n  id SERIAL PRIMARY KEY,\n  title TEXT\n);\n```",
    fix: None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for block in &ctx.extracts.sql {
        if let Some(err) = &block.read.error {
            out.push(Diagnostic::new(
                Rule::SqlSyntax,
                err.span,
                format!("this SQL does not parse: {}", err.message),
            ));
        }
    }
}
