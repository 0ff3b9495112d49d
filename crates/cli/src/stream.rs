//! Streaming analysis of large texts: the input is read in chunks cut at article
//! boundaries, each chunk is analysed on its own, and the readout/1 object is written
//! incrementally, so that neither the input nor the output of a huge file is ever held in
//! memory.
//!
//! A text that fits in one chunk ([`chunk_bytes`]) is analysed as a whole and written
//! byte for byte as [`crate::json::render`] would write it. For a larger text:
//!
//! - Every chunk but the last ends where the segmenter sees an article start near the end
//!   of the window (it segments the window's last quarter), else after the last blank
//!   line, else after the last line break, else after the last space, else at the last
//!   character boundary of the window (a text without any of these, such as a 200 MB
//!   single line, is cut blindly).
//! - Offsets (code points) and ids (`articles[].id`, `s…`, `equivalent_of`) are moved by
//!   what the earlier chunks held, so they refer to the whole input.
//! - Entities of different chunks with the same type and canonical name are one entity
//!   (`e…` ids are given in order of first appearance); their aliases, roles and
//!   mentions are merged. Merging by name and type is all that joins chunks: a surname
//!   alone in a later chunk is not joined to the full name of an earlier one.
//! - The lists are kept in temporary files (unlinked as soon as they are made) until
//!   the object can be written in key order; the entities' mentions are grouped by
//!   entity in passes over their file that hold at most [`GROUP_BUDGET`] bytes at once.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use readout_core::{CharOffsets, Diagnostics, Document, EntityType, Pipeline, StageName};
use serde::Serialize;
use serde_json::Value;

use crate::json::{self, Shift, SourceInfo};

/// The default size of a chunk: texts up to this size are analysed whole.
pub const CHUNK_BYTES: usize = 1 << 20;

/// A list held in memory grows to this size before it moves to a temporary file.
const SPILL_AT: usize = 4 << 20;

/// How many bytes of entity mentions and roles one grouping pass holds at most.
pub const GROUP_BUDGET: u64 = 32 << 20;

/// The chunk size: [`CHUNK_BYTES`], or `READOUT_CHUNK_BYTES` from the environment (at
/// least 4096; for tests of the chunked path on small inputs).
pub fn chunk_bytes() -> usize {
    std::env::var("READOUT_CHUNK_BYTES")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .map_or(CHUNK_BYTES, |n| n.max(4096))
}

/// Bytes written to memory first and to an unlinked temporary file once they grow large.
struct Spill {
    mem: Vec<u8>,
    file: Option<BufWriter<File>>,
}

impl Spill {
    fn new() -> Spill {
        Spill {
            mem: Vec::new(),
            file: None,
        }
    }

    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        if let Some(f) = &mut self.file {
            return f.write_all(bytes);
        }
        self.mem.extend_from_slice(bytes);
        if self.mem.len() > SPILL_AT {
            let mut f = BufWriter::with_capacity(1 << 16, temp_file()?);
            f.write_all(&self.mem)?;
            self.mem = Vec::new();
            self.file = Some(f);
        }
        Ok(())
    }

    /// A reader over everything written so far (the file is rewound).
    fn reader(&mut self) -> io::Result<Box<dyn Read + '_>> {
        match &mut self.file {
            Some(f) => {
                f.flush()?;
                let file = f.get_mut();
                file.seek(SeekFrom::Start(0))?;
                Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
            }
            None => Ok(Box::new(&self.mem[..])),
        }
    }
}

/// Creates a temporary file and unlinks it at once, so nothing is left behind whatever
/// happens to the process.
fn temp_file() -> io::Result<File> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir();
    for _ in 0..100 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(
            ".readout-{}-{}-{nanos}.tmp",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let path = dir.join(name);
        match std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(f) => {
                std::fs::remove_file(&path)?;
                return Ok(f);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("cannot create a temporary file"))
}

