//! Column types as one database sees them: the spellings PostgreSQL treats as one
//! type are one type (`TIMESTAMPTZ` = `TIMESTAMP WITH TIME ZONE`, `INT` = `INTEGER` =
//! `INT4`, `BOOL` = `BOOLEAN`, `SERIAL` = an `INTEGER` with a sequence), and the
//! generic words of prose and ORMs (`String`, `str`, `DateTime`, `int`, `dict`)
//! stand for the family of types they cover.
//!
//! A type written in SQL is exact; one from a field list or a Python class is
//! *loose*: its family is all it says, plus a length when it gives one.

/// What a type text says, as far as comparing it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Type {
    family: &'static str,
    /// The variant within the family that SQL tells apart (`jsonb`, `timestamptz`),
    /// None for a generic word.
    variant: Option<&'static str>,
    /// `VARCHAR(255)` → `255`; `NUMERIC(10,2)` → `10,2`.
    args: Option<String>,
}

/// Whether `have` (as the spec writes it) is the type `want` (as the model writes
/// it). `loose` says `have` comes from prose or a Python class, where a word names
/// a family of types. Types of no known family compare as text, spaces and case
/// ignored.
pub fn same_type(have: &str, want: &str, loose: bool) -> bool {
    // `Optional[String]`: nullability is said elsewhere.
    if loose {
        if let Some(inner) = have
            .trim()
            .strip_prefix("Optional[")
            .and_then(|h| h.strip_suffix(']'))
        {
            return same_type(inner, want, true);
        }
    }
    // `UUID/String`: any of the alternatives prose offers.
    if loose && have.contains('/') {
        return have.split('/').any(|h| same_type(h.trim(), want, true));
    }
    let (h, w) = (parse(have), parse(want));
    // A name prose or Python gives a type of its own (`TaskPriority`, an enum
    // class) says nothing about the column's database type.
    if loose && h.is_none() {
        return true;
    }
    let (Some(h), Some(w)) = (h, w) else {
        return squash(have) == squash(want);
    };
    if h.family != w.family {
        return false;
    }
    // An open `VARCHAR` and `TEXT` are one type in PostgreSQL.
    let open_varchar = |t: &Type| t.variant == Some("varchar") && t.args.is_none();
    let variants_agree = h.variant == w.variant
        || (open_varchar(&w) && h.variant == Some("text"))
        || (open_varchar(&h) && w.variant == Some("text"));
    if !loose && !variants_agree {
        return false;
    }
    // A length the model leaves open accepts any; one only the model gives is
    // missing from SQL, and left to the implementation by prose.
    match (&h.args, &w.args) {
        (Some(a), Some(b)) => squash(a) == squash(b),
        (None, Some(_)) => loose,
        _ => true,
    }
}

fn squash(t: &str) -> String {
    t.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase()
}

