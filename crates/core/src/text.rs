//! Tokens and sentences.
//!
//! The tokenizer splits on white space, then peels punctuation, clitics ("’s", "n’t")
//! and hyphens between letters off words (as Universal Dependencies English does); numbers
//! keep their separators ("3,500.25") and lose glued units ("3.5bn" → "3.5" "bn"); web and
//! e-mail addresses, handles and hashtags stay whole; titles, abbreviations and initials
//! keep their full stop ("Mr.", "U.S.", "bn.").
//!
//! Sentences end at every line break and at a final `.`, `!`, `?` or `…` (with closing
//! quotes or brackets touching it, and a following citation mark such as "[12]") that is
//! followed by something that can start a sentence. A title ("Gen.") never ends a sentence;
//! another abbreviation or an initial ("Inc.", "U.S.", "bn.") ends one only before a
//! typical sentence opener ("The", "He", "But" …). A list marker ("2.") at the start of a
//! line does not end a sentence.

use crate::doc::{Annotation, Document, Layer, LayerKind, Sentence, Span, Token, TokenKind};
use crate::pipeline::{Diagnostics, Stage};

/// Finds tokens and sentences.
#[derive(Debug, Default, Clone, Copy)]
pub struct TextStage;

impl Stage for TextStage {
    fn name(&self) -> &'static str {
        "text"
    }
    fn requires(&self) -> &'static [LayerKind] {
        &[]
    }
    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences]
    }
    fn run(&self, doc: &mut Document, _diags: &mut Diagnostics) {
        let tokens = tokenize(doc.text());
        let sentences = split_sentences(doc.text(), &tokens);
        doc.tokens = Layer::from_vec(tokens);
        doc.sentences = Layer::from_vec(sentences);
    }
}

/// Titles and other words that keep their final full stop and never end a sentence.
const TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Messrs", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Adm",
    "Gov", "Sen", "Rep", "Rev", "Hon", "Pres", "Supt", "Brig", "Cmdr", "Cpl", "Pvt", "Insp", "Det",
    "Amb", "Atty", "Mme", "Mlle", "Fr", "St", "Mt", "Ft", "vs", "v", "cf", "viz", "approx", "ca",
];

/// Abbreviations that keep their final full stop but may also end a sentence
/// ("… Apple Inc. The company …").
const ABBREVIATIONS: &[&str] = &[
    "Jr", "Sr", "Inc", "Corp", "Ltd", "Co", "Bros", "Plc", "plc", "LLC", "etc", "al", "Jan", "Feb",
    "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "Mon", "Tue", "Tues",
    "Wed", "Thu", "Thurs", "Fri", "Sat", "Sun", "bn", "mln", "mn", "tn", "Ave", "Blvd", "Rd",
    "Dept", "Univ", "Assn", "est", "Est", "Gov't", "govt", "ft", "yr", "yrs", "min", "max",
    "Calif", "Fla", "Mass", "Penn", "Wash", "Ariz", "Ga", "Ill", "Mich", "Minn", "Okla", "Tenn",
    "Va", "Wis", "Conn", "Colo",
];

/// Words that keep their full stop only before a number ("No. 5", "Op. 46", "Art. 5").
const BEFORE_NUMBER: &[&str] = &[
    "No", "Nos", "no", "Op", "Fig", "Figs", "fig", "Art", "Vol", "vol", "pp", "p", "Ch", "Sec",
    "Nr",
];

