//! M003 missing-section: a section the model requires for this document is absent.

use std::cell::OnceCell;

use crate::diagnostic::Diagnostic;
use crate::rules::code::{missing_cors, missing_verification_example};
use crate::rules::schema::missing_schema_section;
use crate::rules::sections::{anchor_span, insert_section, present};
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a section in the document's `sections:` whose title no heading carries. Sections with a rule of their own (schema: S001; jwt-verification: C001; cors: C005) are reported here only when that rule is satisfied some other way, so one gap is never reported twice.",
    why: "Generated sections are how the model's facts reach readers; a missing one is a fact the spec no longer tells.",
    wrong: "sections: [{ id: cors, title: Backend CORS Configuration, within: Prerequisites, render: cors }]\n\nThe spec shows a CORS example under another heading, but no \"Backend CORS Configuration\".",
    right: "### Backend CORS Configuration",
    fix: Some("Inserts the section rendered from the model (safe)."),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(entry) = ctx.entry else { return };
    // Whether each dedicated rule reports something, asked only once a section is
    // missing, and of each rule once.
    let schema = OnceCell::new();
    let verification = OnceCell::new();
    let cors = OnceCell::new();
    for spec in &entry.sections {
        if present(ctx, spec) {
            continue;
        }
        let reported = match spec.render.as_str() {
            "schema" => *schema.get_or_init(|| missing_schema_section::reports(ctx)),
            "jwt-verification" => {
                *verification.get_or_init(|| missing_verification_example::reports(ctx))
            }
            "cors" => *cors.get_or_init(|| missing_cors::reports(ctx)),
            _ => false,
        };
        if reported {
            continue;
        }
        out.push(
            Diagnostic::new(
                Rule::MissingSection,
                anchor_span(ctx, spec),
                format!("no \"{}\" section", spec.title),
            )
            .with_fix(insert_section(ctx, spec)),
        );
    }
}
