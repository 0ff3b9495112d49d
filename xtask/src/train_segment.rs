//! `cargo xtask train-segment`: trains the line-role model of the segment stage.
//!
//! Training dumps are generated here from PolNeAR train articles (../shared/data/polnear/
//! train/text) and the noise pool we wrote (crates/core/data/segment/noise_pool.txt, and
//! with `--more-noise` noise_pool_more.txt too): a few articles are run together in one of
//! several layouts, with noise lines between them, synthetic subheadings and credit notes. Every tenth article and every other noise
//! line is kept back to report held-out scores. The model is a linear-chain model trained
//! with the averaged structured perceptron (fixed seed), written to
//! crates/core/models/segment/weights.bin.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use readout_core::segment_training::{
    line_features, line_roles_with, LineFeatures, Role, Weights, ROLES,
};
use readout_core::Document;

mod closings;
mod sources;

/// A small deterministic random number generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// One source article.
struct Source {
    headline: String,
    /// Further lines of the title block (NYT subtitles).
    head_rest: Vec<String>,
    abstract_: Option<String>,
    paras: Vec<String>,
    /// The story topic, where the corpus groups articles by topic (ECB+): a dump may draw
    /// several articles of one topic, as news dumps do.
    topic: Option<u32>,
}

impl Source {
    /// An article with a headline and paragraphs only (no title block, abstract or topic).
    fn plain(headline: String, paras: Vec<String>) -> Source {
        Source {
            headline,
            head_rest: Vec::new(),
            abstract_: None,
            paras,
            topic: None,
        }
    }
}

fn clean(s: &str) -> String {
    s.replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn load_polnear(dir: &Path, exclude: &HashSet<String>) -> Result<Vec<Source>> {
    let mut out = Vec::new();
    for p in crate::sorted_files(dir, "txt")? {
        if p.file_stem()
            .and_then(|s| s.to_str())
            .is_some_and(|s| exclude.contains(s))
        {
            continue;
        }
        let text = std::fs::read_to_string(&p)?;
        let blocks: Vec<String> = text
            .split("\n\n")
            .map(|b| clean(&b.replace('\n', " ")))
            .filter(|b| !b.is_empty())
            .collect();
        let Some(first) = text.split("\n\n").next() else {
            continue;
        };
        let mut head_lines = first.lines().map(clean).filter(|l| !l.is_empty());
        let headline = head_lines
            .next()
            .unwrap_or_default()
            .trim_end_matches('.')
            .trim()
            .to_string();
        let head_rest: Vec<String> = head_lines.collect();
        let mut abstract_ = None;
        let mut paras = Vec::new();
        let mut mode = 0;
        for b in blocks.iter().skip(1) {
            match b.as_str() {
                "ABSTRACT." => mode = 1,
                "FULL TEXT." => mode = 2,
                _ if mode == 1 => abstract_ = Some(b.clone()),
                _ => {
                    // Paragraphs keep their inner line breaks as separate lines.
                    paras.push(b.clone());
                }
            }
        }
        if headline.is_empty() || paras.len() < 2 {
            continue;
        }
        out.push(Source {
            headline,
            head_rest,
            abstract_,
            paras,
            topic: None,
        });
    }
    Ok(out)
}

fn load_noise(path: &Path) -> Result<Vec<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t').map(|(_, t)| t.trim().to_string()))
        .filter(|t| !t.is_empty())
        .collect())
}

fn split_sentences(p: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = p.as_bytes();
    for (i, c) in p.char_indices() {
        if matches!(c, '.' | '?' | '!') && b.get(i + 1) == Some(&b' ') {
            let next = p[i + 2..].chars().next();
            if next.is_some_and(|n| n.is_uppercase() || n == '“' || n == '"') {
                let prev_word = p[start..i].rsplit(' ').next().unwrap_or("");
                if prev_word.len() <= 2 && prev_word.chars().next().is_some_and(char::is_uppercase)
                {
                    continue; // "Mr." or an initial.
                }
                out.push(p[start..=i].trim().to_string());
                start = i + 2;
            }
        }
    }
    if start < p.len() {
        out.push(p[start..].trim().to_string());
    }
    out.retain(|s| !s.is_empty());
    out
}

fn is_credit(line: &str) -> bool {
    let l = line.to_lowercase();
    [
        "contributed to this report",
        "contributed reporting",
        "additional reporting",
        "first published",
        "originally published",
        "originally appeared",
        "reporting by",
        "editing by",
        "this article appeared",
        "republished",
    ]
    .iter()
    .any(|c| l.contains(c))
}

fn looks_like_subheading(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (1..=10).contains(&words)
        && !line.ends_with(['.', '!', '"', '”', '’', ',', ';', ')'])
        && line.chars().next().is_some_and(char::is_uppercase)
}

const OUTLETS: &[&str] = &[
    "The Conversation",
    "the Daily Ledger",
    "Northern Review",
    "the Harbour Times",
    "Global Affairs Weekly",
    "Capitol Dispatch",
    "the Evening Courier",
    "Policy Matters",
];
const NAMES: &[&str] = &[
    "Ana Ruiz",
    "Tom Becker",
    "Leila Haddad",
    "Piotr Nowak",
    "Grace Obi",
    "Sam Whitfield",
    "Mei Tan",
];

fn synthetic_credit(rng: &mut Rng) -> String {
    let o = OUTLETS[rng.below(OUTLETS.len())];
    let n = NAMES[rng.below(NAMES.len())];
    let m = NAMES[rng.below(NAMES.len())];
    let handle = n.split(' ').next_back().unwrap_or("news").to_lowercase();
    let year = 2012 + rng.below(8);
    match rng.below(21) {
        // Outlet furniture that closes an article page (it belongs to the article).
        16 => format!("© {year} {o}. All rights reserved."),
        17 => format!("Corrections policy | Editorial standards | {o}"),
        18 => format!("{o} is an independent, reader-funded newsroom."),
        19 => format!("Our ethics: how {o} checks its facts and corrects its mistakes."),
        20 => format!("Copyright {year} {o}. This material may not be redistributed without permission."),
        8 => format!("{n} is the author of several books on politics."),
        9 => format!("Article posted with permission from {n}"),
        10 => format!("The Best of {n}"),
        11 => format!("Follow {n} on Twitter: @{handle}"),
        12 => format!("#{handle}"),
        13 => format!("Copyright {o}. Reprinted with permission."),
        14 => format!("{n} is a senior fellow at the Institute for Public Affairs and a former editor of {o}."),
        15 => format!("Reach {} at {handle}@example.com.", n.split(' ').next().unwrap_or("her")),
        0 => format!("This article was originally published by {o}"),
        1 => format!("This story first appeared in {o} and is republished with permission."),
        2 => format!("{n} contributed to this report."),
        3 => format!("Additional reporting by {n}; editing by {m}"),
        4 => format!("Reporting by {n}; Writing by {m}"),
        5 => format!("A version of this article first appeared in {o}"),
        6 => format!("The views expressed in this article are the author's own and were first published in {o}."),
        _ => format!("This piece was first published in {o} and has been edited for length"),
    }
}

fn synthetic_subheading(rng: &mut Rng, next_para: &str) -> Option<String> {
    let words: Vec<&str> = next_para.split_whitespace().take(30).collect();
    if words.len() < 8 {
        return None;
    }
    let len = 2 + rng.below(5);
    let at = rng.below(words.len() - len);
    let mut s: String = words[at..at + len]
        .iter()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if s.is_empty() {
        return None;
    }
    let mut cs = s.chars();
    s = cs
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + cs.as_str())
        .unwrap_or_default();
    match rng.below(6) {
        0 => s.push('?'),
        1 => {
            let name = words
                .iter()
                .find(|w| w.chars().next().is_some_and(char::is_uppercase) && w.len() > 3);
            if let Some(n) = name {
                s = format!("{}: {s}", n.trim_matches(|c: char| !c.is_alphanumeric()));
            }
        }
        2 => s = format!("What {}?", s.to_lowercase()),
        _ => {}
    }
    Some(s)
}

