//! Dependency parsing: a greedy arc-eager transition parser scored by an averaged
//! perceptron (trained with a dynamic oracle), followed by a relation labeller that sees the
//! finished tree.
//!
//! The weights in `models/deps/` are trained by `cargo xtask train-ling`; see the README
//! there for the data, licences and scores.

// Words are numbered and several arrays are indexed by word number at once.
#![allow(clippy::needless_range_loop)]

use std::sync::OnceLock;

use super::tagger::Tagger;
use super::{add_bag, bag_seed, mix, word_hash, Rng, Table, Trainer};
use crate::doc::{Document, LayerKind, Upos};
use crate::pipeline::{Diagnostics, Stage};
use crate::DEPRELS;

/// Number of training passes used by `cargo xtask train-ling`.
pub const EPOCHS: usize = 10;

const LOG2_ROWS: u32 = 21;
const LOG2_LABEL_ROWS: u32 = 16;
/// Scaled weights below this are dropped (the largest weight is 8000).
const PRUNE: f64 = 120.0;
/// Perceptrons averaged per table (see [`TrainOptions::bags`]).
const BAGS: usize = 5;
const NL: usize = DEPRELS.len();

const SHIFT: usize = 0;
const REDUCE: usize = 1;
const LEFT: usize = 2;
const RIGHT: usize = 3;

/// The index of a relation in [`DEPRELS`] (subtypes stripped); unknown labels give `dep`.
#[must_use]
pub fn label_index(rel: &str) -> u8 {
    let base = rel.split(':').next().unwrap_or(rel);
    DEPRELS
        .iter()
        .position(|d| *d == base)
        .or_else(|| DEPRELS.iter().position(|d| *d == "dep"))
        .unwrap_or(0) as u8
}

/// A training sentence: words, their (predicted) tags, and the gold tree.
#[derive(Debug, Clone)]
pub struct TrainSentence<'a> {
    /// The word forms.
    pub forms: Vec<&'a str>,
    /// Tags, as the tagger would give them.
    pub tags: Vec<Upos>,
    /// Gold heads: 0 for the root, else the 1-based index of the head word.
    pub heads: Vec<u32>,
    /// Gold relations (indices into [`DEPRELS`]).
    pub labels: Vec<u8>,
}

const NONE: usize = usize::MAX;

/// The parser state over words `1..=n` (0 is the artificial root).
struct State {
    stack: Vec<usize>,
    b: usize,
    n: usize,
    head: Vec<usize>,
    /// Leftmost and second-leftmost, rightmost and second-rightmost dependents.
    left: Vec<[usize; 2]>,
    right: Vec<[usize; 2]>,
    lval: Vec<u8>,
    rval: Vec<u8>,
    /// The tags of each word's left and right dependents (a bit per tag): a stand-in for
    /// Zhang and Nivre's label sets, since arcs are labelled after parsing.
    lset: Vec<u32>,
    rset: Vec<u32>,
    /// The tag of each word (copied from the nodes), for the sets above.
    tag: Vec<u8>,
}

impl State {
    fn new(nd: &[Node]) -> State {
        let n = nd.len().saturating_sub(1);
        let mut st = State {
            stack: Vec::with_capacity(n + 1),
            b: 1,
            n,
            head: vec![NONE; n + 1],
            left: vec![[NONE; 2]; n + 1],
            right: vec![[NONE; 2]; n + 1],
            lval: vec![0; n + 1],
            rval: vec![0; n + 1],
            lset: vec![0; n + 1],
            rset: vec![0; n + 1],
            tag: nd.iter().map(|x| (x.t & 31) as u8).collect(),
        };
        st.stack.push(0);
        st
    }

    fn done(&self) -> bool {
        self.b > self.n
    }

    fn s0(&self) -> usize {
        self.stack.last().copied().unwrap_or(0)
    }

    fn valid(&self, t: usize) -> bool {
        if self.done() {
            return false;
        }
        let s0 = self.s0();
        match t {
            SHIFT => true,
            // The root takes no dependent by a transition: words left without a head at
            // the end attach to it ("no root token" in Ballesteros and Nivre's terms).
            RIGHT => s0 != 0,
            LEFT => s0 != 0 && self.head[s0] == NONE,
            _ => s0 != 0 && self.head[s0] != NONE,
        }
    }

