//! Word lists used by the segmenter, hashed once into sorted tables.

use std::sync::OnceLock;

/// FNV-1a offset basis: the hash of the empty word.
pub(crate) const FNV_OFFSET: u32 = 0x811c_9dc5;
/// FNV-1a prime.
const FNV_PRIME: u32 = 0x0100_0193;

/// Adds one byte of a word to its hash, lower-casing ASCII letters. Non-ASCII bytes are
/// hashed as they are: accented capitals keep their case, which only costs a missed match
/// on rare words.
#[inline]
pub(crate) fn word_hash_step(h: u32, b: u8) -> u32 {
    (h ^ u32::from(b.to_ascii_lowercase())).wrapping_mul(FNV_PRIME)
}

/// Hashes a word, lower-casing it on the fly (no allocation).
pub(crate) fn word_hash(word: &str) -> u32 {
    word.bytes().fold(FNV_OFFSET, word_hash_step)
}

/// Hashes two word hashes into one pair hash.
pub(crate) fn pair_hash(a: u32, b: u32) -> u32 {
    (a.rotate_left(7) ^ b).wrapping_mul(FNV_PRIME) ^ 0x9e37_79b9
}

/// A small open-addressing table from word hashes to flag bits (0 = absent).
#[derive(Debug, Clone, Default)]
pub(crate) struct FlagTable {
    keys: Vec<u32>,
    vals: Vec<u8>,
    mask: usize,
}

impl FlagTable {
    /// Builds a table holding `items` (hash, flags); flags of equal hashes are merged.
    pub fn new(items: impl Iterator<Item = (u32, u8)>) -> FlagTable {
        let items: Vec<(u32, u8)> = items.collect();
        let cap = (items.len() * 4 + 16).next_power_of_two();
        let mut t = FlagTable {
            keys: vec![0; cap],
            vals: vec![0; cap],
            mask: cap - 1,
        };
        for (h, f) in items {
            let mut i = slot(h, t.mask);
            while t.vals[i] != 0 && t.keys[i] != h {
                i = (i + 1) & t.mask;
            }
            t.keys[i] = h;
            t.vals[i] |= f;
        }
        t
    }

    /// The flags of `h` (0 when absent).
    #[inline]
    pub fn get(&self, h: u32) -> u8 {
        if self.vals.is_empty() {
            return 0;
        }
        let mut i = slot(h, self.mask);
        loop {
            match self.vals.get(i) {
                Some(0) | None => return 0,
                Some(&v) if self.keys.get(i) == Some(&h) => return v,
                _ => i = (i + 1) & self.mask,
            }
        }
    }
}

/// The home slot of a hash in a table of `mask + 1` slots.
#[inline]
pub(crate) fn slot(h: u32, mask: usize) -> usize {
    (h.wrapping_mul(0x9e37_79b1) >> 7) as usize & mask
}

/// Flag bit: a function word.
pub(crate) const STOP: u8 = 1;
/// Flag bit: a noise cue word.
pub(crate) const NOISE: u8 = 2;
/// Flag bit: a boilerplate cue word.
pub(crate) const BOILERPLATE: u8 = 4;
/// Flag bit: a reporting verb.
pub(crate) const ATTRIBUTION: u8 = 8;
/// Flag bit: an article ("the", "a", "an").
pub(crate) const ARTICLE: u8 = 16;
/// Flag bit: a finite form of "be", "have" or "will".
pub(crate) const FINITE: u8 = 32;
/// Pair flag bit: a noise cue pair.
pub(crate) const NOISE_PAIR: u8 = 1;
/// Pair flag bit: a credit cue pair.
pub(crate) const CREDIT_PAIR: u8 = 2;

/// The hashed lexicons.
pub(crate) struct Lexicon {
    /// Every single word, with its flags.
    pub words: FlagTable,
    /// Every word pair, with its flags.
    pub pairs: FlagTable,
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
        let stop = words(include_str!("../../data/segment/stopwords.txt"));
        let noise = words(include_str!("../../data/segment/noise_words.txt"));
        let boilerplate = words(include_str!("../../data/segment/boilerplate_words.txt"));
        let attribution = words(include_str!("../../data/segment/attribution_verbs.txt"));
        let noise_pairs = pairs(cues, "noise");
        let credit_pairs = pairs(cues, "credit");
        let flagged = |v: &[u32], f: u8| v.iter().map(move |&h| (h, f)).collect::<Vec<_>>();
        let words = FlagTable::new(
            flagged(&stop, STOP)
                .into_iter()
                .chain(flagged(&noise, NOISE))
                .chain(flagged(&boilerplate, BOILERPLATE))
                .chain(flagged(&attribution, ATTRIBUTION))
                .chain(flagged(&words("the a an"), ARTICLE))
                .chain(flagged(
                    &words("is are was were am has have had will"),
                    FINITE,
                )),
        );
        let pairs_table = FlagTable::new(
            flagged(&noise_pairs, NOISE_PAIR)
                .into_iter()
                .chain(flagged(&credit_pairs, CREDIT_PAIR)),
        );
        Lexicon {
            words,
            pairs: pairs_table,
        }
    })
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
        assert_eq!(lex.words.get(word_hash("the")), STOP | ARTICLE);
        assert_eq!(lex.words.get(word_hash("Has")), STOP | FINITE);
        assert_eq!(lex.words.get(word_hash("newsletter")), NOISE | BOILERPLATE);
        assert_eq!(lex.words.get(word_hash("minister")), 0);
        let p = pair_hash(word_hash("first"), word_hash("published"));
        assert_eq!(lex.pairs.get(p), CREDIT_PAIR);
    }
}