/// A line of in-article clutter that still belongs to the article: list items, bylines,
/// links, captions, widget remnants. Built from the article's own words where it can.
fn junk_line(rng: &mut Rng, para: &str) -> String {
    let words: Vec<&str> = para
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let pick = |rng: &mut Rng, n: usize| -> String {
        if words.is_empty() {
            return "Update".to_string();
        }
        let n = n.min(words.len());
        let at = rng.below(words.len() - n + 1);
        words[at..at + n].join(" ")
    };
    let cap = |s: String| -> String {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    };
    let name = NAMES[rng.below(NAMES.len())];
    let (r2, r5, r6) = (rng.below(2), rng.below(5), rng.below(6));
    match rng.below(12) {
        0 => format!("{}: {}", cap(pick(rng, 1 + r2)), 1 + rng.below(300)),
        1 => format!("By {name}"),
        2 => format!(
            "https://example.com/{}",
            pick(rng, 2).to_lowercase().replace(' ', "-")
        ),
        3 => format!(
            "— {name} (@{}) March {}, 2017",
            name.split(' ').next().unwrap_or("user"),
            1 + rng.below(28)
        ),
        4 => format!("{}.", cap(pick(rng, 1))),
        5 => "~~~".to_string(),
        6 => format!(
            "See the {} here:",
            ["video", "full statement", "letter", "column"][rng.below(4)]
        ),
        7 => format!("* {}", pick(rng, 3 + r5)),
        8 => format!("{}!", cap(pick(rng, 1 + r2))),
        9 => format!(
            "{}, {} {}",
            ["January", "May", "October", "December"][rng.below(4)],
            1 + rng.below(28),
            2015 + rng.below(5)
        ),
        10 => format!("{}?", cap(pick(rng, 4 + r6))),
        _ => format!("{}!", cap(pick(rng, 1))),
    }
}

/// Words of a paragraph, stripped of punctuation.
fn plain_words(para: &str) -> Vec<&str> {
    para.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect()
}

/// A made-up social media handle from a name.
fn handle(rng: &mut Rng, name: &str) -> String {
    let base: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>();
    match rng.below(3) {
        0 => base,
        1 => format!("{base}{}", rng.below(100)),
        _ => base.to_lowercase(),
    }
}

/// A made-up short link code.
fn link_code(rng: &mut Rng) -> String {
    const CH: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    (0..10)
        .map(|_| char::from(CH[rng.below(CH.len())]))
        .collect()
}

/// Another article's headline as a link to it prints inside a page: without the ";" that
/// closes the first line of a split archive title ("Jobs report gives Democrats a lift;"
/// over its subtitle), which belongs to the archive's title block and not to the link.
fn link_title(headline: &str) -> &str {
    headline.trim_end_matches([';', ' '])
}

/// A block of page widget lines left inside an article of a web page (they belong to the
/// article): share counters, reader polls with their sign-up form, embedded posts,
/// hashtags, "watch"/"related" prompts. Written for this project; the topic words come
/// from the article's own paragraph and the other articles' headlines.
fn web_widget(rng: &mut Rng, para: &str, other_headline: &str) -> Vec<String> {
    let words = plain_words(para);
    let pick = |rng: &mut Rng, n: usize| -> String {
        if words.is_empty() {
            return "the vote".to_string();
        }
        let n = n.min(words.len());
        let at = rng.below(words.len() - n + 1);
        words[at..at + n].join(" ")
    };
    let name = NAMES[rng.below(NAMES.len())];
    let months = ["January", "March", "June", "August", "October", "November"];
    match rng.below(9) {
        0 => {
            let n = 10 + rng.below(5000);
            // Counters only: share prompts written as sentences are page furniture that
            // also turns up between articles (the noise pool has them).
            let counter = match rng.below(4) {
                0 => format!("{n} SHARES"),
                1 => format!("{}.{}k Shares", 1 + rng.below(9), rng.below(10)),
                2 => format!("{n} shares {} comments", rng.below(400)),
                _ => format!("{n} Views"),
            };
            vec![counter]
        }
        1 | 2 => {
            // A reader poll: a prompt, the question (often printed more than once), the
            // answers, then the form that collects an address.
            let mut out = Vec::new();
            let prompts = [
                "Vote in our poll - the article continues below",
                "Have your say: vote below",
                "READER POLL",
                "Quick survey (article continues after the poll)",
                "Cast your vote",
            ];
            let n = 3 + rng.below(4);
            let topic = pick(rng, n);
            let q = match rng.below(4) {
                0 => format!("Do you agree with {}?", topic),
                1 => format!("Should {} be stopped?", topic),
                2 => format!("Is {} a good idea?", topic),
                _ => format!("Who is to blame for {}?", topic),
            };
            if rng.chance(0.7) {
                let p = prompts[rng.below(prompts.len())];
                if rng.chance(0.3) {
                    out.push(format!("{p} {q}"));
                } else {
                    out.push(p.to_string());
                }
            }
            for _ in 0..1 + rng.below(3) {
                out.push(q.clone());
            }
            let answers = [
                "Yes, absolutely.",
                "No, not at all.",
                "Not sure yet.",
                "Yes",
                "No",
                "Maybe?",
                "I need more information before I decide.",
                "It depends on the details.",
            ];
            for k in 0..2 + rng.below(3) {
                let a = answers[rng.below(answers.len())];
                out.push(if k == 0 && rng.chance(0.5) {
                    format!("* {a}")
                } else {
                    a.to_string()
                });
            }
            let fields = [
                "Email *",
                "Name *",
                "Email address *",
                "Your email *",
                "Zip code *",
            ];
            for _ in 0..rng.below(3) {
                out.push(fields[rng.below(fields.len())].to_string());
            }
            let notes = [
                "Leave this field empty if you are human.",
                "Please leave this field blank; it is used to block automated entries.",
                "By voting you will receive our updates by email free of charge.",
                "Your vote signs you up for our daily bulletin at no cost.",
                "Unsubscribe whenever you like.",
                "You can cancel your subscription with one click.",
                "By submitting you accept our terms of service and privacy notice.",
                "We respect your privacy and never sell your address.",
            ];
            for _ in 0..rng.below(4) {
                out.push(notes[rng.below(notes.len())].to_string());
            }
            out
        }
        3 => {
            // An embedded post: its text, then the link, author, handle and date.
            let mut out = Vec::new();
            if rng.chance(0.6) {
                let n = 6 + rng.below(10);
                let mut t = pick(rng, n);
                if rng.chance(0.5) {
                    t.push_str(&format!(" #{}", pick(rng, 1)));
                }
                out.push(t);
            }
            let h = handle(rng, name);
            out.push(format!(
                "{}pic.twitter.com/{} — {name} (@{h}) {} {}, {}",
                if rng.chance(0.3) { "#News " } else { "" },
                link_code(rng),
                months[rng.below(months.len())],
                1 + rng.below(28),
                2014 + rng.below(6)
            ));
            out
        }
        4 => {
            let n = 1 + rng.below(4);
            vec![(0..n)
                .map(|_| format!("#{}", pick(rng, 1)))
                .collect::<Vec<_>>()
                .join(" ")]
        }
        5 => {
            let prompts = [
                "Watch the video below:",
                "Click here to watch the full interview.",
                "Click here to read the full report.",
                "Listen to the segment here.",
                "WATCH:",
                "See the clip below.",
            ];
            vec![prompts[rng.below(prompts.len())].to_string()]
        }
        6 => {
            let labels = [
                "Related:",
                "READ MORE:",
                "See also:",
                "RELATED STORY:",
                "Also read:",
            ];
            vec![format!(
                "{} {other_headline}",
                labels[rng.below(labels.len())]
            )]
        }
        7 => {
            let h = handle(rng, name);
            vec![match rng.below(3) {
                0 => format!("Follow {name} on Twitter @{h}."),
                1 => format!(
                    "<tweet id=\"{}\"></tweet>",
                    10_000_000 + rng.below(90_000_000)
                ),
                _ => format!(
                    "Image: {} / {}",
                    pick(rng, 2),
                    OUTLETS[rng.below(OUTLETS.len())]
                ),
            }]
        }
        _ => {
            let h = handle(rng, name);
            vec![format!(
                "— {name} (@{h}) {} {}, {}",
                months[rng.below(months.len())],
                1 + rng.below(28),
                2015 + rng.below(5)
            )]
        }
    }
}

