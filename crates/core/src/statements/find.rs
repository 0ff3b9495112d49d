//! Finding cues and building statements around them: the speaker phrase, the content
//! span, and the statement kind.

use super::lexicon::{
    is_aux, is_aux_verb, is_content_cut, is_determiner, is_finite_aux, is_preverbal_adverb,
    lexicon, pronoun, VerbClass,
};
use super::np::{Np, NpKind, Toks};
use super::quotes::{self, Region};
use crate::doc::{Document, StatementKind};

/// A statement before speaker resolution and linking: token indices.
#[derive(Debug, Clone)]
pub struct Raw {
    /// The sentence index.
    pub sentence: usize,
    /// Cue tokens `cue.0..cue.1`.
    pub cue: (usize, usize),
    /// Content tokens `content.0..content.1` (marks of a direct quote excluded).
    pub content: (usize, usize),
    /// The speaker phrase, if any.
    pub speaker: Option<Np>,
    /// Inherit the speaker of the previous statement in the sentence ("…, adding that").
    pub inherit: bool,
    /// The verb class of the cue, when it is a verb.
    pub class: Option<VerbClass>,
    /// Direct, indirect or mixed.
    pub kind: StatementKind,
}

/// Nouns that take a "that" clause of their own ("the announcement that …", "amid reports
/// that …"): a "that" after one of them is not a reporting verb's.
fn that_noun(w: &str) -> bool {
    matches!(
        w,
        "announcement"
            | "news"
            | "report"
            | "reports"
            | "claim"
            | "claims"
            | "fact"
            | "idea"
            | "belief"
            | "hope"
            | "hopes"
            | "fear"
            | "fears"
            | "suggestion"
            | "sign"
            | "signs"
            | "evidence"
            | "word"
            | "assurance"
            | "assurances"
            | "indication"
            | "indications"
            | "speculation"
            | "rumors"
            | "rumours"
            | "allegation"
            | "allegations"
    )
}

/// A weekday or a day word ("Tuesday", "yesterday").
fn is_day_word(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "today"
            | "yesterday"
            | "tonight"
    )
}

/// "say", "tell" and "add" in their finite forms: the verbs of a trailing attribution
/// ("…, said Brian Baker", "…, she told reporters").
pub(crate) fn is_core_say(w: &str) -> bool {
    matches!(
        w,
        "said" | "says" | "say" | "told" | "tells" | "added" | "adds"
    )
}

/// Core speech verbs, reliable as cues without a "that" or a quotation.
fn strong(w: &str) -> bool {
    matches!(
        w,
        "say"
            | "said"
            | "says"
            | "saying"
            | "told"
            | "tell"
            | "tells"
            | "telling"
            | "claimed"
            | "claim"
            | "claiming"
            | "insisted"
            | "insist"
            | "insists"
            | "insisting"
            | "warned"
            | "warn"
            | "warns"
            | "warning"
            | "added"
            | "adding"
            | "argued"
            | "argue"
            | "argues"
            | "arguing"
            | "stated"
            | "wrote"
            | "writes"
            | "tweeted"
            // Only a cue in a quotation's tag (see `Finder::quote_tag`).
            | "continued"
            | "continues"
            | "announced"
            | "denied"
            | "denies"
            | "deny"
            | "accused"
            | "accuses"
            | "accusing"
            | "acknowledged"
            | "admitted"
            | "alleged"
            | "alleges"
            | "noted"
            | "notes"
            | "noting"
            | "explained"
            | "suggested"
            | "suggests"
            | "declared"
            | "stressed"
            | "emphasized"
            | "emphasised"
            | "asserted"
            | "predicted"
            | "confirmed"
            | "confirms"
            | "conceded"
            | "replied"
            | "responded"
            | "recalled"
            | "vowed"
            | "promised"
            | "urged"
            | "believes"
            | "believe"
            | "believed"
            | "thinks"
            | "think"
            | "signaled"
            | "signalled"
            | "reported"
            | "reports"
            | "described"
            | "describes"
            | "asked"
            | "rejected"
            | "dismissed"
            | "cautioned"
            | "testified"
            | "maintained"
            | "contended"
            | "complained"
            | "revealed"
            | "threatened"
    )
}

struct Sent {
    a: usize,
    b: usize,
}

/// The finder over one document.
pub struct Finder<'a> {
    /// Token access.
    pub t: Toks<'a>,
    regions: Vec<Region>,
    para_of: Vec<u32>,
}

