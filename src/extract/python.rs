//! ```python blocks read with a real parser (ruff's, as published by RustPython):
//! imports, calls with their arguments, environment reads, names and string
//! literals, each with byte spans into the document.
//!
//! Each block is parsed once per document; the rules read the facts collected here
//! and never look at Python source text themselves. A block that does not parse
//! keeps the facts of the parts that did (the parser recovers), plus its first
//! error, which C008 reports (the rules do not guess at what a broken block meant).
//!
//! The parser and its syntax tree recurse once per level of nesting, and a block
//! may nest thousands of levels deep. A block's size bounds that depth, and on a
//! worker thread (whose stack is large) an ordinary block is read at once. Other
//! blocks get a lexer pass that bounds the depth more closely: one that could need
//! more stack than the thread safely has is read on a thread with a stack sized
//! for it, and one nested deeper than [`MAX_NESTING`] is reported instead of read.

use ruff_python_ast::token::TokenKind;
use ruff_python_ast::visitor::source_order::{self, SourceOrderVisitor};
use ruff_python_ast::{self as ast, PySourceType, Stmt, StringFlags};
use ruff_python_parser::{Mode, lexer};
use ruff_text_size::{Ranged, TextRange};
use rustc_hash::FxHashMap;

use crate::span::Span;

mod excerpt;

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
    /// Names assigned a string or a list of strings (`ALGORITHM = "HS256"`), in
    /// order: what a call's argument means when it names one.
    pub constants: Vec<Constant>,
    /// Every class definition, outer classes before the classes inside them.
    pub classes: Vec<ClassDef>,
}

/// `NAME = "value"` or `NAME = ["a", "b"]`: a name bound to literal strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constant {
    pub name: String,
    /// The value as written where it is assigned.
    pub value: Expr,
}

/// `class Task(SQLModel, table=True):` and the attributes its body declares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassDef {
    pub name: String,
    pub name_span: Span,
    /// The whole definition, body included.
    pub span: Span,
    /// Base classes that are names or dotted names, as written.
    pub bases: Vec<String>,
    /// `table=True`, `metaclass=...`.
    pub keywords: Vec<Keyword>,
    /// `name: annotation [= value]` and `name = value` statements directly in the
    /// body, in order.
    pub attributes: Vec<ClassAttribute>,
}

