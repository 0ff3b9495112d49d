//! The document model: one immutable text, byte spans into it, and typed layers.
//!
//! Every stage reads and writes layers of a [`Document`]; none of them changes the text.
//! Spans are half-open byte ranges that always lie on `char` boundaries of the text.

use crate::calendar::Date;

/// A half-open byte range `[start, end)` into [`Document::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end`; an inverted range is clamped to be empty.
    #[must_use]
    pub fn new(start: usize, end: usize) -> Span {
        let start = start.min(u32::MAX as usize) as u32;
        let end = (end.min(u32::MAX as usize) as u32).max(start);
        Span { start, end }
    }

    /// Length in bytes.
    #[must_use]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no byte.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// The span as a `usize` range, for slicing.
    #[must_use]
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// True when `other` lies wholly inside `self`.
    #[must_use]
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    #[must_use]
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The text this span covers, or `""` when it does not fit the text.
    #[must_use]
    pub fn text(self, text: &str) -> &str {
        text.get(self.range()).unwrap_or("")
    }
}

/// A value attached to a span of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation<T> {
    /// Where in the text the value was found.
    pub span: Span,
    /// What was found there.
    pub value: T,
}

/// A sequence of annotations kept sorted by span (start, then end).
#[derive(Debug, Clone, PartialEq)]
pub struct Layer<T> {
    items: Vec<Annotation<T>>,
}

impl<T> Default for Layer<T> {
    fn default() -> Self {
        Layer { items: Vec::new() }
    }
}

impl<T> Layer<T> {
    /// Builds a layer, sorting the items by span (stable, so equal spans keep their order).
    #[must_use]
    pub fn from_vec(mut items: Vec<Annotation<T>>) -> Layer<T> {
        items.sort_by_key(|a| (a.span.start, a.span.end));
        Layer { items }
    }

    /// Number of annotations.
    #[must_use]
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when the layer is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The annotations in span order.
    #[must_use]
    pub fn as_slice(&self) -> &[Annotation<T>] {
        &self.items
    }

    /// Iterates over the annotations in span order.
    pub fn iter(&self) -> std::slice::Iter<'_, Annotation<T>> {
        self.items.iter()
    }

    /// The annotation at `index`, if any.
    #[must_use]
    pub fn get(&self, index: usize) -> Option<&Annotation<T>> {
        self.items.get(index)
    }

    /// Mutable access to the values (spans stay fixed so the order holds).
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.items.iter_mut().map(|a| &mut a.value)
    }

    /// The index range of annotations that lie wholly inside `span`.
    #[must_use]
    pub fn within(&self, span: Span) -> std::ops::Range<usize> {
        let lo = self.items.partition_point(|a| a.span.start < span.start);
        let mut hi = lo;
        while hi < self.items.len() && self.items[hi].span.start < span.end {
            hi += 1;
        }
        // Items starting inside but ending outside are excluded from the tail only;
        // layers of non-overlapping items (tokens, sentences) never have such items.
        while hi > lo && self.items[hi - 1].span.end > span.end {
            hi -= 1;
        }
        lo..hi
    }
}

impl<'a, T> IntoIterator for &'a Layer<T> {
    type Item = &'a Annotation<T>;
    type IntoIter = std::slice::Iter<'a, Annotation<T>>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// A non-blank line of the input (a paragraph in one-paragraph-a-line dumps).
///
/// The span excludes the line break, a trailing `\r` and surrounding white space
/// (a byte-order mark counts as white space).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Line {
    /// Index of the line among all lines of the text, blank ones included (0-based).
    pub number: u32,
}

/// What kind of piece of text a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TokenKind {
    /// A word, including hyphenated words, contractions' parts and abbreviations.
    #[default]
    Word,
    /// A number, possibly with separators or a decimal part.
    Number,
    /// Punctuation, including quotation marks and dashes.
    Punct,
    /// A symbol such as a currency sign or `%`.
    Symbol,
}

/// Universal part-of-speech tags (Universal Dependencies v2).
#[allow(missing_docs, reason = "the tag names are the UD standard's own")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    #[default]
    X,
}

