//! The encoding module against real damage: the seed change request, tables of
//! damaged/clean pairs and of clean text that must stay untouched, snapshots, and
//! properties over arbitrary text.

use proptest::prelude::*;
use speclint::encoding::{
    FenceProblemKind, Mojibake, decode_file, fence_problems, find_mojibake, repair,
};

const SEED: &str = include_str!("../fixtures/encoding/seed.md");
const SEED_DIAGRAMS: &str = include_str!("../fixtures/encoding/seed-diagrams-expected.txt");

/// The bodies of the fenced blocks under "### Change 1" (up to the next heading).
fn change1_diagrams(text: &str) -> Vec<String> {
    let start = text.find("### Change 1").expect("Change 1 heading");
    let section = &text[start..];
    let section = &section[..section[4..].find("\n### ").map_or(section.len(), |p| p + 4)];
    let mut out = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in section.lines() {
        if line.trim_start().starts_with("```") {
            match current.take() {
                Some(body) => out.push(body.join("\n")),
                None => current = Some(Vec::new()),
            }
        } else if let Some(body) = current.as_mut() {
            body.push(line);
        }
    }
    out
}

#[test]
fn seed_is_fully_repaired() {
    let fixed = repair(SEED);
    assert!(
        fixed.unrepaired.is_empty(),
        "unrepaired: {:?}",
        fixed.unrepaired
    );
    assert!(find_mojibake(&fixed.text).is_empty());

    let diagrams = change1_diagrams(&fixed.text);
    let expected: Vec<&str> = SEED_DIAGRAMS.trim_end().split("\n\n").collect();
    assert_eq!(diagrams.len(), 2);
    for (got, want) in diagrams.iter().zip(&expected) {
        for (n, (g, w)) in got.lines().zip(want.lines()).enumerate() {
            let gc: Vec<char> = g.chars().collect();
            let wc: Vec<char> = w.chars().collect();
            assert_eq!(gc, wc, "diagram line {}", n + 1);
        }
        assert_eq!(got.lines().count(), want.lines().count());
    }
    for diagram in &diagrams {
        for line in diagram.lines().filter(|l| l.contains('┌')) {
            assert_eq!(
                line.matches('┌').count(),
                line.matches('┐').count(),
                "{line}"
            );
        }
    }
    assert_eq!(diagrams[1].matches('←').count(), 2);

    assert!(fixed.text.contains("│  ❌ WRONG"));
    assert!(
        fixed
            .text
            .contains("- ❌ Implement actual authentication code")
    );
    assert!(fixed.text.contains("- ✅ Removed arrow"));
    assert!(
        fixed
            .text
            .contains("Fix these 🔴 REMAINING CRITICAL ISSUES")
    );
    assert!(
        fixed
            .text
            .contains("POST /api/auth/signin → Next.js Frontend → Verify")
    );
}

#[test]
fn seed_repair_is_idempotent() {
    let once = repair(SEED).text;
    assert_eq!(repair(&once).text, once);
}

#[test]
fn seed_fence_problems() {
    let line = |offset: usize| SEED[..offset].matches('\n').count() + 1;
    let found: Vec<(usize, usize)> = fence_problems(SEED)
        .into_iter()
        .map(|p| match p.kind {
            FenceProblemKind::ClosesEarly { opened_at } => {
                (line(p.span.start), line(opened_at.start))
            }
            FenceProblemKind::NeverCloses => {
                panic!("unexpected NeverCloses at {}", line(p.span.start))
            }
        })
        .collect();
    // Change 2's ````markdown closes after its first SQL block (line 182) although
    // the quoted section goes on to the lone ```` at 259; that one and the ```` at
    // 396 then close while an inner ``` they quote is still open.
    assert_eq!(found, vec![(182, 163), (328, 259), (429, 396)]);
}

