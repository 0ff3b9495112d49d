//! Named entities: mentions typed PERSON, ORG, GPE, NORP, MEDIA, EVENT, merged into one
//! canonical entity per real-world actor of the document.
//!
//! Mentions come from a trained sequence tagger ([`ner`]) whose raw classes (PER, ORG,
//! LOC, MISC) are refined by name lists: outlets and platforms become MEDIA, demonyms NORP,
//! named wars EVENT. Spans follow the annotation conventions: flat and longest-match, no
//! leading "the", no possessive "’s", no titles, and names inside hyphenated compounds
//! ("US-led") count. The whole text is one document: [`canon`] then merges short forms,
//! spelling variants and acronyms into entities and records roles, descriptions and
//! pronouns that the text ties to a person.

mod canon;
mod gazetteer;
mod hashing;
pub mod ner;

use std::ops::Range;

use crate::doc::{Document, EntityType, LayerKind, TokenKind, Upos};
use crate::pipeline::{Diagnostics, Stage};

/// Finds entity mentions and merges them into entities.
#[derive(Debug, Default, Clone, Copy)]
pub struct EntityStage;

impl Stage for EntityStage {
    fn name(&self) -> &'static str {
        "entities"
    }
    fn requires(&self) -> &'static [LayerKind] {
        // The tag of each sentence's first word tells a capitalised common word there
        // from a name.
        &[
            LayerKind::Tokens,
            LayerKind::Sentences,
            LayerKind::OpenerPos,
        ]
    }
    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::Entities]
    }
    fn run(&self, doc: &mut Document, diags: &mut Diagnostics) {
        let Some(model) = ner::model() else {
            diags.warn(
                "entities/no-model",
                None,
                "the entity model failed to load; no entities found",
            );
            return;
        };
        let names = find_names(doc, model);
        canon::build(doc, &names);
    }
}

/// A named mention: tokens `tokens` of the tokens layer, of type `kind`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Name {
    pub tokens: Range<usize>,
    pub kind: EntityType,
}

/// Token index ranges of the sentences (one range for all tokens when there are none).
fn sentence_ranges(doc: &Document) -> Vec<Range<usize>> {
    let n = doc.tokens.len();
    let mut out: Vec<Range<usize>> = doc
        .sentences
        .iter()
        .map(|s| (s.value.first_token as usize).min(n)..(s.value.end_token as usize).min(n))
        .collect();
    if out.is_empty() && n > 0 {
        out.push(0..n);
    }
    out
}

/// Last words of outlet names ("Czech Radio", "Kyiv Post").
fn is_media_head(w: &str) -> bool {
    matches!(
        w,
        "Radio"
            | "TV"
            | "Television"
            | "News"
            | "Times"
            | "Post"
            | "Gazette"
            | "Gazeta"
            | "Journal"
            | "Herald"
            | "Tribune"
            | "Daily"
            | "Press"
            | "Online"
            | "Telegraph"
            | "Observer"
            | "Chronicle"
            | "Broadcasting"
    )
}

fn starts_digit(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_ascii_digit())
}

fn lower_word(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_lowercase)
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn is_the(w: &str) -> bool {
    w.eq_ignore_ascii_case("the")
}

fn is_possessive(w: &str) -> bool {
    matches!(w, "'s" | "’s" | "'" | "’" | "'S" | "’S")
}

/// Words after a place name that make it a region ("Kharkov Region").
fn is_region_word(w: &str) -> bool {
    matches!(
        w,
        "Region"
            | "Oblast"
            | "Province"
            | "Republic"
            | "Krai"
            | "Territory"
            | "County"
            | "District"
    )
}

/// Finds the named mentions of the document, in text order, never overlapping.
///
/// Passes, each taking only tokens that no earlier pass took: listed names of several
/// words that stand alone ("St. Petersburg", "Financial Times"); capitalised runs headed
/// by an organisation word ("Ukrainian Defense Ministry", "Security Service of Ukraine");
/// the tagger's spans; then listed one-word names the tagger missed ("US" in "US-led").
fn find_names(doc: &Document, model: &ner::Model) -> Vec<Name> {
    let text = doc.text();
    let toks = doc.tokens.as_slice();
    let words: Vec<&str> = toks.iter().map(|t| t.span.text(text)).collect();
    let sentences = sentence_ranges(doc);
    let labels = model.tag(&words, &sentences);
    let gaz = gazetteer::get();
    let lowers: Vec<u64> = words.iter().map(|w| hashing::fnv_str_lower(w)).collect();

    let mut names: Vec<Name> = Vec::new();
    let mut covered = vec![false; words.len()];
    let take = |names: &mut Vec<Name>, covered: &mut [bool], name: Name| {
        if covered[name.tokens.clone()].iter().any(|&c| c) {
            return false;
        }
        for c in &mut covered[name.tokens.clone()] {
            *c = true;
        }
        names.push(name);
        true
    };
    let capitalised = |k: usize| words.get(k).is_some_and(|w| starts_upper(w));
    // Listed names of several words, when they are not part of a longer capitalised name.
    for s in &sentences {
        let mut k = s.start;
        while k < s.end {
            let (class, len) = gaz.longest_at(&lowers, k);
            let r = k..(k + len).min(s.end);
            // A listed place the tagger reads as an organisation ("Los Angeles 5") is a
            // club or company named after it, so the tagger decides.
            let tagged_org = (class & gazetteer::PLACE != 0)
                && labels[r.clone()]
                    .iter()
                    .all(|&l| ner::class_of(usize::from(l)) == 2);
            let after_capital = k > s.start && capitalised(k - 1) && !is_the(words[k - 1]);
            let alone = len >= 2 && !tagged_org && !after_capital && !capitalised(r.end);
            if alone {
                if let Some(kind) = listed_kind(&words, r.clone(), class, s.start) {
                    if take(&mut names, &mut covered, Name { tokens: r, kind }) {
                        k += len;
                        continue;
                    }
                }
            }
            k += 1;
        }
    }
    for s in &sentences {
        for r in org_runs(&words, s.clone(), gaz) {
            if tagger_disagrees(&words, &labels, r.clone(), gaz) {
                continue;
            }
            take(
                &mut names,
                &mut covered,
                Name {
                    tokens: r,
                    kind: EntityType::Org,
                },
            );
        }
    }
    for s in &sentences {
        let mut k = s.start;
        while k < s.end {
            let l = usize::from(labels[k]);
            if l == 0 {
                k += 1;
                continue;
            }
            let class = ner::class_of(l);
            let mut e = k + 1;
            while e < s.end
                && labels[e] != 0
                && labels[e].is_multiple_of(2)
                && ner::class_of(usize::from(labels[e])) == class
            {
                e += 1;
            }
            // "Ursula von der Leyen": name particles join two person spans.
            if class == 1 {
                let mut m = e;
                while m < s.end
                    && matches!(
                        words[m],
                        "von"
                            | "van"
                            | "der"
                            | "den"
                            | "de"
                            | "da"
                            | "del"
                            | "di"
                            | "la"
                            | "le"
                            | "bin"
                            | "al"
                            | "ibn"
                    )
                {
                    m += 1;
                }
                if m > e && m < s.end && capitalised(m) {
                    e = m + 1;
                    while e < s.end && labels[e] != 0 && labels[e].is_multiple_of(2) {
                        e += 1;
                    }
                }
            }
            let r = k..e.min(s.end);
            let parts = split_span(&words, &lowers, r.clone(), class, gaz);
            if parts.len() > 1 {
                for (part, c) in parts {
                    if let Some(name) = refine(&words, &lowers, part, c, gaz, s.start) {
                        take(&mut names, &mut covered, name);
                    }
                }
            } else if let Some(name) = refine(&words, &lowers, r.clone(), class, gaz, s.start) {
                take(&mut names, &mut covered, name);
            } else if class == 4
                && !words[r.clone()].contains(&"-")
                && !(r.len() >= 2
                    && words[r.start + 1..r.end]
                        .iter()
                        .all(|w| gaz.classes(&[w]) & gazetteer::TITLE != 0))
            {
                // A dropped MISC name ("U.S. Open") hides the names inside it, except the
                // parts of hyphenated compounds ("US-led"), which count on their own, and
                // a name before a title ("US President" read as one name).
                for c in &mut covered[r] {
                    *c = true;
                }
            }
            k = e;
        }
    }
    // Listed names the tagger missed (including parts of hyphenated compounds).
    for s in &sentences {
        let mut k = s.start;
        while k < s.end {
            let (class, len) = gaz.longest_at(&lowers, k);
            let r = k..(k + len).min(s.end);
            if len == 0 || covered[r.clone()].iter().any(|&c| c) {
                k += 1;
                continue;
            }
            if let Some(kind) = listed_kind(&words, r.clone(), class, s.start) {
                take(&mut names, &mut covered, Name { tokens: r, kind });
                k += len;
            } else if words[k] == "West"
                && k > s.start
                && is_the(words[k - 1])
                && !capitalised(k + 1)
            {
                // "the West" as a region.
                take(
                    &mut names,
                    &mut covered,
                    Name {
                        tokens: k..k + 1,
                        kind: EntityType::Gpe,
                    },
                );
                k += 1;
            } else {
                k += 1;
            }
        }
    }
    // Lower-case forms of the words written in lower case somewhere in the text, built
    // only when a sentence-initial adjective needs them.
    let mut lower_seen: Option<hashing::IdHashMap<()>> = None;
    let mut one_word: hashing::IdHashMap<usize> = hashing::IdHashMap::default();
    for n in &names {
        if n.tokens.len() == 1 {
            *one_word.entry(lowers[n.tokens.start]).or_insert(0) += 1;
        }
    }
    // The last words of the people named in full.
    let surnames: hashing::IdHashMap<()> = names
        .iter()
        .filter(|n| n.kind == EntityType::Person && n.tokens.len() >= 2)
        .map(|n| (lowers[n.tokens.end - 1], ()))
        .collect();
    names.retain(|n| {
        // A one-word name that opens a sentence, that the part-of-speech tagger reads as
        // a function word, adverb or verb ("Frankly, …", "Somehow the …", "Is it …"), that
        // no list holds and that the text names nowhere else, is no name; a place in
        // capitals opening a dateline ("PORTSMOUTH, N.H. —") stays.
        if n.tokens.len() == 1
            && sentences
                .binary_search_by_key(&n.tokens.start, |s| s.start)
                .is_ok()
            && toks
                .get(n.tokens.start)
                .is_some_and(|t| not_a_name_tag(t.value.upos))
            && gaz.classes(&words[n.tokens.clone()]) == 0
            && one_word.get(&lowers[n.tokens.start]).copied().unwrap_or(0) <= 1
            && !(matches!(n.kind, EntityType::Gpe | EntityType::Loc)
                && words[n.tokens.start].chars().all(|c| !c.is_lowercase()))
        {
            return false;
        }
        // A title on its own read as a person or place ("the Lord", "the Pope") is a role,
        // not a name, unless a person's full name ends in it ("Mr. King" after "Larry
        // King").
        if n.tokens.len() == 1
            && matches!(
                n.kind,
                EntityType::Person | EntityType::Gpe | EntityType::Loc
            )
            && gaz.classes(&words[n.tokens.clone()]) == gazetteer::TITLE
            && !surnames.contains_key(&lowers[n.tokens.start])
        {
            return false;
        }
        if initial_adjective(&words, n, &sentences) {
            // Named nowhere else: the capital is the sentence's.
            if one_word.get(&lowers[n.tokens.start]).copied().unwrap_or(0) <= 1 {
                return false;
            }
            let seen = lower_seen.get_or_insert_with(|| {
                words
                    .iter()
                    .zip(&lowers)
                    .filter(|(w, _)| lower_word(w))
                    .map(|(_, &h)| (h, ()))
                    .collect()
            });
            if seen.contains_key(&lowers[n.tokens.start]) {
                return false;
            }
        }
        !n.tokens.is_empty()
            && toks
                .get(n.tokens.start)
                .is_some_and(|t| t.value.kind != TokenKind::Punct)
            && !is_language(&words, n)
            && !is_holiday(&words, n)
    });
    for n in &mut names {
        trim_months(&words, n);
        cut_at_possessive(&words, n);
        drop_leading_function_word(&words, n);
    }
    company_consistency(&words, &mut names, gaz);
    company_lists(&words, &mut names, gaz);
    surname_consistency(&words, &mut names, &covered, gaz);
    full_name_consistency(&words, &mut names, gaz);
    given_name_before(&words, &mut names, &sentences);
    names.sort_by_key(|n| n.tokens.start);
    join_split_people(&mut names, &lowers, &sentences, gaz);
    bracketed_towns(&words, &mut names, gaz);
    names.retain(|n| !words.get(n.tokens.clone()).is_some_and(foreign_script));
    names
}