/// A headline as web pages print it: title case, a media tag, a final stop or "!".
fn web_headline(rng: &mut Rng, headline: &str) -> String {
    let mut h = headline.trim_end_matches(['.', ';', ' ']).to_string();
    if rng.chance(0.5) {
        h = h
            .split(' ')
            .map(|w| {
                let small = matches!(
                    w,
                    "a" | "an" | "the" | "of" | "to" | "in" | "on" | "and" | "for"
                );
                if small {
                    w.to_string()
                } else {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                        .unwrap_or_default()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    if rng.chance(0.2) {
        let tags = [" (Video)", " (VIDEO)", " [WATCH]", " (Photos)", " – Video"];
        h.push_str(tags[rng.below(tags.len())]);
    }
    match rng.below(6) {
        0 | 1 => h.push('.'),
        2 => h.push('!'),
        _ => {}
    }
    h
}

fn noise_line(rng: &mut Rng, pool: &[String]) -> String {
    // Short pool lines ("Most read") are kept rarer than sentence-long ones.
    let mut s = pool[rng.below(pool.len())].clone();
    for _ in 0..3 {
        if s.split_whitespace().count() >= 6 || rng.chance(0.3) {
            break;
        }
        s = pool[rng.below(pool.len())].clone();
    }
    if rng.chance(0.15) {
        s.push(' ');
        s.push_str(&pool[rng.below(pool.len())]);
    }
    if rng.chance(0.08) {
        s.push_str(" […]");
    }
    s
}

/// One generated dump: its text and the role of each non-blank line.
struct Dump {
    text: String,
    roles: Vec<Role>,
}

/// Where the articles of a dump come from: PolNeAR, and with probability `mix` an article
/// of the other sources (`extra`); after an article with a topic, half the time the next
/// one shares it with probability `same_topic`; `closings` is the chance that an article
/// ends with a short closing line of its own (a sign-off, an update note) and
/// `inner_short` the chance that it has a short one-line paragraph inside.
struct Articles<'a> {
    arts: &'a [Source],
    extra: &'a [Source],
    mix: f64,
    same_topic: f64,
    closings: f64,
    inner_short: f64,
}

impl Articles<'_> {
    fn pick(&self, rng: &mut Rng, last_topic: Option<u32>) -> &Source {
        if self.extra.is_empty() || self.mix <= 0.0 {
            return &self.arts[rng.below(self.arts.len())];
        }
        if let Some(t) = last_topic {
            if rng.chance(self.same_topic) {
                let same: Vec<&Source> = self.extra.iter().filter(|s| s.topic == Some(t)).collect();
                if !same.is_empty() {
                    return same[rng.below(same.len())];
                }
            }
        }
        if self.arts.is_empty() || rng.chance(self.mix) {
            &self.extra[rng.below(self.extra.len())]
        } else {
            &self.arts[rng.below(self.arts.len())]
        }
    }
}

fn generate(rng: &mut Rng, src_arts: &Articles, pool: &[String]) -> Dump {
    let arts = src_arts.arts;
    let mut last_topic = None;
    let k = if rng.chance(0.12) {
        1
    } else {
        2 + rng.below(7)
    };
    // Layout: 0 lines only, 1 blank line between paragraphs, 2 blank lines between articles
    // too, 3 blank lines between articles only.
    let layout = match rng.below(20) {
        0..=12 => 0,
        13..=15 => 1,
        16..=17 => 2,
        _ => 3,
    };
    let mut lines: Vec<(String, Role, usize)> = Vec::new(); // (text, role, blank lines before)
                                                            // How often headlines keep a final stop varies from one dump to another.
    let period = [0.0, 0.2, 0.5, 0.8, 1.0][rng.below(5)];
    let article_gap = match layout {
        0 => 0,
        1 => 1,
        _ => 2,
    };
    let para_gap = usize::from(layout == 1 || layout == 2);
    let push_noise = |rng: &mut Rng, lines: &mut Vec<(String, Role, usize)>, gap: usize| {
        lines.push((noise_line(rng, pool), Role::Noise, gap));
    };
    if rng.chance(0.08) {
        push_noise(rng, &mut lines, 0);
    }
    for a in 0..k {
        let src = src_arts.pick(rng, last_topic);
        last_topic = src.topic;
        let gap = if lines.is_empty() { 0 } else { article_gap };
        if a > 0 && rng.chance(0.4) {
            push_noise(rng, &mut lines, gap);
            if rng.chance(0.15) {
                push_noise(rng, &mut lines, para_gap);
            }
        }
        let gap = if lines.is_empty() {
            0
        } else if lines.last().is_some_and(|l| l.1 == Role::Noise) {
            para_gap
        } else {
            article_gap
        };
        let mut headline = src.headline.clone();
        if rng.chance(period) && !headline.ends_with(['?', '!']) {
            headline.push('.');
        }
        let mut paras = src.paras.clone();
        // A web page article (one sentence per line, page widgets inside, a headline in
        // title case or with a media tag).
        let web = rng.chance(0.4);
        if web {
            headline = web_headline(rng, &headline);
        }
        let sentence_lines = web || rng.chance(0.3);
        match (&src.abstract_, rng.below(10)) {
            (Some(ab), 0..=3) if src.head_rest.is_empty() => {
                lines.push((headline, Role::Lead, gap));
                lines.push((ab.clone(), Role::Standfirst, para_gap));
            }
            (Some(ab), 0..=4) => {
                // The title block as it stands, with the corpus's section markers.
                lines.push((headline, Role::Lead, gap));
                for r in &src.head_rest {
                    lines.push((r.clone(), Role::Body, para_gap));
                }
                let markers = rng.chance(0.6);
                if markers {
                    lines.push(("ABSTRACT.".to_string(), Role::Body, para_gap));
                }
                lines.push((ab.clone(), Role::Body, para_gap));
                if markers {
                    lines.push(("FULL TEXT.".to_string(), Role::Body, para_gap));
                }
            }
            (Some(ab), 5..=7) => {
                let mut ab = ab.clone();
                if rng.chance(0.7) {
                    ab = ab.trim_end_matches('.').to_string();
                }
                lines.push((ab, Role::Lead, gap));
            }
            (None, 0..=2) if paras.len() > 3 => {
                // A lead that is a summary sentence without a headline.
                let first = split_sentences(&paras[0])
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                // Without its dateline and final stop, as summary leads are written.
                let first = match first.find(" — ").or_else(|| first.find(" - ")) {
                    Some(i) if i < 40 => first[i + 4..].trim().to_string(),
                    _ => first,
                };
                let lead = first.trim_end_matches('.').to_string();
                if lead.split_whitespace().count() >= 8 {
                    lines.push((lead, Role::Lead, gap));
                } else {
                    lines.push((headline, Role::Lead, gap));
                }
            }
            _ => {
                lines.push((headline, Role::Lead, gap));
                for r in &src.head_rest {
                    lines.push((r.clone(), Role::Body, para_gap));
                }
            }
        }
        // Synthetic subheadings in long articles.
        if paras.len() >= 8 && rng.chance(0.35) {
            let n = 2 + rng.below(3);
            for _ in 0..n {
                let at = 2 + rng.below(paras.len() - 3);
                if let Some(sub) = synthetic_subheading(rng, &paras[at]) {
                    paras.insert(at, format!("\u{1}{sub}"));
                }
            }
        }
        if rng.chance(0.15) {
            for _ in 0..1 + rng.below(3) {
                let at = 1 + rng.below(paras.len());
                let src_para = paras
                    .get(at.min(paras.len() - 1))
                    .cloned()
                    .unwrap_or_default();
                let junk = junk_line(rng, &src_para);
                if at < paras.len() || rng.chance(0.3) {
                    paras.insert(at.min(paras.len()), format!("\u{3}{junk}"));
                }
            }
        }
        // Site furniture left inside an article belongs to the article: only what sits
        // between articles is noise.
        if rng.chance(0.15) && paras.len() > 3 {
            for _ in 0..1 + rng.below(3) {
                let at = 1 + rng.below(paras.len() - 2);
                let line = noise_line(rng, pool);
                // Short furniture ("Most read") inside an article would teach that short
                // title-like lines are body text; keep sentence-long pieces only.
                if line.split_whitespace().count() >= 5 {
                    paras.insert(at, format!("\u{3}{line}"));
                }
            }
        }
        // Links to other stories ("Read: <headline>") leave headlines inside articles.
        if rng.chance(0.12) && paras.len() > 4 {
            for _ in 0..1 + rng.below(2) {
                let other = link_title(&arts[rng.below(arts.len())].headline);
                let at = 2 + rng.below(paras.len() - 3);
                paras.insert(at, format!("\u{3}{other}"));
            }
        }
        if web && paras.len() > 2 {
            for _ in 0..1 + rng.below(3) {
                let at = 1 + rng.below(paras.len() - 1);
                let other = &arts[rng.below(arts.len())].headline;
                let block = web_widget(rng, &paras[at], link_title(other));
                for (k, l) in block.into_iter().enumerate() {
                    paras.insert(at + k, format!("\u{3}{l}"));
                }
            }
        }
        if rng.chance(0.08) {
            let name = NAMES[rng.below(NAMES.len())];
            paras.insert(0, format!("\u{3}By {name}"));
        }
        // A short one-line paragraph inside the article and a short closing line at its
        // end, both belonging to it (drawn only when asked for, so that the generator
        // without them draws the same numbers as before).
        if src_arts.inner_short > 0.0 && rng.chance(src_arts.inner_short) && paras.len() > 3 {
            let at = 1 + rng.below(paras.len() - 2);
            let line = closings::short_paragraph(rng, &paras);
            paras.insert(at, format!("\u{3}{line}"));
        }
        if src_arts.closings > 0.0 && rng.chance(src_arts.closings) {
            let line = closings::closing_line(rng, &paras);
            paras.push(format!("\u{3}{line}"));
        }
        if rng.chance(0.25) {
            paras.push(format!("\u{2}{}", synthetic_credit(rng)));
            if rng.chance(0.3) {
                paras.push(format!("\u{2}{}", synthetic_credit(rng)));
            }
        }
        // Noise sits between articles only: the model may not put it inside one.
        let noise_at = usize::MAX;
        let np = paras.len();
        for (pi, p) in paras.iter().enumerate() {
            if pi == noise_at {
                push_noise(rng, &mut lines, para_gap);
            }
            let (text, forced) = if let Some(s) = p.strip_prefix('\u{1}') {
                (s.to_string(), Some(Role::Subheading))
            } else if let Some(s) = p.strip_prefix('\u{2}') {
                (s.to_string(), Some(Role::Credit))
            } else if let Some(s) = p.strip_prefix('\u{3}') {
                (s.to_string(), Some(Role::Body))
            } else {
                (p.clone(), None)
            };
            let role = forced.unwrap_or_else(|| {
                if pi + 2 >= np && is_credit(&text) {
                    Role::Credit
                } else if pi > 0 && pi + 1 < np && looks_like_subheading(&text) {
                    Role::Subheading
                } else {
                    Role::Body
                }
            });
            if sentence_lines && role == Role::Body {
                for (si, s) in split_sentences(&text).into_iter().enumerate() {
                    lines.push((s, Role::Body, if si == 0 { para_gap } else { 0 }));
                }
            } else {
                lines.push((text, role, para_gap));
            }
        }
    }
    // No noise after the last article: the decoder does not end a text on noise.
    let crlf = rng.chance(0.05);
    let nl = if crlf { "\r\n" } else { "\n" };
    let mut text = String::new();
    let mut roles = Vec::new();
    for (i, (t, r, gap)) in lines.into_iter().enumerate() {
        if t.trim().is_empty() {
            continue;
        }
        if i > 0 {
            text.push_str(nl);
            for _ in 0..gap {
                text.push_str(nl);
            }
        }
        text.push_str(t.trim());
        roles.push(r);
    }
    Dump { text, roles }
}

/// Counts for one evaluation pass.
#[derive(Default)]
struct Counts {
    lines: usize,
    right: usize,
    b_tp: usize,
    b_pred: usize,
    b_gold: usize,
    n_tp: usize,
    n_pred: usize,
    n_gold: usize,
}

impl Counts {
    fn add(&mut self, gold: &[Role], pred: &[Role]) {
        let starts = |r: &[Role]| -> Vec<usize> {
            let mut v = Vec::new();
            let mut seen = false;
            for (i, x) in r.iter().enumerate() {
                if *x == Role::Lead || (!seen && *x != Role::Noise) {
                    v.push(i);
                }
                if *x != Role::Noise {
                    seen = true;
                }
            }
            v.retain(|&i| i > 0);
            v
        };
        let g = starts(gold);
        let p = starts(pred);
        self.b_tp += p.iter().filter(|i| g.contains(i)).count();
        self.b_pred += p.len();
        self.b_gold += g.len();
        for (a, b) in gold.iter().zip(pred) {
            self.lines += 1;
            self.right += usize::from(a == b);
            let (an, bn) = (*a == Role::Noise, *b == Role::Noise);
            self.n_tp += usize::from(an && bn);
            self.n_pred += usize::from(bn);
            self.n_gold += usize::from(an);
        }
    }
    fn f1s(&self) -> (f64, f64) {
        let f = |tp: usize, p: usize, g: usize| {
            let pr = tp as f64 / p.max(1) as f64;
            let rc = tp as f64 / g.max(1) as f64;
            2.0 * pr * rc / (pr + rc).max(1e-9)
        };
        (
            f(self.b_tp, self.b_pred, self.b_gold),
            f(self.n_tp, self.n_pred, self.n_gold),
        )
    }

    fn report(&self, label: &str) {
        let f = |tp: usize, p: usize, g: usize| {
            let pr = tp as f64 / p.max(1) as f64;
            let rc = tp as f64 / g.max(1) as f64;
            (pr, rc, 2.0 * pr * rc / (pr + rc).max(1e-9))
        };
        let (bp, br, bf) = f(self.b_tp, self.b_pred, self.b_gold);
        let (np, nr, nf) = f(self.n_tp, self.n_pred, self.n_gold);
        println!(
            "{label}: line acc {:.4}; boundaries P {bp:.4} R {br:.4} F1 {bf:.4}; noise P {np:.4} R {nr:.4} F1 {nf:.4}",
            self.right as f64 / self.lines.max(1) as f64
        );
    }
}

/// The weights with `lead` added to every transition into a lead and `noise` to every
/// transition into noise (the same as a bias on those roles).
fn shifted(w: &Weights, lead: f32, noise: f32) -> Weights {
    let mut w = w.clone();
    for p in 0..ROLES {
        w.trans[p * ROLES + Role::Lead as usize] += lead;
        w.trans[p * ROLES + Role::Noise as usize] += noise;
    }
    w.start[Role::Lead as usize] += lead;
    w.start[Role::Noise as usize] += noise;
    w
}

/// Averaged perceptron state.
struct Trainer {
    w: Weights,
    acc: Weights,
    c: f32,
}

impl Trainer {
    fn new() -> Trainer {
        Trainer {
            w: Weights::zero(),
            acc: Weights::zero(),
            c: 1.0,
        }
    }

    fn bump(&mut self, which: u8, idx: usize, d: f32) {
        let c = self.c;
        let (w, a) = match which {
            0 => (&mut self.w.emit, &mut self.acc.emit),
            1 => (&mut self.w.trans, &mut self.acc.trans),
            _ => (&mut self.w.start, &mut self.acc.start),
        };
        if let (Some(x), Some(y)) = (w.get_mut(idx), a.get_mut(idx)) {
            *x += d;
            *y += c * d;
        }
    }

    fn update(&mut self, feats: &LineFeatures, gold: &[Role], pred: &[Role]) {
        for i in 0..gold.len() {
            let (g, p) = (gold[i] as usize, pred[i] as usize);
            if g != p {
                for &f in feats.line(i) {
                    self.bump(0, f as usize * ROLES + g, 1.0);
                    self.bump(0, f as usize * ROLES + p, -1.0);
                }
            }
            if i == 0 {
                if g != p {
                    self.bump(2, g, 1.0);
                    self.bump(2, p, -1.0);
                }
            } else {
                let (gp, pp) = (gold[i - 1] as usize, pred[i - 1] as usize);
                if (gp, g) != (pp, p) {
                    self.bump(1, gp * ROLES + g, 1.0);
                    self.bump(1, pp * ROLES + p, -1.0);
                }
            }
        }
        self.c += 1.0;
    }

    fn averaged(&self) -> Weights {
        let avg = |w: &[f32], a: &[f32]| w.iter().zip(a).map(|(w, a)| w - a / self.c).collect();
        Weights {
            emit: avg(&self.w.emit, &self.acc.emit),
            trans: avg(&self.w.trans, &self.acc.trans),
            start: avg(&self.w.start, &self.acc.start),
        }
    }
}

/// log(exp(a) + exp(b)) without overflow.
fn log_add(a: f32, b: f32) -> f32 {
    if a == f32::NEG_INFINITY {
        return b;
    }
    if b == f32::NEG_INFINITY {
        return a;
    }
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    hi + (lo - hi).exp().ln_1p()
}

/// A linear-chain CRF over the same features and roles, trained by stochastic gradient
/// ascent on the log-likelihood (AdaGrad step sizes), with the weights averaged over all
/// steps as the perceptron's are. Training sees only [`Role::may_follow`]; the decoder's
/// rule that an article has three lines or more is left to decoding.
struct Crf {
    tr: Trainer,
    g2: Weights,
    lr: f32,
}

impl Crf {
    fn step(&mut self, feats: &LineFeatures, gold: &[Role]) {
        let n = gold.len();
        if n == 0 {
            return;
        }
        let w = &self.tr.w;
        let ok = |p: Option<usize>, r: usize| Role::ALL[r].may_follow(p.and_then(Role::from_index));
        let mut e = vec![[0f32; ROLES]; n];
        for (i, ei) in e.iter_mut().enumerate() {
            w.emission(feats.line(i), ei);
        }
        let ninf = f32::NEG_INFINITY;
        let mut a = vec![[ninf; ROLES]; n];
        for r in 0..ROLES {
            if ok(None, r) {
                a[0][r] = w.start[r] + e[0][r];
            }
        }
        for i in 1..n {
            let prev = a[i - 1];
            for r in 0..ROLES {
                let mut acc = ninf;
                for (p, &ap) in prev.iter().enumerate() {
                    if ap > ninf && ok(Some(p), r) {
                        acc = log_add(acc, ap + w.trans[p * ROLES + r]);
                    }
                }
                a[i][r] = if acc > ninf { acc + e[i][r] } else { ninf };
            }
        }
        let mut b = vec![[ninf; ROLES]; n];
        b[n - 1] = [0.0; ROLES];
        for i in (0..n - 1).rev() {
            for p in 0..ROLES {
                let mut acc = ninf;
                for r in 0..ROLES {
                    if ok(Some(p), r) && b[i + 1][r] > ninf {
                        acc = log_add(acc, w.trans[p * ROLES + r] + e[i + 1][r] + b[i + 1][r]);
                    }
                }
                b[i][p] = acc;
            }
        }
        let z = a[n - 1].iter().fold(ninf, |m, &x| log_add(m, x));
        if !z.is_finite() {
            return;
        }
        let mut grads: Vec<(u8, usize, f32)> = Vec::new();
        for i in 0..n {
            let g = gold[i] as usize;
            for r in 0..ROLES {
                let pr = if a[i][r] > ninf && b[i][r] > ninf {
                    (a[i][r] + b[i][r] - z).exp()
                } else {
                    0.0
                };
                let d = f32::from(u8::from(g == r)) - pr;
                if d.abs() < 1e-4 {
                    continue;
                }
                for &f in feats.line(i) {
                    grads.push((0, f as usize * ROLES + r, d));
                }
                if i == 0 {
                    grads.push((2, r, d));
                }
            }
            if i > 0 {
                let gp = gold[i - 1] as usize;
                for (p, &ap) in a[i - 1].iter().enumerate() {
                    if ap == ninf {
                        continue;
                    }
                    for r in 0..ROLES {
                        if !ok(Some(p), r) || b[i][r] == ninf {
                            continue;
                        }
                        let pr = (ap + w.trans[p * ROLES + r] + e[i][r] + b[i][r] - z).exp();
                        let d = f32::from(u8::from(gp == p && g == r)) - pr;
                        if d.abs() >= 1e-4 {
                            grads.push((1, p * ROLES + r, d));
                        }
                    }
                }
            }
        }
        for (which, idx, d) in grads {
            let g2 = match which {
                0 => &mut self.g2.emit,
                1 => &mut self.g2.trans,
                _ => &mut self.g2.start,
            };
            let Some(s) = g2.get_mut(idx) else { continue };
            *s += d * d;
            let step = self.lr * d / (s.sqrt() + 1e-6);
            self.tr.bump(which, idx, step);
        }
        self.tr.c += 1.0;
    }
}

fn drop_lexical(f: &LineFeatures, rng: &mut Rng, p: f64) -> LineFeatures {
    let mut out = f.clone();
    for b in &mut out.bounds {
        if rng.chance(p) {
            b.2 = b.1;
        }
    }
    out
}

/// Runs the task.
pub fn run(args: &[String]) -> Result<bool> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .context("workspace root")?
        .to_path_buf();
    // The shared folder sits next to the checkout (or next to the worktrees' folder).
    let mut shared = root.join("../shared");
    if !shared.exists() {
        shared = root.join("../../shared");
    }
    let mut epochs = 10usize;
    let mut per_epoch = 2500usize;
    let mut drop = 0.4f64;
    // The share of articles drawn from the other sources (ECB+, AQUAINT, GUM news); 0 (the
    // default) is the PolNeAR-only generator of the committed weights.
    let mut mix = 0.0f64;
    // After an ECB+ article, the chance that the next article shares its topic (the same
    // event, near-identical vocabulary across the boundary; 0.5 made dev worse).
    let mut same_topic = 0.0f64;
    // The chance that an article ends with a short closing line of its own ("Thank you for
    // reading.", an update note), so that a short last line is not noise by itself (0, the
    // default, draws the generator of the committed weights; round 5 measured 0.2).
    let mut closings = 0.0f64;
    // Appends the round-5 noise lines (noise_pool_more.txt) to the pool.
    let mut more_noise = false;
    // Noise files appended to the pool after those (in order), to measure new noise lines.
    let mut add_pools: Vec<PathBuf> = Vec::new();
    // The chance that an article has a short one-line paragraph inside ("Really?"), so
    // that a short line does not mark an article's end by itself.
    let mut inner_short = 0.0f64;
    // A noise file whose held-out (odd) lines make a fixed report: the trainer's own
    // held-out noise changes with the pool, this one does not.
    let mut report_noise: Option<PathBuf> = None;
    // The weights that `--score`, `--try-calibration` and `--score-generated` read (the
    // committed file unless `--weights`, given before them, names another).
    let mut weights_path = root.join("crates/core/models/segment/weights.bin");
    // The noise pool (the committed one unless `--pool` names another, to compare pools).
    let mut pool_path = root.join("crates/core/data/segment/noise_pool.txt");
    // Which of the other sources to mix in (comma-separated: ecbplus, aquaint, gum).
    let mut extra_names = "ecbplus,aquaint,gum".to_string();
    let mut seeds = 1usize;
    // The seed of the first perceptron run (the others follow it), to measure how much
    // scores move from one set of runs to another.
    let mut seed_base = 42u64;
    let mut dev: Option<PathBuf> = None;
    let mut calibrate_dev = false;
    // Leaves out the PolNeAR train articles that the dumps of dumps.dev.jsonl are built
    // from, so that dev measures articles the model has not seen.
    let mut exclude_dev = false;
    // Also trains a CRF (AdaGrad with this base rate) on the same dumps in each run, and
    // averages its weights (times `crf_scale`) with the perceptron's; `--crf-only` leaves
    // the perceptron out.
    let mut crf_rate: Option<f32> = None;
    let mut crf_scale = 25f32;
    let mut crf_only = false;
    // Scores the committed weights on the generated held-out dumps, with and without the
    // stage's rules, instead of training.
    let mut score_generated = false;
    // Where the weights go (the committed file unless `--out` says otherwise).
    let mut out: Option<PathBuf> = None;
    // Prints this many generated training dumps instead of training.
    let mut sample: Option<usize> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--shared" => shared = PathBuf::from(it.next().context("--shared needs a folder")?),
            "--epochs" => epochs = it.next().context("--epochs needs a number")?.parse()?,
            "--dumps" => per_epoch = it.next().context("--dumps needs a number")?.parse()?,
            "--debug" => {
                return debug(&root, Path::new(it.next().context("--debug needs a file")?));
            }
            "--score" => {
                // Scores the committed weights on gold dumps, without training; with
                // SEGMENT_SHIFT="LEAD NOISE", shifted by those amounts on top.
                let bytes = std::fs::read(&weights_path)?;
                let mut w = Weights::decode(&bytes).context("bad weights")?;
                if let Some(sh) = std::env::var_os("SEGMENT_SHIFT") {
                    let sh = sh.to_string_lossy().to_string();
                    let v: Vec<f32> = sh
                        .split_whitespace()
                        .filter_map(|x| x.parse().ok())
                        .collect();
                    if let [lead, noise] = v[..] {
                        w = shifted(&w, lead, noise);
                    }
                }
                report_dev(Path::new(it.next().context("--score needs a file")?), &w)?;
                return Ok(true);
            }
            "--try-calibration" => {
                // Shows what half-A calibration would do to the committed weights.
                let bytes = std::fs::read(&weights_path)?;
                let w = Weights::decode(&bytes).context("bad weights")?;
                let path = PathBuf::from(it.next().context("--try-calibration needs a file")?);
                let (lead, noise) = calibrate_on_half_a(&path, &w, &[])?;
                report_dev(&path, &shifted(&w, lead, noise))?;
                return Ok(true);
            }
            "--speed" => return speed(Path::new(it.next().context("--speed needs a file")?)),
            "--seed-base" => {
                seed_base = it.next().context("--seed-base needs a number")?.parse()?
            }
            "--seeds" => seeds = it.next().context("--seeds needs a number")?.parse()?,
            "--drop" => drop = it.next().context("--drop needs a probability")?.parse()?,
            "--sample" => sample = Some(it.next().context("--sample needs a number")?.parse()?),
            "--same-topic" => {
                same_topic = it
                    .next()
                    .context("--same-topic needs a probability")?
                    .parse()?;
            }
            "--pool" => pool_path = PathBuf::from(it.next().context("--pool needs a file")?),
            "--more-noise" => more_noise = true,
            "--add-pool" => {
                add_pools.push(PathBuf::from(it.next().context("--add-pool needs a file")?));
            }
            "--weights" => {
                weights_path = PathBuf::from(it.next().context("--weights needs a file")?);
            }
            "--inner-short" => {
                inner_short = it
                    .next()
                    .context("--inner-short needs a probability")?
                    .parse()?;
            }
            "--closings" => {
                closings = it
                    .next()
                    .context("--closings needs a probability")?
                    .parse()?;
            }
            "--report-noise" => {
                report_noise = Some(PathBuf::from(
                    it.next().context("--report-noise needs a file")?,
                ));
            }
            "--sources" => extra_names = it.next().context("--sources needs names")?.clone(),
            "--mix" => mix = it.next().context("--mix needs a probability")?.parse()?,
            "--calibrate-dev" => calibrate_dev = true,
            "--exclude-dev-articles" => exclude_dev = true,
            "--crf" => crf_rate = Some(it.next().context("--crf needs a rate")?.parse()?),
            "--crf-only" => crf_only = true,
            "--crf-scale" => {
                crf_scale = it.next().context("--crf-scale needs a number")?.parse()?
            }
            "--score-generated" => score_generated = true,
            "--out" => out = Some(PathBuf::from(it.next().context("--out needs a file")?)),
            "--dev" => dev = Some(PathBuf::from(it.next().context("--dev needs a file")?)),
            other => bail!("unknown option {other}"),
        }
    }
    let exclude = if exclude_dev {
        sources::dev_article_ids(&shared.join("data/dumps.dev.jsonl"), "polnear")?
    } else {
        HashSet::new()
    };
    let arts = load_polnear(&shared.join("data/polnear/train/text"), &exclude)?;
    let mut pool = load_noise(&pool_path)?;
    if more_noise {
        // The first pool has an even number of lines, so each keeps its half.
        pool.extend(load_noise(
            &root.join("crates/core/data/segment/noise_pool_more.txt"),
        )?);
    }
    for path in &add_pools {
        pool.extend(load_noise(path)?);
    }
    let (train_arts, val_arts): (Vec<_>, Vec<_>) =
        arts.into_iter().enumerate().partition(|(i, _)| i % 10 != 0);
    let train_arts: Vec<Source> = train_arts.into_iter().map(|x| x.1).collect();
    let val_arts: Vec<Source> = val_arts.into_iter().map(|x| x.1).collect();
    // The other sources, every tenth article of each held out as for PolNeAR.
    let mut train_extra: Vec<Source> = Vec::new();
    let mut val_extra: Vec<Source> = Vec::new();
    // They are loaded even without mixing, for the held-out report on other sources; a
    // source whose files are missing is left out with a note.
    {
        let data = shared.join("data");
        let wanted = |n: &str| extra_names.split(',').any(|x| x.trim() == n);
        let mut lists = Vec::new();
        if wanted("ecbplus") {
            let l = sources::load_ecbplus(&data.join("ecbplus/docs.dev.jsonl"));
            lists.push(("ECB+", l, true));
        }
        if wanted("aquaint") {
            let l = sources::load_aquaint(&data.join("tempeval3/TBAQ-cleaned/AQUAINT"));
            lists.push(("AQUAINT", l, true));
        }
        if wanted("gum") {
            let l = sources::load_gum_news(&data.join("treebanks/GUM/ud/en_gum-ud-train.conllu"));
            lists.push(("GUM news", l, true));
        }
        if wanted("ptc") {
            // Never the articles the dev dumps are built from; all of them train (the dev
            // dumps' PTC articles are their held-out check).
            let l = sources::dev_article_ids(&data.join("dumps.dev.jsonl"), "ptc")
                .and_then(|ex| sources::load_ptc(&data.join("ptc/train-articles"), &ex));
            lists.push(("PTC (not in dumps.dev)", l, false));
        }
        for (name, list, hold_out) in lists {
            let list = match list {
                Ok(l) => l,
                Err(e) => {
                    println!("{name}: left out ({e:#})");
                    continue;
                }
            };
            println!("{name}: {} articles", list.len());
            for (i, s) in list.into_iter().enumerate() {
                if hold_out && i % 10 == 0 {
                    val_extra.push(s);
                } else {
                    train_extra.push(s);
                }
            }
        }
    }
    let train_pool: Vec<String> = pool.iter().step_by(2).cloned().collect();
    let val_pool: Vec<String> = pool.iter().skip(1).step_by(2).cloned().collect();
    println!(
        "articles: {} train, {} held out (other sources {} train, {} held out, mix {mix}); noise lines: {} train, {} held out",
        train_arts.len(),
        val_arts.len(),
        train_extra.len(),
        val_extra.len(),
        train_pool.len(),
        val_pool.len()
    );
    let val_src = Articles {
        arts: &val_arts,
        extra: &[],
        mix: 0.0,
        same_topic: 0.0,
        closings,
        inner_short,
    };
    let mut vrng = Rng(7);
    let val: Vec<(LineFeatures, Vec<Role>)> = (0..400)
        .map(|_| {
            let d = generate(&mut vrng, &val_src, &val_pool);
            (line_features(&Document::new(d.text)), d.roles)
        })
        .collect();
    // Held-out dumps made only of held-out articles of the other sources (reported, never
    // used for calibration).
    let val_extra_src = Articles {
        arts: &val_extra,
        extra: &[],
        mix: 0.0,
        same_topic: 0.0,
        closings,
        inner_short,
    };
    let extra_docs = |seed: u64| -> Vec<(Document, Vec<Role>)> {
        if val_extra.is_empty() {
            return Vec::new();
        }
        let mut r = Rng(seed);
        (0..200)
            .map(|_| {
                let d = generate(&mut r, &val_extra_src, &val_pool);
                (Document::new(d.text), d.roles)
            })
            .collect()
    };
    if score_generated {
        // The same 400 dumps again (same seed), as documents, so that the stage's rules
        // (which need the text) can run: a check of the rules on data they were not
        // written from.
        let bytes = std::fs::read(&weights_path)?;
        let w = Weights::decode(&bytes).context("bad weights")?;
        let mut vrng = Rng(7);
        let (mut plain, mut ruled) = (Counts::default(), Counts::default());
        for _ in 0..400 {
            let d = generate(&mut vrng, &val_src, &val_pool);
            let doc = Document::new(d.text);
            plain.add(&d.roles, &w.decode_roles(&line_features(&doc)));
            ruled.add(&d.roles, &line_roles_with(&doc, &w));
        }
        plain.report("generated held-out, decoder alone");
        ruled.report("generated held-out, with the stage's rules");
        report_extra(&extra_docs(8), &w);
        return Ok(true);
    }
    let train_src = Articles {
        arts: &train_arts,
        extra: &train_extra,
        mix,
        same_topic,
        closings,
        inner_short,
    };
    if let Some(n) = sample {
        // Prints generated training dumps with each line's role, to read what the model
        // is trained on.
        let mut rng = Rng(1000 + n as u64);
        for _ in 0..n {
            let d = generate(&mut rng, &train_src, &pool);
            let doc = Document::new(d.text);
            for (l, r) in doc.lines.iter().zip(&d.roles) {
                println!("{:<10} {}", format!("{r:?}"), doc.slice(l.span));
            }
            println!("==========");
        }
        return Ok(true);
    }
    // Several runs with different seeds are averaged: one perceptron run depends on the
    // order of its examples, the average much less.
    let mut runs: Vec<Weights> = Vec::new();
    for run in 0..seeds {
        let mut rng = Rng(seed_base + run as u64);
        let mut tr = Trainer::new();
        let mut crf = crf_rate.map(|lr| Crf {
            tr: Trainer::new(),
            g2: Weights::zero(),
            lr,
        });
        for epoch in 0..epochs {
            let mut counts = Counts::default();
            for _ in 0..per_epoch {
                // Half the dumps use the whole pool, so the final model knows all of it.
                let pool_now = if rng.chance(0.5) { &pool } else { &train_pool };
                let d = generate(&mut rng, &train_src, pool_now);
                let doc = Document::new(d.text);
                let feats = line_features(&doc);
                if feats.len() != d.roles.len() {
                    bail!(
                        "line count mismatch: {} features, {} roles",
                        feats.len(),
                        d.roles.len()
                    );
                }
                let f = drop_lexical(&feats, &mut rng, drop);
                if let Some(c) = crf.as_mut() {
                    c.step(&f, &d.roles);
                    if crf_only {
                        continue;
                    }
                }
                let pred = tr.w.decode_roles(&f);
                counts.add(&d.roles, &pred);
                tr.update(&f, &d.roles, &pred);
            }
            counts.report(&format!("epoch {epoch} train"));
            let avg = crf
                .as_ref()
                .map_or_else(|| tr.averaged(), |c| c.tr.averaged());
            let mut vc = Counts::default();
            for (f, g) in &val {
                vc.add(g, &avg.decode_roles(f));
            }
            vc.report(&format!("epoch {epoch} held-out"));
        }
        if let Some(c) = &crf {
            // CRF weights are log-odds; the calibration's shifts are in the perceptron's
            // units, so the weights are scaled into that range.
            let mut done = c.tr.averaged();
            for x in done
                .emit
                .iter_mut()
                .chain(&mut done.trans)
                .chain(&mut done.start)
            {
                *x *= crf_scale;
            }
            runs.push(done);
        }
        if !(crf.is_some() && crf_only) {
            runs.push(tr.averaged());
        }
    }
    let mut avg = Weights::zero();
    let k = runs.len().max(1) as f32;
    for r in &runs {
        for (a, b) in avg.emit.iter_mut().zip(&r.emit) {
            *a += b / k;
        }
        for (a, b) in avg.trans.iter_mut().zip(&r.trans) {
            *a += b / k;
        }
        for (a, b) in avg.start.iter_mut().zip(&r.start) {
            *a += b / k;
        }
    }
    // Calibrate: shift the scores of entering a lead and noise so that boundaries and noise
    // balance precision and recall on the held-out dumps (not on any evaluation set).
    let mut best = (f64::NEG_INFINITY, 0f32, 0f32);
    for lead in [0f32, 15.0, 30.0, 45.0, 60.0, 90.0] {
        for noise in [-30f32, -15.0, 0.0, 15.0, 30.0] {
            let w = shifted(&avg, lead, noise);
            let mut vc = Counts::default();
            for (f, g) in &val {
                vc.add(g, &w.decode_roles(f));
            }
            let score = vc.f1s().0 + vc.f1s().1;
            if score > best.0 {
                best = (score, lead, noise);
            }
        }
    }
    if calibrate_dev {
        let dev = dev.as_ref().context("--calibrate-dev needs --dev")?;
        let (lead, noise) = calibrate_on_half_a(dev, &avg, &val)?;
        best = (0.0, lead, noise);
    }
    println!("calibration: lead {:+}, noise {:+}", best.1, best.2);
    avg = shifted(&avg, best.1, best.2);
    let bytes = avg.encode();
    let back = Weights::decode(&bytes).context("the encoded weights do not decode")?;
    let mut vc = Counts::default();
    for (f, g) in &val {
        vc.add(g, &back.decode_roles(f));
    }
    vc.report("final (quantised) held-out");
    if let Some(path) = &report_noise {
        // The same held-out articles (generation seed 7), with the held-out lines of a
        // fixed noise file.
        let fixed: Vec<String> = load_noise(path)?.into_iter().skip(1).step_by(2).collect();
        let mut r = Rng(7);
        let mut fc = Counts::default();
        for _ in 0..400 {
            let d = generate(&mut r, &val_src, &fixed);
            fc.add(
                &d.roles,
                &back.decode_roles(&line_features(&Document::new(d.text))),
            );
        }
        fc.report(&format!("held-out with the noise of {}", path.display()));
    }
    report_extra(&extra_docs(8), &back);
    if let Some(dev) = &dev {
        report_dev(dev, &back)?;
    }
    let out = out.unwrap_or_else(|| root.join("crates/core/models/segment/weights.bin"));
    std::fs::write(&out, &bytes)?;
    println!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(true)
}

