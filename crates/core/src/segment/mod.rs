//! Article segmentation: raw text → articles (with leads, subheadings and credit notes)
//! and noise.
//!
//! Every non-blank line gets a role (lead, standfirst, body, subheading, credit, noise)
//! from a linear-chain model over layout, language and topical-continuity features,
//! decoded jointly over the whole text with Viterbi. Articles then run from each lead to
//! the last non-noise line before the next one.

mod features;
mod lexicon;
mod model;

/// What `cargo xtask train-segment` needs: line features, roles and the weight format.
pub mod training {
    pub use super::features::{line_features, LineFeatures, FEATURE_BITS};
    pub use super::model::{Role, Weights, ROLES};
    pub use super::{line_roles, line_roles_with};
}

use crate::doc::{
    Annotation, Article, ArticleKind, Document, Layer, LayerKind, Noise, NoiseKind, Span,
};
use crate::pipeline::{Diagnostics, Stage};
#[cfg(test)]
use features::line_infos;
use features::{features_and_infos, shared_words, End, LineInfo, MARK_AT, MARK_HASH, MARK_LINK};
use model::Role;

/// Finds articles and noise.
#[derive(Debug, Default, Clone, Copy)]
pub struct SegmentStage;

impl Stage for SegmentStage {
    fn name(&self) -> &'static str {
        "segment"
    }
    fn requires(&self) -> &'static [LayerKind] {
        &[LayerKind::Lines]
    }
    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::Articles]
    }
    fn run(&self, doc: &mut Document, diags: &mut Diagnostics) {
        if doc.lines.is_empty() {
            return;
        }
        let (roles, infos) = roles_and_infos(doc, model::trained());
        let (articles, noise) = assemble(doc, &roles, &infos);
        if articles.is_empty() && !doc.lines.is_empty() {
            diags.warn(
                "segment/no-article",
                None,
                "every line of the text was taken for noise",
            );
        }
        doc.articles = Layer::from_vec(articles);
        doc.noise = Layer::from_vec(noise);
    }
}

/// Predicts the role of every line of `doc` with the shipped model.
#[must_use]
pub fn line_roles(doc: &Document) -> Vec<Role> {
    roles_and_infos(doc, model::trained()).0
}

/// Predicts the role of every line of `doc` with the given weights, with the same
/// decoding and rules as the stage (the trainer measures candidate weights with it).
#[must_use]
pub fn line_roles_with(doc: &Document, weights: &model::Weights) -> Vec<Role> {
    roles_and_infos(doc, weights).0
}

/// Decodes the line roles and applies the rules that follow decoding.
fn roles_and_infos(doc: &Document, weights: &model::Weights) -> (Vec<Role>, Vec<LineInfo>) {
    let (feats, infos, content, names) = features_and_infos(doc);
    let mut roles = weights.decode_roles(&feats);
    demote_repeated_leads(doc, &infos, &mut roles);
    demote_conjunction_leads(doc, &mut roles);
    promote_summary_leads(doc, &infos, (&content, &names), &mut roles);
    raise_wrapped_leads(&infos, &mut roles);
    raise_split_titles(doc, &infos, &mut roles);
    demote_section_leads(doc, &infos, &mut roles);
    keep_continuations(doc, &infos, &mut roles);
    confine_noise(&mut roles);
    (roles, infos)
}

/// True when a line ending `end` closes a sentence (".", "?", "!", or a quotation closed
/// after one of them).
fn closes_sentence(end: u8) -> bool {
    end == End::Stop as u8
        || end == End::Question as u8
        || end == End::Exclaim as u8
        || end == End::QuoteAfterPunct as u8
}

