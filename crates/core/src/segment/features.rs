//! Features of the lines of a text: layout, language and topical continuity cues.
//!
//! Every line gets a list of hashed feature ids. Most describe the line itself (length,
//! final punctuation, capitalisation, attribution phrases, cue words); others describe its
//! neighbours and how many content words and names it shares with the lines around it.

use super::lexicon::{
    lexicon, pair_hash, slot, word_hash_step, Lexicon, ARTICLE, ATTRIBUTION, BOILERPLATE,
    CREDIT_PAIR, FINITE, FNV_OFFSET, NOISE, NOISE_PAIR, STOP,
};
use crate::doc::Document;

/// Number of bits of the hashed feature space.
pub const FEATURE_BITS: u32 = 16;
/// Mask for feature ids.
const MASK: u64 = (1 << FEATURE_BITS) - 1;
/// How many lines on each side count as the context of a line.
const WINDOW: usize = 3;
/// How many lines on each side count as the wider context of a line.
const FAR: usize = 8;
/// How many lines make a block on each side of a gap for block cohesion.
const TILE: usize = 8;
/// How many lines on each side make the article-wide context of a gap.
const WIDE: usize = 25;
/// How many lines on each side give the layout (mean line length) around a line.
const STYLE: usize = 5;

/// The features of every line of a document.
#[derive(Debug, Clone, Default)]
pub struct LineFeatures {
    /// Feature ids, line after line.
    pub ids: Vec<u32>,
    /// For line `i`, its ids are `ids[bounds[i].0 .. bounds[i].2]`; the ids from
    /// `bounds[i].1` on are lexical (single words), the part training may drop.
    pub bounds: Vec<(u32, u32, u32)>,
}

impl LineFeatures {
    /// Number of lines.
    #[must_use]
    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    /// True when there are no lines.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty()
    }

    /// All feature ids of line `i`.
    #[must_use]
    pub fn line(&self, i: usize) -> &[u32] {
        match self.bounds.get(i) {
            Some(&(a, _, c)) => self.ids.get(a as usize..c as usize).unwrap_or(&[]),
            None => &[],
        }
    }

    /// The non-lexical feature ids of line `i`.
    #[must_use]
    pub fn line_structural(&self, i: usize) -> &[u32] {
        match self.bounds.get(i) {
            Some(&(a, b, _)) => self.ids.get(a as usize..b as usize).unwrap_or(&[]),
            None => &[],
        }
    }
}

/// What a line ends with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum End {
    Word = 0,
    Stop = 1,
    Question = 2,
    Exclaim = 3,
    Colon = 4,
    QuoteAfterPunct = 5,
    Quote = 6,
    Paren = 7,
    Other = 8,
}

/// Facts about one line, gathered in one pass over its text.
#[derive(Debug, Clone, Default)]
pub(crate) struct LineInfo {
    /// Words (alphanumeric runs).
    pub words: u16,
    /// White-space separated pieces.
    pub pieces: u16,
    /// Words of four letters or more.
    pub long: u16,
    /// Of those, the capitalised ones.
    pub long_cap: u16,
    /// What the line ends with.
    pub end: u8,
    /// What kind of character it starts with.
    pub first: u8,
    /// Sentence breaks inside the line.
    pub breaks: u8,
    /// The line closes with ", <someone> <reporting verb>".
    pub attributed: bool,
    /// The line opens with a dateline ("WASHINGTON —", "Paris (AFP) -").
    pub dateline: bool,
    /// Second-person words (you, your).
    pub you: u8,
    /// First-person words (I, we, our, us, my).
    pub me: u8,
    /// Cue words for noise.
    pub noise_words: u8,
    /// Cue words for boilerplate.
    pub boilerplate_words: u8,
    /// Cue word pairs for noise.
    pub noise_pairs: u8,
    /// Cue word pairs for credit notes.
    pub credit_pairs: u8,
    /// Quotation marks.
    pub quotes: u8,
    /// Digits.
    pub digits: u16,
    /// Hash of the first word.
    pub first_word: u32,
    /// Hash of the last word.
    pub last_word: u32,
    /// Hash of the whole line (to spot repeated lines).
    pub whole: u32,
    /// Blank lines just before this line.
    pub blank_before: u32,
    /// Web page marks, one bit each: [`MARK_AT`], [`MARK_HASH`], [`MARK_LINK`],
    /// [`MARK_FIELD`], [`MARK_BAR`].
    pub marks: u8,
    /// Words of two letters or more written all in capitals.
    pub upper: u16,
    /// Content words: `content[a..b]` of the shared buffer (sorted, no duplicates).
    pub content: (u32, u32),
    /// Capitalised content words (names): `names[a..b]` of the shared buffer.
    pub names: (u32, u32),
    /// The first word is a function word ("The", "What", "In").
    pub func_first: bool,
    /// Articles ("the", "a", "an").
    pub articles: u8,
    /// Finite forms of "be", "have" and "will" ("is", "was", "has", "will").
    pub finite: u8,
}

/// The line has an "@" (a handle or an address).
pub(crate) const MARK_AT: u8 = 1;
/// The line has a "#" (a hashtag).
pub(crate) const MARK_HASH: u8 = 2;
/// The line has a web address ("://", "www.", "pic.").
pub(crate) const MARK_LINK: u8 = 4;
/// The line ends with " *" (a form field).
pub(crate) const MARK_FIELD: u8 = 8;
/// The line has a "|" (menus, bylines with the outlet).
pub(crate) const MARK_BAR: u8 = 16;

fn end_class(s: &str) -> End {
    let mut it = s.chars().rev();
    let Some(last) = it.next() else {
        return End::Other;
    };
    match last {
        '.' => End::Stop,
        '?' => End::Question,
        '!' => End::Exclaim,
        ':' => End::Colon,
        ')' | ']' => End::Paren,
        '"' | '”' | '’' | '\'' | '»' => match it.next() {
            Some('.' | '?' | '!' | ',') => End::QuoteAfterPunct,
            _ => End::Quote,
        },
        c if c.is_alphanumeric() => End::Word,
        _ => End::Other,
    }
}

fn first_class(s: &str) -> u8 {
    match s.chars().next() {
        Some(c) if c.is_uppercase() => 0,
        Some(c) if c.is_lowercase() => 1,
        Some(c) if c.is_numeric() => 2,
        Some('"' | '“' | '‘' | '\'' | '«' | '”') => 3,
        Some('-' | '–' | '—' | '•' | '*' | '·') => 4,
        Some('<' | '{' | '[') => 5,
        Some('#' | '@') => 6,
        Some(c) if c.is_ascii_punctuation() => 7,
        _ => 8,
    }
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—')
}