/// Scores `w` (with the stage's rules) on generated dumps of held-out articles of the other
/// sources (empty without them).
fn report_extra(docs: &[(Document, Vec<Role>)], w: &Weights) {
    if docs.is_empty() {
        return;
    }
    let mut c = Counts::default();
    for (k, (doc, gold)) in docs.iter().enumerate() {
        let pred = line_roles_with(doc, w);
        if std::env::var_os("SEGMENT_DEV_ERRORS").is_some() {
            print_errors(doc, k, gold, &pred);
        }
        c.add(gold, &pred);
    }
    c.report("generated held-out, other sources, with the stage's rules");
}

/// The role of every non-blank line of a gold dump: the first line of each article is a
/// lead, lines inside a noise span are noise, the rest body (enough for boundary and noise
/// counts). Gold offsets count characters; document spans count bytes.
fn gold_roles(doc: &Document, d: &serde_json::Value) -> Vec<Role> {
    let text = doc.text();
    let char_to_byte: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let byte = |v: &serde_json::Value| -> Option<usize> {
        let c = v.as_u64()? as usize;
        char_to_byte.get(c).copied()
    };
    let lines = doc.lines.as_slice();
    let line_of = |b: usize| {
        lines
            .iter()
            .position(|l| l.span.end as usize >= b && l.span.start as usize <= b)
    };
    let mut roles = vec![Role::Body; lines.len()];
    for a in d["articles"].as_array().into_iter().flatten() {
        let Some(mut s) = byte(&a["start"]) else {
            continue;
        };
        while text.as_bytes().get(s).is_some_and(u8::is_ascii_whitespace) {
            s += 1;
        }
        if let Some(i) = line_of(s) {
            roles[i] = Role::Lead;
        }
    }
    for n in d["noise"].as_array().into_iter().flatten() {
        let (Some(s), Some(e)) = (byte(&n["start"]), byte(&n["end"])) else {
            continue;
        };
        for (i, l) in lines.iter().enumerate() {
            if (l.span.start as usize) < e && l.span.end as usize > s {
                roles[i] = Role::Noise;
            }
        }
    }
    roles
}

