//! Canonical entities: merging the named mentions of one document into entities, and
//! attaching roles, descriptions and pronouns to people.
//!
//! Names merge by a transliteration-aware key ("Matviyenko" = "Matvienko", "Zelensky" =
//! "Zelenskyy"), by the alias list ("EU" → European Union, "Kiev" → Kyiv), by acronym
//! ("NABU" ↔ "National Anti-Corruption Bureau of Ukraine"), and, for people, by surname: a
//! bare "Lavrov" joins the nearest full name with that surname, so two people who share a
//! surname stay apart.

use std::collections::HashMap;
use std::ops::Range;

use super::gazetteer;
use super::Name;
use crate::doc::{
    Annotation, Document, Entity, EntityType, Layer, Mention, MentionKind, Role, Span, Token,
};

const ROLE_NOUNS: &str = include_str!("../../data/entities/role_nouns.txt");
const GIVEN_NAMES: &str = include_str!("../../data/entities/given_name_variants.txt");

/// Given-name spellings (by key) → the index of their variant group.
fn given_name_groups() -> &'static HashMap<String, usize> {
    static G: std::sync::OnceLock<HashMap<String, usize>> = std::sync::OnceLock::new();
    G.get_or_init(|| {
        let mut map = HashMap::new();
        let groups = GIVEN_NAMES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'));
        for (i, line) in groups.enumerate() {
            for name in line.split(',') {
                map.insert(translit_key(name.trim()), i);
            }
        }
        map
    })
}

/// True when two given names can be the same person's: equal spelling keys, the same
/// transliteration group ("Oleksandr" = "Alexander"), or one an initial or a short form
/// of the other ("D." / "Don" for "Donald").
fn same_given_name(a: &str, b: &str) -> bool {
    let (ka, kb) = (translit_key(a), translit_key(b));
    if ka.is_empty() || kb.is_empty() {
        return false;
    }
    if ka == kb {
        return true;
    }
    let groups = given_name_groups();
    if let (Some(x), Some(y)) = (groups.get(&ka), groups.get(&kb)) {
        return x == y;
    }
    let (short, long) = if ka.len() <= kb.len() {
        (&ka, &kb)
    } else {
        (&kb, &ka)
    };
    (short.len() == 1 || short.len() >= 3) && long.starts_with(short.as_str())
}

/// The related role words of each role noun.
fn role_nouns() -> &'static HashMap<&'static str, Vec<&'static str>> {
    static R: std::sync::OnceLock<HashMap<&'static str, Vec<&'static str>>> =
        std::sync::OnceLock::new();
    R.get_or_init(|| {
        ROLE_NOUNS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut parts = l.split('|');
                let head = parts.next()?;
                Some((head, parts.collect()))
            })
            .collect()
    })
}

/// Which names may merge with each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Family {
    Person,
    Org,
    Place,
    Norp,
    Other,
}

fn family(kind: EntityType) -> Family {
    match kind {
        EntityType::Person => Family::Person,
        EntityType::Org | EntityType::Media => Family::Org,
        EntityType::Gpe | EntityType::Loc => Family::Place,
        EntityType::Norp => Family::Norp,
        EntityType::Event | EntityType::Law => Family::Other,
    }
}

fn base_letter(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ą' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'ī' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ő' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ç' | 'č' | 'ć' => 'c',
        'š' | 'ś' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        'ñ' | 'ń' | 'ň' => 'n',
        'ř' => 'r',
        'ł' => 'l',
        'đ' | 'ď' => 'd',
        'ť' => 't',
        c => c,
    }
}

/// A spelling-insensitive key: lower case, no diacritics or punctuation, and common
/// transliteration variants folded (y/i, kh/h, ks/x, doubled letters).
pub(crate) fn translit_key(s: &str) -> String {
    let mut raw = String::with_capacity(s.len());
    for c in s.chars() {
        for l in c.to_lowercase() {
            let l = base_letter(l);
            if l.is_alphanumeric() {
                raw.push(l);
            } else if (l.is_whitespace() || l == '-') && !raw.ends_with(' ') && !raw.is_empty() {
                raw.push(' ');
            }
        }
    }
    let raw = raw
        .trim_end()
        .replace("kh", "h")
        .replace("ks", "x")
        .replace("ph", "f")
        .replace(['y', 'j'], "i");
    let mut out = String::with_capacity(raw.len());
    let mut last = ' ';
    for c in raw.chars() {
        if c != last || c.is_numeric() {
            out.push(c);
        }
        last = c;
    }
    out
}

/// The key of a group name: singular, "Westerner" → "western".
fn norp_key(s: &str) -> String {
    let mut k = translit_key(s);
    if k.len() > 3 && k.ends_with('s') && !k.ends_with("ss") {
        k.pop();
    }
    if k.ends_with("erner") {
        k.truncate(k.len() - 2);
    }
    k
}

/// One entity being built.
struct Cluster {
    kind_votes: Vec<(EntityType, usize)>,
    family: Family,
    /// Canonical name from the alias list, when one applies.
    listed: Option<&'static str>,
    /// Indices of member names.
    members: Vec<usize>,
}

impl Cluster {
    fn vote(&mut self, kind: EntityType) {
        match self.kind_votes.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => self.kind_votes.push((kind, 1)),
        }
    }
    fn kind(&self) -> EntityType {
        let mut best = self.kind_votes.first().map_or(EntityType::Org, |v| v.0);
        let mut n = 0;
        for &(k, c) in &self.kind_votes {
            if c > n {
                best = k;
                n = c;
            }
        }
        best
    }
}

