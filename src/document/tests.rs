use super::*;

const SPEC: &str = "# Title\n\nIntro **bold** `code`.\n\n## 1. Prerequisites\n\nText\n\n### Sub\n\n```sql title\nCREATE TABLE t (id INT);\n```\n\n## `tasks` table (Backend Managed)\n\n| Table | Created By |\n|---|---|\n| `user` | Better Auth |\n\n- [x] Done item\n- [ ] Open `item`\n  - nested\n\n<!-- speclint-disable D001 -->\n\n````\nunclosed\n";

#[test]
fn sections_nest_and_end_at_the_next_peer() {
    let doc = Document::parse(SPEC);
    let titles: Vec<_> = doc
        .sections
        .iter()
        .map(|s| (s.level, s.title.as_str(), s.parent))
        .collect();
    assert_eq!(
        titles,
        vec![
            (1, "Title", None),
            (2, "1. Prerequisites", Some(0)),
            (3, "Sub", Some(1)),
            (2, "tasks table (Backend Managed)", Some(0)),
        ]
    );
    let pre = &doc.sections[1];
    assert_eq!(
        doc.slice(pre.span).lines().next(),
        Some("## 1. Prerequisites")
    );
    assert!(doc.slice(pre.span).ends_with("```\n\n"));
    assert_eq!(pre.own_end, doc.sections[2].heading.start);
    assert_eq!(doc.find_section("prerequisites"), Some(1));
    assert_eq!(doc.find_section("TASKS table (backend managed)"), Some(3));
}

#[test]
fn code_blocks_have_content_spans() {
    let doc = Document::parse(SPEC);
    let sql = &doc.code_blocks[0];
    assert_eq!(sql.lang, "sql");
    assert_eq!(sql.info, "sql title");
    assert_eq!(doc.slice(sql.content), "CREATE TABLE t (id INT);\n");
    assert!(sql.closed);
    assert_eq!(sql.section, Some(2));
    let open = &doc.code_blocks[1];
    assert!(!open.closed);
    assert_eq!(doc.slice(open.content), "unclosed\n");
}

#[test]
fn tables_tasks_comments() {
    let doc = Document::parse(SPEC);
    let t = &doc.tables[0];
    assert_eq!(
        t.header.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
        ["Table", "Created By"]
    );
    assert_eq!(t.rows[0].cells[0].text, "user");
    assert_eq!(doc.slice(t.rows[0].cells[0].span).trim(), "`user`");
    let tasks: Vec<_> = doc
        .tasks
        .iter()
        .map(|t| (t.checked, t.text.as_str(), doc.slice(t.marker)))
        .collect();
    assert_eq!(
        tasks,
        vec![(true, "Done item", "[x]"), (false, "Open item", "[ ]")]
    );
    assert_eq!(doc.comments.len(), 1);
    assert_eq!(doc.comments[0].body, "speclint-disable D001");
    assert_eq!(doc.paragraphs[0].text, "Intro bold code.");
}

#[test]
fn heading_keys_ignore_numbers_and_code_marks() {
    assert_eq!(heading_key("2. `Database`  Schema"), "database schema");
    assert_eq!(heading_key("Database Schema"), "database schema");
    assert_eq!(heading_key("1) Step"), "step");
    assert_eq!(heading_key("2FA setup"), "2fa setup");
}

#[test]
fn crlf_and_bom_keep_spans_exact() {
    let text = "\u{feff}# A\r\n\r\n```\r\nx\r\n```\r\n";
    let doc = Document::parse(text);
    assert_eq!(doc.sections[0].title, "A");
    assert_eq!(doc.slice(doc.code_blocks[0].content), "x\r\n");
}

