//! The evaluation loop: analyse the shared data sets, score them, compare with floors.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde_json::Value;

/// Every evaluation set, in the order they run.
const SETS: &[&str] = &["seed", "dumps", "polnear", "conll", "timeml", "aeb", "ewt"];

/// The metrics shown and checked for each set (keys of the flattened score.py JSON).
fn metrics(set: &str) -> &'static [&'static str] {
    match set {
        "seed" => &[
            "segmentation.f1",
            "segmentation.lead_acc",
            "segmentation.role_acc",
            "noise.f1",
            "statements.end_to_end.f1",
            "statements.named_speaker_recall",
            "statements.medium.f1",
            "statements.stance_links.f1",
            "entities.mentions_typed.f1",
            "entities.variant_merging.f1",
            "money.amount_currency.f1",
            "money.conversion_links.f1",
            "dates.found.f1",
            "dates.resolved.f1",
        ],
        "dumps" => &["boundaries.f1", "noise.f1", "lead_acc"],
        "polnear" => &["speech_f1", "source_acc_on_matched"],
        "conll" => &["typed_exact.f1", "PERSON", "ORG", "GPE"],
        "timeml" => &["value.f1", "found_relaxed.f1"],
        "aeb" => &["f1", "precision", "recall"],
        "ewt" => &["upos", "uas", "las"],
        _ => &[],
    }
}

struct Ctx {
    root: PathBuf,
    shared: PathBuf,
    bin: PathBuf,
    out: PathBuf,
}

impl Ctx {
    fn data(&self, rel: &str) -> PathBuf {
        self.shared.join("data").join(rel)
    }

    fn analyze(&self, args: &[&std::ffi::OsStr]) -> Result<()> {
        let st = Command::new(&self.bin)
            .arg("analyze")
            .args(args)
            .status()
            .context("running readout")?;
        if !st.success() {
            bail!("readout analyze {:?} failed ({st})", args);
        }
        Ok(())
    }

