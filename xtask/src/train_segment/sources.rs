//! Articles from sources other than PolNeAR, mixed into the training dumps so that the
//! model sees more headline styles and article openings: ECB+ web news (a URL line, a
//! headline, dates, one sentence per line), the AQUAINT part of TempEval-3 (news agency
//! stories with their titles) and the GUM news and interview documents (Wikinews, with
//! their headings). None of them is a source of `dumps.dev.jsonl` (PolNeAR and PTC) or of
//! the seed set. On request (`--sources …,ptc`) also the PTC train articles that no dev
//! dump draws from. Only weights derived from them are committed, never their text.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{Context, Result};

use super::{clean, Rng, Source};

/// Joins a space-tokenised sentence (ECB+ `text_tokenized`) back into running text:
/// punctuation sticks to the word before, opening brackets and quotes to the word after,
/// split hyphens, clitics and clock times are joined again.
pub(super) fn detokenize(line: &str) -> String {
    let toks: Vec<&str> = line.split_whitespace().collect();
    let mut out = String::with_capacity(line.len());
    let mut glue_next = false;
    let mut straight_open = false;
    for (i, &t) in toks.iter().enumerate() {
        let prev = if i > 0 { toks[i - 1] } else { "" };
        let next = toks.get(i + 1).copied().unwrap_or("");
        let alnum_end = |s: &str| s.chars().next_back().is_some_and(char::is_alphanumeric);
        let alnum_start = |s: &str| s.chars().next().is_some_and(char::is_alphanumeric);
        let t = match t {
            "``" => "“",
            "''" => "”",
            "-LRB-" => "(",
            "-RRB-" => ")",
            _ => t,
        };
        let mut attach = matches!(
            t,
            "," | "." | ";" | ":" | "?" | "!" | "%" | ")" | "]" | "”" | "..."
        ) || matches!(
            t.to_lowercase().as_str(),
            "'s" | "n't" | "'re" | "'ve" | "'ll" | "'d" | "'m" | "’s" | "n’t"
        );
        let mut glue_after = matches!(t, "(" | "[" | "“" | "$" | "#");
        if t == "\"" {
            if straight_open {
                attach = true;
            } else {
                glue_after = true;
            }
            straight_open = !straight_open;
        }
        // "90 - day", "court - mandated": a split hyphen between a word and a lower-case
        // word or a number.
        if t == "-"
            && alnum_end(prev)
            && next
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
        {
            attach = true;
            glue_after = true;
        }
        // "Lohan ’ s", "10 : 24".
        if matches!(t, "’" | "'") && alnum_end(prev) && alnum_start(next) && next.len() <= 2 {
            attach = true;
            glue_after = true;
        }
        if t == ":"
            && prev.chars().all(|c| c.is_ascii_digit())
            && !prev.is_empty()
            && next.len() == 2
            && next.chars().all(|c| c.is_ascii_digit())
        {
            glue_after = true;
        }
        if !out.is_empty() && !attach && !glue_next {
            out.push(' ');
        }
        out.push_str(t);
        glue_next = glue_after;
    }
    out
}

/// Whether a line printed above or below an ECB+ headline is a date or time stamp
/// ("May 03, 2013", "Published: April 23, 2013 9:39 AM", "10:24 AM, MON 22 JUL 2013").
fn is_stamp(line: &str) -> bool {
    let l = line.to_lowercase();
    let digits = line.chars().filter(char::is_ascii_digit).count();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let words = line.split_whitespace().count();
    l.starts_with("published")
        || l.starts_with("posted")
        || l.starts_with("updated")
        || l.starts_with("by ")
        || (digits >= 2 && words <= 12 && months.iter().any(|m| l.contains(m)))
        || (digits >= 4 && words <= 8)
}

/// Groups sentences into paragraphs of one to three sentences (ECB+ prints one sentence a
/// line and keeps no paragraphs).
fn group(rng: &mut Rng, sents: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < sents.len() {
        let n = (1 + rng.below(3)).min(sents.len() - i);
        out.push(sents[i..i + n].join(" "));
        i += n;
    }
    out
}

