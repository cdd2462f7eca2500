//! Byte offsets → 1-based lines and character columns, for renderers only.

/// Where each line starts, so that an offset finds its line by binary search.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// A 1-based line and a 1-based column counted in characters (not bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        // Sized exactly: a growing vector would hold up to twice the starts.
        let mut starts = Vec::with_capacity(1 + memchr::memchr_iter(b'\n', bytes).count());
        starts.push(0);
        push_line_starts(bytes, &mut starts);
        LineIndex { starts }
    }

    /// The 0-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts
            .get(line)
            .copied()
            .unwrap_or_else(|| self.starts.last().copied().unwrap_or(0))
    }

    /// Byte range of 0-based `line` without its line ending.
    pub fn line_span(&self, text: &str, line: usize) -> crate::span::Span {
        let start = self.line_start(line);
        let mut end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |&next| next - 1);
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        crate::span::Span::new(start, end.max(start))
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line and character column of `offset` (clamped into `text`, and
    /// moved back to a character boundary).
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = crate::span::floor_char_boundary(text, offset);
        let line = self.line_of(offset);
        let start = self.line_start(line).min(offset);
        LineCol {
            line: line + 1,
            column: text[start..offset].chars().count() + 1,
        }
    }
}

/// Appends the offset after each line feed. Lines are short, so the search starts
/// once per line: memchr's AVX2 searcher is called directly where the processor
/// has it, without the choice of implementation its general entry point makes on
/// every call.
fn push_line_starts(bytes: &[u8], starts: &mut Vec<usize>) {
    #[cfg(target_arch = "x86_64")]
    if let Some(newline) = memchr::arch::x86_64::avx2::memchr::One::new(b'\n') {
        starts.extend(newline.iter(bytes).map(|i| i + 1));
        return;
    }
    starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "ab\n│x│y\r\nlast";
        let ix = LineIndex::new(text);
        assert_eq!(ix.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(ix.line_col(text, 3), LineCol { line: 2, column: 1 });
        let y = text.find('y').unwrap();
        assert_eq!(ix.line_col(text, y), LineCol { line: 2, column: 4 });
        assert_eq!(
            ix.line_col(text, text.len()),
            LineCol { line: 3, column: 5 }
        );
        assert_eq!(&text[ix.line_span(text, 1).range()], "│x│y");
        // An offset inside a character is moved back to its start.
        assert_eq!(ix.line_col(text, 4), LineCol { line: 2, column: 1 });
    }

    proptest::proptest! {
        /// Every line start is found, however long the lines (the vector search
        /// works in blocks of 32 bytes).
        #[test]
        fn lines_start_after_every_line_feed(text in "([a\r]{0,40}\n){0,12}[a]{0,70}") {
            let ix = LineIndex::new(&text);
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1))
                .collect();
            proptest::prop_assert_eq!(&ix.starts, &starts);
            proptest::prop_assert_eq!(ix.starts.capacity(), starts.len());
        }
    }
}
