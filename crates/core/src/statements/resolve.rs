//! From raw statements to the layer: speaker names and entities (pronouns and
//! descriptions resolved through the discourse), mediums, times and stance links.

use super::find::{Finder, Raw};
use super::lexicon::{self, lexicon, Pron};
use super::np::{Np, NpKind, Toks};
use crate::doc::{
    Annotation, Document, EntityId, EntityType, MentionKind, Span, Speaker, Stance, StanceKind,
    Statement,
};
use crate::gender::{self, Gender};

/// A resolved actor: a name and, when the entity layer knows it, the entity.
#[derive(Debug, Clone, Default, PartialEq)]
struct Actor {
    name: Option<String>,
    entity: Option<EntityId>,
    person: bool,
}

/// What the discourse remembers while reading an article.
#[derive(Default)]
struct Memory {
    article: Option<usize>,
    /// Full names of people seen so far in the article.
    people: Vec<String>,
    last_person: Option<Actor>,
    /// The people of the article met most recently, the latest last (at most eight).
    recent_people: Vec<Actor>,
    last_org: Option<Actor>,
    last_speaker: Option<(Actor, NpKind)>,
    /// Multi-word person names found anywhere in the document.
    doc_people: std::rc::Rc<Vec<String>>,
    /// True when the last speaker spoke in the current or the previous sentence.
    speaker_recent: bool,
    /// Sentence of the last statement.
    speaker_sentence: usize,
}

fn span_of(doc: &Document, a: usize, e: usize) -> Option<Span> {
    let toks = doc.tokens.as_slice();
    let s = toks.get(a)?.span.start;
    let t = toks.get(e.checked_sub(1)?)?.span.end;
    (t > s).then_some(Span { start: s, end: t })
}

/// The gender the text gives an actor: from its entity's name and stated roles, else
/// from the name alone.
fn actor_gender(doc: &Document, a: &Actor) -> Option<Gender> {
    if let Some(x) = a.entity.and_then(|e| doc.entities.get(e as usize)) {
        return gender::of_person(&x.name, x.roles.iter().map(|r| doc.slice(r.span)));
    }
    gender::of_person(a.name.as_deref()?, [])
}

/// Words that mark a name as an organisation or outlet rather than a person.
fn org_word(w: &str) -> bool {
    let mut buf = String::new();
    let info = lexicon().get(w, &mut buf);
    info.org
        || info.group
        || matches!(
            w.to_ascii_lowercase().as_str(),
            "house"
                | "times"
                | "post"
                | "news"
                | "journal"
                | "press"
                | "radio"
                | "tv"
                | "guardian"
                | "telegraph"
                | "herald"
                | "tribune"
                | "gazette"
                | "review"
                | "street"
                | "reuters"
                | "bloomberg"
                | "axios"
                | "politico"
                | "kremlin"
                | "pentagon"
                | "nato"
                | "eu"
                | "un"
                | "bbc"
                | "cnn"
                | "fox"
                | "nbc"
                | "abc"
                | "cbs"
                | "ap"
                | "afp"
                | "tass"
                | "ria"
                | "bank"
                | "fund"
                | "forces"
                | "army"
                | "navy"
                | "association"
                | "foundation"
                | "center"
                | "centre"
                | "university"
                | "school"
                | "inc"
                | "corp"
                | "ltd"
                | "llc"
                | "democrats"
                | "republicans"
                | "states"
                | "kingdom"
                | "republic"
                | "federation"
                | "today"
                | "magazine"
                | "media"
                | "daily"
                | "network"
        )
}

impl Memory {
    fn reset(&mut self, article: Option<usize>) {
        if self.article != article {
            let doc_people = std::rc::Rc::clone(&self.doc_people);
            *self = Memory {
                article,
                doc_people,
                ..Memory::default()
            };
        }
    }

    /// The fullest person name ending with the word `last`: one seen in the article,
    /// else one seen anywhere in the document.
    fn full_name(&self, surname: &str) -> Option<&String> {
        let ends = |p: &&String| p.rsplit(' ').next() == Some(surname) && p.contains(' ');
        self.people
            .iter()
            .rev()
            .find(ends)
            .or_else(|| self.doc_people.iter().find(ends))
    }

    /// Makes `actor` the last person met.
    fn set_person(&mut self, actor: Actor) {
        self.recent_people.retain(|a| a.name != actor.name);
        if self.recent_people.len() >= 8 {
            self.recent_people.remove(0);
        }
        self.recent_people.push(actor.clone());
        self.last_person = Some(actor);
    }

    /// The person met most recently whose gender agrees with `pronoun`.
    fn last_person_agreeing(&self, doc: &Document, pronoun: Option<Gender>) -> Option<&Actor> {
        match &self.last_person {
            Some(a) if gender::agrees(actor_gender(doc, a), pronoun) => Some(a),
            Some(_) => self
                .recent_people
                .iter()
                .rev()
                .find(|a| gender::agrees(actor_gender(doc, a), pronoun)),
            None => None,
        }
    }

    fn remember(&mut self, actor: &Actor, kind: NpKind) {
        if actor.person {
            if let Some(n) = &actor.name {
                if !self.people.contains(n) {
                    self.people.push(n.clone());
                }
            }
            self.set_person(actor.clone());
        } else if actor.name.is_some() {
            self.last_org = Some(actor.clone());
        }
        self.last_speaker = Some((actor.clone(), kind));
    }
}

/// The entity of a Name mention overlapping `span`, if the entity layer has one. When the
/// phrase holds several ("Ohio Gov. John Kasich", "Clinton spokeswoman Jennifer Palmieri",
/// "Marco Rubio of Florida"), the speaker is the last person named in it that no "of"
/// introduces (English puts the head last), else the first name.
fn entity_at(doc: &Document, span: Span) -> Option<EntityId> {
    let ms = doc.mentions.as_slice();
    let k = ms.partition_point(|m| m.span.end <= span.start);
    let names: Vec<&Annotation<crate::doc::Mention>> = ms
        .get(k..)?
        .iter()
        .take_while(|m| m.span.start < span.end)
        .filter(|m| m.value.kind == MentionKind::Name && m.span.overlaps(span))
        .collect();
    let is_person = |m: &Annotation<crate::doc::Mention>| {
        doc.entities
            .get(m.value.entity as usize)
            .is_some_and(|x| x.kind == EntityType::Person)
    };
    let after_of = |m: &Annotation<crate::doc::Mention>| {
        doc.text()
            .get(span.start as usize..m.span.start as usize)
            .is_some_and(|before| before.trim_end().ends_with(" of"))
    };
    names
        .iter()
        .rev()
        .find(|m| is_person(m) && !after_of(m))
        .or(names.first())
        .map(|m| m.value.entity)
}

