//! A flow as a Mermaid `sequenceDiagram`.
//!
//! Steps carry their numbers in their text ("1. POST ...") rather than through
//! `autonumber`, so a Mermaid diagram and a text diagram of one flow read the same.
//! Responses (a message answering a request its receiver sent) use the dashed `-->>`.

use super::diagram::{Plan, StepKind};

/// Renders the plan; every line ends in '\n'.
pub fn draw(plan: &Plan) -> String {
    let aliases = aliases(plan);
    let mut out = String::from("sequenceDiagram\n");
    for (p, alias) in plan.participants.iter().zip(&aliases) {
        out.push_str(&format!("    participant {alias} as {}\n", escape(&p.name)));
    }
    for step in &plan.steps {
        let label = escape(&step.label());
        match &step.kind {
            StepKind::Message { from, to, response } => {
                let arrow = if *response { "-->>" } else { "->>" };
                out.push_str(&format!(
                    "    {}{arrow}{}: {label}\n",
                    aliases[*from], aliases[*to]
                ));
            }
            StepKind::Note { at, via } => {
                let via = via
                    .as_deref()
                    .map(|v| format!(" ({})", escape(v)))
                    .unwrap_or_default();
                out.push_str(&format!("    Note over {}: {label}{via}\n", aliases[*at]));
            }
        }
    }
    out
}

/// Participant ids Mermaid accepts: the model id with anything but letters, digits
/// and `_` turned into `_` (a `-` would read as the start of an arrow), made unique.
fn aliases(plan: &Plan) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in &plan.participants {
        let mut alias: String =
            p.id.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
        if !alias.starts_with(|c: char| c.is_ascii_alphabetic()) {
            alias.insert_str(0, "p_");
        }
        let base = alias.clone();
        let mut k = 2;
        while out.contains(&alias) {
            alias = format!("{base}_{k}");
            k += 1;
        }
        out.push(alias);
    }
    out
}

/// Mermaid reads `;` as a line break and `#` as the start of an entity code: both
/// are written as entity codes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' => out.push_str("#35;"),
            ';' => out.push_str("#59;"),
            c => out.push(c),
        }
    }
    out
}
