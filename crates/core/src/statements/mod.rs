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

use crate::doc::{Annotation, Document, Layer, LayerKind};
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
    fn run(&self, doc: &mut Document, _diags: &mut Diagnostics) {
        let items = find_statements(doc);
        doc.statements = Layer::from_vec(items);
        resolve::link_stances(doc);
    }
}

/// Finds the statements of `doc` (stance links are added once the layer is sorted).
fn find_statements(doc: &Document) -> Vec<Annotation<crate::doc::Statement>> {
    let finder = find::Finder::new(doc);
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
    resolve::build(doc, &finder, &raws)
}

#[cfg(test)]
mod tests;
