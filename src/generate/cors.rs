//! stub
use super::GenerateError;
use crate::model::Model;
pub fn render_cors_section(
    _m: &Model,
    _title: &str,
    _o: &[String],
    _level: u8,
) -> Result<String, GenerateError> {
    todo!()
}
