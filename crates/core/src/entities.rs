//! Named entities: mentions typed PERSON, ORG, GPE, …, merged into canonical entities.
//!
//! Not built yet (issue 5): the stage produces an empty layer.

use crate::doc::{Document, LayerKind};
use crate::pipeline::{Diagnostics, Stage};

/// Finds entity mentions and merges them into entities.
#[derive(Debug, Default, Clone, Copy)]
pub struct EntityStage;

impl Stage for EntityStage {
    fn name(&self) -> &'static str {
        "entities"
    }
    fn requires(&self) -> &'static [LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences]
    }
    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::Entities]
    }
    fn run(&self, _doc: &mut Document, _diags: &mut Diagnostics) {}
}
