//! Printing store query results: a table on a terminal, JSON Lines or CSV otherwise.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use readout_store::{Rows, Value};

/// Where the store is (shared by every store command).
#[derive(Debug, clap::Args)]
pub struct StoreArg {
    /// The store folder.
    #[arg(long, value_name = "DIR", default_value = readout_store::DEFAULT_STORE_DIR)]
    pub store: PathBuf,
}

impl StoreArg {
    /// Opens the existing store (a missing one is a clear error).
    pub fn open(&self) -> anyhow::Result<readout_store::Store> {
        Ok(readout_store::Store::open_existing(&self.store)?)
    }
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// An aligned table for people.
    Table,
    /// One JSON object per line.
    Json,
    /// Comma-separated values with a header line.
    Csv,
}

/// The output-format flags.
#[derive(Debug, clap::Args)]
pub struct FormatArgs {
    /// Print JSON Lines (one object per row); the default when stdout is not a terminal.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV with a header line.
    #[arg(long)]
    pub csv: bool,
}

impl FormatArgs {
    /// The mode to print in.
    #[must_use]
    pub fn mode(&self) -> Mode {
        if self.json {
            Mode::Json
        } else if self.csv {
            Mode::Csv
        } else if std::io::stdout().is_terminal() {
            Mode::Table
        } else {
            Mode::Json
        }
    }
}

/// A store value as JSON.
#[must_use]
pub fn json_value(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Int(i) => (*i).into(),
        Value::Real(f) => serde_json::Number::from_f64(*f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        Value::Text(s) => s.clone().into(),
    }
}

/// One row as a JSON object.
#[must_use]
pub fn json_row(columns: &[String], row: &[Value]) -> serde_json::Value {
    let map: serde_json::Map<String, serde_json::Value> = columns
        .iter()
        .zip(row)
        .map(|(c, v)| (c.clone(), json_value(v)))
        .collect();
    serde_json::Value::Object(map)
}

/// Writes one CSV field (quoted when needed, RFC 4180).
pub fn csv_field(out: &mut (impl Write + ?Sized), s: &str) -> std::io::Result<()> {
    if s.contains([',', '"', '\n', '\r']) {
        out.write_all(b"\"")?;
        out.write_all(s.replace('"', "\"\"").as_bytes())?;
        out.write_all(b"\"")
    } else {
        out.write_all(s.as_bytes())
    }
}

/// Writes one CSV record.
pub fn csv_record<'a>(
    out: &mut (impl Write + ?Sized),
    fields: impl IntoIterator<Item = &'a str>,
) -> std::io::Result<()> {
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        csv_field(out, f)?;
    }
    out.write_all(b"\n")
}

/// The text shown for a value in tables and CSV.
#[must_use]
pub fn cell(v: &Value) -> String {
    match v {
        Value::Real(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        v => v.as_text().unwrap_or_default(),
    }
}

const MAX_CELL: usize = 60;

fn shorten(s: &str, max: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.chars().count() <= max {
        flat
    } else {
        let mut t: String = flat.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Writes rows as an aligned table (long cells are shortened).
pub fn table(out: &mut impl Write, rows: &Rows) -> std::io::Result<()> {
    let cells: Vec<Vec<String>> = rows
        .rows
        .iter()
        .map(|r| r.iter().map(|v| shorten(&cell(v), MAX_CELL)).collect())
        .collect();
    let mut widths: Vec<usize> = rows.columns.iter().map(|c| c.chars().count()).collect();
    for r in &cells {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |out: &mut dyn Write, items: &[String]| -> std::io::Result<()> {
        let mut s = String::new();
        for (i, (item, w)) in items.iter().zip(&widths).enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            s.push_str(item);
            if i + 1 < items.len() {
                s.extend(std::iter::repeat_n(' ', w - item.chars().count()));
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    line(out, &rows.columns)?;
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    line(out, &rule)?;
    for r in &cells {
        line(out, r)?;
    }
    Ok(())
}

/// Prints rows in the chosen mode.
pub fn print(rows: &Rows, mode: Mode) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match mode {
        Mode::Table => {
            if rows.is_empty() {
                writeln!(out, "(no results)")?;
            } else {
                table(&mut out, rows)?;
            }
        }
        Mode::Json => {
            for r in &rows.rows {
                serde_json::to_writer(&mut out, &json_row(&rows.columns, r))?;
                out.write_all(b"\n")?;
            }
        }
        Mode::Csv => {
            csv_record(&mut out, rows.columns.iter().map(String::as_str))?;
            for r in &rows.rows {
                let cells: Vec<String> = r.iter().map(cell).collect();
                csv_record(&mut out, cells.iter().map(String::as_str))?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        let mut out = Vec::new();
        csv_record(&mut out, ["plain", "a,b", "say \"hi\"", "two\nlines"]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\n"
        );
    }

    #[test]
    fn tables_align_and_shorten() {
        let rows = Rows {
            columns: vec!["id".into(), "name".into()],
            rows: vec![
                vec![Value::Int(7), Value::Text("Kolářová".into())],
                vec![Value::Int(12), Value::Text("x".repeat(80))],
            ],
        };
        let mut out = Vec::new();
        table(&mut out, &rows).unwrap();
        let s = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[0], "id  name");
        assert_eq!(lines[2], "7   Kolářová");
        assert!(lines[3].starts_with("12  xxx"));
        assert_eq!(lines[3].chars().count(), 4 + MAX_CELL);
        assert!(lines[3].ends_with('…'));
    }
}