/// True for a name written mostly in letters of a script other than Latin ("Что", "В"
/// at the start of sentences of a Russian page in a crawl): the tagger learned from
/// English text, and capitals in another script tell it nothing.
/// A person named by surname alone right after a capitalised given name that no name
/// holds ("Cory James, 22, said" when the tagger only took "James"): the given name is
/// part of the name.
fn given_name_before(words: &[&str], names: &mut [Name], sentences: &[Range<usize>]) {
    // Tokens inside a name (names do not overlap, so a name holding the token before a
    // person's is one that ends there).
    let mut named = vec![false; words.len()];
    for n in names.iter() {
        for t in named.get_mut(n.tokens.clone()).into_iter().flatten() {
            *t = true;
        }
    }
    for n in names.iter_mut() {
        let k = n.tokens.start;
        if n.kind != EntityType::Person || n.tokens.len() != 1 || k == 0 {
            continue;
        }
        let w = words[k - 1];
        let free = !named.get(k - 1).copied().unwrap_or(true);
        // The sentences are in text order: the one holding the token before.
        let i = sentences.partition_point(|s| s.end < k);
        let in_sentence = sentences.get(i).is_some_and(|s| s.start < k && k < s.end);
        if in_sentence
            && free
            && starts_upper(w)
            && w.len() > 1
            && crate::gender::of_given_name(w).is_some()
            // Given names that are also common words ("In May Johnson said").
            && !matches!(
                w,
                "May" | "June" | "April" | "August" | "Will" | "Grant" | "Hope" | "Faith"
                    | "Joy" | "Rich" | "Art" | "Summer" | "Christian" | "Major" | "General"
            )
        {
            n.tokens = k - 1..n.tokens.end;
        }
    }
}

fn foreign_script(words: &[&str]) -> bool {
    let (mut latin, mut other) = (0_usize, 0_usize);
    for c in words
        .iter()
        .flat_map(|w| w.chars())
        .filter(|c| c.is_alphabetic())
    {
        // Basic Latin to Latin Extended-B, and Latin Extended Additional.
        if matches!(c, '\0'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}') {
            latin += 1;
        } else {
            other += 1;
        }
    }
    other > latin
}

/// The end of organisation `r` extended over a bracketed one- or two-letter town code
/// ("Mladost ( L )", "Radnicki ( N )": clubs that share a name, as results tables tell
/// them apart), or `None`. The code must not be the name's initials ("Popular Party
/// ( PP )" is an acronym) nor a listed name ("( UK )").
fn bracketed_town(words: &[&str], r: &Range<usize>, gaz: &gazetteer::Gazetteer) -> Option<usize> {
    let (open, end) = if words.get(r.end) == Some(&"(") && words.get(r.end + 2) == Some(&")") {
        (r.end, r.end + 3)
    } else if r.len() >= 3 && words.get(r.end - 2) == Some(&"(") && words.get(r.end) == Some(&")") {
        (r.end - 2, r.end + 1)
    } else {
        return None;
    };
    let code = *words.get(open + 1)?;
    let name = words.get(r.start..open)?;
    let initials: String = name.iter().filter_map(|w| w.chars().next()).collect();
    let ok = (1..=2).contains(&code.len())
        && code.chars().all(|c| c.is_ascii_uppercase())
        && !name.is_empty()
        && initials != code
        && gaz.classes(&[code]) == 0;
    ok.then_some(end)
}

/// Extends organisation names over bracketed town codes ([`bracketed_town`]), dropping a
/// name the tagger found inside the brackets. `names` is sorted.
fn bracketed_towns(words: &[&str], names: &mut Vec<Name>, gaz: &gazetteer::Gazetteer) {
    let mut k = 0;
    while k < names.len() {
        if names[k].kind == EntityType::Org {
            if let Some(end) = bracketed_town(words, &names[k].tokens, gaz) {
                let start = names[k].tokens.start;
                let clash = |n: &Name| n.tokens.start < end && start < n.tokens.end;
                // Only names wholly inside the new span give way.
                let inside = names
                    .iter()
                    .enumerate()
                    .filter(|(j, n)| *j != k && clash(n))
                    .all(|(_, n)| n.tokens.start >= start && n.tokens.end <= end);
                if inside {
                    names[k].tokens.end = end;
                    let keep = names[k].clone();
                    names.retain(|n| *n == keep || !clash(n));
                    k = names.iter().position(|n| *n == keep).unwrap_or(k);
                }
            }
        }
        k += 1;
    }
}

/// A one-word name of another type right before a person's name in the same sentence is
/// that person's first name read apart ("Kirill" ORG + "Dmitriev" PERSON at the start of
/// a headline): the two become one person. A listed place, organisation or outlet before
/// a person ("Moscow Putin" in a list) stays apart. `names` is sorted.
fn join_split_people(
    names: &mut Vec<Name>,
    lowers: &[u64],
    sentences: &[Range<usize>],
    gaz: &gazetteer::Gazetteer,
) {
    let same_sentence = |a: usize, b: usize| {
        let k = sentences.partition_point(|s| s.end <= a);
        sentences
            .get(k)
            .is_some_and(|s| s.contains(&a) && s.contains(&b))
    };
    let mut k = 1;
    while k < names.len() {
        let (Some(prev), Some(cur)) = (names.get(k - 1), names.get(k)) else {
            break;
        };
        let first = prev.tokens.start;
        let split = cur.kind == EntityType::Person
            && prev.kind != EntityType::Person
            && prev.tokens.len() == 1
            && prev.tokens.end == cur.tokens.start
            && same_sentence(first, cur.tokens.start)
            && {
                let (class, len) = gaz.longest_at(lowers, first);
                len == 0 || class == gazetteer::FIRST_NAME
            };
        if split {
            let end = cur.tokens.end;
            if let Some(p) = names.get_mut(k - 1) {
                p.tokens = first..end;
                p.kind = EntityType::Person;
            }
            names.remove(k);
        } else {
            k += 1;
        }
    }
}

/// Splits a tagged span that joins two names: "Karlsruhe of Germany" (a club and its
/// country, unless the first part is headed by an organisation word, as in "Bank of
/// England") and "Blackburn and Southampton" (two short names, unless the second part
/// ends in an organisation word, as in "Test and County Cricket Board"); places joined by
/// hyphens ("Washington-Kiev") are each a name, and so are a demonym and the listed place
/// after it ("Nazi Kiev").
fn split_span(
    words: &[&str],
    lowers: &[u64],
    r: Range<usize>,
    class: usize,
    gaz: &gazetteer::Gazetteer,
) -> Vec<(Range<usize>, usize)> {
    let org_word = |w: &&str| gaz.classes(&[w]) & gazetteer::ORG_WORD != 0;
    // "the Nazi Kiev regime": a demonym before a listed place is a group and a place
    // (when the whole is not a listed name).
    if (1..=3).contains(&class) && r.len() >= 2 && gaz.longest_at(lowers, r.start).1 < r.len() {
        let (c, len) = gaz.longest_at(lowers, r.start + 1);
        if is_demonym(gaz, words[r.start]) && c & gazetteer::PLACE != 0 && len == r.len() - 1 {
            return vec![(r.start..r.start + 1, 4), (r.start + 1..r.end, 3)];
        }
    }
    // "Washington-Kiev-Moscow": places joined by hyphens are each a name, when every
    // part is a listed place and the whole is not.
    if class == 3 && words[r.clone()].contains(&"-") && gaz.longest_at(lowers, r.start).1 < r.len()
    {
        let mut parts = Vec::new();
        let mut k = r.start;
        let mut ok = true;
        while k < r.end && ok {
            let (c, len) = gaz.longest_at(lowers, k);
            let end = k + len;
            ok = len > 0
                && end <= r.end
                && c & gazetteer::PLACE != 0
                && (end == r.end || (words[end] == "-" && end + 1 < r.end));
            parts.push((k..end, 3));
            k = end + 1;
        }
        if ok && parts.len() > 1 {
            return parts;
        }
    }
    for i in r.start + 1..r.end.saturating_sub(1) {
        let (left, right) = (r.start..i, i + 1..r.end);
        match words[i] {
            "of" if class == 2 => {
                let (c, len) = gaz.longest_at(lowers, right.start);
                if c & gazetteer::PLACE != 0
                    && len == right.len()
                    && !words[left.clone()].iter().any(org_word)
                {
                    return vec![(left, 2), (right, 3)];
                }
            }
            "and" => {
                let last = words[r.end - 1];
                // Long names with "and" inside ("Organisation for Security and Cooperation
                // in Europe") stay whole: the names joined are short and have no
                // lower-case words.
                let short = left.len() <= 2 && right.len() <= 2;
                let plain = words[r.clone()]
                    .iter()
                    .all(|w| *w == "and" || !lower_word(w));
                if short && plain && !org_word(&last) && !matches!(last, "Co" | "Co." | "Sons") {
                    return vec![(left, class), (right, class)];
                }
            }
            _ => {}
        }
    }
    vec![(r, class)]
}

/// True for a one-word name that opens a sentence, looks like an adjective ("International
/// politics is ...") and is followed by a lower-case word. The caller drops it when the
/// text names it nowhere else or also writes the word in lower case: a capital that only
/// the sentence start gives.
fn initial_adjective(words: &[&str], n: &Name, sentences: &[Range<usize>]) -> bool {
    const SUFFIXES: [&str; 9] = [
        "al", "ic", "ive", "ous", "ary", "ful", "less", "able", "ible",
    ];
    let k = n.tokens.start;
    let Some(w) = words.get(k) else { return false };
    n.tokens.len() == 1
        && !matches!(n.kind, EntityType::Norp)
        && words.get(k + 1).is_some_and(|x| lower_word(x))
        && w.chars().skip(1).all(char::is_lowercase)
        && SUFFIXES
            .iter()
            .any(|x| w.len() > x.len() + 3 && w.ends_with(x))
        && sentences.binary_search_by_key(&k, |s| s.start).is_ok()
}

/// Part-of-speech tags that a name does not take: a sentence opener the tagger reads so
/// is a capitalised common word.
fn not_a_name_tag(t: Upos) -> bool {
    matches!(
        t,
        Upos::Adv
            | Upos::Aux
            | Upos::Verb
            | Upos::Adp
            | Upos::Sconj
            | Upos::Cconj
            | Upos::Det
            | Upos::Pron
            | Upos::Part
            | Upos::Intj
    )
}

/// True for a one-word holiday ("by Thanksgiving", "before Christmas"): a date (the date
/// stage reads it), never an actor, whatever type the tagger gave it.
fn is_holiday(words: &[&str], n: &Name) -> bool {
    n.tokens.len() == 1
        && words.get(n.tokens.start).is_some_and(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "thanksgiving" | "christmas" | "halloween" | "easter"
            )
        })
}

