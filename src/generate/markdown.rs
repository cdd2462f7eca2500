//! Markdown building blocks shared by the section generators: headings, fenced
//! blocks, aligned tables, and the one rule of spacing (one blank line between
//! blocks, exactly one '\n' at the end).

use super::GenerateError;
use super::text::width;

/// A Markdown document assembled block by block.
#[derive(Debug, Default)]
pub struct Doc {
    blocks: Vec<String>,
}

impl Doc {
    pub fn new() -> Self {
        Doc::default()
    }

    /// `## Title` at `level`.
    pub fn heading(&mut self, level: u8, title: &str) {
        let title = super::text::clean(title);
        self.blocks
            .push(format!("{} {title}", "#".repeat(usize::from(level))));
    }

    /// A paragraph (or any block written as is); lines are kept.
    pub fn para(&mut self, text: &str) {
        self.blocks.push(text.trim_end_matches('\n').to_string());
    }

    /// Lines that belong together in one paragraph, each but the last ending in a
    /// Markdown hard break (two spaces).
    pub fn lines(&mut self, lines: &[String]) {
        if !lines.is_empty() {
            self.blocks.push(lines.join("  \n"));
        }
    }

    /// A bulleted list.
    pub fn bullets(&mut self, items: &[String]) {
        let list: Vec<String> = items.iter().map(|i| format!("- {i}")).collect();
        if !list.is_empty() {
            self.blocks.push(list.join("\n"));
        }
    }

    /// A fenced code block; `body` ends in '\n'. The fence is longer than any run of
    /// backticks inside, so the block always closes where it should.
    pub fn fenced(&mut self, info: &str, body: &str) {
        let fence = "`".repeat(longest_backtick_run(body).max(2) + 1);
        let body = body.trim_end_matches('\n');
        self.blocks.push(format!("{fence}{info}\n{body}\n{fence}"));
    }

    /// A table with every column padded to its widest cell.
    pub fn table(&mut self, header: &[String], rows: &[Vec<String>]) {
        let cols = header.len();
        let mut widths: Vec<usize> = header.iter().map(|h| width(h).max(3)).collect();
        for row in rows {
            for (i, cell) in row.iter().enumerate().take(cols) {
                widths[i] = widths[i].max(width(cell));
            }
        }
        let line = |cells: &[String]| {
            let padded: Vec<String> = (0..cols)
                .map(|i| {
                    let cell = cells.get(i).map_or("", String::as_str);
                    format!("{cell}{}", " ".repeat(widths[i] - width(cell)))
                })
                .collect();
            format!("| {} |", padded.join(" | "))
        };
        let mut out = vec![line(header)];
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        out.push(format!("| {} |", rule.join(" | ")));
        out.extend(rows.iter().map(|r| line(r)));
        self.blocks.push(out.join("\n"));
    }

    /// The document, blocks separated by one blank line, ending in one '\n'.
    pub fn finish(self) -> String {
        let mut out = self.blocks.join("\n\n");
        out.push('\n');
        out
    }
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// Refuses a heading level when the section would need levels past 6: `depth` is how
/// many levels below `level` it uses.
pub fn check_levels(level: u8, depth: u8) -> Result<(), GenerateError> {
    let deepest = level.saturating_add(depth);
    if level == 0 || deepest > 6 {
        return Err(GenerateError::HeadingLevel { level, deepest });
    }
    Ok(())
}

/// Text inside inline code: backticks around it, more when it holds some.
pub fn code(text: &str) -> String {
    let run = longest_backtick_run(text);
    if run == 0 {
        return format!("`{text}`");
    }
    let fence = "`".repeat(run + 1);
    format!("{fence} {text} {fence}")
}
