//! The SQL reader against the seed spec's blocks, syntax errors, fixtures, random
//! input and a large block.

use speclint::extract::sql::{SqlColumn, SqlRead, read_sql};
use speclint::span::Span;

/// A block placed inside a Markdown file, so spans are checked as file offsets.
struct Block {
    file: String,
    base: usize,
}

impl Block {
    fn new(content: &str) -> Self {
        let prefix = "# Spec\n\n```sql\n";
        Block {
            file: format!("{prefix}{content}```\n"),
            base: prefix.len(),
        }
    }

    fn content(&self) -> &str {
        &self.file[self.base..self.file.len() - 4]
    }

    fn read(&self) -> SqlRead {
        read_sql(self.content(), self.base)
    }

    fn text(&self, span: Span) -> &str {
        &self.file[span.range()]
    }
}

fn column<'a>(columns: &'a [SqlColumn], name: &str) -> &'a SqlColumn {
    columns
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// (type, not_null, primary_key, unique, default) of a column.
fn shape(c: &SqlColumn) -> (&str, bool, bool, bool, Option<&str>) {
    (
        &c.data_type,
        c.not_null,
        c.primary_key,
        c.unique,
        c.default.as_deref(),
    )
}

#[test]
fn seed_user_table() {
    let block = Block::new(include_str!("../fixtures/sql/seed_1_user.sql"));
    let read = block.read();
    assert_eq!(read.error, None);
    assert!(read.indexes.is_empty());
    let [table] = read.tables.as_slice() else {
        panic!("one table: {read:?}")
    };
    assert_eq!(table.name, "user");
    assert_eq!(block.text(table.name_span), "\"user\"");
    assert!(
        block
            .text(table.span)
            .starts_with("CREATE TABLE \"user\" (")
    );
    assert!(block.text(table.span).ends_with("DEFAULT NOW()\n)"));
    let names: Vec<_> = table.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "id",
            "email",
            "name",
            "password_hash",
            "created_at",
            "updated_at"
        ]
    );
    let c = &table.columns;
    assert_eq!(shape(column(c, "id")), ("VARCHAR", true, true, false, None));
    assert_eq!(
        shape(column(c, "email")),
        ("VARCHAR(255)", true, false, true, None)
    );
    assert_eq!(
        shape(column(c, "name")),
        ("VARCHAR(255)", false, false, false, None)
    );
    assert_eq!(
        shape(column(c, "password_hash")),
        ("VARCHAR(255)", true, false, false, None)
    );
    assert_eq!(
        shape(column(c, "created_at")),
        ("TIMESTAMP", false, false, false, Some("NOW()"))
    );
    assert_eq!(
        shape(column(c, "updated_at")),
        ("TIMESTAMP", false, false, false, Some("NOW()"))
    );
    // Column spans cover the definition, not the trailing comma or comment.
    assert_eq!(block.text(column(c, "id").span), "id VARCHAR PRIMARY KEY");
    assert_eq!(
        block.text(column(c, "email").span),
        "email VARCHAR(255) UNIQUE NOT NULL"
    );
    assert_eq!(
        block.text(column(c, "updated_at").span),
        "updated_at TIMESTAMP DEFAULT NOW()"
    );
    assert_eq!(table.primary_key, ["id"]);
    assert_eq!(table.unique_keys, [vec!["email".to_string()]]);
    assert!(table.foreign_keys.is_empty());
}

#[test]
fn seed_session_table_has_its_table_level_foreign_key() {
    let block = Block::new(include_str!("../fixtures/sql/seed_2_session.sql"));
    let read = block.read();
    assert_eq!(read.error, None);
    let [table] = read.tables.as_slice() else {
        panic!("one table: {read:?}")
    };
    assert_eq!(table.name, "session");
    assert_eq!(block.text(table.name_span), "\"session\"");
    let c = &table.columns;
    assert_eq!(c.len(), 4, "the FOREIGN KEY line is no column");
    assert_eq!(shape(column(c, "id")), ("VARCHAR", true, true, false, None));
    assert_eq!(
        shape(column(c, "user_id")),
        ("VARCHAR", true, false, false, None)
    );
    assert_eq!(
        shape(column(c, "expires_at")),
        ("TIMESTAMP", true, false, false, None)
    );
    assert_eq!(
        shape(column(c, "created_at")),
        ("TIMESTAMP", false, false, false, Some("NOW()"))
    );
    let [fk] = table.foreign_keys.as_slice() else {
        panic!("one foreign key")
    };
    assert_eq!(fk.columns, ["user_id"]);
    assert_eq!(fk.references, "user");
    assert_eq!(fk.ref_columns, ["id"]);
    assert_eq!(fk.on_delete.as_deref(), Some("cascade"));
    assert_eq!(fk.on_update, None);
    assert_eq!(
        block.text(fk.span),
        "FOREIGN KEY (user_id) REFERENCES \"user\"(id) ON DELETE CASCADE"
    );
}

