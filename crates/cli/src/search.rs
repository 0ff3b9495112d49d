//! `readout search`: full-text search over the store, ranked by BM25.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use readout_store::SearchIn;

use crate::output::{self, FormatArgs, Mode, StoreArg};

/// Arguments of `readout search`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Words and "quoted phrases" that must all occur; OR and NOT (in capitals) combine
    /// them, and `word*` matches a prefix.
    #[arg(value_name = "QUERY")]
    query: String,
    /// Search statement content instead of article text.
    #[arg(long)]
    statements: bool,
    /// At most this many results.
    #[arg(long, short = 'n', default_value_t = 10)]
    limit: usize,
    /// Rank with SQLite FTS5 even when built with the `tantivy` feature (for comparisons).
    #[arg(long, hide = true)]
    fts5: bool,
    /// Rank the two halves of the store on two threads from this many articles on
    /// (default 20,000; for measurements).
    #[arg(long, hide = true, value_name = "N")]
    split_from: Option<i64>,
    #[command(flatten)]
    store: StoreArg,
    #[command(flatten)]
    format: FormatArgs,
}

/// Runs the command.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let mut store = args.store.open()?;
    if args.fts5 {
        store.set_tantivy_search(false);
    }
    if let Some(n) = args.split_from {
        store.set_parallel_search_from(n);
    }
    let within = if args.statements {
        SearchIn::Statements
    } else {
        SearchIn::Articles
    };
    let mode = args.format.mode();
    let color = mode == Mode::Table && std::io::stdout().is_terminal();
    let marks = if color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("**", "**")
    };
    let rows = store.search_marked(&args.query, args.limit, within, marks)?;
    if mode != Mode::Table {
        output::print(&rows, mode)?;
        return Ok(ExitCode::SUCCESS);
    }
    // On a terminal: one block per hit, the snippet in full with the hits highlighted.
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if rows.is_empty() {
        writeln!(out, "(no results)")?;
    }
    for i in 0..rows.len() {
        let get = |c: &str| rows.get(i, c).map(output::cell).unwrap_or_default();
        let id = if args.statements {
            format!(
                "statement {} (article {})",
                get("statement"),
                get("article")
            )
        } else {
            format!("article {}", get("article"))
        };
        let title = if args.statements {
            get("speaker")
        } else {
            get("headline")
        };
        writeln!(
            out,
            "{}. {id}  {}  score {}\n   {}\n   {}\n",
            i + 1,
            get("source"),
            get("score"),
            title,
            get("snippet").replace('\n', " ")
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
