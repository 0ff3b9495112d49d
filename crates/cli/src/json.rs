//! The readout/1 JSON form of an analysed document (see `../shared/eval/FORMAT.md` and
//! `docs/FORMAT.md`). Offsets are converted from bytes to code points here.

use readout_core::{
    Approx, ArticleKind, CharOffsets, DateAnchor, DateValue, Diagnostics, Document, MentionKind,
    NoiseKind, Severity, Span, StanceKind, StatementKind,
};
use serde::{Serialize, Serializer};
use serde_json::{json, Value};

/// Metadata about where a text came from.
#[derive(Debug, Clone, Default)]
pub struct SourceInfo {
    /// File name (or `-`).
    pub name: String,
    /// SHA-256 of the input bytes.
    pub sha256: String,
    /// Where the text was found online, when known.
    pub url: Option<String>,
    /// Title from metadata, when known.
    pub title: Option<String>,
    /// Whether to give the analysed text as `source.text` (when it is not the input itself:
    /// HTML, feed items, WARC records, JSONL lines).
    pub extracted: bool,
    /// Which record of a multi-document input (`item 3`, `record 12`, `line 7`).
    pub record: Option<String>,
    /// The input format (`html`, `feed`, `warc`, `jsonl`), for extracted texts.
    pub format: Option<&'static str>,
    /// Per paragraph: byte offset in the analysed text → byte offset in the source HTML.
    pub html_map: Vec<(u32, Option<u32>)>,
    /// A feed item that only had a summary, not the full article.
    pub summary_only: bool,
}

/// Where one chunk of a large input sits in the whole: added to the chunk's offsets and
/// ids so that every offset and id of the output refers to the whole input. The default
/// (all zero, no entity map) is a whole document on its own.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shift<'a> {
    /// Code points of the input before the chunk.
    pub chars: u64,
    /// Articles before the chunk.
    pub articles: u64,
    /// Statements before the chunk.
    pub statements: u64,
    /// Money amounts before the chunk.
    pub money: u64,
    /// The whole input's entity index of each of the chunk's entities (empty: the same).
    pub entities: &'a [u64],
}

struct Ctx<'a> {
    doc: &'a Document,
    map: CharOffsets<'a>,
    shift: Shift<'a>,
}

impl<'a> Ctx<'a> {
    fn char_of(&self, byte: u32) -> u64 {
        u64::from(self.map.char_of(byte)) + self.shift.chars
    }
    fn span(&self, s: Span) -> SpanOut<'a> {
        SpanOut {
            end: self.char_of(s.end),
            start: self.char_of(s.start),
            text: self.doc.slice(s),
        }
    }
    fn opt(&self, s: Option<Span>) -> Option<SpanOut<'a>> {
        s.map(|s| self.span(s))
    }
    fn entity(&self, local: u32) -> u64 {
        self.shift
            .entities
            .get(local as usize)
            .copied()
            .unwrap_or(u64::from(local))
    }
}

// The element types below borrow from the document and are serialised straight to the
// output. Their fields are declared in alphabetical order of their keys: that is the
// order in which `serde_json` wrote the maps these types replace (its `preserve_order`
// feature is off), and the tests compare both.

/// A span: code-point offsets and the text they cover.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct SpanOut<'a> {
    end: u64,
    start: u64,
    text: &'a str,
}

/// An id written as a string: a letter and a number (`s12`, `e3`).
#[derive(Debug, Clone, Copy)]
struct Ref(char, u64);

impl Serialize for Ref {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{}{}", self.0, self.1))
    }
}

/// A value written as a string through its `Display` form.
#[derive(Debug, Clone, Copy)]
struct Shown<'a, T>(&'a T);

impl<T: std::fmt::Display> Serialize for Shown<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self.0)
    }
}

/// A number as readout/1 writes it (see [`number`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    /// A whole number.
    Int(i64),
    /// A finite number with a fractional part (or too large for an integer).
    Float(f64),
    /// Not a finite number.
    Null,
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Num::Int(i) => s.serialize_i64(i),
            Num::Float(f) => s.serialize_f64(f),
            Num::Null => s.serialize_unit(),
        }
    }
}

