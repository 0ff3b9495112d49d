//! Linking entities across the corpus: a name written alone in one document ("Trump")
//! and the full name another document gives it ("Donald Trump") become one entity.
//!
//! Each document's analysis already resolves its own short forms: its entities carry
//! the other forms they were written as (`aliases`). The store keeps those forms as
//! normalised keys (`alias_keys`, with the last word of every person's name of two words
//! or more as one more key) and links through them:
//!
//! - an entity whose name is the key of a stored entity of its type is that entity;
//! - otherwise, a name that is a short form of exactly **one** stored entity of its type
//!   is that entity; a name several entities share is the one that has three quarters
//!   of their documents (at least three), if one does ("Trump" for Donald Trump rather
//!   than for a "Make Trump" that a misread slogan produced), and otherwise its own
//!   entity ("Smith" for Anna and John Smith);
//! - when a full name arrives later than its short form, the short form's entity is
//!   merged into the full name's by the same rule, when the full name has at least as
//!   many documents (an "Apple" in a hundred documents does not become the "Apple
//!   Records" that one document shortened to "Apple").
//!
//! A document's entities are never linked to each other: where its analysis kept
//! "Smith" apart from "Anna Smith", the store does too. Linking is greedy, in the order
//! documents are ingested: a short form goes to the entity that had it (alone, or with
//! three quarters of the documents) when the document was stored.

use std::collections::HashMap;

use readout_core::{Entity, EntityType};
use rusqlite::{params, OptionalExtension, Transaction};

use crate::write::normalise_name;
use crate::Result;

/// The table of short-form keys (created with the store, or by the upgrade to version 3).
pub(crate) const CREATE_ALIAS_KEYS: &str = r"
CREATE TABLE alias_keys(
    kind      TEXT NOT NULL,
    key       TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    PRIMARY KEY(kind, key, entity_id)
) WITHOUT ROWID;
CREATE INDEX alias_keys_entity ON alias_keys(entity_id);
";

/// The entity types as the store writes them (`EntityType::as_str`).
const KINDS: [&str; 8] = [
    "PERSON", "ORG", "GPE", "LOC", "NORP", "MEDIA", "EVENT", "LAW",
];

/// Words that end a person's name without being a surname.
const NAME_SUFFIXES: [&str; 6] = ["jr", "sr", "ii", "iii", "iv", "jnr"];

/// The keys under which an entity can be found besides its own name's key `key`: its
/// `aliases`, and for a `person` named in two words or more, the last word (the
/// surname).
pub(crate) fn short_keys(aliases: &[String], person: bool, key: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(aliases.len() + 1);
    let mut push = |k: String| {
        if !k.is_empty() && k != key && !out.contains(&k) {
            out.push(k);
        }
    };
    for a in aliases {
        push(normalise_name(a));
    }
    if person {
        if let Some(last) = surname_key(key) {
            push(last.to_string());
        }
    }
    out
}

/// The last word of a normalised person's name of two words or more, unless it is a
/// suffix ("Jr.") or too short to tell people apart.
fn surname_key(key: &str) -> Option<&str> {
    let mut words = key.rsplit(' ');
    let last = words.next()?.trim_end_matches('.');
    words.next()?;
    if last.chars().count() < 2
        || NAME_SUFFIXES.contains(&last)
        || !last
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
    {
        return None;
    }
    Some(last)
}

