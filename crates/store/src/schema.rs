//! The on-disk schema: tables, indexes and full-text indexes, and its version.

/// The schema version this build writes and reads. Stored in SQLite's `user_version`.
pub const SCHEMA_VERSION: i64 = 3;

/// The page size of a new store. Documents of a few kilobytes fill 16 KB pages far
/// better than SQLite's default 4 KB pages (which hold one such row each).
pub const PAGE_SIZE: i64 = 16_384;

/// Marks a database as a readout store (SQLite's `application_id`, "RDOU" in ASCII).
pub const APPLICATION_ID: i64 = 0x5244_4f55;

/// SQL that turns a stored `said_day`/`first_day` integer (`YYYYMMDD`) into the
/// `YYYY-MM-DD` text the views show.
macro_rules! day_text {
    ($col:literal) => {
        concat!(
            "CASE WHEN ",
            $col,
            " IS NOT NULL THEN printf('%04d-%02d-%02d', ",
            $col,
            " / 10000, ",
            $col,
            " / 100 % 100, ",
            $col,
            " % 100) END"
        )
    };
}

/// SQL for the text of a span of the row's document: `(SELECT substr(…))`, evaluated
/// only when the column is read.
macro_rules! span_text {
    ($row:literal, $start:literal, $end:literal) => {
        concat!(
            "(SELECT substr(readout_text(x.packed), ",
            $row,
            ".",
            $start,
            " + 1, ",
            $row,
            ".",
            $end,
            " - ",
            $row,
            ".",
            $start,
            ") FROM document_rows x WHERE x.id = ",
            $row,
            ".doc_id)"
        )
    };
}

