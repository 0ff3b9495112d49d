//! `cargo xtask train-statements`: trains the learned filter of the statement stage on
//! PolNeAR train (never dev or test) and writes `crates/core/models/statements/scorer.bin`.
//!
//! Every candidate the rule-based finder proposes is labelled by whether its content
//! matches a gold attribution's content (Dice ≥ 0.5 after trimming punctuation, as the
//! scorer matches). An averaged perceptron learns hashed-feature weights on 90% of the
//! articles and is checked on the other 10%; the decision threshold is 0.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use readout_core::{analyze, statement_candidates, CharOffsets, Options};
use serde_json::Value;

const PUNCT: &str = " \t\r\n\"'“”‘’«».,;:!?-–—()[]…";

/// Shrinks a char range past surrounding punctuation, as score.py does.
fn trim(chars: &[char], mut s: usize, mut e: usize) -> (usize, usize) {
    e = e.min(chars.len());
    while s < e && chars.get(s).is_some_and(|c| PUNCT.contains(*c)) {
        s += 1;
    }
    while e > s && chars.get(e - 1).is_some_and(|c| PUNCT.contains(*c)) {
        e -= 1;
    }
    (s, e)
}

fn dice(a: (usize, usize), b: (usize, usize)) -> f64 {
    let ov = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    let total = (a.1 - a.0) + (b.1 - b.0);
    if total == 0 {
        0.0
    } else {
        2.0 * ov as f64 / total as f64
    }
}

/// One labelled candidate: its hashed features and whether it matches gold.
struct Example {
    feats: Vec<u32>,
    label: bool,
}

/// Reads the first annotator's relations of each article.
fn gold(path: &std::path::Path) -> Result<BTreeMap<String, Vec<(usize, usize)>>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let d: Value = serde_json::from_str(line)?;
        let Some(id) = d["id"].as_str() else { continue };
        if out.contains_key(id) {
            continue;
        }
        let mut spans = Vec::new();
        for r in d["attributions"].as_array().into_iter().flatten() {
            let sps: Vec<(usize, usize)> = r["content"]["spans"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| Some((s.get(0)?.as_u64()? as usize, s.get(1)?.as_u64()? as usize)))
                .collect();
            if let (Some(a), Some(e)) =
                (sps.iter().map(|s| s.0).min(), sps.iter().map(|s| s.1).max())
            {
                spans.push((a, e));
            }
        }
        out.insert(id.to_string(), spans);
    }
    Ok(out)
}

/// A small deterministic generator for shuffling.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

fn score(w: &[f32], mask: u32, feats: &[u32]) -> f32 {
    feats
        .iter()
        .map(|&f| w.get((f & mask) as usize).copied().unwrap_or(0.0))
        .sum()
}