/// One attribute statement of a class body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassAttribute {
    pub name: String,
    /// The statement.
    pub span: Span,
    /// The annotation's span, when there is one: its text is the type as written.
    pub annotation: Option<Span>,
    pub value: Option<Expr>,
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
    /// Made by test code: inside a `test_` function, a `Test` class or a pytest
    /// fixture (`@pytest.fixture`), which make tokens to test the code under test.
    pub in_test: bool,
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

    /// What an argument means: the value of the constant it names, when the block
    /// assigned that name a literal before, else the argument itself.
    pub fn value_of<'r>(&'r self, expr: &'r Expr) -> &'r Expr {
        let ExprKind::Name(name) = &expr.kind else {
            return expr;
        };
        self.constants
            .iter()
            .rev()
            .find(|c| &c.name == name && c.value.span.end <= expr.span.start)
            .map_or(expr, |c| &c.value)
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

/// Blocks nested deeper than this (by [`nesting_bound`]) are not parsed.
pub const MAX_NESTING: usize = 4096;

/// Stack one level of nesting may take: parser, syntax tree walk and drop. Measured
/// at 0.6 to 3.4 KiB in release builds (f-strings the most); debug builds take more.
const STACK_PER_LEVEL: usize = if cfg!(debug_assertions) {
    32 << 10
} else {
    8 << 10
};

/// Stack a block may use on the calling thread (a worker has 2 MiB, the main
/// thread 8 MiB, and the callers' own frames come first).
const INLINE_STACK: usize = 512 << 10;

/// Stack the callers' own frames may take on a worker thread, before the parser's.
const WORKER_RESERVED: usize = 1 << 20;

/// Reads one block's source; `base` is the file offset of its first byte.
pub fn read_python(source: &str, base: usize, block: usize) -> PythonRead {
    let quick = size_bound(source);
    let room = crate::parallel::worker_stack().map_or(INLINE_STACK, |s| s - WORKER_RESERVED);
    if quick <= MAX_NESTING && quick.saturating_mul(STACK_PER_LEVEL) <= room {
        // Cannot be too deep to read, nor too deep for this thread.
        return read_parsed(source, base, block);
    }
    let bound = nesting_bound(source);
    if bound > MAX_NESTING {
        let message = format!("nested more than {MAX_NESTING} levels deep; not read");
        return unread(source, base, block, message);
    }
    let stack = bound.saturating_mul(STACK_PER_LEVEL);
    if stack <= INLINE_STACK {
        return read_parsed(source, base, block);
    }
    std::thread::scope(|scope| {
        let reader = std::thread::Builder::new()
            .name("python-reader".into())
            .stack_size(stack + INLINE_STACK)
            .spawn_scoped(scope, || read_parsed(source, base, block));
        match reader {
            Ok(reader) => reader
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had (out of memory or threads): not read, and said so.
            Err(e) => unread(
                source,
                base,
                block,
                format!("nested too deep to read here ({e})"),
            ),
        }
    })
}

/// A block that was not parsed: its whole extent is the error.
fn unread(source: &str, base: usize, block: usize, message: String) -> PythonRead {
    PythonRead {
        block,
        error: Some(SyntaxError {
            span: Span::new(base, base + source.len()),
            message,
        }),
        ..PythonRead::default()
    }
}

/// A bound on [`nesting_bound`] from the block's size alone, without lexing it.
/// Indentation levels strictly increase in characters (the lexer refuses a
/// level that does not), so there are no more of them than the deepest line
/// has leading blanks; and every other level counted is a token of at least one
/// byte. The margin covers the statement itself and a token at the end.
fn size_bound(source: &str) -> usize {
    let indent = source
        .split('\n')
        .map(|line| {
            line.bytes()
                .take_while(|b| matches!(b, b' ' | b'\t' | b'\x0c'))
                .count()
        })
        .max()
        .unwrap_or(0);
    indent + source.len() + 16
}

/// An upper bound on how deep the parser recurses and the syntax tree nests: the
/// indentation, plus for each open bracket (and f-string) one level and the
/// operators and keywords in its current element. Commas start a new element and
/// line ends a new statement, so long flat lists and long files stay shallow.
/// Names, numbers and strings are leaves.
fn nesting_bound(source: &str) -> usize {
    let mut lexer = lexer::lex(source, Mode::Module);
    let mut indent = 0usize;
    // Operators counted in the current element of each open bracket; the first
    // entry is the statement itself.
    let mut levels: Vec<usize> = vec![0];
    // Σ over open brackets of (1 + their operators), plus the statement's operators.
    let mut open = 0usize;
    let mut deepest = 0usize;
    loop {
        match lexer.next_token() {
            TokenKind::EndOfFile => break,
            TokenKind::Lpar
            | TokenKind::Lsqb
            | TokenKind::Lbrace
            | TokenKind::FStringStart
            | TokenKind::TStringStart => {
                levels.push(0);
                open += 1;
            }
            TokenKind::Rpar
            | TokenKind::Rsqb
            | TokenKind::Rbrace
            | TokenKind::FStringEnd
            | TokenKind::TStringEnd => {
                if levels.len() > 1 {
                    let ops = levels.pop().unwrap_or(0);
                    open -= 1 + ops;
                }
            }
            TokenKind::Comma => {
                if let Some(ops) = levels.last_mut() {
                    open -= *ops;
                    *ops = 0;
                }
            }
            TokenKind::Newline | TokenKind::Semi => {
                levels.truncate(1);
                levels[0] = 0;
                open = 0;
            }
            TokenKind::Indent => indent += 1,
            TokenKind::Dedent => indent = indent.saturating_sub(1),
            TokenKind::Name
            | TokenKind::Int
            | TokenKind::Float
            | TokenKind::Complex
            | TokenKind::String
            | TokenKind::FStringMiddle
            | TokenKind::TStringMiddle
            | TokenKind::Comment
            | TokenKind::NonLogicalNewline => {}
            _ => {
                if let Some(ops) = levels.last_mut() {
                    *ops += 1;
                }
                open += 1;
            }
        }
        deepest = deepest.max(indent + open);
    }
    deepest
}

/// Parses and walks one block. The syntax tree is dropped here too: on a thread
/// with a large stack, dropping a deep tree recurses as deep as building it.
///
/// A block that parses as written is read as written (the fast path). One that
/// does not is read as its author meant it ([`excerpt`]): not at all when it is
/// not Python, else with prompts stripped, its indentation removed and each error
/// an idiom explains repaired, the spans mapped back to the block.
fn read_parsed(source: &str, base: usize, block: usize) -> PythonRead {
    let parsed = ruff_python_parser::parse_unchecked_source(source, PySourceType::Python);
    if parsed.errors().is_empty() {
        return walk(source, base, block, &parsed);
    }
    if excerpt::not_python(source) {
        return PythonRead {
            block,
            ..PythonRead::default()
        };
    }
    let mut excerpt = excerpt::Excerpt::new(source);
    let mut parsed = if excerpt.changed() {
        ruff_python_parser::parse_unchecked_source(excerpt.text(), PySourceType::Python)
    } else {
        parsed
    };
    for _ in 0..MAX_REPAIRS {
        let Some(error) = parsed.errors().iter().min_by_key(|e| e.location.start()) else {
            break;
        };
        if !excerpt.repair(error.location, &error.error.to_string()) {
            break;
        }
        parsed = ruff_python_parser::parse_unchecked_source(excerpt.text(), PySourceType::Python);
    }
    if !excerpt.changed() {
        return walk(source, base, block, &parsed);
    }
    let mut read = walk(excerpt.text(), 0, block, &parsed);
    read.map_spans(|s| {
        let start = excerpt.start(s.start);
        Span::new(base + start, base + excerpt.end(s.end).max(start))
    });
    read
}

/// Repairs tried on one block before what remains is reported.
const MAX_REPAIRS: usize = 16;

impl PythonRead {
    /// Moves every span the read holds.
    fn map_spans(&mut self, f: impl Fn(Span) -> Span) {
        fn expr(e: &mut Expr, f: &impl Fn(Span) -> Span) {
            e.span = f(e.span);
            match &mut e.kind {
                ExprKind::List(items) => items.iter_mut().for_each(|i| expr(i, f)),
                ExprKind::Dict(pairs) => pairs.iter_mut().for_each(|(k, v)| {
                    expr(k, f);
                    expr(v, f);
                }),
                _ => {}
            }
        }
        if let Some(error) = &mut self.error {
            error.span = f(error.span);
        }
        for call in &mut self.calls {
            call.span = f(call.span);
            call.args = f(call.args);
            call.positional.iter_mut().for_each(|e| expr(e, &f));
            for keyword in &mut call.keywords {
                keyword.span = f(keyword.span);
                expr(&mut keyword.value, &f);
            }
        }
        for read in &mut self.env_reads {
            read.name_span = f(read.name_span);
            read.span = f(read.span);
        }
        self.names.iter_mut().for_each(|s| *s = f(*s));
        for constant in &mut self.constants {
            expr(&mut constant.value, &f);
        }
        for string in &mut self.strings {
            string.content = f(string.content);
            string.span = f(string.span);
        }
    }
}

/// Walks one parsed block: `source` is the text that was parsed.
fn walk(
    source: &str,
    base: usize,
    block: usize,
    parsed: &ruff_python_parser::Parsed<ast::ModModule>,
) -> PythonRead {
    let mut walker = Walker {
        src: source,
        base,
        read: PythonRead {
            block,
            ..PythonRead::default()
        },
        seen: FxHashMap::default(),
        assigned: None,
        tests: 0,
    };
    walker.read.error = parsed
        .errors()
        .iter()
        .min_by_key(|e| e.location.start())
        .map(|e| SyntaxError {
            span: walker.span(e.location),
            message: e.error.to_string(),
        });
    // Sized exactly from the tokens: every name is one, and every plain string
    // literal is one string token.
    let tokens = parsed.tokens();
    let (mut names, mut strings) = (0, 0);
    for token in tokens.iter() {
        match token.kind() {
            TokenKind::Name => names += 1,
            TokenKind::String => strings += 1,
            _ => {}
        }
    }
    walker.read.names.reserve_exact(names);
    walker.read.strings.reserve_exact(strings);
    for token in tokens.iter() {
        if token.kind() == TokenKind::Name {
            let span = walker.span(token.range());
            walker.read.names.push(span);
        }
    }
    walker.visit_body(&parsed.syntax().body);
    walker.read
}

/// The walk over one block's syntax tree.
struct Walker<'s, 'a> {
    src: &'s str,
    base: usize,
    read: PythonRead,
    /// Calls read inside another's arguments, which the walk reaches again. Keyed
    /// by spans, which need no protection against chosen collisions: a fast hash
    /// suits them.
    seen: FxHashMap<Span, usize>,
    /// `x = <value>` while the walk is inside it: the value's span and the target,
    /// `x`. (An assignment holds no statement, so there is one at most; and a read
    /// that is an assignment's value is reached only inside it.)
    assigned: Option<(Span, &'a ast::Expr)>,
    /// How many test functions, test classes and fixtures the walk is inside.
    tests: usize,
}

/// Whether a function or class is test code: `test_…`, `Test…`, or decorated
/// `@pytest.fixture` / `@fixture` (with or without arguments).
fn is_test_code(stmt: &Stmt) -> bool {
    let fixture = |decorators: &[ast::Decorator]| {
        decorators.iter().any(|d| {
            let callee = match &d.expression {
                ast::Expr::Call(call) => &*call.func,
                other => other,
            };
            dotted(callee).is_some_and(|n| n == "fixture" || n.ends_with(".fixture"))
        })
    };
    match stmt {
        Stmt::FunctionDef(f) => f.name.as_str().starts_with("test") || fixture(&f.decorator_list),
        Stmt::ClassDef(c) => c.name.as_str().starts_with("Test"),
        _ => false,
    }
}

impl<'a> SourceOrderVisitor<'a> for Walker<'_, 'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Import(import) => {
                for alias in &import.names {
                    let module = alias.name.as_str().to_string();
                    let bound = match &alias.asname {
                        Some(asname) => asname.as_str().to_string(),
                        None => module.split('.').next().unwrap_or("").to_string(),
                    };
                    self.read.imports.push(Import {
                        module,
                        item: None,
                        bound,
                    });
                }
            }
            Stmt::ImportFrom(from) => {
                let level = usize::try_from(from.level).unwrap_or(0);
                let name = from.module.as_ref().map_or("", |m| m.as_str());
                let mut module = String::with_capacity(level.saturating_add(name.len()));
                module.extend(std::iter::repeat_n('.', level));
                module.push_str(name);
                if !module.is_empty() {
                    for alias in from.names.iter().filter(|a| a.name.as_str() != "*") {
                        let item = alias.name.as_str().to_string();
                        self.read.imports.push(Import {
                            module: module.clone(),
                            bound: alias
                                .asname
                                .as_ref()
                                .map_or_else(|| item.clone(), |a| a.as_str().to_string()),
                            item: Some(item),
                        });
                    }
                }
            }
            Stmt::ClassDef(class) => self.class(class),
            // `a = b = v` binds `v` to `b` last.
            Stmt::Assign(assign) => {
                if let Some(target) = assign.targets.last() {
                    self.assigned = Some((self.span(assign.value.range()), target));
                    self.constant(target, &assign.value);
                }
            }
            Stmt::AnnAssign(assign) => {
                if let Some(value) = &assign.value {
                    self.assigned = Some((self.span(value.range()), &assign.target));
                    self.constant(&assign.target, value);
                }
            }
            _ => {}
        }
        let test = is_test_code(stmt);
        self.tests += usize::from(test);
        source_order::walk_stmt(self, stmt);
        self.tests -= usize::from(test);
        self.assigned = None;
    }

    fn visit_expr(&mut self, expr: &'a ast::Expr) {
        match expr {
            ast::Expr::Call(call) => {
                self.call(call, 0);
            }
            ast::Expr::Subscript(subscript) => self.environ_subscript(subscript),
            _ => {}
        }
        source_order::walk_expr(self, expr);
    }

    fn visit_string_literal(&mut self, literal: &'a ast::StringLiteral) {
        if let Some(content) = self.plain_content(literal) {
            self.read.strings.push(StringLiteral {
                content,
                span: self.span(literal.range),
            });
        }
    }
}

