//! `readout extract`: prints the documents found in inputs (HTML article text and
//! metadata, feed items, WARC records, JSONL lines) as JSON Lines, without analysing them.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::json;

use crate::input;

/// Arguments of `readout extract`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders to read (`-` reads standard input).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// Runs the command: one JSON object per document; problems go to standard error and
/// make the exit code 1.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let files = input::expand(&args.paths)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    for path in &files {
        let docs = match input::open_docs(path) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("readout: {e}");
                failed += 1;
                continue;
            }
        };
        let name = path.display().to_string();
        for item in docs {
            match item {
                input::Item::Doc(d) => {
                    let e = d.extracted.unwrap_or_default();
                    let v = json!({
                        "name": name,
                        "record": e.record,
                        "format": e.format.as_str(),
                        "url": e.url,
                        "title": e.title,
                        "byline": e.byline,
                        "published": e.published,
                        "source": e.source,
                        "lang": e.lang,
                        "summary_only": e.summary_only,
                        "text": d.text,
                    });
                    serde_json::to_writer(&mut out, &v)?;
                    out.write_all(b"\n")?;
                }
                input::Item::Problem(p) => {
                    eprintln!("readout: {p}");
                    if !p.code.starts_with("encoding.") {
                        failed += 1;
                    }
                }
            }
        }
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
