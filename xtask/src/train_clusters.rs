//! `cargo xtask train-clusters`: learns word classes for the entity tagger from unlabelled
//! text and writes `crates/core/models/ner/clusters.txt`.
//!
//! The classes come from the exchange algorithm (Kneser and Ney 1993; Martin, Liermann and
//! Ney 1998), the class-bigram clustering behind `mkcls` and Clark's NER word classes: each
//! word is moved to the class that most raises the likelihood of a class-bigram model of
//! the text, until few words move. Two clusterings are learned, a coarse and a fine one.
//!
//! Text: CoNLL-2003 train (tokens only), the UD English-EWT and GUM train splits (sentence
//! text; GUM's non-commercial genres skipped) and PolNeAR train articles. Every text is
//! split with readout's tokenizer and normalised the way the tagger normalises words
//! (lower case, digits folded), so the classes key the same forms the tagger looks up.
//! `--more-news` adds the news text of ECB+, the extraction benchmark, PTC train and
//! TempEval-3 TBAQ (an experiment: the committed classes do not use it, see
//! models/pos/README.md), and `--out FILE` writes the classes elsewhere.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use readout_core::ner;

/// Sentence boundary pseudo-word.
const BOUNDARY: &str = "<s>";
/// Stand-in for words rarer than the minimum count.
const RARE: &str = "<rare>";

/// Adds the normalised tokens of one sentence or paragraph to `out`, boundary first.
fn push_text(text: &str, out: &mut Vec<String>) {
    out.push(BOUNDARY.to_string());
    for t in readout_core::tokenize(text) {
        out.push(ner::norm_word(t.span.text(text)));
    }
}

/// Reads the training text as one stream of normalised tokens with boundaries.
fn read_text(shared: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for_each_text(shared, &mut |t| push_text(t, &mut out))?;
    out.push(BOUNDARY.to_string());
    Ok(out)
}

/// Calls `f` on each sentence or paragraph of the unlabelled training text, in a fixed
/// order: CoNLL-2003 train, the EWT and GUM train sentences (GUM's open genres) and the
/// PolNeAR train articles.
fn for_each_text(shared: &Path, f: &mut dyn FnMut(&str)) -> Result<()> {
    // CoNLL-2003 train: tokens, sentences separated by blank lines.
    let conll = std::fs::read_to_string(shared.join("data/conll2003/train.txt"))
        .context("reading CoNLL train")?;
    let mut sent = String::new();
    for line in conll.lines().chain(std::iter::once("")) {
        let tok = line.split_whitespace().next().unwrap_or("");
        if tok.is_empty() || tok == "-DOCSTART-" {
            if !sent.is_empty() {
                f(&sent);
                sent.clear();
            }
            continue;
        }
        sent.push_str(tok);
        sent.push(' ');
    }
    // Treebank train splits: the `# text =` line of every sentence.
    for (path, gum) in [
        (
            "data/treebanks/UD_English-EWT/en_ewt-ud-train.conllu",
            false,
        ),
        ("data/treebanks/GUM/ud/en_gum-ud-train.conllu", true),
    ] {
        let text = std::fs::read_to_string(shared.join(path))
            .with_context(|| format!("reading {path}"))?;
        let mut keep = true;
        for line in text.lines() {
            if let Some(id) = line.strip_prefix("# newdoc id = GUM_") {
                keep = crate::train_ner::GUM_GENRES.contains(&id.split('_').next().unwrap_or(""));
            } else if let Some(t) = line.strip_prefix("# text = ") {
                if keep || !gum {
                    f(t);
                }
            }
        }
    }
    // PolNeAR train articles, one paragraph per line.
    let dir = shared.join("data/polnear/train/text");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file)?;
        for para in text.lines().filter(|l| !l.trim().is_empty()) {
            f(para);
        }
    }
    Ok(())
}

/// Calls `f` on each line or paragraph of more news text (`--more-news`): ECB+
/// documents, the article bodies of the extraction benchmark, the PTC train articles and
/// the TempEval-3 TBAQ articles (see each ABOUT.md). Only what is learned from it is
/// written, never the text.
fn for_each_more_news(shared: &Path, f: &mut dyn FnMut(&str)) -> Result<()> {
    let data = shared.join("data");
    let push_lines = |text: &str, f: &mut dyn FnMut(&str)| {
        for para in text.lines().filter(|l| !l.trim().is_empty()) {
            f(para);
        }
    };
    let ecb = std::fs::read_to_string(data.join("ecbplus/docs.dev.jsonl"))
        .context("reading ECB+ documents")?;
    for line in ecb.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        push_lines(v["text_tokenized"].as_str().unwrap_or(""), f);
    }
    let aeb: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(data.join("aeb/ground-truth.json"))
            .context("reading the extraction benchmark")?,
    )?;
    let mut bodies: Vec<(&String, &str)> = aeb
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k, v["articleBody"].as_str().unwrap_or("")))
                .collect()
        })
        .unwrap_or_default();
    bodies.sort();
    for (_, body) in bodies {
        push_lines(body, f);
    }
    let mut files = Vec::new();
    for dir in [
        data.join("ptc/train-articles"),
        data.join("tempeval3/TBAQ-cleaned/TimeBank"),
        data.join("tempeval3/TBAQ-cleaned/AQUAINT"),
    ] {
        for e in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
            files.push(e?.path());
        }
    }
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file)?;
        if file.extension().is_some_and(|e| e == "tml") {
            // The article is the `<TEXT>` element; its markup is dropped.
            let body = text
                .split_once("<TEXT>")
                .and_then(|(_, r)| r.split_once("</TEXT>"))
                .map_or("", |(b, _)| b);
            for para in crate::drop_markup(body).split("\n\n") {
                f(&para.split_whitespace().collect::<Vec<_>>().join(" "));
            }
        } else if file.extension().is_some_and(|e| e == "txt") {
            push_lines(&text, f);
        }
    }
    Ok(())
}

