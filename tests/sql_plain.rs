//! The plain-DDL reader against sqlparser: whatever the text, `read_sql` (which reads
//! plain `CREATE TABLE` and `CREATE INDEX` statements itself) gives exactly what
//! reading every statement with sqlparser gives. Checked on generated DDL, valid and
//! damaged, on every sqlparser keyword in every position the reader looks at, on the
//! benchmark corpus's style of schema, and on every SQL block and fixture in the
//! repository.

use std::path::{Path, PathBuf};

use speclint::document::Document;
use speclint::extract::sql::read_sql;
use speclint::extract::sql::reference::{plain_statements, read_sql_with_sqlparser};

/// Asserts both readers agree on `content`, placed at `base`.
fn same(content: &str, base: usize) {
    let fast = read_sql(content, base);
    let reference = read_sql_with_sqlparser(content, base);
    assert_eq!(
        fast, reference,
        "the plain-DDL reader differs from sqlparser on {content:?}"
    );
}

/// Statements in `content` that sqlparser reads without an error: the ones the plain
/// reader could take.
fn statements(content: &str) -> usize {
    let read = read_sql_with_sqlparser(content, 0);
    read.tables.len() + read.indexes.len()
}

// ---------------------------------------------------------------------------
// A small deterministic generator, so a failing case is one seed.

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// Mostly from `usual`, sometimes from `odd`.
    fn pick_mostly<'a>(&mut self, usual: &[&'a str], odd: &[&'a str]) -> &'a str {
        if self.chance(8) {
            self.pick(odd)
        } else {
            self.pick(usual)
        }
    }
}

/// Names the plain reader reads: plain, mixed case, keywords sqlparser reads as names,
/// quoted, and words that could prefix a literal.
const NAMES: &[&str] = &[
    "users",
    "t",
    "order_items",
    "a1",
    "_x",
    "Users",
    "USERS",
    "report_id",
    "created_at",
    "shared_profile",
    "id",
    "ID",
    "name",
    "type",
    "status",
    "value",
    "key",
    "data",
    "date",
    "timestamp",
    "email",
    "title",
    "e",
    "x",
    "b",
    "u",
    "n",
    "\"User\"",
    "\"order\"",
    "\"a b\"",
    "\"é\"",
];

/// Names it leaves to sqlparser: keywords that may mean something else, escapes,
/// non-ASCII and `$` characters.
const ODD_NAMES: &[&str] = &[
    "user",
    "order",
    "table",
    "null",
    "true",
    "current_date",
    "position",
    "interval",
    "references",
    "primary",
    "unique",
    "check",
    "constraint",
    "foreign",
    "like",
    "exclude",
    "if",
    "on",
    "using",
    "concurrently",
    "async",
    "not",
    "default",
    "set",
    "cascade",
    "select",
    "text",
    "time",
    "zone",
    "array",
    "nulls",
    "\"x\"\"y\"",
    "\"\"",
    "é",
    "naïve",
    "a$b",
];

const TYPES: &[&str] = &[
    "INT",
    "int",
    "INTEGER",
    "BIGINT",
    "bigint",
    "SMALLINT",
    "BIGSERIAL",
    "serial",
    "SmallSerial",
    "TEXT",
    "text",
    "VARCHAR",
    "VARCHAR(255)",
    "varchar(0)",
    "CHAR(2)",
    "char",
    "BOOLEAN",
    "bool",
    "UUID",
    "DATE",
    "TIMESTAMP",
    "timestamptz",
    "TIMESTAMPTZ",
    "JSON",
    "JSONB",
    "BYTEA",
    "REAL",
    "INT2",
    "INT4",
    "INT8",
    "NUMERIC",
    "NUMERIC(12)",
    "NUMERIC(12, 2)",
    "numeric(10,2)",
    "DECIMAL(5, 0)",
    "task_status",
    "citext",
    "VARCHAR(123456789)",
];

const ODD_TYPES: &[&str] = &[
    "VARCHAR(007)",
    "NUMERIC(12, -2)",
    "public.mytype",
    "\"MyType\"",
    "FLOAT",
    "DOUBLE PRECISION",
    "TIMESTAMP WITH TIME ZONE",
    "TIMESTAMP(3)",
    "text[]",
    "INT ARRAY",
    "INTERVAL",
    "VARCHAR(MAX)",
    "INT UNSIGNED",
    "TEXT(5)",
    "bigserial(3)",
    "CHARACTER VARYING(20)",
    "TIME",
    "MONEY",
    "INET",
    "BIT(3)",
    "VARCHAR(99999999999999999999)",
    "VARCHAR(255 CHARACTERS)",
    "NUMERIC(1,2,3)",
    "user",
    "key",
    "VARCHAR(1234567890)",
];