fn parse(text: &str) -> Option<Type> {
    let text = text.trim().trim_matches('`');
    let lower = text.to_ascii_lowercase();
    // `String(255)`, `VARCHAR(255)`, `DateTime(timezone=True)`.
    let (head, args) = match lower.find('(') {
        Some(open) => {
            let close = lower.rfind(')').unwrap_or(lower.len());
            (
                lower[..open].trim().to_string(),
                Some(lower[open + 1..close.max(open + 1)].trim().to_string()),
            )
        }
        None => (lower.clone(), None),
    };
    let head = head
        .trim_start_matches("sqlalchemy.")
        .trim_start_matches("sa.")
        .trim_start_matches("uuid.")
        .trim_start_matches("datetime.")
        .trim_start_matches("postgresql.")
        .trim();
    let head = head.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut args = args.filter(|a| !a.is_empty());
    let (family, variant): (&'static str, Option<&'static str>) = match head.as_str() {
        "int" | "integer" | "int4" | "serial" | "serial4" => ("int", Some("int4")),
        "bigint" | "int8" | "bigserial" | "serial8" | "biginteger" => ("bigint", Some("int8")),
        "smallint" | "int2" | "smallserial" | "serial2" | "smallinteger" => {
            ("smallint", Some("int2"))
        }
        "varchar" | "character varying" | "nvarchar" => ("text", Some("varchar")),
        "text" => ("text", Some("text")),
        "char" | "character" | "bpchar" => ("text", Some("char")),
        "string" | "str" | "email" | "emailstr" | "url" | "enum" | "unicode" => ("text", None),
        "bool" | "boolean" => ("bool", Some("bool")),
        "timestamp" | "timestamp without time zone" => ("timestamp", Some("timestamp")),
        "timestamptz" | "timestamp with time zone" => ("timestamp", Some("timestamptz")),
        "datetime" => {
            // SQLAlchemy's `DateTime(timezone=True)` is `TIMESTAMPTZ`.
            let tz = args.as_deref().is_some_and(|a| a.contains("timezone=true"));
            args = None;
            ("timestamp", tz.then_some("timestamptz"))
        }
        "date" => ("date", Some("date")),
        "time" | "time without time zone" => ("time", Some("time")),
        "timetz" | "time with time zone" => ("time", Some("timetz")),
        "uuid" => ("uuid", Some("uuid")),
        "json" => ("json", Some("json")),
        "jsonb" => ("json", Some("jsonb")),
        "dict" | "list" | "dict[str, any]" => ("json", None),
        "float" | "float8" | "double precision" | "double" => ("float", Some("float8")),
        "real" | "float4" => ("float", Some("float4")),
        "numeric" | "decimal" => ("numeric", Some("numeric")),
        "number" => ("float", None),
        _ => {
            // Python's `dict[str, Any]`, `List[str]` and the like.
            if head.starts_with("dict[") || head.starts_with("list[") {
                ("json", None)
            } else {
                return None;
            }
        }
    };
    // Generic words never fix a variant, even when their spelling is also SQL's:
    // `String` and `Integer` are how prose and ORMs name families.
    let generic_spelling = matches!(
        text.trim_matches('`'),
        "String" | "Integer" | "Boolean" | "DateTime" | "Float" | "Text"
    ) || text.starts_with("String(");
    let variant = if generic_spelling { None } else { variant };
    Some(Type {
        family,
        variant,
        args,
    })
}

#[cfg(test)]
mod tests {
    use super::same_type;

    #[test]
    fn one_database_spelling_is_one_type() {
        assert!(same_type("TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ", false));
        assert!(same_type("INT", "INTEGER", false));
        assert!(same_type("int4", "INTEGER", false));
        assert!(same_type("BOOL", "BOOLEAN", false));
        assert!(same_type("INTEGER", "SERIAL", false));
        assert!(same_type("VARCHAR(255)", "VARCHAR", false));
        assert!(same_type("TEXT", "VARCHAR", false));
        assert!(!same_type("VARCHAR(100)", "VARCHAR(255)", false));
        assert!(!same_type("TIMESTAMP", "TIMESTAMPTZ", false));
        assert!(!same_type("JSON", "JSONB", false));
        assert!(!same_type("TEXT", "UUID", false));
        assert!(same_type("TEXT[]", "text []", false));
    }

    #[test]
    fn prose_and_python_words_name_families() {
        assert!(same_type("String", "VARCHAR(255)", true));
        assert!(same_type("str", "TEXT", true));
        assert!(same_type("DateTime", "TIMESTAMPTZ", true));
        assert!(same_type("datetime", "TIMESTAMP", true));
        assert!(same_type("int", "SERIAL", true));
        assert!(same_type("UUID/String", "VARCHAR(36)", true));
        assert!(same_type("JSON", "JSONB", true));
        assert!(same_type("dict", "JSONB", true));
        assert!(!same_type("String", "INTEGER", true));
        assert!(!same_type("VARCHAR(100)", "VARCHAR(200)", true));
        assert!(same_type("String(255)", "VARCHAR(255)", true));
        assert!(same_type("Optional[String]", "VARCHAR", true));
        assert!(same_type("ShelfState", "VARCHAR(10)", true));
        assert!(!same_type("ShelfState", "VARCHAR(10)", false));
    }
}
