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
    for key in keys {
        let hit = lines.iter().enumerate().skip(from).find_map(|(i, line)| {
            let body = line.trim_start_matches([' ', '-']);
            let indent = line.len() - body.len();
            let is_key = body.starts_with(key) && body[key.len()..].trim_start().starts_with(':');
            (indent >= min_indent && is_key).then_some((i, indent))
        });
        if let Some((i, indent)) = hit {
            found = (i + 1, indent + 1);
            from = i;
            min_indent = indent + 1;
        }
    }
    if let Some(needle) = needle {
        for (i, line) in lines.iter().enumerate().skip(from) {
            if let Some(col) = find_word(line, needle) {
                return (i + 1, line[..col].chars().count() + 1);
            }
        }
    }
    found
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
}
