//! Project tasks. `cargo xtask eval` runs the evaluation on ../shared and checks the
//! floors kept in `eval/floors.toml`.

mod bench_store;
mod duckling;
mod eval;
mod gen_corpus;
mod tidy;
mod train_clusters;
mod train_ling;
mod train_ner;
mod train_segment;
mod train_statements;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <task> [options]

tasks:
  eval [SET...] [--check] [--bless] [--no-build] [--shared DIR]
        Analyse the shared evaluation data with target/release/readout, score it with
        ../shared/eval/score.py and print a table against eval/floors.toml.
        SETs: seed dumps polnear conll timeml (default: all).
        --check     exit non-zero when a score is below its floor
        --bless     raise floors to the current scores (floors never go down)
        --no-build  use the existing release binary
        --shared    where the shared folder is (default: ../shared)
  gen-corpus N DIR
        Write a synthetic corpus of N articles (JSONL) made from fixtures/articles.
  bench-store [--docs N] [--corpus DIR] [--store DIR] [--queries N] [--jobs N] [--bin PATH]
              [--optimize] [--fts5] [--skip-ingest] [--no-build]
        Ingest a generated corpus with the release binary and measure throughput, store
        size and search latency (defaults: 100000 docs under target/bench/).
  duckling [--verbose] [--shared DIR]
        Score the money and number grammar on Duckling's English examples.
  train-ling [--shared DIR] [--tagger-only | --parser-only]
        Train the part-of-speech tagger and the dependency parser on the treebanks and
        write their weights into crates/core/models/{pos,deps} (run it with
        `cargo run --release -p xtask -- train-ling`: a debug build trains slowly).
  eval-ling [--shared DIR]
        Score the committed tagger and parser on the EWT test split and the sentence
        splitter on raw GUM test documents.
  train-ner [--epochs N] [--bits N] [--shared DIR]
        Train the entity tagger on CoNLL-2003 train; writes crates/core/models/ner/ner.bin.
  train-clusters [--min-count N] [--coarse N] [--fine N] [--iterations N] [--shared DIR]
        Learn word classes for the entity tagger from unlabelled text (exchange
        algorithm); writes crates/core/models/ner/clusters.txt.
  train-statements [--epochs N] [--bits N] [--shared DIR]
        Train the statement filter on PolNeAR train; writes
        crates/core/models/statements/scorer.bin.
  train-segment [--epochs N] [--dumps N] [--seeds N] [--drop P] [--shared DIR]
        Train the line-role model of the segment stage on dumps generated from PolNeAR
        train articles and crates/core/data/segment/noise_pool.txt; writes
        crates/core/models/segment/weights.bin.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("eval") => eval::run(&args[1..]),
        Some("gen-corpus") => gen_corpus::run(&workspace_root(), &args[1..]),
        Some("bench-store") => bench_store::run(&workspace_root(), &args[1..]),
        Some("duckling") => duckling::run(&args[1..]),
        Some("train-ling") => train_ling::train(&args[1..]),
        Some("eval-ling") => train_ling::eval(&args[1..]),
        Some("train-ner") => train_ner::run(&args[1..]),
        Some("train-clusters") => train_clusters::run(&args[1..]),
        Some("train-statements") => train_statements::run(&args[1..]),
        Some("train-segment") => train_segment::run(&args[1..]),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of the xtask crate).
fn workspace_root() -> std::path::PathBuf {
    let xtask = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().unwrap_or(xtask).to_path_buf()
}

/// The files of `dir` whose extension is `ext`, sorted by path.
fn sorted_files(dir: &std::path::Path, ext: &str) -> anyhow::Result<Vec<std::path::PathBuf>> {
    use anyhow::Context;
    let mut names: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    names.sort();
    Ok(names)
}

/// Drops XML markup (everything from `<` to the next `>`), keeping the text between.
fn drop_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