    fn arc(&mut self, h: usize, d: usize) {
        self.head[d] = h;
        if d < h {
            let l = &mut self.left[h];
            if l[0] == NONE || d < l[0] {
                l[1] = l[0];
                l[0] = d;
            }
            self.lval[h] = self.lval[h].saturating_add(1);
            self.lset[h] |= 1 << self.tag.get(d).copied().unwrap_or(31);
        } else {
            let r = &mut self.right[h];
            if r[0] == NONE || d > r[0] {
                r[1] = r[0];
                r[0] = d;
            }
            self.rval[h] = self.rval[h].saturating_add(1);
            self.rset[h] |= 1 << self.tag.get(d).copied().unwrap_or(31);
        }
    }

    fn apply(&mut self, t: usize) {
        let s0 = self.s0();
        match t {
            SHIFT => {
                self.stack.push(self.b);
                self.b += 1;
            }
            RIGHT => {
                self.arc(s0, self.b);
                self.stack.push(self.b);
                self.b += 1;
            }
            LEFT => {
                self.arc(self.b, s0);
                self.stack.pop();
            }
            _ => {
                self.stack.pop();
            }
        }
    }

    /// Costs of the four transitions against gold heads `g` (index 0 unused), following
    /// Goldberg and Nivre's dynamic oracle for arc-eager.
    fn costs(&self, g: &[usize]) -> [u32; 4] {
        let s0 = self.s0();
        let b0 = self.b;
        let gh = |k: usize| g.get(k).copied().unwrap_or(NONE);
        let in_stack = |k: usize| self.stack.contains(&k);
        let mut c = [0u32; 4];
        // SHIFT: b0 loses its head or dependents on the stack.
        for &k in &self.stack {
            if k != 0 && (gh(b0) == k || gh(k) == b0 && self.head[k] == NONE) {
                c[SHIFT] += 1;
            }
        }
        // RIGHT: b0 loses a head other than s0 that is still reachable, and dependents on
        // the stack.
        let h = gh(b0);
        if h != s0 && (in_stack(h) || h > b0 && h <= self.n) {
            c[RIGHT] += 1;
        }
        for &k in &self.stack {
            if k != 0 && gh(k) == b0 && self.head[k] == NONE {
                c[RIGHT] += 1;
            }
        }
        // LEFT: s0 loses its dependents in the buffer and a head in the buffer beyond b0.
        // REDUCE: s0 loses its dependents in the buffer.
        for k in b0..=self.n {
            if gh(k) == s0 {
                c[LEFT] += 1;
                c[REDUCE] += 1;
            }
        }
        let hs = gh(s0);
        if hs == 0 || hs > b0 && hs <= self.n {
            c[LEFT] += 1;
        }
        c
    }
}

/// Per-word hashes used by the features.
#[derive(Clone, Copy)]
struct Node {
    /// The case-folded word.
    w: u64,
    /// The tag.
    t: u64,
    /// The word's ambiguity class from the tagger's dictionary.
    a: u64,
    /// The word's fine and coarse learned classes ([`crate::wordclass`]).
    f: u64,
    c: u64,
}

const NULL: Node = Node {
    w: 0x11,
    t: 0x12,
    a: 1 << 40,
    f: 0x15,
    c: 0x16,
};
const ROOT: Node = Node {
    w: 0x13,
    t: 0x14,
    a: 1 << 41,
    f: 0x17,
    c: 0x18,
};

impl Node {
    fn of(form: &str, tag: u64, tagger: &Tagger) -> Node {
        let (f, c) = crate::wordclass::lookup(form).map_or((0x7001, 0x7002), |c| {
            (0x2_0000 + u64::from(c.fine), 0x1_0000 + u64::from(c.coarse))
        });
        Node {
            w: word_hash(form),
            t: tag,
            a: tagger.ambiguity(form),
            f,
            c,
        }
    }
}

fn nodes(forms: &[&str], tags: &[Upos], tagger: &Tagger) -> Vec<Node> {
    let mut v = Vec::with_capacity(forms.len() + 1);
    v.push(ROOT);
    for (i, f) in forms.iter().enumerate() {
        v.push(Node::of(f, tags.get(i).map_or(99, |u| *u as u64), tagger));
    }
    v
}

fn dist_bucket(d: usize) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=7 => 5,
        8..=12 => 6,
        _ => 7,
    }
}

