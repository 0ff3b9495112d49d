//! `cargo xtask train-ner`: trains the entity tagger on CoNLL-2003 English (train split)
//! and writes `crates/core/models/ner/ner.bin`.
//!
//! The model is an averaged structured perceptron over hashed features: each sentence is
//! decoded with Viterbi over the allowed label transitions (as the tagger decodes), and
//! every token whose label differs from the gold one is updated (`READOUT_NER_GREEDY=1`
//! trains the earlier greedy left-to-right way instead). The feature code lives in
//! `readout_core::ner`, so training and tagging share it.
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

/// A word as a title-case headline writes it: a lower-case word of four letters or more
/// gets a capital ("says" → "Says"); shorter function words and names stay as they are.
fn title_word(w: &str) -> String {
    let mut chars = w.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() && w.chars().count() > 3 => {
            c.to_uppercase().chain(chars).collect()
        }
        _ => w.to_string(),
    }
}

/// True when the sentence `s` of `d` is mostly in capitals (a CoNLL headline).
fn in_capitals(d: &Doc, s: &Range<usize>) -> bool {
    let words = &d.words[s.clone()];
    let letters = words
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    let caps = words
        .iter()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .filter(|w| !w.chars().any(char::is_lowercase))
        .count();
    letters >= 2 && caps * 10 >= letters * 7
}

/// Writes sentences of `d` in title case: those for which `pick(sentence index)` is true,
/// except sentences in capitals. Labels stay as they are.
fn title_case_doc(d: &mut Doc, pick: impl Fn(usize) -> bool) {
    for (i, s) in d.sentences.clone().iter().enumerate() {
        if !pick(i) || in_capitals(d, s) {
            continue;
        }
        for k in s.clone() {
            d.words[k] = title_word(&d.words[k]);
        }
    }
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

/// Joins documents into one, as a text made of several stories reaches the tagger.
fn concat(docs: &[Doc]) -> Doc {
    let mut out = Doc {
        words: Vec::new(),
        labels: Vec::new(),
        sentences: Vec::new(),
    };
    for d in docs {
        let at = out.words.len();
        out.words.extend(d.words.iter().cloned());
        out.labels.extend(&d.labels);
        out.sentences
            .extend(d.sentences.iter().map(|r| r.start + at..r.end + at));
    }
    out
}

/// Reads a UNER IOB2 file (`id token tag - -`, `# newdoc` comments) into documents.
fn read_iob2(path: &Path) -> Result<Vec<Doc>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut conll = String::new();
    for line in text.lines() {
        if line.starts_with("# newdoc") {
            conll.push_str("-DOCSTART- O\n\n");
        } else if line.starts_with('#') {
            continue;
        } else if line.trim().is_empty() {
            conll.push('\n');
        } else {
            let cols: Vec<&str> = line.split('\t').collect();
            if let (Some(tok), Some(tag)) = (cols.get(1), cols.get(2)) {
                conll.push_str(&format!("{tok} {tag}\n"));
            }
        }
    }
    let tmp = std::env::temp_dir().join("readout-uner.conll");
    std::fs::write(&tmp, conll)?;
    read_conll(&tmp)
}

/// GUM genres whose texts allow commercial use (see treebanks/ABOUT.md); the others
/// (essay, fiction, letter, podcast, whow) are CC BY-NC and are skipped.
pub(crate) const GUM_GENRES: &[&str] = &[
    "academic",
    "bio",
    "conversation",
    "court",
    "interview",
    "news",
    "speech",
    "textbook",
    "vlog",
    "voyage",
];

