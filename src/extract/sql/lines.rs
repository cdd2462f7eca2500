//! Line/column to byte-offset conversion for one piece of SQL text.
//!
//! sqlparser reports locations as 1-based lines and 1-based columns that count
//! characters (not bytes); only `\n` starts a new line, so a `\r` before it is an
//! ordinary column. speclint keeps byte offsets, so every location goes through here.

/// Characters between two recorded byte offsets on a non-ASCII line.
const STRIDE: usize = 64;

/// Byte offsets of the line starts of one text, built once in a single pass so that
/// each lookup costs at most [`STRIDE`] characters of scanning, however long the line:
/// a block may well be one very long line.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    lines: Vec<Line>,
    /// Byte offsets of every [`STRIDE`]th character of the non-ASCII lines, each line's
    /// run starting at [`Line::marks`].
    marks: Vec<usize>,
}

struct Line {
    start: usize,
    /// Pure ASCII: a column is a byte count and `marks` is unused.
    ascii: bool,
    /// Index in `LineIndex::marks` of the offset of this line's character 0.
    marks: usize,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut lines = vec![Line {
            start: 0,
            ascii: true,
            marks: 0,
        }];
        let mut marks = Vec::new();
        let mut column = 0usize;
        for (i, c) in text.char_indices() {
            if column % STRIDE == 0 {
                marks.push(i);
            }
            column += 1;
            if let Some(line) = lines.last_mut() {
                line.ascii &= c.is_ascii();
            }
            if c == '\n' {
                // An ASCII line needs no marks: give them back.
                if let Some(line) = lines.last().filter(|l| l.ascii) {
                    marks.truncate(line.marks);
                }
                lines.push(Line {
                    start: i + 1,
                    ascii: true,
                    marks: marks.len(),
                });
                column = 0;
            }
        }
        LineIndex { text, lines, marks }
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
        let info = self.lines.get(index)?;
        let end = self
            .lines
            .get(index + 1)
            .map_or(self.text.len(), |l| l.start);
        let chars = usize::try_from(column - 1).unwrap_or(usize::MAX);
        if info.ascii {
            return Some(info.start.saturating_add(chars).min(end));
        }
        let next_marks = self
            .lines
            .get(index + 1)
            .map_or(self.marks.len(), |l| l.marks);
        let mark = info.marks.saturating_add(chars / STRIDE);
        let Some(&from) = self.marks.get(mark).filter(|_| mark < next_marks) else {
            return Some(end);
        };
        let rest = self.text.get(from..end)?;
        Some(
            rest.char_indices()
                .nth(chars % STRIDE)
                .map_or(end, |(i, _)| from + i),
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
    fn long_multibyte_lines_agree_with_a_plain_character_count() {
        let line: String = (0..500)
            .map(|i| if i % 3 == 0 { 'é' } else { 'a' })
            .collect();
        let text = format!("x\n{line}\n日{line}🦀\n");
        let index = LineIndex::new(&text);
        for (number, content) in text.split('\n').enumerate() {
            let start = text
                .lines()
                .take(number)
                .map(|l| l.len() + 1)
                .sum::<usize>();
            let mut expected: Vec<usize> = content.char_indices().map(|(i, _)| start + i).collect();
            expected.push(start + content.len());
            for (column, want) in expected.iter().enumerate() {
                let got = index.offset(number as u64 + 1, column as u64 + 1);
                assert_eq!(
                    got,
                    Some(*want),
                    "line {} column {}",
                    number + 1,
                    column + 1
                );
            }
        }
    }

    #[test]
    fn empty_text_has_one_line() {
        let index = LineIndex::new("");
        assert_eq!(index.offset(1, 1), Some(0));
        assert_eq!(index.offset(2, 1), None);
    }
}