/// Damaged text and what it was. Damage is Windows-1252 unless the note says
/// otherwise; "lost" means a strict decoder dropped the undefined bytes.
const PAIRS: &[(&str, &str, &str)] = &[
    ("cafÃ©", "café", "common Latin-1 letter"),
    ("GrÃ¼ÃŸe aus MÃ¼nchen", "Grüße aus München", "German"),
    ("naÃ¯ve Ã…ngstrÃ¶m", "naïve Ångström", "diaeresis and ring"),
    ("Ã\u{A0} la carte", "à la carte", "à is Ã + no-break space"),
    (
        "ZaÅ¼Ã³Å‚Ä‡ gÄ™Å›lÄ… jaÅºÅ„",
        "Zażółć gęślą jaźń",
        "Polish, Latin Extended-A",
    ),
    ("ÐŸÑ€Ð¸Ð²ÐµÑ‚, Ð¼Ð¸Ñ€", "Привет, мир", "Cyrillic"),
    (
        "ÎšÎ±Î»Î·Î¼Î\u{AD}Ï\u{81}Î±",
        "Καλημέρα",
        "Greek, with C1 0x81 kept",
    ),
    ("ä¸\u{AD}æ–‡", "中文", "CJK"),
    (
        "æ—¥æœ¬èªžã\u{81}®ãƒ†ã‚\u{AD}ã‚¹ãƒˆ",
        "日本語のテキスト",
        "Japanese",
    ),
    (
        "í•œêµ\u{AD}ì–´",
        "한국어",
        "Korean, with a soft hyphen inside",
    ),
    (
        "itâ€™s â€œquotedâ€\u{9D} â€” doneâ€¦",
        "it’s “quoted” — done…",
        "typographic punctuation",
    ),
    ("20 â‚¬ Â© Â® â„¢ Â±", "20 € © ® ™ ±", "symbols"),
    ("ðŸ”´ ðŸš€ ðŸ˜€", "🔴 🚀 😀", "4-byte emoji"),
    ("âœ… done", "✅ done", "check mark"),
    ("A â†’ B", "A → B", "arrow"),
    (
        "â”Œâ”€â”€â”\nâ”‚  â”‚",
        "┌──┐\n│  │",
        "0x90 lost: box corner",
    ),
    ("â”‚â†â”€â”€â”¤", "│←──┤", "0x90 lost: left arrow"),
    ("- âŒ WRONG", "- ❌ WRONG", "0x9D lost: cross mark"),
    (
        "He said â€œhiâ€ then",
        "He said “hi” then",
        "0x9D lost: closing quote",
    ),
    (
        "â•”â•â•â•—\nâ•šâ•â•â•",
        "╔══╗\n╚══╝",
        "0x90 and 0x9D lost: double box",
    ),
    (
        "ðŸ‘¨â€ðŸ’» coding",
        "👨\u{200D}💻 coding",
        "0x8D lost: zero-width joiner",
    ),
    (
        "âš\u{A0}ï¸ careful",
        "⚠\u{FE0F} careful",
        "0x8F lost: emoji variation selector",
    ),
    (
        "â”â”â”â”“\nâ”ƒ  â”ƒ",
        "┏━━┓\n┃  ┃",
        "0x8F and 0x81 lost: heavy box",
    ),
    (
        "â”Œâ”€â”\u{90}",
        "┌─┐",
        "WHATWG Windows-1252 keeps 0x90 as U+0090: nothing lost",
    ),
    (
        "Ã\u{89} and â\u{80}\u{99}",
        "É and ’",
        "Latin-1: C1 controls instead of Windows-1252 punctuation",
    ),
    (
        "Ã\u{91}andÃº",
        "Ñandú",
        "Latin-1 letters decode the same either way",
    ),
    ("rÃƒÂ©sumÃƒÂ©", "résumé", "encoded twice"),
    (
        "ï»¿# Title",
        "\u{FEFF}# Title",
        "a BOM that was damaged too",
    ),
];

