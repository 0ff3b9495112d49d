//! Money, stated conversions and quantities, with consistency checks.
//!
//! The stage scans the raw text with the shared lexer ([`crate::scan`]): an amount is a
//! currency (sign, code or name, before or after) next to a number, possibly scaled
//! ("4.7bn", "36 million"). An amount in brackets right after an amount in another
//! currency restates it (`equivalent_of`). Counted numbers ("527 dossiers", "2,000%")
//! become quantities. Two checks then compare the figures of each article: the exchange
//! rates its conversions imply, and stated ratios against the amounts they describe.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::doc::{Annotation, Approx, Document, Layer, LayerKind, Money, Quantity, Span};
use crate::pipeline::{Diagnostics, Stage};
use crate::scan::{number_at, Kind, Scan};

/// Finds amounts of money and quantities.
#[derive(Debug, Default, Clone, Copy)]
pub struct FigureStage;

impl Stage for FigureStage {
    fn name(&self) -> &'static str {
        "figures"
    }
    fn requires(&self) -> &'static [LayerKind] {
        &[LayerKind::Articles, LayerKind::Dates]
    }
    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::Figures]
    }
    fn run(&self, doc: &mut Document, diags: &mut Diagnostics) {
        let date_spans: Vec<Span> = doc.dates.iter().map(|d| d.span).collect();
        let noise: Vec<Span> = doc.noise.iter().map(|n| n.span).collect();
        let (money, quantities) = find_figures(doc.text(), &date_spans, &noise);
        // The money list is in text order already, so `equivalent_of` indices stay valid.
        doc.money = Layer::from_vec(money);
        doc.quantities = Layer::from_vec(quantities);
        check_rates(doc, diags);
        check_ratios(doc, diags);
    }
}

/// One currency phrase of the lexicon: its words after the first and its code.
struct Phrase {
    rest: Vec<&'static str>,
    code: &'static str,
    cents: bool,
}

/// The currency lexicon, keyed by first word.
fn lexicon() -> &'static HashMap<&'static str, Vec<Phrase>> {
    static LEX: OnceLock<HashMap<&'static str, Vec<Phrase>>> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut m: HashMap<&'static str, Vec<Phrase>> = HashMap::new();
        for line in include_str!("../data/currencies.txt").lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some((phrase, code)) = line.split_once('\t') else {
                continue;
            };
            let mut words = phrase.split(' ');
            let Some(first) = words.next() else { continue };
            let (code, cents) = match code.strip_suffix("/100") {
                Some(c) => (c, true),
                None => (code, false),
            };
            m.entry(first).or_default().push(Phrase {
                rest: words.collect(),
                code,
                cents,
            });
        }
        for v in m.values_mut() {
            v.sort_by_key(|p| std::cmp::Reverse(p.rest.len()));
        }
        m
    })
}

/// ISO 4217 codes recognised when written in capitals next to a number.
const CODES: &[&str] = &[
    "USD", "EUR", "GBP", "CZK", "RUB", "UAH", "CNY", "RMB", "JPY", "INR", "CHF", "PLN", "HUF",
    "TRY", "ILS", "KRW", "ZAR", "SEK", "NOK", "DKK", "CAD", "AUD", "HKD", "SGD", "NZD", "TWD",
    "MXN", "BRL", "NGN", "MYR", "MNT", "KWD", "SAR", "QAR", "IRR", "AED", "LBP", "EGP", "GEL",
    "KZT", "AZN", "BGN", "RON", "AMD", "BTC", "BYN", "MDL", "RSD",
];

/// The code of a currency sign.
fn sign_code(s: &str) -> Option<(&'static str, bool)> {
    Some(match s {
        "$" => ("USD", false),
        "€" => ("EUR", false),
        "£" => ("GBP", false),
        "₽" => ("RUB", false),
        "₴" => ("UAH", false),
        "¥" => ("JPY", false),
        "₹" => ("INR", false),
        "₩" => ("KRW", false),
        "₪" => ("ILS", false),
        "₺" => ("TRY", false),
        "₦" => ("NGN", false),
        "₸" => ("KZT", false),
        "¢" => ("USD", true),
        _ => return None,
    })
}

/// The code of a capitalised code word ("USD", "RMB", "Rs", "RM").
fn code_word(s: &str) -> Option<&'static str> {
    if !(2..=3).contains(&s.len())
        || !s
            .bytes()
            .skip(1)
            .all(|b| b.is_ascii_uppercase() || b == b's')
    {
        return None;
    }
    match s {
        "RMB" => Some("CNY"),
        "Rs" => Some("INR"),
        "RM" => Some("MYR"),
        "LE" => Some("EGP"),
        _ => CODES.iter().find(|c| **c == s).copied(),
    }
}

/// The code of a dollar sign with a country prefix ("US$", "HK$").
fn dollar_prefix(s: &str) -> Option<&'static str> {
    Some(match s {
        "US" | "U" => "USD",
        "A" | "AU" => "AUD",
        "C" | "CA" => "CAD",
        "HK" => "HKD",
        "NZ" => "NZD",
        "S" | "SG" => "SGD",
        "R" => "BRL",
        "NT" => "TWD",
        "M" | "MX" | "Mex" => "MXN",
        _ => return None,
    })
}