/// Reads GUM's UD file and turns its entity layer into BIO labels: person, organization
/// and place mentions made of proper nouns (a leading determiner dropped; inner "of",
/// "and", numbers and punctuation allowed), outermost first, never overlapping.
fn read_gum(path: &Path) -> Result<Vec<Doc>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    struct Raw {
        forms: Vec<String>,
        upos: Vec<String>,
        spans: Vec<(usize, usize, usize)>,
        sentences: Vec<Range<usize>>,
        keep: bool,
    }
    let mut docs: Vec<Raw> = Vec::new();
    let mut open: Vec<(String, usize, usize)> = Vec::new();
    let mut sent_start = 0;
    for line in text.lines() {
        if let Some(id) = line.strip_prefix("# newdoc id = GUM_") {
            let genre = id.split('_').next().unwrap_or("");
            docs.push(Raw {
                forms: Vec::new(),
                upos: Vec::new(),
                spans: Vec::new(),
                sentences: Vec::new(),
                keep: GUM_GENRES.contains(&genre),
            });
            open.clear();
            sent_start = 0;
            continue;
        }
        let Some(doc) = docs.last_mut() else { continue };
        if line.trim().is_empty() {
            if doc.forms.len() > sent_start {
                doc.sentences.push(sent_start..doc.forms.len());
            }
            sent_start = doc.forms.len();
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 10 || cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let k = doc.forms.len();
        doc.forms.push(cols[1].to_string());
        doc.upos.push(cols[3].to_string());
        let Some(ent) = cols[9].split('|').find_map(|m| m.strip_prefix("Entity=")) else {
            continue;
        };
        // "(6-person-…" opens, "(7-abstract-…)" opens and closes, "6)" closes.
        let b = ent.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'(' {
                let j = (i + 1..b.len())
                    .find(|&j| b[j] == b'(' || b[j] == b')')
                    .unwrap_or(b.len());
                let body = &ent[i + 1..j];
                let mut parts = body.split('-');
                let (id, kind) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                let class = match kind {
                    "person" => 1,
                    "organization" => 2,
                    "place" => 3,
                    _ => 0,
                };
                if j < b.len() && b[j] == b')' {
                    if class > 0 {
                        doc.spans.push((k, k + 1, class));
                    }
                    i = j + 1;
                } else {
                    open.push((id.to_string(), k, class));
                    i = j;
                }
            } else if b[i].is_ascii_digit() {
                let j = (i..b.len())
                    .find(|&j| !b[j].is_ascii_digit())
                    .unwrap_or(b.len());
                let id = &ent[i..j];
                if let Some(pos) = open.iter().rposition(|o| o.0 == id) {
                    let (_, start, class) = open.remove(pos);
                    if class > 0 {
                        doc.spans.push((start, k + 1, class));
                    }
                }
                i = j + 1;
            } else {
                i += 1;
            }
        }
    }
    let mut out = Vec::new();
    for raw in docs.into_iter().filter(|d| d.keep) {
        let mut labels = vec![0usize; raw.forms.len()];
        let mut spans: Vec<(usize, usize, usize)> = raw
            .spans
            .iter()
            .filter_map(|&(mut s, e, c)| {
                while s < e && raw.upos[s] == "DET" {
                    s += 1;
                }
                let ok = s < e
                    && raw.upos[s] == "PROPN"
                    && raw.upos[e - 1] == "PROPN"
                    && raw.upos[s..e]
                        .iter()
                        .all(|u| matches!(u.as_str(), "PROPN" | "ADP" | "CCONJ" | "PUNCT" | "NUM"));
                ok.then_some((s, e, c))
            })
            .collect();
        spans.sort_by_key(|&(s, e, _)| (std::cmp::Reverse(e - s), s));
        for (s, e, c) in spans {
            if labels[s..e].iter().all(|&l| l == 0) {
                labels[s] = 2 * c - 1;
                for l in &mut labels[s + 1..e] {
                    *l = 2 * c;
                }
            }
        }
        // Re-split tokens the way readout's tokenizer would, as for CoNLL.
        let mut doc = Doc {
            words: Vec::new(),
            labels: Vec::new(),
            sentences: Vec::new(),
        };
        for s in &raw.sentences {
            let start = doc.words.len();
            for k in s.clone() {
                let tok = raw.forms[k].as_str();
                let pieces = readout_core::tokenize(tok);
                let label = labels[k];
                if pieces.is_empty() {
                    doc.words.push(tok.to_string());
                    doc.labels.push(label);
                }
                for (n, p) in pieces.iter().enumerate() {
                    doc.words.push(p.span.text(tok).to_string());
                    doc.labels.push(if n == 0 || label == 0 || label % 2 == 0 {
                        label
                    } else {
                        label + 1
                    });
                }
            }
            if doc.words.len() > start {
                doc.sentences.push(start..doc.words.len());
            }
        }
        out.push(doc);
    }
    Ok(out)
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

