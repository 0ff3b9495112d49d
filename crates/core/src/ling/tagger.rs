//! Part-of-speech tagging: a greedy left-to-right averaged perceptron over hashed
//! features of the word, its affixes and shape, its neighbours and the two previous tags.
//!
//! The weights in `models/pos/` are trained by `cargo xtask train-ling`; see the README
//! there for the data, licences and scores.

use std::sync::OnceLock;

use super::{fold, mix, word_hash, Rng, Table, Trainer};
use crate::doc::{Document, LayerKind, Upos};
use crate::pipeline::{Diagnostics, Stage};

/// Number of training passes used by `cargo xtask train-ling`.
pub const EPOCHS: usize = 8;

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
}

impl Lex {
    const NONE: Lex = Lex {
        word: 0x5151,
        amb: 1 << 40,
        cased: 0x5155,
        suf: [0x5152; 4],
        pre: [0x5153; 3],
        shape: 0x5154,
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
        Lex {
            word,
            amb: dict.class(word),
            cased,
            suf,
            pre,
            shape: shape(form),
        }
    }
}

/// The tags each frequent training word was seen with: (word hash, tag bits), sorted.
#[derive(Debug, Clone, Default)]
struct Dict(Vec<(u64, u32)>);

impl Dict {
    /// Words seen at least this often get an ambiguity class.
    const MIN_COUNT: u32 = 3;

    fn class(&self, word: u64) -> u64 {
        self.0
            .binary_search_by_key(&word, |e| e.0)
            .map_or(0, |i| u64::from(self.0[i].1))
    }

    fn build(lexes: &[Vec<Lex>], gold: &[Vec<usize>]) -> Dict {
        let mut counts: std::collections::HashMap<u64, [u32; NT]> =
            std::collections::HashMap::new();
        for (lex, g) in lexes.iter().zip(gold) {
            for (l, &t) in lex.iter().zip(g) {
                if let Some(c) = counts.entry(l.word).or_insert([0; NT]).get_mut(t) {
                    *c += 1;
                }
            }
        }
        let mut v: Vec<(u64, u32)> = counts
            .into_iter()
            .filter_map(|(w, c)| {
                let total: u32 = c.iter().sum();
                // Tags under 5% of a word's uses are treated as noise.
                let mask = c
                    .iter()
                    .enumerate()
                    .filter(|(_, &n)| n > 0 && n * 20 >= total)
                    .fold(0u32, |m, (t, _)| m | 1 << t);
                (total >= Dict::MIN_COUNT).then_some((w, mask))
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

/// Fills `out` with the features of word `i` given the previous two tags.
fn features(lex: &[Lex], i: usize, p1: usize, p2: usize, out: &mut Vec<u64>) {
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
    ]);
}

/// A trained part-of-speech tagger.
#[derive(Debug, Clone)]
pub struct Tagger {
    table: Table,
    dict: Dict,
}

static BUILTIN: OnceLock<Tagger> = OnceLock::new();
static WEIGHTS: &[u8] = include_bytes!("../../models/pos/tagger.bin");

/// Scratch buffers reused across sentences.
#[derive(Default)]
struct Scratch {
    feats: Vec<u64>,
}

impl Tagger {
    /// The tagger trained for readout (weights in `models/pos/`), loaded on first use.
    /// Malformed weights give a tagger that tags everything `ADJ`.
    #[must_use]
    pub fn builtin() -> &'static Tagger {
        BUILTIN.get_or_init(|| {
            Tagger::from_bytes(WEIGHTS).unwrap_or(Tagger {
                table: Trainer::new(1, NT).finish(PRUNE),
                dict: Dict::default(),
            })
        })
    }

    /// Reads weights written by [`Tagger::to_bytes`]; `None` when they are malformed.
    #[must_use]
    pub fn from_bytes(b: &[u8]) -> Option<Tagger> {
        let (table, rest) = Table::from_bytes(b)?;
        let dict = Dict::from_bytes(rest)?;
        (table.classes() == NT).then_some(Tagger { table, dict })
    }

    /// Serialises the weights.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = self.table.to_bytes();
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

    fn tag_lex(&self, lex: &[Lex], sc: &mut Scratch, mut emit: impl FnMut(Upos)) {
        let (mut p1, mut p2) = (NT, NT + 1);
        for i in 0..lex.len() {
            features(lex, i, p1, p2, &mut sc.feats);
            let best = best_of(&self.table, &sc.feats);
            emit(Upos::ALL.get(best).copied().unwrap_or_default());
            p2 = p1;
            p1 = best;
        }
    }
}

fn best_of(table: &Table, feats: &[u64]) -> usize {
    let mut scores = [0i32; NT];
    for &f in feats {
        table.add(f, &mut scores);
    }
    let mut best = 0;
    for (i, &v) in scores.iter().enumerate() {
        if v > scores[best] {
            best = i;
        }
    }
    best
}

/// Trains the weights with `epochs` shuffled passes over the data.
fn train_pass(lexes: &[Vec<Lex>], gold: &[Vec<usize>], epochs: usize, seed: u64) -> Table {
    let mut tr = Trainer::new(LOG2_ROWS, NT);
    let mut order: Vec<usize> = (0..lexes.len().min(gold.len())).collect();
    let mut rng = Rng::new(seed);
    let mut feats = Vec::with_capacity(48);
    let mut scores = [0f32; NT];
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &s in &order {
            let (lex, g) = (&lexes[s], &gold[s]);
            let (mut p1, mut p2) = (NT, NT + 1);
            for (i, &gi) in g.iter().enumerate().take(lex.len()) {
                features(lex, i, p1, p2, &mut feats);
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
    tr.finish(PRUNE)
}

/// Trains a tagger on sentences of (words, gold tags) with `epochs` shuffled passes.
#[must_use]
pub fn train<S: AsRef<str>>(data: &[(Vec<S>, Vec<Upos>)], epochs: usize, seed: u64) -> Tagger {
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
                x.amb = part.class(x.word);
            }
        }
    }
    let dict = Dict::build(&lexes, &gold);
    Tagger {
        table: train_pass(&lexes, &gold, epochs, seed),
        dict,
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