/// `x ln x`, read from a table for small counts.
struct XLogX {
    table: Vec<f64>,
}

impl XLogX {
    fn new(max: usize) -> XLogX {
        XLogX {
            table: (0..=max)
                .map(|x| {
                    if x == 0 {
                        0.0
                    } else {
                        x as f64 * (x as f64).ln()
                    }
                })
                .collect(),
        }
    }

    #[inline]
    fn f(&self, x: i64) -> f64 {
        match usize::try_from(x) {
            Ok(u) if u < self.table.len() => self.table[u],
            _ if x <= 0 => 0.0,
            _ => x as f64 * (x as f64).ln(),
        }
    }
}

/// The word-bigram statistics the exchange algorithm works on.
struct Bigrams {
    /// Per word: (right neighbour, count), the word itself excluded.
    right: Vec<Vec<(u32, u32)>>,
    /// Per word: (left neighbour, count), the word itself excluded.
    left: Vec<Vec<(u32, u32)>>,
    /// Per word: how often it follows itself.
    own: Vec<u32>,
    /// Per word: bigrams it starts (left count) and ends (right count).
    as_left: Vec<i64>,
    as_right: Vec<i64>,
    total: usize,
}

fn bigrams(ids: &[u32], vocab: usize) -> Bigrams {
    let mut pairs: HashMap<(u32, u32), u32> = HashMap::new();
    for w in ids.windows(2) {
        *pairs.entry((w[0], w[1])).or_insert(0) += 1;
    }
    let mut sorted: Vec<((u32, u32), u32)> = pairs.into_iter().collect();
    sorted.sort_unstable();
    let mut b = Bigrams {
        right: vec![Vec::new(); vocab],
        left: vec![Vec::new(); vocab],
        own: vec![0; vocab],
        as_left: vec![0; vocab],
        as_right: vec![0; vocab],
        total: ids.len().saturating_sub(1),
    };
    for ((u, v), n) in sorted {
        b.as_left[u as usize] += i64::from(n);
        b.as_right[v as usize] += i64::from(n);
        if u == v {
            b.own[u as usize] += n;
        } else {
            b.right[u as usize].push((v, n));
            b.left[v as usize].push((u, n));
        }
    }
    b
}

/// Exchange clustering of `vocab` words (ids in frequency order) into `classes` classes.
fn exchange(b: &Bigrams, classes: usize, max_iter: usize) -> Vec<u32> {
    let vocab = b.right.len();
    let c = classes;
    // Frequency-ordered start: word i in class i mod c.
    let mut class: Vec<u32> = (0..vocab).map(|i| (i % c) as u32).collect();
    let mut n = vec![0i64; c * c];
    let mut nl = vec![0i64; c];
    let mut nr = vec![0i64; c];
    for w in 0..vocab {
        let cw = class[w] as usize;
        nl[cw] += b.as_left[w];
        nr[cw] += b.as_right[w];
        n[cw * c + cw] += i64::from(b.own[w]);
        for &(v, k) in &b.right[w] {
            n[cw * c + class[v as usize] as usize] += i64::from(k);
        }
    }
    let xl = XLogX::new(b.total + 1);
    let mut rw = vec![0i64; c];
    let mut lw = vec![0i64; c];
    let mut rs: Vec<usize> = Vec::new();
    let mut ls: Vec<usize> = Vec::new();
    for iter in 0..max_iter {
        let mut moved = 0usize;
        for w in 0..vocab {
            let a = class[w] as usize;
            // Class counts of the word's neighbours.
            rs.clear();
            ls.clear();
            for &(v, k) in &b.right[w] {
                let cv = class[v as usize] as usize;
                if rw[cv] == 0 {
                    rs.push(cv);
                }
                rw[cv] += i64::from(k);
            }
            for &(u, k) in &b.left[w] {
                let cu = class[u as usize] as usize;
                if lw[cu] == 0 {
                    ls.push(cu);
                }
                lw[cu] += i64::from(k);
            }
            let own = i64::from(b.own[w]);
            let (fl, fr) = (b.as_left[w], b.as_right[w]);
            // Take the word out of its class.
            for &cv in &rs {
                n[a * c + cv] -= rw[cv];
            }
            for &cu in &ls {
                n[cu * c + a] -= lw[cu];
            }
            n[a * c + a] -= own;
            nl[a] -= fl;
            nr[a] -= fr;
            // The gain of putting it into each class.
            let mut best = a;
            let mut best_gain = f64::NEG_INFINITY;
            for t in 0..c {
                let mut g = 0.0;
                for &cv in &rs {
                    if cv != t {
                        let x = n[t * c + cv];
                        g += xl.f(x + rw[cv]) - xl.f(x);
                    }
                }
                for &cu in &ls {
                    if cu != t {
                        let x = n[cu * c + t];
                        g += xl.f(x + lw[cu]) - xl.f(x);
                    }
                }
                let x = n[t * c + t];
                g += xl.f(x + rw[t] + lw[t] + own) - xl.f(x);
                g -= xl.f(nl[t] + fl) - xl.f(nl[t]);
                g -= xl.f(nr[t] + fr) - xl.f(nr[t]);
                if g > best_gain + 1e-9 || (t == a && g >= best_gain - 1e-9) {
                    best_gain = g;
                    best = t;
                }
            }
            // Put it there.
            for &cv in &rs {
                n[best * c + cv] += rw[cv];
            }
            for &cu in &ls {
                n[cu * c + best] += lw[cu];
            }
            n[best * c + best] += own;
            nl[best] += fl;
            nr[best] += fr;
            if best != a {
                class[w] = best as u32;
                moved += 1;
            }
            for &cv in &rs {
                rw[cv] = 0;
            }
            for &cu in &ls {
                lw[cu] = 0;
            }
        }
        eprintln!("  {c} classes, iteration {}: {moved} words moved", iter + 1);
        if moved * 1000 < vocab {
            break;
        }
    }
    class
}

