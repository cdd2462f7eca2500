//! The backend token-verification section: a FastAPI dependency (PyJWT) that verifies
//! a model token the way the model says, a route that uses it, the dependencies, and
//! the configuration every side must share.
//!
//! Everything specific comes from the token: how it travels (`transport`), the pinned
//! `algorithms`, the shared secret's variable (`secret_env`) or, for asymmetric
//! tokens, the key set (`jwks_url`, `issuer`, `audience`), the claim carrying the user
//! id (`user_claim`), who creates it and who verifies it. The route is the request a
//! flow sends the token with ("GET /api/{user_id}/tasks"). The Python is meant to run
//! as written: CI renders it and tests it against real tokens.

use super::markdown::{self, Doc, code};
use super::{GenerateError, ids, join_and, short_name, text};
use crate::model::{Model, Token, Transport};

/// Choices the model does not make.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JwtOptions {
    /// The cookie a `transport: cookie` token travels in. Default: the token's id.
    pub cookie_name: Option<String>,
}

/// The claim that carries the user id when the token does not name one: JWT's own
/// subject claim.
const DEFAULT_USER_CLAIM: &str = "sub";

/// The verification section for `token_id`: heading at `level`, subsections below.
pub fn render_jwt_section(
    model: &Model,
    token_id: &str,
    title: &str,
    level: u8,
    options: &JwtOptions,
) -> Result<String, GenerateError> {
    markdown::check_levels(level, 1)?;
    let token = model
        .tokens
        .get(token_id)
        .ok_or_else(|| GenerateError::UnknownToken {
            id: token_id.to_string(),
            known: ids(&model.tokens),
        })?;
    let spec = Spec::new(model, token_id, token, options)?;
    let side = short_name(model, &spec.verifier);
    let mut doc = Doc::new();
    doc.heading(level, title);
    doc.para(&spec.intro(model));
    doc.heading(level + 1, &format!("Required {side} Code"));
    doc.para(&format!(
        "**File**: {}",
        code(&spec.file("middleware/auth.py"))
    ));
    doc.fenced("python", &spec.dependency());
    doc.heading(level + 1, &format!("{side} Route Example"));
    let route_file = format!("routes/{}.py", py_ident(&spec.route.resource));
    doc.para(&format!("**File**: {}", code(&spec.file(&route_file))));
    doc.fenced("python", &spec.route_example());
    doc.heading(level + 1, "Required Dependencies");
    doc.para(&format!(
        "**File**: {}",
        code(&spec.file("requirements.txt"))
    ));
    doc.fenced("txt", &spec.requirements());
    match &spec.keys {
        Keys::Secret(var) => {
            doc.heading(level + 1, "Environment Variable");
            doc.para(&format!("**File**: {}", code(&spec.file(".env"))));
            let creator = token
                .created_by
                .first()
                .map_or("the-issuer", String::as_str);
            doc.fenced("env", &format!("{var}=<same-secret-as-{creator}>\n"));
            doc.para(&format!(
                "**CRITICAL**: {} MUST be identical on every side that creates or verifies {}: {}.",
                code(var),
                text::clean(&token.name),
                join_and(&spec.sides(model))
            ));
        }
        Keys::Jwks { url, .. } => {
            doc.heading(level + 1, "Signing Keys");
            doc.para(&format!(
                "**CRITICAL**: only {} holds the private key. {} fetches the public keys from {} \
                 (`PyJWKClient` caches them), so no secret is shared and none goes into `.env`.",
                join_and(&spec.creators(model)),
                model.component_name(&spec.verifier),
                code(url)
            ));
        }
    }
    Ok(doc.finish())
}

/// How the verifier gets the key to check signatures with.
enum Keys {
    /// A shared secret in this environment variable.
    Secret(String),
    /// Public keys published at `url`; tokens must name this issuer and audience.
    Jwks {
        url: String,
        issuer: Option<String>,
        audience: Option<String>,
    },
}

/// The request a route example serves.
struct Route {
    method: String,
    path: String,
    /// The path parameter that must equal the authenticated user id.
    user_param: String,
    /// The other path parameters, in order.
    other_params: Vec<String>,
    /// What the route returns a list of ("tasks"); names the file and the function.
    resource: String,
}

