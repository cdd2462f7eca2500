//! Code examples: fenced blocks in a programming language, each attributed to the
//! component whose code it shows (from its file caption, else the modules it imports,
//! else its section headings).

use crate::document::Document;
use crate::extract::python::PythonRead;
use crate::extract::script::{Kind, Script};
use crate::model::Names;
use crate::span::Span;

/// Info strings that mark prose, drawings or data rather than code.
const NOT_CODE: &[&str] = &[
    "",
    "text",
    "txt",
    "ascii",
    "plain",
    "plaintext",
    "mermaid",
    "markdown",
    "md",
    "diff",
];

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CodeExample {
    /// Index into `Document::code_blocks`.
    pub block: usize,
    pub lang: String,
    /// The component whose code this is, when the spec says.
    pub component: Option<String>,
    /// "**File**: `backend/middleware/auth.py`" just above the block.
    pub file: Option<String>,
    pub content: Span,
}

/// `python` and `scripts` are the document's parsed Python and lexed scripts: what a
/// block imports names its component (`fastapi` → the component aliased FastAPI).
pub fn examples(
    doc: &Document,
    names: &Names,
    python: &[PythonRead],
    scripts: &[Script],
) -> Vec<CodeExample> {
    let mut out = Vec::new();
    // The component each section's title names, read once per section: blocks of a
    // section share its ancestors.
    let mut titles: Vec<Option<Option<&str>>> = vec![None; doc.sections.len()];
    for (i, block) in doc.code_blocks.iter().enumerate() {
        if !block.fenced || NOT_CODE.contains(&block.lang.as_str()) || doc.quoted_mistake(i) {
            continue;
        }
        let file = caption(doc, block.span.start);
        let from_file = file.as_deref().and_then(|f| {
            f.split(['/', '\\'])
                .filter(|s| !s.is_empty())
                .find_map(|seg| names.component(seg))
        });
        let from_sections = || {
            let mut at = block.section;
            while let Some(s) = at {
                let named = *titles[s].get_or_insert_with(|| {
                    names
                        .components_in(&doc.sections[s].title)
                        .first()
                        .map(|(id, _)| *id)
                });
                if let Some(id) = named {
                    return Some(id.to_string());
                }
                at = doc.sections[s].parent;
            }
            None
        };
        let from_imports = || imported_component(i, names, python, scripts);
        let component = from_file
            .map(str::to_string)
            .or_else(from_imports)
            .or_else(from_sections);
        out.push(CodeExample {
            block: i,
            lang: block.lang.clone(),
            component,
            file,
            content: block.content,
        });
    }
    out
}

/// The one component the modules a block imports name (none when they name two).
fn imported_component(
    block: usize,
    names: &Names,
    python: &[PythonRead],
    scripts: &[Script],
) -> Option<String> {
    let modules: Vec<&str> = if let Some(p) = python.iter().find(|p| p.block == block) {
        p.top_modules().collect()
    } else if let Some(s) = scripts.iter().find(|s| s.block == block) {
        // `import x from "module"`, `require("module")`, Go's `import "module"`.
        s.lexemes
            .windows(2)
            .filter(|w| {
                w[1].kind == Kind::Str
                    && matches!(w[0].text.as_str(), "from" | "import" | "(")
                    && !w[1].text.starts_with('.')
            })
            .map(|w| w[1].text.as_str())
            .collect()
    } else {
        Vec::new()
    };
    let mut found: Option<&str> = None;
    for module in modules {
        let Some(id) = names.component(module) else {
            continue;
        };
        match found {
            Some(other) if other != id => return None,
            _ => found = Some(id),
        }
    }
    found.map(str::to_string)
}

