//! Date expressions, explicit and relative, resolved against the publication date.
//!
//! Not built yet (issue 7): the stage produces an empty layer.

use crate::doc::{Document, LayerKind};
use crate::pipeline::{Diagnostics, Stage};

/// Finds and resolves date expressions.
#[derive(Debug, Default, Clone, Copy)]
pub struct DateStage;

impl Stage for DateStage {
    fn name(&self) -> &'static str {
        "dates"
    }
    fn requires(&self) -> &'static [LayerKind] {
        &[LayerKind::Articles]
    }
    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::Dates]
    }
    fn run(&self, _doc: &mut Document, _diags: &mut Diagnostics) {}
}