/// True for a demonym used as a language name ("in Russian and English").
fn is_language(words: &[&str], n: &Name) -> bool {
    if n.kind != EntityType::Norp || n.tokens.len() != 1 {
        return false;
    }
    let at = |k: usize| words.get(k).copied().unwrap_or(".");
    let prev = n.tokens.start.checked_sub(1).map_or("", at);
    let prev2 = n.tokens.start.checked_sub(2).map_or("", at);
    let next = at(n.tokens.end);
    let ends = |w: &str| matches!(w, "and" | "or" | "," | "." | ";" | ":" | ")" | "”" | "\"");
    (matches!(prev, "in" | "into" | "speak" | "speaks" | "spoke") && ends(next))
        || (matches!(prev, "and" | "or")
            && matches!(
                prev2,
                "Russian"
                    | "English"
                    | "Ukrainian"
                    | "French"
                    | "German"
                    | "Spanish"
                    | "Chinese"
                    | "Arabic"
            )
            && ends(next))
}

/// Drops a capitalised conjunction, preposition, adverb or imperative verb that opens a
/// person's name: "Once Trump took office", "“Make Trump just go away”" (a capital the
/// sentence or the quotation gives). Only words that never begin a person's name are
/// listed ("Will", "Mark" or "Rose" are not).
fn drop_leading_function_word(words: &[&str], n: &mut Name) {
    const OPENERS: [&str; 44] = [
        "Once",
        "When",
        "After",
        "If",
        "As",
        "While",
        "Since",
        "Because",
        "Although",
        "Though",
        "Until",
        "Unless",
        "Before",
        "Like",
        "Unlike",
        "With",
        "Without",
        "For",
        "Meanwhile",
        "Then",
        "So",
        "But",
        "And",
        "Or",
        "Yet",
        "Also",
        "Now",
        "Even",
        "Only",
        "Just",
        "Still",
        "Perhaps",
        "Maybe",
        "Why",
        "How",
        "What",
        "Where",
        "Whether",
        "Let",
        "Make",
        "Thank",
        "Thanks",
        "Please",
        "Whenever",
    ];
    if n.kind == EntityType::Person
        && n.tokens.len() >= 2
        && words
            .get(n.tokens.start)
            .is_some_and(|w| OPENERS.contains(w))
    {
        n.tokens.start += 1;
    }
}

/// Ends a person's name before a possessive inside it: in "Trump's July 25 call" the name
/// is "Trump" ("'s" never belongs to a person's name, while it does to "McDonald's" or
/// "People's Daily").
fn cut_at_possessive(words: &[&str], n: &mut Name) {
    if n.kind != EntityType::Person {
        return;
    }
    let inside = (n.tokens.start + 1)..n.tokens.end;
    if let Some(p) = inside
        .clone()
        .find(|&k| words.get(k).is_some_and(|w| is_possessive(w)))
    {
        n.tokens.end = p;
    }
}

/// Drops a month name at either edge of an organisation or place name: "August National
/// Association of Purchasing Management" (a report's month before the name), "Chicago
/// Purchasing Managers August". "May" and "March" lead names too ("March of Dimes"), so
/// they are only dropped at the end.
fn trim_months(words: &[&str], n: &mut Name) {
    if !matches!(n.kind, EntityType::Org | EntityType::Gpe) {
        return;
    }
    let month = |w: &str| {
        matches!(
            w,
            "January"
                | "February"
                | "March"
                | "April"
                | "May"
                | "June"
                | "July"
                | "August"
                | "September"
                | "October"
                | "November"
                | "December"
        )
    };
    while n.tokens.len() > 1
        && words
            .get(n.tokens.start)
            .is_some_and(|w| month(w) && !matches!(*w, "May" | "March"))
    {
        n.tokens.start += 1;
    }
    while n.tokens.len() > 1 && words.get(n.tokens.end - 1).is_some_and(|w| month(w)) {
        n.tokens.end -= 1;
    }
}

/// Legal-form words that close company names ("Pirelli SpA", "Barnett Banks Inc.").
fn is_legal_form(w: &str) -> bool {
    matches!(
        w,
        "Inc"
            | "Inc."
            | "Corp"
            | "Corp."
            | "Corporation"
            | "Ltd"
            | "Ltd."
            | "Limited"
            | "Co"
            | "Co."
            | "Company"
            | "Cos"
            | "Cos."
            | "SpA"
            | "AG"
            | "Plc"
            | "PLC"
            | "plc"
            | "NV"
            | "N.V."
            | "SA"
            | "S.A."
            | "GmbH"
            | "LLC"
            | "Bhd"
            | "Berhad"
    )
}

/// Tokens either side within which a company's full name types its short form.
const COMPANY_NEAR: usize = 1500;

