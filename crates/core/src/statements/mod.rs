//! Who said what: reported statements with speaker, cue, content, medium, time, stance.
//!
//! The stage works from tokens and sentences alone and uses richer layers when they are
//! there. It finds cues (reporting verbs from a lexicon, "according to", "citing",
//! nominal cues such as "reports that", and the evidentials "reportedly"/"allegedly"),
//! then, for each cue, the speaker phrase (the subject before the verb, an appositive's
//! name, or the phrase after an inverted verb) and the content (the complement after the
//! verb, or the text before a trailing "…, X said"; for a direct quotation, the text
//! inside the marks, which may run over several sentences and paragraphs). Speakers given
//! by pronoun or description are resolved to the last compatible named subject; names are
//! linked to entities when an entity mention overlaps them. Mediums ("on Telegram", "in an
//! interview with …"), the time of the statement (a date in its sentence) and stance links
//! (a denial of another speaker's claim) complete the record.

mod find;
mod lexicon;
mod np;
mod quotes;
mod resolve;
mod scorer;

use crate::doc::{Annotation, Document, Layer, LayerKind, Span, StatementKind};
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
            // The statement stage reads the tag of a sentence's first word only.
            LayerKind::OpenerPos,
            LayerKind::Entities,
            LayerKind::Dates,
        ]
    }
    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::Statements]
    }
    fn run(&self, doc: &mut Document, _diags: &mut Diagnostics) {
        let items = find_statements(doc);
        doc.statements = Layer::from_vec(items);
        resolve::link_stances(doc);
    }
}

/// The candidate statements of `doc` before the learned filter.
fn raw_candidates<'a>(doc: &'a Document, finder: &find::Finder<'a>) -> Vec<find::Raw> {
    let mut raws = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        let a = s.value.first_token as usize;
        let b = (s.value.end_token as usize).min(doc.tokens.len());
        if a < b {
            finder.sentence(si, a, b, &mut raws);
        }
    }
    finder.continuations(&mut raws);
    // A belief nested in another statement's content is part of that content.
    let nested: Vec<bool> = raws
        .iter()
        .map(|r| {
            r.class == Some(lexicon::VerbClass::Think)
                && raws.iter().any(|o| {
                    o.class != Some(lexicon::VerbClass::Think)
                        && o.content.0 <= r.cue.0
                        && r.content.1 <= o.content.1
                })
        })
        .collect();
    let mut k = 0;
    raws.retain(|_| {
        k += 1;
        !nested.get(k - 1).copied().unwrap_or(false)
    });
    raws
}

/// Finds the statements of `doc` (stance links are added once the layer is sorted).
fn find_statements(doc: &Document) -> Vec<Annotation<crate::doc::Statement>> {
    let finder = find::Finder::new(doc);
    let mut raws = raw_candidates(doc, &finder);
    if let Some(model) = scorer::model() {
        // The model vetoes only candidates without a clear shape: a named or pronoun
        // speaker with a quotation or a "that" clause is kept whatever it scores.
        let keep: Vec<bool> = (0..raws.len())
            .map(|n| {
                let r = raws.get(n);
                let clear = r.is_some_and(|r| {
                    matches!(
                        r.speaker.map(|s| s.kind),
                        Some(np::NpKind::Name | np::NpKind::Pronoun(_))
                    ) && (r.kind == StatementKind::Direct || finder.t.w(r.content.0.wrapping_sub(1)) == "that")
                        // "…, which critics claim favors X": a speaker inside a relative
                        // clause whose gap is the content's subject.
                        || r.speaker.is_some_and(|sp| {
                            sp.rel.is_none()
                                && finder.t.w(sp.start.wrapping_sub(1)) == "which"
                                && sp.end == r.cue.0
                                && r.content.0 == r.cue.1
                                && r.class == Some(lexicon::VerbClass::Say)
                        })
                        // A source cited for another statement's content.
                        || r.speaker.is_some() && finder.t.w(r.cue.0) == "citing" && r.content.1 <= r.cue.0
                        // "… responded by saying …": the sentence subject's act of speech.
                        || r.inherit
                            && finder.t.w(r.cue.0) == "saying"
                            && finder.t.w(r.cue.0.wrapping_sub(1)) == "by"
                        // "…, said Brian Baker", "…, he said": a named or pronoun speaker
                        // after the content, with a core speech verb.
                        || matches!(
                            r.speaker.map(|s| s.kind),
                            Some(np::NpKind::Name | np::NpKind::Pronoun(_))
                        ) && r.content.1 < r.cue.0
                            && r.speaker.is_some_and(|sp| sp.start > r.content.1)
                            && find::is_core_say(&finder.t.w(r.cue.1 - 1).to_ascii_lowercase())
                            // Not a fragment before a parenthetical ("However, X said, …").
                            && (r.content.0..r.content.1)
                                .filter(|&q| finder.t.is_word(q))
                                .nth(3)
                                .is_some()
                });
                clear || model.keep(&scorer::features(&finder, &raws, n))
            })
            .collect();
        let mut k = 0;
        raws.retain(|_| {
            k += 1;
            keep.get(k - 1).copied().unwrap_or(true)
        });
    }
    resolve::build(doc, &finder, &raws)
}

/// The candidate statements of an analysed document, before the learned filter: each
/// content span with the hashed features the filter scores. Training reads these.
#[must_use]
pub fn candidates(doc: &Document) -> Vec<(Span, Vec<u32>)> {
    let finder = find::Finder::new(doc);
    let raws = raw_candidates(doc, &finder);
    (0..raws.len())
        .filter_map(|n| {
            let r = raws.get(n)?;
            let toks = doc.tokens.as_slice();
            let a = toks.get(r.content.0)?.span.start;
            let e = toks.get(r.content.1.checked_sub(1)?)?.span.end;
            Some((
                Span { start: a, end: e },
                scorer::features(&finder, &raws, n),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests;
