//! The on-disk schema: tables, indexes and full-text indexes, and its version.

/// The schema version this build writes and reads. Stored in SQLite's `user_version`.
pub const SCHEMA_VERSION: i64 = 1;

/// The page size of a new store. Documents of a few kilobytes fill 16 KB pages far
/// better than SQLite's default 4 KB pages (which hold one such row each).
pub const PAGE_SIZE: i64 = 16_384;

/// Marks a database as a readout store (SQLite's `application_id`, "RDOU" in ASCII).
pub const APPLICATION_ID: i64 = 0x5244_4f55;

/// The statements that create a store of [`SCHEMA_VERSION`], run in one transaction.
///
/// Offsets (`start`, `end`) are Unicode code points into the document's text, as in
/// readout/1 JSON, so that SQLite's `substr` (which counts characters) can slice it.
pub const CREATE: &str = r"
CREATE TABLE meta(
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE documents(
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL UNIQUE,
    source      TEXT NOT NULL,
    url         TEXT,
    published   TEXT,
    ingested_at INTEGER NOT NULL,
    bytes       INTEGER NOT NULL,
    chars       INTEGER NOT NULL,
    text        TEXT NOT NULL
);
CREATE TABLE articles(
    id         INTEGER PRIMARY KEY,
    doc_id     INTEGER NOT NULL REFERENCES documents(id),
    ord        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    headline   TEXT,
    standfirst TEXT,
    kind       TEXT
);
CREATE INDEX articles_doc ON articles(doc_id);
CREATE VIEW article_body AS
    SELECT a.id AS id, substr(d.text, a.start + 1, a.end - a.start) AS body
    FROM articles a JOIN documents d ON d.id = a.doc_id;
CREATE VIRTUAL TABLE articles_fts USING fts5(
    body, content = 'article_body', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE noise(
    doc_id INTEGER NOT NULL REFERENCES documents(id),
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
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    alias     TEXT NOT NULL,
    PRIMARY KEY(entity_id, alias)
) WITHOUT ROWID;
CREATE TABLE mentions(
    doc_id     INTEGER NOT NULL REFERENCES documents(id),
    article_id INTEGER REFERENCES articles(id),
    entity_id  INTEGER NOT NULL REFERENCES entities(id),
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY(doc_id, start, end, entity_id)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE TABLE roles(
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    doc_id    INTEGER NOT NULL REFERENCES documents(id),
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    text      TEXT NOT NULL
);
CREATE INDEX roles_entity ON roles(entity_id);
CREATE TABLE dates(
    id         INTEGER PRIMARY KEY,
    doc_id     INTEGER NOT NULL REFERENCES documents(id),
    article_id INTEGER REFERENCES articles(id),
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    value      TEXT,
    anchor     TEXT NOT NULL,
    first_day  TEXT
);
CREATE INDEX dates_article ON dates(article_id);
CREATE TABLE statements(
    id            INTEGER PRIMARY KEY,
    doc_id        INTEGER NOT NULL REFERENCES documents(id),
    article_id    INTEGER REFERENCES articles(id),
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    speaker_id    INTEGER REFERENCES entities(id),
    speaker_text  TEXT,
    cue           TEXT,
    medium        TEXT,
    medium_text   TEXT,
    date_id       INTEGER REFERENCES dates(id),
    said_on       TEXT,
    stance        TEXT,
    stance_target INTEGER REFERENCES statements(id)
);
CREATE INDEX statements_article ON statements(article_id);
CREATE INDEX statements_speaker ON statements(speaker_id);
CREATE INDEX statements_said_on ON statements(said_on);
CREATE VIEW statement_body AS
    SELECT s.id AS id, substr(d.text, s.start + 1, s.end - s.start) AS content
    FROM statements s JOIN documents d ON d.id = s.doc_id;
CREATE VIRTUAL TABLE statements_fts USING fts5(
    content, content = 'statement_body', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE statement_about(
    statement_id INTEGER NOT NULL REFERENCES statements(id),
    entity_id    INTEGER NOT NULL REFERENCES entities(id),
    PRIMARY KEY(statement_id, entity_id)
) WITHOUT ROWID;
CREATE INDEX statement_about_entity ON statement_about(entity_id);
CREATE TABLE money(
    id            INTEGER PRIMARY KEY,
    doc_id        INTEGER NOT NULL REFERENCES documents(id),
    article_id    INTEGER REFERENCES articles(id),
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    text          TEXT NOT NULL,
    amount        REAL NOT NULL,
    currency      TEXT NOT NULL,
    approx        TEXT,
    equivalent_of INTEGER REFERENCES money(id)
);
CREATE INDEX money_article ON money(article_id);
CREATE TABLE quantities(
    id         INTEGER PRIMARY KEY,
    doc_id     INTEGER NOT NULL REFERENCES documents(id),
    article_id INTEGER REFERENCES articles(id),
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    value      REAL NOT NULL,
    unit       TEXT NOT NULL
);
CREATE INDEX quantities_article ON quantities(article_id);
";

/// Full-text index settings, stored with the index: a 16 MB in-memory buffer of new
/// terms (the default is 1 MB) so that a batch of documents becomes one index segment
/// rather than many, which makes ingest faster and leaves fewer segments to merge.
pub const CONFIGURE: &str = r"
INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', 16777216);
INSERT INTO statements_fts(statements_fts, rank) VALUES ('hashsize', 4194304);
";