/// Reads gold dumps: each document with the gold role of its lines.
fn load_dev(path: &Path) -> Result<Vec<(Document, Vec<Role>)>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for line in text.lines() {
        let d: serde_json::Value = serde_json::from_str(line)?;
        let doc = Document::new(d["text"].as_str().unwrap_or("").to_string());
        let gold = gold_roles(&doc, &d);
        out.push((doc, gold));
    }
    Ok(out)
}

/// Chooses the lead and noise shifts on half A of the gold dumps (the even-numbered ones;
/// half B stays untouched for reporting): two numbers, a bias per role. The trainer's
/// held-out dumps `val` (generated, decoded without the stage's rules) count as much as
/// half A, so that 60 dumps alone do not decide the shifts.
fn calibrate_on_half_a(
    path: &Path,
    w: &Weights,
    val: &[(LineFeatures, Vec<Role>)],
) -> Result<(f32, f32)> {
    let dev = load_dev(path)?;
    let mut best = (f64::NEG_INFINITY, 0f32, 0f32);
    for lead in [-60f32, -45.0, -30.0, -15.0, 0.0, 15.0, 30.0, 60.0] {
        for noise in [-240f32, -180.0, -120.0, -90.0, -60.0, -30.0, 0.0, 30.0] {
            let sw = shifted(w, lead, noise);
            let mut c = Counts::default();
            for (doc, gold) in dev.iter().step_by(2) {
                c.add(gold, &line_roles_with(doc, &sw));
            }
            let (b, n) = c.f1s();
            let mut vc = Counts::default();
            for (f, g) in val {
                vc.add(g, &sw.decode_roles(f));
            }
            let (vb, vn) = vc.f1s();
            if b + n + vb + vn > best.0 {
                best = (b + n + vb + vn, lead, noise);
            }
        }
    }
    println!(
        "half A calibration: lead {:+}, noise {:+} (boundary + noise F1, with the held-out dumps: {:.4})",
        best.1, best.2, best.0
    );
    Ok((best.1, best.2))
}