/// Tables that version 2 keeps as version 1 had them (created by [`CREATE`] only).
macro_rules! create_base {
    () => {
        r"
CREATE TABLE meta(
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE articles(
    id         INTEGER PRIMARY KEY,
    doc_id     INTEGER NOT NULL,
    ord        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    headline   TEXT,
    standfirst TEXT,
    kind       TEXT
);
CREATE INDEX articles_doc ON articles(doc_id);
CREATE VIRTUAL TABLE articles_fts USING fts5(
    body, content = 'article_body', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE noise(
    doc_id INTEGER NOT NULL,
    start  INTEGER NOT NULL,
    end    INTEGER NOT NULL,
    kind   TEXT NOT NULL
);
CREATE TABLE entities(
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    key       TEXT NOT NULL,
    name      TEXT NOT NULL,
    mentions  INTEGER NOT NULL DEFAULT 0,
    documents INTEGER NOT NULL DEFAULT 0,
    UNIQUE(kind, key)
);
CREATE TABLE aliases(
    entity_id INTEGER NOT NULL,
    alias     TEXT NOT NULL,
    PRIMARY KEY(entity_id, alias)
) WITHOUT ROWID;
CREATE TABLE statement_about(
    statement_id INTEGER NOT NULL,
    entity_id    INTEGER NOT NULL,
    PRIMARY KEY(statement_id, entity_id)
) WITHOUT ROWID;
CREATE INDEX statement_about_entity ON statement_about(entity_id);
"
    };
}

/// The compact tables of version 2 (all but statements), shared with the migration.
/// `document_rows.packed` is the zstd-compressed UTF-8 text; `mention_rows.kind` is
/// 0 name, 1 pronoun, 2 description; `date_rows.anchor` is 0 explicit, 1 relative.
macro_rules! create_rows {
    () => {
        r"
CREATE TABLE document_rows(
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL UNIQUE,
    source      TEXT NOT NULL,
    url         TEXT,
    published   TEXT,
    ingested_at INTEGER NOT NULL,
    bytes       INTEGER NOT NULL,
    chars       INTEGER NOT NULL,
    packed      BLOB NOT NULL
);
CREATE TABLE mention_rows(
    doc_id     INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    entity_id  INTEGER NOT NULL,
    article_id INTEGER,
    kind       INTEGER NOT NULL,
    PRIMARY KEY(doc_id, start, end, entity_id)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mention_rows(entity_id);
CREATE TABLE role_rows(
    entity_id INTEGER NOT NULL,
    doc_id    INTEGER NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL
);
CREATE INDEX roles_entity ON role_rows(entity_id);
CREATE TABLE date_rows(
    id         INTEGER PRIMARY KEY,
    doc_id     INTEGER NOT NULL,
    article_id INTEGER,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    value      TEXT,
    anchor     INTEGER NOT NULL,
    first_day  INTEGER
);
CREATE INDEX dates_article ON date_rows(article_id);
CREATE TABLE money_rows(
    id            INTEGER PRIMARY KEY,
    doc_id        INTEGER NOT NULL,
    article_id    INTEGER,
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    amount        REAL NOT NULL,
    currency      TEXT NOT NULL,
    approx        TEXT,
    equivalent_of INTEGER
);
CREATE INDEX money_article ON money_rows(article_id);
CREATE TABLE quantity_rows(
    id         INTEGER PRIMARY KEY,
    doc_id     INTEGER NOT NULL,
    article_id INTEGER,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    value      REAL NOT NULL,
    unit       TEXT NOT NULL
);
CREATE INDEX quantities_article ON quantity_rows(article_id);
"
    };
}

/// The statements table of version 2. `kind` is 0 direct, 1 indirect, 2 mixed;
/// `stance` 0 denies, 1 supports; `said_day` a `YYYYMMDD` integer. The speaker's words,
/// the cue and the medium as written are spans (`speaker_start` …); `speaker_name` holds
/// a name that is no span of the text, and `cue_text`/`medium_text` only hold what a
/// version-1 store had (it kept the words, not their spans).
macro_rules! create_statement_rows {
    () => {
        r"
CREATE TABLE statement_rows(
    id            INTEGER PRIMARY KEY,
    doc_id        INTEGER NOT NULL,
    article_id    INTEGER,
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    kind          INTEGER NOT NULL,
    speaker_id    INTEGER,
    speaker_start INTEGER,
    speaker_end   INTEGER,
    speaker_name  TEXT,
    cue_start     INTEGER,
    cue_end       INTEGER,
    medium        TEXT,
    medium_start  INTEGER,
    medium_end    INTEGER,
    date_id       INTEGER,
    said_day      INTEGER,
    stance        INTEGER,
    stance_target INTEGER,
    cue_text      TEXT,
    medium_text   TEXT
);
CREATE INDEX statements_article ON statement_rows(article_id);
CREATE INDEX statements_speaker ON statement_rows(speaker_id);
"
    };
}

/// The views that show the version-1 tables (and the full-text content views).
macro_rules! create_views {
    () => {
        concat!(
            "CREATE VIEW documents AS
    SELECT id, sha256, source, url, published, ingested_at, bytes, chars,
           readout_text(packed) AS text
    FROM document_rows;
CREATE VIEW article_body AS
    SELECT a.id AS id, substr(readout_text(d.packed), a.start + 1, a.end - a.start) AS body
    FROM articles a JOIN document_rows d ON d.id = a.doc_id;
CREATE VIEW mentions AS
    SELECT m.doc_id, m.article_id, m.entity_id, m.start, m.end,
           CASE m.kind WHEN 0 THEN 'name' WHEN 1 THEN 'pronoun' ELSE 'description' END
               AS kind,
           ",
            span_text!("m", "start", "end"),
            " AS text
    FROM mention_rows m;
CREATE VIEW roles AS
    SELECT r.entity_id, r.doc_id, r.start, r.end, ",
            span_text!("r", "start", "end"),
            " AS text
    FROM role_rows r;
CREATE VIEW dates AS
    SELECT t.id, t.doc_id, t.article_id, t.start, t.end, ",
            span_text!("t", "start", "end"),
            " AS text, t.value,
           CASE t.anchor WHEN 0 THEN 'explicit' ELSE 'relative' END AS anchor, ",
            day_text!("t.first_day"),
            " AS first_day
    FROM date_rows t;
CREATE VIEW money AS
    SELECT m.id, m.doc_id, m.article_id, m.start, m.end, ",
            span_text!("m", "start", "end"),
            " AS text, m.amount, m.currency, m.approx, m.equivalent_of
    FROM money_rows m;
CREATE VIEW quantities AS
    SELECT q.id, q.doc_id, q.article_id, q.start, q.end, ",
            span_text!("q", "start", "end"),
            " AS text, q.value, q.unit
    FROM quantity_rows q;
CREATE VIEW statements AS
    SELECT s.id, s.doc_id, s.article_id, s.start, s.end,
           CASE s.kind WHEN 0 THEN 'direct' WHEN 1 THEN 'indirect' ELSE 'mixed' END AS kind,
           s.speaker_id,
           coalesce(s.speaker_name, CASE WHEN s.speaker_start IS NOT NULL THEN ",
            span_text!("s", "speaker_start", "speaker_end"),
            " END) AS speaker_text,
           coalesce(s.cue_text, CASE WHEN s.cue_start IS NOT NULL THEN ",
            span_text!("s", "cue_start", "cue_end"),
            " END) AS cue,
           s.medium,
           coalesce(s.medium_text, CASE WHEN s.medium_start IS NOT NULL THEN ",
            span_text!("s", "medium_start", "medium_end"),
            " END) AS medium_text,
           s.date_id, ",
            day_text!("s.said_day"),
            " AS said_on, s.said_day,
           CASE s.stance WHEN 0 THEN 'denies' WHEN 1 THEN 'supports' END AS stance,
           s.stance_target
    FROM statement_rows s;
CREATE VIEW statement_body AS
    SELECT s.id AS id, substr(readout_text(d.packed), s.start + 1, s.end - s.start) AS content
    FROM statement_rows s JOIN document_rows d ON d.id = s.doc_id;
"
        )
    };
}

/// The statement full-text index of version 2.
macro_rules! create_fts {
    () => {
        r"
CREATE VIRTUAL TABLE statements_fts USING fts5(
    content, content = 'statement_body', content_rowid = 'id', detail = none,
    tokenize = 'unicode61 remove_diacritics 2'
);
"
    };
}

/// The statements that create a store of [`SCHEMA_VERSION`] (after [`CREATE_BASE`]),
/// run in one transaction.
///
/// Offsets (`start`, `end`) are Unicode code points into the document's text, as in
/// readout/1 JSON, so that SQLite's `substr` (which counts characters) can slice it.
///
/// Version 2 stores every fact compactly: the document text once, compressed
/// (`document_rows.packed`, zstd; [`crate::pack`]), every other piece of text as a span
/// into it, kinds as small integers and days as `YYYYMMDD` integers. Views with the
/// version-1 table names (`documents`, `mentions`, `statements`, `dates`, `money`,
/// `quantities`, `roles`) show the version-1 columns, computed from those, so that
/// queries read the store as before. Statement search uses an FTS5 index with
/// `detail=none` (no positions: a third of the size); phrases are checked on the
/// statement text by `readout_phrases` (see [`crate::query`]).
///
/// Version 3 adds the `alias_keys` table that links entities across documents (created
/// next to these statements; see `link.rs`).
pub const CREATE: &str = concat!(
    create_base!(),
    create_rows!(),
    create_statement_rows!(),
    create_views!(),
    create_fts!()
);

/// Upgrades a version-1 store to version 2 in place (run in one transaction, with the
/// `readout_pack` function registered): the rows move to the compact tables, the
/// version-1 tables become views, and the statement index is rebuilt. Days outside the
/// years 0–9999 (which version 1 wrote with a sign or more digits) are not kept as
/// days, as version 2 does not keep them either.
pub const MIGRATE_1_TO_2: &str = concat!(
    "DROP VIEW article_body;
DROP VIEW statement_body;
DROP TABLE statements_fts;
DROP INDEX IF EXISTS mentions_entity;
DROP INDEX IF EXISTS roles_entity;
DROP INDEX IF EXISTS dates_article;
DROP INDEX IF EXISTS money_article;
DROP INDEX IF EXISTS quantities_article;
DROP INDEX IF EXISTS statements_article;
DROP INDEX IF EXISTS statements_speaker;
DROP INDEX IF EXISTS statements_said_on;
",
    create_rows!(),
    create_statement_rows!(),
    r"
INSERT INTO document_rows
    SELECT id, sha256, source, url, published, ingested_at, bytes, chars, readout_pack(text)
    FROM documents;
INSERT INTO mention_rows
    SELECT doc_id, start, end, entity_id, article_id,
           CASE kind WHEN 'name' THEN 0 WHEN 'pronoun' THEN 1 ELSE 2 END
    FROM mentions;
INSERT INTO role_rows SELECT entity_id, doc_id, start, end FROM roles;
INSERT INTO date_rows
    SELECT id, doc_id, article_id, start, end, value, anchor = 'relative',
           CASE WHEN length(first_day) = 10 THEN CAST(replace(first_day, '-', '') AS INTEGER) END
    FROM dates;
INSERT INTO money_rows
    SELECT id, doc_id, article_id, start, end, amount, currency, approx, equivalent_of
    FROM money;
INSERT INTO quantity_rows SELECT id, doc_id, article_id, start, end, value, unit FROM quantities;
INSERT INTO statement_rows(id, doc_id, article_id, start, end, kind, speaker_id,
        speaker_name, medium, date_id, said_day, stance, stance_target, cue_text,
        medium_text)
    SELECT id, doc_id, article_id, start, end,
           CASE kind WHEN 'direct' THEN 0 WHEN 'indirect' THEN 1 ELSE 2 END,
           speaker_id, speaker_text, medium, date_id,
           CASE WHEN length(said_on) = 10 THEN CAST(replace(said_on, '-', '') AS INTEGER) END,
           CASE stance WHEN 'denies' THEN 0 WHEN 'supports' THEN 1 END,
           stance_target, cue, medium_text
    FROM statements;
DROP TABLE documents;
DROP TABLE mentions;
DROP TABLE roles;
DROP TABLE dates;
DROP TABLE money;
DROP TABLE quantities;
DROP TABLE statements;
",
    create_views!(),
    create_fts!(),
    r"
INSERT INTO statements_fts(statements_fts) VALUES ('rebuild');
"
);

/// Full-text index settings, stored with the index: a 16 MB in-memory buffer of new
/// terms (the default is 1 MB) so that a batch of documents becomes one index segment
/// rather than many, which makes ingest faster and leaves fewer segments to merge.
pub const CONFIGURE: &str = r"
INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', 16777216);
INSERT INTO statements_fts(statements_fts, rank) VALUES ('hashsize', 4194304);
";

/// The statement index settings of [`CONFIGURE`], for the index the migration rebuilds.
pub const CONFIGURE_STATEMENTS: &str = r"
INSERT INTO statements_fts(statements_fts, rank) VALUES ('hashsize', 4194304);
";
