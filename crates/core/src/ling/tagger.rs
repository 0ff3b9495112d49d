//! Part-of-speech tagging: two greedy left-to-right averaged perceptrons over hashed
//! features of the word, its affixes, shape and capitalisation, its neighbours and the two
//! previous tags; the second pass also sees the first pass's tags of the next two words.
//!
//! The weights in `models/pos/` are trained by `cargo xtask train-ling`; see the README
//! there for the data, licences and scores.

use std::sync::OnceLock;

use super::{add_bag, bag_seed, fold, mix, word_hash, Rng, Table, Trainer};
use crate::doc::{Document, LayerKind, Upos};
use crate::pipeline::{Diagnostics, Stage};

/// Number of training passes used by `cargo xtask train-ling`.
pub const EPOCHS: usize = 8;

/// A first-pass tag carries this flag when its margin over the runner-up reached the
/// model's threshold: the second pass keeps it without scoring the word again.
const SURE_FIRST: usize = 64;

/// The default margin threshold (see [`TrainOptions::margin`]).
const MARGIN: i32 = i32::MAX;

/// Perceptrons averaged per table (see [`TrainOptions::bags`]).
const BAGS: usize = 5;

/// Log2 of the number of feature rows.
const LOG2_ROWS: u32 = 18;

/// Scaled weights below this are dropped (the largest weight is 8000).
const PRUNE: f64 = 40.0;

const NT: usize = Upos::ALL.len();

/// What the tagger knows about one word, computed once per word.
#[derive(Debug, Clone, Copy, Default)]
struct Lex {
    word: u64,
    /// The tags the word had in training (a bit per tag), or 0 for a rare word.
    amb: u64,
    cased: u64,
    suf: [u64; 4],
    pre: [u64; 3],
    shape: u64,
    /// How the word is capitalised in training away from sentence starts (see
    /// [`Dict::CAPS_SHIFT`]) combined with whether this occurrence starts with a capital.
    caps: u64,
    /// The only tag a frequent word ever had in training, or `NT`: such words are not
    /// scored.
    sure: u8,
    /// The word's fine and coarse learned classes ([`crate::wordclass`]), with distinct
    /// values for a word without classes.
    fine: u64,
    coarse: u64,
}

impl Lex {
    const NONE: Lex = Lex {
        word: 0x5151,
        amb: 1 << 40,
        cased: 0x5155,
        suf: [0x5152; 4],
        pre: [0x5153; 3],
        shape: 0x5154,
        caps: 0x5156,
        sure: NT as u8,
        fine: 0x5157,
        coarse: 0x5158,
    };

    fn of(form: &str, dict: &Dict) -> Lex {
        let word = word_hash(form);
        let mut suf = [0u64; 4];
        let mut h = 0x77u64;
        let mut n = 0;
        for c in form.chars().rev().take(4) {
            h = mix(h, u64::from(fold(c)));
            suf[n] = h;
            n += 1;
        }
        for s in suf.iter_mut().skip(n) {
            *s = h;
        }
        let mut pre = [0u64; 3];
        let mut h = 0x99u64;
        let mut n = 0;
        for c in form.chars().take(3) {
            h = mix(h, u64::from(fold(c)));
            pre[n] = h;
            n += 1;
        }
        for p in pre.iter_mut().skip(n) {
            *p = h;
        }
        let cased = form.bytes().fold(0x3131u64, |h, b| mix(h, u64::from(b)));
        let entry = dict.entry(word);
        let upper = form.chars().next().is_some_and(char::is_uppercase);
        let (fine, coarse) = crate::wordclass::lookup(form).map_or((0x7001, 0x7002), |c| {
            (u64::from(c.fine), 0x1_0000 + u64::from(c.coarse))
        });
        Lex {
            word,
            amb: u64::from(entry & Dict::TAG_BITS),
            cased,
            suf,
            pre,
            shape: shape(form),
            caps: u64::from(entry >> Dict::CAPS_SHIFT) * 2 + u64::from(upper),
            sure: Dict::sure(entry),
            fine,
            coarse,
        }
    }
}