/// The entity of a description mention that covers `head` (a description's head noun).
fn description_entity_at(doc: &Document, head: Span) -> Option<EntityId> {
    let ms = doc.mentions.as_slice();
    let k = ms.partition_point(|m| m.span.end <= head.start);
    ms.get(k..)?
        .iter()
        .take_while(|m| m.span.start < head.end)
        .find(|m| m.value.kind == MentionKind::Description && m.span.contains(head))
        .map(|m| m.value.entity)
}

/// Names one conjunct of a Name phrase: `a..e` tokens.
fn name_actor(doc: &Document, t: &Toks<'_>, mem: &Memory, a: usize, e: usize) -> Actor {
    let Some(span) = span_of(doc, a, e) else {
        return Actor::default();
    };
    if let Some(ent) = entity_at(doc, span) {
        if let Some(x) = doc.entities.get(ent as usize) {
            let surface = doc.slice(span);
            // A person is named by the entity's canonical name, whatever titles and
            // places the phrase adds ("Ohio Gov. John Kasich").
            if x.kind != EntityType::Person
                && surface.len() > x.name.len()
                && surface.contains(x.name.as_str())
                && !surface.contains('’')
            {
                return Actor {
                    name: Some(surface.to_string()),
                    entity: Some(ent),
                    person: x.kind == EntityType::Person,
                };
            }
            return Actor {
                name: Some(x.name.clone()),
                entity: Some(ent),
                person: x.kind == EntityType::Person,
            };
        }
    }
    let text = doc.slice(span).to_string();
    let words: Vec<&str> = text.split_whitespace().collect();
    let last = words.last().copied().unwrap_or("");
    let titled = a > 0 && {
        let mut buf = String::new();
        lexicon().get(t.w(a - 1), &mut buf).title || lexicon().get(t.w(a - 1), &mut buf).role
    };
    let orgish = words.iter().any(|w| org_word(w))
        || text.contains(" of ")
        || text.chars().all(|c| !c.is_lowercase());
    if words.len() == 1 {
        if let Some(full) = mem.full_name(last) {
            return Actor {
                name: Some(full.clone()),
                entity: None,
                person: true,
            };
        }
    }
    let person = !orgish && (words.len() >= 2 || titled);
    Actor {
        name: Some(text),
        entity: None,
        person,
    }
}

/// Resolves a speaker phrase to an actor, using and updating the discourse memory.
fn resolve_np(
    doc: &Document,
    t: &Toks<'_>,
    mem: &Memory,
    np: &Np,
    sentence_names: &[Actor],
) -> Actor {
    match np.kind {
        NpKind::Name => {
            if let Some(split) = np.split {
                let first = name_actor(doc, t, mem, np.name_start, split);
                let mut b = split + 1;
                if t.w(b).eq_ignore_ascii_case("the") {
                    b += 1;
                }
                // "Politico and other outlets", "AP and European outlets": no second name.
                if !t.is_cap(b) || !t.is_cap(np.end - 1) {
                    return first;
                }
                let second = name_actor(doc, t, mem, b, np.end);
                let joined = match (&first.name, &second.name) {
                    (Some(x), Some(y)) => Some(format!("{x}; {y}")),
                    (x, y) => x.clone().or_else(|| y.clone()),
                };
                return Actor {
                    name: joined,
                    entity: first.entity,
                    person: false,
                };
            }
            name_actor(doc, t, mem, np.name_start, np.end)
        }
        NpKind::Pronoun(p) => match p {
            Pron::He | Pron::She => {
                // Only people whose gender, as far as the text shows it, agrees.
                let pronoun = Some(if p == Pron::He {
                    Gender::Male
                } else {
                    Gender::Female
                });
                let agrees = |a: &Actor| a.person && gender::agrees(actor_gender(doc, a), pronoun);
                if let Some(a) = sentence_names.iter().find(|a| agrees(a)) {
                    return a.clone();
                }
                match &mem.last_speaker {
                    Some((a, _)) if agrees(a) && mem.speaker_recent => a.clone(),
                    _ => mem
                        .last_person_agreeing(doc, pronoun)
                        .cloned()
                        .unwrap_or_default(),
                }
            }
            Pron::It => mem.last_org.clone().unwrap_or_default(),
            Pron::They => {
                if let Some(a) = sentence_names.iter().rev().find(|a| !a.person) {
                    return a.clone();
                }
                match &mem.last_speaker {
                    Some((a, NpKind::Name)) if !a.person => a.clone(),
                    _ => Actor::default(),
                }
            }
            Pron::Other => Actor::default(),
        },
        NpKind::Desc | NpKind::Group => {
            let head = span_of(doc, np.head, np.head + 1);
            if let Some(ent) = head.and_then(|s| description_entity_at(doc, s)) {
                if let Some(x) = doc.entities.get(ent as usize) {
                    return Actor {
                        name: Some(x.name.clone()),
                        entity: Some(ent),
                        person: x.kind == EntityType::Person,
                    };
                }
            }
            let mut buf = String::new();
            let info = lexicon().get(t.w(np.head), &mut buf);
            // "a senior Cruz adviser", "Trump's lawyer", "his spokesman": a role noun after
            // a person's name or pronoun describes someone close to that person, not the
            // person, so the speaker is unnamed unless the text names the holder of that
            // title elsewhere.
            let of_person = (np.start..np.head).any(|q| {
                matches!(t.w(q), "his" | "His" | "her" | "Her")
                    || t.is_cap(q)
                        && span_of(doc, q, q + 1)
                            .and_then(|sp| entity_at(doc, sp))
                            .and_then(|e| doc.entities.get(e as usize))
                            .is_some_and(|x| x.kind == EntityType::Person)
            });
            if info.role && of_person {
                return titled_name(doc, t, mem, np).unwrap_or_default();
            }
            // "the NABU anti-corruption agency", "the latest Valdai Club report".
            if (info.org || info.noun_cue || info.group) && !t.w(np.head).ends_with('s') {
                let mut q = np.start + 1;
                while q < np.head {
                    if t.is_cap(q) && !demonym(t.w(q)) {
                        let mut e = q;
                        while e < np.head && t.is_cap(e) {
                            e += 1;
                        }
                        return name_actor(doc, t, mem, q, e);
                    }
                    q += 1;
                }
            }
            if np.kind == NpKind::Group {
                Actor::default()
            } else if let Some(a) = info.role.then(|| titled_name(doc, t, mem, np)).flatten() {
                // "the foreign minister" ↔ "Foreign Minister Sergey Lavrov" nearby.
                a
            } else if info.role
                && !matches!(
                    t.w(np.start).to_ascii_lowercase().as_str(),
                    "a" | "an" | "one" | "another" | "some" | "several"
                )
            {
                // "the former governor" is the person met last, if the head's gender
                // agrees; "a man", "an official" introduce someone new.
                mem.last_person_agreeing(doc, gender::of_title(t.w(np.head)))
                    .cloned()
                    .unwrap_or_default()
            } else if info.org {
                org_for_head(doc, t, mem, np)
            } else {
                Actor::default()
            }
        }
    }
}

