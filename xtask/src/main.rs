//! Project tasks. `cargo xtask eval` runs the evaluation on ../shared and checks the
//! floors kept in `eval/floors.toml`.

mod eval;
mod train_ling;
mod train_segment;

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
  train-ling [--shared DIR]
        Train the part-of-speech tagger and the dependency parser on the treebanks and
        write their weights into crates/core/models/{pos,deps}.
  eval-ling [--shared DIR]
        Score the committed tagger and parser on the EWT test split and the sentence
        splitter on raw GUM test documents.
  train-segment [--epochs N] [--dumps N] [--seeds N] [--drop P] [--shared DIR]
        Train the line-role model of the segment stage on dumps generated from PolNeAR
        train articles and crates/core/data/segment/noise_pool.txt; writes
        crates/core/models/segment/weights.bin.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("eval") => eval::run(&args[1..]),
        Some("train-ling") => train_ling::train(&args[1..]),
        Some("eval-ling") => train_ling::eval(&args[1..]),
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
