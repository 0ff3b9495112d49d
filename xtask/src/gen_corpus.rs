//! `cargo xtask gen-corpus N DIR`: a synthetic corpus of N articles for benchmarks,
//! made from fixtures/articles/*.txt by shuffling the body paragraphs, swapping
//! capitalised words for invented names and swapping numbers. Deterministic (fixed
//! seed). Written as DIR/corpus-NNNN.jsonl, 5,000 articles a file, with `text`,
//! `source`, `url` and `published`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// A xorshift64* generator: fast, deterministic, good enough for test data.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is replaced by a fixed constant).
    pub fn new(seed: u64) -> Rng {
        Rng(if seed == 0 {
            0x9e37_79b9_7f4a_7c15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (0 when n is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "vin", "mar", "te", "dra", "sol", "bek", "ri", "zan", "mo", "pel", "tu", "nor",
    "vi", "las", "ko", "ren", "da", "mil", "sta", "gor", "len", "bru", "fa", "hel", "jo", "quin",
];
const ENDINGS: &[&str] = &[
    "", "ov", "ska", "sen", "ic", "es", "ard", "ini", "berg", "ak",
];

/// `n` invented capitalised names (deterministic).
pub fn name_pool(n: usize, rng: &mut Rng) -> Vec<String> {
    let mut out = Vec::with_capacity(n);
    let mut seen = std::collections::HashSet::new();
    while out.len() < n {
        let mut s = String::new();
        for _ in 0..2 + rng.below(2) {
            s.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
        }
        s.push_str(ENDINGS[rng.below(ENDINGS.len())]);
        let mut c = s.chars();
        let name: String = c
            .next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default();
        if seen.insert(name.clone()) {
            out.push(name);
        }
    }
    out
}

/// Rewrites one line: capitalised words after the first are swapped for a pool name
/// with probability 1/4, digit runs for random digits of the same length with
/// probability 1/2.
fn vary_line(line: &str, pool: &[String], rng: &mut Rng, out: &mut String) {
    let mut first = true;
    let mut chars = line.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_alphabetic() {
            let mut end = i;
            while let Some(&(j, d)) = chars.peek() {
                if d.is_alphabetic() {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let word = &line[i..end];
            if !first && c.is_uppercase() && word.len() > 3 && rng.below(4) == 0 {
                out.push_str(&pool[rng.below(pool.len())]);
            } else {
                out.push_str(word);
            }
            first = false;
        } else if c.is_ascii_digit() {
            let mut end = i;
            while let Some(&(j, d)) = chars.peek() {
                if d.is_ascii_digit() {
                    end = j + 1;
                    chars.next();
                } else {
                    break;
                }
            }
            let digits = &line[i..end];
            if rng.below(2) == 0 {
                for k in 0..digits.len() {
                    let d = if k == 0 {
                        1 + rng.below(9)
                    } else {
                        rng.below(10)
                    };
                    out.push(char::from(b'0' + d as u8));
                }
            } else {
                out.push_str(digits);
            }
            first = false;
        } else {
            out.push(c);
            chars.next();
        }
    }
}

/// One varied article from a fixture text.
pub fn vary(text: &str, pool: &[String], rng: &mut Rng) -> String {
    let mut lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    // Keep the lead line first; shuffle the body (Fisher–Yates).
    for i in (2..lines.len()).rev() {
        let j = 1 + rng.below(i);
        lines.swap(i, j);
    }
    let mut out = String::with_capacity(text.len() + 64);
    for l in lines {
        vary_line(l, pool, rng, &mut out);
        out.push('\n');
    }
    out
}

fn fixtures(root: &Path) -> Result<Vec<String>> {
    let dir = root.join("fixtures/articles");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("{}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        bail!("{}: no fixture articles", dir.display());
    }
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).with_context(|| format!("{}", p.display())))
        .collect()
}

/// Writes the corpus; returns the number of text bytes written.
pub fn generate(root: &Path, n: usize, dir: &Path) -> Result<u64> {
    let bases = fixtures(root)?;
    std::fs::create_dir_all(dir).with_context(|| format!("{}", dir.display()))?;
    let mut rng = Rng::new(20_251_127);
    let pool = name_pool(4000, &mut rng);
    let mut bytes = 0u64;
    let mut file: Option<std::io::BufWriter<std::fs::File>> = None;
    for i in 0..n {
        if i % 5000 == 0 {
            if let Some(mut f) = file.take() {
                f.flush()?;
            }
            let p = dir.join(format!("corpus-{:04}.jsonl", i / 5000));
            file = Some(std::io::BufWriter::new(
                std::fs::File::create(&p).with_context(|| format!("{}", p.display()))?,
            ));
        }
        let text = vary(&bases[rng.below(bases.len())], &pool, &mut rng);
        bytes += text.len() as u64;
        let record = serde_json::json!({
            "text": text,
            "source": format!("gen/{i}"),
            "url": format!("https://example.invalid/gen/{i}"),
            "published": format!("2025-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
        });
        if let Some(f) = file.as_mut() {
            serde_json::to_writer(&mut *f, &record)?;
            f.write_all(b"\n")?;
        }
    }
    if let Some(mut f) = file {
        f.flush()?;
    }
    Ok(bytes)
}

/// Runs `gen-corpus N DIR`.
pub fn run(root: &Path, args: &[String]) -> Result<bool> {
    let [n, dir] = args else {
        bail!("usage: cargo xtask gen-corpus N DIR");
    };
    let n: usize = n.parse().context("N must be a number of articles")?;
    let bytes = generate(root, n, Path::new(dir))?;
    eprintln!(
        "gen-corpus: {n} articles, {:.1} MB of text in {dir}",
        bytes as f64 / 1e6
    );
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variation_keeps_the_lead_and_the_paragraphs() {
        let text = "Lead line about Warsaw\nFirst paragraph with 1234 and Gdansk.\nSecond one.\nThird one by Kowalski.\n";
        let mut rng = Rng::new(7);
        let pool = name_pool(50, &mut rng);
        let v = vary(text, &pool, &mut rng);
        let lines: Vec<&str> = v.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines[0].starts_with("Lead line about "));
        assert!(lines.contains(&"Second one."));
        let digits = lines.iter().find(|l| l.starts_with("First")).unwrap();
        assert!(digits.chars().filter(char::is_ascii_digit).count() == 4);
        // The same seed gives the same text.
        let mut rng2 = Rng::new(7);
        let pool2 = name_pool(50, &mut rng2);
        assert_eq!(pool, pool2);
        assert_eq!(vary(text, &pool2, &mut rng2), v);
    }
}