/// Facts about one named mention.
struct Info<'a> {
    words: Vec<&'a str>,
    surface: &'a str,
    key: String,
    /// Key of the last word (the surname of a person).
    last_key: String,
    span: Span,
}

fn is_acronym(w: &str) -> bool {
    let n = w.chars().count();
    (2..=6).contains(&n) && w.chars().all(|c| c.is_ascii_uppercase())
}

/// Initials a full name can be abbreviated to: with and without the parts of hyphenated
/// words and small words.
fn initials(words: &[&str]) -> [String; 3] {
    let mut all = String::new();
    let mut heads = String::new();
    let mut caps = String::new();
    let mut after_hyphen = false;
    for w in words {
        if *w == "-" {
            after_hyphen = true;
            continue;
        }
        let Some(c) = w.chars().next() else { continue };
        let up = c.to_ascii_uppercase();
        if c.is_uppercase() {
            caps.push(up);
            if !after_hyphen {
                heads.push(up);
            }
        }
        all.push(up);
        after_hyphen = false;
    }
    [all, heads, caps]
}

/// Builds the entities and mentions of the document from its named mentions.
pub(crate) fn build(doc: &mut Document, names: &[Name]) {
    let text = doc.text();
    let toks = doc.tokens.as_slice();
    let gaz = gazetteer::get();
    let infos: Vec<Info> = names
        .iter()
        .map(|n| {
            let words: Vec<&str> = toks[n.tokens.clone()]
                .iter()
                .map(|t| t.span.text(text))
                .collect();
            let span = Span {
                start: toks[n.tokens.start].span.start,
                end: toks[n.tokens.end - 1].span.end,
            };
            let surface = span.text(text);
            let key = if n.kind == EntityType::Norp {
                norp_key(surface)
            } else {
                translit_key(surface)
            };
            let last_key = if n.kind == EntityType::Person {
                words.last().map_or_else(String::new, |w| translit_key(w))
            } else {
                String::new()
            };
            Info {
                words,
                surface,
                key,
                last_key,
                span,
            }
        })
        .collect();

    let mut clusters: Vec<Cluster> = Vec::new();
    let mut of = vec![usize::MAX; names.len()];
    let mut by_key: HashMap<(Family, String), usize> = HashMap::new();
    let mut surnames = Surnames::default();
    let new_cluster = |clusters: &mut Vec<Cluster>, fam: Family, listed: Option<&'static str>| {
        clusters.push(Cluster {
            kind_votes: Vec::new(),
            family: fam,
            listed,
            members: Vec::new(),
        });
        clusters.len() - 1
    };

    // Pass 1: everything but one-word person names, by key (and listed alias).
    for (i, n) in names.iter().enumerate() {
        let fam = family(n.kind);
        let info = &infos[i];
        if fam == Family::Person && info.words.len() == 1 {
            continue;
        }
        let alias = gaz
            .alias(&info.words)
            .filter(|(_, t)| family_of_label(t) == Some(fam));
        let key = alias.map_or_else(|| info.key.clone(), |(canon, _)| translit_key(canon));
        let c = if let Some(&c) = by_key.get(&(fam, key.clone())) {
            c
        } else if let Some(c) = (fam == Family::Person)
            .then(|| similar_person(&infos, &of, &surnames, i))
            .flatten()
        {
            c
        } else {
            let c = new_cluster(&mut clusters, fam, alias.map(|a| a.0));
            by_key.insert((fam, key), c);
            c
        };
        of[i] = c;
        clusters[c].members.push(i);
        clusters[c].vote(n.kind);
        if fam == Family::Person {
            surnames.add(&info.last_key, i);
        }
    }
    // Pass 2: one-word person names join the nearest full name with that surname.
    for (i, n) in names.iter().enumerate() {
        if of[i] != usize::MAX {
            continue;
        }
        let key = infos[i].key.clone();
        // "Mr. Obama" joins Barack Obama, not Michelle Obama named nearer; "President
        // Obama" prefers the full name that had the same title before it.
        let word_before = |k: usize| {
            k.checked_sub(1)
                .and_then(|k| toks.get(k))
                .map_or("", |t| t.span.text(text))
        };
        let title = word_before(n.tokens.start);
        let title_gender = crate::gender::of_title(title);
        let agrees = |j: usize| {
            crate::gender::agrees(crate::gender::of_person(infos[j].surface, []), title_gender)
        };
        let titled =
            title.starts_with(char::is_uppercase) && gaz.classes(&[title]) & gazetteer::TITLE != 0;
        let c = titled
            .then(|| {
                nearest_surname(&of, &surnames, &infos[i].key, i, |j| {
                    agrees(j) && word_before(names[j].tokens.start) == title
                })
            })
            .flatten()
            .or_else(|| nearest_surname(&of, &surnames, &infos[i].key, i, agrees))
            .or_else(|| by_key.get(&(Family::Person, key.clone())).copied());
        let c = c.unwrap_or_else(|| {
            let c = new_cluster(&mut clusters, Family::Person, None);
            by_key.insert((Family::Person, key), c);
            c
        });
        of[i] = c;
        clusters[c].members.push(i);
        clusters[c].vote(n.kind);
    }
    merge_acronyms(&infos, names, toks, text, &mut of, &mut clusters);
    merge_prefixes(&infos, &mut of, &mut clusters);
    merge_heads(&infos, &mut of, &mut clusters);
    merge_demonym_variants(&infos, &mut of, &mut clusters);

    split_by_type(doc, &infos, names, &mut of, &mut clusters);

    // Entities in order of first mention.
    let mut order: Vec<usize> = (0..clusters.len())
        .filter(|&c| !clusters[c].members.is_empty())
        .collect();
    order.sort_by_key(|&c| {
        clusters[c]
            .members
            .iter()
            .min()
            .copied()
            .unwrap_or(usize::MAX)
    });
    let mut id_of = vec![u32::MAX; clusters.len()];
    let mut entities = Vec::with_capacity(order.len());
    for (id, &c) in order.iter().enumerate() {
        id_of[c] = id as u32;
        let cl = &clusters[c];
        let name = cl
            .listed
            .map_or_else(|| canonical(&infos, &cl.members), str::to_string);
        let mut aliases: Vec<String> = Vec::new();
        for &m in &cl.members {
            let s = infos[m].surface;
            if s != name && !aliases.iter().any(|a| a == s) {
                aliases.push(s.to_string());
            }
        }
        entities.push(Entity {
            name,
            kind: cl.kind(),
            aliases,
            roles: Vec::new(),
        });
    }
    let mut mentions: Vec<Annotation<Mention>> = Vec::with_capacity(names.len());
    for (i, info) in infos.iter().enumerate() {
        let Some(&id) = id_of.get(of[i]) else {
            continue;
        };
        if id != u32::MAX {
            mentions.push(Annotation {
                span: info.span,
                value: Mention {
                    entity: id,
                    kind: MentionKind::Name,
                },
            });
        }
    }
    let extra = roles_and_references(doc, names, &infos, &of, &id_of, &mut entities);
    mentions.extend(extra);
    doc.entities = entities;
    doc.mentions = Layer::from_vec(mentions);
}