/// The file path of a "File: `path`" paragraph that ends right before `offset`.
pub(crate) fn caption(doc: &Document, offset: usize) -> Option<String> {
    let i = doc.paragraphs.partition_point(|p| p.span.end <= offset);
    let p = doc.paragraphs.get(i.checked_sub(1)?)?;
    if !doc.text.get(p.span.end..offset)?.trim().is_empty() {
        return None;
    }
    let raw = doc.slice(p.span);
    if !starts_as_caption(raw) {
        return None;
    }
    let plain = raw.replace(['*', '_'], "");
    let rest = plain
        .trim()
        .strip_prefix("File")?
        .trim_start()
        .strip_prefix(':')?;
    let path = rest.trim().trim_matches('`').split_whitespace().next()?;
    Some(path.trim_matches('`').to_string())
}

/// Whether `raw`, emphasis marks aside, starts "File" then a colon after nothing
/// but spaces: what [`caption`] reads, checked in place, since nearly every
/// paragraph before a code block is not a caption.
fn starts_as_caption(raw: &str) -> bool {
    let mut chars = raw
        .chars()
        .filter(|c| !matches!(c, '*' | '_'))
        .skip_while(|c| c.is_whitespace());
    "File".chars().all(|want| chars.next() == Some(want))
        && chars.find(|c| !c.is_whitespace()).is_some_and(|c| c == ':')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Component, Model};

    #[test]
    fn attribution_from_caption_then_sections() {
        let mut model = Model {
            version: 1,
            ..Model::default()
        };
        model.components.insert(
            "backend".into(),
            Component {
                name: "FastAPI Backend".into(),
                aliases: vec!["Backend".into()],
                libraries: vec![],
            },
        );
        model.components.insert(
            "frontend".into(),
            Component {
                name: "Next.js".into(),
                aliases: vec![],
                libraries: vec!["Better Auth".into()],
            },
        );
        let names = Names::new(&model);
        let doc = Document::parse(
            "## Backend JWT Verification\n\n**File**: `backend/middleware/auth.py`\n\n```python\nimport jwt\n```\n\n### Better Auth setup\n\n```ts\nexport const auth = 1\n```\n\n```text\nnot code\n```\n",
        );
        let python = crate::extract::Extracts::build(&doc, &model, &names, &[]).python;
        let ex = examples(&doc, &names, &python, &[]);
        assert_eq!(ex.len(), 2);
        assert_eq!(ex[0].file.as_deref(), Some("backend/middleware/auth.py"));
        assert_eq!(ex[0].component.as_deref(), Some("backend"));
        assert_eq!(ex[1].component.as_deref(), Some("frontend"));
        assert_eq!(ex[1].file, None);
    }

    #[test]
    fn attribution_from_imports_before_sections() {
        let mut model = Model {
            version: 1,
            ..Model::default()
        };
        for (id, name, alias) in [
            ("backend", "FastAPI Backend", "FastAPI"),
            ("frontend", "Next.js", "Better Auth"),
        ] {
            model.components.insert(
                id.into(),
                Component {
                    name: name.into(),
                    aliases: vec![alias.into()],
                    libraries: vec![],
                },
            );
        }
        let names = Names::new(&model);
        let doc = Document::parse(
            "## Next.js notes\n\n```python\nfrom fastapi import FastAPI\nimport jwt\n```\n\n```ts\nimport { betterAuth } from \"better-auth\";\n```\n\n```python\nimport os\n```\n",
        );
        let ex = crate::extract::Extracts::build(&doc, &model, &names, &[]).code;
        assert_eq!(ex[0].component.as_deref(), Some("backend"));
        assert_eq!(ex[1].component.as_deref(), Some("frontend"));
        assert_eq!(
            ex[2].component.as_deref(),
            Some("frontend"),
            "from the section"
        );
    }

    proptest::proptest! {
        #[test]
        fn caption_test_in_place_agrees_with_a_copy(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "File", "file", "FILE", "Fi", "le", "**", "_", ":", " ", "\t", "\n",
                    "\u{a0}", "`a.py`", "x", "é",
                ]),
                0..8,
            ),
        ) {
            let raw = parts.concat();
            let plain = raw.replace(['*', '_'], "");
            let copy = plain
                .trim()
                .strip_prefix("File")
                .and_then(|r| r.trim_start().strip_prefix(':'))
                .is_some();
            proptest::prop_assert_eq!(starts_as_caption(&raw), copy);
        }
    }
}