/// Everything the Python needs, checked and resolved.
struct Spec {
    token_id: String,
    token_name: String,
    verifier: String,
    creators: Vec<String>,
    /// The creators' display names.
    creator_names: Vec<String>,
    all_sides: Vec<String>,
    transport: Transport,
    cookie_name: String,
    algorithms: Vec<String>,
    user_claim: String,
    keys: Keys,
    route: Route,
}

impl Spec {
    fn new(
        model: &Model,
        token_id: &str,
        token: &Token,
        options: &JwtOptions,
    ) -> Result<Spec, GenerateError> {
        let unverifiable = |problem: &str| GenerateError::UnverifiableToken {
            token: token_id.to_string(),
            problem: problem.to_string(),
        };
        // The verifier the example is written for: one that verifies without creating.
        let verifier = token
            .verified_by
            .iter()
            .find(|v| !token.created_by.contains(v))
            .or(token.verified_by.first())
            .ok_or_else(|| unverifiable("it has no `verified_by`"))?
            .clone();
        let algorithms: Vec<String> = token.algorithms.iter().map(|a| text::clean(a)).collect();
        if algorithms.is_empty() {
            return Err(unverifiable("it has no `algorithms` for verifiers to pin"));
        }
        if algorithms.iter().any(|a| a.eq_ignore_ascii_case("none")) {
            return Err(unverifiable(
                "`none` is not an algorithm a verifier may accept",
            ));
        }
        let keys = match (&token.jwks_url, &token.secret_env) {
            (Some(url), _) => Keys::Jwks {
                url: text::clean(url),
                issuer: token.issuer.as_deref().map(text::clean),
                audience: token.audience.as_deref().map(text::clean),
            },
            (None, Some(var)) => Keys::Secret(text::clean(var)),
            (None, None) => {
                return Err(unverifiable(
                    "it has neither `secret_env` (shared secret) nor `jwks_url` (public keys)",
                ));
            }
        };
        let mut all_sides: Vec<String> = token.created_by.clone();
        for v in &token.verified_by {
            if !all_sides.contains(v) {
                all_sides.push(v.clone());
            }
        }
        Ok(Spec {
            token_id: token_id.to_string(),
            token_name: text::clean(&token.name),
            creators: token.created_by.clone(),
            creator_names: token
                .created_by
                .iter()
                .map(|c| model.component_name(c).to_string())
                .collect(),
            all_sides,
            transport: token.transport.unwrap_or(Transport::Bearer),
            cookie_name: options
                .cookie_name
                .clone()
                .unwrap_or_else(|| token_id.to_string()),
            algorithms,
            user_claim: token
                .user_claim
                .as_deref()
                .map_or_else(|| DEFAULT_USER_CLAIM.to_string(), text::clean),
            keys,
            route: route(model, token_id, &verifier),
            verifier,
        })
    }

    /// A path under the verifier's folder.
    fn file(&self, rel: &str) -> String {
        format!("{}/{rel}", self.verifier)
    }

    fn creators(&self, model: &Model) -> Vec<String> {
        self.creators
            .iter()
            .map(|c| model.component_name(c).to_string())
            .collect()
    }

    /// "Next.js Frontend creates it and FastAPI Backend verifies it" as names.
    fn sides(&self, model: &Model) -> Vec<String> {
        self.all_sides
            .iter()
            .map(|c| model.component_name(c).to_string())
            .collect()
    }

    /// The function every protected route depends on: `verify_<token>`.
    fn function(&self) -> String {
        format!("verify_{}", py_ident(&self.token_id))
    }