/// The organisation an unnamed institutional description refers to ("the ministry",
/// "the audit office", "the company"): the latest organisation of the article whose
/// name contains the head noun ("Ministry of Transport"); failing that, for a generic
/// head ("the company", "the group"), the last organisation named. An outlet or a place
/// named last is not "the office".
fn org_for_head(doc: &Document, t: &Toks<'_>, mem: &Memory, np: &Np) -> Actor {
    let head = t.w(np.head).to_lowercase();
    let Some(here) = span_of(doc, np.start, np.end) else {
        return Actor::default();
    };
    let article = doc.article_of(here);
    let ms = doc.mentions.as_slice();
    let k = ms.partition_point(|m| m.span.start < here.start);
    // Only the mentions since the article's start are read, not the whole text before.
    let from = article
        .and_then(|i| doc.articles.as_slice().get(i))
        .map_or(0, |a| ms.partition_point(|m| m.span.start < a.span.start));
    let named = ms
        .get(from..k)
        .unwrap_or_default()
        .iter()
        .rev()
        .find_map(|m| {
            let e = doc.entities.get(m.value.entity as usize)?;
            let fits = m.value.kind == MentionKind::Name
                && e.kind == EntityType::Org
                && doc.article_of(m.span) == article
                && e.name
                    .split([' ', '-'])
                    .any(|w| w.chars().flat_map(char::to_lowercase).eq(head.chars()));
            fits.then(|| Actor {
                name: Some(e.name.clone()),
                entity: Some(m.value.entity),
                person: false,
            })
        });
    if let Some(a) = named {
        return a;
    }
    let generic = matches!(
        head.as_str(),
        "company" | "firm" | "group" | "organisation" | "organization" | "corporation"
    );
    match &mem.last_org {
        Some(a)
            if generic
                && a.entity
                    .and_then(|e| doc.entities.get(e as usize))
                    .is_some_and(|e| e.kind == EntityType::Org) =>
        {
            a.clone()
        }
        _ => Actor::default(),
    }
}

/// The subject of the sentence's main clause, ending before the cue at `limit` (a
/// participle or a coordinated verb: "She went on to attack Trump, saying …"): a pronoun,
/// a name or a description at the sentence's start ("The billionaire businessman began
/// …"). After a fronted phrase ("In a statement released Thursday, …", "At a rally in
/// Portsmouth, N.H., on Tuesday, …", "Hours later, …") it is the first phrase after one of
/// the phrase's commas, nearest the cue first, that a verb follows; when the cue is inside
/// a fronted clause ("When Trump later referred to … and said …"), that clause's subject.
fn sentence_subject(t: &Toks<'_>, a: usize, limit: usize) -> Option<Np> {
    // A dateline ("WASHINGTON — Sen. Chuck Grassley … said"): the sentence starts after it.
    let upper = |q: usize| {
        let w = t.w(q);
        w.chars().filter(|c| c.is_alphabetic()).count() > 1 && w.chars().all(|c| !c.is_lowercase())
    };
    let mut a = a;
    if upper(a) {
        let mut d = a;
        while d < limit && (upper(d) || t.w(d) == ",") && d - a < 6 {
            d += 1;
        }
        if d + 1 < limit && matches!(t.w(d), "—" | "–" | "--" | "-" | "―") {
            a = d + 1;
        }
    }
    // A leading conjunction or adverb ("But the other candidate …", "And then Trump went
    // …").
    while a + 1 < limit
        && matches!(
            t.w(a).to_ascii_lowercase().as_str(),
            "and" | "but" | "yet" | "so" | "then" | "also" | "still"
        )
        && t.w(a + 1) != ","
    {
        a += 1;
    }
    // A quotation that opens the sentence ("“…,” the candidate told CBS, saying …").
    if matches!(t.w(a), "“" | "\"" | "''" | "‘") {
        let close = (a + 1..limit).find(|&q| {
            matches!(t.w(q), "”" | "\"" | "''" | "’") && matches!(t.w(q - 1), "," | "?" | "!")
        });
        if let Some(q) = close {
            a = q + 1;
        }
    }
    let first = t.w(a).to_ascii_lowercase();
    // A participial phrase: "Holding signs calling Christie a loser, the protesters …".
    let participle = first.len() > 4 && first.ends_with("ing") && t.is_cap(a);
    // A time phrase: "Hours later", "A few minutes later", "Two days ago,".
    let time = (a..limit.min(a + 4))
        .find(|&j| temporal_head(t.w(j)))
        .filter(|&j| {
            (a + 1..=j).all(|q| t.is_word(q) && !t.is_cap(q))
                && matches!(t.w(j + 1), "later" | "earlier" | "ago" | ",")
        });
    if !fronted_opener(&first) && !participle && time.is_none() {
        return subject_at(t, a, limit, false);
    }
    // The comma just before the cue is the participle's own.
    let end = if limit > a + 1 && t.w(limit - 1) == "," {
        limit - 1
    } else {
        limit
    };
    for c in (a + 1..end).rev().filter(|&c| t.w(c) == ",") {
        if let Some(np) = subject_at(t, c + 1, end, true) {
            return Some(np);
        }
    }
    if let Some(j) = time {
        // "A few minutes later they reversed themselves … and said".
        let mut q = j + 1;
        if matches!(t.w(q), "later" | "earlier" | "ago") {
            q += 1;
        }
        return subject_at(t, q, end, true);
    }
    if subordinator(&first) {
        return subject_at(t, a + 1, end, true);
    }
    None
}