/// Serialises `v` as an element at nesting `depth` (pretty: every line after the first
/// is indented by two spaces per level, as serde_json's pretty printer does).
fn element<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T, pretty: bool, depth: usize) {
    // Serialising to memory cannot fail: every map key is a string.
    let _ = if pretty {
        v.serialize(&mut serde_json::Serializer::with_formatter(
            &mut *out,
            Indented {
                depth,
                has_value: false,
            },
        ))
    } else {
        v.serialize(&mut serde_json::Serializer::new(&mut *out))
    };
}

/// serde_json's `PrettyFormatter` (two spaces per level) starting at nesting `depth`, so
/// that an element is written indented where it sits in the whole object.
struct Indented {
    depth: usize,
    has_value: bool,
}

impl Indented {
    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The separator before a list element that is not the first, at nesting `depth`.
fn separator(out: &mut Vec<u8>, pretty: bool, depth: usize) {
    out.push(b',');
    if pretty {
        out.push(b'\n');
        out.extend(std::iter::repeat_n(b' ', 2 * depth));
    }
}

/// One top-level list being written.
struct Section {
    spill: Spill,
    count: u64,
}

impl Section {
    fn new() -> Section {
        Section {
            spill: Spill::new(),
            count: 0,
        }
    }
}

/// An entity of the whole input.
struct GlobalEntity {
    name: String,
    aliases: Vec<String>,
    kind: &'static str,
    /// The chunk that made it (entities of the same chunk are never merged, as in a
    /// whole-document analysis).
    chunk: u64,
    mentions: u64,
    bytes: u64,
}

/// The readout/1 object of one input, written chunk by chunk.
pub struct JsonStream {
    pretty: bool,
    /// articles, dates, diagnostics, money, noise, quantities, statements.
    sections: [Section; 7],
    entities: Vec<GlobalEntity>,
    keys: std::collections::HashMap<(EntityType, String), u64>,
    /// Mention and role records: entity (u64), kind (0 mention, 1 role), length (u32),
    /// the serialised element.
    records: Spill,
    chunks: u64,
    chars: u64,
    articles: u64,
    statements: u64,
    money: u64,
}

const ARTICLES: usize = 0;
const DATES: usize = 1;
const DIAGNOSTICS: usize = 2;
const MONEY: usize = 3;
const NOISE: usize = 4;
const QUANTITIES: usize = 5;
const STATEMENTS: usize = 6;

impl JsonStream {
    /// A new object; `pretty` as `serde_json::to_writer_pretty` writes it.
    pub fn new(pretty: bool) -> JsonStream {
        JsonStream {
            pretty,
            sections: std::array::from_fn(|_| Section::new()),
            entities: Vec::new(),
            keys: std::collections::HashMap::new(),
            records: Spill::new(),
            chunks: 0,
            chars: 0,
            articles: 0,
            statements: 0,
            money: 0,
        }
    }

    /// Code points added so far.
    pub fn chars(&self) -> u64 {
        self.chars
    }