/// The transition features of a state.
fn features(st: &State, nd: &[Node], out: &mut Vec<u64>) {
    let node = |i: usize| {
        if i == NONE {
            NULL
        } else {
            nd.get(i).copied().unwrap_or(NULL)
        }
    };
    let s0i = if st.stack.is_empty() { NONE } else { st.s0() };
    let s1i = if st.stack.len() >= 2 {
        st.stack[st.stack.len() - 2]
    } else {
        NONE
    };
    let s2 = node(st.stack.len().checked_sub(3).map_or(NONE, |k| st.stack[k]));
    let b = st.b;
    let bi = |k: usize| if b + k <= st.n { b + k } else { NONE };
    let (s0, s1, n0, n1, n2) = (node(s0i), node(s1i), node(bi(0)), node(bi(1)), node(bi(2)));
    let get = |v: &Vec<[usize; 2]>, i: usize, k: usize| {
        if i == NONE {
            NONE
        } else {
            v.get(i).map_or(NONE, |x| x[k])
        }
    };
    let s0h_i = if s0i == NONE {
        NONE
    } else {
        st.head.get(s0i).copied().unwrap_or(NONE)
    };
    let s0h = node(s0h_i);
    let s0hh = node(if s0h_i == NONE {
        NONE
    } else {
        st.head.get(s0h_i).copied().unwrap_or(NONE)
    });
    let s0l = node(get(&st.left, s0i, 0));
    let s0l2 = node(get(&st.left, s0i, 1));
    let s0r = node(get(&st.right, s0i, 0));
    let s0r2 = node(get(&st.right, s0i, 1));
    let n0l = node(get(&st.left, bi(0), 0));
    let n0l2 = node(get(&st.left, bi(0), 1));
    let dist = if s0i == NONE || bi(0) == NONE {
        9
    } else {
        dist_bucket(bi(0) - s0i)
    };
    let val = |v: &Vec<u8>, i: usize| {
        if i == NONE {
            99
        } else {
            v.get(i).map_or(99, |&x| u64::from(x.min(6)))
        }
    };
    let (s0lv, s0rv, n0lv) = (val(&st.lval, s0i), val(&st.rval, s0i), val(&st.lval, bi(0)));
    let s0has = u64::from(s0i != NONE && s0h_i != NONE);
    let set = |v: &Vec<u32>, i: usize| {
        if i == NONE {
            1 << 40
        } else {
            v.get(i).map_or(1 << 40, |&x| u64::from(x))
        }
    };
    let (s0ls, s0rs, n0ls) = (set(&st.lset, s0i), set(&st.rset, s0i), set(&st.lset, bi(0)));
    let f = |t: u64, v: u64| mix(t.wrapping_mul(0x1000_0000_01b3), v);
    let m = |a: u64, b: u64| mix(a, b);
    let m3 = |a: u64, b: u64, c: u64| mix(mix(a, b), c);
    out.clear();
    out.extend_from_slice(&[
        f(1, s0.w),
        f(2, s0.t),
        f(3, m(s0.w, s0.t)),
        f(4, n0.w),
        f(5, n0.t),
        f(6, m(n0.w, n0.t)),
        f(7, n1.w),
        f(8, n1.t),
        f(9, m(n1.w, n1.t)),
        f(10, n2.t),
        f(11, n2.w),
        f(12, m(m(s0.w, s0.t), m(n0.w, n0.t))),
        f(13, m3(s0.w, s0.t, n0.w)),
        f(14, m3(s0.w, n0.w, n0.t)),
        f(15, m3(s0.w, s0.t, n0.t)),
        f(16, m3(s0.t, n0.w, n0.t)),
        f(17, m(s0.w, n0.w)),
        f(18, m(s0.t, n0.t)),
        f(19, m(n0.t, n1.t)),
        f(20, m3(n0.t, n1.t, n2.t)),
        f(21, m3(s0.t, n0.t, n1.t)),
        f(22, m3(s0h.t, s0.t, n0.t)),
        f(23, m3(s0.t, s0l.t, n0.t)),
        f(24, m3(s0.t, s0r.t, n0.t)),
        f(25, m3(s0.t, n0.t, n0l.t)),
        f(26, m(dist, s0.w)),
        f(27, m(dist, s0.t)),
        f(28, m(dist, n0.w)),
        f(29, m(dist, n0.t)),
        f(30, m3(dist, s0.t, n0.t)),
        f(31, m(s0.w, s0rv)),
        f(32, m(s0.w, s0lv)),
        f(33, m(n0.w, n0lv)),
        f(34, m(s0.t, s0rv)),
        f(35, m(s0.t, s0lv)),
        f(36, m(n0.t, n0lv)),
        f(37, s0h.w),
        f(38, s0h.t),
        f(39, s0l.w),
        f(40, s0l.t),
        f(41, s0r.w),
        f(42, s0r.t),
        f(43, n0l.w),
        f(44, n0l.t),
        f(45, s1.t),
        f(46, m3(s1.t, s0.t, n0.t)),
        f(47, m3(s0has, s0.t, n0.t)),
        f(48, s1.w),
        f(49, m3(s0hh.t, s0h.t, s0.t)),
        f(50, m3(s0l2.t, s0l.t, s0.t)),
        f(51, m3(s0r2.t, s0r.t, s0.t)),
        f(52, m3(n0l2.t, n0l.t, n0.t)),
        f(53, m3(s0.t, n0.t, n1.w)),
        f(54, m3(s1.t, s0.t, s0has)),
        f(80, s0.a),
        f(81, n0.a),
        f(82, m(s0.a, n0.a)),
        f(83, m(n0.a, n1.t)),
        f(84, m(s0.t, n0.a)),
        f(85, m(s0.a, n0.t)),
        f(55, m(n0.t, n1.w)),
        f(56, m3(n0.w, n1.w, n0.t)),
        f(57, m3(s1.w, s0.w, n0.t)),
        f(58, m3(s2.t, s1.t, s0.t)),
        f(59, m3(s0.w, s0h.t, n0.t)),
        f(60, m3(s0.t, n0.t, n0l.w)),
        f(61, m3(s0.t, s0r.w, n0.t)),
        f(62, m3(s0.t, s0l.w, n0.t)),
        f(63, m3(n0.w, n0l.t, n0lv)),
        f(64, m3(s0.w, s0rv, n0.t)),
        f(90, m(s0.w, s0rs)),
        f(91, m(s0.t, s0rs)),
        f(92, m(s0.w, s0ls)),
        f(93, m(s0.t, s0ls)),
        f(94, m(n0.w, n0ls)),
        f(95, m(n0.t, n0ls)),
        f(96, s0l2.w),
        f(97, s0l2.t),
        f(98, s0r2.w),
        f(99, s0r2.t),
        f(100, n0l2.w),
        f(101, n0l2.t),
        f(102, s0hh.w),
        f(103, s0hh.t),
        f(104, m3(dist, s0.w, n0.w)),
        f(105, m(n2.w, n2.t)),
        f(110, s0.f),
        f(111, n0.f),
        f(112, m(s0.c, n0.c)),
        f(113, m(s0.f, n0.t)),
        f(114, m(s0.t, n0.f)),
        f(115, m3(s0.c, n0.c, dist)),
        f(116, m(n0.c, n1.c)),
        f(117, m3(s0.t, n0.t, n1.c)),
        f(118, m3(s0h.c, s0.t, n0.t)),
        f(119, m3(s1.c, s0.c, n0.t)),
        f(120, m(n0.f, n1.t)),
        f(121, m3(s0.t, s0l.c, n0.t)),
        f(122, m3(s0.t, s0r.c, n0.t)),
        f(123, m3(s0.t, n0.t, n0l.c)),
        f(124, m(s0.c, n0.f)),
        f(125, m(s0.f, n0.c)),
        f(126, m(s0.w, n0.f)),
        f(127, m(s0.f, n0.w)),
        f(128, m3(s0.f, n0.f, dist)),
        f(129, m(n0.f, n1.f)),
        f(130, m3(s0h.f, s0.t, n0.f)),
        f(131, m3(s0.c, n0.c, n1.c)),
    ]);
}