/// What training said about each frequent word: (word hash, entry), sorted. An entry holds
/// the tags the word was seen with (a bit per tag, [`Dict::TAG_BITS`]) and, from
/// [`Dict::CAPS_SHIFT`] on, how often it was capitalised away from sentence starts.
#[derive(Debug, Clone, Default)]
struct Dict(Vec<(u64, u32)>);

impl Dict {
    /// Words seen at least this often get an ambiguity class.
    const MIN_COUNT: u32 = 3;
    /// The tag bits of an entry.
    const TAG_BITS: u32 = (1 << NT) - 1;
    /// Where the capitalisation profile of an entry starts: 0 when the word was never seen
    /// inside a sentence, else 1 (always lower case) to 4 (always capitalised).
    const CAPS_SHIFT: u32 = 24;
    /// Where the sure tag of an entry starts (5 bits, the tag plus one, or 0).
    const SURE_SHIFT: u32 = 18;
    /// A word is sure when seen this often, always with the same tag.
    const SURE_COUNT: u32 = 25;

    /// The sure tag of an entry, or `NT`.
    fn sure(entry: u32) -> u8 {
        match (entry >> Dict::SURE_SHIFT) & 31 {
            0 => NT as u8,
            t => (t - 1).min(NT as u32) as u8,
        }
    }

    /// The entry of a word (0 for a rare word).
    fn entry(&self, word: u64) -> u32 {
        self.0
            .binary_search_by_key(&word, |e| e.0)
            .map_or(0, |i| self.0[i].1)
    }

    /// The ambiguity class of a word: its tag bits.
    fn class(&self, word: u64) -> u64 {
        u64::from(self.entry(word) & Dict::TAG_BITS)
    }

    fn build(lexes: &[Vec<Lex>], gold: &[Vec<usize>]) -> Dict {
        // Per word: counts per tag, then uses inside a sentence and how many were capitalised.
        let mut counts: std::collections::HashMap<u64, [u32; NT + 2]> =
            std::collections::HashMap::new();
        for (lex, g) in lexes.iter().zip(gold) {
            for (i, (l, &t)) in lex.iter().zip(g).enumerate() {
                let c = counts.entry(l.word).or_insert([0; NT + 2]);
                if let Some(c) = c.get_mut(t.min(NT - 1)) {
                    *c += 1;
                }
                if i > 0 {
                    c[NT] += 1;
                    c[NT + 1] += u32::from(l.caps & 1 == 1);
                }
            }
        }
        let mut v: Vec<(u64, u32)> = counts
            .into_iter()
            .filter_map(|(w, c)| {
                let total: u32 = c[..NT].iter().sum();
                // Tags under 5% of a word's uses are treated as noise.
                let mask = c[..NT]
                    .iter()
                    .enumerate()
                    .filter(|(_, &n)| n > 0 && n * 20 >= total)
                    .fold(0u32, |m, (t, _)| m | 1 << t);
                let (inside, upper) = (c[NT], c[NT + 1]);
                let caps = if inside == 0 {
                    0
                } else if upper == 0 {
                    1
                } else if upper * 2 < inside {
                    2
                } else if upper < inside {
                    3
                } else {
                    4
                };
                let top = (0..NT).max_by_key(|&t| c[t]).unwrap_or(0);
                let sure = if total >= Dict::SURE_COUNT && c[top] == total {
                    top as u32 + 1
                } else {
                    0
                };
                (total >= Dict::MIN_COUNT).then_some((
                    w,
                    mask | caps << Dict::CAPS_SHIFT | sure << Dict::SURE_SHIFT,
                ))
            })
            .collect();
        v.sort_unstable();
        Dict(v)
    }