/// Words that open a fronted clause with a subject of its own ("When Trump …").
fn subordinator(w: &str) -> bool {
    matches!(
        w,
        "when" | "while" | "as" | "after" | "before" | "since" | "although" | "though"
    )
}

/// The subject phrase that starts at token `a`: a pronoun, a name, or a description that
/// opens with a determiner or a number ("One employee at a software firm", "Both parents").
/// With `verb_next`, a name must be followed by a lower-case word or a parenthesis ("Rep.
/// Hakeem Jeffries (D-N.Y.) reacted"), not by a comma ("Portsmouth, N.H., …").
fn subject_at(t: &Toks<'_>, a: usize, limit: usize, verb_next: bool) -> Option<Np> {
    if a >= limit {
        return None;
    }
    let verb_at = |e: usize| e < limit && t.is_word(e) && !t.is_cap(e);
    if lexicon::pronoun(t.w(a)).is_some() {
        // "It was a potent punch …": no speaker.
        if t.w(a).eq_ignore_ascii_case("it") && matches!(t.w(a + 1), "is" | "was" | "'s" | "’s") {
            return None;
        }
        return t
            .np_forward(a, limit)
            .filter(|n| matches!(n.kind, NpKind::Pronoun(_)) && verb_at(n.end));
    }
    let mut e = a;
    if t.w(e).eq_ignore_ascii_case("the") {
        e += 1;
    }
    while e < limit && (t.is_cap(e) || t.w(e) == "-") && e - a < 8 {
        e += 1;
    }
    if e > a {
        // A name, or a group named with a capital ("Democrats had sued …").
        let name = t
            .np_back(e - 1, a)
            .filter(|n| n.kind == NpKind::Name || n.kind == NpKind::Group && n.start == a);
        if let Some(np) = name {
            if !verb_next || verb_at(e) || t.w(e) == "(" {
                return Some(np);
            }
            return None;
        }
    }
    let w = t.w(a).to_ascii_lowercase();
    let opens = lexicon::is_determiner(&w)
        || matches!(
            w.as_str(),
            "one" | "two" | "three" | "both" | "other" | "some" | "many" | "several" | "most"
        );
    if !opens {
        return None;
    }
    // The description runs up to its verb ("The departments declined"), a preposition
    // ("One employee at a software firm") or a clause word, within six words.
    // An "-ed" word right after the determiner is an adjective ("The retired
    // neurosurgeon").
    let mut e = a + 1;
    while e < limit
        && e - a < 6
        && t.is_word(e)
        && (!ends_subject(t.w(e)) || e == a + 1 && t.w(e).ends_with("ed"))
    {
        e += 1;
    }
    if e == a + 1 || e >= limit || !ends_subject(t.w(e)) {
        return None;
    }
    t.np_back(e - 1, a).filter(|n| {
        n.start == a
            && matches!(n.kind, NpKind::Desc | NpKind::Group)
            && !temporal_head(t.w(n.head))
    })
}

/// A word that ends a subject description: a verb form that can follow a subject
/// ("declined", "began", "has"), a preposition or a clause word.
fn ends_subject(w: &str) -> bool {
    let lw = w.to_ascii_lowercase();
    (lw.len() > 4 && lw.ends_with("ed") && !w.starts_with(char::is_uppercase))
        || matches!(
            lw.as_str(),
            "at" | "of"
                | "for"
                | "from"
                | "in"
                | "with"
                | "on"
                | "to"
                | "inside"
                | "outside"
                | "near"
                | "behind"
                | "within"
                | "among"
                | "across"
                | "under"
                | "over"
                | "about"
                | "during"
                | "left"
                | "drew"
                | "struck"
                | "led"
                | "met"
                | "paid"
                | "felt"
                | "heard"
                | "knew"
                | "got"
                | "grew"
                | "became"
                | "chose"
                | "sold"
                | "fought"
                | "spent"
                | "who"
                | "which"
                | "that"
                | "began"
                | "has"
                | "have"
                | "had"
                | "was"
                | "were"
                | "is"
                | "are"
                | "will"
                | "would"
                | "said"
                | "says"
                | "told"
                | "went"
                | "took"
                | "made"
                | "gave"
                | "did"
                | "does"
                | "may"
                | "might"
                | "can"
                | "could"
                | "should"
                | "must"
                | "also"
                | "then"
                | "later"
                | "again"
                | "quickly"
                | "immediately"
                | "repeatedly"
                | "recently"
                | "still"
                | "never"
                | "once"
                | "spoke"
                | "wrote"
                | "sent"
                | "stood"
                | "came"
                | "rose"
                | "won"
                | "lost"
                | "ran"
                | "saw"
                | "kept"
                | "held"
                | "sought"
                | "brought"
                | "put"
                | "set"
        )
}

/// Words that open a fronted phrase before a sentence's subject.
fn fronted_opener(w: &str) -> bool {
    matches!(
        w,
        "in" | "on"
            | "at"
            | "during"
            | "after"
            | "before"
            | "while"
            | "when"
            | "as"
            | "since"
            | "with"
            | "without"
            | "amid"
            | "despite"
            | "although"
            | "though"
            | "asked"
            | "speaking"
            | "here"
            | "there"
            | "then"
            | "later"
            | "earlier"
            | "meanwhile"
            | "instead"
            | "however"
            | "still"
            | "now"
            | "today"
            | "yesterday"
            | "following"
            | "under"
            | "hours"
            | "minutes"
            | "days"
            | "beyond"
            | "besides"
            | "unlike"
            | "like"
            | "through"
            | "throughout"
            | "among"
            | "across"
            | "outside"
            | "inside"
            | "until"
            | "upon"
            | "for"
            | "by"
            | "over"
    )
}

