//! `readout ingest`: analyse texts on every core and write them into the store, one
//! writer, in transactions.
//!
//! Three kinds of threads: one reader (expands paths, reads and decodes inputs, skips
//! texts already stored), N analysers (run the pipeline), and the writer (this thread),
//! which commits a transaction every few hundred documents or every second.

use std::collections::{BTreeMap, HashSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use readout_core::Date;
use readout_store::{NewDocument, Store};

use crate::input;

/// Arguments of `readout ingest`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files, folders or quoted glob patterns (`-` reads standard input). Folders are
    /// walked for .txt, .text, .md, .jsonl, .ndjson, .html, .htm, .xml, .rss, .atom, .json,
    /// .warc and .gz files. A .jsonl/.ndjson file holds one JSON object a line with `text`
    /// and optional `url`, `source`, `published`. Other files are detected by content:
    /// text, HTML pages (article text extracted), RSS/Atom/JSON feeds (one text per item)
    /// and WARC archives (one text per HTML record).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The store folder (created when missing).
    #[arg(long, value_name = "DIR", default_value = readout_store::DEFAULT_STORE_DIR)]
    store: PathBuf,
    /// Publication date (YYYY-MM-DD) for inputs that do not give one.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    published: Option<Date>,
    /// Read standard input as JSON Lines rather than plain text.
    #[arg(long)]
    jsonl: bool,
    /// Analysis threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Merge the full-text indexes into one segment and compact the file at the end
    /// (done anyway after an ingest that adds at least 1,000 documents and a quarter of
    /// the store).
    #[arg(long)]
    optimize: bool,
    /// Commit after this many documents (a commit also happens every second).
    #[arg(long, hide = true, default_value_t = 2000)]
    batch: usize,
    /// Print the number of stored documents after every commit (used by tests).
    #[arg(long, hide = true)]
    log_commits: bool,
    /// Print where the time went (analysis threads, writer).
    #[arg(long)]
    timings: bool,
    /// Run only segmentation (articles and full text, no entities, statements, figures
    /// or dates): measures the store without the analysis stages.
    #[arg(long, hide = true)]
    segment_only: bool,
    /// Run every stage, the full tagger and the dependency parser too (the store gets
    /// the same rows): measures what the record pipeline saves.
    #[arg(long, hide = true)]
    every_stage: bool,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a calendar date of the form YYYY-MM-DD"))
}

/// One text to analyse.
struct Raw {
    /// Position among the texts sent, so that the writer stores them in input order.
    seq: u64,
    source: String,
    url: Option<String>,
    published: Option<Date>,
    text: String,
    sha256: String,
}

/// Where the inputs are, and how big.
struct Inputs {
    files: Vec<PathBuf>,
    bytes: u64,
}

const EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "jsonl", "ndjson", "html", "htm", "xhtml", "xml", "rss", "atom", "json",
    "warc", "gz",
];

fn is_jsonl(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "jsonl" | "ndjson"))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(p);
        }
    }
    Ok(())
}