/// The labelling features of the arc from `h` to `d`; `prev` is the label given to the
/// nearest earlier dependent of the same head (or `NL`).
fn label_features(tree: &Tree, nd: &[Node], d: usize, prev: usize, out: &mut Vec<u64>) {
    let node = |i: usize| {
        if i == NONE {
            NULL
        } else {
            nd.get(i).copied().unwrap_or(NULL)
        }
    };
    let h = tree.head.get(d).copied().unwrap_or(0);
    let (dn, hn) = (node(d), node(h));
    let hh = node(if h == 0 {
        NONE
    } else {
        tree.head.get(h).copied().unwrap_or(NONE)
    });
    let (dm1, dp1) = (
        node(d.saturating_sub(1)),
        node(if d < tree.n { d + 1 } else { NONE }),
    );
    let dir = u64::from(d < h) + 2 * u64::from(h == 0);
    let dist = dist_bucket(d.abs_diff(h));
    let (lc, rc) = (
        node(tree.leftmost.get(d).copied().unwrap_or(NONE)),
        node(tree.rightmost.get(d).copied().unwrap_or(NONE)),
    );
    let nkids = u64::from(tree.kids.get(d).copied().unwrap_or(0).min(5));
    let prev = prev as u64;
    let f = |t: u64, v: u64| mix(t.wrapping_mul(0x1000_0000_01b3), v);
    let m = |a: u64, b: u64| mix(a, b);
    let m3 = |a: u64, b: u64, c: u64| mix(mix(a, b), c);
    out.clear();
    out.extend_from_slice(&[
        f(1, 0),
        f(2, dn.w),
        f(3, dn.t),
        f(4, hn.w),
        f(5, hn.t),
        f(6, m(dn.t, hn.t)),
        f(7, m3(dn.t, hn.t, dir)),
        f(8, m3(dn.w, hn.t, dir)),
        f(9, m3(dn.t, hn.w, dir)),
        f(10, m(dn.w, hn.w)),
        f(11, m3(dn.t, hn.t, dist)),
        f(12, m3(dn.t, dm1.t, dir)),
        f(13, m3(dn.t, dp1.t, dir)),
        f(14, m3(hh.t, hn.t, dn.t)),
        f(15, m3(dn.t, lc.t, lc.w)),
        f(16, m3(dn.t, rc.t, dir)),
        f(17, m3(dn.t, nkids, dir)),
        f(18, m3(prev, dn.t, hn.t)),
        f(19, m3(prev, dir, 77)),
        f(20, m3(dn.w, dn.t, dir)),
        f(21, m3(dn.t, hn.t, lc.t)),
        f(22, m3(dn.t, hn.w, lc.w)),
        f(23, m3(dn.t, dm1.w, dir)),
        f(30, m(dn.f, dir)),
        f(31, m3(dn.f, hn.t, dir)),
        f(32, m3(dn.t, hn.f, dir)),
        f(33, m3(dn.c, hn.c, dir)),
        f(34, m3(dn.t, dp1.c, dir)),
    ]);
}

