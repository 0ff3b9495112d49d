//! Who said what: reported statements with speaker, cue, content, medium, time, stance.
//!
//! Not built yet (issue 6): the stage produces an empty layer.

use crate::doc::{Document, LayerKind};
use crate::pipeline::{Diagnostics, Stage};

/// Finds reported statements.
#[derive(Debug, Default, Clone, Copy)]
pub struct StatementStage;

impl Stage for StatementStage {
    fn name(&self) -> &'static str {
        "statements"
    }
    fn requires(&self) -> &'static [LayerKind] {
        &[
            LayerKind::Articles,
            LayerKind::Tokens,
            LayerKind::Sentences,
            LayerKind::Entities,
            LayerKind::Dates,
        ]
    }
    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::Statements]
    }
    fn run(&self, _doc: &mut Document, _diags: &mut Diagnostics) {}
}
