//! Article segmentation: raw text → articles (with leads and subheadings) and noise.
//!
//! Baseline: the whole text is one article; its first line is the lead when it has no
//! final full stop. Issue 3 replaces this with a model of line roles.

use crate::doc::{Annotation, Article, Document, Layer, LayerKind, Span};
use crate::pipeline::{Diagnostics, Stage};

/// Finds articles and noise.
#[derive(Debug, Default, Clone, Copy)]
pub struct SegmentStage;

impl Stage for SegmentStage {
    fn name(&self) -> &'static str {
        "segment"
    }
    fn requires(&self) -> &'static [LayerKind] {
        &[LayerKind::Lines]
    }
    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::Articles]
    }
    fn run(&self, doc: &mut Document, _diags: &mut Diagnostics) {
        let lines = doc.lines.as_slice();
        let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
            return;
        };
        let first_text = doc.slice(first.span);
        let lead = (lines.len() > 1 && !first_text.ends_with(['.', '!', '"', '”', '…']))
            .then_some(first.span);
        let article = Article {
            headline: lead,
            ..Article::default()
        };
        let span = Span {
            start: first.span.start,
            end: last.span.end,
        };
        doc.articles = Layer::from_vec(vec![Annotation {
            span,
            value: article,
        }]);
    }
}
