//! stub
use super::GenerateError;
use crate::model::Model;
#[derive(Default, Debug, Clone)]
pub struct JwtOptions {}
pub fn render_jwt_section(
    _m: &Model,
    _t: &str,
    _title: &str,
    _level: u8,
    _o: &JwtOptions,
) -> Result<String, GenerateError> {
    todo!()
}