/// Gives every mention the majority type of its entity's mentions in the same article,
/// then splits an entity whose articles disagree into one entity per type (a city and the
/// sports club named after it are different actors).
fn split_by_type(
    doc: &Document,
    infos: &[Info],
    names: &[Name],
    of: &mut [usize],
    clusters: &mut Vec<Cluster>,
) {
    let mut kind_of: Vec<EntityType> = names.iter().map(|n| n.kind).collect();
    for c in 0..clusters.len() {
        let members = clusters[c].members.clone();
        if members.is_empty() {
            continue;
        }
        // An organisation the text once calls an outlet ("the newspaper X") is an outlet.
        let media = members.iter().any(|&m| names[m].kind == EntityType::Media);
        let votes_of = |m: usize| {
            if media && names[m].kind == EntityType::Org {
                EntityType::Media
            } else {
                names[m].kind
            }
        };
        let mut groups: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
        for &m in &members {
            let a = doc.article_of(infos[m].span);
            match groups.iter_mut().find(|g| g.0 == a) {
                Some(g) => g.1.push(m),
                None => groups.push((a, vec![m])),
            }
        }
        for (_, g) in &groups {
            let mut votes: Vec<(EntityType, usize)> = Vec::new();
            for &m in g {
                let k = votes_of(m);
                match votes.iter_mut().find(|v| v.0 == k) {
                    Some(v) => v.1 += 1,
                    None => votes.push((k, 1)),
                }
            }
            let mut best = votes[0];
            for &v in &votes {
                if v.1 > best.1 {
                    best = v;
                }
            }
            for &m in g {
                kind_of[m] = best.0;
            }
        }
        let mut kinds: Vec<EntityType> = Vec::new();
        for &m in &members {
            if !kinds.contains(&kind_of[m]) {
                kinds.push(kind_of[m]);
            }
        }
        let first = kinds[0];
        for &k in &kinds[1..] {
            let part: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&m| kind_of[m] == k)
                .collect();
            let id = clusters.len();
            for &m in &part {
                of[m] = id;
            }
            clusters.push(Cluster {
                kind_votes: vec![(k, part.len())],
                family: clusters[c].family,
                listed: clusters[c].listed,
                members: part,
            });
        }
        clusters[c].members.retain(|&m| kind_of[m] == first);
        clusters[c].kind_votes = vec![(first, clusters[c].members.len())];
    }
}

fn family_of_label(t: &str) -> Option<Family> {
    Some(match t {
        "PERSON" => Family::Person,
        "ORG" | "MEDIA" => Family::Org,
        "GPE" | "LOC" => Family::Place,
        "NORP" => Family::Norp,
        _ => return None,
    })
}

/// Full person names (two words or more) by the key of their surname, in text order.
#[derive(Default)]
struct Surnames {
    /// Each surname key with its names.
    keys: Vec<(String, Vec<usize>)>,
    /// Where each key is in `keys`.
    by_key: HashMap<String, usize>,
    /// The keys of six bytes or more (those that match with one edit) by their length
    /// in characters: only keys whose lengths differ by one at most can be one edit
    /// apart, so a lookup compares a handful of keys instead of all of them.
    by_chars: HashMap<usize, Vec<usize>>,
}

