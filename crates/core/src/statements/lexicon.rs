//! Word lists for the statement finder, loaded once from `data/statements/*.txt`.

use std::collections::HashMap;
use std::sync::OnceLock;

/// What a reporting verb does to the shape of its clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VerbClass {
    /// Plain speech ("say", "claim", "warn").
    Say,
    /// Speech with a person as object before the content ("told reporters that").
    Tell,
    /// A rebuttal ("deny", "reject").
    Deny,
    /// A corroboration ("confirm", "agree").
    Confirm,
    /// Cognition or belief ("believe", "think").
    Think,
    /// Object then content ("accused X of Y").
    Accuse,
}

/// Word classes the finder looks up, each keyed by the lower-case word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WordInfo {
    /// The verb class, when the word is a form of a reporting verb.
    pub verb: Option<VerbClass>,
    /// True when the form is the base form or a present form ending in "s" (a finite
    /// verb only after a subject) rather than a past or "-ing" form.
    pub verb_base: bool,
    /// A nominal cue ("reports", "claims").
    pub noun_cue: bool,
    /// Head of an unnamed source ("officials", "critics").
    pub group: bool,
    /// A person's role ("minister", "spokesman").
    pub role: bool,
    /// An organisation noun ("agency", "ministry").
    pub org: bool,
    /// A title before a name ("President", "Foreign").
    pub title: bool,
    /// A platform after "on" ("X", "Telegram").
    pub platform: bool,
    /// A channel noun after "in a" ("interview", "video").
    pub channel: bool,
}

/// A fast hasher for short ASCII keys (FxHash's multiply-rotate step).
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

/// All lists merged into one map.
pub struct Lexicon {
    words: HashMap<&'static str, WordInfo, FxBuild>,
}

fn lines(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Lexicon {
    fn build() -> Lexicon {
        let mut words: HashMap<&'static str, WordInfo, FxBuild> = HashMap::default();
        for line in lines(include_str!("../../data/statements/verbs.txt")) {
            let mut parts = line.split_whitespace();
            let class = match parts.next() {
                Some("say") => VerbClass::Say,
                Some("tell") => VerbClass::Tell,
                Some("deny") => VerbClass::Deny,
                Some("confirm") => VerbClass::Confirm,
                Some("think") => VerbClass::Think,
                Some("accuse") => VerbClass::Accuse,
                _ => continue,
            };
            for (k, form) in parts.enumerate() {
                let e = words.entry(form).or_default();
                if e.verb.is_none() {
                    e.verb = Some(class);
                    e.verb_base = k == 0 || (form.ends_with('s') && !form.ends_with("ss"));
                }
            }
        }
        let mut add = |src: &'static str, set: fn(&mut WordInfo)| {
            for w in lines(src) {
                set(words.entry(w).or_default());
            }
        };
        add(include_str!("../../data/statements/nouns.txt"), |e| {
            e.noun_cue = true
        });
        add(include_str!("../../data/statements/groups.txt"), |e| {
            e.group = true
        });
        add(include_str!("../../data/statements/roles.txt"), |e| {
            e.role = true
        });
        add(include_str!("../../data/statements/orgs.txt"), |e| {
            e.org = true
        });
        add(include_str!("../../data/statements/titles.txt"), |e| {
            e.title = true
        });
        add(include_str!("../../data/statements/mediums.txt"), |e| {
            e.platform = true
        });
        add(
            include_str!("../../data/statements/medium_nouns.txt"),
            |e| e.channel = true,
        );
        Lexicon { words }
    }

    /// Looks up a word, case-insensitively (the lists are lower-case ASCII). The
    /// `_buf` argument is kept for callers that reuse scratch space.
    pub fn get(&self, word: &str, _buf: &mut String) -> WordInfo {
        let bytes = word.as_bytes();
        if bytes.len() > 24 {
            return WordInfo::default();
        }
        if bytes.iter().any(u8::is_ascii_uppercase) {
            let mut low = [0u8; 24];
            for (d, s) in low.iter_mut().zip(bytes) {
                *d = s.to_ascii_lowercase();
            }
            match std::str::from_utf8(low.get(..bytes.len()).unwrap_or(&[])) {
                Ok(w) => self.words.get(w).copied().unwrap_or_default(),
                Err(_) => WordInfo::default(),
            }
        } else {
            self.words.get(word).copied().unwrap_or_default()
        }
    }
}

/// The shared lexicon.
pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(Lexicon::build)
}

/// Auxiliaries and adverbs that may sit between a subject and its reporting verb.
pub fn is_aux(w: &str) -> bool {
    matches!(
        w,
        "has"
            | "have"
            | "had"
            | "is"
            | "was"
            | "were"
            | "are"
            | "be"
            | "been"
            | "being"
            | "will"
            | "would"
            | "could"
            | "can"
            | "may"
            | "might"
            | "should"
            | "must"
            | "did"
            | "does"
            | "do"
            | "also"
            | "not"
            | "n't"
            | "never"
            | "already"
            | "previously"
            | "publicly"
            | "repeatedly"
            | "later"
            | "earlier"
            | "again"
            | "then"
            | "further"
            | "once"
            | "often"
            | "recently"
            | "reportedly"
            | "allegedly"
            | "now"
            | "just"
            | "still"
            | "even"
            | "first"
            | "separately"
            | "privately"
            | "openly"
            | "explicitly"
            | "frequently"
            | "long"
            | "since"
            | "all"
            | "both"
            | "too"
            | "indeed"
            | "used"
            | "to"
            | "going"
            | "shown"
            | "n’t"
            | "’ve"
            | "'ve"
            | "’d"
            | "'d"
            | "’ll"
            | "'ll"
            | "’re"
            | "'re"
            | "’m"
            | "'m"
    )
}