    fn to_bytes(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"DICT");
        out.extend_from_slice(&(self.0.len() as u32).to_le_bytes());
        for (w, m) in &self.0 {
            out.extend_from_slice(&w.to_le_bytes());
            out.extend_from_slice(&m.to_le_bytes());
        }
    }

    fn from_bytes(b: &[u8]) -> Option<Dict> {
        if b.get(..4)? != b"DICT" {
            return None;
        }
        let n = u32::from_le_bytes(b.get(4..8)?.try_into().ok()?) as usize;
        let body = b.get(8..)?;
        if body.len() != n.checked_mul(12)? {
            return None;
        }
        let mut v: Vec<(u64, u32)> = body
            .chunks_exact(12)
            .map(|c| {
                let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
                (w, u32::from_le_bytes([c[8], c[9], c[10], c[11]]))
            })
            .collect();
        v.sort_unstable();
        Some(Dict(v))
    }
}

/// A compressed word shape: character classes with runs collapsed ("Xx", "d,d", "X.X.").
fn shape(form: &str) -> u64 {
    let mut h = 0x5eu64;
    let mut last = 0u32;
    let mut n = 0;
    for c in form.chars() {
        let k = if c.is_uppercase() {
            1
        } else if c.is_lowercase() {
            2
        } else if c.is_numeric() {
            3
        } else {
            fold(c) + 16
        };
        if k != last {
            h = mix(h, u64::from(k));
            last = k;
            n += 1;
            if n > 6 {
                break;
            }
        }
    }
    let len = form.chars().count().min(6) as u64;
    mix(h, len)
}

/// Fills `out` with the features of word `i` given the previous two tags; `first` holds
/// the tags of a first pass over the sentence (empty during the first pass), which lets
/// the second pass see the right context's tags.
fn features(lex: &[Lex], i: usize, p1: usize, p2: usize, first: &[usize], out: &mut Vec<u64>) {
    let at = |j: isize| -> &Lex {
        usize::try_from(j)
            .ok()
            .and_then(|j| lex.get(j))
            .unwrap_or(&Lex::NONE)
    };
    let ii = i as isize;
    let w = at(ii);
    let (m1, m2, n1, n2) = (at(ii - 1), at(ii - 2), at(ii + 1), at(ii + 2));
    let f = |t: u64, v: u64| mix(t.wrapping_mul(0x1000_0000_01b3), v);
    let (p1, p2) = (p1 as u64, p2 as u64);
    out.clear();
    out.extend_from_slice(&[
        f(1, 0),
        f(2, w.word),
        f(3, w.suf[0]),
        f(4, w.suf[1]),
        f(5, w.suf[2]),
        f(6, w.suf[3]),
        f(7, w.pre[0]),
        f(8, w.pre[1]),
        f(9, w.pre[2]),
        f(10, w.shape),
        f(11, m1.word),
        f(12, n1.word),
        f(13, m2.word),
        f(14, n2.word),
        f(15, p1),
        f(16, p2 * 64 + p1),
        f(17, mix(p1, w.word)),
        f(18, m1.suf[2]),
        f(19, n1.suf[2]),
        f(20, mix(m1.word, w.word)),
        f(21, mix(w.word, n1.word)),
        f(22, n1.shape),
        f(23, mix(p1, w.suf[2])),
        f(24, mix(w.shape, u64::from(i == 0))),
        f(25, m1.shape),
        f(26, mix(p1, n1.word)),
        f(27, mix(w.suf[1], n1.suf[1])),
        f(28, w.cased),
        f(29, mix(m1.word, n1.word)),
        f(30, n2.suf[2]),
        f(31, mix(p2, w.word)),
        f(32, mix(mix(p1, w.suf[2]), n1.suf[2])),
        f(33, n1.pre[0]),
        f(50, w.amb),
        f(51, n1.amb),
        f(52, m1.amb),
        f(53, n2.amb),
        f(54, mix(w.amb, p1)),
        f(55, mix(w.amb, n1.amb)),
        f(56, mix(mix(m1.amb, w.amb), n1.amb)),
        f(57, mix(w.amb, w.suf[2])),
        f(58, mix(w.caps, u64::from(i == 0))),
        f(59, mix(w.caps, p1)),
        f(60, mix(mix(w.caps, n1.caps), m1.caps & 1)),
    ]);
    if first.is_empty() {
        return;
    }
    let tag_at =
        |j: usize, none: usize| (first.get(j).copied().unwrap_or(none) % SURE_FIRST) as u64;
    let (r0, r1, r2) = (tag_at(i, NT), tag_at(i + 1, NT), tag_at(i + 2, NT + 1));
    out.extend_from_slice(&[
        f(70, r1),
        f(71, r1 * 64 + r2),
        f(72, mix(r1, w.word)),
        f(73, p1 * 64 + r1),
        f(74, mix(r1, w.suf[2])),
        f(75, mix(w.amb, r1)),
        f(76, mix(r1 * 64 + r2, w.word)),
        f(77, mix(r1, n1.word)),
        f(78, mix(r1, w.shape)),
        f(79, r0),
        f(80, mix(r0, w.word)),
        f(81, mix(p1 * 64 + r1, r0)),
        f(82, mix(w.caps, r1)),
        f(83, mix(w.fine, r1)),
        f(90, w.fine),
        f(91, w.coarse),
        f(92, m1.coarse),
        f(93, n1.coarse),
        f(94, mix(w.fine, p1)),
        f(95, n1.fine),
        f(96, mix(w.coarse, w.suf[2])),
        f(97, mix(w.fine, w.caps)),
        f(98, mix(w.coarse, n1.coarse)),
        f(99, mix(mix(m1.coarse, w.coarse), n1.coarse)),
        f(100, mix(w.fine, w.amb)),
    ]);
}