impl Surnames {
    fn add(&mut self, key: &str, i: usize) {
        if let Some(names) = self.by_key.get(key).and_then(|&p| self.keys.get_mut(p)) {
            names.1.push(i);
            return;
        }
        let p = self.keys.len();
        self.keys.push((key.to_string(), vec![i]));
        self.by_key.insert(key.to_string(), p);
        if key.len() >= 6 {
            self.by_chars
                .entry(key.chars().count())
                .or_default()
                .push(p);
        }
    }

    /// Lists of names whose surname key equals `key` or, for long keys, is one edit away.
    fn matching<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Vec<usize>> + 'a {
        let exact = self.by_key.get(key).copied();
        let n = key.chars().count();
        let near = (n.saturating_sub(1)..=n + 1)
            .filter_map(|len| self.by_chars.get(&len))
            .flatten()
            .copied()
            .filter(move |&p| {
                Some(p) != exact
                    && self
                        .keys
                        .get(p)
                        .is_some_and(|(k, _)| within_one_edit(k, key))
            });
        exact
            .into_iter()
            .chain(near)
            .filter_map(|p| self.keys.get(p))
            .map(|(_, names)| names)
    }
}

/// True when `a` and `b` are at most one edit apart (an insertion, deletion or
/// substitution of one character), without allocating.
fn within_one_edit(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (na, nb) = (a.chars().count(), b.chars().count());
    let (short, long) = if na <= nb { (a, b) } else { (b, a) };
    if na.abs_diff(nb) > 1 {
        return false;
    }
    // After the common prefix, dropping the first character of the longer rest (and of
    // the shorter one too when the lengths are equal) must leave equal rests.
    let prefix: usize = short
        .chars()
        .zip(long.chars())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    fn skip_one(s: &str) -> &str {
        let mut c = s.chars();
        c.next();
        c.as_str()
    }
    let (short, long) = (
        short.get(prefix..).unwrap_or(""),
        long.get(prefix..).unwrap_or(""),
    );
    if na == nb {
        skip_one(short) == skip_one(long)
    } else {
        short == skip_one(long)
    }
}

/// A full person name already clustered that is a spelling variant of name `i`: same
/// surname key (or one edit apart) and first names that agree on their initial.
fn similar_person(infos: &[Info], of: &[usize], surnames: &Surnames, i: usize) -> Option<usize> {
    let me = &infos[i];
    let first = me.words.first()?;
    let mut best: Option<usize> = None;
    for list in surnames.matching(&me.last_key) {
        for &j in list.iter().rev() {
            if j < i && of[j] != usize::MAX && same_given_name(infos[j].words.first()?, first) {
                if best.is_none_or(|b| j > b) {
                    best = Some(j);
                }
                break;
            }
        }
    }
    best.map(|j| of[j])
}

/// The cluster of the nearest full person name (before, else after) whose surname matches
/// the one-word name `i` and that `ok` accepts.
fn nearest_surname(
    of: &[usize],
    surnames: &Surnames,
    key: &str,
    i: usize,
    ok: impl Fn(usize) -> bool,
) -> Option<usize> {
    let mut before: Option<usize> = None;
    let mut after: Option<usize> = None;
    for list in surnames.matching(key) {
        let p = list.partition_point(|&j| j < i);
        if let Some(&j) = list.get(..p).unwrap_or(&[]).iter().rev().find(|&&j| ok(j)) {
            if before.is_none_or(|b| j > b) {
                before = Some(j);
            }
        }
        if let Some(&j) = list.get(p..).unwrap_or(&[]).iter().find(|&&j| ok(j)) {
            if after.is_none_or(|a| j < a) {
                after = Some(j);
            }
        }
    }
    before.or(after).map(|j| of[j]).filter(|&c| c != usize::MAX)
}

fn move_cluster(of: &mut [usize], clusters: &mut [Cluster], from: usize, to: usize) {
    if from == to {
        return;
    }
    let members = std::mem::take(&mut clusters[from].members);
    let votes = std::mem::take(&mut clusters[from].kind_votes);
    for &m in &members {
        of[m] = to;
    }
    clusters[to].members.extend(members);
    for (k, n) in votes {
        for _ in 0..n {
            clusters[to].vote(k);
        }
    }
    if clusters[to].listed.is_none() {
        clusters[to].listed = clusters[from].listed.take();
    }
}

/// Merges an organisation's acronym into its full name: a parenthesised acronym right
/// after the name, or a unique full name whose initials spell it.
fn merge_acronyms(
    infos: &[Info],
    names: &[Name],
    toks: &[Annotation<Token>],
    text: &str,
    of: &mut [usize],
    clusters: &mut [Cluster],
) {
    let word = |k: usize| toks.get(k).map_or("", |t| t.span.text(text));
    for i in 0..names.len() {
        if family(names[i].kind) != Family::Org || infos[i].words.len() < 2 {
            continue;
        }
        let e = names[i].tokens.end;
        if word(e) == "(" && word(e + 2) == ")" {
            if let Some(j) = names.iter().position(|n| n.tokens == (e + 1..e + 2)) {
                if family(names[j].kind) == Family::Org && is_acronym(infos[j].surface) {
                    let (from, to) = (of[j], of[i]);
                    move_cluster(of, clusters, from, to);
                }
            }
        }
    }
    // Multi-word names by the acronyms their initials spell.
    let mut by_initials: HashMap<(Family, String), Vec<usize>> = HashMap::new();
    for (j, n) in names.iter().enumerate() {
        let fam = family(n.kind);
        if matches!(fam, Family::Org | Family::Place) && infos[j].words.len() >= 2 {
            let mut forms = initials(&infos[j].words).to_vec();
            forms.sort();
            forms.dedup();
            for f in forms {
                if f.len() >= 2 {
                    by_initials.entry((fam, f)).or_default().push(j);
                }
            }
        }
    }
    for i in 0..names.len() {
        let fam = family(names[i].kind);
        if !matches!(fam, Family::Org | Family::Place)
            || !is_acronym(infos[i].surface)
            || clusters[of[i]]
                .members
                .iter()
                .any(|&m| infos[m].words.len() > 1)
        {
            continue;
        }
        let acr = infos[i].surface;
        let mut found: Option<usize> = None;
        let mut unique = true;
        for &j in by_initials
            .get(&(fam, acr.to_string()))
            .map_or(&[][..], Vec::as_slice)
        {
            if of[j] == of[i] {
                continue;
            }
            if found.is_some_and(|c| c != of[j]) {
                unique = false;
            }
            found = Some(of[j]);
        }
        if let (Some(to), true) = (found, unique) {
            let from = of[i];
            move_cluster(of, clusters, from, to);
        }
    }
}