/// An element of `articles[]`.
#[derive(Debug, Serialize)]
pub struct ArticleOut<'a> {
    end: u64,
    headline: Option<SpanOut<'a>>,
    id: u64,
    kind: Option<&'static str>,
    republication_note: Option<SpanOut<'a>>,
    sections: Vec<SpanOut<'a>>,
    standfirst: Option<SpanOut<'a>>,
    start: u64,
}

/// An element of `noise[]`.
#[derive(Debug, Serialize)]
pub struct NoiseOut<'a> {
    end: u64,
    kind: &'static str,
    start: u64,
    text: &'a str,
}

/// A statement's speaker.
#[derive(Debug, Serialize)]
struct SpeakerOut<'a> {
    entity: Option<Ref>,
    mention: Option<SpanOut<'a>>,
    name: Option<&'a str>,
}

/// A statement's stance towards another statement.
#[derive(Debug, Serialize)]
struct StanceOut {
    kind: &'static str,
    target: Ref,
}

/// A statement's time: the date expression and its value.
#[derive(Debug, Serialize)]
struct TimeOut<'a> {
    end: u64,
    start: u64,
    text: &'a str,
    value: Option<Shown<'a, DateValue>>,
}

/// An element of `statements[]`.
#[derive(Debug, Serialize)]
pub struct StatementOut<'a> {
    article: Option<u64>,
    content: SpanOut<'a>,
    cue: Option<SpanOut<'a>>,
    id: Ref,
    /// The medium's span with its normalised description as the text.
    medium: Option<SpanOut<'a>>,
    speaker: SpeakerOut<'a>,
    stance: Option<StanceOut>,
    time: Option<TimeOut<'a>>,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// An element of `money[]`.
#[derive(Debug, Serialize)]
pub struct MoneyOut<'a> {
    amount: Num,
    approx: Option<&'static str>,
    currency: &'a str,
    end: u64,
    equivalent_of: Option<u64>,
    start: u64,
    text: &'a str,
}

/// An element of `quantities[]`.
#[derive(Debug, Serialize)]
pub struct QuantityOut<'a> {
    end: u64,
    start: u64,
    text: &'a str,
    unit: &'a str,
    value: Num,
}

/// An element of `dates[]`.
#[derive(Debug, Serialize)]
pub struct DateOut<'a> {
    anchor: &'static str,
    end: u64,
    start: u64,
    text: &'a str,
    value: Option<Shown<'a, DateValue>>,
}

/// An element of `diagnostics[]` (`start` and `end` only when it has a span).
#[derive(Debug, Serialize)]
pub struct DiagnosticOut<'a> {
    code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<u64>,
    message: &'a str,
    severity: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<u64>,
}

/// One entity of a document, before it is written: its named mentions and roles as
/// readout/1 spans.
#[derive(Debug)]
pub struct EntityPart<'a> {
    /// Index in the document's entities.
    pub local: u32,
    /// Canonical name.
    pub name: String,
    /// Type label.
    pub kind: &'static str,
    /// Other names.
    pub aliases: Vec<String>,
    /// Role spans.
    pub roles: Vec<SpanOut<'a>>,
    /// Named mentions' spans (an entity without one is not listed in the output).
    pub mentions: Vec<SpanOut<'a>>,
}

/// The elements of every list of a readout/1 object for one document (or chunk), in
/// output order.
#[derive(Debug, Default)]
pub struct Parts<'a> {
    /// `articles[]`.
    pub articles: Vec<ArticleOut<'a>>,
    /// `noise[]`.
    pub noise: Vec<NoiseOut<'a>>,
    /// Every entity of the document, listed or not.
    pub entities: Vec<EntityPart<'a>>,
    /// `statements[]`.
    pub statements: Vec<StatementOut<'a>>,
    /// `money[]`.
    pub money: Vec<MoneyOut<'a>>,
    /// `quantities[]`.
    pub quantities: Vec<QuantityOut<'a>>,
    /// `dates[]`.
    pub dates: Vec<DateOut<'a>>,
    /// `diagnostics[]`.
    pub diagnostics: Vec<DiagnosticOut<'a>>,
}

