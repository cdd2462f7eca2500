//! Property tests over arbitrary input, in the normal suite (the fuzz targets in
//! `fuzz/` search longer, outside it): no reader panics on any bytes, control
//! characters, invalid UTF-8 (lone surrogates among it), huge widths or fragments
//! of the structures they look for; every span stays inside its text; and fixing
//! is idempotent: a second `fix` after the first changes nothing.

// The fuzz targets' properties: the same checks on arbitrary text here.
#[path = "../fuzz/src/checks.rs"]
#[allow(dead_code)]
mod checks;

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use speclint::check::Checker;
use speclint::document::Document;
use speclint::extract::diagram::{read_mermaid, read_text_diagram};
use speclint::extract::sql::read_sql;
use speclint::fix::{FixOptions, fix_document};
use speclint::model::{Model, parse_model};
use speclint::rules::Rule;

const SPEC_PATH: &str = "specs/004-auth-integration/spec.md";

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/auth-before/speclint.yaml");
        let text = std::fs::read_to_string(&path).expect("the fixture model");
        parse_model(&text, &path).expect("a valid model")
    })
}

fn before_spec() -> &'static str {
    static SPEC: OnceLock<String> = OnceLock::new();
    SPEC.get_or_init(|| {
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/auth-before")
                .join(SPEC_PATH),
        )
        .expect("the fixture spec")
    })
}

/// Pieces that steer random text into the readers' interesting paths.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        // Markdown structure
        Just("\n# H\n".to_string()),
        Just("\n## Database Schema\n".to_string()),
        Just("\n```\n".to_string()),
        Just("\n```sql\n".to_string()),
        Just("\n```mermaid\nsequenceDiagram\n".to_string()),
        Just("\n```text\n".to_string()),
        Just("> ".to_string()),
        Just("- [ ] ".to_string()),
        Just("| a | b |\n|---|---|\n".to_string()),
        Just("<!-- ".to_string()),
        // Diagrams
        Just("┌───┐ ┌───┐\n│Web│ │API│\n└─┬─┘ └─┬─┘\n".to_string()),
        Just("  │──────>│\n".to_string()),
        Just("+---+\n| A |\n+---+\n  |---->|\n".to_string()),
        Just("Web->>API: 1. Create JWT\n".to_string()),
        Just("participant A as Next.js Frontend\n".to_string()),
        // SQL
        Just(
            "CREATE TABLE tasks (id INT PRIMARY KEY, user_id TEXT REFERENCES \"user\"(id));"
                .to_string()
        ),
        Just("CREATE INDEX ix ON tasks (user_id);".to_string()),
        // Hostile characters and widths
        "[\u{0}-\u{1f}\u{7f}\u{80}-\u{9f}]{1,4}",
        "[\u{202a}-\u{202e}\u{200b}\u{200d}\u{feff}\u{fffd}]{1,4}",
        "[日本語🦀é\u{301}]{1,8}",
        (1usize..2000).prop_map(|n| "─".repeat(n)),
        (1usize..2000).prop_map(|n| "\t".repeat(n % 50) + &"x".repeat(n)),
        "(?s).{0,40}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..30).prop_map(|parts| parts.concat())
}

/// Arbitrary bytes, with invalid UTF-8 such as lone surrogates (ED A0 80) and
/// overlong forms, decoded as speclint decodes a file.
fn bytes_as_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..64),
        Just(vec![0xed, 0xa0, 0x80]),
        Just(vec![0xed, 0xbf, 0xbf]),
        Just(vec![0xc0, 0x80]),
        Just(vec![0xef, 0xbb, 0xbf]),
        text().prop_map(String::into_bytes),
    ];
    prop::collection::vec(piece, 0..8)
        .prop_map(|parts| speclint::workspace::decode(parts.concat()).0)
}

/// Every reader on `text`, as a file and as each code block's content.
fn read_everything(text: &str) {
    let doc = Document::parse(text);
    checks::document_spans(&doc);
    for block in &doc.code_blocks {
        let content = doc.slice(block.content);
        let base = block.content.start;
        if let Some(d) = read_text_diagram(content, base) {
            assert!(d.span.end <= text.len());
        }
        let _ = read_mermaid(content, base);
        let _ = read_sql(content, base);
    }
    // The whole text as one block too: the readers must not rely on the parser.
    let _ = read_text_diagram(text, 0);
    let _ = read_mermaid(text, 0);
    let _ = read_sql(text, 0);
    let checker = Checker::new(model(), Rule::ALL.to_vec());
    let report = checker.check("x.md", SPEC_PATH, text.to_string());
    for d in &report.diagnostics {
        assert!(d.span.end <= text.len(), "{d:?}");
        let at = report.doc.line_col(d.span.start);
        assert!(at.line >= 1);
    }
}

// Case counts keep the suite near ten seconds on a shared machine; the fuzz targets
// run the same properties for as long as one likes.
proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn no_reader_panics_on_structured_text(text in text()) {
        read_everything(&text);
    }

    #[test]
    fn no_reader_panics_on_arbitrary_bytes(text in bytes_as_text()) {
        read_everything(&text);
    }

    #[test]
    fn no_reader_panics_on_the_spec_with_text_inserted(
        insert in text(),
        at in any::<prop::sample::Index>(),
    ) {
        let spec = before_spec();
        let mut cut = at.index(spec.len() + 1);
        while !spec.is_char_boundary(cut) {
            cut -= 1;
        }
        read_everything(&format!("{}{insert}{}", &spec[..cut], &spec[cut..]));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn fixing_is_idempotent(
        insert in text(),
        at in any::<prop::sample::Index>(),
        unsafe_fixes in any::<bool>(),
    ) {
        let spec = before_spec();
        let lines: Vec<&str> = spec.split_inclusive('\n').collect();
        let cut = at.index(lines.len() + 1);
        let text = format!("{}{insert}\n{}", lines[..cut].concat(), lines[cut..].concat());
        let checker = Checker::new(model(), Rule::ALL.to_vec());
        let opts = FixOptions { unsafe_fixes, only: None };
        // A fix loop that does not settle is reported, not a panic; when it settles,
        // fixing the result again changes nothing.
        if let Ok(first) = fix_document(&checker, "x.md", SPEC_PATH, &text, &opts) {
            let second = fix_document(&checker, "x.md", SPEC_PATH, &first.fixed, &opts)
                .expect("a settled result settles again");
            prop_assert!(second.applied.is_empty(), "second round applied {:?}",
                second.applied.iter().map(|f| f.rule.code()).collect::<Vec<_>>());
            prop_assert_eq!(&second.fixed, &first.fixed);
        }
    }
}

#[test]
fn fixing_the_before_state_is_idempotent() {
    let checker = Checker::new(model(), Rule::ALL.to_vec());
    let opts = FixOptions::default();
    let first = fix_document(&checker, "x.md", SPEC_PATH, before_spec(), &opts).unwrap();
    assert_eq!(first.applied.len(), 4);
    let second = fix_document(&checker, "x.md", SPEC_PATH, &first.fixed, &opts).unwrap();
    assert!(second.applied.is_empty());
    assert_eq!(second.fixed, first.fixed);
}