/// A dotted name (`a`, `a.b.c`), or None for anything else.
fn dotted(expr: &ast::Expr) -> Option<String> {
    let mut out = String::with_capacity(dotted_len(expr)?);
    push_dotted(expr, &mut out);
    Some(out)
}

/// The length of [`dotted`]'s name, or None when `expr` is not a dotted name.
fn dotted_len(mut expr: &ast::Expr) -> Option<usize> {
    let mut len = 0usize;
    loop {
        match expr {
            ast::Expr::Name(name) => return Some(len.saturating_add(name.id.len())),
            ast::Expr::Attribute(attribute) => {
                len = len.saturating_add(attribute.attr.len() + 1);
                expr = &attribute.value;
            }
            _ => return None,
        }
    }
}

/// Appends a dotted name, its first name first (`expr` is one: [`dotted_len`]).
fn push_dotted(expr: &ast::Expr, out: &mut String) {
    match expr {
        ast::Expr::Name(name) => out.push_str(name.id.as_str()),
        ast::Expr::Attribute(attribute) => {
            push_dotted(&attribute.value, out);
            out.push('.');
            out.push_str(attribute.attr.as_str());
        }
        _ => {}
    }
}

impl Walker<'_, '_> {
    /// Records a class, its bases and its attribute statements. Calls in the
    /// attributes' values are read here (at a depth), so the walk that follows
    /// finds them read.
    fn class(&mut self, class: &ast::StmtClassDef) {
        let mut def = ClassDef {
            name: class.name.as_str().to_string(),
            name_span: self.span(class.name.range),
            span: self.span(class.range),
            bases: Vec::new(),
            keywords: Vec::new(),
            attributes: Vec::new(),
        };
        if let Some(arguments) = &class.arguments {
            def.bases = arguments.args.iter().filter_map(dotted).collect();
            for keyword in &arguments.keywords {
                if let Some(name) = &keyword.arg {
                    let value = self.expr(&keyword.value, 1);
                    def.keywords.push(Keyword {
                        name: name.as_str().to_string(),
                        span: self.span(keyword.range),
                        value,
                    });
                }
            }
        }
        for stmt in &class.body {
            let (target, annotation, value, range) = match stmt {
                Stmt::AnnAssign(a) => (
                    &*a.target,
                    Some(self.span(a.annotation.range())),
                    a.value.as_deref(),
                    a.range,
                ),
                Stmt::Assign(a) if a.targets.len() == 1 => {
                    (&a.targets[0], None, Some(&*a.value), a.range)
                }
                _ => continue,
            };
            let ast::Expr::Name(name) = target else {
                continue;
            };
            let value = value.map(|v| self.expr(v, 1));
            def.attributes.push(ClassAttribute {
                name: name.id.as_str().to_string(),
                span: self.span(range),
                annotation,
                value,
            });
        }
        self.read.classes.push(def);
    }