/// A trained part-of-speech tagger: a first left-to-right pass, then a second one that
/// also sees the first pass's tags of the words to the right.
#[derive(Debug, Clone)]
pub struct Tagger {
    first: Table,
    second: Table,
    dict: Dict,
    /// False when the second table is empty (a single-pass tagger).
    two_pass: bool,
    /// First-pass tags whose margin reaches this are kept by the second pass.
    margin: i32,
}

static BUILTIN: OnceLock<Tagger> = OnceLock::new();
static WEIGHTS: &[u8] = include_bytes!("../../models/pos/tagger.bin");

/// Scratch buffers reused across sentences.
#[derive(Default)]
struct Scratch {
    feats: Vec<u64>,
    first: Vec<usize>,
}

impl Tagger {
    /// The tagger trained for readout (weights in `models/pos/`), loaded on first use.
    /// Malformed weights give a tagger that tags everything `ADJ`.
    #[must_use]
    pub fn builtin() -> &'static Tagger {
        BUILTIN.get_or_init(|| {
            Tagger::from_bytes(WEIGHTS).unwrap_or(Tagger {
                first: Trainer::new(1, NT).finish(PRUNE),
                second: Trainer::new(0, NT).finish(PRUNE),
                dict: Dict::default(),
                two_pass: false,
                margin: MARGIN,
            })
        })
    }

    /// Reads weights written by [`Tagger::to_bytes`]; `None` when they are malformed.
    #[must_use]
    pub fn from_bytes(b: &[u8]) -> Option<Tagger> {
        let (first, rest) = Table::from_bytes(b)?;
        let (second, rest) = Table::from_bytes(rest)?;
        let margin = i32::from_le_bytes(rest.get(..4)?.try_into().ok()?);
        let dict = Dict::from_bytes(rest.get(4..)?)?;
        let two_pass = second.rows() > 1;
        (first.classes() == NT && second.classes() == NT).then_some(Tagger {
            first,
            second,
            dict,
            two_pass,
            margin,
        })
    }

    /// Serialises the weights.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = self.first.to_bytes();
        v.extend(self.second.to_bytes());
        v.extend_from_slice(&self.margin.to_le_bytes());
        self.dict.to_bytes(&mut v);
        v
    }

    /// The ambiguity class of a word: a bit per tag it had in training (0 when rare).
    pub(crate) fn ambiguity(&self, form: &str) -> u64 {
        self.dict.class(word_hash(form))
    }

    /// Tags the words of one sentence.
    #[must_use]
    pub fn tag(&self, words: &[&str]) -> Vec<Upos> {
        let lex: Vec<Lex> = words.iter().map(|w| Lex::of(w, &self.dict)).collect();
        let mut out = Vec::with_capacity(words.len());
        self.tag_lex(&lex, &mut Scratch::default(), |t| out.push(t));
        out
    }

    /// The tag [`Tagger::tag`] gives the first word of a sentence, from the sentence's
    /// first [`FIRST_WORD_CONTEXT`] words (more are ignored), at about a third of the
    /// cost: the second pass scores a word from the first-pass tags of the words up to
    /// two places to its right, and those from the words up to two places to theirs.
    #[must_use]
    pub fn tag_first(&self, words: &[&str]) -> Option<Upos> {
        let lex: Vec<Lex> = words
            .iter()
            .take(FIRST_WORD_CONTEXT)
            .map(|w| Lex::of(w, &self.dict))
            .collect();
        let mut sc = Scratch::default();
        let mut out = None;
        self.tag_lex_n(&lex, &mut sc, 1, |t| out = Some(t));
        out
    }

    fn tag_lex(&self, lex: &[Lex], sc: &mut Scratch, emit: impl FnMut(Upos)) {
        self.tag_lex_n(lex, sc, usize::MAX, emit);
    }

    /// Tags the first `n` words of `lex` (all the words when `n` is larger).
    fn tag_lex_n(&self, lex: &[Lex], sc: &mut Scratch, n: usize, mut emit: impl FnMut(Upos)) {
        if !self.two_pass {
            greedy(&self.first, lex, &[], n, &mut sc.feats, |t, _| {
                emit(Upos::ALL.get(t).copied().unwrap_or_default());
            });
            return;
        }
        let mut first = std::mem::take(&mut sc.first);
        first.clear();
        let margin = self.margin;
        // The second pass reads first-pass tags up to two words to the right.
        greedy(
            &self.first,
            lex,
            &[],
            n.saturating_add(2),
            &mut sc.feats,
            |t, m| {
                first.push(flag_sure(t, m, margin));
            },
        );
        greedy(&self.second, lex, &first, n, &mut sc.feats, |t, _| {
            emit(Upos::ALL.get(t).copied().unwrap_or_default());
        });
        sc.first = first;
    }
}

