//! `readout`: the command-line tool of the readout news-intelligence engine.

mod analyze;
mod entities_cmd;
mod export;
mod extract;
mod ingest;
mod input;
mod json;
mod output;
#[cfg(feature = "parquet")]
mod parquet_out;
mod report;
mod search;
mod serve;
mod show;
mod statements_cmd;
mod stats;
mod stream;
mod tag;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// readout: turns raw news into a searchable record of articles, actors, statements,
/// figures and dates, each linked to the characters it came from.
#[derive(Debug, Parser)]
#[command(name = "readout", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Analyse texts and write readout/1 JSON (or a readable report).
    Analyze(analyze::Args),
    /// Print the documents found in HTML pages, feeds, WARC archives and JSONL (text and
    /// metadata, as JSON Lines) without analysing them.
    Extract(extract::Args),
    /// Analyse texts and add them to a corpus store (default ./readout-data).
    Ingest(ingest::Args),
    /// Search the store's articles (or statements), best matches first.
    Search(search::Args),
    /// List statements by speaker, topic, date, medium or stance.
    Statements(statements_cmd::Args),
    /// List the store's entities, most mentioned first.
    Entities(entities_cmd::Args),
    /// Show one article with its entities, statements, figures and dates.
    Show(show::Args),
    /// Count what the store holds.
    Stats(stats::Args),
    /// Export the store's tables as JSON Lines, CSV or Parquet.
    Export(export::Args),
    /// Serve the store as a local web app and JSON API (default http://127.0.0.1:8080/).
    Serve(serve::Args),
    /// Re-tag and re-parse a CoNLL-U file with gold tokens (predicted UPOS, HEAD, DEPREL).
    Tag(tag::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(&args),
        Command::Extract(args) => extract::run(&args),
        Command::Ingest(args) => ingest::run(&args),
        Command::Search(args) => search::run(&args),
        Command::Statements(args) => statements_cmd::run(&args),
        Command::Entities(args) => entities_cmd::run(&args),
        Command::Show(args) => show::run(&args),
        Command::Stats(args) => stats::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Tag(args) => tag::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("readout: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}
