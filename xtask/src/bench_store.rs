//! `cargo xtask bench-store`: ingest throughput, store size and search latency of the
//! release binary on a generated corpus (see gen_corpus.rs).
//!
//! Search latency is measured as users see it: the wall-clock time of one
//! `readout search QUERY --json` process (start-up, opening the store, the query and
//! printing), for a fixed mix of queries.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::gen_corpus::{self, Rng};

struct Opts {
    docs: usize,
    corpus: PathBuf,
    store: PathBuf,
    queries: usize,
    build: bool,
    optimize: bool,
    jobs: Option<String>,
    fts5: bool,
    skip_ingest: bool,
    bin: Option<PathBuf>,
}

fn parse(args: &[String]) -> Result<Opts> {
    let mut o = Opts {
        docs: 100_000,
        corpus: PathBuf::from("target/bench/corpus"),
        store: PathBuf::from("target/bench/store"),
        queries: 200,
        build: true,
        optimize: false,
        jobs: None,
        fts5: false,
        skip_ingest: false,
        bin: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut val = || it.next().context(format!("{a} needs a value"));
        match a.as_str() {
            "--docs" => o.docs = val()?.parse()?,
            "--corpus" => o.corpus = PathBuf::from(val()?),
            "--store" => o.store = PathBuf::from(val()?),
            "--queries" => o.queries = val()?.parse()?,
            "--jobs" => o.jobs = Some(val()?.clone()),
            "--no-build" => o.build = false,
            "--optimize" => o.optimize = true,
            "--fts5" => o.fts5 = true,
            "--skip-ingest" => o.skip_ingest = true,
            "--bin" => o.bin = Some(PathBuf::from(val()?)),
            _ => bail!("unknown option {a}"),
        }
    }
    Ok(o)
}

/// Bytes of the files under `p`, sub-folders included.
fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| {
                    let m = e.metadata().ok()?;
                    Some(if m.is_dir() {
                        dir_size(&e.path())
                    } else {
                        m.len()
                    })
                })
                .sum()
        })
        .unwrap_or(0)
}

/// A fixed mix of queries: common words, invented names, two-word queries, phrases and
/// prefixes, drawn from the fixtures and the generator's name pool.
fn queries(root: &Path, n: usize) -> Result<Vec<String>> {
    let mut words: Vec<String> = Vec::new();
    let mut pairs: Vec<String> = Vec::new();
    let dir = root.join("fixtures/articles");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    for p in paths {
        let text = std::fs::read_to_string(&p)?;
        let toks: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 3)
            .collect();
        for w in toks.windows(2) {
            pairs.push(format!("{} {}", w[0], w[1]));
        }
        words.extend(toks.iter().map(|w| w.to_lowercase()));
    }
    words.sort();
    words.dedup();
    let mut rng = Rng::new(42);
    let pool = gen_corpus::name_pool(4000, &mut rng);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let q = match i % 5 {
            0 => words[rng.below(words.len())].clone(),
            1 => pool[rng.below(pool.len())].clone(),
            2 => format!(
                "{} {}",
                words[rng.below(words.len())],
                pool[rng.below(pool.len())]
            ),
            3 => format!("\"{}\"", pairs[rng.below(pairs.len())]),
            _ => {
                let w = &words[rng.below(words.len())];
                format!("{}*", &w[..w.len().min(4)])
            }
        };
        out.push(q);
    }
    Ok(out)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Runs the benchmark and prints a Markdown table.
pub fn run(root: &Path, args: &[String]) -> Result<bool> {
    let o = parse(args)?;
    if o.build && o.bin.is_none() {
        let st = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["build", "--release", "-p", "readout-cli"])
            .current_dir(root)
            .status()?;
        if !st.success() {
            bail!("cargo build failed");
        }
    }
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let bin = o
        .bin
        .clone()
        .unwrap_or_else(|| target.join("release/readout"));
    let corpus = root.join(&o.corpus);
    let store = root.join(&o.store);
    if dir_size(&corpus) == 0 {
        eprintln!(
            "bench-store: generating {} articles in {}",
            o.docs,
            corpus.display()
        );
        gen_corpus::generate(root, o.docs, &corpus)?;
    }
    if store.exists() && !o.skip_ingest {
        std::fs::remove_dir_all(&store)?;
    }

    let mut ingest = Command::new(&bin);
    ingest.arg("ingest").arg(&corpus).arg("--store").arg(&store);
    if o.optimize {
        ingest.arg("--optimize");
    }
    if let Some(j) = &o.jobs {
        ingest.args(["--jobs", j]);
    }
    let mut ingest_secs = f64::NAN;
    if !o.skip_ingest {
        eprintln!("bench-store: {ingest:?}");
        let t = Instant::now();
        let st = ingest.status().context("running readout ingest")?;
        ingest_secs = t.elapsed().as_secs_f64();
        if !st.success() {
            bail!("readout ingest failed ({st})");
        }
    }
    let stats = Command::new(&bin)
        .args(["stats", "--json", "--store"])
        .arg(&store)
        .output()?;
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout)?;
    let text_bytes = stats["text_bytes"].as_u64().unwrap_or(0);
    let docs = stats["documents"].as_u64().unwrap_or(0);
    let store_bytes = dir_size(&store);

    let qs = queries(root, o.queries)?;
    // The query list, for scripts/search_cpu.py (which also measures CPU time).
    std::fs::write(
        store.parent().unwrap_or(&store).join("queries.txt"),
        qs.join("\n") + "\n",
    )?;
    let search = |q: &str| {
        let mut c = Command::new(&bin);
        c.args(["search", q, "--json", "--store"]).arg(&store);
        if o.fts5 {
            c.arg("--fts5");
        }
        c
    };
    // One warm-up pass so that the page cache holds the index, as on a used machine.
    for q in qs.iter().take(20) {
        search(q).stdout(Stdio::null()).status()?;
    }
    let mut times = Vec::with_capacity(qs.len());
    let mut hits = 0usize;
    for q in &qs {
        let t = Instant::now();
        let out = search(q).output()?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        if !out.status.success() {
            bail!(
                "search {q:?} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        hits += usize::from(!out.stdout.is_empty());
    }
    times.sort_by(f64::total_cmp);

    let mb = text_bytes as f64 / 1e6;
    println!("| measure | value |");
    println!("|---|---|");
    println!("| documents | {docs} |");
    println!("| text | {mb:.1} MB |");
    println!("| ingest wall time | {ingest_secs:.1} s |");
    println!(
        "| ingest throughput | {:.1} MB/s |",
        mb / ingest_secs.max(1e-9)
    );
    println!(
        "| store size | {:.1} MB ({:.2}× the text) |",
        store_bytes as f64 / 1e6,
        store_bytes as f64 / text_bytes.max(1) as f64
    );
    println!(
        "| search ({} queries, {hits} with hits) p50 / p95 / p99 / max | {:.1} / {:.1} / {:.1} / {:.1} ms |",
        qs.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        percentile(&times, 0.99),
        times.last().copied().unwrap_or(0.0)
    );
    Ok(true)
}
