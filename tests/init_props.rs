//! `speclint init` on specs built at random from the pieces real specs hold (tables
//! with keys to tables nobody creates, `ALTER TABLE`, indexes inline and apart, the
//! same table written two ways, diagrams with annotations, ownership claims, labels
//! that mark a wrong example, odd characters): the draft always loads.

// The fuzz target's property, run here on structured input.
#[path = "../fuzz/src/checks.rs"]
#[allow(dead_code)]
mod checks;

use proptest::prelude::*;

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("users".to_string()),
        Just("user".to_string()),
        Just("tasks".to_string()),
        Just("tasks_phaseiii".to_string()),
        Just("notes".to_string()),
        Just("\"Mixed Case\"".to_string()),
        "[a-z_]{1,6}",
    ]
}

fn column() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("id".to_string()),
        Just("user_id".to_string()),
        Just("title".to_string()),
        Just("due".to_string()),
        "[a-z]{1,4}",
    ]
}

fn kind() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("INT"),
        Just("SERIAL PRIMARY KEY"),
        Just("VARCHAR(36) NOT NULL"),
        Just("TEXT UNIQUE"),
        Just("TIMESTAMP DEFAULT NOW()"),
    ]
}

fn sql_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        (name(), prop::collection::vec((column(), kind()), 0..4), prop::option::of((column(), name())))
            .prop_map(|(t, cols, fk)| {
                let mut parts: Vec<String> = cols.iter().map(|(c, k)| format!("{c} {k}")).collect();
                if let Some((c, r)) = fk {
                    parts.push(format!("FOREIGN KEY ({c}) REFERENCES {r}(id)"));
                }
                format!("CREATE TABLE {t} ({});", parts.join(", "))
            }),
        (name(), column(), name()).prop_map(|(t, c, r)| format!(
            "CREATE TABLE {t} (id INT PRIMARY KEY, {c} TEXT REFERENCES {r}, INDEX idx_{c} ({c}));"
        )),
        (name(), column(), kind()).prop_map(|(t, c, k)| format!("ALTER TABLE {t} ADD COLUMN {c} {k};")),
        (name(), column(), name()).prop_map(|(t, c, r)| format!(
            "ALTER TABLE {t} ADD CONSTRAINT fk_{c} FOREIGN KEY ({c}) REFERENCES {r}(id);"
        )),
        (name(), column()).prop_map(|(t, c)| format!("CREATE INDEX ix_{c} ON {t}({c});")),
        (name(), column()).prop_map(|(t, c)| format!("CREATE UNIQUE INDEX ON {t} (lower({c}));")),
        (name(), column(), column()).prop_map(|(t, a, b)| format!(
            "CREATE TABLE {t} ({a} INT, {b} INT, PRIMARY KEY ({a}, {b}), FOREIGN KEY ({a}, {b}) REFERENCES other);"
        )),
    ]
}

fn participant() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Frontend".to_string()),
        Just("Next.js Frontend".to_string()),
        Just("Web App (Auth Kit)".to_string()),
        Just("Backend".to_string()),
        Just("API Backend".to_string()),
        Just("null".to_string()),
        Just("Store".to_string()),
        "\\PC{1,8}",
    ]
}

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Create JWT".to_string()),
        Just("Verify JWT".to_string()),
        Just("Issue a new badge (Auth Kit)".to_string()),
        Just("check the badge".to_string()),
        Just("Return data".to_string()),
        "\\PC{0,12}",
    ]
}

fn diagram() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(participant(), 1..4),
        prop::collection::vec((0usize..4, 0usize..4, label(), any::<bool>()), 1..5),
    )
        .prop_map(|(ps, steps)| {
            let mut out = String::from("```mermaid\nsequenceDiagram\n");
            for p in &ps {
                out.push_str(&format!("  participant {p}\n"));
            }
            for (a, b, text, note) in steps {
                let (a, b) = (&ps[a % ps.len()], &ps[b % ps.len()]);
                if note {
                    out.push_str(&format!("  Note over {a}: {text}\n"));
                } else {
                    out.push_str(&format!("  {a}->>{b}: {text}\n"));
                }
            }
            out.push_str("```\n");
            out
        })
}

fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(sql_piece(), 1..4).prop_map(|s| format!("```sql\n{}\n```\n", s.join("\n"))),
        diagram(),
        (label(), diagram()).prop_map(|(l, d)| format!("**Current (INCORRECT)** {l}:\n\n{d}")),
        (name(), participant()).prop_map(|(t, p)| format!("#### `{t}` table ({p} Managed)\n")),
        (name(), participant()).prop_map(|(t, p)| format!("**Managed By**: {p}\n\nTable `{t}`.\n")),
        (name(), participant(), participant()).prop_map(|(t, a, b)| format!(
            "| Table | Created By | Backend Access |\n|---|---|---|\n| `{t}` | {a} | FULL |\n| {t} | {b} | NONE |\n"
        )),
        "\\PC{0,40}".prop_map(|s| format!("## {s}\n")),
    ]
}

fn spec() -> impl Strategy<Value = String> {
    prop::collection::vec(block(), 0..6).prop_map(|b| b.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn the_draft_of_any_specs_loads(specs in prop::collection::vec(spec(), 1..4)) {
        let mut data = Vec::new();
        for (i, s) in specs.iter().enumerate() {
            if i > 0 {
                data.push(0xFF);
            }
            // A piece written twice, as specs copy each other.
            data.extend_from_slice(s.as_bytes());
        }
        data.push(0xFF);
        data.extend_from_slice(specs[0].as_bytes());
        checks::init(&data);
    }
}
