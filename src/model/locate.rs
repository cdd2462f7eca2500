//! Finding where a value sits in the model's YAML text.
//!
//! serde gives no positions for values that parsed fine but mean something wrong (an
//! id that names nothing). We find them again in the text: follow the chain of keys by
//! indentation, then look for the offending word. Good enough to point a person at the
//! right line; never used for anything but error locations.

/// 1-based line and column of `needle` (a whole word) under the key path `keys`, or of
/// the last key found when the needle is not there.
pub(crate) fn locate(text: &str, keys: &[&str], needle: Option<&str>) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let mut from = 0;
    let mut min_indent = 0;
    let mut found = (1, 1);
    // The lines of the subtree under the last key found: the needle is looked for
    // there only, so a word written elsewhere first (the same column name in another
    // table) is not taken for it.
    let mut end = lines.len();
    for key in keys {
        let hit = lines
            .iter()
            .enumerate()
            .take(end)
            .skip(from)
            .find_map(|(i, line)| {
                let body = line.trim_start_matches([' ', '-']);
                let indent = line.len() - body.len();
                (indent >= min_indent && is_key(body, key)).then_some((i, indent))
            });
        if let Some((i, indent)) = hit {
            found = (i + 1, indent + 1);
            from = i;
            min_indent = indent + 1;
            end = subtree_end(&lines, i, indent);
        }
    }
    if let Some(needle) = needle {
        for (i, line) in lines.iter().enumerate().take(end).skip(from) {
            if let Some(col) = find_word(line, needle) {
                return (i + 1, line[..col].chars().count() + 1);
            }
        }
    }
    found
}

/// Whether a line's text (indentation and list dashes removed) opens `key`, written
/// plain or double-quoted (as `speclint init` writes table names).
fn is_key(body: &str, key: &str) -> bool {
    let rest = if let Some(quoted) = body.strip_prefix('"') {
        quoted.strip_prefix(key).and_then(|r| r.strip_prefix('"'))
    } else {
        body.strip_prefix(key)
    };
    rest.is_some_and(|r| r.trim_start().starts_with(':'))
}

/// The line after the last one of the block a key at line `at`, indented `indent`,
/// opens: lines indented deeper, blank lines and comments belong to it.
fn subtree_end(lines: &[&str], at: usize, indent: usize) -> usize {
    let mut end = at + 1;
    for (i, line) in lines.iter().enumerate().skip(at + 1) {
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let deeper = line.len() - body.len() > indent
            // A list under a key may sit at the key's own indentation.
            || (line.len() - body.len() == indent && body.starts_with("- ") && !lines[at].trim_start().starts_with("- "));
        if !deeper {
            break;
        }
        end = i + 1;
    }
    end
}

/// Byte offset of `word` in `line` where it is not part of a longer identifier.
fn find_word(line: &str, word: &str) -> Option<usize> {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    line.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = line[..i].chars().next_back().is_none_or(|c| !is_ident(c));
        let after = line[i + word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !is_ident(c));
        before && after
    })
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn follows_keys_then_finds_the_word() {
        let text = "version: 1\nflows:\n  signin:\n    steps:\n      - { from: browser, to: fronted, say: x }\n";
        assert_eq!(locate(text, &["flows", "signin"], Some("fronted")), (5, 30));
        assert_eq!(locate(text, &["flows", "signin"], None), (3, 3));
    }

    #[test]
    fn a_word_inside_a_longer_one_does_not_count() {
        let text = "tokens:\n  jwt:\n    created_by: [frontends, frontend]\n";
        assert_eq!(locate(text, &["tokens", "jwt"], Some("frontend")), (3, 29));
    }

    #[test]
    fn a_word_is_looked_for_under_its_own_key_only() {
        let text = "schema:\n  tables:\n    \"tasks\":\n      columns:\n        - { name: user_id }\n    \"messages\":\n      columns:\n        - { name: id }\n      indexes:\n        - { name: ix, columns: [user_id] }\n";
        assert_eq!(
            locate(
                text,
                &["schema", "tables", "messages", "indexes"],
                Some("user_id")
            ),
            (10, 33)
        );
        // Not under the key: the key itself, not the word elsewhere.
        assert_eq!(
            locate(text, &["schema", "tables", "messages"], Some("nope")),
            (6, 5)
        );
    }
}
