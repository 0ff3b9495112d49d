//! readout-store: the embedded corpus store (on-disk schema, transactional ingest,
//! full-text search and queries).
//!
//! A store is a folder holding one SQLite database ([`DB_FILE`]) in WAL mode. Documents
//! are written in transactions ([`Store::begin`], [`Batch::add`], [`Batch::commit`]):
//! a crash leaves every committed document and nothing of an uncommitted one. The full
//! text of articles and statements is indexed with SQLite's FTS5 in the same transaction
//! as the data, so the index can never disagree with the tables.
//!
//! ```
//! use readout_store::{NewDocument, Store};
//!
//! let dir = tempfile_dir();
//! let mut store = Store::open(&dir).unwrap();
//! let (doc, _) = readout_core::analyze("Port deal signed\nThe port deal was signed.\n", &Default::default());
//! let mut batch = store.begin().unwrap();
//! batch.add(&NewDocument::new("a.txt", "hash-a", doc)).unwrap();
//! batch.commit().unwrap();
//! let hits = store.search("port", 10, readout_store::SearchIn::Articles).unwrap();
//! assert_eq!(hits.len(), 1);
//! # fn tempfile_dir() -> std::path::PathBuf {
//! #     let d = std::env::temp_dir().join(format!("readout-store-doctest-{}", std::process::id()));
//! #     let _ = std::fs::remove_dir_all(&d);
//! #     d
//! # }
//! ```
#![deny(missing_docs)]

mod link;
mod query;
mod rows;
mod schema;
#[cfg(feature = "tantivy")]
mod tantivy_index;
mod web;
mod write;

use std::fmt;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

pub use query::{fts_query, ArticleView, ExportTable, SearchIn, StatementFilter};
pub use rows::{Rows, Value};
pub use schema::{APPLICATION_ID, SCHEMA_VERSION};
pub use web::{ArticleFilter, ArticleLayers, EntityView, Overview};
pub use write::{normalise_name, Batch, NewDocument, Written};

/// The folder a store lives in when the user names none.
pub const DEFAULT_STORE_DIR: &str = "readout-data";

/// The database file inside a store folder.
pub const DB_FILE: &str = "readout.db";

/// Why a store could not be opened, read or written.
#[derive(Debug)]
pub enum Error {
    /// The folder holds no store (for commands that only read).
    NoStore(PathBuf),
    /// The database was written by a newer readout with a schema this build cannot read.
    NewerVersion {
        /// The database file.
        path: PathBuf,
        /// The schema version found in the file.
        found: i64,
        /// The newest version this build reads.
        supported: i64,
    },
    /// The file is an SQLite database but not a readout store.
    NotAStore(PathBuf),
    /// The folder could not be created or read.
    Io(PathBuf, std::io::Error),
    /// SQLite reported an error.
    Sqlite(rusqlite::Error),
    /// The optional tantivy index (the `tantivy` feature) reported an error.
    Index(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoStore(p) => write!(
                f,
                "{}: no readout store here; create one with `readout ingest` (or pass --store DIR)",
                p.display()
            ),
            Error::NewerVersion {
                path,
                found,
                supported,
            } => write!(
                f,
                "{}: the store has schema version {found}, written by a newer readout; this \
                 readout reads versions up to {supported}: upgrade readout to open it",
                path.display()
            ),
            Error::NotAStore(p) => {
                write!(f, "{}: this database is not a readout store", p.display())
            }
            Error::Io(p, e) => write!(f, "{}: {e}", p.display()),
            Error::Sqlite(e) => write!(f, "store: {e}"),
            Error::Index(e) => write!(f, "store: full-text index: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io(_, e) => Some(e),
            Error::Sqlite(e) => Some(e),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Sqlite(e)
    }
}

/// Compresses a document's text for the store (`document_rows.packed`)
/// (zstd, level 3: about half the size of news text, decompressed in microseconds).
#[must_use]
pub fn pack(text: &str) -> Vec<u8> {
    // Compressing from memory into memory cannot fail but for allocation; keep the
    // text readable (a zstd frame of level 0 is never smaller) if it ever does.
    zstd::bulk::compress(text.as_bytes(), 3)
        .unwrap_or_else(|_| zstd::stream::encode_all(text.as_bytes(), 0).unwrap_or_default())
}

thread_local! {
    /// One compression context per thread, reused (creating one costs more than
    /// compressing a short article).
    static COMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> =
        const { std::cell::RefCell::new(None) };
}

/// Like [`pack`], reusing this thread's compression context.
pub(crate) fn pack_reusing(text: &str) -> Vec<u8> {
    COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_none() {
            *c = zstd::bulk::Compressor::new(3).ok();
        }
        c.as_mut()
            .and_then(|c| c.compress(text.as_bytes()).ok())
            .unwrap_or_else(|| pack(text))
    })
}

