//! Training and evaluation of the linguistic base: the part-of-speech tagger, the
//! dependency parser and the sentence splitter, on the treebanks in ../shared/data/treebanks.
//!
//! `cargo xtask train-ling` trains both models and writes their weights into
//! crates/core/models/{pos,deps}; `cargo xtask eval-ling` scores the committed models on
//! the EWT test split (our own scorer, following conll18_ud_eval.py: UPOS accuracy and
//! UAS/LAS over all syntactic words with gold tokens, labels without subtypes) and the
//! sentence splitter on raw GUM test documents.

#![allow(dead_code, reason = "the training half of this module lands next")]

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use readout_core::Upos;

/// One syntactic word of a treebank sentence.
#[derive(Debug, Clone)]
pub struct Word {
    /// The word form.
    pub form: String,
    /// Gold tag.
    pub upos: Upos,
    /// Gold head (0 = root, else 1-based word index).
    pub head: u32,
    /// Gold relation without subtype.
    pub deprel: String,
}

/// One treebank sentence with its document and paragraph context.
#[derive(Debug, Clone)]
pub struct Sent {
    /// The `# sent_id`.
    pub id: String,
    /// The `# text`.
    pub text: String,
    /// True when a `# newdoc` precedes it.
    pub newdoc: bool,
    /// True when a `# newpar` precedes it.
    pub newpar: bool,
    /// Syntactic words.
    pub words: Vec<Word>,
}

/// Reads a CoNLL-U file into sentences.
pub fn read_conllu(path: &Path) -> Result<Vec<Sent>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    let mut cur = Sent {
        id: String::new(),
        text: String::new(),
        newdoc: false,
        newpar: false,
        words: Vec::new(),
    };
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() {
            if !cur.words.is_empty() {
                let next = Sent {
                    id: String::new(),
                    text: String::new(),
                    newdoc: false,
                    newpar: false,
                    words: Vec::new(),
                };
                out.push(std::mem::replace(&mut cur, next));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim_start();
            if c.starts_with("newdoc") {
                cur.newdoc = true;
                cur.newpar = true;
            } else if c.starts_with("newpar") {
                cur.newpar = true;
            } else if let Some(v) = c.strip_prefix("sent_id = ") {
                cur.id = v.to_string();
            } else if let Some(v) = c.strip_prefix("text = ") {
                cur.text = v.to_string();
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            bail!(
                "{}:{}: expected 10 tab-separated columns",
                path.display(),
                n + 1
            );
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let upos = Upos::parse(cols[3]).unwrap_or(Upos::X);
        let head = cols[6].parse().unwrap_or(0);
        let deprel = cols[7].split(':').next().unwrap_or("dep").to_string();
        cur.words.push(Word {
            form: cols[1].to_string(),
            upos,
            head,
            deprel,
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// GUM genres whose texts may be used commercially (see treebanks/ABOUT.md).
const GUM_OPEN_GENRES: &[&str] = &[
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

fn gum_open(id: &str) -> bool {
    let genre = id
        .strip_prefix("GUM_")
        .and_then(|r| r.split('_').next())
        .unwrap_or("");
    GUM_OPEN_GENRES.contains(&genre)
}

struct Paths {
    root: PathBuf,
    tb: PathBuf,
}

fn paths(args: &[String]) -> Result<Paths> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .context("workspace root")?
        .to_path_buf();
    let mut shared = root.join("../shared");
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--shared" => {
                shared = PathBuf::from(args.get(i + 1).context("--shared needs a folder")?);
                i += 1;
            }
            other => bail!("unknown option {other}"),
        }
        i += 1;
    }
    let mut tb = shared.join("data/treebanks");
    if !tb.is_dir() {
        // Worktrees live one level deeper than the main checkout.
        tb = root.join("../../shared/data/treebanks");
    }
    if !tb.is_dir() {
        bail!("no treebanks at {}", tb.display());
    }
    Ok(Paths { root, tb })
}

/// `cargo xtask eval-ling`: scores the sentence splitter.
pub fn eval(args: &[String]) -> Result<bool> {
    let p = paths(args)?;
    sentence_eval(&p.tb.join("GUM/ud/en_gum-ud-test.conllu"))?;
    Ok(true)
}

/// Rebuilds raw documents from `# text` lines (sentences of a paragraph joined by a space,
/// paragraphs by a newline) and scores sentence spans found by `split_sentences`.
fn sentence_eval(path: &Path) -> Result<()> {
    let sents = read_conllu(path)?;
    let mut docs: Vec<(String, Vec<(usize, usize)>)> = Vec::new();
    for s in &sents {
        if s.newdoc || docs.is_empty() {
            docs.push((String::new(), Vec::new()));
        }
        let Some((text, spans)) = docs.last_mut() else {
            continue;
        };
        if !text.is_empty() {
            text.push(if s.newpar { '\n' } else { ' ' });
        }
        let start = text.len();
        text.push_str(&s.text);
        spans.push((start, text.len()));
    }
    let (mut tp, mut np, mut ng) = (0usize, 0usize, 0usize);
    let verbose = std::env::var_os("LING_VERBOSE").is_some();
    for (text, gold) in &docs {
        let toks = readout_core::tokenize(text);
        let pred: Vec<(usize, usize)> = readout_core::split_sentences(text, &toks)
            .iter()
            .map(|s| (s.span.start as usize, s.span.end as usize))
            .collect();
        np += pred.len();
        ng += gold.len();
        for g in gold {
            if pred.binary_search(g).is_ok() {
                tp += 1;
            } else if verbose {
                println!("MISSED: {:?}", &text[g.0..g.1]);
            }
        }
        if verbose {
            for q in &pred {
                if gold.binary_search(q).is_err() {
                    println!("WRONG:  {:?}", &text[q.0..q.1]);
                }
            }
        }
    }
    let pr = tp as f64 / np.max(1) as f64;
    let rc = tp as f64 / ng.max(1) as f64;
    let f1 = if pr + rc > 0.0 {
        2.0 * pr * rc / (pr + rc)
    } else {
        0.0
    };
    println!(
        "GUM test sentences: {} docs, gold {ng}, predicted {np}, exact span P {:.4} R {:.4} F1 {:.4}",
        docs.len(),
        pr,
        rc,
        f1
    );
    Ok(())
}

/// `cargo xtask train-ling` (not yet available).
pub fn train(_args: &[String]) -> Result<bool> {
    bail!("training is not implemented yet")
}