/// Capitalised words that often open a sentence; after an abbreviation that may end a
/// sentence ("U.S.", "Inc.", "bn."), one of these starts a new sentence.
const STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "But",
    "And",
    "Or",
    "So",
    "Yet",
    "In",
    "On",
    "At",
    "For",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "Here",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "My",
    "As",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "However",
    "Meanwhile",
    "Some",
    "Many",
    "Most",
    "According",
    "Also",
    "Still",
    "Then",
    "Now",
    "What",
    "Why",
    "How",
    "Who",
    "Where",
    "Last",
    "Earlier",
    "Later",
    "Since",
    "Although",
    "Despite",
    "Under",
    "With",
    "By",
    "From",
    "No",
    "Not",
    "All",
    "Both",
    "Each",
    "Such",
    "Other",
    "Another",
    "Officials",
    "Today",
    "Yesterday",
    "Tomorrow",
];

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '”' | '‘' | '’' | '«' | '»' | '„' | '‚'
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '―')
}

fn symbol_kind(c: char) -> bool {
    matches!(
        c,
        '$' | '€'
            | '£'
            | '¥'
            | '₽'
            | '₴'
            | '₹'
            | '₩'
            | '₺'
            | '¢'
            | '%'
            | '‰'
            | '+'
            | '='
            | '<'
            | '>'
            | '&'
            | '@'
            | '#'
            | '°'
            | '§'
            | '×'
            | '±'
            | '~'
            | '^'
            | '*'
            | '/'
            | '\\'
            | '|'
    )
}

/// Splits `text` into tokens.
#[must_use]
pub fn tokenize(text: &str) -> Vec<Annotation<Token>> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut buf: Vec<(usize, char)> = Vec::with_capacity(64);
    let mut start = None;
    for (i, c) in text.char_indices() {
        if is_space(c) {
            if let Some(s) = start.take() {
                split_chunk(text, s, i, &mut buf, &mut out);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        split_chunk(text, s, text.len(), &mut buf, &mut out);
    }
    out
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{ad}'
        )
}

fn push(out: &mut Vec<Annotation<Token>>, s: usize, e: usize, kind: TokenKind) {
    if e > s {
        out.push(Annotation {
            span: Span::new(s, e),
            value: Token {
                kind,
                ..Token::default()
            },
        });
    }
}

/// The first non-space character after byte `e`, if any.
fn next_char_after_space(text: &str, e: usize) -> Option<char> {
    text.get(e..)?.chars().find(|c| !is_space(*c))
}

/// True for a web address or e-mail address, kept as one token.
fn is_link(chunk: &str) -> bool {
    let lower_start = |p: &str| {
        chunk
            .get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p))
    };
    if lower_start("http://") || lower_start("https://") || lower_start("www.") {
        return true;
    }
    // name@host.tld
    match chunk.split_once('@') {
        Some((a, b)) => {
            !a.is_empty()
                && a.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
                && b.contains('.')
                && b.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
                && !b.ends_with('.')
        }
        None => false,
    }
}