/// True when the line opens with a dateline: a few capitalised words (often a place in
/// capitals, maybe an agency in brackets) and then a dash.
fn dateline(s: &str) -> bool {
    let head: &str = match s.char_indices().nth(60) {
        Some((i, _)) => s.get(..i).unwrap_or(s),
        None => s,
    };
    let Some(dash) = head.find([' ', '\u{a0}']).and_then(|_| {
        head.char_indices()
            .find(|&(i, c)| is_dash(c) && i > 0 && head[..i].ends_with([' ', '\u{a0}', ')']))
            .map(|(i, _)| i)
    }) else {
        return false;
    };
    let before = head.get(..dash).unwrap_or("").trim_end();
    let mut n = 0;
    let mut caps = 0;
    for w in before.split_whitespace() {
        n += 1;
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty() {
            continue;
        }
        if w.chars().next().is_some_and(char::is_uppercase) {
            caps += 1;
        } else {
            return false;
        }
    }
    (1..=5).contains(&n) && caps >= 1
}

/// The word being read: where it starts, its hash so far and what its letters are.
#[derive(Clone, Copy)]
struct Word {
    start: usize,
    hash: u32,
    capital: bool,
    lower: bool,
    digits_only: bool,
}

impl Word {
    fn new(start: usize, capital: bool) -> Word {
        Word {
            start,
            hash: FNV_OFFSET,
            capital,
            lower: false,
            digits_only: true,
        }
    }
}

/// Reads one line into a [`LineInfo`], pushing its content words and names.
fn read_line(s: &str, lex: &Lexicon, content: &mut Vec<u32>, names: &mut Vec<u32>) -> LineInfo {
    let mut info = LineInfo {
        end: end_class(s) as u8,
        first: first_class(s),
        dateline: dateline(s),
        ..LineInfo::default()
    };
    if s.trim_end().ends_with(" *") {
        info.marks |= MARK_FIELD;
    }
    let c0 = content.len();
    let n0 = names.len();
    let mut prev_hash = 0u32;
    let mut last_comma_word = u16::MAX;
    let mut attrib_after_comma = false;
    let mut bytes_seen_break = true;
    let mut whole = FNV_OFFSET;
    let mut word: Option<Word> = None;
    let mut prev_char = ' ';
    let mut last_solid = ' ';
    let mut pieces = 0u16;
    let bytes = s.as_bytes();
    let mut i = 0usize;
    while i <= bytes.len() {
        // A run of ASCII letters and digits is read in one go, hashed as it is read:
        // inside a word only its first character can mark a sentence break.
        if let Some(&b) = bytes.get(i).filter(|b| b.is_ascii_alphanumeric()) {
            if prev_char == ' ' && matches!(last_solid, '.' | '?' | '!') && b.is_ascii_uppercase() {
                info.breaks = info.breaks.saturating_add(1);
            }
            let w = word.get_or_insert(Word::new(i, b.is_ascii_uppercase()));
            let mut last = b;
            while let Some(&b) = bytes.get(i).filter(|b| b.is_ascii_alphanumeric()) {
                w.hash = word_hash_step(w.hash, b);
                if b.is_ascii_digit() {
                    info.digits = info.digits.saturating_add(1);
                } else {
                    w.digits_only = false;
                    w.lower |= b.is_ascii_lowercase();
                }
                last = b;
                i += 1;
            }
            last_solid = char::from(last);
            prev_char = last_solid;
            continue;
        }
        // Other bytes are read one at a time; only non-ASCII characters are decoded.
        let (c, width) = match bytes.get(i) {
            None => (' ', 1),
            Some(&b) if b.is_ascii() => (char::from(b), 1),
            Some(_) => match s.get(i..).and_then(|t| t.chars().next()) {
                Some(c) => (c, c.len_utf8()),
                None => (' ', 1),
            },
        };
        if !c.is_ascii() && c.is_alphanumeric() {
            // A letter outside ASCII continues (or starts) the word; its bytes are hashed
            // as they are.
            let w = word.get_or_insert(Word::new(i, c.is_uppercase()));
            w.hash = bytes
                .get(i..i + width)
                .unwrap_or_default()
                .iter()
                .fold(w.hash, |h, &b| word_hash_step(h, b));
            w.digits_only = false;
            w.lower |= c.is_lowercase();
        } else if let Some(wd) = word.take() {
            let w = s.get(wd.start..i).unwrap_or("");
            let h = wd.hash;
            whole = whole.rotate_left(5) ^ h;
            let sentence_initial = bytes_seen_break;
            bytes_seen_break = false;
            info.words = info.words.saturating_add(1);
            if info.words == 1 {
                info.first_word = h;
            }
            info.last_word = h;
            let capital = wd.capital;
            if capital && w.len() >= 2 && !wd.lower {
                info.upper = info.upper.saturating_add(1);
            }
            if matches!(w, "www" | "pic" | "http" | "https")
                && matches!(bytes.get(i), Some(&(b'.' | b':')))
            {
                info.marks |= MARK_LINK;
            }
            // Bytes stand in for letters: only accented words are counted long early.
            let nchars = w.len();
            let flags = lex.words.get(h);
            if info.words == 1 {
                info.func_first = flags & STOP != 0;
            }
            if flags & ARTICLE != 0 {
                info.articles = info.articles.saturating_add(1);
            } else if flags & FINITE != 0 {
                info.finite = info.finite.saturating_add(1);
            }
            if nchars >= 4 {
                info.long = info.long.saturating_add(1);
                if capital {
                    info.long_cap = info.long_cap.saturating_add(1);
                }
            }
            let stop = flags & STOP != 0;
            if !stop && nchars >= 3 && !wd.digits_only {
                content.push(h);
                if capital && !sentence_initial {
                    names.push(h);
                }
            }
            if w.len() <= 4 {
                let lower = |t: &str| w.eq_ignore_ascii_case(t);
                if lower("you") || lower("your") {
                    info.you = info.you.saturating_add(1);
                } else if lower("we") || lower("our") || lower("us") || lower("my") || w == "I" {
                    info.me = info.me.saturating_add(1);
                }
            }
            if flags & NOISE != 0 {
                info.noise_words = info.noise_words.saturating_add(1);
            }
            if flags & BOILERPLATE != 0 {
                info.boilerplate_words = info.boilerplate_words.saturating_add(1);
            }
            if prev_hash != 0 {
                let pf = lex.pairs.get(pair_hash(prev_hash, h));
                if pf & NOISE_PAIR != 0 {
                    info.noise_pairs = info.noise_pairs.saturating_add(1);
                }
                if pf & CREDIT_PAIR != 0 {
                    info.credit_pairs = info.credit_pairs.saturating_add(1);
                }
            }
            if last_comma_word != u16::MAX
                && info.words.saturating_sub(last_comma_word) <= 8
                && flags & ATTRIBUTION != 0
            {
                attrib_after_comma = true;
            }
            prev_hash = h;
        }
        if c.is_whitespace() && !prev_char.is_whitespace() {
            pieces = pieces.saturating_add(1);
        }
        match c {
            ',' => {
                last_comma_word = info.words;
                attrib_after_comma = false;
            }
            '.' | '?' | '!' => bytes_seen_break = true,
            ':' | ';' => {
                last_comma_word = u16::MAX;
                attrib_after_comma = false;
            }
            '"' | '“' | '”' | '«' | '»' => info.quotes = info.quotes.saturating_add(1),
            '@' => info.marks |= MARK_AT,
            '#' => info.marks |= MARK_HASH,
            '|' => info.marks |= MARK_BAR,
            _ => {}
        }
        if prev_char == ' ' && matches!(last_solid, '.' | '?' | '!') && c.is_uppercase() {
            // A capital after ". " marks a sentence break inside the line.
            info.breaks = info.breaks.saturating_add(1);
        }
        if !c.is_whitespace() {
            last_solid = c;
        }
        prev_char = c;
        i += width;
    }
    info.pieces = pieces;
    info.attributed = attrib_after_comma;
    info.whole = whole;
    sort_dedup_tail(content, c0);
    sort_dedup_tail(names, n0);
    info.content = (c0 as u32, content.len() as u32);
    info.names = (n0 as u32, names.len() as u32);
    info
}

