//! ```python blocks read with a real parser (tree-sitter-python): imports, calls with
//! their arguments, environment reads, names and string literals, each with byte
//! spans into the document.
//!
//! Each block is parsed once per document; the rules read the facts collected here
//! and never look at Python source text themselves. A block that does not parse
//! keeps the facts of the parts that did, plus the span of its first error, which
//! C008 reports (the rules do not guess at what a broken block meant).

use std::cell::RefCell;
use std::collections::HashMap;

use tree_sitter::{Node, Parser};

use crate::span::Span;

/// Info strings read as Python.
pub const PYTHON_LANGS: &[&str] = &["python", "py", "python3"];

/// What one ```python block holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PythonRead {
    /// Index into `Document::code_blocks`.
    pub block: usize,
    /// The first syntax error.
    pub error: Option<SyntaxError>,
    pub imports: Vec<Import>,
    pub calls: Vec<Call>,
    /// `os.getenv("X")`, `os.environ["X"]`, `os.environ.get("X")`.
    pub env_reads: Vec<EnvRead>,
    /// Every identifier and attribute name, in order: `HTTPBearer`, `cookies`. Spans
    /// only: a name is its text in the document, and a block holds hundreds.
    pub names: Vec<Span>,
    /// Every plain string literal (no interpolation, no escapes), in order.
    pub strings: Vec<StringLiteral>,
}

/// A plain string literal: its text is `content` in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StringLiteral {
    /// Between the quotes.
    pub content: Span,
    /// Quotes and prefix included.
    pub span: Span,
}

/// Where a block stops being Python, and what the parser expected or found there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// File offsets; empty for a missing token.
    pub span: Span,
    /// "missing `)`", or "syntax error".
    pub message: String,
}

/// `import a.b as c` → module `a.b`, bound `c`; `from a import b as c` → module
/// `a`, item `b`, bound `c`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    pub module: String,
    pub item: Option<String>,
    /// The name the import binds in the block.
    pub bound: String,
}

impl Import {
    /// The full dotted path the bound name stands for.
    pub fn path(&self) -> String {
        match &self.item {
            Some(item) => format!("{}.{item}", self.module),
            None => self.module.clone(),
        }
    }
}

/// A call: `jwt.decode(token, key, algorithms=["HS256"])`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    /// The callee as written, when it is a name or a dotted name: `jwt.decode`.
    pub callee: String,
    /// The callee with its first name replaced by what an import bound it to:
    /// `from jose import jwt` makes `jwt.decode` → `jose.jwt.decode`.
    pub resolved: String,
    pub span: Span,
    /// The argument list, parentheses included.
    pub args: Span,
    pub positional: Vec<Expr>,
    pub keywords: Vec<Keyword>,
    /// `*args` or `**kwargs` present: the arguments are not all known.
    pub splat: bool,
}

impl Call {
    pub fn keyword(&self, name: &str) -> Option<&Keyword> {
        self.keywords.iter().find(|k| k.name == name)
    }

