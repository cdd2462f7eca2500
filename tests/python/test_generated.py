"""Runs the Python that speclint's section generators put into specs.

The Markdown comes from `cargo test --test generate` (it writes `target/rendered/`);
`SPECLINT_RENDERED` names that folder. Each ```python block is written to the file its
"**File**:" caption names (without the component folder), imported, mounted on a
FastAPI app and exercised with tokens minted here with PyJWT: the generated code must
accept what it should and refuse everything else, with the right status codes.
"""

import base64
import importlib
import json
import os
import pathlib
import re
import sys
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from fastapi.testclient import TestClient

RENDERED = pathlib.Path(
    os.environ.get(
        "SPECLINT_RENDERED",
        pathlib.Path(__file__).resolve().parents[2] / "target" / "rendered",
    )
)

BLOCK = re.compile(r"\*\*File\*\*: `([^`]+)`\s*\n\s*\n```python\n(.*?)\n```", re.S)

USER = "user-1"
OTHER = "user-2"


def python_blocks(name):
    """{caption path: code} for every captioned ```python block of a rendered file."""
    path = RENDERED / name
    assert path.is_file(), f"{path} is missing: run `cargo test --test generate` first"
    found = dict(BLOCK.findall(path.read_text(encoding="utf-8")))
    assert found, f"no captioned python blocks in {path}"
    return found


def one(pattern, code, what):
    match = re.search(pattern, code)
    assert match, f"the generated code has no {what}"
    return match.group(1)


class Service:
    """A generated verification section, loaded as a running FastAPI app."""

    def __init__(self, name, tmp_path, monkeypatch):
        files = python_blocks(name)
        for caption, code in files.items():
            dest = tmp_path.joinpath(*pathlib.Path(caption).parts[1:])
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(code + "\n", encoding="utf-8")
        for module in list(sys.modules):
            if module.split(".")[0] in ("middleware", "routes"):
                del sys.modules[module]
        monkeypatch.syspath_prepend(str(tmp_path))
        self.auth_code = next(c for p, c in files.items() if p.endswith("middleware/auth.py"))
        route_caption, route_code = next((p, c) for p, c in files.items() if "/routes/" in p)
        self.auth = importlib.import_module("middleware.auth")
        routes = importlib.import_module("routes." + pathlib.Path(route_caption).stem)
        app = FastAPI()
        app.include_router(routes.router)
        self.client = TestClient(app)
        self.method = one(r"@router\.(\w+)\(", route_code, "route decorator").upper()
        self.template = json.loads(one(r"@router\.\w+\((\"[^\"]*\")\)", route_code, "route path"))
        self.algorithm = json.loads(one(r"algorithms=\[(\"[^\"]+\")", self.auth_code, "pinned algorithm"))
        self.claim = json.loads(one(r"payload\.get\((\"[^\"]+\")\)", self.auth_code, "user claim"))
        self.cookie = getattr(self.auth, "COOKIE_NAME", None)

    def call(self, token, user_id=USER):
        url = re.sub(r"\{[^}]+\}", user_id, self.template)
        self.client.cookies.clear()
        headers = {}
        if token is not None and self.cookie:
            self.client.cookies.set(self.cookie, token)
        elif token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return self.client.request(self.method, url, headers=headers)

    def claims(self, **extra):
        now = int(time.time())
        claims = {self.claim: USER, "iat": now, "exp": now + 300}
        claims.update(extra)
        return {k: v for k, v in claims.items() if v is not None}


def unsigned(claims):
    """A token that says `alg: none` and carries no signature."""
    enc = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()
    return f"{enc({'alg': 'none', 'typ': 'JWT'})}.{enc(claims)}."


# ------------------------------------------------------------------ shared secret

SECRET = "a-test-secret-that-is-long-enough-for-every-hmac-size-0123456789"


@pytest.fixture(params=["jwt-verification.md", "jwt-verification-cookie.md"])
def hmac_service(request, tmp_path, monkeypatch):
    service = Service(request.param, tmp_path, monkeypatch)
    var = one(r"os\.getenv\(\"([^\"]+)\"\)", service.auth_code, "secret variable")
    monkeypatch.setenv(var, SECRET)
    service.secret_env = var
    return service


def hmac(service, claims, secret=SECRET):
    return jwt.encode(claims, secret, algorithm=service.algorithm)


def test_a_valid_token_reaches_the_route_with_its_user_id(hmac_service):
    response = hmac_service.call(hmac(hmac_service, hmac_service.claims()))
    assert response.status_code == 200, response.text
    assert response.json()["user_id"] == USER


def test_an_expired_token_is_refused(hmac_service):
    expired = hmac_service.claims(iat=int(time.time()) - 600, exp=int(time.time()) - 300)
    response = hmac_service.call(hmac(hmac_service, expired))
    assert response.status_code == 401
    assert response.json()["detail"] == "Token expired"


def test_a_forged_signature_is_refused(hmac_service):
    forged = hmac(hmac_service, hmac_service.claims(), secret=SECRET[::-1])
    response = hmac_service.call(forged)
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token"


