//! `readout analyze`: one text gives one readout/1 JSON object; several give JSONL.

use std::io::{IsTerminal, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use readout_core::{Date, Diagnostics, Document, Options, Pipeline};

use crate::input;
use crate::json::{self, SourceInfo};
use crate::report;
use crate::stream;

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

/// Analyses one text for a readout/1 record (or a store document, which holds the same
/// layers): [`readout_core::record_pipeline`], built once, which leaves out the dependency
/// parser because nothing in the record uses its layer.
pub fn analyze_record(text: &str, options: &Options) -> (Document, Diagnostics) {
    static PIPELINE: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    readout_core::analyze_with(
        PIPELINE.get_or_init(readout_core::record_pipeline),
        text,
        options,
    )
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
    let chunk = stream::chunk_bytes();
    for path in &files {
        // Standard input larger than a chunk goes to a temporary file: a text is then
        // streamed like a large file, anything else is read back whole.
        let mut stdin_bytes = None;
        let mut large = None;
        if path.as_os_str() == "-" {
            match stream::read_stdin(chunk).map_err(|e| input::InputError::Io(path.clone(), e)) {
                Ok(stream::Stdin::Small(b)) => stdin_bytes = Some(b),
                Ok(stream::Stdin::Large(head, mut file)) => {
                    if readout_extract::detect(&head, "-") == readout_extract::Format::Text {
                        large = Some(file);
                    } else {
                        let mut b = Vec::new();
                        file.read_to_end(&mut b)
                            .map_err(|e| input::InputError::Io(path.clone(), e))?;
                        stdin_bytes = Some(b);
                    }
                }
                Err(e) if single => bail!(e),
                Err(e) => {
                    eprintln!("readout: {e}");
                    failed += 1;
                    total += 1;
                    continue;
                }
            }
        } else if is_large_text(path, chunk) {
            large = std::fs::File::open(path).ok();
        }
        if let Some(file) = large {
            total += 1;
            match analyze_large(args, path, file, chunk, format, single, &mut out) {
                Ok(()) => {}
                Err(e) if single => return Err(e),
                Err(e) => {
                    eprintln!("readout: {e:#}");
                    failed += 1;
                }
            }
            continue;
        }
        let opened = match stdin_bytes {
            Some(b) => input::docs_from_bytes(path, b),
            None => input::open_docs(path),
        };
        let docs = match opened {
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
            let (doc, diags) = analyze_record(&inp.text, &options);
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
                let mut bytes = Vec::new();
                stream::write_whole(&doc, &diags, &source, false, &mut bytes)?;
                let tmp = dir.join(format!(".{stem}.json.tmp"));
                std::fs::write(&tmp, bytes)
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
                    stream::write_whole(&doc, &diags, &source, one, &mut out)?;
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

/// True for a plain text file larger than one chunk: it is analysed in chunks.
fn is_large_text(path: &Path, chunk: usize) -> bool {
    if path.as_os_str() == "-" {
        return false;
    }
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if !meta.is_file() || meta.len() <= chunk as u64 {
        return false;
    }
    let mut head = Vec::with_capacity(1 << 16);
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    if file.take(1 << 16).read_to_end(&mut head).is_err() {
        return false;
    }
    readout_extract::detect(&head, &path.display().to_string()) == readout_extract::Format::Text
}

/// Analyses a large text file chunk by chunk (see [`crate::stream`]), writing the JSON
/// object incrementally or one report per chunk.
fn analyze_large(
    args: &Args,
    path: &Path,
    mut file: std::fs::File,
    chunk: usize,
    format: Format,
    single: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let checked = stream::check_text(path, &mut file)?;
    file.seek(std::io::SeekFrom::Start(0))
        .with_context(|| format!("{}", path.display()))?;
    let name = if path.as_os_str() == "-" {
        "-".to_string()
    } else {
        path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    let options = Options {
        published: args.published,
    };
    let mut chunks = stream::Chunker::new(file, chunk);
    let read_err = |e: std::io::Error| anyhow::anyhow!("{}: {e}", path.display());
    if args.out_dir.is_none() && format == Format::Text {
        let mut k = 0;
        while let Some(text) = chunks.next_chunk().map_err(read_err)? {
            k += 1;
            let (doc, diags) = analyze_record(&text, &options);
            let part = format!("{name} (part {k}, chunks are analysed separately)");
            out.write_all(report::render(&part, &doc, &diags).as_bytes())?;
        }
        return Ok(());
    }
    let pretty = single && args.out_dir.is_none();
    let mut s = stream::JsonStream::new(pretty);
    while let Some(text) = chunks.next_chunk().map_err(read_err)? {
        let (doc, diags) = analyze_record(&text, &options);
        s.add(&doc, &diags)?;
    }
    let source = SourceInfo {
        name,
        sha256: checked.sha256,
        ..SourceInfo::default()
    };
    let src = json::source_value(&source, s.chars(), args.published, None);
    if let Some(dir) = &args.out_dir {
        let stem = path
            .file_stem()
            .map_or_else(|| "stdin".into(), |s| s.to_string_lossy().into_owned());
        let target = dir.join(format!("{stem}.json"));
        let tmp = dir.join(format!(".{stem}.json.tmp"));
        let file = std::fs::File::create(&tmp)
            .with_context(|| format!("{}: cannot write", tmp.display()))?;
        let mut w = std::io::BufWriter::new(file);
        s.finish(&src, &mut w)
            .and_then(|()| w.flush())
            .with_context(|| format!("{}: cannot write", tmp.display()))?;
        std::fs::rename(&tmp, &target)
            .with_context(|| format!("{}: cannot write", target.display()))?;
        return Ok(());
    }
    s.finish(&src, out)?;
    out.write_all(b"\n")?;
    Ok(())
}
