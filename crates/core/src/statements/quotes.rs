//! Quotation regions: pairs of double quotation marks, including quotes that run over
//! several paragraphs (each new paragraph reopens the quote and only the last one closes it).

use crate::doc::{Document, TokenKind};

/// A quoted stretch of tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// Index of the opening mark's token.
    pub open: u32,
    /// Index of the closing mark's token, or one past the last token of the paragraph
    /// where an unclosed quote ends.
    pub close: u32,
    /// True when `close` is a real closing mark.
    pub closed: bool,
}

/// The shape of a quotation-mark token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// “ or „ or «.
    Open,
    /// ” or ».
    Close,
    /// A straight double quote, whose role depends on the state.
    Straight,
}

/// The mark a token is, if it is a double quotation mark.
pub fn mark(doc: &Document, i: usize) -> Option<Mark> {
    let t = doc.tokens.get(i)?;
    if t.value.kind != TokenKind::Punct {
        return None;
    }
    match doc.slice(t.span) {
        "“" | "„" | "«" => Some(Mark::Open),
        "”" | "»" => Some(Mark::Close),
        "\"" | "''" | "``" => Some(Mark::Straight),
        _ => None,
    }
}

/// A double mark written as two tokens: `''` (straight) or two backticks (opening).
fn pair(doc: &Document, i: usize) -> Option<Mark> {
    let a = doc.tokens.get(i)?;
    let b = doc.tokens.get(i + 1)?;
    if a.span.end != b.span.start {
        return None;
    }
    match (doc.slice(a.span), doc.slice(b.span)) {
        ("'", "'") => Some(Mark::Straight),
        ("`", "`") => Some(Mark::Open),
        _ => None,
    }
}

/// True when a token is a single quotation mark or apostrophe used as one.
pub fn is_single(doc: &Document, i: usize) -> bool {
    doc.tokens.get(i).is_some_and(|t| {
        t.value.kind == TokenKind::Punct && matches!(doc.slice(t.span), "‘" | "’" | "'")
    })
}

/// Finds the quotation regions of a document, in order. `para_of[i]` is the paragraph
/// (line) index of token `i` and `para_end[p]` one past the last token of paragraph `p`.
pub fn regions(doc: &Document, para_of: &[u32], para_first: &[u32]) -> Vec<Region> {
    let mut out = Vec::new();
    let n = doc.tokens.len();
    let mut open: Option<usize> = None;
    let para_end = |p: u32| para_first.get(p as usize + 1).copied().unwrap_or(n as u32);
    let mut skip = 0usize;
    for i in 0..n {
        if i < skip {
            continue;
        }
        let para = para_of.get(i).copied().unwrap_or(0);
        // An unclosed quote from an earlier paragraph continues only when this paragraph
        // opens with a quotation mark.
        if let Some(o) = open {
            let op = para_of.get(o).copied().unwrap_or(0);
            if op != para && para_first.get(para as usize).copied() == Some(i as u32) {
                let reopens = matches!(mark(doc, i), Some(Mark::Open | Mark::Straight))
                    || pair(doc, i).is_some();
                if reopens {
                    skip = i + if pair(doc, i).is_some() { 2 } else { 1 };
                    continue;
                }
                out.push(Region {
                    open: o as u32,
                    close: para_end(para.saturating_sub(1)),
                    closed: false,
                });
                open = None;
            }
        }
        // Two apostrophes or backticks in a row make a double mark ('' … '').
        let double = pair(doc, i);
        let Some(mut m) = double.or_else(|| mark(doc, i)) else {
            continue;
        };
        if double.is_some() {
            skip = i + 2;
        }
        // The opening mark's index is the last token of the pair.
        let open_at = if double.is_some() { i + 1 } else { i };
        // A closing mark that opens a paragraph is a misprinted opening one.
        if m == Mark::Close
            && open.is_none()
            && para_first.get(para as usize).copied() == Some(i as u32)
        {
            m = Mark::Open;
        }
        match (m, open) {
            (Mark::Open, _) | (Mark::Straight, None) => {
                if let Some(o) = open {
                    out.push(Region {
                        open: o as u32,
                        close: i as u32,
                        closed: false,
                    });
                }
                open = Some(open_at);
            }
            (Mark::Close | Mark::Straight, Some(o)) => {
                out.push(Region {
                    open: o as u32,
                    close: open_at as u32,
                    closed: true,
                });
                open = None;
            }
            (Mark::Close, None) => {}
        }
    }
    if let Some(o) = open {
        let p = para_of.get(o).copied().unwrap_or(0);
        let _ = p;
        out.push(Region {
            open: o as u32,
            close: n as u32,
            closed: false,
        });
    }
    out
}

/// The region that contains token `i` strictly inside its marks, if any.
pub fn containing(regions: &[Region], i: u32) -> Option<Region> {
    let k = regions.partition_point(|r| r.open < i);
    let r = *regions.get(k.checked_sub(1)?)?;
    (r.open < i && i < r.close).then_some(r)
}

/// The region whose opening mark is token `i`.
pub fn opening_at(regions: &[Region], i: u32) -> Option<Region> {
    let k = regions.partition_point(|r| r.open < i);
    regions.get(k).copied().filter(|r| r.open == i)
}

/// The region whose closing mark is token `i`.
pub fn closing_at(regions: &[Region], i: u32) -> Option<Region> {
    let k = regions.partition_point(|r| r.close < i);
    regions.get(k).copied().filter(|r| r.close == i && r.closed)
}
