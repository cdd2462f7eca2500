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
