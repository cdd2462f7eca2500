//! What each fuzz target asserts about one input. Every function takes raw bytes
//! (decoded the way speclint decodes a file) and panics only when a property fails.

use std::sync::OnceLock;

use speclint::check::Checker;
use speclint::document::Document;
use speclint::extract::diagram::{read_mermaid, read_text_diagram};
use speclint::extract::sql::read_sql;
use speclint::fix::{FixOptions, fix_document};
use speclint::model::{Model, parse_model};
use speclint::rules::Rule;

/// The model of the change-request fixture: every rule has something to check.
const MODEL: &str = include_str!("../../fixtures/auth-before/speclint.yaml");
const SPEC_PATH: &str = "specs/004-auth-integration/spec.md";

/// Every target's names, in the order `fuzz/run.sh` runs them.
pub const TARGETS: &[&str] = &[
    "document",
    "diagram_text",
    "diagram_mermaid",
    "sql",
    "model",
    "check",
    "fix",
    "python",
    "mojibake",
    "init",
];

/// Runs the target called `name` on `data`; false for an unknown name.
pub fn run(name: &str, data: &[u8]) -> bool {
    match name {
        "document" => document(data),
        "diagram_text" => diagram_text(data),
        "diagram_mermaid" => diagram_mermaid(data),
        "sql" => sql(data),
        "model" => model(data),
        "check" => check(data),
        "fix" => fix(data),
        "python" => python(data),
        "mojibake" => mojibake(data),
        "init" => init(data),
        _ => return false,
    }
    true
}

fn text(data: &[u8]) -> String {
    speclint::workspace::decode(data.to_vec()).0
}

fn the_model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| {
        parse_model(MODEL, std::path::Path::new("speclint.yaml")).expect("the fixture model")
    })
}

fn inside(span: speclint::span::Span, base: usize, len: usize, what: &str) {
    assert!(
        base <= span.start && span.start <= span.end && span.end <= base + len,
        "{what} span {span:?} outside {base}..{}",
        base + len
    );
}

/// Markdown → Document: never panics, every span inside the text on char boundaries.
pub fn document(data: &[u8]) {
    let text = text(data);
    document_spans(&Document::parse(text.as_str()));
}

/// Every span of a parsed document lies inside its text, on char boundaries.
pub fn document_spans(doc: &Document) {
    let text = &doc.text;
    let spans = doc
        .sections
        .iter()
        .flat_map(|s| [s.span, s.heading])
        .chain(doc.code_blocks.iter().flat_map(|b| [b.span, b.content]))
        .chain(doc.tables.iter().map(|t| t.span))
        .chain(doc.paragraphs.iter().map(|p| p.span));
    for span in spans {
        inside(span, 0, text.len(), "document");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    }
    for s in &doc.sections {
        let _ = doc.line_col(s.span.end);
    }
}

/// The text-art diagram reader on a block's content at an offset.
pub fn diagram_text(data: &[u8]) {
    let text = text(data);
    if let Some(d) = read_text_diagram(&text, 7) {
        inside(d.span, 7, text.len(), "diagram");
        for p in &d.participants {
            inside(p.span, 7, text.len(), "participant");
        }
        for s in &d.steps {
            inside(s.span, 7, text.len(), "step");
            if let speclint::extract::diagram::StepKind::Message { from, to, .. } = s.kind {
                assert!(from < d.participants.len() && to < d.participants.len());
            }
        }
    }
}

/// The Mermaid reader; inputs that do not start a sequence diagram get the header.
pub fn diagram_mermaid(data: &[u8]) {
    let mut text = text(data);
    if !text.trim_start().starts_with("sequenceDiagram") {
        text.insert_str(0, "sequenceDiagram\n");
    }
    if let Some(d) = read_mermaid(&text, 3) {
        for s in &d.steps {
            inside(s.span, 3, text.len(), "step");
        }
    }
}

/// The SQL reader: spans inside, a syntax error never has an empty span, and the
/// plain-DDL reader reads nothing differently from sqlparser.
pub fn sql(data: &[u8]) {
    let text = text(data);
    let read = read_sql(&text, 11);
    assert_eq!(
        read,
        speclint::extract::sql::reference::read_sql_with_sqlparser(&text, 11),
        "the plain-DDL reader and sqlparser disagree"
    );
    for t in &read.tables {
        inside(t.span, 11, text.len(), "table");
        for c in &t.columns {
            inside(c.span, 11, text.len(), "column");
        }
    }
    if let Some(e) = &read.error {
        inside(e.span, 11, text.len(), "error");
        assert!(!e.span.is_empty(), "empty error span");
    }
}