impl Upos {
    /// All tags, in a fixed order (the index is the tag's number in trained models).
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    /// The tag as written in CoNLL-U (`NOUN`, `PROPN`, …).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }

    /// Parses a CoNLL-U tag; unknown tags give `None`.
    #[must_use]
    pub fn parse(s: &str) -> Option<Upos> {
        Upos::ALL.iter().copied().find(|t| t.as_str() == s)
    }
}

/// A token of the text. Tokens never overlap and never contain white space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Token {
    /// What kind of token this is.
    pub kind: TokenKind,
    /// Part-of-speech tag, once a tagger has run (`X` before).
    pub upos: Upos,
    /// Index (into the tokens layer) of the syntactic head; `None` for the root or
    /// before a parser has run.
    pub head: Option<u32>,
    /// Dependency relation to the head (universal label index, see [`crate::DEPRELS`]).
    pub deprel: u8,
}

/// A sentence: the tokens `first_token..end_token` of the tokens layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sentence {
    /// Index of the first token.
    pub first_token: u32,
    /// One past the index of the last token.
    pub end_token: u32,
}

/// The genre of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArticleKind {
    /// Straight news reporting.
    News,
    /// A signed opinion piece or column.
    Opinion,
    /// Explanatory long-form analysis.
    Analysis,
}

/// One article found in the input.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Article {
    /// The title line, when the article opens with one.
    pub headline: Option<Span>,
    /// The one-sentence summary (often without a final stop), when there is one.
    pub standfirst: Option<Span>,
    /// Subheadings inside the body.
    pub sections: Vec<Span>,
    /// A note such as "This article was first published in …".
    pub republication_note: Option<Span>,
    /// The genre, when it can be told.
    pub kind: Option<ArticleKind>,
}

/// What kind of text was set aside as noise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoiseKind {
    /// Injected off-topic text: marketing, SEO filler, ads.
    Spam,
    /// Site furniture: cookie and newsletter notices, share prompts, widgets.
    Boilerplate,
}

/// Text that belongs to no article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Noise {
    /// Spam or boilerplate.
    pub kind: NoiseKind,
}

/// The type of a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// A person.
    Person,
    /// An organisation, alliance or bloc.
    Org,
    /// A country, city, region or other geopolitical area.
    Gpe,
    /// A non-political location (mountains, rivers, seas).
    Loc,
    /// Nationalities, religious and political groups (demonyms).
    Norp,
    /// News outlets and platforms.
    Media,
    /// Named events (wars, summits with names).
    Event,
    /// Named laws and treaties.
    Law,
}

impl EntityType {
    /// The label used in readout/1 JSON.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Gpe => "GPE",
            EntityType::Loc => "LOC",
            EntityType::Norp => "NORP",
            EntityType::Media => "MEDIA",
            EntityType::Event => "EVENT",
            EntityType::Law => "LAW",
        }
    }
}

/// Index of an entity in [`Document::entities`].
pub type EntityId = u32;

/// How an entity is mentioned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MentionKind {
    /// By name or acronym ("Sergey Lavrov", "Lavrov", "NABU").
    Name,
    /// By pronoun ("he", "she", "they").
    Pronoun,
    /// By description ("the country's top diplomat").
    Description,
}

/// A mention of an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// The entity mentioned.
    pub entity: EntityId,
    /// Name, pronoun or description.
    pub kind: MentionKind,
}

/// A title, role or affiliation the text gives an entity ("Foreign Minister").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// Where the role is stated.
    pub span: Span,
}

/// One real-world actor of the document, with all its names.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Canonical name that every variant resolves to.
    pub name: String,
    /// Entity type.
    pub kind: EntityType,
    /// Other surface forms found in the text.
    pub aliases: Vec<String>,
    /// Titles, roles and affiliations stated in the text.
    pub roles: Vec<Role>,
}

/// Whether a statement quotes, reports, or mixes both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatementKind {
    /// The content lies wholly inside quotation marks.
    Direct,
    /// No quotation marks in the content.
    Indirect,
    /// Reported speech with quoted fragments.
    Mixed,
}

