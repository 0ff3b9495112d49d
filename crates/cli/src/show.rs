//! `readout show`: one article with its entities, statements, figures and dates.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::bail;
use readout_store::Rows;

use crate::output::{self, StoreArg};

/// Arguments of `readout show`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The article id (as listed by `readout search`).
    #[arg(value_name = "ARTICLE")]
    article: i64,
    /// Print one JSON object (the default when stdout is not a terminal).
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    store: StoreArg,
}

fn json_rows(rows: &Rows) -> serde_json::Value {
    rows.rows
        .iter()
        .map(|r| output::json_row(&rows.columns, r))
        .collect()
}

/// Runs the command.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let store = args.store.open()?;
    let Some(view) = store.article(args.article)? else {
        bail!(
            "no article {} in {}",
            args.article,
            args.store.store.display()
        );
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json || !std::io::stdout().is_terminal() {
        let mut obj = match view.article.rows.first() {
            Some(r) => output::json_row(&view.article.columns, r),
            None => serde_json::Value::Null,
        };
        if let Some(o) = obj.as_object_mut() {
            o.insert("text".into(), view.text.clone().into());
            o.insert("entities".into(), json_rows(&view.entities));
            o.insert("statements".into(), json_rows(&view.statements));
            o.insert("figures".into(), json_rows(&view.figures));
            o.insert("dates".into(), json_rows(&view.dates));
        }
        serde_json::to_writer_pretty(&mut out, &obj)?;
        out.write_all(b"\n")?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let field = |c: &str| view.article.get(0, c).map(output::cell).unwrap_or_default();
    writeln!(
        out,
        "article {}  (document {}, {})",
        field("id"),
        field("document"),
        field("source")
    )?;
    for (label, col) in [("url", "url"), ("published", "published"), ("kind", "kind")] {
        let v = field(col);
        if !v.is_empty() {
            writeln!(out, "{label}: {v}")?;
        }
    }
    writeln!(out, "\n{}\n", view.text.trim_end())?;
    for (title, rows) in [
        ("entities", &view.entities),
        ("statements", &view.statements),
        ("figures", &view.figures),
        ("dates", &view.dates),
    ] {
        writeln!(out, "{title} ({})", rows.len())?;
        if !rows.is_empty() {
            output::table(&mut out, rows)?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
