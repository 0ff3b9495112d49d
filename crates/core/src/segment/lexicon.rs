//! Word lists used by the segmenter, hashed once into sorted tables.

use std::sync::OnceLock;

/// FNV-1a offset basis.
const FNV_OFFSET: u32 = 0x811c_9dc5;
/// FNV-1a prime.
const FNV_PRIME: u32 = 0x0100_0193;

/// Hashes a word, lower-casing it on the fly (no allocation).
pub(crate) fn word_hash(word: &str) -> u32 {
    let mut h = FNV_OFFSET;
    for b in word.bytes() {
        if b.is_ascii() {
            h = (h ^ u32::from(b.to_ascii_lowercase())).wrapping_mul(FNV_PRIME);
        } else {
            // Non-ASCII bytes are hashed as they are: accented capitals keep their case,
            // which only costs a missed match on rare words.
            h = (h ^ u32::from(b)).wrapping_mul(FNV_PRIME);
        }
    }
    h
}

/// Hashes two word hashes into one pair hash.
pub(crate) fn pair_hash(a: u32, b: u32) -> u32 {
    (a.rotate_left(7) ^ b).wrapping_mul(FNV_PRIME) ^ 0x9e37_79b9
}

/// The hashed lexicons.
pub(crate) struct Lexicon {
    /// Function words, sorted.
    pub stop: Vec<u32>,
    /// Words typical of noise, sorted.
    pub noise: Vec<u32>,
    /// Reporting verbs, sorted.
    pub attribution: Vec<u32>,
    /// Words marking noise as site furniture, sorted.
    pub boilerplate: Vec<u32>,
    /// Word pairs typical of noise, sorted.
    pub noise_pairs: Vec<u32>,
    /// Word pairs typical of credit notes, sorted.
    pub credit_pairs: Vec<u32>,
}

fn words(src: &str) -> Vec<u32> {
    let mut v: Vec<u32> = src
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
        .map(word_hash)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn pairs(src: &str, kind: &str) -> Vec<u32> {
    let mut v = Vec::new();
    for line in src.lines() {
        let Some((k, phrase)) = line.split_once('\t') else {
            continue;
        };
        if k != kind {
            continue;
        }
        let mut it = phrase.split_whitespace().map(word_hash);
        if let (Some(a), Some(b)) = (it.next(), it.next()) {
            v.push(pair_hash(a, b));
        }
    }
    v.sort_unstable();
    v.dedup();
    v
}

/// The lexicons, built on first use.
pub(crate) fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let cues = include_str!("../../data/segment/cue_phrases.txt");
        Lexicon {
            stop: words(include_str!("../../data/segment/stopwords.txt")),
            noise: words(include_str!("../../data/segment/noise_words.txt")),
            boilerplate: words(include_str!("../../data/segment/boilerplate_words.txt")),
            attribution: words(include_str!("../../data/segment/attribution_verbs.txt")),
            noise_pairs: pairs(cues, "noise"),
            credit_pairs: pairs(cues, "credit"),
        }
    })
}

/// True when the sorted table holds the hash.
pub(crate) fn has(table: &[u32], h: u32) -> bool {
    table.binary_search(&h).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_ignore_ascii_case() {
        assert_eq!(word_hash("Newsletter"), word_hash("newsletter"));
        assert_ne!(word_hash("news"), word_hash("newsletter"));
    }

    #[test]
    fn lexicons_load() {
        let lex = lexicon();
        assert!(has(&lex.stop, word_hash("the")));
        assert!(has(&lex.noise, word_hash("cookies")));
        assert!(has(&lex.attribution, word_hash("warned")));
        assert!(has(
            &lex.credit_pairs,
            pair_hash(word_hash("first"), word_hash("published"))
        ));
        assert!(has(
            &lex.noise_pairs,
            pair_hash(word_hash("sign"), word_hash("up"))
        ));
        assert!(!has(&lex.noise, word_hash("minister")));
    }
}
