//! S009 unknown-table: SQL creates a table the model does not know.

use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a CREATE TABLE for a table that `schema.tables` does not define.",
    why: "A table only the spec knows has no owner and no access rule: nobody is on the hook to create or migrate it. Either the model is missing it or the spec invents it.",
    wrong: "```sql\nCREATE TABLE task_tags (task_id INT, tag TEXT);\n```  (the model has no `task_tags`)",
    right: "Add `task_tags` to `schema.tables` with its owner, or remove it from the spec.",
    fix: None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(schema) = &ctx.model.schema else {
        return;
    };
    for table in ctx.extracts.tables() {
        if !schema.tables.contains_key(&table.name) {
            let known: Vec<&str> = schema.tables.keys().map(String::as_str).collect();
            out.push(Diagnostic::new(
                Rule::UnknownTable,
                table.name_span,
                format!(
                    "table `{}` is not in the model (known: {})",
                    table.name,
                    known.join(", ")
                ),
            ));
        }
    }
}
