//! The named-entity tagger: an averaged-perceptron sequence labeller over BIO tags, decoded
//! with Viterbi over the allowed label transitions.
//!
//! Each token gets a fixed set of hashed features (word, lower-case form, shape, affixes,
//! context words, gazetteer classes, document-level capitalisation evidence); the previous
//! tag only constrains the next one (each sentence takes the best-scoring allowed label
//! sequence). Feature hashes index a table of `2^bits` rows of
//! quantised weights, one per label, so the model has a fixed size whatever the training
//! vocabulary. The same feature code serves training (`cargo xtask train-ner`) and tagging.

use std::ops::Range;
use std::sync::OnceLock;

use super::gazetteer;
use super::hashing::{fnv_chars, fnv_str, fnv_str_lower, mix, norm_char, IdHashMap};

/// The BIO labels, in model order.
pub const LABELS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];

/// Number of labels.
pub const N_LABELS: usize = LABELS.len();

/// Number of per-token features that do not depend on previous tags.
pub const N_STATIC: usize = 36;

/// Label index of a BIO tag (`O` for anything unknown).
#[must_use]
pub fn label_index(tag: &str) -> usize {
    LABELS.iter().position(|l| *l == tag).unwrap_or(0)
}

/// The entity class of a label (0 = none, 1 PER, 2 ORG, 3 LOC, 4 MISC).
#[must_use]
pub fn class_of(label: usize) -> usize {
    label.div_ceil(2)
}

/// True when `label` may follow `prev`: an inside tag continues an entity of its class.
#[must_use]
pub fn allowed(prev: usize, label: usize) -> bool {
    label == 0 || label % 2 == 1 || class_of(prev) == class_of(label)
}

/// Per-token facts that the features are built from.
#[derive(Debug, Clone, Copy, Default)]
struct Info {
    lower: u64,
    exact: u64,
    shape: u64,
    pre3: u64,
    suf2: u64,
    suf3: u64,
    suf4: u64,
    /// Bit 0: starts with an upper-case letter; bit 1: all letters upper case (≥ 2 letters);
    /// bit 2: no upper-case letter; bit 3: has a digit; bit 4: has a letter.
    case: u8,
    /// Gazetteer class bits of the name this token belongs to.
    gaz: u8,
    /// Number of characters, up to 255.
    len: u8,
    /// 0 outside a listed name, 1 first token, 2 inside.
    gaz_pos: u8,
    /// Word classes learned from unlabelled text: coarse class + 1 in the low 16 bits, fine
    /// class + 1 in the high 16 bits; 0 for a word without classes.
    clus: u32,
}

const CAP: u8 = 1;
const ALL_UPPER: u8 = 2;
const NO_UPPER: u8 = 4;
const DIGIT: u8 = 8;
const LETTER: u8 = 16;

fn info(word: &str) -> Info {
    let mut chars = [' '; 24];
    let mut n = 0;
    let mut case = NO_UPPER;
    let mut uppers = 0;
    let mut letters = 0;
    let mut shape = [' '; 8];
    let mut sn = 0;
    let mut count = 0usize;
    for (k, c) in word.chars().enumerate() {
        count = k + 1;
        if n < chars.len() {
            chars[n] = norm_char(c);
            n += 1;
        }
        let class = if c.is_uppercase() {
            uppers += 1;
            letters += 1;
            if k == 0 {
                case |= CAP;
            }
            case &= !NO_UPPER;
            'X'
        } else if c.is_alphabetic() {
            letters += 1;
            'x'
        } else if c.is_numeric() {
            case |= DIGIT;
            'd'
        } else if matches!(c, '-' | '.' | '\'' | '’' | '&') {
            c
        } else {
            'p'
        };
        if sn == 0 || (shape[sn - 1] != class && sn < shape.len()) {
            shape[sn] = class;
            sn += 1;
        }
    }
    if letters > 0 {
        case |= LETTER;
    }
    if letters >= 2 && uppers == letters {
        case |= ALL_UPPER;
    }
    let w = &chars[..n];
    let tail = |k: usize| fnv_chars(&w[n.saturating_sub(k)..]);
    Info {
        lower: fnv_str_lower(word),
        exact: fnv_str(word),
        shape: fnv_chars(&shape[..sn]),
        pre3: fnv_chars(&w[..n.min(3)]),
        suf2: tail(2),
        suf3: tail(3),
        suf4: tail(4),
        case,
        gaz: 0,
        len: count.min(255) as u8,
        gaz_pos: 0,
        clus: 0,
    }
}