/// The text [`pack`] compressed; `None` when `packed` is not such a text.
#[must_use]
pub fn unpack(packed: &[u8]) -> Option<String> {
    let bytes = zstd::stream::decode_all(packed).ok()?;
    String::from_utf8(bytes).ok()
}

thread_local! {
    /// The last text `readout_text` unpacked: queries read several spans of one
    /// document in a row (a statement's content, speaker and cue).
    static LAST_UNPACKED: std::cell::RefCell<(Vec<u8>, std::rc::Rc<str>)> =
        std::cell::RefCell::new((Vec::new(), std::rc::Rc::from("")));
}

/// Registers the SQL functions the schema's views and queries use: `readout_text(packed)`
/// (the text of `document_rows.packed`), `readout_pack(text)` and
/// `readout_phrases(text, phrases)` (see [`query::has_phrases`]).
fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("readout_text", 1, flags, |ctx| {
        let packed = ctx.get_raw(0);
        let bytes = match packed {
            rusqlite::types::ValueRef::Blob(b) => b,
            // A text (never written by readout, but harmless) is its own text.
            rusqlite::types::ValueRef::Text(t) => {
                return Ok(Some(String::from_utf8_lossy(t).into_owned()))
            }
            _ => return Ok(None),
        };
        let text = LAST_UNPACKED.with(|last| {
            let mut last = last.borrow_mut();
            if last.0 != bytes {
                let text = unpack(bytes).ok_or_else(|| {
                    rusqlite::Error::UserFunctionError("readout_text: not a packed text".into())
                })?;
                *last = (bytes.to_vec(), std::rc::Rc::from(text));
            }
            Ok::<_, rusqlite::Error>(std::rc::Rc::clone(&last.1))
        })?;
        Ok(Some(text.to_string()))
    })?;
    conn.create_scalar_function("readout_pack", 1, flags, |ctx| {
        let text: String = ctx.get(0)?;
        Ok(pack(&text))
    })?;
    conn.create_scalar_function("readout_phrases", 2, flags, |ctx| {
        let text = ctx.get::<Option<String>>(0)?.unwrap_or_default();
        let phrases: String = ctx.get(1)?;
        Ok(query::has_phrases(&text, &phrases))
    })?;
    Ok(())
}