/// How many words of a sentence decide the tag of its first word (see
/// [`Tagger::tag_first`]): features reach two words to the right in each of the two
/// passes.
pub const FIRST_WORD_CONTEXT: usize = 5;

/// A first-pass tag, flagged with [`SURE_FIRST`] when its margin reached `threshold`.
fn flag_sure(tag: usize, margin: i32, threshold: i32) -> usize {
    if margin >= threshold {
        tag + SURE_FIRST
    } else {
        tag
    }
}

/// One greedy left-to-right pass with `table`, emitting tag indices and their margins
/// over the runner-up (`i32::MAX` for words that were not scored). In the second pass
/// (`first` not empty) flagged first-pass tags are kept as they are.
fn greedy(
    table: &Table,
    lex: &[Lex],
    first: &[usize],
    n: usize,
    feats: &mut Vec<u64>,
    mut emit: impl FnMut(usize, i32),
) {
    let (mut p1, mut p2) = (NT, NT + 1);
    for (i, l) in lex.iter().enumerate().take(n) {
        let kept = first.get(i).filter(|&&t| t >= SURE_FIRST);
        let (best, margin) = if usize::from(l.sure) < NT {
            (usize::from(l.sure), i32::MAX)
        } else if let Some(&t) = kept {
            (t % SURE_FIRST, i32::MAX)
        } else {
            features(lex, i, p1, p2, first, feats);
            best_of(table, feats)
        };
        emit(best, margin);
        p2 = p1;
        p1 = best;
    }
}

/// The best class and its margin over the runner-up.
fn best_of(table: &Table, feats: &[u64]) -> (usize, i32) {
    let mut scores = [0i32; NT];
    table.add_all(feats, &mut scores);
    let mut best = 0;
    for (i, &v) in scores.iter().enumerate() {
        if v > scores[best] {
            best = i;
        }
    }
    let second = scores
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != best)
        .map(|(_, &v)| v)
        .max()
        .unwrap_or(i32::MIN);
    (best, scores[best].saturating_sub(second))
}