/// Document-level consistency for companies: a name of several words that ends in a legal
/// form ("Daniels Pharmaceuticals Inc") is an organisation whatever the tagger said, and
/// so is a person or place name that begins such a name nearby ("Magna" near "Magna
/// International Inc"), unless it is a one-word listed place. A name the text
/// describes as a company ("X, a drone maker") is one too, and so is the same name
/// nearby. People keep their surnames: [`surname_consistency`] runs after this and wins
/// for a word that ends a person's full name nearby.
fn company_consistency(words: &[&str], names: &mut [Name], gaz: &gazetteer::Gazetteer) {
    let typed_away = |k: EntityType| matches!(k, EntityType::Person | EntityType::Gpe);
    // First word → (token index, length) of the company names with a legal form.
    let mut companies: std::collections::HashMap<&str, Vec<(usize, usize)>> =
        std::collections::HashMap::new();
    for n in names.iter_mut() {
        let r = n.tokens.clone();
        if r.len() < 2 || !words.get(r.end - 1).is_some_and(|w| is_legal_form(w)) {
            continue;
        }
        if typed_away(n.kind) {
            n.kind = EntityType::Org;
        }
        if n.kind == EntityType::Org {
            if let Some(w) = words.get(r.start) {
                companies.entry(w).or_default().push((r.start, r.len()));
            }
        }
    }
    // "Reactive Drone, a company registered in ...": a name the text calls a company.
    let mut described: Vec<(&[&str], usize)> = Vec::new();
    for n in names.iter_mut() {
        let r = n.tokens.clone();
        if !typed_away(n.kind) || words.get(r.end) != Some(&",") {
            continue;
        }
        let after = words.get(r.end + 1..).unwrap_or(&[]);
        if !matches!(after.first(), Some(&("a" | "an"))) {
            continue;
        }
        let noun = after
            .iter()
            .skip(1)
            .take(4)
            .take_while(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'))
            .any(|w| is_company_noun(w));
        if noun {
            n.kind = EntityType::Org;
            if let Some(ws) = words.get(r.clone()) {
                described.push((ws, r.start));
            }
        }
    }
    if companies.is_empty() && described.is_empty() {
        return;
    }
    for n in names.iter_mut() {
        if !typed_away(n.kind) {
            continue;
        }
        let k = n.tokens.start;
        let Some(ws) = words.get(n.tokens.clone()) else {
            continue;
        };
        if described
            .iter()
            .any(|(d, at)| *d == ws && at.abs_diff(k) <= COMPANY_NEAR)
        {
            n.kind = EntityType::Org;
            continue;
        }
        let Some(first) = ws.first() else { continue };
        if ws.len() == 1 && gaz.classes(&[first]) & gazetteer::PLACE != 0 {
            continue;
        }
        // The name is the start of a company name nearby ("Daniels Pharmaceuticals" near
        // "Daniels Pharmaceuticals Inc").
        let starts = |&(a, len): &(usize, usize)| {
            a.abs_diff(k) <= COMPANY_NEAR
                && len > ws.len()
                && words.get(a..a + ws.len()) == Some(ws)
        };
        if companies.get(first).is_some_and(|at| at.iter().any(starts)) {
            n.kind = EntityType::Org;
        }
    }
}

/// Nouns that name only companies, never people ("producer" and "developer" can be a
/// film producer or a software developer, so they are not here).
const FIRM_NOUNS: [&str; 16] = [
    "company",
    "firm",
    "corporation",
    "manufacturer",
    "automaker",
    "carmaker",
    "retailer",
    "lender",
    "bank",
    "insurer",
    "airline",
    "conglomerate",
    "subsidiary",
    "startup",
    "chain",
    "brand",
];

/// Whether `w` is one of [`FIRM_NOUNS`] (in any case), and if so whether in the plural
/// ("insurers", "companies"). No allocation: this runs on every word.
fn company_noun(w: &str) -> Option<bool> {
    let first = w.as_bytes().first()?;
    if !first.is_ascii_alphabetic() || !(4..=14).contains(&w.len()) {
        return None;
    }
    FIRM_NOUNS.iter().find_map(|n| {
        if w.eq_ignore_ascii_case(n) {
            return Some(false);
        }
        let plural = match n.strip_suffix('y') {
            Some(stem) => {
                w.len() == stem.len() + 3
                    && w.get(..stem.len())
                        .is_some_and(|p| p.eq_ignore_ascii_case(stem))
                    && w.get(stem.len()..)
                        .is_some_and(|t| t.eq_ignore_ascii_case("ies"))
            }
            None => {
                w.len() == n.len() + 1
                    && w.get(..n.len()).is_some_and(|p| p.eq_ignore_ascii_case(n))
                    && w.ends_with(['s', 'S'])
            }
        };
        plural.then_some(true)
    })
}

/// Names the text introduces with a company noun are organisations: "tobacco company
/// Altria", "the firm Monsanto", and every name of a list after a plural one ("health
/// insurers Cigna, Aetna, Humana and UnitedHealth Group", "drug companies such as Pfizer
/// and GlaxoSmithKline"). A name followed by a possessive ("Germany's") or that is a
/// listed place is left alone.
fn company_lists(words: &[&str], names: &mut [Name], gaz: &gazetteer::Gazetteer) {
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by_key(|&i| names[i].tokens.start);
    let starting_at = |k: usize, names: &[Name]| {
        order
            .binary_search_by_key(&k, |&i| names[i].tokens.start)
            .ok()
            .map(|p| order[p])
    };
    // The names so introduced, with their first token.
    let mut firms: Vec<(&[&str], usize)> = Vec::new();
    for (k, w) in words.iter().enumerate() {
        let Some(plural) = company_noun(w) else {
            continue;
        };
        let mut j = k + 1;
        if plural {
            match words.get(j..j + 2) {
                Some(["such", "as"]) => j += 2,
                _ if matches!(words.get(j), Some(&("like" | "including"))) => j += 1,
                _ => {}
            }
        }
        while let Some(i) = starting_at(j, names) {
            let r = names[i].tokens.clone();
            let possessive = matches!(words.get(r.end), Some(&("'s" | "’s" | "'" | "’")));
            let place = words
                .get(r.clone())
                .is_some_and(|ws| gaz.classes(ws) & gazetteer::PLACE != 0);
            if possessive || place {
                break;
            }
            if matches!(
                names[i].kind,
                EntityType::Person | EntityType::Gpe | EntityType::Loc
            ) {
                names[i].kind = EntityType::Org;
            }
            if let Some(ws) = words.get(r.clone()) {
                firms.push((ws, r.start));
            }
            if !plural {
                break;
            }
            j = r.end;
            if words.get(j) == Some(&",") {
                j += 1;
            }
            if matches!(words.get(j), Some(&("and" | "or"))) {
                j += 1;
            } else if words.get(j - 1) != Some(&",") {
                break;
            }
        }
    }
    // The same name nearby is the same company ("McDonald's and Walmart" after
    // "companies like Walmart").
    if firms.is_empty() {
        return;
    }
    for n in names.iter_mut() {
        if !matches!(
            n.kind,
            EntityType::Person | EntityType::Gpe | EntityType::Loc
        ) {
            continue;
        }
        let Some(ws) = words.get(n.tokens.clone()) else {
            continue;
        };
        let k = n.tokens.start;
        if firms
            .iter()
            .any(|(f, at)| *f == ws && at.abs_diff(k) <= COMPANY_NEAR)
        {
            n.kind = EntityType::Org;
        }
    }
}

/// Nouns that make the name they describe a company ("X, a Czech drone maker").
fn is_company_noun(w: &str) -> bool {
    matches!(
        w,
        "company"
            | "firm"
            | "manufacturer"
            | "maker"
            | "producer"
            | "supplier"
            | "contractor"
            | "retailer"
            | "lender"
            | "insurer"
            | "airline"
            | "carrier"
            | "conglomerate"
            | "subsidiary"
            | "startup"
            | "exporter"
            | "distributor"
            | "developer"
    )
}

/// Document-level consistency for people: a one-word name that is the surname of a person
/// named in full nearby is that person ("Trump" after "Donald Trump"), whatever the tagger
/// said, and a capitalised word the tagger missed that spells such a surname is a mention
/// too ("Zelensky" after "Volodymyr Zelenskyy").
fn surname_consistency(
    words: &[&str],
    names: &mut Vec<Name>,
    covered: &[bool],
    gaz: &gazetteer::Gazetteer,
) {
    // (surname key, token index of the full name)
    let mut surnames: Vec<(String, usize)> = Vec::new();
    for n in names.iter() {
        if n.kind != EntityType::Person {
            continue;
        }
        // A surname after a title ("Cardinal McCarrick", "Bishop Tobin") names the person
        // as surely as a full name does.
        let titled = n.tokens.len() == 1
            && n.tokens.start > 0
            && words
                .get(n.tokens.start - 1)
                .is_some_and(|w| starts_upper(w) && gaz.classes(&[w]) & gazetteer::TITLE != 0);
        if n.tokens.len() >= 2 || titled {
            if let Some(last) = words.get(n.tokens.end - 1) {
                surnames.push((canon::translit_key(last), n.tokens.start));
            }
        }
    }
    let near = |key: &str, k: usize| {
        surnames
            .iter()
            .any(|(s, at)| s == key && ((*at <= k && k - at <= 1500) || (*at > k && at - k <= 300)))
    };
    let listed = |w: &str| {
        gaz.classes(&[w])
            & (gazetteer::PLACE | gazetteer::ORG | gazetteer::MEDIA | gazetteer::DEMONYM)
            != 0
    };
    // News names a person in full before using the surname alone, so a lone one-word
    // "person" that is a listed place and no nearby full name ends in ("Washington’s
    // recent diplomatic push") is the place.
    for n in names.iter_mut() {
        if n.tokens.len() != 1 || n.kind != EntityType::Person {
            continue;
        }
        let Some(w) = words.get(n.tokens.start) else {
            continue;
        };
        let place = gaz.classes(&[w]) & gazetteer::PLACE != 0;
        if place && !near(&canon::translit_key(w), n.tokens.start) {
            n.kind = EntityType::Gpe;
        }
    }
    if surnames.is_empty() {
        return;
    }
    for n in names.iter_mut() {
        if n.tokens.len() != 1 || n.kind == EntityType::Person {
            continue;
        }
        let Some(w) = words.get(n.tokens.start) else {
            continue;
        };
        if w.chars().count() > 2 && !listed(w) && near(&canon::translit_key(w), n.tokens.start) {
            n.kind = EntityType::Person;
        }
    }
    for (k, w) in words.iter().enumerate() {
        if covered.get(k) == Some(&false)
            && starts_upper(w)
            && w.chars().count() > 2
            && !is_function_word(w)
            && !listed(w)
            && near(&canon::translit_key(w), k)
        {
            names.push(Name {
                tokens: k..k + 1,
                kind: EntityType::Person,
            });
        }
    }
}

/// Document-level consistency for full names: a name of two or more words that the text
/// also gives as a person's full name nearby ("Kirill Dmitriev" in a headline read as an
/// organisation, then "Kirill Dmitriev" and "Dmitriev" as a person) is that person when
/// the person reading has more mentions nearby (the full name and its surname alone)
/// than the other reading and the name holds no organisation word or legal form.
fn full_name_consistency(words: &[&str], names: &mut [Name], gaz: &gazetteer::Gazetteer) {
    const NEAR: usize = 1500;
    // The exact words of a name, hashed; a match is checked on the words themselves.
    let key = |r: &Range<usize>| {
        words.get(r.clone()).map_or(0, |ws| {
            ws.iter()
                .fold(0x5eed, |h, w| hashing::seq_step(h, hashing::fnv_str(w)))
        })
    };
    // The first tokens of the names read each way, by words (and, for people, also the
    // one-word names by their word, for surnames); in text order.
    let mut people: hashing::IdHashMap<Vec<usize>> = hashing::IdHashMap::default();
    let mut full_people: hashing::IdHashMap<Vec<usize>> = hashing::IdHashMap::default();
    let mut others: std::collections::HashMap<(EntityType, u64), Vec<usize>> =
        std::collections::HashMap::new();
    for n in names.iter() {
        let h = key(&n.tokens);
        if n.kind == EntityType::Person {
            people.entry(h).or_default().push(n.tokens.start);
            if n.tokens.len() >= 2 {
                full_people.entry(h).or_default().push(n.tokens.start);
            }
        } else if n.tokens.len() >= 2 {
            others.entry((n.kind, h)).or_default().push(n.tokens.start);
        }
    }
    if full_people.is_empty() {
        return;
    }
    for starts in people
        .values_mut()
        .chain(full_people.values_mut())
        .chain(others.values_mut())
    {
        starts.sort_unstable();
    }
    // How many of `starts` lie within `NEAR` tokens of `k`.
    let near = |starts: Option<&Vec<usize>>, k: usize| {
        starts.map_or(0, |v| {
            v.partition_point(|&x| x <= k + NEAR) - v.partition_point(|&x| x + NEAR < k)
        })
    };
    for n in names.iter_mut() {
        let r = n.tokens.clone();
        if n.kind == EntityType::Person || r.len() < 2 {
            continue;
        }
        let Some(ws) = words.get(r.clone()) else {
            continue;
        };
        let h = key(&r);
        if near(full_people.get(&h), r.start) == 0
            || ws
                .iter()
                .any(|w| is_legal_form(w) || gaz.classes(&[w]) & gazetteer::ORG_WORD != 0)
        {
            continue;
        }
        // Hash collisions aside, the same words: check one full name.
        let Some(&at) = full_people.get(&h).and_then(|v| v.first()) else {
            continue;
        };
        if words.get(at..at + r.len()) != Some(ws) {
            continue;
        }
        let surname = key(&(r.end - 1..r.end));
        let person_votes = near(people.get(&h), r.start) + near(people.get(&surname), r.start);
        let other_votes = near(others.get(&(n.kind, h)), r.start);
        if person_votes > other_votes {
            n.kind = EntityType::Person;
        }
    }
}

/// True when the tagger reads the organisation word that heads the run `r` as part of a
/// person, place or other (MISC) name that starts where the run starts: "Lilac Falls
/// Motel" or "MAJOR LEAGUE" in a headline are then left to the tagger.
fn tagger_disagrees(
    words: &[&str],
    labels: &[u8],
    r: Range<usize>,
    gaz: &gazetteer::Gazetteer,
) -> bool {
    let head = r
        .clone()
        .rev()
        .find(|&k| gaz.classes(&[words[k]]) & gazetteer::ORG_WORD != 0);
    let class = |k: usize| labels.get(k).map_or(0, |&l| ner::class_of(usize::from(l)));
    // Only a reading of the whole run counts: a stray label on the head alone
    // ("French-Russian" MISC, "Dialogue" untagged, "Association" MISC) is no rival name.
    head.is_some_and(|k| {
        class(k) != 0
            && class(k) != 2
            && (r.start..k).all(|j| class(j) == class(k))
            && labels
                .get(r.start + 1..=k)
                .is_some_and(|ls| ls.iter().all(|&l| l % 2 == 0))
    })
}

/// True when `b` follows `a` in the text with nothing between them (both are slices of
/// the same text): "Anti-Corruption" joins, a spaced headline dash ("SOCCER - LEAGUE")
/// does not.
fn touches(a: &str, b: &str) -> bool {
    a.as_ptr() as usize + a.len() == b.as_ptr() as usize
}

/// Capitalised runs headed by an organisation word: "Ukrainian Defense Ministry",
/// "Prosecutor General’s Office", "National Anti-Corruption Bureau of Ukraine".
fn org_runs(words: &[&str], s: Range<usize>, gaz: &gazetteer::Gazetteer) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let cap = |k: usize| {
        words.get(k).is_some_and(|w| {
            starts_upper(w) || w.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
    };
    let mut k = s.start;
    while k < s.end {
        if !cap(k) || is_the(words[k]) || (k == s.start && is_function_word(words[k])) {
            k += 1;
            continue;
        }
        // Extend over capitalised words, inner hyphens and possessives between capitals.
        let mut e = k + 1;
        while e < s.end {
            if cap(e) {
                e += 1;
            } else if ((words[e] == "-" && touches(words[e - 1], words[e]))
                || words[e] == "&"
                || is_possessive(words[e]))
                && cap(e + 1)
                && e + 1 < s.end
            {
                e += 2;
            } else {
                break;
            }
        }
        let mut head = None;
        for h in (k..e).rev() {
            if gaz.classes(&[words[h]]) & gazetteer::ORG_WORD != 0 && starts_upper(words[h]) {
                head = Some(h);
                break;
            }
        }
        if let Some(h) = head {
            let mut end = h + 1;
            // "… of Ukraine", "… for Combating Organized Crime": one capitalised run
            // after "of" or "for". After "for", only a run that ends the name: in
            // "Organisation for Security and Cooperation in Europe" the name goes on, and
            // the tagger judges it.
            if end == e
                && matches!(words.get(e), Some(&("of" | "for")))
                && cap(e + 1)
                && e + 1 < s.end
            {
                let mut after = e + 2;
                while after < s.end && cap(after) {
                    after += 1;
                }
                let goes_on = words
                    .get(after)
                    .is_some_and(|w| matches!(*w, "and" | "&" | "in" | "of" | "for" | "on"));
                if words[e] == "of" || !goes_on {
                    end = after;
                }
            }
            if end - k >= 2 && words[k..end].iter().filter(|w| starts_upper(w)).count() >= 2 {
                out.push(k..end);
            }
            k = end.max(e);
        } else {
            k = e;
        }
    }
    out
}

/// Capitalised function words that start sentences but never names.
fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "In" | "On"
            | "At"
            | "For"
            | "But"
            | "And"
            | "As"
            | "If"
            | "When"
            | "While"
            | "After"
            | "Before"
            | "With"
            | "From"
            | "By"
            | "To"
            | "Of"
            | "A"
            | "An"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "Its"
            | "His"
            | "Her"
            | "Their"
            | "Our"
            | "It"
            | "He"
            | "She"
            | "They"
            | "We"
            | "I"
            | "Why"
            | "What"
            | "How"
            | "Where"
            | "Who"
            | "According"
            | "Under"
            | "Over"
            | "Since"
            | "During"
            | "Despite"
            | "Although"
            | "Though"
            | "Yet"
            | "So"
            | "Meanwhile"
            | "However"
            | "Also"
            | "Then"
            | "Now"
            | "Earlier"
            | "Later"
            | "Last"
            | "Next"
            | "Both"
            | "Neither"
            | "Either"
            | "Nor"
            | "Not"
            | "Every"
            | "Each"
            | "Several"
            | "Most"
            | "Many"
            | "Some"
            | "Other"
            | "Another"
            | "Is"
            | "Are"
            | "Was"
            | "Were"
            | "Has"
            | "Have"
            | "Had"
            | "Does"
            | "Did"
            | "Should"
            | "Would"
            | "Could"
            | "Time"
            | "Sun"
            | "Mirror"
    )
}

