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