/// Trains one pass's weights over the sentences `which`: the mean of `opts.bags`
/// averaged perceptrons, each trained with `epochs` passes over its own shuffled orders
/// (the first with `seed`, so that one bag gives the single perceptron). `first` holds
/// first-pass tags for the second pass (empty for the first).
fn train_pass(
    lexes: &[Vec<Lex>],
    gold: &[Vec<usize>],
    first: &[Vec<usize>],
    which: &[usize],
    opts: &TrainOptions,
    seed: u64,
) -> Table {
    let bags = opts.bags.max(1);
    if bags == 1 {
        return train_one(lexes, gold, first, which, opts, seed).finish(opts.prune);
    }
    let mut sum: Vec<f64> = Vec::new();
    for b in 0..bags {
        let avg = train_one(lexes, gold, first, which, opts, bag_seed(seed, b)).averaged();
        add_bag(&mut sum, avg);
    }
    let mask = (1u64 << opts.log2_rows) - 1;
    Table::quantised(mask, NT, &sum, opts.prune)
}

/// Trains one averaged perceptron with `epochs` shuffled passes (see [`train_pass`]).
fn train_one(
    lexes: &[Vec<Lex>],
    gold: &[Vec<usize>],
    first: &[Vec<usize>],
    which: &[usize],
    opts: &TrainOptions,
    seed: u64,
) -> Trainer {
    let epochs = opts.epochs;
    let mut tr = Trainer::new(opts.log2_rows, NT);
    let mut order: Vec<usize> = which
        .iter()
        .copied()
        .filter(|&s| s < lexes.len() && s < gold.len())
        .collect();
    let mut rng = Rng::new(seed);
    let mut feats = Vec::with_capacity(80);
    let mut scores = [0f32; NT];
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &s in &order {
            let (lex, g) = (&lexes[s], &gold[s]);
            let fs = first.get(s).map_or(&[][..], |v| v.as_slice());
            let (mut p1, mut p2) = (NT, NT + 1);
            for (i, &gi) in g.iter().enumerate().take(lex.len()) {
                if usize::from(lex[i].sure) < NT {
                    (p2, p1) = (p1, usize::from(lex[i].sure));
                    continue;
                }
                if let Some(&t) = fs.get(i).filter(|&&t| t >= SURE_FIRST) {
                    (p2, p1) = (p1, t % SURE_FIRST);
                    continue;
                }
                features(lex, i, p1, p2, fs, &mut feats);
                tr.scores(&feats, &mut scores);
                let mut best = 0;
                for (k, &v) in scores.iter().enumerate() {
                    if v > scores[best] {
                        best = k;
                    }
                }
                tr.tick();
                if best != gi {
                    tr.update(&feats, gi, 1.0);
                    tr.update(&feats, best, -1.0);
                }
                p2 = p1;
                p1 = best;
            }
        }
    }
    tr
}

/// Settings of [`train_with`].
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// Shuffled passes over the data.
    pub epochs: usize,
    /// Log2 of the number of feature rows of each table.
    pub log2_rows: u32,
    /// Scaled weights below this are dropped (the largest weight is 8000).
    pub prune: f64,
    /// Whether to train the second pass (else it has no weights and copies nothing).
    pub second_pass: bool,
    /// First-pass tags whose margin over the runner-up reaches this (in the tables'
    /// scaled units) are kept by the second pass without scoring (`i32::MAX`: none).
    pub margin: i32,
    /// Perceptrons averaged per table, each trained on its own shuffled orders of the
    /// data (1: a single perceptron).
    pub bags: usize,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: EPOCHS,
            log2_rows: LOG2_ROWS,
            prune: PRUNE,
            second_pass: true,
            margin: MARGIN,
            bags: BAGS,
        }
    }
}