const DEFAULTS: &[&str] = &[
    "now()",
    "NOW()",
    "gen_random_uuid()",
    "CURRENT_TIMESTAMP",
    "current_date",
    "'draft'",
    "'déjà vu'",
    "0",
    "42",
    "TRUE",
    "false",
    "NULL",
    "now( )",
];

const ODD_DEFAULTS: &[&str] = &[
    "CURRENT_TIME",
    "''",
    "'it''s'",
    "007",
    "1.5",
    "-1",
    "lower('x')",
    "user",
    "date()",
    "now ()",
    "x",
    "'a' || 'b'",
    "now()::text",
    "E'x'",
    "1234567890",
    "'a\\b'",
    "(1)",
    "key()",
    "\"now\"()",
    "now(1)",
];

const ACTIONS: &[&str] = &[
    "CASCADE",
    "cascade",
    "RESTRICT",
    "SET NULL",
    "set default",
    "NO ACTION",
];

const ODD_ACTIONS: &[&str] = &["SET", "ACTION", "NULL"];

/// What goes between tokens: whitespace and comments of every kind.
const GAPS: &[&str] = &[
    " ",
    " ",
    " ",
    "  ",
    "\n",
    "\n    ",
    "\r\n",
    "\t",
    " -- note; x\n",
    " /* c; */ ",
    "/* a /* b */ c */",
    "\n-- end\r",
    "-- a\r\n",
];

/// Builds one statement's text from words, joining them with random gaps.
struct Text<'r> {
    rng: &'r mut Rng,
    out: String,
}

impl Text<'_> {
    fn word(&mut self, word: &str) -> &mut Self {
        if !self.out.is_empty() {
            let gap = self.rng.pick(GAPS);
            self.out.push_str(gap);
        }
        self.out.push_str(word);
        self
    }

    /// Punctuation, written tight or with a gap.
    fn punct(&mut self, p: &str) -> &mut Self {
        if self.rng.chance(50) {
            self.out.push_str(p);
            self
        } else {
            self.word(p)
        }
    }

    fn name(&mut self) -> &mut Self {
        let first = self.rng.pick_mostly(NAMES, ODD_NAMES);
        self.word(first);
        if self.rng.chance(10) {
            let second = self.rng.pick_mostly(NAMES, ODD_NAMES);
            self.out.push('.');
            self.out.push_str(second);
        }
        self
    }

    fn list(&mut self, item: impl Fn(&mut Self)) -> &mut Self {
        self.punct("(");
        for i in 0..1 + self.rng.below(3) {
            if i > 0 {
                self.punct(",");
            }
            item(self);
        }
        self.punct(")")
    }

    fn key(&mut self) {
        match self.rng.below(40) {
            0 => self.word("lower(a)"),
            1 => self.word("a DESC"),
            2 => self.word("a.b"),
            _ => self.name(),
        };
    }

    fn reference(&mut self) {
        self.word("REFERENCES").name();
        if self.rng.chance(70) {
            self.list(|t| {
                t.name();
            });
        }
        for clause in ["ON DELETE", "ON UPDATE", "ON DELETE"] {
            if self.rng.chance(30) {
                let action = self.rng.pick_mostly(ACTIONS, ODD_ACTIONS);
                self.word(clause).word(action);
            }
        }
        if self.rng.chance(3) {
            let extra = self
                .rng
                .pick(&["MATCH FULL", "DEFERRABLE", "NOT DEFERRABLE", "ON"]);
            self.word(extra);
        }
    }

    fn column(&mut self) {
        let ty = self.rng.pick_mostly(TYPES, ODD_TYPES);
        self.name().word(ty);
        for _ in 0..self.rng.below(4) {
            match self.rng.below(40) {
                0..=10 => {
                    self.word("NOT NULL");
                }
                11 | 12 => {
                    self.word("NULL");
                }
                13..=16 => {
                    self.word("PRIMARY KEY");
                }
                17..=20 => {
                    self.word("UNIQUE");
                }
                21..=29 => {
                    let default = self.rng.pick_mostly(DEFAULTS, ODD_DEFAULTS);
                    self.word("DEFAULT").word(default);
                }
                30..=37 => self.reference(),
                _ => {
                    let odd = self.rng.pick(&[
                        "CONSTRAINT c1 NOT NULL",
                        "CHECK (x > 0)",
                        "UNIQUE NULLS NOT DISTINCT",
                        "PRIMARY KEY DEFERRABLE",
                        "COLLATE \"C\"",
                        "GENERATED ALWAYS AS IDENTITY",
                        "NOT",
                        "PRIMARY",
                    ]);
                    self.word(odd);
                }
            }
        }
    }

    fn table_constraint(&mut self) {
        if self.rng.chance(30) {
            self.word("CONSTRAINT").name();
        }
        match self.rng.below(20) {
            0..=5 => {
                self.word("PRIMARY KEY").list(Self::key);
            }
            6..=9 => {
                self.word("UNIQUE").list(Self::key);
            }
            10..=18 => {
                self.word("FOREIGN KEY").list(|t| {
                    t.name();
                });
                self.reference();
            }
            _ => {
                let odd = self.rng.pick(&[
                    "CHECK (a > 0)",
                    "UNIQUE NULLS NOT DISTINCT (a)",
                    "PRIMARY KEY (a) DEFERRABLE",
                    "EXCLUDE USING gist (a WITH =)",
                    "LIKE other",
                ]);
                self.word(odd);
            }
        }
    }

    fn create_table(&mut self) {
        self.word("CREATE TABLE");
        if self.rng.chance(15) {
            self.word("IF NOT EXISTS");
        }
        self.name().punct("(");
        let elements = 1 + self.rng.below(6);
        for i in 0..elements {
            if i > 0 {
                self.punct(",");
            }
            if self.rng.chance(20) {
                self.table_constraint();
            } else {
                self.column();
            }
        }
        self.punct(")");
    }

    fn create_index(&mut self) {
        self.word("CREATE");
        if self.rng.chance(30) {
            self.word("UNIQUE");
        }
        self.word("INDEX");
        if self.rng.chance(15) {
            self.word("IF NOT EXISTS");
        }
        if self.rng.chance(90) {
            self.name();
        }
        self.word("ON").name().list(Self::key);
        if self.rng.chance(5) {
            let extra = self
                .rng
                .pick(&["WHERE a > 0", "INCLUDE (b)", "NULLS NOT DISTINCT"]);
            self.word(extra);
        }
    }

    fn statement(&mut self) {
        match self.rng.below(20) {
            0..=13 => self.create_table(),
            14..=18 => self.create_index(),
            _ => {
                let other = self.rng.pick(&[
                    "ALTER TABLE users ADD FOREIGN KEY (a) REFERENCES t(b)",
                    "INSERT INTO t VALUES (1)",
                    "CREATE TEMPORARY TABLE t (a INT)",
                    "CREATE INDEX CONCURRENTLY i ON t (a)",
                    "CREATE INDEX i ON t USING btree (a)",
                    "CREATE UNLOGGED TABLE t (a INT)",
                    "CREATE TABLE t (a INT) WITH (fillfactor = 70)",
                    "CREATE TABLE t ()",
                    "CREATE TABLE t (a INT,)",
                ]);
                self.word(other);
            }
        }
    }
}