/// Scores `w` (with the stage's rules) on the gold dumps in `path`: the even-numbered
/// dumps (half A), the odd-numbered ones (half B) and all of them. Only reported, never
/// trained on.
fn report_dev(path: &Path, w: &Weights) -> Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut halves = [Counts::default(), Counts::default(), Counts::default()];
    for (k, line) in text.lines().enumerate() {
        let d: serde_json::Value = serde_json::from_str(line)?;
        let doc = Document::new(d["text"].as_str().unwrap_or("").to_string());
        let gold = gold_roles(&doc, &d);
        let pred = line_roles_with(&doc, w);
        if std::env::var_os("SEGMENT_DEV_ERRORS").is_some() {
            print_errors(&doc, k, &gold, &pred);
        }
        if std::env::var_os("SEGMENT_DUMP_ROLES").is_some() {
            let feats = line_features(&doc);
            for (i, l) in doc.lines.iter().enumerate() {
                let mut e = [0f32; ROLES];
                w.emission(feats.line(i), &mut e);
                println!(
                    "ROLE\t{k}\t{i}\t{}\t{}\t{}\t{}",
                    gold[i] as usize,
                    pred[i] as usize,
                    e.iter()
                        .map(|x| format!("{x:.1}"))
                        .collect::<Vec<_>>()
                        .join(","),
                    doc.slice(l.span).replace('\t', " ")
                );
            }
        }
        halves[k % 2].add(&gold, &pred);
        halves[2].add(&gold, &pred);
    }
    halves[0].report("dev half A");
    halves[1].report("dev half B");
    halves[2].report("dev all");
    Ok(())
}