/// Turns into a lead a body line that reads as an opening summary: a full clause of eight
/// to forty words with no closing punctuation (standfirsts drop the final stop), after a
/// line that closes a sentence, and either attributed (", the minister has said") or
/// restated by the next line (two content words or more in common, a name among them), or
/// an explainer title ("Why the strike will not end soon").
fn promote_summary_leads(
    doc: &Document,
    infos: &[LineInfo],
    words: (&[u32], &[u32]),
    roles: &mut [Role],
) {
    let lines = doc.lines.as_slice();
    for i in 1..roles.len() {
        let (Some(prev), Some(info), Some(line)) = (infos.get(i - 1), infos.get(i), lines.get(i))
        else {
            continue;
        };
        let prev_role = roles.get(i - 1).copied();
        // The line opens with a capital, quotes nobody and is one sentence of a standfirst's
        // length; the next line opens a new sentence with a capital.
        if roles.get(i) != Some(&Role::Body)
            || !matches!(prev_role, Some(Role::Body | Role::Credit | Role::Noise))
            || info.end != End::Word as u8
            || !(8..=40).contains(&info.words)
            || info.first != 0
            || info.quotes > 0
            || info.breaks > 0
            || !closes_sentence(prev.end)
        {
            continue;
        }
        let text = doc.slice(line.span);
        // A summary quotes no web page: a line with a link, a handle or a hashtag is an
        // embedded post or a page widget.
        if text.contains("://") || info.marks & (MARK_LINK | MARK_AT | MARK_HASH) != 0 {
            continue;
        }
        let Some(next) = infos.get(i + 1).filter(|next| next.first == 0) else {
            continue;
        };
        // The article the line would close keeps four lines or more: an unterminated
        // line right after a headline and two paragraphs is a cut paragraph of that
        // article more often than the summary of a new one (three-line articles are rare).
        if roles
            .get(i.saturating_sub(3)..i)
            .is_some_and(|r| r.contains(&Role::Lead))
        {
            continue;
        }
        let restated = shared_words(words.0, info, next, false) >= 2
            && shared_words(words.1, info, next, true) >= 1;
        if info.attributed || restated || wh_title(text) {
            if let Some(r) = roles.get_mut(i) {
                *r = Role::Lead;
            }
        }
    }
}

/// Moves a lead that opens in lower case ("fires officer who …") up to the short line
/// before it ("Dallas Police Dept."): a headline wrapped over two lines starts at its first
/// line, and a headline does not open in lower case.
fn raise_wrapped_leads(infos: &[LineInfo], roles: &mut [Role]) {
    for i in 1..roles.len() {
        let (Some(info), Some(prev)) = (infos.get(i), infos.get(i - 1)) else {
            continue;
        };
        let wrapped = roles.get(i) == Some(&Role::Lead)
            && roles.get(i - 1) == Some(&Role::Body)
            && info.first == 1
            && info.end != End::Stop as u8
            && prev.first == 0
            && prev.words <= 6;
        // The article before keeps its three lines (no lead among the two lines before
        // the new one).
        let room = || {
            !roles
                .get(i.saturating_sub(3)..i - 1)
                .is_some_and(|r| r.contains(&Role::Lead))
        };
        if wrapped && room() {
            roles.swap(i - 1, i);
        }
    }
}

/// Turns into a lead a short body line that ends with a semicolon and a stop ("Jobs
/// report lifts Democrats;.") right after a line that closes a sentence, when the next
/// line opens with a capital: news archives print a title and its subtitle as "Title;
/// Subtitle", and a dump that splits them over two lines and closes its headlines with a
/// stop leaves ";." on the first. Running text never ends a line so, and a list item that
/// does ("— the wall;.") opens with a dash. A line ending in a bare semicolon is left
/// alone: list items, verses and headlines of related stories quoted inside an article end
/// that way too.
fn raise_split_titles(doc: &Document, infos: &[LineInfo], roles: &mut [Role]) {
    let lines = doc.lines.as_slice();
    let split_title = |i: usize| {
        lines.get(i).is_some_and(|l| {
            let t = doc.slice(l.span).trim_end();
            t.ends_with(";.") && !t.ends_with(";;.")
        })
    };
    for i in 1..roles.len() {
        let (Some(prev), Some(info), Some(next)) =
            (infos.get(i - 1), infos.get(i), infos.get(i + 1))
        else {
            continue;
        };
        let candidate = roles.get(i) == Some(&Role::Body)
            && matches!(
                roles.get(i - 1),
                Some(Role::Body | Role::Credit | Role::Noise)
            )
            && (3..=16).contains(&info.words)
            && info.first == 0
            && next.first == 0
            && closes_sentence(prev.end)
            && split_title(i)
            && !split_title(i - 1);
        // The article before keeps its three lines (no lead among the two lines before).
        let room = !roles
            .get(i.saturating_sub(2)..i)
            .is_some_and(|r| r.contains(&Role::Lead));
        if candidate && room {
            if let Some(r) = roles.get_mut(i) {
                *r = Role::Lead;
            }
        }
    }
}

