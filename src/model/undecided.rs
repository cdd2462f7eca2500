//! Entries of the model that a person has yet to decide.
//!
//! `speclint init` drafts what the specs show and leaves what they cannot tell
//! undecided, in two ways this module recognises:
//!
//! - a token whose `created_by` or `verified_by` is empty (who creates it, who
//!   verifies it: the lines that make the gate);
//! - a line carrying a `# DECIDE` comment (`# DECIDE: keep only who creates it`).
//!   The comment is the draft's mark, and deleting it is how a person says the
//!   line is decided. A YAML comment is invisible to the loader, so this reads the
//!   model's text.
//!
//! Only this module knows what such a mark looks like; rule M005 reports each one.

use super::Model;
use super::locate::locate;

/// One undecided entry: where it is in the model's text and what to decide.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undecided {
    /// Byte range in the model's text: the entry's line, without indentation and
    /// without the comment.
    pub start: usize,
    pub end: usize,
    pub message: String,
}

/// Every undecided entry of `model`, read from `text`, in the order of the text.
pub fn undecided_entries(text: &str, model: &Model) -> Vec<Undecided> {
    let starts = line_starts(text);
    let mut found: Vec<(usize, Undecided)> = Vec::new();
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let Some(hash) = decide_comment(line) else {
            continue;
        };
        let note = line[hash + 1..]
            .trim()
            .trim_start_matches("DECIDE")
            .trim_start_matches(':')
            .trim();
        let (from, to) = entry_range(line, hash);
        let shown = line[from..to].trim_end();
        // A comment on a line of its own says it all.
        let what = if line[..hash].trim().is_empty() {
            ""
        } else {
            shown
        };
        let message = match (what.is_empty(), note.is_empty()) {
            (true, true) => "undecided (marked DECIDE)".to_string(),
            (true, false) => format!("undecided: {note}"),
            (false, true) => format!("`{what}` is undecided"),
            (false, false) => format!("`{what}` is undecided: {note}"),
        };
        found.push((
            i + 1,
            Undecided {
                start: starts[i] + from,
                end: starts[i] + from + shown.len().max(1).min(line.len() - from),
                message: format!("{message} (delete the `# DECIDE` comment once decided)"),
            },
        ));
    }
    for (id, token) in &model.tokens {
        for (key, list, duty) in [
            ("created_by", &token.created_by, "creates"),
            ("verified_by", &token.verified_by, "verifies"),
        ] {
            if !list.is_empty() {
                continue;
            }
            let (line, column) = locate(text, &["tokens", id, key], None);
            // A line already marked DECIDE is reported once.
            if found.iter().any(|(l, _)| *l == line) {
                continue;
            }
            let Some(&line_start) = starts.get(line - 1) else {
                continue;
            };
            let body = text[line_start..].lines().next().unwrap_or_default();
            let from = body
                .char_indices()
                .nth(column - 1)
                .map_or(body.len(), |(b, _)| b);
            let to = body.find(" #").unwrap_or(body.len());
            let end = line_start + to.max(from);
            found.push((
                line,
                Undecided {
                    start: line_start + from,
                    end: end.max(line_start + from + 1).min(text.len()),
                    message: format!(
                        "token `{id}` has no `{key}`: decide which component {duty} {}",
                        token.name
                    ),
                },
            ));
        }
    }
    found.sort_by_key(|(line, u)| (*line, u.start));
    found.into_iter().map(|(_, u)| u).collect()
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    starts
}

/// The byte offset of the `#` of a `# DECIDE` comment on `line`: a `#` at the
/// start or after whitespace, outside quotes, followed by `DECIDE`.
fn decide_comment(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(b'"') if b == b'\\' => i += 1,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'#' && (i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t') => {
                return line[i + 1..]
                    .trim_start()
                    .starts_with("DECIDE")
                    .then_some(i);
            }
            None => {}
        }
        i += 1;
    }
    None
}

/// The entry a comment at `hash` is about: the line's content before it (without
/// indentation or a list dash), or the comment itself on a line of its own.
fn entry_range(line: &str, hash: usize) -> (usize, usize) {
    let before = &line[..hash];
    let content = before.trim_start_matches([' ', '\t']);
    let from = before.len() - content.len();
    if content.trim().is_empty() {
        let end = line.trim_end().len();
        (hash, end)
    } else {
        (from, from + content.trim_end().len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_model;
    use std::path::Path;

    const DRAFT: &str = "version: 1
components:
  web: { name: Web }
  api: { name: API }
tokens:
  jwt:
    name: JWT
    created_by: [web, api]  # DECIDE: keep only who creates it
    verified_by: []
  session:
    name: \"Session # DECIDE not a comment\"
    created_by: [web]
    verified_by: [api]
# DECIDE: two specs define `tasks` differently
";

    #[test]
    fn finds_decide_comments_and_empty_token_lists() {
        let model = parse_model(DRAFT, Path::new("m.yaml")).unwrap();
        let found = undecided_entries(DRAFT, &model);
        let shown: Vec<(&str, &str)> = found
            .iter()
            .map(|u| (&DRAFT[u.start..u.end], u.message.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "created_by: [web, api]",
                    "`created_by: [web, api]` is undecided: keep only who creates it (delete the `# DECIDE` comment once decided)"
                ),
                (
                    "verified_by: []",
                    "token `jwt` has no `verified_by`: decide which component verifies JWT"
                ),
                (
                    "# DECIDE: two specs define `tasks` differently",
                    "undecided: two specs define `tasks` differently (delete the `# DECIDE` comment once decided)"
                ),
            ]
        );
    }

    #[test]
    fn a_decided_model_has_nothing_undecided() {
        let decided = DRAFT
            .replace("  # DECIDE: keep only who creates it", "")
            .replace("verified_by: []", "verified_by: [api]")
            .replace("# DECIDE: two specs define `tasks` differently\n", "");
        let model = parse_model(&decided, Path::new("m.yaml")).unwrap();
        assert_eq!(undecided_entries(&decided, &model), []);
    }

    #[test]
    fn a_list_left_out_is_located_at_its_token() {
        let text = "version: 1\ncomponents:\n  web: { name: Web }\ntokens:\n  jwt: { name: JWT, created_by: [web] }\n";
        let model = parse_model(text, Path::new("m.yaml")).unwrap();
        let found = undecided_entries(text, &model);
        assert_eq!(found.len(), 1);
        assert!(text[found[0].start..].starts_with("jwt:"), "{found:?}");
    }
}
