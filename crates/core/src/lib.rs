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
mod gender;
mod ling;
mod offsets;
mod openers;
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
    /// Part-of-speech tags of sentence openers only (what the statement stage reads).
    Openers,
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
    pub const ALL: [StageName; 9] = [
        StageName::Segment,
        StageName::Text,
        StageName::Tagger,
        StageName::Openers,
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
            StageName::Openers => Box::new(openers::OpenerStage),
            StageName::Parser => Box::new(parser::ParserStage),
            StageName::Entities => Box::new(entities::EntityStage),
            StageName::Dates => Box::new(dates::DateStage),
            StageName::Figures => Box::new(figures::FigureStage),
            StageName::Statements => Box::new(statements::StatementStage),
        }
    }

    /// The layers the stage needs (its [`Stage::requires`]).
    #[must_use]
    pub fn requires(self) -> &'static [LayerKind] {
        self.build().requires()
    }

    /// The layers the stage writes (its [`Stage::produces`]).
    #[must_use]
    pub fn produces(self) -> &'static [LayerKind] {
        self.build().produces()
    }

    /// The stages that produce `layers`, with every stage they need in turn, in
    /// pipeline order ([`StageName::ALL`]). A layer no stage produces (`Lines`, which
    /// every document has) adds nothing.
    #[must_use]
    pub fn needed_for(layers: &[LayerKind]) -> Vec<StageName> {
        let mut wanted: Vec<LayerKind> = layers.to_vec();
        let mut picked = [false; StageName::ALL.len()];
        // A stage only needs layers of earlier stages, so one pass from the last stage
        // to the first sees every requirement before the stage that meets it.
        for (k, stage) in StageName::ALL.iter().enumerate().rev() {
            if stage.produces().iter().any(|l| wanted.contains(l)) {
                if let Some(p) = picked.get_mut(k) {
                    *p = true;
                }
                wanted.extend_from_slice(stage.requires());
            }
        }
        StageName::ALL
            .iter()
            .zip(picked)
            .filter_map(|(s, p)| p.then_some(*s))
            .collect()
    }
}

/// The layers a readout/1 record reports: articles (with noise), entities and their
/// mentions, statements, money and quantities, and dates. Tokens, sentences and the
/// part-of-speech tags of sentence openers are not reported but the statement stage
/// needs them; the tags of other words (`Pos`) and dependency heads (`Deps`) are
/// neither, so [`record_pipeline`] leaves the full tagger and the parser out.
pub const RECORD_LAYERS: [LayerKind; 5] = [
    LayerKind::Articles,
    LayerKind::Entities,
    LayerKind::Statements,
    LayerKind::Figures,
    LayerKind::Dates,
];

/// What to analyse and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The reference date for relative dates ("on Tuesday"); `None` lets the date stage
    /// infer one from the text.
    pub published: Option<Date>,
}

/// Builds the pipeline of `stages`, which must be in [`StageName::ALL`] order with
/// every requirement met (as [`StageName::needed_for`] returns them).
fn pipeline_of(stages: &[StageName]) -> Pipeline {
    match Pipeline::new(stages.iter().map(|s| s.build()).collect()) {
        Ok(p) => p,
        // tidy: allow(panic): stages in ALL order with their requirements always build; tested.
        Err(e) => unreachable!("a pipeline in stage order is mis-ordered: {e}"),
    }
}

/// The standard pipeline with every stage, the full tagger and the dependency parser
/// included: what [`analyze`] runs, for callers that read every layer (every word's
/// tag, heads and relations too).
#[must_use]
pub fn standard_pipeline() -> Pipeline {
    pipeline_of(&StageName::ALL)
}

/// The pipeline that produces `layers` and nothing it can skip: the stages of
/// [`StageName::needed_for`], in pipeline order.
#[must_use]
pub fn pipeline_for(layers: &[LayerKind]) -> Pipeline {
    pipeline_of(&StageName::needed_for(layers))
}

/// The pipeline of a readout/1 record ([`RECORD_LAYERS`]): neither the dependency
/// parser, whose layer no other stage reads, nor the full tagger, since the statement
/// stage reads the tags of sentence openers only (the `openers` stage gives those).
/// `readout analyze` and `readout ingest` run it; every layer it fills is the same as
/// [`standard_pipeline`]'s, except that only sentence openers are tagged and no token
/// has a head.
#[must_use]
pub fn record_pipeline() -> Pipeline {
    pipeline_for(&RECORD_LAYERS)
}

/// Analyses one text with the standard pipeline (every stage).
#[must_use]
pub fn analyze(text: &str, options: &Options) -> (Document, Diagnostics) {
    analyze_with(&standard_pipeline(), text, options)
}