/// Who made a statement.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Speaker {
    /// The entity, when the speaker is a named (or resolved) actor.
    pub entity: Option<EntityId>,
    /// The mention nearest the cue: a name, pronoun or description.
    pub mention: Option<Span>,
    /// The speaker's name when no entity carries it (the text's fullest form), or several
    /// co-speakers' names joined with `"; "` ("Axios; Financial Times").
    pub name: Option<String>,
}

/// Whether one statement denies or supports another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StanceKind {
    /// Rebuts the target.
    Denies,
    /// Corroborates the target.
    Supports,
}

/// A link from a statement to the statement it denies or supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stance {
    /// Denies or supports.
    pub kind: StanceKind,
    /// Index of the target in [`Document::statements`].
    pub target: u32,
}

/// A reported statement. Its annotation span is the content.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Who said it.
    pub speaker: Speaker,
    /// The reporting verb or phrase ("has said", "according to").
    pub cue: Option<Span>,
    /// Direct, indirect or mixed.
    pub kind: StatementKind,
    /// Where it was said ("on Telegram"), with a short normalised description.
    pub medium: Option<(Span, String)>,
    /// When it was said: index into [`Document::dates`].
    pub time: Option<u32>,
    /// The statement it denies or supports.
    pub stance: Option<Stance>,
}

/// How an amount is qualified ("over", "about", "up to", "at least").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Approx {
    /// "about", "around", "some", "roughly".
    About,
    /// "over", "more than".
    Over,
    /// "at least".
    AtLeast,
    /// "up to", "as much as".
    UpTo,
    /// "under", "less than", "nearly", "almost".
    Under,
}

/// An amount of money.
#[derive(Debug, Clone, PartialEq)]
pub struct Money {
    /// The amount in units of the currency.
    pub amount: f64,
    /// ISO 4217 code (`USD`, `EUR`, `CZK`).
    pub currency: String,
    /// Approximation stated before the amount.
    pub approx: Option<Approx>,
    /// Index (into the money layer) of the amount this one restates in another currency.
    pub equivalent_of: Option<u32>,
}

/// A counted or measured quantity.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The number.
    pub value: f64,
    /// The unit or counted noun ("dossiers", "percent", "years").
    pub unit: String,
}

/// The resolved value of a date expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateValue {
    /// A calendar day.
    Day(Date),
    /// A month of a year.
    Month(i32, u8),
    /// A year.
    Year(i32),
    /// An ISO week of an ISO week-year.
    Week(i32, u8),
    /// A stretch of time from one value to another.
    Interval(Box<DateValue>, Box<DateValue>),
    /// A value that has no ISO form ("20th century (1901/2000)").
    Text(String),
}

impl std::fmt::Display for DateValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateValue::Day(d) => write!(f, "{d}"),
            DateValue::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            DateValue::Year(y) => write!(f, "{y:04}"),
            DateValue::Week(y, w) => write!(f, "{y:04}-W{w:02}"),
            DateValue::Interval(a, b) => write!(f, "{a}/{b}"),
            DateValue::Text(s) => f.write_str(s),
        }
    }
}

/// Whether a date expression names a calendar unit or needs the reference date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateAnchor {
    /// Names a calendar unit ("October 29", "2026").
    Explicit,
    /// Needs the reference date ("Tuesday", "last week").
    Relative,
}

/// A date expression.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMention {
    /// The resolved value; `None` when it could not be resolved.
    pub value: Option<DateValue>,
    /// Explicit or relative.
    pub anchor: DateAnchor,
}

/// Names of the layers a document can hold. Stages declare which they read and write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LayerKind {
    /// Non-blank lines; always present.
    Lines,
    /// Articles and noise.
    Articles,
    /// Tokens.
    Tokens,
    /// Sentences.
    Sentences,
    /// Part-of-speech tags on tokens.
    Pos,
    /// Part-of-speech tags on the first token of each sentence only (the others keep
    /// `X`); every tag is the one [`LayerKind::Pos`] gives that token.
    OpenerPos,
    /// Dependency heads and relations on tokens.
    Deps,
    /// Entities and their mentions.
    Entities,
    /// Reported statements.
    Statements,
    /// Money amounts and quantities.
    Figures,
    /// Date expressions.
    Dates,
}