/// A block of generated DDL, mostly valid.
fn ddl(seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let count = 1 + rng.below(4);
    let mut out = String::new();
    for _ in 0..count {
        let mut text = Text {
            rng: &mut rng,
            out: String::new(),
        };
        text.statement();
        out.push_str(&text.out);
        let end = rng.pick(&[";\n", ";\n\n", ";", " ;\r\n", ";-- done\n"]);
        out.push_str(end);
    }
    out
}

/// `text` damaged a few times: bytes cut, tokens inserted or repeated, case changed.
fn mutate(text: &str, seed: u64) -> String {
    const SNIPPETS: &[&str] = &[
        ",",
        "(",
        ")",
        ";",
        "'",
        "\"",
        ".",
        "$",
        "é",
        "--",
        "/*",
        "*/",
        " NOT",
        " NULL",
        "KEY",
        " x",
        "0",
        "::",
        "[",
        "E'",
        " ON DELETE",
        " REFERENCES",
        " DEFAULT",
        " ",
        "\n",
        "\r",
        "-",
        "=",
        "_",
        "1.5",
    ];
    let mut rng = Rng::new(seed ^ 0xA5A5);
    let mut text = text.to_string();
    for _ in 0..1 + rng.below(3) {
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let at = boundaries[rng.below(boundaries.len())];
        let to = boundaries[(boundaries.partition_point(|&b| b < at) + 1 + rng.below(8))
            .min(boundaries.len() - 1)];
        match rng.below(4) {
            0 => text.replace_range(at..to, ""),
            1 => text.insert_str(at, rng.pick(SNIPPETS)),
            2 => {
                let piece = text[at..to].to_string();
                text.insert_str(at, &piece);
            }
            _ => {
                let piece = if rng.chance(50) {
                    text[at..to].to_ascii_uppercase()
                } else {
                    text[at..to].to_ascii_lowercase()
                };
                text.replace_range(at..to, &piece);
            }
        }
    }
    text
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

    #[test]
    fn generated_ddl_reads_the_same(seed: u64, base in 0usize..10_000) {
        same(&ddl(seed), base);
    }

    #[test]
    fn damaged_ddl_reads_the_same(seed: u64, base in 0usize..10_000) {
        same(&mutate(&ddl(seed), seed), base);
    }
}

