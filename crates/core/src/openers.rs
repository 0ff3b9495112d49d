//! The part-of-speech tags of sentence openers only.
//!
//! The statement stage reads one part-of-speech tag: that of a sentence's first word (a
//! capitalised common noun there is no name). Tagging every word for it cost about 38%
//! of the analysis of a readout/1 record (BENCHMARKS.md, run F), so the record pipeline
//! runs this stage instead of the full tagger: it gives each sentence's first token the
//! tag the full tagger gives it, and leaves the other tokens `X`.
//!
//! The tagger ([`crate::tagger::Tagger`]) tags a sentence on its own, left to right in
//! two passes, and scores a word from the words at most two places either side, the
//! tags already given to its left and, in the second pass, the first-pass tags of the
//! two words to its right. So the first word's tag depends on the first-pass tags of the
//! first three words, which depend on the first five words only:
//! [`Tagger::tag_first`] runs the first pass over three words and the second over one,
//! reading [`OPENER_CONTEXT`] words, and gives the first word's tag exactly. A test
//! compares this with the full tagger on every sentence of the fixtures; a tagger that
//! looks further must raise [`OPENER_CONTEXT`]. In the standard pipeline (every stage) it runs after the full
//! tagger and gives the openers the tags they already have.

use crate::doc::{Document, LayerKind, Upos};
use crate::ling::tagger::Tagger;
use crate::pipeline::{Diagnostics, Stage};

/// How many words of a sentence are read to tag its first word exactly (see the
/// module documentation).
pub const OPENER_CONTEXT: usize = crate::ling::tagger::FIRST_WORD_CONTEXT;

/// Tags the first word of every sentence.
#[derive(Debug, Default, Clone, Copy)]
pub struct OpenerStage;

impl Stage for OpenerStage {
    fn name(&self) -> &'static str {
        "openers"
    }
    fn requires(&self) -> &'static [LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences]
    }
    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::OpenerPos]
    }
    fn run(&self, doc: &mut Document, _diags: &mut Diagnostics) {
        let tagger = Tagger::builtin();
        let toks = doc.tokens.as_slice();
        let mut words: Vec<&str> = Vec::with_capacity(OPENER_CONTEXT);
        let mut found: Vec<(usize, Upos)> = Vec::with_capacity(doc.sentences.len());
        for s in &doc.sentences {
            let (a, b) = (s.value.first_token as usize, s.value.end_token as usize);
            let Some(head) = toks.get(a..b.min(a.saturating_add(OPENER_CONTEXT))) else {
                continue;
            };
            words.clear();
            words.extend(head.iter().map(|t| t.span.text(doc.text())));
            if let Some(tag) = tagger.tag_first(&words) {
                found.push((a, tag));
            }
        }
        // Sentences come in text order, so `found` is sorted by token index.
        let mut found = found.into_iter().peekable();
        for (i, t) in doc.tokens.values_mut().enumerate() {
            if let Some((_, tag)) = found.next_if(|&(k, _)| k == i) {
                t.upos = tag;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ling::tagger::TaggerStage;
    use crate::text::TextStage;

    /// Every fixture text: news articles, a dump with noise, a BOM and CRLF.
    const TEXTS: [&str; 9] = [
        include_str!("../../../fixtures/dump.txt"),
        include_str!("../../../fixtures/single.txt"),
        include_str!("../../../fixtures/articles/01-latvia-harbour-audit.txt"),
        include_str!("../../../fixtures/articles/02-poland-rail-pact.txt"),
        include_str!("../../../fixtures/articles/03-brno-hospital-software.txt"),
        include_str!("../../../fixtures/articles/04-danube-barge-deal.txt"),
        include_str!("../../../fixtures/articles/05-yarsk-airport-terminal.txt"),
        include_str!("../../../fixtures/articles/06-norrvik-mine-relocation.txt"),
        include_str!("../../../fixtures/articles/07-aegean-ferry-fares.txt"),
    ];

    fn tagged(text: &str, stage: &dyn Stage) -> Document {
        let mut doc = Document::new(text);
        let mut diags = Diagnostics::default();
        TextStage.run(&mut doc, &mut diags);
        stage.run(&mut doc, &mut diags);
        doc
    }

    /// The first tag of each sentence, and how many are not `X`.
    fn openers(doc: &Document) -> (Vec<Upos>, usize) {
        let toks = doc.tokens.as_slice();
        let tags: Vec<Upos> = doc
            .sentences
            .iter()
            .filter_map(|s| toks.get(s.value.first_token as usize))
            .map(|t| t.value.upos)
            .collect();
        let tagged = tags.iter().filter(|&&u| u != Upos::X).count();
        (tags, tagged)
    }

    #[test]
    fn openers_get_the_full_taggers_tags() {
        let mut sentences = 0;
        for text in TEXTS {
            let full = tagged(text, &TaggerStage);
            let lean = tagged(text, &OpenerStage);
            let (want, _) = openers(&full);
            let (got, n) = openers(&lean);
            assert_eq!(got, want);
            assert_eq!(n, got.len(), "every opener is tagged");
            sentences += got.len();
            // Only openers are tagged.
            let firsts: Vec<u32> = lean.sentences.iter().map(|s| s.value.first_token).collect();
            for (i, t) in lean.tokens.iter().enumerate() {
                if firsts.binary_search(&(i as u32)).is_err() {
                    assert_eq!(t.value.upos, Upos::X);
                }
            }
        }
        assert!(sentences > 300, "{sentences} sentences compared");
    }

    #[test]
    fn short_sentences_and_odd_text_are_tagged_like_the_full_tagger() {
        for text in [
            "Yes.\nNo!\nMaybe so.\nBut why?\n",
            "Reindeer herders protested. Construction of the mine stopped. Officials said so.\n",
            "Talks\n\n\u{201c}Never,\u{201d} she said.\n",
            "",
            "   \n",
        ] {
            assert_eq!(
                openers(&tagged(text, &OpenerStage)).0,
                openers(&tagged(text, &TaggerStage)).0,
                "{text:?}"
            );
        }
    }
}
