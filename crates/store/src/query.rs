//! Reading the store: full-text search, statement and entity queries, one article with
//! its layers, corpus statistics and table exports.

use rusqlite::ToSql;

use crate::rows::{Rows, Value};
use crate::write::normalise_name;
use crate::{Result, Store};

/// What a search looks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchIn {
    /// Article text.
    Articles,
    /// The content of statements.
    Statements,
}

/// Filters of [`Store::statements`]; every filter given must hold.
#[derive(Debug, Clone, Default)]
pub struct StatementFilter {
    /// The speaker's name (or the words naming an unresolved speaker) contains this.
    pub speaker: Option<String>,
    /// An entity whose name contains this is mentioned in the statement.
    pub about: Option<String>,
    /// Said on or after this day (`YYYY-MM-DD`; the statement's own date, else the
    /// document's publication date).
    pub since: Option<String>,
    /// Said on or before this day.
    pub until: Option<String>,
    /// The medium (normalised or as written) contains this.
    pub medium: Option<String>,
    /// `denies` or `supports`.
    pub stance: Option<String>,
    /// A full-text query over the statement content.
    pub text: Option<String>,
    /// At most this many rows (0 for no limit).
    pub limit: usize,
}

/// A table that [`Store::export`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportTable {
    /// Articles with their text and source.
    Articles,
    /// Statements with speaker, cue, medium, date and stance.
    Statements,
    /// Corpus entities with counts and aliases.
    Entities,
    /// Entity mentions.
    Mentions,
    /// Money amounts and quantities (`type` tells which).
    Figures,
    /// Date expressions.
    Dates,
}

impl ExportTable {
    /// Every table, in export order.
    pub const ALL: [ExportTable; 6] = [
        ExportTable::Articles,
        ExportTable::Statements,
        ExportTable::Entities,
        ExportTable::Mentions,
        ExportTable::Figures,
        ExportTable::Dates,
    ];

    /// The table's name (used for file names).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ExportTable::Articles => "articles",
            ExportTable::Statements => "statements",
            ExportTable::Entities => "entities",
            ExportTable::Mentions => "mentions",
            ExportTable::Figures => "figures",
            ExportTable::Dates => "dates",
        }
    }

    /// The table with this name.
    #[must_use]
    pub fn parse(s: &str) -> Option<ExportTable> {
        ExportTable::ALL.into_iter().find(|t| t.name() == s)
    }

    fn sql(self) -> &'static str {
        match self {
            ExportTable::Articles => {
                "SELECT a.id, a.doc_id AS document, d.source, d.url, d.published, d.sha256,
                        a.ord, a.start, a.end, a.headline, a.standfirst, a.kind,
                        substr(d.text, a.start + 1, a.end - a.start) AS text
                 FROM articles a JOIN documents d ON d.id = a.doc_id ORDER BY a.id"
            }
            ExportTable::Statements => {
                "SELECT s.id, s.doc_id AS document, s.article_id AS article, s.start, s.end,
                        substr(d.text, s.start + 1, s.end - s.start) AS content, s.kind,
                        s.speaker_id AS speaker_entity,
                        coalesce(e.name, s.speaker_text) AS speaker, s.speaker_text, s.cue,
                        s.medium, s.medium_text, s.said_on, s.date_id AS date, s.stance,
                        s.stance_target
                 FROM statements s JOIN documents d ON d.id = s.doc_id
                      LEFT JOIN entities e ON e.id = s.speaker_id ORDER BY s.id"
            }
            ExportTable::Entities => {
                "SELECT e.id, e.kind AS type, e.name, e.key, e.mentions, e.documents,
                        (SELECT group_concat(alias, ' | ') FROM aliases WHERE entity_id = e.id)
                            AS aliases
                 FROM entities e ORDER BY e.id"
            }
            ExportTable::Mentions => {
                "SELECT doc_id AS document, article_id AS article, entity_id AS entity,
                        start, end, kind, text
                 FROM mentions ORDER BY doc_id, start, end, entity_id"
            }
            ExportTable::Figures => {
                "SELECT 'money' AS type, id, doc_id AS document, article_id AS article, start, end,
                        text, amount AS value, currency AS unit, approx, equivalent_of
                 FROM money
                 UNION ALL
                 SELECT 'quantity', id, doc_id, article_id, start, end, text, value, unit, NULL, NULL
                 FROM quantities"
            }
            ExportTable::Dates => {
                "SELECT id, doc_id AS document, article_id AS article, start, end, text, value,
                        anchor, first_day
                 FROM dates ORDER BY id"
            }
        }
    }
}

