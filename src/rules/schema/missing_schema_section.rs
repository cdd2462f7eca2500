//! S001 missing-schema-section: a document the model gives tables has no schema
//! section.

use crate::diagnostic::Diagnostic;
use crate::model::SectionSpec;
use crate::rules::sections::{anchor_span, insert_section, present};
use crate::rules::{Context, Rule, RuleDoc};
use crate::span::Span;

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a document whose model entry lists `tables:` but which has no schema section: no heading with the title of its `render: schema` section (or, without one, no heading about a schema and no CREATE TABLE).",
    why: "Tables are shared between components. Without a schema section readers cannot tell which tables exist, who creates them and who may write to them.",
    wrong: "documents: [{ path: spec.md, tables: [user, tasks], sections: [{ id: db, title: Database Schema, render: schema, after: Setup }] }]\n\nspec.md has no \"Database Schema\" heading.",
    right: "## Database Schema\n\n#### 1. `user` table (Better Auth Managed)\n...",
    fix: Some(
        "Inserts the schema section rendered from the model where the section's `after:`/`within:` says (safe).",
    ),
};

/// What S001 finds missing.
enum Gap<'a> {
    /// The entry's `render: schema` section, absent.
    Section(&'a SectionSpec),
    /// No such section in the entry, no heading about a schema and no CREATE TABLE.
    Schema,
}

fn gap<'a>(ctx: &Context<'a>) -> Option<(Gap<'a>, usize)> {
    let entry = ctx.entry?;
    if entry.tables.is_empty() {
        return None;
    }
    let tables = entry.tables.len();
    match entry.sections.iter().find(|s| s.render == "schema") {
        Some(spec) => (!present(ctx, spec)).then_some((Gap::Section(spec), tables)),
        None => {
            let has_heading = ctx
                .doc
                .sections
                .iter()
                .any(|s| s.title.to_lowercase().contains("schema"));
            let missing = !has_heading && ctx.extracts.tables().next().is_none();
            missing.then_some((Gap::Schema, tables))
        }
    }
}

/// Whether [`check`] reports anything, without building its finding and fix.
pub(crate) fn reports(ctx: &Context) -> bool {
    gap(ctx).is_some()
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some((gap, tables)) = gap(ctx) else {
        return;
    };
    match gap {
        Gap::Section(spec) => {
            out.push(
                Diagnostic::new(
                    Rule::MissingSchemaSection,
                    anchor_span(ctx, spec),
                    format!(
                        "no \"{}\" section: the model gives this document {tables} tables",
                        spec.title,
                    ),
                )
                .with_fix(insert_section(ctx, spec)),
            );
        }
        Gap::Schema => {
            let at = ctx
                .doc
                .sections
                .first()
                .map_or(Span::empty(0), |s| s.heading);
            out.push(Diagnostic::new(
                Rule::MissingSchemaSection,
                at,
                format!("no schema section: the model gives this document {tables} tables"),
            ));
        }
    }
}
