//! `cargo xtask train-ner`: trains the entity tagger on CoNLL-2003 English (train split)
//! and writes `crates/core/models/ner/ner.bin`.
//!
//! The model is an averaged perceptron over hashed features, decoded greedily left to
//! right (the feature code lives in `readout_core::ner`, so training and tagging share it).
//! CoNLL tokens are re-split with readout's tokenizer so that training sees the same
//! tokens as tagging. The dev split is only read to report scores, never to train.

use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use readout_core::ner;

struct Doc {
    words: Vec<String>,
    labels: Vec<usize>,
    sentences: Vec<Range<usize>>,
}

/// Reads a CoNLL file (token first, IOB2 tag last) into documents.
fn read_conll(path: &Path) -> Result<Vec<Doc>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut docs = Vec::new();
    let mut doc = Doc {
        words: Vec::new(),
        labels: Vec::new(),
        sentences: Vec::new(),
    };
    let mut sent_start = 0;
    let close_sentence = |doc: &mut Doc, start: &mut usize| {
        if doc.words.len() > *start {
            doc.sentences.push(*start..doc.words.len());
        }
        *start = doc.words.len();
    };
    for line in text.lines() {
        if line.starts_with("-DOCSTART-") {
            close_sentence(&mut doc, &mut sent_start);
            if !doc.words.is_empty() {
                docs.push(std::mem::replace(
                    &mut doc,
                    Doc {
                        words: Vec::new(),
                        labels: Vec::new(),
                        sentences: Vec::new(),
                    },
                ));
            }
            sent_start = 0;
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        let (Some(tok), Some(tag)) = (parts.first(), parts.last()) else {
            close_sentence(&mut doc, &mut sent_start);
            continue;
        };
        // Split the CoNLL token the way readout's tokenizer would ("US-led" → US - led).
        let pieces = readout_core::tokenize(tok);
        let label = ner::label_index(tag);
        for (k, p) in pieces.iter().enumerate() {
            let l = if k == 0 || label == 0 {
                label
            } else if label % 2 == 1 {
                label + 1
            } else {
                label
            };
            doc.words.push(p.span.text(tok).to_string());
            doc.labels.push(l);
        }
        if pieces.is_empty() {
            doc.words.push((*tok).to_string());
            doc.labels.push(label);
        }
    }
    close_sentence(&mut doc, &mut sent_start);
    if !doc.words.is_empty() {
        docs.push(doc);
    }
    Ok(docs)
}

fn features(doc: &Doc) -> Vec<u64> {
    let words: Vec<&str> = doc.words.iter().map(String::as_str).collect();
    ner::static_features(&words, &doc.sentences)
}

/// Averaged perceptron weights with lazy averaging.
struct Perceptron {
    bits: u32,
    w: Vec<f32>,
    acc: Vec<f64>,
    stamp: Vec<u32>,
    time: u32,
}

impl Perceptron {
    fn new(bits: u32) -> Perceptron {
        let n = (1usize << bits) * ner::N_LABELS;
        Perceptron {
            bits,
            w: vec![0.0; n],
            acc: vec![0.0; n],
            stamp: vec![0; n],
            time: 0,
        }
    }

    fn score(&self, h: u64, scores: &mut [f32; ner::N_LABELS]) {
        let at = ner::bucket(h, self.bits) * ner::N_LABELS;
        for (s, w) in scores.iter_mut().zip(&self.w[at..at + ner::N_LABELS]) {
            *s += w;
        }
    }

    fn update(&mut self, h: u64, label: usize, delta: f32) {
        let i = ner::bucket(h, self.bits) * ner::N_LABELS + label;
        self.acc[i] += f64::from(self.time - self.stamp[i]) * f64::from(self.w[i]);
        self.stamp[i] = self.time;
        self.w[i] += delta;
    }

    fn averaged(&self) -> Vec<f32> {
        (0..self.w.len())
            .map(|i| {
                let acc = self.acc[i] + f64::from(self.time - self.stamp[i]) * f64::from(self.w[i]);
                (acc / f64::from(self.time.max(1))) as f32
            })
            .collect()
    }
}

fn train_doc(p: &mut Perceptron, doc: &Doc, stat: &[u64]) -> (usize, usize) {
    let (mut errors, mut total) = (0, 0);
    for s in &doc.sentences {
        let (mut prev, mut prev2) = (0usize, 0usize);
        for k in s.clone() {
            p.time += 1;
            let row = &stat[k * ner::N_STATIC..(k + 1) * ner::N_STATIC];
            let dynamic = ner::dynamic_features(prev, prev2, row);
            let mut scores = [0f32; ner::N_LABELS];
            for &h in row.iter().chain(&dynamic) {
                p.score(h, &mut scores);
            }
            let guess = ner::best_label(prev, &scores);
            let gold = doc.labels[k];
            total += 1;
            if guess != gold {
                errors += 1;
                for &h in row.iter().chain(&dynamic) {
                    p.update(h, gold, 1.0);
                    p.update(h, guess, -1.0);
                }
            }
            prev2 = prev;
            prev = guess;
        }
    }
    (errors, total)
}