/// The generator is not idle: the plain reader reads a good part of what sqlparser
/// accepts, so the comparisons above test it.
#[test]
fn the_plain_reader_reads_much_of_the_generated_ddl() {
    let (mut plain, mut valid) = (0, 0);
    for seed in 0..500 {
        let text = ddl(seed);
        plain += plain_statements(&text);
        valid += statements(&text);
    }
    assert!(
        plain * 3 >= valid && valid > 300,
        "{plain} of {valid} valid statements read plainly"
    );
}

// ---------------------------------------------------------------------------
// Every keyword of sqlparser's in every position the plain reader decides on.

#[test]
fn every_keyword_in_every_position_reads_the_same() {
    let templates = [
        "CREATE TABLE W (a INT)",
        "CREATE TABLE IF NOT EXISTS W.W (a INT)",
        "CREATE TABLE t (W INT)",
        "CREATE TABLE t (W INT REFERENCES u (a))",
        "CREATE TABLE t (a INT, W INT NOT NULL REFERENCES W (W) ON DELETE SET NULL)",
        "CREATE TABLE t (a W)",
        "CREATE TABLE t (a W NOT NULL, b INT)",
        "CREATE TABLE t (a W(10))",
        "CREATE TABLE t (a W(10, 2))",
        "CREATE TABLE t (a INT W)",
        "CREATE TABLE t (a INT W NULL)",
        "CREATE TABLE t (a INT DEFAULT W)",
        "CREATE TABLE t (a INT DEFAULT W())",
        "CREATE TABLE t (a INT DEFAULT W() NOT NULL)",
        "CREATE TABLE t (a INT DEFAULT 'x' W)",
        "CREATE TABLE t (a INT PRIMARY KEY W)",
        "CREATE TABLE t (a INT UNIQUE W)",
        "CREATE TABLE t (a INT, PRIMARY KEY (W))",
        "CREATE TABLE t (a INT, UNIQUE (W, a))",
        "CREATE TABLE t (a INT, CONSTRAINT W PRIMARY KEY (a))",
        "CREATE TABLE t (a INT, FOREIGN KEY (W) REFERENCES W (W))",
        "CREATE TABLE t (a INT, FOREIGN KEY (a) REFERENCES u (b) W)",
        "CREATE TABLE t (a INT REFERENCES W (W) ON DELETE CASCADE)",
        "CREATE TABLE t (a INT REFERENCES u ON DELETE W)",
        "CREATE TABLE t (a INT REFERENCES u ON W CASCADE)",
        "CREATE TABLE t (a INT REFERENCES u W)",
        "CREATE TABLE t (a INT, W)",
        "CREATE TABLE t (W)",
        "CREATE INDEX W ON t (a)",
        "CREATE INDEX i ON W (W)",
        "CREATE UNIQUE INDEX IF NOT EXISTS W ON t (W)",
        "CREATE INDEX W.W ON t (a, W)",
        "CREATE INDEX i ON t (a) W",
        "CREATE W INDEX i ON t (a)",
        "CREATE W TABLE t (a INT)",
        "W TABLE t (a INT)",
    ];
    let mut block = String::new();
    for keyword in sqlparser::keywords::ALL_KEYWORDS {
        for word in [keyword.to_string(), keyword.to_ascii_lowercase()] {
            for template in templates {
                let statement = template.replace('W', &word);
                same(&statement, 3);
                block.push_str(&statement);
                block.push_str(";\n");
            }
        }
    }
    // All at once too: one block, where a bad statement must not disturb the others.
    same(&block, 0);
}

// ---------------------------------------------------------------------------
// The benchmark corpus's schemas (`gen_corpus.py`'s `sql_blocks`): all read plainly.

