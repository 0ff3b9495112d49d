//! Training and evaluation of the linguistic base: the part-of-speech tagger, the
//! dependency parser and the sentence splitter, on the treebanks in ../shared/data/treebanks.
//!
//! `cargo xtask train-ling` trains both models and writes their weights into
//! crates/core/models/{pos,deps}; `cargo xtask eval-ling` scores the committed models on
//! the EWT test split (our own scorer, following conll18_ud_eval.py: UPOS accuracy and
//! UAS/LAS over all syntactic words with gold tokens, labels without subtypes) and the
//! sentence splitter on raw GUM test documents.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use readout_core::{parser, tagger, Upos};

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
    /// Train the tagger only (`--tagger-only`).
    tagger_only: bool,
    /// Train the parser only, with the committed tagger (`--parser-only`).
    parser_only: bool,
}

fn paths(args: &[String]) -> Result<Paths> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .context("workspace root")?
        .to_path_buf();
    let mut shared = root.join("../shared");
    let mut i = 0;
    let mut tagger_only = false;
    let mut parser_only = false;
    while i < args.len() {
        match args[i].as_str() {
            "--tagger-only" => tagger_only = true,
            "--parser-only" => parser_only = true,
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
    Ok(Paths {
        root,
        tb,
        tagger_only,
        parser_only,
    })
}

fn training_data(p: &Paths) -> Result<Vec<Sent>> {
    let mut train = read_conllu(&p.tb.join("UD_English-EWT/en_ewt-ud-train.conllu"))?;
    let gum = read_conllu(&p.tb.join("GUM/ud/en_gum-ud-train.conllu"))?;
    if std::env::var_os("LING_EWT_ONLY").is_none() {
        train.extend(gum.into_iter().filter(|s| gum_open(&s.id)));
    }
    Ok(train)
}

fn forms(s: &Sent) -> Vec<&str> {
    s.words.iter().map(|w| w.form.as_str()).collect()
}

/// `cargo xtask train-ling`: trains the tagger and the parser and writes their weights.
pub fn train(args: &[String]) -> Result<bool> {
    let p = paths(args)?;
    let train = training_data(&p)?;
    let dev = read_conllu(&p.tb.join("UD_English-EWT/en_ewt-ud-dev.conllu"))?;
    let nwords: usize = train.iter().map(|s| s.words.len()).sum();
    println!(
        "training data: {} sentences, {} words (EWT train + GUM train, open genres)",
        train.len(),
        nwords
    );

    // Tagger. `LING_TAG_{EPOCHS,ROWS,PRUNE,MARGIN,BAGS,ONEPASS}` override its settings while tuning.
    let t0 = Instant::now();
    let mut tag_opts = tagger::TrainOptions::default();
    if let Some(v) = env_num("LING_TAG_EPOCHS") {
        tag_opts.epochs = v as usize;
    }
    if let Some(v) = env_num("LING_TAG_ROWS") {
        tag_opts.log2_rows = v as u32;
    }
    if let Some(v) = env_num("LING_TAG_PRUNE") {
        tag_opts.prune = v;
    }
    if let Some(v) = env_num("LING_TAG_MARGIN") {
        tag_opts.margin = v as i32;
    }
    if let Some(v) = env_num("LING_TAG_BAGS") {
        tag_opts.bags = v as usize;
    }
    if std::env::var_os("LING_TAG_ONEPASS").is_some() {
        tag_opts.second_pass = false;
    }
    let data: Vec<(Vec<&str>, Vec<Upos>)> = train
        .iter()
        .map(|s| (forms(s), s.words.iter().map(|w| w.upos).collect()))
        .collect();
    let trained;
    let model = if p.parser_only {
        tagger::Tagger::builtin()
    } else {
        // `LING_TAG_SEED` changes the tagger's training seed (to measure the spread).
        let seed = env_num("LING_TAG_SEED").map_or(7, |v| v as u64);
        let model = tagger::train_with(&data, &tag_opts, seed);
        println!("tagger trained in {:.1}s", t0.elapsed().as_secs_f64());
        let bytes = model.to_bytes();
        let out = p.root.join("crates/core/models/pos/tagger.bin");
        std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
        println!("wrote {} ({} bytes)", out.display(), bytes.len());
        let reloaded =
            tagger::Tagger::from_bytes(&bytes).context("the tagger weights do not load back")?;
        let c0 = thread_cpu();
        let acc = upos_accuracy(&reloaded, &dev);
        let words: usize = dev.iter().map(|s| s.words.len()).sum();
        println!(
            "EWT dev UPOS accuracy: {:.2}% ({:.0} k words/s of CPU time)",
            100.0 * acc,
            words as f64 / (thread_cpu() - c0).max(1e-9) / 1000.0
        );
        // `LING_TAG_TEST` also scores the test split (to measure the spread over seeds of a
        // setting chosen on dev, not to choose settings).
        if std::env::var_os("LING_TAG_TEST").is_some() {
            let test = read_conllu(&p.tb.join("UD_English-EWT/en_ewt-ud-test.conllu"))?;
            println!(
                "EWT test UPOS accuracy: {:.2}%",
                100.0 * upos_accuracy(&reloaded, &test)
            );
        }
        trained = reloaded;
        &trained
    };

    if p.tagger_only {
        return Ok(true);
    }
    // Parser: trained on tags predicted by jackknifing so that it sees realistic tags.
    let t0 = Instant::now();
    // `LING_JK_FOLDS` changes the number of jackknifing folds (experiments).
    let folds = env_num("LING_JK_FOLDS").map_or(4, |v| (v as usize).max(2));
    let mut jk_tags: Vec<Vec<Upos>> = vec![Vec::new(); train.len()];
    // `LING_JK_CACHE=FILE` keeps the jackknifed tags between runs while tuning the parser.
    let cache = std::env::var_os("LING_JK_CACHE").map(PathBuf::from);
    let cached = cache.as_ref().and_then(|c| std::fs::read(c).ok());
    if let Some(bytes) = cached.filter(|b| b.len() == nwords) {
        let mut it = bytes.into_iter();
        for (tags, s) in jk_tags.iter_mut().zip(&train) {
            *tags = it
                .by_ref()
                .take(s.words.len())
                .map(|b| Upos::ALL.get(usize::from(b)).copied().unwrap_or(Upos::X))
                .collect();
        }
    } else {
        // The jackknifed taggers are single perceptrons (`LING_JK_BAGS` overrides): on EWT
        // dev the parser trained on tags of bagged ones scored lower (see models/deps).
        let mut jk_opts = tag_opts;
        jk_opts.bags = env_num("LING_JK_BAGS").map_or(1, |v| (v as usize).max(1));
        for f in 0..folds {
            let part: Vec<(Vec<&str>, Vec<Upos>)> = data
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds != f)
                .map(|(_, d)| d.clone())
                .collect();
            let m = tagger::train_with(&part, &jk_opts, 7);
            for (i, s) in train.iter().enumerate().filter(|(i, _)| i % folds == f) {
                jk_tags[i] = m.tag(&forms(s));
            }
        }
        if let Some(c) = &cache {
            let bytes: Vec<u8> = jk_tags.iter().flatten().map(|t| *t as u8).collect();
            std::fs::write(c, bytes)?;
        }
    }
    println!("jackknifed tags in {:.1}s", t0.elapsed().as_secs_f64());
    let t0 = Instant::now();
    let pdata: Vec<parser::TrainSentence> = train
        .iter()
        .zip(&jk_tags)
        .map(|(s, tags)| parser::TrainSentence {
            forms: forms(s),
            tags: tags.clone(),
            heads: s.words.iter().map(|w| w.head).collect(),
            labels: s
                .words
                .iter()
                .map(|w| parser::label_index(&w.deprel))
                .collect(),
        })
        .collect();
    // `LING_PARSE_{EPOCHS,ROWS,LROWS,PRUNE,EXPLORE,BAGS,SEED}` override the settings while tuning.
    let mut popts = parser::TrainOptions::default();
    if let Some(v) = env_num("LING_PARSE_EPOCHS") {
        popts.epochs = v as usize;
    }
    if let Some(v) = env_num("LING_PARSE_ROWS") {
        popts.log2_rows = v as u32;
    }
    if let Some(v) = env_num("LING_PARSE_LROWS") {
        popts.log2_label_rows = v as u32;
    }
    if let Some(v) = env_num("LING_PARSE_PRUNE") {
        popts.prune = v;
    }
    if let Some(v) = env_num("LING_PARSE_EXPLORE") {
        popts.explore = v as u64;
    }
    if let Some(v) = env_num("LING_PARSE_BAGS") {
        popts.bags = (v as usize).max(1);
    }
    let seed = env_num("LING_PARSE_SEED").map_or(13, |v| v as u64);
    let pm = parser::train_with(&pdata, model, &popts, seed);
    println!("parser trained in {:.1}s", t0.elapsed().as_secs_f64());
    let bytes = pm.to_bytes();
    let out = p.root.join("crates/core/models/deps/parser.bin");
    // `LING_NO_WRITE` keeps the committed parser (tuning runs).
    if std::env::var_os("LING_NO_WRITE").is_none() {
        std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    }
    println!("wrote {} ({} bytes)", out.display(), bytes.len());
    let reloaded =
        parser::Parser::from_bytes(&bytes).context("the parser weights do not load back")?;
    let (uas, las) = attachment(model, &reloaded, &dev);
    println!("EWT dev UAS {:.2} LAS {:.2}", 100.0 * uas, 100.0 * las);
    let (uas, las) = attachment_gold_tags(model, &reloaded, &dev);
    println!(
        "EWT dev with gold tags: UAS {:.2} LAS {:.2}",
        100.0 * uas,
        100.0 * las
    );
    Ok(true)
}

