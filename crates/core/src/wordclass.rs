//! Learned word classes shared by the stages that use them as features (the tagger, the
//! parser and the entity tagger).
//!
//! `models/ner/clusters.txt` (written by `cargo xtask train-clusters`, see the README
//! there) gives every word seen at least twice in the unlabelled training text a coarse
//! class (of 128) and a fine class (of 1024). Words are keyed in a normalised form: lower
//! case, every digit folded to `0`, curly apostrophes and the backtick made straight. The
//! file is parsed once, on first use, into a sorted table searched by the hash of that
//! form.

use std::sync::OnceLock;

static CLUSTERS_TXT: &str = include_str!("../models/ner/clusters.txt");

/// The classes of one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WordClass {
    /// The coarse class (0 to 127).
    pub coarse: u16,
    /// The fine class (0 to 1023).
    pub fine: u16,
}

/// One parsed line of the classes file.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The word in its normalised form, as written in the file.
    pub word: &'static str,
    /// Its classes.
    pub class: WordClass,
}

struct Classes {
    /// Every entry, in file order.
    entries: Vec<Entry>,
    /// An open-addressing table of (key + 1, class) with linear probing; a zero key marks
    /// an empty slot. Its length is a power of two, at least twice the number of words.
    slots: Vec<(u64, WordClass)>,
}

/// The slot where the search for `k` starts in a table of `len` slots.
#[inline]
fn home(k: u64, len: usize) -> usize {
    (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & (len - 1)
}

fn classes() -> &'static Classes {
    static C: OnceLock<Classes> = OnceLock::new();
    C.get_or_init(|| {
        let mut entries = Vec::with_capacity(25_000);
        for line in CLUSTERS_TXT.lines().filter(|l| !l.starts_with('#')) {
            let mut cols = line.split('\t');
            let (Some(word), Some(c), Some(f)) = (cols.next(), cols.next(), cols.next()) else {
                continue;
            };
            let (Ok(coarse), Ok(fine)) = (c.parse::<u16>(), f.parse::<u16>()) else {
                continue;
            };
            entries.push(Entry {
                word,
                class: WordClass { coarse, fine },
            });
        }
        let len = (entries.len() * 2).next_power_of_two().max(16);
        let empty = WordClass { coarse: 0, fine: 0 };
        let mut slots = vec![(0u64, empty); len];
        for e in &entries {
            let k = key(e.word).wrapping_add(1).max(1);
            let mut i = home(k, len);
            // The table is at most half full, so an empty slot always comes.
            while let Some(s) = slots.get_mut(i) {
                if s.0 == k {
                    // The first entry of a repeated word wins.
                    break;
                }
                if s.0 == 0 {
                    *s = (k, e.class);
                    break;
                }
                i = (i + 1) & (len - 1);
            }
        }
        Classes { entries, slots }
    })
}

/// Every word of the classes file with its classes, in file order.
#[must_use]
pub fn entries() -> &'static [Entry] {
    &classes().entries
}

/// Normalises one character the way the classes file keys words: lower case, digits
/// folded to `0`, curly apostrophes and the backtick made straight.
#[inline]
#[must_use]
pub fn norm_char(c: char) -> char {
    match c {
        '’' | '‘' | '`' => '\'',
        '0'..='9' => '0',
        c if c.is_ascii() => c.to_ascii_lowercase(),
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

/// The lookup key of a word: an FNV-1a hash of its normalised form.
#[must_use]
pub fn key(word: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for c in word.chars() {
        let mut buf = [0u8; 4];
        for b in norm_char(c).encode_utf8(&mut buf).bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// The classes of a word, or `None` when the file does not have it.
#[must_use]
pub fn lookup(word: &str) -> Option<WordClass> {
    let k = key(word).wrapping_add(1).max(1);
    let t = &classes().slots;
    let mut i = home(k, t.len());
    while let Some(s) = t.get(i) {
        if s.0 == k {
            return Some(s.1);
        }
        if s.0 == 0 {
            return None;
        }
        i = (i + 1) & (t.len() - 1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequent_words_have_classes_and_forms_are_normalised() {
        assert!(entries().len() > 20_000);
        let the = lookup("the");
        assert!(the.is_some());
        assert_eq!(lookup("The"), the);
        assert_eq!(lookup("THE"), the);
        assert!(the.is_some_and(|c| c.coarse < 128 && c.fine < 1024));
        // Digits are folded, so any year has the class of "0000".
        assert_eq!(lookup("1997"), lookup("2031"));
        assert_eq!(lookup("don’t"), lookup("don't"));
        assert_eq!(lookup("qzxvvbnmq-not-a-word"), None);
        assert_eq!(lookup(""), None);
    }

    #[test]
    fn similar_words_share_fine_classes_more_than_unrelated_ones() {
        // Weekdays behave alike in text; "the" and "monday" do not.
        let fine = |w: &str| lookup(w).map(|c| c.fine);
        assert!(fine("monday").is_some());
        assert_eq!(fine("monday"), fine("tuesday"));
        assert_ne!(fine("monday"), fine("the"));
    }
}