/// The normalised form of a word that word classes are keyed by: lower case, digits and
/// apostrophes folded (as the hashed features fold them).
#[must_use]
pub fn norm_word(word: &str) -> String {
    word.chars().map(norm_char).collect()
}

/// The committed word classes (`cargo xtask train-clusters`, loaded by
/// [`crate::wordclass`]), keyed by the hash of the normalised word: coarse class + 1 in the
/// low 16 bits, fine class + 1 in the high 16.
fn clusters() -> &'static IdHashMap<u32> {
    static C: OnceLock<IdHashMap<u32>> = OnceLock::new();
    C.get_or_init(|| {
        let mut map = IdHashMap::default();
        for e in crate::wordclass::entries() {
            let (c, f) = (u32::from(e.class.coarse), u32::from(e.class.fine));
            map.entry(fnv_str_lower(e.word))
                .or_insert(((c + 1) & 0xffff) | (((f + 1) & 0xffff) << 16));
        }
        map
    })
}

#[inline]
fn f(template: u64, a: u64) -> u64 {
    mix(a ^ template.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

#[inline]
fn f2(template: u64, a: u64, b: u64) -> u64 {
    f(template, mix(a).rotate_left(23) ^ b)
}

const PAD: u64 = 0x5eed;

/// Sentences either side that count towards the density of numbers around a token.
const NEAR: usize = 4;

/// True for a sentence in title case, as many headlines are ("Clinton Says Russians
/// Hacked DNC"): at least three words open with a capital and no word of more than three
/// letters is written in lower case. Capitals there say little about names, as in a
/// headline in capitals.
fn title_case(infos: &[Info]) -> bool {
    let mut upper = 0;
    for inf in infos {
        if inf.case & LETTER == 0 {
            continue;
        }
        if inf.case & CAP != 0 {
            upper += 1;
        } else if inf.case & NO_UPPER != 0 && inf.len > 3 {
            return false;
        }
    }
    upper >= 3
}

/// Computes the static features of every token of one document: `N_STATIC` hashes per
/// token, in token order. `sentences` are token index ranges that cover the tokens.
#[must_use]
pub fn static_features(words: &[&str], sentences: &[Range<usize>]) -> Vec<u64> {
    let n = words.len();
    let mut infos: Vec<Info> = words.iter().map(|w| info(w)).collect();
    let classes = clusters();
    for inf in &mut infos {
        inf.clus = classes.get(&inf.lower).copied().unwrap_or(0);
    }
    // Gazetteer names, longest match first.
    let gaz = gazetteer::get();
    let lowers: Vec<u64> = infos.iter().map(|i| i.lower).collect();
    let mut i = 0;
    while i < n {
        let (class, len) = gaz.longest_at(&lowers, i);
        if len == 0 {
            i += 1;
            continue;
        }
        for (k, inf) in infos.iter_mut().skip(i).take(len).enumerate() {
            inf.gaz = class;
            inf.gaz_pos = if k == 0 { 1 } else { 2 };
        }
        i += len;
    }
    // Sentence facts: first token, headline-style capitals.
    let mut initial = vec![false; n];
    let mut caps = vec![false; n];
    let mut title = vec![false; n];
    for s in sentences {
        let r = s.start.min(n)..s.end.min(n);
        if let Some(x) = initial.get_mut(r.start) {
            *x = true;
        }
        let (mut words_with_letters, mut upper) = (0, 0);
        for inf in &infos[r.clone()] {
            if inf.case & LETTER != 0 {
                words_with_letters += 1;
                if inf.case & ALL_UPPER != 0 {
                    upper += 1;
                }
            }
        }
        let is_caps = words_with_letters >= 2 && upper * 10 >= words_with_letters * 7;
        let is_title = !is_caps && title_case(&infos[r.clone()]);
        for c in &mut caps[r.clone()] {
            *c = is_caps;
        }
        for t in &mut title[r] {
            *t = is_title;
        }
    }
    // Document evidence: how a word is written where its case is informative.
    let mut seen: IdHashMap<u8> = IdHashMap::default();
    seen.reserve(n / 3);
    for (k, inf) in infos.iter().enumerate() {
        if caps[k] || title[k] || inf.case & LETTER == 0 {
            continue;
        }
        let bit = if inf.case & NO_UPPER != 0 {
            1
        } else if !initial[k] && inf.case & CAP != 0 {
            2
        } else {
            0
        };
        if bit != 0 {
            *seen.entry(inf.lower).or_insert(0) |= bit;
        }
    }
    // Capitalised runs (a name and its neighbours): maximal stretches of capitalised
    // tokens within a sentence, joined by "&", "of" or "-" when a capitalised token follows.
    // Each token of a run gets features of the whole run: its length, the gazetteer
    // classes of its ends, the words around it and whether numbers surround it (sports
    // results). Other tokens get fixed stand-ins.
    let amp = fnv_str_lower("&");
    let of = fnv_str_lower("of");
    let hyphen = fnv_str_lower("-");
    let is_num = |inf: &Info| inf.case & DIGIT != 0 && inf.case & LETTER == 0;
    let mut run = vec![(0usize, 0usize); n];
    let mut sent_digits = vec![0u8; n];
    // Per sentence: (tokens, numbers), for the density of numbers around each sentence.
    let mut counts: Vec<(usize, usize)> = Vec::with_capacity(sentences.len());
    for s in sentences {
        let r = s.start.min(n)..s.end.min(n);
        let digits = infos[r.clone()].iter().filter(|x| is_num(x)).count();
        counts.push((r.len(), digits));
        let mut k = r.start;
        while k < r.end {
            if infos[k].case & CAP == 0 {
                k += 1;
                continue;
            }
            let start = k;
            let mut end = k + 1;
            while end < r.end {
                let x = &infos[end];
                if x.case & CAP != 0 {
                    end += 1;
                } else if (x.lower == amp || x.lower == of || x.lower == hyphen)
                    && end + 1 < r.end
                    && infos[end + 1].case & CAP != 0
                {
                    end += 2;
                } else {
                    break;
                }
            }
            for x in &mut run[start..end] {
                *x = (start, end);
            }
            k = end;
        }
        for x in &mut sent_digits[r] {
            *x = digits.min(3) as u8;
        }
    }
    // How many tokens are numbers within `NEAR` sentences either side: results tables
    // and market reports are dense with numbers. Local, so that a long text made of many
    // stories gets the same values as each story on its own.
    let mut density = vec![0u64; n];
    let (mut tokens, mut numbers) = (0usize, 0usize);
    for (i, s) in sentences.iter().enumerate() {
        if i == 0 {
            for c in counts.iter().take(NEAR + 1) {
                tokens += c.0;
                numbers += c.1;
            }
        } else {
            if let Some(c) = counts.get(i + NEAR) {
                tokens += c.0;
                numbers += c.1;
            }
            if let Some(c) = (i > NEAR).then(|| counts.get(i - NEAR - 1)).flatten() {
                tokens = tokens.saturating_sub(c.0);
                numbers = numbers.saturating_sub(c.1);
            }
        }
        let d = match numbers * 100 / tokens.max(1) {
            0..=4 => 0u64,
            5..=11 => 1,
            12..=24 => 2,
            _ => 3,
        };
        for x in density.iter_mut().take(s.end.min(n)).skip(s.start.min(n)) {
            *x = d;
        }
    }
    let mut out = Vec::with_capacity(n * N_STATIC);
    let get = |k: isize| -> Option<&Info> { usize::try_from(k).ok().and_then(|k| infos.get(k)) };
    for k in 0..n {
        let me = &infos[k];
        let ki = k as isize;
        let lower_at = |d: isize| get(ki + d).map_or(PAD, |x| x.lower);
        let shape_at = |d: isize| get(ki + d).map_or(PAD, |x| x.shape);
        let coarse_at = |d: isize| get(ki + d).map_or(0xffff, |x| u64::from(x.clus & 0xffff));
        let fine_at = |d: isize| get(ki + d).map_or(0xffff, |x| u64::from(x.clus >> 16));
        let gaz_at =
            |d: isize| get(ki + d).map_or(0xff, |x| u64::from(x.gaz) | (u64::from(x.gaz_pos) << 8));
        let doc = u64::from(seen.get(&me.lower).copied().unwrap_or(0));
        let pos = u64::from(initial[k]) | (u64::from(caps[k]) << 1) | (u64::from(title[k]) << 2);
        let case = u64::from(me.case);
        let (rs, re) = run[k];
        let [r24, r25, r26, r27, r28, r29, r30] = if re > rs {
            let len = re - rs;
            let rpos: u64 = if len == 1 {
                0
            } else if k == rs {
                1
            } else if k + 1 == re {
                3
            } else {
                2
            };
            let org_word = infos[rs..re]
                .iter()
                .any(|x| x.gaz & gazetteer::ORG_WORD != 0);
            let ends = u64::from(infos[rs].gaz)
                | (u64::from(infos[re - 1].gaz) << 8)
                | (u64::from(org_word) << 16);
            let whole = infos[rs..re].iter().fold(PAD, |h, x| mix(h ^ x.lower));
            let before = rs.checked_sub(1).and_then(|j| infos.get(j));
            let after = infos.get(re);
            let nums = u64::from(before.is_some_and(is_num))
                | (u64::from(after.is_some_and(is_num)) << 1)
                | (u64::from(sent_digits[k]) << 2)
                | (u64::from(caps[k]) << 4)
                | (u64::from(initial[rs]) << 5)
                | (u64::from(title[k]) << 6);
            [
                f2(24, rpos | ((len.min(4) as u64) << 2), ends),
                f2(25, whole, rpos),
                f2(26, before.map_or(PAD, |x| x.lower), rpos),
                f2(27, after.map_or(PAD, |x| x.lower), rpos),
                f2(28, nums, density[k] | (u64::from(me.gaz) << 8)),
                f2(29, infos[re - 1].lower, rpos),
                f2(30, infos[rs].lower, rpos | ((len.min(4) as u64) << 2)),
            ]
        } else {
            [
                f(24, PAD),
                f(25, PAD),
                f(26, PAD),
                f(27, PAD),
                f(28, density[k] | (u64::from(sent_digits[k]) << 4)),
                f(29, PAD),
                f(30, PAD),
            ]
        };
        out.extend_from_slice(&[
            f(0, 0),
            f(1, me.lower),
            f(2, me.exact),
            f(3, me.shape),
            f(4, me.pre3),
            f(5, me.suf2),
            f(6, me.suf3),
            f(7, me.suf4),
            f(8, lower_at(-1)),
            f(9, lower_at(1)),
            f(10, lower_at(-2)),
            f(11, lower_at(2)),
            f2(12, shape_at(-1), me.shape),
            f2(13, me.shape, shape_at(1)),
            f2(14, lower_at(-1), me.lower),
            f2(15, me.lower, lower_at(1)),
            f2(16, gaz_at(0), case),
            f(17, gaz_at(-1)),
            f(18, gaz_at(1)),
            f2(19, doc | (pos << 4), case),
            f2(20, pos, me.shape),
            f2(21, pos, me.lower),
            f2(22, mix(shape_at(-1)) ^ me.shape, shape_at(1)),
            f2(23, lower_at(-1), me.shape),
            r24,
            r25,
            r26,
            r27,
            r28,
            r29,
            r30,
            f(31, fine_at(0)),
            f2(32, coarse_at(0), case),
            f2(33, coarse_at(-1), coarse_at(1)),
            f2(34, fine_at(-1), me.shape),
            f2(35, fine_at(1), me.shape),
        ]);
    }
    out
}

/// The table row of a feature hash.
#[inline]
#[must_use]
pub fn bucket(h: u64, bits: u32) -> usize {
    (h >> (64 - bits)) as usize
}

/// Tags the tokens of a document: each sentence gets the label sequence with the highest
/// total score among those where every inside tag continues an entity of its class
/// (Viterbi over the nine labels). `score` adds the weights of one feature hash to the
/// label scores. The previous label only constrains the next one; it is not a feature:
/// with the labels of the previous tokens as features, cross-validation on train scored
/// lower (greedy decoding then carries its own errors forward).
///
/// Token `k`'s features are `stat[k * N_STATIC..][..N_STATIC]` followed, when `extra_stride`
/// is not zero, by `extra[k * extra_stride..][..extra_stride]`.
pub fn decode<S: FnMut(u64, &mut [f32; N_LABELS])>(
    stat: &[u64],
    extra: &[u64],
    extra_stride: usize,
    sentences: &[Range<usize>],
    mut score: S,
) -> Vec<u8> {
    let mut n = stat.len() / N_STATIC;
    if let Some(m) = extra.len().checked_div(extra_stride) {
        n = n.min(m);
    }
    let mut labels = vec![0u8; n];
    let mut back: Vec<[u8; N_LABELS]> = Vec::new();
    for s in sentences {
        let (start, end) = (s.start.min(n), s.end.min(n));
        if start >= end {
            continue;
        }
        back.clear();
        let mut best = START;
        for k in start..end {
            let row = stat.get(k * N_STATIC..(k + 1) * N_STATIC).unwrap_or(&[]);
            let more = extra
                .get(k * extra_stride..(k + 1) * extra_stride)
                .unwrap_or(&[]);
            let mut sc = [0f32; N_LABELS];
            for &h in row.iter().chain(more) {
                score(h, &mut sc);
            }
            back.push(step(&mut best, &sc));
        }
        if let Some(out) = labels.get_mut(start..end) {
            trace(&best, &back, out);
        }
    }
    labels
}

/// The path scores before the first token of a sentence: only `O` may precede it.
const START: [f32; N_LABELS] = {
    let mut b = [f32::NEG_INFINITY; N_LABELS];
    b[0] = 0.0;
    b
};

/// One step of the Viterbi recursion: `best` holds, for each label, the best total score
/// of a labelling of the tokens so far that ends in it; it becomes the same for one more
/// token with label scores `sc`. Returns each label's best previous label. `O` and a begin
/// tag may follow any label; an inside tag follows the begin or inside tag of its class
/// (see [`allowed`]). Ties go to the lower label.
#[inline]
fn step(best: &mut [f32; N_LABELS], sc: &[f32; N_LABELS]) -> [u8; N_LABELS] {
    let mut top = 0usize;
    for (p, &b) in best.iter().enumerate() {
        if b > best[top] {
            top = p;
        }
    }
    let mut next = [f32::NEG_INFINITY; N_LABELS];
    let mut from = [0u8; N_LABELS];
    for (l, &s_l) in sc.iter().enumerate() {
        let p = if l == 0 || l % 2 == 1 {
            top
        } else if best[l] > best[l - 1] {
            l
        } else {
            l - 1
        };
        if best[p] > f32::NEG_INFINITY {
            next[l] = best[p] + s_l;
            from[l] = p as u8;
        }
    }
    *best = next;
    from
}

/// Follows the back pointers from the best final label and writes the labels to `out`.
fn trace(best: &[f32; N_LABELS], back: &[[u8; N_LABELS]], out: &mut [u8]) {
    let mut last = 0usize;
    for (l, &b) in best.iter().enumerate() {
        if b > best[last] {
            last = l;
        }
    }
    for (slot, from) in out.iter_mut().zip(back.iter()).rev() {
        *slot = last as u8;
        last = usize::from(from[last]);
    }
}

/// Writes to `out` the label sequence with the highest total score (`scores`, one row of
/// label scores per token) among those where every inside tag continues an entity of its
/// class and the first token takes no inside tag. `back` is scratch space.
pub fn viterbi(scores: &[[f32; N_LABELS]], back: &mut Vec<[u8; N_LABELS]>, out: &mut [u8]) {
    back.clear();
    let mut best = START;
    for sc in scores {
        back.push(step(&mut best, sc));
    }
    trace(&best, back, out);
}

/// The best-scoring label allowed after `prev`.
#[must_use]
pub fn best_label(prev: usize, scores: &[f32; N_LABELS]) -> usize {
    let mut best = 0;
    for (l, &s) in scores.iter().enumerate() {
        if allowed(prev, l) && s > scores[best] {
            best = l;
        }
    }
    best
}

/// Number of document-level features of the second pass.
pub const N_DOC: usize = 5;

/// How many sentences either side count as the same stretch of text for the
/// document-level features.
const WINDOW: usize = 25;

/// Second-pass features: how the first pass labelled the same capitalised word nearby
/// (within `WINDOW` sentences), and the first-pass labels around the token.
/// `stat` holds the static features (`N_STATIC` per token).
#[must_use]
pub fn doc_features(
    stat: &[u64],
    words: &[&str],
    first: &[u8],
    sentences: &[Range<usize>],
) -> Vec<u64> {
    let n = words.len().min(first.len()).min(stat.len() / N_STATIC);
    let mut sent_of = vec![0usize; n];
    for (i, s) in sentences.iter().enumerate() {
        for x in sent_of.iter_mut().take(s.end.min(n)).skip(s.start.min(n)) {
            *x = i;
        }
    }
    // Occurrences of each capitalised word: (sentence, class of its first-pass label).
    let mut occ: IdHashMap<Vec<(usize, u8)>> = IdHashMap::default();
    let key = |k: usize| stat[k * N_STATIC + 1];
    let capital = |k: usize| words[k].chars().next().is_some_and(char::is_uppercase);
    for k in 0..n {
        if capital(k) {
            occ.entry(key(k))
                .or_default()
                .push((sent_of[k], class_of(usize::from(first[k])) as u8));
        }
    }
    let mut out = Vec::with_capacity(n * N_DOC);
    for k in 0..n {
        let (mut counts, mut total) = ([0u32; 5], 0u32);
        if capital(k) {
            if let Some(list) = occ.get(&key(k)) {
                let lo = sent_of[k].saturating_sub(WINDOW);
                let hi = sent_of[k] + WINDOW;
                let from = list.partition_point(|o| o.0 < lo);
                for o in list[from..].iter().take_while(|o| o.0 <= hi) {
                    counts[usize::from(o.1)] += 1;
                    total += 1;
                }
                // Not the token itself.
                let own = class_of(usize::from(first[k]));
                counts[own] = counts[own].saturating_sub(1);
                total = total.saturating_sub(1);
            }
        }
        let mut major = 0usize;
        for c in 1..5 {
            if counts[c] > counts[major] || (major == 0 && counts[c] > 0) {
                major = c;
            }
        }
        let named = total - counts[0];
        let frac = if total == 0 {
            9
        } else {
            u64::from(named) * 4 / u64::from(total)
        };
        let count = u64::from(named.min(3));
        let lab = |d: isize| -> u64 {
            usize::try_from(k as isize + d)
                .ok()
                .filter(|&j| j < n)
                .map_or(99, |j| u64::from(first[j]))
        };
        let shape = stat[k * N_STATIC + 3];
        out.extend_from_slice(&[
            f(200, major as u64 | (count << 8)),
            f(201, major as u64 | (frac << 8)),
            f(202, lab(0)),
            f(203, lab(-1) | (lab(1) << 8)),
            f2(
                204,
                major as u64 | (u64::from(first.get(k).copied().unwrap_or(0)) << 8),
                shape,
            ),
        ]);
    }
    out
}

/// Interleaves static and document features into rows of `N_STATIC + N_DOC`.
#[must_use]
pub fn combine(stat: &[u64], doc: &[u64]) -> Vec<u64> {
    let n = (stat.len() / N_STATIC).min(doc.len() / N_DOC);
    let mut out = Vec::with_capacity(n * (N_STATIC + N_DOC));
    for k in 0..n {
        out.extend_from_slice(&stat[k * N_STATIC..(k + 1) * N_STATIC]);
        out.extend_from_slice(&doc[k * N_DOC..(k + 1) * N_DOC]);
    }
    out
}

/// Magic bytes at the start of a model file.
pub const MAGIC: &[u8; 8] = b"RONER002";

/// One weight table: `2^bits` rows of `N_LABELS` quantised weights.
pub struct Table {
    bits: u32,
    weights: Vec<i16>,
}

impl Table {
    /// Adds the weights of feature `h` to `scores`.
    #[inline]
    pub fn score(&self, h: u64, scores: &mut [f32; N_LABELS]) {
        let at = bucket(h, self.bits) * N_LABELS;
        if let Some(row) = self.weights.get(at..at + N_LABELS) {
            for (s, &w) in scores.iter_mut().zip(row) {
                *s += f32::from(w);
            }
        }
    }
}

/// A trained model: the first-pass table and, optionally, the second-pass table.
pub struct Model {
    tables: Vec<Table>,
}

/// Serialises weight tables: magic, `u32` table count, then per table `u32` bits,
/// `u32` labels, `f32` scale and the `i16` weights, all little-endian.
#[must_use]
pub fn to_bytes(tables: &[(u32, f32, Vec<i16>)]) -> Vec<u8> {
    let mut bytes = Vec::new();
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&(tables.len() as u32).to_le_bytes());
    for (bits, scale, w) in tables {
        bytes.extend_from_slice(&bits.to_le_bytes());
        bytes.extend_from_slice(&(N_LABELS as u32).to_le_bytes());
        bytes.extend_from_slice(&scale.to_bits().to_le_bytes());
        for x in w {
            bytes.extend_from_slice(&x.to_le_bytes());
        }
    }
    bytes
}

impl Model {
    /// Reads a model file written by [`to_bytes`]; `None` for a malformed file.
    #[must_use]
    pub fn from_bytes(b: &[u8]) -> Option<Model> {
        if b.get(..8)? != MAGIC {
            return None;
        }
        let u32_at = |o: usize| {
            b.get(o..o + 4)
                .and_then(|s| s.try_into().ok())
                .map(u32::from_le_bytes)
        };
        let count = u32_at(8)? as usize;
        if !(1..=2).contains(&count) {
            return None;
        }
        let mut at = 12;
        let mut tables = Vec::with_capacity(count);
        for _ in 0..count {
            let bits = u32_at(at)?;
            let labels = u32_at(at + 4)? as usize;
            if labels != N_LABELS || !(8..=24).contains(&bits) {
                return None;
            }
            let len = (1usize << bits) * N_LABELS;
            let body = b.get(at + 12..at + 12 + 2 * len)?;
            let weights = body
                .chunks_exact(2)
                .map(|c| i16::from_le_bytes([c[0], c[1]]))
                .collect();
            tables.push(Table { bits, weights });
            at += 12 + 2 * len;
        }
        Some(Model { tables })
    }

    /// Tags one document's tokens.
    #[must_use]
    pub fn tag(&self, words: &[&str], sentences: &[Range<usize>]) -> Vec<u8> {
        let stat = static_features(words, sentences);
        let Some(first) = self.tables.first() else {
            return vec![0; words.len()];
        };
        let labels = decode(&stat, &[], 0, sentences, |h, s| first.score(h, s));
        let Some(second) = self.tables.get(1) else {
            return labels;
        };
        let doc = doc_features(&stat, words, &labels, sentences);
        decode(&stat, &doc, N_DOC, sentences, |h, s| second.score(h, s))
    }
}

static MODEL_BYTES: &[u8] = include_bytes!("../../models/ner/ner.bin");

/// The committed model, loaded on first use (`None` if the file is malformed).
pub fn model() -> Option<&'static Model> {
    static M: OnceLock<Option<Model>> = OnceLock::new();
    M.get_or_init(|| Model::from_bytes(MODEL_BYTES)).as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_tags_continue_their_class() {
        assert!(allowed(1, 2));
        assert!(allowed(2, 2));
        assert!(!allowed(0, 2));
        assert!(!allowed(3, 2));
        assert!(allowed(4, 5));
        assert_eq!(class_of(label_index("I-LOC")), 3);
    }

    #[test]
    fn features_have_a_fixed_count() {
        let words = ["Peter", "Smith", "visited", "Paris", "."];
        let stat = static_features(&words, &[0..5, 5..5]);
        assert_eq!(stat.len(), 5 * N_STATIC);
        // The same word in the same context gets the same features.
        let again = static_features(&words, &[0..5, 5..5]);
        assert_eq!(stat, again);
    }

    #[test]
    fn malformed_models_are_rejected() {
        assert!(Model::from_bytes(b"").is_none());
        assert!(Model::from_bytes(b"RONER002\x01\0\0\0\x10\0\0\0\x09\0\0\0\0\0\x80\x3f").is_none());
    }
}