    /// Adds the next chunk of the input, analysed.
    pub fn add(&mut self, doc: &Document, diags: &Diagnostics) -> io::Result<()> {
        let chunk = self.chunks;
        // Map the chunk's entities to the input's: same type and name as an entity of an
        // earlier chunk, else a new one.
        let mut ids = Vec::with_capacity(doc.entities.len());
        for e in &doc.entities {
            let key = (e.kind, e.name.clone());
            let id = match self.keys.get(&key) {
                Some(&g)
                    if self
                        .entities
                        .get(g as usize)
                        .is_some_and(|x| x.chunk < chunk) =>
                {
                    g
                }
                found => {
                    let g = self.entities.len() as u64;
                    self.entities.push(GlobalEntity {
                        name: e.name.clone(),
                        aliases: Vec::new(),
                        kind: e.kind.as_str(),
                        chunk,
                        mentions: 0,
                        bytes: 0,
                    });
                    if found.is_none() {
                        self.keys.insert(key, g);
                    }
                    g
                }
            };
            ids.push(id);
        }
        let shift = Shift {
            chars: self.chars,
            articles: self.articles,
            statements: self.statements,
            money: self.money,
            entities: &ids,
        };
        let p = json::parts(doc, diags, shift);
        let pretty = self.pretty;
        let mut buf = Vec::new();
        let sections = &mut self.sections;
        write_list(&mut sections[ARTICLES], &p.articles, pretty, &mut buf)?;
        write_list(&mut sections[DATES], &p.dates, pretty, &mut buf)?;
        write_list(&mut sections[DIAGNOSTICS], &p.diagnostics, pretty, &mut buf)?;
        write_list(&mut sections[MONEY], &p.money, pretty, &mut buf)?;
        write_list(&mut sections[NOISE], &p.noise, pretty, &mut buf)?;
        write_list(&mut sections[QUANTITIES], &p.quantities, pretty, &mut buf)?;
        write_list(&mut sections[STATEMENTS], &p.statements, pretty, &mut buf)?;
        for e in p.entities {
            let Some(&g) = ids.get(e.local as usize) else {
                continue;
            };
            let Some(ge) = self.entities.get_mut(g as usize) else {
                continue;
            };
            for a in e.aliases {
                // An entity's own chunk gives its aliases as they are; later chunks add
                // the names not seen yet.
                if ge.chunk == chunk || (!ge.aliases.contains(&a) && a != ge.name) {
                    ge.aliases.push(a);
                }
            }
            ge.mentions += e.mentions.len() as u64;
            for (kind, list) in [(0u8, e.mentions), (1u8, e.roles)] {
                for v in &list {
                    buf.clear();
                    element(&mut buf, v, pretty, 4);
                    let mut head = [0u8; 13];
                    head[..8].copy_from_slice(&g.to_le_bytes());
                    head[8] = kind;
                    head[9..].copy_from_slice(&(buf.len() as u32).to_le_bytes());
                    self.records.write(&head)?;
                    self.records.write(&buf)?;
                    ge.bytes += buf.len() as u64 + 2 * 4 + 2;
                }
            }
        }
        self.chunks += 1;
        self.chars += u64::from(CharOffsets::new(doc.text()).total());
        self.articles += doc.articles.len() as u64;
        self.statements += doc.statements.len() as u64;
        self.money += doc.money.len() as u64;
        Ok(())
    }

    /// Writes the whole object (without a final line break).
    pub fn finish(mut self, source: &Value, out: &mut dyn Write) -> io::Result<()> {
        let pretty = self.pretty;
        out.write_all(b"{")?;
        let mut first = true;
        let mut key = |out: &mut dyn Write, name: &str| -> io::Result<()> {
            if !first {
                out.write_all(b",")?;
            }
            first = false;
            if pretty {
                write!(out, "\n  \"{name}\": ")
            } else {
                write!(out, "\"{name}\":")
            }
        };
        let order: [(&str, Option<usize>); 10] = [
            ("articles", Some(ARTICLES)),
            ("dates", Some(DATES)),
            ("diagnostics", Some(DIAGNOSTICS)),
            ("entities", None),
            ("format", None),
            ("money", Some(MONEY)),
            ("noise", Some(NOISE)),
            ("quantities", Some(QUANTITIES)),
            ("source", None),
            ("statements", Some(STATEMENTS)),
        ];
        for (name, section) in order {
            key(out, name)?;
            match (name, section) {
                (_, Some(i)) => {
                    let s = &mut self.sections[i];
                    if s.count == 0 {
                        out.write_all(b"[]")?;
                    } else {
                        out.write_all(if pretty { b"[\n    " } else { b"[" })?;
                        io::copy(&mut s.spill.reader()?, out)?;
                        out.write_all(if pretty { b"\n  ]" } else { b"]" })?;
                    }
                }
                ("entities", None) => self.write_entities(out)?,
                ("format", None) => out.write_all(b"\"readout/1\"")?,
                _ => {
                    let mut buf = Vec::new();
                    element(&mut buf, source, pretty, 1);
                    out.write_all(&buf)?;
                }
            }
        }
        out.write_all(if pretty { b"\n}" } else { b"}" })
    }

