//! Tokens and sentences.
//!
//! The tokenizer splits on white space, then peels punctuation, clitics ("’s", "n’t")
//! and hyphens between letters off words; numbers keep their separators, known
//! abbreviations and initials keep their full stop. Sentences end at a line break or at
//! a final `.`, `!`, `?` or `…` (with any closing quotes or brackets) that is not part of an
//! abbreviation and is followed by something that can start a sentence.

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

/// Words that keep their final full stop.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Adm", "Gov", "Sen",
    "Rep", "St", "Jr", "Sr", "Inc", "Corp", "Ltd", "Co", "No", "vs", "etc", "Jan", "Feb", "Mar",
    "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "approx", "Mt", "Ft", "Rev", "Hon", "Pres",
    "Supt", "Gen", "Brig", "Cmdr", "bn", "mln", "Ave", "Blvd", "Dept", "Univ", "Assn", "Bros",
    "Fig", "est", "a.m", "p.m",
];

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '”' | '‘' | '’' | '«' | '»' | '„' | '‚'
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
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
            | '%'
            | '+'
            | '='
            | '<'
            | '>'
            | '&'
            | '@'
            | '#'
            | '°'
            | '§'
    )
}

/// Splits `text` into tokens.
#[must_use]
pub fn tokenize(text: &str) -> Vec<Annotation<Token>> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}' {
            if let Some(s) = start.take() {
                split_chunk(text, s, i, &mut out);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        split_chunk(text, s, text.len(), &mut out);
    }
    out
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

/// Splits one white-space-free chunk `text[s..e]`.
fn split_chunk(text: &str, s: usize, e: usize, out: &mut Vec<Annotation<Token>>) {
    let chunk = &text[s..e];
    let chars: Vec<(usize, char)> = chunk.char_indices().map(|(i, c)| (i + s, c)).collect();
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
                if cj.is_alphanumeric() || cj == '\u{301}' || cj == '\u{300}' {
                    j += 1;
                } else if (cj == ',' || cj == '.')
                    && numeric
                    && j + 1 < n
                    && chars[j + 1].1.is_ascii_digit()
                    && chars[j - 1].1.is_ascii_digit()
                {
                    j += 1;
                } else if cj == '.'
                    && j + 1 < n
                    && chars[j + 1].1.is_alphabetic()
                    && is_initialism(&chars[k..])
                {
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
                let clitic: String = chars[j + 1..m]
                    .iter()
                    .map(|x| x.1.to_ascii_lowercase())
                    .collect();
                let word_lower_t = chars[j - 1].1 == 'n' || chars[j - 1].1 == 'N';
                if clitic == "t" && word_lower_t && j - 1 > k {
                    // "won’t" → "wo" + "n’t"
                    push(out, pos, chars[j - 1].0, kind_of(c));
                    push(out, chars[j - 1].0, end_of(m), TokenKind::Word);
                    k = m;
                    continue;
                }
                if matches!(clitic.as_str(), "s" | "re" | "ve" | "ll" | "d" | "m") {
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
            if end < n && chars[end].1 == '.' {
                let word: String = chars[k..end].iter().map(|x| x.1).collect();
                let single_initial = end - k == 1 && c.is_uppercase();
                let dotted = word.contains('.');
                if single_initial || dotted || ABBREVIATIONS.contains(&word.as_str()) {
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
            push(out, pos, end_of(k + 3), TokenKind::Punct);
            k += 3;
        } else if is_dash(c) && k + 1 < n && is_dash(chars[k + 1].1) {
            let mut j = k + 1;
            while j < n && is_dash(chars[j].1) {
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

/// Groups tokens into sentences.
#[must_use]
pub fn split_sentences(text: &str, tokens: &[Annotation<Token>]) -> Vec<Annotation<Sentence>> {
    let mut out = Vec::new();
    let mut first = 0usize;
    let close = |i: usize| {
        let t = &tokens[i];
        let s = t.span.text(text);
        s.chars()
            .all(|c| matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»'))
    };
    let mut i = 0usize;
    while i < tokens.len() {
        let tok = &tokens[i];
        let s = tok.span.text(text);
        let mut end_here = false;
        let mut last = i;
        let terminal = matches!(s, "." | "!" | "?" | "…" | "..." | "?!" | "!?");
        if terminal {
            // Swallow closing quotes and brackets.
            while last + 1 < tokens.len()
                && close(last + 1)
                && no_newline_between(text, tokens[last].span, tokens[last + 1].span)
            {
                last += 1;
            }
            end_here = match tokens.get(last + 1) {
                None => true,
                Some(next) => {
                    let nt = next.span.text(text);
                    let c = nt.chars().next().unwrap_or(' ');
                    !no_newline_between(text, tokens[last].span, next.span)
                        || c.is_uppercase()
                        || c.is_ascii_digit()
                        || is_quote(c)
                        || c == '('
                        || c == '['
                }
            };
        }
        if !end_here {
            if let Some(next) = tokens.get(i + 1) {
                if !no_newline_between(text, tok.span, next.span) {
                    end_here = true;
                    last = i;
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
            ["“", "fake", ".", "”", "He", "paid", "$", "3,500.25", "(", "€", "3m", ")"]
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
