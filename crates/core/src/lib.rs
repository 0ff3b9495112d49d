//! readout-core: the analysis engine of readout, as a pure library.
//!
//! It takes one text and finds articles, noise, tokens, sentences, entities, statements,
//! money, quantities and dates, each as a layer of annotations over byte spans of the
//! text. It does no I/O and never panics on input: problems become [`Diagnostic`]s.
//!
//! ```
//! use readout_core::{analyze, Options};
//!
//! let text = "Ceasefire talks stall, minister says\nThe minister said on Monday that talks had stalled.\n";
//! let (doc, _diagnostics) = analyze(text, &Options::default());
//! assert_eq!(doc.articles.len(), 1);
//! assert!(doc.tokens.len() > 10);
//! ```
#![deny(missing_docs)]

mod calendar;
mod dates;
mod doc;
mod entities;
mod figures;
mod ling;
mod offsets;
mod pipeline;
mod scan;
mod segment;
mod statements;
mod text;
mod wordclass;

pub use calendar::{Date, Weekday};
pub use dates::find_dates;
pub use doc::{
    is_blank, Annotation, Approx, Article, ArticleKind, DateAnchor, DateMention, DateValue,
    Document, Entity, EntityId, EntityType, Layer, LayerKind, Line, Mention, MentionKind, Money,
    Noise, NoiseKind, Quantity, Role, Sentence, Span, Speaker, Stance, StanceKind, Statement,
    StatementKind, Token, TokenKind, Upos,
};
/// The entity tagger's features and model format, shared with `cargo xtask train-ner`.
pub use entities::ner;
pub use figures::find_money;
pub use ling::{parser, tagger};
pub use offsets::CharOffsets;
pub use pipeline::{Diagnostic, Diagnostics, Pipeline, PipelineError, Severity, Stage};
pub use scan::read_number;
pub use segment::training as segment_training;
pub use statements::candidates as statement_candidates;
pub use text::{split_sentences, tokenize};

/// Universal Dependencies relation labels; [`Token::deprel`] indexes this table
/// (0 means no relation assigned).
pub const DEPRELS: [&str; 38] = [
    "_",
    "acl",
    "advcl",
    "advmod",
    "amod",
    "appos",
    "aux",
    "case",
    "cc",
    "ccomp",
    "clf",
    "compound",
    "conj",
    "cop",
    "csubj",
    "dep",
    "det",
    "discourse",
    "dislocated",
    "expl",
    "fixed",
    "flat",
    "goeswith",
    "iobj",
    "list",
    "mark",
    "nmod",
    "nsubj",
    "nummod",
    "obj",
    "obl",
    "orphan",
    "parataxis",
    "punct",
    "reparandum",
    "root",
    "vocative",
    "xcomp",
];

/// The analysis stages, in pipeline order. Configuration picks stages through this
/// closed list rather than an open registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StageName {
    /// Articles and noise.
    Segment,
    /// Tokens and sentences.
    Text,
    /// Part-of-speech tags.
    Tagger,
    /// Dependency heads and relations.
    Parser,
    /// Entities and mentions.
    Entities,
    /// Date expressions.
    Dates,
    /// Money and quantities.
    Figures,
    /// Reported statements.
    Statements,
}

impl StageName {
    /// Every stage, in pipeline order.
    pub const ALL: [StageName; 8] = [
        StageName::Segment,
        StageName::Text,
        StageName::Tagger,
        StageName::Parser,
        StageName::Entities,
        StageName::Dates,
        StageName::Figures,
        StageName::Statements,
    ];

    /// Builds the stage.
    #[must_use]
    pub fn build(self) -> Box<dyn Stage> {
        match self {
            StageName::Segment => Box::new(segment::SegmentStage),
            StageName::Text => Box::new(text::TextStage),
            StageName::Tagger => Box::new(tagger::TaggerStage),
            StageName::Parser => Box::new(parser::ParserStage),
            StageName::Entities => Box::new(entities::EntityStage),
            StageName::Dates => Box::new(dates::DateStage),
            StageName::Figures => Box::new(figures::FigureStage),
            StageName::Statements => Box::new(statements::StatementStage),
        }
    }
}

/// What to analyse and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The reference date for relative dates ("on Tuesday"); `None` lets the date stage
    /// infer one from the text.
    pub published: Option<Date>,
}

/// The standard pipeline with every stage.
#[must_use]
pub fn standard_pipeline() -> Pipeline {
    match Pipeline::new(StageName::ALL.iter().map(|s| s.build()).collect()) {
        Ok(p) => p,
        // The stage list is fixed at compile time and covered by a test.
        // tidy: allow(panic): the stage list is fixed at compile time and tested.
        Err(e) => unreachable!("the standard pipeline is mis-ordered: {e}"),
    }
}

/// Analyses one text with the standard pipeline.
#[must_use]
pub fn analyze(text: &str, options: &Options) -> (Document, Diagnostics) {
    let mut doc = Document::new(text);
    doc.published = options.published;
    let diags = standard_pipeline().run(&mut doc);
    (doc, diags)
}

#[cfg(test)]
mod tests {
    #[test]
    fn standard_pipeline_is_ordered() {
        let names = super::standard_pipeline().names();
        assert_eq!(
            names,
            [
                "segment",
                "text",
                "tagger",
                "parser",
                "entities",
                "dates",
                "figures",
                "statements"
            ]
        );
    }
}