/// A finished unlabelled tree over words `1..=n`.
struct Tree {
    n: usize,
    head: Vec<usize>,
    leftmost: Vec<usize>,
    rightmost: Vec<usize>,
    kids: Vec<u8>,
}

impl Tree {
    fn new(head: Vec<usize>) -> Tree {
        let n = head.len().saturating_sub(1);
        let mut leftmost = vec![NONE; n + 1];
        let mut rightmost = vec![NONE; n + 1];
        let mut kids = vec![0u8; n + 1];
        for d in 1..=n {
            let h = head[d];
            if h <= n {
                kids[h] = kids[h].saturating_add(1);
                if leftmost[h] == NONE || d < leftmost[h] {
                    leftmost[h] = d;
                }
                if rightmost[h] == NONE || d > rightmost[h] {
                    rightmost[h] = d;
                }
            }
        }
        Tree {
            n,
            head,
            leftmost,
            rightmost,
            kids,
        }
    }
}

/// A trained dependency parser.
#[derive(Debug, Clone)]
pub struct Parser {
    trans: Table,
    labels: Table,
}

static BUILTIN: OnceLock<Parser> = OnceLock::new();
static WEIGHTS: &[u8] = include_bytes!("../../models/deps/parser.bin");

/// Scratch buffers reused across sentences.
#[derive(Default)]
struct Scratch {
    feats: Vec<u64>,
}

impl Parser {
    /// The parser trained for readout (weights in `models/deps/`), loaded on first use.
    /// Malformed weights give a parser that attaches every word to the root.
    #[must_use]
    pub fn builtin() -> &'static Parser {
        BUILTIN.get_or_init(|| {
            Parser::from_bytes(WEIGHTS).unwrap_or(Parser {
                trans: Trainer::new(1, 4).finish(PRUNE),
                labels: Trainer::new(1, NL).finish(PRUNE),
            })
        })
    }

    /// Reads weights written by [`Parser::to_bytes`]; `None` when they are malformed.
    #[must_use]
    pub fn from_bytes(b: &[u8]) -> Option<Parser> {
        let (trans, rest) = Table::from_bytes(b)?;
        let (labels, rest) = Table::from_bytes(rest)?;
        (trans.classes() == 4 && labels.classes() == NL && rest.is_empty())
            .then_some(Parser { trans, labels })
    }

    /// Serialises the weights.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = self.trans.to_bytes();
        v.extend(self.labels.to_bytes());
        v
    }

    /// Parses one sentence: for each word, its head (0 for the root, else the 1-based
    /// index of the head word) and its relation (an index into [`DEPRELS`]).
    #[must_use]
    pub fn parse(&self, forms: &[&str], tags: &[Upos]) -> Vec<(u32, u8)> {
        self.parse_with(Tagger::builtin(), forms, tags)
    }

    /// Like [`Parser::parse`], taking the words' ambiguity classes from `tagger` (the
    /// tagger the parser was trained with) instead of the built-in one.
    #[must_use]
    pub fn parse_with(&self, tagger: &Tagger, forms: &[&str], tags: &[Upos]) -> Vec<(u32, u8)> {
        let nd = nodes(forms, tags, tagger);
        self.parse_nodes(&nd, &mut Scratch::default())
    }

    fn parse_nodes(&self, nd: &[Node], sc: &mut Scratch) -> Vec<(u32, u8)> {
        let n = nd.len().saturating_sub(1);
        let mut st = State::new(nd);
        while !st.done() {
            features(&st, nd, &mut sc.feats);
            let mut scores = [0i32; 4];
            self.trans.add_all(&sc.feats, &mut scores);
            let mut best = NONE;
            for t in 0..4 {
                if st.valid(t) && (best == NONE || scores[t] > scores[best]) {
                    best = t;
                }
            }
            if best == NONE {
                break;
            }
            st.apply(best);
        }
        let heads = finish_heads(&st);
        let tree = Tree::new(heads);
        let labels = label_tree(&tree, nd, &mut sc.feats, |feats, out| {
            let mut sc = [0i32; NL];
            self.labels.add_all(feats, &mut sc);
            for (o, s) in out.iter_mut().zip(sc) {
                *o = s as f32;
            }
        });
        (1..=n)
            .map(|d| (tree.head[d] as u32, labels[d] as u8))
            .collect()
    }
}