/// Upgrades a version-1 store to version 2 (one transaction), then compacts the file.
fn migrate_1_to_2(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    // Another process may have upgraded the store while this one waited for the lock.
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version != 1 {
        return Ok(());
    }
    tx.execute_batch(schema::MIGRATE_1_TO_2)?;
    tx.execute_batch(schema::CONFIGURE_STATEMENTS)?;
    tx.pragma_update(None, "user_version", 2)?;
    tx.commit()?;
    // The version-1 pages are free now; give them back to the file system (and the
    // copy VACUUM wrote to the WAL too).
    conn.execute_batch("VACUUM")?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

/// Upgrades a version-2 store to version 3 (one transaction): the short-form keys that
/// link entities across documents are built from the stored aliases, and the entities
/// they link are merged (see link.rs).
fn migrate_2_to_3(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version != 2 {
        return Ok(());
    }
    tx.execute_batch(link::CREATE_ALIAS_KEYS)?;
    link::backfill(&tx)?;
    tx.pragma_update(None, "user_version", 3)?;
    tx.commit()?;
    Ok(())
}

/// Results of store operations.
pub type Result<T> = std::result::Result<T, Error>;

/// An open store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// What the writer knows of the stored entities (see link.rs).
    links: link::Links,
    /// True while a batch is open; a batch dropped without commit leaves it set, and
    /// the entity cache (which may name rolled-back rows) is cleared at the next begin.
    dirty: bool,
    /// Article id ranges at least this wide are ranked in two halves at once.
    parallel_from: i64,
    /// True when `parallel_from` was set: split regardless of the machine's load.
    parallel_forced: bool,
    /// The tantivy index of article text, when built with the `tantivy` feature.
    #[cfg(feature = "tantivy")]
    tantivy: Option<tantivy_index::TantivyIndex>,
    /// Whether article searches use tantivy (when present) rather than FTS5.
    #[cfg(feature = "tantivy")]
    use_tantivy: bool,
}

