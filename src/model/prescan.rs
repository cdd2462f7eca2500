//! Checks on the model's raw text before the typed parse: what serde would accept
//! silently or take too long over.
//!
//! - Block nesting past serde_yaml's recursion limit (128) is reported as such.
//! - Flow nesting (`[[[[...`) is refused past [`MAX_FLOW_DEPTH`]: the YAML scanner
//!   slows quadratically with it (100,000 brackets took minutes), long before serde's
//!   recursion limit can say no. Block nesting needs no help: the parser is linear in
//!   it and serde refuses it at depth 128.
//! - Duplicate keys: the typed parse refuses them (`unique.rs`); after it failed, an
//!   untyped parse reports them with the mapping's path, and this finds the line of
//!   the second one.
//! - Alias bombs ("billion laughs") are stopped by serde_yaml's repetition limit
//!   in either parse, in well under a second; the untyped parse words the error.

use super::validate::Problem;

/// Deeper flow nesting than this is refused; a real model nests five or six levels.
pub(crate) const MAX_FLOW_DEPTH: usize = 64;

/// The first problem the raw text has that the typed parse would be slow over.
/// Runs before it, on every model; linear and cheap.
pub(crate) fn prescan(text: &str) -> Result<(), Problem> {
    flow_depth(text)
}

/// The first problem an untyped parse finds and words better than the typed one:
/// duplicate ids at their second definition, alias bombs, deep block nesting.
/// Runs only after the typed parse failed, so a valid model is parsed once.
pub(crate) fn untyped(text: &str) -> Result<(), Problem> {
    if let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(text) {
        let message = e.to_string();
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        if let Some(key) = duplicate_key(&message) {
            let (line, column) = second_key(text, line, column, &key).unwrap_or((line, column));
            let path = message.split(": duplicate entry").next().unwrap_or("");
            let within = if path.is_empty() || path.starts_with("duplicate") {
                String::new()
            } else {
                format!(" in {path}")
            };
            return Err(Problem {
                line,
                column,
                message: format!("duplicate id `{key}`{within}; each id is defined once"),
            });
        }
        if message.contains("repetition limit exceeded") {
            return Err(Problem {
                line,
                column,
                message: "too many alias expansions (a YAML alias bomb?); the model is refused"
                    .to_string(),
            });
        }
        if message.contains("recursion limit exceeded") {
            return Err(Problem {
                line,
                column,
                message: "nested too deeply (over 128 levels); the model is refused".to_string(),
            });
        }
        // Other syntax errors are reported by the typed parse, with its wording.
    }
    Ok(())
}

/// Refuses `[`/`{` nesting deeper than [`MAX_FLOW_DEPTH`], outside quotes and comments.
fn flow_depth(text: &str) -> Result<(), Problem> {
    // Flow collections may span lines, so the depth carries over; quotes are taken
    // to close on their line (a model's never span lines).
    let mut depth = 0usize;
    for (i, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        let mut escaped = false;
        for (col, c) in line.chars().enumerate() {
            match quote {
                Some('"') if escaped => escaped = false,
                Some('"') if c == '\\' => escaped = true,
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None => match c {
                    '#' if prev.is_whitespace() => break,
                    // A quote only opens a scalar: "Don't" holds no quote.
                    '"' | '\'' if prev.is_whitespace() || "[{,:".contains(prev) => {
                        quote = Some(c);
                    }
                    '[' | '{' => {
                        depth += 1;
                        if depth > MAX_FLOW_DEPTH {
                            return Err(Problem {
                                line: i + 1,
                                column: col + 1,
                                message: format!(
                                    "nested deeper than {MAX_FLOW_DEPTH} levels; the model is refused"
                                ),
                            });
                        }
                    }
                    ']' | '}' => depth = depth.saturating_sub(1),
                    _ => {}
                },
            }
            prev = c;
        }
    }
    Ok(())
}

/// The key of serde_yaml's "duplicate entry with key \"web\"" message.
fn duplicate_key(message: &str) -> Option<String> {
    let rest = message.split("duplicate entry with key ").nth(1)?;
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(rest[..end].to_string())
}

/// Line and column of the second `key:` at the mapping that starts at `line`/`column`.
fn second_key(text: &str, line: usize, column: usize, key: &str) -> Option<(usize, usize)> {
    let indent = column.checked_sub(1)?;
    let mut seen = 0;
    for (i, l) in text.lines().enumerate().skip(line.checked_sub(1)?) {
        let body = l.trim_start();
        let at = l.len() - body.len();
        if !body.is_empty() && !body.starts_with('#') && at < indent {
            break;
        }
        let bare = body
            .strip_prefix(key)
            .or_else(|| body.strip_prefix(&format!("\"{key}\"")))
            .or_else(|| body.strip_prefix(&format!("'{key}'")));
        if at == indent && bare.is_some_and(|r| r.trim_start().starts_with(':')) {
            seen += 1;
            if seen == 2 {
                return Some((i + 1, at + 1));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> (usize, usize, String) {
        let p = prescan(text)
            .and_then(|()| untyped(text))
            .expect_err("a problem");
        (p.line, p.column, p.message)
    }

    #[test]
    fn duplicate_ids_point_at_the_second_definition() {
        let text = "version: 1\ncomponents:\n  web:\n    name: Web\n  api: { name: API }\n  web: { name: Other }\n";
        assert_eq!(
            problem(text),
            (
                6,
                3,
                "duplicate id `web` in components; each id is defined once".to_string()
            )
        );
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_parsing() {
        let text = format!("version: 1\nx: {}", "[".repeat(100_000));
        let (line, column, message) = problem(&text);
        assert_eq!((line, column), (2, 4 + MAX_FLOW_DEPTH));
        assert!(
            message.contains("nested deeper than 64 levels"),
            "{message}"
        );
        let text = format!("version: 1\nx:\n{}", "  [\n".repeat(100_000));
        assert_eq!(problem(&text).0, 3 + MAX_FLOW_DEPTH);
    }

    #[test]
    fn brackets_in_quotes_and_comments_do_not_count() {
        let deep = "[".repeat(100);
        let text = format!("version: 1\na: \"{deep}\"\nb: '{deep}'\n# {deep}\nc: x # {deep}\n");
        assert!(prescan(&text).is_ok());
        // An apostrophe inside a word opens no quote that would hide the brackets.
        assert_eq!(problem(&format!("version: 1\nd: Don't {deep}\n")).0, 2);
    }
}
