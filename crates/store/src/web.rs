//! Read-only queries for the web app (`readout serve`): the overview, article search with
//! filters, the layers of one article, entity pages and the two graphs.

use rusqlite::ToSql;

use crate::query::fts_query;
use crate::rows::Rows;
use crate::write::normalise_name;
use crate::{Result, Store};

/// Filters of [`Store::find_articles`]; every filter given must hold.
#[derive(Debug, Clone, Default)]
pub struct ArticleFilter {
    /// A full-text query over the article text.
    pub text: Option<String>,
    /// A statement in the article has a speaker whose name contains this.
    pub speaker: Option<String>,
    /// The article mentions an entity whose name contains this.
    pub entity: Option<String>,
    /// A statement in the article was made in a medium containing this.
    pub medium: Option<String>,
    /// A statement in the article has this stance (`denies` or `supports`).
    pub stance: Option<String>,
    /// Published on or after this day (`YYYY-MM-DD`).
    pub since: Option<String>,
    /// Published on or before this day.
    pub until: Option<String>,
    /// At most this many rows (0 for 50).
    pub limit: usize,
}

/// The corpus at a glance, for the first page.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    /// (`what`, `value`) rows: documents, articles, entities, statements, figures, dates.
    pub counts: Rows,
    /// The earliest and latest publication day (`first`, `last`), one row.
    pub date_range: Rows,
    /// The sources with the most articles: `source`, `articles`.
    pub sources: Rows,
    /// The speakers with the most statements: `id` (entity, may be NULL), `speaker`,
    /// `statements`.
    pub speakers: Rows,
    /// The most mentioned entities: `id`, `type`, `name`, `mentions`, `documents`.
    pub entities: Rows,
}

/// Everything the store knows about one corpus entity.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityView {
    /// One row: id, type, name, key, mentions, documents.
    pub entity: Rows,
    /// The variants it was written as: `alias`.
    pub aliases: Rows,
    /// Roles given to it in the text: `role`, `times`.
    pub roles: Rows,
    /// Statements it made (as in [`Store::statements`]).
    pub said: Rows,
    /// Statements that mention it.
    pub about: Rows,
    /// Statements by and about it per month: `month`, `by`, `about`.
    pub timeline: Rows,
    /// Articles mentioning it, latest first: `article`, `headline`, `published`, `mentions`.
    pub articles: Rows,
}

/// The layers of one article that [`Store::article`] leaves out, with offsets relative
/// to the article text (code points).
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleLayers {
    /// Entity mentions: `start`, `end`, `type` (of the entity), `mention` (name, pronoun…),
    /// `entity`, `name`.
    pub mentions: Rows,
    /// Noise (spam, boilerplate) overlapping the article: `start`, `end`, `kind`.
    pub noise: Rows,
    /// Statements: `id`, `start`, `end`, `speaker_id`, `speaker`, `cue`, `stance`,
    /// `stance_target`.
    pub statements: Rows,
    /// Figures (`type` money or quantity) and dates (`type` date): `type`, `start`, `end`,
    /// `text`, `value`.
    pub values: Rows,
}

impl Store {
    /// A number that changes whenever another connection commits to the store (SQLite's
    /// `data_version`), so that cached query results can be reused until then.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// The corpus at a glance: counts, date range, top sources, speakers and entities.
    pub fn overview(&self, top: usize) -> Result<Overview> {
        let top = top.max(1) as i64;
        let counts = Rows::query(
            &self.conn,
            "SELECT 'documents' AS what, (SELECT count(*) FROM documents) AS value
             UNION ALL SELECT 'articles', (SELECT count(*) FROM articles)
             UNION ALL SELECT 'entities', (SELECT count(*) FROM entities)
             UNION ALL SELECT 'mentions', (SELECT count(*) FROM mentions)
             UNION ALL SELECT 'statements', (SELECT count(*) FROM statements)
             UNION ALL SELECT 'money amounts', (SELECT count(*) FROM money)
             UNION ALL SELECT 'quantities', (SELECT count(*) FROM quantities)
             UNION ALL SELECT 'dates', (SELECT count(*) FROM dates)",
            &[],
        )?;
        let date_range = Rows::query(
            &self.conn,
            "SELECT min(published) AS first, max(published) AS last FROM documents
             WHERE published IS NOT NULL AND published <> ''",
            &[],
        )?;
        let sources = Rows::query(
            &self.conn,
            "SELECT d.source, count(*) AS articles FROM articles a JOIN documents d
                 ON d.id = a.doc_id GROUP BY d.source ORDER BY articles DESC, d.source LIMIT ?1",
            &[&top],
        )?;
        let speakers = Rows::query(
            &self.conn,
            "SELECT s.speaker_id AS id, coalesce(e.name, s.speaker_text) AS speaker,
                    count(*) AS statements
             FROM statements s LEFT JOIN entities e ON e.id = s.speaker_id
             WHERE s.speaker_id IS NOT NULL OR s.speaker_text IS NOT NULL
             GROUP BY s.speaker_id, CASE WHEN s.speaker_id IS NULL THEN s.speaker_text END
             ORDER BY statements DESC, speaker LIMIT ?1",
            &[&top],
        )?;
        let entities = Rows::query(
            &self.conn,
            "SELECT id, kind AS type, name, mentions, documents FROM entities
             ORDER BY mentions DESC, documents DESC, name LIMIT ?1",
            &[&top],
        )?;
        Ok(Overview {
            counts,
            date_range,
            sources,
            speakers,
            entities,
        })
    }