#[test]
fn seed_comment_only_block_reads_empty_without_error() {
    let block = Block::new(include_str!("../fixtures/sql/seed_3_account_comments.sql"));
    assert_eq!(block.read(), SqlRead::default());
    assert_eq!(read_sql("", 0), SqlRead::default());
    assert_eq!(read_sql("  \n ; ;\n/* x */", 5), SqlRead::default());
}

#[test]
fn seed_tasks_table_and_its_indexes() {
    let block = Block::new(include_str!("../fixtures/sql/seed_4_tasks.sql"));
    let read = block.read();
    assert_eq!(read.error, None);
    let [table] = read.tables.as_slice() else {
        panic!("one table: {read:?}")
    };
    assert_eq!(table.name, "tasks");
    assert_eq!(block.text(table.name_span), "tasks");
    let c = &table.columns;
    assert_eq!(c.len(), 7);
    assert_eq!(shape(column(c, "id")), ("SERIAL", true, true, false, None));
    assert_eq!(
        shape(column(c, "user_id")),
        ("VARCHAR", true, false, false, None)
    );
    assert_eq!(
        shape(column(c, "title")),
        ("VARCHAR(200)", true, false, false, None)
    );
    assert_eq!(
        shape(column(c, "description")),
        ("TEXT", false, false, false, None)
    );
    assert_eq!(
        shape(column(c, "completed")),
        ("BOOLEAN", false, false, false, Some("FALSE"))
    );
    assert_eq!(
        block.text(column(c, "description").span),
        "description TEXT"
    );
    let [fk] = table.foreign_keys.as_slice() else {
        panic!("one foreign key")
    };
    assert_eq!(
        (
            fk.columns.as_slice(),
            fk.references.as_str(),
            fk.ref_columns.as_slice()
        ),
        (
            &["user_id".to_string()][..],
            "user",
            &["id".to_string()][..]
        )
    );
    assert_eq!(fk.on_delete.as_deref(), Some("cascade"));

    let [by_user, by_completed] = read.indexes.as_slice() else {
        panic!("two indexes")
    };
    assert_eq!(by_user.name, "idx_tasks_user_id");
    assert_eq!(by_user.table, "tasks");
    assert_eq!(by_user.columns, ["user_id"]);
    assert!(!by_user.unique);
    assert_eq!(
        block.text(by_user.span),
        "CREATE INDEX idx_tasks_user_id ON tasks(user_id)"
    );
    assert_eq!(by_completed.name, "idx_tasks_completed");
    assert_eq!(by_completed.columns, ["completed"]);
    assert_eq!(
        block.text(by_completed.span),
        "CREATE INDEX idx_tasks_completed ON tasks(completed)"
    );
}

// ---------------------------------------------------------------------------
// Syntax errors: the span must sit on the offending token, as a file offset.

/// The message and the exact text under the error span.
fn error_of(content: &str) -> (String, String) {
    let block = Block::new(content);
    let read = block.read();
    let error = read
        .error
        .unwrap_or_else(|| panic!("no error for {content:?}"));
    assert!(!error.span.is_empty());
    (error.message, block.text(error.span).to_string())
}

#[test]
fn missing_comma_points_at_the_next_column_name() {
    let (message, text) = error_of("CREATE TABLE t (\n  id INT PRIMARY KEY\n  name TEXT\n);\n");
    assert_eq!(
        message,
        "Expected: ',' or ')' after column definition, found: name"
    );
    assert_eq!(text, "name");
}

#[test]
fn unknown_keyword_points_at_the_keyword() {
    let (message, text) = error_of("-- typo\nCREAT TABLE t (id INT);\n");
    assert_eq!(message, "Expected: an SQL statement, found: CREAT");
    assert_eq!(text, "CREAT");
    let (message, text) = error_of("CREATE TABLE a (id INT);\nCREATE TABEL b (id INT);\n");
    assert_eq!(
        message,
        "Expected: an object type after CREATE, found: TABEL"
    );
    assert_eq!(text, "TABEL");
}

#[test]
fn unclosed_parenthesis_points_at_the_open_parenthesis() {
    let content = "CREATE TABLE t (\n  id INT,\n  tags TEXT DEFAULT lower('x')\n";
    let block = Block::new(content);
    let error = block.read().error.expect("an error");
    assert_eq!(block.text(error.span), "(");
    // The list's own `(` is the one left open, not the inner, closed ones.
    assert_eq!(
        error.span.start,
        block.base + content.find(" (").expect("paren") + 1
    );
    assert!(error.message.ends_with("found: EOF"), "{}", error.message);
}