/// The type of a listed name found without the tagger, if it is safe to take.
fn listed_kind(
    words: &[&str],
    r: Range<usize>,
    class: u8,
    sent_start: usize,
) -> Option<EntityType> {
    let first = *words.get(r.start)?;
    let any_upper = words[r.clone()].iter().any(|w| starts_upper(w));
    if !any_upper {
        return None;
    }
    let single = r.len() == 1;
    // "Who", "Time" at the start of a sentence are words, not the WHO or Time magazine.
    if single && is_function_word(first) && !first.chars().all(|c| c.is_uppercase()) {
        return None;
    }
    let prev = if r.start > sent_start {
        words.get(r.start - 1).copied()
    } else {
        None
    };
    if class & gazetteer::MEDIA != 0 {
        // One-letter and common-word outlets ("X", "Time") need a platform context.
        let short = first.chars().count() <= 1;
        if single && short {
            return matches!(prev, Some("on" | "On")).then_some(EntityType::Media);
        }
        return (starts_upper(first)
            && (!single || r.start > sent_start || first.chars().all(char::is_uppercase)))
        .then_some(EntityType::Media);
    }
    if class & gazetteer::PLACE != 0 && starts_upper(first) {
        return Some(EntityType::Gpe);
    }
    if class & gazetteer::DEMONYM != 0 {
        return Some(EntityType::Norp);
    }
    if class & gazetteer::EVENT != 0 {
        return Some(EntityType::Event);
    }
    if class & gazetteer::ORG != 0
        && starts_upper(first)
        && (!single || first.len() > 2 || r.start > sent_start)
    {
        return Some(EntityType::Org);
    }
    None
}

/// True when a word is a listed demonym or the plural of one ("Russians", "Westerners").
fn is_demonym(gaz: &gazetteer::Gazetteer, w: &str) -> bool {
    if gaz.classes(&[w]) & gazetteer::DEMONYM != 0 {
        return true;
    }
    w.strip_suffix('s')
        .is_some_and(|stem| gaz.classes(&[stem]) & gazetteer::DEMONYM != 0)
}

/// True for a party-and-state tag as US news writes it after a lawmaker's name
/// ("R-Texas", "D-N.J.", "R-SC"), however the tokenizer cut it.
fn is_party_state(span_words: &[&str]) -> bool {
    let mut chars = span_words.iter().flat_map(|w| w.chars());
    let tagged = matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some('R' | 'D' | 'I'), Some('-'), Some(c)) if c.is_uppercase()
    );
    let d_day = span_words
        .iter()
        .flat_map(|w| w.chars())
        .map(|c| c.to_ascii_lowercase())
        .eq("d-day".chars());
    tagged && !d_day
}

/// True for a lower-case kinship noun that can stand right before a relative's name
/// ("his brother Freddy").
fn is_kin_noun(w: &str) -> bool {
    matches!(
        w,
        "brother"
            | "sister"
            | "son"
            | "daughter"
            | "wife"
            | "husband"
            | "father"
            | "mother"
            | "uncle"
            | "aunt"
            | "cousin"
            | "nephew"
            | "niece"
            | "grandson"
            | "granddaughter"
            | "grandfather"
            | "grandmother"
            | "stepson"
            | "stepdaughter"
            | "stepfather"
            | "stepmother"
            | "widow"
            | "widower"
            | "fiancée"
            | "fiancé"
            | "fiance"
            | "fiancee"
            | "girlfriend"
            | "boyfriend"
    )
}

/// Trims a tagged span to the conventions and gives it its final type, or drops it.
fn refine(
    words: &[&str],
    lowers: &[u64],
    mut r: Range<usize>,
    class: usize,
    gaz: &gazetteer::Gazetteer,
    sent_start: usize,
) -> Option<Name> {
    // Sentence-initial function words ("In Bloomberg's report") and lower-case edges
    // ("Zelensky administration") are not part of a name; "neo-" before a name is.
    while r.len() > 1
        && (is_function_word(words[r.start])
            || (lower_word(words[r.start]) && words.get(r.start + 1) != Some(&"-")))
    {
        r.start += 1;
    }
    while r.len() > 1 && lower_word(words[r.end - 1]) && class != 4 {
        r.end -= 1;
    }
    // No leading "the", titles or possessives; no edge punctuation.
    while r.start < r.end
        && (is_the(words[r.start]) || !words[r.start].chars().any(char::is_alphanumeric))
    {
        r.start += 1;
    }
    while r.end > r.start
        && (is_possessive(words[r.end - 1]) || !words[r.end - 1].chars().any(char::is_alphanumeric))
    {
        r.end -= 1;
    }
    if class == 1 {
        while r.len() > 1 && gaz.classes(&[words[r.start]]) & gazetteer::TITLE != 0 {
            r.start += 1;
        }
    }
    if r.is_empty() {
        return None;
    }
    let span_words = &words[r.clone()];
    let listed = {
        let (c, len) = gaz.longest_at(lowers, r.start);
        if len == r.len() {
            c
        } else {
            0
        }
    };
    if r.len() == 1
        && is_function_word(span_words[0])
        && !span_words[0].chars().all(|c| c.is_uppercase())
    {
        return None;
    }
    let next = words.get(r.end).copied().unwrap_or("");
    let prev = r
        .start
        .checked_sub(1)
        .and_then(|k| words.get(k))
        .copied()
        .unwrap_or("");
    // A currency code next to an amount ("PLN 2bn") is not an organisation.
    if r.len() == 1
        && span_words[0].len() == 3
        && span_words[0].chars().all(|c| c.is_ascii_uppercase())
        && (starts_digit(next) || starts_digit(prev))
    {
        return None;
    }
    // "(R-Texas)", ", D-Conn.,": a lawmaker's party and state after the name is an
    // affiliation, not a place or an organisation of its own.
    if matches!(prev, "(" | ",") && is_party_state(span_words) {
        return None;
    }
    // A word before a title ("Deputy Infrastructure Minister X") belongs to the title.
    if class == 1
        && r.len() == 1
        && starts_upper(next)
        && gaz.classes(&[next]) & gazetteer::TITLE != 0
    {
        return None;
    }
    // "the news site X", "the newspaper X": a name after a media noun is an outlet, and so
    // is one right before a newspaper noun (not a demonym: "the British newspaper").
    let media_cue = matches!(
        prev,
        "newspaper"
            | "daily"
            | "outlet"
            | "broadcaster"
            | "magazine"
            | "weekly"
            | "tabloid"
            | "website"
            | "portal"
            | "site"
            | "channel"
            | "station"
            | "paper"
            | "agency"
            | "blog"
            | "podcast"
    ) && !matches!(class, 3);
    // "X newspaper said": a name right before a newspaper noun is one.
    let paper_next = matches!(
        next,
        "newspaper" | "newspapers" | "daily" | "weekly" | "magazine" | "tabloid"
    ) && class != 4
        && !span_words.iter().any(|w| is_demonym(gaz, w));
    if (media_cue || paper_next) && listed & gazetteer::PLACE == 0 {
        return Some(Name {
            tokens: r,
            kind: EntityType::Media,
        });
    }
    // Shouting in running text ("ZERO GRATITUDE") is not a name unless it is listed.
    let shouting = r.len() >= 2
        && span_words
            .iter()
            .all(|w| w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase))
        && [
            r.start.checked_sub(1).filter(|&k| k >= sent_start),
            Some(r.end),
        ]
        .into_iter()
        .flatten()
        .any(|k| {
            words
                .get(k)
                .is_some_and(|w| w.chars().any(char::is_lowercase))
        });
    if shouting && listed == 0 {
        return None;
    }
    // The alias list and the organisation and event lists know some names' types.
    if let Some((_, label)) = gaz.alias(span_words) {
        let kind = match label {
            "GPE" => Some(EntityType::Gpe),
            "ORG" => Some(EntityType::Org),
            "MEDIA" => Some(EntityType::Media),
            _ => None,
        };
        if let Some(kind) = kind {
            return Some(Name { tokens: r, kind });
        }
    }
    if listed & gazetteer::EVENT != 0 {
        return Some(Name {
            tokens: r,
            kind: EntityType::Event,
        });
    }
    if listed & gazetteer::ORG != 0 && listed & (gazetteer::PLACE | gazetteer::MEDIA) == 0 {
        return Some(Name {
            tokens: r,
            kind: EntityType::Org,
        });
    }
    // "Central European nations": a place-like span ending in a demonym is a group.
    if r.len() >= 2
        && span_words.last().is_some_and(|w| is_demonym(gaz, w))
        && span_words[..r.len() - 1].iter().all(|w| {
            is_demonym(gaz, w)
                || matches!(
                    *w,
                    "Central"
                        | "Eastern"
                        | "Western"
                        | "Northern"
                        | "Southern"
                        | "North"
                        | "South"
                        | "East"
                        | "West"
                )
        })
        && words.get(r.end).is_some_and(|w| lower_word(w))
    {
        return Some(Name {
            tokens: r,
            kind: EntityType::Norp,
        });
    }
    // A one-word name the tagger reads as an organisation that is a listed demonym
    // ("Ukrainians will ...") is a group of people.
    if r.len() == 1 && class == 2 && listed & gazetteer::ORG == 0 && is_demonym(gaz, span_words[0])
    {
        return Some(Name {
            tokens: r,
            kind: EntityType::Norp,
        });
    }
    // A plural demonym read as a person ("Mexican immigrants, Muslims and other groups"),
    // or any demonym read as a place, is a group of people. A singular demonym read as a
    // person stays one: "Christian" is also a given name.
    if r.len() == 1
        && listed & (gazetteer::PLACE | gazetteer::ORG | gazetteer::MEDIA) == 0
        && match class {
            1 => span_words[0]
                .strip_suffix('s')
                .is_some_and(|stem| gaz.classes(&[stem]) & gazetteer::DEMONYM != 0),
            3 => is_demonym(gaz, span_words[0]),
            _ => false,
        }
    {
        return Some(Name {
            tokens: r,
            kind: EntityType::Norp,
        });
    }
    // "the Church", "the Roman Curia" read as a place are institutions.
    if class == 3
        && listed & gazetteer::PLACE == 0
        && span_words.last().is_some_and(|w| {
            matches!(
                *w,
                "Church" | "Churches" | "Curia" | "Papacy" | "Patriarchate" | "Synod"
            )
        })
    {
        return Some(Name {
            tokens: r,
            kind: EntityType::Org,
        });
    }
    // "his brother Freddy", "her daughter Chelsea": a name right after a kinship noun is a
    // person's.
    if class != 1
        && listed == 0
        && is_kin_noun(prev)
        && span_words
            .iter()
            .all(|w| starts_upper(w) && !is_demonym(gaz, w))
    {
        return Some(Name {
            tokens: r,
            kind: EntityType::Person,
        });
    }
    // "the Trump administration": a one-word name heading an administration is a person.
    if r.len() == 1
        && class != 1
        && listed == 0
        && matches!(
            words.get(r.end).copied(),
            Some("administration" | "presidency" | "cabinet")
        )
    {
        return Some(Name {
            tokens: r,
            kind: EntityType::Person,
        });
    }
    let kind = match class {
        1 if listed & gazetteer::MEDIA != 0 => EntityType::Media,
        1 => EntityType::Person,
        2 if listed & gazetteer::MEDIA != 0
            || (r.len() >= 2 && is_media_head(span_words[r.len() - 1])) =>
        {
            EntityType::Media
        }
        2 => EntityType::Org,
        3 if listed & gazetteer::MEDIA != 0 => EntityType::Media,
        3 => {
            if r.end < words.len() && is_region_word(words[r.end]) {
                r.end += 1;
            }
            EntityType::Gpe
        }
        4 => {
            let demonyms = span_words
                .iter()
                .all(|w| is_demonym(gaz, w) || *w == "-" || w.eq_ignore_ascii_case("neo"));
            let last = span_words.last().copied().unwrap_or("");
            if listed & gazetteer::MEDIA != 0 {
                EntityType::Media
            } else if r.len() >= 2 && is_legal_form(last) {
                // "Dow Chemical Co" read as another kind of name is still a company.
                EntityType::Org
            } else if demonyms {
                EntityType::Norp
            } else if matches!(last, "War" | "Wars" | "war" | "wars") && r.len() >= 2 {
                EntityType::Event
            } else {
                return None;
            }
        }
        _ => return None,
    };
    Some(Name { tokens: r, kind })
}

#[cfg(test)]
mod tests {
    use crate::{analyze, Document, EntityType, MentionKind, Options};

