//! readout-extract: format readers for readout. HTML pages (article body extraction with
//! boilerplate removed, plus metadata), RSS/Atom/JSON feeds, WARC crawl archives and JSONL
//! exports become plain-text documents that the analysis pipeline reads.
//!
//! Pure parsing: functions take bytes or text (or a `Read` for streamed WARC) and return
//! extracted documents and the problems met; nothing here opens files. The format is
//! detected from the content; the file name only breaks ties.

use std::fmt;
use std::io::Read;

pub mod charset;
pub mod feed;
pub mod html;
pub mod jsonl;
pub mod meta;
pub mod warc;

pub use html::{HtmlArticle, ParaMap};
pub use meta::PageMeta;
pub use warc::{WarcItem, WarcReader};

/// The kinds of input readout takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Plain text (analysed as it is).
    #[default]
    Text,
    /// One HTML page.
    Html,
    /// An RSS, Atom or JSON feed.
    Feed,
    /// A WARC archive (plain or gzip).
    Warc,
    /// JSON Lines with `text` or `html` per line.
    Jsonl,
    /// A JSON document (`.json`): an array of objects with `text` or `html`, or one.
    Json,
    /// A gzip file that is not a WARC archive (its content is detected after decompression).
    Gzip,
}

impl Format {
    /// The lower-case name used in messages and JSON (`text`, `html`, `feed`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Feed => "feed",
            Format::Warc => "warc",
            Format::Jsonl => "jsonl",
            Format::Json => "json",
            Format::Gzip => "gzip",
        }
    }
}

/// One document found in an input, ready for analysis.
#[derive(Debug, Clone, Default)]
pub struct ExtractedDoc {
    /// The text to analyse: for HTML, the extracted article with one paragraph per line.
    pub text: String,
    /// The format it came from.
    pub format: Format,
    /// Which part of the input it is (`item 3`, `record 12`, `line 7`), for multi-document
    /// inputs.
    pub record: Option<String>,
    /// The page's canonical URL or the item's link.
    pub url: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// The author line.
    pub byline: Option<String>,
    /// Publication date (`YYYY-MM-DD`): the reference date for relative dates.
    pub published: Option<String>,
    /// Site name (HTML) or feed title / JSONL `source`.
    pub source: Option<String>,
    /// Language tag, when stated.
    pub lang: Option<String>,
    /// A feed item that only had a summary, not the full text.
    pub summary_only: bool,
    /// Per paragraph: byte offset in `text` → byte offset in the source HTML.
    pub map: Vec<ParaMap>,
    /// Some bytes did not decode in the detected encoding and became U+FFFD.
    pub encoding_errors: bool,
}

impl ExtractedDoc {
    /// A document from an extracted HTML article.
    pub fn from_html(a: HtmlArticle, format: Format) -> Self {
        ExtractedDoc {
            text: a.text,
            format,
            url: a.meta.url,
            title: a.meta.title,
            byline: a.meta.byline,
            published: a.meta.published,
            source: a.meta.site_name,
            lang: a.meta.lang,
            map: a.map,
            ..ExtractedDoc::default()
        }
    }
}

/// A problem met while reading an input: which input, which record, what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The input's name (file name or `-`).
    pub name: String,
    /// The record within it (`record 4`, `item 2`, `line 9`), when the input has several.
    pub record: Option<String>,
    /// A stable code such as `warc.bad_length` or `feed.invalid`.
    pub code: &'static str,
    /// A sentence for people.
    pub message: String,
}

impl Problem {
    /// Builds a problem.
    pub fn new(name: &str, record: Option<String>, code: &'static str, message: String) -> Self {
        Problem {
            name: name.to_string(),
            record,
            code,
            message,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.record {
            Some(r) => write!(f, "{}: {r}: {}", self.name, self.message),
            None => write!(f, "{}: {}", self.name, self.message),
        }
    }
}

/// Detects the format of an input from its first bytes; `name` (a file name, possibly
/// empty) only decides between formats the content leaves open.
pub fn detect(bytes: &[u8], name: &str) -> Format {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return if gz_head_is_warc(bytes) {
            Format::Warc
        } else {
            Format::Gzip
        };
    }
    let b = skip_bom_ws(bytes);
    if b.starts_with(b"WARC/") {
        return Format::Warc;
    }
    let head: Vec<u8> = b
        .get(..b.len().min(2048))
        .unwrap_or(b)
        .iter()
        .map(u8::to_ascii_lowercase)
        .collect();
    let has = |n: &[u8]| head.windows(n.len()).any(|w| w == n);
    let lname = name.to_ascii_lowercase();
    if head.starts_with(b"<") {
        if has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf") {
            return Format::Feed;
        }
        if has(b"<html") || has(b"<!doctype html") || has(b"<head") || has(b"<body") {
            return Format::Html;
        }
        if head.starts_with(b"<?xml") {
            return Format::Feed;
        }
        // A fragment that opens with a common element is HTML, unless the name says the
        // file is text (a text that happens to start with "<" stays text).
        let text_name = [".txt", ".text", ".md"].iter().any(|e| lname.ends_with(e));
        let element = [
            "p", "div", "article", "section", "span", "a", "h1", "h2", "h3", "meta", "title",
            "table", "ul", "main", "!--",
        ]
        .iter()
        .any(|t| {
            head.get(1..).is_some_and(|h| h.starts_with(t.as_bytes()))
                && head
                    .get(1 + t.len())
                    .is_some_and(|&c| c == b'>' || c == b' ' || *t == "!--")
        });
        if element && !text_name {
            return Format::Html;
        }
    }
    if head.starts_with(b"{") {
        if has(b"jsonfeed.org/version") {
            return Format::Feed;
        }
        let first = b.split(|&c| c == b'\n').next().unwrap_or(b);
        if serde_json::from_slice::<serde_json::Value>(first).is_ok_and(|v| v.is_object()) {
            return Format::Jsonl;
        }
        if lname.ends_with(".jsonl") || lname.ends_with(".ndjson") {
            return Format::Jsonl;
        }
    }
    if lname.ends_with(".json") && (head.starts_with(b"{") || head.starts_with(b"[")) {
        return Format::Json;
    }
    let ext_html = [".html", ".htm", ".xhtml"]
        .iter()
        .any(|e| lname.ends_with(e));
    if ext_html && has(b"<p") {
        return Format::Html;
    }
    Format::Text
}