    /// Writes the entities list: the listed entities (those with a named mention) in
    /// order of their ids, each with its mentions and roles gathered from the records.
    fn write_entities(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let pretty = self.pretty;
        let listed: Vec<usize> = (0..self.entities.len())
            .filter(|&i| self.entities[i].mentions > 0)
            .collect();
        if listed.is_empty() {
            return out.write_all(b"[]");
        }
        out.write_all(if pretty { b"[\n    " } else { b"[" })?;
        let mut at = 0;
        while at < listed.len() {
            // One pass gathers a run of entities whose records fit in the budget.
            let mut end = at;
            let mut bytes = 0u64;
            while end < listed.len()
                && (end == at || bytes + self.entities[listed[end]].bytes <= GROUP_BUDGET)
            {
                bytes += self.entities[listed[end]].bytes;
                end += 1;
            }
            let run = &listed[at..end];
            let lo = run[0] as u64;
            let hi = run[run.len() - 1] as u64;
            // Per entity of the run: mentions and roles, each with their separators.
            let mut gathered: Vec<([Vec<u8>; 2], [u64; 2])> =
                (lo..=hi).map(|_| Default::default()).collect();
            let direct = run.len() == 1 && bytes > GROUP_BUDGET;
            if !direct {
                for_each_record(&mut self.records, |g, kind, body| {
                    if g < lo || g > hi {
                        return Ok(());
                    }
                    let (bufs, counts) = &mut gathered[(g - lo) as usize];
                    let k = usize::from(kind.min(1));
                    if counts[k] > 0 {
                        separator(&mut bufs[k], pretty, 4);
                    }
                    bufs[k].extend_from_slice(body);
                    counts[k] += 1;
                    Ok(())
                })?;
            }
            for &i in run {
                if i != listed[0] {
                    out.write_all(if pretty { b",\n    " } else { b"," })?;
                }
                let e = &self.entities[i];
                let mut head = Vec::new();
                let ind = if pretty { "\n      " } else { "" };
                let colon = if pretty { ": " } else { ":" };
                head.push(b'{');
                head.extend_from_slice(format!("{ind}\"aliases\"{colon}").as_bytes());
                element(&mut head, &e.aliases, pretty, 3);
                head.extend_from_slice(
                    format!(",{ind}\"id\"{colon}\"e{}\",{ind}\"mentions\"{colon}", i + 1)
                        .as_bytes(),
                );
                let mut mid = Vec::new();
                mid.extend_from_slice(format!(",{ind}\"name\"{colon}").as_bytes());
                element(&mut mid, e.name.as_str(), pretty, 3);
                mid.extend_from_slice(format!(",{ind}\"roles\"{colon}").as_bytes());
                let mut tail = Vec::new();
                tail.extend_from_slice(format!(",{ind}\"type\"{colon}\"{}\"", e.kind).as_bytes());
                tail.extend_from_slice(if pretty { b"\n    }" } else { b"}" });
                out.write_all(&head)?;
                if direct {
                    let g = i as u64;
                    for k in 0..2u8 {
                        if k == 1 {
                            out.write_all(&mid)?;
                        }
                        let mut n = 0u64;
                        let mut sep = Vec::new();
                        for_each_record(&mut self.records, |rg, kind, body| {
                            if rg != g || kind != k {
                                return Ok(());
                            }
                            if n == 0 {
                                out.write_all(if pretty { b"[\n        " } else { b"[" })?;
                            } else {
                                sep.clear();
                                separator(&mut sep, pretty, 4);
                                out.write_all(&sep)?;
                            }
                            n += 1;
                            out.write_all(body)
                        })?;
                        out.write_all(list_end(n, pretty))?;
                    }
                } else {
                    let (bufs, counts) = &gathered[(i as u64 - lo) as usize];
                    for k in 0..2 {
                        if k == 1 {
                            out.write_all(&mid)?;
                        }
                        if counts[k] > 0 {
                            out.write_all(if pretty { b"[\n        " } else { b"[" })?;
                            out.write_all(&bufs[k])?;
                        }
                        out.write_all(list_end(counts[k], pretty))?;
                    }
                }
                out.write_all(&tail)?;
            }
            at = end;
        }
        out.write_all(if pretty { b"\n  ]" } else { b"]" })
    }
}

/// Appends the elements of one chunk's list to its section.
fn write_list<T: Serialize>(
    section: &mut Section,
    list: &[T],
    pretty: bool,
    buf: &mut Vec<u8>,
) -> io::Result<()> {
    for v in list {
        buf.clear();
        if section.count > 0 {
            separator(buf, pretty, 2);
        }
        element(buf, v, pretty, 2);
        section.spill.write(buf)?;
        section.count += 1;
    }
    Ok(())
}

/// The end of a list of `n` elements at nesting 3 (an empty list is `[]`, whose opening
/// bracket is written here too).
fn list_end(n: u64, pretty: bool) -> &'static [u8] {
    match (n, pretty) {
        (0, _) => b"[]",
        (_, true) => b"\n      ]",
        (_, false) => b"]",
    }
}