    #[test]
    fn a_first_name_read_apart_joins_the_person() {
        use super::{gazetteer, hashing, join_split_people, Name};
        let words = ["Zorvan", "Pelletti", "said", "Moscow", "Pelletti", "lied"];
        let lowers: Vec<u64> = words.iter().map(|w| hashing::fnv_str_lower(w)).collect();
        let name = |r: std::ops::Range<usize>, kind| Name { tokens: r, kind };
        let mut names = vec![
            name(0..1, EntityType::Org),
            name(1..2, EntityType::Person),
            name(3..4, EntityType::Gpe),
            name(4..5, EntityType::Person),
        ];
        join_split_people(&mut names, &lowers, &[0..3, 3..6], gazetteer::get());
        let got: Vec<_> = names.iter().map(|n| (n.tokens.clone(), n.kind)).collect();
        // The unknown word joins the person; the listed place stays a place.
        assert_eq!(
            got,
            [
                (0..2, EntityType::Person),
                (3..4, EntityType::Gpe),
                (4..5, EntityType::Person)
            ]
        );
    }

    #[test]
    fn a_given_name_before_a_lone_surname_joins_it() {
        use super::{given_name_before, Name};
        let words = [
            "Cory", "Pelletti", ",", "22", ",", "said", "In", "May", "Pelletti", "left",
        ];
        let name = |r: std::ops::Range<usize>, kind| Name { tokens: r, kind };
        let mut names = vec![
            name(1..2, EntityType::Person),
            name(8..9, EntityType::Person),
        ];
        given_name_before(&words, &mut names, &[0..6, 6..10]);
        let got: Vec<_> = names.iter().map(|n| n.tokens.clone()).collect();
        // "May" is a month before a surname, not a given name.
        assert_eq!(got, [0..2, 8..9]);
        // Not across a sentence boundary.
        let mut names = vec![name(1..2, EntityType::Person)];
        given_name_before(&words, &mut names, &[0..1, 1..6]);
        assert_eq!(names[0].tokens, 1..2);
    }

    #[test]
    fn holidays_are_not_actors() {
        use super::{is_holiday, Name};
        let words = [
            "Talks",
            "end",
            "by",
            "Thanksgiving",
            "before",
            "Christmas",
            "Eve",
        ];
        let name = |r: std::ops::Range<usize>| Name {
            tokens: r,
            kind: EntityType::Org,
        };
        assert!(is_holiday(&words, &name(3..4)));
        assert!(is_holiday(&words, &name(5..6)));
        // A longer name that holds a holiday word is the tagger's to judge.
        assert!(!is_holiday(&words, &name(5..7)));
        assert!(!is_holiday(&words, &name(0..1)));
        let (doc, _) = analyze(
            "Envoys hoped to sign the deal by Thanksgiving, Mayor Orla Fenwick said on Monday.\n",
            &Options::default(),
        );
        let names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
        assert!(!names.contains(&"Thanksgiving"), "{names:?}");
    }

    #[test]
    fn company_names_type_their_short_forms() {
        use super::{company_consistency, gazetteer, Name};
        // "Vellacor Dynamics Inc said ... Vellacor shares rose ... Paris and Vellacor".
        let words = [
            "Vellacor", "Dynamics", "Inc", "said", "Vellacor", "shares", "rose", "in", "Paris",
            "and", "Quint", "Corp", ".",
        ];
        let name = |r: std::ops::Range<usize>, kind| Name { tokens: r, kind };
        let mut names = vec![
            name(0..3, EntityType::Person),
            name(4..5, EntityType::Person),
            name(8..9, EntityType::Gpe),
            name(10..12, EntityType::Gpe),
        ];
        company_consistency(&words, &mut names, gazetteer::get());
        let kinds: Vec<EntityType> = names.iter().map(|n| n.kind).collect();
        // The legal form types the full names; the short form near one follows it; a
        // place that starts no company stays a place.
        assert_eq!(
            kinds,
            [
                EntityType::Org,
                EntityType::Org,
                EntityType::Gpe,
                EntityType::Org
            ]
        );
        // Without a company name nearby, a one-word person stays a person.
        let mut alone = vec![name(4..5, EntityType::Person)];
        company_consistency(&words, &mut alone, gazetteer::get());
        assert_eq!(alone[0].kind, EntityType::Person);
        // A longer start of the company name follows it too.
        let mut two = vec![name(0..3, EntityType::Org), name(0..2, EntityType::Person)];
        company_consistency(&words, &mut two, gazetteer::get());
        assert_eq!(two[1].kind, EntityType::Org);
    }

    #[test]
    fn a_name_described_as_a_company_is_one() {
        use super::{company_consistency, gazetteer, Name};
        let words = [
            "Harrow", "Vance", ",", "a", "drone", "maker", ",", "said", "Harrow", "Vance", "sold",
            "drones", ".",
        ];
        let name = |r: std::ops::Range<usize>| Name {
            tokens: r,
            kind: EntityType::Person,
        };
        let mut names = vec![name(0..2), name(8..10)];
        company_consistency(&words, &mut names, gazetteer::get());
        assert_eq!(names[0].kind, EntityType::Org);
        assert_eq!(names[1].kind, EntityType::Org);
        // "Harrow Vance, a spokesman, said" is still a person.
        let words = ["Harrow", "Vance", ",", "a", "spokesman", ",", "said", "."];
        let mut names = vec![name(0..2)];
        company_consistency(&words, &mut names, gazetteer::get());
        assert_eq!(names[0].kind, EntityType::Person);
    }

    #[test]
    fn sentence_initial_adjectives_are_not_names() {
        use super::{initial_adjective, Name};
        let words = [
            "Regional", "politics", "changed", ".", "Regional", "Bank", "said",
        ];
        let name = |r: std::ops::Range<usize>| Name {
            tokens: r,
            kind: EntityType::Org,
        };
        let sentences = [0..4, 4..7];
        assert!(initial_adjective(&words, &name(0..1), &sentences));
        // Not before a capitalised word, not inside a sentence, not a longer name.
        assert!(!initial_adjective(&words, &name(4..5), &sentences));
        assert!(!initial_adjective(&words, &name(4..6), &sentences));
        assert!(!initial_adjective(&words, &name(1..2), &sentences));
        let (doc, _) = analyze(
            "The old order is gone. Regional politics is returning to earlier patterns.\n",
            &Options::default(),
        );
        let names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
        assert!(!names.contains(&"Regional"), "{names:?}");
    }

    #[test]
    fn a_place_and_its_demonym_spell_one_organisation() {
        let text =
            "Delegates spoke with the Germany-Ukraine Business Council in Lublin on Monday.\n\n\
                    The German-Ukrainian Business Council said the talks went well.\n";
        let (doc, _) = analyze(text, &Options::default());
        let council = entity(&doc, "Germany-Ukraine Business Council")
            .or_else(|| entity(&doc, "German-Ukrainian Business Council"));
        let Some((id, e)) = council else {
            panic!("no council entity")
        };
        assert_eq!(e.kind, EntityType::Org);
        assert_eq!(mentions_of(&doc, id, MentionKind::Name).len(), 2);
    }

    #[test]
    fn bracketed_town_codes_belong_to_club_names() {
        use super::{bracketed_towns, gazetteer, Name};
        let words = [
            "Zoravac", "(", "K", ")", "2", "Lipa", "(", "BR", ")", "1", "Civic", "Party", "(",
            "CP", ")", "and", "Lipa", "(", "UK", ")",
        ];
        let org = |r: std::ops::Range<usize>| Name {
            tokens: r,
            kind: EntityType::Org,
        };
        let mut names = vec![org(0..1), org(5..6), org(7..8), org(10..12), org(16..17)];
        bracketed_towns(&words, &mut names, gazetteer::get());
        let got: Vec<_> = names.iter().map(|n| n.tokens.clone()).collect();
        // The town codes join their clubs (the tagger's "BR" gives way); initials and
        // listed names stay outside.
        assert_eq!(got, [0..4, 5..9, 10..12, 16..17]);
    }

    #[test]
    fn a_name_before_a_newspaper_noun_is_an_outlet() {
        use super::{gazetteer, hashing, refine};
        let words = [
            "Zorlan",
            "Vesti",
            "newspaper",
            "said",
            "the",
            "Algerian",
            "daily",
        ];
        let lowers: Vec<u64> = words.iter().map(|w| hashing::fnv_str_lower(w)).collect();
        let gaz = gazetteer::get();
        let kind = |r: std::ops::Range<usize>, class| {
            refine(&words, &lowers, r, class, gaz, 0).map(|n| n.kind)
        };
        assert_eq!(kind(0..2, 1), Some(EntityType::Media));
        // A demonym before a newspaper noun describes the paper; it is no outlet.
        assert_ne!(kind(5..6, 3), Some(EntityType::Media));
    }

    #[test]
    fn month_names_are_not_part_of_organisations() {
        use super::{trim_months, Name};
        let words = [
            "August", "Harbour", "Board", "index", "March", "of", "Dimes", "May",
        ];
        let mut lead = Name {
            tokens: 0..3,
            kind: EntityType::Org,
        };
        trim_months(&words, &mut lead);
        assert_eq!(lead.tokens, 1..3);
        let mut march = Name {
            tokens: 4..8,
            kind: EntityType::Org,
        };
        trim_months(&words, &mut march);
        assert_eq!(march.tokens, 4..7);
        // People keep their names ("August Meyer").
        let mut person = Name {
            tokens: 0..2,
            kind: EntityType::Person,
        };
        trim_months(&words, &mut person);
        assert_eq!(person.tokens, 0..2);
    }

    #[test]
    fn organisation_runs_continue_after_for() {
        use super::{gazetteer, org_runs};
        let gaz = gazetteer::get();
        let words = [
            "the", "National", "Centre", "for", "Fighting", "Cyber", "Fraud", "said",
        ];
        assert_eq!(org_runs(&words, 0..8, gaz), vec![1..7]);
        // A name that goes on after the run is left whole to the tagger, not cut.
        let words = [
            "the", "Agency", "for", "Trade", "and", "Growth", "in", "Asia",
        ];
        assert!(!org_runs(&words, 0..8, gaz).contains(&(1..4)));
    }

    #[test]
    fn places_joined_by_hyphens_are_split() {
        use super::{gazetteer, hashing, split_span};
        let words = ["the", "Paris", "-", "Berlin", "-", "Moscow", "axis"];
        let lowers: Vec<u64> = words.iter().map(|w| hashing::fnv_str_lower(w)).collect();
        let parts = split_span(&words, &lowers, 1..6, 3, gazetteer::get());
        assert_eq!(parts, [(1..2, 3), (3..4, 3), (5..6, 3)]);
        // An unlisted part keeps the span whole.
        let words = ["Paris", "-", "Zorvania"];
        let lowers: Vec<u64> = words.iter().map(|w| hashing::fnv_str_lower(w)).collect();
        let parts = split_span(&words, &lowers, 0..3, 3, gazetteer::get());
        assert_eq!(parts, [(0..3, 3)]);
        // Two short names joined by "and" are split; a long name with "and" inside is not.
        let words = ["Zorvan", "and", "Pelletti", "merged"];
        let lowers: Vec<u64> = words.iter().map(|w| hashing::fnv_str_lower(w)).collect();
        let parts = split_span(&words, &lowers, 0..3, 2, gazetteer::get());
        assert_eq!(parts, [(0..1, 2), (2..3, 2)]);
        let words = ["Council", "for", "Rivers", "and", "Lakes", "in", "Zorvania"];
        let lowers: Vec<u64> = words.iter().map(|w| hashing::fnv_str_lower(w)).collect();
        let parts = split_span(&words, &lowers, 0..7, 2, gazetteer::get());
        assert_eq!(parts, [(0..7, 2)]);
        // A demonym before a listed place: a group and a place.
        let words = ["the", "Soviet", "Berlin", "regime"];
        let lowers: Vec<u64> = words.iter().map(|w| hashing::fnv_str_lower(w)).collect();
        let parts = split_span(&words, &lowers, 1..3, 2, gazetteer::get());
        assert_eq!(parts, [(1..2, 4), (2..3, 3)]);
    }

