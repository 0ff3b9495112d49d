//! Writing analysed documents: one transaction per batch, full-text index included.

use std::collections::HashMap;

use readout_core::{
    Approx, ArticleKind, CharOffsets, DateAnchor, DateValue, Document, MentionKind, NoiseKind,
    Span, StanceKind, StatementKind,
};
use rusqlite::{params, OptionalExtension, Transaction};

use crate::{link, Result, Store};

/// A document to store: the analysed text and where it came from.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// Where the text came from (a file name, or `file.jsonl:LINE`).
    pub source: String,
    /// SHA-256 (hex) of the input: the key that makes ingest idempotent.
    pub sha256: String,
    /// Where the text was found online, when known.
    pub url: Option<String>,
    /// The analysed document (its `published` date is stored too).
    pub doc: Document,
}

impl NewDocument {
    /// A document with no URL.
    #[must_use]
    pub fn new(source: impl Into<String>, sha256: impl Into<String>, doc: Document) -> Self {
        NewDocument {
            source: source.into(),
            sha256: sha256.into(),
            url: None,
            doc,
        }
    }
}

/// What [`Batch::add`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// False when a document with the same hash was already stored (nothing written).
    pub inserted: bool,
    /// The document's id in the store (0 when not inserted).
    pub doc_id: i64,
    /// Articles written.
    pub articles: usize,
    /// Statements written.
    pub statements: usize,
}

/// An open write transaction. Dropping it without [`Batch::commit`] rolls it back.
#[derive(Debug)]
pub struct Batch<'a> {
    tx: Transaction<'a>,
    links: &'a mut link::Links,
    /// Mentions and documents to add to each entity's counters, written at commit (one
    /// update per entity and batch rather than per entity and document).
    counts: HashMap<i64, (i64, i64)>,
    dirty: &'a mut bool,
    #[cfg(feature = "tantivy")]
    tantivy: Option<&'a mut crate::tantivy_index::TantivyIndex>,
}

impl Store {
    /// Starts a write transaction.
    pub fn begin(&mut self) -> Result<Batch<'_>> {
        if self.dirty {
            // The last batch was rolled back: the cache may name entities that were not
            // committed.
            self.links.clear();
            #[cfg(feature = "tantivy")]
            if let Some(t) = self.tantivy.as_mut() {
                t.rollback()?;
            }
        }
        self.links.start_batch();
        self.dirty = true;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        Ok(Batch {
            tx,
            links: &mut self.links,
            counts: HashMap::new(),
            dirty: &mut self.dirty,
            #[cfg(feature = "tantivy")]
            tantivy: self.tantivy.as_mut(),
        })
    }
}

/// The key that makes entities canonical across the corpus: the name lower-cased,
/// with curly apostrophes made straight, runs of white space made one space, and
/// punctuation at both ends removed. Together with the type it identifies an entity.
#[must_use]
pub fn normalise_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        let c = match c {
            '\u{2019}' | '\u{2018}' | '`' => '\'',
            '\u{2010}'..='\u{2014}' => '-',
            c => c,
        };
        out.extend(c.to_lowercase());
    }
    let trimmed = out.trim_matches(|c: char| !c.is_alphanumeric());
    if trimmed.len() == out.len() {
        out
    } else {
        trimmed.to_string()
    }
}

fn first_day(v: &DateValue) -> Option<String> {
    match v {
        DateValue::Day(d) => Some(d.to_string()),
        DateValue::Month(y, m) => Some(format!("{y:04}-{m:02}-01")),
        DateValue::Year(y) => Some(format!("{y:04}-01-01")),
        DateValue::Week(y, w) => {
            let jan4 = readout_core::Date::from_ymd(*y, 1, 4)?;
            let monday =
                jan4.add_days(-i64::from(jan4.weekday().index()) + (i64::from(*w) - 1).max(0) * 7)?;
            Some(monday.to_string())
        }
        DateValue::Interval(a, _) => first_day(a),
        DateValue::Text(_) => None,
    }
}

/// A `YYYY-MM-DD` day as the `YYYYMMDD` integer the store keeps (years 0–9999 only;
/// other days are not stored as days).
fn day_number(day: &str) -> Option<i64> {
    let b = day.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| day.get(r).and_then(|t| t.parse::<i64>().ok());
    Some(num(0..4)? * 10_000 + num(5..7)? * 100 + num(8..10)?)
}