/// Splits one white-space-free chunk `text[s..e]`.
fn split_chunk(
    text: &str,
    s: usize,
    e: usize,
    chars: &mut Vec<(usize, char)>,
    out: &mut Vec<Annotation<Token>>,
) {
    let chunk = &text[s..e];
    // Trailing punctuation is peeled off a web or e-mail address.
    let body = chunk.trim_end_matches(|c: char| {
        matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '"' | '\'' | '”' | '’'
        )
    });
    if is_link(body) {
        push(out, s, s + body.len(), TokenKind::Word);
        if body.len() < chunk.len() {
            split_chunk(text, s + body.len(), e, chars, out);
        }
        return;
    }
    chars.clear();
    chars.extend(chunk.char_indices().map(|(i, c)| (i + s, c)));
    let chars = &chars[..];
    let n = chars.len();
    let end_of = |k: usize| if k < n { chars[k].0 } else { e };
    let mut k = 0;
    while k < n {
        let (pos, c) = chars[k];
        if c.is_alphanumeric() {
            // A word or number run: letters, digits, inner apostrophes, inner periods of
            // abbreviations, separators inside numbers.
            let mut j = k + 1;
            let numeric = c.is_ascii_digit();
            while j < n {
                let cj = chars[j].1;
                if cj.is_alphanumeric() || is_combining(cj) {
                    if numeric
                        && cj.is_alphabetic()
                        && chars[j - 1].1.is_ascii_digit()
                        && splits_unit(&chars[j..])
                    {
                        break;
                    }
                    j += 1;
                } else if inner_separator(&chars[k..], j - k, numeric) {
                    j += 1;
                } else {
                    break;
                }
            }
            let mut word_end = j;
            // Clitics: split "’s", "’re", "n’t" … off the word.
            if j + 1 < n && is_apostrophe(chars[j].1) && chars[j + 1].1.is_alphabetic() {
                let mut m = j + 1;
                while m < n && chars[m].1.is_alphabetic() {
                    m += 1;
                }
                let clitic_len = m - (j + 1);
                let clitic = |w: &str| {
                    clitic_len == w.len()
                        && chars[j + 1..m]
                            .iter()
                            .zip(w.chars())
                            .all(|(x, y)| x.1.to_ascii_lowercase() == y)
                };
                let before_n = chars[j - 1].1 == 'n' || chars[j - 1].1 == 'N';
                if clitic("t") && before_n && j - 1 > k {
                    // "won’t" → "wo" + "n’t"
                    push(out, pos, chars[j - 1].0, kind_of(c));
                    push(out, chars[j - 1].0, end_of(m), TokenKind::Word);
                    k = m;
                    continue;
                }
                if ["s", "re", "ve", "ll", "d", "m"].iter().any(|w| clitic(w)) {
                    push(out, pos, chars[j].0, kind_of(c));
                    push(out, chars[j].0, end_of(m), TokenKind::Word);
                    k = m;
                    continue;
                }
                // An inner apostrophe that is part of a name (O’Brien, Mar’ina).
                word_end = m;
            }
            // A final full stop of an abbreviation or initial stays with the word.
            let mut end = word_end;
            if end < n
                && chars[end].1 == '.'
                && !(end + 2 < n && chars[end + 1].1 == '.' && chars[end + 2].1 == '.')
            {
                let word = &text[pos..end_of(end)];
                let single_initial = end - k == 1 && c.is_uppercase();
                let dotted = word.contains('.') && !numeric;
                let before_number = BEFORE_NUMBER.contains(&word)
                    && end + 1 == n
                    && next_char_after_space(text, e).is_some_and(|c| c.is_ascii_digit());
                if single_initial
                    || dotted
                    || TITLES.contains(&word)
                    || ABBREVIATIONS.contains(&word)
                    || before_number
                {
                    end += 1;
                }
            }
            push(
                out,
                pos,
                end_of(end),
                if numeric {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                },
            );
            k = end;
        } else if c == '.' && k + 2 < n && chars[k + 1].1 == '.' && chars[k + 2].1 == '.' {
            let mut j = k + 3;
            while j < n && chars[j].1 == '.' {
                j += 1;
            }
            push(out, pos, end_of(j), TokenKind::Punct);
            k = j;
        } else if (c == '@' || c == '#')
            && k + 1 < n
            && chars[k + 1].1.is_alphanumeric()
            && (k == 0 || !chars[k - 1].1.is_alphanumeric())
        {
            // Handles and hashtags.
            let mut j = k + 1;
            while j < n && (chars[j].1.is_alphanumeric() || chars[j].1 == '_') {
                j += 1;
            }
            push(out, pos, end_of(j), TokenKind::Word);
            k = j;
        } else if is_dash(c) && k + 1 < n && is_dash(chars[k + 1].1) {
            let mut j = k + 1;
            while j < n && is_dash(chars[j].1) {
                j += 1;
            }
            push(out, pos, end_of(j), TokenKind::Punct);
            k = j;
        } else if (c == '!' || c == '?') && k + 1 < n && matches!(chars[k + 1].1, '!' | '?') {
            let mut j = k + 1;
            while j < n && matches!(chars[j].1, '!' | '?') {
                j += 1;
            }
            push(out, pos, end_of(j), TokenKind::Punct);
            k = j;
        } else {
            let kind = if symbol_kind(c) {
                TokenKind::Symbol
            } else {
                TokenKind::Punct
            };
            push(out, pos, end_of(k + 1), kind);
            k += 1;
        }
    }
}