    fn span(&self, range: TextRange) -> Span {
        let len = self.src.len();
        let start = range.start().to_usize().min(len);
        let end = range.end().to_usize().clamp(start, len);
        Span::new(self.base + start, self.base + end)
    }

    /// Records `NAME = "literal"` and `NAME = ["a", "b"]`.
    fn constant(&mut self, target: &ast::Expr, value: &ast::Expr) {
        let ast::Expr::Name(name) = target else {
            return;
        };
        let literal = |e: &ast::Expr| matches!(e, ast::Expr::StringLiteral(_));
        let strings = match value {
            ast::Expr::List(ast::ExprList { elts, .. })
            | ast::Expr::Tuple(ast::ExprTuple { elts, .. }) => elts.iter().all(literal),
            other => literal(other),
        };
        if strings {
            let value = self.expr(value, 1);
            self.read.constants.push(Constant {
                name: name.id.as_str().to_string(),
                value,
            });
        }
    }

    /// `dotted` with its first name replaced by the path an import bound it to.
    fn resolve(&self, dotted: &str) -> String {
        let parts = self.resolved_parts(dotted);
        let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
        for part in parts {
            out.push_str(part);
        }
        out
    }

    /// Whether [`Walker::resolve`] would give `path`, found without building it.
    fn resolves_to(&self, dotted: &str, path: &str) -> bool {
        let mut rest = path;
        for part in self.resolved_parts(dotted) {
            match rest.strip_prefix(part) {
                Some(after) => rest = after,
                None => return false,
            }
        }
        rest.is_empty()
    }

