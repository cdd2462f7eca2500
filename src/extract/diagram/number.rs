//! Step numbers written at the start of a label: "1." "1)" "(1)" "[1]" "Step 1:" "①".
//!
//! A number only counts when whitespace or the end follows it, so "1.5s timeout" or
//! "2024: release" (more than three digits) stay text.

/// Splits a leading step number off `text`: the number, and the rest trimmed.
pub fn split_step_number(text: &str) -> (Option<u32>, &str) {
    let t = text.trim_start();
    match parse(t) {
        Some((n, rest)) if rest.is_empty() || rest.starts_with(char::is_whitespace) => {
            (Some(n), rest.trim())
        }
        _ => (None, text.trim()),
    }
}

/// The number and what follows it, before checking the separator.
fn parse(t: &str) -> Option<(u32, &str)> {
    if let Some(c) = t.chars().next() {
        if let Some(n) = circled(c) {
            return Some((n, &t[c.len_utf8()..]));
        }
    }
    if let Some(rest) = strip_prefix_ignore_case(t, "step") {
        let rest = rest.trim_start_matches(' ');
        let (n, rest) = digits(rest)?;
        let rest = rest.strip_prefix([':', '.', ')']).unwrap_or(rest);
        return Some((n, rest));
    }
    if let Some(rest) = t.strip_prefix('(') {
        let (n, rest) = digits(rest)?;
        return Some((n, rest.strip_prefix(')')?));
    }
    if let Some(rest) = t.strip_prefix('[') {
        let (n, rest) = digits(rest)?;
        return Some((n, rest.strip_prefix(']')?));
    }
    let (n, rest) = digits(t)?;
    Some((n, rest.strip_prefix(['.', ')', ':'])?))
}

/// One to three ASCII digits.
fn digits(t: &str) -> Option<(u32, &str)> {
    let len = t.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || len > 3 {
        return None;
    }
    Some((t[..len].parse().ok()?, &t[len..]))
}

fn strip_prefix_ignore_case<'a>(t: &'a str, prefix: &str) -> Option<&'a str> {
    let head = t.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &t[prefix.len()..])
}

/// ① to ⑳.
fn circled(c: char) -> Option<u32> {
    let code = c as u32;
    (0x2460..=0x2473).contains(&code).then(|| code - 0x2460 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_numbering_style() {
        assert_eq!(split_step_number("1. POST /api"), (Some(1), "POST /api"));
        assert_eq!(split_step_number("  2) Verify"), (Some(2), "Verify"));
        assert_eq!(split_step_number("(3) Create JWT"), (Some(3), "Create JWT"));
        assert_eq!(split_step_number("[4] Return"), (Some(4), "Return"));
        assert_eq!(split_step_number("Step 5: GET"), (Some(5), "GET"));
        assert_eq!(split_step_number("step 6 Verify"), (Some(6), "Verify"));
        assert_eq!(split_step_number("STEP 7. Extract"), (Some(7), "Extract"));
        assert_eq!(split_step_number("12: done"), (Some(12), "done"));
        assert_eq!(split_step_number("⑧ Return"), (Some(8), "Return"));
        assert_eq!(split_step_number("9."), (Some(9), ""));
    }

    #[test]
    fn leaves_text_that_only_starts_with_digits() {
        assert_eq!(split_step_number("1.5s timeout"), (None, "1.5s timeout"));
        assert_eq!(split_step_number("2024: release"), (None, "2024: release"));
        assert_eq!(split_step_number("3 retries"), (None, "3 retries"));
        assert_eq!(split_step_number("(Better Auth)"), (None, "(Better Auth)"));
        assert_eq!(split_step_number("Stepper 1: x"), (None, "Stepper 1: x"));
        assert_eq!(split_step_number("(1 x"), (None, "(1 x"));
        assert_eq!(split_step_number(""), (None, ""));
        assert_eq!(split_step_number("Ä. x"), (None, "Ä. x"));
    }
}