    fn intro(&self, model: &Model) -> String {
        let verifier = model.component_name(&self.verifier);
        let creators = self.creators(model);
        let who = if creators.is_empty() {
            format!("{verifier} only verifies {}", self.token_name)
        } else {
            format!(
                "{} creates {}; {verifier} only verifies it, never creates one",
                join_and(&creators),
                self.token_name
            )
        };
        let key = match &self.keys {
            Keys::Secret(var) => format!("the shared secret {}", code(var)),
            Keys::Jwks { url, .. } => format!("the public keys published at {}", code(url)),
        };
        let transport = match self.transport {
            Transport::Bearer => "the `Authorization: Bearer` header".to_string(),
            Transport::Cookie => format!(
                "the {} cookie (change `COOKIE_NAME` if the frontend names it otherwise)",
                code(&self.cookie_name)
            ),
        };
        format!(
            "**IMPORTANT**: {who}. \
             Every protected route depends on {}, which reads the token from {transport}, \
             checks its signature with {key}, accepts only {} (pinned: a token cannot \
             choose its own algorithm, `none` included), rejects expired tokens, and \
             returns the user id from the {} claim.",
            code(&self.function()),
            join_and(&self.algorithms.iter().map(|a| code(a)).collect::<Vec<_>>()),
            code(&self.user_claim),
        )
    }

    /// `middleware/auth.py`.
    fn dependency(&self) -> String {
        let mut py = Py::default();
        let asymmetric = matches!(self.keys, Keys::Jwks { .. });
        if !asymmetric {
            py.line("import os");
        }
        py.line("from typing import Optional");
        py.blank();
        py.line("import jwt");
        let (param, security_import) = match self.transport {
            Transport::Bearer => (
                "credentials: Optional[HTTPAuthorizationCredentials] = Security(security),",
                "from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer",
            ),
            Transport::Cookie => (
                "token: Optional[str] = Security(cookie),",
                "from fastapi.security import APIKeyCookie",
            ),
        };
        py.line("from fastapi import HTTPException, Security");
        py.line(security_import);
        py.blank();
        if let Keys::Jwks {
            url,
            issuer,
            audience,
        } = &self.keys
        {
            py.line(&format!("JWKS_URL = {}", py_str(url)));
            if let Some(issuer) = issuer {
                py.line(&format!("ISSUER = {}", py_str(issuer)));
            }
            if let Some(audience) = audience {
                py.line(&format!("AUDIENCE = {}", py_str(audience)));
            }
            py.blank();
            py.line("# Fetches the public keys on first use and caches them; a token naming an");
            py.line("# unknown key id (\"kid\") makes it fetch the set again.");
            py.line("jwks_client = jwt.PyJWKClient(JWKS_URL)");
        }
        match self.transport {
            Transport::Bearer => py.line("security = HTTPBearer(auto_error=False)"),
            Transport::Cookie => {
                py.line(&format!("COOKIE_NAME = {}", py_str(&self.cookie_name)));
                py.line("cookie = APIKeyCookie(name=COOKIE_NAME, auto_error=False)");
            }
        }
        py.blank();
        py.blank();
        py.line(&format!("async def {}(", self.function()));
        py.line(&format!("    {param}"));
        py.line(") -> str:");
        let made_by = if self.creator_names.is_empty() {
            String::new()
        } else {
            format!(" created by {}", py_doc(&join_and(&self.creator_names)))
        };
        py.line(&format!(
            "    \"\"\"Verify {} {}{} and return the user id it carries.",
            article(&self.token_name),
            py_doc(&self.token_name),
            made_by
        ));
        py.blank();
        py.line("    Raises:");
        py.line("        HTTPException: 401 if the token is missing, invalid or expired");
        py.line(&format!(
            "        HTTPException: 403 if the token carries no user id ({})",
            py_doc(&self.user_claim)
        ));
        match &self.keys {
            Keys::Secret(var) => {
                py.line(&format!(
                    "        HTTPException: 500 if {} is not set",
                    py_doc(var)
                ));
            }
            Keys::Jwks { .. } => {
                py.line("        HTTPException: 503 if the public keys cannot be fetched");
            }
        }
        py.line("    \"\"\"");
        if self.transport == Transport::Bearer {
            py.line("    if credentials is None:");
            py.line("        raise HTTPException(");
            py.line("            status_code=401,");
            py.line("            detail=\"Missing token\",");
            py.line("            headers={\"WWW-Authenticate\": \"Bearer\"},");
            py.line("        )");
            py.line("    token = credentials.credentials");
        } else {
            py.line("    if not token:");
            py.line("        raise HTTPException(status_code=401, detail=\"Missing token\")");
        }
        py.blank();
        let algorithms = format!(
            "[{}]",
            self.algorithms
                .iter()
                .map(|a| py_str(a))
                .collect::<Vec<_>>()
                .join(", ")
        );
        match &self.keys {
            Keys::Secret(var) => {
                py.line(&format!("    secret = os.getenv({})", py_str(var)));
                py.line("    if not secret:");
                py.line("        raise HTTPException(");
                py.line("            status_code=500,");
                py.line(&format!(
                    "            detail={},",
                    py_str(&format!("Server configuration error: {var} not set"))
                ));
                py.line("        )");
                py.blank();
                py.line("    try:");
                py.line("        # Pinned algorithms: the token's own header never chooses.");
                py.line(&format!(
                    "        payload = jwt.decode(token, secret, algorithms={algorithms})"
                ));
            }
            Keys::Jwks {
                issuer, audience, ..
            } => {
                py.line("    try:");
                py.line("        signing_key = jwks_client.get_signing_key_from_jwt(token)");
                py.line("        # Pinned algorithms: the token's own header never chooses.");
                py.line("        payload = jwt.decode(");
                py.line("            token,");
                py.line("            signing_key.key,");
                py.line(&format!("            algorithms={algorithms},"));
                if issuer.is_some() {
                    py.line("            issuer=ISSUER,");
                }
                if audience.is_some() {
                    py.line("            audience=AUDIENCE,");
                }
                py.line("        )");
            }
        }
        py.line("    except jwt.ExpiredSignatureError:");
        py.line("        raise HTTPException(status_code=401, detail=\"Token expired\") from None");
        if let Keys::Jwks { .. } = self.keys {
            py.line("    except jwt.PyJWKClientConnectionError:");
            py.line("        raise HTTPException(");
            py.line("            status_code=503, detail=\"Signing keys unavailable\"");
            py.line("        ) from None");
            py.line("    except (jwt.PyJWKClientError, jwt.InvalidTokenError):");
        } else {
            py.line("    except jwt.InvalidTokenError:");
        }
        py.line("        raise HTTPException(status_code=401, detail=\"Invalid token\") from None");
        py.blank();
        py.line(&format!(
            "    user_id = payload.get({})",
            py_str(&self.user_claim)
        ));
        py.line("    if not user_id:");
        py.line(&format!(
            "        raise HTTPException(status_code=403, detail={})",
            py_str(&format!("Invalid token: missing {}", self.user_claim))
        ));
        py.line("    return str(user_id)");
        py.finish()
    }