fn sort_dedup_tail(v: &mut Vec<u32>, from: usize) {
    if let Some(tail) = v.get_mut(from..) {
        tail.sort_unstable();
    }
    let mut w = from;
    for r in from..v.len() {
        if r == from || v[r] != v[w - 1] {
            v[w] = v[r];
            w += 1;
        }
    }
    v.truncate(w);
}

fn slice(v: &[u32], r: (u32, u32)) -> &[u32] {
    v.get(r.0 as usize..r.1 as usize).unwrap_or(&[])
}

fn ratio_bucket(num: usize, den: usize) -> u64 {
    if den == 0 {
        return 7;
    }
    let r = num as f32 / den as f32;
    match r {
        r if r <= 0.0 => 0,
        r if r < 0.1 => 1,
        r if r < 0.2 => 2,
        r if r < 0.35 => 3,
        r if r < 0.5 => 4,
        r if r < 0.7 => 5,
        _ => 6,
    }
}

fn tile_bucket(x: f32) -> u64 {
    match x {
        x if x <= 0.02 => 0,
        x if x < 0.06 => 1,
        x if x < 0.12 => 2,
        x if x < 0.2 => 3,
        x if x < 0.3 => 4,
        x if x < 0.45 => 5,
        _ => 6,
    }
}

fn count_bucket(n: usize) -> u64 {
    match n {
        0..=3 => n as u64,
        4..=5 => 4,
        _ => 5,
    }
}

fn words_bucket(n: u16) -> u64 {
    match n {
        0..=5 => u64::from(n),
        6..=8 => 6,
        9..=12 => 7,
        13..=16 => 8,
        17..=20 => 9,
        21..=28 => 10,
        29..=40 => 11,
        41..=70 => 12,
        _ => 13,
    }
}

fn title_bucket(info: &LineInfo) -> u64 {
    if info.long == 0 {
        return 5;
    }
    let r = f32::from(info.long_cap) / f32::from(info.long);
    match r {
        r if r < 0.2 => 0,
        r if r < 0.4 => 1,
        r if r < 0.6 => 2,
        r if r < 0.85 => 3,
        _ => 4,
    }
}

/// Whether lines get the headlinese and article-wide own-word cues of round 5 (model
/// README). The committed weights were trained with them (together with the round-5
/// generator options, `--mix 0.15 --more-noise --closings 0.2`); turning them off needs
/// retraining (`cargo xtask train-segment`).
const ROUND5_CUES: bool = true;

/// Mixes a feature kind and value into a feature id.
fn fid(kind: u64, value: u64) -> u32 {
    let mut z = (kind << 40) ^ value ^ 0x9e37_79b9_7f4a_7c15;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    (z & MASK) as u32
}

/// Gathers the facts about every line of the document.
pub(crate) fn line_infos(doc: &Document) -> (Vec<LineInfo>, Vec<u32>, Vec<u32>) {
    let lex = lexicon();
    let lines = doc.lines.as_slice();
    let mut content = Vec::with_capacity(doc.text().len() / 8);
    let mut names = Vec::with_capacity(doc.text().len() / 40);
    let mut infos = Vec::with_capacity(lines.len());
    let mut prev_number: Option<u32> = None;
    for l in lines {
        let mut info = read_line(doc.slice(l.span), lex, &mut content, &mut names);
        info.blank_before = match prev_number {
            Some(p) => l.value.number.saturating_sub(p).saturating_sub(1),
            None => 0,
        };
        prev_number = Some(l.value.number);
        infos.push(info);
    }
    (infos, content, names)
}

/// Computes the features of every line of `doc`.
#[must_use]
pub fn line_features(doc: &Document) -> LineFeatures {
    features_and_infos(doc).0
}

/// Computes the features of every line of `doc`, and the facts they were built from.
pub(crate) fn features_and_infos(
    doc: &Document,
) -> (LineFeatures, Vec<LineInfo>, Vec<u32>, Vec<u32>) {
    let (infos, content, names) = line_infos(doc);
    let f = features_from_infos(&infos, &content, &names);
    (f, infos, content, names)
}