/// The list elements of one document's readout/1 object, with offsets and ids moved by
/// `shift`.
pub fn parts<'a>(doc: &'a Document, diags: &'a Diagnostics, shift: Shift<'a>) -> Parts<'a> {
    let cx = Ctx {
        doc,
        map: CharOffsets::new(doc.text()),
        shift,
    };
    let articles = doc
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| ArticleOut {
            end: cx.char_of(a.span.end),
            headline: cx.opt(a.value.headline),
            id: i as u64 + 1 + shift.articles,
            kind: a.value.kind.map(|k| match k {
                ArticleKind::News => "news",
                ArticleKind::Opinion => "opinion",
                ArticleKind::Analysis => "analysis",
            }),
            republication_note: cx.opt(a.value.republication_note),
            sections: a.value.sections.iter().map(|&s| cx.span(s)).collect(),
            standfirst: cx.opt(a.value.standfirst),
            start: cx.char_of(a.span.start),
        })
        .collect();
    let noise = doc
        .noise
        .iter()
        .map(|n| NoiseOut {
            end: cx.char_of(n.span.end),
            kind: match n.value.kind {
                NoiseKind::Spam => "spam",
                NoiseKind::Boilerplate => "boilerplate",
            },
            start: cx.char_of(n.span.start),
            text: doc.slice(n.span),
        })
        .collect();
    // Entities: only named mentions are listed; pronouns and descriptions appear as
    // statement speakers' mentions.
    let mut mentions: Vec<Vec<SpanOut<'a>>> = vec![Vec::new(); doc.entities.len()];
    for m in &doc.mentions {
        if m.value.kind == MentionKind::Name {
            if let Some(list) = mentions.get_mut(m.value.entity as usize) {
                list.push(cx.span(m.span));
            }
        }
    }
    let entities: Vec<EntityPart<'a>> = doc
        .entities
        .iter()
        .zip(mentions)
        .enumerate()
        .map(|(i, (e, ms))| EntityPart {
            local: i as u32,
            name: e.name.clone(),
            kind: e.kind.as_str(),
            aliases: e.aliases.clone(),
            roles: e.roles.iter().map(|r| cx.span(r.span)).collect(),
            mentions: ms,
        })
        .collect();
    let statements = doc
        .statements
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let st = &s.value;
            let name = st.speaker.name.as_deref().or_else(|| {
                st.speaker
                    .entity
                    .and_then(|e| doc.entities.get(e as usize))
                    .map(|e| e.name.as_str())
            });
            StatementOut {
                article: doc
                    .article_of(s.span)
                    .map(|a| a as u64 + 1 + shift.articles),
                content: cx.span(s.span),
                cue: cx.opt(st.cue),
                id: Ref('s', i as u64 + 1 + shift.statements),
                medium: st.medium.as_ref().map(|(sp, text)| SpanOut {
                    end: cx.char_of(sp.end),
                    start: cx.char_of(sp.start),
                    text: text.as_str(),
                }),
                speaker: SpeakerOut {
                    entity: st.speaker.entity.map(|e| Ref('e', cx.entity(e) + 1)),
                    mention: cx.opt(st.speaker.mention),
                    name,
                },
                stance: st.stance.map(|s| StanceOut {
                    kind: match s.kind {
                        StanceKind::Denies => "denies",
                        StanceKind::Supports => "supports",
                    },
                    target: Ref('s', u64::from(s.target) + 1 + shift.statements),
                }),
                time: st
                    .time
                    .and_then(|d| doc.dates.get(d as usize))
                    .map(|d| TimeOut {
                        end: cx.char_of(d.span.end),
                        start: cx.char_of(d.span.start),
                        text: doc.slice(d.span),
                        value: d.value.value.as_ref().map(Shown),
                    }),
                kind: match st.kind {
                    StatementKind::Direct => "direct",
                    StatementKind::Indirect => "indirect",
                    StatementKind::Mixed => "mixed",
                },
            }
        })
        .collect();
    let money = doc
        .money
        .iter()
        .map(|m| MoneyOut {
            amount: number(m.value.amount),
            approx: m.value.approx.map(approx_str),
            currency: m.value.currency.as_str(),
            end: cx.char_of(m.span.end),
            equivalent_of: m.value.equivalent_of.map(|e| u64::from(e) + shift.money),
            start: cx.char_of(m.span.start),
            text: doc.slice(m.span),
        })
        .collect();
    let quantities = doc
        .quantities
        .iter()
        .map(|q| QuantityOut {
            end: cx.char_of(q.span.end),
            start: cx.char_of(q.span.start),
            text: doc.slice(q.span),
            unit: q.value.unit.as_str(),
            value: number(q.value.value),
        })
        .collect();
    let dates = doc
        .dates
        .iter()
        .map(|d| DateOut {
            anchor: match d.value.anchor {
                DateAnchor::Explicit => "explicit",
                DateAnchor::Relative => "relative",
            },
            end: cx.char_of(d.span.end),
            start: cx.char_of(d.span.start),
            text: doc.slice(d.span),
            value: d.value.value.as_ref().map(Shown),
        })
        .collect();
    let diagnostics = diags
        .as_slice()
        .iter()
        .map(|d| DiagnosticOut {
            code: d.code,
            end: d.span.map(|s| cx.char_of(s.end)),
            message: d.message.as_str(),
            severity: match d.severity {
                Severity::Info => "info",
                Severity::Warning => "warning",
            },
            start: d.span.map(|s| cx.char_of(s.start)),
        })
        .collect();
    Parts {
        articles,
        noise,
        entities,
        statements,
        money,
        quantities,
        dates,
        diagnostics,
    }
}