/// What the writer knows of the store's entities and short forms: a cache of the
/// database, filled as names are looked up and kept in step with what the open batch
/// writes (cleared when a batch is rolled back).
#[derive(Debug, Default)]
pub(crate) struct Links {
    /// Entity ids by type and name key; `None` for a key known to name no entity.
    ids: HashMap<(&'static str, String), Option<i64>>,
    /// The entities that have each short-form key, by type and key (all of the
    /// store's once `loaded`).
    holders: HashMap<(&'static str, String), Vec<i64>>,
    /// True once `holders` holds every short form of the store.
    loaded: bool,
    /// The stored document counts of entities, as the open batch began.
    stored_docs: HashMap<i64, i64>,
}

impl Links {
    /// Forgets everything (after a rollback).
    pub(crate) fn clear(&mut self) {
        self.ids.clear();
        self.holders.clear();
        self.loaded = false;
        self.stored_docs.clear();
    }

    /// Forgets the document counts read in the last batch (its commit changed them).
    pub(crate) fn start_batch(&mut self) {
        self.stored_docs.clear();
    }

    /// The id of the stored entity with this type and name key.
    fn by_key(
        &mut self,
        tx: &Transaction<'_>,
        kind: &'static str,
        key: &str,
    ) -> Result<Option<i64>> {
        if let Some(&id) = self.ids.get(&(kind, key.to_string())) {
            return Ok(id);
        }
        let id = tx
            .prepare_cached("SELECT id FROM entities WHERE kind = ?1 AND key = ?2")?
            .query_row(params![kind, key], |r| r.get(0))
            .optional()?;
        self.ids.insert((kind, key.to_string()), id);
        Ok(id)
    }

    /// The entities that have `key` as a short form. The first call reads every short
    /// form of the store (one query, rather than one per name).
    fn holders(&mut self, tx: &Transaction<'_>, kind: &'static str, key: &str) -> Result<&[i64]> {
        if !self.loaded {
            let mut st = tx.prepare("SELECT kind, key, entity_id FROM alias_keys")?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let k: String = r.get(0)?;
                let Some(kind) = KINDS.iter().copied().find(|&x| x == k) else {
                    continue;
                };
                self.holders
                    .entry((kind, r.get(1)?))
                    .or_default()
                    .push(r.get(2)?);
            }
            for ids in self.holders.values_mut() {
                ids.sort_unstable();
            }
            self.loaded = true;
        }
        Ok(self
            .holders
            .get(&(kind, key.to_string()))
            .map_or(&[], Vec::as_slice))
    }

    /// The entity a short form `key` stands for: the only stored entity of type `kind`
    /// that has it, or, when several have it, one that has at least
    /// [`DOMINANT_DOCUMENTS`] and [`DOMINANT_SHARE`] of their documents (in news the
    /// short form "Trump" means the person most written about, not a name a misread
    /// phrase produced). `pending` holds the counts of the open batch.
    fn holder(
        &mut self,
        tx: &Transaction<'_>,
        pending: &HashMap<i64, (i64, i64)>,
        kind: &'static str,
        key: &str,
    ) -> Result<Option<i64>> {
        let ids = self.holders(tx, kind, key)?;
        if ids.len() < 2 {
            return Ok(ids.first().copied());
        }
        let ids = ids.to_vec();
        let (mut top, mut top_docs, mut all_docs) = (None, 0, 0);
        for id in ids {
            let docs = self.documents(tx, pending, id)?;
            if top.is_none() || docs > top_docs {
                (top, top_docs) = (Some(id), docs);
            }
            all_docs += docs;
        }
        let dominant = top_docs >= DOMINANT_DOCUMENTS
            && (top_docs as f64) >= DOMINANT_SHARE * (all_docs as f64);
        Ok(if dominant { top } else { None })
    }

    /// Records `key` as a short form of entity `id`; true when it was new for that
    /// entity.
    fn add_key(
        &mut self,
        tx: &Transaction<'_>,
        kind: &'static str,
        key: &str,
        id: i64,
    ) -> Result<bool> {
        if self.holders(tx, kind, key)?.contains(&id) {
            return Ok(false);
        }
        let added = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO alias_keys(kind, key, entity_id) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![kind, key, id])?
            > 0;
        if added {
            self.holders
                .entry((kind, key.to_string()))
                .or_default()
                .push(id);
        }
        Ok(added)
    }