    /// [`Walker::resolve`]'s result in pieces, end to end: the import's module,
    /// `.` and its item, and what follows the first name.
    fn resolved_parts<'d>(&'d self, dotted: &'d str) -> [&'d str; 4] {
        let (first, rest) = dotted.split_at(
            dotted
                .bytes()
                .position(|b| b == b'.')
                .unwrap_or(dotted.len()),
        );
        // `rest` is empty, or `.` and the rest.
        match self.read.import_of(first) {
            Some(import) => match &import.item {
                Some(item) => [&import.module, ".", item, rest],
                None => [&import.module, "", "", rest],
            },
            None => [dotted, "", "", ""],
        }
    }

    /// Records a call (once: nested calls reached again by the walk are skipped).
    fn call(&mut self, node: &ast::ExprCall, depth: usize) -> usize {
        let span = self.span(node.range);
        // Only a call read inside another's arguments (at a depth) is reached
        // twice: first from the call around it, then by the walk.
        if depth == 0 && !self.seen.is_empty() {
            if let Some(&i) = self.seen.get(&span) {
                return i;
            }
        }
        let callee = dotted(&node.func).unwrap_or_default();
        let resolved = self.resolve(&callee);
        let mut call = Call {
            callee,
            resolved,
            span,
            args: self.span(node.arguments.range),
            // Sized for every argument (a `*args` or `**kwargs` is not kept).
            positional: Vec::with_capacity(node.arguments.args.len()),
            keywords: Vec::with_capacity(node.arguments.keywords.len()),
            splat: false,
            in_test: self.tests > 0,
        };
        for arg in &node.arguments.args {
            if matches!(arg, ast::Expr::Starred(_)) {
                call.splat = true;
            } else {
                let value = self.expr(arg, depth + 1);
                call.positional.push(value);
            }
        }
        for keyword in &node.arguments.keywords {
            let Some(name) = &keyword.arg else {
                call.splat = true;
                continue;
            };
            let value = self.expr(&keyword.value, depth + 1);
            call.keywords.push(Keyword {
                name: name.as_str().to_string(),
                span: self.span(keyword.range),
                value,
            });
        }
        let index = self.read.calls.len();
        self.read.calls.push(call);
        if depth > 0 {
            self.seen.insert(span, index);
        }
        self.env_call(index);
        index
    }

    /// `os.getenv("X")`, `os.environ.get("X")`, `getenv("X")` (from os).
    fn env_call(&mut self, index: usize) {
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
        let bound = self.bound(span);
        self.read.env_reads.push(EnvRead {
            name,
            name_span,
            span,
            bound,
        });
    }

    /// The name a value is assigned to, when it is a dotted name.
    fn bound(&self, value: Span) -> Option<String> {
        self.assigned
            .filter(|&(span, _)| span == value)
            .and_then(|(_, target)| dotted(target))
    }

    /// `os.environ["X"]`.
    fn environ_subscript(&mut self, node: &ast::ExprSubscript) {
        if !dotted(&node.value).is_some_and(|name| self.resolves_to(&name, "os.environ")) {
            return;
        }
        let Some(name) = self.plain_str(&node.slice) else {
            return;
        };
        let span = self.span(node.range);
        let bound = self.bound(span);
        self.read.env_reads.push(EnvRead {
            name,
            name_span: self.span(node.slice.range()),
            span,
            bound,
        });
    }

    /// Where a string literal's content lies (between the quotes), or None when it
    /// holds escapes: then its text is not what the code means.
    fn plain_content(&self, literal: &ast::StringLiteral) -> Option<Span> {
        let span = self.span(literal.range);
        let text = &self.src[span.start - self.base..span.end - self.base];
        let opener = literal.flags.opener_len().to_usize();
        let closer = literal.flags.closer_len().to_usize();
        // An unterminated literal has no closing quotes.
        let closer = if text.len() >= opener + closer && text.ends_with(literal.flags.quote_str()) {
            closer
        } else {
            0
        };
        let content = text.get(opener..text.len().checked_sub(closer)?)?;
        // Literals are short: a plain byte search beats a call into memchr.
        if !literal.flags.prefix().is_raw() && content.bytes().any(|b| b == b'\\') {
            return None;
        }
        Some(Span::new(
            span.start + opener,
            span.start + opener + content.len(),
        ))
    }

    /// The content of a single plain string literal (not concatenated, no escapes).
    fn plain_str(&self, expr: &ast::Expr) -> Option<String> {
        let ast::Expr::StringLiteral(string) = expr else {
            return None;
        };
        let [literal] = string.value.as_slice() else {
            return None;
        };
        let content = self.plain_content(literal)?;
        Some(self.src[content.start - self.base..content.end - self.base].to_string())
    }

    /// Reads an argument value; past [`MAX_DEPTH`] levels of nesting it is `Other`
    /// (the walk still visits every node, so nothing is lost but the structure).
    fn expr(&mut self, node: &ast::Expr, depth: usize) -> Expr {
        let span = self.span(node.range());
        if depth > MAX_DEPTH {
            return Expr {
                span,
                kind: ExprKind::Other,
            };
        }
        let kind = match node {
            ast::Expr::StringLiteral(_) => {
                self.plain_str(node).map_or(ExprKind::Other, ExprKind::Str)
            }
            ast::Expr::BooleanLiteral(b) => ExprKind::Bool(b.value),
            ast::Expr::Name(_) | ast::Expr::Attribute(_) => {
                dotted(node).map_or(ExprKind::Other, ExprKind::Name)
            }
            ast::Expr::Call(call) => ExprKind::Call(self.call(call, depth + 1)),
            ast::Expr::List(ast::ExprList { elts, .. })
            | ast::Expr::Tuple(ast::ExprTuple { elts, .. })
            | ast::Expr::Set(ast::ExprSet { elts, .. }) => {
                ExprKind::List(elts.iter().map(|e| self.expr(e, depth + 1)).collect())
            }
            ast::Expr::Dict(dict) => ExprKind::Dict(
                dict.items
                    .iter()
                    .filter_map(|item| {
                        let key = item.key.as_ref()?;
                        Some((self.expr(key, depth + 1), self.expr(&item.value, depth + 1)))
                    })
                    .collect(),
            ),
            _ => ExprKind::Other,
        };
        Expr { span, kind }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(error.message.starts_with("Expected"), "{}", error.message);
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

    proptest::proptest! {
        /// Blocks built from the idioms the excerpt reader repairs, and from what
        /// breaks them: every span stays in the block, on character boundaries.
        #[test]
        fn excerpts_keep_spans_in_the_block(parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "    ", "\t", ">>> ", "... ", "...", "except E:", "elif x:", "else:", "try:",
                "def f(", "a, ...)", "f(k=1, ...)", " -> dict", ":", "# é\n", "<x_y>", "[Mod]",
                "{res}", ".m(1)", "SELECT 1", "POST /x", "\n", "\r\n", "x = 'é", "jwt.decode(t)",
                "class C", "pass", "(", ")",
            ]),
            0..24,
        )) {
            let src = parts.concat();
            let r = read_python(&src, 3, 0);
            let inside = |s: Span| {
                s.start >= 3 && s.end <= 3 + src.len() && s.start <= s.end
                    && src.is_char_boundary(s.start - 3) && src.is_char_boundary(s.end - 3)
            };
            for c in &r.calls {
                proptest::prop_assert!(inside(c.span) && inside(c.args));
            }
            for s in r.names.iter().chain(r.strings.iter().map(|s| &s.content)) {
                proptest::prop_assert!(inside(*s));
            }
            if let Some(e) = &r.error {
                proptest::prop_assert!(inside(e.span));
            }
        }
    }

    #[test]
    fn excerpts_read_as_their_authors_mean_them() {
        let read = |src: &str| read_python(src, 0, 0);
        // A list item's block, a REPL transcript, elisions, excerpts.
        for src in [
            "   import os\n\n   key = os.getenv(\"K\")\n",
            ">>> import os\n>>> os.getenv(\"K\")\n'value'\n",
            "async def stream(...):\n    ...\n",
            "agent = Agent(name=\"a\", ...)\n",
            "def handler(request):\n    # validate, then store\n",
            "try:\n    # the call\nexcept KeyError:\n    pass\n",
            "except ValueError:\n    raise\n",
            "elif ready:\n    go()\n",
            "def list_items(owner: str) -> list\n",
            "    def save(self, item):\n        self.items.append(item)\n",
            "rows = query()\n.filter(x)\n",
            "class [Model](Base):\n    pass\n",
            "try:\n    run()\n",
            "\"tags\": {\"type\": \"array\"},\n\"done\": bool,\n",
        ] {
            assert_eq!(read(src).error, None, "{src}");
        }
        // Not Python: nothing is read, nothing reported.
        let sql = read("# every row\nSELECT * FROM items;\n");
        assert_eq!((sql.error, sql.names.len()), (None, 0));
        // What is still wrong is reported where the author wrote it.
        let src = "1. Step\n   x = 1\n   def f(:\n       return x\n";
        let block = &src[8..];
        let r = read_python(block, 8, 0);
        let error = r.error.expect("still an error");
        assert!(src[error.span.start..].starts_with(":\n"), "{error:?}");
        // Facts of a repaired block point into the block.
        let src = "  payload = jwt.decode(token, key)\n  except JWTError:\n      pass\n";
        let r = read_python(src, 0, 0);
        assert_eq!(r.error, None);
        let call = &r.calls[0];
        assert_eq!(&src[call.span.range()], "jwt.decode(token, key)");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let r = read_python(
            &format!("{}1{}\n", "f(".repeat(3000), ")".repeat(3000)),
            0,
            0,
        );
        assert_eq!(r.error, None);
        assert_eq!(r.calls.len(), 3000);
        // Every construct the parser recurses on, as deep as is read.
        let n = MAX_NESTING / 2 - 2;
        let mut nested_ifs = String::new();
        for i in 0..n / 2 {
            nested_ifs.push_str(&format!("{}if x:\n", " ".repeat(i)));
        }
        nested_ifs.push_str(&format!("{}pass\n", " ".repeat(n / 2)));
        let mut f_strings = String::from("1");
        for _ in 0..n / 2 {
            f_strings = format!("f\"{{{f_strings}}}\"");
        }
        for src in [
            format!("x = {}1{}\n", "(".repeat(n), ")".repeat(n)),
            format!("x = {}1{}\n", "[".repeat(n), "]".repeat(n)),
            format!("x = {}1\n", "not ".repeat(n)),
            format!("x = {}1\n", "-".repeat(n)),
            format!("x = {}1\n", "lambda: ".repeat(n)),
            format!("x = {}1\n", "2**".repeat(n)),
            format!("x = {}1\n", "1 if y else ".repeat(n)),
            format!("x = a{}\n", ".b".repeat(n)),
            format!("x = {}1\n", "1 + ".repeat(n)),
            nested_ifs,
            format!("x = {f_strings}\n"),
        ] {
            let r = read_python(&src, 0, 0);
            assert_eq!(r.error, None, "{}", &src[..40.min(src.len())]);
        }
    }

    /// On a worker, a block is read without the lexer's bound whenever its size
    /// bound fits the worker's stack: blocks built to fill that allowance with the
    /// deepest constructs per byte are read there, not overflowed.
    #[test]
    fn blocks_read_on_workers_by_their_size_alone_fit_the_stack() {
        let room = crate::parallel::WORKER_STACK - WORKER_RESERVED;
        let levels = (room / STACK_PER_LEVEL).min(MAX_NESTING);
        let fill = |unit: &str, tail: &str| {
            let n = (levels - 16 - 4 - tail.len()) / unit.len();
            format!("x = {}{tail}", unit.repeat(n))
        };
        let mut f_string = String::from("1");
        while f_string.len() + 16 < levels - 16 {
            f_string = format!("f\"{{{f_string}}}\"");
        }
        let sources = vec![
            fill("-", "1\n"),
            fill("(", "\n"),
            fill("[", "\n"),
            fill("not ", "1\n"),
            fill("2**", "1\n"),
            fill("lambda: ", "1\n"),
            fill("f(", "\n"),
            format!("x = {f_string}\n"),
        ];
        for src in &sources {
            assert!(size_bound(src) <= levels, "{}", size_bound(src));
        }
        // More than one item: they are read on the pool's workers.
        let reads = crate::parallel::map(&sources, |src| {
            assert!(crate::parallel::worker_stack().is_some());
            read_python(src, 0, 0)
        });
        for (src, r) in sources.iter().zip(reads) {
            let unread = r
                .error
                .as_ref()
                .is_some_and(|e| e.message.contains("not read"));
            assert!(!unread, "{}", &src[..20]);
        }
        assert!(
            sources
                .iter()
                .any(|s| nesting_bound(s) > INLINE_STACK / STACK_PER_LEVEL),
            "off a worker, these would be read on a thread of their own"
        );
    }

    #[test]
    fn nesting_past_the_limit_is_reported_not_read() {
        let src = format!(
            "x = {}1{}\n",
            "(".repeat(MAX_NESTING + 1),
            ")".repeat(MAX_NESTING + 1)
        );
        let r = read_python(&src, 7, 0);
        assert!(r.calls.is_empty());
        let error = r.error.expect("reported");
        assert_eq!(error.span, Span::new(7, 7 + src.len()));
        assert!(
            error.message.contains("nested more than 4096 levels"),
            "{}",
            error.message
        );
    }

    #[test]
    fn long_flat_code_is_not_deep() {
        // A long list, a long sum of products and many statements stay shallow.
        let list = format!("x = [{}]\n", "f(a.b + 1), ".repeat(20_000));
        assert!(nesting_bound(&list) < 10, "{}", nesting_bound(&list));
        let statements = "x = a.b(c)[d] + 1\n".repeat(10_000);
        assert!(
            nesting_bound(&statements) < 10,
            "{}",
            nesting_bound(&statements)
        );
        assert_eq!(read_python(&list, 0, 0).calls.len(), 20_000);
    }

    #[test]
    fn reads_resolve_through_imports_and_bind_to_assignments() {
        let src = "from os import environ as env, getenv\nfrom ..pkg import mod as m\nimport os.path\n\
                   def f():\n    key: str = env[\"K\"]\n    other = getenv(\"O\")\n    return other\n\
                   x = m.call(k=g(h()), *rest)\ny = os.path.join(a.b, 'c')\n";
        let r = read_python(src, 0, 0);
        assert_eq!(r.error, None);
        let imports: Vec<(String, String)> = r
            .imports
            .iter()
            .map(|i| (i.path(), i.bound.clone()))
            .collect();
        assert_eq!(
            imports,
            [
                ("os.environ".to_string(), "env".to_string()),
                ("os.getenv".to_string(), "getenv".to_string()),
                ("..pkg.mod".to_string(), "m".to_string()),
                ("os.path".to_string(), "os".to_string()),
            ]
        );
        let reads: Vec<(&str, Option<&str>)> = r
            .env_reads
            .iter()
            .map(|e| (e.name.as_str(), e.bound.as_deref()))
            .collect();
        assert_eq!(reads, [("K", Some("key")), ("O", Some("other"))]);
        let calls: Vec<(&str, &str)> = r
            .calls
            .iter()
            .map(|c| (c.callee.as_str(), c.resolved.as_str()))
            .collect();
        assert_eq!(
            calls,
            // A call is recorded once its arguments are read; `import os.path`
            // binds `os` to `os.path`.
            [
                ("getenv", "os.getenv"),
                ("h", "h"),
                ("g", "g"),
                ("m.call", "..pkg.mod.call"),
                ("os.path.join", "os.path.path.join"),
            ]
        );
        assert!(r.calls[3].splat);
        assert_eq!(r.calls[3].keywords[0].value.kind, ExprKind::Call(2));
        assert_eq!(r.calls[4].positional[0].kind, ExprKind::Name("a.b".into()));
    }

    #[test]
    fn strings_keep_their_content_spans_and_skip_escapes() {
        let src = "a = 'Bearer '\nb = r\"\\d\"\nc = \"x\\ny\"\nd = f\"{'cookie'}\"\ne = \"\"\"doc\"\"\"\n";
        let r = read_python(src, 0, 0);
        let contents: Vec<&str> = r.strings.iter().map(|s| &src[s.content.range()]).collect();
        assert_eq!(contents, ["Bearer ", "\\d", "cookie", "doc"]);
        let names: Vec<&str> = r.names.iter().map(|s| &src[s.range()]).collect();
        assert_eq!(names, ["a", "b", "c", "d", "e"]);
    }
}