/// The `source` object. `doc` is the whole analysed document when there is one (it gives
/// the text and paragraph map of extracted inputs); a streamed input passes `None`.
pub fn source_value(
    source: &SourceInfo,
    chars: u64,
    published: Option<readout_core::Date>,
    doc: Option<&Document>,
) -> Value {
    let mut src = json!({
        "name": source.name,
        "sha256": source.sha256,
        "chars": chars,
        "url": source.url,
        "title": source.title,
        "published": published.map(|d| d.to_string()),
    });
    if let (true, Some(doc)) = (source.extracted, doc) {
        let map = CharOffsets::new(doc.text());
        src["text"] = doc.text().into();
        src["format"] = source.format.into();
        if let Some(r) = &source.record {
            src["record"] = r.as_str().into();
        }
        if source.summary_only {
            src["summary_only"] = true.into();
        }
        if !source.html_map.is_empty() {
            // Each pair: code-point offset of a paragraph in `text`, byte offset in the HTML.
            src["html_map"] = source
                .html_map
                .iter()
                .map(|&(t, h)| json!([map.char_of(t), h]))
                .collect();
        }
    }
    src
}

/// Renders one document as a readout/1 JSON value (a tree of maps, whose keys
/// `serde_json` keeps in alphabetical order).
#[allow(dead_code, reason = "the tests compare the streamed output with it")]
pub fn render(doc: &Document, diags: &Diagnostics, source: &SourceInfo) -> Value {
    let p = parts(doc, diags, Shift::default());
    let chars = u64::from(CharOffsets::new(doc.text()).total());
    let entities: Vec<Value> = p
        .entities
        .into_iter()
        .filter(|e| !e.mentions.is_empty())
        .map(|e| {
            json!({
                "id": format!("e{}", e.local + 1),
                "name": e.name,
                "type": e.kind,
                "aliases": e.aliases,
                "roles": e.roles,
                "mentions": e.mentions,
            })
        })
        .collect();
    json!({
        "format": "readout/1",
        "source": source_value(source, chars, doc.published, Some(doc)),
        "articles": p.articles,
        "noise": p.noise,
        "entities": entities,
        "statements": p.statements,
        "money": p.money,
        "quantities": p.quantities,
        "dates": p.dates,
        "diagnostics": p.diagnostics,
    })
}

fn approx_str(a: Approx) -> &'static str {
    match a {
        Approx::About => "about",
        Approx::Over => "over",
        Approx::AtLeast => "at_least",
        Approx::UpTo => "up_to",
        Approx::Under => "under",
    }
}

