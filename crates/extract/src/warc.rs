//! WARC crawl archives (`.warc`, and `.warc.gz` with one gzip member per record), read
//! record by record from any `Read`: memory stays flat in the archive size. Response (and
//! resource) records holding HTML become documents; other records are passed over.

use std::io::{BufRead, BufReader, Read};

use crate::{charset, html, ExtractedDoc, Format, Problem};

/// Records larger than this are skipped (read through without being kept in memory).
pub const MAX_RECORD: u64 = 32 << 20;

/// A streaming reader of WARC records that yields extracted documents and problems.
pub struct WarcReader<'a> {
    input: Pending<Box<dyn BufRead + 'a>>,
    name: String,
    index: usize,
    done: bool,
    /// A document held back while the encoding warning about it is given first.
    pending: Option<WarcItem>,
}

/// One step of a WARC reader: a document, or a problem with one record.
#[derive(Debug)]
pub enum WarcItem {
    /// A page extracted from a response record.
    Doc(Box<ExtractedDoc>),
    /// A record that was skipped, and why.
    Problem(Problem),
}

impl<'a> WarcReader<'a> {
    /// Reads a WARC stream; gzip compression (one member per record, or one for the whole
    /// file) is detected from the first bytes. `name` names the archive in problems.
    pub fn new<R: Read + 'a>(input: R, name: &str) -> Self {
        let mut buf = BufReader::with_capacity(1 << 16, input);
        let gz = buf
            .fill_buf()
            .map(|b| b.starts_with(&[0x1f, 0x8b]))
            .unwrap_or(false);
        let inner: Box<dyn BufRead + 'a> = if gz {
            Box::new(BufReader::with_capacity(
                1 << 16,
                flate2::bufread::MultiGzDecoder::new(buf),
            ))
        } else {
            Box::new(buf)
        };
        WarcReader {
            input: Pending {
                back: Vec::new(),
                inner,
            },
            name: name.to_string(),
            index: 0,
            done: false,
            pending: None,
        }
    }
}

/// A buffered reader with bytes pushed back in front of it (used to resynchronise after a
/// record whose declared length was wrong).
struct Pending<B: BufRead> {
    back: Vec<u8>,
    inner: B,
}

impl<B: BufRead> Pending<B> {
    fn read_line(&mut self, out: &mut Vec<u8>) -> std::io::Result<usize> {
        out.clear();
        if !self.back.is_empty() {
            if let Some(nl) = self.back.iter().position(|&b| b == b'\n') {
                out.extend(self.back.drain(..=nl));
                return Ok(out.len());
            }
            out.append(&mut self.back);
        }
        self.inner.read_until(b'\n', out)?;
        Ok(out.len())
    }

    fn read_exact_into(&mut self, n: usize, out: &mut Vec<u8>) -> std::io::Result<usize> {
        out.clear();
        let take = n.min(self.back.len());
        out.extend(self.back.drain(..take));
        let rest = (n - take) as u64;
        (&mut self.inner).take(rest).read_to_end(out)?;
        Ok(out.len())
    }

    fn skip(&mut self, n: u64) -> std::io::Result<u64> {
        let take = (n as usize).min(self.back.len());
        self.back.drain(..take);
        let copied = std::io::copy(
            &mut (&mut self.inner).take(n - take as u64),
            &mut std::io::sink(),
        )?;
        Ok(copied + take as u64)
    }
}