/// Merges a shortened organisation name into the longer one it begins
/// ("State Audit Service" → "State Audit Service of Ukraine").
fn merge_prefixes(infos: &[Info], of: &mut [usize], clusters: &mut [Cluster]) {
    // Long organisation names with an "of" phrase, by first word.
    let mut long: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, info) in infos.iter().enumerate() {
        if clusters[of[j]].family == Family::Org
            && info.words.len() >= 3
            && info.words.contains(&"of")
        {
            long.entry(info.words[0]).or_default().push(j);
        }
    }
    for i in 0..infos.len() {
        if clusters[of[i]].family != Family::Org || infos[i].words.len() < 2 {
            continue;
        }
        let me = &infos[i].words;
        let Some(cands) = long.get(me[0]) else {
            continue;
        };
        let target = cands.iter().copied().find(|&j| {
            let o = &infos[j].words;
            of[j] != of[i]
                && clusters[of[j]].family == Family::Org
                && o.len() > me.len() + 1
                && o[..me.len()] == me[..]
                && o[me.len()] == "of"
        });
        if let Some(j) = target {
            let (from, to) = (of[i], of[j]);
            move_cluster(of, clusters, from, to);
        }
    }
}

/// True when two words of organisation names are the same or one is a listed place and
/// the other a listed demonym with the same first two letters ("France" and "French",
/// "Russia" and "Russian").
fn same_or_demonym(a: &str, b: &str, gaz: &gazetteer::Gazetteer) -> bool {
    if a == b {
        return true;
    }
    let class = |w: &str| gaz.classes(&[w]);
    let pair = |p: &str, d: &str| {
        class(p) & gazetteer::PLACE != 0
            && class(d) & gazetteer::DEMONYM != 0
            && p.chars()
                .take(2)
                .map(|c| c.to_ascii_lowercase())
                .eq(d.chars().take(2).map(|c| c.to_ascii_lowercase()))
            && p.chars().count() >= 2
    };
    pair(a, b) || pair(b, a)
}

/// Merges organisation names that differ only in writing a place as its demonym
/// ("France-Russia Dialogue Association" and "French-Russian Dialogue Association").
fn merge_demonym_variants(infos: &[Info], of: &mut [usize], clusters: &mut [Cluster]) {
    let gaz = gazetteer::get();
    // Multi-word organisation names by (length, last word).
    let mut groups: HashMap<(usize, &str), Vec<usize>> = HashMap::new();
    for (j, info) in infos.iter().enumerate() {
        if clusters[of[j]].family == Family::Org && info.words.len() >= 2 {
            if let Some(last) = info.words.last() {
                groups.entry((info.words.len(), last)).or_default().push(j);
            }
        }
    }
    // In text order, so that the result never depends on the map's order.
    let mut lists: Vec<&Vec<usize>> = groups.values().collect();
    lists.sort_unstable_by_key(|l| l.first().copied());
    for list in lists {
        for (x, &i) in list.iter().enumerate() {
            for &j in &list[x + 1..] {
                let (a, b) = (&infos[i].words, &infos[j].words);
                if of[i] != of[j]
                    && a != b
                    && a.iter()
                        .zip(b.iter())
                        .all(|(p, q)| same_or_demonym(p, q, gaz))
                {
                    let (from, to) = (of[j], of[i]);
                    move_cluster(of, clusters, from, to);
                }
            }
        }
    }
}

/// Merges a bare organisation head word ("the Commission") into the one multi-word
/// organisation of the document that ends in it ("European Commission").
fn merge_heads(infos: &[Info], of: &mut [usize], clusters: &mut [Cluster]) {
    let gaz = gazetteer::get();
    let mut ends: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, info) in infos.iter().enumerate() {
        if clusters[of[j]].family == Family::Org && info.words.len() >= 2 {
            if let Some(last) = info.words.last() {
                ends.entry(last).or_default().push(j);
            }
        }
    }
    for i in 0..infos.len() {
        let w = &infos[i].words;
        if w.len() != 1
            || clusters[of[i]].family != Family::Org
            || gaz.classes(&[w[0]]) & gazetteer::ORG_WORD == 0
        {
            continue;
        }
        let Some(cands) = ends.get(w[0]) else {
            continue;
        };
        let mut targets: Vec<usize> = cands.iter().map(|&j| of[j]).collect();
        targets.sort_unstable();
        targets.dedup();
        if let [to] = targets[..] {
            let from = of[i];
            move_cluster(of, clusters, from, to);
        }
    }
}