#[test]
fn damaged_text_is_repaired() {
    for (damaged, clean, note) in PAIRS {
        let fixed = repair(damaged);
        assert_eq!(&fixed.text, clean, "{note}");
        assert!(
            fixed.unrepaired.is_empty(),
            "{note}: {:?}",
            fixed.unrepaired
        );
        assert!(!find_mojibake(damaged).is_empty(), "{note}: not found");
    }
}

#[test]
fn lost_bytes_are_counted() {
    let runs = find_mojibake("- âŒ WRONG");
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].lost_bytes, 1);
    assert_eq!(runs[0].repaired.as_deref(), Some("❌"));
    let runs = find_mojibake("cafÃ©");
    assert_eq!(runs[0].lost_bytes, 0);
    // ┏━━┓ loses three bytes on its top edge, in one run.
    let runs = find_mojibake("â”â”â”â”“\nâ”ƒ  â”ƒ");
    assert_eq!(runs[0].repaired.as_deref(), Some("┏━━┓"));
    assert_eq!(runs[0].lost_bytes, 3);
}

#[test]
fn ambiguous_lost_bytes_are_reported_not_guessed() {
    // "ðŸ‘" + one lost byte fits 👁 👍 👏 👐 👝 🍑 🏑 🐑: nothing around says which.
    let text = "Nice ðŸ‘ work";
    let fixed = repair(text);
    assert_eq!(fixed.text, text);
    assert_eq!(fixed.unrepaired.len(), 1);
    let run = &fixed.unrepaired[0];
    assert_eq!(&text[run.span.range()], "ðŸ‘");
    assert_eq!(run.repaired, None);
    assert_eq!(run.lost_bytes, 1);
    assert!(run.candidates.contains(&'👍') && run.candidates.contains(&'👏'));
}