/// A currency phrase after a number, starting at piece `j`: code, cents flag, end piece.
fn currency_after(
    sc: &Scan<'_>,
    j: usize,
    number_end: usize,
) -> Option<(&'static str, bool, usize)> {
    if sc.line_break(j) {
        return None;
    }
    let s = sc.s(j);
    if let Some((code, cents)) = sign_code(s) {
        // A spaced sign must not start the next amount ("two $500 checks").
        let next_is_number = sc.kind(j + 1) == Some(Kind::Num) && sc.glued(j + 1);
        if sc.glued(j) || !next_is_number {
            return Some((code, cents, j + 1));
        }
        return None;
    }
    if sc.kind(j) != Some(Kind::Word) {
        return None;
    }
    // "50 U.S. dollars".
    if s == "U"
        && sc.s(j + 1) == "."
        && sc.s(j + 2) == "S"
        && sc.s(j + 3) == "."
        && sc.is_any(j + 4, &["dollar", "dollars"])
    {
        return Some(("USD", false, j + 5));
    }
    // "10 c", "10c" at the end of a phrase.
    if s == "c" && (sc.kind(j + 1) == Some(Kind::Sym) || sc.line_break(j + 1)) {
        return Some(("USD", true, j + 1));
    }
    // "3.14US$".
    if sc.s(j + 1) == "$" && sc.glued(j + 1) {
        if let Some(code) = dollar_prefix(s) {
            return Some((code, false, j + 2));
        }
    }
    if let Some(code) = code_word(s) {
        // "42MYR", "3 CNY", "20 Rs" (not "Rs" before another number).
        if !(sc.kind(j + 1) == Some(Kind::Num) && s == "Rs") {
            let end = if s == "Rs" && sc.s(j + 1) == "." && sc.glued(j + 1) {
                j + 2
            } else {
                j + 1
            };
            return Some((code, false, end));
        }
    }
    let _ = number_end;
    phrase_at(sc, j)
}

/// A cheap test of whether a word may open a currency name of the lexicon.
fn may_open_phrase(w: &str) -> bool {
    static F: OnceLock<crate::scan::WordFilter> = OnceLock::new();
    F.get_or_init(|| {
        let firsts: Vec<&str> = lexicon().keys().copied().collect();
        crate::scan::WordFilter::new(&firsts)
    })
    .may(w)
}

/// A currency name from the lexicon at piece `j`: code, cents flag, end piece.
fn phrase_at(sc: &Scan<'_>, j: usize) -> Option<(&'static str, bool, usize)> {
    if !may_open_phrase(sc.s(j)) {
        return None;
    }
    let mut buf = [0u8; 16];
    let first = crate::scan::lower(sc.s(j), &mut buf)?;
    let phrases = lexicon().get(first)?;
    'outer: for ph in phrases {
        let mut k = j + 1;
        for w in &ph.rest {
            if sc.line_break(k) || !sc.is(k, w) {
                continue 'outer;
            }
            k += 1;
        }
        // "ten pounds of flour" is a weight.
        if first.starts_with("pound") && sc.is(k, "of") {
            return None;
        }
        return Some((ph.code, ph.cents, k));
    }
    None
}

/// The approximation words just before piece `first`: the kind and the first piece.
fn approx_before(sc: &Scan<'_>, first: usize) -> Option<(Approx, usize)> {
    let w1 = first.checked_sub(1)?;
    let w2 = first.checked_sub(2);
    let w3 = first.checked_sub(3);
    if let Some(w2) = w2 {
        let pair = |a: &str, b: &str| sc.is(w2, a) && sc.is(w1, b);
        if let Some(w3) = w3 {
            if sc.is(w3, "as") && sc.is_any(w2, &["much", "many"]) && sc.is(w1, "as") {
                return Some((Approx::UpTo, w3));
            }
            // "no more than 7", "no less than $1.42".
            if sc.is(w1, "than") && sc.is(w3, "no") && sc.is_any(w2, &["more", "higher", "greater"])
            {
                return Some((Approx::UpTo, w3));
            }
            if sc.is(w1, "than") && sc.is(w3, "no") && sc.is_any(w2, &["less", "lower", "fewer"]) {
                return Some((Approx::AtLeast, w3));
            }
        }
        let two = if pair("more", "than") || pair("upwards", "of") || pair("in", "excess") {
            Some(Approx::Over)
        } else if pair("up", "to") || pair("at", "most") {
            Some(Approx::UpTo)
        } else if pair("at", "least") {
            Some(Approx::AtLeast)
        } else if pair("less", "than")
            || pair("fewer", "than")
            || pair("lower", "than")
            || pair("just", "under")
        {
            Some(Approx::Under)
        } else if pair("close", "to") || pair("an", "estimated") {
            Some(Approx::About)
        } else {
            None
        };
        if let Some(a) = two {
            return Some((a, w2));
        }
    }
    let a = if sc.is_any(w1, &["over", "above", "exceeding"]) {
        Approx::Over
    } else if sc.is_any(
        w1,
        &[
            "about",
            "around",
            "roughly",
            "approximately",
            "some",
            "circa",
            "approx",
            "nearly",
            "almost",
        ],
    ) {
        if sc.is_any(w1, &["nearly", "almost"]) {
            Approx::Under
        } else {
            Approx::About
        }
    } else if sc.is_any(w1, &["under", "below"]) {
        Approx::Under
    } else {
        return None;
    };
    Some((a, w1))
}