    #[test]
    fn a_full_name_read_otherwise_follows_its_person_reading() {
        use super::{full_name_consistency, gazetteer, Name};
        let name = |tokens: std::ops::Range<usize>, kind| Name { tokens, kind };
        let words = [
            "Mira", "Tovak", "denies", "report", ".", "Mira", "Tovak", "said", ".", "Tovak",
            "added", ".",
        ];
        let mut names = vec![
            name(0..2, EntityType::Org),
            name(5..7, EntityType::Person),
            name(9..10, EntityType::Person),
        ];
        full_name_consistency(&words, &mut names, gazetteer::get());
        assert_eq!(names[0].kind, EntityType::Person);
        // A tie keeps the tagger's reading, and so does a name with an organisation word.
        let mut names = vec![name(0..2, EntityType::Org), name(5..7, EntityType::Person)];
        full_name_consistency(&words, &mut names, gazetteer::get());
        assert_eq!(names[0].kind, EntityType::Org);
        let words = [
            "Tovak", "Bank", "fell", ".", "Tovak", "Bank", "said", ".", "Tovak", "left",
        ];
        let mut names = vec![
            name(0..2, EntityType::Org),
            name(4..6, EntityType::Person),
            name(8..9, EntityType::Person),
        ];
        full_name_consistency(&words, &mut names, gazetteer::get());
        assert_eq!(names[0].kind, EntityType::Org);
    }

    #[test]
    fn names_introduced_by_a_company_noun_are_organisations() {
        use super::{company_lists, gazetteer, Name};
        let name = |tokens: std::ops::Range<usize>, kind| Name { tokens, kind };
        let words = [
            "Health",
            "insurers",
            "Corvex",
            ",",
            "Almara",
            "and",
            "Tessin",
            "Group",
            "paid",
            ".",
            "Corvex",
            "declined",
            ".",
            "Software",
            "developer",
            "Mira",
            "Tovak",
            "left",
            ".",
            "Drug",
            "companies",
            "such",
            "as",
            "Pelzer",
            "’s",
            "rival",
            ".",
        ];
        let mut names = vec![
            name(2..3, EntityType::Person),
            name(4..5, EntityType::Gpe),
            name(6..8, EntityType::Org),
            name(10..11, EntityType::Person),
            name(15..17, EntityType::Person),
            name(23..24, EntityType::Person),
        ];
        company_lists(&words, &mut names, gazetteer::get());
        let kinds: Vec<EntityType> = names.iter().map(|n| n.kind).collect();
        // The list after "insurers" and the same name later are companies; a developer is
        // a person, and a name before a possessive is left to the tagger.
        assert_eq!(
            kinds,
            [
                EntityType::Org,
                EntityType::Org,
                EntityType::Org,
                EntityType::Org,
                EntityType::Person,
                EntityType::Person,
            ]
        );
    }

    #[test]
    fn a_lone_place_name_read_as_a_person_is_the_place() {
        use super::{gazetteer, surname_consistency, Name};
        let words = [
            "Paris", "will", "not", "wait", ".", "Lisa", "Berlin", "smiled", ".", "Berlin",
            "laughed",
        ];
        let mut names = vec![
            Name {
                tokens: 0..1,
                kind: EntityType::Person,
            },
            Name {
                tokens: 5..7,
                kind: EntityType::Person,
            },
            Name {
                tokens: 9..10,
                kind: EntityType::Person,
            },
        ];
        let covered = [true; 11];
        surname_consistency(&words, &mut names, &covered, gazetteer::get());
        let kinds: Vec<EntityType> = names.iter().map(|n| n.kind).collect();
        // "Paris" has no full name ending in it nearby; the lone "Berlin" is the
        // surname of "Lisa Berlin".
        assert_eq!(
            kinds,
            [EntityType::Gpe, EntityType::Person, EntityType::Person]
        );
    }

    fn names(doc: &Document, kind: EntityType) -> Vec<String> {
        let mut out: Vec<String> = doc
            .mentions
            .iter()
            .filter(|m| m.value.kind == MentionKind::Name)
            .filter(|m| {
                doc.entities
                    .get(m.value.entity as usize)
                    .is_some_and(|e| e.kind == kind)
            })
            .map(|m| doc.slice(m.span).to_string())
            .collect();
        out.dedup();
        out
    }

    #[test]
    fn mentions_follow_the_span_conventions() {
        let text = "Russian Foreign Minister Sergey Lavrov met the head of the European Commission in Brussels on \
                    Monday. The US-led talks were reported by Reuters, and Lavrov’s aides later wrote on X that \
                    the Russians were satisfied.\n";
        let (doc, _) = analyze(text, &Options::default());
        assert_eq!(names(&doc, EntityType::Person), ["Sergey Lavrov", "Lavrov"]);
        assert!(names(&doc, EntityType::Norp).contains(&"Russian".to_string()));
        assert!(names(&doc, EntityType::Gpe).contains(&"US".to_string()));
        assert!(names(&doc, EntityType::Gpe).contains(&"Brussels".to_string()));
        assert!(names(&doc, EntityType::Org).contains(&"European Commission".to_string()));
        assert_eq!(names(&doc, EntityType::Media), ["Reuters", "X"]);
    }

    #[test]
    fn a_persons_name_does_not_open_with_a_conjunction() {
        let text = "Once Tomas Brevik took office, the port reopened.\n\
                    Residents said: “Make Brevik just go away.”\n\
                    Will Ostrander, the mayor, disagreed.\n";
        let (doc, _) = analyze(text, &Options::default());
        let people = people(&doc);
        assert!(people.contains(&"Tomas Brevik"), "{people:?}");
        assert!(
            people
                .iter()
                .all(|p| !p.starts_with("Once") && !p.starts_with("Make")),
            "{people:?}"
        );
        assert!(people.contains(&"Will Ostrander"), "{people:?}");
    }

    #[test]
    fn a_persons_name_ends_before_a_possessive() {
        use super::{cut_at_possessive, Name};
        let words = ["Jan", "Novak", "’s", "July", "call"];
        let mut n = Name {
            tokens: 0..4,
            kind: EntityType::Person,
        };
        cut_at_possessive(&words, &mut n);
        assert_eq!(n.tokens, 0..2);
        // An organisation keeps it ("Macy 's Inc").
        let mut org = Name {
            tokens: 0..4,
            kind: EntityType::Org,
        };
        cut_at_possessive(&words, &mut org);
        assert_eq!(org.tokens, 0..4);
    }

    /// A paragraph in another script (a Russian page in a crawl) gives no names, and the
    /// English around it keeps its own.
    #[test]
    fn names_in_another_script_are_not_read() {
        let text = "Minister Anna Kowalczyk visited Gdansk on Monday.\n\
                    Вчера Министр посетил Москву. Что дальше? Я не знаю.\n\
                    Kowalczyk said the port would reopen.\n";
        let (doc, _) = analyze(text, &Options::default());
        let all: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
        assert!(all.contains(&"Anna Kowalczyk"), "{all:?}");
        assert!(all.contains(&"Gdansk"), "{all:?}");
        assert!(all.iter().all(|n| n.is_ascii()), "{all:?}");
        // Latin names with diacritics are Latin.
        let (doc, _) = analyze(
            "Łukasz Ćwik met Zoë Ødegaard in Kraków.\n",
            &Options::default(),
        );
        let people: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
        assert!(people.contains(&"Kraków"), "{people:?}");
    }

    #[test]
    fn empty_and_odd_input() {
        for text in ["", "the", "’s", "US-", "-US", "The The The"] {
            let (doc, _) = analyze(text, &Options::default());
            assert!(doc
                .mentions
                .iter()
                .all(|m| (m.value.entity as usize) < doc.entities.len()));
        }
    }