/// A number from an environment variable (settings used while tuning).
fn env_num(name: &str) -> Option<f64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn upos_accuracy(m: &tagger::Tagger, sents: &[Sent]) -> f64 {
    let (mut ok, mut all) = (0usize, 0usize);
    let mut confusions: std::collections::BTreeMap<(String, String), usize> =
        std::collections::BTreeMap::new();
    for s in sents {
        let tags = m.tag(&forms(s));
        for (w, t) in s.words.iter().zip(&tags) {
            ok += usize::from(w.upos == *t);
            all += 1;
            if w.upos != *t && std::env::var_os("LING_ERRORS").is_some() {
                let line: Vec<String> = s
                    .words
                    .iter()
                    .map(|x| {
                        if std::ptr::eq(x, w) {
                            format!("[[{}]]", x.form)
                        } else {
                            x.form.clone()
                        }
                    })
                    .collect();
                println!("ERR {:?}->{t:?}\t{}", w.upos, line.join(" "));
            }
            if w.upos != *t {
                *confusions
                    .entry((format!("{:?}", w.upos), format!("{t:?}")))
                    .or_default() += 1;
            }
        }
    }
    if std::env::var_os("LING_VERBOSE").is_some() {
        let mut v: Vec<_> = confusions.into_iter().collect();
        v.sort_by_key(|e| std::cmp::Reverse(e.1));
        for ((g, p), n) in v.iter().take(25) {
            println!("  gold {g} predicted {p}: {n}");
        }
    }
    ok as f64 / all.max(1) as f64
}