fn skip_bom_ws(b: &[u8]) -> &[u8] {
    let b = b.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(b);
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    &b[start..]
}

fn gz_head_is_warc(bytes: &[u8]) -> bool {
    let mut head = [0u8; 16];
    let mut d = flate2::read::GzDecoder::new(bytes);
    let mut n = 0;
    while n < head.len() {
        match d.read(&mut head[n..]) {
            Ok(0) | Err(_) => break,
            Ok(k) => n += k,
        }
    }
    skip_bom_ws(&head[..n]).starts_with(b"WARC/")
}

/// Reads every document in one input (bytes already in memory): an HTML page gives one,
/// a feed one per item, a WARC archive one per HTML response, JSONL one per line, plain
/// text one. Problems name the input and the record; bad records are skipped and the rest
/// is read. For large WARC files prefer [`WarcReader`], which streams.
pub fn read_documents(bytes: &[u8], name: &str) -> (Vec<ExtractedDoc>, Vec<Problem>) {
    read_as(bytes, name, detect(bytes, name), 0)
}

/// Like [`read_documents`] with the format given.
pub fn read_as(
    bytes: &[u8],
    name: &str,
    format: Format,
    depth: u8,
) -> (Vec<ExtractedDoc>, Vec<Problem>) {
    match format {
        Format::Text => {
            let dec = charset::decode(bytes, None, false);
            let mut problems = Vec::new();
            if dec.had_errors {
                problems.push(encoding_problem(name, None, dec.encoding));
            }
            let doc = ExtractedDoc {
                text: dec.text,
                encoding_errors: dec.had_errors,
                ..ExtractedDoc::default()
            };
            (vec![doc], problems)
        }
        Format::Html => {
            let dec = charset::decode(bytes, None, true);
            let mut problems = Vec::new();
            if dec.had_errors {
                problems.push(encoding_problem(name, None, dec.encoding));
            }
            let a = html::extract(&dec.text);
            if a.text.trim().is_empty() {
                problems.push(Problem::new(
                    name,
                    None,
                    "html.no_text",
                    "no article text found in the page; skipped".into(),
                ));
                return (Vec::new(), problems);
            }
            let mut doc = ExtractedDoc::from_html(a, Format::Html);
            doc.encoding_errors = dec.had_errors;
            (vec![doc], problems)
        }
        Format::Feed => feed::read(bytes, name),
        Format::Jsonl => {
            let dec = charset::decode(bytes, Some(encoding_rs::UTF_8), false);
            let (docs, mut problems) = jsonl::read(&dec.text, name);
            if dec.had_errors {
                problems.insert(0, encoding_problem(name, None, dec.encoding));
            }
            (docs, problems)
        }
        Format::Json => {
            let dec = charset::decode(bytes, Some(encoding_rs::UTF_8), false);
            let (docs, mut problems) = jsonl::read_json(&dec.text, name);
            if dec.had_errors {
                problems.insert(0, encoding_problem(name, None, dec.encoding));
            }
            (docs, problems)
        }
        Format::Warc => {
            let mut docs = Vec::new();
            let mut problems = Vec::new();
            for item in WarcReader::new(bytes, name) {
                match item {
                    WarcItem::Doc(d) => docs.push(*d),
                    WarcItem::Problem(p) if p.code == "warc.not_html" => {}
                    WarcItem::Problem(p) => problems.push(p),
                }
            }
            (docs, problems)
        }
        Format::Gzip => {
            let mut out = Vec::new();
            let mut problems = Vec::new();
            if let Err(e) = flate2::read::MultiGzDecoder::new(bytes).read_to_end(&mut out) {
                problems.push(Problem::new(
                    name,
                    None,
                    "gzip.truncated",
                    format!("the gzip data is damaged or truncated ({e}); skipped"),
                ));
                return (Vec::new(), problems);
            }
            let inner = detect(&out, name.trim_end_matches(".gz"));
            if depth > 0 || inner == Format::Gzip {
                problems.push(Problem::new(
                    name,
                    None,
                    "gzip.nested",
                    "gzip inside gzip is not read; skipped".into(),
                ));
                return (Vec::new(), problems);
            }
            let (docs, mut more) = read_as(&out, name, inner, depth + 1);
            problems.append(&mut more);
            (docs, problems)
        }
    }
}

fn encoding_problem(name: &str, record: Option<String>, enc: &str) -> Problem {
    Problem::new(
        name,
        record,
        "encoding.invalid",
        format!("some bytes are not valid {enc} and were replaced by U+FFFD"),
    )
}