/// An amount found in the pieces.
#[derive(Debug, Clone)]
struct Hit {
    lead: usize,
    first: usize,
    end: usize,
    amount: f64,
    code: &'static str,
    approx: Option<Approx>,
}

/// Reads an amount of money starting at piece `i`.
fn money_at(sc: &Scan<'_>, i: usize) -> Option<Hit> {
    let s = sc.s(i);
    // Prefix currency: sign, "US$", code word.
    let mut prefix: Option<(&'static str, bool, usize)> = None;
    if let Some((code, cents)) = sign_code(s) {
        prefix = Some((code, cents, i + 1));
    } else if sc.kind(i) == Some(Kind::Word) {
        if sc.s(i + 1) == "$" && sc.glued(i + 1) {
            if let Some(code) = dollar_prefix(s) {
                prefix = Some((code, false, i + 2));
            }
        } else if let Some(code) = code_word(s) {
            let j = if s == "Rs" && sc.s(i + 1) == "." && sc.glued(i + 1) {
                i + 2
            } else {
                i + 1
            };
            prefix = Some((code, false, j));
        }
    }
    if let Some((code, cents, j)) = prefix {
        if sc.kind(j) != Some(Kind::Num) || sc.line_break(j) {
            return None;
        }
        // A glued letter before a sign makes a word ("A$" handled above), not an amount.
        let n = number_at(sc, j, true)?;
        let mut amount = if cents { n.value / 100.0 } else { n.value };
        let mut end = n.end;
        // A currency word after a sign restates it ("$5 million dollars").
        if let Some((c2, false, e)) = currency_after(sc, end, end) {
            if c2 == code && sign_code(sc.s(end)).is_none() {
                end = e;
            }
        }
        if let Some((c, e)) = cents_after(sc, end, false) {
            amount += c;
            end = e;
        }
        return Some(Hit {
            lead: i,
            first: i,
            end,
            amount,
            code,
            approx: None,
        });
    }
    // "a dollar", "one euro" (not "a dollar-denominated bond").
    if sc.is_any(i, &["a", "an", "one"]) && phrase_at(sc, i + 1).is_some() {
        let (code, cents, mut end) = currency_after(sc, i + 1, i + 1)?;
        // "a crown" or "a pound" is mostly not money; "a dollar", "a euro", "a cent" are.
        let unambiguous = sc.is(i, "one") || matches!(code, "USD" | "EUR");
        if sc.kind(i + 1) != Some(Kind::Word)
            || !unambiguous
            || sc.s(i + 1).ends_with('s')
            || (sc.s(end) == "-" && sc.glued(end))
        {
            return None;
        }
        let mut amount = if cents { 0.01 } else { 1.0 };
        if !cents {
            if let Some((c, e)) = cents_after(sc, end, true) {
                amount += c;
                end = e;
            }
        }
        return Some(Hit {
            lead: i,
            first: i,
            end,
            amount,
            code,
            approx: None,
        });
    }
    // A currency name before a number ("ringgit 42", "Swiss francs 300").
    if sc.kind(i) == Some(Kind::Word) && code_word(s).is_none() {
        if let Some((code, false, j)) = phrase_at(sc, i) {
            if sc.kind(j) == Some(Kind::Num)
                && !sc.line_break(j)
                && (i == 0 || sc.kind(i - 1) != Some(Kind::Num))
            {
                if let Some(n) = number_at(sc, j, true).filter(|n| !n.words) {
                    return Some(Hit {
                        lead: i,
                        first: i,
                        end: n.end,
                        amount: n.value,
                        code,
                        approx: None,
                    });
                }
            }
        }
    }
    // Number first, currency after.
    if !matches!(sc.kind(i), Some(Kind::Num | Kind::Word)) {
        return None;
    }
    if sc.kind(i) == Some(Kind::Num) && i > 0 && sc.glued(i) && sc.kind(i - 1) == Some(Kind::Word) {
        return None;
    }
    let n = number_at(sc, i, false)?;
    let (code, cents, mut end) = currency_after(sc, n.end, n.end)?;
    // A spelled-out number needs a currency word, not a sign ("two $500").
    if n.words && sign_code(sc.s(n.end)).is_some() {
        return None;
    }
    let mut amount = if cents { n.value / 100.0 } else { n.value };
    if !cents {
        let word_currency = sc.kind(n.end) == Some(Kind::Word);
        if let Some((c, e)) = cents_after(sc, end, word_currency) {
            amount += c;
            end = e;
        }
    }
    Some(Hit {
        lead: i,
        first: i,
        end,
        amount,
        code,
        approx: None,
    })
}

/// Cents after an amount ("$20 and 43c", "20 dollars 43 cents", "20 dollar 43").
fn cents_after(sc: &Scan<'_>, end: usize, bare_ok: bool) -> Option<(f64, usize)> {
    let mut j = end;
    if sc.line_break(j) {
        return None;
    }
    let with_and = sc.is(j, "and");
    if with_and {
        j += 1;
    }
    let n = number_at(sc, j, false)?;
    if n.scaled || n.value >= 100.0 || n.value.fract() != 0.0 || sc.line_break(j) {
        return None;
    }
    let k = n.end;
    if sc.is_any(
        k,
        &[
            "c", "cent", "cents", "p", "pence", "sen", "sens", "kopiykas", "kopecks", "kopeks",
            "penny", "pennies",
        ],
    ) || sc.s(k) == "¢"
    {
        // A spaced "c" or "p" is a cent only at the end of the phrase ("10 c.").
        if sc.is_any(k, &["c", "p"])
            && !sc.glued(k)
            && matches!(sc.kind(k + 1), Some(Kind::Word | Kind::Num))
            && !sc.line_break(k + 1)
        {
            return None;
        }
        return Some((n.value / 100.0, k + 1));
    }
    // A bare number after a currency word, ending the phrase.
    let ends = sc.kind(k).is_none_or(|kd| kd == Kind::Sym) || sc.line_break(k);
    ((bare_ok || with_and) && ends && sc.s(k) != "%").then_some((n.value / 100.0, k))
}

/// Finds money and quantities in `text`, skipping numbers inside `date_spans`.
fn find_figures(
    text: &str,
    date_spans: &[Span],
    noise: &[Span],
) -> (Vec<Annotation<Money>>, Vec<Annotation<Quantity>>) {
    let sc = Scan::new(text);
    let mut hits: Vec<Hit> = Vec::new();
    let mut used = vec![false; sc.len()];
    let mut i = 0;
    while i < sc.len() {
        let k = sc.kind(i);
        let cand = match k {
            Some(Kind::Num) => true,
            Some(Kind::Sym) => sign_code(sc.s(i)).is_some(),
            Some(Kind::Word) => {
                let s = sc.s(i);
                crate::scan::unit_word(s).is_some()
                    || (sc.s(i + 1) == "$" && sc.glued(i + 1))
                    || code_word(s).is_some()
                    || s.eq_ignore_ascii_case("a")
                    || (sc.kind(i + 1) == Some(Kind::Num) || sc.kind(i + 2) == Some(Kind::Num))
                        && phrase_at(&sc, i).is_some()
            }
            None => false,
        };
        if cand {
            if let Some(mut h) = money_at(&sc, i).filter(|h| h.amount.is_finite()) {
                if let Some((a, lead)) = approx_before(&sc, h.first) {
                    h.approx = Some(a);
                    h.lead = lead;
                }
                // A range "10-20 dollars" / "$10-$20": the first number shares the currency.
                range_partner(&sc, &h, &mut hits, &mut used);
                for u in used.iter_mut().take(h.end).skip(h.first) {
                    *u = true;
                }
                i = h.end.max(i + 1);
                hits.push(h);
                continue;
            }
        }
        i += 1;
    }
    hits.sort_by_key(|h| h.first);
    // Spam and boilerplate belong to no article: their amounts are left out.
    hits.retain(|h| {
        let span = Span::new(sc.start(h.first), sc.end(h.end.saturating_sub(1)));
        !noise.iter().any(|n| n.overlaps(span))
    });
    let mut money: Vec<Annotation<Money>> = Vec::with_capacity(hits.len());
    for (idx, h) in hits.iter().enumerate() {
        let mut equivalent_of = None;
        if let Some(prev) = idx.checked_sub(1).and_then(|p| hits.get(p)) {
            if prev.code != h.code && restates(&sc, prev.end, h.lead) {
                equivalent_of = Some((idx - 1) as u32);
            }
        }
        money.push(Annotation {
            span: Span::new(sc.start(h.first), sc.end(h.end.saturating_sub(1))),
            value: Money {
                amount: h.amount,
                currency: h.code.to_string(),
                approx: h.approx,
                equivalent_of,
            },
        });
    }
    let mut quantities = find_quantities(&sc, &used, date_spans);
    quantities.retain(|q| !noise.iter().any(|n| n.overlaps(q.span)));
    (money, quantities)
}

/// A number just before an amount, joined by a dash or "to", takes its currency.
fn range_partner(sc: &Scan<'_>, h: &Hit, hits: &mut Vec<Hit>, used: &mut [bool]) {
    let Some(join) = h.lead.checked_sub(1) else {
        return;
    };
    let between = sc.is(join, "and") && join >= 2 && sc.is(join - 2, "between");
    if !(matches!(sc.s(join), "-" | "–") || sc.is(join, "to") || between) || h.first != h.lead {
        return;
    }
    let Some(start) = join.checked_sub(1) else {
        return;
    };
    if sc.kind(start) != Some(Kind::Num) || used.get(start).copied().unwrap_or(true) {
        return;
    }
    let Some(n) = number_at(sc, start, false).filter(|n| n.end == join) else {
        return;
    };
    let mut amount = n.value;
    if !n.scaled {
        if let Some(v) = first_value(sc, h).filter(|v| *v > 0.0) {
            amount *= h.amount / v;
        }
    }
    hits.push(Hit {
        lead: start,
        first: start,
        end: n.end,
        amount,
        code: h.code,
        approx: None,
    });
    for u in used.iter_mut().take(n.end).skip(start) {
        *u = true;
    }
}

/// The unscaled number of a hit, when it starts with one.
fn first_value(sc: &Scan<'_>, h: &Hit) -> Option<f64> {
    (h.first..h.end).find_map(|k| {
        (sc.kind(k) == Some(Kind::Num))
            .then(|| crate::scan::digits_value(sc.s(k)))
            .flatten()
    })
}

/// True when the pieces `from..to` join two amounts as a restatement: "(", ", or", "–".
fn restates(sc: &Scan<'_>, from: usize, to: usize) -> bool {
    let between: Vec<&str> = (from..to).map(|k| sc.s(k)).collect();
    matches!(
        between.as_slice(),
        ["("] | ["["] | [",", "or"] | ["(", "or"] | ["—"] | ["–"] | ["/"]
    ) || (between.len() == 2 && between[0] == "," && between[1].eq_ignore_ascii_case("or"))
}

/// Words that never name what a number counts.
const NOT_UNITS: &[&str] = &[
    "of", "to", "in", "on", "at", "by", "for", "and", "or", "the", "a", "an", "was", "were", "is",
    "are", "be", "been", "has", "have", "had", "that", "which", "who", "from", "with", "as",
    "than", "it", "its", "this", "these", "those", "when", "while", "after", "before", "into",
    "per", "also", "not", "but", "said", "says", "will", "would", "can", "could", "may", "might",
    "more", "less", "out", "up", "down", "over", "under", "about", "there", "then", "so", "if",
    "all", "new", "other", "such", "each", "they", "he", "she", "we", "you", "i", "her", "his",
    "their", "our", "my", "st", "nd", "rd", "th", "am", "pm", "a.m", "p.m", "percent", "via",
    "since", "until", "ago", "later", "earlier", "between", "among", "against", "during",
    "through", "do", "did", "does", "what", "where", "how", "why",
];

/// Words skipped between a number and its counted noun ("18 serving or former ministers").
const MODIFIERS: &[&str] = &[
    "serving",
    "former",
    "current",
    "more",
    "other",
    "additional",
    "senior",
    "young",
    "new",
    "or",
];

/// Finds counted and measured numbers that are not money or dates.
fn find_quantities(sc: &Scan<'_>, used: &[bool], date_spans: &[Span]) -> Vec<Annotation<Quantity>> {
    let mut out = Vec::new();
    let mut i = 0;
    // Date spans are sorted; `next_date` walks along them as the scan moves on.
    let mut next_date = 0usize;
    let mut in_date = |s: usize, e: usize| {
        while date_spans
            .get(next_date)
            .is_some_and(|d| (d.end as usize) <= s)
        {
            next_date += 1;
        }
        date_spans
            .get(next_date)
            .is_some_and(|d| (d.start as usize) < e && s < d.end as usize)
    };
    while i < sc.len() {
        let kind = sc.kind(i);
        let is_num_word = kind == Some(Kind::Word) && crate::scan::unit_word(sc.s(i)).is_some();
        if used.get(i).copied().unwrap_or(true) || !(kind == Some(Kind::Num) || is_num_word) {
            i += 1;
            continue;
        }
        // "G8", "A320", "F-16", "COVID-19", "Article 5", "No. 1": a number glued to a
        // word, or after a capitalised label, is part of a name.
        let glued_name = i > 0 && sc.glued(i) && matches!(sc.kind(i - 1), Some(Kind::Word));
        let dashed_name = i > 1
            && sc.glued(i)
            && sc.s(i - 1) == "-"
            && sc.glued(i - 1)
            && sc.kind(i - 2) == Some(Kind::Word);
        let label = i > 0
            && !sc.line_break(i)
            && sc.kind(i - 1) == Some(Kind::Word)
            && sc.capitalised(i - 1)
            && !sc.line_break(i - 1)
            && !sc.is_stop(i.saturating_sub(2));
        let number_sign = i > 1 && sc.s(i - 1) == "." && sc.is(i - 2, "No");
        if kind == Some(Kind::Num) && (glued_name || dashed_name || label || number_sign) {
            i += 1;
            continue;
        }
        // "one" is mostly a pronoun or determiner.
        if sc.is(i, "one") {
            i += 1;
            continue;
        }
        let Some(n) = number_at(sc, i, false) else {
            i += 1;
            continue;
        };
        if in_date(sc.start(i), sc.end(n.end.saturating_sub(1)))
            || sc.s(n.end) == ":"
            || sc.s(i.wrapping_sub(1)) == "#"
        {
            i = n.end.max(i + 1);
            continue;
        }
        let (unit, end) = match unit_at(sc, n.end) {
            Some(u) => u,
            None => {
                // "from 28 to 19 points": the first number takes the unit of the second.
                if sc.is_any(n.end, &["to", "or", "-", "–"]) {
                    if let Some(m) = number_at(sc, n.end + 1, false) {
                        if let Some((u, _)) = unit_at(sc, m.end) {
                            out.push(Annotation {
                                span: Span::new(sc.start(i), sc.end(n.end - 1)),
                                value: Quantity {
                                    value: n.value,
                                    unit: u,
                                },
                            });
                        }
                    }
                }
                i = n.end.max(i + 1);
                continue;
            }
        };
        out.push(Annotation {
            span: Span::new(sc.start(i), sc.end(end - 1)),
            value: Quantity {
                value: n.value,
                unit,
            },
        });
        i = end.max(i + 1);
    }
    out
}

/// The unit after a number: the unit text and the end piece.
fn unit_at(sc: &Scan<'_>, j: usize) -> Option<(String, usize)> {
    if sc.line_break(j) {
        return None;
    }
    let s = sc.s(j);
    if s == "%" {
        return Some(("percent".into(), j + 1));
    }
    // "3 p.m.", "10 a.m.": clock times are not counts.
    if sc.is_any(j, &["a", "p", "am", "pm"]) && (sc.s(j + 1) == "." || sc.is_any(j, &["am", "pm"]))
    {
        return None;
    }
    if sc.is_any(j, &["percent", "pct"]) {
        return Some(("percent".into(), j + 1));
    }
    if sc.is(j, "per") && sc.is(j + 1, "cent") {
        return Some(("percent".into(), j + 2));
    }
    if sc.is(j, "percentage") && sc.is(j + 1, "points") {
        return Some(("percentage points".into(), j + 2));
    }
    // "28-point plan", "100-day deadline" (not "28-year-old").
    if matches!(s, "-" | "‑")
        && sc.glued(j)
        && sc.glued(j + 1)
        && sc.kind(j + 1) == Some(Kind::Word)
    {
        if sc.s(j + 2) == "-" && sc.is(j + 3, "old") {
            return None;
        }
        let w = sc.s(j + 1).to_ascii_lowercase();
        // "three-way", "two-thirds" are not counts of anything.
        if NOT_UNITS.contains(&w.as_str())
            || matches!(w.as_str(), "way" | "thirds" | "fold" | "odd")
        {
            return None;
        }
        let unit = if w.ends_with('s') { w } else { format!("{w}s") };
        return Some((unit, j + 2));
    }
    if sc.kind(j) != Some(Kind::Word) {
        return None;
    }
    let mut k = j;
    while sc.is_any(k, MODIFIERS) && k < j + 3 {
        k += 1;
    }
    // "15 NABU personnel": an acronym then a noun.
    let acronym = sc.s(k).len() >= 2 && sc.s(k).chars().all(|c| c.is_ascii_uppercase());
    if acronym
        && sc.kind(k + 1) == Some(Kind::Word)
        && sc
            .s(k + 1)
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase())
    {
        let w2 = sc.s(k + 1).to_ascii_lowercase();
        if !NOT_UNITS.contains(&w2.as_str()) {
            return Some((format!("{} {}", sc.s(k), w2), k + 2));
        }
    }
    let w = sc.s(k);
    if !w.chars().next().is_some_and(char::is_lowercase) {
        return None;
    }
    let lw = w.to_ascii_lowercase();
    if NOT_UNITS.contains(&lw.as_str()) || sc.line_break(k) {
        return None;
    }
    Some((lw, k + 1))
}