    /// The last segment of the callee: `decode` for `jwt.decode`.
    pub fn method(&self) -> &str {
        self.callee.rsplit('.').next().unwrap_or("")
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keyword {
    pub name: String,
    /// From the keyword's name to the end of its value.
    pub span: Span,
    pub value: Expr,
}

/// An argument value, as far as the rules need to read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expr {
    pub span: Span,
    pub kind: ExprKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExprKind {
    /// A string literal without interpolation; its content, quotes removed.
    Str(String),
    List(Vec<Expr>),
    /// Key and value pairs of a `{...}` literal.
    Dict(Vec<(Expr, Expr)>),
    Bool(bool),
    /// A name or a dotted name: `secret`, `settings.jwt_secret`.
    Name(String),
    /// Another call (its index in `PythonRead::calls`).
    Call(usize),
    Other,
}

impl ExprKind {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            ExprKind::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// An environment variable the code reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvRead {
    pub name: String,
    /// The variable's name inside its string literal.
    pub name_span: Span,
    /// The whole read expression: `os.getenv("X")`.
    pub span: Span,
    /// `secret = os.getenv("X")` → `secret`.
    pub bound: Option<String>,
}

impl PythonRead {
    /// What an import bound `name` to, when one did.
    pub fn import_of(&self, name: &str) -> Option<&Import> {
        self.imports.iter().rev().find(|i| i.bound == name)
    }

    /// The environment variable an argument reads: directly (`os.getenv("X")`) or
    /// through a name assigned from a read (`secret = os.getenv("X")`).
    pub fn env_of(&self, expr: &Expr) -> Option<&EnvRead> {
        match &expr.kind {
            ExprKind::Call(_) => self.env_reads.iter().find(|e| e.span == expr.span),
            ExprKind::Name(n) => self
                .env_reads
                .iter()
                .rev()
                .find(|e| e.bound.as_deref() == Some(n.as_str())),
            _ => None,
        }
    }

    /// The top-level modules the block imports: `fastapi`, `jwt`, `os`.
    pub fn top_modules(&self) -> impl Iterator<Item = &str> {
        self.imports
            .iter()
            .map(|i| i.module.split('.').next().unwrap_or(""))
            .filter(|m| !m.is_empty())
    }
}

/// How deep argument values are read: deeper nesting is no code a spec shows.
const MAX_DEPTH: usize = 32;

/// The grammar's ids of the node kinds [`Walker::node`] reads. Most nodes are none
/// of these, and comparing ids spares them `Node::kind`, which looks the name up and
/// checks it is UTF-8 on every call.
struct Kinds {
    ids: [u16; 6],
}

impl Kinds {
    const NAMES: [&'static str; 6] = [
        "import_statement",
        "import_from_statement",
        "call",
        "subscript",
        "identifier",
        "string",
    ];

    fn dispatched(&self, id: u16) -> bool {
        self.ids.contains(&id)
    }
}

static KINDS: std::sync::LazyLock<Kinds> = std::sync::LazyLock::new(|| {
    let language: tree_sitter::Language = tree_sitter_python::LANGUAGE.into();
    Kinds {
        ids: Kinds::NAMES.map(|name| language.id_for_node_kind(name, true)),
    }
});

thread_local! {
    /// One parser per thread: creating one per block would dominate small blocks.
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// Reads one block's source; `base` is the file offset of its first byte.
pub fn read_python(source: &str, base: usize, block: usize) -> PythonRead {
    let mut read = PythonRead {
        block,
        ..PythonRead::default()
    };
    let tree = PARSER.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            let mut parser = Parser::new();
            // The grammar is compiled in, so its ABI always matches: a failure here
            // would leave the block unread, which is reported as a syntax error.
            if parser
                .set_language(&tree_sitter_python::LANGUAGE.into())
                .is_ok()
            {
                *cell = Some(parser);
            }
        }
        cell.as_mut().and_then(|p| p.parse(source, None))
    });
    let Some(tree) = tree else {
        read.error = Some(SyntaxError {
            span: Span::new(base, base + source.len()),
            message: "the parser gave up".into(),
        });
        return read;
    };
    let root = tree.root_node();
    let mut walker = Walker {
        src: source.as_bytes(),
        base,
        read,
        seen: HashMap::new(),
    };
    if root.has_error() {
        walker.read.error = first_error(root).map(|n| walker.syntax_error(n));
    }
    walker.visit(root);
    walker.read
}

/// The first ERROR or MISSING node in document order.
fn first_error(node: Node) -> Option<Node> {
    if node.is_error() || node.is_missing() {
        return Some(node);
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        if child.has_error() || child.is_missing() {
            return first_error(child).or(Some(child));
        }
    }
    None
}

struct Walker<'s> {
    src: &'s [u8],
    base: usize,
    read: PythonRead,
    /// Calls already recorded (a call inside another's arguments is read with it).
    seen: HashMap<Span, usize>,
}

