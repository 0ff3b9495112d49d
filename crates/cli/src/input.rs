//! Reading inputs: files, folders and standard input, with clear errors.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

pub use readout_extract::Problem;

/// Why an input could not be read as text.
#[derive(Debug)]
pub enum InputError {
    /// The path does not exist.
    Missing(PathBuf),
    /// A folder holds no file that looks like text.
    NoTextFiles(PathBuf),
    /// The file has no content (or only white space).
    Empty(PathBuf),
    /// The file is not valid UTF-8; the byte offset of the first bad sequence is given.
    InvalidUtf8(PathBuf, usize),
    /// The file looks binary (it has NUL bytes in its first kilobytes).
    Binary(PathBuf),
    /// Any other I/O failure.
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Missing(p) => write!(f, "{}: no such file or folder", p.display()),
            InputError::NoTextFiles(p) => {
                write!(
                    f,
                    "{}: the folder has no text files (.txt, .text, .md) or pages, feeds, archives (.html, .xml, .json, .jsonl, .warc, .gz)",
                    p.display()
                )
            }
            InputError::Empty(p) => write!(f, "{}: the file is empty", p.display()),
            InputError::InvalidUtf8(p, at) => {
                write!(f, "{}: not valid UTF-8 (first bad byte at offset {at}); convert it to UTF-8 first", p.display())
            }
            InputError::Binary(p) => write!(
                f,
                "{}: looks like a binary file (it contains NUL bytes)",
                p.display()
            ),
            InputError::Io(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

impl std::error::Error for InputError {}

/// One text to analyse.
#[derive(Debug)]
pub struct Input {
    /// Its content, decoded.
    pub text: String,
    /// The raw bytes' SHA-256, hex.
    pub sha256: String,
    /// For HTML, feeds, WARC and JSONL: what the reader found besides the text (its `text`
    /// field is left empty; the text is in `text` above).
    pub extracted: Option<readout_extract::ExtractedDoc>,
}

/// Extensions that folders are walked for: text, and the formats readout-extract reads
/// (the format itself is detected from the content).
const TEXT_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "html", "htm", "xhtml", "xml", "rss", "atom", "json", "jsonl", "ndjson",
    "warc", "gz",
];

/// Expands the command-line paths into a list of files (folders are walked, sorted).
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, InputError> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(p.clone());
            continue;
        }
        let meta = std::fs::metadata(p).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => InputError::Missing(p.clone()),
            _ => InputError::Io(p.clone(), e),
        })?;
        if meta.is_dir() {
            let before = out.len();
            walk(p, &mut out)?;
            if out.len() == before {
                return Err(InputError::NoTextFiles(p.clone()));
            }
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), InputError> {
    let rd = std::fs::read_dir(dir).map_err(|e| InputError::Io(dir.to_path_buf(), e))?;
    let mut entries: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| !is_hidden(p))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| TEXT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(p);
        }
    }
    Ok(())
}

fn is_hidden(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

/// Reads one input as UTF-8 text.
#[allow(dead_code)]
pub fn read(path: &Path) -> Result<Input, InputError> {
    decode(path, read_bytes(path)?)
}

/// One step of reading an input: a document, or a problem with one of its records.
#[derive(Debug)]
pub enum Item {
    /// A document to analyse.
    Doc(Box<Input>),
    /// A record that was skipped (or read with a warning), naming the file and the record.
    Problem(Problem),
}

/// The documents of one input, read lazily for WARC archives (record by record, so memory
/// stays flat in the archive size) and at once for everything else.
pub struct Docs {
    list: std::vec::IntoIter<Item>,
    warc: Option<readout_extract::WarcReader<'static>>,
    parts: Option<TextParts>,
    /// How many documents the input holds, when known before reading (not for WARC).
    pub known_len: Option<usize>,
}

/// A plain text larger than a chunk, read and given out chunk by chunk (see
/// [`open_docs_chunked`]).
struct TextParts {
    chunker: crate::stream::Chunker<std::fs::File>,
    name: String,
    /// How many parts were given out.
    part: usize,
    /// Set after a read error: nothing more is read.
    failed: bool,
}

impl TextParts {
    fn next_item(&mut self) -> Option<Item> {
        if self.failed {
            return None;
        }
        let record = format!("part {}", self.part + 1);
        match self.chunker.next_chunk() {
            Ok(Some(text)) => {
                self.part += 1;
                Some(Item::Doc(Box::new(Input {
                    sha256: hex_sha256(text.as_bytes()),
                    text,
                    extracted: Some(readout_extract::ExtractedDoc {
                        format: readout_extract::Format::Text,
                        record: Some(record),
                        ..Default::default()
                    }),
                })))
            }
            Ok(None) => None,
            Err(e) => {
                self.failed = true;
                Some(Item::Problem(readout_extract::Problem::new(
                    &self.name,
                    Some(record),
                    "text.read",
                    format!("could not be read: {e}"),
                )))
            }
        }
    }
}

impl Iterator for Docs {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if let Some(p) = &mut self.parts {
            return p.next_item();
        }
        if let Some(w) = &mut self.warc {
            return w.find_map(|it| match it {
                readout_extract::WarcItem::Doc(d) => Some(Item::Doc(Box::new(from_doc(*d)))),
                // Other record types (requests, metadata, images) are not problems.
                readout_extract::WarcItem::Problem(p) if p.code == "warc.not_html" => None,
                readout_extract::WarcItem::Problem(p) => Some(Item::Problem(p)),
            });
        }
        self.list.next()
    }
}

