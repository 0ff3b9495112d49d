//! The readout/1 JSON form of an analysed document (see `../shared/eval/FORMAT.md` and
//! `docs/FORMAT.md`). Offsets are converted from bytes to code points here.

use readout_core::{
    Approx, ArticleKind, CharOffsets, DateAnchor, Diagnostics, Document, MentionKind, NoiseKind,
    Severity, Span, StanceKind, StatementKind,
};
use serde_json::{json, Map, Value};

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

impl Ctx<'_> {
    fn char_of(&self, byte: u32) -> u64 {
        u64::from(self.map.char_of(byte)) + self.shift.chars
    }
    fn span(&self, s: Span) -> Value {
        json!({"start": self.char_of(s.start), "end": self.char_of(s.end), "text": self.doc.slice(s)})
    }
    fn opt(&self, s: Option<Span>) -> Value {
        s.map_or(Value::Null, |s| self.span(s))
    }
    fn bare(&self, s: Span) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("start".into(), self.char_of(s.start).into());
        m.insert("end".into(), self.char_of(s.end).into());
        m.insert("text".into(), self.doc.slice(s).into());
        m
    }
    fn entity(&self, local: u32) -> u64 {
        self.shift
            .entities
            .get(local as usize)
            .copied()
            .unwrap_or(u64::from(local))
    }
}

fn entity_ref(i: u64) -> String {
    format!("e{}", i + 1)
}

/// One entity of a document, before it is written: its named mentions and roles as
/// readout/1 values.
#[derive(Debug)]
pub struct EntityPart {
    /// Index in the document's entities.
    pub local: u32,
    /// Canonical name.
    pub name: String,
    /// Type label.
    pub kind: &'static str,
    /// Other names.
    pub aliases: Vec<String>,
    /// Role spans.
    pub roles: Vec<Value>,
    /// Named mentions' spans (an entity without one is not listed in the output).
    pub mentions: Vec<Value>,
}

/// The elements of every list of a readout/1 object for one document (or chunk), in
/// output order.
#[derive(Debug, Default)]
pub struct Parts {
    /// `articles[]`.
    pub articles: Vec<Value>,
    /// `noise[]`.
    pub noise: Vec<Value>,
    /// Every entity of the document, listed or not.
    pub entities: Vec<EntityPart>,
    /// `statements[]`.
    pub statements: Vec<Value>,
    /// `money[]`.
    pub money: Vec<Value>,
    /// `quantities[]`.
    pub quantities: Vec<Value>,
    /// `dates[]`.
    pub dates: Vec<Value>,
    /// `diagnostics[]`.
    pub diagnostics: Vec<Value>,
}

