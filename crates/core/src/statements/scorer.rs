//! A learned filter over candidate statements: a linear model on hashed features of the
//! cue, the speaker phrase and the content, trained on PolNeAR train
//! (`cargo xtask train-statements`, see `models/statements/README.md`).

use super::find::{Finder, Raw};
use super::np::NpKind;
use crate::doc::StatementKind;

/// The committed weights.
static MODEL: &[u8] = include_bytes!("../../models/statements/scorer.bin");

/// A linear model over hashed features.
pub struct Model<'a> {
    bits: u32,
    bias: f32,
    threshold: f32,
    weights: &'a [u8],
}

impl<'a> Model<'a> {
    /// Parses a model file: `RSTS`, bits (u32 LE), bias and threshold (f32 LE), then
    /// 2^bits weights as i16 LE in units of 1/256. `None` when the bytes are no model.
    #[must_use]
    pub fn parse(bytes: &'a [u8]) -> Option<Model<'a>> {
        let head = bytes.get(..16)?;
        if head.get(..4)? != b"RSTS" {
            return None;
        }
        let word = |k: usize| -> Option<[u8; 4]> { head.get(k..k + 4)?.try_into().ok() };
        let bits = u32::from_le_bytes(word(4)?);
        if !(8..=24).contains(&bits) {
            return None;
        }
        let bias = f32::from_le_bytes(word(8)?);
        let threshold = f32::from_le_bytes(word(12)?);
        let weights = bytes.get(16..16 + (2usize << bits))?;
        Some(Model {
            bits,
            bias,
            threshold,
            weights,
        })
    }

    /// The score of a feature list.
    #[must_use]
    pub fn score(&self, feats: &[u32]) -> f32 {
        let mask = (1u32 << self.bits) - 1;
        let mut s = self.bias;
        for &f in feats {
            let k = ((f & mask) as usize) * 2;
            if let Some(w) = self.weights.get(k..k + 2) {
                s += f32::from(i16::from_le_bytes([w[0], w[1]])) / 256.0;
            }
        }
        s
    }

    /// True when a candidate with these features is kept.
    #[must_use]
    pub fn keep(&self, feats: &[u32]) -> bool {
        self.score(feats) >= self.threshold
    }
}

/// The committed model, if it parses.
pub fn model() -> Option<Model<'static>> {
    Model::parse(MODEL)
}

/// FNV-1a over a feature's name and value.
fn hash(name: &str, value: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in name.bytes().chain([b'=']).chain(value.bytes()) {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

fn bucket(n: usize) -> &'static str {
    match n {
        0..=2 => "0-2",
        3..=5 => "3-5",
        6..=10 => "6-10",
        11..=20 => "11-20",
        21..=40 => "21-40",
        _ => "41+",
    }
}

/// The features of candidate `n` among `raws`.
pub fn features(f: &Finder<'_>, raws: &[Raw], n: usize) -> Vec<u32> {
    let t = &f.t;
    let Some(r) = raws.get(n) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(24);
    let cue_last = t.w(r.cue.1.saturating_sub(1)).to_ascii_lowercase();
    let cue_first = t.w(r.cue.0).to_ascii_lowercase();
    let kind = match r.kind {
        StatementKind::Direct => "direct",
        StatementKind::Indirect => "indirect",
        StatementKind::Mixed => "mixed",
    };
    let spk = match r.speaker.map(|s| s.kind) {
        None if r.inherit => "inherit",
        None => "none",
        Some(NpKind::Name) => "name",
        Some(NpKind::Pronoun(_)) => "pronoun",
        Some(NpKind::Desc) => "desc",
        Some(NpKind::Group) => "group",
    };
    let backward = r.content.1 <= r.cue.0;
    let words = (r.content.0..r.content.1).filter(|&k| t.is_word(k)).count();
    let before = t.w(r.cue.0.saturating_sub(1)).to_ascii_lowercase();
    let after = t.w(r.cue.1).to_ascii_lowercase();
    let first = t.w(r.content.0).to_ascii_lowercase();
    let nested = raws
        .iter()
        .enumerate()
        .skip(n.saturating_sub(8))
        .take(17)
        .any(|(j, o)| {
            j != n && o.content.0 <= r.cue.0 && r.content.1 <= o.content.1 && o.cue != r.cue
        });
    let cap_first = t.is_cap(r.content.0);
    out.push(hash("bias", ""));
    out.push(hash("cue", &cue_last));
    out.push(hash("cue0", &cue_first));
    out.push(hash("kind", kind));
    out.push(hash("spk", spk));
    out.push(hash("dir", if backward { "back" } else { "fwd" }));
    out.push(hash("len", bucket(words)));
    out.push(hash("before", &before));
    out.push(hash("after", &after));
    out.push(hash("first", &first));
    out.push(hash("nested", if nested { "y" } else { "n" }));
    out.push(hash("capfirst", if cap_first { "y" } else { "n" }));
    out.push(hash("cue+kind", &format!("{cue_last}|{kind}")));
    out.push(hash("cue+spk", &format!("{cue_last}|{spk}")));
    out.push(hash("cue+dir", &format!("{cue_last}|{backward}")));
    out.push(hash("spk+dir", &format!("{spk}|{backward}")));
    out.push(hash("cue+nested", &format!("{cue_last}|{nested}")));
    out.push(hash("kind+len", &format!("{kind}|{}", bucket(words))));
    if let Some(np) = r.speaker {
        out.push(hash("head", &t.w(np.head).to_ascii_lowercase()));
    }
    out
}