/// One article with everything found in it.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleView {
    /// One row: id, document, source, url, published, headline, standfirst, kind, start, end.
    pub article: Rows,
    /// The article's text.
    pub text: String,
    /// Entities mentioned, with their mention counts in this article.
    pub entities: Rows,
    /// Statements.
    pub statements: Rows,
    /// Money amounts and quantities.
    pub figures: Rows,
    /// Date expressions.
    pub dates: Rows,
}

/// Turns what a user typed into an FTS5 query: words and `"quoted phrases"` must all
/// occur (in any order); `OR`, `NOT` and `AND` in capitals are kept as operators and a
/// word ending in `*` is a prefix. Everything else is quoted, so punctuation such as
/// `U.S.` or `don't` never makes a syntax error.
#[must_use]
pub fn fts_query(user: &str) -> String {
    let mut terms: Vec<String> = Vec::new();
    let mut rest = user.trim();
    while !rest.is_empty() {
        let (term, tail) = if let Some(after) = rest.strip_prefix('"') {
            match after.find('"') {
                Some(i) => (&after[..i], &after[i + 1..]),
                None => (after, ""),
            }
        } else {
            match rest.find(char::is_whitespace) {
                Some(i) => (&rest[..i], &rest[i..]),
                None => (rest, ""),
            }
        };
        rest = tail.trim_start();
        let term = term.trim();
        if term.is_empty() {
            continue;
        }
        if matches!(term, "OR" | "NOT" | "AND") {
            if !terms.is_empty() && !rest.is_empty() {
                terms.push(term.to_string());
            }
            continue;
        }
        let (body, prefix) = match term.strip_suffix('*') {
            Some(b) if !b.is_empty() => (b, true),
            _ => (term, false),
        };
        if !body.chars().any(char::is_alphanumeric) {
            continue;
        }
        let mut q = String::with_capacity(body.len() + 3);
        q.push('"');
        q.push_str(&body.replace('"', "\"\""));
        q.push('"');
        if prefix {
            q.push('*');
        }
        terms.push(q);
    }
    while terms
        .last()
        .is_some_and(|t| matches!(t.as_str(), "OR" | "NOT" | "AND"))
    {
        terms.pop();
    }
    terms.join(" ")
}

/// The statement index keeps no positions (`detail=none`), so it cannot match phrases.
/// Turns an [`fts_query`] into one it can run, every phrase becoming its words
/// (`("state" "auditor")`), and returns the phrases to check on the text with
/// [`has_phrases`] (one a line, words lower-cased and separated by a space, a final
/// `*` for a prefix), or `None` when there is nothing to check. Phrases are checked
/// only in queries without `OR` and `NOT`; in those they match as their words.
#[must_use]
pub fn phrases_as_words(q: &str) -> (String, Option<String>) {
    let mut out: Vec<String> = Vec::new();
    let mut phrases: Vec<String> = Vec::new();
    let mut operators = false;
    let mut rest = q;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if c != '"' {
            // An operator (the only bare words fts_query writes).
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            out.push(rest[..end].to_string());
            operators |= matches!(&rest[..end], "OR" | "NOT");
            rest = &rest[end..];
            continue;
        }
        // A quoted term; `""` inside is a quote.
        let mut inner = String::new();
        let mut i = 1;
        let b = rest.as_bytes();
        while i < b.len() {
            if b[i] == b'"' {
                if b.get(i + 1) == Some(&b'"') {
                    inner.push('"');
                    i += 2;
                    continue;
                }
                i += 1;
                break;
            }
            let ch = rest[i..].chars().next().unwrap_or(' ');
            inner.push(ch);
            i += ch.len_utf8();
        }
        let prefix = rest.as_bytes().get(i) == Some(&b'*');
        rest = &rest[i + usize::from(prefix)..];
        let words = words(&inner);
        let star = if prefix { "*" } else { "" };
        match words.len() {
            0 => {}
            1 => out.push(format!("\"{}\"{star}", words[0])),
            _ => {
                let last = words.len() - 1;
                let terms: Vec<String> = words
                    .iter()
                    .enumerate()
                    .map(|(j, w)| format!("\"{w}\"{}", if j == last { star } else { "" }))
                    .collect();
                out.push(format!("({})", terms.join(" ")));
                phrases.push(format!("{}{star}", words.join(" ")));
            }
        }
    }
    let phrases = (!operators && !phrases.is_empty()).then(|| phrases.join("\n"));
    // FTS5 needs an explicit AND after a parenthesised group.
    let is_op = |t: &str| matches!(t, "OR" | "NOT" | "AND");
    let mut q = String::new();
    for (i, t) in out.iter().enumerate() {
        if i > 0 {
            q.push(' ');
            if !is_op(t) && !is_op(&out[i - 1]) {
                q.push_str("AND ");
            }
        }
        q.push_str(t);
    }
    (q, phrases)
}