/// Head nouns of time phrases ("A few minutes later", "Last week", "Some time later").
fn temporal_head(w: &str) -> bool {
    let w = w.to_ascii_lowercase();
    w == "time" || lexicon::is_time_noun(&w)
}

/// Multi-word names that look like people's ("Semyon Krivonos"), in text order.
fn doc_people(doc: &Document, t: &Toks<'_>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let n = doc.tokens.len();
    let mut i = 0;
    while i < n {
        if t.is_cap(i) && !t.is_cap(i + 1) {
            if let Some(np) = t.np_back(i, i.saturating_sub(5)) {
                let len = np.end - np.name_start;
                if np.kind == NpKind::Name && np.split.is_none() && (2..=4).contains(&len) {
                    let words: Vec<&str> = (np.name_start..np.end).map(|q| t.w(q)).collect();
                    let orgish = words
                        .iter()
                        .any(|w| org_word(w) || demonym(w) || w.chars().all(|c| !c.is_lowercase()));
                    if !orgish {
                        let name = words.join(" ");
                        if !out.contains(&name) {
                            out.push(name);
                        }
                    }
                }
            }
        }
        i += 1;
    }
    out
}

/// Adjectives of nationality ("Russian", "European", "US").
fn demonym(w: &str) -> bool {
    w.ends_with("ian")
        || w.ends_with("ese")
        || w.ends_with("ish")
        || w.ends_with("ean")
        || w.ends_with("can")
        || w.ends_with("ern")
        || matches!(
            w,
            "US" | "U.S." | "UK" | "EU" | "French" | "Dutch" | "Greek" | "Thai" | "Swiss" | "Czech"
        )
}

/// A person named nearby (within about 120 tokens either way) with a title that
/// contains the description's head noun.
fn titled_name(doc: &Document, t: &Toks<'_>, mem: &Memory, np: &Np) -> Option<Actor> {
    let head = t.w(np.head);
    let lo = np.start.saturating_sub(120);
    let hi = (np.end + 120).min(doc.tokens.len());
    let mut best: Option<(usize, Actor)> = None;
    for q in lo..hi {
        if q >= np.start && q < np.end {
            continue;
        }
        if !(t.is_cap(q) && t.w(q).eq_ignore_ascii_case(head)) {
            continue;
        }
        // The name after the title words.
        let mut e = q + 1;
        while e < hi && t.is_cap(e) && e - q < 6 {
            e += 1;
        }
        if e == q + 1 {
            continue;
        }
        let Some(n) = t.np_back(e - 1, q) else {
            continue;
        };
        if n.kind != NpKind::Name || n.name_start <= q {
            continue;
        }
        let a = name_actor(doc, t, mem, n.name_start, n.end);
        let d = q.abs_diff(np.start);
        if best.as_ref().is_none_or(|b| d < b.0) {
            best = Some((d, Actor { person: true, ..a }));
        }
    }
    best.map(|b| b.1)
}

/// Names in the sentence before token `k` (for "they").
fn names_before(doc: &Document, t: &Toks<'_>, mem: &Memory, a: usize, k: usize) -> Vec<Actor> {
    let mut out = Vec::new();
    let mut i = a;
    while i < k {
        if t.is_cap(i) && i > a {
            let mut e = i;
            while e < k && t.is_cap(e) {
                e += 1;
            }
            if let Some(np) = t.np_back(e - 1, i) {
                // Only actors the entity layer knows: not a month or a sentence-initial
                // common noun ("what they called", "in October").
                let actor = (np.kind == NpKind::Name && !t.is_poss(np.end))
                    .then(|| name_actor(doc, t, mem, np.name_start, np.end))
                    .filter(|x| x.entity.is_some());
                out.extend(actor);
            }
            i = e;
        } else {
            i += 1;
        }
    }
    out
}

/// The medium phrase in `a..b` outside `skip`, nearest the cue.
fn medium(
    doc: &Document,
    t: &Toks<'_>,
    a: usize,
    b: usize,
    skip: (usize, usize),
    cue: usize,
) -> Option<(Span, String)> {
    let mut best: Option<(usize, Span, String)> = None;
    let mut buf = String::new();
    let mut i = a;
    while i < b {
        if i >= skip.0 && i < skip.1 {
            i = skip.1;
            continue;
        }
        let lw = t.w(i).to_ascii_lowercase();
        let mut found: Option<(usize, usize)> = None;
        if lw == "on" {
            let mut j = i + 1;
            if matches!(t.w(j), "his" | "her" | "its" | "their" | "the" | "a") {
                j += 1;
            }
            let w = t.w(j);
            let info = lexicon().get(w, &mut buf);
            let platform = info.platform && w != "x";
            if platform {
                let mut e = j + 1;
                while e < b
                    && matches!(
                        t.w(e).to_ascii_lowercase().as_str(),
                        "channel" | "account" | "page" | "social"
                    )
                {
                    e += 1;
                }
                found = Some((i, e));
            }
        } else if matches!(
            lw.as_str(),
            "in" | "during" | "at" | "via" | "through" | "speaking"
        ) {
            let mut j = i + 1;
            if lw == "speaking" {
                let the = usize::from(t.w(j + 1).eq_ignore_ascii_case("the"));
                if matches!(t.w(j), "to" | "with") && t.is_cap(j + 1 + the) {
                    let mut e = j + 1 + the;
                    while e < b && (t.is_cap(e) || t.w(e) == "-") {
                        e += 1;
                    }
                    found = Some((i, e));
                }
            } else {
                if matches!(
                    t.w(j).to_ascii_lowercase().as_str(),
                    "a" | "an" | "the" | "his" | "her" | "its" | "their"
                ) {
                    j += 1;
                }
                let mut k = j;
                while k < b && k - j < 3 && !lexicon().get(t.w(k), &mut buf).channel && t.is_word(k)
                {
                    k += 1;
                }
                let w = t.w(k);
                if k < b
                    && lexicon().get(w, &mut buf).channel
                    && !(w.ends_with('s') && lw == "at")
                    && t.w(k + 1) != "-"
                    && (w != "post" || t.w(k + 1) == "on")
                {
                    let mut e = k + 1;
                    // "interview with Moskovsky Komsomolets", "video message on his Telegram channel".
                    if matches!(t.w(e), "with" | "to" | "on" | "before") {
                        let mut f = e + 1;
                        while f < b
                            && f - e < 7
                            && (t.is_word(f) || t.is_poss(f) || t.w(f) == "-")
                            && t.w(f) != "that"
                        {
                            if lexicon().get(t.w(f), &mut buf).verb.is_some() && !t.is_cap(f) {
                                break;
                            }
                            f += 1;
                        }
                        if f > e + 1 {
                            e = f;
                        }
                    } else if matches!(
                        t.w(e).to_ascii_lowercase().as_str(),
                        "message" | "conference" | "call" | "address" | "briefing"
                    ) {
                        e += 1;
                    }
                    found = Some((i, e));
                }
            }
        }
        if let Some((s, e)) = found {
            if let Some(sp) = span_of(doc, s, e) {
                let d = s.abs_diff(cue);
                if best.as_ref().is_none_or(|x| d < x.0) {
                    let text = doc.slice(sp);
                    let norm = text
                        .trim_start_matches("in ")
                        .trim_start_matches("In ")
                        .trim_start_matches("during ")
                        .trim_start_matches("at ")
                        .trim_start_matches("a ")
                        .trim_start_matches("an ")
                        .to_string();
                    best = Some((d, sp, norm));
                }
            }
            i += 1;
            continue;
        }
        i += 1;
    }
    best.map(|(_, s, t)| (s, t))
}