/// Expands paths, folders and globs; a path that cannot be used is reported and counted.
fn expand(paths: &[PathBuf], failed: &AtomicUsize) -> Inputs {
    let mut files = Vec::new();
    let fail = |msg: String| {
        eprintln!("readout: {msg}");
        failed.fetch_add(1, Ordering::Relaxed);
    };
    for p in paths {
        if p.as_os_str() == "-" {
            files.push(p.clone());
            continue;
        }
        let candidates: Vec<PathBuf> = if p.exists() {
            vec![p.clone()]
        } else {
            let pattern = p.to_string_lossy();
            if !pattern.contains(['*', '?', '[']) {
                fail(input::InputError::Missing(p.clone()).to_string());
                continue;
            }
            match glob::glob(&pattern) {
                Ok(matches) => {
                    let found: Vec<PathBuf> = matches.filter_map(Result::ok).collect();
                    if found.is_empty() {
                        fail(format!("{pattern}: no file matches the pattern"));
                    }
                    found
                }
                Err(e) => {
                    fail(format!("{pattern}: not a valid pattern ({e})"));
                    continue;
                }
            }
        };
        for c in candidates {
            if c.is_dir() {
                let before = files.len();
                if let Err(e) = walk(&c, &mut files) {
                    fail(format!("{}: {e}", c.display()));
                } else if files.len() == before {
                    fail(input::InputError::NoTextFiles(c.clone()).to_string());
                }
            } else {
                files.push(c);
            }
        }
    }
    let bytes = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    Inputs { files, bytes }
}

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let mut s = String::with_capacity(64);
    for b in Sha256::digest(bytes) {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Parses one JSON Lines record.
fn record(line: &str, source: &str, published: Option<Date>) -> Result<Raw, String> {
    let v: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not valid JSON ({e})"))?;
    let obj = v.as_object().ok_or("not a JSON object")?;
    let text = obj
        .get("text")
        .and_then(serde_json::Value::as_str)
        .ok_or("no `text` string")?;
    if text.trim_matches(readout_core::is_blank).is_empty() {
        return Err("the text is empty".into());
    }
    let field = |k: &str| obj.get(k).and_then(serde_json::Value::as_str);
    let published = match field("published") {
        // A timestamp such as 2025-11-04T10:00:00Z gives its day.
        Some(p) => Some(
            p.get(..10)
                .and_then(Date::parse)
                .ok_or_else(|| format!("`published` is not a date: {p}"))?,
        ),
        None => published,
    };
    Ok(Raw {
        seq: 0,
        source: field("source").map_or_else(|| source.to_string(), str::to_string),
        url: field("url").map(str::to_string),
        published,
        sha256: hex_sha256(text.as_bytes()),
        text: text.to_string(),
    })
}

struct Counters {
    failed: AtomicUsize,
    skipped: AtomicUsize,
    /// Nanoseconds spent analysing, summed over the analysis threads.
    analysis_ns: AtomicU64,
    /// Nanoseconds the analysis threads waited for a text (the reader was behind).
    wait_read_ns: AtomicU64,
    /// Nanoseconds the analysis threads waited to hand a document on (the writer was
    /// behind).
    wait_write_ns: AtomicU64,
    /// CPU time of the analysis threads (microseconds, summed).
    analysis_cpu_us: AtomicU64,
    /// CPU time of the reader thread (microseconds).
    reader_cpu_us: AtomicU64,
    /// Wall-clock nanoseconds per analysis stage, summed over the analysis threads, in
    /// pipeline order (filled with --timings only).
    stage_ns: Mutex<Vec<(&'static str, u64)>>,
}

/// Adds `took` to the time of stage `name` (a short list in pipeline order).
fn add_stage_time(times: &mut Vec<(&'static str, u64)>, name: &'static str, took: Duration) {
    let ns = nanos(took);
    match times.iter_mut().find(|(n, _)| *n == name) {
        Some((_, t)) => *t = t.saturating_add(ns),
        None => times.push((name, ns)),
    }
}

/// CPU time (user + system) of the calling thread, from /proc on Linux (zero elsewhere).
fn thread_cpu() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/thread-self/stat") else {
        return 0.0;
    };
    // The fields after the command name (which ends with the last ')') start with the
    // state (field 3); utime and stime are fields 14 and 15, in clock ticks. Linux
    // reports ticks of 1/100 s to user space on every common configuration.
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

fn micros(secs: f64) -> u64 {
    (secs.max(0.0) * 1e6) as u64
}

/// Reads every input and sends the texts not stored yet.
fn read_all(
    inputs: &[PathBuf],
    args_jsonl: bool,
    published: Option<Date>,
    mut known: HashSet<String>,
    out: Outbox<'_>,
    counters: &Counters,
    bar: &ProgressBar,
) {
    let fail = |msg: String| {
        bar.suspend(|| eprintln!("readout: {msg}"));
        counters.failed.fetch_add(1, Ordering::Relaxed);
    };
    let mut seq = 0u64;
    let mut send = |mut raw: Raw, bytes: u64| -> bool {
        if known.insert(raw.sha256.clone()) {
            raw.seq = seq;
            seq += 1;
            out.in_flight.acquire(raw.text.len() as u64) && out.tx.send(raw).is_ok()
        } else {
            counters.skipped.fetch_add(1, Ordering::Relaxed);
            bar.inc(bytes);
            true
        }
    };
    for path in inputs {
        let stdin = path.as_os_str() == "-";
        if !((stdin && args_jsonl) || (!stdin && is_jsonl(path))) {
            // Text, HTML pages, feeds and WARC archives (streamed record by record),
            // detected by content; JSONL found by content too.
            if !read_extracted(path, published, &mut send, &fail, bar) {
                return;
            }
            continue;
        }
        // JSON Lines are read line by line, so a large file is never held whole.
        let reader: Box<dyn std::io::BufRead> = if stdin {
            Box::new(std::io::BufReader::new(std::io::stdin()))
        } else {
            match std::fs::File::open(path) {
                Ok(f) => Box::new(std::io::BufReader::with_capacity(1 << 16, f)),
                Err(e) => {
                    let err = match e.kind() {
                        std::io::ErrorKind::NotFound => input::InputError::Missing(path.clone()),
                        _ => input::InputError::Io(path.clone(), e),
                    };
                    fail(err.to_string());
                    continue;
                }
            }
        };
        let name = if stdin {
            "-".to_string()
        } else {
            path.display().to_string()
        };
        if !read_jsonl(reader, path, &name, published, &mut send, &fail, bar) {
            return;
        }
    }
}

/// Sends the records of one JSON Lines input. A line that is not valid UTF-8 is reported
/// (with the offset of the bad byte in the file) and skipped. Returns false when the
/// analysers have gone.
fn read_jsonl(
    mut reader: Box<dyn std::io::BufRead>,
    path: &Path,
    name: &str,
    published: Option<Date>,
    send: &mut impl FnMut(Raw, u64) -> bool,
    fail: &impl Fn(String),
    bar: &ProgressBar,
) -> bool {
    let mut buf = Vec::new();
    let mut offset = 0usize;
    let mut number = 0usize;
    loop {
        buf.clear();
        let n = match reader.read_until(b'\n', &mut buf) {
            Ok(0) => return true,
            Ok(n) => n,
            Err(e) => {
                fail(input::InputError::Io(path.to_path_buf(), e).to_string());
                return true;
            }
        };
        number += 1;
        let at = offset;
        offset += n;
        let line = match std::str::from_utf8(&buf) {
            Ok(t) => {
                let t = t.strip_suffix('\n').unwrap_or(t);
                t.strip_suffix('\r').unwrap_or(t)
            }
            Err(e) => {
                fail(
                    input::InputError::InvalidUtf8(path.to_path_buf(), at + e.valid_up_to())
                        .to_string(),
                );
                bar.inc(n as u64);
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let source = format!("{name}:{number}");
        match record(line, &source, published) {
            Ok(raw) => {
                if !send(raw, line.len() as u64) {
                    return false;
                }
            }
            Err(e) => {
                fail(format!("{source}: {e}"));
                bar.inc(line.len() as u64);
            }
        }
    }
}

/// Reads one input that is not explicit JSON Lines with readout-extract: a text file gives
/// one text (with the usual errors), an HTML page one, a feed one per item, a WARC archive
/// one per HTML record (streamed), a JSONL file one per line. The date the document gives
/// is used, else `published`. Problems name the file and the record; bad records are
/// skipped. Returns false when the analysers have gone.
fn read_extracted(
    path: &Path,
    published: Option<Date>,
    send: &mut impl FnMut(Raw, u64) -> bool,
    fail: &impl Fn(String),
    bar: &ProgressBar,
) -> bool {
    let file_len = std::fs::metadata(path).map_or(0, |m| m.len());
    let docs = match input::open_docs_chunked(path, crate::stream::chunk_bytes()) {
        Ok(d) => d,
        Err(e) => {
            fail(e.to_string());
            bar.inc(file_len);
            return true;
        }
    };
    let name = if path.as_os_str() == "-" {
        "-".to_string()
    } else {
        path.display().to_string()
    };
    let mut sent = 0u64;
    for item in docs {
        let inp = match item {
            input::Item::Doc(d) => d,
            input::Item::Problem(p) if p.code.starts_with("encoding.") => {
                bar.suspend(|| eprintln!("readout: {p}"));
                continue;
            }
            input::Item::Problem(p) => {
                fail(p.to_string());
                continue;
            }
        };
        let ex = inp.extracted.as_ref();
        let source = match ex.and_then(|e| e.record.as_deref()) {
            Some(r) => format!("{name}#{r}"),
            None => name.clone(),
        };
        let len = inp.text.len() as u64;
        let raw = Raw {
            seq: 0,
            source,
            url: ex.and_then(|e| e.url.clone()),
            published: ex
                .and_then(|e| e.published.as_deref())
                .and_then(Date::parse)
                .or(published),
            sha256: inp.sha256,
            text: inp.text,
        };
        if !send(raw, len) {
            return false;
        }
        sent += len;
    }
    // Markup and skipped records count as read.
    bar.inc(file_len.saturating_sub(sent));
    true
}

/// How many texts may wait between the reader and the analysis threads, and between
/// them and the writer.
const CHANNEL_TEXTS: usize = 256;

/// How many bytes of text may be read but not yet written. The channels count texts, so
/// without this a folder of large files would be read far ahead of the writer; a text
/// larger than this still goes through, alone.
const IN_FLIGHT_BYTES: u64 = 128 << 20;

/// The bytes of text read but not yet written, shared by the reader (which waits for
/// room) and the writer (which frees it).
struct InFlight {
    state: Mutex<(u64, bool)>,
    freed: Condvar,
    cap: u64,
}

impl InFlight {
    fn new(cap: u64) -> Self {
        InFlight {
            state: Mutex::new((0, false)),
            freed: Condvar::new(),
            cap,
        }
    }

    /// Waits until `n` more bytes fit (or nothing is in flight) and counts them; false
    /// when the writer has stopped.
    fn acquire(&self, n: u64) -> bool {
        let Ok(mut st) = self.state.lock() else {
            return false;
        };
        while !st.1 && st.0 > 0 && st.0.saturating_add(n) > self.cap {
            st = match self.freed.wait(st) {
                Ok(g) => g,
                Err(_) => return false,
            };
        }
        if st.1 {
            return false;
        }
        st.0 = st.0.saturating_add(n);
        true
    }

    /// Frees `n` bytes.
    fn release(&self, n: u64) {
        if let Ok(mut st) = self.state.lock() {
            st.0 = st.0.saturating_sub(n);
        }
        self.freed.notify_all();
    }

    /// Wakes and stops the reader for good.
    fn close(&self) {
        if let Ok(mut st) = self.state.lock() {
            st.1 = true;
        }
        self.freed.notify_all();
    }
}

/// Where the reader sends texts: the channel to the analysis threads, after room in the
/// byte budget.
#[derive(Clone, Copy)]
struct Outbox<'a> {
    tx: &'a mpsc::SyncSender<Raw>,
    in_flight: &'a InFlight,
}

/// Closes the budget when the writer leaves, however it leaves.
struct CloseOnDrop<'a>(&'a InFlight);

impl Drop for CloseOnDrop<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// Runs the command. Inputs that cannot be read are reported and skipped; the exit
/// code is 1 when any failed.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let mut store = Store::open(&args.store)?;
    let counters = Arc::new(Counters {
        failed: AtomicUsize::new(0),
        skipped: AtomicUsize::new(0),
        analysis_ns: AtomicU64::new(0),
        wait_read_ns: AtomicU64::new(0),
        wait_write_ns: AtomicU64::new(0),
        analysis_cpu_us: AtomicU64::new(0),
        reader_cpu_us: AtomicU64::new(0),
        stage_ns: Mutex::new(Vec::new()),
    });
    let inputs = expand(&args.paths, &counters.failed);
    let known = store.known_hashes()?;
    let mut stored = known.len();

    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::with_draw_target(Some(inputs.bytes), ProgressDrawTarget::stderr());
        b.set_style(
            ProgressStyle::with_template(
                "{spinner} {elapsed_precise} [{wide_bar}] {binary_bytes}/{binary_total_bytes} \
                 {binary_bytes_per_sec} {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        b.enable_steady_tick(Duration::from_millis(200));
        b
    } else {
        ProgressBar::hidden()
    };

    let jobs = args
        .jobs
        .or_else(|| std::thread::available_parallelism().ok().map(usize::from))
        .unwrap_or(1)
        .max(1);
    // Room for a few hundred texts each way, so that neither a commit (about 0.1 s) nor
    // a thread the scheduler leaves waiting stops the others: the analysis threads keep
    // working while the writer commits, and the writer has documents queued when it
    // resumes. At a few kilobytes a text and some tens of kilobytes an analysed
    // document, that is at most a few tens of megabytes.
    let (raw_tx, raw_rx) = mpsc::sync_channel::<Raw>(CHANNEL_TEXTS);
    let (doc_tx, doc_rx) = mpsc::sync_channel::<(u64, NewDocument)>(CHANNEL_TEXTS);
    let raw_rx = Arc::new(Mutex::new(raw_rx));
    let in_flight = InFlight::new(IN_FLIGHT_BYTES);

    let mut inserted = 0usize;
    let mut articles = 0usize;
    let mut statements = 0usize;
    let mut text_bytes = 0u64;
    let mut writer_busy = Duration::ZERO;
    let mut writer_wait = Duration::ZERO;
    let mut commits = 0usize;
    let mut commit_time = Duration::ZERO;
    let mut writer_cpu = 0.0f64;
    let result = std::thread::scope(|scope| -> anyhow::Result<()> {
        {
            let counters = Arc::clone(&counters);
            let bar = bar.clone();
            let files = &inputs.files;
            let (jsonl, published) = (args.jsonl, args.published);
            let in_flight = &in_flight;
            scope.spawn(move || {
                let cpu0 = thread_cpu();
                let out = Outbox {
                    tx: &raw_tx,
                    in_flight,
                };
                read_all(files, jsonl, published, known, out, &counters, &bar);
                counters
                    .reader_cpu_us
                    .store(micros(thread_cpu() - cpu0), Ordering::Relaxed);
            });
        }
        for _ in 0..jobs {
            let rx = Arc::clone(&raw_rx);
            let tx = doc_tx.clone();
            let counters = Arc::clone(&counters);
            let segment_only = args.segment_only;
            let every_stage = args.every_stage;
            let timings = args.timings;
            scope.spawn(move || {
                let cpu0 = thread_cpu();
                let pipeline = if segment_only {
                    readout_core::pipeline_for(&[
                        readout_core::LayerKind::Articles,
                        readout_core::LayerKind::Tokens,
                    ])
                } else if every_stage {
                    readout_core::standard_pipeline()
                } else {
                    readout_core::record_pipeline()
                };
                // Wall-clock nanoseconds per stage, kept only with --timings.
                let mut stage_ns: Vec<(&'static str, u64)> = Vec::new();
                loop {
                    let waited = Instant::now();
                    let next = match rx.lock() {
                        Ok(guard) => guard.recv(),
                        Err(_) => break,
                    };
                    let Ok(mut raw) = next else { break };
                    let t = Instant::now();
                    counters
                        .wait_read_ns
                        .fetch_add(nanos(t - waited), Ordering::Relaxed);
                    let mut doc = readout_core::Document::new(std::mem::take(&mut raw.text));
                    doc.published = raw.published;
                    // The diagnostics are not stored.
                    let _diags = if timings {
                        let mut last = t;
                        pipeline.run_observed(&mut doc, |name| {
                            let now = Instant::now();
                            add_stage_time(&mut stage_ns, name, now - last);
                            last = now;
                        })
                    } else {
                        pipeline.run(&mut doc)
                    };
                    counters
                        .analysis_ns
                        .fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
                    let nd = NewDocument {
                        source: raw.source,
                        sha256: raw.sha256,
                        url: raw.url,
                        doc,
                    };
                    let sending = Instant::now();
                    if tx.send((raw.seq, nd)).is_err() {
                        break;
                    }
                    counters
                        .wait_write_ns
                        .fetch_add(nanos(sending.elapsed()), Ordering::Relaxed);
                }
                counters
                    .analysis_cpu_us
                    .fetch_add(micros(thread_cpu() - cpu0), Ordering::Relaxed);
                if let Ok(mut all) = counters.stage_ns.lock() {
                    for (name, ns) in stage_ns {
                        add_stage_time(&mut all, name, Duration::from_nanos(ns));
                    }
                }
            });
        }
        // Only the analysers hold these now, so that when this writer stops (done or
        // failed) every other thread sees its channel closed and ends.
        drop(doc_tx);
        drop(raw_rx);
        let doc_rx = doc_rx;

        let _close = CloseOnDrop(&in_flight);
        let writer_cpu0 = thread_cpu();
        // The writer: one transaction per batch, documents in input order (analysers
        // finish out of order; at most a channel's worth waits in `pending`).
        let mut pending: BTreeMap<u64, NewDocument> = BTreeMap::new();
        let mut next = 0u64;
        let mut open = true;
        while open || !pending.is_empty() {
            let mut batch = store.begin()?;
            let opened = Instant::now();
            let mut n = 0usize;
            loop {
                let nd = if let Some(nd) = pending.remove(&next) {
                    next += 1;
                    nd
                } else if !open {
                    // Unreachable in practice: every sequence number arrives before the
                    // channel closes. Write what is left rather than loop.
                    match pending.pop_first() {
                        Some((_, nd)) => nd,
                        None => break,
                    }
                } else {
                    let left = Duration::from_secs(1).saturating_sub(opened.elapsed());
                    let waited = Instant::now();
                    let got = doc_rx.recv_timeout(left);
                    writer_wait += waited.elapsed();
                    match got {
                        Ok((seq, nd)) => {
                            pending.insert(seq, nd);
                            continue;
                        }
                        Err(mpsc::RecvTimeoutError::Timeout) => break,
                        Err(mpsc::RecvTimeoutError::Disconnected) => {
                            open = false;
                            continue;
                        }
                    }
                };
                let t = Instant::now();
                let w = batch.add(&nd)?;
                writer_busy += t.elapsed();
                let len = nd.doc.text().len() as u64;
                in_flight.release(len);
                bar.inc(len);
                if w.inserted {
                    inserted += 1;
                    n += 1;
                    articles += w.articles;
                    statements += w.statements;
                    text_bytes += len;
                } else {
                    counters.skipped.fetch_add(1, Ordering::Relaxed);
                }
                if n >= args.batch.max(1) {
                    break;
                }
            }
            let t = Instant::now();
            batch.commit()?;
            writer_busy += t.elapsed();
            commits += 1;
            commit_time += t.elapsed();
            stored += n;
            if args.log_commits && n > 0 {
                eprintln!("readout: committed, {stored} documents stored");
            }
            bar.set_message(format!(
                "{inserted} new, {} known, {} failed",
                counters.skipped.load(Ordering::Relaxed),
                counters.failed.load(Ordering::Relaxed)
            ));
        }
        writer_cpu = thread_cpu() - writer_cpu0;
        Ok(())
    });
    bar.finish_and_clear();
    result.with_context(|| format!("{}: ingest stopped", args.store.display()))?;
    // After a large ingest (at least a thousand new documents and a quarter of the
    // store), the full-text indexes are merged into one segment each (searches then read
    // one list per word instead of one per segment) and the file is rewritten with full
    // pages. About 25 s on 100,000 articles, 3% of their ingest.
    let finishing = Instant::now();
    let optimized = (args.optimize && inserted > 0) || (inserted >= 1000 && inserted * 4 >= stored);
    if optimized {
        store.optimize()?;
        store.compact()?;
    } else {
        store.checkpoint()?;
    }
    let finish_secs = finishing.elapsed().as_secs_f64();
    let secs = started.elapsed().as_secs_f64();
    let failed = counters.failed.load(Ordering::Relaxed);
    eprintln!(
        "readout: {inserted} new document(s) ({articles} articles, {statements} statements), \
         {} already stored, {failed} failed; {:.1} MB of new text in {secs:.1} s ({:.1} MB/s); \
         store: {}",
        counters.skipped.load(Ordering::Relaxed),
        text_bytes as f64 / 1e6,
        text_bytes as f64 / 1e6 / secs.max(1e-9),
        args.store.display()
    );
    if args.timings {
        let cpu = |us: &AtomicU64| us.load(Ordering::Relaxed) as f64 / 1e6;
        eprintln!(
            "readout: timings: wall {secs:.2} s; analysis {:.2} s in stages, {:.2} s CPU \
             (all threads); writer busy {:.2} s, {writer_cpu:.2} s CPU; reader {:.2} s CPU",
            counters.analysis_ns.load(Ordering::Relaxed) as f64 / 1e9,
            cpu(&counters.analysis_cpu_us),
            writer_busy.as_secs_f64(),
            cpu(&counters.reader_cpu_us),
        );
        let secs_of = |ns: &AtomicU64| ns.load(Ordering::Relaxed) as f64 / 1e9;
        eprintln!(
            "readout: timings: waits: analysis threads for the reader {:.2} s, for the \
             writer {:.2} s; writer for the analysis threads {:.2} s; {commits} commits \
             took {:.2} s",
            secs_of(&counters.wait_read_ns),
            secs_of(&counters.wait_write_ns),
            writer_wait.as_secs_f64(),
            commit_time.as_secs_f64()
        );
        eprintln!(
            "readout: timings: {} {finish_secs:.2} s wall at the end",
            if optimized {
                "optimize and compact"
            } else {
                "checkpoint"
            }
        );
        // Each stage's share of the analysis threads' wall-clock time, applied to their
        // CPU time (the threads measure no CPU time per stage; on a machine with free
        // cores the two agree).
        let stages = counters
            .stage_ns
            .lock()
            .map(|v| v.clone())
            .unwrap_or_default();
        let total_ns: u64 = stages.iter().map(|(_, ns)| ns).sum();
        let cpu_s = cpu(&counters.analysis_cpu_us);
        let mb = (text_bytes as f64 / 1e6).max(1e-9);
        let parts: Vec<String> = stages
            .iter()
            .map(|(name, ns)| {
                let share = *ns as f64 / total_ns.max(1) as f64;
                format!(
                    "{name} {:.0}% ({:.3} CPU-s/MB)",
                    share * 100.0,
                    share * cpu_s / mb
                )
            })
            .collect();
        eprintln!("readout: timings: stages {}", parts.join(", "));
        eprintln!(
            "readout: timings: per MB of text: analysis {:.3} CPU-s, writer {:.3} CPU-s",
            cpu_s / mb,
            writer_cpu / mb
        );
    }
    if failed > 0 {
        eprintln!("readout: {failed} input(s) failed");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_flight_bytes_wait_for_the_writer() {
        let budget = InFlight::new(150);
        assert!(budget.acquire(100));
        // A text larger than the budget still goes through when nothing else waits.
        let (tx, rx) = mpsc::channel();
        std::thread::scope(|s| {
            s.spawn(|| {
                let ok = budget.acquire(100);
                tx.send(ok).ok();
            });
            // The second text does not fit until the first is written.
            assert!(rx.recv_timeout(Duration::from_millis(50)).is_err());
            budget.release(100);
            assert_eq!(rx.recv_timeout(Duration::from_secs(10)), Ok(true));
        });
        budget.release(100);
        assert!(budget.acquire(1000), "an empty budget takes any one text");
        // A writer that stops wakes the reader, which then stops too.
        let (tx, rx) = mpsc::channel();
        std::thread::scope(|s| {
            s.spawn(|| {
                let ok = budget.acquire(10);
                tx.send(ok).ok();
            });
            {
                let _writer = CloseOnDrop(&budget);
            }
            assert_eq!(rx.recv_timeout(Duration::from_secs(10)), Ok(false));
        });
        assert!(!budget.acquire(1), "a closed budget takes nothing");
    }

    #[test]
    fn jsonl_records_need_text_and_take_metadata() {
        let r = record(
            r#"{"text":"Hello there.","url":"https://example.invalid/a","published":"2025-11-04T08:00:00Z"}"#,
            "f.jsonl:3",
            None,
        )
        .unwrap();
        assert_eq!(r.source, "f.jsonl:3");
        assert_eq!(r.url.as_deref(), Some("https://example.invalid/a"));
        assert_eq!(r.published, Date::parse("2025-11-04"));
        assert_eq!(r.sha256, hex_sha256(b"Hello there."));
        let named = record(r#"{"text":"x","source":"wire"}"#, "f:1", None).unwrap();
        assert_eq!(named.source, "wire");
        assert!(record(r#"{"title":"x"}"#, "f:1", None)
            .err()
            .unwrap()
            .contains("`text`"));
        assert!(record("[1]", "f:1", None).err().unwrap().contains("object"));
        assert!(record("{", "f:1", None).err().unwrap().contains("JSON"));
        assert!(record(r#"{"text":"  "}"#, "f:1", None)
            .err()
            .unwrap()
            .contains("empty"));
        assert!(record(r#"{"text":"x","published":"soon"}"#, "f:1", None)
            .err()
            .unwrap()
            .contains("published"));
    }
}
