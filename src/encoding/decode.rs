//! File bytes to text (in progress).
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DecodedFile {
    pub text: String,
    pub bom: bool,
    pub invalid_at: Option<usize>,
}

pub fn decode_file(bytes: &[u8]) -> DecodedFile {
    DecodedFile {
        text: String::from_utf8_lossy(bytes).into_owned(),
        bom: false,
        invalid_at: None,
    }
}
