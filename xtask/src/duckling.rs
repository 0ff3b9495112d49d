//! `cargo xtask duckling`: scores the money and number grammar on Duckling's English
//! examples (`../shared/data/duckling/duckling_en_examples.jsonl`).
//!
//! Each positive example is one input string with one expected value. We run the core
//! library directly: [`readout_core::find_money`] for `AmountOfMoney`,
//! [`readout_core::read_number`] for `Numeral`. An example counts as exact when the
//! value matches and nothing else was found.
//!
//! The main subset is every positive `AmountOfMoney` example except ranges
//! (`between`), plus every positive `Numeral` example. Ranges are left out of it because
//! readout's money record holds one amount (a range gives two records); they are scored
//! on their own (both bounds found, in the right currency). `latent` examples (bare
//! numbers as money) are out of scope: readout never reads a bare number as money.
//! Duckling's generic currency names map to ISO codes: `Dollar` = USD (readout reads a
//! bare `$` as USD), `Cent` = USD/100, `Pound` = GBP, `Dinar`/`Riyal`/`Rial` = any code of
//! that family, `Unnamed` ("bucks") = any currency (only the amount is compared).

use std::path::PathBuf;

use anyhow::{Context, Result};
use readout_core::{Approx, Money};
use serde_json::Value;

/// An expected money value.
#[derive(Debug)]
enum Expect {
    Simple(String, f64),
    Under(String, f64),
    Above(String, f64),
    Between(String, f64, f64),
}

fn parse_num(s: &str) -> Option<f64> {
    s.trim()
        .trim_matches(|c| c == '(' || c == ')')
        .trim()
        .parse()
        .ok()
}

fn parse_money(e: &str) -> Option<Expect> {
    let mut it = e.splitn(3, ' ');
    let kind = it.next()?;
    let cur = it.next()?.to_string();
    let rest = it.next()?;
    Some(match kind {
        "simple" => Expect::Simple(cur, parse_num(rest)?),
        "under" => Expect::Under(cur, parse_num(rest)?),
        "above" => Expect::Above(cur, parse_num(rest)?),
        "between" => {
            let (a, b) = rest
                .trim()
                .trim_matches(|c| c == '(' || c == ')')
                .split_once(',')?;
            Expect::Between(cur, parse_num(a)?, parse_num(b)?)
        }
        _ => return None,
    })
}

/// True when readout's ISO code (and amount) stands for Duckling's currency and amount.
fn same(cur: &str, want: f64, m: &Money) -> bool {
    let (codes, scale): (&[&str], f64) = match cur {
        "Dollar" => (&["USD"], 1.0),
        "Cent" => (&["USD"], 0.01),
        "Pound" => (&["GBP"], 1.0),
        "Dinar" => (
            &["KWD", "JOD", "BHD", "IQD", "DZD", "LYD", "TND", "RSD"],
            1.0,
        ),
        "Riyal" => (&["SAR", "QAR", "OMR", "YER"], 1.0),
        "Rial" => (&["IRR", "OMR", "YER"], 1.0),
        "Unnamed" => (&[], 1.0),
        _ => (&[], 1.0),
    };
    let want = want * scale;
    let amount_ok = (m.amount - want).abs() <= 1e-6 * want.abs().max(1.0);
    let code_ok = match cur {
        "Unnamed" => true,
        c if codes.is_empty() => m.currency == c,
        _ => codes.contains(&m.currency.as_str()),
    };
    amount_ok && code_ok
}