/// An article and an ordered currency pair.
type RateKey = (Option<usize>, String, String);

/// Flags a stated conversion whose implied exchange rate disagrees with the others in
/// the same article by more than 15%.
fn check_rates(doc: &Document, diags: &mut Diagnostics) {
    // (article, currency pair) → [(money index, rate)]
    let mut groups: HashMap<RateKey, Vec<(usize, f64)>> = HashMap::new();
    for (idx, m) in doc.money.iter().enumerate() {
        let Some(src) = m
            .value
            .equivalent_of
            .and_then(|e| doc.money.get(e as usize))
        else {
            continue;
        };
        if src.value.amount <= 0.0 || m.value.amount <= 0.0 {
            continue;
        }
        let (a, b, rate) = if src.value.currency <= m.value.currency {
            (
                src.value.currency.clone(),
                m.value.currency.clone(),
                m.value.amount / src.value.amount,
            )
        } else {
            (
                m.value.currency.clone(),
                src.value.currency.clone(),
                src.value.amount / m.value.amount,
            )
        };
        groups
            .entry((doc.article_of(m.span), a, b))
            .or_default()
            .push((idx, rate));
    }
    let mut keys: Vec<_> = groups.keys().cloned().collect();
    keys.sort();
    for key in keys {
        let Some(items) = groups.get(&key) else {
            continue;
        };
        if items.len() < 2 {
            continue;
        }
        for (n, &(idx, rate)) in items.iter().enumerate() {
            // With two conversions only, the later one is the one said to disagree.
            if items.len() == 2 && n == 0 {
                continue;
            }
            let mut others: Vec<f64> = items
                .iter()
                .enumerate()
                .filter(|(k, _)| *k != n)
                .map(|(_, r)| r.1)
                .collect();
            others.sort_by(f64::total_cmp);
            let med = others.get(others.len() / 2).copied().unwrap_or(rate);
            if med > 0.0 && (rate / med - 1.0).abs() > 0.15 {
                if let Some(m) = doc.money.get(idx) {
                    let src_span = m
                        .value
                        .equivalent_of
                        .and_then(|e| doc.money.get(e as usize))
                        .map_or(m.span, |s| s.span);
                    diags.info(
                        "figures/rate-mismatch",
                        Span { start: src_span.start, end: m.span.end },
                        format!(
                            "this conversion implies 1 {} = {:.4} {}, but the article's other conversions imply about {:.4}",
                            key.1, rate, key.2, med
                        ),
                    );
                }
            }
        }
    }
}