/// True when the character at `j` of a run starting at `run[0]` continues the run: a
/// separator inside a number ("3,500.25") or a dot inside an initialism ("U.S.").
fn inner_separator(run: &[(usize, char)], j: usize, numeric: bool) -> bool {
    let (Some(prev), Some(cur), Some(next)) =
        (run.get(j.wrapping_sub(1)), run.get(j), run.get(j + 1))
    else {
        return false;
    };
    if numeric && matches!(cur.1, ',' | '.' | '\u{202f}') {
        return prev.1.is_ascii_digit() && next.1.is_ascii_digit();
    }
    cur.1 == '.' && next.1.is_alphabetic() && is_initialism(run)
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}')
}

/// True when the letters starting here are a unit or multiplier glued to a number
/// ("3.5bn", "10am", "5kg"), which becomes a token of its own; ordinals and decades
/// ("21st", "1990s") and codes with capitals ("5G", "3D") stay whole.
fn splits_unit(rest: &[(usize, char)]) -> bool {
    let len = rest.iter().take_while(|x| x.1.is_alphabetic()).count();
    let after = rest.get(len).map(|x| x.1);
    if after.is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    let lower = rest[..len].iter().all(|x| x.1.is_lowercase());
    if !lower {
        return false;
    }
    let word: String = rest[..len].iter().map(|x| x.1).collect();
    !matches!(word.as_str(), "st" | "nd" | "rd" | "th" | "s")
}

fn kind_of(c: char) -> TokenKind {
    if c.is_ascii_digit() {
        TokenKind::Number
    } else {
        TokenKind::Word
    }
}

/// True when the run starting here looks like "U.S." or "e.g.": single letters and dots.
fn is_initialism(chars: &[(usize, char)]) -> bool {
    let mut letters = 0;
    let mut i = 0;
    while i + 1 < chars.len() && chars[i].1.is_alphabetic() && chars[i + 1].1 == '.' {
        letters += 1;
        i += 2;
    }
    letters >= 1 && (i >= chars.len() || !chars[i].1.is_alphanumeric() || letters >= 2)
}