/// The words of `text` as the full-text index sees them (runs of letters and digits),
/// lower-cased.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// True when `text` holds every phrase of `phrases` (as written by
/// [`phrases_as_words`]): the phrase's words one after the other.
#[must_use]
pub fn has_phrases(text: &str, phrases: &str) -> bool {
    let have = words(text);
    phrases.lines().all(|p| {
        let want: Vec<&str> = p.split(' ').collect();
        let hit = |at: &[String]| {
            want.iter().zip(at).all(|(w, h)| match w.strip_suffix('*') {
                Some(prefix) => h.starts_with(prefix),
                None => w == h,
            })
        };
        want.len() <= have.len() && have.windows(want.len()).any(hit)
    })
}

/// The `YYYYMMDD` number of a day a user gave (`2025-11-04`, or `2025-11` or `2025`
/// meaning its first day, or with `last`, its last), or `None` when it is no day.
fn day_bound(day: &str, last: bool) -> Option<i64> {
    let mut parts = day.trim().split('-');
    let year: i64 = parts.next()?.parse().ok()?;
    let fill = if last { 99 } else { 0 };
    let month: i64 = parts.next().map_or(Some(fill), |m| m.parse().ok())?;
    let dd: i64 = parts.next().map_or(Some(fill), |d| d.parse().ok())?;
    if parts.next().is_some() || !(0..=9999).contains(&year) {
        return None;
    }
    Some(year * 10_000 + month * 100 + dd)
}

/// True when the machine seems to have a core to spare: the one-minute load average
/// (Linux's `/proc/loadavg`) is below the number of cores less one. Ranking on two
/// threads costs a quarter more CPU (each thread counts every match for the BM25
/// statistics and merges the prefix lists again), which pays only when the second
/// thread gets a core of its own. Where there is no `/proc/loadavg`, assumes so.
fn idle_core() -> bool {
    let Ok(avg) = std::fs::read_to_string("/proc/loadavg") else {
        return true;
    };
    let load: f64 = avg
        .split_whitespace()
        .next()
        .and_then(|l| l.parse().ok())
        .unwrap_or(0.0);
    let cores = std::thread::available_parallelism().map_or(1, usize::from) as f64;
    load < cores - 1.0
}