/// Each element's section is the innermost one holding its start, as
/// [`Document::section_at`] finds it.
fn assert_sections_found(doc: &Document) {
    let starts = (doc.code_blocks.iter().map(|b| (b.section, b.span.start)))
        .chain(doc.tables.iter().map(|t| (t.section, t.span.start)))
        .chain(doc.tasks.iter().map(|t| (t.section, t.span.start)))
        .chain(doc.paragraphs.iter().map(|p| (p.section, p.span.start)));
    for (section, start) in starts {
        assert_eq!(section, doc.section_at(start), "at {start}");
    }
}

/// The chunked parse of a large text must be the whole parse, to the byte: each
/// text is parsed whole and in chunks as short as possible (every usable heading
/// starts a chunk) and a few longer.
fn assert_chunks_agree(text: &str) {
    let doc = Document::parse(text);
    assert_sections_found(&doc);
    let whole = format!("{doc:?}");
    for chunk_len in [1, 40, 300, 4096] {
        let chunked = format!("{:?}", parse::parse_chunked(text.to_string(), chunk_len));
        assert_eq!(
            whole, chunked,
            "chunks of {chunk_len} bytes differ on:\n{text}"
        );
    }
}

#[test]
fn chunked_parse_is_the_whole_parse_on_every_fixture_and_spec() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seen = 0;
    for dir in ["fixtures", "specs"] {
        for entry in walkdir::WalkDir::new(root.join(dir)) {
            let entry = entry.expect("readable folder");
            if entry.path().extension().is_some_and(|e| e == "md") {
                let bytes = std::fs::read(entry.path()).expect("readable file");
                assert_chunks_agree(&String::from_utf8_lossy(&bytes));
                seen += 1;
            }
        }
    }
    assert!(seen > 20, "only {seen} Markdown files found");
}

#[test]
fn chunked_parse_does_not_split_blocks_a_heading_cannot_end() {
    for text in [
        // A fence left open swallows every heading after it.
        "# A\n\ntext\n\n```\ncode\n\n# not a heading\n\n## nor this\n",
        // A fence closed further on, with headings inside.
        "# A\n\n~~~python\nx = 1\n\n# comment\n\n~~~\n\n# B\n\nend\n",
        // HTML blocks that run to their end marker, not to a blank line.
        "# A\n\n<!--\n\n# inside a comment\n\n-->\n\n# B\n",
        "# A\n\n<pre>\n\n# inside pre\n\n</pre>\n\n# B\n",
        "# A\n\n<!-- never closed\n\n# inside\n\n# still inside\n",
        // Blocks a heading does end.
        "# A\n\n- item\n\n  more\n\n# B\n\n> quote\n\n# C\n\n| a |\n|---|\n| 1 |\n\n# D\n",
        "# A\n\n- ```\n  code in an item\n\n# B\n\n    indented\n\n# C\n",
        // Not headings: no space after the marks, or seven marks.
        "# A\n\n#tag\n\n####### seven\n\n# B\n",
        // Headings at the very start and end, and empty ones.
        "#\n\n#\n\n# \n",
        // CRLF line ends and a byte-order mark.
        "\u{feff}# A\r\n\r\ntext\r\n\r\n# B\r\n\r\n```\r\n\r\n# in code\r\n",
    ] {
        assert_chunks_agree(text);
    }
}

