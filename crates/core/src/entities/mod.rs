//! Named entities: mentions typed PERSON, ORG, GPE, NORP, MEDIA, EVENT, merged into one
//! canonical entity per real-world actor of the document.
//!
//! Mentions come from a trained sequence tagger ([`ner`]) whose raw classes (PER, ORG,
//! LOC, MISC) are refined by name lists: outlets and platforms become MEDIA, demonyms NORP,
//! named wars EVENT. Spans follow the annotation conventions: flat and longest-match, no
//! leading "the", no possessive "’s", no titles, and names inside hyphenated compounds
//! ("US-led") count. The whole text is one document: [`canon`] then merges short forms,
//! spelling variants and acronyms into entities and records roles, descriptions and
//! pronouns that the text ties to a person.

mod canon;
mod gazetteer;
mod hashing;
pub mod ner;

use std::ops::Range;

use crate::doc::{Document, EntityType, LayerKind, TokenKind};
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
    fn run(&self, doc: &mut Document, diags: &mut Diagnostics) {
        let Some(model) = ner::model() else {
            diags.warn(
                "entities/no-model",
                None,
                "the entity model failed to load; no entities found",
            );
            return;
        };
        let names = find_names(doc, model);
        canon::build(doc, &names);
    }
}

/// A named mention: tokens `tokens` of the tokens layer, of type `kind`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Name {
    pub tokens: Range<usize>,
    pub kind: EntityType,
}