/// Heads after parsing: unattached words go to the root, and when the root has several
/// dependents the first keeps it and the others attach to that one.
fn finish_heads(st: &State) -> Vec<usize> {
    let mut heads: Vec<usize> = st
        .head
        .iter()
        .map(|&h| if h == NONE { 0 } else { h })
        .collect();
    let mut root = NONE;
    for d in 1..heads.len() {
        if heads[d] == 0 {
            if root == NONE {
                root = d;
            } else {
                heads[d] = root;
            }
        }
    }
    heads
}

/// Labels every arc of `tree` left to right, each head's earlier label feeding the next.
fn label_tree(
    tree: &Tree,
    nd: &[Node],
    feats: &mut Vec<u64>,
    mut score: impl FnMut(&[u64], &mut [f32]),
) -> Vec<usize> {
    let mut labels = vec![0usize; tree.n + 1];
    let mut last_of_head = vec![NL; tree.n + 1];
    let mut scores = [0f32; NL];
    let root_label = DEPRELS.iter().position(|d| *d == "root").unwrap_or(0);
    for d in 1..=tree.n {
        let h = tree.head[d];
        if h == 0 {
            labels[d] = root_label;
            continue;
        }
        let prev = last_of_head.get(h).copied().unwrap_or(NL);
        label_features(tree, nd, d, prev, feats);
        score(feats, &mut scores);
        let mut best = NONE;
        for (k, &s) in scores.iter().enumerate() {
            if k != 0 && k != root_label && (best == NONE || s > scores[best]) {
                best = k;
            }
        }
        labels[d] = if best == NONE { 0 } else { best };
        if let Some(x) = last_of_head.get_mut(h) {
            *x = labels[d];
        }
    }
    labels
}

/// Settings of [`train_with`].
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// Shuffled passes over the data.
    pub epochs: usize,
    /// Log2 of the number of rows of the transition table.
    pub log2_rows: u32,
    /// Log2 of the number of rows of the label table.
    pub log2_label_rows: u32,
    /// Scaled weights below this are dropped (the largest weight is 8000).
    pub prune: f64,
    /// After the first pass, the share of steps (in percent) that follow the model's own
    /// choice rather than the oracle's.
    pub explore: u64,
    /// Averaged perceptrons trained in different shuffled orders whose mean makes each
    /// table (bagging, as for the tagger); 1 gives the single perceptron.
    pub bags: usize,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: EPOCHS,
            log2_rows: LOG2_ROWS,
            log2_label_rows: LOG2_LABEL_ROWS,
            prune: PRUNE,
            explore: 100,
            bags: BAGS,
        }
    }
}