def test_alg_none_is_refused(hmac_service):
    assert hmac_service.call(unsigned(hmac_service.claims())).status_code == 401


def test_a_token_without_user_id_is_forbidden(hmac_service):
    claims = hmac_service.claims(**{hmac_service.claim: None})
    assert hmac_service.call(hmac(hmac_service, claims)).status_code == 403


def test_another_users_id_is_forbidden(hmac_service):
    token = hmac(hmac_service, hmac_service.claims())
    assert hmac_service.call(token, user_id=OTHER).status_code == 403


def test_a_missing_token_is_unauthorized(hmac_service):
    assert hmac_service.call(None).status_code == 401


def test_an_unset_secret_is_a_server_error(hmac_service, monkeypatch):
    token = hmac(hmac_service, hmac_service.claims())
    monkeypatch.delenv(hmac_service.secret_env)
    assert hmac_service.call(token).status_code == 500


# ------------------------------------------------------------------ public keys

KID = "test-key"


@pytest.fixture
def jwks_service(tmp_path, monkeypatch):
    service = Service("jwt-verification-jwks.md", tmp_path, monkeypatch)
    assert service.algorithm == "EdDSA", "the fixture model signs with EdDSA"
    service.key = Ed25519PrivateKey.generate()
    public = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(service.key.public_key()))
    public.update(kid=KID, use="sig", alg="EdDSA")
    # No network: the key set the client would fetch from JWKS_URL.
    monkeypatch.setattr(jwt.PyJWKClient, "fetch_data", lambda self: {"keys": [public]})
    return service


def signed(service, claims, key=None, kid=KID):
    claims = dict(claims)
    if hasattr(service.auth, "ISSUER"):
        claims.setdefault("iss", service.auth.ISSUER)
    if hasattr(service.auth, "AUDIENCE"):
        claims.setdefault("aud", service.auth.AUDIENCE)
    return jwt.encode(claims, key or service.key, algorithm="EdDSA", headers={"kid": kid})


def test_jwks_valid_token(jwks_service):
    response = jwks_service.call(signed(jwks_service, jwks_service.claims()))
    assert response.status_code == 200, response.text
    assert response.json()["user_id"] == USER


def test_jwks_expired_token(jwks_service):
    expired = jwks_service.claims(iat=int(time.time()) - 600, exp=int(time.time()) - 300)
    response = jwks_service.call(signed(jwks_service, expired))
    assert response.status_code == 401
    assert response.json()["detail"] == "Token expired"


def test_jwks_forged_signature(jwks_service):
    forged = signed(jwks_service, jwks_service.claims(), key=Ed25519PrivateKey.generate())
    assert jwks_service.call(forged).status_code == 401


def test_jwks_alg_none(jwks_service):
    claims = jwks_service.claims(iss=jwks_service.auth.ISSUER, aud=jwks_service.auth.AUDIENCE)
    assert jwks_service.call(unsigned(claims)).status_code == 401


def test_jwks_unknown_key_id(jwks_service):
    token = signed(jwks_service, jwks_service.claims(), kid="another-key")
    assert jwks_service.call(token).status_code == 401


def test_jwks_wrong_audience_and_issuer(jwks_service):
    assert jwks_service.call(signed(jwks_service, jwks_service.claims(aud="someone-else"))).status_code == 401
    assert jwks_service.call(signed(jwks_service, jwks_service.claims(iss="https://evil.example"))).status_code == 401


def test_jwks_missing_subject(jwks_service):
    claims = jwks_service.claims(**{jwks_service.claim: None})
    assert jwks_service.call(signed(jwks_service, claims)).status_code == 403


def test_jwks_another_users_id(jwks_service):
    token = signed(jwks_service, jwks_service.claims())
    assert jwks_service.call(token, user_id=OTHER).status_code == 403


# ------------------------------------------------------------------ CORS


@pytest.fixture
def cors(tmp_path, monkeypatch):
    (caption, code), = python_blocks("cors.md").items()
    dest = tmp_path / pathlib.Path(caption).name
    dest.write_text(code + "\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop(dest.stem, None)
    module = importlib.import_module(dest.stem)
    origins = re.findall(r"\"([^\"]+)\"", one(r"allow_origins=\[(.*?)\]", code.replace("\n", " "), "origins"))
    assert origins and "*" not in origins
    return TestClient(module.app), origins


def preflight(client, origin):
    return client.options(
        "/api/user-1/tasks",
        headers={"Origin": origin, "Access-Control-Request-Method": "GET"},
    )


def test_cors_allows_listed_origins_with_credentials(cors):
    client, origins = cors
    for origin in origins:
        response = preflight(client, origin)
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == origin
        assert response.headers["access-control-allow-credentials"] == "true"


def test_cors_refuses_other_origins(cors):
    client, _ = cors
    response = preflight(client, "https://evil.example")
    assert "access-control-allow-origin" not in response.headers