#[test]
fn statement_cut_short_points_at_its_last_token() {
    let (message, text) = error_of("CREATE TABLE t (id INT);\nCREATE TABLE;\n");
    assert_eq!(message, "Expected: identifier, found: EOF");
    assert_eq!(text, "TABLE");
}

#[test]
fn unterminated_string_points_at_the_rest_of_its_line() {
    let (message, text) = error_of("CREATE TABLE notes (body TEXT DEFAULT 'never closed);\nx\n");
    assert_eq!(message, "Unterminated string literal");
    assert_eq!(text, "'never closed);");
}

#[test]
fn error_spans_count_characters_after_multibyte_text_and_crlf() {
    let (_, text) = error_of(
        "-- Größe 🦀\r\nCREATE TABLE \"é\" (\r\n  \"ß\" INT PRIMARY KEY\r\n  ü TEXT\r\n);\r\n",
    );
    assert_eq!(text, "ü");
}

#[test]
fn only_the_first_error_is_kept_and_good_statements_still_read() {
    let block = Block::new(include_str!("../fixtures/sql/mixed_good_bad.sql"));
    let read = block.read();
    let names: Vec<_> = read.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["good_one", "good_two"]);
    assert_eq!(read.indexes.len(), 1);
    let error = read.error.expect("an error");
    assert_eq!(
        block.text(error.span),
        "name",
        "the first bad statement's culprit"
    );
}

#[test]
fn valid_statements_that_are_not_read_give_no_error() {
    let read = Block::new(include_str!("../fixtures/sql/other_statements.sql")).read();
    assert_eq!(read.error, None);
    assert_eq!(read.tables.len(), 1);
}

#[test]
fn crlf_content_reads_like_lf_content() {
    let lf = "CREATE TABLE t (\n  id INT PRIMARY KEY,\n  name TEXT NOT NULL\n);\nCREATE INDEX i ON t (name);\n";
    let crlf = lf.replace('\n', "\r\n");
    let block = Block::new(&crlf);
    let read = block.read();
    assert_eq!(read.error, None);
    let table = &read.tables[0];
    assert_eq!(block.text(table.columns[1].span), "name TEXT NOT NULL");
    assert_eq!(
        block.text(table.span),
        "CREATE TABLE t (\r\n  id INT PRIMARY KEY,\r\n  name TEXT NOT NULL\r\n)"
    );
    assert_eq!(
        block.text(read.indexes[0].span),
        "CREATE INDEX i ON t (name)"
    );
    let plain = Block::new(lf).read();
    assert_eq!(table.columns.len(), plain.tables[0].columns.len());
    assert_eq!(
        table.columns[1].data_type,
        plain.tables[0].columns[1].data_type
    );
}

// ---------------------------------------------------------------------------
// Fixtures: one snapshot per `fixtures/sql/*.sql`, rendered with the text under
// every span so a reviewer can check spans by reading.

fn render(block: &Block) -> String {
    use std::fmt::Write;
    let read = block.read();
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    for t in &read.tables {
        line(format!(
            "table {} (name {:?})",
            t.name,
            block.text(t.name_span)
        ));
        line(format!("  span: {:?}", block.text(t.span)));
        line(format!(
            "  primary_key: {:?}  unique_keys: {:?}",
            t.primary_key, t.unique_keys
        ));
        for c in &t.columns {
            let mut flags = String::new();
            for (on, name) in [
                (c.not_null, "not_null"),
                (c.primary_key, "primary_key"),
                (c.unique, "unique"),
            ] {
                if on {
                    let _ = write!(flags, " {name}");
                }
            }
            if let Some(d) = &c.default {
                let _ = write!(flags, " default={d}");
            }
            line(format!(
                "  column {} {}{flags}: {:?}",
                c.name,
                c.data_type,
                block.text(c.span)
            ));
        }
        for fk in &t.foreign_keys {
            line(format!(
                "  foreign key ({}) -> {}({}) on delete {} on update {}: {:?}",
                fk.columns.join(", "),
                fk.references,
                fk.ref_columns.join(", "),
                fk.on_delete.as_deref().unwrap_or("-"),
                fk.on_update.as_deref().unwrap_or("-"),
                block.text(fk.span)
            ));
        }
    }
    for i in &read.indexes {
        line(format!(
            "{}index {:?} on {} ({}): {:?}",
            if i.unique { "unique " } else { "" },
            i.name,
            i.table,
            i.columns.join(", "),
            block.text(i.span)
        ));
    }
    if let Some(e) = &read.error {
        line(format!("error {:?} at {:?}", e.message, block.text(e.span)));
    }
    if out.is_empty() {
        out.push_str("(nothing)\n");
    }
    out
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures/sql", "*.sql", |path| {
        let content = std::fs::read_to_string(path).expect("fixture readable");
        if path.ends_with("crlf.sql") {
            assert!(
                content.contains("\r\n"),
                "crlf.sql lost its CRLF line endings"
            );
        }
        insta::assert_snapshot!(render(&Block::new(&content)));
    });
}