/// How many words of one kind lines `a` and `b` share: content words with `names` false,
/// capitalised ones with `names` true (`words` is the matching buffer from
/// [`features_and_infos`]).
pub(crate) fn shared_words(words: &[u32], a: &LineInfo, b: &LineInfo, names: bool) -> usize {
    let (ra, rb) = if names {
        (a.names, b.names)
    } else {
        (a.content, b.content)
    };
    let (x, y) = (slice(words, ra), slice(words, rb));
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(p), Some(q)) = (x.get(i), y.get(j)) {
        match p.cmp(q) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// No occurrence.
const NONE: u32 = u32::MAX;

/// The counts that look back from the gap before one line (see [`Occ::gaps_before`]).
#[derive(Debug, Clone, Copy, Default)]
struct Back {
    /// Content words of the line and the next (cohesion across the gap).
    gap: (usize, usize),
    /// Content words of the next TILE lines against the TILE lines before.
    tile: (usize, usize),
    /// Content words of the line seen within WINDOW and FAR lines before.
    own: (usize, usize),
    /// Content words of the three lines after the line, seen within five lines before.
    after: (usize, usize),
    /// Content words of the line and the next three, seen within WIDE lines before.
    wide: (usize, usize),
    /// Names of the line and the next, seen within 2 × WINDOW lines before.
    gap_names: (usize, usize),
    /// Names of the line seen within WINDOW lines before.
    own_names: usize,
    /// Names of the three lines after the line, seen within eight lines before.
    after_names: (usize, usize),
    /// Names of the line and the next three, seen within WIDE lines before.
    wide_names: (usize, usize),
    /// Content words of the line seen within WIDE lines before.
    own_wide: usize,
    /// Names of the line seen within WIDE lines before.
    own_wide_names: usize,
}

/// The look-back counts of every gap `0..=n`, each in one pass over the words after it.
fn back_counts(co: &Occ, no: &Occ, n: usize) -> Vec<Back> {
    let add = |c: &mut (usize, usize), hit: bool| {
        c.0 += usize::from(hit);
        c.1 += 1;
    };
    let mut out = Vec::with_capacity(n + 1);
    let mut gaps = Vec::with_capacity(256);
    let mut name_gaps = Vec::with_capacity(64);
    for i in 0..=n {
        co.gaps_before(i, TILE, &mut gaps);
        no.gaps_before(i, 4, &mut name_gaps);
        let mut b = Back::default();
        for &(d, g) in &gaps {
            let g = g as usize;
            add(&mut b.tile, g <= TILE);
            if d < 2 {
                add(&mut b.gap, g <= WINDOW);
            }
            if d == 0 {
                b.own.0 += usize::from(g <= WINDOW);
                b.own.1 += usize::from(g <= FAR);
                b.own_wide += usize::from(g <= WIDE);
            }
            if d < 4 {
                add(&mut b.wide, g <= WIDE);
                if d >= 1 {
                    add(&mut b.after, g <= 5);
                }
            }
        }
        for &(d, g) in &name_gaps {
            let g = g as usize;
            if d < 2 {
                add(&mut b.gap_names, g <= 2 * WINDOW);
            }
            if d == 0 {
                b.own_names += usize::from(g <= WINDOW);
                b.own_wide_names += usize::from(g <= WIDE);
            }
            add(&mut b.wide_names, g <= WIDE);
            if d >= 1 {
                add(&mut b.after_names, g <= 8);
            }
        }
        out.push(b);
    }
    out
}

/// Occurrences of words (or names) line by line, each linked to the previous and next
/// occurrence of the same word, so that "does this word occur in lines lo..hi" costs a
/// step or two instead of a search.
struct Occ {
    /// `start[i]..start[i + 1]`: the occurrences of line `i`.
    start: Vec<u32>,
    /// For each occurrence, the previous occurrence of its word and that one's line
    /// (`NONE` for both when there is none): a walk back reads one pair per step.
    prev: Vec<(u32, u32)>,
    /// The next occurrence of its word and that one's line, likewise.
    next: Vec<(u32, u32)>,
}

impl Occ {
    fn new(infos: &[LineInfo], buf: &[u32], names: bool) -> Occ {
        let total = buf.len();
        let mut occ = Occ {
            start: Vec::with_capacity(infos.len() + 1),
            prev: vec![(NONE, NONE); total],
            next: vec![(NONE, NONE); total],
        };
        let cap = (total * 2 + 16).next_power_of_two();
        let mask = cap - 1;
        let mut keys = vec![0u32; cap];
        // The last occurrence of each word so far, and its line.
        let mut last = vec![(NONE, NONE); cap];
        for (li, info) in infos.iter().enumerate() {
            let (a, b) = if names { info.names } else { info.content };
            occ.start.push(a);
            let hi = (b as usize).min(total);
            let li = li as u32;
            for (o, &h) in buf.iter().enumerate().take(hi).skip(a as usize) {
                let mut k = slot(h, mask);
                while last[k].0 != NONE && keys[k] != h {
                    k = (k + 1) & mask;
                }
                let p = last[k];
                if p.0 != NONE {
                    occ.prev[o] = p;
                    occ.next[p.0 as usize] = (o as u32, li);
                }
                keys[k] = h;
                last[k] = (o as u32, li);
            }
        }
        occ.start.push(
            infos
                .last()
                .map_or(0, |i| if names { i.names.1 } else { i.content.1 }),
        );
        occ
    }

    fn range(&self, i: usize) -> std::ops::Range<usize> {
        match (self.start.get(i), self.start.get(i + 1)) {
            (Some(&a), Some(&b)) => a as usize..b as usize,
            _ => 0..0,
        }
    }

    /// True when the word of occurrence `o` also occurs in lines `lo..hi` (`hi` not after
    /// the line of `o`).
    #[cfg(test)]
    fn seen_in(&self, o: usize, lo: usize, hi: usize) -> bool {
        let (mut p, mut l) = self.prev.get(o).copied().unwrap_or((NONE, NONE));
        while p != NONE {
            if (l as usize) < hi {
                return l as usize >= lo;
            }
            (p, l) = self.prev[p as usize];
        }
        false
    }

    /// For every word of lines `hi..hi + lines`, how far back before line `hi` it last
    /// occurred (`u32::MAX`: not before `hi`), with the line's offset from `hi`; written
    /// into `out`. One walk per word serves all the counts that look back from `hi`.
    fn gaps_before(&self, hi: usize, lines: usize, out: &mut Vec<(u8, u32)>) {
        out.clear();
        let end = (hi + lines).min(self.start.len().saturating_sub(1));
        for j in hi..end {
            for o in self.range(j) {
                let (mut p, mut l) = self.prev.get(o).copied().unwrap_or((NONE, NONE));
                let mut gap = u32::MAX;
                while p != NONE {
                    if (l as usize) < hi {
                        gap = (hi - l as usize) as u32;
                        break;
                    }
                    (p, l) = self.prev.get(p as usize).copied().unwrap_or((NONE, NONE));
                }
                out.push(((j - hi) as u8, gap));
            }
        }
    }

    /// Words of lines `a..b` that occur in lines `lo..hi`, and how many words those are.
    #[cfg(test)]
    fn span_count(&self, a: usize, b: usize, lo: usize, hi: usize) -> (usize, usize) {
        let mut num = 0;
        let mut den = 0;
        for j in a..b.min(self.start.len().saturating_sub(1)) {
            for o in self.range(j) {
                den += 1;
                num += usize::from(self.seen_in(o, lo, hi));
            }
        }
        (num, den)
    }

    /// True when the word of occurrence `o` also occurs in lines `lo..hi` (`lo` after the
    /// line of `o`).
    fn seen_after(&self, o: usize, lo: usize, hi: usize) -> bool {
        let (mut n, mut l) = self.next.get(o).copied().unwrap_or((NONE, NONE));
        while n != NONE {
            if l as usize >= lo {
                return (l as usize) < hi;
            }
            (n, l) = self.next.get(n as usize).copied().unwrap_or((NONE, NONE));
        }
        false
    }

    /// Words of lines `a..b` that occur in lines `lo..hi` (`lo` not before `b`), and how
    /// many words those are.
    fn span_count_after(&self, a: usize, b: usize, lo: usize, hi: usize) -> (usize, usize) {
        let mut num = 0;
        let mut den = 0;
        for j in a..b.min(self.start.len().saturating_sub(1)) {
            for o in self.range(j) {
                den += 1;
                num += usize::from(self.seen_after(o, lo, hi));
            }
        }
        (num, den)
    }

    /// Words of line `i` that occur again within the next `w` lines.
    fn next_count(&self, i: usize, w: usize) -> usize {
        self.range(i)
            .filter(|&o| {
                let (n, l) = self.next[o];
                n != NONE && (l as usize) <= i + w
            })
            .count()
    }
}

fn features_from_infos(infos: &[LineInfo], content: &[u32], names: &[u32]) -> LineFeatures {
    let n = infos.len();
    let mut out = LineFeatures {
        ids: Vec::with_capacity(n * 96),
        bounds: Vec::with_capacity(n),
    };
    // Document-level facts: the usual line length and whether paragraphs are separated by
    // blank lines.
    let mut lens: Vec<u16> = infos.iter().map(|i| i.words).collect();
    let median = if lens.is_empty() {
        0
    } else {
        let mid = lens.len() / 2;
        *lens.select_nth_unstable(mid).1
    };
    let gaps_blank = infos.iter().skip(1).filter(|i| i.blank_before > 0).count();
    let style: u64 = match (gaps_blank, n.saturating_sub(1)) {
        (_, 0) => 3,
        (0, _) => 0,
        (b, g) if b * 2 < g => 1,
        _ => 2,
    };
    // How many lines end without terminal punctuation: where body paragraphs all end with
    // a stop, a line without one stands out as a lead or heading.
    let open_ends = infos
        .iter()
        .filter(|i| i.end == End::Word as u8 || i.end == End::Other as u8)
        .count();
    let open_share = ratio_bucket(open_ends, n);
    let mut wholes: Vec<u32> = infos.iter().map(|i| i.whole).collect();
    wholes.sort_unstable();
    let co = Occ::new(infos, content, false);
    let no = Occ::new(infos, names, true);
    let backs = back_counts(&co, &no, n);
    let back = |i: usize| backs.get(i).copied().unwrap_or_default();
    let gap_names = |i: usize| back(i).gap_names;
    let cohesion: Vec<(usize, usize)> = (0..=n)
        .map(|i| if i == 0 { (0, 0) } else { back(i).gap })
        .collect();
    let coh_bucket = |i: usize| {
        cohesion
            .get(i)
            .map_or(8, |&(a, b)| if i == 0 { 8 } else { ratio_bucket(a, b) })
    };
    // Lexical cohesion across the gap before each line, block against block (as in
    // TextTiling): the share of the words of the next TILE lines that the TILE lines
    // before used too. A topic change shows as a dip below the gaps around it.
    let tiles: Vec<f32> = (0..n)
        .map(|i| {
            if i == 0 {
                return 1.0;
            }
            let (a, b) = back(i).tile;
            if b == 0 {
                1.0
            } else {
                a as f32 / b as f32
            }
        })
        .collect();
    // Running sums of line lengths, for the mean length of the lines before and after a
    // line: a new article can bring a new layout (sentence lines after paragraph lines).
    let mut len_sum = Vec::with_capacity(n + 1);
    len_sum.push(0u32);
    for info in infos {
        let last = len_sum.last().copied().unwrap_or(0);
        len_sum.push(last + u32::from(info.words));
    }
    let mean_words = |a: usize, b: usize| -> f32 {
        let (a, b) = (a.min(n), b.min(n));
        if b <= a {
            return 0.0;
        }
        let s = len_sum.get(b).copied().unwrap_or(0) - len_sum.get(a).copied().unwrap_or(0);
        s as f32 / (b - a) as f32
    };
    // Article-wide continuity across the gap before each line as one share: the words of
    // this line and the next three used in the WIDE lines before, with the words of the
    // four lines before used again in the WIDE lines from this one on. Inside an article
    // it stays high; a new article shows as a dip below the gaps around it.
    let reuse: Vec<(usize, usize)> = (0..n)
        .map(|i| co.span_count_after(i.saturating_sub(4), i, i, i + WIDE))
        .collect();
    let wides: Vec<f32> = (0..n)
        .map(|i| {
            let (wn, wd) = back(i).wide;
            let (rn, rd) = reuse.get(i).copied().unwrap_or_default();
            if i == 0 || wd + rd == 0 {
                1.0
            } else {
                (wn + rn) as f32 / (wd + rd) as f32
            }
        })
        .collect();
    let lex_kind_base = 1000u64;
    for i in 0..n {
        let info = &infos[i];
        let start = out.ids.len() as u32;
        let mut push = |k: u64, v: u64| out.ids.push(fid(k, v));
        let wb = words_bucket(info.words);
        let tb = title_bucket(info);
        let end = u64::from(info.end);
        push(1, 0);
        push(2, wb);
        push(3, end);
        push(4, u64::from(info.first));
        push(5, tb);
        push(6, end * 16 + wb);
        push(7, end * 8 + tb);
        push(8, u64::from(info.breaks.min(4)));
        push(9, u64::from(info.attributed) * 16 + end);
        push(10, u64::from(info.you.min(3)));
        push(11, u64::from(info.me.min(3)));
        push(12, u64::from(info.noise_words.min(4)));
        push(13, u64::from(info.noise_pairs.min(3)));
        push(14, u64::from(info.credit_pairs.min(3)));
        push(15, u64::from(info.dateline));
        push(16, u64::from(info.quotes.min(3)));
        push(17, u64::from(info.digits.min(12) / 3));
        push(18, wb * 8 + tb);
        push(19, u64::from(info.breaks.min(3)) * 16 + end);
        push(64, open_share * 16 + end);
        push(65, (open_share * 16 + end) * 16 + wb);
        // Topical continuity with the lines before and after.
        let own = slice(content, info.content);
        let bk = back(i);
        let shared_prev = bk.own.0;
        let op = ratio_bucket(shared_prev, own.len());
        let on = ratio_bucket(co.next_count(i, WINDOW), own.len());
        push(20, op);
        push(21, on);
        push(22, op * 8 + on);
        let own_names = slice(names, info.names);
        let ep = count_bucket(bk.own_names);
        let en = count_bucket(no.next_count(i, WINDOW));
        push(23, ep * 8 + en);
        push(24, count_bucket(own_names.len()) * 8 + ep);
        let cb = coh_bucket(i);
        let ca = coh_bucket(i + 1);
        push(25, cb);
        push(26, ca);
        push(27, cb * 16 + ca);
        push(28, cb * 16 + wb);
        push(29, op * 16 + end);
        let (gn, gd) = if i == 0 { (0, 0) } else { gap_names(i) };
        push(35, count_bucket(gn) * 8 + count_bucket(gd));
        push(36, ratio_bucket(gn, gd) * 16 + cb);
        let (bn, bd) = bk.after;
        let (xn, xd) = bk.after_names;
        let bw = ratio_bucket(bn, bd);
        let bx = ratio_bucket(xn, xd);
        push(38, bw);
        push(39, bx * 8 + bw);
        push(61, bw * 16 + wb);
        push(62, bw * 16 + end);
        push(63, bx * 8 + count_bucket(xd));
        // Article-wide continuity: whether the words and names of this line and the next
        // three were used anywhere in the WIDE lines before (an article's whole vocabulary
        // rather than its last few lines), and whether the words of the four lines before
        // recur anywhere in the WIDE lines from this one on. A new article starts where
        // both fall.
        let (wn, wd) = bk.wide;
        let (vn, vd) = bk.wide_names;
        let (rn, rd) = reuse.get(i).copied().unwrap_or_default();
        let wide_here = wides.get(i).copied().unwrap_or(1.0);
        let wide_left = wides
            .get(i.saturating_sub(4)..i)
            .map_or(wide_here, |t| t.iter().fold(wide_here, |m, &x| m.max(x)));
        let wide_right = wides
            .get(i + 1..(i + 5).min(n))
            .map_or(wide_here, |t| t.iter().fold(wide_here, |m, &x| m.max(x)));
        let wide_depth = tile_bucket(((wide_left - wide_here) + (wide_right - wide_here)) / 2.0);
        let wide_low = u64::from(wide_left > wide_here && wide_right > wide_here);
        let ww = ratio_bucket(wn, wd);
        let wv = ratio_bucket(vn, vd);
        let wr = ratio_bucket(rn, rd);
        push(90, ww);
        push(91, wv * 8 + count_bucket(vd));
        push(92, ww * 8 + wr);
        push(93, (ww * 8 + wr) * 16 + end);
        push(94, (ww * 8 + bw) * 8 + wv);
        push(95, (wr * 8 + ww) * 16 + wb.min(12));
        let (an, ad) = if i + 1 >= n { (0, 0) } else { gap_names(i + 1) };
        push(37, ratio_bucket(an, ad) * 8 + ratio_bucket(gn, gd));
        // How much of the line's vocabulary the wider context before and after repeats:
        // a headline's words recur in the lines after it, not in those before.
        let far_prev = bk.own.1;
        let fp = ratio_bucket(far_prev, own.len());
        let fnx = ratio_bucket(co.next_count(i, FAR), own.len());
        // Beside the previous line's ending: a headline that closes with a stop after a
        // line that closes a sentence differs from the body line before it only in where
        // its words recur. (The two shares alone, and the names seen within FAR lines,
        // were features until round 8: without them dev dumps of unseen articles score
        // higher, see the model's README.)
        let pe = i
            .checked_sub(1)
            .and_then(|j| infos.get(j))
            .map_or(15, |p| u64::from(p.end));
        push(
            96,
            (((fp * 8 + fnx) * 16 + end) * 16 + pe) * 4 + wb.min(12) / 4,
        );
        push(
            97,
            (((op * 8 + on) * 16 + end) * 16 + pe) * 4 + wb.min(12) / 4,
        );
        push(98, ((ww * 8 + wr) * 16 + pe) * 4 + wb.min(12) / 4);
        push(99, (wide_depth * 2 + wide_low) * 8 + tile_bucket(wide_here));
        push(
            100,
            (((wide_depth * 2 + wide_low) * 16 + end) * 16 + pe) * 4 + wb.min(12) / 4,
        );
        // The block cohesion across the gap before this line, and how far it dips below
        // the highest cohesion within three gaps on either side.
        let here = tiles.get(i).copied().unwrap_or(1.0);
        let left = tiles
            .get(i.saturating_sub(3)..i)
            .map_or(here, |t| t.iter().fold(here, |m, &x| m.max(x)));
        let right = tiles
            .get(i + 1..(i + 4).min(n))
            .map_or(here, |t| t.iter().fold(here, |m, &x| m.max(x)));
        let depth = (left - here) + (right - here);
        let tb_here = tile_bucket(here);
        let db = tile_bucket(depth / 2.0);
        let lowest = u64::from(left > here && right > here);
        push(80, tb_here);
        push(81, (tb_here * 8 + db) * 2 + lowest);
        push(82, ((db * 2 + lowest) * 16 + end) * 4 + wb.min(12) / 4);
        push(83, (db * 2 + lowest) * 8 + tb);
        // The layout before and after: mean line length of the lines before this one
        // against that of the lines after it.
        let before = mean_words(i.saturating_sub(STYLE), i);
        let after = mean_words(i + 1, i + 1 + STYLE);
        let shift = match (before, after) {
            (b, _) if b <= 0.0 => 7,
            (_, a) if a <= 0.0 => 8,
            (b, a) => match a / b {
                r if r < 0.4 => 0,
                r if r < 0.7 => 1,
                r if r < 1.4 => 2,
                r if r < 2.5 => 3,
                _ => 4,
            },
        };
        push(84, shift);
        push(85, (shift * 16 + end) * 16 + wb.min(12));
        push(86, (shift * 8 + db) * 2 + lowest);
        // Web page marks and capitals.
        let marks = u64::from(info.marks);
        push(73, marks);
        push(74, marks * 16 + end);
        push(
            75,
            ratio_bucket(usize::from(info.upper), usize::from(info.words)) * 16 + wb,
        );
        // The same line printed again right before or after (widgets repeat their prompt).
        let same_prev = i
            .checked_sub(1)
            .and_then(|j| infos.get(j))
            .is_some_and(|p| p.whole == info.whole);
        let same_next = infos.get(i + 1).is_some_and(|x| x.whole == info.whole);
        push(76, u64::from(same_prev) * 2 + u64::from(same_next));
        let prev_marks = i
            .checked_sub(1)
            .and_then(|j| infos.get(j))
            .map_or(32, |p| u64::from(p.marks));
        let next_marks = infos.get(i + 1).map_or(32, |x| u64::from(x.marks));
        push(77, prev_marks * 64 + next_marks);
        // Layout.
        push(30, u64::from(info.blank_before.min(3)) * 4 + style);
        let blank_after = infos.get(i + 1).map_or(9, |x| x.blank_before.min(3));
        push(31, u64::from(blank_after) * 4 + style);
        push(32, u64::from(i == 0) + 2 * u64::from(i + 1 == n));
        let rel = info
            .words
            .saturating_mul(4)
            .checked_div(median)
            .map_or(9, |r| u64::from(r.min(12)));
        push(33, rel);
        let dup = wholes.partition_point(|&w| w < info.whole);
        let dup = wholes.get(dup + 1) == Some(&info.whole);
        push(34, u64::from(dup));
        // The neighbours.
        match i.checked_sub(1).and_then(|j| infos.get(j)) {
            Some(p) => {
                push(40, u64::from(p.end));
                push(41, words_bucket(p.words));
                push(42, u64::from(p.end) * 16 + end);
                push(
                    43,
                    u64::from(p.credit_pairs.min(2)) * 4 + u64::from(p.noise_pairs.min(2)),
                );
                push(44, title_bucket(p) * 8 + tb);
                push(45, words_bucket(p.words) * 16 + wb);
            }
            None => push(40, 99),
        }
        match infos.get(i + 1) {
            Some(x) => {
                push(50, u64::from(x.end));
                push(51, words_bucket(x.words));
                push(52, u64::from(x.dateline));
                push(53, u64::from(x.end) * 16 + end);
                push(54, words_bucket(x.words) * 16 + wb);
                push(55, u64::from(x.first));
                push(56, title_bucket(x) * 8 + tb);
            }
            None => push(50, 99),
        }
        // The shape of the line between its neighbours: final punctuation of the previous
        // line, this one and the next, with this line's length.
        let ne = infos.get(i + 1).map_or(15, |x| u64::from(x.end));
        push(66, (pe * 16 + end) * 16 + ne);
        push(67, ((pe * 16 + end) * 16 + ne) * 16 + wb.min(12));
        push(68, (u64::from(info.attributed) * 16 + end) * 16 + wb);
        if let Some(x) = infos.get(i + 2) {
            push(60, u64::from(x.end) * 16 + words_bucket(x.words));
        }
        if ROUND5_CUES {
            // Headlinese: a headline drops articles and auxiliaries and seldom opens with
            // a function word. Only on lines without the marks of page furniture (ads and
            // prompts read as headlinese too: those get one value of their own), and only
            // on title-length lines: a summary lead of twenty words is a sentence,
            // articles and all.
            let plain =
                info.you == 0 && info.noise_words == 0 && info.noise_pairs == 0 && info.marks == 0;
            let h = u64::from(info.func_first) * 9
                + u64::from(info.articles.min(2)) * 3
                + u64::from(info.finite.min(2));
            let short = info.words <= 16;
            if !plain {
                push(110, 99);
            } else if short {
                push(110, h);
                push(111, h * 16 + wb);
                push(112, (h * 16 + end) * 16 + pe);
                push(113, h * 8 + tb);
            }
            // The line's own words and names against the WIDE lines before (an
            // article's closing line shares them, an ad does not), beside the furniture
            // marks, the next gap's article-wide share and the FAR lines after (a
            // headline's words are new and recur below it).
            let pl = u64::from(plain);
            let ow = ratio_bucket(bk.own_wide, own.len());
            let nw = count_bucket(bk.own_wide_names);
            push(120, (ow * 2 + pl) * 16 + end);
            push(121, ((ow * 6 + nw) * 2 + pl) * 4 + wb.min(12) / 4);
            let next_wide = wides.get(i + 1).copied().unwrap_or(1.0);
            push(122, (ow * 2 + pl) * 8 + tile_bucket(next_wide));
            if plain && short {
                push(123, h * 8 + ow);
            }
            let nn = ratio_bucket(bk.own_wide_names, own_names.len());
            push(124, ((ow * 8 + fnx) * 16 + pe) * 4 + wb.min(12) / 4);
            push(125, (ow * 8 + nn) * 8 + fnx);
        }
        let lex_start = out.ids.len() as u32;
        let mut push = |k: u64, v: u64| out.ids.push(fid(k, v));
        push(lex_kind_base, u64::from(info.first_word));
        push(lex_kind_base + 1, u64::from(info.last_word));
        for &w in own {
            push(lex_kind_base + 2, u64::from(w));
        }
        out.bounds.push((start, lex_start, out.ids.len() as u32));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(s: &str) -> LineInfo {
        let mut c = Vec::new();
        let mut n = Vec::new();
        read_line(s, lexicon(), &mut c, &mut n)
    }

    #[test]
    fn line_facts() {
        let i = info("Troops are advancing along the front, the general has warned");
        assert!(i.attributed);
        assert_eq!(i.end, End::Word as u8);
        let i = info("He said, however, that nothing was settled. Talks resume today.");
        assert!(!i.attributed);
        assert_eq!(i.end, End::Stop as u8);
        assert_eq!(i.breaks, 1);
        let i = info("Sign up for our newsletter and get deals in your inbox!");
        assert!(i.noise_pairs >= 1);
        assert!(i.you >= 1);
        assert!(i.noise_words >= 2);
        let i = info("“We will not give up,” she said.");
        assert_eq!(i.end, End::Stop as u8);
        assert_eq!(i.first, 3);
    }

    #[test]
    fn words_are_hashed_as_read() {
        // Words with letters outside ASCII are hashed as the lexicon hashes them, and
        // their capitals and lower-case letters are counted as for ASCII words.
        let mut c = Vec::new();
        let mut n = Vec::new();
        let line = "Visitors to ZÜRICH and Malmö praised the Café Éclair, 2024 élan";
        let i = read_line(line, lexicon(), &mut c, &mut n);
        assert_eq!(i.words, 11);
        assert_eq!(i.upper, 1, "ZÜRICH is all capitals");
        assert_eq!(i.long_cap, 5, "Visitors, ZÜRICH, Malmö, Café, Éclair");
        assert_eq!(i.digits, 4);
        let mut want: Vec<u32> = [
            "Visitors", "ZÜRICH", "Malmö", "praised", "Café", "Éclair", "élan",
        ]
        .iter()
        .map(|w| super::super::lexicon::word_hash(w))
        .collect();
        want.sort_unstable();
        assert_eq!(
            c, want,
            "content words, without 'the', 'and', 'to' or the year"
        );
        let mut names: Vec<u32> = ["ZÜRICH", "Malmö", "Café", "Éclair"]
            .iter()
            .map(|w| super::super::lexicon::word_hash(w))
            .collect();
        names.sort_unstable();
        assert_eq!(n, names, "capitalised words after the first");
        assert_eq!(i.first_word, super::super::lexicon::word_hash("visitors"));
        assert_eq!(i.last_word, super::super::lexicon::word_hash("élan"));
    }

    #[test]
    fn headlinese_facts() {
        // A headline drops articles and auxiliaries; a sentence keeps them.
        let i = info("Harbour strike halts grain exports");
        assert!(!i.func_first);
        assert_eq!((i.articles, i.finite), (0, 0));
        let i = info("The strike has halted the export of grain, and talks are over.");
        assert!(i.func_first);
        assert_eq!((i.articles, i.finite), (2, 2));
        let i = info("What began as a dispute over wages will end in court");
        assert!(i.func_first);
        assert_eq!((i.articles, i.finite), (1, 1));
    }

    #[test]
    fn web_marks_and_capitals() {
        let i = info(
            "Harbour crane collapse pic.twitter.com/aB3dE — Port Watch (@portwatch) May 2, 2019",
        );
        assert_eq!(i.marks & (MARK_LINK | MARK_AT), MARK_LINK | MARK_AT);
        assert_eq!(i.marks & MARK_FIELD, 0);
        assert_eq!(info("Phone number *").marks, MARK_FIELD);
        assert_eq!(info("#harbour #storm").marks, MARK_HASH);
        assert_eq!(info("The pic was blurry.").marks, 0);
        assert_eq!(info("The MAYOR said NO to it").upper, 2);
    }

    #[test]
    fn block_cohesion_dips_at_a_topic_change() {
        // Eight lines on one topic, then eight on another: the block cohesion features of
        // the first line of the second topic differ from those of its neighbours.
        let mut text = String::new();
        for k in 0..8 {
            text.push_str(&format!(
                "The harbour cranes stopped while dockers argued over wages {k}.\n"
            ));
        }
        for k in 0..8 {
            text.push_str(&format!(
                "Orchard growers picked apples early because frost threatened {k}.\n"
            ));
        }
        let doc = Document::new(text);
        let f = line_features(&doc);
        let tile = |i: usize| {
            f.line(i)
                .iter()
                .copied()
                .find(|&id| (0..8).any(|b| id == fid(80, b)))
        };
        assert_eq!(tile(8), Some(fid(80, 0)));
        assert_eq!(tile(4), Some(fid(80, 6)));
    }

    #[test]
    fn article_wide_continuity_dips_at_a_new_article() {
        // Two articles of ten lines each: the first line of the second sits at the lowest
        // article-wide share of its neighbourhood (kind 99 with the low flag set), a line
        // inside the first article does not.
        let mut text = String::new();
        for k in 0..10 {
            text.push_str(&format!(
                "The harbour cranes stopped while dockers argued over wages {k}.\n"
            ));
        }
        for k in 0..10 {
            text.push_str(&format!(
                "Orchard growers picked apples early because frost threatened {k}.\n"
            ));
        }
        let doc = Document::new(text);
        let f = line_features(&doc);
        let low = |i: usize| {
            f.line(i)
                .iter()
                .any(|&id| (0..7u64).any(|d| (0..7u64).any(|t| id == fid(99, (d * 2 + 1) * 8 + t))))
        };
        assert!(low(10));
        assert!(!low(5));
    }

    #[test]
    fn look_back_counts_match_direct_counts() {
        // The one-walk counts give what counting each block directly gives.
        let mut text = String::new();
        let words = [
            "harbour", "cranes", "wages", "Valmora", "apples", "frost", "Arlen",
        ];
        for k in 0..40usize {
            let a = words[k % 7];
            let b = words[(k * 3 + 1) % 7];
            let c = words[(k * 5 + 2) % 7];
            text.push_str(&format!("The {a} and {b} met {c} near Port {k}.\n"));
        }
        let doc = Document::new(text);
        let (infos, content, names) = line_infos(&doc);
        let co = Occ::new(&infos, &content, false);
        let no = Occ::new(&infos, &names, true);
        let backs = back_counts(&co, &no, infos.len());
        for (i, b) in backs.iter().enumerate() {
            let lo = |w: usize| i.saturating_sub(w);
            assert_eq!(b.tile, co.span_count(i, i + TILE, lo(TILE), i));
            assert_eq!(b.gap, co.span_count(i, i + 2, lo(WINDOW), i));
            assert_eq!(b.wide, co.span_count(i, i + 4, lo(WIDE), i));
            assert_eq!(b.after, co.span_count(i + 1, i + 4, lo(5), i));
            assert_eq!(b.own.1, co.span_count(i, i + 1, lo(FAR), i).0);
            assert_eq!(b.wide_names, no.span_count(i, i + 4, lo(WIDE), i));
            assert_eq!(b.gap_names, no.span_count(i, i + 2, lo(2 * WINDOW), i));
            assert_eq!(b.own_names, no.span_count(i, i + 1, lo(WINDOW), i).0);
            assert_eq!(b.own.0, co.span_count(i, i + 1, lo(WINDOW), i).0);
            assert_eq!(b.after_names, no.span_count(i + 1, i + 4, lo(8), i));
            assert_eq!(b.own_wide, co.span_count(i, i + 1, lo(WIDE), i).0);
            assert_eq!(b.own_wide_names, no.span_count(i, i + 1, lo(WIDE), i).0);
        }
    }

    #[test]
    fn datelines() {
        assert!(dateline("BERLIN — The chancellor met unions on Monday."));
        assert!(dateline("Lagos (Reuters) - Fuel prices rose again."));
        assert!(!dateline("The vote - held on Monday - was close."));
        assert!(!dateline("Prices rose sharply."));
    }

    #[test]
    fn features_have_one_entry_per_line() {
        let doc = Document::new("Title here\n\nFirst paragraph of text.\nSecond one.\n");
        let f = line_features(&doc);
        assert_eq!(f.len(), 3);
        assert!(f.line(0).len() > f.line_structural(0).len());
        assert!(f.line(5).is_empty());
    }
}