/// The fullest form: most words, then most characters, then first seen.
fn canonical(infos: &[Info], members: &[usize]) -> String {
    let mut best: Option<&Info> = None;
    for &m in members {
        let i = &infos[m];
        let better = best.is_none_or(|b| {
            let words = |x: &Info| x.words.iter().filter(|w| **w != "-").count();
            (words(i), i.surface.chars().count()) > (words(b), b.surface.chars().count())
        });
        if better {
            best = Some(i);
        }
    }
    best.map_or_else(String::new, |b| b.surface.to_string())
}

/// Verbs that report speech ("said", "warned").
fn is_reporting_verb(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "says"
            | "warned"
            | "wrote"
            | "told"
            | "added"
            | "claimed"
            | "noted"
            | "stated"
            | "argued"
            | "insisted"
            | "explained"
            | "stressed"
            | "alleged"
            | "declared"
            | "announced"
            | "suggested"
            | "asserted"
            | "remarked"
            | "commented"
            | "emphasized"
            | "emphasised"
    )
}

fn lower_first(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_lowercase)
}

/// The related role words of a role noun, if the word is one.
fn role_noun(w: &str) -> Option<&'static [&'static str]> {
    let lower = w.to_lowercase();
    role_nouns().get(lower.as_str()).map(Vec::as_slice)
}