/// Turns into a subheading a short unterminated "Label: title" lead inside an article that
/// already has two short lines or more of that same "Label: title" shape: an article keeps
/// one heading style, so the line continues its run of sections.
fn demote_section_leads(doc: &Document, infos: &[LineInfo], roles: &mut [Role]) {
    let lines = doc.lines.as_slice();
    let labelled = |i: usize| {
        lines
            .get(i)
            .is_some_and(|l| doc.slice(l.span).contains(": "))
    };
    let short = |i: usize| {
        infos
            .get(i)
            .is_some_and(|info| info.words <= 10 && info.end != End::Stop as u8)
    };
    let mut sections = 0usize;
    for i in 0..roles.len() {
        match roles.get(i) {
            Some(Role::Subheading | Role::Body) if labelled(i) && short(i) => sections += 1,
            Some(Role::Lead) => {
                if sections >= 2 && short(i) && labelled(i) {
                    if let Some(r) = roles.get_mut(i) {
                        *r = Role::Subheading;
                    }
                } else {
                    sections = 0;
                }
            }
            _ => {}
        }
    }
}

/// True when `text` opens with a question word but carries no question mark: the shape of
/// an explainer headline rather than of a sentence in running text.
fn wh_title(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    matches!(first, "Why" | "How" | "What" | "When" | "Where" | "Who") && !text.contains('?')
}

/// Turns a lead whose text the next two lines repeat word for word into a body line: page
/// widgets print their prompt (a poll question, say) several times over, while a headline
/// is printed at most twice (page title and heading). A lead that carries a web address
/// (an embedded post: "https://…", "pic.twitter.com/…") becomes a body line too.
fn demote_repeated_leads(doc: &Document, infos: &[LineInfo], roles: &mut [Role]) {
    let lines = doc.lines.as_slice();
    let text = |i: usize| lines.get(i).map(|l| doc.slice(l.span).trim());
    for (i, r) in roles.iter_mut().enumerate() {
        if *r != Role::Lead {
            continue;
        }
        let this = text(i);
        let repeated = this.is_some() && text(i + 1) == this && text(i + 2) == this;
        // An embedded post (a tweet with its link) is no headline either.
        let link = this.is_some_and(|t| t.contains("://"))
            || infos.get(i).is_some_and(|x| x.marks & MARK_LINK != 0);
        if repeated || link {
            *r = Role::Body;
        }
    }
}

/// A first word that ties the sentence to the one before it ("However,", "Moreover,"): a
/// line that opens with one continues a text and opens neither an article nor injected
/// noise.
fn comma_connective(first: &str) -> bool {
    matches!(
        first,
        "However,"
            | "Still,"
            | "Meanwhile,"
            | "Nevertheless,"
            | "Nonetheless,"
            | "Moreover,"
            | "Furthermore,"
            | "Additionally,"
            | "Besides,"
            | "Likewise,"
            | "Similarly,"
            | "Consequently,"
            | "Therefore,"
            | "Thus,"
            | "Hence,"
            | "Instead,"
            | "Otherwise,"
    )
}

