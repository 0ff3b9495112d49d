//! A light lexer and number grammar shared by the date and figure stages.
//!
//! Both stages scan the raw text rather than the token layer: they need finer pieces
//! ("10k$" is a number, a magnitude and a symbol) and a flag telling whether white space
//! separates two pieces. Nothing here allocates per piece except the one vector of pieces.

/// What a piece of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A run of letters.
    Word,
    /// Digits with inner `,` or `.` separators.
    Num,
    /// Any other single character.
    Sym,
}

/// One piece of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Word, number or symbol.
    pub kind: Kind,
    /// True when white space separates this piece from the previous one.
    pub gap: bool,
    /// True when a line break separates this piece from the previous one.
    pub newline: bool,
}

/// Splits `text` into pieces.
pub(crate) fn lex(text: &str) -> Vec<Piece> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 4 + 1);
    let mut i = 0usize;
    let (mut gap, mut newline) = (true, true);
    while i < bytes.len() {
        let b = bytes[i];
        if b == b' ' || b == b'\t' || b == b'\r' {
            gap = true;
            i += 1;
            continue;
        }
        if b == b'\n' {
            gap = true;
            newline = true;
            i += 1;
            continue;
        }
        let start = i;
        let kind;
        if b.is_ascii_digit()
            || (b == b'.' && gap && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            i += 1;
            while i < bytes.len() {
                let c = bytes[i];
                if c.is_ascii_digit() {
                    i += 1;
                } else if (c == b',' || c == b'.')
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
                {
                    i += 2;
                } else {
                    break;
                }
            }
            kind = Kind::Num;
        } else if b.is_ascii_alphabetic() {
            i += 1;
            // Letters only: "USD3" is a code glued to a number, "G8" a letter and a number.
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            kind = Kind::Word;
        } else {
            let ch = text.get(i..).and_then(|s| s.chars().next()).unwrap_or(' ');
            let len = ch.len_utf8();
            if ch.is_whitespace() {
                gap = true;
                i += len;
                continue;
            }
            i += len;
            if ch.is_alphabetic() {
                // A non-ASCII word: letters and digits of any script.
                while let Some(c) = text.get(i..).and_then(|s| s.chars().next()) {
                    if c.is_alphabetic() {
                        i += c.len_utf8();
                    } else {
                        break;
                    }
                }
                kind = Kind::Word;
            } else {
                kind = Kind::Sym;
            }
        }
        out.push(Piece {
            start: start as u32,
            end: i as u32,
            kind,
            gap,
            newline,
        });
        gap = false;
        newline = false;
    }
    out
}

/// The pieces of a text with helpers to look at them.
pub(crate) struct Scan<'t> {
    /// The text.
    pub text: &'t str,
    /// Its pieces.
    pub p: Vec<Piece>,
}

impl<'t> Scan<'t> {
    /// Lexes `text`.
    pub fn new(text: &'t str) -> Scan<'t> {
        Scan { text, p: lex(text) }
    }

    /// Number of pieces.
    pub fn len(&self) -> usize {
        self.p.len()
    }

    /// The text of piece `i` (empty past the end).
    pub fn s(&self, i: usize) -> &'t str {
        self.p.get(i).map_or("", |p| {
            self.text
                .get(p.start as usize..p.end as usize)
                .unwrap_or("")
        })
    }

    /// The kind of piece `i`.
    pub fn kind(&self, i: usize) -> Option<Kind> {
        self.p.get(i).map(|p| p.kind)
    }

    /// True when piece `i` is a word equal to `w` (ASCII case-insensitive).
    pub fn is(&self, i: usize, w: &str) -> bool {
        self.s(i).eq_ignore_ascii_case(w)
    }

    /// True when piece `i` is one of `ws` (ASCII case-insensitive).
    pub fn is_any(&self, i: usize, ws: &[&str]) -> bool {
        let s = self.s(i);
        ws.iter().any(|w| s.eq_ignore_ascii_case(w))
    }

    /// True when piece `i` directly follows piece `i - 1` with no white space.
    pub fn glued(&self, i: usize) -> bool {
        self.p.get(i).is_some_and(|p| !p.gap)
    }