#[test]
fn lost_second_bytes_of_letters_are_reported_in_damaged_files() {
    // A strict decoder drops 0x8D from "č" (C4 8D) and 0x8F from "ď" (C4 8F),
    // leaving a lone "Ä". In a file damaged throughout that "Ä" is reported with
    // what it could have been.
    let clean = "Příliš žluťoučký kůň úpěl ďábelské ódy. Řeřicha, šťáva, žížala, úžasný kůň.";
    let damaged: String = mangle(clean)
        .chars()
        .filter(|c| !matches!(*c as u32, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
        .collect();
    let fixed = repair(&damaged);
    assert_eq!(fixed.unrepaired.len(), 2, "{:?}", fixed.unrepaired);
    for run in &fixed.unrepaired {
        assert_eq!(&fixed.text[run.span.range()], "Ä");
        assert_eq!(run.lost_bytes, 1);
        assert_eq!(run.candidates, vec!['ā', 'č', 'ď', 'Đ', 'ĝ']);
    }
    assert_eq!(fixed.text, clean.replace(['č', 'ď'], "Ä"));
    // In clean text a lone "Ã" or "Ä" is a letter: "SÃO PAULO", "Äpfel".
    assert!(find_mojibake("SÃO PAULO, Äpfel").is_empty());
}

/// Ordinary text that must never be reported.
const CLEAN: &[&str] = &[
    "café",
    "naïve",
    "Ångström",
    "Grüße",
    "„Gruß“ sagte er, »Zitat« und ‚einfach‘",
    "Die Straße ist naß. ÄÖÜ äöü ß",
    "« Ça va ? » — l’été, déjà vu, à la française",
    "CAFÉ” and NESTLÉ™ and PERCHÉ…",
    "Il a commencé…\u{A0}» puis s’est tu",
    "¿Qué tal? ¡Olé! Año, niño, ESPAÑA",
    "Zażółć gęślą jaźń",
    "Příliš žluťoučký kůň úpěl ďábelské ódy",
    "Português: não, irmã, maçã, São Paulo, “AMANHÔ",
    "Suomi: PÄIVÄ” ja päivää; Dansk: “Ø”, Æble, blåbær",
    "±3 °C, © 2024, ® ™, 1½ × 2¼ ÷ 3",
    "René, José, été, Zoë, Chloé",
    "Âu Cơ, Âge, Ãngelo",
    "“Hello,” she said, ‘it’s fine’ – really — yes…",
    "中文，日本語、한국어。",
    "🔴 ✅ ❌ 👍🏽 👨\u{200D}💻 ⚠\u{FE0F}",
    "┌──┐\n│  │\n└──┘ ━━ ═══ ←→↑↓",
    "Русский: а в и к о у я. Українська: і, є, ї. Ελληνικά: αβγ",
    "sœur, cœur, Œuvre, Œdipe",
    "Þórður við ána; İstanbul, ağaç; őrült, tűz; Tiếng Việt",
    "2\u{A0}×\u{A0}3 and 5\u{A0}€",
    "Úžasný den! ÚŽINA, Ýš, ÖŠ",
    "ÁÄÉÍÓÔÚÝŽ ÅÄÖŠŽåäöšž ÓŘŠŤÚŮÝŽ",
    "Eesti: ŠOKOLAAD, Õun, Žürii",
];

#[test]
fn clean_text_is_left_alone() {
    for text in CLEAN {
        assert_eq!(find_mojibake(text), Vec::<Mojibake>::new(), "{text}");
        assert_eq!(repair(text).text, *text);
    }
    let clean = include_str!("../fixtures/encoding/clean.md");
    assert!(find_mojibake(clean).is_empty());
}

#[test]
fn fixtures_repair_to_their_originals() {
    for (damaged, expected) in [
        (
            include_str!("../fixtures/encoding/lost-bytes.md"),
            include_str!("../fixtures/encoding/lost-bytes.expected.txt"),
        ),
        (
            include_str!("../fixtures/encoding/mixed.md"),
            include_str!("../fixtures/encoding/mixed.expected.txt"),
        ),
    ] {
        let fixed = repair(damaged);
        assert!(fixed.unrepaired.is_empty(), "{:?}", fixed.unrepaired);
        assert_eq!(fixed.text, expected);
    }
}

/// One line per run: where it is, what it says, what it was.
fn render(text: &str, runs: &[Mojibake]) -> String {
    let mut out = String::new();
    for run in runs {
        let before = &text[..run.span.start];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let damaged = &text[run.span.range()];
        match &run.repaired {
            Some(r) => out.push_str(&format!(
                "{line}:{col} {damaged:?} -> {r:?} lost={}\n",
                run.lost_bytes
            )),
            None => out.push_str(&format!(
                "{line}:{col} {damaged:?} -> ? lost={} candidates={:?}\n",
                run.lost_bytes, run.candidates
            )),
        }
    }
    out
}

#[test]
fn mojibake_snapshots() {
    insta::glob!("../fixtures/encoding", "*.md", |path| {
        let text = std::fs::read_to_string(path).expect("fixture");
        insta::assert_snapshot!(render(&text, &find_mojibake(&text)));
    });
}

#[test]
fn decode_keeps_utf8_and_reads_windows_1252() {
    let seed = decode_file(SEED.as_bytes());
    assert_eq!(seed.text, SEED);
    assert_eq!(seed.invalid_at, None);
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(SEED.as_bytes());
    let d = decode_file(&with_bom);
    assert!(d.bom);
    assert_eq!(d.text.as_bytes(), with_bom.as_slice());
    let d = decode_file(b"Gr\xFC\xDFe \x96 \x80");
    assert_eq!(d.invalid_at, Some(2));
    assert_eq!(d.text, "Grüße – €");
}

#[test]
fn well_formed_fences_are_quiet() {
    let docs = [
        // Nested fences in a longer fence, and a tilde fence holding backticks.
        "# Doc\n\n````markdown\n## Example\n\n```js\nlet x = 1;\n```\n\n```sql\nSELECT 1;\n```\n````\n\n~~~\n```\nnot a fence here\n```\n~~~\n",
        // Indented code holding fence-like lines.
        "Text\n\n    ```\n    indented code, not a fence\n    ````\n\nMore text.\n",
        // Fences in list items and block quotes.
        "- item\n\n  ```python\n  x = 1\n  ```\n- item 2\n\n  ````md\n  ```\n  inner\n  ```\n  ````\n\n> quote\n>\n> ```\n> code\n> ```\n",
        // Two separate four-backtick blocks in one section, both with info strings.
        "### Section\n\n````markdown\n#### One\n````\n\n#### Two\n\n````text\nplain\n````\n",
        // Five backticks around four.
        "`````\n````\n```\nx\n```\n````\n`````\n",
    ];
    for doc in docs {
        assert_eq!(fence_problems(doc), vec![], "{doc}");
    }
}

#[test]
fn unclosed_fences() {
    let doc = "# A\n\n```sql\nSELECT 1;\n";
    let found = fence_problems(doc);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, FenceProblemKind::NeverCloses);
    assert_eq!(&doc[found[0].span.range()], "```sql");
    // Inside a block quote, the quote's end is where it should have closed.
    let doc = "> ```\n> code\n\nafter\n";
    assert_eq!(fence_problems(doc).len(), 1);
}

/// Large inputs repair completely; their cost is measured by the benchmarks, not
/// asserted here (a timed test measures the machine's load).
#[test]
fn large_input_repairs_completely() {
    // About 2 MB of the damaged seed.
    let big = SEED.repeat(100);
    let fixed = repair(&big);
    assert!(fixed.unrepaired.is_empty());
    assert!(find_mojibake(&fixed.text).is_empty());
    assert_eq!(fence_problems(&big).len(), 3 * 100);
}

#[test]
fn undecidable_runs_are_each_reported() {
    // One long line of "â”" with nothing to decide them by: the worst case for the
    // context rules (its cost is in the benchmarks).
    let text = "â”".repeat(40_000);
    let runs = find_mojibake(&text);
    assert_eq!(runs.len(), 40_000);
    assert!(runs.iter().all(|r| r.repaired.is_none()));
}

/// UTF-8 misread as Windows-1252 (WHATWG: the five undefined bytes become C1 controls).
fn mangle(s: &str) -> String {
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(s.as_bytes())
        .0
        .into_owned()
}

/// A character whose UTF-8 uses none of the bytes Windows-1252 loses.
fn keeps_all_bytes(c: &char) -> bool {
    let mut buf = [0u8; 4];
    !c.encode_utf8(&mut buf)
        .bytes()
        .any(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
}

/// Any non-ASCII character whose UTF-8 keeps all its bytes in Windows-1252, with
/// two- three- and four-byte characters equally likely.
fn non_ascii() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::char::range('\u{80}', '\u{7FF}'),
        prop::char::range('\u{800}', '\u{D7FF}'),
        prop::char::range('\u{E000}', '\u{FFFF}'),
        prop::char::range('\u{10000}', '\u{10FFFF}'),
    ]
    .prop_filter("no lost bytes", keeps_all_bytes)
}