/// UAS and LAS over all words, labels compared without subtypes (conll18_ud_eval.py).
fn attachment(t: &tagger::Tagger, p: &parser::Parser, sents: &[Sent]) -> (f64, f64) {
    let (mut u, mut l, mut all) = (0usize, 0usize, 0usize);
    for s in sents {
        let f = forms(s);
        let tags = t.tag(&f);
        let tree = p.parse_with(t, &f, &tags);
        for (w, (h, lab)) in s.words.iter().zip(&tree) {
            all += 1;
            if w.head == *h {
                u += 1;
                if readout_core::DEPRELS
                    .get(usize::from(*lab))
                    .is_some_and(|x| *x == w.deprel)
                {
                    l += 1;
                }
            }
        }
    }
    (u as f64 / all.max(1) as f64, l as f64 / all.max(1) as f64)
}

/// UAS and LAS with gold tags (to tell parser errors from tagger errors).
fn attachment_gold_tags(t: &tagger::Tagger, p: &parser::Parser, sents: &[Sent]) -> (f64, f64) {
    let (mut u, mut l, mut all) = (0usize, 0usize, 0usize);
    for s in sents {
        let tags: Vec<Upos> = s.words.iter().map(|w| w.upos).collect();
        let tree = p.parse_with(t, &forms(s), &tags);
        for (w, (h, lab)) in s.words.iter().zip(&tree) {
            all += 1;
            if w.head == *h {
                u += 1;
                if readout_core::DEPRELS
                    .get(usize::from(*lab))
                    .is_some_and(|x| *x == w.deprel)
                {
                    l += 1;
                }
            }
        }
    }
    (u as f64 / all.max(1) as f64, l as f64 / all.max(1) as f64)
}

