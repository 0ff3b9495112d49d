//! Money, stated conversions and quantities, with consistency checks.
//!
//! Not built yet (issue 7): the stage produces empty layers.

use crate::doc::{Document, LayerKind};
use crate::pipeline::{Diagnostics, Stage};

/// Finds amounts of money and quantities.
#[derive(Debug, Default, Clone, Copy)]
pub struct FigureStage;

impl Stage for FigureStage {
    fn name(&self) -> &'static str {
        "figures"
    }
    fn requires(&self) -> &'static [LayerKind] {
        &[LayerKind::Articles]
    }
    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::Figures]
    }
    fn run(&self, _doc: &mut Document, _diags: &mut Diagnostics) {}
}