/// Runs the task. Options: `--shared DIR`, `--min-count N`, `--coarse N`, `--fine N`,
/// `--iterations N`, `--more-news` (also read the ECB+, AEB, PTC train and TBAQ news
/// text), `--out FILE` (write there instead of models/ner/clusters.txt).
pub fn run(args: &[String]) -> Result<bool> {
    let mut shared = PathBuf::from("../shared");
    let mut min_count = 2usize;
    let mut coarse = 128usize;
    let mut fine = 1024usize;
    let mut iterations = 15usize;
    let mut more_news = false;
    let mut out_path = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut val = || {
            it.next()
                .cloned()
                .with_context(|| format!("{a} needs a value"))
        };
        match a.as_str() {
            "--shared" => shared = PathBuf::from(val()?),
            "--min-count" => min_count = val()?.parse()?,
            "--coarse" => coarse = val()?.parse()?,
            "--fine" => fine = val()?.parse()?,
            "--iterations" => iterations = val()?.parse()?,
            "--more-news" => more_news = true,
            "--out" => out_path = Some(PathBuf::from(val()?)),
            _ => bail!("unknown option {a}"),
        }
    }
    if !(2..=4096).contains(&coarse) || !(2..=4096).contains(&fine) {
        bail!("class counts must be between 2 and 4096");
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared = if shared.is_absolute() {
        shared
    } else {
        root.join(shared)
    };
    let mut tokens = read_text(&shared)?;
    if more_news {
        for_each_more_news(&shared, &mut |t| push_text(t, &mut tokens))?;
        tokens.push(BOUNDARY.to_string());
    }
    let mut freq: HashMap<&str, usize> = HashMap::new();
    for t in &tokens {
        *freq.entry(t.as_str()).or_insert(0) += 1;
    }
    // Vocabulary in frequency order (ties by spelling); rare words share one id.
    let mut words: Vec<(&str, usize)> = freq
        .iter()
        .filter(|(w, &k)| k >= min_count || **w == BOUNDARY)
        .map(|(w, &k)| (*w, k))
        .collect();
    words.push((RARE, 0));
    words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let id: HashMap<&str, u32> = words
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (*w, i as u32))
        .collect();
    let rare = id[RARE];
    let ids: Vec<u32> = tokens
        .iter()
        .map(|t| id.get(t.as_str()).copied().unwrap_or(rare))
        .collect();
    eprintln!(
        "{} tokens, {} word types seen at least {min_count} times",
        tokens.len(),
        words.len() - 1
    );
    let b = bigrams(&ids, words.len());
    let coarse_of = exchange(&b, coarse, iterations);
    let fine_of = exchange(&b, fine, iterations);
    let mut out = String::new();
    out.push_str(&format!(
        "# readout word classes: word, coarse class (of {coarse}), fine class (of {fine}).\n\
         # Written by `cargo xtask train-clusters`; see README.md.\n"
    ));
    for (i, (w, _)) in words.iter().enumerate() {
        if *w == BOUNDARY || *w == RARE {
            continue;
        }
        out.push_str(&format!("{w}\t{}\t{}\n", coarse_of[i], fine_of[i]));
    }
    let path = out_path.unwrap_or_else(|| root.join("crates/core/models/ner/clusters.txt"));
    std::fs::write(&path, out).with_context(|| format!("writing {}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(true)
}