/// Analyses one text with `pipeline` (built once and reused for many texts, e.g.
/// [`record_pipeline`]).
#[must_use]
pub fn analyze_with(pipeline: &Pipeline, text: &str, options: &Options) -> (Document, Diagnostics) {
    let mut doc = Document::new(text);
    doc.published = options.published;
    let diags = pipeline.run(&mut doc);
    (doc, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_pipeline_is_ordered() {
        let names = super::standard_pipeline().names();
        assert_eq!(
            names,
            [
                "segment",
                "text",
                "tagger",
                "openers",
                "parser",
                "entities",
                "dates",
                "figures",
                "statements"
            ]
        );
    }

    #[test]
    fn the_record_pipeline_has_no_parser_and_no_full_tagger() {
        assert_eq!(
            record_pipeline().names(),
            [
                "segment",
                "text",
                "openers",
                "entities",
                "dates",
                "figures",
                "statements"
            ]
        );
        let record = StageName::needed_for(&RECORD_LAYERS);
        assert!(!record.contains(&StageName::Parser));
        assert!(!record.contains(&StageName::Tagger));
    }

    #[test]
    fn needed_stages_follow_requirements_in_order() {
        use LayerKind as L;
        assert_eq!(StageName::needed_for(&[]), []);
        assert_eq!(StageName::needed_for(&[L::Lines]), []);
        assert_eq!(StageName::needed_for(&[L::Articles]), [StageName::Segment]);
        // Figures need dates, dates need articles.
        assert_eq!(
            StageName::needed_for(&[L::Figures]),
            [StageName::Segment, StageName::Dates, StageName::Figures]
        );
        assert_eq!(
            StageName::needed_for(&[L::Deps]),
            [StageName::Text, StageName::Tagger, StageName::Parser]
        );
        // Every layer asked for gives every stage, and each such list builds.
        let every = [
            L::Lines,
            L::Articles,
            L::Tokens,
            L::Sentences,
            L::Pos,
            L::OpenerPos,
            L::Deps,
            L::Entities,
            L::Statements,
            L::Figures,
            L::Dates,
        ];
        assert_eq!(StageName::needed_for(&every), StageName::ALL);
        for layer in every {
            let p = pipeline_for(&[layer]);
            assert_eq!(p.names().len(), StageName::needed_for(&[layer]).len());
        }
    }

    #[test]
    fn the_record_pipeline_fills_the_same_layers_without_heads() {
        let text = "Port deal signed, minister says\n\
            The minister, Anna Berg, said on Monday that the deal was worth \u{20ac}4 million.\n\
            \"We are pleased,\" said the port authority.\n";
        let options = Options {
            published: Date::parse("2025-11-25"),
        };
        let (full, full_diags) = analyze(text, &options);
        let (lean, lean_diags) = analyze_with(&record_pipeline(), text, &options);
        assert!(full.tokens.iter().any(|t| t.value.head.is_some()));
        assert!(lean
            .tokens
            .iter()
            .all(|t| t.value.head.is_none() && t.value.deprel == 0));
        // Sentence openers have the full tagger's tags, other words none.
        let openers = |d: &Document| {
            d.sentences
                .iter()
                .filter_map(|s| d.tokens.get(s.value.first_token as usize))
                .map(|t| t.value.upos)
                .collect::<Vec<_>>()
        };
        assert_eq!(openers(&full), openers(&lean));
        assert!(openers(&lean).iter().all(|&u| u != Upos::X));
        let tagged = lean
            .tokens
            .iter()
            .filter(|t| t.value.upos != Upos::X)
            .count();
        assert_eq!(tagged, lean.sentences.len());
        assert_eq!(full.articles.as_slice(), lean.articles.as_slice());
        assert_eq!(full.noise.as_slice(), lean.noise.as_slice());
        assert_eq!(full.sentences.as_slice(), lean.sentences.as_slice());
        assert_eq!(full.entities, lean.entities);
        assert_eq!(full.mentions.as_slice(), lean.mentions.as_slice());
        assert_eq!(full.statements.as_slice(), lean.statements.as_slice());
        assert_eq!(full.money.as_slice(), lean.money.as_slice());
        assert_eq!(full.quantities.as_slice(), lean.quantities.as_slice());
        assert_eq!(full.dates.as_slice(), lean.dates.as_slice());
        assert!(!full.mentions.is_empty() && !full.statements.is_empty());
        assert!(!full.money.is_empty() && !full.dates.is_empty());
        assert_eq!(full_diags, lean_diags);
    }
}