    /// True when a line break comes before piece `i` (or `i` is past the end).
    pub fn line_break(&self, i: usize) -> bool {
        self.p.get(i).is_none_or(|p| p.newline)
    }

    /// Byte start of piece `i` (text length past the end).
    pub fn start(&self, i: usize) -> usize {
        self.p.get(i).map_or(self.text.len(), |p| p.start as usize)
    }

    /// Byte end of piece `i` (text length past the end).
    pub fn end(&self, i: usize) -> usize {
        self.p.get(i).map_or(self.text.len(), |p| p.end as usize)
    }

    /// True when piece `i` starts with an upper-case letter.
    pub fn capitalised(&self, i: usize) -> bool {
        self.s(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// True when piece `i` ends a sentence or clause we never read across.
    pub fn is_stop(&self, i: usize) -> bool {
        matches!(self.s(i), "." | "!" | "?" | ";")
    }
}

/// A quick, conservative test of whether a word may be in a list: it keys the list by
/// lower-cased first letter, last letter and length, so most other words are rejected
/// without lower-casing or comparing them. Built at compile time.
pub(crate) struct WordFilter {
    table: [u32; 26 * 26],
}

/// The slot of a word's first and last letters, if both are ASCII letters.
const fn slot(b: &[u8]) -> Option<usize> {
    if b.is_empty() {
        return None;
    }
    let f = b[0].to_ascii_lowercase();
    let l = b[b.len() - 1].to_ascii_lowercase();
    if f.is_ascii_lowercase() && l.is_ascii_lowercase() {
        Some((f - b'a') as usize * 26 + (l - b'a') as usize)
    } else {
        None
    }
}

impl WordFilter {
    /// A filter for `words` (lower-case ASCII).
    pub const fn new(words: &[&str]) -> WordFilter {
        let mut table = [0u32; 26 * 26];
        let mut i = 0;
        while i < words.len() {
            let b = words[i].as_bytes();
            if let Some(k) = slot(b) {
                if b.len() < 32 {
                    table[k] |= 1 << b.len();
                }
            }
            i += 1;
        }
        WordFilter { table }
    }

    /// False when `w` is certainly not in the list.
    #[inline]
    pub fn may(&self, w: &str) -> bool {
        let n = w.len();
        n < 32
            && slot(w.as_bytes())
                .and_then(|k| self.table.get(k))
                .is_some_and(|t| t & (1 << n) != 0)
    }
}

/// Number words, for [`WordFilter`].
const NUMBER_WORDS: &[&str] = &[
    "zero",
    "naught",
    "nought",
    "nil",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fourty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
];

/// True when `w` may be a number word (a cheap test before [`unit_word`]).
pub(crate) fn may_be_number_word(w: &str) -> bool {
    static F: WordFilter = WordFilter::new(NUMBER_WORDS);
    F.may(w)
}

/// The value of a small number word ("seven" → 7, "twenty" → 20).
pub(crate) fn unit_word(w: &str) -> Option<u32> {
    if !may_be_number_word(w) {
        return None;
    }
    let mut buf = [0u8; 16];
    let w = lower(w, &mut buf)?;
    Some(match w {
        "zero" | "naught" | "nought" | "nil" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" | "fourty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

/// The multiplier of a scale word ("million" → 1e6), spelled out.
pub(crate) fn scale_word(w: &str) -> Option<f64> {
    let mut buf = [0u8; 16];
    let w = lower(w, &mut buf)?;
    Some(match w {
        "thousand" | "thousands" => 1e3,
        "million" | "millions" => 1e6,
        "billion" | "billions" => 1e9,
        "trillion" | "trillions" => 1e12,
        "lakh" | "lakhs" | "lac" | "lacs" | "lkh" | "lkhs" => 1e5,
        "crore" | "crores" | "krore" | "krores" | "koti" | "cr" | "kr" => 1e7,
        _ => return None,
    })
}

/// The multiplier of an abbreviated magnitude ("bn", "m", "k", "MM").
pub(crate) fn scale_abbr(w: &str) -> Option<f64> {
    Some(match w {
        "k" | "K" => 1e3,
        "m" | "M" | "mn" | "Mn" | "mln" | "MM" | "mm" => 1e6,
        "bn" | "Bn" | "BN" | "b" | "B" | "bln" => 1e9,
        "tn" | "Tn" | "trn" | "T" => 1e12,
        "cr" | "Cr" | "Kr" => 1e7,
        _ => return None,
    })
}

/// Lower-cases an ASCII word into `buf`; `None` when it does not fit or is not ASCII.
pub(crate) fn lower<'b>(w: &str, buf: &'b mut [u8; 16]) -> Option<&'b str> {
    let b = w.as_bytes();
    if b.len() > buf.len() || !w.is_ascii() {
        return None;
    }
    for (d, s) in buf.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    std::str::from_utf8(buf.get(..b.len())?).ok()
}

/// Parses a run of digits with `,` thousands separators and a `.` decimal point.
pub(crate) fn digits_value(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let commas = s.matches(',').count();
    let dots = s.matches('.').count();
    let cleaned: String = if commas > 0 {
        // "1,234,567.5": commas group thousands.
        s.chars().filter(|&c| c != ',').collect()
    } else if dots > 1 {
        // "1.234.567": dots group thousands.
        s.chars().filter(|&c| c != '.').collect()
    } else {
        s.to_string()
    };
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A number read from the pieces.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Number {
    /// Its value.
    pub value: f64,
    /// First piece.
    pub first: usize,
    /// One past the last piece.
    pub end: usize,
    /// True when it is spelled out in words (wholly or partly).
    pub words: bool,
    /// True when a magnitude word or abbreviation multiplied it.
    pub scaled: bool,
    /// True when it is a plain run of digits (no separators, no magnitude).
    pub plain_digits: bool,
}

/// Reads a number that starts at piece `i`.
///
/// `abbr_spaced` allows an abbreviated magnitude after a space ("$5 bn"), which is only
/// safe after a currency sign.
pub(crate) fn number_at(sc: &Scan<'_>, i: usize, abbr_spaced: bool) -> Option<Number> {
    let (mut value, mut j, words) = match sc.kind(i)? {
        Kind::Num => {
            let v = digits_value(sc.s(i))?;
            (v, i + 1, false)
        }
        Kind::Word => {
            let (v, j) = words_at(sc, i)?;
            (v, j, true)
        }
        Kind::Sym => return None,
    };
    let plain_start = sc.s(i).bytes().all(|b| b.is_ascii_digit());
    // "1 point 1".
    if !words && plain_start && sc.is(j, "point") {
        if let Some(d) = unit_word(sc.s(j + 1)).filter(|d| *d < 10) {
            value += f64::from(d) / 10.0;
            j += 2;
        } else if sc.kind(j + 1) == Some(Kind::Num)
            && sc.s(j + 1).bytes().all(|b| b.is_ascii_digit())
        {
            let len = sc.s(j + 1).len() as i32;
            value += digits_value(sc.s(j + 1)).unwrap_or(0.0) / 10f64.powi(len);
            j += 2;
        }
    }
    let mut scaled = false;
    // A digit number may take "and a half" ("three and a half" is handled in words).
    if !words && sc.is(j, "and") && sc.is(j + 1, "a") && sc.is(j + 2, "half") {
        value += 0.5;
        j += 3;
    }
    // Glued abbreviation or scale word ("10k", "4.7bn", "$1MM", "$75billion").
    if !words && sc.kind(j) == Some(Kind::Word) && sc.glued(j) {
        if let Some(m) = scale_abbr(sc.s(j)).or_else(|| scale_word(sc.s(j))) {
            value *= m;
            j += 1;
            scaled = true;
        } else if sc.is_any(j, &["st", "nd", "rd", "th"]) {
            // An ordinal ("29th") is not a cardinal number.
            return None;
        } else {
            return Some(Number {
                value,
                first: i,
                end: j,
                words,
                scaled,
                plain_digits: false,
            });
        }
    }
    // "$5-billion deal": a magnitude joined by a hyphen.
    if sc.s(j) == "-" && sc.glued(j) && sc.glued(j + 1) {
        if let Some(m) = scale_word(sc.s(j + 1)) {
            value *= m;
            j += 2;
            scaled = true;
        }
    }
    // Spelled-out scales ("3 million", "two point two million", "200 dozens").
    let mut guard = 0;
    while guard < 3 {
        guard += 1;
        if let Some(m) = scale_word(sc.s(j)) {
            value *= m;
            j += 1;
            scaled = true;
        } else if sc.is_any(j, &["dozen", "dozens"]) {
            value *= 12.0;
            j += 1;
            scaled = true;
        } else if !scaled && abbr_spaced && !sc.glued(j) && sc.kind(j) == Some(Kind::Word) {
            match scale_abbr(sc.s(j)) {
                Some(m) if sc.s(j).len() > 1 || sc.s(j) == "m" || sc.s(j) == "k" => {
                    value *= m;
                    j += 1;
                    scaled = true;
                }
                _ => break,
            }
        } else {
            break;
        }
    }
    let plain_digits = !words && !scaled && plain_start && j == i + 1;
    Some(Number {
        value,
        first: i,
        end: j,
        words,
        scaled,
        plain_digits,
    })
}

/// Reads spelled-out numbers ("thirty-one million two hundred", "two dozen", "a dozen").
fn words_at(sc: &Scan<'_>, i: usize) -> Option<(f64, usize)> {
    let mut total = 0f64;
    let mut current = 0f64;
    let mut j = i;
    let mut any = false;
    let mut last_scale = f64::INFINITY;
    // "a couple (of)", "a pair (of)".
    if sc.is(j, "a") && sc.is_any(j + 1, &["couple", "pair"]) {
        let end = if sc.is(j + 2, "of") { j + 3 } else { j + 2 };
        return Some((2.0, end));
    }
    // "a hundred", "a dozen", "a million".
    if sc.is_any(j, &["a", "one"])
        && sc.is_any(
            j + 1,
            &[
                "hundred", "thousand", "million", "billion", "trillion", "dozen",
            ],
        )
    {
        current = 1.0;
        j += 1;
        any = true;
    }
    loop {
        let w = sc.s(j);
        if let Some(u) = unit_word(w) {
            let u = f64::from(u);
            // "twenty one": tens then units; "one two" is not a number.
            if any
                && current % 100.0 != 0.0
                && !(current % 10.0 == 0.0 && current % 100.0 >= 20.0 && u < 10.0)
            {
                break;
            }
            current += u;
            any = true;
            j += 1;
            // "forty-five".
            if u >= 20.0 && sc.s(j) == "-" && sc.glued(j) && sc.glued(j + 1) {
                if let Some(v) = unit_word(sc.s(j + 1)).filter(|&v| v < 10) {
                    current += f64::from(v);
                    j += 2;
                }
            }
        } else if any && sc.is(j, "hundred") {
            current = if current == 0.0 {
                100.0
            } else {
                current * 100.0
            };
            j += 1;
        } else if any && sc.is_any(j, &["dozen", "dozens"]) {
            current = if current == 0.0 { 12.0 } else { current * 12.0 };
            j += 1;
        } else if let Some(m) = scale_word(w).filter(|_| any) {
            if m >= last_scale {
                // "three thousand millions": the bigger scale multiplies everything.
                total = (total + current) * m;
            } else {
                total += current.max(1.0) * m;
            }
            last_scale = m;
            current = 0.0;
            j += 1;
        } else if any
            && sc.is(j, "and")
            && unit_word(sc.s(j + 1)).is_some()
            && (current == 0.0 || current % 100.0 == 0.0)
        {
            j += 1;
        } else if any && sc.is(j, "and") && sc.is(j + 1, "a") && sc.is(j + 2, "half") {
            current += 0.5;
            j += 3;
            break;
        } else if any && sc.is(j, "point") {
            // "two point two": decimal digits, one word each.
            let mut k = j + 1;
            let mut frac = 0f64;
            let mut scale = 0.1;
            while let Some(d) = unit_word(sc.s(k)).filter(|&d| d < 10) {
                frac += f64::from(d) * scale;
                scale /= 10.0;
                k += 1;
            }
            if k == j + 1 {
                if let Some(d) = digits_value(sc.s(k)).filter(|_| sc.kind(k) == Some(Kind::Num)) {
                    let len = sc.s(k).len() as i32;
                    frac = d / 10f64.powi(len);
                    k += 1;
                }
            }
            if k == j + 1 {
                break;
            }
            current += frac;
            j = k;
        } else {
            break;
        }
    }
    any.then_some((total + current, j))
}

/// Reads a whole string as one number ("thirty-one", "-1.2M", "1/5"); `None` when any
/// part of it is not a number.
#[must_use]
pub fn read_number(s: &str) -> Option<f64> {
    let mut s = s.trim();
    let mut sign = 1.0;
    for neg in ["-", "minus ", "negative "] {
        if let Some(rest) = s.strip_prefix(neg).or_else(|| {
            s.get(..neg.len())
                .filter(|h| h.eq_ignore_ascii_case(neg))
                .and_then(|_| s.get(neg.len()..))
        }) {
            s = rest.trim_start();
            sign = -1.0;
            break;
        }
    }
    let sc = Scan::new(s);
    // "1/5" as a fraction.
    if sc.len() == 3
        && sc.kind(0) == Some(Kind::Num)
        && sc.s(1) == "/"
        && sc.kind(2) == Some(Kind::Num)
    {
        let (a, b) = (digits_value(sc.s(0))?, digits_value(sc.s(2))?);
        return (b != 0.0).then(|| sign * a / b);
    }
    // "point 77".
    if sc.is(0, "point") && sc.kind(1) == Some(Kind::Num) && sc.len() == 2 {
        let d = sc.s(1);
        return digits_value(d).map(|v| sign * v / 10f64.powi(d.len() as i32));
    }
    // "one twenty two": a spoken hundreds digit and a two-digit number.
    if let (Some(h), Some(t)) = (
        unit_word(sc.s(0)).filter(|h| (1..10).contains(h)),
        unit_word(sc.s(1)).filter(|t| *t >= 20 && t % 10 == 0),
    ) {
        if let Some((u, end)) = read_tail(&sc, 2) {
            if end == sc.len() {
                return Some(sign * f64::from(h * 100 + t + u));
            }
        }
    }
    let n = number_at(&sc, 0, false)?;
    let mut end = n.end;
    // A restatement in brackets: "forty-five (45)".
    if sc.s(end) == "(" {
        let m = number_at(&sc, end + 1, false)?;
        if (m.value - n.value).abs() > 1e-9 || sc.s(m.end) != ")" {
            return None;
        }
        end = m.end + 1;
    }
    if sc.is_any(end, &["of"]) && end + 1 == sc.len() && n.words {
        end += 1;
    }
    (end == sc.len()).then_some(sign * n.value)
}

/// The units word ending a spoken number ("two" in "one twenty two"), if any.
fn read_tail(sc: &Scan<'_>, k: usize) -> Option<(u32, usize)> {
    if k >= sc.len() {
        return Some((0, k));
    }
    let k = if sc.s(k) == "-" { k + 1 } else { k };
    unit_word(sc.s(k))
        .filter(|u| (1..10).contains(u))
        .map(|u| (u, k + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexes_numbers_words_and_symbols() {
        let sc = Scan::new("US$4.7bn, 1,200 (about) it’s");
        let pieces: Vec<&str> = (0..sc.len()).map(|i| sc.s(i)).collect();
        assert_eq!(
            pieces,
            ["US", "$", "4.7", "bn", ",", "1,200", "(", "about", ")", "it", "’", "s"]
        );
        assert!(sc.glued(1) && sc.glued(3) && !sc.glued(5));
    }

    #[test]
    fn reads_numbers() {
        assert_eq!(
            read_number(
                "thirty-one million two hundred fifty-six thousand seven hundred twenty-one"
            ),
            Some(31_256_721.0)
        );
        assert_eq!(read_number("two dozen"), Some(24.0));
        assert_eq!(read_number("1.2M"), Some(1.2e6));
        assert_eq!(read_number("100,000.0"), Some(1e5));
        assert_eq!(read_number("-1200K"), Some(-1.2e6));
        assert_eq!(read_number("three and a half"), Some(3.5));
        assert_eq!(
            read_number("seven hundred twenty-one thousand and twelve"),
            Some(721_012.0)
        );
        assert_eq!(read_number("two point two million"), Some(2.2e6));
        assert_eq!(read_number("3/15"), Some(0.2));
        assert_eq!(read_number("three thousand millions"), Some(3e9));
        assert_eq!(read_number("a dozen"), Some(12.0));
        assert_eq!(read_number("one two"), None);
        assert_eq!(read_number("ten dogs"), None);
    }
}
