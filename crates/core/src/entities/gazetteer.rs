//! Name lists (gazetteers) for the entity tagger and the typing rules.
//!
//! Every list is a plain-text file under `data/entities/`, one name a line. Names are
//! matched as token sequences, case-insensitively, by hashing the normalised form of each
//! token; the matcher prefers the longest name that starts at a token.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::hashing::{fnv_str_lower, seq_step, IdHashMap};

/// A place: country, city, region or continent.
pub const PLACE: u8 = 1;
/// A demonym or other group name (NORP).
pub const DEMONYM: u8 = 2;
/// A news outlet or platform.
pub const MEDIA: u8 = 4;
/// A well-known organisation.
pub const ORG: u8 = 8;
/// A word that heads organisation names ("Ministry", "Council").
pub const ORG_WORD: u8 = 16;
/// A title or role that precedes a name ("President").
pub const TITLE: u8 = 32;
/// A common given name.
pub const FIRST_NAME: u8 = 64;
/// A named event ("Cold War").
pub const EVENT: u8 = 128;

const LISTS: [(&str, u8); 8] = [
    (include_str!("../../data/entities/places.txt"), PLACE),
    (include_str!("../../data/entities/demonyms.txt"), DEMONYM),
    (include_str!("../../data/entities/media.txt"), MEDIA),
    (include_str!("../../data/entities/orgs.txt"), ORG),
    (include_str!("../../data/entities/org_words.txt"), ORG_WORD),
    (include_str!("../../data/entities/titles.txt"), TITLE),
    (
        include_str!("../../data/entities/first_names.txt"),
        FIRST_NAME,
    ),
    (include_str!("../../data/entities/events.txt"), EVENT),
];

const ALIASES: &str = include_str!("../../data/entities/aliases.txt");

/// The longest name in any list, in tokens.
pub const MAX_LEN: usize = 6;

/// The loaded lists.
pub struct Gazetteer {
    /// Sequence hash of a whole name → classes.
    names: IdHashMap<u8>,
    /// Hash of a first token → the lengths (bit `n` = a name of `n` tokens starts with it).
    starts: IdHashMap<u8>,
    /// Sequence hash of a short form → (canonical name, type label).
    aliases: HashMap<u64, (&'static str, &'static str)>,
}

/// Splits a list entry into the tokens the tokenizer would make: white space separates
/// words, and hyphens and slashes between characters are tokens of their own.
pub fn entry_tokens(entry: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for word in entry.split_whitespace() {
        let mut start = 0;
        for (i, c) in word.char_indices() {
            if c == '-' || c == '/' {
                if i > start {
                    out.push(&word[start..i]);
                }
                out.push(&word[i..i + 1]);
                start = i + 1;
            }
        }
        if start < word.len() {
            out.push(&word[start..]);
        }
    }
    out
}

fn seq_hash(tokens: &[&str]) -> u64 {
    tokens
        .iter()
        .fold(0u64, |h, t| seq_step(h, fnv_str_lower(t)))
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Gazetteer {
    fn load() -> Gazetteer {
        let mut names = IdHashMap::default();
        let mut starts = IdHashMap::default();
        for (text, class) in LISTS {
            for line in lines(text) {
                let toks = entry_tokens(line);
                if toks.is_empty() || toks.len() > MAX_LEN {
                    continue;
                }
                *names.entry(seq_hash(&toks)).or_insert(0) |= class;
                *starts.entry(fnv_str_lower(toks[0])).or_insert(0) |= 1u8 << toks.len();
            }
        }
        let mut aliases = HashMap::new();
        for line in lines(ALIASES) {
            let mut parts = line.split('|');
            if let (Some(form), Some(canon), Some(kind)) =
                (parts.next(), parts.next(), parts.next())
            {
                aliases.insert(seq_hash(&entry_tokens(form)), (canon, kind));
            }
        }
        Gazetteer {
            names,
            starts,
            aliases,
        }
    }

    /// The classes of the longest name starting at `words[i]`, with its length in tokens
    /// (`(0, 0)` when no name starts there). `hashes` are the tokens' lower-case hashes.
    #[must_use]
    pub fn longest_at(&self, hashes: &[u64], i: usize) -> (u8, usize) {
        let Some(first) = hashes.get(i) else {
            return (0, 0);
        };
        let Some(&lens) = self.starts.get(first) else {
            return (0, 0);
        };
        let mut best = (0, 0);
        let mut h = 0u64;
        for n in 1..=MAX_LEN {
            let Some(&t) = hashes.get(i + n - 1) else {
                break;
            };
            h = seq_step(h, t);
            if lens & (1u8 << n) != 0 {
                if let Some(&c) = self.names.get(&h) {
                    best = (c, n);
                }
            }
        }
        best
    }

    /// The classes of the exact name `tokens`, if it is listed.
    #[must_use]
    pub fn classes(&self, tokens: &[&str]) -> u8 {
        self.names.get(&seq_hash(tokens)).copied().unwrap_or(0)
    }

    /// The canonical name and type label of a listed short form or variant.
    #[must_use]
    pub fn alias(&self, tokens: &[&str]) -> Option<(&'static str, &'static str)> {
        self.aliases.get(&seq_hash(tokens)).copied()
    }
}

/// The gazetteer, loaded on first use.
pub fn get() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(Gazetteer::load)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_split_like_tokens() {
        assert_eq!(
            entry_tokens("Agence France-Presse"),
            ["Agence", "France", "-", "Presse"]
        );
        assert_eq!(entry_tokens("RFE/RL"), ["RFE", "/", "RL"]);
        assert_eq!(entry_tokens("St. Petersburg"), ["St.", "Petersburg"]);
    }

    #[test]
    fn longest_match_wins() {
        let g = get();
        let words = ["in", "New", "York", "City", "today"];
        let hashes: Vec<u64> = words.iter().map(|w| fnv_str_lower(w)).collect();
        let (class, len) = g.longest_at(&hashes, 1);
        assert_eq!(len, 3);
        assert_ne!(class & PLACE, 0);
        assert_eq!(g.longest_at(&hashes, 0), (0, 0));
        assert_eq!(g.alias(&["Kiev"]), Some(("Kyiv", "GPE")));
    }
}
