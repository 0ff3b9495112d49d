//! readout-store: the embedded corpus store (on-disk schema, transactional ingest,
//! full-text index).
//!
//! Not built yet: issue 8 brings SQLite storage, ingest and search. Until then the
//! crate only names the store's default location so the CLI and server agree on it.
#![deny(missing_docs)]

/// The folder a store lives in when the user names none.
pub const DEFAULT_STORE_DIR: &str = "readout-data";