/// Trains a tagger on sentences of (words, gold tags) with `epochs` shuffled passes.
#[must_use]
pub fn train<S: AsRef<str>>(data: &[(Vec<S>, Vec<Upos>)], epochs: usize, seed: u64) -> Tagger {
    let opts = TrainOptions {
        epochs,
        ..TrainOptions::default()
    };
    train_with(data, &opts, seed)
}

/// Trains a tagger with explicit settings.
#[must_use]
pub fn train_with<S: AsRef<str>>(
    data: &[(Vec<S>, Vec<Upos>)],
    opts: &TrainOptions,
    seed: u64,
) -> Tagger {
    let empty = Dict::default();
    let mut lexes: Vec<Vec<Lex>> = data
        .iter()
        .map(|(w, _)| w.iter().map(|x| Lex::of(x.as_ref(), &empty)).collect())
        .collect();
    let gold: Vec<Vec<usize>> = data
        .iter()
        .map(|(_, t)| {
            t.iter()
                .map(|u| Upos::ALL.iter().position(|x| x == u).unwrap_or(NT - 1))
                .collect()
        })
        .collect();
    // Training sentences see classes built from the other three quarters of the data, so
    // that the classes are as incomplete as on new text; the model keeps the full one.
    let folds = 4;
    for f in 0..folds {
        let (l, g): (Vec<Vec<Lex>>, Vec<Vec<usize>>) = lexes
            .iter()
            .zip(&gold)
            .enumerate()
            .filter(|(i, _)| i % folds != f)
            .map(|(_, (l, g))| (l.clone(), g.clone()))
            .unzip();
        let part = Dict::build(&l, &g);
        for (_, lex) in lexes.iter_mut().enumerate().filter(|(i, _)| i % folds == f) {
            for x in lex.iter_mut() {
                let e = part.entry(x.word);
                x.amb = u64::from(e & Dict::TAG_BITS);
                x.caps = u64::from(e >> Dict::CAPS_SHIFT) * 2 + (x.caps & 1);
                x.sure = Dict::sure(e);
            }
        }
    }
    let dict = Dict::build(&lexes, &gold);
    // The second pass learns from first-pass tags predicted by models that did not see the
    // sentence (the same four folds), so that it learns how far to trust them.
    let mut first: Vec<Vec<usize>> = vec![Vec::new(); lexes.len()];
    let mut feats = Vec::with_capacity(80);
    let all: Vec<usize> = (0..lexes.len()).collect();
    let first_table = train_pass(&lexes, &gold, &[], &all, opts, seed);
    if !opts.second_pass {
        return Tagger {
            first: first_table,
            second: Trainer::new(0, NT).finish(0.0),
            dict,
            two_pass: false,
            margin: MARGIN,
        };
    }
    for f in 0..folds {
        let rest: Vec<usize> = (0..lexes.len()).filter(|i| i % folds != f).collect();
        let table = train_pass(&lexes, &gold, &[], &rest, opts, seed + f as u64);
        for (i, lex) in lexes.iter().enumerate().filter(|(i, _)| i % folds == f) {
            let mut tags = Vec::with_capacity(lex.len());
            greedy(&table, lex, &[], usize::MAX, &mut feats, |t, m| {
                tags.push(flag_sure(t, m, opts.margin));
            });
            first[i] = tags;
        }
    }
    Tagger {
        first: first_table,
        second: train_pass(&lexes, &gold, &first, &all, opts, seed + 100),
        dict,
        two_pass: true,
        margin: opts.margin,
    }
}

/// Tags every sentence of a document.
#[derive(Debug, Default, Clone, Copy)]
pub struct TaggerStage;

