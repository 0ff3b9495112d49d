//! `readout export`: the store's tables as JSON Lines, CSV or (with the `parquet`
//! feature) Parquet files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use readout_store::{ExportTable, Store, Value};

use crate::output::{self, StoreArg};

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object a line.
    Jsonl,
    /// CSV with a header line.
    Csv,
    /// Apache Parquet (needs a readout built with `--features parquet`).
    Parquet,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Parquet => "parquet",
        }
    }
}

/// Arguments of `readout export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file format.
    #[arg(long, value_enum)]
    format: Format,
    /// Tables to export: articles, statements, entities, mentions, figures, dates
    /// (default: all; exactly one when writing to stdout).
    #[arg(long = "table", value_name = "TABLE", value_parser = parse_table)]
    tables: Vec<ExportTable>,
    /// Write `<table>.<format>` files into this folder instead of printing one table.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    store: StoreArg,
}

fn parse_table(s: &str) -> Result<ExportTable, String> {
    ExportTable::parse(s).ok_or_else(|| {
        let names: Vec<&str> = ExportTable::ALL.iter().map(|t| t.name()).collect();
        format!("`{s}` is not a table; use one of {}", names.join(", "))
    })
}

/// Writes one table as JSON Lines or CSV.
fn write_text(
    store: &Store,
    table: ExportTable,
    format: Format,
    out: &mut dyn Write,
) -> anyhow::Result<u64> {
    let mut n = 0u64;
    if format == Format::Csv {
        let cols = store.export_columns(table)?;
        output::csv_record(out, cols.iter().map(String::as_str))?;
    }
    store.export(table, |cols, row| -> anyhow::Result<()> {
        match format {
            Format::Csv => {
                let cells: Vec<String> = row
                    .iter()
                    .map(Value::as_text)
                    .map(Option::unwrap_or_default)
                    .collect();
                output::csv_record(out, cells.iter().map(String::as_str))?;
            }
            _ => {
                serde_json::to_writer(&mut *out, &output::json_row(cols, &row))?;
                out.write_all(b"\n")?;
            }
        }
        n += 1;
        Ok(())
    })?;
    Ok(n)
}

fn write_file(
    store: &Store,
    table: ExportTable,
    format: Format,
    dir: &Path,
) -> anyhow::Result<u64> {
    let target = dir.join(format!("{}.{}", table.name(), format.extension()));
    let tmp = dir.join(format!(".{}.{}.tmp", table.name(), format.extension()));
    let n = if format == Format::Parquet {
        parquet_file(store, table, &tmp)?
    } else {
        let f = std::fs::File::create(&tmp)
            .with_context(|| format!("{}: cannot write", tmp.display()))?;
        let mut w = std::io::BufWriter::new(f);
        let n = write_text(store, table, format, &mut w)?;
        w.flush()?;
        n
    };
    std::fs::rename(&tmp, &target)
        .with_context(|| format!("{}: cannot write", target.display()))?;
    eprintln!("readout: {} rows → {}", n, target.display());
    Ok(n)
}

#[cfg(feature = "parquet")]
fn parquet_file(store: &Store, table: ExportTable, path: &Path) -> anyhow::Result<u64> {
    crate::parquet_out::write(store, table, path)
}

#[cfg(not(feature = "parquet"))]
fn parquet_file(_: &Store, _: ExportTable, _: &Path) -> anyhow::Result<u64> {
    bail!(
        "this readout was built without Parquet support; rebuild it with \
         `cargo build --release -p readout-cli --features parquet`, or export jsonl or csv"
    )
}

/// Runs the command.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let store = args.store.open()?;
    let tables: Vec<ExportTable> = if args.tables.is_empty() {
        ExportTable::ALL.to_vec()
    } else {
        args.tables.clone()
    };
    match &args.out {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("{}: cannot create the output folder", dir.display()))?;
            for t in tables {
                write_file(&store, t, args.format, dir)?;
            }
        }
        None => {
            let [table] = tables.as_slice() else {
                bail!("name one --table to print, or give --out DIR to write every table");
            };
            if args.format == Format::Parquet {
                bail!("Parquet is written to files only: give --out DIR");
            }
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            write_text(&store, *table, args.format, &mut out)?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