/// How a token may end a sentence.
fn terminal(tok: &str) -> Terminal {
    if matches!(tok, "." | "!" | "?" | "…" | "。" | "！" | "？")
        || tok.starts_with("...")
        || tok.starts_with(['!', '?']) && tok.chars().all(|c| matches!(c, '!' | '?'))
    {
        return Terminal::Stop;
    }
    if let Some(body) = tok.strip_suffix('.') {
        if TITLES.contains(&body) || BEFORE_NUMBER.contains(&body) {
            return Terminal::No;
        }
        if body.chars().next().is_some_and(char::is_alphabetic) {
            return Terminal::Abbrev;
        }
    }
    Terminal::No
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Terminal {
    /// Not a sentence end.
    No,
    /// A full stop, question or exclamation mark, or an ellipsis.
    Stop,
    /// An abbreviation or initial with its full stop: ends a sentence only before a
    /// typical sentence opener.
    Abbrev,
}

fn is_closer(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»' | '›'))
}

/// True for a citation mark such as "[12]" or "[3 – 5]" starting at token `i`; returns
/// the index of its closing bracket.
fn citation(text: &str, tokens: &[Annotation<Token>], i: usize) -> Option<usize> {
    if tokens.get(i)?.span.text(text) != "[" {
        return None;
    }
    for (j, t) in tokens.iter().enumerate().skip(i + 1).take(6) {
        let s = t.span.text(text);
        if s == "]" {
            return (j > i + 1).then_some(j);
        }
        if !(t.value.kind == TokenKind::Number
            || is_dash(s.chars().next().unwrap_or(' '))
            || s == ",")
        {
            return None;
        }
    }
    None
}

/// Groups tokens into sentences.
#[must_use]
pub fn split_sentences(text: &str, tokens: &[Annotation<Token>]) -> Vec<Annotation<Sentence>> {
    let mut out = Vec::new();
    let mut first = 0usize;
    let mut i = 0usize;
    while i < tokens.len() {
        let tok = &tokens[i];
        let s = tok.span.text(text);
        let mut end_here = false;
        let mut last = i;
        let kind = if tok.value.kind == TokenKind::Word || tok.value.kind == TokenKind::Punct {
            terminal(s)
        } else {
            Terminal::No
        };
        if kind != Terminal::No && !is_list_marker(text, tokens, first, i) {
            // Swallow closing quotes and brackets that touch the stop.
            while last + 1 < tokens.len()
                && is_closer(tokens[last + 1].span.text(text))
                && tokens[last].span.end == tokens[last + 1].span.start
            {
                last += 1;
            }
            // Swallow citation marks ("… of the data. [21] More …").
            if kind == Terminal::Stop {
                if let Some(j) = citation(text, tokens, last + 1) {
                    if no_newline_between(text, tokens[last].span, tokens[last + 1].span) {
                        last = j;
                    }
                }
            }
            end_here = match tokens.get(last + 1) {
                None => true,
                Some(next) => {
                    let nt = next.span.text(text);
                    let c = nt.chars().next().unwrap_or(' ');
                    if !no_newline_between(text, tokens[last].span, next.span) {
                        true
                    } else if kind == Terminal::Abbrev {
                        STARTERS.contains(&nt)
                            || is_quote(c) && next.span.start > tokens[last].span.end
                    } else {
                        c.is_uppercase()
                            || c.is_ascii_digit()
                            || is_quote(c)
                            || c == '('
                            || c == '['
                            || c == '¿'
                            || c == '¡'
                    }
                }
            };
        }
        if !end_here {
            last = i;
            if let Some(next) = tokens.get(i + 1) {
                if !no_newline_between(text, tok.span, next.span) {
                    end_here = true;
                }
            }
        }
        if end_here || last + 1 >= tokens.len() {
            let span = Span::new(
                tokens[first].span.start as usize,
                tokens[last].span.end as usize,
            );
            out.push(Annotation {
                span,
                value: Sentence {
                    first_token: first as u32,
                    end_token: (last + 1) as u32,
                },
            });
            first = last + 1;
            i = last + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// True when tokens `first..=i` are a list marker at the start of a line ("2." or "b)").
fn is_list_marker(text: &str, tokens: &[Annotation<Token>], first: usize, i: usize) -> bool {
    if i != first + 1 {
        return false;
    }
    let Some(t) = tokens.get(first) else {
        return false;
    };
    let line_start = text
        .get(..t.span.start as usize)
        .is_none_or(|b| b.trim_end_matches([' ', '\t']).ends_with('\n') || b.trim().is_empty());
    let s = t.span.text(text);
    line_start
        && (t.value.kind == TokenKind::Number && s.len() <= 3
            || s.len() == 1 && s.chars().all(|c| c.is_ascii_lowercase()))
}

fn no_newline_between(text: &str, a: Span, b: Span) -> bool {
    !text
        .get(a.end as usize..b.start as usize)
        .is_some_and(|g| g.contains('\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.span.text(text)).collect()
    }

    fn sents(text: &str) -> Vec<&str> {
        let t = tokenize(text);
        split_sentences(text, &t)
            .iter()
            .map(|s| s.span.text(text))
            .collect()
    }

    #[test]
    fn tokens_of_news_text() {
        assert_eq!(
            toks("Russia’s envoy won’t say."),
            ["Russia", "’s", "envoy", "wo", "n’t", "say", "."]
        );
        assert_eq!(
            toks("“fake.” He paid $3,500.25 (€3m)"),
            ["“", "fake", ".", "”", "He", "paid", "$", "3,500.25", "(", "€", "3", "m", ")"]
        );
        assert_eq!(
            toks("the U.S. and Mr. Smith"),
            ["the", "U.S.", "and", "Mr.", "Smith"]
        );
        assert_eq!(
            toks("US-led talks — 2,000%"),
            ["US", "-", "led", "talks", "—", "2,000", "%"]
        );
        assert_eq!(toks("O’Brien said"), ["O’Brien", "said"]);
    }

    #[test]
    fn sentences_of_news_text() {
        assert_eq!(
            sents("Mr. Smith went to the U.S. embassy. He said “no.” Then he left!\nHeadline without stop\nNext."),
            ["Mr. Smith went to the U.S. embassy.", "He said “no.”", "Then he left!", "Headline without stop", "Next."]
        );
    }

    #[test]
    fn abbreviations_end_sentences_only_before_an_opener() {
        assert_eq!(
            sents("The deal is worth $3.5 bn. The buyer is Acme Inc. based in Ohio. Talks moved to the U.S. It ended."),
            ["The deal is worth $3.5 bn.", "The buyer is Acme Inc. based in Ohio.", "Talks moved to the U.S.", "It ended."]
        );
        assert_eq!(
            sents("Gen. Ivanov met Lt. Col. Petrov and J. R. Smith."),
            ["Gen. Ivanov met Lt. Col. Petrov and J. R. Smith."]
        );
        assert_eq!(
            sents("Resolution No. 5 passed. No. It failed."),
            ["Resolution No. 5 passed.", "No.", "It failed."]
        );
    }

    #[test]
    fn quotes_citations_and_lists() {
        // A straight quote after a space opens the next sentence.
        assert_eq!(
            sents("\"We agree,\" said Jones. \"It is done.\" Then silence."),
            [
                "\"We agree,\" said Jones.",
                "\"It is done.\"",
                "Then silence."
            ]
        );
        assert_eq!(
            sents("It grew fast. [12] Later it shrank."),
            ["It grew fast. [12]", "Later it shrank."]
        );
        assert_eq!(
            sents("1. Matter is made of atoms.\n2. Atoms differ."),
            ["1. Matter is made of atoms.", "2. Atoms differ."]
        );
        assert_eq!(
            sents("Why? Nobody knew… what now?"),
            ["Why?", "Nobody knew… what now?"]
        );
    }

    #[test]
    fn tokens_of_links_units_and_possessives() {
        assert_eq!(
            toks("see https://example.org/a?b=1."),
            ["see", "https://example.org/a?b=1", "."]
        );
        assert_eq!(
            toks("mail jo@example.com, @jo #vote"),
            ["mail", "jo@example.com", ",", "@jo", "#vote"]
        );
        assert_eq!(
            toks("$3.5bn in the 1990s, 21st, 5G"),
            ["$", "3.5", "bn", "in", "the", "1990s", ",", "21st", ",", "5G"]
        );
        assert_eq!(toks("the leaders' talks"), ["the", "leaders", "'", "talks"]);
        assert_eq!(
            toks("Wait!? Jean-Claude’s car"),
            ["Wait", "!?", "Jean", "-", "Claude", "’s", "car"]
        );
        assert_eq!(toks("Art. 5 of Vol. 2"), ["Art.", "5", "of", "Vol.", "2"]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            " ",
            "...",
            "’’’",
            "a.b.c.",
            "\u{feff}x",
            "—",
            "9,",
            "x’",
            "'s",
        ] {
            let t = tokenize(text);
            let s = split_sentences(text, &t);
            assert!(t
                .iter()
                .all(|a| text.is_char_boundary(a.span.start as usize)
                    && text.is_char_boundary(a.span.end as usize)));
            assert!(s.len() <= t.len());
        }
    }
}