/// Text made of the characters mojibake is made of, and ASCII.
fn mojibake_alphabet() -> impl Strategy<Value = String> {
    let chars = prop_oneof![
        prop::char::range('\u{80}', '\u{FF}'),
        prop::sample::select(vec![
            '€', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 'Ž', '‘', '’', '“', '”',
            '•', '–', '—', '˜', '™', 'š', '›', 'œ', 'ž', 'Ÿ'
        ]),
        prop::sample::select(vec![' ', '\n', 'a', 'Z', '─', '│', '`', '#', '>', '-']),
    ];
    prop::collection::vec(chars, 0..80).prop_map(|v| v.into_iter().collect())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        mojibake_alphabet(),
        any::<String>().prop_map(|s| mangle(&s))
    ]
}

/// Words of lowercase ASCII with any non-ASCII characters (but the lost-byte ones)
/// inside. Inside a word nothing is ambiguous; at a word end "CAFÉ”" and the
/// damaged form of "CAFɔ" are the same string (see `lines_with_any_characters`).
fn words_with_inner_characters() -> impl Strategy<Value = String> {
    // A two-byte character outside Latin, Greek and Cyrillic that mangles into two
    // letters ("ߌ" → "ßŒ", and the digit "߈" → "ßˆ") reads by design as a clean
    // word unless the line carries other damage (see `looks_natural`): not a round
    // trip to promise here. What counts is what it mangles into, not what it is.
    let letter_pair = |c: &char| {
        c.len_utf8() == 2
            && !matches!(*c as u32, 0xA0..=0x24F | 0x370..=0x4FF)
            && mangle(&c.to_string()).chars().all(char::is_alphabetic)
    };
    let inner = prop::collection::vec(
        non_ascii().prop_filter("mangles into a clean-looking pair", move |c| {
            !letter_pair(c)
        }),
        0..4,
    );
    let word = (
        prop::char::range('a', 'z'),
        inner,
        prop::char::range('a', 'z'),
    )
        .prop_map(|(a, mid, z)| {
            let mut w = String::from(a);
            w.extend(mid);
            w.push(z);
            w
        });
    let sep = prop::sample::select(vec![" ", "\n", ", ", ". "]);
    prop::collection::vec((word, sep), 0..12)
        .prop_map(|v| v.into_iter().map(|(w, s)| w + s).collect())
}