fn train_doc(p: &mut Perceptron, doc: &Doc, stat: &[u64], stride: usize) -> (usize, usize) {
    let (mut errors, mut total) = (0, 0);
    let viterbi = std::env::var_os("READOUT_NER_GREEDY").is_none();
    let mut scores: Vec<[f32; ner::N_LABELS]> = Vec::new();
    let mut back = Vec::new();
    let mut guesses: Vec<u8> = Vec::new();
    for s in &doc.sentences {
        if viterbi {
            // Structured perceptron: decode the sentence with the current weights, then
            // update every token whose label differs from the gold one.
            scores.clear();
            for k in s.clone() {
                let row = &stat[k * stride..(k + 1) * stride];
                let mut sc = [0f32; ner::N_LABELS];
                for &h in row {
                    p.score(h, &mut sc);
                }
                scores.push(sc);
            }
            guesses.clear();
            guesses.resize(scores.len(), 0);
            ner::viterbi(&scores, &mut back, &mut guesses);
            for (k, &guess) in s.clone().zip(&guesses) {
                p.time += 1;
                let (guess, gold) = (usize::from(guess), doc.labels[k]);
                total += 1;
                if guess != gold {
                    errors += 1;
                    for &h in &stat[k * stride..(k + 1) * stride] {
                        p.update(h, gold, 1.0);
                        p.update(h, guess, -1.0);
                    }
                }
            }
            continue;
        }
        let mut prev = 0usize;
        for k in s.clone() {
            p.time += 1;
            let row = &stat[k * stride..(k + 1) * stride];
            let mut scores = [0f32; ner::N_LABELS];
            for &h in row {
                p.score(h, &mut scores);
            }
            let guess = ner::best_label(prev, &scores);
            let gold = doc.labels[k];
            total += 1;
            if guess != gold {
                errors += 1;
                for &h in row {
                    p.update(h, gold, 1.0);
                    p.update(h, guess, -1.0);
                }
            }
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
    let refs: Vec<&Doc> = docs.iter().collect();
    evaluate_refs(&refs, tag)
}

/// [`evaluate`] over borrowed documents.
fn evaluate_refs(docs: &[&Doc], tag: impl Fn(&Doc) -> Vec<usize>) -> (f64, [f64; 4]) {
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

/// An extra salt for the training shuffle, from `READOUT_NER_SHUFFLE` (0 when unset), to
/// measure how much scores move with the order of the training documents.
fn shuffle_salt() -> u64 {
    std::env::var("READOUT_NER_SHUFFLE")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map_or(0, |v| v.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// How many perceptrons, each trained on its own order of the documents, are averaged
/// into one table (`--bags N`; 1 = a single perceptron; 5 by default). Single
/// perceptrons trained in different document orders differ by about 0.01 ORG F1 on dev;
/// the mean of five scores higher in cross-validation on train and varies less (see the
/// model README).
static BAGS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(5);

/// Trains `BAGS` perceptrons over the given documents' feature rows, each on its own
/// training order, and returns the mean of their averaged weights.
fn train(
    docs: &[&Doc],
    rows: &[&Vec<u64>],
    stride: usize,
    bits: u32,
    epochs: usize,
    verbose: bool,
) -> Vec<f32> {
    let bags = BAGS.load(std::sync::atomic::Ordering::Relaxed).max(1);
    let mut sum = train_one(docs, rows, stride, bits, epochs, verbose, 0).averaged();
    for b in 1..bags {
        let w = train_one(docs, rows, stride, bits, epochs, verbose, b as u64).averaged();
        for (s, x) in sum.iter_mut().zip(w) {
            *s += x;
        }
    }
    if bags > 1 {
        for s in &mut sum {
            *s /= bags as f32;
        }
    }
    sum
}

/// Trains one perceptron over the given documents' feature rows; `bag` varies the
/// training order.
fn train_one(
    docs: &[&Doc],
    rows: &[&Vec<u64>],
    stride: usize,
    bits: u32,
    epochs: usize,
    verbose: bool,
    bag: u64,
) -> Perceptron {
    let mut p = Perceptron::new(bits);
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut seed =
        0x2545_f491_4f6c_dd1du64 ^ shuffle_salt() ^ bag.wrapping_mul(0xd1b5_4a32_d192_ed03);
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
            let (e, t) = train_doc(&mut p, docs[d], rows[d], stride);
            errors += e;
            total += t;
        }
        if verbose {
            eprintln!(
                "  epoch {}: train token error {:.4}",
                epoch + 1,
                errors as f64 / total as f64
            );
        }
    }
    p
}

/// Tags a document with a perceptron's current (averaged) weights.
fn tag_with(w: &[f32], bits: u32, rows: &[u64], doc: &Doc) -> Vec<u8> {
    ner::decode(rows, &[], 0, &doc.sentences, |h, scores| {
        let at = ner::bucket(h, bits) * ner::N_LABELS;
        for (s, x) in scores.iter_mut().zip(&w[at..at + ner::N_LABELS]) {
            *s += x;
        }
    })
}

fn second_rows(doc: &Doc, stat: &[u64], first: &[u8]) -> Vec<u64> {
    let words: Vec<&str> = doc.words.iter().map(String::as_str).collect();
    let d = ner::doc_features(stat, &words, first, &doc.sentences);
    ner::combine(stat, &d)
}

/// Runs the task. Options: `--shared DIR`, `--epochs N`, `--bits N` (second pass),
/// `--bits1 N` (first pass), `--folds N` (jackknife folds for the second pass, 0 = none),
/// `--gum` (add GUM's entity layer), `--errors FILE` (list dev half A errors),
/// `--seed` / `--seed-verbose` (a rough check of the tagger alone on the seed text),
/// `--cv N` (only report N-fold cross-validation of the first pass on train; no file),
/// `--cv2 N` (the same for the whole two-pass tagger, jackknife included; no file),
/// `--bags N` (average N perceptrons trained on different document orders; 5),
/// `--cv-out FILE` (with `--cv2`: write the held-out labels of train, to study rules),
/// `--title P` (write P% of the training sentences in title case, as headlines often are;
/// 10).
pub fn run(args: &[String]) -> Result<bool> {
    let mut shared = PathBuf::from("../shared");
    let mut epochs = 10usize;
    let mut bits = 17u32;
    let mut bits1 = 17u32;
    let mut folds = 5usize;
    let mut gum = false;
    let mut errors: Option<PathBuf> = None;
    let mut seed = 0u8;
    let mut cv = 0usize;
    let mut cv2 = 0usize;
    let mut cv_out: Option<PathBuf> = None;
    let mut title_share = 10u64;
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
            "--bits1" => bits1 = val()?.parse()?,
            "--folds" => folds = val()?.parse()?,
            "--gum" => gum = true,
            "--errors" => errors = Some(PathBuf::from(val()?)),
            "--seed" => seed = seed.max(1),
            "--seed-verbose" => seed = 2,
            "--cv" => cv = val()?.parse()?,
            "--cv2" => cv2 = val()?.parse()?,
            "--cv-out" => cv_out = Some(PathBuf::from(val()?)),
            "--bags" => BAGS.store(val()?.parse()?, std::sync::atomic::Ordering::Relaxed),
            "--title" => title_share = val()?.parse()?,
            _ => bail!("unknown option {a}"),
        }
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared = if shared.is_absolute() {
        shared
    } else {
        root.join(shared)
    };
    let mut train_docs = read_conll(&shared.join("data/conll2003/train.txt"))?;
    if gum {
        let extra = read_gum(&shared.join("data/treebanks/GUM/ud/en_gum-ud-train.conllu"))?;
        eprintln!(
            "GUM train (commercial-use genres): {} docs, {} tokens, {} entity tokens",
            extra.len(),
            extra.iter().map(|d| d.words.len()).sum::<usize>(),
            extra
                .iter()
                .map(|d| d.labels.iter().filter(|&&l| l != 0).count())
                .sum::<usize>()
        );
        train_docs.extend(extra);
    }
    if title_share > 0 {
        for (i, d) in train_docs.iter_mut().enumerate() {
            let salt = (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            title_case_doc(d, |j| {
                let h = (salt ^ (j as u64).wrapping_mul(0xd1b5_4a32_d192_ed03))
                    .wrapping_mul(0x2545_f491_4f6c_dd1d);
                (h >> 40) % 100 < title_share
            });
        }
    }
    let dev = read_conll(&shared.join("data/conll2003/dev.txt"))?;
    eprintln!(
        "train: {} docs, {} tokens; dev: {} docs (scores only)",
        train_docs.len(),
        train_docs.iter().map(|d| d.words.len()).sum::<usize>(),
        dev.len()
    );
    let stats: Vec<Vec<u64>> = train_docs.iter().map(features).collect();
    if cv > 1 {
        cross_validate(&train_docs, &stats, cv, bits1, epochs);
        return Ok(true);
    }
    if cv2 > 1 {
        let tagged = cross_validate_both(&train_docs, &stats, cv2, (bits1, bits), folds, epochs);
        if let Some(path) = &cv_out {
            write_tagged(path, &train_docs, &tagged)?;
        }
        return Ok(true);
    }
    let all: Vec<&Doc> = train_docs.iter().collect();
    let all_rows: Vec<&Vec<u64>> = stats.iter().collect();
    let tables = train_tables(&all, &all_rows, (bits1, bits), folds, epochs, true);
    let bytes = ner::to_bytes(&tables);
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
    // The stage sees one text, not separate documents: the whole dev set as one stream.
    let stream = concat(&dev);
    let (smicro, sper) = evaluate(std::slice::from_ref(&stream), tag);
    eprintln!(
        "dev as one stream (as the stage reads conll-text): PER/ORG/LOC micro F1 {smicro:.4}; PER {:.4} ORG {:.4} LOC {:.4} MISC {:.4}",
        sper[0], sper[1], sper[2], sper[3]
    );
    eprintln!(
        "dev (tagger alone, CoNLL tokens): PER/ORG/LOC micro F1 {micro:.4}; PER {:.4} ORG {:.4} LOC {:.4} MISC {:.4}",
        per[0], per[1], per[2], per[3]
    );
    // A stress test: dev with every sentence not in capitals written in title case.
    let titled: Vec<Doc> = dev
        .iter()
        .map(|d| {
            let mut t = Doc {
                words: d.words.clone(),
                labels: d.labels.clone(),
                sentences: d.sentences.clone(),
            };
            title_case_doc(&mut t, |_| true);
            t
        })
        .collect();
    let (tmicro, tper) = evaluate(&titled, tag);
    eprintln!(
        "dev in title case (stress test): PER/ORG/LOC micro F1 {tmicro:.4}; PER {:.4} ORG {:.4} LOC {:.4} MISC {:.4}",
        tper[0], tper[1], tper[2], tper[3]
    );
    // Two halves of dev (even and odd documents): settings are chosen on half A only,
    // so half B stays a held-out check.
    for (name, parity) in [("A (even docs)", 0), ("B (odd docs)", 1)] {
        let half: Vec<&Doc> = dev.iter().skip(parity).step_by(2).collect();
        let (micro, per) = evaluate_refs(&half, tag);
        eprintln!(
            "dev half {name}: PER/ORG/LOC micro F1 {micro:.4}; PER {:.4} ORG {:.4} LOC {:.4} MISC {:.4}",
            per[0], per[1], per[2], per[3]
        );
    }
    if let Some(path) = &errors {
        // Error listing for dev half A (the half settings are chosen on).
        let mut out = String::new();
        for d in dev.iter().step_by(2) {
            let pred = tag(d);
            for s in &d.sentences {
                let g = spans(&d.labels[s.clone()]);
                let p = spans(&pred[s.clone()]);
                let text = d.words[s.clone()].join(" ");
                let show = |x: &(usize, usize, usize)| {
                    format!(
                        "{}:{}",
                        ["O", "PER", "ORG", "LOC", "MISC"][x.2],
                        d.words[s.start + x.0..s.start + x.1].join(" ")
                    )
                };
                for x in g.iter().filter(|x| !p.contains(x)) {
                    let over: Vec<String> = p
                        .iter()
                        .filter(|y| y.0 < x.1 && x.0 < y.1)
                        .map(show)
                        .collect();
                    out.push_str(&format!(
                        "MISS {}\tgot [{}]\t{}\n",
                        show(x),
                        over.join(", "),
                        text
                    ));
                }
                for x in p.iter().filter(|x| !g.contains(x)) {
                    if !g.iter().any(|y| y.0 < x.1 && x.0 < y.1) {
                        out.push_str(&format!("SPURIOUS {}\t\t{}\n", show(x), text));
                    }
                }
            }
        }
        std::fs::write(path, out)?;
    }
    if seed > 0 {
        seed_check(&shared, &model, seed > 1)?;
    }
    let uner = shared.join("data/treebanks/UNER_English-EWT/en_ewt-ud-test.iob2");
    if uner.exists() {
        let docs = read_iob2(&uner)?;
        let (micro, per) = evaluate(&docs, tag);
        eprintln!(
            "UNER EWT test (web text, other domain; tagger alone): PER/ORG/LOC micro F1 {micro:.4}; PER {:.4} ORG {:.4} LOC {:.4}",
            per[0], per[1], per[2]
        );
    }
    let out = root.join("crates/core/models/ner/ner.bin");
    std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(true)
}

/// Trains the first pass and, when `folds > 1`, the second pass on first-pass labels
/// from `folds`-fold jackknifing; returns the quantised tables.
fn train_tables(
    docs: &[&Doc],
    stats: &[&Vec<u64>],
    (bits1, bits): (u32, u32),
    folds: usize,
    epochs: usize,
    verbose: bool,
) -> Vec<(u32, f32, Vec<i16>)> {
    if verbose {
        eprintln!("first pass ({bits1} bits):");
    }
    let w1 = train(docs, stats, ner::N_STATIC, bits1, epochs, verbose);
    let (scale1, q1) = quantise(&w1);
    let mut tables = vec![(bits1, scale1, q1)];
    if folds > 1 {
        // Jackknife: first-pass labels for each training document from a model that did
        // not see it, so the second pass learns from realistic first-pass errors.
        let mut first: Vec<Vec<u8>> = vec![Vec::new(); docs.len()];
        for f in 0..folds {
            let idx: Vec<usize> = (0..docs.len()).filter(|i| i % folds != f).collect();
            let part: Vec<&Doc> = idx.iter().map(|&i| docs[i]).collect();
            let rows: Vec<&Vec<u64>> = idx.iter().map(|&i| stats[i]).collect();
            let w = train(&part, &rows, ner::N_STATIC, bits1, epochs, false);
            for i in (0..docs.len()).filter(|i| i % folds == f) {
                first[i] = tag_with(&w, bits1, stats[i], docs[i]);
            }
            if verbose {
                eprintln!("  jackknife fold {} done", f + 1);
            }
        }
        let rows2: Vec<Vec<u64>> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| second_rows(d, stats[i], &first[i]))
            .collect();
        let rows2_ref: Vec<&Vec<u64>> = rows2.iter().collect();
        if verbose {
            eprintln!("second pass ({bits} bits):");
        }
        let p2 = train(
            docs,
            &rows2_ref,
            ner::N_STATIC + ner::N_DOC,
            bits,
            epochs,
            verbose,
        );
        let (scale2, q2) = quantise(&p2);
        tables.push((bits, scale2, q2));
    }
    tables
}

/// N-fold cross-validation of the whole tagger (both passes, with the jackknife inside
/// each fold's training part) on the training documents. Prints pooled scores.
fn cross_validate_both(
    docs: &[Doc],
    stats: &[Vec<u64>],
    folds: usize,
    bits: (u32, u32),
    jack: usize,
    epochs: usize,
) -> Vec<Vec<usize>> {
    let mut tagged: Vec<Vec<usize>> = vec![Vec::new(); docs.len()];
    for f in 0..folds {
        let idx: Vec<usize> = (0..docs.len()).filter(|i| i % folds != f).collect();
        let part: Vec<&Doc> = idx.iter().map(|&i| &docs[i]).collect();
        let rows: Vec<&Vec<u64>> = idx.iter().map(|&i| &stats[i]).collect();
        let tables = train_tables(&part, &rows, bits, jack, epochs, false);
        let Some(model) = ner::Model::from_bytes(&ner::to_bytes(&tables)) else {
            return tagged;
        };
        for i in (0..docs.len()).filter(|i| i % folds == f) {
            let words: Vec<&str> = docs[i].words.iter().map(String::as_str).collect();
            tagged[i] = model
                .tag(&words, &docs[i].sentences)
                .into_iter()
                .map(usize::from)
                .collect();
        }
    }
    report_cv(docs, &tagged, folds, "both passes");
    tagged
}

/// Writes documents with their gold and predicted labels, one `word gold predicted` line
/// per token, a blank line after each sentence and `-DOCSTART-` before each document.
fn write_tagged(path: &Path, docs: &[Doc], tagged: &[Vec<usize>]) -> Result<()> {
    let mut out = String::new();
    for (d, pred) in docs.iter().zip(tagged) {
        out.push_str("-DOCSTART-\n\n");
        for s in &d.sentences {
            for k in s.clone() {
                let g = d.labels.get(k).copied().unwrap_or(0);
                let p = pred.get(k).copied().unwrap_or(0);
                out.push_str(&format!(
                    "{} {} {}\n",
                    d.words[k],
                    ner::LABELS[g],
                    ner::LABELS[p]
                ));
            }
            out.push('\n');
        }
    }
    std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))
}