/// Turns into a body line a lead that opens with a coordinating conjunction followed by a
/// lower-case word ("And now we have …", "But the mayor …") or with a connective and its
/// comma ("Moreover, the …"): a sentence that continues the one before, not a headline
/// ("And Then There Were None" keeps its capitals).
fn demote_conjunction_leads(doc: &Document, roles: &mut [Role]) {
    let lines = doc.lines.as_slice();
    for (i, r) in roles.iter_mut().enumerate() {
        if *r != Role::Lead {
            continue;
        }
        let Some(text) = lines.get(i).map(|l| doc.slice(l.span)) else {
            continue;
        };
        let mut words = text.split_whitespace();
        let first = words.next().unwrap_or("");
        let second = words.next().unwrap_or("");
        let conjunction = matches!(first, "And" | "But" | "Or" | "Yet");
        if (conjunction && second.chars().next().is_some_and(char::is_lowercase))
            || comma_connective(first)
        {
            *r = Role::Body;
        }
    }
}

/// Turns into a body line the first line of a run of noise that opens with a discourse
/// connective ("And then …", "However, …", "But the …") right after a line of an article,
/// when it carries no second-person or marketing words: such a line continues the
/// sentence before it, while injected text opens on its own.
fn keep_continuations(doc: &Document, infos: &[LineInfo], roles: &mut [Role]) {
    let lines = doc.lines.as_slice();
    for i in 1..roles.len() {
        let after_article = !matches!(roles.get(i - 1), Some(Role::Noise) | None);
        if roles.get(i) != Some(&Role::Noise) || !after_article {
            continue;
        }
        let (Some(line), Some(info)) = (lines.get(i), infos.get(i)) else {
            continue;
        };
        if info.you > 0 || info.noise_words > 0 || info.noise_pairs > 0 {
            continue;
        }
        let mut words = doc.slice(line.span).split_whitespace();
        let first = words.next().unwrap_or("");
        let second = words.next().unwrap_or("");
        let connective = match first {
            "And" | "But" | "Yet" | "So" | "Or" => {
                second.chars().next().is_some_and(char::is_lowercase)
            }
            _ => comma_connective(first),
        };
        if connective {
            if let Some(r) = roles.get_mut(i) {
                *r = Role::Body;
            }
        }
    }
}

/// Keeps noise only where text that belongs to no article can sit: at the start or end of
/// the text, or right before an article's lead. A run of noise lines with article text on
/// both sides (a poll widget, a sign-up form or a story link inside an article) is part of
/// that article, so its lines become body lines.
fn confine_noise(roles: &mut [Role]) {
    let mut i = 0;
    while i < roles.len() {
        if roles.get(i) != Some(&Role::Noise) {
            i += 1;
            continue;
        }
        let run_start = i;
        while roles.get(i) == Some(&Role::Noise) {
            i += 1;
        }
        let at_start = run_start == 0;
        let before_lead = matches!(roles.get(i), None | Some(Role::Lead));
        if !at_start && !before_lead {
            for r in roles.iter_mut().take(i).skip(run_start) {
                *r = Role::Body;
            }
        }
    }
}

/// True when a lone lead line reads as a standfirst (a summary sentence) rather than a
/// headline (a title phrase).
fn is_standfirst(text: &str, info: &LineInfo) -> bool {
    if info.attributed && info.end != End::Stop as u8 {
        return true;
    }
    let words = text.split_whitespace().count();
    let long = info.long.max(1);
    let title_case = f32::from(info.long_cap) / f32::from(long) >= 0.8 && info.long >= 3;
    if title_case || info.end == End::Question as u8 {
        return false;
    }
    let first = text.split_whitespace().next().unwrap_or("").to_lowercase();
    let wh = matches!(
        first.as_str(),
        "why" | "how" | "what" | "when" | "who" | "where" | "which" | "whether"
    );
    words >= if wh { 20 } else { 17 }
}