/// Whole numbers are written without a fractional part.
fn number(x: f64) -> Num {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 9.0e15 {
        Num::Int(x as i64)
    } else if x.is_finite() {
        Num::Float(x)
    } else {
        Num::Null
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use readout_core::{analyze, Options};

    #[test]
    fn offsets_are_code_points_and_every_field_is_present() {
        let text = "\u{feff}Ceasefire “talks” stall, minister says\nThe minister said on Monday that talks had stalled.\n";
        let (doc, diags) = analyze(text, &Options::default());
        let v = render(
            &doc,
            &diags,
            &SourceInfo {
                name: "t.txt".into(),
                ..SourceInfo::default()
            },
        );
        for key in [
            "format",
            "source",
            "articles",
            "noise",
            "entities",
            "statements",
            "money",
            "quantities",
            "dates",
        ] {
            assert!(v.get(key).is_some(), "missing {key}");
        }
        assert_eq!(v["source"]["chars"], text.chars().count());
        let a = &v["articles"][0];
        let chars: Vec<char> = text.chars().collect();
        let (s, e) = (
            a["start"].as_u64().unwrap() as usize,
            a["end"].as_u64().unwrap() as usize,
        );
        // The BOM is one code point before the article.
        assert_eq!(s, 1);
        assert_eq!(
            chars[s..e].iter().collect::<String>(),
            text.trim_matches(readout_core::is_blank)
        );
    }

    /// Every object with `start`, `end` and `text` (except a medium, whose text is a
    /// normalised description) must give back its text from the code-point offsets.
    fn check_offsets(v: &Value, chars: &[char], key: &str) -> usize {
        let mut n = 0;
        match v {
            Value::Object(m) => {
                if let (Some(s), Some(e), Some(t)) = (m.get("start"), m.get("end"), m.get("text")) {
                    if key != "medium" {
                        let (s, e) = (s.as_u64().unwrap() as usize, e.as_u64().unwrap() as usize);
                        assert!(
                            s <= e && e <= chars.len(),
                            "{key}: {s}..{e} outside the text"
                        );
                        assert_eq!(
                            chars[s..e].iter().collect::<String>(),
                            t.as_str().unwrap(),
                            "{key}"
                        );
                        n += 1;
                    }
                }
                for (k, x) in m {
                    n += check_offsets(x, chars, k);
                }
            }
            Value::Array(a) => {
                n += a
                    .iter()
                    .map(|x| check_offsets(x, chars, key))
                    .sum::<usize>()
            }
            _ => {}
        }
        n
    }

    proptest::proptest! {
        #[test]
        fn json_offsets_round_trip(text in "(\\PC|\r\n|\n|“|”|€|\u{feff}){0,300}") {
            let (doc, diags) = analyze(&text, &Options::default());
            let v = render(&doc, &diags, &SourceInfo::default());
            let chars: Vec<char> = text.chars().collect();
            check_offsets(&v, &chars, "");
        }
    }

    #[test]
    fn fixture_offsets_round_trip() {
        let text = include_str!("../../../fixtures/dump.txt");
        let (doc, diags) = analyze(text, &Options::default());
        let v = render(&doc, &diags, &SourceInfo::default());
        let chars: Vec<char> = text.chars().collect();
        assert!(check_offsets(&v, &chars, "") > 0);
    }

    #[test]
    fn numbers_render_plainly() {
        let text = |x: f64| serde_json::to_string(&number(x)).unwrap();
        assert_eq!(text(135e9), "135000000000");
        assert_eq!(text(-2.0), "-2");
        assert_eq!(text(3.5), "3.5");
        assert_eq!(text(1e16), "1e+16");
        // Other numbers are written as a `serde_json::Value` number writes them.
        for x in [1e16, 0.1, -7.25, 1.5e-9, 123_456.789] {
            assert_eq!(text(x), serde_json::to_string(&json!(x)).unwrap());
        }
        assert_eq!(text(f64::NAN), "null");
        assert_eq!(text(f64::INFINITY), "null");
    }
}