/// The model loader: any text is a model or a located error, quickly.
pub fn model(data: &[u8]) {
    let text = text(data);
    if let Err(e) = parse_model(&text, std::path::Path::new("m.yaml")) {
        let shown = e.to_string();
        assert!(shown.starts_with("m.yaml:"), "{shown}");
    }
}

/// `speclint init` on specs → the loader: whatever the specs hold, the draft loads.
/// The input is cut into up to eight specs at each byte 0xFF (never part of UTF-8),
/// numbered as spec folders are so that "the newest spec" means something.
pub fn init(data: &[u8]) {
    let sources: Vec<speclint::init::Source> = data
        .split(|&b| b == 0xFF)
        .take(8)
        .enumerate()
        .map(|(i, part)| speclint::init::Source {
            path: format!("specs/{:03}-part/spec.md", i + 1),
            text: text(part),
        })
        .collect();
    let drafted = speclint::init::draft(&sources, "speclint.schema.json");
    if let Err(e) = parse_model(&drafted.yaml, std::path::Path::new("speclint.yaml")) {
        panic!("the draft does not load: {e}\n{}", drafted.yaml);
    }
}

/// The whole check of one document: diagnostics inside the text on char boundaries,
/// rendering works.
pub fn check(data: &[u8]) {
    let text = text(data);
    let checker = Checker::new(the_model(), Rule::ALL.to_vec());
    let report = checker.check("x.md", SPEC_PATH, text.clone());
    for d in &report.diagnostics {
        inside(d.span, 0, text.len(), d.rule.code());
        assert!(
            text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end),
            "{} span {:?} splits a character",
            d.rule.code(),
            d.span
        );
    }
    let reports = [report];
    for format in [
        speclint::render::Format::Human,
        speclint::render::Format::Json,
        speclint::render::Format::Github,
    ] {
        let mut out = Vec::new();
        speclint::render::write_report(format, &reports, Default::default(), &mut out)
            .expect("rendering to memory");
        if format == speclint::render::Format::Json {
            assert!(serde_json::from_slice::<serde_json::Value>(&out).is_ok());
        }
    }
}

/// Fixing settles, and fixing the result again changes nothing.
pub fn fix(data: &[u8]) {
    let (unsafe_fixes, data) = match data.split_first() {
        Some((first, rest)) => (first & 1 == 1, rest),
        None => (false, data),
    };
    let text = text(data);
    let checker = Checker::new(the_model(), Rule::ALL.to_vec());
    let opts = FixOptions {
        unsafe_fixes,
        only: None,
    };
    let first = fix_document(&checker, "x.md", SPEC_PATH, &text, &opts)
        .unwrap_or_else(|e| panic!("fixes do not settle: {e}"));
    let second = fix_document(&checker, "x.md", SPEC_PATH, &first.fixed, &opts)
        .unwrap_or_else(|e| panic!("the fixed text does not settle: {e}"));
    assert!(
        second.applied.is_empty(),
        "a second fix changed the fixed text: {:?}",
        second
            .applied
            .iter()
            .map(|f| f.rule.code())
            .collect::<Vec<_>>()
    );
}

/// The Python example reader: never panics, the syntax error and every call inside
/// the block.
pub fn python(data: &[u8]) {
    let text = text(data);
    let read = speclint::extract::python::read_python(&text, 5, 0);
    if let Some(err) = &read.error {
        inside(err.span, 5, text.len(), "python error");
    }
    for call in &read.calls {
        inside(call.span, 5, text.len(), "python call");
    }
}

/// Mojibake detection and repair: runs on char boundaries, ordered and disjoint, and
/// repair is idempotent.
pub fn mojibake(data: &[u8]) {
    let text = text(data);
    let runs = speclint::encoding::find_mojibake(&text);
    for pair in runs.windows(2) {
        assert!(pair[0].span.end <= pair[1].span.start, "runs overlap");
    }
    for r in &runs {
        inside(r.span, 0, text.len(), "mojibake");
        assert!(text.is_char_boundary(r.span.start) && text.is_char_boundary(r.span.end));
    }
    let once = speclint::encoding::repair(&text).text;
    assert_eq!(
        speclint::encoding::repair(&once).text,
        once,
        "repair is not idempotent"
    );
}