/// Runs the task. Options: `--shared DIR`, `--epochs N`, `--bits N`, `--bags N`.
pub fn run(args: &[String]) -> Result<bool> {
    let mut shared = PathBuf::from("../shared");
    let mut epochs = 8usize;
    let mut bits = 16u32;
    let mut bags = 10usize;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut val = || {
            it.next()
                .cloned()
                .with_context(|| format!("{a} needs a value"))
        };
        match a.as_str() {
            "--shared" => shared = PathBuf::from(val()?),
            "--epochs" => epochs = val()?.parse()?,
            "--bits" => bits = val()?.parse()?,
            "--bags" => bags = val()?.parse()?,
            other => bail!("unknown option {other}"),
        }
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared = if shared.is_absolute() {
        shared
    } else {
        root.join(shared)
    };
    let dir = shared.join("data/polnear/train");
    let gold = gold(&dir.join("attributions.jsonl"))?;
    let mut train = Vec::new();
    let mut held = Vec::new();
    let mut positives = 0usize;
    for (n, (id, spans)) in gold.iter().enumerate() {
        let path = dir.join("text").join(format!("{id}.txt"));
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let chars: Vec<char> = text.chars().collect();
        let golds: Vec<(usize, usize)> = spans
            .iter()
            .map(|&(a, e)| trim(&chars, a, e))
            .filter(|s| s.1 > s.0)
            .collect();
        let (doc, _) = analyze(&text, &Options::default());
        let map = CharOffsets::new(&text);
        for (span, feats) in statement_candidates(&doc) {
            let c = trim(
                &chars,
                map.char_of(span.start) as usize,
                map.char_of(span.end) as usize,
            );
            let label = golds.iter().any(|&g| dice(g, c) >= 0.5);
            positives += usize::from(label);
            // Every tenth article is held out to choose the threshold.
            if n % 10 == 9 { &mut held } else { &mut train }.push(Example { feats, label });
        }
    }
    eprintln!(
        "{} training and {} held-out candidates, {positives} matching gold",
        train.len(),
        held.len()
    );
    let size = 1usize << bits;
    let mask = (size - 1) as u32;
    // The mean of `bags` averaged perceptrons trained in different shuffled orders (the
    // first in the order of a single perceptron).
    let mut w = vec![0f32; size];
    for b in 0..bags.max(1) {
        let seed = 0x5eed ^ (b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let one = train_once(&train, size, mask, epochs, seed);
        for (a, x) in w.iter_mut().zip(&one) {
            *a += x / bags.max(1) as f32;
        }
    }
    // The decision threshold is the perceptron's own (0); the held-out articles report
    // how the filter does there.
    let threshold = 0f32;
    let (mut tp, mut kept, mut pos) = (0usize, 0usize, 0usize);
    for e in &held {
        let keep = score(&w, mask, &e.feats) >= threshold;
        kept += usize::from(keep);
        pos += usize::from(e.label);
        tp += usize::from(keep && e.label);
    }
    eprintln!(
        "held-out: candidates {} ({pos} matching gold); kept {kept}, of which {tp} match (precision {:.4}, recall of matching {:.4})",
        held.len(),
        tp as f64 / kept.max(1) as f64,
        tp as f64 / pos.max(1) as f64
    );
    // Scale weights so the largest fits an i16 in units of 1/256.
    let mut bytes = Vec::with_capacity(16 + 2 * size);
    bytes.extend_from_slice(b"RSTS");
    bytes.extend_from_slice(&bits.to_le_bytes());
    bytes.extend_from_slice(&0f32.to_le_bytes());
    bytes.extend_from_slice(&threshold.to_le_bytes());
    for &x in &w {
        let q = (x * 256.0)
            .round()
            .clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16;
        bytes.extend_from_slice(&q.to_le_bytes());
    }
    let out = root.join("crates/core/models/statements/scorer.bin");
    std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(true)
}

/// One averaged perceptron over `train`, shuffled with `seed` before every epoch.
fn train_once(train: &[Example], size: usize, mask: u32, epochs: usize, seed: u64) -> Vec<f32> {
    let mut w = vec![0f32; size];
    let mut total = vec![0f32; size];
    let mut stamp = vec![0u64; size];
    let mut step = 0u64;
    let mut rng = Lcg(seed);
    let mut order: Vec<usize> = (0..train.len()).collect();
    for _ in 0..epochs {
        for k in (1..order.len()).rev() {
            order.swap(k, (rng.next() as usize) % (k + 1));
        }
        for &k in &order {
            step += 1;
            let Some(ex) = train.get(k) else { continue };
            let y = if ex.label { 1.0 } else { -1.0 };
            if y * score(&w, mask, &ex.feats) <= 0.0 {
                for &f in &ex.feats {
                    let i = (f & mask) as usize;
                    total[i] += (step - stamp[i]) as f32 * w[i];
                    stamp[i] = step;
                    w[i] += y;
                }
            }
        }
    }
    for i in 0..size {
        total[i] += (step - stamp[i]) as f32 * w[i];
        w[i] = total[i] / step.max(1) as f32;
    }
    w
}