/// Checks stated percentages and multiples against two amounts in the same paragraph
/// (or, failing that, the same article): "36 million … 692 million" against "2,000%".
fn check_ratios(doc: &Document, diags: &mut Diagnostics) {
    let text = doc.text();
    for q in doc.quantities.iter() {
        let times = q.value.unit == "times";
        let percent = q.value.unit == "percent";
        if !(times || percent) || q.value.value <= 0.0 {
            continue;
        }
        // What the number describes: a markup or increase for percentages.
        let after = text.get(q.span.end as usize..).unwrap_or("");
        let after = after.get(..after.len().min(40)).unwrap_or(after);
        let after_l = after.to_ascii_lowercase();
        let is_markup = [
            "markup", "mark-up", "increase", "rise", "more", "higher", "above", "jump", "premium",
        ]
        .iter()
        .any(|w| {
            after_l
                .split(|c: char| !c.is_alphanumeric())
                .take(4)
                .any(|x| x == *w)
        });
        if percent && !is_markup {
            continue;
        }
        let para = doc
            .lines
            .iter()
            .find(|l| l.span.contains(q.span))
            .map(|l| l.span);
        let art = doc
            .article_of(q.span)
            .and_then(|a| doc.articles.get(a))
            .map(|a| a.span);
        for scope in [para, art].into_iter().flatten() {
            let amounts: Vec<&Annotation<Money>> = doc
                .money
                .iter()
                .filter(|m| scope.contains(m.span) && m.value.equivalent_of.is_none())
                .collect();
            let mut pair = None;
            'find: for (x, a) in amounts.iter().enumerate() {
                for b in amounts.iter().skip(x + 1) {
                    if a.value.currency == b.value.currency
                        && a.value.amount > 0.0
                        && b.value.amount > a.value.amount
                    {
                        pair = Some((*a, *b));
                        break 'find;
                    }
                }
            }
            let Some((a, b)) = pair else { continue };
            let ratio = b.value.amount / a.value.amount;
            let implied = if times { ratio } else { (ratio - 1.0) * 100.0 };
            let stated = q.value.value;
            let off = (implied / stated - 1.0).abs();
            let what = if times { " times" } else { "% markup" };
            let span = Span {
                start: q.span.start,
                end: q.span.end,
            };
            if off > 0.15 {
                diags.info(
                    "figures/ratio-mismatch",
                    span,
                    format!(
                        "stated {stated}{what}, but {} and {} imply {implied:.1}{what}",
                        doc.slice(a.span),
                        doc.slice(b.span)
                    ),
                );
            } else {
                diags.info(
                    "figures/ratio-consistent",
                    span,
                    format!(
                        "stated {stated}{what} agrees with {} and {} ({implied:.1}{what})",
                        doc.slice(a.span),
                        doc.slice(b.span)
                    ),
                );
            }
            break;
        }
    }
}