/// ECB+ documents that open with their source URL and carry a headline within the next
/// three lines (the `*ecbplus` half; the `*ecb` half has no headline). Lines between the
/// URL and the headline (date stamps) follow the headline as body lines, as pages print
/// them. The topic number lets a dump draw several articles of one topic.
pub(super) fn load_ecbplus(path: &Path) -> Result<Vec<Source>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut rng = Rng(11);
    let mut out = Vec::new();
    for line in text.lines() {
        let d: serde_json::Value = serde_json::from_str(line)?;
        let body = d["text_tokenized"].as_str().unwrap_or("");
        if !body.starts_with("http") {
            continue;
        }
        let topic = d["topic"].as_u64().unwrap_or(0) as u32;
        let lines: Vec<String> = body
            .lines()
            .skip(1)
            .map(|l| clean(&detokenize(l)))
            .filter(|l| !l.is_empty())
            .collect();
        let Some(hi) = lines.iter().take(3).position(|l| !is_stamp(l)) else {
            continue;
        };
        let headline = lines[hi].clone();
        let words = headline.split_whitespace().count();
        if !(2..=20).contains(&words) || headline.ends_with([',', ':']) {
            continue;
        }
        let mut head_rest: Vec<String> = lines[..hi].to_vec();
        let mut rest = &lines[hi + 1..];
        // Stamps right after the headline stay in the title block.
        while let Some(first) = rest.first() {
            if is_stamp(first) && head_rest.len() < 3 {
                head_rest.push(first.clone());
                rest = &rest[1..];
            } else {
                break;
            }
        }
        if rest.len() < 3 {
            continue;
        }
        out.push(Source {
            headline,
            head_rest,
            abstract_: None,
            paras: group(&mut rng, rest),
            topic: Some(topic),
        });
    }
    Ok(out)
}

/// Removes XML tags and the five predefined entities.
fn strip_tags(s: &str) -> String {
    crate::drop_markup(s)
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
}

/// Rewrites PTB quote marks (`` and '') as curly quotes.
fn quotes(s: &str) -> String {
    s.replace("``", "“").replace("''", "”")
}

/// The AQUAINT documents of TempEval-3 (TBAQ-cleaned): the `<TITLE>` is the headline, the
/// paragraphs of `<TEXT>` the body; a dateline paragraph ("NAIROBI, Kenya (AP) _",
/// "HAVANA (AP) --") is
/// joined to the paragraph after it.
pub(super) fn load_aquaint(dir: &Path) -> Result<Vec<Source>> {
    let mut out = Vec::new();
    for p in crate::sorted_files(dir, "tml")? {
        let t = std::fs::read_to_string(&p)?;
        let between = |open: &str, close: &str| -> Option<String> {
            let a = t.find(open)? + open.len();
            let b = t[a..].find(close)? + a;
            Some(t[a..b].to_string())
        };
        let (Some(title), Some(body)) =
            (between("<TITLE>", "</TITLE>"), between("<TEXT>", "</TEXT>"))
        else {
            continue;
        };
        let headline = clean(&quotes(&strip_tags(&title)));
        let body = strip_tags(&body);
        let mut paras: Vec<String> = Vec::new();
        let mut dateline: Option<String> = None;
        for b in body.split("\n\n") {
            let b = clean(&quotes(&b.replace('\n', " ")));
            if b.is_empty() {
                continue;
            }
            let short = b.split_whitespace().count() <= 8;
            if paras.is_empty()
                && dateline.is_none()
                && short
                && (b.ends_with(" _") || b.ends_with("--") || b.ends_with('—'))
            {
                dateline = Some(
                    b.trim_end_matches(['_', '-', '—', ' '])
                        .replace(" )", ")")
                        .to_string(),
                );
                continue;
            }
            match dateline.take() {
                Some(d) => paras.push(format!("{d} — {b}")),
                None => paras.push(b),
            }
        }
        if headline.is_empty() || paras.len() < 2 {
            continue;
        }
        out.push(Source::plain(headline, paras));
    }
    Ok(out)
}

/// The GUM news and interview documents of the UD train split (Wikinews, CC BY 2.5): the
/// first heading block is the headline, later headings are subheadings (marked as the
/// generator marks its own), paragraph blocks the body.
pub(super) fn load_gum_news(path: &Path) -> Result<Vec<Source>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    // (headline, paragraphs) of the document being read; None outside news documents.
    let mut cur: Option<(String, Vec<String>)> = None;
    let mut block_head = false;
    let flush = |cur: &mut Option<(String, Vec<String>)>, out: &mut Vec<Source>| {
        if let Some((h, paras)) = cur.take() {
            let body = paras.iter().filter(|p| !p.starts_with('\u{1}')).count();
            if !h.is_empty() && body >= 3 {
                out.push(Source::plain(h, paras));
            }
        }
    };
    for line in text.lines() {
        if let Some(id) = line.strip_prefix("# newdoc id = ") {
            flush(&mut cur, &mut out);
            cur = (id.starts_with("GUM_news") || id.starts_with("GUM_interview"))
                .then(|| (String::new(), Vec::new()));
        } else if let Some(b) = line.strip_prefix("# newpar_block = ") {
            block_head = b.starts_with("head");
            if let Some((h, paras)) = cur.as_mut() {
                if !(block_head && h.is_empty()) {
                    paras.push(if block_head {
                        "\u{1}".to_string()
                    } else {
                        String::new()
                    });
                }
            }
        } else if let Some(s) = line.strip_prefix("# text = ") {
            let Some((h, paras)) = cur.as_mut() else {
                continue;
            };
            if block_head && h.is_empty() && paras.is_empty() {
                *h = s.trim().to_string();
            } else if block_head && h.is_empty() {
                // A heading after text without one first: not a document we can use.
                continue;
            } else if let Some(p) = paras.last_mut() {
                if !p.is_empty() && *p != "\u{1}" {
                    p.push(' ');
                }
                p.push_str(s.trim());
            }
        }
    }
    flush(&mut cur, &mut out);
    for s in &mut out {
        s.paras.retain(|p| !p.is_empty() && p != "\u{1}");
    }
    Ok(out)
}