/// Runs the evaluation and prints the table.
pub fn run(args: &[String]) -> Result<bool> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .context("xtask has no parent folder")?
        .to_path_buf();
    let mut shared = root.join("../shared");
    let mut verbose = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--shared" => shared = PathBuf::from(it.next().context("--shared needs a folder")?),
            "--verbose" | "-v" => verbose = true,
            s => anyhow::bail!("unknown option {s}"),
        }
    }
    let path = shared.join("data/duckling/duckling_en_examples.jsonl");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    // (dimension/group) → (exact, total)
    let mut rows: Vec<(&'static str, usize, usize)> = vec![
        ("AmountOfMoney (no ranges)", 0, 0),
        ("AmountOfMoney ranges", 0, 0),
        ("Numeral", 0, 0),
        ("AmountOfMoney negative (no entity)", 0, 0),
    ];
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let d: Value = serde_json::from_str(line)?;
        let dim = d["dimension"].as_str().unwrap_or("");
        let kind = d["kind"].as_str().unwrap_or("");
        let input = d["input"].as_str().unwrap_or("");
        let expected = d["expected"].as_str().unwrap_or("");
        let (row, ok) = match (dim, kind) {
            ("AmountOfMoney", "positive") => {
                let Some(exp) = parse_money(expected) else {
                    continue;
                };
                let found: Vec<Money> = readout_core::find_money(input)
                    .into_iter()
                    .map(|a| a.value)
                    .collect();
                match exp {
                    Expect::Between(cur, lo, hi) => {
                        let ok = found.len() == 2
                            && same(&cur, lo, &found[0])
                            && same(&cur, hi, &found[1]);
                        (1, ok)
                    }
                    Expect::Simple(cur, v) => {
                        let ok = found.len() == 1
                            && same(&cur, v, &found[0])
                            && matches!(found[0].approx, None | Some(Approx::About));
                        (0, ok)
                    }
                    Expect::Under(cur, v) => {
                        let ok = found.len() == 1
                            && same(&cur, v, &found[0])
                            && matches!(found[0].approx, Some(Approx::Under | Approx::UpTo));
                        (0, ok)
                    }
                    Expect::Above(cur, v) => {
                        let ok = found.len() == 1
                            && same(&cur, v, &found[0])
                            && matches!(found[0].approx, Some(Approx::Over | Approx::AtLeast));
                        (0, ok)
                    }
                }
            }
            ("AmountOfMoney", "negative") => (3, readout_core::find_money(input).is_empty()),
            ("Numeral", "positive") => {
                let want = expected.strip_prefix("NumeralValue ").and_then(parse_num);
                let got = readout_core::read_number(input);
                let ok = match (want, got) {
                    (Some(w), Some(g)) => (w - g).abs() <= 1e-9 * w.abs().max(1.0),
                    _ => false,
                };
                (2, ok)
            }
            _ => continue,
        };
        if let Some(r) = rows.get_mut(row) {
            r.2 += 1;
            if ok {
                r.1 += 1;
            } else if verbose {
                let got = if row == 2 {
                    format!("{:?}", readout_core::read_number(input))
                } else {
                    format!(
                        "{:?}",
                        readout_core::find_money(input)
                            .iter()
                            .map(|a| (a.value.amount, a.value.currency.clone(), a.value.approx))
                            .collect::<Vec<_>>()
                    )
                };
                println!("miss  {:38} {input:?} expected {expected}, got {got}", r.0);
            }
        }
    }
    println!(
        "{:38} {:>6} {:>6} {:>8}",
        "duckling EN subset", "exact", "total", "accuracy"
    );
    for (name, ok, n) in &rows {
        println!(
            "{name:38} {ok:>6} {n:>6} {:>7.1}%",
            100.0 * *ok as f64 / (*n).max(1) as f64
        );
    }
    let (ok, n) = (rows[0].1 + rows[2].1, rows[0].2 + rows[2].2);
    println!(
        "{:38} {ok:>6} {n:>6} {:>7.1}%",
        "scored subset (money w/o ranges + numerals)",
        100.0 * ok as f64 / n.max(1) as f64
    );
    let (ok, n) = (
        rows[0].1 + rows[1].1 + rows[2].1,
        rows[0].2 + rows[1].2 + rows[2].2,
    );
    println!(
        "{:38} {ok:>6} {n:>6} {:>7.1}%",
        "all positive money + numerals",
        100.0 * ok as f64 / n.max(1) as f64
    );
    Ok(true)
}
