//! stub
use super::GenerateError;
use crate::model::Model;
pub fn render_schema_section(_m: &Model, _t: &[&str], _title: &str, _level: u8) -> Result<String, GenerateError> { todo!() }
