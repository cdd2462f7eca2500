//! The byte image of a character: which single Windows-1252 / Latin-1 byte a
//! misdecoder turned into this character.
//!
//! Mojibake is UTF-8 read one byte at a time. Undoing it means mapping every damaged
//! character back to the byte it came from. Both decoders are accepted at once,
//! because files reach us through both: Latin-1 (and the WHATWG Windows-1252 that
//! encoding_rs implements) turns 0x80..=0x9F into the C1 controls U+0080..=U+009F,
//! while the Windows code page turns most of them into typographic characters
//! ("€", "”", "™"). The two tables never disagree, so one function serves both.

/// The bytes Windows-1252 leaves undefined. A strict Windows-1252 decoder (the one
/// in .NET, Python's `cp1252`, many editors) drops or replaces them, and that is
/// how real mojibake loses bytes: "┐" (E2 94 90) arrives as "â”" with nothing after.
pub const LOST_BYTES: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

/// The byte `c` stands for when it is read as Windows-1252 or Latin-1, for the
/// non-ASCII half of the code page only (ASCII never takes part in mojibake).
pub fn byte_of(c: char) -> Option<u8> {
    let cp = c as u32;
    if (0x80..=0xFF).contains(&cp) {
        // Latin-1 is the identity; this also covers the C1 controls a WHATWG
        // decoder produces for the five undefined bytes.
        return Some(cp as u8);
    }
    let b = match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

/// The length of the UTF-8 sequence a lead byte starts, or `None` when the byte
/// cannot start a multi-byte sequence (continuations, C0/C1 overlongs, F5..).
pub fn sequence_len(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

pub fn is_continuation(b: u8) -> bool {
    (0x80..=0xBF).contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_encoding_rs_on_every_byte() {
        for b in 0x80u8..=0xFF {
            let byte = [b];
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
            let c = text.chars().next().expect("one char per byte");
            assert_eq!(byte_of(c), Some(b), "byte {b:#x} decodes to {c:?}");
        }
    }

    #[test]
    fn ascii_and_other_characters_have_no_byte_image() {
        for c in ['a', '\n', '─', 'ł', '中', '😀'] {
            assert_eq!(byte_of(c), None);
        }
    }

    #[test]
    fn sequence_lengths() {
        assert_eq!(sequence_len(0xC3), Some(2));
        assert_eq!(sequence_len(0xE2), Some(3));
        assert_eq!(sequence_len(0xF0), Some(4));
        assert_eq!(sequence_len(0xC1), None);
        assert_eq!(sequence_len(0xF5), None);
        assert_eq!(sequence_len(0x94), None);
    }
}
