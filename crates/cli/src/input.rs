//! Reading inputs: files, folders and standard input, with clear errors.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

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
                    "{}: the folder has no text files (.txt, .text, .md)",
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
}

const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md"];

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
pub fn read(path: &Path) -> Result<Input, InputError> {
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| InputError::Io(path.to_path_buf(), e))?;
        buf
    } else {
        std::fs::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => InputError::Missing(path.to_path_buf()),
            _ => InputError::Io(path.to_path_buf(), e),
        })?
    };
    decode(path, bytes)
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
    Ok(Input { text, sha256 })
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