/// A block of DDL written the way the benchmark corpus writes it.
fn corpus_style(seed: u64) -> String {
    const NOUNS: &[&str] = &[
        "user",
        "order",
        "report",
        "payment",
        "message",
        "export",
        "profile",
        "webhook",
        "audit_log",
        "tenant",
        "workspace",
        "comment",
        "artifact",
        "quota",
        "cart",
        "plan",
    ];
    const ADJS: &[&str] = &[
        "shared",
        "expired",
        "pending",
        "stale",
        "private",
        "verified",
        "internal",
        "overdue",
        "encrypted",
        "recent",
        "external",
        "flagged",
        "active",
        "primary",
        "default",
        "locked",
    ];
    const SQL_TYPES: &[&str] = &[
        "BIGINT",
        "INTEGER",
        "TEXT",
        "VARCHAR(255)",
        "BOOLEAN",
        "TIMESTAMPTZ",
        "JSONB",
        "NUMERIC(12, 2)",
        "UUID",
        "DATE",
    ];
    let mut rng = Rng::new(seed);
    let mut tables: Vec<String> = Vec::new();
    for _ in 0..2 + rng.below(3) {
        let t = format!("{}s", rng.pick(NOUNS));
        if !tables.contains(&t) {
            tables.push(t);
        }
    }
    let mut out = String::new();
    for (i, t) in tables.iter().enumerate() {
        let mut cols = vec!["    id BIGSERIAL PRIMARY KEY".to_string()];
        let mut fks = Vec::new();
        for _ in 0..3 + rng.below(5) {
            let null = if rng.chance(50) { "" } else { " NOT NULL" };
            let (adj, noun, ty) = (rng.pick(ADJS), rng.pick(NOUNS), rng.pick(SQL_TYPES));
            cols.push(format!("    {adj}_{noun} {ty}{null}"));
        }
        for rt in &tables[..i] {
            if rng.chance(80) {
                let col = format!("{}_id", rt.trim_end_matches('s'));
                cols.push(format!("    {col} BIGINT NOT NULL"));
                let action = rng.pick(&["CASCADE", "RESTRICT", "SET NULL"]);
                fks.push(format!(
                    "    FOREIGN KEY ({col}) REFERENCES {rt}(id) ON DELETE {action}"
                ));
            }
        }
        cols.push("    created_at TIMESTAMPTZ NOT NULL DEFAULT now()".to_string());
        let names: Vec<String> = cols[1..]
            .iter()
            .map(|c| c.split_whitespace().next().unwrap_or("").to_string())
            .collect();
        cols.extend(fks);
        out.push_str(&format!("CREATE TABLE {t} (\n{}\n);\n", cols.join(",\n")));
        for _ in 0..1 + rng.below(3) {
            let c = &names[rng.below(names.len())];
            let unique = if rng.chance(20) { "UNIQUE " } else { "" };
            out.push_str(&format!("CREATE {unique}INDEX idx_{t}_{c} ON {t} ({c});\n"));
        }
        out.push('\n');
    }
    out
}

#[test]
fn corpus_style_schemas_read_the_same_and_all_plainly() {
    for seed in 0..300 {
        let text = corpus_style(seed);
        same(&text, 1234);
        let read = read_sql(&text, 0);
        assert_eq!(read.error, None, "{text}");
        assert_eq!(
            plain_statements(&text),
            read.tables.len() + read.indexes.len(),
            "a corpus-style statement went to sqlparser: {text}"
        );
        // CRLF line ends and a damaged copy, too.
        same(&text.replace('\n', "\r\n"), 7);
        same(&mutate(&text, seed), 7);
    }
}

// ---------------------------------------------------------------------------
// What the repository holds: SQL fixtures, every ```sql block of its Markdown, and the
// fuzzers' kept inputs.

fn files(dir: &Path, pick: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !path.ends_with("target") && !path.ends_with(".git") {
                files(&path, pick, out);
            }
        } else if pick(&path) {
            out.push(path);
        }
    }
}

#[test]
fn the_repository_s_sql_reads_the_same() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    files(
        root,
        &|p: &Path| {
            p.extension().is_some_and(|e| e == "sql" || e == "md")
                || p.starts_with(root.join("fuzz/regressions/sql"))
        },
        &mut paths,
    );
    let mut blocks = 0;
    for path in paths {
        let Ok(text) = std::fs::read(&path).map(|b| String::from_utf8_lossy(&b).into_owned())
        else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "md") {
            let doc = Document::parse(text.as_str());
            for b in doc.code_blocks.iter().filter(|b| b.lang == "sql") {
                same(doc.slice(b.content), b.content.start);
                blocks += 1;
            }
        } else {
            same(&text, 0);
            // Each statement alone, and the text damaged.
            for statement in text.split_inclusive(';') {
                same(statement, 5);
            }
            for seed in 0..50 {
                same(&mutate(&text, seed), 5);
            }
            blocks += 1;
        }
    }
    assert!(blocks > 30, "only {blocks} SQL blocks found");
}