/// The list elements of one document's readout/1 object, with offsets and ids moved by
/// `shift`.
pub fn parts(doc: &Document, diags: &Diagnostics, shift: Shift<'_>) -> Parts {
    let cx = Ctx {
        doc,
        map: CharOffsets::new(doc.text()),
        shift,
    };
    let articles: Vec<Value> = doc
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut m = cx.bare(a.span);
            m.remove("text");
            m.insert("id".into(), (i as u64 + 1 + shift.articles).into());
            m.insert("headline".into(), cx.opt(a.value.headline));
            m.insert("standfirst".into(), cx.opt(a.value.standfirst));
            m.insert(
                "sections".into(),
                a.value.sections.iter().map(|&s| cx.span(s)).collect(),
            );
            m.insert(
                "republication_note".into(),
                cx.opt(a.value.republication_note),
            );
            m.insert(
                "kind".into(),
                match a.value.kind {
                    Some(ArticleKind::News) => "news".into(),
                    Some(ArticleKind::Opinion) => "opinion".into(),
                    Some(ArticleKind::Analysis) => "analysis".into(),
                    None => Value::Null,
                },
            );
            Value::Object(m)
        })
        .collect();
    let noise: Vec<Value> = doc
        .noise
        .iter()
        .map(|n| {
            let mut m = cx.bare(n.span);
            let kind = match n.value.kind {
                NoiseKind::Spam => "spam",
                NoiseKind::Boilerplate => "boilerplate",
            };
            m.insert("kind".into(), kind.into());
            Value::Object(m)
        })
        .collect();
    // Entities: only named mentions are listed; pronouns and descriptions appear as
    // statement speakers' mentions.
    let mut mentions: Vec<Vec<Value>> = vec![Vec::new(); doc.entities.len()];
    for m in &doc.mentions {
        if m.value.kind == MentionKind::Name {
            if let Some(list) = mentions.get_mut(m.value.entity as usize) {
                list.push(cx.span(m.span));
            }
        }
    }
    let entities: Vec<EntityPart> = doc
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
    let statements: Vec<Value> = doc
        .statements
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let st = &s.value;
            let name = st.speaker.name.clone().or_else(|| {
                st.speaker
                    .entity
                    .and_then(|e| doc.entities.get(e as usize))
                    .map(|e| e.name.clone())
            });
            let speaker = json!({
                "name": name,
                "entity": st.speaker.entity.map(|e| entity_ref(cx.entity(e))),
                "mention": cx.opt(st.speaker.mention),
            });
            let medium = st.medium.as_ref().map_or(Value::Null, |(sp, text)| {
                let mut m = cx.bare(*sp);
                m.insert("text".into(), text.clone().into());
                Value::Object(m)
            });
            let time = st
                .time
                .and_then(|d| doc.dates.get(d as usize))
                .map_or(Value::Null, |d| {
                    let mut m = cx.bare(d.span);
                    m.insert(
                        "value".into(),
                        d.value.value.as_ref().map(ToString::to_string).into(),
                    );
                    Value::Object(m)
                });
            let stance = st.stance.map_or(Value::Null, |s| {
                let kind = match s.kind {
                    StanceKind::Denies => "denies",
                    StanceKind::Supports => "supports",
                };
                json!({"kind": kind, "target": format!("s{}", u64::from(s.target) + 1 + shift.statements)})
            });
            let kind = match st.kind {
                StatementKind::Direct => "direct",
                StatementKind::Indirect => "indirect",
                StatementKind::Mixed => "mixed",
            };
            json!({
                "id": format!("s{}", i as u64 + 1 + shift.statements),
                "article": doc.article_of(s.span).map(|a| a as u64 + 1 + shift.articles),
                "speaker": speaker,
                "cue": cx.opt(st.cue),
                "content": cx.span(s.span),
                "type": kind,
                "medium": medium,
                "time": time,
                "stance": stance,
            })
        })
        .collect();
    let money: Vec<Value> = doc
        .money
        .iter()
        .map(|m| {
            let mut o = cx.bare(m.span);
            o.insert("amount".into(), number(m.value.amount));
            o.insert("currency".into(), m.value.currency.clone().into());
            o.insert("approx".into(), m.value.approx.map(approx_str).into());
            o.insert(
                "equivalent_of".into(),
                m.value
                    .equivalent_of
                    .map(|e| u64::from(e) + shift.money)
                    .into(),
            );
            Value::Object(o)
        })
        .collect();
    let quantities: Vec<Value> = doc
        .quantities
        .iter()
        .map(|q| {
            let mut o = cx.bare(q.span);
            o.insert("value".into(), number(q.value.value));
            o.insert("unit".into(), q.value.unit.clone().into());
            Value::Object(o)
        })
        .collect();
    let dates: Vec<Value> = doc
        .dates
        .iter()
        .map(|d| {
            let mut o = cx.bare(d.span);
            o.insert(
                "value".into(),
                d.value.value.as_ref().map(ToString::to_string).into(),
            );
            let anchor = match d.value.anchor {
                DateAnchor::Explicit => "explicit",
                DateAnchor::Relative => "relative",
            };
            o.insert("anchor".into(), anchor.into());
            Value::Object(o)
        })
        .collect();
    let diagnostics: Vec<Value> = diags
        .as_slice()
        .iter()
        .map(|d| {
            let mut o = Map::new();
            o.insert("code".into(), d.code.into());
            let sev = match d.severity {
                Severity::Info => "info",
                Severity::Warning => "warning",
            };
            o.insert("severity".into(), sev.into());
            o.insert("message".into(), d.message.clone().into());
            if let Some(s) = d.span {
                o.insert("start".into(), cx.char_of(s.start).into());
                o.insert("end".into(), cx.char_of(s.end).into());
            }
            Value::Object(o)
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

/// One listed entity as a readout/1 value.
pub fn entity_value(id: u64, e: EntityPart) -> Value {
    json!({
        "id": entity_ref(id),
        "name": e.name,
        "type": e.kind,
        "aliases": e.aliases,
        "roles": e.roles,
        "mentions": e.mentions,
    })
}

/// Renders one document as a readout/1 JSON value.
#[allow(dead_code, reason = "the tests compare the streamed output with it")]
pub fn render(doc: &Document, diags: &Diagnostics, source: &SourceInfo) -> Value {
    let p = parts(doc, diags, Shift::default());
    let chars = u64::from(CharOffsets::new(doc.text()).total());
    let entities: Vec<Value> = p
        .entities
        .into_iter()
        .filter(|e| !e.mentions.is_empty())
        .map(|e| entity_value(u64::from(e.local), e))
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
fn number(x: f64) -> Value {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
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
        assert_eq!(number(135e9), json!(135_000_000_000_i64));
        assert_eq!(number(3.5), json!(3.5));
        assert_eq!(number(f64::NAN), Value::Null);
    }
}