/// `cargo xtask eval-ling`: scores the committed models and the sentence splitter.
pub fn eval(args: &[String]) -> Result<bool> {
    let p = paths(args)?;
    let test = read_conllu(&p.tb.join("UD_English-EWT/en_ewt-ud-test.conllu"))?;
    let t0 = Instant::now();
    let t = tagger::Tagger::builtin();
    let ps = parser::Parser::builtin();
    // Parsing one word also loads the word classes the features use.
    let _ = ps.parse(&["Hello"], &t.tag(&["Hello"]));
    println!(
        "models and word classes loaded in {:.1} ms",
        t0.elapsed().as_secs_f64() * 1000.0
    );
    let dev = read_conllu(&p.tb.join("UD_English-EWT/en_ewt-ud-dev.conllu"))?;
    for (name, set) in [("dev", &dev), ("test", &test)] {
        println!(
            "EWT {name} UPOS accuracy: {:.2}%",
            100.0 * upos_accuracy(t, set)
        );
        let (uas, las) = attachment(t, ps, set);
        println!(
            "EWT {name} UAS {:.2} LAS {:.2} (predicted UPOS, gold tokens)",
            100.0 * uas,
            100.0 * las
        );
    }
    sentence_eval(&p.tb.join("GUM/ud/en_gum-ud-test.conllu"))?;
    speed(&test);
    Ok(true)
}

/// CPU time of the calling thread in seconds (from /proc/thread-self/schedstat; 0 when
/// unavailable), so that speed is measured per core even on a busy machine.
fn thread_cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

/// Tags and parses the raw text of `sents` (our tokenizer and sentence splitter, varied
/// text) a few times and prints tokens per second of CPU time for each stage.
fn speed(sents: &[Sent]) {
    use readout_core::{parser::ParserStage, tagger::TaggerStage};
    use readout_core::{Diagnostics, Document, Layer, Stage};
    let mut text = String::new();
    for s in sents {
        text.push_str(&s.text);
        text.push(if s.newpar { '\n' } else { ' ' });
    }
    let mut doc = Document::new(&text);
    let tokens = readout_core::tokenize(&text);
    let sentences = readout_core::split_sentences(&text, &tokens);
    doc.tokens = Layer::from_vec(tokens);
    doc.sentences = Layer::from_vec(sentences);
    let n = doc.tokens.len() as f64;
    let reps = 5;
    let mut tagged = doc.clone();
    TaggerStage.run(&mut tagged, &mut Diagnostics::default());
    let t0 = thread_cpu();
    for _ in 0..reps {
        let mut d = doc.clone();
        TaggerStage.run(&mut d, &mut Diagnostics::default());
    }
    let t1 = thread_cpu();
    for _ in 0..reps {
        let mut d = tagged.clone();
        ParserStage.run(&mut d, &mut Diagnostics::default());
    }
    let t2 = thread_cpu();
    let rate = |dt: f64| n * f64::from(reps) / dt.max(1e-9) / 1000.0;
    println!(
        "speed on EWT test raw text ({} tokens, CPU time, {reps} runs): tagging {:.0} k tokens/s, parsing {:.0} k tokens/s",
        n as usize,
        rate(t1 - t0),
        rate(t2 - t1)
    );
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