    fn entity<'a>(doc: &'a Document, name: &str) -> Option<(usize, &'a crate::Entity)> {
        doc.entities
            .iter()
            .enumerate()
            .find(|(_, e)| e.name == name)
    }

    /// The canonical names of the people found.
    fn people(doc: &Document) -> Vec<&str> {
        doc.entities
            .iter()
            .filter(|e| e.kind == EntityType::Person)
            .map(|e| e.name.as_str())
            .collect()
    }

    fn mentions_of(doc: &Document, id: usize, kind: MentionKind) -> Vec<String> {
        doc.mentions
            .iter()
            .filter(|m| m.value.entity as usize == id && m.value.kind == kind)
            .map(|m| doc.slice(m.span).to_string())
            .collect()
    }

    #[test]
    fn sentence_openers_tagged_as_adverbs_are_no_names() {
        let text = "Fifthly, the Tovak council never answered.\n\
                    Absolutely, said Mira Lenz, the mayor of Orsova.\n\
                    Regardless, the Orsova harbour reopened on Monday.\n";
        let (doc, _) = analyze(text, &Options::default());
        let names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
        for word in ["Fifthly", "Absolutely", "Regardless"] {
            assert!(!names.contains(&word), "{word} read as a name: {names:?}");
        }
        assert!(names.contains(&"Mira Lenz"), "{names:?}");
    }

    #[test]
    fn a_title_alone_is_no_name_but_a_surname_that_is_one_stays() {
        let text = "The Church teaches that the Lord forgives, said Cardinal Mario Rossi.\n\
                    Senator Dana King spoke next. Mr. King said the vote was close.\n";
        let (doc, _) = analyze(text, &Options::default());
        let names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
        assert!(!names.contains(&"Lord"), "{names:?}");
        let (k, _) = entity(&doc, "Dana King").expect("Dana King is found");
        assert_eq!(
            mentions_of(&doc, k, MentionKind::Name),
            ["Dana King", "King"]
        );
    }

    #[test]
    fn groups_and_relatives_get_their_types() {
        // Plural demonyms are groups whatever the tagger read; a name after a kinship
        // noun is a person.
        let text = "The Tovak party attacked immigrants, Muslims and other groups in Orsova.\n\
                    Mayor Lena Orsova rarely speaks of her son Dynamo, who left the city.\n";
        let (doc, _) = analyze(text, &Options::default());
        let kind = |name: &str| doc.entities.iter().find(|e| e.name == name).map(|e| e.kind);
        assert_eq!(kind("Muslims"), Some(EntityType::Norp));
        assert_eq!(kind("Dynamo"), Some(EntityType::Person));
    }

    #[test]
    fn a_surname_after_a_title_anchors_the_persons_other_mentions() {
        use super::{gazetteer, surname_consistency, Name};
        // The tagger read the first "Zorvath" as a person and the second as a place; the
        // second's type after the rule.
        let second = |words: &[&str]| {
            let at: Vec<usize> = (0..words.len())
                .filter(|&k| words[k] == "Zorvath")
                .collect();
            let mut names: Vec<Name> = at
                .iter()
                .zip([EntityType::Person, EntityType::Gpe])
                .map(|(&k, kind)| Name {
                    tokens: k..k + 1,
                    kind,
                })
                .collect();
            let covered: Vec<bool> = (0..words.len()).map(|k| at.contains(&k)).collect();
            surname_consistency(words, &mut names, &covered, gazetteer::get());
            names[1].kind
        };
        let titled = [
            "Cardinal", "Zorvath", "resigned", ".", "Critics", "of", "Zorvath", ".",
        ];
        assert_eq!(second(&titled), EntityType::Person);
        // Without the title the first mention anchors nothing.
        assert_eq!(second(&titled[1..]), EntityType::Gpe);
    }

    #[test]
    fn clerical_and_plural_titles_stay_out_of_names() {
        let text = "The letter reached Cardinal Orsova on Monday. Later Bishop Venner \
                    answered it, and Senators Lindqvist and Marr wrote too.\n";
        let (doc, _) = analyze(text, &Options::default());
        let people = people(&doc);
        for name in ["Orsova", "Venner", "Lindqvist", "Marr"] {
            assert!(people.contains(&name), "{name}: {people:?}");
        }
    }

    #[test]
    fn party_and_state_tags_are_no_names() {
        let text = "Senator Mara Lindqvist (R-Texas) and Representative Tom Orsova, D-N.J., \
                    wrote to Texas officials.\n";
        let (doc, _) = analyze(text, &Options::default());
        let names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
        assert!(names.iter().all(|n| !n.contains('-')), "{names:?}");
        assert!(names.contains(&"Mara Lindqvist"), "{names:?}");
        assert!(names.contains(&"Texas"), "{names:?}");
        assert!(super::is_party_state(&["R", "-", "Texas"]));
        assert!(super::is_party_state(&["D-N.J."]));
        assert!(!super::is_party_state(&["D", "-", "Day"]));
    }

    #[test]
    fn a_gendered_title_picks_the_relative_of_that_gender() {
        let text = "Barack Varga spoke in Ohio on Monday.\n\
                    Later his wife Michelle Varga spoke in Iowa. Mr. Varga said the plan would \
                    work, and Mrs. Varga agreed.\n";
        let (doc, _) = analyze(text, &Options::default());
        let (barack, _) = entity(&doc, "Barack Varga").expect("Barack Varga is found");
        let (michelle, _) = entity(&doc, "Michelle Varga").expect("Michelle Varga is found");
        assert_eq!(
            mentions_of(&doc, barack, MentionKind::Name),
            ["Barack Varga", "Varga"]
        );
        assert_eq!(
            mentions_of(&doc, michelle, MentionKind::Name),
            ["Michelle Varga", "Varga"]
        );
        // The "Varga" after "Mr." is Barack's.
        assert!(names_at(&doc, text, barack, "Mr. Varga", "Mr. "));
    }

    /// True when entity `e` has a name mention where `after` ends in the first `phrase`.
    fn names_at(doc: &Document, text: &str, e: usize, phrase: &str, after: &str) -> bool {
        let at = text.find(phrase).map(|k| k + after.len());
        doc.mentions.iter().any(|m| {
            m.value.entity as usize == e
                && m.value.kind == MentionKind::Name
                && Some(m.span.start as usize) == at
        })
    }

    #[test]
    fn a_title_picks_the_namesake_who_had_it() {
        let text = "Bishop Thomas Varga spoke in Rome on Monday.\n\
                    Cardinal Joseph Varga wrote to him. Bishop Varga said the letter was kind.\n";
        let (doc, _) = analyze(text, &Options::default());
        let (thomas, _) = entity(&doc, "Thomas Varga").expect("Thomas Varga is found");
        assert!(names_at(&doc, text, thomas, "Bishop Varga", "Bishop "));
    }

    #[test]
    fn question_and_quantifier_words_open_no_name() {
        use super::{gazetteer, hashing, refine};
        let gaz = gazetteer::get();
        for opener in ["Neither", "Is", "Did", "Several", "Another"] {
            let words = [opener, "Arbenz", "nor", "Lund", "answered"];
            let lowers: Vec<u64> = words.iter().map(|w| hashing::fnv_str_lower(w)).collect();
            let name = refine(&words, &lowers, 0..2, 1, gaz, 0).expect("a name");
            assert_eq!(name.tokens, 1..2, "{opener}");
        }
    }

    #[test]
    fn a_church_read_as_a_place_is_an_institution() {
        use super::{gazetteer, hashing, refine};
        let words = ["within", "the", "Orthodox", "Church", "."];
        let lowers: Vec<u64> = words.iter().map(|w| hashing::fnv_str_lower(w)).collect();
        let gaz = gazetteer::get();
        // Class 3 is the tagger's place reading.
        let name = refine(&words, &lowers, 2..4, 3, gaz, 0).expect("a name");
        assert_eq!(name.kind, EntityType::Org);
        assert_eq!(name.tokens, 2..4);
        let words = ["in", "Orsova", "."];
        let lowers: Vec<u64> = words.iter().map(|w| hashing::fnv_str_lower(w)).collect();
        let name = refine(&words, &lowers, 1..2, 3, gaz, 0).expect("a name");
        assert_eq!(name.kind, EntityType::Gpe);
    }

    #[test]
    fn title_case_headlines_keep_verbs_out_of_names() {
        // A headline in title case capitalises its verbs and nouns; they are not names.
        let text = "Mayor Says Harbour Plan Calls For Patience\n\
                    Mayor Lena Orsova said on Monday that the harbour plan would take years. \
                    Orsova said the city council calls the plan a patient one.\n\
                    Rudd Praises Orsova Speech\n\
                    Opposition leader Mark Rudd praised the speech of the mayor.\n";
        let (doc, _) = analyze(text, &Options::default());
        let people = people(&doc);
        for name in &people {
            for word in ["Says", "Calls", "Praises", "Speech", "Plan"] {
                assert!(!name.contains(word), "{word} read into {name}: {people:?}");
            }
        }
        assert!(people.contains(&"Lena Orsova"), "{people:?}");
        assert!(people.contains(&"Mark Rudd"), "{people:?}");
    }

    #[test]
    fn short_forms_and_spelling_variants_merge() {
        let text = "Ukrainian President Volodymyr Zelenskyy spoke in Kiev on Friday. Zelensky said the \
                    European Union must act. The EU later agreed. Speaker Valentina Matviyenko disagreed, \
                    and Matvienko said Kyiv was wrong.\n";
        let (doc, _) = analyze(text, &Options::default());
        let (z, zel) = entity(&doc, "Volodymyr Zelenskyy").expect("Zelenskyy is found");
        assert_eq!(zel.kind, EntityType::Person);
        assert_eq!(
            mentions_of(&doc, z, MentionKind::Name),
            ["Volodymyr Zelenskyy", "Zelensky"]
        );
        let (m, _) = entity(&doc, "Valentina Matviyenko").expect("Matviyenko is found");
        assert_eq!(
            mentions_of(&doc, m, MentionKind::Name),
            ["Valentina Matviyenko", "Matvienko"]
        );
        let (eu, _) = entity(&doc, "European Union").expect("the EU is found");
        assert_eq!(
            mentions_of(&doc, eu, MentionKind::Name),
            ["European Union", "EU"]
        );
        let (k, _) = entity(&doc, "Kyiv").expect("Kyiv is found");
        assert_eq!(mentions_of(&doc, k, MentionKind::Name), ["Kiev", "Kyiv"]);
    }

    #[test]
    fn people_who_share_a_surname_stay_apart() {
        let text = "Jill Biden met reporters in Delaware. Later, Joe Biden spoke in Washington. \
                    Biden said the economy was strong.\n";
        let (doc, _) = analyze(text, &Options::default());
        let (hunter, _) = entity(&doc, "Jill Biden").expect("Jill Biden is found");
        let (joe, _) = entity(&doc, "Joe Biden").expect("Joe Biden is found");
        assert_ne!(hunter, joe);
        // The bare surname goes to the nearest full name before it.
        assert_eq!(
            mentions_of(&doc, joe, MentionKind::Name),
            ["Joe Biden", "Biden"]
        );
        assert_eq!(mentions_of(&doc, hunter, MentionKind::Name), ["Jill Biden"]);
    }

    #[test]
    fn acronyms_join_their_full_names() {
        let text = "Officers of the National Anti-Corruption Bureau of Ukraine (NABU) searched the offices. \
                    NABU said the search was legal.\n";
        let (doc, _) = analyze(text, &Options::default());
        let (id, e) = entity(&doc, "National Anti-Corruption Bureau of Ukraine")
            .expect("the bureau is found");
        assert_eq!(e.kind, EntityType::Org);
        assert_eq!(mentions_of(&doc, id, MentionKind::Name).len(), 3);
        assert!(e.aliases.contains(&"NABU".to_string()));
    }

    #[test]
    fn roles_descriptions_and_pronouns_link_to_people() {
        let text = "Europe has no place at the table, the country’s top diplomat has said.\n\
                    Russian Foreign Minister Sergey Lavrov made the remarks on Tuesday. He added that \
                    talks would continue.\n\
                    Russia’s investment envoy, Kirill Dmitriev, said the report was false.\n";
        let (doc, _) = analyze(text, &Options::default());
        let (lavrov, e) = entity(&doc, "Sergey Lavrov").expect("Lavrov is found");
        let roles: Vec<&str> = e.roles.iter().map(|r| doc.slice(r.span)).collect();
        assert_eq!(roles, ["Foreign Minister"]);
        assert_eq!(
            mentions_of(&doc, lavrov, MentionKind::Description),
            ["the country’s top diplomat"]
        );
        assert_eq!(mentions_of(&doc, lavrov, MentionKind::Pronoun), ["He"]);
        let (_, d) = entity(&doc, "Kirill Dmitriev").expect("Dmitriev is found");
        let roles: Vec<&str> = d.roles.iter().map(|r| doc.slice(r.span)).collect();
        assert_eq!(roles, ["Russia’s investment envoy"]);
    }

    #[test]
    fn a_described_speaker_links_to_the_person_named_before() {
        let text = "Colonel Pavel Orlov visited the front on Monday.\n\
                    The situation is getting worse, the former regiment commander said.\n";
        let (doc, _) = analyze(text, &Options::default());
        let (id, _) = entity(&doc, "Pavel Orlov").expect("Orlov is found");
        assert_eq!(
            mentions_of(&doc, id, MentionKind::Description),
            ["the former regiment commander"]
        );
    }

    #[test]
    fn titles_with_possessors_and_group_adjectives() {
        let text =
            "The Kremlin’s spokesman Dmitry Peskov met Central European diplomats in Vienna.\n";
        let (doc, _) = analyze(text, &Options::default());
        let (_, e) = entity(&doc, "Dmitry Peskov").expect("Peskov is found");
        let roles: Vec<&str> = e.roles.iter().map(|r| doc.slice(r.span)).collect();
        assert_eq!(roles, ["spokesman"]);
        let all: Vec<(String, EntityType)> = doc
            .mentions
            .iter()
            .map(|m| {
                (
                    doc.slice(m.span).to_string(),
                    doc.entities[m.value.entity as usize].kind,
                )
            })
            .collect();
        assert_eq!(
            names(&doc, EntityType::Norp),
            ["Central European"],
            "{all:?}"
        );
        assert!(doc
            .mentions
            .iter()
            .all(|m| m.value.kind != MentionKind::Description));
    }

    #[test]
    fn question_words_are_not_listed_names() {
        let text = "Who will pay for the port? Time will tell, the WHO said.\n";
        let (doc, _) = analyze(text, &Options::default());
        let found: Vec<&str> = doc.mentions.iter().map(|m| doc.slice(m.span)).collect();
        assert!(!found.contains(&"Who"), "{found:?}");
        assert!(!found.contains(&"Time"), "{found:?}");
    }

    #[test]
    fn only_attached_dashes_touch_their_words() {
        let text = "RUGBY - Anti-Graft";
        let (rugby, dash, anti, inner) = (&text[0..5], &text[6..7], &text[8..12], &text[12..13]);
        assert_eq!((dash, inner), ("-", "-"));
        assert!(!super::touches(rugby, dash));
        assert!(super::touches(anti, inner));
    }

    #[test]
    fn outlets_currency_codes_and_bare_heads() {
        let text = "The European Commission fined the company, the news site Vltava Dnes reported on Monday. \
                    The Commission said the fine of PLN 40 million was final. Officials told Czech Radio \
                    that an appeal was likely.\n";
        let (doc, _) = analyze(text, &Options::default());
        let media = names(&doc, EntityType::Media);
        assert!(media.contains(&"Vltava Dnes".to_string()), "{media:?}");
        assert!(media.contains(&"Czech Radio".to_string()), "{media:?}");
        assert!(doc.mentions.iter().all(|m| doc.slice(m.span) != "PLN"));
        let (id, _) = entity(&doc, "European Commission").expect("the Commission is found");
        assert_eq!(
            mentions_of(&doc, id, MentionKind::Name),
            ["European Commission", "Commission"]
        );
    }
}