fn article_kind(k: ArticleKind) -> &'static str {
    match k {
        ArticleKind::News => "news",
        ArticleKind::Opinion => "opinion",
        ArticleKind::Analysis => "analysis",
    }
}

fn mention_kind(k: MentionKind) -> i64 {
    match k {
        MentionKind::Name => 0,
        MentionKind::Pronoun => 1,
        MentionKind::Description => 2,
    }
}

fn statement_kind(k: StatementKind) -> i64 {
    match k {
        StatementKind::Direct => 0,
        StatementKind::Indirect => 1,
        StatementKind::Mixed => 2,
    }
}

fn approx(a: Approx) -> &'static str {
    match a {
        Approx::About => "about",
        Approx::Over => "over",
        Approx::AtLeast => "at_least",
        Approx::UpTo => "up_to",
        Approx::Under => "under",
    }
}

impl Batch<'_> {
    /// Commits every document added since [`Store::begin`].
    pub fn commit(self) -> Result<()> {
        if !self.counts.is_empty() {
            let mut upd = self.tx.prepare_cached(
                "UPDATE entities SET mentions = mentions + ?2, documents = documents + ?3
                 WHERE id = ?1",
            )?;
            let mut counts: Vec<_> = self.counts.iter().collect();
            counts.sort_unstable();
            for (id, (mentions, documents)) in counts {
                upd.execute(params![id, mentions, documents])?;
            }
        }
        self.tx.commit()?;
        // The tantivy index follows SQLite: what it misses after a crash here is
        // re-indexed from SQLite when the store is next opened.
        #[cfg(feature = "tantivy")]
        if let Some(t) = self.tantivy {
            t.commit()?;
        }
        *self.dirty = false;
        Ok(())
    }

    /// Adds one document with all its layers. A document whose hash is already stored
    /// is skipped (`inserted` is false).
    pub fn add(&mut self, nd: &NewDocument) -> Result<Written> {
        let doc = &nd.doc;
        let text = doc.text();
        let map = CharOffsets::new(text);
        let ch = |s: Span| {
            (
                i64::from(map.char_of(s.start)),
                i64::from(map.char_of(s.end)),
            )
        };
        let tx = &self.tx;
        let published = doc.published.map(|d| d.to_string());
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let inserted = tx
            .prepare_cached(
                "INSERT INTO document_rows(sha256, source, url, published, ingested_at, bytes,
                     chars, packed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(sha256) DO NOTHING",
            )?
            .execute(params![
                nd.sha256,
                nd.source,
                nd.url,
                published,
                now,
                text.len() as i64,
                i64::from(map.char_of(text.len() as u32)),
                crate::pack_reusing(text)
            ])?;
        if inserted == 0 {
            return Ok(Written::default());
        }
        let doc_id = tx.last_insert_rowid();

        // Articles. A text in which segmentation found no article is stored as one
        // article over its non-blank extent, so that every document is searchable.
        let mut spans: Vec<(Span, Option<&readout_core::Article>)> = doc
            .articles
            .iter()
            .map(|a| (a.span, Some(&a.value)))
            .collect();
        if spans.is_empty() {
            let lines = doc.lines.as_slice();
            let span = match (lines.first(), lines.last()) {
                (Some(f), Some(l)) => Span::new(f.span.start as usize, l.span.end as usize),
                _ => Span::new(0, text.len()),
            };
            spans.push((span, None));
        }
        let mut article_ids = Vec::with_capacity(spans.len());
        {
            let mut ins = tx.prepare_cached(
                "INSERT INTO articles(doc_id, ord, start, end, headline, standfirst, kind)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut fts =
                tx.prepare_cached("INSERT INTO articles_fts(rowid, body) VALUES (?1, ?2)")?;
            for (i, (span, art)) in spans.iter().enumerate() {
                let (s, e) = ch(*span);
                let headline = art.and_then(|a| a.headline).map(|h| doc.slice(h));
                let standfirst = art.and_then(|a| a.standfirst).map(|h| doc.slice(h));
                let kind = art.and_then(|a| a.kind).map(article_kind);
                ins.execute(params![doc_id, i as i64, s, e, headline, standfirst, kind])?;
                let id = tx.last_insert_rowid();
                fts.execute(params![id, doc.slice(*span)])?;
                #[cfg(feature = "tantivy")]
                if let Some(t) = self.tantivy.as_mut() {
                    t.add(id, doc.slice(*span))?;
                }
                article_ids.push(id);
            }
        }
        let synthetic = doc.articles.is_empty();
        let article_of = |span: Span| -> Option<i64> {
            if synthetic {
                return spans
                    .first()
                    .filter(|(s, _)| s.contains(span))
                    .and(article_ids.first().copied());
            }
            doc.article_of(span)
                .and_then(|i| article_ids.get(i).copied())
        };

        if !doc.noise.is_empty() {
            let mut ins = tx.prepare_cached(
                "INSERT INTO noise(doc_id, start, end, kind) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for n in &doc.noise {
                let (s, e) = ch(n.span);
                let kind = match n.value.kind {
                    NoiseKind::Spam => "spam",
                    NoiseKind::Boilerplate => "boilerplate",
                };
                ins.execute(params![doc_id, s, e, kind])?;
            }
        }

        // Entities, canonical across the corpus (see link.rs).
        let entity_ids = self.links.resolve(tx, &mut self.counts, &doc.entities)?;
        for (ent, &id) in doc.entities.iter().zip(&entity_ids) {
            if !ent.roles.is_empty() {
                let mut ins = tx.prepare_cached(
                    "INSERT INTO role_rows(entity_id, doc_id, start, end) VALUES (?1, ?2, ?3, ?4)",
                )?;
                for r in &ent.roles {
                    let (s, e) = ch(r.span);
                    ins.execute(params![id, doc_id, s, e])?;
                }
            }
        }
        let mut mention_counts: HashMap<i64, i64> = HashMap::new();
        for &id in &entity_ids {
            mention_counts.entry(id).or_insert(0);
        }
        if !doc.mentions.is_empty() {
            let mut ins = tx.prepare_cached(
                "INSERT OR IGNORE INTO mention_rows(doc_id, article_id, entity_id, start, end, kind)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for m in &doc.mentions {
                let Some(&eid) = entity_ids.get(m.value.entity as usize) else {
                    continue;
                };
                let (s, e) = ch(m.span);
                let added = ins.execute(params![
                    doc_id,
                    article_of(m.span),
                    eid,
                    s,
                    e,
                    mention_kind(m.value.kind),
                ])?;
                // The same span given twice for one entity is one mention.
                *mention_counts.entry(eid).or_insert(0) += added as i64;
            }
        }
        for (id, n) in mention_counts {
            let c = self.counts.entry(id).or_insert((0, 0));
            c.0 += n;
            c.1 += 1;
        }

        // Dates.
        let mut date_ids = Vec::with_capacity(doc.dates.len());
        let mut date_days = Vec::with_capacity(doc.dates.len());
        if !doc.dates.is_empty() {
            let mut ins = tx.prepare_cached(
                "INSERT INTO date_rows(doc_id, article_id, start, end, value, anchor, first_day)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for d in &doc.dates {
                let (s, e) = ch(d.span);
                let day = d
                    .value
                    .value
                    .as_ref()
                    .and_then(first_day)
                    .and_then(|t| day_number(&t));
                let anchor = match d.value.anchor {
                    DateAnchor::Explicit => 0,
                    DateAnchor::Relative => 1,
                };
                ins.execute(params![
                    doc_id,
                    article_of(d.span),
                    s,
                    e,
                    d.value.value.as_ref().map(ToString::to_string),
                    anchor,
                    day
                ])?;
                date_ids.push(tx.last_insert_rowid());
                date_days.push(day);
            }
        }

        // Statements.
        let mut statement_ids = Vec::with_capacity(doc.statements.len());
        if !doc.statements.is_empty() {
            let mut ins = tx.prepare_cached(
                "INSERT INTO statement_rows(doc_id, article_id, start, end, kind, speaker_id,
                     speaker_start, speaker_end, speaker_name, cue_start, cue_end, medium,
                     medium_start, medium_end, date_id, said_day, stance)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                     ?16, ?17)",
            )?;
            let mut fts =
                tx.prepare_cached("INSERT INTO statements_fts(rowid, content) VALUES (?1, ?2)")?;
            let mut about = tx.prepare_cached(
                "INSERT OR IGNORE INTO statement_about(statement_id, entity_id) VALUES (?1, ?2)",
            )?;
            for st in &doc.statements {
                let v = &st.value;
                let (s, e) = ch(st.span);
                let speaker_id = v
                    .speaker
                    .entity
                    .and_then(|i| entity_ids.get(i as usize).copied());
                // A name the statement stage gives without an entity (joined co-speakers,
                // an unlisted fullest form) wins over the mention's words.
                let (speaker_span, speaker_name) =
                    match (&v.speaker.name, v.speaker.mention, v.speaker.entity) {
                        (Some(n), _, None) => (None, Some(n.as_str())),
                        (_, Some(m), _) => (Some(ch(m)), None),
                        (_, None, Some(i)) => {
                            (None, doc.entities.get(i as usize).map(|e| e.name.as_str()))
                        }
                        (_, None, None) => (None, None),
                    };
                let cue = v.cue.map(ch);
                let medium = v.medium.as_ref().map(|m| ch(m.0));
                let date_id = v.time.and_then(|i| date_ids.get(i as usize).copied());
                let said_on = v
                    .time
                    .and_then(|i| date_days.get(i as usize).cloned().flatten())
                    .or_else(|| published.as_deref().and_then(day_number));
                let stance = v.stance.map(|s| match s.kind {
                    StanceKind::Denies => 0,
                    StanceKind::Supports => 1,
                });
                let content = doc.slice(st.span);
                ins.execute(params![
                    doc_id,
                    article_of(st.span),
                    s,
                    e,
                    statement_kind(v.kind),
                    speaker_id,
                    speaker_span.map(|s| s.0),
                    speaker_span.map(|s| s.1),
                    speaker_name,
                    cue.map(|c| c.0),
                    cue.map(|c| c.1),
                    v.medium.as_ref().map(|m| m.1.as_str()),
                    medium.map(|m| m.0),
                    medium.map(|m| m.1),
                    date_id,
                    said_on,
                    stance
                ])?;
                let id = tx.last_insert_rowid();
                fts.execute(params![id, content])?;
                for m in &doc.mentions.as_slice()[doc.mentions.within(st.span)] {
                    if let Some(&eid) = entity_ids.get(m.value.entity as usize) {
                        if Some(eid) != speaker_id {
                            about.execute(params![id, eid])?;
                        }
                    }
                }
                statement_ids.push(id);
            }
            let mut upd =
                tx.prepare_cached("UPDATE statement_rows SET stance_target = ?2 WHERE id = ?1")?;
            for (st, id) in doc.statements.iter().zip(&statement_ids) {
                if let Some(target) = st
                    .value
                    .stance
                    .and_then(|s| statement_ids.get(s.target as usize))
                {
                    upd.execute(params![id, target])?;
                }
            }
        }

        // Figures.
        if !doc.money.is_empty() {
            let mut ins = tx.prepare_cached(
                "INSERT INTO money_rows(doc_id, article_id, start, end, amount, currency, approx)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut ids = Vec::with_capacity(doc.money.len());
            for m in &doc.money {
                let (s, e) = ch(m.span);
                ins.execute(params![
                    doc_id,
                    article_of(m.span),
                    s,
                    e,
                    m.value.amount,
                    m.value.currency,
                    m.value.approx.map(approx)
                ])?;
                ids.push(tx.last_insert_rowid());
            }
            let mut upd =
                tx.prepare_cached("UPDATE money_rows SET equivalent_of = ?2 WHERE id = ?1")?;
            for (m, id) in doc.money.iter().zip(&ids) {
                if let Some(t) = m.value.equivalent_of.and_then(|t| ids.get(t as usize)) {
                    upd.execute(params![id, t])?;
                }
            }
        }
        if !doc.quantities.is_empty() {
            let mut ins = tx.prepare_cached(
                "INSERT INTO quantity_rows(doc_id, article_id, start, end, value, unit)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for q in &doc.quantities {
                let (s, e) = ch(q.span);
                ins.execute(params![
                    doc_id,
                    article_of(q.span),
                    s,
                    e,
                    q.value.value,
                    q.value.unit
                ])?;
            }
        }
        Ok(Written {
            inserted: true,
            doc_id,
            articles: article_ids.len(),
            statements: statement_ids.len(),
        })
    }

    /// The id of the document with this hash, if it is stored (committed or in this batch).
    pub fn document_id(&self, sha256: &str) -> Result<Option<i64>> {
        Ok(self
            .tx
            .prepare_cached("SELECT id FROM document_rows WHERE sha256 = ?1")?
            .query_row([sha256], |r| r.get(0))
            .optional()?)
    }
}