    /// Articles that pass every filter: best text matches first when there is a text
    /// query, else latest first. Columns: `article`, `source`, `headline`, `published`.
    pub fn find_articles(&self, f: &ArticleFilter) -> Result<Rows> {
        let mut sql = String::from(
            "SELECT a.id AS article, d.source, a.headline, d.published
             FROM articles a JOIN documents d ON d.id = a.doc_id",
        );
        let mut params: Vec<Box<dyn ToSql>> = Vec::new();
        let text = f.text.as_deref().map(fts_query).filter(|q| !q.is_empty());
        let ranked = text.is_some();
        if let Some(q) = text {
            sql.push_str(
                " JOIN (SELECT rowid AS id, bm25(articles_fts) AS r FROM articles_fts
                        WHERE articles_fts MATCH ?1) h ON h.id = a.id WHERE 1",
            );
            params.push(Box::new(q));
        } else {
            sql.push_str(" WHERE 1");
        }
        let mut param = |sql: &mut String, clause: &str, v: String| {
            params.push(Box::new(v));
            // `?` is the new parameter; `@SAME` refers to it again.
            let n = format!("?{}", params.len());
            sql.push_str(&clause.replace('?', &n).replace("@SAME", &n));
        };
        if let Some(sp) = nonempty(&f.speaker) {
            param(
                &mut sql,
                " AND a.id IN (SELECT s.article_id FROM statements s
                     LEFT JOIN entities e ON e.id = s.speaker_id
                     WHERE e.key LIKE ? ESCAPE '\\' OR lower(s.speaker_text) LIKE @SAME ESCAPE '\\')",
                like(&normalise_name(sp)),
            );
        }
        if let Some(en) = nonempty(&f.entity) {
            param(
                &mut sql,
                " AND a.id IN (SELECT m.article_id FROM mentions m
                     WHERE m.entity_id IN (SELECT id FROM entities WHERE key LIKE ? ESCAPE '\\'))",
                like(&normalise_name(en)),
            );
        }
        if let Some(m) = nonempty(&f.medium) {
            param(
                &mut sql,
                " AND a.id IN (SELECT article_id FROM statements
                     WHERE lower(medium) LIKE ? ESCAPE '\\' OR lower(medium_text) LIKE @SAME ESCAPE '\\')",
                like(&m.to_lowercase()),
            );
        }
        if let Some(st) = nonempty(&f.stance) {
            param(
                &mut sql,
                " AND a.id IN (SELECT article_id FROM statements WHERE stance = ?)",
                st.to_lowercase(),
            );
        }
        if let Some(s) = nonempty(&f.since) {
            param(&mut sql, " AND d.published >= ?", s.to_string());
        }
        if let Some(u) = nonempty(&f.until) {
            param(&mut sql, " AND d.published <= ?", u.to_string());
        }
        if ranked {
            sql.push_str(" ORDER BY h.r, a.id");
        } else {
            sql.push_str(" ORDER BY a.id DESC");
        }
        let limit = if f.limit == 0 { 50 } else { f.limit };
        sql.push_str(&format!(" LIMIT {limit}"));
        let refs: Vec<&dyn ToSql> = params.iter().map(AsRef::as_ref).collect();
        Ok(Rows::query(&self.conn, &sql, &refs)?)
    }

    /// The mentions, noise, statements, figures and dates of article `id`, with offsets
    /// relative to the article's text.
    pub fn article_layers(&self, id: i64) -> Result<ArticleLayers> {
        let mentions = Rows::query(
            &self.conn,
            "SELECT m.start - a.start AS start, m.end - a.start AS end, e.kind AS type,
                    m.kind AS mention, m.entity_id AS entity, e.name
             FROM articles a JOIN mentions m ON m.doc_id = a.doc_id AND m.article_id = a.id
                  JOIN entities e ON e.id = m.entity_id
             WHERE a.id = ?1 ORDER BY m.start, m.end DESC",
            &[&id],
        )?;
        let noise = Rows::query(
            &self.conn,
            "SELECT max(n.start, a.start) - a.start AS start, min(n.end, a.end) - a.start AS end,
                    n.kind
             FROM articles a JOIN noise n ON n.doc_id = a.doc_id
             WHERE a.id = ?1 AND n.start < a.end AND n.end > a.start ORDER BY n.start",
            &[&id],
        )?;
        let statements = Rows::query(
            &self.conn,
            "SELECT s.id, s.start - a.start AS start, s.end - a.start AS end,
                    s.speaker_id, coalesce(e.name, s.speaker_text) AS speaker, s.cue,
                    s.stance, s.stance_target
             FROM articles a JOIN statements s ON s.doc_id = a.doc_id AND s.article_id = a.id
                  LEFT JOIN entities e ON e.id = s.speaker_id
             WHERE a.id = ?1 ORDER BY s.start",
            &[&id],
        )?;
        let values = Rows::query(
            &self.conn,
            "SELECT * FROM (
                 SELECT 'money' AS type, m.start - a.start AS start, m.end - a.start AS end,
                        m.text, m.amount || ' ' || m.currency AS value
                 FROM articles a JOIN money m ON m.doc_id = a.doc_id AND m.article_id = a.id WHERE a.id = ?1
                 UNION ALL
                 SELECT 'quantity', q.start - a.start, q.end - a.start, q.text,
                        q.value || ' ' || q.unit
                 FROM articles a JOIN quantities q ON q.doc_id = a.doc_id AND q.article_id = a.id WHERE a.id = ?1
                 UNION ALL
                 SELECT 'date', t.start - a.start, t.end - a.start, t.text, t.value
                 FROM articles a JOIN dates t ON t.doc_id = a.doc_id AND t.article_id = a.id WHERE a.id = ?1)
             ORDER BY start",
            &[&id],
        )?;
        Ok(ArticleLayers {
            mentions,
            noise,
            statements,
            values,
        })
    }

    /// One corpus entity with its variants, roles, statements by and about it, a
    /// monthly timeline and the articles mentioning it; `None` when there is none.
    pub fn entity(&self, id: i64, limit: usize) -> Result<Option<EntityView>> {
        let limit = if limit == 0 { -1 } else { limit as i64 };
        let entity = Rows::query(
            &self.conn,
            "SELECT id, kind AS type, name, key, mentions, documents FROM entities WHERE id = ?1",
            &[&id],
        )?;
        if entity.is_empty() {
            return Ok(None);
        }
        let aliases = Rows::query(
            &self.conn,
            "SELECT alias FROM aliases WHERE entity_id = ?1 ORDER BY alias",
            &[&id],
        )?;
        let roles = Rows::query(
            &self.conn,
            "SELECT text AS role, count(*) AS times FROM roles WHERE entity_id = ?1
             GROUP BY lower(text) ORDER BY times DESC, role LIMIT 50",
            &[&id],
        )?;
        const COLS: &str = "SELECT s.id, s.said_on AS date, coalesce(e.name, s.speaker_text)
                AS speaker, s.cue, substr(d.text, s.start + 1, s.end - s.start) AS content,
                s.kind, s.medium, s.stance, s.stance_target, s.article_id AS article
             FROM statements s JOIN documents d ON d.id = s.doc_id
                  LEFT JOIN entities e ON e.id = s.speaker_id";
        let said = Rows::query(
            &self.conn,
            &format!(
                "{COLS} WHERE s.speaker_id = ?1
                 ORDER BY s.said_day IS NULL, s.said_day DESC, s.id LIMIT ?2"
            ),
            &[&id, &limit],
        )?;
        let about = Rows::query(
            &self.conn,
            &format!(
                "{COLS} WHERE s.id IN (SELECT statement_id FROM statement_about WHERE entity_id = ?1)
                 ORDER BY s.said_day IS NULL, s.said_day DESC, s.id LIMIT ?2"
            ),
            &[&id, &limit],
        )?;
        let timeline = Rows::query(
            &self.conn,
            "SELECT month, sum(by) AS by, sum(about) AS about FROM (
                 SELECT substr(said_on, 1, 7) AS month, 1 AS by, 0 AS about
                 FROM statements WHERE speaker_id = ?1 AND said_on IS NOT NULL
                 UNION ALL
                 SELECT substr(s.said_on, 1, 7), 0, 1 FROM statement_about sa
                     JOIN statements s ON s.id = sa.statement_id
                 WHERE sa.entity_id = ?1 AND s.said_on IS NOT NULL)
             GROUP BY month ORDER BY month",
            &[&id],
        )?;
        let articles = Rows::query(
            &self.conn,
            "SELECT a.id AS article, a.headline, d.published, count(*) AS mentions
             FROM mentions m JOIN articles a ON a.id = m.article_id
                  JOIN documents d ON d.id = a.doc_id
             WHERE m.entity_id = ?1 GROUP BY a.id
             ORDER BY d.published IS NULL, d.published DESC, a.id DESC LIMIT ?2",
            &[&id, &limit],
        )?;
        Ok(Some(EntityView {
            entity,
            aliases,
            roles,
            said,
            about,
            timeline,
            articles,
        }))
    }

    /// The claim/denial graph: statements that deny or support another statement, or
    /// are denied or supported, as nodes (`id`, `speaker`, `content`, `article`,
    /// `date`) and edges (`source`, `target`, `stance`). At most `limit` edges.
    pub fn claim_graph(&self, limit: usize) -> Result<(Rows, Rows)> {
        let limit = limit.max(1) as i64;
        let edges = Rows::query(
            &self.conn,
            "SELECT id AS source, stance_target AS target, stance FROM statements
             WHERE stance_target IS NOT NULL AND stance IS NOT NULL ORDER BY id DESC LIMIT ?1",
            &[&limit],
        )?;
        let nodes = Rows::query(
            &self.conn,
            "WITH e AS (SELECT id, stance_target FROM statements
                        WHERE stance_target IS NOT NULL AND stance IS NOT NULL
                        ORDER BY id DESC LIMIT ?1),
                  ids AS (SELECT id FROM e UNION SELECT stance_target FROM e)
             SELECT s.id, coalesce(x.name, s.speaker_text) AS speaker,
                    substr(d.text, s.start + 1, s.end - s.start) AS content,
                    s.article_id AS article, s.said_on AS date
             FROM ids JOIN statements s ON s.id = ids.id JOIN documents d ON d.id = s.doc_id
                  LEFT JOIN entities x ON x.id = s.speaker_id ORDER BY s.id",
            &[&limit],
        )?;
        Ok((nodes, edges))
    }

    /// The actor network: who speaks about whom. Edges (`source`, `target`,
    /// `statements`) join a speaker entity to an entity its statements mention, the
    /// `limit` heaviest first; nodes are the entities on them (`id`, `type`, `name`).
    pub fn actor_network(&self, limit: usize) -> Result<(Rows, Rows)> {
        let limit = limit.max(1) as i64;
        const EDGES: &str = "SELECT s.speaker_id AS source, sa.entity_id AS target,
                    count(*) AS statements
             FROM statements s JOIN statement_about sa ON sa.statement_id = s.id
             WHERE s.speaker_id IS NOT NULL AND sa.entity_id <> s.speaker_id
             GROUP BY s.speaker_id, sa.entity_id ORDER BY statements DESC, source, target
             LIMIT ?1";
        let edges = Rows::query(&self.conn, EDGES, &[&limit])?;
        let nodes = Rows::query(
            &self.conn,
            &format!(
                "WITH e AS ({EDGES}), ids AS (SELECT source AS id FROM e UNION SELECT target FROM e)
                 SELECT x.id, x.kind AS type, x.name FROM ids JOIN entities x ON x.id = ids.id
                 ORDER BY x.id"
            ),
            &[&limit],
        )?;
        Ok((nodes, edges))
    }
}

fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A LIKE pattern matching text that contains `s`.
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