/// True for the finite auxiliaries that follow a clause's subject ("workers are", "the
/// ferry line has").
pub fn is_finite_aux(w: &str) -> bool {
    matches!(
        w,
        "has"
            | "have"
            | "had"
            | "is"
            | "was"
            | "were"
            | "are"
            | "will"
            | "would"
            | "could"
            | "can"
            | "may"
            | "might"
            | "should"
            | "must"
            | "did"
            | "does"
    )
}

/// True for auxiliaries proper (they join the cue when contiguous with the verb).
pub fn is_aux_verb(w: &str) -> bool {
    matches!(
        w,
        "has"
            | "have"
            | "had"
            | "is"
            | "was"
            | "were"
            | "are"
            | "be"
            | "been"
            | "being"
            | "will"
            | "would"
            | "could"
            | "can"
            | "may"
            | "might"
            | "should"
            | "must"
            | "did"
            | "does"
            | "do"
            | "used"
            | "to"
            | "shown"
    )
}

/// Nouns of time, lower case ("week", "minutes", "morning", "spring"): the head of a
/// time phrase ("A few minutes later", "this week"), never a speaker.
pub fn is_time_noun(w: &str) -> bool {
    matches!(
        w.strip_suffix('s').unwrap_or(w),
        "minute"
            | "hour"
            | "day"
            | "week"
            | "month"
            | "year"
            | "decade"
            | "season"
            | "moment"
            | "night"
            | "morning"
            | "afternoon"
            | "evening"
            | "weekend"
    ) || matches!(
        w,
        "century" | "spring" | "summer" | "fall" | "autumn" | "winter"
    )
}

/// Personal pronouns that can be a speaker.
pub fn pronoun(w: &str) -> Option<Pron> {
    Some(match w {
        "he" | "He" => Pron::He,
        "she" | "She" => Pron::She,
        "they" | "They" => Pron::They,
        "it" | "It" => Pron::It,
        "we" | "We" | "I" | "you" | "You" => Pron::Other,
        _ => return None,
    })
}

/// A pronoun's resolution class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pron {
    /// "he"
    He,
    /// "she"
    She,
    /// "they"
    They,
    /// "it"
    It,
    /// "I", "we", "you": not resolved.
    Other,
}

/// Determiners and possessives that open a description.
pub fn is_determiner(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "the"
            | "a"
            | "an"
            | "this"
            | "that"
            | "these"
            | "those"
            | "his"
            | "her"
            | "its"
            | "their"
            | "our"
            | "some"
            | "many"
            | "several"
            | "multiple"
            | "other"
            | "two"
            | "three"
            | "four"
            | "five"
            | "most"
            | "one"
            | "another"
            | "both"
            | "few"
            | "all"
            | "any"
            | "each"
            | "various"
            | "numerous"
    )
}

/// Function words that are never part of a name even when capitalised.
pub fn is_function_word(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "the"
            | "a"
            | "an"
            | "but"
            | "and"
            | "or"
            | "so"
            | "yet"
            | "in"
            | "on"
            | "at"
            | "of"
            | "for"
            | "to"
            | "with"
            | "by"
            | "from"
            | "as"
            | "if"
            | "when"
            | "while"
            | "after"
            | "before"
            | "since"
            | "because"
            | "however"
            | "meanwhile"
            | "still"
            | "also"
            | "earlier"
            | "later"
            | "last"
            | "this"
            | "that"
            | "these"
            | "those"
            | "there"
            | "here"
            | "then"
            | "now"
            | "instead"
            | "indeed"
            | "moreover"
            | "although"
            | "though"
            | "during"
            | "under"
            | "over"
            | "about"
            | "into"
            | "it"
            | "he"
            | "she"
            | "they"
            | "we"
            | "i"
            | "you"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "what"
            | "who"
            | "which"
            | "where"
            | "why"
            | "how"
            | "not"
            | "no"
            | "yes"
            | "speaking"
            | "asked"
            | "according"
            | "commenting"
            | "separately"
            | "finally"
            | "first"
            | "second"
            | "today"
            | "yesterday"
            | "tomorrow"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "both"
            | "all"
            | "some"
            | "many"
            | "even"
            | "only"
            | "just"
            | "despite"
            | "amid"
            | "until"
            | "unless"
            | "than"
            | "like"
            | "unlike"
            | "whether"
            | "nor"
            | "once"
            | "again"
            | "thus"
            | "hence"
            | "therefore"
            | "writing"
            | "said"
            | "says"
            | "told"
            | "is"
            | "was"
            | "has"
            | "had"
            | "have"
            | "be"
    )
}

/// Words that end a forward content span when a comma precedes them.
pub fn is_content_cut(w: &str) -> bool {
    matches!(
        w,
        "which"
            | "adding"
            | "according"
            | "citing"
            | "noting"
            | "saying"
            | "insisting"
            | "arguing"
            | "warning"
            | "claiming"
            | "stressing"
            | "explaining"
    )
}

/// Adverbs that stand between a subject and its verb without being a subject themselves
/// ("The two mayors together vowed", "which jointly said").
pub fn is_preverbal_adverb(w: &str) -> bool {
    matches!(w, "together" | "jointly" | "again" | "alone" | "too")
}