/// Calls `f` with every record of `spill`, in the order written.
fn for_each_record(
    spill: &mut Spill,
    mut f: impl FnMut(u64, u8, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let mut r = spill.reader()?;
    let mut head = [0u8; 13];
    let mut body = Vec::new();
    loop {
        match r.read_exact(&mut head) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        }
        let mut g = [0u8; 8];
        g.copy_from_slice(&head[..8]);
        let mut len = [0u8; 4];
        len.copy_from_slice(&head[9..]);
        body.resize(u32::from_le_bytes(len) as usize, 0);
        r.read_exact(&mut body)?;
        f(u64::from_le_bytes(g), head[8], &body)?;
    }
}

/// Reads a UTF-8 text file chunk by chunk, cutting at article boundaries when it can.
pub struct Chunker<R> {
    input: R,
    buf: Vec<u8>,
    eof: bool,
    size: usize,
    segment: Pipeline,
}

impl<R: Read> Chunker<R> {
    /// Chunks of at most `size` bytes from `input`, which must be valid UTF-8.
    pub fn new(input: R, size: usize) -> Chunker<R> {
        let segment = match Pipeline::new(vec![StageName::Segment.build()]) {
            Ok(p) => p,
            // tidy: allow(panic): the segmenter needs only the lines, which every
            // document has; a unit test builds this pipeline.
            Err(e) => unreachable!("the segmenter cannot run alone: {e}"),
        };
        Chunker {
            input,
            buf: Vec::new(),
            eof: false,
            size: size.max(16),
            segment,
        }
    }

