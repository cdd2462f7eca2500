//! Code blocks a document quotes as mistakes: a change request's "Current
//! (INCORRECT)", "❌ WRONG" or "Before" examples show what is wrong on purpose, and are
//! not the spec's claims.

use super::Document;

/// The longest label (in chars) read as a block's label: longer text is prose.
const LABEL_MAX: usize = 80;

impl Document {
    /// The label written right before code block `block`: the paragraph that ends
    /// right above it (a bold line such as `**Current (INCORRECT):**`), else the
    /// heading of its section when nothing stands between the two. Emphasis marks and
    /// heading marks removed, trimmed.
    pub fn block_label(&self, block: usize) -> Option<String> {
        let b = self.code_blocks.get(block)?;
        let start = b.span.start;
        let between = |end: usize| {
            self.text
                .get(end..start)
                .is_some_and(|t| t.trim().is_empty())
        };
        let i = self.paragraphs.partition_point(|p| p.span.end <= start);
        let raw = match i.checked_sub(1).and_then(|k| self.paragraphs.get(k)) {
            Some(p) if between(p.span.end) => self.slice(p.span),
            _ => {
                let s = self.sections.get(self.section_at(start)?)?;
                if !between(s.heading.end) {
                    return None;
                }
                self.slice(s.heading)
            }
        };
        let label: String = raw
            .chars()
            .filter(|c| !matches!(c, '*' | '_' | '#' | '`'))
            .collect();
        let label = label.trim();
        (!label.is_empty() && label.chars().count() <= LABEL_MAX).then(|| label.to_string())
    }

    /// True when code block `block` is quoted as a mistake: its label (see
    /// [`Document::block_label`]) says so — "INCORRECT", "WRONG" written in capitals
    /// or as the label's point ("Wrong:", "Wrong approach"), "❌", a short "Before" /
    /// "Don't" label, or "Anti-pattern". Rules of every family skip such blocks.
    pub fn quoted_mistake(&self, block: usize) -> bool {
        self.block_label(block)
            .is_some_and(|l| is_mistake_label(&l))
    }
}

/// Whether a block's label marks it as a quoted mistake.
fn is_mistake_label(label: &str) -> bool {
    if label.contains('❌') || label.contains('✗') {
        return true;
    }
    let words: Vec<&str> = label
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let short = words.len() <= 2;
    let first = lower.first().map(String::as_str);
    lower.iter().any(|w| w == "incorrect")
        || words.contains(&"WRONG")
        || (short && lower.iter().any(|w| w == "wrong"))
        || (short && matches!(first, Some("before" | "don't" | "dont" | "avoid")))
        || lower
            .iter()
            .any(|w| w == "anti-pattern" || w == "antipattern")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<bool> {
        let doc = Document::parse(text);
        (0..doc.code_blocks.len())
            .map(|i| doc.quoted_mistake(i))
            .collect()
    }

    #[test]
    fn labels_that_quote_a_mistake() {
        let text = "# Change\n\n**Current (INCORRECT)**:\n\n```\na\n```\n\n**Replace With**:\n\n```\nb\n```\n\n### Before\n\n```sql\nc\n```\n\n### After\n\n```sql\nd\n```\n\n❌ WRONG: tokens in local storage\n\n```ts\ne\n```\n";
        assert_eq!(quoted(text), [true, false, true, false, true]);
    }

    #[test]
    fn labels_that_only_mention_a_word_do_not() {
        let text = "# Errors\n\n### Wrong password response\n\n```json\n{}\n```\n\nBefore deploying, run the migration below, which creates the tables we need.\n\n```sql\nx\n```\n\nSome prose.\n\nMore prose after a gap.\n\n```\ny\n```\n";
        assert_eq!(quoted(text), [false, false, false]);
    }

    #[test]
    fn the_label_is_the_paragraph_right_above_or_the_heading() {
        let doc = Document::parse("## Sign-in (WRONG)\n\n```\na\n```\n\ntext\n\n```\nb\n```\n");
        assert_eq!(doc.block_label(0).as_deref(), Some("Sign-in (WRONG)"));
        assert_eq!(doc.block_label(1).as_deref(), Some("text"));
        assert_eq!(doc.block_label(5), None);
    }
}