// ---------------------------------------------------------------------------
// Robustness and size.

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_reads_without_panic_and_spans_stay_inside(
        content in "(?s).{0,200}",
        base in 0usize..10_000,
    ) {
        check_spans(&content, base);
    }

    #[test]
    fn sql_like_text_reads_without_panic_and_spans_stay_inside(
        parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just("CREATE TABLE ".to_string()),
                proptest::strategy::Just("CREATE INDEX i ON ".to_string()),
                proptest::strategy::Just("ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES u(b) ".to_string()),
                proptest::strategy::Just("\"é\" ".to_string()),
                proptest::strategy::Just("t (a INT PRIMARY KEY, b TEXT REFERENCES u(id) ON DELETE CASCADE".to_string()),
                "[(),;'\"$*/\\-]".prop_map(|s: String| s),
                "[ \r\n\t]".prop_map(|s: String| s),
                "[a-zA-Z_0-9ß🦀]{1,6}".prop_map(|s: String| s),
                proptest::strategy::Just("--".to_string()),
                proptest::strategy::Just("/*".to_string()),
                proptest::strategy::Just("$$".to_string()),
            ],
            0..40,
        ),
        base in 0usize..10_000,
    ) {
        check_spans(&parts.concat(), base);
    }
}

use proptest::strategy::Strategy;

fn check_spans(content: &str, base: usize) {
    let read = read_sql(content, base);
    let mut spans = Vec::new();
    for t in &read.tables {
        spans.extend([t.name_span, t.span]);
        spans.extend(t.columns.iter().map(|c| c.span));
        spans.extend(t.foreign_keys.iter().map(|f| f.span));
    }
    spans.extend(read.indexes.iter().map(|i| i.span));
    if let Some(e) = &read.error {
        assert!(!e.span.is_empty(), "empty error span for {content:?}");
        spans.push(e.span);
    }
    for span in spans {
        assert!(
            base <= span.start && span.start <= span.end && span.end <= base + content.len(),
            "{span:?} outside {base}..{} for {content:?}",
            base + content.len()
        );
        let (start, end) = (span.start - base, span.end - base);
        assert!(
            content.is_char_boundary(start) && content.is_char_boundary(end),
            "{span:?} not on char boundaries of {content:?}"
        );
    }
}

/// Every statement is tokenized and parsed once, on its own. (The time this takes is
/// measured by the benchmarks, not asserted here.)
#[test]
fn ten_thousand_tables_read() {
    let mut content = String::new();
    for i in 0..10_000 {
        content.push_str(&format!(
            "CREATE TABLE t{i} (\n  id SERIAL PRIMARY KEY,\n  parent_id INT REFERENCES t{i}(id)\n);\n"
        ));
    }
    let read = read_sql(&content, 0);
    assert_eq!(read.error, None);
    assert_eq!(read.tables.len(), 10_000);
    assert_eq!(read.tables[9_999].name, "t9999");
    assert_eq!(read.tables[9_999].foreign_keys[0].references, "t9999");
}

/// The span helpers (line lookup, element search) stay linear on one huge line too.
#[test]
fn ten_thousand_columns_on_one_line_read() {
    let mut content = String::from("CREATE TABLE wide (");
    for i in 0..10_000 {
        content.push_str(&format!("c{i} INT REFERENCES é(id) ON DELETE CASCADE, "));
    }
    content.push_str("last INT);");
    let read = read_sql(&content, 0);
    assert_eq!(read.error, None);
    let table = &read.tables[0];
    assert_eq!(table.columns.len(), 10_001);
    assert_eq!(table.foreign_keys.len(), 10_000);
    let last_fk = table.foreign_keys[9_999].span;
    assert_eq!(
        &content[last_fk.range()],
        "REFERENCES é(id) ON DELETE CASCADE"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!(
        "CREATE TABLE t (a INT DEFAULT {}1{});",
        "(".repeat(5_000),
        ")".repeat(5_000)
    );
    let read = read_sql(&deep, 0);
    let error = read.error.expect("too deep to parse");
    assert_eq!(error.message, "recursion limit exceeded");
    assert_eq!(
        error.span,
        Span::new(0, deep.len() - 1),
        "the statement, without its `;`"
    );
    assert!(read.tables.is_empty());
}