    fn score(&self, args: &[&std::ffi::OsStr]) -> Result<Value> {
        let out = Command::new("python3")
            .arg(self.shared.join("eval/score.py"))
            .args(args)
            .arg("--json")
            .output()
            .context("running python3 score.py")?;
        if !out.status.success() {
            bail!(
                "score.py {:?} failed: {}",
                args,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        serde_json::from_slice(&out.stdout).context("score.py printed no JSON")
    }
}

fn fresh_dir(p: &Path) -> Result<()> {
    if p.exists() {
        std::fs::remove_dir_all(p).with_context(|| format!("removing {}", p.display()))?;
    }
    std::fs::create_dir_all(p).with_context(|| format!("creating {}", p.display()))
}

fn os(p: &Path) -> &std::ffi::OsStr {
    p.as_os_str()
}

fn run_set(cx: &Ctx, set: &str) -> Result<Value> {
    let dir = cx.out.join(set);
    fresh_dir(&dir)?;
    match set {
        "seed" => {
            let pred = dir.join("seed.json");
            let text = cx.data("seed/seed.txt");
            let json = Command::new(&cx.bin)
                .args(["analyze", "--format", "json", "--published", "2025-11-25"])
                .arg(&text)
                .output()?;
            if !json.status.success() {
                bail!(
                    "readout analyze seed.txt failed: {}",
                    String::from_utf8_lossy(&json.stderr)
                );
            }
            std::fs::write(&pred, json.stdout)?;
            cx.score(&[
                os(Path::new("doc")),
                os(&cx.data("seed/seed.gold.json")),
                os(&pred),
            ])
        }
        "dumps" => {
            let gold = cx.data("dumps.dev.jsonl");
            let texts = dir.join("text");
            let pred = dir.join("pred");
            fresh_dir(&texts)?;
            for line in std::fs::read_to_string(&gold)?.lines() {
                let d: Value = serde_json::from_str(line)?;
                let id = d["dump_id"].as_str().context("dump without dump_id")?;
                std::fs::write(
                    texts.join(format!("{id}.txt")),
                    d["text"].as_str().unwrap_or(""),
                )?;
            }
            cx.analyze(&[os(&texts), os(Path::new("--out-dir")), os(&pred)])?;
            cx.score(&[os(Path::new("dumps")), os(&gold), os(&pred)])
        }
        "polnear" => {
            let text = cx.data("polnear/dev/text");
            let pred = dir.join("pred");
            cx.analyze(&[os(&text), os(Path::new("--out-dir")), os(&pred)])?;
            cx.score(&[
                os(Path::new("polnear")),
                os(&cx.data("polnear/dev/attributions.jsonl")),
                os(&text),
                os(&pred),
            ])
        }
        "conll" => {
            let gold = cx.data("conll2003/dev.txt");
            let text = dir.join("dev.txt");
            cx.score_plain(&[os(Path::new("conll-text")), os(&gold), os(&text)])?;
            let pred = dir.join("dev.json");
            let out = Command::new(&cx.bin)
                .args(["analyze", "--format", "json"])
                .arg(&text)
                .output()?;
            if !out.status.success() {
                bail!(
                    "readout analyze dev.txt failed: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            std::fs::write(&pred, out.stdout)?;
            cx.score(&[os(Path::new("conll")), os(&gold), os(&pred)])
        }
        "timeml" => {
            let tml = cx.data("tempeval3");
            let text = dir.join("text");
            let pred = dir.join("pred");
            cx.score_plain(&[os(Path::new("timeml-text")), os(&tml), os(&text)])?;
            // Group the documents by creation date so each group is one readout call.
            let mut groups: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
            for e in std::fs::read_dir(&text)? {
                let p = e?.path();
                if p.extension().is_some_and(|x| x == "txt") {
                    let dct = std::fs::read_to_string(p.with_extension("dct"))?
                        .trim()
                        .to_string();
                    groups.entry(dct).or_default().push(p);
                }
            }
            for (dct, files) in &groups {
                let mut args: Vec<&std::ffi::OsStr> = vec![os(Path::new("--out-dir")), os(&pred)];
                if !dct.is_empty() {
                    args.push(std::ffi::OsStr::new("--published"));
                    args.push(std::ffi::OsStr::new(dct.as_str()));
                }
                args.extend(files.iter().map(|p| os(p)));
                cx.analyze(&args)?;
            }
            cx.score(&[os(Path::new("timeml")), os(&tml), os(&pred)])
        }
        "aeb" => {
            // Article-body extraction: `readout extract` on the gzipped pages, then the
            // 4-gram shingle P/R/F1 against the ground truth.
            let html = cx.data("aeb/html");
            let out = Command::new(&cx.bin).arg("extract").arg(&html).output()?;
            if !out.status.success() {
                bail!(
                    "readout extract failed: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            let mut pred = serde_json::Map::new();
            for line in String::from_utf8_lossy(&out.stdout).lines() {
                let d: Value = serde_json::from_str(line)?;
                let name = d["name"].as_str().unwrap_or("");
                let id = Path::new(name)
                    .file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.split('.').next())
                    .unwrap_or("")
                    .to_string();
                pred.insert(id, serde_json::json!({"articleBody": d["text"]}));
            }
            let pred_path = dir.join("pred.json");
            std::fs::write(&pred_path, serde_json::to_vec(&Value::Object(pred))?)?;
            cx.score(&[
                os(Path::new("aeb")),
                os(&cx.data("aeb/ground-truth.json")),
                os(&pred_path),
            ])
        }
        "ewt" => {
            // The linguistic base through the product's own `readout tag`: EWT test with
            // gold tokens, re-tagged and re-parsed, scored as `cargo xtask eval-ling`
            // scores it (all syntactic words, relations without subtypes).
            let gold = cx.data("treebanks/UD_English-EWT/en_ewt-ud-test.conllu");
            let pred = dir.join("pred.conllu");
            let st = Command::new(&cx.bin)
                .arg("tag")
                .arg(&gold)
                .arg("-o")
                .arg(&pred)
                .status()
                .context("running readout tag")?;
            if !st.success() {
                bail!("readout tag {} failed ({st})", gold.display());
            }
            ewt_scores(&gold, &pred)
        }
        _ => bail!(
            "unknown evaluation set `{set}` (known: {})",
            SETS.join(", ")
        ),
    }
}

/// UPOS accuracy, UAS and LAS of `pred` against `gold` (two CoNLL-U files with the same
/// sentences and syntactic words).
fn ewt_scores(gold: &Path, pred: &Path) -> Result<Value> {
    let g = crate::train_ling::read_conllu(gold)?;
    let p = crate::train_ling::read_conllu(pred)?;
    if g.len() != p.len() {
        bail!(
            "{}: {} sentences, but {} has {}",
            pred.display(),
            p.len(),
            gold.display(),
            g.len()
        );
    }
    let (mut words, mut upos, mut uas, mut las) = (0usize, 0usize, 0usize, 0usize);
    for (k, (gs, ps)) in g.iter().zip(&p).enumerate() {
        if gs.words.len() != ps.words.len() {
            bail!(
                "{}: sentence {} has {} words, the gold {}",
                pred.display(),
                k + 1,
                ps.words.len(),
                gs.words.len()
            );
        }
        for (gw, pw) in gs.words.iter().zip(&ps.words) {
            words += 1;
            upos += usize::from(gw.upos == pw.upos);
            if gw.head == pw.head {
                uas += 1;
                las += usize::from(gw.deprel == pw.deprel);
            }
        }
    }
    let share = |n: usize| n as f64 / words.max(1) as f64;
    Ok(serde_json::json!({
        "words": words,
        "upos": share(upos),
        "uas": share(uas),
        "las": share(las),
    }))
}

impl Ctx {
    fn score_plain(&self, args: &[&std::ffi::OsStr]) -> Result<()> {
        let st = Command::new("python3")
            .arg(self.shared.join("eval/score.py"))
            .args(args)
            .status()?;
        if !st.success() {
            bail!("score.py {:?} failed", args);
        }
        Ok(())
    }
}

/// Flattens score.py JSON: `{a: {b: {p, r, f1}}}` gives `a.b.f1`, `a.b.p`, `a.b.r`.
fn flatten(v: &Value, prefix: &str, out: &mut HashMap<String, f64>) {
    if let Value::Object(m) = v {
        for (k, x) in m {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            match x {
                Value::Number(n) => {
                    out.insert(key, n.as_f64().unwrap_or(0.0));
                }
                Value::Object(_) => flatten(x, &key, out),
                _ => {}
            }
        }
    }
}

type Floors = BTreeMap<String, BTreeMap<String, f64>>;

fn read_table(doc: &toml::Table, name: &str) -> Floors {
    let mut out = Floors::new();
    if let Some(toml::Value::Table(t)) = doc.get(name) {
        for (set, v) in t {
            if let toml::Value::Table(m) = v {
                let vals = m.iter().filter_map(|(k, x)| {
                    x.as_float()
                        .or(x.as_integer().map(|i| i as f64))
                        .map(|f| (k.clone(), f))
                });
                out.insert(set.clone(), vals.collect());
            }
        }
    }
    out
}

fn write_floors(path: &Path, floors: &Floors, targets: &Floors) -> Result<()> {
    let mut s = String::from(
        "# Evaluation floors: `cargo xtask eval --check` fails when a score drops below one.\n\
         # Floors only go up: `cargo xtask eval --bless` raises them to the current scores.\n\
         # Targets are the numbers the issues ask for; they are shown, not enforced.\n",
    );
    for (name, table) in [("floor", floors), ("target", targets)] {
        for (set, m) in table {
            s.push_str(&format!("\n[{name}.{set}]\n"));
            for (k, v) in m {
                s.push_str(&format!("\"{k}\" = {v:.3}\n"));
            }
        }
    }
    std::fs::write(path, s).with_context(|| format!("writing {}", path.display()))
}

/// Runs the evaluation; returns false when `--check` found a score below its floor.
pub fn run(args: &[String]) -> Result<bool> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .context("xtask has no parent folder")?
        .to_path_buf();
    let mut shared = root.join("../shared");
    let mut sets: Vec<String> = Vec::new();
    let (mut check, mut bless, mut build) = (false, false, true);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--check" => check = true,
            "--bless" => bless = true,
            "--no-build" => build = false,
            "--shared" => shared = PathBuf::from(it.next().context("--shared needs a folder")?),
            s if s.starts_with('-') => bail!("unknown option {s}"),
            s => sets.push(s.to_string()),
        }
    }
    if sets.is_empty() {
        sets = SETS.iter().map(ToString::to_string).collect();
    }
    if !shared.join("eval/score.py").exists() {
        bail!(
            "{}: no eval/score.py there; pass --shared DIR",
            shared.display()
        );
    }
    if build {
        let st = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(&root)
            .args(["build", "--release", "--quiet", "-p", "readout-cli"])
            .status()?;
        if !st.success() {
            bail!("cargo build --release failed");
        }
    }
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let cx = Ctx {
        bin: target.join("release/readout"),
        out: root.join("eval/out"),
        shared,
        root: root.clone(),
    };
    let floors_path = cx.root.join("eval/floors.toml");
    let doc: toml::Table = match std::fs::read_to_string(&floors_path) {
        Ok(s) => s
            .parse()
            .with_context(|| format!("{}: not valid TOML", floors_path.display()))?,
        Err(_) => toml::Table::new(),
    };
    let mut floors = read_table(&doc, "floor");
    let targets = read_table(&doc, "target");
    let mut ok = true;
    println!(
        "{:8} {:34} {:>7} {:>7} {:>7}",
        "set", "metric", "score", "floor", "target"
    );
    for set in &sets {
        let started = std::time::Instant::now();
        let v = run_set(&cx, set).with_context(|| format!("evaluating {set}"))?;
        let mut flat = HashMap::new();
        flatten(&v, "", &mut flat);
        std::fs::write(
            cx.out.join(format!("{set}.score.json")),
            serde_json::to_string_pretty(&v)?,
        )?;
        for m in metrics(set) {
            let score = flat.get(*m).copied().unwrap_or(0.0);
            let floor = floors.get(set.as_str()).and_then(|f| f.get(*m)).copied();
            let target = targets.get(set.as_str()).and_then(|f| f.get(*m)).copied();
            let below = floor.is_some_and(|f| score + 1e-9 < f);
            if below {
                ok = false;
            }
            let fmt = |x: Option<f64>| x.map_or_else(|| "-".to_string(), |x| format!("{x:.3}"));
            let mark = if below {
                "  BELOW FLOOR"
            } else if target.is_some_and(|t| score + 1e-9 >= t) {
                "  ok"
            } else {
                ""
            };
            println!(
                "{set:8} {m:34} {score:>7.3} {:>7} {:>7}{mark}",
                fmt(floor),
                fmt(target)
            );
            if bless {
                let rounded = (score * 1000.0).floor() / 1000.0;
                let entry = floors
                    .entry(set.clone())
                    .or_default()
                    .entry((*m).to_string())
                    .or_insert(0.0);
                if rounded > *entry {
                    *entry = rounded;
                }
            }
        }
        eprintln!("{set}: {:.1}s", started.elapsed().as_secs_f64());
    }
    if bless {
        write_floors(&floors_path, &floors, &targets)?;
        println!("floors written to {}", floors_path.display());
    }
    if check && !ok {
        eprintln!("xtask: a score fell below its floor (see BELOW FLOOR above)");
        return Ok(false);
    }
    Ok(true)
}