/// Prints the boundary and noise errors of one dump (with `SEGMENT_DEV_ERRORS` set).
fn print_errors(doc: &Document, k: usize, gold: &[Role], pred: &[Role]) {
    let lines = doc.lines.as_slice();
    let text = |i: usize| -> String {
        lines
            .get(i)
            .map(|l| doc.slice(l.span).chars().take(90).collect())
            .unwrap_or_default()
    };
    for i in 1..gold.len() {
        let (g, p) = (gold[i], pred[i]);
        let tag = match (
            g == Role::Lead,
            p == Role::Lead,
            g == Role::Noise,
            p == Role::Noise,
        ) {
            (true, false, _, _) => "MISS",
            (false, true, _, _) => "FALSE",
            (_, _, true, false) => "NMISS",
            (_, _, false, true) => "NFALSE",
            _ => continue,
        };
        println!(
            "d{k:03} {tag:6} {:?}->{:?} {} || prev: {}",
            g,
            p,
            text(i),
            text(i - 1)
        );
    }
}

/// `cargo xtask train-segment --debug FILE`: prints each line's role and emission scores.
fn debug(root: &Path, file: &Path) -> Result<bool> {
    let bytes = std::fs::read(root.join("crates/core/models/segment/weights.bin"))?;
    let w = Weights::decode(&bytes).context("bad weights")?;
    let text = std::fs::read_to_string(file)?;
    let doc = Document::new(text);
    let feats = line_features(&doc);
    let roles = w.decode_roles(&feats);
    for (i, l) in doc.lines.iter().enumerate() {
        let mut e = [0f32; ROLES];
        w.emission(feats.line(i), &mut e);
        let mut s = [0f32; ROLES];
        w.emission(feats.line_structural(i), &mut s);
        let t: String = doc.slice(l.span).chars().take(70).collect();
        println!(
            "{i:4} {:?} L{:6.1} S{:6.1} B{:6.1} H{:6.1} C{:6.1} N{:6.1} | struct L{:6.1} B{:6.1} H{:6.1} N{:6.1} | {t}",
            roles[i], e[0], e[1], e[2], e[3], e[4], e[5], s[0], s[2], s[3], s[5]
        );
    }
    Ok(true)
}

