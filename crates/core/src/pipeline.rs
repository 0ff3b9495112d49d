//! Stages, the pipeline that orders them, and the diagnostics they record.

use crate::doc::{Document, LayerKind, Span};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Something worth showing a reader (a consistency finding).
    Info,
    /// Part of the input could not be analysed as expected.
    Warning,
}

/// Something a stage noticed: a finding about the text or a problem with it.
///
/// Analysis never fails; what would be an error elsewhere becomes a diagnostic.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Stable machine-readable code, `stage/what` (e.g. `figures/rate-mismatch`).
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// The text it is about, when there is one.
    pub span: Option<Span>,
    /// A sentence for people.
    pub message: String,
}

/// The diagnostics recorded while analysing one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Records a finding about a span of the text.
    pub fn info(&mut self, code: &'static str, span: Span, message: impl Into<String>) {
        self.push(Diagnostic {
            code,
            severity: Severity::Info,
            span: Some(span),
            message: message.into(),
        });
    }

    /// Records a warning.
    pub fn warn(&mut self, code: &'static str, span: Option<Span>, message: impl Into<String>) {
        self.push(Diagnostic {
            code,
            severity: Severity::Warning,
            span,
            message: message.into(),
        });
    }

    /// All diagnostics, in the order recorded.
    #[must_use]
    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Number of diagnostics.
    #[must_use]
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when nothing was recorded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// One step of the analysis: reads some layers of a document and writes others.
pub trait Stage: Send + Sync {
    /// A short stable name (`segment`, `tokens`, …).
    fn name(&self) -> &'static str;
    /// Layers that must exist before this stage runs.
    fn requires(&self) -> &'static [LayerKind];
    /// Layers this stage writes.
    fn produces(&self) -> &'static [LayerKind];
    /// Runs the stage. It must not panic on any text; problems go to `diags`.
    fn run(&self, doc: &mut Document, diags: &mut Diagnostics);
}

/// Why a pipeline could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PipelineError {
    /// A stage needs a layer that no earlier stage produces.
    MissingLayer {
        /// The stage that needs it.
        stage: &'static str,
        /// The layer it needs.
        layer: LayerKind,
    },
    /// Two stages both produce the same layer.
    DuplicateLayer {
        /// The second stage that produces it.
        stage: &'static str,
        /// The layer.
        layer: LayerKind,
    },
}

impl std::fmt::Display for PipelineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PipelineError::MissingLayer { stage, layer } => {
                write!(
                    f,
                    "stage `{stage}` needs the {layer:?} layer, which no earlier stage produces"
                )
            }
            PipelineError::DuplicateLayer { stage, layer } => {
                write!(f, "stage `{stage}` produces the {layer:?} layer, which an earlier stage already produces")
            }
        }
    }
}

impl std::error::Error for PipelineError {}

/// Stages in an order checked when the pipeline is built.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.stages.iter().map(|s| s.name()))
            .finish()
    }
}

impl Pipeline {
    /// Builds a pipeline, checking that every stage's inputs are produced earlier and
    /// that no layer is produced twice.
    pub fn new(stages: Vec<Box<dyn Stage>>) -> Result<Pipeline, PipelineError> {
        let mut have = vec![LayerKind::Lines];
        for stage in &stages {
            for &layer in stage.requires() {
                if !have.contains(&layer) {
                    return Err(PipelineError::MissingLayer {
                        stage: stage.name(),
                        layer,
                    });
                }
            }
            for &layer in stage.produces() {
                if have.contains(&layer) {
                    return Err(PipelineError::DuplicateLayer {
                        stage: stage.name(),
                        layer,
                    });
                }
                have.push(layer);
            }
        }
        Ok(Pipeline { stages })
    }

    /// The stage names, in order.
    #[must_use]
    pub fn names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Runs every stage on `doc` and returns what they noticed.
    #[must_use]
    pub fn run(&self, doc: &mut Document) -> Diagnostics {
        self.run_observed(doc, |_| {})
    }

    /// Runs every stage on `doc` as [`Pipeline::run`] does, calling `after` with each
    /// stage's name as soon as that stage has finished. A caller can time the stages this
    /// way (`readout ingest --timings` does); the core itself keeps no clock.
    #[must_use]
    pub fn run_observed(
        &self,
        doc: &mut Document,
        mut after: impl FnMut(&'static str),
    ) -> Diagnostics {
        let mut diags = Diagnostics::default();
        for stage in &self.stages {
            stage.run(doc, &mut diags);
            after(stage.name());
        }
        diags
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake(&'static str, &'static [LayerKind], &'static [LayerKind]);
    impl Stage for Fake {
        fn name(&self) -> &'static str {
            self.0
        }
        fn requires(&self) -> &'static [LayerKind] {
            self.1
        }
        fn produces(&self) -> &'static [LayerKind] {
            self.2
        }
        fn run(&self, _: &mut Document, diags: &mut Diagnostics) {
            diags.warn("fake/ran", None, self.0);
        }
    }

    #[test]
    fn order_is_checked() {
        let bad = Pipeline::new(vec![
            Box::new(Fake("b", &[LayerKind::Tokens], &[LayerKind::Sentences])),
            Box::new(Fake("a", &[], &[LayerKind::Tokens])),
        ]);
        assert_eq!(
            bad.unwrap_err(),
            PipelineError::MissingLayer {
                stage: "b",
                layer: LayerKind::Tokens
            }
        );
        let dup = Pipeline::new(vec![
            Box::new(Fake("a", &[], &[LayerKind::Tokens])),
            Box::new(Fake("c", &[], &[LayerKind::Tokens])),
        ]);
        assert!(matches!(
            dup,
            Err(PipelineError::DuplicateLayer { stage: "c", .. })
        ));
        let good = Pipeline::new(vec![
            Box::new(Fake("a", &[], &[LayerKind::Tokens])),
            Box::new(Fake("b", &[LayerKind::Tokens], &[LayerKind::Sentences])),
        ])
        .unwrap();
        let mut doc = Document::new("x");
        let diags = good.run(&mut doc);
        let ran: Vec<&str> = diags
            .as_slice()
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(ran, ["a", "b"]);
        let mut seen = Vec::new();
        let observed = good.run_observed(&mut doc, |name| seen.push(name));
        assert_eq!(seen, ["a", "b"]);
        assert_eq!(observed, diags);
    }
}