impl Walker<'_> {
    fn span(&self, node: Node) -> Span {
        Span::new(self.base + node.start_byte(), self.base + node.end_byte())
    }

    fn syntax_error(&self, node: Node) -> SyntaxError {
        let span = self.span(node);
        // An error node covers what the parser skipped to recover, so only a
        // missing token can be named precisely.
        let message = if node.is_missing() {
            format!("missing `{}`", node.kind())
        } else {
            "syntax error".to_string()
        };
        SyntaxError { span, message }
    }

    fn text(&self, node: Node) -> &str {
        node.utf8_text(self.src).unwrap_or("")
    }

    /// Visits every node once, in document order; iterative so that deeply nested
    /// input cannot overflow the stack.
    fn visit(&mut self, root: Node) {
        let mut cursor = root.walk();
        loop {
            let node = cursor.node();
            self.node(node);
            if cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return;
                }
            }
        }
    }

    fn node(&mut self, node: Node) {
        let kind = node.kind_id();
        let kinds = &*KINDS;
        if !kinds.dispatched(kind) {
            return;
        }
        match node.kind() {
            "import_statement" => self.import(node, None),
            "import_from_statement" => {
                let module = node
                    .child_by_field_name("module_name")
                    .map(|m| self.text(m).to_string());
                if let Some(module) = module {
                    self.import(node, Some(module));
                }
            }
            "call" => {
                self.call(node, 0);
            }
            "subscript" => self.environ_subscript(node),
            "identifier" => {
                let span = self.span(node);
                self.read.names.push(span);
            }
            "string" => {
                if let Some(content) = self.string_content(node) {
                    let span = self.span(node);
                    self.read.strings.push(StringLiteral { content, span });
                }
            }
            _ => {}
        }
    }

    fn import(&mut self, node: Node, from: Option<String>) {
        let mut cursor = node.walk();
        for child in node.children_by_field_name("name", &mut cursor) {
            let (name, alias) = match child.kind() {
                "aliased_import" => (
                    child
                        .child_by_field_name("name")
                        .map(|n| self.text(n).to_string()),
                    child
                        .child_by_field_name("alias")
                        .map(|n| self.text(n).to_string()),
                ),
                _ => (Some(self.text(child).to_string()), None),
            };
            let Some(name) = name else { continue };
            let import = match &from {
                Some(module) => Import {
                    module: module.clone(),
                    bound: alias.unwrap_or_else(|| name.clone()),
                    item: Some(name),
                },
                None => Import {
                    bound: alias
                        .unwrap_or_else(|| name.split('.').next().unwrap_or("").to_string()),
                    module: name,
                    item: None,
                },
            };
            self.read.imports.push(import);
        }
    }

    /// A dotted name (`a`, `a.b.c`), or None for anything else.
    fn dotted(&self, node: Node) -> Option<String> {
        match node.kind() {
            "identifier" => Some(self.text(node).to_string()),
            "attribute" => {
                let object = self.dotted(node.child_by_field_name("object")?)?;
                let attr = self.text(node.child_by_field_name("attribute")?);
                Some(format!("{object}.{attr}"))
            }
            _ => None,
        }
    }

    fn resolve(&self, dotted: &str) -> String {
        let (first, rest) = dotted.split_once('.').unwrap_or((dotted, ""));
        match self.read.import_of(first) {
            Some(import) if rest.is_empty() => import.path(),
            Some(import) => format!("{}.{rest}", import.path()),
            None => dotted.to_string(),
        }
    }

    /// Records a call (once: nested calls reached again by the walk are skipped).
    fn call(&mut self, node: Node, depth: usize) -> usize {
        let span = self.span(node);
        if let Some(&i) = self.seen.get(&span) {
            return i;
        }
        let callee = node
            .child_by_field_name("function")
            .and_then(|f| self.dotted(f))
            .unwrap_or_default();
        let resolved = self.resolve(&callee);
        let mut call = Call {
            callee,
            resolved,
            span,
            args: span,
            positional: Vec::new(),
            keywords: Vec::new(),
            splat: false,
        };
        if let Some(args) = node.child_by_field_name("arguments") {
            call.args = self.span(args);
            let mut cursor = args.walk();
            let children: Vec<Node> = args.named_children(&mut cursor).collect();
            for arg in children {
                match arg.kind() {
                    "keyword_argument" => {
                        let (Some(name), Some(value)) = (
                            arg.child_by_field_name("name"),
                            arg.child_by_field_name("value"),
                        ) else {
                            continue;
                        };
                        let name = self.text(name).to_string();
                        let value = self.expr(value, depth + 1);
                        call.keywords.push(Keyword {
                            name,
                            span: self.span(arg),
                            value,
                        });
                    }
                    "list_splat" | "dictionary_splat" => call.splat = true,
                    "comment" => {}
                    _ => {
                        let value = self.expr(arg, depth + 1);
                        call.positional.push(value);
                    }
                }
            }
        }
        let index = self.read.calls.len();
        self.read.calls.push(call);
        self.seen.insert(span, index);
        self.env_call(index, node);
        index
    }

    /// `os.getenv("X")`, `os.environ.get("X")`, `getenv("X")` (from os).
    fn env_call(&mut self, index: usize, node: Node) {
        let call = &self.read.calls[index];
        if !matches!(
            call.resolved.as_str(),
            "os.getenv" | "os.environ.get" | "os.environ.setdefault"
        ) {
            return;
        }
        let Some(Expr {
            span: name_span,
            kind: ExprKind::Str(name),
        }) = call.positional.first().cloned()
        else {
            return;
        };
        let span = call.span;
        let bound = self.assigned_name(node);
        self.read.env_reads.push(EnvRead {
            name,
            name_span,
            span,
            bound,
        });
    }

    /// `os.environ["X"]`.
    fn environ_subscript(&mut self, node: Node) {
        let Some(value) = node.child_by_field_name("value") else {
            return;
        };
        if self.dotted(value).map(|d| self.resolve(&d)).as_deref() != Some("os.environ") {
            return;
        }
        let Some(key) = node.child_by_field_name("subscript") else {
            return;
        };
        let Some(name) = self.string(key) else { return };
        let bound = self.assigned_name(node);
        self.read.env_reads.push(EnvRead {
            name,
            name_span: self.span(key),
            span: self.span(node),
            bound,
        });
    }

    /// `x = <node>` or `x: T = <node>` → `x`.
    fn assigned_name(&self, node: Node) -> Option<String> {
        let parent = node.parent()?;
        if parent.kind() != "assignment" || parent.child_by_field_name("right")? != node {
            return None;
        }
        self.dotted(parent.child_by_field_name("left")?)
    }

    /// The content of a plain (not interpolated) string literal.
    /// Where a plain string's content lies (between the quotes), or None for a
    /// string with interpolations or escapes.
    fn string_content(&self, node: Node) -> Option<Span> {
        let mut cursor = node.walk();
        let mut content: Option<Span> = None;
        let mut after_start = None;
        for child in node.named_children(&mut cursor) {
            match child.kind() {
                "string_start" => after_start = Some(self.span(child).end),
                "string_end" => {}
                "string_content" => {
                    let span = self.span(child);
                    content = Some(content.map_or(span, |c| Span::new(c.start, span.end)));
                }
                _ => return None,
            }
        }
        content.or_else(|| after_start.map(|at| Span::new(at, at)))
    }

    fn string(&self, node: Node) -> Option<String> {
        if node.kind() != "string" {
            return None;
        }
        let mut cursor = node.walk();
        let mut content = String::new();
        for child in node.named_children(&mut cursor) {
            match child.kind() {
                "string_start" | "string_end" => {}
                "string_content" => content.push_str(self.text(child)),
                _ => return None,
            }
        }
        Some(content)
    }

    /// Reads an argument value; past [`MAX_DEPTH`] levels of nesting it is `Other`
    /// (the walk still visits every node, so nothing is lost but the structure).
    fn expr(&mut self, node: Node, depth: usize) -> Expr {
        let span = self.span(node);
        if depth > MAX_DEPTH {
            return Expr {
                span,
                kind: ExprKind::Other,
            };
        }
        let kind = match node.kind() {
            "string" => self.string(node).map_or(ExprKind::Other, ExprKind::Str),
            "true" => ExprKind::Bool(true),
            "false" => ExprKind::Bool(false),
            "identifier" | "attribute" => self.dotted(node).map_or(ExprKind::Other, ExprKind::Name),
            "call" => ExprKind::Call(self.call(node, depth + 1)),
            "list" | "tuple" | "set" => {
                let mut cursor = node.walk();
                let items: Vec<Node> = node
                    .named_children(&mut cursor)
                    .filter(|n| n.kind() != "comment")
                    .collect();
                ExprKind::List(items.into_iter().map(|n| self.expr(n, depth + 1)).collect())
            }
            "dictionary" => {
                let mut cursor = node.walk();
                let pairs: Vec<Node> = node
                    .named_children(&mut cursor)
                    .filter(|n| n.kind() == "pair")
                    .collect();
                ExprKind::Dict(
                    pairs
                        .into_iter()
                        .filter_map(|p| {
                            let k = p.child_by_field_name("key")?;
                            let v = p.child_by_field_name("value")?;
                            Some((self.expr(k, depth + 1), self.expr(v, depth + 1)))
                        })
                        .collect(),
                )
            }
            "parenthesized_expression" => {
                let mut cursor = node.walk();
                let inner = node.named_children(&mut cursor).next();
                return match inner {
                    Some(n) => self.expr(n, depth + 1),
                    None => Expr {
                        span,
                        kind: ExprKind::Other,
                    },
                };
            }
            _ => ExprKind::Other,
        };
        Expr { span, kind }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_ids_pick_out_exactly_the_kinds_read() {
        let source = "import os\nfrom a import b as c\nx = f(\"s\", k=os.environ[\"K\"])\nprint(x)\nmatch = type\n";
        let mut parser = Parser::new();
        parser
            .set_language(&tree_sitter_python::LANGUAGE.into())
            .unwrap();
        let tree = parser.parse(source, None).unwrap();
        let mut cursor = tree.walk();
        let mut seen = 0;
        loop {
            let node = cursor.node();
            let by_name = Kinds::NAMES.contains(&node.kind());
            assert_eq!(KINDS.dispatched(node.kind_id()), by_name, "{}", node.kind());
            seen += usize::from(by_name);
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    assert!(seen > 10, "{seen}");
                    return;
                }
            }
        }
    }

    #[test]
    fn reads_imports_calls_and_keywords() {
        let src = "import os\nfrom jose import jwt as j\nsecret = os.getenv(\"S\")\npayload = j.decode(token, secret, algorithms=[\"HS256\"], options={\"verify_signature\": False})\n";
        let r = read_python(src, 10, 0);
        assert_eq!(r.error, None);
        assert_eq!(r.imports.len(), 2);
        assert_eq!(r.imports[1].path(), "jose.jwt");
        let decode = r.calls.iter().find(|c| c.method() == "decode").unwrap();
        assert_eq!(decode.resolved, "jose.jwt.decode");
        assert_eq!(decode.positional.len(), 2);
        let algs = decode.keyword("algorithms").unwrap();
        let ExprKind::List(items) = &algs.value.kind else {
            panic!("algorithms is a list")
        };
        assert_eq!(items[0].kind.as_str(), Some("HS256"));
        assert_eq!(
            &src[items[0].span.start - 10..items[0].span.end - 10],
            "\"HS256\""
        );
        let env = r.env_of(&decode.positional[1]).unwrap();
        assert_eq!(env.name, "S");
        assert_eq!(env.bound.as_deref(), Some("secret"));
        let ExprKind::Dict(options) = &decode.keyword("options").unwrap().value.kind else {
            panic!("options is a dict")
        };
        assert_eq!(options[0].1.kind, ExprKind::Bool(false));
    }

    #[test]
    fn reads_environ_subscripts_and_nested_calls_once() {
        let r = read_python(
            "import os\nkey = os.environ[\"K\"]\nprint(os.getenv('A'))\n",
            0,
            0,
        );
        let names: Vec<&str> = r.env_reads.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["K", "A"]);
        assert_eq!(r.env_reads[0].bound.as_deref(), Some("key"));
        assert_eq!(r.calls.len(), 2);
    }

    #[test]
    fn reports_the_first_syntax_error() {
        let src = "def f(:\n    return 1\n";
        let r = read_python(src, 100, 0);
        let error = r.error.expect("a syntax error");
        assert!(error.span.start >= 100 && error.span.start < 100 + src.len());
        assert!(error.message == "syntax error" || error.message.starts_with("missing"));
        assert!(read_python("x = [1, 2\n", 0, 0).error.is_some());
        assert_eq!(read_python("", 0, 0).error, None);
    }

    proptest::proptest! {
        #[test]
        fn reading_never_panics_and_spans_stay_in_the_block(src in "[a-z()\\[\\]{}=:,.'\" \n\\\\#é0-9]{0,120}") {
            let r = read_python(&src, 5, 0);
            let inside = |s: Span| s.start >= 5 && s.end <= 5 + src.len() && s.start <= s.end;
            for c in &r.calls {
                proptest::prop_assert!(inside(c.span) && inside(c.args));
            }
            for e in &r.env_reads {
                proptest::prop_assert!(inside(e.name_span));
            }
            if let Some(e) = &r.error {
                proptest::prop_assert!(inside(e.span));
            }
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let src = format!("x = {}1{}\n", "(".repeat(5000), ")".repeat(5000));
        let r = read_python(&src, 0, 0);
        assert!(r.calls.is_empty());
        let src = format!("{}1{}\n", "f(".repeat(3000), ")".repeat(3000));
        let r = read_python(&src, 0, 0);
        assert_eq!(r.calls.len(), 3000);
    }
}