/// Groups lines into articles and noise by their roles.
fn assemble(
    doc: &Document,
    roles: &[Role],
    infos: &[LineInfo],
) -> (Vec<Annotation<Article>>, Vec<Annotation<Noise>>) {
    let lines = doc.lines.as_slice();
    let mut articles = Vec::new();
    let mut noise = Vec::new();
    // Indices of the lines that start articles: every lead, and the first non-noise line
    // when no lead comes before it.
    let mut starts = Vec::new();
    for (i, &r) in roles.iter().enumerate() {
        match r {
            Role::Lead => starts.push(i),
            Role::Noise => {}
            _ if starts.is_empty() => starts.push(i),
            _ => {}
        }
    }
    for (k, &s) in starts.iter().enumerate() {
        let stop = starts.get(k + 1).copied().unwrap_or(lines.len());
        let Some(last) = (s..stop)
            .rev()
            .find(|&j| roles.get(j).is_some_and(|&r| r != Role::Noise))
        else {
            continue;
        };
        let (Some(first), Some(end)) = (lines.get(s), lines.get(last)) else {
            continue;
        };
        let mut art = Article::default();
        if roles.get(s) == Some(&Role::Lead) {
            let text = doc.slice(first.span);
            // A lead that reads as a standfirst is not followed by a second standfirst.
            let lead_info = infos.get(s);
            let lead_is_standfirst = lead_info.is_some_and(|info| is_standfirst(text, info));
            let standfirst_next =
                roles.get(s + 1) == Some(&Role::Standfirst) && !lead_is_standfirst;
            match (standfirst_next, lead_info) {
                (true, _) => {
                    art.headline = Some(first.span);
                    art.standfirst = lines.get(s + 1).map(|l| l.span);
                }
                (false, Some(info)) if is_standfirst(text, info) => {
                    art.standfirst = Some(first.span)
                }
                _ => art.headline = Some(first.span),
            }
        }
        for j in s..=last {
            match roles.get(j) {
                Some(Role::Subheading) => art.sections.extend(lines.get(j).map(|l| l.span)),
                Some(Role::Credit) => art.republication_note = lines.get(j).map(|l| l.span),
                _ => {}
            }
        }
        art.kind = Some(article_kind(infos, roles, s, last, &art));
        articles.push(Annotation {
            span: Span {
                start: first.span.start,
                end: end.span.end,
            },
            value: art,
        });
    }
    for (i, &r) in roles.iter().enumerate() {
        if r != Role::Noise {
            continue;
        }
        let (Some(l), Some(info)) = (lines.get(i), infos.get(i)) else {
            continue;
        };
        let kind = if info.boilerplate_words > 0 {
            NoiseKind::Boilerplate
        } else {
            NoiseKind::Spam
        };
        noise.push(Annotation {
            span: l.span,
            value: Noise { kind },
        });
    }
    (articles, noise)
}