fn from_doc(mut d: readout_extract::ExtractedDoc) -> Input {
    let text = std::mem::take(&mut d.text);
    Input {
        sha256: hex_sha256(text.as_bytes()),
        text,
        extracted: Some(d),
    }
}

/// Opens one input and reads the documents in it, detecting the format from the content:
/// a text file gives one (with the errors of [`decode`]); an HTML page one; a feed, WARC
/// archive or JSONL file one per item, record or line. Problems with single records come
/// between the documents, naming the file and the record; the caller reports them and
/// goes on.
pub fn open_docs(path: &Path) -> Result<Docs, InputError> {
    let name = path.display().to_string();
    if path.as_os_str() != "-" {
        // Peek at the head: a WARC archive is streamed from the file, not read whole.
        let head = read_head(path)?;
        if readout_extract::detect(&head, &name) == readout_extract::Format::Warc {
            let file =
                std::fs::File::open(path).map_err(|e| InputError::Io(path.to_path_buf(), e))?;
            return Ok(Docs {
                list: Vec::new().into_iter(),
                warc: Some(readout_extract::WarcReader::new(file, &name)),
                parts: None,
                known_len: None,
            });
        }
    }
    docs_from_bytes(path, read_bytes(path)?)
}

/// Like [`open_docs`], but a plain-text file larger than `chunk` bytes is checked as a
/// whole (empty, binary, invalid UTF-8: the errors of [`decode`]) and then given out in
/// parts of at most `chunk` bytes, cut where an article starts when one is near
/// ([`crate::stream::Chunker`], as `readout analyze` reads large texts): each part is a
/// document (`part 1`, `part 2`, …), so memory stays bounded however large the file.
pub fn open_docs_chunked(path: &Path, chunk: usize) -> Result<Docs, InputError> {
    if path.as_os_str() != "-" {
        let len = std::fs::metadata(path).map_or(0, |m| m.len());
        let name = path.display().to_string();
        if len > chunk as u64
            && readout_extract::detect(&read_head(path)?, &name) == readout_extract::Format::Text
        {
            let open =
                || std::fs::File::open(path).map_err(|e| InputError::Io(path.to_path_buf(), e));
            crate::stream::check_text(path, open()?)?;
            return Ok(Docs {
                list: Vec::new().into_iter(),
                warc: None,
                parts: Some(TextParts {
                    chunker: crate::stream::Chunker::new(open()?, chunk),
                    name,
                    part: 0,
                    failed: false,
                }),
                known_len: None,
            });
        }
    }
    open_docs(path)
}

/// The first 64 KiB of a file, to detect its format.
fn read_head(path: &Path) -> Result<Vec<u8>, InputError> {
    let mut head = Vec::with_capacity(1 << 16);
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => InputError::Missing(path.to_path_buf()),
        _ => InputError::Io(path.to_path_buf(), e),
    })?;
    file.take(1 << 16)
        .read_to_end(&mut head)
        .map_err(|e| InputError::Io(path.to_path_buf(), e))?;
    Ok(head)
}

/// The documents of one input already read into memory (see [`open_docs`]).
pub fn docs_from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Docs, InputError> {
    let name = path.display().to_string();
    let format = readout_extract::detect(&bytes, &name);
    if format == readout_extract::Format::Text {
        let inp = decode(path, bytes)?;
        return Ok(Docs {
            list: vec![Item::Doc(Box::new(inp))].into_iter(),
            warc: None,
            parts: None,
            known_len: Some(1),
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(InputError::Empty(path.to_path_buf()));
    }
    let (docs, problems) = readout_extract::read_documents(&bytes, &name);
    let known_len = Some(docs.len());
    let mut items: Vec<Item> = problems.into_iter().map(Item::Problem).collect();
    items.extend(docs.into_iter().map(|d| Item::Doc(Box::new(from_doc(d)))));
    Ok(Docs {
        list: items.into_iter(),
        warc: None,
        parts: None,
        known_len,
    })
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, InputError> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| InputError::Io(path.to_path_buf(), e))?;
        Ok(buf)
    } else {
        std::fs::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => InputError::Missing(path.to_path_buf()),
            _ => InputError::Io(path.to_path_buf(), e),
        })
    }
}

/// Checks and decodes bytes read from `path`.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<Input, InputError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(InputError::Empty(path.to_path_buf()));
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err(InputError::Binary(path.to_path_buf()));
    }
    let sha256 = hex_sha256(&bytes);
    let text = String::from_utf8(bytes)
        .map_err(|e| InputError::InvalidUtf8(path.to_path_buf(), e.utf8_error().valid_up_to()))?;
    if text.trim_matches(readout_core::is_blank).is_empty() {
        return Err(InputError::Empty(path.to_path_buf()));
    }
    Ok(Input {
        text,
        sha256,
        extracted: None,
    })
}

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_errors_name_the_file() {
        let p = Path::new("x.txt");
        assert_eq!(
            decode(p, b"  \n".to_vec()).unwrap_err().to_string(),
            "x.txt: the file is empty"
        );
        let bad = decode(p, b"abc\xff\xfe".to_vec()).unwrap_err().to_string();
        assert_eq!(
            bad,
            "x.txt: not valid UTF-8 (first bad byte at offset 3); convert it to UTF-8 first"
        );
        assert!(decode(p, b"ab\0cd".to_vec())
            .unwrap_err()
            .to_string()
            .contains("binary"));
        assert!(decode(p, "\u{feff}\n".as_bytes().to_vec())
            .unwrap_err()
            .to_string()
            .contains("empty"));
        let ok = decode(p, b"hello".to_vec()).unwrap();
        assert_eq!(
            ok.sha256,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
    }
}
