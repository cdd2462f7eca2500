//! The CORS section: FastAPI's `CORSMiddleware` allowing the section's origins with
//! credentials, and why both halves matter.
//!
//! The server is the component the section's title names ("Backend CORS
//! Configuration" → `backend`), else the first component that verifies a token
//! without creating it. A wildcard origin is refused: browsers never send cookies to
//! `*` with credentials, so such a configuration would only look right.

use super::markdown::{self, Doc, code};
use super::{GenerateError, text};
use crate::model::names::Names;
use crate::model::{Model, Transport};

/// Methods a browser app's API calls use.
const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE"];

/// The CORS section: heading at `level`, the middleware, the why.
pub fn render_cors_section(
    model: &Model,
    title: &str,
    origins: &[String],
    level: u8,
) -> Result<String, GenerateError> {
    markdown::check_levels(level, 0)?;
    let invalid = |problem: &str| GenerateError::InvalidSection {
        section: title.to_string(),
        problem: problem.to_string(),
    };
    let origins: Vec<String> = origins.iter().map(|o| text::clean(o)).collect();
    if origins.is_empty() || origins.iter().any(String::is_empty) {
        return Err(invalid("it lists no `origins` to allow"));
    }
    if origins.iter().any(|o| o.contains('*')) {
        return Err(invalid(
            "origin `*` cannot be allowed with credentials (browsers refuse it); list each origin",
        ));
    }
    let server = server(model, title);
    let mut headers = Vec::new();
    let bearer = model.tokens.values().any(|t| {
        t.transport.unwrap_or(Transport::Bearer) == Transport::Bearer
            && server.is_none_or(|s| t.verified_by.iter().any(|v| v == s))
    });
    if bearer {
        headers.push("Authorization");
    }
    headers.push("Content-Type");

    let quote = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"));
    let list = |items: &[&str]| {
        items
            .iter()
            .map(|i| quote(i))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut py = String::new();
    py.push_str("from fastapi import FastAPI\n");
    py.push_str("from fastapi.middleware.cors import CORSMiddleware\n\n");
    py.push_str("app = FastAPI()\n\n");
    py.push_str("app.add_middleware(\n    CORSMiddleware,\n");
    py.push_str("    # Each origin by name: browsers refuse credentials with \"*\".\n");
    py.push_str("    allow_origins=[\n");
    for origin in &origins {
        py.push_str(&format!("        {},\n", quote(origin)));
    }
    py.push_str("    ],\n");
    py.push_str("    allow_credentials=True,  # CRITICAL: required for cookies\n");
    py.push_str(&format!("    allow_methods=[{}],\n", list(METHODS)));
    py.push_str(&format!("    allow_headers=[{}],\n", list(&headers)));
    py.push_str(")\n");

    let server_name = server.map_or("the server", |s| model.component_name(s));
    let mut doc = Doc::new();
    doc.heading(level, title);
    let file = match server {
        Some(id) => format!("{id}/main.py"),
        None => "main.py".to_string(),
    };
    doc.para(&format!("**File**: {}", code(&file)));
    doc.fenced("python", &py);
    doc.para(&format!(
        "**Why `allow_credentials=True` is CRITICAL**: a browser sends cookies with a \
         cross-origin request, and lets the page read the answer, only when {server_name} \
         replies with `Access-Control-Allow-Credentials: true` and names the page's origin \
         exactly; it never does so for the wildcard origin `*`. Without it, the \
         authentication cookies are blocked and every request arrives unauthenticated, \
         so each origin is listed by name."
    ));
    Ok(doc.finish())
}

/// The component whose configuration this is: the one the title names, else the
/// first that verifies a token it does not create.
fn server<'a>(model: &'a Model, title: &str) -> Option<&'a str> {
    let names = Names::new(model);
    let named = names
        .components_in(title)
        .first()
        .and_then(|(id, _)| model.components.get_key_value(*id))
        .map(|(id, _)| id.as_str());
    named.or_else(|| {
        model.tokens.values().find_map(|t| {
            t.verified_by
                .iter()
                .find(|v| !t.created_by.contains(v))
                .map(String::as_str)
        })
    })
}
