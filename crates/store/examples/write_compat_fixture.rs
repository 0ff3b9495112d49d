//! Writes `tests/compat/v<SCHEMA_VERSION>.db`, the store that the compatibility test
//! opens: `cargo run -p readout-store --example write_compat_fixture`. Run it only when
//! the schema version changes, and keep the fixtures of older versions.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::Path;

fn main() {
    let dir = std::env::temp_dir().join(format!("readout-compat-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    common::write_compat(&dir);
    let db = dir.join(readout_store::DB_FILE);
    let conn = rusqlite::Connection::open(&db).expect("the new store opens");
    conn.pragma_update(None, "journal_mode", "DELETE")
        .expect("the journal mode changes");
    // Small pages keep the committed file small (one page per table and index).
    conn.execute_batch("PRAGMA page_size = 512; VACUUM")
        .expect("the store compacts");
    drop(conn);
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!(
        "tests/compat/v{}.db",
        readout_store::SCHEMA_VERSION
    ));
    std::fs::copy(&db, &target).expect("the fixture is written");
    let _ = std::fs::remove_dir_all(&dir);
    println!("wrote {}", target.display());
}