/// Entity spans (start, end, class) of a label sequence.
fn spans(labels: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    for (k, &l) in labels.iter().enumerate() {
        let c = ner::class_of(l);
        match cur {
            Some((s, cc)) if l != 0 && l % 2 == 0 && cc == c => {
                let _ = s;
            }
            _ => {
                if let Some((s, cc)) = cur.take() {
                    out.push((s, k, cc));
                }
                if l != 0 {
                    cur = Some((k, c));
                }
            }
        }
    }
    if let Some((s, cc)) = cur {
        out.push((s, labels.len(), cc));
    }
    out
}

/// Micro F1 over PER/ORG/LOC spans, and F1 per class (PER, ORG, LOC, MISC).
fn evaluate(docs: &[Doc], tag: impl Fn(&Doc) -> Vec<usize>) -> (f64, [f64; 4]) {
    let mut tp = [0usize; 5];
    let mut np = [0usize; 5];
    let mut ng = [0usize; 5];
    for doc in docs {
        let pred = tag(doc);
        let mut gold = Vec::new();
        let mut guess = Vec::new();
        for s in &doc.sentences {
            gold.extend(
                spans(&doc.labels[s.clone()])
                    .into_iter()
                    .map(|(a, b, c)| (a + s.start, b + s.start, c)),
            );
            guess.extend(
                spans(&pred[s.clone()])
                    .into_iter()
                    .map(|(a, b, c)| (a + s.start, b + s.start, c)),
            );
        }
        for g in &gold {
            ng[g.2] += 1;
        }
        for p in &guess {
            np[p.2] += 1;
            if gold.contains(p) {
                tp[p.2] += 1;
            }
        }
    }
    let f1 = |t: usize, p: usize, g: usize| {
        if p + g == 0 {
            0.0
        } else {
            2.0 * t as f64 / (p + g) as f64
        }
    };
    let micro = f1(
        tp[1] + tp[2] + tp[3],
        np[1] + np[2] + np[3],
        ng[1] + ng[2] + ng[3],
    );
    (
        micro,
        [
            f1(tp[1], np[1], ng[1]),
            f1(tp[2], np[2], ng[2]),
            f1(tp[3], np[3], ng[3]),
            f1(tp[4], np[4], ng[4]),
        ],
    )
}

fn quantise(w: &[f32]) -> (f32, Vec<i16>) {
    let max = w.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-6);
    let scale = max / 32767.0;
    (
        scale,
        w.iter()
            .map(|x| (x / scale).round().clamp(-32767.0, 32767.0) as i16)
            .collect(),
    )
}

/// Runs the task. Options: `--shared DIR`, `--epochs N`, `--bits N`.
pub fn run(args: &[String]) -> Result<bool> {
    let mut shared = PathBuf::from("../shared");
    let mut epochs = 10usize;
    let mut bits = 18u32;
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
            _ => bail!("unknown option {a}"),
        }
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared = if shared.is_absolute() {
        shared
    } else {
        root.join(shared)
    };
    let train = read_conll(&shared.join("data/conll2003/train.txt"))?;
    let dev = read_conll(&shared.join("data/conll2003/dev.txt"))?;
    eprintln!(
        "train: {} docs, {} tokens; dev: {} docs (scores only)",
        train.len(),
        train.iter().map(|d| d.words.len()).sum::<usize>(),
        dev.len()
    );
    let train_feats: Vec<Vec<u64>> = train.iter().map(features).collect();
    let mut p = Perceptron::new(bits);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for epoch in 0..epochs {
        // Fisher–Yates with a fixed-seed xorshift, so training is reproducible.
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        let (mut errors, mut total) = (0, 0);
        for &d in &order {
            let (e, t) = train_doc(&mut p, &train[d], &train_feats[d]);
            errors += e;
            total += t;
        }
        eprintln!(
            "epoch {}: train token error {:.4}",
            epoch + 1,
            errors as f64 / total as f64
        );
    }
    let (scale, q) = quantise(&p.averaged());
    let mut bytes = Vec::with_capacity(20 + 2 * q.len());
    bytes.extend_from_slice(ner::MAGIC);
    bytes.extend_from_slice(&bits.to_le_bytes());
    bytes.extend_from_slice(&(ner::N_LABELS as u32).to_le_bytes());
    bytes.extend_from_slice(&scale.to_bits().to_le_bytes());
    for w in &q {
        bytes.extend_from_slice(&w.to_le_bytes());
    }
    let model = ner::Model::from_bytes(&bytes).context("the written model does not load")?;
    let tag = |d: &Doc| {
        let words: Vec<&str> = d.words.iter().map(String::as_str).collect();
        model
            .tag(&words, &d.sentences)
            .into_iter()
            .map(usize::from)
            .collect::<Vec<_>>()
    };
    let (micro, per) = evaluate(&dev, tag);
    eprintln!(
        "dev (tagger alone, CoNLL tokens): PER/ORG/LOC micro F1 {micro:.4}; PER {:.4} ORG {:.4} LOC {:.4} MISC {:.4}",
        per[0], per[1], per[2], per[3]
    );
    let out = root.join("crates/core/models/ner/ner.bin");
    std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "wrote {} ({} bytes, {} non-zero weights)",
        out.display(),
        bytes.len(),
        q.iter().filter(|&&w| w != 0).count()
    );
    Ok(true)
}