fn trim_crlf(line: &[u8]) -> &[u8] {
    let mut l = line;
    while let [rest @ .., b'\r' | b'\n'] = l {
        l = rest;
    }
    l
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

impl Iterator for WarcReader<'_> {
    type Item = WarcItem;

    fn next(&mut self) -> Option<WarcItem> {
        if let Some(item) = self.pending.take() {
            return Some(item);
        }
        let mut line = Vec::with_capacity(256);
        let mut block = Vec::new();
        while !self.done {
            // Find the version line, passing blank lines (and junk after a bad record).
            let mut junk = 0usize;
            loop {
                match self.input.read_line(&mut line) {
                    Ok(0) => {
                        self.done = true;
                        if junk > 0 {
                            return Some(WarcItem::Problem(self.problem(
                                "warc.junk",
                                format!("{junk} byte(s) after the last record; ignored"),
                            )));
                        }
                        return None;
                    }
                    Ok(_) => {}
                    Err(e) => {
                        self.done = true;
                        return Some(WarcItem::Problem(self.problem(
                            "warc.read",
                            format!("cannot read on ({e}); the rest of the archive is skipped"),
                        )));
                    }
                }
                if line.starts_with(b"WARC/") {
                    break;
                }
                if !trim_crlf(&line).is_empty() {
                    junk += line.len();
                }
            }
            self.index += 1;
            // Header fields.
            let mut length: Option<u64> = None;
            let mut kind = String::new();
            let mut uri = None;
            let mut header_ok = true;
            loop {
                match self.input.read_line(&mut line) {
                    Ok(0) => {
                        header_ok = false;
                        self.done = true;
                        break;
                    }
                    Ok(_) => {}
                    Err(_) => {
                        header_ok = false;
                        self.done = true;
                        break;
                    }
                }
                let l = trim_crlf(&line);
                if l.is_empty() {
                    break;
                }
                let s = String::from_utf8_lossy(l);
                if let Some((k, v)) = s.split_once(':') {
                    let v = v.trim();
                    match k.trim().to_ascii_lowercase().as_str() {
                        "content-length" => length = v.parse().ok(),
                        "warc-type" => kind = v.to_ascii_lowercase(),
                        "warc-target-uri" => {
                            uri = Some(v.trim_matches(['<', '>']).to_string());
                        }
                        _ => {}
                    }
                }
            }
            if !header_ok {
                return Some(WarcItem::Problem(self.problem(
                    "warc.truncated",
                    "the archive ends inside a record header; record skipped".into(),
                )));
            }
            let Some(length) = length else {
                return Some(WarcItem::Problem(self.problem(
                    "warc.bad_length",
                    "the record has no valid Content-Length; skipped".into(),
                )));
            };
            let wanted = kind == "response" || kind == "resource";
            if !wanted || length > MAX_RECORD {
                match self.input.skip(length) {
                    Ok(n) if n == length => {
                        if wanted {
                            return Some(WarcItem::Problem(self.problem(
                                "warc.too_large",
                                format!("the record is larger than {MAX_RECORD} bytes; skipped"),
                            )));
                        }
                        continue;
                    }
                    _ => {
                        self.done = true;
                        return Some(WarcItem::Problem(self.problem(
                            "warc.truncated",
                            "the archive ends inside a record (truncated file or bad length); record skipped".into(),
                        )));
                    }
                }
            }
            match self.input.read_exact_into(length as usize, &mut block) {
                Ok(n) if n as u64 == length => {}
                Ok(_) => {
                    self.done = true;
                    return Some(WarcItem::Problem(self.problem(
                        "warc.truncated",
                        "the archive ends inside a record (truncated file or bad length); record skipped".into(),
                    )));
                }
                Err(e) => {
                    self.done = true;
                    return Some(WarcItem::Problem(self.problem(
                        "warc.read",
                        format!("cannot read the record ({e}); the rest of the archive is skipped"),
                    )));
                }
            }
            // A declared length that overruns into the next record: push that record back.
            if let Some(at) = find(&block, b"\r\n\r\nWARC/1.") {
                let mut rest = block.split_off(at + 4);
                rest.append(&mut self.input.back);
                self.input.back = rest;
                return Some(WarcItem::Problem(self.problem(
                    "warc.bad_length",
                    "the record's Content-Length runs into the next record; record skipped".into(),
                )));
            }
            // The block must be followed by the blank lines that end a record; anything
            // else means the declared length was too short.
            for _ in 0..2 {
                match self.input.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) if trim_crlf(&line).is_empty() => {}
                    Ok(_) => {
                        if line.starts_with(b"WARC/") {
                            let mut back = std::mem::take(&mut line);
                            back.append(&mut self.input.back);
                            self.input.back = back;
                        }
                        return Some(WarcItem::Problem(self.problem(
                            "warc.bad_length",
                            "the record's Content-Length ends before its content does; record skipped"
                                .into(),
                        )));
                    }
                }
            }
            let item = self.record(&kind, uri, &block);
            if let WarcItem::Doc(d) = &item {
                if d.encoding_errors {
                    self.pending = Some(item);
                    return Some(WarcItem::Problem(self.problem(
                        "encoding.invalid",
                        "some bytes are not valid in the page's encoding and were replaced by U+FFFD"
                            .into(),
                    )));
                }
            }
            return Some(item);
        }
        None
    }
}

