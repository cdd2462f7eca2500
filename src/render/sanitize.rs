//! Text from specs reaches terminals and CI logs: control characters (ANSI escape
//! sequences among them) must never reach them raw.

/// Replaces every control character except tab and newline with a visible
/// placeholder of the same byte length, so byte spans stay valid.
pub fn for_terminal(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_hostile) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_hostile(c) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// One line of text for a message: control characters and line breaks replaced.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || is_bidi_control(c) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// What must not reach a terminal raw: control characters (C0, DEL, C1: the ANSI
/// escapes and CSI among them) except tab and newline, and the bidirectional
/// overrides that make text display in another order than it reads.
pub fn is_hostile(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_defused_without_moving_bytes() {
        let text = "a\u{1b}[2Jb\r\n\u{85}c\td";
        let clean = for_terminal(text);
        assert_eq!(clean.len(), text.len());
        assert_eq!(clean, "a?[2Jb?\n??c\td");
        assert_eq!(one_line("x\ny\u{1b}"), "x y ");
        assert_eq!(for_terminal("a\u{202e}b"), "a???b");
    }
}