impl Store {
    /// Opens the store in folder `dir`, creating the folder and an empty store when
    /// there is none.
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|e| Error::Io(dir.to_path_buf(), e))?;
        Store::open_file(&dir.join(DB_FILE), true)
    }

    /// Opens the existing store in folder `dir`; a folder without one is an error.
    pub fn open_existing(dir: &Path) -> Result<Store> {
        let path = dir.join(DB_FILE);
        if !path.is_file() {
            return Err(Error::NoStore(dir.to_path_buf()));
        }
        Store::open_file(&path, false)
    }

    /// Opens a store database file (creating it when `create` is true).
    pub fn open_file(path: &Path, create: bool) -> Result<Store> {
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let mut conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        register_functions(&conn)?;
        // Off before any write: a version-1 store's tables name each other in
        // REFERENCES clauses, which its upgrade drops.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if version == 0 && app == 0 {
            let tables: i64 =
                conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
            if tables > 0 {
                return Err(Error::NotAStore(path.to_path_buf()));
            }
            // The page size must be set before the first table is written.
            conn.pragma_update(None, "page_size", schema::PAGE_SIZE)?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            let tx = conn.transaction()?;
            tx.execute_batch(schema::CREATE)?;
            tx.execute_batch(link::CREATE_ALIAS_KEYS)?;
            tx.execute_batch(schema::CONFIGURE)?;
            tx.execute(
                "INSERT INTO meta(key, value) VALUES ('created_by', ?1)",
                [concat!("readout ", env!("CARGO_PKG_VERSION"))],
            )?;
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            tx.commit()?;
        } else if app != APPLICATION_ID {
            return Err(Error::NotAStore(path.to_path_buf()));
        } else if version > SCHEMA_VERSION {
            return Err(Error::NewerVersion {
                path: path.to_path_buf(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        } else {
            if version == 1 {
                migrate_1_to_2(&mut conn)?;
            }
            if version <= 2 {
                migrate_2_to_3(&mut conn)?;
            }
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // NORMAL is durable against a crash of the process (the WAL is written before
        // commit returns); only a power loss can lose the last transactions.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "cache_size", -65_536)?;
        // Reads map the file rather than copy pages (a search touches few pages of a
        // large file; mapping them is cheaper than reading them into the cache).
        conn.pragma_update(None, "mmap_size", 1_i64 << 30)?;
        // Ingest uses about twenty statements per document, queries a dozen more; the
        // default cache of 16 would prepare some of them again for every document.
        conn.set_prepared_statement_cache_capacity(128);
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        #[cfg(feature = "tantivy")]
        let tantivy = {
            let dir = path.parent().unwrap_or(Path::new(".")).join("tantivy");
            Some(tantivy_index::TantivyIndex::open(&dir, &conn)?)
        };
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            links: link::Links::default(),
            dirty: false,
            parallel_from: 20_000,
            parallel_forced: false,
            #[cfg(feature = "tantivy")]
            tantivy,
            #[cfg(feature = "tantivy")]
            use_tantivy: true,
        })
    }

    /// Sets how many articles a store needs before searches rank its two halves on two
    /// threads (20,000 by default, and then only while a core seems idle; once set,
    /// whatever the load; tests lower it).
    pub fn set_parallel_search_from(&mut self, articles: i64) {
        self.parallel_from = articles.max(1);
        self.parallel_forced = true;
    }

    /// Chooses the engine of article searches: tantivy (true, the default when the
    /// `tantivy` feature is built) or FTS5 (false). Without the feature this does nothing.
    pub fn set_tantivy_search(&mut self, on: bool) {
        #[cfg(feature = "tantivy")]
        {
            self.use_tantivy = on;
        }
        #[cfg(not(feature = "tantivy"))]
        let _ = on;
    }

    /// The database file.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// The content hashes of every stored document (to skip known inputs early).
    pub fn known_hashes(&self) -> Result<std::collections::HashSet<String>> {
        let mut st = self.conn.prepare("SELECT sha256 FROM documents")?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = std::collections::HashSet::new();
        for r in rows {
            out.insert(r?);
        }
        Ok(out)
    }

    /// True when a document with this content hash is stored.
    pub fn contains(&self, sha256: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM documents WHERE sha256 = ?1")?
            .exists([sha256])?)
    }

    /// Number of stored documents.
    pub fn document_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?)
    }

    /// Checks the store: SQLite's integrity check, both full-text indexes against their
    /// tables, and that every document has its articles indexed. Returns the problems
    /// found (empty when the store is sound).
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut st = self.conn.prepare("PRAGMA integrity_check")?;
        for r in st.query_map([], |r| r.get::<_, String>(0))? {
            let r = r?;
            if r != "ok" {
                problems.push(format!("integrity: {r}"));
            }
        }
        for fts in ["articles_fts", "statements_fts"] {
            if let Err(e) = self.conn.execute(
                &format!("INSERT INTO {fts}({fts}, rank) VALUES('integrity-check', 1)"),
                [],
            ) {
                problems.push(format!("{fts}: {e}"));
            }
        }
        let orphans: i64 = self.conn.query_row(
            "SELECT count(*) FROM documents d WHERE NOT EXISTS
                 (SELECT 1 FROM articles a WHERE a.doc_id = d.id)",
            [],
            |r| r.get(0),
        )?;
        if orphans > 0 {
            problems.push(format!("{orphans} document(s) without articles"));
        }
        let (articles, indexed): (i64, i64) = self.conn.query_row(
            "SELECT (SELECT count(*) FROM articles),
                    (SELECT count(*) FROM articles_fts_docsize)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if articles != indexed {
            problems.push(format!(
                "{articles} articles but {indexed} in the full-text index"
            ));
        }
        Ok(problems)
    }

    /// Merges the full-text indexes into one segment each, which makes searches faster
    /// after a large ingest.
    pub fn optimize(&mut self) -> Result<()> {
        self.conn
            .execute_batch(
                "INSERT INTO articles_fts(articles_fts) VALUES('optimize');
                 INSERT INTO statements_fts(statements_fts) VALUES('optimize');",
            )
            .map_err(Error::from)?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// Rewrites the database file without free space (SQLite's `VACUUM`): after a large
    /// ingest and [`Store::optimize`], pages are full again and the file is about 5%
    /// smaller. Needs free disk space for a second copy while it runs.
    pub fn compact(&mut self) -> Result<()> {
        self.conn.execute_batch("VACUUM")?;
        self.checkpoint()
    }

    /// Writes the WAL back into the database file (so the folder holds one file).
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}