impl WarcReader<'_> {
    fn problem(&self, code: &'static str, message: String) -> Problem {
        Problem::new(
            &self.name,
            Some(format!("record {}", self.index)),
            code,
            message,
        )
    }

    fn record(&self, kind: &str, uri: Option<String>, block: &[u8]) -> WarcItem {
        let (headers, body) = if kind == "response" {
            match find(block, b"\r\n\r\n") {
                Some(at) => (&block[..at], &block[at + 4..]),
                None => match find(block, b"\n\n") {
                    Some(at) => (&block[..at], &block[at + 2..]),
                    None => (block, &[][..]),
                },
            }
        } else {
            (&[][..], block)
        };
        let head = String::from_utf8_lossy(headers);
        let mut content_type = None;
        let mut gzip = false;
        let mut chunked = false;
        for l in head.lines().skip(1) {
            if let Some((k, v)) = l.split_once(':') {
                match k.trim().to_ascii_lowercase().as_str() {
                    "content-type" => content_type = Some(v.trim().to_string()),
                    "content-encoding" => gzip = v.to_ascii_lowercase().contains("gzip"),
                    "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
                    _ => {}
                }
            }
        }
        let is_html = content_type.as_deref().map_or_else(
            || crate::detect(body, "") == Format::Html,
            |c| c.to_ascii_lowercase().contains("html"),
        );
        if !is_html {
            return WarcItem::Problem(self.problem(
                "warc.not_html",
                format!(
                    "not an HTML page ({}); skipped",
                    content_type.as_deref().unwrap_or("no content type")
                ),
            ));
        }
        let mut owned;
        let mut body = body;
        if chunked {
            owned = dechunk(body);
            body = &owned;
        }
        if gzip {
            let mut out = Vec::new();
            if flate2::read::GzDecoder::new(body)
                .read_to_end(&mut out)
                .is_err()
            {
                return WarcItem::Problem(self.problem(
                    "warc.bad_gzip",
                    "the page's gzip content encoding does not decode; skipped".into(),
                ));
            }
            owned = out;
            body = &owned;
        }
        let declared = content_type
            .as_deref()
            .and_then(charset::charset_from_content_type);
        let dec = charset::decode(body, declared, true);
        let a = html::extract(&dec.text);
        if a.text.trim().is_empty() {
            return WarcItem::Problem(self.problem(
                "warc.no_text",
                "no article text found in the page; skipped".into(),
            ));
        }
        let mut doc = ExtractedDoc::from_html(a, Format::Warc);
        doc.record = Some(format!("record {}", self.index));
        if doc.url.is_none() {
            doc.url = uri;
        }
        doc.encoding_errors = dec.had_errors;
        WarcItem::Doc(Box::new(doc))
    }
}

/// Undoes HTTP chunked transfer coding (best effort: stops at the first malformed chunk).
fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    while let Some(nl) = body.iter().position(|&b| b == b'\n') {
        let size_line = String::from_utf8_lossy(&body[..nl]);
        let size_hex = size_line.trim().split(';').next().unwrap_or("");
        let Ok(size) = usize::from_str_radix(size_hex, 16) else {
            break;
        };
        body = &body[nl + 1..];
        if size == 0 || size > body.len() {
            out.extend_from_slice(&body[..size.min(body.len())]);
            break;
        }
        out.extend_from_slice(&body[..size]);
        body = &body[size..];
        body = body
            .strip_prefix(b"\r\n")
            .or_else(|| body.strip_prefix(b"\n"))
            .unwrap_or(body);
    }
    out
}