/// A text and everything found in it.
#[derive(Debug, Clone, Default)]
pub struct Document {
    text: String,
    /// The reference date for resolving relative dates, when known.
    pub published: Option<Date>,
    /// Non-blank lines.
    pub lines: Layer<Line>,
    /// Articles, in text order.
    pub articles: Layer<Article>,
    /// Text set aside as noise.
    pub noise: Layer<Noise>,
    /// Tokens.
    pub tokens: Layer<Token>,
    /// Sentences.
    pub sentences: Layer<Sentence>,
    /// Entities; a [`Mention`] refers to one by index.
    pub entities: Vec<Entity>,
    /// Mentions of entities.
    pub mentions: Layer<Mention>,
    /// Statements; the span of each is its content.
    pub statements: Layer<Statement>,
    /// Amounts of money.
    pub money: Layer<Money>,
    /// Quantities.
    pub quantities: Layer<Quantity>,
    /// Date expressions.
    pub dates: Layer<DateMention>,
}

impl Document {
    /// A document over `text`, with its lines found.
    #[must_use]
    pub fn new(text: impl Into<String>) -> Document {
        let text = text.into();
        let lines = find_lines(&text);
        Document {
            text,
            lines,
            ..Document::default()
        }
    }

    /// The text; it never changes.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text a span covers.
    #[must_use]
    pub fn slice(&self, span: Span) -> &str {
        span.text(&self.text)
    }

    /// Index of the article that contains `span`, if any.
    #[must_use]
    pub fn article_of(&self, span: Span) -> Option<usize> {
        let arts = self.articles.as_slice();
        let i = arts.partition_point(|a| a.span.start <= span.start);
        if i == 0 {
            return None;
        }
        arts[i - 1].span.contains(span).then_some(i - 1)
    }
}

/// True for characters treated as blank at line edges (white space and the BOM).
#[must_use]
pub fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

fn find_lines(text: &str) -> Layer<Line> {
    let mut items = Vec::new();
    let mut number = 0u32;
    let mut start = 0usize;
    for piece in text.split_inclusive('\n') {
        let body = piece.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start_matches(is_blank).len();
        let trimmed = body.trim_matches(is_blank);
        if !trimmed.is_empty() {
            let s = start + lead;
            items.push(Annotation {
                span: Span::new(s, s + trimmed.len()),
                value: Line { number },
            });
        }
        number = number.saturating_add(1);
        start += piece.len();
    }
    Layer::from_vec(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_skip_blanks_bom_and_crlf() {
        let doc = Document::new("\u{feff}Title\r\n\r\n  Body text.  \r\nLast");
        let lines: Vec<&str> = doc.lines.iter().map(|l| doc.slice(l.span)).collect();
        assert_eq!(lines, ["Title", "Body text.", "Last"]);
        let numbers: Vec<u32> = doc.lines.iter().map(|l| l.value.number).collect();
        assert_eq!(numbers, [0, 2, 3]);
    }

    #[test]
    fn within_finds_contained_items() {
        let layer = Layer::from_vec(vec![
            Annotation {
                span: Span::new(10, 12),
                value: 'b',
            },
            Annotation {
                span: Span::new(0, 3),
                value: 'a',
            },
            Annotation {
                span: Span::new(20, 25),
                value: 'c',
            },
        ]);
        assert_eq!(layer.within(Span::new(0, 15)), 0..2);
        assert_eq!(layer.within(Span::new(11, 30)), 2..3);
        assert_eq!(layer.within(Span::new(4, 9)), 1..1);
    }

    #[test]
    fn article_of_finds_the_container() {
        let mut doc = Document::new("aaaa bbbb");
        doc.articles = Layer::from_vec(vec![
            Annotation {
                span: Span::new(0, 4),
                value: Article::default(),
            },
            Annotation {
                span: Span::new(5, 9),
                value: Article::default(),
            },
        ]);
        assert_eq!(doc.article_of(Span::new(6, 8)), Some(1));
        assert_eq!(doc.article_of(Span::new(1, 2)), Some(0));
        assert_eq!(doc.article_of(Span::new(3, 6)), None);
    }
}