    /// `routes/<resource>.py`: a route that only serves the authenticated user.
    fn route_example(&self) -> String {
        let r = &self.route;
        let function = self.function();
        let mut py = Py::default();
        py.line("from fastapi import APIRouter, Depends, HTTPException");
        py.blank();
        py.line(&format!("from middleware.auth import {function}"));
        py.blank();
        py.line("router = APIRouter()");
        py.blank();
        py.blank();
        py.line(&format!(
            "@router.{}({})",
            r.method.to_lowercase(),
            py_str(&r.path)
        ));
        py.line(&format!(
            "async def {}_{}(",
            r.method.to_lowercase(),
            py_ident(&r.resource)
        ));
        py.line(&format!("    {}: str,", py_ident(&r.user_param)));
        for p in &r.other_params {
            py.line(&format!("    {}: str,", py_ident(p)));
        }
        py.line(&format!(
            "    authenticated_user_id: str = Depends({function}),"
        ));
        py.line("):");
        py.line(&format!(
            "    \"\"\"Serve {} to the user the token was issued for, and nobody else.\"\"\"",
            py_doc(&r.resource)
        ));
        py.line(&format!(
            "    if {} != authenticated_user_id:",
            py_ident(&r.user_param)
        ));
        py.line("        raise HTTPException(");
        py.line("            status_code=403,");
        py.line(&format!(
            "            detail={},",
            py_str(&format!("Cannot access another user's {}", r.resource))
        ));
        py.line("        )");
        py.line("    # Query only rows owned by the verified id.");
        py.line(&format!(
            "    return {{\"user_id\": {}, {}: []}}",
            py_ident(&r.user_param),
            py_str(&r.resource)
        ));
        py.finish()
    }