/// "told Reuters", "told the France-Russia Dialogue Association": an interview.
fn told_medium(doc: &Document, t: &Toks<'_>, raw: &Raw) -> Option<(Span, String)> {
    let v = raw.cue.1.checked_sub(1)?;
    if !matches!(t.w(v), "told" | "tells" | "telling") {
        return None;
    }
    let mut a = raw.cue.1;
    if t.w(a).eq_ignore_ascii_case("the") {
        a += 1;
    }
    let mut e = a;
    while (t.is_cap(e) || t.w(e) == "-") && e - a < 8 {
        e += 1;
    }
    if e == a {
        return None;
    }
    // "told EU counterparts": the name only modifies the interlocutors.
    if t.is_word(e) && !t.is_cap(e) && !lexicon::is_function_word(t.w(e)) {
        return None;
    }
    let span = span_of(doc, raw.cue.0, e)?;
    let name = doc.slice(span_of(doc, a, e)?);
    // A person's name is an interlocutor, not a channel.
    let person = (a..e).count() >= 2 && !(a..e).any(|q| org_word(t.w(q))) && !name.contains('-');
    (!person).then(|| (span, format!("interview with {name}")))
}

/// "the latest report notes": the speaker is itself the channel.
fn speaker_medium(doc: &Document, t: &Toks<'_>, raw: &Raw) -> Option<(Span, String)> {
    let np = raw.speaker?;
    if matches!(np.kind, NpKind::Pronoun(_)) {
        return None;
    }
    let mut buf = String::new();
    if !lexicon().get(t.w(np.head), &mut buf).channel {
        return None;
    }
    let span = span_of(doc, np.head, np.head + 1)?;
    Some((span, doc.slice(span).to_ascii_lowercase()))
}

/// A channel named in a frame that opens an earlier sentence of the same paragraph
/// ("In an interview with …, X said. She insisted …").
fn frame_medium(doc: &Document, t: &Toks<'_>, f: &Finder<'_>, si: usize) -> Option<(Span, String)> {
    let sents = doc.sentences.as_slice();
    let here = sents.get(si)?;
    let para = f.para(here.value.first_token as usize);
    let mut k = si;
    while k > 0 && si - k < 4 {
        k -= 1;
        let s = sents.get(k)?;
        let a = s.value.first_token as usize;
        if f.para(a) != para {
            return None;
        }
        let first = t.w(a).to_ascii_lowercase();
        if matches!(first.as_str(), "in" | "speaking" | "during") {
            let comma = (a..s.value.end_token as usize).find(|&q| t.w(q) == ",")?;
            return medium(doc, t, a, comma, (0, 0), a);
        }
    }
    None
}

/// The date in `span` (a sentence) outside `content`, nearest `cue`.
fn time_of(doc: &Document, sentence: Span, content: Span, cue: Span) -> Option<u32> {
    let r = doc.dates.within(sentence);
    let mut best: Option<(u32, u32)> = None;
    for k in r {
        let d = doc.dates.get(k)?;
        if d.span.overlaps(content) {
            continue;
        }
        let dist = d.span.start.abs_diff(cue.start);
        if best.is_none_or(|b| dist < b.1) {
            best = Some((k as u32, dist));
        }
    }
    best.map(|b| b.0)
}