/// The PTC train articles (propaganda and partisan news sites: a title line, a blank line,
/// then one sentence a line, blank lines between some paragraphs) that no dump of
/// `dumps.dev.jsonl` draws from: the dev dumps take their PTC articles from the same
/// split, so the ids they name (`exclude`) are left out. Sentences are grouped into
/// paragraphs as for ECB+.
pub(super) fn load_ptc(dir: &Path, exclude: &HashSet<String>) -> Result<Vec<Source>> {
    let mut rng = Rng(13);
    let mut out = Vec::new();
    for p in crate::sorted_files(dir, "txt")? {
        let id = p
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .trim_start_matches("article");
        if exclude.contains(id) {
            continue;
        }
        let text =
            std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?;
        // Byte order marks and zero-width spaces are left inside some lines.
        let text = text.replace(['\u{feff}', '\u{200b}'], "");
        let mut blocks = text.split("\n\n");
        let headline = clean(blocks.next().unwrap_or(""))
            .trim_end_matches('.')
            .trim()
            .to_string();
        let words = headline.split_whitespace().count();
        if !(2..=25).contains(&words) {
            continue;
        }
        let mut paras = Vec::new();
        for b in blocks {
            let sents: Vec<String> = b.lines().map(clean).filter(|l| !l.is_empty()).collect();
            paras.extend(group(&mut rng, &sents));
        }
        if paras.len() < 3 {
            continue;
        }
        out.push(Source::plain(headline, paras));
    }
    Ok(out)
}

/// The ids of the articles of `source` ("ptc", "polnear") that the dumps of a
/// `dumps.dev.jsonl` file draw from.
pub(super) fn dev_article_ids(path: &Path, source: &str) -> Result<HashSet<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut ids = HashSet::new();
    for (n, line) in text.lines().enumerate() {
        let d: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}: line {}", path.display(), n + 1))?;
        for a in d["articles"].as_array().into_iter().flatten() {
            if a["source"] == source {
                if let Some(id) = a["article_id"].as_str() {
                    ids.insert(id.to_string());
                }
            }
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detokenize_joins_punctuation_hyphens_and_clitics() {
        assert_eq!(
            detokenize("Ms Vale ’ s court - mandated stay , `` she said '' , began at 10 : 24 ."),
            "Ms Vale’s court-mandated stay, “she said”, began at 10:24."
        );
        assert_eq!(
            detokenize("Rain hits Portlow - Floods ( again ) do n't stop \" ferries \""),
            "Rain hits Portlow - Floods (again) don't stop \"ferries\""
        );
    }

    #[test]
    fn stamps_are_dates_not_headlines() {
        assert!(is_stamp("May 03, 2013"));
        assert!(is_stamp("Published: April 23, 2013 9:39 AM"));
        assert!(!is_stamp("Ferry crews strike over pay in Portlow"));
    }

    #[test]
    fn ptc_articles_leave_out_dev_ones_and_stray_marks() {
        let dir = std::env::temp_dir().join(format!("readout-ptc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let body = "Crews stopped work on Monday.\nThey want new rosters.\nTalks resume today.\n\nThe port stays shut.\nFerries wait offshore.\n";
        std::fs::write(
            dir.join("article11.txt"),
            format!("\u{feff}Ferry crews strike over pay.\n\n{body}"),
        )
        .unwrap();
        std::fs::write(dir.join("article22.txt"), format!("Port shut\n\n{body}")).unwrap();
        let exclude: HashSet<String> = ["22".to_string()].into_iter().collect();
        let arts = load_ptc(&dir, &exclude).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(arts.len(), 1);
        assert_eq!(arts[0].headline, "Ferry crews strike over pay");
        // Every sentence is kept once, in order, grouped into paragraphs.
        let joined = arts[0].paras.join(" ");
        assert_eq!(
            joined,
            "Crews stopped work on Monday. They want new rosters. Talks resume today. The port stays shut. Ferries wait offshore."
        );
        assert!(arts[0].paras.iter().all(|p| !p.contains('\u{feff}')));
    }
}