/// Trains a parser with `epochs` shuffled passes.
#[must_use]
pub fn train(data: &[TrainSentence<'_>], tagger: &Tagger, epochs: usize, seed: u64) -> Parser {
    let opts = TrainOptions {
        epochs,
        ..TrainOptions::default()
    };
    train_with(data, tagger, &opts, seed)
}

/// Trains a parser with explicit settings.
#[must_use]
pub fn train_with(
    data: &[TrainSentence<'_>],
    tagger: &Tagger,
    opts: &TrainOptions,
    seed: u64,
) -> Parser {
    let bags = opts.bags.max(1);
    if bags == 1 {
        let (tr, lt) = train_one(data, tagger, opts, seed);
        return Parser {
            trans: tr.finish(opts.prune),
            labels: lt.finish(opts.prune),
        };
    }
    // The mean of the unscaled averaged weights of every bag, then scaled and pruned as
    // one table: parsing costs the same as with one perceptron.
    let (mut trans, mut labels): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
    for b in 0..bags {
        let (tr, lt) = train_one(data, tagger, opts, bag_seed(seed, b));
        add_bag(&mut trans, tr.averaged());
        add_bag(&mut labels, lt.averaged());
    }
    Parser {
        trans: Table::quantised((1u64 << opts.log2_rows) - 1, 4, &trans, opts.prune),
        labels: Table::quantised((1u64 << opts.log2_label_rows) - 1, NL, &labels, opts.prune),
    }
}

/// Trains one averaged perceptron for transitions and one for labels (see [`train_with`]).
fn train_one(
    data: &[TrainSentence<'_>],
    tagger: &Tagger,
    opts: &TrainOptions,
    seed: u64,
) -> (Trainer, Trainer) {
    let epochs = opts.epochs;
    let mut tr = Trainer::new(opts.log2_rows, 4);
    let mut lt = Trainer::new(opts.log2_label_rows, NL);
    let mut rng = Rng::new(seed);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut feats = Vec::with_capacity(64);
    let root_label = DEPRELS.iter().position(|d| *d == "root").unwrap_or(0);
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            let s = &data[si];
            let nd = nodes(&s.forms, &s.tags, tagger);
            let n = s.forms.len();
            let mut gold = vec![NONE; n + 1];
            for (i, &h) in s.heads.iter().enumerate().take(n) {
                gold[i + 1] = h as usize;
            }
            let mut st = State::new(&nd);
            let mut scores = [0f32; 4];
            while !st.done() {
                features(&st, &nd, &mut feats);
                tr.scores(&feats, &mut scores);
                let costs = st.costs(&gold);
                let mut pred = NONE;
                let mut min_cost = u32::MAX;
                for t in 0..4 {
                    if st.valid(t) {
                        min_cost = min_cost.min(costs[t]);
                        if pred == NONE || scores[t] > scores[pred] {
                            pred = t;
                        }
                    }
                }
                if pred == NONE {
                    break;
                }
                let mut g = NONE;
                for t in 0..4 {
                    if st.valid(t) && costs[t] == min_cost && (g == NONE || scores[t] > scores[g]) {
                        g = t;
                    }
                }
                tr.tick();
                if costs[pred] > min_cost {
                    tr.update(&feats, g, 1.0);
                    tr.update(&feats, pred, -1.0);
                }
                // Explore: after the first pass, follow the model's own (possibly wrong)
                // choice most of the time, so that it learns to recover from errors.
                let follow = if epoch > 0 && rng.next() % 100 < opts.explore {
                    pred
                } else {
                    g
                };
                st.apply(follow);
            }
            // Labeller: trained on gold trees with gold earlier labels.
            let mut gh = vec![0usize; n + 1];
            for d in 1..=n {
                gh[d] = if gold[d] == NONE || gold[d] > n {
                    0
                } else {
                    gold[d]
                };
            }
            let tree = Tree::new(gh);
            let mut last_of_head = vec![NL; n + 1];
            let mut ls = [0f32; NL];
            for d in 1..=n {
                let h = tree.head[d];
                let gl = s.labels.get(d - 1).copied().unwrap_or(0) as usize;
                if h == 0 || gl == root_label {
                    continue;
                }
                label_features(&tree, &nd, d, last_of_head[h], &mut feats);
                lt.scores(&feats, &mut ls);
                let mut best = NONE;
                for (k, &v) in ls.iter().enumerate() {
                    if k != 0 && k != root_label && (best == NONE || v > ls[best]) {
                        best = k;
                    }
                }
                lt.tick();
                if best != gl && best != NONE {
                    lt.update(&feats, gl, 1.0);
                    lt.update(&feats, best, -1.0);
                }
                last_of_head[h] = gl;
            }
        }
    }
    (tr, lt)
}

/// Parses every sentence of a document (needs part-of-speech tags).
#[derive(Debug, Default, Clone, Copy)]
pub struct ParserStage;

impl Stage for ParserStage {
    fn name(&self) -> &'static str {
        "parser"
    }
    fn requires(&self) -> &'static [LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences, LayerKind::Pos]
    }
    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::Deps]
    }
    fn run(&self, doc: &mut Document, _diags: &mut Diagnostics) {
        let parser = Parser::builtin();
        let tagger = Tagger::builtin();
        let mut sc = Scratch::default();
        let mut result: Vec<(Option<u32>, u8)> = vec![(None, 0); doc.tokens.len()];
        let toks = doc.tokens.as_slice();
        let mut nd = Vec::new();
        for s in &doc.sentences {
            let (a, b) = (s.value.first_token as usize, s.value.end_token as usize);
            let Some(words) = toks.get(a..b) else {
                continue;
            };
            nd.clear();
            nd.push(ROOT);
            nd.extend(
                words
                    .iter()
                    .map(|t| Node::of(t.span.text(doc.text()), t.value.upos as u64, tagger)),
            );
            for (k, (h, l)) in parser.parse_nodes(&nd, &mut sc).into_iter().enumerate() {
                if let Some(r) = result.get_mut(a + k) {
                    *r = (
                        if h == 0 {
                            None
                        } else {
                            Some((a + h as usize - 1) as u32)
                        },
                        l,
                    );
                }
            }
        }
        for (tok, (h, l)) in doc.tokens.values_mut().zip(result) {
            tok.head = h;
            tok.deprel = l;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Follows the cheapest transitions of the dynamic oracle; returns the heads reached.
    fn oracle_heads(gold_heads: &[usize]) -> Vec<usize> {
        let n = gold_heads.len();
        let mut gold = vec![NONE];
        gold.extend_from_slice(gold_heads);
        let nd = vec![ROOT; n + 1];
        let mut st = State::new(&nd);
        while !st.done() {
            let c = st.costs(&gold);
            let t = (0..4)
                .filter(|&t| st.valid(t))
                .min_by_key(|&t| c[t])
                .unwrap_or(SHIFT);
            st.apply(t);
        }
        finish_heads(&st)[1..].to_vec()
    }

    #[test]
    fn the_oracle_rebuilds_projective_trees() {
        // "The minister said on Monday that talks had stalled ."
        let heads = [2, 3, 0, 5, 3, 9, 9, 9, 3, 3];
        assert_eq!(oracle_heads(&heads), heads);
        let heads = [0, 1, 1, 3, 3, 1];
        assert_eq!(oracle_heads(&heads), heads);
        let heads = [3, 3, 0, 5, 3, 7, 5];
        assert_eq!(oracle_heads(&heads), heads);
    }
}

#[cfg(test)]
mod stage_tests {
    use crate::{analyze, Options, Upos, DEPRELS};

    fn rel(i: u8) -> &'static str {
        DEPRELS.get(usize::from(i)).copied().unwrap_or("?")
    }

    #[test]
    fn reporting_clauses_get_subject_and_complement() {
        let text = "The minister said on Monday that the talks had stalled.\n";
        let (doc, _) = analyze(text, &Options::default());
        let words: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
        let at = |w: &str| words.iter().position(|x| *x == w).unwrap_or(usize::MAX);
        let toks = doc.tokens.as_slice();
        let said = at("said");
        let minister = at("minister");
        let stalled = at("stalled");
        assert_eq!(toks[said].value.upos, Upos::Verb);
        assert_eq!(
            toks[said].value.head, None,
            "the reporting verb is the root"
        );
        assert_eq!(toks[minister].value.head, Some(said as u32));
        assert_eq!(rel(toks[minister].value.deprel), "nsubj");
        assert_eq!(toks[stalled].value.head, Some(said as u32));
        assert_eq!(rel(toks[stalled].value.deprel), "ccomp");
        // Every sentence has exactly one root and heads stay inside their sentence.
        for s in &doc.sentences {
            let (a, b) = (s.value.first_token, s.value.end_token);
            let roots = (a..b)
                .filter(|&i| toks[i as usize].value.head.is_none())
                .count();
            assert_eq!(roots, 1);
            assert!((a..b).all(|i| toks[i as usize]
                .value
                .head
                .is_none_or(|h| (a..b).contains(&h))));
        }
    }

    #[test]
    fn according_to_attaches_the_source() {
        let text = "According to the police, two people were hurt.\n";
        let (doc, _) = analyze(text, &Options::default());
        let toks = doc.tokens.as_slice();
        let words: Vec<&str> = toks.iter().map(|t| doc.slice(t.span)).collect();
        let police = words.iter().position(|x| *x == "police").unwrap_or(0);
        let hurt = words.iter().position(|x| *x == "hurt").unwrap_or(0);
        assert_eq!(toks[police].value.upos, Upos::Noun);
        assert_eq!(toks[police].value.head, Some(hurt as u32));
        assert_eq!(rel(toks[police].value.deprel), "obl");
    }
}