/// Builds the statements from the raw finds, in text order of the raw list.
pub fn build(doc: &Document, f: &Finder<'_>, raws: &[Raw]) -> Vec<Annotation<Statement>> {
    let t = &f.t;
    let mut mem = Memory {
        doc_people: std::rc::Rc::new(doc_people(doc, t)),
        ..Memory::default()
    };
    let mut out = Vec::with_capacity(raws.len());
    let mut seen: Vec<(Span, Span)> = Vec::new();
    let mut prev: Option<(usize, Speaker, Actor, NpKind)> = None;
    let mut noted = 0usize;
    for raw in raws {
        let Some(sent) = doc.sentences.get(raw.sentence) else {
            continue;
        };
        let (sa, sb) = (
            sent.value.first_token as usize,
            sent.value.end_token as usize,
        );
        let Some(content) = span_of(doc, raw.content.0, raw.content.1) else {
            continue;
        };
        let Some(cue) = span_of(doc, raw.cue.0, raw.cue.1) else {
            continue;
        };
        // Remember the named subjects that open the sentences read so far.
        while noted < raw.sentence {
            note_subject(doc, t, &mut mem, noted);
            noted += 1;
        }
        mem.reset(doc.article_of(content));
        mem.speaker_recent =
            mem.last_speaker.is_some() && raw.sentence <= mem.speaker_sentence.saturating_add(2);
        // Duplicates come from the same sentence only.
        if seen
            .last()
            .is_some_and(|l| l.0.start < content.start.saturating_sub(4000))
        {
            seen.clear();
        }
        if seen.contains(&(content, cue)) {
            continue;
        }
        seen.push((content, cue));
        let (speaker, actor, kind) = if raw.inherit {
            match &prev {
                Some((s, sp, a, k)) if *s == raw.sentence => (sp.clone(), a.clone(), *k),
                _ => {
                    // The sentence's subject.
                    let np = sentence_subject(t, sa, raw.cue.0);
                    match np {
                        Some(np) => {
                            let a = resolve_np(doc, t, &mem, &np, &[]);
                            (speaker_of(doc, &np, &a), a, np.kind)
                        }
                        None => (Speaker::default(), Actor::default(), NpKind::Group),
                    }
                }
            }
        } else if let Some(np) = &raw.speaker {
            let names = names_before(doc, t, &mem, sa, np.start);
            let a = resolve_np(doc, t, &mem, np, &names);
            (speaker_of(doc, np, &a), a, np.kind)
        } else {
            (Speaker::default(), Actor::default(), NpKind::Group)
        };
        if kind == NpKind::Name {
            mem.remember(&actor, kind);
        } else {
            mem.last_speaker = Some((actor.clone(), kind));
        }
        let medium = medium(doc, t, sa, sb, raw.content, raw.cue.0)
            .or_else(|| told_medium(doc, t, raw))
            .or_else(|| speaker_medium(doc, t, raw))
            .or_else(|| frame_medium(doc, t, f, raw.sentence));
        let sspan = span_of(doc, sa, sb).unwrap_or(content);
        let time = time_of(doc, sspan, content, cue);
        // Direct quotes: the content is inside the marks; American-style punctuation
        // inside the closing mark is already trimmed by the finder.
        let kind_st = raw.kind;
        out.push(Annotation {
            span: content,
            value: Statement {
                speaker: speaker.clone(),
                cue: Some(cue),
                kind: kind_st,
                medium,
                time,
                stance: None,
            },
        });
        mem.speaker_sentence = raw.sentence;
        prev = Some((raw.sentence, speaker, actor, kind));
        let _ = raw.class;
    }
    // The classes are needed for stance: keep them aligned through a side table.
    out
}

fn speaker_of(doc: &Document, np: &Np, a: &Actor) -> Speaker {
    let start = if np.kind == NpKind::Name {
        np.name_start
    } else {
        np.start
    };
    if let Some(r) = np.rel {
        return Speaker {
            entity: a.entity,
            mention: span_of(doc, r, r + 1),
            name: a.name.clone(),
        };
    }
    Speaker {
        entity: a.entity,
        mention: span_of(doc, start, np.end),
        name: a.name.clone(),
    }
}

/// Updates the memory with the named subject that opens sentence `si`.
fn note_subject(doc: &Document, t: &Toks<'_>, mem: &mut Memory, si: usize) {
    let Some(s) = doc.sentences.get(si) else {
        return;
    };
    let (a, b) = (s.value.first_token as usize, s.value.end_token as usize);
    if let Some(span) = span_of(doc, a, b) {
        mem.reset(doc.article_of(span));
    }
    if !t.is_cap(a) {
        return;
    }
    let mut e = a;
    while e < b && e - a < 6 && (t.is_cap(e) || t.w(e) == "-") {
        e += 1;
    }
    if e == a {
        return;
    }
    if let Some(np) = t.np_back(e - 1, a) {
        if np.kind == NpKind::Name && np.split.is_none() {
            let actor = name_actor(doc, t, mem, np.name_start, np.end);
            if actor.person {
                if let Some(n) = &actor.name {
                    if !mem.people.contains(n) {
                        mem.people.push(n.clone());
                    }
                }
                mem.set_person(actor);
            } else if actor.entity.is_some() && !t.is_poss(np.end) {
                // A capitalised sentence opener the entity layer does not know
                // ("Construction of the terminal …") is not an organisation.
                mem.last_org = Some(actor);
            }
        }
    }
}

/// Content words that mark a rebuttal.
fn denial_words(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.split(|c: char| !c.is_alphanumeric()).any(|w| {
        matches!(
            w,
            "false"
                | "fake"
                | "untrue"
                | "baseless"
                | "lie"
                | "lies"
                | "groundless"
                | "nonsense"
                | "hoax"
                | "fabricated"
                | "fabrication"
                | "fiction"
        )
    })
}

/// True when a text holds a negation ("not", "n’t", "never", "no").
fn has_negation(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric() && c != '’' && c != '\'')
        .any(|w| {
            ["not", "never", "no", "nobody", "nothing"]
                .iter()
                .any(|n| w.eq_ignore_ascii_case(n))
                || w.ends_with("n’t")
                || w.ends_with("n't")
        })
}

/// Content words of a text (lower case, four letters or more, no function words).
fn content_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .filter(|w| {
            !matches!(
                w.as_str(),
                "that"
                    | "this"
                    | "with"
                    | "from"
                    | "have"
                    | "been"
                    | "will"
                    | "would"
                    | "their"
                    | "there"
                    | "which"
                    | "what"
                    | "when"
                    | "were"
                    | "they"
                    | "them"
                    | "also"
                    | "into"
                    | "than"
                    | "more"
                    | "only"
                    | "such"
                    | "some"
                    | "could"
                    | "should"
                    | "about"
                    | "after"
                    | "before"
                    | "being"
            )
        })
        .collect()
}

