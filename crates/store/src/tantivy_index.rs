//! An optional second full-text index of article text in tantivy (the `tantivy`
//! feature), kept beside the database in `<store>/tantivy/`.
//!
//! SQLite stays the source of truth. Each tantivy commit records, as its payload, the
//! highest article id it holds; articles are added to tantivy in the same batch as they
//! are written to SQLite and committed to tantivy right after SQLite commits. After a
//! crash between the two commits, the gap (articles above the payload) is re-indexed
//! from SQLite the next time the store is opened, so the two never disagree for long
//! and never lose a committed article.

use std::path::Path;

use rusqlite::Connection;
use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RegexQuery};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument};

use crate::{Error, Result};

fn err(e: impl std::fmt::Display) -> Error {
    Error::Index(e.to_string())
}

/// The tantivy index of article bodies.
pub struct TantivyIndex {
    index: Index,
    reader: IndexReader,
    writer: Option<IndexWriter>,
    id: Field,
    body: Field,
    /// Documents were added since the last commit or rollback.
    pending: bool,
    /// Highest article id added (committed or not).
    max_added: i64,
}

impl std::fmt::Debug for TantivyIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TantivyIndex").finish_non_exhaustive()
    }
}

impl TantivyIndex {
    /// Opens (or creates) the index in `dir`, then indexes the articles of `conn` that
    /// it lacks.
    pub fn open(dir: &Path, conn: &Connection) -> Result<TantivyIndex> {
        std::fs::create_dir_all(dir).map_err(|e| Error::Io(dir.to_path_buf(), e))?;
        let mut sb = Schema::builder();
        let id = sb.add_u64_field("id", NumericOptions::default().set_indexed().set_stored());
        let indexing = TextFieldIndexing::default()
            .set_tokenizer("readout")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let body = sb.add_text_field(
            "body",
            TextOptions::default().set_indexing_options(indexing),
        );
        let schema = sb.build();
        let index =
            Index::open_or_create(MmapDirectory::open(dir).map_err(err)?, schema).map_err(err)?;
        index.tokenizers().register(
            "readout",
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        );
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(err)?;
        let mut t = TantivyIndex {
            index,
            reader,
            writer: None,
            id,
            body,
            pending: false,
            max_added: 0,
        };
        t.max_added = t.committed_max()?;
        t.catch_up(conn)?;
        Ok(t)
    }

    /// The highest article id of the last commit.
    fn committed_max(&self) -> Result<i64> {
        let metas = self.index.load_metas().map_err(err)?;
        Ok(metas.payload.and_then(|p| p.parse().ok()).unwrap_or(0))
    }

    fn writer(&mut self) -> Result<&mut IndexWriter> {
        if self.writer.is_none() {
            self.writer = Some(self.index.writer(128_000_000).map_err(err)?);
        }
        self.writer.as_mut().ok_or_else(|| err("no index writer"))
    }

    /// Indexes the articles that SQLite holds and the index lacks.
    fn catch_up(&mut self, conn: &Connection) -> Result<()> {
        let max: i64 = conn.query_row(
            "SELECT coalesce((SELECT max(id) FROM articles), 0)",
            [],
            |r| r.get(0),
        )?;
        if max <= self.max_added {
            return Ok(());
        }
        let from = self.max_added;
        let mut st = conn.prepare("SELECT id, body FROM article_body WHERE id > ?1 ORDER BY id")?;
        let mut rows = st.query([from])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let body: String = r.get(1)?;
            self.add(id, &body)?;
        }
        self.commit()
    }

    /// Adds one article (visible after [`TantivyIndex::commit`]).
    pub fn add(&mut self, id: i64, body: &str) -> Result<()> {
        let (fid, fbody) = (self.id, self.body);
        self.writer()?
            .add_document(doc!(fid => id as u64, fbody => body))
            .map_err(err)?;
        self.pending = true;
        self.max_added = self.max_added.max(id);
        Ok(())
    }

    /// Commits what was added, recording the highest article id.
    pub fn commit(&mut self) -> Result<()> {
        if !self.pending {
            return Ok(());
        }
        let payload = self.max_added.to_string();
        let w = self.writer()?;
        let mut prepared = w.prepare_commit().map_err(err)?;
        prepared.set_payload(&payload);
        prepared.commit().map_err(err)?;
        self.pending = false;
        self.reader.reload().map_err(err)?;
        Ok(())
    }

    /// Drops what was added since the last commit.
    pub fn rollback(&mut self) -> Result<()> {
        if let Some(w) = self.writer.as_mut() {
            w.rollback().map_err(err)?;
        }
        self.pending = false;
        self.max_added = self.committed_max()?;
        Ok(())
    }

    /// The best `limit` articles for an FTS5-style query (see [`crate::fts_query`]),
    /// as (article id, BM25 score).
    pub fn search(&self, fts_query: &str, limit: usize) -> Result<Vec<(i64, f32)>> {
        // FTS5's `"a" NOT "b"` is tantivy's `"a" -"b"`; quoted terms and `OR` read the
        // same. A one-word prefix (`"wor"*`) is not a tantivy phrase prefix (that needs
        // two words), so it becomes a regular expression over the terms, ANDed.
        let mut rest = Vec::new();
        let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for tok in fts_query.split(' ') {
            let word = tok
                .strip_prefix('"')
                .and_then(|t| t.strip_suffix("\"*"))
                .filter(|w| !w.is_empty() && w.chars().all(char::is_alphanumeric));
            match word {
                Some(w) => {
                    let pattern = format!("{}.*", w.to_lowercase());
                    let rq = RegexQuery::from_pattern(&pattern, self.body).map_err(err)?;
                    parts.push((Occur::Must, Box::new(rq)));
                }
                None => rest.push(tok),
            }
        }
        let q = rest.join(" ").replace(" NOT ", " -").replace(" AND ", " ");
        if !q.trim().is_empty() {
            let mut parser = QueryParser::for_index(&self.index, vec![self.body]);
            parser.set_conjunction_by_default();
            let (parsed, _errors) = parser.parse_query_lenient(&q);
            parts.push((Occur::Must, parsed));
        }
        let query: Box<dyn Query> = if parts.len() == 1 {
            parts.remove(0).1
        } else {
            Box::new(BooleanQuery::new(parts))
        };
        let searcher = self.reader.searcher();
        let top = searcher
            .search(&query, &TopDocs::with_limit(limit.max(1)))
            .map_err(err)?;
        let mut out = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let d: TantivyDocument = searcher.doc(addr).map_err(err)?;
            if let Some(id) = d.get_first(self.id).and_then(|v| v.as_u64()) {
                out.push((id as i64, score));
            }
        }
        Ok(out)
    }
}