    fn requirements(&self) -> String {
        let mut out = String::from("PyJWT>=2.10  # JWT verification\n");
        let needs_crypto = matches!(self.keys, Keys::Jwks { .. })
            || self
                .algorithms
                .iter()
                .any(|a| !a.to_ascii_uppercase().starts_with("HS"));
        if needs_crypto {
            out.push_str("cryptography>=42  # public-key algorithms (");
            out.push_str(&self.algorithms.join(", "));
            out.push_str(")\n");
        }
        out
    }
}

/// The request a flow sends the token to the verifier with: the first step that
/// carries it to a verifier and reads "METHOD /path". Without one, a generic
/// per-user route.
fn route(model: &Model, token_id: &str, verifier: &str) -> Route {
    let found = model
        .flows
        .values()
        .flat_map(|f| &f.steps)
        .filter(|s| s.carries.as_deref() == Some(token_id) && s.to.as_deref() == Some(verifier))
        .find_map(|s| parse_request(&s.say));
    found.unwrap_or_else(|| Route {
        method: "GET".to_string(),
        path: "/api/{user_id}/resources".to_string(),
        user_param: "user_id".to_string(),
        other_params: Vec::new(),
        resource: "resources".to_string(),
    })
}

/// "GET /api/{user_id}/tasks (with JWT cookie)" → GET, the path, its parameters.
/// The user parameter is the one whose name mentions "user", else the first.
fn parse_request(say: &str) -> Option<Route> {
    let mut words = say.split_whitespace();
    let method = words.next()?.to_ascii_uppercase();
    if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method.as_str()) {
        return None;
    }
    let path = words.next()?;
    if !path.starts_with('/') {
        return None;
    }
    let mut params: Vec<String> = Vec::new();
    let mut resource = None;
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(p) if is_py_ident(p) => params.push(p.to_string()),
            Some(_) => return None,
            None if is_py_ident(&segment.replace('-', "_")) => resource = Some(segment.to_string()),
            None => {}
        }
    }
    let at = params
        .iter()
        .position(|p| p.to_lowercase().contains("user"))
        .or(if params.is_empty() { None } else { Some(0) })?;
    let user_param = params.remove(at);
    Some(Route {
        method,
        path: path.to_string(),
        user_param,
        other_params: params,
        resource: resource.unwrap_or_else(|| "resources".to_string()),
    })
}

/// "a" or "an" before a name, by its first letter ("an Access Token", "a JWT").
fn article(name: &str) -> &'static str {
    if name.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn is_py_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A Python identifier made from a model id: anything else becomes `_`.
fn py_ident(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

/// A Python string literal (JSON's escapes are Python's).
fn py_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

/// Text safe inside a triple-quoted docstring.
fn py_doc(s: &str) -> String {
    text::clean(s)
        .replace('\\', "\\\\")
        .replace("\"\"\"", "\\\"\\\"\\\"")
}

/// Python source built line by line.
#[derive(Default)]
struct Py {
    out: String,
}

impl Py {
    fn line(&mut self, line: &str) {
        self.out.push_str(line);
        self.out.push('\n');
    }

    fn blank(&mut self) {
        self.out.push('\n');
    }

    fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_read_from_flow_steps() {
        let r = parse_request("GET /api/{user_id}/tasks (with JWT cookie)").expect("route");
        assert_eq!(
            (r.method.as_str(), r.user_param.as_str()),
            ("GET", "user_id")
        );
        assert_eq!(r.resource, "tasks");
        let r = parse_request("post /v1/{org}/{customer_id}/orders").expect("route");
        assert_eq!(r.user_param, "org");
        assert_eq!(r.other_params, ["customer_id"]);
        assert!(parse_request("Return user's tasks").is_none());
        assert!(parse_request("GET /health").is_none());
    }

    #[test]
    fn python_literals_are_escaped() {
        assert_eq!(py_str("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(py_ident("access-token"), "access_token");
        assert_eq!(py_ident("1x"), "_1x");
    }
}
