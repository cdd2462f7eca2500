//! M003 missing-section: a section the model requires for this document is absent.

use crate::diagnostic::Diagnostic;
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
    // What the dedicated rules report, found only once a section is missing.
    let mut dedicated: Option<Vec<Diagnostic>> = None;
    for spec in &entry.sections {
        if present(ctx, spec) {
            continue;
        }
        let dedicated = dedicated.get_or_insert_with(|| {
            let mut found = Vec::new();
            super::super::schema::missing_schema_section::check(ctx, &mut found);
            super::super::code::missing_verification_example::check(ctx, &mut found);
            super::super::code::missing_cors::check(ctx, &mut found);
            found
        });
        let owner = match spec.render.as_str() {
            "schema" => Some(Rule::MissingSchemaSection),
            "jwt-verification" => Some(Rule::MissingVerificationExample),
            "cors" => Some(Rule::MissingCors),
            _ => None,
        };
        if owner.is_some_and(|rule| dedicated.iter().any(|d| d.rule == rule)) {
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