/// Any characters (but the lost-byte ones) anywhere, on lines that also carry
/// unambiguous damage (" q→q", an arrow inside a word).
fn lines_with_any_characters() -> impl Strategy<Value = String> {
    let line = prop::collection::vec(
        prop_oneof![non_ascii(), prop::char::range('a', 'z'), Just(' ')],
        0..12,
    )
    .prop_map(|v| {
        v.into_iter()
            .filter(|c| *c != '\n' && *c != '\r')
            .collect::<String>()
            + " q→q"
    });
    prop::collection::vec(line, 1..4).prop_map(|v| v.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn nothing_panics_and_spans_are_on_char_boundaries(text in any_text()) {
        for run in find_mojibake(&text) {
            prop_assert!(run.span.start < run.span.end);
            prop_assert!(text.is_char_boundary(run.span.start) && text.is_char_boundary(run.span.end));
        }
        let fixed = repair(&text);
        for run in &fixed.unrepaired {
            prop_assert!(fixed.text.is_char_boundary(run.span.start) && fixed.text.is_char_boundary(run.span.end));
        }
        for p in fence_problems(&text) {
            prop_assert!(text.is_char_boundary(p.span.start) && text.is_char_boundary(p.span.end));
        }
        let _ = decode_file(text.as_bytes());
    }

    #[test]
    fn decode_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let d = decode_file(&bytes);
        prop_assert_eq!(d.invalid_at.is_none(), std::str::from_utf8(&bytes).is_ok());
    }

    #[test]
    fn repair_is_idempotent(text in any_text()) {
        let once = repair(&text).text;
        prop_assert_eq!(repair(&once).text, once);
    }

    #[test]
    fn runs_are_ordered_and_disjoint(text in any_text()) {
        let runs = find_mojibake(&text);
        for pair in runs.windows(2) {
            prop_assert!(pair[0].span.end <= pair[1].span.start);
        }
    }

    #[test]
    fn mangled_words_round_trip(s in words_with_inner_characters()) {
        prop_assume!(find_mojibake(&s).is_empty());
        prop_assert_eq!(repair(&mangle(&s)).text, s);
    }

    #[test]
    fn mangled_lines_round_trip(s in lines_with_any_characters()) {
        prop_assume!(find_mojibake(&s).is_empty());
        prop_assert_eq!(repair(&mangle(&s)).text, s);
    }
}
