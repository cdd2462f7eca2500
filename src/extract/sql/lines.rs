//! Line/column to byte-offset conversion for one piece of SQL text.
//!
//! sqlparser reports locations as 1-based lines and 1-based columns that count
//! characters (not bytes); only `\n` starts a new line, so a `\r` before it is an
//! ordinary column. speclint keeps byte offsets, so every location goes through here.

/// Byte offsets of the line starts of one text, built once so that each lookup costs
/// at most one line's length (and nothing at all on ASCII-only lines).
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset where each line starts; line `n` (1-based) starts at `starts[n - 1]`.
    starts: Vec<usize>,
    /// Whether each line is pure ASCII, where a column is a byte count.
    ascii: Vec<bool>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        let mut ascii = Vec::new();
        let mut line_ascii = true;
        for (i, b) in text.bytes().enumerate() {
            line_ascii &= b.is_ascii();
            if b == b'\n' {
                starts.push(i + 1);
                ascii.push(line_ascii);
                line_ascii = true;
            }
        }
        ascii.push(line_ascii);
        LineIndex {
            text,
            starts,
            ascii,
        }
    }

    /// The byte offset of 1-based `line` and character `column`, on a char boundary.
    ///
    /// `None` for sqlparser's "unknown" location (line or column 0) and for lines past
    /// the end. A column past the end of its line is clamped to the start of the next
    /// line (or the end of the text): locations just after a line's last token are
    /// legitimate token ends.
    pub(crate) fn offset(&self, line: u64, column: u64) -> Option<usize> {
        if line == 0 || column == 0 {
            return None;
        }
        let index = usize::try_from(line - 1).ok()?;
        let start = *self.starts.get(index)?;
        let end = self
            .starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text.len());
        let chars = usize::try_from(column - 1).unwrap_or(usize::MAX);
        if self.ascii.get(index).copied().unwrap_or(false) {
            return Some(start.saturating_add(chars).min(end));
        }
        let line_text = self.text.get(start..end)?;
        Some(
            line_text
                .char_indices()
                .nth(chars)
                .map_or(end, |(i, _)| start + i),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    #[test]
    fn ascii_lines_count_bytes() {
        let text = "ab\ncd\n";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(1, 1), Some(0));
        assert_eq!(index.offset(1, 2), Some(1));
        assert_eq!(index.offset(2, 1), Some(3));
        assert_eq!(index.offset(2, 2), Some(4));
        assert_eq!(
            index.offset(3, 1),
            Some(6),
            "the empty line after the last newline"
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        // 'é' is 2 bytes, '日' 3 bytes, '🦀' 4 bytes.
        let text = "é日🦀x\ny";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(1, 1), Some(0));
        assert_eq!(index.offset(1, 2), Some(2));
        assert_eq!(index.offset(1, 3), Some(5));
        assert_eq!(index.offset(1, 4), Some(9));
        assert_eq!(&text[9..10], "x");
        assert_eq!(index.offset(2, 1), Some(11));
    }

    #[test]
    fn crlf_counts_the_carriage_return_as_a_column() {
        let text = "a;\r\nbc";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(1, 3), Some(2), "the \\r is column 3 of line 1");
        assert_eq!(index.offset(2, 1), Some(4));
        assert_eq!(index.offset(2, 2), Some(5));
    }

    #[test]
    fn out_of_range_columns_clamp_and_unknown_locations_are_none() {
        let text = "ab\nc";
        let index = LineIndex::new(text);
        assert_eq!(
            index.offset(1, 99),
            Some(3),
            "clamped to the next line's start"
        );
        assert_eq!(
            index.offset(2, 99),
            Some(4),
            "clamped to the end of the text"
        );
        assert_eq!(index.offset(3, 1), None);
        assert_eq!(index.offset(0, 0), None);
        assert_eq!(index.offset(1, 0), None);
        assert_eq!(index.offset(u64::MAX, u64::MAX), None);
        let multibyte = LineIndex::new("日本");
        assert_eq!(multibyte.offset(1, 99), Some(6));
        assert_eq!(multibyte.offset(1, u64::MAX), Some(6));
    }

    #[test]
    fn empty_text_has_one_line() {
        let index = LineIndex::new("");
        assert_eq!(index.offset(1, 1), Some(0));
        assert_eq!(index.offset(2, 1), None);
    }
}