    /// Merges entity `from` (stored under `key`) into `into` (see [`merge`]).
    fn merge(
        &mut self,
        tx: &Transaction<'_>,
        pending: &mut HashMap<i64, (i64, i64)>,
        (kind, key): (&'static str, &str),
        from: i64,
        into: i64,
    ) -> Result<()> {
        let mut moved: Vec<String> = Vec::new();
        {
            let mut st = tx.prepare_cached("SELECT key FROM alias_keys WHERE entity_id = ?1")?;
            for k in st.query_map([from], |r| r.get(0))? {
                moved.push(k?);
            }
        }
        merge(tx, from, into, pending)?;
        self.stored_docs.remove(&from);
        self.stored_docs.remove(&into);
        self.ids.insert((kind, key.to_string()), None);
        // `from`'s short forms, and its name, are `into`'s now.
        moved.push(key.to_string());
        for k in moved {
            let h = self.holders.entry((kind, k)).or_default();
            h.retain(|&id| id != from);
            if !h.contains(&into) {
                h.push(into);
                h.sort_unstable();
            }
        }
        Ok(())
    }

    /// True when entity `from`, stored under a short form of entity `into`, may be merged into
    /// it: when `into` has at least as many documents (counting those of the open batch in
    /// `pending`, and `into_extra` more). A name written alone that is far more common than
    /// the fuller name is another entity ("Apple" against an "Apple Records" that one
    /// document shortened to "Apple").
    fn may_merge(
        &mut self,
        tx: &Transaction<'_>,
        pending: &HashMap<i64, (i64, i64)>,
        from: i64,
        into: i64,
        into_extra: i64,
    ) -> Result<bool> {
        Ok(self.documents(tx, pending, into)? + into_extra >= self.documents(tx, pending, from)?)
    }

    /// An entity's documents: those stored and those of the open batch (`pending`).
    fn documents(
        &mut self,
        tx: &Transaction<'_>,
        pending: &HashMap<i64, (i64, i64)>,
        id: i64,
    ) -> Result<i64> {
        let stored = match self.stored_docs.get(&id) {
            Some(&n) => n,
            None => {
                let n: i64 = tx
                    .prepare_cached("SELECT documents FROM entities WHERE id = ?1")?
                    .query_row([id], |r| r.get(0))
                    .optional()?
                    .unwrap_or(0);
                self.stored_docs.insert(id, n);
                n
            }
        };
        Ok(stored + pending.get(&id).map_or(0, |c| c.1))
    }

    /// The corpus entity of each of a document's entities, created when new, with their
    /// aliases and short-form keys recorded and the entities they link merged (see the
    /// module documentation). `pending` holds the counts of the open batch.
    pub(crate) fn resolve(
        &mut self,
        tx: &Transaction<'_>,
        pending: &mut HashMap<i64, (i64, i64)>,
        entities: &[Entity],
    ) -> Result<Vec<i64>> {
        let keys: Vec<String> = entities.iter().map(|e| normalise_name(&e.name)).collect();
        // Names stored before.
        let mut ids: Vec<Option<i64>> = Vec::with_capacity(entities.len());
        for (ent, key) in entities.iter().zip(&keys) {
            ids.push(self.by_key(tx, ent.kind.as_str(), key)?);
        }
        // Names that stand for another stored entity join it, unless it is one of this
        // document's own; an entity stored before under such a name is merged into it
        // when it has no more documents.
        let mut linked = vec![false; entities.len()];
        for (i, (ent, key)) in entities.iter().zip(&keys).enumerate() {
            let kind = ent.kind.as_str();
            let Some(holder) = self.holder(tx, pending, kind, key)? else {
                continue;
            };
            if ids.contains(&Some(holder)) {
                continue;
            }
            if let Some(old) = ids.get(i).copied().flatten() {
                if !self.may_merge(tx, pending, old, holder, 0)? {
                    continue;
                }
                self.merge(tx, pending, (kind, key), old, holder)?;
                for id in &mut ids {
                    if *id == Some(old) {
                        *id = Some(holder);
                    }
                }
            }
            if let Some(slot) = ids.get_mut(i) {
                *slot = Some(holder);
            }
            if let Some(l) = linked.get_mut(i) {
                *l = true;
            }
        }
        // New entities.
        let mut out = Vec::with_capacity(entities.len());
        for ((ent, key), id) in entities.iter().zip(&keys).zip(ids) {
            let kind = ent.kind.as_str();
            let id = match id {
                Some(id) => id,
                None => {
                    // Not RETURNING: a statement with it opens a statement journal,
                    // and that makes FTS5 flush its terms (see `merge`).
                    let added = tx
                        .prepare_cached(
                            "INSERT INTO entities(kind, key, name) VALUES (?1, ?2, ?3)
                             ON CONFLICT(kind, key) DO NOTHING",
                        )?
                        .execute(params![kind, key, ent.name])?;
                    self.ids.remove(&(kind, key.clone()));
                    if added > 0 {
                        let id = tx.last_insert_rowid();
                        self.ids.insert((kind, key.clone()), Some(id));
                        id
                    } else {
                        // Two of this document's entities with one key.
                        self.by_key(tx, kind, key)?.unwrap_or_default()
                    }
                }
            };
            out.push(id);
        }
        // Aliases and short-form keys; short forms stored before as entities of their
        // own that now stand for one entity are merged into it.
        let mut absorb: Vec<(&'static str, String, i64)> = Vec::new();
        for (i, ((ent, key), &id)) in entities.iter().zip(&keys).zip(&out).enumerate() {
            let kind = ent.kind.as_str();
            {
                let mut ins = tx.prepare_cached(
                    "INSERT OR IGNORE INTO aliases(entity_id, alias) VALUES (?1, ?2)",
                )?;
                for a in &ent.aliases {
                    ins.execute(params![id, a])?;
                }
                if linked.get(i).copied().unwrap_or(false) {
                    ins.execute(params![id, ent.name])?;
                }
            }
            for k in short_keys(&ent.aliases, ent.kind == EntityType::Person, key) {
                if self.add_key(tx, kind, &k, id)? {
                    absorb.push((kind, k, id));
                }
            }
        }
        for (kind, k, id) in absorb {
            if self.holder(tx, pending, kind, &k)? != Some(id) {
                continue;
            }
            let Some(from) = self.by_key(tx, kind, &k)? else {
                continue;
            };
            if from != id
                && !out.contains(&from)
                // This document is one more of `id`'s.
                && self.may_merge(tx, pending, from, id, 1)?
            {
                self.merge(tx, pending, (kind, &k), from, id)?;
            }
        }
        Ok(out)
    }
}

/// How many documents an entity needs before a short form it shares with others links
/// to it.
pub(crate) const DOMINANT_DOCUMENTS: i64 = 3;

/// The share of the documents of every entity with a short form that one of them needs
/// before the short form links to it.
pub(crate) const DOMINANT_SHARE: f64 = 0.75;

/// Merges entity `from` into entity `into`: every mention, role, statement and alias of
/// `from` becomes `into`'s, `from`'s name becomes one of `into`'s aliases, and `from` is
/// deleted. `pending` holds the mention and document counts not yet written to the
/// entities table (see `Batch::commit`): `from`'s move to `into`.
pub(crate) fn merge(
    tx: &Transaction<'_>,
    from: i64,
    into: i64,
    pending: &mut HashMap<i64, (i64, i64)>,
) -> Result<()> {
    if from == into {
        return Ok(());
    }
    let one = |sql: &str| -> Result<usize> { Ok(tx.prepare_cached(sql)?.execute([from])?) };
    let both = |sql: &str| -> Result<usize> { Ok(tx.prepare_cached(sql)?.execute([from, into])?) };
    both("UPDATE OR IGNORE mention_rows SET entity_id = ?2 WHERE entity_id = ?1")?;
    // A span both entities had is one mention of the merged entity.
    let duplicates = one("DELETE FROM mention_rows WHERE entity_id = ?1")?;
    // Every statement here is one that cannot abort half-way (OR IGNORE, or one row):
    // one that could needs a statement journal, and opening one makes FTS5 write the
    // terms it holds in memory to disk, a new index segment per merge.
    both("UPDATE OR IGNORE role_rows SET entity_id = ?2 WHERE entity_id = ?1")?;
    both("UPDATE OR IGNORE statement_rows SET speaker_id = ?2 WHERE speaker_id = ?1")?;
    both("UPDATE OR IGNORE statement_about SET entity_id = ?2 WHERE entity_id = ?1")?;
    one("DELETE FROM statement_about WHERE entity_id = ?1")?;
    // A statement is not about its own speaker.
    tx.prepare_cached(
        "DELETE FROM statement_about WHERE entity_id = ?1
         AND statement_id IN (SELECT id FROM statement_rows WHERE speaker_id = ?1)",
    )?
    .execute([into])?;
    both(
        "INSERT OR IGNORE INTO aliases(entity_id, alias)
         SELECT ?2, alias FROM aliases WHERE entity_id = ?1
         UNION ALL SELECT ?2, name FROM entities WHERE id = ?1",
    )?;
    one("DELETE FROM aliases WHERE entity_id = ?1")?;
    both(
        "INSERT OR IGNORE INTO alias_keys(kind, key, entity_id)
         SELECT kind, key, ?2 FROM alias_keys WHERE entity_id = ?1
         UNION ALL SELECT kind, key, ?2 FROM entities WHERE id = ?1",
    )?;
    one("DELETE FROM alias_keys WHERE entity_id = ?1")?;
    tx.prepare_cached(
        "UPDATE entities SET
             mentions = mentions + (SELECT mentions FROM entities WHERE id = ?1) - ?3,
             documents = documents + (SELECT documents FROM entities WHERE id = ?1)
         WHERE id = ?2",
    )?
    .execute(params![from, into, duplicates as i64])?;
    one("DELETE FROM entities WHERE id = ?1")?;
    if let Some((m, d)) = pending.remove(&from) {
        let c = pending.entry(into).or_insert((0, 0));
        c.0 += m;
        c.1 += d;
    }
    Ok(())
}

/// Fills `alias_keys` from the aliases and names of a store written before version 3,
/// then links what it can as ingest would have: each entity whose key is the short form
/// of exactly one other entity of its type is merged into it. Returns the number of
/// entities merged.
pub(crate) fn backfill(tx: &Transaction<'_>) -> Result<usize> {
    let mut entities: Vec<(i64, String, String, Vec<String>)> = Vec::new();
    {
        let mut st = tx.prepare(
            "SELECT e.id, e.kind, e.key, a.alias FROM entities e
             LEFT JOIN aliases a ON a.entity_id = e.id ORDER BY e.id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let alias: Option<String> = r.get(3)?;
            if entities.last().map(|e| e.0) != Some(id) {
                entities.push((id, r.get(1)?, r.get(2)?, Vec::new()));
            }
            if let (Some(a), Some(e)) = (alias, entities.last_mut()) {
                e.3.push(a);
            }
        }
    }
    for (id, kind, key, aliases) in &entities {
        let person = kind == EntityType::Person.as_str();
        for k in short_keys(aliases, person, key) {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO alias_keys(kind, key, entity_id) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![kind, k, id])?;
        }
    }
    let mut merged = 0;
    let mut pending = HashMap::new();
    let mut links = Links::default();
    for (id, kind, key, _) in &entities {
        let Some(kind) = KINDS.iter().copied().find(|k| k == kind) else {
            continue;
        };
        let Some(into) = links.holder(tx, &pending, kind, key)? else {
            continue;
        };
        // This entity may have been merged away already.
        if into != *id
            && links.by_key(tx, kind, key)? == Some(*id)
            && links.may_merge(tx, &pending, *id, into, 0)?
        {
            links.merge(tx, &mut pending, (kind, key), *id, into)?;
            merged += 1;
        }
    }
    Ok(merged)
}
