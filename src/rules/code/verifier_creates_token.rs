//! C003 verifier-creates-token: code on a verifier's side that creates a token.

use crate::diagnostic::Diagnostic;
use crate::rules::code::libs;
use crate::rules::diagram::component_list;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a Python call that creates a token (`jwt.encode`, `jws.sign`) in a code block that belongs to a component the model lets only verify that token (in `verified_by`, not in `created_by`). Test code is not reported: a block captioned as a test file (`tests/`, `test_*.py`, `conftest.py`), a `test_` function, a `Test` class or a pytest fixture makes tokens to test the verifier with.",
    why: "A verifier that can mint tokens is a second issuer: its key must be able to sign, every token it makes bypasses the real sign-in, and the spec teaches the wrong architecture to whoever copies it.",
    wrong: "**File**: `backend/auth.py`\n\n```python\ntoken = jwt.encode({\"sub\": user_id}, secret, algorithm=\"HS256\")\n```",
    right: "**File**: `backend/auth.py`\n\n```python\npayload = jwt.decode(token, secret, algorithms=[\"HS256\"])\n```",
    fix: None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for read in &ctx.extracts.python {
        let Some(component) = ctx.extracts.component_of(read.block) else {
            continue;
        };
        let Some((_, token)) = libs::travelling(ctx).find(|(_, t)| {
            t.verified_by.iter().any(|v| v == component)
                && !t.created_by.iter().any(|c| c == component)
        }) else {
            continue;
        };
        // Test code makes tokens to test the verifier with: in a test file (under
        // `tests/`, `test_*.py`, `conftest.py`), a test function or a fixture.
        if ctx
            .extracts
            .code
            .iter()
            .find(|c| c.block == read.block)
            .and_then(|c| c.file.as_deref())
            .is_some_and(is_test_file)
        {
            continue;
        }
        for call in read
            .calls
            .iter()
            .filter(|c| !c.in_test && libs::creates(c, ctx.names))
        {
            out.push(Diagnostic::new(
                Rule::VerifierCreatesToken,
                call.span,
                format!(
                    "`{}` creates a token in {}'s code, but {} only verifies {}; only {} creates it",
                    call.callee,
                    ctx.model.component_name(component),
                    ctx.model.component_name(component),
                    token.name,
                    component_list(ctx, &token.created_by),
                ),
            ));
        }
    }
}

/// A path of test code: a `tests/` or `test/` folder, `test_*.py`, `*_test.py` or
/// `conftest.py`.
fn is_test_file(path: &str) -> bool {
    let mut parts = path.split(['/', '\\']).filter(|p| !p.is_empty());
    let file = parts.next_back().unwrap_or("");
    parts.any(|p| p == "tests" || p == "test")
        || file.starts_with("test_")
        || file.ends_with("_test.py")
        || file == "conftest.py"
}
