#!/usr/bin/env python3
"""Writes a speclint.yaml for a corpus made by ../shared/bench/gen_corpus.py.

The model names every component the generator draws, a token its diagrams sign and
validate, the tables its SQL creates (two with columns, so column checks run), one
flow, and one entry per spec file asking for a flow, tables and three sections, so
that every rule has work to do on every file.

Usage: corpus_model.py CORPUS_DIR   (writes CORPUS_DIR/speclint.yaml)
"""

import os
import sys

COMPONENTS = [
    "Browser", "Mobile App", "CLI", "API Gateway", "Auth Service",
    "User Service", "Billing Service", "Notification Worker", "Search Index",
    "Postgres", "Redis", "Object Store", "Queue", "Scheduler", "Audit Service",
    "Email Provider", "Payment Provider", "Webhook Dispatcher", "CDN",
]
NOUNS = [
    "account", "session", "token", "workspace", "project", "invoice", "order",
    "payment", "subscription", "profile", "team", "member", "role", "permission",
    "document", "comment", "notification", "report", "dashboard", "webhook",
    "device", "upload", "export", "schedule", "reminder", "audit log", "tenant",
    "catalog", "cart", "shipment", "ticket", "label", "milestone", "release",
    "pipeline", "artifact", "secret", "quota", "plan", "coupon", "message",
]


def ident(name):
    return name.lower().replace(" ", "-")


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    corpus = argv[1]
    specs = sorted(f for f in os.listdir(corpus) if f.endswith(".md"))
    out = ["version: 1", "", "components:"]
    for c in COMPONENTS:
        out.append(f"  {ident(c)}: {{ name: {c} }}")
    out += [
        "",
        "tokens:",
        "  session:",
        "    name: Session",
        "    aliases: [token]",
        "    created_by: [auth-service]",
        "    verified_by: [api-gateway]",
        "    transport: cookie",
        "    algorithms: [HS256]",
        "    secret_env: SESSION_SECRET",
        "",
        "flows:",
        "  signin:",
        "    title: Sign-in",
        "    steps:",
        '      - { from: browser, to: api-gateway, say: "POST /api/auth/signin" }',
        '      - { from: api-gateway, to: auth-service, say: "POST /api/auth/sessions" }',
        '      - { at: auth-service, say: "sign session", creates: session }',
        '      - { from: auth-service, to: browser, say: "201 Created {session}", carries: session }',
        '      - { at: api-gateway, say: "validate session", verifies: session }',
        "",
        "schema:",
        "  dialect: postgres",
        "  owners:",
        "    platform: { name: Platform, created_by: Platform migration }",
        "  access_of: api-gateway",
        "  tables:",
    ]
    for i, n in enumerate(NOUNS):
        t = n.replace(" ", "_") + "s"
        out.append(f"    {t}:")
        out.append("      owner: platform")
        out.append("      access: full")
        if i < 2:
            out += [
                "      columns:",
                "        - { name: id, type: BIGSERIAL, primary_key: true }",
                "        - { name: created_at, type: TIMESTAMPTZ, not_null: true }",
                "      indexes:",
                f"        - {{ name: idx_{t}_created_at, columns: [created_at] }}",
            ]
    out += ["", "documents:"]
    for f in specs:
        out += [
            f"  - path: {f}",
            "    flows: [signin]",
            "    tables: [accounts, sessions]",
            "    sections:",
            "      - { id: database-schema, title: Data Model, after: Sequence Diagram, render: schema }",
            "      - { id: jwt-verification, title: Reference Implementation, after: Data Model, render: jwt-verification, token: session }",
            "      - { id: cors, title: CORS Configuration, within: Architecture, render: cors, origins: [\"https://app.example.com\"] }",
        ]
    with open(os.path.join(corpus, "speclint.yaml"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
