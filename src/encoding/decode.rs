//! Turning a file's bytes into the text every other check reads.
//!
//! Two promises: a UTF-8 file comes back byte for byte (a BOM included, as U+FEFF at
//! the start of the text, so offsets into the text are offsets into the file and a
//! fix written back keeps the BOM), and a file that is not UTF-8 still comes back as
//! text, so one bad byte does not stop the run: it is decoded as Windows-1252, the
//! most likely origin of a non-UTF-8 spec, and the first invalid byte is reported.

use serde::Serialize;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A file's bytes as text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DecodedFile {
    /// The text. For UTF-8 it is byte-identical to the file, BOM included; when
    /// `bom` is true it starts with U+FEFF, whatever the encoding.
    pub text: String,
    /// The file starts with a byte order mark (UTF-8, or UTF-16 of either order).
    pub bom: bool,
    /// Byte offset in the file of the first sequence that is not UTF-8; `None`
    /// when the whole file is UTF-8.
    pub invalid_at: Option<usize>,
    /// How `text` was decoded: "UTF-8", "windows-1252", "UTF-16LE" or "UTF-16BE".
    pub encoding: &'static str,
}

impl DecodedFile {
    /// The text after the BOM: what a parser should read. Offsets into it are
    /// offsets into `text` minus [`DecodedFile::bom_len`].
    pub fn without_bom(&self) -> &str {
        &self.text[self.bom_len()..]
    }

    /// Length in bytes of the BOM at the start of `text` (0 or 3).
    pub fn bom_len(&self) -> usize {
        if self.text.starts_with('\u{FEFF}') {
            '\u{FEFF}'.len_utf8()
        } else {
            0
        }
    }
}

/// Bytes of a file → text.
///
/// Valid UTF-8 (with or without BOM) is returned as is. Otherwise `invalid_at` is
/// the offset of the first invalid sequence and the text is decoded as
/// Windows-1252 with encoding_rs, except after a UTF-16 BOM, which says what the
/// file is and is decoded as UTF-16.
pub fn decode_file(bytes: &[u8]) -> DecodedFile {
    let utf8_bom = bytes.starts_with(UTF8_BOM);
    let invalid_at = match std::str::from_utf8(bytes) {
        Ok(text) => {
            return DecodedFile {
                text: text.to_owned(),
                bom: utf8_bom,
                invalid_at: None,
                encoding: "UTF-8",
            };
        }
        Err(e) => e.valid_up_to(),
    };
    let utf16 = match bytes {
        [0xFF, 0xFE, ..] => Some((encoding_rs::UTF_16LE, "UTF-16LE")),
        [0xFE, 0xFF, ..] => Some((encoding_rs::UTF_16BE, "UTF-16BE")),
        _ => None,
    };
    let (encoding, name, body) = match utf16 {
        Some((enc, name)) => (enc, name, &bytes[2..]),
        None if utf8_bom => (
            encoding_rs::WINDOWS_1252,
            "windows-1252",
            &bytes[UTF8_BOM.len()..],
        ),
        None => (encoding_rs::WINDOWS_1252, "windows-1252", bytes),
    };
    let bom = utf16.is_some() || utf8_bom;
    let (decoded, _) = encoding.decode_without_bom_handling(body);
    let mut text = String::with_capacity(decoded.len() + 3);
    if bom {
        text.push('\u{FEFF}');
    }
    text.push_str(&decoded);
    DecodedFile {
        text,
        bom,
        invalid_at: Some(invalid_at),
        encoding: name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_returned_as_is() {
        let d = decode_file("café ─ 🔴\r\n".as_bytes());
        assert_eq!(d.text, "café ─ 🔴\r\n");
        assert!(!d.bom);
        assert_eq!(d.invalid_at, None);
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(decode_file(b"").text, "");
    }

    #[test]
    fn utf8_bom_is_kept_in_the_text() {
        let bytes = b"\xEF\xBB\xBF# Title\n";
        let d = decode_file(bytes);
        assert!(d.bom);
        assert_eq!(d.text.as_bytes(), bytes);
        assert_eq!(d.without_bom(), "# Title\n");
        assert_eq!(d.bom_len(), 3);
    }

    #[test]
    fn windows_1252_file() {
        let d = decode_file(b"caf\xE9 \x93quoted\x94");
        assert_eq!(d.invalid_at, Some(3));
        assert_eq!(d.text, "café “quoted”");
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn first_invalid_byte_in_mostly_utf8() {
        // Valid "é" (C3 A9), then a lone 0xFF at offset 4.
        let d = decode_file(b"a\xC3\xA9b\xFFc");
        assert_eq!(d.invalid_at, Some(4));
        // The whole file is read as Windows-1252, so the valid part shows as mojibake
        // that M001 then finds.
        assert_eq!(d.text, "aÃ©bÿc");
    }

    #[test]
    fn truncated_sequence_at_the_end() {
        let d = decode_file(b"ab\xE2\x94");
        assert_eq!(d.invalid_at, Some(2));
        assert_eq!(d.text, "abâ”");
    }

    #[test]
    fn utf8_bom_then_invalid() {
        let d = decode_file(b"\xEF\xBB\xBFx\x80");
        assert!(d.bom);
        assert_eq!(d.invalid_at, Some(4));
        assert_eq!(d.text, "\u{FEFF}x€");
    }

    #[test]
    fn utf16_with_bom() {
        let d = decode_file(b"\xFF\xFEh\x00\xE9\x00");
        assert!(d.bom);
        assert_eq!(d.invalid_at, Some(0));
        assert_eq!(d.encoding, "UTF-16LE");
        assert_eq!(d.without_bom(), "hé");
        let d = decode_file(b"\xFE\xFF\x00h");
        assert_eq!(d.encoding, "UTF-16BE");
        assert_eq!(d.without_bom(), "h");
    }
}