/// A rough check on the seed text: the tagger's PER/ORG/LOC spans against the gold
/// PERSON/ORG/GPE mentions, compared as (text, class) multisets (no rules applied).
fn seed_check(shared: &Path, model: &ner::Model, verbose: bool) -> Result<()> {
    let text = std::fs::read_to_string(shared.join("data/seed/seed.txt"))?;
    let gold: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(
        shared.join("data/seed/seed.gold.json"),
    )?)?;
    let (doc, _) = readout_core::analyze(&text, &readout_core::Options::default());
    let toks = doc.tokens.as_slice();
    let words: Vec<&str> = toks.iter().map(|t| t.span.text(&text)).collect();
    let sentences: Vec<Range<usize>> = doc
        .sentences
        .iter()
        .map(|s| s.value.first_token as usize..s.value.end_token as usize)
        .collect();
    let labels: Vec<usize> = model
        .tag(&words, &sentences)
        .into_iter()
        .map(usize::from)
        .collect();
    let mut pred: Vec<(String, usize)> = Vec::new();
    for s in &sentences {
        for (a, b, c) in spans(&labels[s.clone()]) {
            if (1..=3).contains(&c) {
                let (x, y) = (toks[s.start + a].span.start, toks[s.start + b - 1].span.end);
                pred.push((text[x as usize..y as usize].to_string(), c));
            }
        }
    }
    let mut want: Vec<(String, usize)> = Vec::new();
    for e in gold["entities"].as_array().into_iter().flatten() {
        let c = match e["type"].as_str() {
            Some("PERSON") => 1,
            Some("ORG") => 2,
            Some("GPE") => 3,
            _ => continue,
        };
        for m in e["mentions"].as_array().into_iter().flatten() {
            if let Some(t) = m["text"].as_str() {
                want.push((t.to_string(), c));
            }
        }
    }
    let mut left = want.clone();
    let mut tp = 0;
    let mut spurious = Vec::new();
    for p in &pred {
        if let Some(i) = left.iter().position(|w| w == p) {
            left.swap_remove(i);
            tp += 1;
        } else {
            spurious.push(p.clone());
        }
    }
    eprintln!(
        "seed (tagger alone, mention text and class): F1 {:.4} ({tp} of {} gold, {} predicted)",
        2.0 * tp as f64 / (pred.len() + want.len()).max(1) as f64,
        want.len(),
        pred.len()
    );
    if verbose {
        left.sort();
        spurious.sort();
        eprintln!("  missed: {left:?}");
        eprintln!("  spurious: {spurious:?}");
    }
    Ok(())
}