impl<'a> Finder<'a> {
    /// Prepares the quotation regions of `doc`.
    pub fn new(doc: &'a Document) -> Finder<'a> {
        let n = doc.tokens.len();
        let mut para_of = vec![0u32; n];
        let mut para_first = Vec::with_capacity(doc.lines.len());
        let toks = doc.tokens.as_slice();
        let mut ti = 0usize;
        for (p, line) in doc.lines.iter().enumerate() {
            while ti < n && toks[ti].span.end <= line.span.start {
                ti += 1;
            }
            para_first.push(ti as u32);
            let mut j = ti;
            while j < n && toks[j].span.start < line.span.end {
                para_of[j] = p as u32;
                j += 1;
            }
            ti = j;
        }

        let regions = quotes::regions(doc, &para_of, &para_first);
        Finder {
            t: Toks { doc },
            regions,
            para_of,
        }
    }

    /// Extends a quoted statement over the quotations that continue it, in the same
    /// paragraph, right after its sentence and with no cue of their own
    /// ("“…,” he said. “…”"): one statement, as attribution corpora annotate it.
    pub fn continuations(&self, raws: &mut [Raw]) {
        let doc = self.t.doc;
        let sents = doc.sentences.as_slice();
        for n in 0..raws.len() {
            let raw = raws[n].clone();
            if raw.kind != StatementKind::Direct || (raw.speaker.is_none() && !raw.inherit) {
                continue;
            }
            let mut end = raw.content.1;
            let mut si = raw.sentence;
            while let Some(sent) = sents.get(si) {
                let next = sent.value.end_token as usize;
                // The same paragraph, or the next one when it is wholly a quotation.
                let (pn, pc) = (self.para_of.get(next), self.para_of.get(raw.cue.0));
                let next_para = pn.is_some() && pn.zip(pc).is_some_and(|(a, b)| *a == b + 1);
                if pn.is_none() || (pn != pc && !next_para) {
                    break;
                }
                // A `''` mark is two tokens; its region opens at the second.
                let pair = self.t.w(next) == "'" && self.t.w(next + 1) == "'";
                let Some(r) = quotes::opening_at(&self.regions, (next + usize::from(pair)) as u32)
                else {
                    break;
                };
                let close = r.close as usize;
                if !r.closed || self.para_of.get(close) != self.para_of.get(next) {
                    break;
                }
                // In the next paragraph, the quotation must fill the paragraph.
                if pn != pc
                    && (close + 1..close + 3)
                        .any(|q| self.t.is_word(q) && self.para_of.get(q) == pn)
                {
                    break;
                }
                // No other statement may have its cue in the continuation's sentences.
                let last = sents.partition_point(|x| (x.value.first_token as usize) <= close);
                let busy = raws
                    .iter()
                    .any(|x| x.cue.0 >= next && x.sentence < last && x.cue.0 != raw.cue.0);
                if busy {
                    break;
                }
                let start = r.open as usize + 1;
                let e = self.trim_back(start, close);
                if e <= start {
                    break;
                }
                end = e;
                si = last.saturating_sub(1);
            }
            if end > raw.content.1 {
                raws[n].content.1 = end;
            }
        }
    }

    /// The paragraph (line) index of token `i`.
    pub fn para(&self, i: usize) -> Option<u32> {
        self.para_of.get(i).copied()
    }

    fn lower(&self, i: usize) -> String {
        self.t.w(i).to_ascii_lowercase()
    }

    fn is_open(&self, i: usize) -> bool {
        quotes::opening_at(&self.regions, i as u32).is_some()
    }

    fn is_close(&self, i: usize) -> bool {
        quotes::closing_at(&self.regions, i as u32).is_some()
    }

    /// Finds the raw statements of sentence `si` (tokens `a..b`).
    pub fn sentence(&self, si: usize, a: usize, b: usize, out: &mut Vec<Raw>) {
        let s = Sent { a, b };
        let first = out.len();
        let mut buf = String::new();
        let mut deferred: Vec<(usize, Np)> = Vec::new();
        let mut i = a;
        while i < b {
            let w = self.t.w(i);
            if !self.t.is_word(i) {
                i += 1;
                continue;
            }
            if quotes::containing(&self.regions, i as u32).is_some() {
                i += 1;
                continue;
            }
            if w.eq_ignore_ascii_case("according") && self.t.w(i + 1) == "to" {
                self.according(si, &s, i, out);
                i += 2;
                continue;
            }
            if w.eq_ignore_ascii_case("reportedly") || w.eq_ignore_ascii_case("allegedly") {
                self.adverbial(si, &s, i, out);
                i += 1;
                continue;
            }
            let mut info = lexicon().get(w, &mut buf);
            // "made clear (that)": a multi-word cue.
            if matches!(w, "made" | "make" | "makes" | "making") && self.t.w(i + 1) == "clear" {
                info.verb = Some(VerbClass::Say);
            }
            // "“…,” she continued.": "continued" is a reporting verb only in the tag of a
            // quotation it follows.
            if info.verb.is_none()
                && matches!(w, "continued" | "continues")
                && (self.quote_tag(&s, i) || self.colon_paragraph(i + 1).is_some())
            {
                info.verb = Some(VerbClass::Say);
            }
            // A capitalised verb inside a sentence is a name, except in a title-case
            // headline ("Port Will Close, Mayor Says").
            let cap_inside = i > a && self.t.is_cap(i);
            if let Some(class) = info.verb.filter(|_| !cap_inside || self.title_case(a, b)) {
                let lw = w.to_ascii_lowercase();
                let before = out.len();
                if lw == "citing" {
                    if let Some(np) = self.citing(si, &s, i, first, out) {
                        deferred.push((i, np));
                    }
                } else {
                    self.verb(si, &s, i, class, &lw, info.verb_base, out);
                }
                // "media claims that …": a noun when no verb reading held.
                if out.len() == before && info.noun_cue {
                    self.nominal(si, &s, i, out);
                }
            } else if info.noun_cue {
                self.nominal(si, &s, i, out);
            }
            i += 1;
        }
        // Sources cited before their host statement.
        for (i, np) in deferred {
            let host = out
                .get(first..)
                .and_then(|h| h.iter().find(|r| r.cue.0 > i))
                .cloned();
            if let Some(host) = host {
                out.push(Raw {
                    cue: (i, i + 1),
                    speaker: Some(np),
                    inherit: false,
                    ..host
                });
            }
        }
    }

    /// Skips `that`, `:` and `,` at the start of content, and the object of "told".
    fn content_start(&self, s: &Sent, mut j: usize, class: VerbClass) -> usize {
        if class == VerbClass::Tell {
            // "told reporters", "told Reuters", "told the newspaper", "told him".
            if let Some(np) = self.t.np_forward(j, s.b) {
                if self.t.w(np.end) != "of" {
                    j = np.end;
                }
            }
            // "…, Carter told a Senate panel Wednesday.": only the addressee and an
            // adjunct follow, no reported clause.
            let rest: Vec<usize> = (j..s.b).filter(|&q| self.t.is_word(q)).collect();
            if rest.len() <= 6
                && !(j..s.b).any(|q| {
                    self.is_open(q)
                        || matches!(self.t.w(q), "that" | ":")
                        || is_finite_aux(&self.lower(q))
                        || matches!(
                            self.lower(q).as_str(),
                            "he" | "she" | "they" | "we" | "i" | "it"
                        )
                })
            {
                return s.b;
            }
        }
        // Adjuncts before "that": "said on Tuesday that", "said in an interview that";
        // not a complement ("agree to a ceasefire that").
        let first = self.lower(j);
        let adjunct_start = first == "that"
            || first.ends_with("ly")
            || is_day_word(&first)
            || matches!(
                first.as_str(),
                "in" | "on"
                    | "at"
                    | "during"
                    | "last"
                    | "this"
                    | "earlier"
                    | "later"
                    | ","
                    | "again"
                    | "also"
                    | "after"
                    | "before"
                    | "while"
                    | "when"
                    | "via"
                    | "through"
                    | "once"
                    | "late"
                    | "recently"
                    | "privately"
                    | "publicly"
                    | "then"
                    | "now"
                    | "too"
                    | "as"
            )
            || class == VerbClass::Tell;
        if let Some(c) = self.time_then_clause(s, j) {
            return c;
        }
        let mut k = if adjunct_start { j } else { s.b };
        let mut skipped = 0;
        while k < s.b && k - j - skipped < 14 {
            let w = self.t.w(k);
            // "said, just before the announcement that …": a noun's complement, not the
            // verb's.
            if w == "that"
                && k > j
                && (that_noun(&self.lower(k - 1))
                    || k > j + 1
                        && is_day_word(&self.lower(k - 1))
                        && that_noun(&self.lower(k - 2)))
            {
                k += 1;
                continue;
            }
            if w == "that" {
                return k + 1;
            }
            // A quoted title in the adjunct: "said on ABC's “This Week” that".
            if let Some(r) = quotes::opening_at(&self.regions, k as u32) {
                let close = r.close as usize;
                if r.closed && close > k + 1 && close - k <= 10 && self.t.is_cap(k + 1) {
                    skipped += close + 1 - k;
                    k = close + 1;
                    continue;
                }
            }
            // "said in a statement: “…”": the quotation after the colon.
            if w == ":" && self.is_open(k + 1) {
                return k + 1;
            }
            if !self.t.is_word(k) && w != "," && w != "-" && !self.t.is_poss(k) {
                break;
            }
            if self.is_open(k) {
                break;
            }
            // A new clause: "…, though that in fact means nothing".
            if matches!(
                self.lower(k).as_str(),
                "though" | "although" | "but" | "because" | "whereas" | "unless" | "if"
            ) {
                break;
            }
            let mut buf = String::new();
            if lexicon().get(w, &mut buf).verb.is_some() && k > j {
                break;
            }
            // "said, before clarifying that …": a participle after a subordinator opens a
            // clause of its own, with its own "that".
            if k > j
                && self.lower(k).ends_with("ing")
                && matches!(
                    self.lower(k - 1).as_str(),
                    "before" | "after" | "while" | "when" | "by" | "without" | "since"
                )
            {
                break;
            }
            k += 1;
        }
        while j < s.b && matches!(self.t.w(j), ":" | "," | "—" | "–") {
            j += 1;
        }
        if self.t.w(j) == "that" {
            j += 1;
        }
        j
    }

    /// The end of a time phrase that opens at `j` ("on Tuesday", "on Tuesday night",
    /// "last week", "earlier this month", "yesterday"), when a clause follows it: it opens
    /// with a determiner, a personal pronoun or a capitalised word ("said on Tuesday the
    /// bridge would …"). `None` otherwise.
    fn time_then_clause(&self, s: &Sent, j: usize) -> Option<usize> {
        let mut q = j;
        if matches!(
            self.lower(q).as_str(),
            "on" | "earlier" | "later" | "early" | "late"
        ) {
            q += 1;
        }
        if is_day_word(&self.lower(q)) {
            q += 1;
            if matches!(
                self.lower(q).as_str(),
                "morning" | "afternoon" | "evening" | "night"
            ) {
                q += 1;
            }
        } else if matches!(self.lower(q).as_str(), "last" | "this" | "next")
            && self.time_noun(q + 1)
        {
            q += 2;
        } else {
            return None;
        }
        let w = self.lower(q);
        let opens = q < s.b
            && self.t.is_word(q)
            && (is_determiner(&w)
                || matches!(w.as_str(), "he" | "she" | "they" | "it" | "we" | "i")
                || self.t.is_cap(q));
        (opens && w != "that").then_some(q)
    }

    /// The forward content from token `j`: to the sentence end, a cut (", which",
    /// ", adding"), or, for a quotation that opens here, its closing mark.
    fn content_forward(&self, s: &Sent, j: usize) -> Option<(usize, usize, StatementKind)> {
        if j >= s.b {
            return None;
        }
        // A subordinate clause or a participle of the narrator is no content ("said when
        // she resigned", "said, referring to …").
        let first = self.lower(j);
        // After "that" it opens the reported clause ("said that while …, …").
        let after_that = j > 0 && self.t.w(j - 1).eq_ignore_ascii_case("that");
        if !after_that
            && matches!(
                first.as_str(),
                "when" | "after" | "before" | "until" | "because" | "while" | "since"
            )
            || (first.ends_with("ing") && j > 0 && self.t.w(j - 1) == "," && !self.t.is_cap(j))
        {
            return None;
        }
        if let Some(r) = quotes::opening_at(&self.regions, self.pair_open(j) as u32) {
            let j = r.open as usize;
            let close = r.close as usize;
            // What follows the closing mark: only punctuation or a new clause → direct.
            let mut k = close + 1;
            while k < s.b && !self.t.is_word(k) {
                k += 1;
            }
            if close >= s.b || k >= s.b || matches!(self.t.w(k - 1), "," | "–" | "—" | ";" | ":")
            {
                let end = self.trim_back(j + 1, close);
                return (end > j + 1).then_some((j + 1, end, StatementKind::Direct));
            }
        }
        let mut e = s.b;
        let mut k = j;
        while k < s.b {
            if let Some(r) = quotes::opening_at(&self.regions, k as u32) {
                // A quotation running past the sentence extends the content.
                if r.close as usize >= s.b {
                    e = r.close as usize + usize::from(r.closed);
                    break;
                }
                k = r.close as usize;
                if k <= j {
                    k = j + 1;
                }
                let next = self.lower(k + 1);
                if self.t.w(k - 1) == ","
                    && (is_content_cut(&next)
                        || matches!(next.as_str(), "and" | "but")
                            && self.clause_subject(k + 2, s.b))
                {
                    e = k;
                    break;
                }
                k += 1;
                continue;
            }
            let w = self.t.w(k);
            // ",” adding": a cut right after a quotation that ends with a comma.
            if k > j + 1 && self.is_close(k) && self.t.w(k - 1) == "," {
                let next = self.lower(k + 1);
                if is_content_cut(&next) {
                    e = k;
                    break;
                }
            }
            // "said as much in an interview": a channel phrase ends the content.
            if k > j + 1
                && matches!(w, "in" | "during")
                && matches!(self.lower(k + 1).as_str(), "a" | "an")
            {
                let mut buf = String::new();
                if (k + 2..k + 4).any(|q| lexicon().get(self.t.w(q), &mut buf).channel) {
                    e = k;
                    break;
                }
            }
            // "… and insisted that …": a second cue coordinated with the first.
            if k > j + 2 && matches!(w, "and" | "but" | "yet") && self.coordinated_cue(k + 1, s.b) {
                e = k;
                break;
            }
            if (w == "," || w == "—" || w == "–" || w == ";") && k > j {
                let next = self.lower(k + 1);
                // "said the pipeline, which Republicans support, would fail": a relative
                // clause inside the content, whose predicate follows it.
                if w == "," && next == "which" {
                    if let Some(c2) = self.embedded_relative_end(k + 2, s.b) {
                        k = c2 + 1;
                        continue;
                    }
                }
                if is_content_cut(&next)
                    || matches!(next.as_str(), "though" | "although" | "whereas")
                    || (matches!(next.as_str(), "while" | "when")
                        && self.lower(k + 2).ends_with("ing")
                        && self.cue_like(k + 2))
                    || (next == "while" && (k + 2..s.b.min(k + 8)).any(|q| strong(&self.lower(q))))
                    || self.trailer_at(k + 1, s.b)
                {
                    e = k;
                    break;
                }
                if w == ";" {
                    e = k;
                    break;
                }
                // ", and the plan has …": a coordinated clause with its own subject is
                // the narrator's again.
                if w == ","
                    && matches!(next.as_str(), "and" | "but")
                    && self.clause_subject(k + 2, s.b)
                {
                    e = k;
                    break;
                }
            }
            k += 1;
        }
        let end = self.trim_back(j, e);
        if end <= j {
            return None;
        }
        let kind = self.kind_of(j, end);
        Some((j, end, kind))
    }

    /// The comma that closes a relative clause starting at `i` (after ", which") when a
    /// predicate follows it: a finite auxiliary or a verb in the past ("…, which critics
    /// oppose, would fail"), within 25 tokens and outside quotations.
    fn embedded_relative_end(&self, i: usize, b: usize) -> Option<usize> {
        let c2 = (i..b.min(i + 25))
            .take_while(|&q| quotes::containing(&self.regions, q as u32).is_none())
            .find(|&q| self.t.w(q) == ",")?;
        is_finite_aux(&self.lower(c2 + 1)).then_some(c2)
    }

    /// A strong reporting verb at `i`, after optional adverbs, with a complement.
    fn coordinated_cue(&self, mut i: usize, b: usize) -> bool {
        while i < b && self.lower(i).ends_with("ly") {
            i += 1;
        }
        let w = self.lower(i);
        strong(&w)
            && !w.ends_with("ing")
            && (matches!(self.lower(i + 1).as_str(), "that" | ":" | "“" | "\"")
                // "… and said she would …": a subject pronoun opens the new content.
                // So does a determiner or a name ("… and said the port would close").
                || matches!(w.as_str(), "said" | "added" | "insisted" | "argued" | "noted")
                    && (matches!(self.lower(i + 1).as_str(), "he" | "she" | "they" | "we" | "i")
                        || is_determiner(&self.lower(i + 1))
                        || self.t.is_cap(i + 1))
                // "… and told reporters …", "… and warned Pyongyang to …".
                || matches!(w.as_str(), "told" | "warned" | "urged"))
            // "… and called for …".
            || matches!(w.as_str(), "called" | "calls")
                && matches!(self.lower(i + 1).as_str(), "for" | "on")
            // Any reporting verb in the past with a clause or an object it judges: "…, but
            // lamented that …", "… and criticized him for …".
            || w.ends_with("ed")
                && lexicon().get(&w, &mut String::new()).verb.is_some()
                && (matches!(self.lower(i + 1).as_str(), "that" | ":" | "“" | "\"")
                    || matches!(self.lower(i + 1).as_str(), "him" | "her" | "them")
                        && matches!(self.lower(i + 2).as_str(), "for" | "as" | "of"))
    }

    /// "…, X said (on Tuesday)." or "…, said X." starting at `i`: a trailing attribution.
    fn trailer_at(&self, i: usize, b: usize) -> bool {
        let tail_ok = |mut q: usize| {
            // Only a short adjunct may follow.
            let words = (q..b).filter(|&x| self.t.is_word(x)).count();
            while q < b && !self.t.is_word(q) {
                q += 1;
            }
            q >= b
                || (words <= 8
                    && matches!(
                        self.lower(q).as_str(),
                        "on" | "in"
                            | "at"
                            | "during"
                            | "last"
                            | "earlier"
                            | "this"
                            | "late"
                            | "told"
                            | "adding"
                            | "citing"
                            | "according"
                            | "while"
                            | "after"
                            | "before"
                            | "when"
                    ))
        };
        if strong(&self.lower(i)) {
            return self
                .t
                .np_forward(i + 1, b)
                .is_some_and(|np| tail_ok(np.end));
        }
        let mut q = i;
        while q < b
            && q - i < 12
            && (self.t.is_word(q) || self.t.is_poss(q))
            && !strong(&self.lower(q))
        {
            q += 1;
        }
        if q == i || q >= b || !strong(&self.lower(q)) || self.lower(q).ends_with("ing") {
            return false;
        }
        let mut v = q;
        while v > i + 1
            && (is_aux(&self.lower(v - 1))
                || self.lower(v - 1).ends_with("ly") && !self.t.is_cap(v - 1))
        {
            v -= 1;
        }
        self.t
            .np_back(v - 1, i)
            .is_some_and(|np| np.start <= i + 1 && np.kind != NpKind::Desc || np.start == i)
            && tail_ok(q + 1)
    }

    /// Drops trailing punctuation tokens from `a..e` (a closing mark stays when its
    /// quotation opened inside the span).
    fn trim_back(&self, a: usize, mut e: usize) -> usize {
        while e > a {
            let w = self.t.w(e - 1);
            if self.t.is_word(e - 1) {
                break;
            }
            // "‘megafone diplomacy.’": a single closing mark after transposed punctuation.
            if matches!(w, "’" | "'") && e >= a + 2 && matches!(self.t.w(e - 2), "." | ",") {
                e -= 2;
                continue;
            }
            if self.is_close(e - 1) {
                let r = quotes::closing_at(&self.regions, (e - 1) as u32);
                if r.is_some_and(|r| r.open as usize >= a) && !matches!(self.t.w(e - 2), "," | ".")
                {
                    break;
                }
                e -= 1;
                continue;
            }
            if matches!(
                w,
                "." | "," | ";" | ":" | "—" | "–" | "-" | "(" | "…" | "'" | "`"
            ) {
                e -= 1;
                continue;
            }
            break;
        }
        e
    }

    /// Mixed when the content holds a quotation mark, else indirect.
    fn kind_of(&self, a: usize, e: usize) -> StatementKind {
        if self.t.w(a).is_empty() {
            return StatementKind::Indirect;
        }
        for k in a..e {
            if quotes::mark(self.t.doc, k).is_some()
                || (quotes::is_single(self.t.doc, k) && !self.t.is_word(k))
            {
                return StatementKind::Mixed;
            }
        }
        StatementKind::Indirect
    }

    /// The content before a trailing "…, X said": from the sentence start (or the
    /// opening mark of a quotation that ends at `e`) to `e`.
    fn content_backward(&self, s: &Sent, e: usize) -> Option<(usize, usize, StatementKind)> {
        let mut e = e;
        while e > s.a && matches!(self.t.w(e - 1), "," | "—" | "–" | ":") && !self.t.is_word(e - 1)
        {
            e -= 1;
        }
        // "“…,” he said": the quotation, maybe opened in an earlier sentence.
        if e > s.a && self.is_close(e - 1) {
            if let Some(r) = quotes::closing_at(&self.regions, (e - 1) as u32) {
                let open = r.open as usize;
                if open <= s.a || (open >= s.a && self.only_lead(s.a, open)) {
                    let end = self.trim_back(open + 1, e - 1);
                    return (end > open + 1).then_some((open + 1, end, StatementKind::Direct));
                }
                // A quotation after other words: mixed content from the sentence start.
                let end = self.trim_back(s.a, e);
                return (end > s.a).then_some((s.a, end, StatementKind::Mixed));
            }
        }
        let mut a = s.a;
        // A dateline ("WASHINGTON —") is no part of the content.
        if self.t.w(a).len() > 2
            && self
                .t
                .w(a)
                .chars()
                .all(|c| c.is_uppercase() || !c.is_alphabetic())
        {
            let mut d = a + 1;
            while d < e
                && self.t.is_cap(d)
                && self
                    .t
                    .w(d)
                    .chars()
                    .all(|c| c.is_uppercase() || !c.is_alphabetic())
            {
                d += 1;
            }
            if matches!(self.t.w(d), "―" | "—" | "–" | "-" | "--") {
                a = d + 1;
                if self.t.w(a) == "-" {
                    a += 1;
                }
            }
        }
        // After a dash or semicolon, the attributed clause starts there.
        if let Some(d) = (s.a..e)
            .rev()
            .find(|&q| matches!(self.t.w(q), "–" | "—" | ";") && !self.t.is_word(q))
        {
            if (d + 1..e).filter(|&q| self.t.is_word(q)).count() >= 4
                && quotes::containing(&self.regions, d as u32).is_none()
            {
                a = d + 1;
            }
        }
        // Skip a leading conjunction.
        if matches!(self.lower(a).as_str(), "but" | "and" | "yet") {
            a += 1;
        }
        let end = self.trim_back(a, e);
        if end <= a {
            return None;
        }
        let mut a2 = a;
        while a2 < end && !self.t.is_word(a2) && !self.is_open(a2) {
            a2 += 1;
        }
        // A participial frame ("Speaking to students, …") is no content.
        if self.lower(a2).ends_with("ing")
            && self.t.is_cap(a2)
            && (a2..end).all(|q| self.t.w(q) != ",")
        {
            return None;
        }
        // A prepositional frame ("In a press release earlier this month, …") or a
        // dateline ("WASHINGTON, June 10 (UPI) —") is no content either.
        let words: Vec<usize> = (a2..end).filter(|&q| self.t.is_word(q)).collect();
        let frame = matches!(
            self.lower(a2).as_str(),
            "in" | "at" | "on" | "during" | "after" | "before" | "with" | "from" | "under"
        ) && words.len() <= 10
            && (a2..end).all(|q| self.t.w(q) != "," && !is_finite_aux(&self.lower(q)));
        let dateline = words.len() <= 6
            && self.t.w(a2).len() > 2
            && self
                .t
                .w(a2)
                .chars()
                .all(|c| c.is_uppercase() || !c.is_alphabetic())
            && words
                .iter()
                .all(|&q| self.t.is_cap(q) || self.t.w(q).chars().all(|c| c.is_ascii_digit()));
        if frame || dateline {
            return None;
        }
        let kind = self.kind_of(a2, end);
        Some((a2, end, kind))
    }

    /// The content around a parenthetical cue "…, <speaker> <cue>, …" whose speaker
    /// phrase starts at `np_lo` and whose cue ends at `ce`: from the content before the
    /// speaker to the end of the sentence. `None` when the cue is not set off by commas
    /// on both sides, when what follows is a phrase about the saying ("…, he said, in an
    /// interview", "…, she said, adding …") or a quotation, or when the text before the
    /// speaker is a quotation (handled as a split quotation).
    fn parenthetical(
        &self,
        s: &Sent,
        np_lo: usize,
        ce: usize,
        inverted: bool,
    ) -> Option<(usize, usize, StatementKind)> {
        if np_lo <= s.a || self.t.w(np_lo - 1) != "," || self.t.w(ce) != "," {
            return None;
        }
        let nx = ce + 1;
        if nx >= s.b || !self.t.is_word(nx) {
            return None;
        }
        let w = self.lower(nx);
        // After an inverted speaker, an apposition to it ("…, said Brian Baker, a
        // longtime adviser").
        if inverted
            && (is_determiner(&w) || matches!(w.as_str(), "his" | "her" | "its" | "their") || {
                let info = lexicon().get(&w, &mut String::new());
                info.role || info.title
            })
        {
            return None;
        }
        // A participle about the saying ("adding", "speaking to …"), not a gerund that
        // opens the rest of the sentence ("replacing Clinton would be …").
        let about_saying = w.ends_with("ing")
            && (lexicon().get(&w, &mut String::new()).verb.is_some()
                || matches!(
                    w.as_str(),
                    "speaking" | "talking" | "writing" | "referring" | "addressing" | "appearing"
                ));
        if about_saying
            || matches!(
                w.as_str(),
                "in" | "on"
                    | "at"
                    | "during"
                    | "according"
                    | "as"
                    | "who"
                    | "which"
                    | "while"
                    | "when"
                    | "after"
                    | "before"
                    | "to"
                    | "with"
                    | "without"
                    | "for"
                    | "from"
            )
        {
            return None;
        }
        let back = self.content_backward(s, np_lo)?;
        if back.2 == StatementKind::Direct || back.1 + 1 < np_lo.saturating_sub(1) {
            return None;
        }
        let end = self.trim_back(nx, s.b);
        if end <= nx {
            return None;
        }
        Some((back.0, end, self.kind_of(back.0, end)))
    }

    /// When the token at `ce` is a colon that ends its paragraph, the next paragraph as
    /// content: the quotation it holds when it is one quotation (direct), else its text.
    fn colon_paragraph(&self, ce: usize) -> Option<(usize, usize, StatementKind)> {
        if self.t.w(ce) != ":" {
            return None;
        }
        let p = *self.para_of.get(ce)?;
        let start = ce + 1;
        if self.para_of.get(start).copied() != Some(p + 1) {
            return None;
        }
        let mut end = start;
        while self.para_of.get(end).copied() == Some(p + 1) {
            end += 1;
        }
        if let Some(r) = quotes::opening_at(&self.regions, start as u32) {
            let close = r.close as usize;
            if r.closed && (close + 1..end).all(|q| !self.t.is_word(q)) {
                let e = self.trim_back(start + 1, close);
                return (e > start + 1).then_some((start + 1, e, StatementKind::Direct));
            }
        }
        let e = self.trim_back(start, end);
        (e > start).then(|| (start, e, self.kind_of(start, e)))
    }

    /// True when the verb at `i` closes a quotation's tag: the quotation, then only the
    /// speaker phrase before the verb ("“…,” she continued").
    fn quote_tag(&self, s: &Sent, i: usize) -> bool {
        i > s.a
            && self
                .t
                .np_back(i - 1, s.a)
                .is_some_and(|np| np.end == i && np.start > s.a && self.is_close(np.start - 1))
    }

    /// True when only punctuation or nothing lies in `a..open`.
    fn only_lead(&self, a: usize, open: usize) -> bool {
        (a..open).all(|k| !self.t.is_word(k))
    }

    /// A verb cue at token `i`.
    #[allow(clippy::too_many_arguments, reason = "one call site, all plain values")]
    fn verb(
        &self,
        si: usize,
        s: &Sent,
        i: usize,
        class: VerbClass,
        lw: &str,
        base: bool,
        out: &mut Vec<Raw>,
    ) {
        let prev = if i > s.a {
            self.lower(i - 1)
        } else {
            String::new()
        };
        // A determiner or possessive before it makes it a noun ("the report", "his claims").
        if i > s.a
            && (matches!(
                prev.as_str(),
                "the"
                    | "a"
                    | "an"
                    | "his"
                    | "her"
                    | "its"
                    | "their"
                    | "our"
                    | "my"
                    | "your"
                    | "this"
                    | "these"
                    | "those"
                    | "so-called"
                    | "no"
                    | "every"
                    | "each"
            ) || self.t.is_poss(i - 1))
        {
            return;
        }
        // "Rust Belt states that have suffered": a plural noun with a relative clause, not a
        // verb with its complement.
        if matches!(
            lw,
            "states"
                | "claims"
                | "reports"
                | "calls"
                | "notes"
                | "promises"
                | "demands"
                | "pledges"
                | "vows"
                | "charges"
                | "orders"
        ) && self.lower(i + 1) == "that"
            && is_finite_aux(&self.lower(i + 2))
        {
            return;
        }
        let ing = lw.ends_with("ing");
        if self.anonymity_request(i) {
            return;
        }
        if lw == "asked" && self.asked_question(si, s, i, class, out) {
            return;
        }
        // "too early to tell", "refused to say": an infinitive is no statement; nor is
        // one with an adverb ("taught to never question").
        if prev == "to" && i >= s.a + 2 && !matches!(self.lower(i - 2).as_str(), "used" | "going") {
            return;
        }
        if i >= s.a + 2
            && self.lower(i - 2) == "to"
            && (matches!(prev.as_str(), "never" | "not" | "always" | "also" | "even")
                || prev.ends_with("ly"))
        {
            return;
        }
        // Cue span: the verb with contiguous auxiliaries, and a particle ("pointed out",
        // "made clear").
        let mut cs = i;
        while cs > s.a && is_aux_verb(&self.lower(cs - 1)) {
            cs -= 1;
        }
        let mut ce = i + 1;
        if matches!(self.t.w(ce), "out" | "up") && lw.starts_with("point") {
            ce += 1;
        }
        if lw.starts_with("ma") && self.t.w(ce) == "clear" {
            ce += 1;
        }
        // Passive: "was reported by", "is accused of".
        let passive = matches!(prev.as_str(), "is" | "was" | "were" | "are" | "been" | "be");
        if passive && !matches!(lw, "accused" | "alleged" | "shown" | "quoted" | "seen") {
            return;
        }
        if self.t.w(ce) == "by" {
            return;
        }
        // Complements that make it no speech act: "insist on", "agree to".
        let next = self.lower(ce);
        let call_like =
            lw.starts_with("call") || lw.starts_with("describ") || lw.starts_with("dub");
        let prep_next = matches!(
            next.as_str(),
            "on" | "in"
                | "at"
                | "with"
                | "by"
                | "from"
                | "to"
                | "into"
                | "up"
                | "down"
                | "off"
                | "over"
                | "out"
                | "back"
        ) && !(call_like && matches!(next.as_str(), "for" | "on"));
        // The subject: skip adverbs and auxiliaries leftwards.
        let mut k = cs;
        // A capitalised "-ly" word is a name ("Schlafly said"), not an adverb.
        while k > s.a
            && (is_aux(&self.lower(k - 1))
                || self.lower(k - 1).ends_with("ly") && !self.t.is_cap(k - 1)
                || is_preverbal_adverb(&self.lower(k - 1)))
            && self.t.is_word(k - 1)
        {
            k -= 1;
        }
        // "Prague International Radio (PIR) reported": step over the bracket.
        if k > s.a + 2 && self.t.w(k - 1) == ")" {
            if let Some(o) = (k.saturating_sub(7).max(s.a)..k - 1)
                .rev()
                .find(|&q| self.t.w(q) == "(")
            {
                if o > s.a && self.t.is_word(o - 1) {
                    k = o;
                }
            }
        }
        let strong = strong(lw) || (lw.starts_with("ma") && self.t.w(i + 1) == "clear");
        // "called for X", "called on Y to …": the preposition is no part of the content.
        let ce2 = if call_like && matches!(next.as_str(), "for" | "on") {
            ce + 1
        } else {
            ce
        };
        // "promised to take bold action", "has vowed to soldier on": a commitment's
        // infinitive is its content.
        let commitment = (lw.starts_with("promis")
            || lw.starts_with("vow")
            || lw.starts_with("pledg")
            || lw.starts_with("threaten"))
            && next == "to"
            && self.t.is_word(ce + 1)
            && !self.t.is_cap(ce + 1)
            && !is_determiner(&self.lower(ce + 1))
            && pronoun(self.t.w(ce + 1)).is_none();
        let after = if commitment {
            ce
        } else {
            self.content_start(s, ce2, class)
        };
        let has_that = after > ce && self.t.w(after - 1) == "that";
        let quote_next = self.is_open(after) || (self.t.w(ce) == ":" && after > ce);
        // "insist on", "agree to": no proposition follows.
        let prep_only = prep_next
            && !has_that
            && !quote_next
            && !commitment
            && self.time_then_clause(s, ce).is_none();
        let coordinated =
            k > s.a && matches!(self.lower(k - 1).as_str(), "and" | "but" | "yet" | "or");
        // Participial cue after a comma: ", adding that …", ", saying …"; a coordinated
        // verb: "… and insisted that …".
        // "– while acknowledging that …": a subordinator before the participle.
        let kk = if ing
            && k > s.a + 1
            && matches!(
                self.lower(k - 1).as_str(),
                "while" | "when" | "before" | "after" | "by"
            ) {
            k - 1
        } else {
            k
        };
        let after_comma = kk > s.a
            && (matches!(self.t.w(kk - 1), "," | "—" | "–")
                || (self.is_close(kk - 1) && self.t.w(self.before_close(kk - 1)) == ","));
        // "… responded by saying …": the means of the sentence subject's act.
        let by_ing = k > s.a + 1
            && self.lower(k - 1) == "by"
            && matches!(
                lw,
                "saying" | "arguing" | "insisting" | "claiming" | "noting" | "warning"
            );
        // "… released a statement saying …", "… responded on Facebook writing …": the
        // channel is no speaker, the sentence subject is.
        let channel_before = ing && k > s.a && {
            let info = lexicon().get(self.t.w(k - 1), &mut String::new());
            info.channel || info.platform
        };
        if (ing && (after_comma || by_ing || channel_before) || coordinated && !ing) && !passive {
            let Some(c) = self.content_forward(s, after) else {
                return;
            };
            if !(strong || has_that || quote_next) || !self.substantial(c) || prep_only {
                return;
            }
            out.push(Raw {
                sentence: si,
                cue: (cs, ce),
                content: (c.0, c.1),
                speaker: None,
                inherit: true,
                class: Some(class),
                kind: c.2,
            });
            return;
        }
        let mut subject = if k > s.a {
            self.subject_before(s, k - 1)
                .or_else(|| self.subject_far(s, k - 1))
        } else {
            None
        };
        // "Sanders on Tuesday said": a day between the subject and the verb.
        if subject.is_none() && k > s.a + 1 {
            let mut d = k - 1;
            if is_day_word(&self.lower(d)) {
                if d > s.a + 1 && matches!(self.lower(d - 1).as_str(), "on" | "late" | "early") {
                    d -= 1;
                }
                subject = self.subject_before(s, d - 1);
            }
        }
        // "Wells Fargo this month announced": a time phrase is no subject.
        if let Some((np, lo)) = subject {
            let head = self.lower(np.head);
            let temporal = is_day_word(&head)
                || matches!(
                    head.as_str(),
                    "month"
                        | "week"
                        | "year"
                        | "day"
                        | "morning"
                        | "afternoon"
                        | "evening"
                        | "night"
                        | "weekend"
                        | "earlier"
                        | "later"
                        | "ago"
                        | "time"
                );
            if temporal && lo > s.a {
                // "Sanders on Tuesday said": step over the preposition too, and over the
                // day before a part of it ("on Thursday evening said").
                let mut lo = lo;
                if lo > s.a + 1 && is_day_word(&self.lower(lo - 1)) {
                    lo -= 1;
                }
                if lo > s.a + 1
                    && matches!(
                        self.lower(lo - 1).as_str(),
                        "on" | "in" | "at" | "late" | "early"
                    )
                {
                    lo -= 1;
                }
                subject = self.subject_before(s, lo - 1);
            }
        }
        // "officials have on numerous occasions described": step over the phrase.
        if let Some((_, lo)) = subject {
            if lo > s.a + 1
                && matches!(
                    self.lower(lo - 1).as_str(),
                    "on" | "in" | "at" | "for" | "over" | "during" | "since"
                )
            {
                let mut k2 = lo - 1;
                while k2 > s.a && is_aux(&self.lower(k2 - 1)) && self.t.is_word(k2 - 1) {
                    k2 -= 1;
                }
                if k2 < lo - 1 {
                    subject = self.subject_before(s, k2 - 1);
                }
            }
        }
        // Inverted: "“…,” said Lavrov", "…, said the minister".
        let trailer = k > s.a
            && (self.t.w(k - 1) == ","
                || self.is_close(k - 1)
                    && matches!(self.t.w(self.before_close(k - 1)), "," | "?" | "!"));
        if subject.is_none() && trailer {
            let Some(np) = self.t.np_forward(ce, s.b) else {
                return;
            };
            // "…, say they will vote": a pronoun or name followed by its own verb is the
            // subject of the complement, not an inverted speaker.
            let next = self.lower(np.end);
            if np.end < s.b
                && self.t.is_word(np.end)
                && !matches!(
                    next.as_str(),
                    "in" | "on"
                        | "at"
                        | "during"
                        | "after"
                        | "before"
                        | "when"
                        | "while"
                        | "of"
                        | "and"
                        | "to"
                        | "last"
                        | "this"
                        | "earlier"
                        | "later"
                        // "…,” said one source who saw the report": a relative clause
                        // after the speaker.
                        | "who"
                        | "whose"
                        | "whom"
                )
                && !is_day_word(&next)
            {
                return;
            }
            let Some(c) = self.content_backward(s, k) else {
                return;
            };
            // "The contrast, said Doyle, would be clear": the whole sentence (not for
            // "The program, called EB-5, allows …", a name rather than a statement).
            let c = if c.2 == StatementKind::Direct || class != VerbClass::Say || call_like {
                c
            } else {
                self.parenthetical(s, k, np.end, true).unwrap_or(c)
            };
            let c = self.merge_following_quote(c, np.end, s);
            out.push(Raw {
                sentence: si,
                cue: (cs, ce),
                content: (c.0, c.1),
                speaker: Some(np),
                inherit: false,
                class: Some(class),
                kind: c.2,
            });
            return;
        }
        // "“…?” asked Lavrov.": the sentence split after the quotation's question mark.
        if subject.is_none() && k == s.a && strong {
            if let (Some(np), Some(c)) = (self.t.np_forward(ce, s.b), self.quote_before(s.a, false))
            {
                out.push(Raw {
                    sentence: si,
                    cue: (cs, ce),
                    content: (c.0, c.1),
                    speaker: Some(np),
                    inherit: false,
                    class: Some(class),
                    kind: c.2,
                });
                return;
            }
        }
        let Some((np, np_lo)) = subject else {
            // No subject: participles at the sentence start and bare verbs are not cues.
            return;
        };
        if base
            && !ing
            && np.kind == NpKind::Desc
            && class != VerbClass::Think
            && !strong
            && !has_that
        {
            return;
        }
        if matches!(class, VerbClass::Think) && !has_that && !quote_next && lw != "believes" {
            // Cognition verbs need an explicit complement clause.
            if !(matches!(lw, "see" | "sees") && self.t.w(i + 1) == "it") {
                return;
            }
        }
        if matches!(self.lower(np.start).as_str(), "as") {
            return;
        }
        // Content: forward when the verb has a complement, else the text before the
        // subject ("…, X said").
        let before_subject = np_lo > s.a
            && (matches!(self.t.w(np_lo - 1), "," | "—" | "–" | ":") || self.is_close(np_lo - 1));
        // "…, she said after reading …": an adjunct, not a complement.
        let adjunct_after = before_subject && !has_that && !quote_next && self.adjunct_word(after);
        // "“…,” she said at a rally on Friday": after a quotation closed by a comma (or
        // "?", "!") right before the subject, what follows the verb is an adjunct.
        let quote_frame = before_subject
            && self.is_close(np_lo - 1)
            && matches!(self.t.w(self.before_close(np_lo - 1)), "," | "?" | "!")
            && !has_that
            && !quote_next
            && !matches!(self.t.w(after), "'" | "\"" | "“" | "‘");
        let frame_quote = if np_lo == s.a && strong && !has_that && !quote_next {
            // "“…?” Fry said, looking on": the sentence split after the question mark.
            self.quote_before(s.a, false)
        } else if quote_frame && (strong || class == VerbClass::Say) {
            // "“…,” she joked": in a quotation's tag any speech verb reports it.
            self.content_backward(s, np_lo)
                .filter(|c| {
                    c.2 == StatementKind::Direct
                        && c.0 > 0
                        && self.para_of.get(c.0 - 1) == self.para_of.get(i)
                })
                .map(|c| self.merge_following_quote(c, ce, s))
        } else {
            None
        };
        let fwd = if frame_quote.is_some() {
            frame_quote
        } else if after < s.b
            && !adjunct_after
            // After "that" a clause follows, whatever its first word ("said that this
            // time is different").
            && (has_that || commitment || !self.forward_is_adjunct(s, after))
            && !is_content_cut(&self.lower(after))
        {
            self.content_forward(s, after)
        } else {
            None
        };
        // "The governor added:" closing its paragraph: the next paragraph is the content.
        // Only core speech verbs: "made a similar point:" is a noun.
        let fwd = fwd.or_else(|| strong.then(|| self.colon_paragraph(ce)).flatten());
        let framed = frame_quote.is_some();
        let fwd = fwd.filter(|c| {
            !prep_only
                && self.substantial(*c)
                && (strong || c.1 - c.0 >= 3)
                && (strong || framed || has_that || quote_next || self.weak_ok(lw, ce))
        });
        // "what he calls “…”": the quotation alone.
        let fwd = match fwd {
            Some(c) if call_like && self.is_open(after) && c.2 != StatementKind::Direct => {
                quotes::opening_at(&self.regions, after as u32)
                    .filter(|r| r.closed)
                    .map(|r| {
                        (
                            after + 1,
                            self.trim_back(after + 1, r.close as usize),
                            StatementKind::Direct,
                        )
                    })
                    .or(Some(c))
            }
            other => other,
        };
        // "“A,” she said, “B.”": a quotation split by its cue is one statement from the
        // first fragment to the last.
        let fwd = match fwd {
            Some(c)
                if c.2 == StatementKind::Direct
                    && before_subject
                    && c.0 >= 2
                    && (self.t.w(c.0 - 2) == ","
                        || c.0 >= 3 && self.t.w(c.0 - 2) == "'" && self.t.w(c.0 - 3) == ",")
                    && self.is_close(np_lo - 1) =>
            {
                match self.content_backward(s, np_lo) {
                    Some(bk) if bk.2 == StatementKind::Direct && bk.1 < c.0 => {
                        Some((bk.0, c.1, StatementKind::Direct))
                    }
                    _ => Some(c),
                }
            }
            other => other,
        };
        let content = match fwd {
            Some(c) => Some(c),
            _ if np_lo == s.a && strong && (after..s.b).all(|q| !self.t.is_word(q)) => {
                self.quote_before(s.a, true)
            }
            _ if before_subject && strong && !self.short_frame(s, np_lo) => self
                .content_backward(s, np_lo)
                .map(|c| self.merge_following_quote(c, ce, s)),
            _ => None,
        };
        let Some(c) = content else { return };
        // "Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt": a cue set
        // off by commas inside the reported sentence; the content is the whole sentence
        // around it.
        let c = if has_that || quote_next {
            c
        } else {
            self.parenthetical(s, np_lo, ce, false).unwrap_or(c)
        };
        out.push(Raw {
            sentence: si,
            cue: (cs, ce),
            content: (c.0, c.1),
            speaker: Some(np),
            inherit: false,
            class: Some(class),
            kind: c.2,
        });
    }

    /// "“A,” she said, “B.”": a direct quotation resumed right after the cue.
    fn merge_following_quote(
        &self,
        c: (usize, usize, StatementKind),
        mut j: usize,
        s: &Sent,
    ) -> (usize, usize, StatementKind) {
        if c.2 != StatementKind::Direct {
            return c;
        }
        // Skip a short adjunct ("said on Monday", "said, smiling", "said during a rally
        // in the old town").
        let start = j;
        while j < s.b && j - start < 12 && !self.is_open(j) && self.t.w(j) != "." {
            j += 1;
        }
        let comma_before = |q: usize| {
            q > start && self.t.w(q - 1) == ","
                || q > start + 1 && self.t.w(q - 1) == "'" && self.t.w(q - 2) == ","
        };
        match quotes::opening_at(&self.regions, j as u32) {
            Some(r) if r.closed && comma_before(j) => {
                let e = self.trim_back(j + 1, r.close as usize);
                if e > c.1 {
                    (c.0, e, c.2)
                } else {
                    c
                }
            }
            _ => c,
        }
    }

    /// True when tokens `a..b` read as a title-case headline: at least three words of
    /// four letters or more, all capitalised.
    fn title_case(&self, a: usize, b: usize) -> bool {
        let mut long = 0;
        for k in a..b {
            if self.t.is_word(k) && self.t.w(k).chars().count() >= 4 {
                if !self.t.is_cap(k) {
                    return false;
                }
                long += 1;
            }
        }
        long >= 3
    }

    /// The quotation that ends with "?" or "!" right before sentence start `a`, in the
    /// same paragraph ("“Who knows?” she asked."): the sentence was split inside it. With
    /// `stop`, one that ends with a stop inside or after its mark too.
    fn quote_before(&self, a: usize, stop: bool) -> Option<(usize, usize, StatementKind)> {
        let mut c = a.checked_sub(1)?;
        // With `stop` (the cue and its speaker are all the sentence holds: "… Weaver
        // said."), a quotation that closes with a stop too, inside the mark or after it
        // ("“… the missing plans”. Weaver said.").
        let stop_after = stop && self.t.w(c) == "." && c > 0 && self.is_close(c - 1);
        if stop_after {
            c -= 1;
        }
        let r = quotes::closing_at(&self.regions, c as u32)?;
        let open = r.open as usize;
        let last = self.before_close(c);
        let ends = matches!(self.t.w(last), "?" | "!")
            || stop && self.t.w(last) == "."
            || stop_after && self.t.is_word(last);
        if !ends || self.para_of.get(open) != self.para_of.get(a) {
            return None;
        }
        let end = self.trim_back(open + 1, last + 1);
        (end > open + 1).then_some((open + 1, end, StatementKind::Direct))
    }

    /// The token where a quotation opening at `j` has its region: the second token of a
    /// `''` pair, else `j`.
    fn pair_open(&self, j: usize) -> usize {
        if self.t.w(j) == "'" && self.t.w(j + 1) == "'" {
            j + 1
        } else {
            j
        }
    }

    /// True when `a..e` of the sentence is only a short introductory phrase ("In July",
    /// "At the forum").
    fn short_frame(&self, s: &Sent, e: usize) -> bool {
        let first = self.lower(s.a);
        let words = (s.a..e).filter(|&k| self.t.is_word(k)).count();
        words <= 6
            && !self.is_open(s.a)
            && matches!(
                first.as_str(),
                "in" | "at"
                    | "on"
                    | "during"
                    | "after"
                    | "before"
                    | "with"
                    | "for"
                    | "from"
                    | "since"
                    | "when"
                    | "while"
                    | "asked"
                    | "speaking"
                    | "last"
                    | "earlier"
                    | "later"
                    | "this"
                    | "as"
            )
    }

    /// True when a content span has at least two words or is a quotation.
    fn substantial(&self, c: (usize, usize, StatementKind)) -> bool {
        c.2 == StatementKind::Direct
            || (c.0..c.1).filter(|&k| self.t.is_word(k)).take(2).count() >= 2
    }

    /// Weak verbs with a direct object as content ("called for", "described X as").
    fn weak_ok(&self, lw: &str, ce: usize) -> bool {
        let next = self.lower(ce);
        (lw.starts_with("call")
            && (matches!(next.as_str(), "for" | "on") || self.object_complement(ce)))
            || ((lw.starts_with("describ")
                || lw.starts_with("character")
                || lw.starts_with("portray")
                || lw.starts_with("present")
                || lw.starts_with("depict")
                || lw.starts_with("label")
                || lw.starts_with("brand")
                || lw.starts_with("dub"))
                && (ce..ce + 10).any(|q| self.t.w(q) == "as" || self.t.w(q) == "in"))
            || (lw.starts_with("detail") && self.t.w(ce) == "the")
            || lw.starts_with("accus")
            || lw.starts_with("blam")
            || lw.starts_with("den")
            || lw.starts_with("reject")
            || lw.starts_with("dismiss")
            || lw.starts_with("urg")
            || lw.starts_with("warn")
    }

    /// "called X a Y", "called X “Y”": an object followed by a predicate noun phrase.
    fn object_complement(&self, ce: usize) -> bool {
        // A longer object may come first ("called the board's neglect of the advice
        // “disrespectful”"), within the clause.
        (ce + 1..ce + 13)
            .take_while(|&k| !matches!(self.t.w(k), "." | ";" | ":" | "?" | "!"))
            .any(|k| matches!(self.t.w(k), "a" | "an") || self.is_open(k))
    }

    /// True when the words after the cue are only a short adjunct ("on Tuesday",
    /// "in a statement") before the sentence end.
    /// A reporting verb form at `i`.
    fn cue_like(&self, i: usize) -> bool {
        let mut buf = String::new();
        lexicon().get(self.t.w(i), &mut buf).verb.is_some()
    }

    /// The token before a closing mark (before both marks of a `''` pair).
    fn before_close(&self, c: usize) -> usize {
        let mut p = if self.t.w(c) == "'" && c > 0 && self.t.w(c - 1) == "'" {
            c.saturating_sub(2)
        } else {
            c.saturating_sub(1)
        };
        // A quotation inside the quotation closing with it ("… do you need?’”"): the
        // punctuation before the inner closing mark.
        if p > 0
            && matches!(self.t.w(p), "’" | "'")
            && matches!(self.t.w(p - 1), "," | "?" | "!" | ".")
        {
            p -= 1;
        }
        p
    }

    /// A noun of time after "this" or "last" ("this week", "last month").
    fn time_noun(&self, j: usize) -> bool {
        super::lexicon::is_time_noun(&self.lower(j))
    }

    /// Words that open an adjunct rather than a reported clause.
    fn adjunct_word(&self, j: usize) -> bool {
        let w = self.lower(j);
        // "this week", not "this was the only chance".
        if w == "this" && !self.time_noun(j + 1) {
            return false;
        }
        is_day_word(&w)
            || matches!(
                w.as_str(),
                "on" | "in"
                    | "at"
                    | "during"
                    | "after"
                    | "before"
                    | "while"
                    | "when"
                    | "as"
                    | "last"
                    | "this"
                    | "earlier"
                    | "later"
                    | "late"
                    | "with"
                    | "via"
                    | "through"
                    | "from"
                    | "to"
                    | "of"
                    | "about"
                    | "outside"
                    | "inside"
                    | "following"
                    | "afterward"
                    | "afterwards"
                    | "recently"
                    | "then"
                    | "again"
                    | "."
            )
    }

    fn forward_is_adjunct(&self, s: &Sent, j: usize) -> bool {
        let first = self.lower(j);
        if first == "this" && !self.time_noun(j + 1) {
            return false;
        }
        if !is_day_word(&first)
            && !matches!(
                first.as_str(),
                "on" | "in"
                    | "at"
                    | "during"
                    | "late"
                    | "earlier"
                    | "last"
                    | "this"
                    | "to"
                    | "."
                    | ","
                    | "afterward"
                    | "afterwards"
                    | "later"
                    | "recently"
                    | "previously"
                    | "when"
                    | "after"
                    | "before"
                    | "while"
                    | "as"
                    | "of"
                    | "with"
                    | "about"
                    | "through"
                    | "via"
                    | "under"
                    | "privately"
                    | "publicly"
                    | "again"
            )
        {
            return false;
        }
        let words = (j..s.b).filter(|&k| self.t.is_word(k)).count();
        words <= 8 && !(j..s.b).any(|k| self.t.w(k) == "that" || self.is_open(k))
    }

    /// The subject phrase ending at token `k` (skipping an appositive or relative clause
    /// between commas), with the first token of the whole subject construction.
    fn subject_before(&self, s: &Sent, k: usize) -> Option<(Np, usize)> {
        let w = self.t.w(k);
        if matches!(w, "who" | "which" | "that") && k > s.a {
            // "several governments, …, who argue": the antecedent.
            let mut j = k - 1;
            if self.t.w(j) == "," {
                let c2 = (s.a..j).rev().find(|&q| self.t.w(q) == ",");
                j = match c2 {
                    Some(c) if c > s.a && j - c < 16 => {
                        let inner = self.t.np_back(j - 1, c + 1);
                        if inner.is_some_and(|n| n.start == c + 1) {
                            j - 1
                        } else {
                            c - 1
                        }
                    }
                    _ => j.saturating_sub(1),
                };
            }
            let np = self.t.np_back(j, s.a)?;
            return Some((Np { rel: Some(k), ..np }, np.start));
        }
        if w == "," && k > s.a {
            // A name that opens the sentence, then appositives and participles between
            // commas: the name is the subject ("Sandra Inman, a supporter from Jackson,
            // Miss., attending the convention, said"; "Cory James, 22, of Flint, Mich.,
            // said"), not a name inside them.
            if let Some((np, lo)) = self.subject_far(s, k) {
                if np.kind == NpKind::Name && (s.a..np.start).all(|x| !self.t.is_word(x)) {
                    return Some((np, lo));
                }
            }
            if let Some(np) = self.relative_subject(s, k) {
                return Some((np, np.start));
            }
            // "Valentina Matviyenko, chair of …, has said" / "…, Kirill Dmitriev, has said".
            let c2 = (s.a..k)
                .rev()
                .find(|&q| self.t.w(q) == "," || self.is_close(q) || self.t.w(q) == "(")?;
            if k - c2 > 16 || c2 <= s.a {
                return None;
            }
            // "Trump, in Kentucky, said": a prepositional phrase is no apposition.
            let prep = matches!(
                self.lower(c2 + 1).as_str(),
                "in" | "at" | "on" | "from" | "during" | "after" | "before" | "for" | "with"
            );
            if let Some(inner) = self.t.np_back(k - 1, c2 + 1).filter(|_| !prep) {
                // Nothing but punctuation or a determiner before it ("…, attending the
                // Tea Party Convention, said" is no apposition).
                let opens =
                    (c2 + 1..inner.start).all(|q| !self.t.is_word(q) || is_determiner(self.t.w(q)));
                // A share in apposition speaks too ("A third of the crews, 33%, say").
                let share = matches!(self.t.w(inner.head), "%" | "percent");
                if inner.start <= c2 + 2 && opens && (inner.kind == NpKind::Name || share) {
                    return Some((inner, c2 + 1));
                }
            }
            // "…, Darran Whiting of Liberty Baptist Church in Marion, said": a name that
            // opens the apposition, with its affiliation after it.
            if !prep && self.t.is_cap(c2 + 1) {
                let mut e = c2 + 1;
                while e < k && (self.t.is_cap(e) || self.t.w(e) == "-") {
                    e += 1;
                }
                if e < k && matches!(self.t.w(e), "of" | "from" | "at") {
                    if let Some(inner) = self.t.np_back(e - 1, c2 + 1) {
                        if inner.kind == NpKind::Name && inner.start == c2 + 1 {
                            return Some((inner, c2 + 1));
                        }
                    }
                }
            }
            if self.t.w(c2) != "," {
                return None;
            }
            // "Moscow has, since 2022, …": auxiliaries before the parenthesis.
            let mut q = c2;
            while q > s.a + 1 && is_aux(&self.lower(q - 1)) {
                q -= 1;
            }
            let np = self.t.np_back(q - 1, s.a)?;
            if !matches!(np.kind, NpKind::Name | NpKind::Pronoun(_)) && np.kind != NpKind::Group {
                return None;
            }
            // A parenthesis after a sentence-initial subject ("Lavrov, however, said").
            let lead = (s.a..np.start).all(|x| {
                !self.t.is_word(x) || matches!(self.lower(x).as_str(), "but" | "and" | "yet" | "so")
            });
            if lead && matches!(np.kind, NpKind::Name | NpKind::Pronoun(_) | NpKind::Group) {
                return Some((np, np.start));
            }
            if !matches!(np.kind, NpKind::Name | NpKind::Pronoun(_)) {
                return None;
            }
            // The appositive must read as a description ("chair of …", "the …").
            let first = self.lower(c2 + 1);
            let mut buf = String::new();
            let info = lexicon().get(&first, &mut buf);
            let ok = super::lexicon::is_determiner(&first)
                // An age: "Dana Fry, 25, said".
                || (c2 + 2 == k && first.len() <= 3 && first.bytes().all(|b| b.is_ascii_digit()))
                || info.role
                || info.title
                || first == "who"
                || self.t.is_cap(c2 + 1)
                || self.t.w(c2 + 2) == "’s"
                || first.ends_with("’s")
                // An affiliation or an adjunct: "Pantucci, at the Royal Institute, said",
                // "Dana Fry, also campaigning in Dover, said".
                || prep
                || matches!(first.as_str(), "of" | "also" | "still" | "now")
                || first.ends_with("ing");
            return ok.then_some((np, np.start));
        }
        let np = self.t.np_back(k, s.a)?;
        // "those who favor consumption taxes agree", "the city which tips off migrants
        // admits": a subject relative clause before the verb; its antecedent is the
        // subject. Not an object relative whose own subject speaks ("a levy, which local
        // traders claim benefits …", "who critics say is …").
        let rel = (np.start.saturating_sub(4).max(s.a + 1)..np.start)
            .rev()
            .take_while(|&q| self.t.is_word(q))
            .find(|&q| matches!(self.lower(q).as_str(), "who" | "which"))
            .filter(|&r| (r + 1..np.start).all(|q| !self.t.is_cap(q)));
        if let Some(r) = rel {
            let first = r + 1;
            let w = self.t.w(first);
            let object_relative = self.t.is_cap(first)
                || is_determiner(w)
                || lexicon().get(w, &mut String::new()).org
                || (first..=k).any(|q| {
                    let info = lexicon().get(self.t.w(q), &mut String::new());
                    info.group || info.role
                });
            let a = r - 1;
            if !object_relative {
                let ante = self.t.np_back(a, s.a).or_else(|| {
                    matches!(
                        self.lower(a).as_str(),
                        "those" | "many" | "some" | "others" | "anyone" | "everyone" | "all"
                    )
                    .then_some(Np {
                        start: a,
                        end: a + 1,
                        kind: NpKind::Group,
                        head: a,
                        name_start: a,
                        split: None,
                        rel: None,
                    })
                });
                if let Some(ante) = ante {
                    return Some((
                        Np {
                            end: np.end,
                            split: None,
                            rel: None,
                            ..ante
                        },
                        ante.start,
                    ));
                }
            }
        }
        // "Dan Fry of the Dock Union said": the person before "of".
        if np.start > s.a + 1 && self.t.w(np.start - 1) == "of" {
            if let Some(person) = self.t.np_back(np.start - 2, s.a) {
                if person.kind == NpKind::Name && self.t.is_cap(person.start) {
                    return Some((person, person.start));
                }
            }
        }
        // "the transcript published by …": a participle after a noun is not a cue.
        Some((np, np.start))
    }

    /// The phrase that opens the sentence when a relative clause set off by commas stands
    /// between it and the verb at `k + 1` ("The port authority, which has been criticised
    /// for months, said"; "Engineers familiar with the survey, who were not authorized to
    /// discuss it, said"): a clause that opens with "who", "which" or "whose" right after
    /// the phrase's comma and ends at the comma `k`, with no reporting verb of its own.
    fn relative_subject(&self, s: &Sent, k: usize) -> Option<Np> {
        // The sentence opening: punctuation and a leading conjunction are stepped over.
        let mut lead = s.a;
        while lead < k
            && (!self.t.is_word(lead) || matches!(self.lower(lead).as_str(), "but" | "and" | "yet"))
        {
            lead += 1;
        }
        // The first comma after the opening phrase, with the relative word after it.
        let c = (lead..k).find(|&q| self.t.w(q) == ",")?;
        if c >= k
            || c == lead
            || k - c > 45
            || !matches!(self.lower(c + 1).as_str(), "who" | "which" | "whose")
            || (c + 1..k)
                .any(|q| (strong(&self.lower(q)) && !self.anonymity_request(q)) || self.is_open(q))
        {
            return None;
        }
        // The phrase before the comma, from the sentence opening: a noun phrase ("The port
        // authority"), or one with a modifier after its head ("Engineers familiar with the
        // survey", "Officials at the ministry").
        if let Some(np) = self.t.np_back(c - 1, s.a).filter(|np| np.start == lead) {
            return Some(np);
        }
        let post = (lead + 1..c).find(|&q| {
            matches!(
                self.lower(q).as_str(),
                "of" | "in"
                    | "at"
                    | "from"
                    | "with"
                    | "for"
                    | "on"
                    | "familiar"
                    | "close"
                    | "involved"
            )
        })?;
        let np = self
            .t
            .np_back(post - 1, s.a)
            .filter(|np| np.start == lead)?;
        let plain = (post..c).all(|q| self.t.is_word(q) && !is_finite_aux(&self.lower(q)));
        (plain && c - post <= 8).then_some(np)
    }

    /// A question put to someone, reported with "asked" in the passive or as a participle
    /// ("Trump was asked what he thought …", "Asked about the delays, the mayor said …",
    /// "… when asked whether …", "Asked by Thrush if …"): the question is the content, the
    /// asker named after "by" the speaker, else none. Returns true when `i` is such a cue
    /// (whether or not a question followed).
    fn asked_question(
        &self,
        si: usize,
        s: &Sent,
        i: usize,
        class: VerbClass,
        out: &mut Vec<Raw>,
    ) -> bool {
        let prev = if i > s.a {
            self.lower(i - 1)
        } else {
            String::new()
        };
        let opens = (s.a..i).all(|q| !self.t.is_word(q));
        let participle = opens
            || matches!(
                prev.as_str(),
                "when" | "whenever" | "after" | "before" | "while" | "if" | "once" | ","
            );
        let passive = matches!(
            prev.as_str(),
            "was" | "were" | "is" | "are" | "been" | "being" | "be"
        );
        if !participle && !passive {
            return false;
        }
        let mut cs = i;
        while passive && cs > s.a && is_aux_verb(&self.lower(cs - 1)) {
            cs -= 1;
        }
        // The asker ("by Thrush") and an adjunct ("at a briefing Monday", "during a
        // debate") before the question.
        let question = |q: usize| {
            matches!(
                self.lower(q).as_str(),
                "about"
                    | "whether"
                    | "if"
                    | "what"
                    | "why"
                    | "how"
                    | "who"
                    | "when"
                    | "where"
                    | "which"
                    | "to"
            )
        };
        let j = i + 1;
        let mut q = j;
        while q < s.b && q - j < 10 && self.t.is_word(q) && !question(q) {
            q += 1;
        }
        if q >= s.b || !question(q) {
            return true;
        }
        let speaker = if self.lower(j) == "by" && q > j + 1 {
            self.t.np_back(q - 1, j + 1)
        } else {
            None
        };
        // "asked about": the preposition belongs to the cue when it follows the verb.
        let mut ce = i + 1;
        if self.lower(q) == "about" {
            if q == i + 1 {
                ce = q + 1;
            }
            q += 1;
        }
        // The question runs to the next comma, semicolon or the sentence end.
        let mut e = q;
        while e < s.b && !matches!(self.t.w(e), "," | ";" | "." | "?" | "!") {
            e += 1;
        }
        let e = self.trim_back(q, e);
        if e <= q || (q..e).filter(|&x| self.t.is_word(x)).count() < 2 {
            return true;
        }
        out.push(Raw {
            sentence: si,
            cue: (cs, ce),
            content: (q, e),
            speaker,
            inherit: false,
            class: Some(class),
            kind: StatementKind::Indirect,
        });
        true
    }

    /// "asked not to be named", "asked to remain anonymous": a source's request for
    /// anonymity, not a statement (a request with its own object, "asked the board to …",
    /// is left to the caller).
    fn anonymity_request(&self, i: usize) -> bool {
        self.lower(i).starts_with("ask") && matches!(self.lower(i + 1).as_str(), "not" | "to")
    }

    /// A sentence-initial name or pronoun followed by a long appositive or relative
    /// clause with several commas ("Michael Mulgrew, president of …, which …, said").
    fn subject_far(&self, s: &Sent, k: usize) -> Option<(Np, usize)> {
        if self.t.w(k) != "," {
            return None;
        }
        let mut lead = s.a;
        // "“…,” Dan Fry, the mayor of …, one of …, said": the name after a leading quotation.
        if let Some(r) = quotes::opening_at(&self.regions, self.pair_open(s.a) as u32) {
            let cl = r.close as usize;
            if r.closed && cl < k && matches!(self.t.w(self.before_close(cl)), "," | "?" | "!") {
                lead = cl + 1;
            }
        }
        while lead < k && !self.t.is_word(lead) {
            lead += 1;
        }
        // A dateline: "WASHINGTON -- President Obama, …".
        let upper =
            |q: usize| self.t.w(q).len() > 1 && self.t.w(q).chars().all(|c| !c.is_lowercase());
        if upper(lead) {
            let mut d = lead;
            while d < k && (upper(d) || !self.t.is_word(d)) {
                d += 1;
            }
            if d > lead + 1
                && (lead..d).any(|q| matches!(self.t.w(q), "-" | "--" | "—" | "–" | "―"))
            {
                lead = d;
            }
        }
        // The first comma after the sentence-initial phrase.
        let c = (lead..k).find(|&q| self.t.w(q) == ",")?;
        if c == k || k - c > 45 {
            return None;
        }
        // "Rep. Gregory W. Meeks (D-N.Y.), chairman of …, said".
        let mut q = c.checked_sub(1)?;
        if self.t.w(q) == ")" {
            q = (q.saturating_sub(8).max(s.a)..q)
                .rev()
                .find(|&x| self.t.w(x) == "(")?
                .checked_sub(1)?;
        }
        let np = self.t.np_back(q, s.a)?;
        let ok = matches!(np.kind, NpKind::Name | NpKind::Pronoun(_)) && np.start <= lead + 1;
        // No reporting verb of its own inside the insertion.
        let clean = (c + 1..k).all(|q| !strong(&self.lower(q)));
        (ok && clean).then_some((np, np.start))
    }

    /// "according to X": content is the rest of the sentence, or what comes before.
    fn according(&self, si: usize, s: &Sent, i: usize, out: &mut Vec<Raw>) {
        let np = self.t.np_forward(i + 2, s.b);
        let np_end = np.map_or(i + 2, |n| n.end);
        // The phrase may run on ("according to officials familiar with the process").
        let mut e = np_end;
        while e < s.b
            && self.t.w(e) != ","
            && !matches!(self.t.w(e), "." | ";" | "—" | "–")
            && e - np_end < 10
        {
            if self.is_open(e) {
                break;
            }
            e += 1;
        }
        let at_start = (s.a..i).all(|k| !self.t.is_word(k));
        // Set off by commas inside the sentence ("The plan, according to officials, would
        // cost …"; "… after, according to him, the network …"): the whole sentence, unless
        // what follows opens a clause of its own ("…, according to the board, and …") or
        // only a sentence adverb comes before ("Now, according to …, …").
        let before: Vec<usize> = (s.a..i).filter(|&k| self.t.is_word(k)).collect();
        let adverb_only = before.len() == 1 && {
            let w = self.lower(before[0]);
            w.ends_with("ly")
                || matches!(
                    w.as_str(),
                    "now"
                        | "but"
                        | "and"
                        | "so"
                        | "yet"
                        | "however"
                        | "still"
                        | "meanwhile"
                        | "today"
                        | "yesterday"
                        | "then"
                        | "also"
                )
        };
        // The part before must be unfinished: no finite verb ("The plan, …") or ending in
        // a function word ("… after, …"); a finished clause keeps its own content.
        let unfinished = before.last().is_some_and(|&l| {
            super::lexicon::is_function_word(&self.lower(l))
                || !before.iter().any(|&q| {
                    let w = self.lower(q);
                    is_finite_aux(&w) || (w.len() > 3 && w.ends_with("ed"))
                })
        });
        let inside = !at_start
            && !adverb_only
            && unfinished
            && i > s.a
            && self.t.w(i - 1) == ","
            && e < s.b
            && self.t.w(e) == ","
            && (e + 1..s.b).filter(|&q| self.t.is_word(q)).nth(1).is_some()
            && !matches!(
                self.lower(e + 1).as_str(),
                "and" | "but" | "while" | "as" | "which" | "who" | "although" | "though"
            );
        let whole = if inside {
            let start = before.first().copied().unwrap_or(s.a);
            let end = self.trim_back(e + 1, s.b);
            (end > start).then(|| (start, end, self.kind_of(start, end)))
        } else {
            None
        };
        let c = if whole.is_some() {
            whole
        } else if at_start || (e < s.b && self.t.w(e) == "," && self.words_before(s, i) <= 2) {
            let mut j = e;
            while j < s.b && matches!(self.t.w(j), "," | ":") {
                j += 1;
            }
            self.content_forward(s, j)
        } else {
            self.content_backward(s, i)
        };
        let Some(c) = c else { return };
        // The source is the whole phrase after "according to" ("the most recent average
        // of national polls"), not the last noun phrase in it.
        let np = match np {
            Some(n) if matches!(n.kind, NpKind::Desc | NpKind::Group) => Some(Np {
                start: i + 2,
                name_start: i + 2,
                ..n
            }),
            None if e > i + 3 && e <= s.b && is_determiner(self.t.w(i + 2)) => Some(Np {
                start: i + 2,
                end: e,
                kind: NpKind::Group,
                head: e - 1,
                name_start: i + 2,
                split: None,
                rel: None,
            }),
            other => other,
        };
        out.push(Raw {
            sentence: si,
            cue: (i, i + 2),
            content: (c.0, c.1),
            speaker: np,
            inherit: false,
            class: None,
            kind: c.2,
        });
    }

    fn words_before(&self, s: &Sent, i: usize) -> usize {
        (s.a..i).filter(|&k| self.t.is_word(k)).count()
    }

    /// "reportedly", "allegedly": the whole clause, with no speaker.
    fn adverbial(&self, si: usize, s: &Sent, i: usize, out: &mut Vec<Raw>) {
        let mut a = s.a;
        // Skip an opening frame that ends with a comma before the cue.
        // A comma inside a coordinated subject ("A, B, and C reportedly …") opens no frame.
        if let Some(c) = (s.a..i).rev().find(|&q| self.t.w(q) == ",") {
            if i - c < 12 && !matches!(self.lower(c + 1).as_str(), "and" | "or") {
                a = c + 1;
            }
        }
        let Some(mut c) = self.content_forward(&Sent { a, b: s.b }, a) else {
            return;
        };
        // The clause ends where a comma opens another clause with its own subject and
        // finite auxiliary ("X is reportedly near collapse, workers are striking, …").
        if let Some(k) = (i + 1..c.1).find(|&k| {
            self.t.w(k) == ","
                && quotes::containing(&self.regions, k as u32).is_none()
                && self.clause_subject(k + 1, c.1)
        }) {
            let e = self.trim_back(c.0, k);
            if e > i + 1 {
                c = (c.0, e, self.kind_of(c.0, e));
            }
        }
        out.push(Raw {
            sentence: si,
            cue: (i, i + 1),
            content: (c.0, c.1),
            speaker: None,
            inherit: false,
            class: None,
            kind: c.2,
        });
    }

    /// True when `j..` opens a clause: one to four plain words, then a finite auxiliary
    /// ("workers are", "the ferry line has").
    fn clause_subject(&self, j: usize, e: usize) -> bool {
        let mut q = j;
        while q < e && q - j < 5 {
            let w = self.lower(q);
            if is_finite_aux(&w) {
                return q > j;
            }
            if !(self.t.is_word(q) || self.t.is_poss(q))
                || matches!(
                    w.as_str(),
                    "and"
                        | "or"
                        | "but"
                        | "which"
                        | "who"
                        | "that"
                        | "while"
                        | "as"
                        | "when"
                        | "if"
                        | "where"
                        | "whose"
                        | "whom"
                        | "what"
                )
            {
                return false;
            }
            q += 1;
        }
        false
    }

    /// A nominal cue followed by "that": "reports that …", "media claims that …".
    fn nominal(&self, si: usize, s: &Sent, i: usize, out: &mut Vec<Raw>) {
        if self.t.w(i + 1) != "that" {
            return;
        }
        // "the claim that" is a nominal cue only with a reporting flavour before it.
        let prev = if i > s.a {
            self.lower(i - 1)
        } else {
            String::new()
        };
        let owner = if i > s.a && self.t.is_poss(i - 1) && i >= s.a + 2 {
            self.t.np_back(i - 2, s.a)
        } else {
            None
        };
        if !(owner.is_some()
            || i == s.a
            || matches!(
                prev.as_str(),
                "media" | "press" | "news" | "amid" | "despite" | "," | "the" | "of"
            ))
        {
            return;
        }
        let Some(c) = self.content_forward(s, i + 2) else {
            return;
        };
        out.push(Raw {
            sentence: si,
            cue: (i, i + 1),
            content: (c.0, c.1),
            speaker: owner,
            inherit: false,
            class: None,
            kind: c.2,
        });
    }

    /// "citing X": a source for the host statement, or the cue of its own content.
    fn citing(
        &self,
        si: usize,
        s: &Sent,
        i: usize,
        first: usize,
        out: &mut Vec<Raw>,
    ) -> Option<Np> {
        let np = self.t.np_forward(i + 1, s.b);
        let host = out.get(first..).and_then(<[Raw]>::last).cloned();
        if let Some(np) = np {
            let mut buf = String::new();
            let head_group = lexicon().get(self.t.w(np.head), &mut buf).group;
            let source_like = np.start == i + 1
                && !self.t.is_poss(np.end)
                && (np.kind == NpKind::Name || np.kind == NpKind::Group && head_group);
            // "X, citing Y, reported that …": the host comes later in the sentence.
            let mut after = np.end;
            while after < s.b && self.t.is_word(after) && after - np.end < 6 {
                after += 1;
            }
            if source_like
                && self.t.w(after) == ","
                && host.as_ref().is_none_or(|h| h.content.1 > i + 1)
            {
                return Some(np);
            }
            if let Some(host) = host.filter(|h| source_like && h.content.1 <= i + 1) {
                out.push(Raw {
                    cue: (i, i + 1),
                    speaker: Some(np),
                    inherit: false,
                    ..host
                });
                return None;
            }
        }
        let c = self.content_forward(s, i + 1)?;
        out.push(Raw {
            sentence: si,
            cue: (i, i + 1),
            content: (c.0, c.1),
            speaker: None,
            inherit: true,
            class: None,
            kind: c.2,
        });
        None
    }
}