/// Money found in a short text on its own (for evaluations against other corpora).
#[must_use]
pub fn find_money(text: &str) -> Vec<Annotation<Money>> {
    find_figures(text, &[], &[]).0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(text: &str) -> Vec<(String, f64, String, Option<u32>)> {
        find_money(text)
            .into_iter()
            .map(|a| {
                (
                    a.span.text(text).to_string(),
                    a.value.amount,
                    a.value.currency,
                    a.value.equivalent_of,
                )
            })
            .collect()
    }

    #[test]
    fn reads_amounts_in_many_shapes() {
        assert_eq!(
            money("It cost 50 U.S. dollars.")[0],
            ("50 U.S. dollars".into(), 50.0, "USD".into(), None)
        );
        let m = money("It paid US$4.7 billion, then 250 million Czech crowns and £3bn; two $500 checks; $1MM.");
        assert_eq!(m[0], ("US$4.7 billion".into(), 4.7e9, "USD".into(), None));
        assert_eq!(
            m[1],
            ("250 million Czech crowns".into(), 2.5e8, "CZK".into(), None)
        );
        assert_eq!(m[2], ("£3bn".into(), 3e9, "GBP".into(), None));
        assert_eq!(m[3], ("$500".into(), 500.0, "USD".into(), None));
        assert_eq!(m[4], ("$1MM".into(), 1e6, "USD".into(), None));
        assert_eq!(m.len(), 5);
        // A scale word written without its space.
        assert_eq!(
            money("Her $75billion plan.")[0],
            ("$75billion".into(), 75e9, "USD".into(), None)
        );
    }

    #[test]
    fn links_restatements_and_keeps_approximations_out_of_spans() {
        let text = "The fund holds €20 billion ($23 billion) and owes over 90 million hryvnias (about $2.2 million).";
        let found = find_money(text);
        let m = money(text);
        assert_eq!(m[1], ("$23 billion".into(), 23e9, "USD".into(), Some(0)));
        assert_eq!(m[3], ("$2.2 million".into(), 2.2e6, "USD".into(), Some(2)));
        assert_eq!(m[2].0, "90 million hryvnias");
        assert_eq!(found[2].value.approx, Some(Approx::Over));
        assert_eq!(found[3].value.approx, Some(Approx::About));
    }

    #[test]
    fn quantities_have_units() {
        let (_, q) = find_figures(
            "Officials found 412 ledgers, a 300% rise, a 45-day window and three dozen villages.",
            &[],
            &[],
        );
        let got: Vec<(f64, &str)> = q
            .iter()
            .map(|a| (a.value.value, a.value.unit.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (412.0, "ledgers"),
                (300.0, "percent"),
                (45.0, "days"),
                (36.0, "villages")
            ]
        );
    }

    fn run_stage(text: &str) -> (Document, Diagnostics) {
        let mut doc = Document::new(text);
        let mut diags = Diagnostics::default();
        FigureStage.run(&mut doc, &mut diags);
        (doc, diags)
    }

    #[test]
    fn flags_the_conversion_whose_rate_disagrees() {
        let text = "Grants of €10 million ($11 million), €20 million ($22 million) and €30 million ($33 million) \
                    were joined by a loan of €40 million ($70 million).";
        let (doc, diags) = run_stage(text);
        assert_eq!(doc.money.len(), 8);
        let flagged: Vec<&str> = diags
            .as_slice()
            .iter()
            .filter(|d| d.code == "figures/rate-mismatch")
            .filter_map(|d| d.span)
            .map(|s| doc.slice(s))
            .collect();
        assert_eq!(flagged, ["€40 million ($70 million"]);
    }

    #[test]
    fn two_disagreeing_conversions_flag_the_later_one() {
        let text = "It paid €10 million ($11 million) and later €5 million ($9 million).";
        let (doc, diags) = run_stage(text);
        let flagged: Vec<&str> = diags
            .as_slice()
            .iter()
            .filter(|d| d.code == "figures/rate-mismatch")
            .filter_map(|d| d.span)
            .map(|s| doc.slice(s))
            .collect();
        assert_eq!(flagged, ["€5 million ($9 million"]);
        let (_, diags) =
            run_stage("It paid €10 million ($11 million) and later €5 million ($5.6 million).");
        assert!(diags.is_empty());
    }

    #[test]
    fn checks_stated_markups_against_the_amounts() {
        let ok = "The firm bought the trucks for 10 million euros and sold them for 50 million euros, a 400% markup.";
        let (_, diags) = run_stage(ok);
        let codes: Vec<&str> = diags.as_slice().iter().map(|d| d.code).collect();
        assert_eq!(codes, ["figures/ratio-consistent"]);
        let bad = "The firm bought the trucks for 10 million euros and sold them for 50 million euros, a 900% markup.";
        let (_, diags) = run_stage(bad);
        let codes: Vec<&str> = diags.as_slice().iter().map(|d| d.code).collect();
        assert_eq!(codes, ["figures/ratio-mismatch"]);
    }

    #[test]
    fn names_and_clock_times_are_not_quantities() {
        let (_, q) = find_figures(
            "F-16 jets, COVID-19 cases, Article 5 talks, the No. 1 aim, at 3 p.m., 40 tanks.",
            &[],
            &[],
        );
        let got: Vec<(f64, &str)> = q
            .iter()
            .map(|a| (a.value.value, a.value.unit.as_str()))
            .collect();
        assert_eq!(got, [(40.0, "tanks")]);
    }

    #[test]
    fn no_money_in_plain_numbers_or_pounds_of_weight() {
        assert!(money("He ran 10 miles and lifted ten pounds of flour in 2024.").is_empty());
    }
}