/// Prints the scores of a cross-validation: `tagged[i]` holds the labels predicted for
/// `docs[i]` by the fold that held it out.
fn report_cv(docs: &[Doc], tagged: &[Vec<usize>], folds: usize, what: &str) {
    let refs: Vec<&Doc> = docs.iter().collect();
    let index = |d: &Doc| {
        docs.iter()
            .position(|x| std::ptr::eq(x, d))
            .and_then(|i| tagged.get(i))
            .cloned()
            .unwrap_or_default()
    };
    let (micro, per) = evaluate_refs(&refs, index);
    eprintln!(
        "train {folds}-fold cross-validation ({what}): PER/ORG/LOC micro F1 {micro:.4}; PER {:.4} ORG {:.4} LOC {:.4} MISC {:.4}",
        per[0], per[1], per[2], per[3]
    );
}

/// N-fold cross-validation of the first pass on the training documents: each fold is
/// tagged by a model trained on the others. Prints the pooled scores; writes nothing.
fn cross_validate(docs: &[Doc], stats: &[Vec<u64>], folds: usize, bits: u32, epochs: usize) {
    let mut tagged: Vec<Vec<usize>> = vec![Vec::new(); docs.len()];
    for f in 0..folds {
        let idx: Vec<usize> = (0..docs.len()).filter(|i| i % folds != f).collect();
        let train_docs: Vec<&Doc> = idx.iter().map(|&i| &docs[i]).collect();
        let rows: Vec<&Vec<u64>> = idx.iter().map(|&i| &stats[i]).collect();
        let w = train(&train_docs, &rows, ner::N_STATIC, bits, epochs, false);
        for i in (0..docs.len()).filter(|i| i % folds == f) {
            tagged[i] = tag_with(&w, bits, &stats[i], &docs[i])
                .into_iter()
                .map(usize::from)
                .collect();
        }
    }
    report_cv(docs, &tagged, folds, "first pass only");
}
