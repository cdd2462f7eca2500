//! Generated text remembered for one run.
//!
//! Rules attach fixes as they find problems, and a fix's text is generated from the
//! model alone: the same flow drawn in the same style, or the same section at the same
//! heading level, is the same bytes in every document. A CI run over thousands of
//! specs would otherwise render the same diagram or CORS section once per finding.
//! Generators are pure (see the module above), so remembering their output changes
//! nothing but the time spent.

use std::sync::Mutex;

use rustc_hash::FxHashMap;

use super::{DrawStyle, render_diagram, render_section};
use crate::model::{Model, SectionSpec};

/// Rendered diagrams and sections of one model, shared by every file of a run
/// (files are checked in parallel, hence the locks). `None` remembers a failure.
/// The keys come from the model, never from a spec, so a fast hash is safe here.
#[derive(Debug, Default)]
pub struct Rendered {
    diagrams: Mutex<FxHashMap<(String, DrawStyle), Option<String>>>,
    sections: Mutex<FxHashMap<(SectionSpec, u8), Option<String>>>,
}

impl Rendered {
    /// [`render_diagram`], once per flow and style.
    pub fn diagram(&self, model: &Model, flow_id: &str, style: DrawStyle) -> Option<String> {
        let mut map = self.diagrams.lock().unwrap_or_else(|e| e.into_inner());
        map.entry((flow_id.to_string(), style))
            .or_insert_with(|| render_diagram(model, flow_id, style).ok())
            .clone()
    }

    /// [`render_section`], once per section and heading level.
    pub fn section(&self, model: &Model, spec: &SectionSpec, level: u8) -> Option<String> {
        let mut map = self.sections.lock().unwrap_or_else(|e| e.into_inner());
        map.entry((spec.clone(), level))
            .or_insert_with(|| render_section(model, spec, level).ok())
            .clone()
    }
}
