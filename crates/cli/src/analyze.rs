//! `readout analyze`: one text gives one readout/1 JSON object; several give JSONL.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use readout_core::{Date, Options};

use crate::input;
use crate::json::{self, SourceInfo};
use crate::report;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Text on a terminal, JSON otherwise.
    Auto,
    /// readout/1 JSON (one object per input; JSONL for several).
    Json,
    /// A readable report.
    Text,
}

/// Arguments of `readout analyze`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders to analyse (`-` reads standard input): text, HTML pages, RSS/Atom/
    /// JSON feeds, WARC archives (.warc, .warc.gz) and JSONL, detected by content. Folders
    /// are walked for files with those extensions.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Publication date (YYYY-MM-DD): the reference for relative dates such as "Tuesday".
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    published: Option<Date>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Auto)]
    format: Format,
    /// Write one `<name>.json` per input into this folder instead of printing.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a calendar date of the form YYYY-MM-DD"))
}

/// Runs the command; per-input failures are reported and make the exit code 1.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let files = input::expand(&args.paths)?;
    let format = match args.format {
        Format::Auto if std::io::stdout().is_terminal() && args.out_dir.is_none() => Format::Text,
        Format::Auto => Format::Json,
        f => f,
    };
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create the output folder", dir.display()))?;
    }
    let single = files.len() == 1;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let mut total = 0usize;
    for path in &files {
        let docs = match input::open_docs(path) {
            Ok(r) => r,
            Err(e) if single => bail!(e),
            Err(e) => {
                eprintln!("readout: {e}");
                failed += 1;
                total += 1;
                continue;
            }
        };
        let one = single && docs.known_len == Some(1);
        let many = docs.known_len != Some(1);
        let mut k = 0usize;
        for item in docs {
            let inp = match item {
                input::Item::Doc(d) => d,
                input::Item::Problem(p) => {
                    eprintln!("readout: {p}");
                    if !p.code.starts_with("encoding.") {
                        failed += 1;
                        total += 1;
                    }
                    continue;
                }
            };
            total += 1;
            k += 1;
            let ex = inp.extracted.as_ref();
            // The publication date found in the page is the reference date, unless
            // --published overrides it.
            let options = Options {
                published: args.published.or_else(|| {
                    ex.and_then(|e| e.published.as_deref())
                        .and_then(Date::parse)
                }),
            };
            let (doc, diags) = readout_core::analyze(&inp.text, &options);
            let base = if path.as_os_str() == "-" {
                "-".to_string()
            } else {
                path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                )
            };
            let name = match ex.and_then(|e| e.record.as_deref()) {
                Some(r) if many => format!("{base}#{r}"),
                _ => base,
            };
            let source = SourceInfo {
                name: name.clone(),
                sha256: inp.sha256,
                url: ex.and_then(|e| e.url.clone()),
                title: ex.and_then(|e| e.title.clone()),
                extracted: ex.is_some(),
                record: ex.and_then(|e| e.record.clone()),
                format: ex.map(|e| e.format.as_str()),
                summary_only: ex.is_some_and(|e| e.summary_only),
                html_map: ex.map_or_else(Vec::new, |e| {
                    e.map.iter().map(|m| (m.text, m.html)).collect()
                }),
            };
            if let Some(dir) = &args.out_dir {
                let mut stem = path
                    .file_stem()
                    .map_or_else(|| "stdin".into(), |s| s.to_string_lossy().into_owned());
                if many {
                    stem = format!("{stem}-{k}");
                }
                let target = dir.join(format!("{stem}.json"));
                let value = json::render(&doc, &diags, &source);
                let tmp = dir.join(format!(".{stem}.json.tmp"));
                std::fs::write(&tmp, serde_json::to_vec(&value)?)
                    .with_context(|| format!("{}: cannot write", tmp.display()))?;
                std::fs::rename(&tmp, &target)
                    .with_context(|| format!("{}: cannot write", target.display()))?;
                continue;
            }
            match format {
                Format::Text => {
                    out.write_all(report::render(&name, &doc, &diags).as_bytes())?;
                }
                _ => {
                    let value = json::render(&doc, &diags, &source);
                    if one {
                        serde_json::to_writer_pretty(&mut out, &value)?;
                    } else {
                        serde_json::to_writer(&mut out, &value)?;
                    }
                    out.write_all(b"\n")?;
                }
            }
        }
    }
    out.flush()?;
    if failed > 0 {
        eprintln!("readout: {failed} of {total} input(s) failed");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