    /// The next chunk, or `None` at the end of the input.
    pub fn next_chunk(&mut self) -> io::Result<Option<String>> {
        while self.buf.len() < self.size && !self.eof {
            let start = self.buf.len();
            self.buf.resize(self.size, 0);
            let n = loop {
                match self.input.read(&mut self.buf[start..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            };
            self.buf.truncate(start + n);
            if n == 0 {
                self.eof = true;
            }
        }
        if self.buf.is_empty() {
            return Ok(None);
        }
        let cut = if self.eof && self.buf.len() <= self.size {
            self.buf.len()
        } else {
            // The window ends on a character boundary (a character cut by the end of
            // the buffer goes to the next chunk).
            let window = match std::str::from_utf8(&self.buf) {
                Ok(s) => s,
                Err(e) if e.error_len().is_none() => {
                    std::str::from_utf8(&self.buf[..e.valid_up_to()]).unwrap_or("")
                }
                Err(e) => return Err(io::Error::new(io::ErrorKind::InvalidData, e)),
            };
            let end = window.len();
            let cut = self.find_cut(window);
            if cut == 0 {
                end
            } else {
                cut
            }
        };
        let rest = self.buf.split_off(cut);
        let chunk = std::mem::replace(&mut self.buf, rest);
        String::from_utf8(chunk)
            .map(Some)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }

    /// Where to end a chunk inside `window` (0: at its end).
    fn find_cut(&self, window: &str) -> usize {
        let len = window.len();
        let boundary = |mut i: usize| {
            while !window.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let half = boundary(len / 2);
        // The segmenter on the last quarter of the window, from a line start: the last
        // article that starts after that line is where the next chunk begins.
        let tail_from = boundary(len - len / 4);
        if let Some(nl) = window[tail_from..].find('\n') {
            let from = tail_from + nl + 1;
            let mut doc = Document::new(&window[from..]);
            let _ = self.segment.run(&mut doc);
            for a in doc.articles.iter().rev() {
                let at = from + a.span.start as usize;
                let line = window[..at].rfind('\n').map_or(0, |p| p + 1);
                if line > from {
                    return line;
                }
            }
        }
        let back = &window[half..];
        // After the last blank line.
        let mut end = back.len();
        while let Some(p) = back[..end].rfind('\n') {
            let line_start = back[..p].rfind('\n').map_or(0, |q| q + 1);
            if p > 0 && line_start > 0 && back[line_start..p].trim().is_empty() {
                return half + p + 1;
            }
            end = p;
            if line_start == 0 {
                break;
            }
        }
        if let Some(p) = back.rfind('\n') {
            return half + p + 1;
        }
        if let Some(p) = back.rfind([' ', '\t']) {
            return half + p + 1;
        }
        0
    }
}

/// What the text file `path` holds, checked before it is streamed.
#[derive(Debug)]
pub struct Checked {
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
}

/// Checks a text as [`crate::input::decode`] would (empty, binary, invalid UTF-8) and
/// hashes it, reading it in blocks from `file`; errors name `path`.
pub fn check_text(path: &Path, mut file: impl Read) -> Result<Checked, crate::input::InputError> {
    use crate::input::InputError;
    use sha2::{Digest, Sha256};
    let io_err = |e| InputError::Io(path.to_path_buf(), e);
    let mut hasher = Sha256::new();
    let mut block = vec![0u8; 1 << 20];
    let mut carry: Vec<u8> = Vec::new();
    let mut offset = 0usize;
    let mut all_ascii_ws = true;
    let mut blank = true;
    let mut first = true;
    loop {
        let mut n = 0;
        while n < block.len() {
            match file.read(&mut block[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(io_err(e)),
            }
        }
        let bytes = &block[..n];
        if first {
            // NUL bytes in the first kilobytes make a binary file, whatever follows.
            if bytes[..n.min(8192)].contains(&0) {
                return Err(InputError::Binary(path.to_path_buf()));
            }
            first = false;
        }
        hasher.update(bytes);
        all_ascii_ws &= bytes.iter().all(u8::is_ascii_whitespace);
        carry.extend_from_slice(bytes);
        let valid = match std::str::from_utf8(&carry) {
            Ok(s) => s.len(),
            Err(e) if e.error_len().is_none() && n > 0 => e.valid_up_to(),
            Err(e) => {
                return Err(InputError::InvalidUtf8(
                    path.to_path_buf(),
                    offset + e.valid_up_to(),
                ));
            }
        };
        if blank {
            // The prefix is valid UTF-8 by construction.
            let text = std::str::from_utf8(&carry[..valid]).unwrap_or("");
            blank = text.chars().all(readout_core::is_blank);
        }
        offset += valid;
        carry.drain(..valid);
        if n == 0 {
            break;
        }
    }
    if all_ascii_ws {
        return Err(InputError::Empty(path.to_path_buf()));
    }
    if blank {
        return Err(InputError::Empty(path.to_path_buf()));
    }
    let digest = hasher.finalize();
    let mut sha256 = String::with_capacity(64);
    for b in digest {
        use std::fmt::Write as _;
        let _ = write!(sha256, "{b:02x}");
    }
    Ok(Checked { sha256 })
}

/// Standard input, read to its end: in memory when it is at most `limit` bytes, else
/// copied to an unlinked temporary file (rewound), so that a large text can be streamed.
pub enum Stdin {
    /// The whole input.
    Small(Vec<u8>),
    /// The first bytes (for detecting the format) and the whole input in a file.
    Large(Vec<u8>, File),
}

/// Reads standard input (see [`Stdin`]).
pub fn read_stdin(limit: usize) -> io::Result<Stdin> {
    let mut head = Vec::new();
    let stdin = io::stdin();
    let mut lock = stdin.lock();
    (&mut lock).take(limit as u64 + 1).read_to_end(&mut head)?;
    if head.len() <= limit {
        return Ok(Stdin::Small(head));
    }
    let mut file = temp_file()?;
    {
        let mut w = BufWriter::with_capacity(1 << 16, &mut file);
        w.write_all(&head)?;
        io::copy(&mut lock, &mut w)?;
        w.flush()?;
    }
    file.seek(SeekFrom::Start(0))?;
    head.truncate(1 << 16);
    Ok(Stdin::Large(head, file))
}

/// Analyses one input held in memory and writes its readout/1 object (no final line
/// break): the same bytes as `serde_json` writes for [`json::render`].
pub fn write_whole(
    doc: &Document,
    diags: &Diagnostics,
    source: &SourceInfo,
    pretty: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut s = JsonStream::new(pretty);
    s.add(doc, diags)?;
    let src = json::source_value(source, s.chars(), doc.published, Some(doc));
    s.finish(&src, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use readout_core::{analyze, Options};

    fn fixture() -> &'static str {
        include_str!("../../../fixtures/dump.txt")
    }

    fn source() -> SourceInfo {
        SourceInfo {
            name: "t.txt".into(),
            sha256: "abc".into(),
            ..SourceInfo::default()
        }
    }

    #[test]
    fn one_chunk_is_written_as_render_writes_it() {
        let texts = [
            fixture(),
            "",
            "Short text.",
            "\u{feff}“Nobody,” he said. The minister said on Monday that €5 million (about $5.4 million) was paid.\n",
        ];
        for text in texts {
            let (doc, diags) = analyze(text, &Options::default());
            let v = json::render(&doc, &diags, &source());
            for pretty in [true, false] {
                let want = if pretty {
                    serde_json::to_vec_pretty(&v).unwrap()
                } else {
                    serde_json::to_vec(&v).unwrap()
                };
                let mut got = Vec::new();
                write_whole(&doc, &diags, &source(), pretty, &mut got).unwrap();
                assert_eq!(
                    String::from_utf8(got).unwrap(),
                    String::from_utf8(want).unwrap(),
                    "pretty: {pretty}"
                );
            }
        }
    }

    /// Streams `text` in chunks of `size` bytes and parses the result.
    fn streamed(text: &str, size: usize, pretty: bool) -> (Value, Vec<String>) {
        let mut c = Chunker::new(text.as_bytes(), size);
        let mut s = JsonStream::new(pretty);
        let mut chunks = Vec::new();
        while let Some(chunk) = c.next_chunk().unwrap() {
            let (doc, diags) = analyze(&chunk, &Options::default());
            s.add(&doc, &diags).unwrap();
            chunks.push(chunk);
        }
        let src = json::source_value(&source(), s.chars(), None, None);
        let mut out = Vec::new();
        s.finish(&src, &mut out).unwrap();
        (serde_json::from_slice(&out).unwrap(), chunks)
    }

    fn check_spans(v: &Value, chars: &[char], key: &str, n: &mut usize) {
        match v {
            Value::Object(m) => {
                if let (Some(s), Some(e), Some(t)) = (m.get("start"), m.get("end"), m.get("text")) {
                    if key != "medium" {
                        let (s, e) = (s.as_u64().unwrap() as usize, e.as_u64().unwrap() as usize);
                        assert_eq!(
                            chars[s..e].iter().collect::<String>(),
                            t.as_str().unwrap(),
                            "{key}"
                        );
                        *n += 1;
                    }
                }
                for (k, x) in m {
                    check_spans(x, chars, k, n);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| check_spans(x, chars, key, n)),
            _ => {}
        }
    }

    #[test]
    fn chunks_cover_the_text_and_cut_at_article_starts() {
        let text = fixture().repeat(4);
        let (_, chunks) = streamed(&text, 8192, false);
        assert!(chunks.len() > 4);
        assert_eq!(chunks.concat(), text);
        // Every chunk but the last ends with a line break.
        for c in &chunks[..chunks.len() - 1] {
            assert!(c.ends_with('\n'), "{:?}", &c[c.len().saturating_sub(40)..]);
        }
    }

    #[test]
    fn chunked_output_refers_to_the_whole_input() {
        let text = format!("\u{feff}{}", fixture().repeat(3));
        let chars: Vec<char> = text.chars().collect();
        for pretty in [true, false] {
            let (v, chunks) = streamed(&text, 6000, pretty);
            assert!(chunks.len() > 3);
            assert_eq!(v["source"]["chars"], chars.len());
            let mut n = 0;
            check_spans(&v, &chars, "", &mut n);
            assert!(n > 100);
            // Ids are unique and in order; references point at listed objects.
            let ids: Vec<u64> = v["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["id"].as_u64().unwrap())
                .collect();
            assert_eq!(ids, (1..=ids.len() as u64).collect::<Vec<_>>());
            let sts = v["statements"].as_array().unwrap();
            for (i, s) in sts.iter().enumerate() {
                assert_eq!(s["id"], format!("s{}", i + 1));
                if let Some(a) = s["article"].as_u64() {
                    assert!(a as usize <= ids.len());
                }
            }
            let ents = v["entities"].as_array().unwrap();
            let mut names = std::collections::HashSet::new();
            for e in ents {
                // One entity per type and name across the chunks.
                assert!(names.insert((e["type"].to_string(), e["name"].to_string())));
                assert!(!e["mentions"].as_array().unwrap().is_empty());
            }
            // The fixture repeated three times: its entities' mentions are merged, so some
            // entity has mentions in more than one chunk.
            assert!(ents
                .iter()
                .any(|e| e["mentions"].as_array().unwrap().len() >= 3));
        }
    }

    #[test]
    fn a_single_long_line_is_cut_on_char_boundaries() {
        let text = "é€a".repeat(10_000);
        let (v, chunks) = streamed(&text, 4096, true);
        assert!(chunks.len() > 10);
        assert_eq!(chunks.concat(), text);
        assert_eq!(v["source"]["chars"], 30_000);
    }

    #[test]
    fn entity_groups_larger_than_the_budget_are_streamed() {
        // Write records for two entities directly and group them.
        let mut s = JsonStream::new(true);
        let text = "Anna Berg met Carl Dahl. Anna Berg said so.\n".repeat(3);
        let (doc, diags) = analyze(&text, &Options::default());
        s.add(&doc, &diags).unwrap();
        let want = {
            let mut o = Vec::new();
            let src = json::source_value(&source(), s.chars(), None, None);
            let mut t = JsonStream::new(true);
            t.add(&doc, &diags).unwrap();
            t.finish(&src, &mut o).unwrap();
            o
        };
        // Pretend every entity is over the budget: each is written in its own passes.
        for e in &mut s.entities {
            e.bytes = GROUP_BUDGET + 1;
        }
        let src = json::source_value(&source(), s.chars(), None, None);
        let mut got = Vec::new();
        s.finish(&src, &mut got).unwrap();
        assert_eq!(
            String::from_utf8(got).unwrap(),
            String::from_utf8(want).unwrap()
        );
    }

    #[test]
    fn spills_read_back_what_was_written() {
        let mut s = Spill::new();
        let piece = vec![b'x'; 1 << 20];
        for _ in 0..6 {
            s.write(&piece).unwrap();
        }
        assert!(s.file.is_some());
        let mut back = Vec::new();
        s.reader().unwrap().read_to_end(&mut back).unwrap();
        assert_eq!(back.len(), 6 << 20);
    }
}