/// Finds roles of people (titles before the name, appositions around it), descriptions
/// that the text ties to a person, and subject pronouns; returns the extra mentions.
fn roles_and_references(
    doc: &Document,
    names: &[Name],
    _infos: &[Info],
    of: &[usize],
    id_of: &[u32],
    entities: &mut [Entity],
) -> Vec<Annotation<Mention>> {
    let text = doc.text();
    let toks = doc.tokens.as_slice();
    let gaz = gazetteer::get();
    let word = |k: usize| toks.get(k).map_or("", |t| t.span.text(text));
    let n_tok = toks.len();
    let mut name_at = vec![usize::MAX; n_tok];
    for (i, n) in names.iter().enumerate() {
        for k in n.tokens.clone() {
            if let Some(x) = name_at.get_mut(k) {
                *x = i;
            }
        }
    }
    let sentences: Vec<Range<usize>> = super::sentence_ranges(doc);
    let mut sent_of = vec![0usize; n_tok];
    for (si, s) in sentences.iter().enumerate() {
        for k in s.clone() {
            if let Some(x) = sent_of.get_mut(k) {
                *x = si;
            }
        }
    }
    let entity_of = |i: usize| id_of.get(of[i]).copied().filter(|&e| e != u32::MAX);
    let tok_span = |r: Range<usize>| -> Option<Span> {
        let (a, b) = (toks.get(r.start)?, toks.get(r.end.checked_sub(1)?)?);
        (r.start < r.end).then_some(Span {
            start: a.span.start,
            end: b.span.end,
        })
    };
    let mut extra = Vec::new();
    let add_role = |entities: &mut [Entity], e: u32, span: Span| {
        if let Some(ent) = entities.get_mut(e as usize) {
            if !ent.roles.iter().any(|r| r.span == span) {
                ent.roles.push(Role { span });
            }
        }
    };
    for (i, n) in names.iter().enumerate() {
        if n.kind != EntityType::Person {
            continue;
        }
        let Some(e) = entity_of(i) else { continue };
        let s = &sentences[sent_of
            .get(n.tokens.start)
            .copied()
            .unwrap_or(0)
            .min(sentences.len().saturating_sub(1))];
        // Titles right before the name: "Foreign Minister", "Kremlin spokesman".
        let mut a = n.tokens.start;
        let mut titled = false;
        while a > s.start {
            let w = word(a - 1);
            let title = gaz.classes(&[w]) & gazetteer::TITLE != 0 || role_noun(w).is_some();
            let joins = w == "of" && a - 1 > s.start && !lower_first(word(a - 2));
            if name_at[a - 1] != usize::MAX
                || matches!(w, "'s" | "’s" | "'" | "’")
                || !(title
                    || joins
                    || (!lower_first(w) && w.chars().any(char::is_alphabetic) && titled))
            {
                break;
            }
            titled |= title;
            a -= 1;
        }
        while a < n.tokens.start && word(a) == "of" {
            a += 1;
        }
        if titled && a < n.tokens.start {
            if let Some(sp) = tok_span(a..n.tokens.start) {
                add_role(entities, e, sp);
            }
        }
        // Apposition after the name: "Kirill Dmitriev, Russia's investment envoy, …".
        let end = n.tokens.end;
        if word(end) == "," {
            let stop = (end + 1..s.end.min(end + 16))
                .find(|&k| matches!(word(k), "," | "." | ";" | ":" | "(" | ")"))
                .unwrap_or(s.end.min(end + 16));
            // A relative clause is not part of the role: "a former bank vice president
            // who had lobbied …" gives "a former bank vice president".
            let stop = (end + 1..stop)
                .find(|&k| matches!(word(k), "who" | "which" | "whose" | "that"))
                .unwrap_or(stop);
            let r = end + 1..stop;
            // An apposition has no verb: "in Chelsea, the mayor also said that …" is a
            // clause.
            let clause = r.clone().any(|k| {
                is_reporting_verb(word(k))
                    || matches!(
                        word(k),
                        "is" | "was"
                            | "are"
                            | "were"
                            | "has"
                            | "have"
                            | "had"
                            | "will"
                            | "would"
                            | "can"
                            | "could"
                            | "also"
                            | "did"
                            | "does"
                    )
            });
            if r.clone().any(|k| role_noun(word(k)).is_some())
                && !clause
                && !r.is_empty()
                && r.clone().all(|k| {
                    name_at[k] == usize::MAX || names[name_at[k]].kind != EntityType::Person
                })
            {
                if let Some(sp) = tok_span(r.clone()) {
                    add_role(entities, e, sp);
                    if matches!(word(r.start), "the" | "The") {
                        extra.push(Annotation {
                            span: sp,
                            value: Mention {
                                entity: e,
                                kind: MentionKind::Description,
                            },
                        });
                    }
                }
            }
        }
        // Apposition before the name, from the start of the sentence:
        // "Russia's investment envoy and negotiator on Ukraine, Kirill Dmitriev, …".
        let start = n.tokens.start;
        if start >= s.start + 2
            && word(start - 1) == ","
            && word(end) == ","
            && start - s.start <= 16
        {
            let r = s.start..start - 1;
            let ok = r.clone().any(|k| role_noun(word(k)).is_some())
                && r.clone().all(|k| !matches!(word(k), "," | "said" | "says"));
            let r = if matches!(word(r.start), "the" | "The") {
                r.start + 1..r.end
            } else {
                r
            };
            if ok {
                if let Some(sp) = tok_span(r) {
                    add_role(entities, e, sp);
                }
            }
        }
    }
    // The gender the text gives each entity (people only matter), for descriptions with a
    // gendered head ("the businessman") and for pronouns.
    let genders: Vec<Option<crate::gender::Gender>> = entities
        .iter()
        .map(|ent| crate::gender::of_person(&ent.name, ent.roles.iter().map(|r| r.span.text(text))))
        .collect();
    let agrees = |e: u32, g: Option<crate::gender::Gender>| {
        crate::gender::agrees(genders.get(e as usize).copied().flatten(), g)
    };
    // Definite descriptions headed by a role noun: "the country's top diplomat".
    let person_mentions: Vec<(usize, u32)> = names
        .iter()
        .enumerate()
        .filter(|(_, n)| n.kind == EntityType::Person)
        .filter_map(|(i, n)| Some((n.tokens.start, entity_of(i)?)))
        .collect();
    let described: Vec<Span> = extra.iter().map(|m: &Annotation<Mention>| m.span).collect();
    for k in 0..n_tok {
        if !matches!(word(k), "the" | "The") {
            continue;
        }
        // The head: the first role noun within five tokens, before any name or punctuation.
        let mut head = None;
        for h in k + 1..(k + 6).min(n_tok) {
            let w = word(h);
            if name_at[h] != usize::MAX && names[name_at[h]].kind == EntityType::Person {
                break;
            }
            if matches!(w, "," | "." | ";" | ":" | "“" | "”" | "\"") {
                break;
            }
            if let Some(rel) = role_noun(w) {
                if w.chars().next().is_some_and(char::is_lowercase) {
                    head = Some((h, rel));
                    break;
                }
            }
        }
        let Some((h, related)) = head else { continue };
        // "the former commander of the neo-Nazi ‘Azov’ brigade": keep an "of" phrase.
        let mut end = h + 1;
        if word(end) == "of" {
            let mut m = end + 1;
            while m < n_tok
                && m < end + 12
                && !matches!(
                    word(m),
                    "," | "."
                        | ";"
                        | ":"
                        | "has"
                        | "have"
                        | "had"
                        | "said"
                        | "says"
                        | "was"
                        | "is"
                        | "who"
                )
            {
                m += 1;
            }
            if m > end + 1 {
                end = m;
            }
        }
        // A title right before a name ("the Kremlin's spokesman Dmitry Peskov") is a role,
        // not a description of its own.
        if name_at
            .get(end)
            .is_some_and(|&x| x != usize::MAX && names[x].kind == EntityType::Person)
        {
            continue;
        }
        let Some(span) = tok_span(k..end) else {
            continue;
        };
        if described.iter().any(|d| d.overlaps(span)) {
            continue;
        }
        let si = sent_of.get(k).copied().unwrap_or(0);
        // Person mentions within three sentences either side (the list is in text order).
        let lo_tok = sentences.get(si.saturating_sub(3)).map_or(0, |r| r.start);
        let hi_tok = sentences
            .get(si + 3)
            .or(sentences.last())
            .map_or(0, |r| r.end);
        let lo = person_mentions.partition_point(|(t, _)| *t < lo_tok);
        let hi = person_mentions
            .partition_point(|(t, _)| *t < hi_tok)
            .max(lo);
        let fits_role = |e: u32| {
            entities.get(e as usize).is_some_and(|ent| {
                ent.roles.iter().any(|r| {
                    let rt = r.span.text(text).to_lowercase();
                    related.iter().any(|w| rt.contains(w))
                })
            })
        };
        let head_gender = crate::gender::of_title(word(h));
        let by_role = person_mentions[lo..hi]
            .iter()
            .filter(|(_, e)| fits_role(*e) && agrees(*e, head_gender))
            .min_by_key(|(t, _)| t.abs_diff(k))
            .copied();
        // A description that is the subject of a reporting verb ("the former Azov commander
        // said") refers to the person named most recently, within four sentences.
        let reporting = {
            let mut v = end;
            if matches!(word(v), "has" | "have" | "had") {
                v += 1;
            }
            is_reporting_verb(word(v))
        };
        let by_subject = || {
            let before = person_mentions.partition_point(|(t, _)| *t < k);
            person_mentions
                .get(..before)
                .unwrap_or(&[])
                .iter()
                .rev()
                .take_while(|(t, _)| sent_of.get(*t).is_some_and(|&s| s + 4 >= si))
                .find(|(_, e)| agrees(*e, head_gender))
                .copied()
        };
        let linked = by_role.or_else(|| if reporting { by_subject() } else { None });
        if let Some((_, e)) = linked {
            extra.push(Annotation {
                span,
                value: Mention {
                    entity: e,
                    kind: MentionKind::Description,
                },
            });
        }
    }
    // Subject pronouns: the nearest person named in this or the two previous sentences
    // whose gender, as far as the text shows it, agrees with the pronoun.
    for k in 0..n_tok {
        if !matches!(word(k), "he" | "He" | "she" | "She") {
            continue;
        }
        let pronoun = crate::gender::of_pronoun(word(k));
        let si = sent_of.get(k).copied().unwrap_or(0);
        let before = person_mentions.partition_point(|(t, _)| *t < k);
        let prev = person_mentions
            .get(..before)
            .unwrap_or(&[])
            .iter()
            .rev()
            .take_while(|(t, _)| sent_of.get(*t).is_some_and(|&s| s + 2 >= si))
            .find(|(_, e)| agrees(*e, pronoun));
        if let (Some(&(_, e)), Some(span)) = (prev, tok_span(k..k + 1)) {
            extra.push(Annotation {
                span,
                value: Mention {
                    entity: e,
                    kind: MentionKind::Pronoun,
                },
            });
        }
    }
    extra
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliteration_variants_share_a_key() {
        assert_eq!(translit_key("Matviyenko"), translit_key("Matvienko"));
        assert_eq!(translit_key("Zelensky"), translit_key("Zelenskyy"));
        assert_eq!(translit_key("Aleksandr"), translit_key("Alexandr"));
        assert_ne!(translit_key("Putin"), translit_key("Peskov"));
        assert_eq!(norp_key("Westerners"), norp_key("Western"));
        assert_eq!(norp_key("Russians"), norp_key("Russian"));
    }

    #[test]
    fn given_names_match_across_transliterations() {
        assert!(same_given_name("Oleksandr", "Alexander"));
        assert!(same_given_name("Volodymyr", "Vladimir"));
        assert!(same_given_name("D.", "Donald"));
        assert!(!same_given_name("Melania", "Michael"));
        assert!(!same_given_name("Hunter", "Joe"));
        assert!(same_given_name("Chuck", "Charles"));
        assert!(same_given_name("Bill", "William"));
        assert!(!same_given_name("Bill", "Robert"));
    }

    /// Levenshtein distance, the reference for [`within_one_edit`]; stops early once
    /// the lengths alone differ by more than `max`.
    fn edit_distance(a: &str, b: &str, max: usize) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        if a.len().abs_diff(b.len()) > max {
            return max + 1;
        }
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        let mut cur = vec![0; b.len() + 1];
        for i in 1..=a.len() {
            cur[0] = i;
            for j in 1..=b.len() {
                let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
                cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
            }
            std::mem::swap(&mut prev, &mut cur);
        }
        prev[b.len()]
    }

    #[test]
    fn one_edit_check_agrees_with_edit_distance() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "zelensky",
            "zelenskyy",
            "zelenskiy",
            "zelenski",
            "matviyenko",
            "matvienko",
            "matwienko",
            "kyiv",
            "kiev",
            "k\u{e9}v",
            "k\u{1f600}v",
            "kev",
            "s\u{e9}r\u{e9}",
            "sere",
            "serei",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    within_one_edit(a, b),
                    edit_distance(a, b, 1) <= 1,
                    "{a:?} {b:?}"
                );
            }
        }
        let mut s = Surnames::default();
        for (i, k) in [
            "matviyenko",
            "zelensky",
            "matvienko",
            "li",
            "lu",
            "matviyenko",
        ]
        .iter()
        .enumerate()
        {
            s.add(k, i);
        }
        let mut got: Vec<Vec<usize>> = s.matching("matviyenko").cloned().collect();
        got.sort();
        assert_eq!(got, [vec![0, 5], vec![2]]);
        // Short keys match only exactly.
        assert_eq!(s.matching("li").cloned().collect::<Vec<_>>(), [vec![3]]);
        assert_eq!(s.matching("zelenskyy").count(), 1);
        assert_eq!(s.matching("nobody").count(), 0);
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting", 5), 3);
        assert_eq!(edit_distance("abc", "abc", 1), 0);
        assert!(edit_distance("a", "abcdef", 1) > 1);
    }

    #[test]
    fn initials_cover_hyphenated_names() {
        let words = [
            "National",
            "Anti",
            "-",
            "Corruption",
            "Bureau",
            "of",
            "Ukraine",
        ];
        assert!(initials(&words).iter().any(|s| s == "NABU"));
    }
}