#[test]
fn link_reference_definitions_turn_chunking_off() {
    // `[x]` is a link only because of a definition in another part of the text.
    let text = "# A\n\nsee [x]\n\n# B\n\n[x]: https://example.com\n";
    assert!(super::events::may_define_links(text));
    assert_chunks_agree(text);
    assert!(!super::events::may_define_links(
        "# A\n\n```python\nitem[\"owner\"]: int\n```\n"
    ));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    /// Any sequence of blocks, joined by one or two line ends, parses the same whole
    /// and in chunks.
    #[test]
    fn chunked_parse_agrees_on_any_block_sequence(
        blocks in proptest::collection::vec(proptest::sample::select(vec![
            "# H", "## Sub heading", "###### six", "#no", "text *em* `code`",
            "- [ ] task", "- [x] done\n  - nested", "1. one\n2. two", "> quote", "> ```\n> q",
            "```", "```sql\nSELECT 1;", "~~~", "````\n```\n````", "    indented",
            "<!-- c -->", "<!--", "-->", "<div>", "</div>", "<pre>", "</pre>",
            "| a | b |\n|---|---|\n| 1 | 2 |", "---", "Setext\n===", "\t# tab",
            "[r]: /u", "[r]", "<?php", "?>", "<![CDATA[", "]]>",
        ]), 0..24),
        seps in proptest::collection::vec(proptest::sample::select(vec!["\n", "\n\n", "\n\n\n"]), 24),
        crlf in proptest::bool::ANY,
    ) {
        let mut text = String::new();
        for (block, sep) in blocks.iter().zip(&seps) {
            text.push_str(block);
            text.push_str(sep);
        }
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        assert_chunks_agree(&text);
    }
}

#[test]
fn squashed_text_is_recognised_exactly() {
    for s in [
        "",
        "a",
        "a b",
        "a  b",
        " a",
        "a ",
        "a\tb",
        "a\nb",
        "a\u{a0}b",
        "é b",
        "a\u{2003}b",
        "a\x0bb",
        "a\x1fb",
    ] {
        assert_eq!(
            inline::is_squashed(s),
            inline::squash(s) == s && s.is_ascii(),
            "{s:?}"
        );
    }
}

/// [`heading_key`] as it was first written: what the faster one must give.
fn heading_key_reference(title: &str) -> String {
    let title = title.replace('`', "");
    let mut rest = title.trim_start();
    let numbered = rest.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ')'));
    if let Some(end) = numbered {
        let prefix = &rest[..end];
        if end > 0
            && prefix.starts_with(|c: char| c.is_ascii_digit())
            && rest[end..].starts_with(' ')
        {
            rest = &rest[end..];
        }
    }
    crate::model::names::fold(rest)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    /// Keys are what the plain definition gives, and a section is found by any
    /// title with its key, plain or not.
    #[test]
    fn sections_are_found_by_their_keys(
        titles in proptest::collection::vec("[0-9]{0,2}[.)]?[ \t]{0,2}[A-Za-zé`\u{212a} ]{0,12}", 1..6),
        query in "[0-9]{0,2}[.)]?[ \t]{0,2}[A-Za-zé`\u{212a} ]{0,12}",
    ) {
        let text: String = titles.iter().map(|t| format!("## {t}\n\n")).collect();
        let doc = Document::parse(text);
        let queries = titles.iter().chain(doc.sections.iter().map(|s| &s.title)).chain([&query]);
        for q in queries {
            proptest::prop_assert_eq!(heading_key(q), heading_key_reference(q));
            let expected = doc
                .sections
                .iter()
                .position(|s| heading_key_reference(&s.title) == heading_key_reference(q));
            proptest::prop_assert_eq!(doc.find_section(q), expected, "{:?}", q);
        }
    }
}

/// [`inline::is_squashed`] as it is defined, byte by byte.
fn squashed_byte_by_byte(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut after_space = false;
    for &b in bytes {
        match b {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            0x09..=0x0d | 0x80.. => return false,
            _ => after_space = false,
        }
    }
    true
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]

    /// The word and block checks agree with the byte-by-byte definition at every
    /// length and position, around each word and block boundary.
    #[test]
    fn squashed_text_is_recognised_at_every_length(
        s in "[ab \t\n\x0b\x0c\r\x08\x0e\x1f\x7fé]{0,60}",
        plain in "[a-z ]{0,60}",
    ) {
        for text in [s.as_str(), plain.as_str()] {
            proptest::prop_assert_eq!(inline::is_squashed(text), squashed_byte_by_byte(text), "{:?}", text);
            proptest::prop_assert_eq!(inline::is_squashed(text), inline::squash(text) == text && text.is_ascii());
        }
    }
}