impl Stage for TaggerStage {
    fn name(&self) -> &'static str {
        "tagger"
    }
    fn requires(&self) -> &'static [LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences]
    }
    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::Pos]
    }
    fn run(&self, doc: &mut Document, _diags: &mut Diagnostics) {
        let tagger = Tagger::builtin();
        let mut lex = Vec::new();
        let mut sc = Scratch::default();
        let mut tags = Vec::with_capacity(doc.tokens.len());
        let toks = doc.tokens.as_slice();
        for s in &doc.sentences {
            lex.clear();
            let (a, b) = (s.value.first_token as usize, s.value.end_token as usize);
            // Sentences cover the tokens in order; a gap (never produced) is tagged `X`.
            tags.resize(a.max(tags.len()), Upos::X);
            lex.extend(
                toks.get(a..b)
                    .unwrap_or(&[])
                    .iter()
                    .map(|t| Lex::of(t.span.text(doc.text()), &tagger.dict)),
            );
            tagger.tag_lex(&lex, &mut sc, |t| tags.push(t));
        }
        for (tok, &t) in doc.tokens.values_mut().zip(&tags) {
            tok.upos = t;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexes(words: &[&str]) -> Vec<Lex> {
        words.iter().map(|w| Lex::of(w, &Dict::default())).collect()
    }

    #[test]
    fn the_dictionary_knows_sure_words_and_capitalisation() {
        // "the" is always DET (sure once seen often enough); "May" is capitalised inside
        // sentences, "may" never; "run" has two tags.
        let det = Upos::ALL.iter().position(|u| *u == Upos::Det).unwrap_or(0);
        let (noun, verb, propn, aux) = (
            Upos::ALL.iter().position(|u| *u == Upos::Noun).unwrap_or(0),
            Upos::ALL.iter().position(|u| *u == Upos::Verb).unwrap_or(0),
            Upos::ALL
                .iter()
                .position(|u| *u == Upos::Propn)
                .unwrap_or(0),
            Upos::ALL.iter().position(|u| *u == Upos::Aux).unwrap_or(0),
        );
        let mut ls = Vec::new();
        let mut gs = Vec::new();
        for k in 0..50 {
            ls.push(lexes(&["So", "the", "run", "in", "May"]));
            gs.push(vec![
                det,
                det,
                if k % 2 == 0 { noun } else { verb },
                det,
                propn,
            ]);
            ls.push(lexes(&["We", "may", "go"]));
            gs.push(vec![det, aux, verb]);
        }
        let dict = Dict::build(&ls, &gs);
        let the = Lex::of("the", &dict);
        assert_eq!(usize::from(the.sure), det);
        let run = Lex::of("run", &dict);
        assert_eq!(usize::from(run.sure), NT, "an ambiguous word is scored");
        assert_eq!(run.amb, (1 << noun) | (1 << verb));
        let (upper, lower) = (Lex::of("May", &dict), Lex::of("may", &dict));
        // Both forms share one entry ("may" folded): capitalised in half of its uses.
        assert_eq!(upper.caps >> 1, lower.caps >> 1);
        assert_eq!((upper.caps & 1, lower.caps & 1), (1, 0));
        assert_eq!(Lex::of("unseen", &dict).sure, NT as u8);
    }

    #[test]
    fn a_trained_tagger_round_trips_and_tags_unseen_sentences() {
        let data: Vec<(Vec<&str>, Vec<Upos>)> = (0..30)
            .flat_map(|_| {
                [
                    (
                        vec!["the", "dog", "barks", "."],
                        vec![Upos::Det, Upos::Noun, Upos::Verb, Upos::Punct],
                    ),
                    (
                        vec!["a", "cat", "sleeps", "."],
                        vec![Upos::Det, Upos::Noun, Upos::Verb, Upos::Punct],
                    ),
                ]
            })
            .collect();
        let opts = TrainOptions {
            epochs: 3,
            log2_rows: 12,
            prune: 0.0,
            second_pass: true,
            margin: 1000,
            bags: 2,
        };
        let t = train_with(&data, &opts, 1);
        let back = Tagger::from_bytes(&t.to_bytes());
        assert!(back.as_ref().is_some_and(|b| b.two_pass));
        let tags = back.map(|b| b.tag(&["the", "cat", "barks", "."]));
        assert_eq!(
            tags,
            Some(vec![Upos::Det, Upos::Noun, Upos::Verb, Upos::Punct])
        );
        assert!(Tagger::from_bytes(b"RDW2").is_none());
    }
}