/// Tells news from opinion and analysis by first-person voice, notes and subheadings.
fn article_kind(
    infos: &[LineInfo],
    roles: &[Role],
    first: usize,
    last: usize,
    art: &Article,
) -> ArticleKind {
    let mut words = 0usize;
    let mut me = 0usize;
    for j in first..=last {
        if let (Some(info), Some(Role::Body)) = (infos.get(j), roles.get(j)) {
            // First-person words inside quotations belong to the people quoted.
            if info.quotes == 0 {
                words += usize::from(info.words);
                me += usize::from(info.me);
            }
        }
    }
    let voice = words > 0 && me * 1000 >= words * 6;
    if voice || (art.republication_note.is_some() && me * 1000 >= words * 3) {
        ArticleKind::Opinion
    } else if art.sections.len() >= 2 {
        ArticleKind::Analysis
    } else {
        ArticleKind::News
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(s: &str) -> LineInfo {
        let doc = Document::new(s);
        line_infos(&doc).0.remove(0)
    }

    #[test]
    fn lead_roles() {
        let s = "Rebels are closing in on the capital, the defence minister has warned";
        assert!(is_standfirst(s, &info(s)));
        let s = "Why the port strike will not end before the spring elections in the north of the country";
        assert!(!is_standfirst(s, &info(s)));
        let s = "Port Strike Enters Its Third Week As Talks Stall";
        assert!(!is_standfirst(s, &info(s)));
        let s = "A Lisbon-based shipping firm is suspected of falsifying cargo records worth millions after a customs raid on its offices";
        assert!(is_standfirst(s, &info(s)));
    }

    #[test]
    fn noise_stays_only_between_articles() {
        use Role::{Body, Lead, Noise};
        let mut roles = [
            Noise, Lead, Body, Noise, Noise, Body, Noise, Lead, Body, Noise,
        ];
        confine_noise(&mut roles);
        assert_eq!(
            roles,
            [Noise, Lead, Body, Body, Body, Body, Noise, Lead, Body, Noise]
        );
    }

    #[test]
    fn repeated_line_is_no_lead() {
        let doc = Document::new("Which team wins?\nWhich team wins?\nWhich team wins?\nYes.");
        let mut roles = [Role::Lead, Role::Body, Role::Body, Role::Body];
        demote_repeated_leads(&doc, &line_infos(&doc).0, &mut roles);
        assert_eq!(roles, [Role::Body; 4]);
        // A headline printed twice (page title, then heading) stays a lead.
        let doc = Document::new("Red team wins cup\nRed team wins cup\nThe red team won.");
        let mut roles = [Role::Lead, Role::Body, Role::Body];
        demote_repeated_leads(&doc, &line_infos(&doc).0, &mut roles);
        assert_eq!(roles[0], Role::Lead);
        let doc = Document::new("Red team wins cup https://example.org/x\nThe red team won.");
        let mut roles = [Role::Lead, Role::Body];
        demote_repeated_leads(&doc, &line_infos(&doc).0, &mut roles);
        assert_eq!(roles[0], Role::Body);
        let doc =
            Document::new("Red team wins cup pic.twitter.com/x1 — Fan (@fan)\nThe red team won.");
        let mut roles = [Role::Lead, Role::Body];
        demote_repeated_leads(&doc, &line_infos(&doc).0, &mut roles);
        assert_eq!(roles[0], Role::Body);
    }

    #[test]
    fn archive_title_split_at_its_semicolon_opens_an_article() {
        let text = "The harbour board met on Monday.\n\
                    It agreed to dredge the channel.\n\
                    The work starts in May.\n\
                    Ferry fares rise again;.\n\
                    Commuters face a third increase this year.\n\
                    Ferry fares will rise by 4 per cent from June, the operator said.";
        let doc = Document::new(text);
        let infos = line_infos(&doc).0;
        let body = [
            Role::Lead,
            Role::Body,
            Role::Body,
            Role::Body,
            Role::Body,
            Role::Body,
        ];
        let mut roles = body;
        raise_split_titles(&doc, &infos, &mut roles);
        assert_eq!(roles[3], Role::Lead);
        assert_eq!(roles.iter().filter(|&&r| r == Role::Lead).count(), 2);
        // A bare semicolon (a list item, a verse) stays in its article.
        let doc = Document::new(text.replace("again;.", "again;"));
        let mut roles = body;
        raise_split_titles(&doc, &line_infos(&doc).0, &mut roles);
        assert_eq!(roles, body);
        // So does a list item that opens with a dash, and a title too close to the lead
        // before it (the article before would keep two lines).
        let doc = Document::new(text.replace("Ferry fares rise", "— ferry fares rise"));
        let mut roles = body;
        raise_split_titles(&doc, &line_infos(&doc).0, &mut roles);
        assert_eq!(roles, body);
        let mut roles = [
            Role::Body,
            Role::Lead,
            Role::Body,
            Role::Body,
            Role::Body,
            Role::Body,
        ];
        raise_split_titles(&doc, &infos, &mut roles);
        assert_eq!(roles[3], Role::Body);
    }

    #[test]
    fn unterminated_summary_after_a_full_stop_opens_an_article() {
        let text = "The harbour reopened on Monday after the storm.\n\
            Farmers in Norland are protesting against the new grain tariffs, the union has said\n\
            Farmers in Norland blocked roads on Tuesday against grain tariffs.";
        let doc = Document::new(text);
        let (_, infos, content, names) = features_and_infos(&doc);
        let mut roles = [Role::Body, Role::Body, Role::Body];
        promote_summary_leads(&doc, &infos, (&content, &names), &mut roles);
        assert_eq!(roles, [Role::Body, Role::Lead, Role::Body]);
        // The same line ending in a full stop is an ordinary body paragraph.
        let text = text.replacen("has said\n", "has said.\n", 1);
        let doc = Document::new(&text);
        let (_, infos, content, names) = features_and_infos(&doc);
        let mut roles = [Role::Body, Role::Body, Role::Body];
        promote_summary_leads(&doc, &infos, (&content, &names), &mut roles);
        assert_eq!(roles, [Role::Body; 3]);
    }

    #[test]
    fn summary_lead_needs_room_and_no_web_marks() {
        let text = "Port strike ends\nThe harbour reopened on Monday after the storm.\n\
            Farmers in Norland are protesting against the new grain tariffs, the union has said\n\
            Farmers in Norland blocked roads on Tuesday against grain tariffs.";
        let doc = Document::new(text);
        let (_, infos, content, names) = features_and_infos(&doc);
        use Role::{Body, Lead};
        // Promoted, the line would leave an article of two lines: it stays a body line.
        let mut roles = [Lead, Body, Body, Body];
        promote_summary_leads(&doc, &infos, (&content, &names), &mut roles);
        assert_eq!(roles, [Lead, Body, Body, Body]);
        // Three lines further from the lead, it opens an article.
        let text = text.replacen(
            "after the storm.\n",
            "after the storm.\nShips waited.\nCranes stood still.\n",
            1,
        );
        let doc = Document::new(&text);
        let (_, infos, content, names) = features_and_infos(&doc);
        let mut roles = [Lead, Body, Body, Body, Body, Body];
        promote_summary_leads(&doc, &infos, (&content, &names), &mut roles);
        assert_eq!(roles[4], Lead);
        // The same line carrying a hashtag is an embedded post, not a summary.
        let text = text.replacen("has said\n", "has said #Norland\n", 1);
        let doc = Document::new(&text);
        let (_, infos, content, names) = features_and_infos(&doc);
        let mut roles = [Lead, Body, Body, Body, Body, Body];
        promote_summary_leads(&doc, &infos, (&content, &names), &mut roles);
        assert_eq!(roles[4], Body);
    }

    #[test]
    fn continuation_is_no_noise() {
        let text = "Port reopens\nShips came back.\nAnd then the cranes started again.\n\
            And you can win a cruise today!\nRain due\nIt rained.\nMore.";
        let doc = Document::new(text);
        let infos = line_infos(&doc).0;
        use Role::{Body, Lead, Noise};
        let mut roles = [Lead, Body, Noise, Noise, Lead, Body, Body];
        keep_continuations(&doc, &infos, &mut roles);
        // The continuation joins its article; the advert after it stays noise.
        assert_eq!(roles, [Lead, Body, Body, Noise, Lead, Body, Body]);
    }

    #[test]
    fn conjunction_opens_no_article() {
        let doc = Document::new(
            "Port reopens\nShips came.\nAnd now the cranes are back!\nA B\nOr Else: A Novel\nText.",
        );
        use Role::{Body, Lead};
        let mut roles = [Lead, Body, Lead, Body, Lead, Body];
        demote_conjunction_leads(&doc, &mut roles);
        assert_eq!(roles, [Lead, Body, Body, Body, Lead, Body]);
        // A connective with its comma ties the line to the one before; without the comma
        // ("Still Waters") it may be a title.
        let doc = Document::new(
            "Port reopens\nShips came.\nMoreover, the cranes are back.\nStill Waters Run Deep\nText.",
        );
        let mut roles = [Lead, Body, Lead, Lead, Body];
        demote_conjunction_leads(&doc, &mut roles);
        assert_eq!(roles, [Lead, Body, Body, Lead, Body]);
    }

    #[test]
    fn wrapped_headline_starts_on_its_first_line() {
        let text = "Storm closes port\nThe harbour shut on Monday.\nShips waited offshore.\n\
            It rained all week.\nCity Council Vote\npasses the new harbour budget\nThe council voted.";
        let doc = Document::new(text);
        let infos = line_infos(&doc).0;
        use Role::{Body, Lead};
        let mut roles = [Lead, Body, Body, Body, Body, Lead, Body];
        raise_wrapped_leads(&infos, &mut roles);
        assert_eq!(roles, [Lead, Body, Body, Body, Lead, Body, Body]);
        // A lead that opens with a capital stays where it is.
        let text = text.replacen("passes", "Passes", 1);
        let doc = Document::new(&text);
        let infos = line_infos(&doc).0;
        let mut roles = [Lead, Body, Body, Body, Body, Lead, Body];
        raise_wrapped_leads(&infos, &mut roles);
        assert_eq!(roles[5], Lead);
    }

    #[test]
    fn explainer_titles() {
        assert!(wh_title("Why the port strike will not end before spring"));
        assert!(!wh_title("Why would anyone sail in this weather?"));
        assert!(!wh_title("The strike will not end before spring"));
    }

    #[test]
    fn labelled_lead_inside_labelled_sections_is_a_section() {
        let text = "Port strike drags on\nBody.\nUnions: No deal yet\nBody.\n\
            Owners: Waiting it out\nBody.\nCity view: Patience wears thin\nBody.";
        let doc = Document::new(text);
        let infos = line_infos(&doc).0;
        use Role::{Body, Lead, Subheading};
        let mut roles = [Lead, Body, Subheading, Body, Subheading, Body, Lead, Body];
        demote_section_leads(&doc, &infos, &mut roles);
        assert_eq!(roles[6], Subheading);
        // With one labelled line before it, the lead stays.
        let text = text.replacen("Unions: No deal yet", "Unions see no deal yet", 1);
        let doc = Document::new(&text);
        let infos = line_infos(&doc).0;
        let mut roles = [Lead, Body, Subheading, Body, Subheading, Body, Lead, Body];
        demote_section_leads(&doc, &infos, &mut roles);
        assert_eq!(roles[6], Lead);
    }

    #[test]
    fn empty_text_gives_nothing() {
        let mut doc = Document::new("\n\n  \r\n");
        let mut d = Diagnostics::default();
        SegmentStage.run(&mut doc, &mut d);
        assert!(doc.articles.is_empty());
        assert!(doc.noise.is_empty());
    }

    #[test]
    fn assemble_groups_by_roles() {
        let text = "Head one\nBody a.\nBody b.\nBuy now!\nHead two\nBody c.";
        let doc = Document::new(text);
        let roles = [
            Role::Lead,
            Role::Body,
            Role::Body,
            Role::Noise,
            Role::Lead,
            Role::Body,
        ];
        let infos = line_infos(&doc).0;
        let (arts, noise) = assemble(&doc, &roles, &infos);
        assert_eq!(arts.len(), 2);
        assert_eq!(doc.slice(arts[0].span), "Head one\nBody a.\nBody b.");
        assert_eq!(
            arts[1].value.headline.map(|s| doc.slice(s)),
            Some("Head two")
        );
        assert_eq!(noise.len(), 1);
        assert_eq!(doc.slice(noise[0].span), "Buy now!");
    }
}
