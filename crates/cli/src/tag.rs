//! `readout tag`: re-tags and re-parses a CoNLL-U file with gold tokens, so that the
//! models can be scored with standard tools (e.g. conll18_ud_eval.py).
//!
//! Every word line keeps its ID, FORM, LEMMA, XPOS, FEATS and MISC; UPOS, HEAD and
//! DEPREL are replaced by the predictions, and DEPS (enhanced dependencies, which would
//! contradict the predicted tree) becomes `_`. Comments, multiword-token lines and empty
//! nodes are copied unchanged.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use readout_core::{parser::Parser, tagger::Tagger, DEPRELS};

/// Arguments of `readout tag`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The CoNLL-U file (`-` reads standard input).
    #[arg(value_name = "FILE.conllu")]
    path: PathBuf,
    /// Write here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// One line of a sentence block.
enum Row<'a> {
    /// A comment, multiword-token or empty-node line, copied as is.
    Copy(&'a str),
    /// A word line split into its ten columns.
    Word([&'a str; 10]),
}

/// Runs `readout tag`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let name = args.path.display().to_string();
    let text = if name == "-" {
        std::io::read_to_string(std::io::stdin()).context("reading standard input")?
    } else {
        let bytes = std::fs::read(&args.path).with_context(|| format!("reading {name}"))?;
        match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => bail!("{name}: not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
        }
    };
    let out = tag_conllu(&text, &name)?;
    match &args.output {
        Some(p) => std::fs::write(p, out).with_context(|| format!("writing {}", p.display()))?,
        None => std::io::stdout().lock().write_all(out.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Tags and parses every sentence of a CoNLL-U text; errors name the file and line.
fn tag_conllu(text: &str, name: &str) -> anyhow::Result<String> {
    let tagger = Tagger::builtin();
    let parser = Parser::builtin();
    let mut out = String::with_capacity(text.len());
    let mut block: Vec<Row<'_>> = Vec::new();
    let mut expected = 1usize;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            flush(&mut block, tagger, parser, &mut out);
            expected = 1;
            continue;
        }
        if line.starts_with('#') {
            block.push(Row::Copy(line));
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let Ok(cols) = <[&str; 10]>::try_from(cols) else {
            bail!(
                "{name}:{}: expected 10 tab-separated columns, found {}",
                n + 1,
                line.split('\t').count()
            );
        };
        let id = cols[0];
        if let Some((a, b)) = id.split_once('-') {
            let ok = a.parse::<usize>().is_ok_and(|a| a == expected)
                && b.parse::<usize>().is_ok_and(|b| b > expected);
            if !ok {
                bail!("{name}:{}: bad multiword token range `{id}`", n + 1);
            }
            block.push(Row::Copy(line));
        } else if id.contains('.') {
            block.push(Row::Copy(line));
        } else {
            match id.parse::<usize>() {
                Ok(i) if i == expected => {}
                _ => bail!(
                    "{name}:{}: expected word ID {expected}, found `{id}`",
                    n + 1
                ),
            }
            if cols[1].is_empty() {
                bail!("{name}:{}: empty FORM", n + 1);
            }
            expected += 1;
            block.push(Row::Word(cols));
        }
    }
    // A last sentence without its closing blank line is still accepted.
    flush(&mut block, tagger, parser, &mut out);
    Ok(out)
}

/// Writes one sentence block with predicted UPOS, HEAD and DEPREL.
fn flush(block: &mut Vec<Row<'_>>, tagger: &Tagger, parser: &Parser, out: &mut String) {
    if block.is_empty() {
        return;
    }
    let forms: Vec<&str> = block
        .iter()
        .filter_map(|r| {
            if let Row::Word(c) = r {
                Some(c[1])
            } else {
                None
            }
        })
        .collect();
    let tags = tagger.tag(&forms);
    let tree = parser.parse(&forms, &tags);
    let mut k = 0;
    for row in block.iter() {
        match row {
            Row::Copy(line) => out.push_str(line),
            Row::Word(c) => {
                let upos = tags.get(k).map_or("X", |t| t.as_str());
                let (head, rel) = tree.get(k).copied().unwrap_or((0, 0));
                let rel = DEPRELS
                    .get(usize::from(rel))
                    .copied()
                    .filter(|r| *r != "_")
                    .unwrap_or("dep");
                let rel = if head == 0 { "root" } else { rel };
                out.push_str(&format!(
                    "{}\t{}\t{}\t{upos}\t{}\t{}\t{head}\t{rel}\t_\t{}",
                    c[0], c[1], c[2], c[4], c[5], c[9]
                ));
                k += 1;
            }
        }
        out.push('\n');
    }
    out.push('\n');
    block.clear();
}

#[cfg(test)]
mod tests {
    use super::tag_conllu;

    #[test]
    fn keeps_columns_and_fills_predictions() {
        let input = "# text = They won't go.\n1\tThey\tthey\tX\tPRP\t_\t0\tdep\t_\t_\n2-3\twon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
                     2\two\twill\tX\tMD\t_\t0\tdep\t_\t_\n3\tn't\tnot\tX\tRB\t_\t0\tdep\t_\t_\n4\tgo\tgo\tX\tVB\t_\t0\tdep\t_\tSpaceAfter=No\n\
                     5\t.\t.\tX\t.\t_\t0\tdep\t_\t_\n\n";
        let out = tag_conllu(input, "t.conllu").unwrap_or_default();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.first(), Some(&"# text = They won't go."));
        assert_eq!(lines.get(2), Some(&"2-3\twon't\t_\t_\t_\t_\t_\t_\t_\t_"));
        let words: Vec<Vec<&str>> = lines
            .iter()
            .filter(|l| {
                l.split('\t')
                    .next()
                    .is_some_and(|id| id.parse::<u32>().is_ok())
            })
            .map(|l| l.split('\t').collect())
            .collect();
        assert_eq!(words.len(), 5);
        // Exactly one root, every head inside the sentence, the final stop is punctuation.
        assert_eq!(words.iter().filter(|w| w[6] == "0").count(), 1);
        assert!(words
            .iter()
            .all(|w| w[6].parse::<usize>().is_ok_and(|h| h <= 5)));
        assert_eq!(words[4][3], "PUNCT");
        assert_eq!(words[4][7], "punct");
        assert_eq!(words[3][9], "SpaceAfter=No");
        assert_eq!(words[0][4], "PRP");
    }

    #[test]
    fn malformed_input_names_file_and_line() {
        let e = tag_conllu("1\tA\ta\tX\n", "bad.conllu")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert_eq!(
            e,
            "bad.conllu:1: expected 10 tab-separated columns, found 4"
        );
        let e = tag_conllu(
            "1\tA\t_\t_\t_\t_\t_\t_\t_\t_\n3\tB\t_\t_\t_\t_\t_\t_\t_\t_\n",
            "x.conllu",
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert_eq!(e, "x.conllu:2: expected word ID 2, found `3`");
    }
}