/// Token index ranges of the sentences (one range for all tokens when there are none).
fn sentence_ranges(doc: &Document) -> Vec<Range<usize>> {
    let n = doc.tokens.len();
    let mut out: Vec<Range<usize>> = doc
        .sentences
        .iter()
        .map(|s| (s.value.first_token as usize).min(n)..(s.value.end_token as usize).min(n))
        .collect();
    if out.is_empty() && n > 0 {
        out.push(0..n);
    }
    out
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn is_the(w: &str) -> bool {
    w.eq_ignore_ascii_case("the")
}

fn is_possessive(w: &str) -> bool {
    matches!(w, "'s" | "’s" | "'" | "’" | "'S" | "’S")
}

/// Words after a place name that make it a region ("Kharkov Region").
fn is_region_word(w: &str) -> bool {
    matches!(
        w,
        "Region"
            | "Oblast"
            | "Province"
            | "Republic"
            | "Krai"
            | "Territory"
            | "County"
            | "District"
    )
}

/// Finds the named mentions of the document, in text order, never overlapping.
fn find_names(doc: &Document, model: &ner::Model) -> Vec<Name> {
    let text = doc.text();
    let toks = doc.tokens.as_slice();
    let words: Vec<&str> = toks.iter().map(|t| t.span.text(text)).collect();
    let sentences = sentence_ranges(doc);
    let labels = model.tag(&words, &sentences);
    let gaz = gazetteer::get();
    let lowers: Vec<u64> = words.iter().map(|w| hashing::fnv_str_lower(w)).collect();

    let mut names: Vec<Name> = Vec::new();
    let mut covered = vec![false; words.len()];
    for s in &sentences {
        let mut k = s.start;
        while k < s.end {
            let l = usize::from(labels[k]);
            if l == 0 {
                k += 1;
                continue;
            }
            let class = ner::class_of(l);
            let mut e = k + 1;
            while e < s.end
                && labels[e] != 0
                && labels[e] % 2 == 0
                && ner::class_of(usize::from(labels[e])) == class
            {
                e += 1;
            }
            if let Some(name) = refine(&words, &lowers, k..e, class, gaz) {
                for c in &mut covered[name.tokens.clone()] {
                    *c = true;
                }
                names.push(name);
            }
            k = e;
        }
    }
    // Listed names the tagger missed (including parts of hyphenated compounds).
    for s in &sentences {
        let mut k = s.start;
        while k < s.end {
            let (class, len) = gaz.longest_at(&lowers, k);
            let r = k..(k + len).min(s.end);
            if len == 0 || covered[r.clone()].iter().any(|&c| c) {
                k += 1;
                continue;
            }
            if let Some(kind) = listed_kind(&words, r.clone(), class, s.start) {
                for c in &mut covered[r.clone()] {
                    *c = true;
                }
                names.push(Name { tokens: r, kind });
                k += len;
            } else {
                k += 1;
            }
        }
    }
    names.retain(|n| {
        !n.tokens.is_empty()
            && toks
                .get(n.tokens.start)
                .is_some_and(|t| t.value.kind != TokenKind::Punct)
    });
    names.sort_by_key(|n| n.tokens.start);
    names
}

/// The type of a listed name found without the tagger, if it is safe to take.
fn listed_kind(
    words: &[&str],
    r: Range<usize>,
    class: u8,
    sent_start: usize,
) -> Option<EntityType> {
    let first = *words.get(r.start)?;
    let any_upper = words[r.clone()].iter().any(|w| starts_upper(w));
    if !any_upper {
        return None;
    }
    let single = r.len() == 1;
    let prev = if r.start > sent_start {
        words.get(r.start - 1).copied()
    } else {
        None
    };
    if class & gazetteer::MEDIA != 0 {
        // One-letter and common-word outlets ("X", "Time") need a platform context.
        let short = first.chars().count() <= 1;
        if single && short {
            return matches!(prev, Some("on" | "On")).then_some(EntityType::Media);
        }
        return (starts_upper(first)
            && (!single || r.start > sent_start || first.chars().all(char::is_uppercase)))
        .then_some(EntityType::Media);
    }
    if class & gazetteer::PLACE != 0 && starts_upper(first) {
        return Some(EntityType::Gpe);
    }
    if class & gazetteer::DEMONYM != 0 {
        return Some(EntityType::Norp);
    }
    if class & gazetteer::ORG != 0
        && starts_upper(first)
        && (!single || first.len() > 2 || r.start > sent_start)
    {
        return Some(EntityType::Org);
    }
    None
}

/// True when a word is a listed demonym or the plural of one ("Russians", "Westerners").
fn is_demonym(gaz: &gazetteer::Gazetteer, w: &str) -> bool {
    if gaz.classes(&[w]) & gazetteer::DEMONYM != 0 {
        return true;
    }
    w.strip_suffix('s')
        .is_some_and(|stem| gaz.classes(&[stem]) & gazetteer::DEMONYM != 0)
}

/// Trims a tagged span to the conventions and gives it its final type, or drops it.
fn refine(
    words: &[&str],
    lowers: &[u64],
    mut r: Range<usize>,
    class: usize,
    gaz: &gazetteer::Gazetteer,
) -> Option<Name> {
    // No leading "the", titles or possessives; no edge punctuation.
    while r.start < r.end
        && (is_the(words[r.start]) || !words[r.start].chars().any(char::is_alphanumeric))
    {
        r.start += 1;
    }
    while r.end > r.start
        && (is_possessive(words[r.end - 1]) || !words[r.end - 1].chars().any(char::is_alphanumeric))
    {
        r.end -= 1;
    }
    if class == 1 {
        while r.len() > 1 && gaz.classes(&[words[r.start]]) & gazetteer::TITLE != 0 {
            r.start += 1;
        }
    }
    if r.is_empty() {
        return None;
    }
    let span_words = &words[r.clone()];
    let listed = {
        let (c, len) = gaz.longest_at(lowers, r.start);
        if len == r.len() {
            c
        } else {
            0
        }
    };
    let kind = match class {
        1 if listed & gazetteer::PLACE != 0 && r.len() == 1 => EntityType::Gpe,
        1 if listed & gazetteer::MEDIA != 0 => EntityType::Media,
        1 => EntityType::Person,
        2 if listed & gazetteer::MEDIA != 0 => EntityType::Media,
        2 => EntityType::Org,
        3 if listed & gazetteer::MEDIA != 0 => EntityType::Media,
        3 => {
            if r.end < words.len() && is_region_word(words[r.end]) {
                r.end += 1;
            }
            EntityType::Gpe
        }
        4 => {
            let demonyms = span_words
                .iter()
                .all(|w| is_demonym(gaz, w) || *w == "-" || w.eq_ignore_ascii_case("neo"));
            let last = span_words.last().copied().unwrap_or("");
            if listed & gazetteer::MEDIA != 0 {
                EntityType::Media
            } else if demonyms {
                EntityType::Norp
            } else if matches!(last, "War" | "Wars" | "war" | "wars") && r.len() >= 2 {
                EntityType::Event
            } else {
                return None;
            }
        }
        _ => return None,
    };
    Some(Name { tokens: r, kind })
}

#[cfg(test)]
mod tests {
    use crate::{analyze, Document, EntityType, MentionKind, Options};

    fn names(doc: &Document, kind: EntityType) -> Vec<String> {
        let mut out: Vec<String> = doc
            .mentions
            .iter()
            .filter(|m| m.value.kind == MentionKind::Name)
            .filter(|m| {
                doc.entities
                    .get(m.value.entity as usize)
                    .is_some_and(|e| e.kind == kind)
            })
            .map(|m| doc.slice(m.span).to_string())
            .collect();
        out.dedup();
        out
    }

    #[test]
    fn mentions_follow_the_span_conventions() {
        let text = "Russian Foreign Minister Sergey Lavrov met the head of the European Commission in Brussels on \
                    Monday. The US-led talks were reported by Reuters, and Lavrov’s aides later wrote on X that \
                    the Russians were satisfied.\n";
        let (doc, _) = analyze(text, &Options::default());
        assert_eq!(names(&doc, EntityType::Person), ["Sergey Lavrov", "Lavrov"]);
        assert!(names(&doc, EntityType::Norp).contains(&"Russian".to_string()));
        assert!(names(&doc, EntityType::Gpe).contains(&"US".to_string()));
        assert!(names(&doc, EntityType::Gpe).contains(&"Brussels".to_string()));
        assert!(names(&doc, EntityType::Org).contains(&"European Commission".to_string()));
        assert_eq!(names(&doc, EntityType::Media), ["Reuters", "X"]);
    }

    #[test]
    fn empty_and_odd_input() {
        for text in ["", "the", "’s", "US-", "-US", "The The The"] {
            let (doc, _) = analyze(text, &Options::default());
            assert!(doc
                .mentions
                .iter()
                .all(|m| (m.value.entity as usize) < doc.entities.len()));
        }
    }
}