/// CPU seconds used by this process so far (Linux `/proc/self/stat`, 100 ticks a second).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// `cargo xtask train-segment --speed FILE`: segment throughput per CPU second (the machine
/// may be shared, so wall time would understate it). FILE is one text, or a JSON Lines file
/// of dumps (`dumps.dev.jsonl`), each line's `text` analysed as a document of its own, in
/// turn; then the slowest fifth of the dumps is timed again on its own too.
fn speed(file: &Path) -> Result<bool> {
    let raw = std::fs::read_to_string(file)?;
    let texts: Vec<String> = if file.extension().is_some_and(|e| e == "jsonl") {
        raw.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l)
                    .with_context(|| format!("{}: a line is not JSON", file.display()))?;
                v.get("text")
                    .and_then(|t| t.as_str())
                    .map(str::to_string)
                    .with_context(|| format!("{}: a line has no \"text\"", file.display()))
            })
            .collect::<Result<_>>()?
    } else {
        vec![raw]
    };
    let pipeline = readout_core::Pipeline::new(vec![readout_core::StageName::Segment.build()])
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let run = |texts: &[&str]| -> Result<(f64, f64)> {
        let bytes: usize = texts.iter().map(|t| t.len()).sum();
        let rounds = (200_000_000 / bytes.max(1)).clamp(1, 100_000);
        let cpu0 = cpu_seconds().context("no /proc/self/stat")?;
        let wall0 = std::time::Instant::now();
        let mut articles = 0;
        for _ in 0..rounds {
            for t in texts {
                let mut doc = Document::new(*t);
                let _ = pipeline.run(&mut doc);
                articles += doc.articles.len();
            }
        }
        let cpu = cpu_seconds().context("no /proc/self/stat")? - cpu0;
        let wall = wall0.elapsed().as_secs_f64();
        let mb = (bytes * rounds) as f64 / 1e6;
        println!(
            "{rounds} rounds of {} text(s), {bytes} bytes ({articles} articles): {:.1} MB/s per CPU second, {:.1} MB/s wall",
            texts.len(),
            mb / cpu.max(1e-9),
            mb / wall.max(1e-9)
        );
        Ok((mb, cpu))
    };
    let all: Vec<&str> = texts.iter().map(String::as_str).collect();
    run(&all)?;
    if texts.len() >= 5 {
        // The slowest dumps: most lines per byte (a line costs more than its bytes).
        let mut by_lines: Vec<&str> = all.clone();
        by_lines
            .sort_by_cached_key(|t| std::cmp::Reverse(t.lines().count() * 1000 / t.len().max(1)));
        by_lines.truncate(texts.len() / 5);
        print!("the fifth with the most lines per byte: ");
        run(&by_lines)?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_roles_count_characters() {
        // "é" takes two bytes: the gold offsets (characters) must still find the lines.
        let text = "Café owners protest\nThey marched.\nBuy shoes now!\nRain due\nIt rained.";
        let d = serde_json::json!({
            "articles": [{"start": 0, "end": 33}, {"start": 49, "end": 67}],
            "noise": [{"start": 34, "end": 48}],
        });
        let doc = Document::new(text.to_string());
        let roles = gold_roles(&doc, &d);
        assert_eq!(
            roles,
            [Role::Lead, Role::Body, Role::Noise, Role::Lead, Role::Body]
        );
    }

    #[test]
    fn noise_pool_lines_are_tagged_and_unique() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/core/data/segment");
        let mut seen = std::collections::HashSet::new();
        for (name, lines) in [
            ("noise_pool.txt", 256),
            ("noise_pool_more.txt", 335),
            ("noise_pool_r8.txt", 98),
        ] {
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path).unwrap();
            let before = seen.len();
            for l in text.lines().filter(|l| !l.starts_with('#')) {
                let (kind, t) = l.split_once('\t').unwrap_or(("", ""));
                assert!(matches!(kind, "spam" | "boilerplate"), "{l}");
                assert!(!t.trim().is_empty() && t == t.trim(), "{l}");
                assert!(seen.insert(t.to_string()), "twice: {t}");
            }
            // Every line is read; the first file keeps an even count, so that appending
            // the second leaves its held-out half (every other line) unchanged.
            assert_eq!(load_noise(&path).unwrap().len(), seen.len() - before);
            assert_eq!(seen.len() - before, lines, "{name}");
        }
    }

    #[test]
    fn log_add_adds_in_log_space() {
        let x = log_add(2f32.ln(), 3f32.ln());
        assert!((x - 5f32.ln()).abs() < 1e-6);
        assert_eq!(log_add(f32::NEG_INFINITY, 1.5), 1.5);
        assert_eq!(log_add(1.5, f32::NEG_INFINITY), 1.5);
        // Far apart, the larger term wins without overflow.
        assert!((log_add(1000.0, 0.0) - 1000.0).abs() < 1e-3);
    }

    #[test]
    fn crf_steps_learn_the_roles_of_a_dump() {
        let text = "Ferry crews strike over pay in Portlow\n\
            Crews of the Portlow ferries stopped work on Monday in a dispute over rosters.\n\
            The union said talks with the operator had broken down last week.\n\
            Buy cheap watches online now, best prices guaranteed!\n\
            Orchard harvest falls short after frost\n\
            Apple growers in the valley picked a third less fruit than last year.\n\
            A late frost in April killed many of the blossoms, farmers said.\n";
        let doc = Document::new(text.to_string());
        let feats = line_features(&doc);
        // L: lead, B: body, N: noise, line by line.
        let gold: Vec<Role> = "LBBNLBB"
            .chars()
            .map(|c| match c {
                'L' => Role::Lead,
                'N' => Role::Noise,
                _ => Role::Body,
            })
            .collect();
        assert_eq!(feats.len(), gold.len());
        let mut crf = Crf {
            tr: Trainer::new(),
            g2: Weights::zero(),
            lr: 0.05,
        };
        // Untrained, every role scores zero and the decoder cannot tell them apart.
        assert_ne!(crf.tr.averaged().decode_roles(&feats), gold);
        for _ in 0..200 {
            crf.step(&feats, &gold);
        }
        assert_eq!(crf.tr.averaged().decode_roles(&feats), gold);
    }

    #[test]
    fn widgets_are_single_lines_and_headlines_keep_their_words() {
        let mut rng = Rng(3);
        let para = "Ferry crews in Portlow stopped work on Monday over rosters and pay.";
        for _ in 0..200 {
            for l in web_widget(&mut rng, para, "Ferry strike ends") {
                assert!(!l.trim().is_empty());
                assert!(!l.contains('\n'));
            }
            let h = web_headline(&mut rng, "Ferry strike ends;");
            assert!(h.to_lowercase().starts_with("ferry strike ends"), "{h}");
        }
        // A split archive title's ";" stays with the archive, not with a link to it.
        assert_eq!(
            link_title("Ferry strike ends; crews return"),
            "Ferry strike ends; crews return"
        );
        assert_eq!(link_title("Ferry strike ends;"), "Ferry strike ends");
    }
}