fn like(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('%');
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

impl Store {
    /// Full-text search ranked by BM25 (best first), with a snippet around the hits in
    /// which every hit is wrapped in `**`.
    pub fn search(&self, query: &str, limit: usize, within: SearchIn) -> Result<Rows> {
        self.search_marked(query, limit, within, ("**", "**"))
    }

    /// Like [`Store::search`], wrapping hits in the snippet in `marks.0` … `marks.1`.
    pub fn search_marked(
        &self,
        query: &str,
        limit: usize,
        within: SearchIn,
        marks: (&str, &str),
    ) -> Result<Rows> {
        let q = fts_query(query);
        if q.is_empty() {
            return Ok(Rows::default());
        }
        #[cfg(feature = "tantivy")]
        if let (SearchIn::Articles, Some(t), true) = (within, &self.tantivy, self.use_tantivy) {
            return self.tantivy_search(t, &q, limit, marks);
        }
        let sql = match within {
            SearchIn::Articles => {
                let hits = self.fts_top(&q, if limit == 0 { 1000 } else { limit })?;
                return self.article_hits(&hits, &q, marks);
            }
            SearchIn::Statements => {
                "WITH hits AS (
                     SELECT rowid AS id, bm25(statements_fts) AS r
                     FROM statements_fts
                     WHERE statements_fts MATCH ?1 AND (?5 IS NULL OR readout_phrases(content, ?5))
                     ORDER BY r LIMIT ?2)
                 SELECT s.id AS statement, s.article_id AS article, d.source,
                        coalesce(e.name, s.speaker_text) AS speaker, round(-h.r, 3) AS score,
                        (SELECT snippet(statements_fts, 0, ?3, ?4, '…', 16) FROM statements_fts
                         WHERE statements_fts MATCH ?1 AND rowid = h.id) AS snippet
                 FROM hits h JOIN statements s ON s.id = h.id
                      JOIN documents d ON d.id = s.doc_id
                      LEFT JOIN entities e ON e.id = s.speaker_id
                 ORDER BY h.r, h.id"
            }
        };
        let limit = if limit == 0 { -1 } else { limit as i64 };
        let (q, phrases) = phrases_as_words(&q);
        Ok(Rows::query(
            &self.conn,
            sql,
            &[&q, &limit, &marks.0, &marks.1, &phrases],
        )?)
    }

    /// Article search ranked by tantivy; rows and snippets come from SQLite.
    #[cfg(feature = "tantivy")]
    fn tantivy_search(
        &self,
        t: &crate::tantivy_index::TantivyIndex,
        q: &str,
        limit: usize,
        marks: (&str, &str),
    ) -> Result<Rows> {
        let hits: Vec<(i64, f64)> = t
            .search(q, if limit == 0 { 1000 } else { limit })?
            .into_iter()
            .map(|(id, score)| (id, f64::from(score)))
            .collect();
        self.article_hits(&hits, q, marks)
    }

    /// The best `limit` articles for an FTS5 query as (id, score), best first. On a
    /// large store the id range is split in two and both halves are ranked at once on
    /// two connections (BM25 statistics are global, so the scores compare).
    fn fts_top(&self, q: &str, limit: usize) -> Result<Vec<(i64, f64)>> {
        // Ordering by the bm25() value (not FTS5's `rank`) lets SQLite keep only the
        // best LIMIT rows while scanning instead of sorting every match.
        const TOP: &str = "SELECT rowid, bm25(articles_fts) AS r FROM articles_fts
             WHERE articles_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3 ORDER BY r LIMIT ?4";
        fn top(
            conn: &rusqlite::Connection,
            q: &str,
            lo: i64,
            hi: i64,
            limit: usize,
        ) -> rusqlite::Result<Vec<(i64, f64)>> {
            let mut st = conn.prepare_cached(TOP)?;
            let rows = st.query_map(rusqlite::params![q, lo, hi, limit as i64], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
            rows.collect()
        }
        let (lo, hi): (i64, i64) = self.conn.query_row(
            "SELECT coalesce((SELECT min(id) FROM articles), 0), coalesce((SELECT max(id) FROM articles), 0)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut hits = if hi - lo < self.parallel_from || !(self.parallel_forced || idle_core()) {
            top(&self.conn, q, lo, hi, limit)?
        } else {
            let mid = lo + (hi - lo) / 2;
            let path = self.path.clone();
            std::thread::scope(|s| -> Result<Vec<(i64, f64)>> {
                let other = s.spawn(move || -> rusqlite::Result<Vec<(i64, f64)>> {
                    let conn = rusqlite::Connection::open_with_flags(
                        &path,
                        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                            | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
                    )?;
                    top(&conn, q, mid + 1, hi, limit)
                });
                let mut a = top(&self.conn, q, lo, mid, limit)?;
                match other.join() {
                    Ok(b) => a.extend(b?),
                    Err(_) => return Err(crate::Error::Index("search thread failed".into())),
                }
                Ok(a)
            })?
        };
        hits.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        hits.truncate(limit);
        // bm25() is lower for better matches; scores are shown higher-is-better.
        Ok(hits.into_iter().map(|(id, r)| (id, -r)).collect())
    }

    /// The rows of ranked article hits, with snippets.
    fn article_hits(&self, hits: &[(i64, f64)], q: &str, marks: (&str, &str)) -> Result<Rows> {
        let mut out = Rows::default();
        for (id, score) in hits {
            let r = Rows::query(
                &self.conn,
                "SELECT a.id AS article, d.source, a.headline, round(?2, 3) AS score,
                        (SELECT snippet(articles_fts, 0, ?4, ?5, '…', 16) FROM articles_fts
                         WHERE articles_fts MATCH ?3 AND rowid = a.id) AS snippet
                 FROM articles a JOIN documents d ON d.id = a.doc_id WHERE a.id = ?1",
                &[id, score, &q, &marks.0, &marks.1],
            )?;
            out.columns = r.columns;
            out.rows.extend(r.rows);
        }
        if out.columns.is_empty() {
            out.columns = ["article", "source", "headline", "score", "snippet"]
                .map(String::from)
                .to_vec();
        }
        Ok(out)
    }

    /// Statements that pass every filter, latest first.
    pub fn statements(&self, f: &StatementFilter) -> Result<Rows> {
        let mut sql = String::from(
            "SELECT s.id, s.said_on AS date, coalesce(e.name, s.speaker_text) AS speaker,
                    s.cue, substr(d.text, s.start + 1, s.end - s.start) AS content, s.kind,
                    s.medium, s.stance, s.stance_target,
                    s.article_id AS article, d.source
             FROM statements s JOIN documents d ON d.id = s.doc_id
                  LEFT JOIN entities e ON e.id = s.speaker_id
             WHERE 1",
        );
        let mut params: Vec<Box<dyn ToSql>> = Vec::new();
        let mut param = |sql: &mut String, clause: &str, v: Box<dyn ToSql>| {
            params.push(v);
            sql.push_str(&clause.replace('?', &format!("?{}", params.len())));
        };
        if let Some(sp) = &f.speaker {
            let key = like(&normalise_name(sp));
            param(
                &mut sql,
                " AND (s.speaker_id IN (SELECT id FROM entities WHERE key LIKE ? ESCAPE '\\')",
                Box::new(key.clone()),
            );
            param(
                &mut sql,
                " OR lower(s.speaker_text) LIKE ? ESCAPE '\\')",
                Box::new(key),
            );
        }
        if let Some(ab) = &f.about {
            param(
                &mut sql,
                " AND s.id IN (SELECT sa.statement_id FROM statement_about sa
                     JOIN entities x ON x.id = sa.entity_id WHERE x.key LIKE ? ESCAPE '\\')",
                Box::new(like(&normalise_name(ab))),
            );
        }
        // Days are kept as YYYYMMDD numbers; what is no day compares as text.
        if let Some(since) = &f.since {
            match day_bound(since, false) {
                Some(d) => param(&mut sql, " AND s.said_day >= ?", Box::new(d)),
                None => param(&mut sql, " AND s.said_on >= ?", Box::new(since.clone())),
            }
        }
        if let Some(until) = &f.until {
            match day_bound(until, true) {
                Some(d) => param(&mut sql, " AND s.said_day <= ?", Box::new(d)),
                None => param(&mut sql, " AND s.said_on <= ?", Box::new(until.clone())),
            }
        }
        if let Some(m) = &f.medium {
            let m = like(&m.to_lowercase());
            param(
                &mut sql,
                " AND (lower(s.medium) LIKE ? ESCAPE '\\'",
                Box::new(m.clone()),
            );
            param(
                &mut sql,
                " OR lower(s.medium_text) LIKE ? ESCAPE '\\')",
                Box::new(m),
            );
        }
        if let Some(st) = &f.stance {
            param(&mut sql, " AND s.stance = ?", Box::new(st.to_lowercase()));
        }
        if let Some(t) = &f.text {
            let (q, phrases) = phrases_as_words(&fts_query(t));
            param(
                &mut sql,
                " AND s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?",
                Box::new(q),
            );
            param(
                &mut sql,
                " AND (? IS NULL OR readout_phrases(content, ?)))",
                Box::new(phrases),
            );
        }
        sql.push_str(" ORDER BY s.said_day IS NULL, s.said_day DESC, s.id");
        if f.limit > 0 {
            sql.push_str(&format!(" LIMIT {}", f.limit));
        }
        let refs: Vec<&dyn ToSql> = params.iter().map(AsRef::as_ref).collect();
        Ok(Rows::query(&self.conn, &sql, &refs)?)
    }

    /// The most mentioned entities, optionally of one type (`PERSON`, `ORG`, …) and
    /// with a name containing `name`.
    pub fn entities(&self, kind: Option<&str>, name: Option<&str>, top: usize) -> Result<Rows> {
        let kind = kind.map(str::to_uppercase);
        let name = name.map(|n| like(&normalise_name(n)));
        let top = if top == 0 { -1 } else { top as i64 };
        Ok(Rows::query(
            &self.conn,
            "SELECT e.id, e.kind AS type, e.name, e.mentions, e.documents,
                    (SELECT group_concat(alias, ' | ') FROM aliases WHERE entity_id = e.id)
                        AS aliases
             FROM entities e
             WHERE (?1 IS NULL OR e.kind = ?1) AND (?2 IS NULL OR e.key LIKE ?2 ESCAPE '\\')
             ORDER BY e.mentions DESC, e.documents DESC, e.name LIMIT ?3",
            &[&kind, &name, &top],
        )?)
    }

    /// One article with its layers, or `None` when there is no article with this id.
    pub fn article(&self, id: i64) -> Result<Option<ArticleView>> {
        let article = Rows::query(
            &self.conn,
            "SELECT a.id, a.doc_id AS document, d.source, d.url, d.published, a.headline,
                    a.standfirst, a.kind, a.start, a.end
             FROM articles a JOIN documents d ON d.id = a.doc_id WHERE a.id = ?1",
            &[&id],
        )?;
        if article.is_empty() {
            return Ok(None);
        }
        let text = match Rows::query(
            &self.conn,
            "SELECT body FROM article_body WHERE id = ?1",
            &[&id],
        )?
        .get(0, "body")
        {
            Some(Value::Text(t)) => t.clone(),
            _ => String::new(),
        };
        let entities = Rows::query(
            &self.conn,
            "SELECT e.id, e.kind AS type, e.name, count(*) AS mentions
             FROM articles a
                  JOIN mentions m ON m.doc_id = a.doc_id AND m.article_id = a.id
                  JOIN entities e ON e.id = m.entity_id
             WHERE a.id = ?1 GROUP BY e.id ORDER BY mentions DESC, e.name",
            &[&id],
        )?;
        let statements = Rows::query(
            &self.conn,
            "SELECT s.id, coalesce(e.name, s.speaker_text) AS speaker, s.cue,
                    substr(d.text, s.start + 1, s.end - s.start) AS content, s.kind,
                    s.medium, s.said_on AS date, s.stance, s.stance_target, s.start, s.end
             FROM statements s JOIN documents d ON d.id = s.doc_id
                  LEFT JOIN entities e ON e.id = s.speaker_id
             WHERE s.article_id = ?1 ORDER BY s.start",
            &[&id],
        )?;
        let figures = Rows::query(
            &self.conn,
            "SELECT * FROM (
                 SELECT 'money' AS type, text, amount AS value, currency AS unit, start, end
                 FROM money WHERE article_id = ?1
                 UNION ALL
                 SELECT 'quantity', text, value, unit, start, end
                 FROM quantities WHERE article_id = ?1)
             ORDER BY start",
            &[&id],
        )?;
        let dates = Rows::query(
            &self.conn,
            "SELECT text, value, anchor, start, end FROM dates WHERE article_id = ?1 ORDER BY start",
            &[&id],
        )?;
        Ok(Some(ArticleView {
            article,
            text,
            entities,
            statements,
            figures,
            dates,
        }))
    }

    /// Corpus statistics as (`what`, `value`) rows.
    pub fn stats(&self) -> Result<Rows> {
        let mut rows = Rows::query(
            &self.conn,
            "SELECT 'schema version' AS what, (SELECT user_version FROM pragma_user_version) AS value
             UNION ALL SELECT 'documents', count(*) FROM documents
             UNION ALL SELECT 'text bytes', coalesce(sum(bytes), 0) FROM documents
             UNION ALL SELECT 'articles', count(*) FROM articles
             UNION ALL SELECT 'noise spans', count(*) FROM noise
             UNION ALL SELECT 'entities', count(*) FROM entities
             UNION ALL SELECT 'mentions', count(*) FROM mentions
             UNION ALL SELECT 'statements', count(*) FROM statements
             UNION ALL SELECT 'money amounts', count(*) FROM money
             UNION ALL SELECT 'quantities', count(*) FROM quantities
             UNION ALL SELECT 'dates', count(*) FROM dates",
            &[],
        )?;
        let by_type = Rows::query(
            &self.conn,
            "SELECT 'entities ' || kind AS what, count(*) AS value FROM entities
             GROUP BY kind ORDER BY kind",
            &[],
        )?;
        rows.rows.extend(by_type.rows);
        let mut size = 0u64;
        for suffix in ["", "-wal"] {
            let mut p = self.path.clone().into_os_string();
            p.push(suffix);
            size += std::fs::metadata(&p).map_or(0, |m| m.len());
        }
        rows.rows.push(vec![
            Value::Text("store bytes".into()),
            Value::Int(size as i64),
        ]);
        Ok(rows)
    }

    /// Streams every row of `table` to `on_row` with the column names.
    pub fn export<E: From<crate::Error>>(
        &self,
        table: ExportTable,
        mut on_row: impl FnMut(&[String], Vec<Value>) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut st = self.conn.prepare(table.sql()).map_err(crate::Error::from)?;
        let columns: Vec<String> = st.column_names().iter().map(|c| (*c).to_string()).collect();
        let n = columns.len();
        let mut q = st.query([]).map_err(crate::Error::from)?;
        while let Some(r) = q.next().map_err(crate::Error::from)? {
            let mut row = Vec::with_capacity(n);
            for i in 0..n {
                row.push(Value::from_ref(r.get_ref(i).map_err(crate::Error::from)?));
            }
            on_row(&columns, row)?;
        }
        Ok(())
    }

    /// The column names of `table`, even when it has no rows.
    pub fn export_columns(&self, table: ExportTable) -> Result<Vec<String>> {
        let st = self.conn.prepare(table.sql())?;
        Ok(st.column_names().iter().map(|c| (*c).to_string()).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::{day_bound, fts_query, has_phrases, phrases_as_words};

    #[test]
    fn phrases_become_words_and_are_checked_on_the_text() {
        let (q, p) = phrases_as_words(&fts_query(r#""State Auditor" U.S. port*"#));
        assert_eq!(q, r#"("state" "auditor") AND ("u" "s") AND "port"*"#);
        assert_eq!(p.as_deref(), Some("state auditor\nu s"));
        let p = p.unwrap();
        assert!(has_phrases("The State auditor, in the U.S., said", &p));
        assert!(!has_phrases("The auditor of the State in the U.S.", &p));
        let (q, p) = phrases_as_words(r#""port deal"* OR "ferry""#);
        assert_eq!(q, r#"("port" "deal"*) OR "ferry""#);
        assert_eq!(p, None, "with OR, phrases match as their words");
        assert!(has_phrases("a port dealer", "port deal*"));
        assert!(!has_phrases("a port", "port deal*"));
        assert_eq!(phrases_as_words(&fts_query("don't")).0, r#"("don" "t")"#);
    }

    #[test]
    fn days_given_by_users_become_bounds() {
        assert_eq!(day_bound("2025-11-04", false), Some(20251104));
        assert_eq!(day_bound("2025-11", false), Some(20251100));
        assert_eq!(day_bound("2025", true), Some(20259999));
        assert_eq!(day_bound("soon", false), None);
        assert_eq!(day_bound("2025-11-04-1", false), None);
    }

    #[test]
    fn user_queries_become_safe_fts_queries() {
        assert_eq!(fts_query("harbour audit"), r#""harbour" "audit""#);
        assert_eq!(
            fts_query(r#""State Auditor" U.S."#),
            r#""State Auditor" "U.S.""#
        );
        assert_eq!(fts_query("port* OR ferry"), r#""port"* OR "ferry""#);
        assert_eq!(fts_query("OR ferry OR"), r#""ferry""#);
        assert_eq!(fts_query(r#"say "hi"#), r#""say" "hi""#);
        assert_eq!(fts_query("- ' ;"), "");
        assert_eq!(fts_query(r#"a"b"#), r#""a""b""#);
    }
}