/// Links a statement to one it denies (a rebuttal verb or "false", "fake" in a short
/// content, aimed at another speaker's claim) or supports ("also", "indeed", "the same"
/// with shared content words), within an article.
pub fn link_stances(doc: &mut Document) {
    let items = doc.statements.as_slice();
    let mut links: Vec<(usize, Stance)> = Vec::new();
    // Per-statement facts, computed once.
    let negations: Vec<bool> = items
        .iter()
        .map(|st| has_negation(doc.slice(st.span)))
        .collect();
    let mut words_of: Vec<Option<Vec<String>>> = vec![None; items.len()];
    // Each statement's cue in lower case, made once: the loops below compare a statement's
    // cue with those of up to forty neighbours.
    let cues: Vec<String> = items
        .iter()
        .map(|st| {
            st.value
                .cue
                .map_or("", |c| doc.slice(c))
                .to_ascii_lowercase()
        })
        .collect();
    let cue_of = |j: usize| cues.get(j).map_or("", String::as_str);
    for (i, st) in items.iter().enumerate() {
        let content = doc.slice(st.span);
        let cue = cue_of(i);
        let denying = cue.contains("deni")
            || cue.contains("reject")
            || cue.contains("dismiss")
            || cue.contains("refut");
        let short_denial = denial_words(content) && content.split_whitespace().count() <= 20;
        let denying = denying && content.split_whitespace().count() >= 3;
        let me = st.value.speaker.name.as_deref();
        let art = doc.article_of(st.span);
        let lo = i.saturating_sub(20);
        if (denying || short_denial) && me.is_some() {
            let mut best: Option<(i64, usize)> = None;
            for (j, other) in items.iter().enumerate().skip(lo).take(41) {
                if j == i || doc.article_of(other.span) != art {
                    continue;
                }
                let on = other.value.speaker.name.as_deref();
                if on.is_some() && on == me {
                    continue;
                }
                let ocue = cue_of(j);
                let claimish = ocue.contains("claim")
                    || ocue.contains("report")
                    || ocue.contains("alleg")
                    || ocue.contains("publish");
                // The claim rebutted inside the denial itself ("rejected media claims that …").
                let nested = st.span.contains(other.span) && claimish;
                let named_in = on.is_some_and(|o| {
                    content.contains(o)
                        || o.split(' ')
                            .next_back()
                            .is_some_and(|s| content.contains(s))
                });
                if on.is_none() && !nested {
                    continue;
                }
                let dist = (j as i64 - i as i64).abs();
                let score = i64::from(nested) * 2000
                    + i64::from(named_in) * 1000
                    + i64::from(claimish) * 500
                    - dist;
                if (nested || named_in || claimish) && best.is_none_or(|b| score > b.0) {
                    best = Some((score, j));
                }
            }
            if let Some((_, j)) = best {
                links.push((
                    i,
                    Stance {
                        kind: StanceKind::Denies,
                        target: j as u32,
                    },
                ));
            }
            continue;
        }
        let negated = negations.get(i).copied().unwrap_or(false);
        // A rebuttal that goes on: the same speaker, a negation, right after a denial.
        let prior = links.iter().rev().take(3).find(|(p, l)| {
            l.kind == StanceKind::Denies
                && *p + 3 >= i
                && items.get(*p).and_then(|x| x.value.speaker.name.as_deref()) == me
                && me.is_some()
        });
        if let (true, Some(&(_, l))) = (negated, prior) {
            links.push((i, l));
            continue;
        }
        // The marker sits between the speaker and the content ("have also described",
        // "Lavrov, however, suggested"), or "indeed" inside the content.
        let from = st
            .value
            .speaker
            .mention
            .or(st.value.cue)
            .map_or(st.span.start, |m| m.start);
        let frame = doc
            .slice(Span {
                start: from.min(st.span.start),
                end: st.span.start,
            })
            .to_lowercase();
        let frame_words: Vec<&str> = frame.split(|c: char| !c.is_alphanumeric()).collect();
        // A reply: "however" before a negated content rebuts the previous speaker.
        if negated && frame_words.iter().any(|w| matches!(*w, "however" | "but")) && me.is_some() {
            let target = (lo..i).rev().find(|&j| {
                items.get(j).is_some_and(|o| {
                    doc.article_of(o.span) == art
                        && o.value.speaker.name.as_deref() != me
                        && !o.span.overlaps(st.span)
                })
            });
            if let Some(j) = target.filter(|&j| j + 3 >= i) {
                links.push((
                    i,
                    Stance {
                        kind: StanceKind::Denies,
                        target: j as u32,
                    },
                ));
                continue;
            }
        }
        if negated {
            continue;
        }
        let indeed = content
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "indeed");
        let marker = indeed
            || frame_words
                .iter()
                .any(|w| matches!(*w, "also" | "same" | "likewise"))
            || cue.contains("confirm")
            || cue.contains("corroborat")
            || cue.contains("echo");
        // Without a marker, a close paraphrase by another source with the same reporting
        // verb corroborates ("described … as a proxy war").
        let need = if marker { 2 } else { 3 };
        // This statement's content words, made when a neighbour first needs them.
        let mut mine: Option<Vec<String>> = None;
        let mut best: Option<(usize, usize)> = None;
        for (j, other) in items.iter().enumerate().skip(lo).take(i - lo) {
            if doc.article_of(other.span) != art || other.span.overlaps(st.span) || i - j > 10 {
                continue;
            }
            let on = other.value.speaker.name.as_deref();
            if on.is_none() || on == me || negations.get(j).copied().unwrap_or(false) {
                continue;
            }
            if !marker && cue_of(j) != cue {
                continue;
            }
            let theirs = match words_of.get_mut(j) {
                Some(slot) => slot.get_or_insert_with(|| content_words(doc.slice(other.span))),
                None => continue,
            };
            let mine = mine.get_or_insert_with(|| content_words(content));
            let shared = mine.iter().filter(|w| theirs.contains(w)).count();
            if shared >= need && best.is_none_or(|b| shared >= b.0) {
                best = Some((shared, j));
            }
        }
        if let Some((_, j)) = best {
            links.push((
                i,
                Stance {
                    kind: StanceKind::Supports,
                    target: j as u32,
                },
            ));
        }
    }
    let mut k = 0;
    for (i, v) in doc.statements.values_mut().enumerate() {
        if links.get(k).is_some_and(|l| l.0 == i) {
            v.stance = links.get(k).map(|l| l.1);
            k += 1;
        }
    }
}
