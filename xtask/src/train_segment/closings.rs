//! Short lines that close an article and belong to it: sign-offs, update and editor's
//! notes, pointers to the article's own audio or video, one-line rhetorical closings.
//! Noise between articles is short too, so without these the model learns that a short
//! line after an article's last paragraph is noise. All templates were written for this
//! project; the names and words come from the article.

use super::Rng;

/// Capitalised words that open sentences or name months and days, not topics.
const NOT_NAMES: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "They",
    "Then",
    "When",
    "What",
    "While",
    "But",
    "And",
    "For",
    "With",
    "After",
    "Before",
    "His",
    "Her",
    "Its",
    "Our",
    "Their",
    "She",
    "Him",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "In",
    "On",
    "At",
    "It",
    "If",
    "As",
    "We",
    "He",
    "I",
    "A",
    "An",
    "So",
    "Or",
    "Yet",
    "Not",
    "No",
    "Yes",
    "Also",
    "Still",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Titles that stand before a surname.
const TITLES: &[&str] = &[
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Sen",
    "Gov",
    "Rep",
    "President",
    "Senator",
    "Governor",
];

fn capitalised(w: &str) -> bool {
    w.len() >= 3
        && w.chars().next().is_some_and(char::is_uppercase)
        && !w.chars().skip(1).all(char::is_uppercase)
        && !NOT_NAMES.contains(&w)
}

/// The surname the article names most often, or None when it has none worth using: a
/// capitalised word that follows a title or another capitalised word ("Bernie Sanders",
/// "Mr. Mannix") at least once, counted wherever it stands inside a sentence.
pub(super) fn main_name(paras: &[String]) -> Option<String> {
    let mut names: Vec<&str> = Vec::new();
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for pass in 0..2 {
        for p in paras.iter().take(12) {
            let mut sentence_start = true;
            let mut prev = "";
            for raw in p.split_whitespace() {
                let w = raw.trim_matches(|c: char| !c.is_alphanumeric());
                let opens = sentence_start;
                // "Mr." closes no sentence.
                sentence_start =
                    raw.ends_with(['.', '?', '!', ':', '"', '”']) && !TITLES.contains(&w);
                let after_name = TITLES.contains(&prev)
                    || (prev.chars().next().is_some_and(char::is_uppercase) && prev.len() >= 2);
                let last = prev;
                prev = w;
                if !capitalised(w) {
                    continue;
                }
                if pass == 0 {
                    if after_name && !last.is_empty() && !names.contains(&w) {
                        names.push(w);
                    }
                } else if !opens && names.contains(&w) {
                    match counts.iter_mut().find(|(n, _)| *n == w) {
                        Some(c) => c.1 += 1,
                        None => counts.push((w, 1)),
                    }
                }
            }
        }
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .max_by_key(|(_, n)| *n)
        .map(|(w, _)| w.to_string())
}

/// Frequent long words that are no topics.
const NOT_TOPICS: &[&str] = &[
    "within",
    "without",
    "because",
    "through",
    "should",
    "before",
    "against",
    "during",
    "another",
    "people",
    "whether",
    "around",
    "between",
    "including",
    "already",
    "always",
    "itself",
    "herself",
    "himself",
    "themselves",
    "across",
    "almost",
    "behind",
    "beyond",
    "although",
    "instead",
    "rather",
    "really",
    "toward",
    "towards",
    "former",
    "second",
    "little",
    "others",
    "become",
    "became",
    "likely",
    "enough",
    "though",
    "unless",
    "either",
    "neither",
    "called",
    "saying",
    "thought",
    "nothing",
    "something",
    "anything",
    "everyone",
    "someone",
    "whatever",
    "whose",
    "really",
    "certain",
    "recent",
    "public",
    "political",
];

/// A frequent lower-case word of the article (six letters or more, not an adverb,
/// participle or adjective by its ending), as a topic; None when it has none.
pub(super) fn topic_word(paras: &[String], rng: &mut Rng) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for w in paras
        .iter()
        .take(12)
        .flat_map(|p| p.split_whitespace())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
    {
        let ending = ["ly", "ed", "ing", "ous", "ive", "ful", "able", "ible", "al"]
            .iter()
            .any(|e| w.ends_with(e));
        if w.len() < 6 || ending || NOT_TOPICS.contains(&w) {
            continue;
        }
        if !w.chars().all(|c| c.is_ascii_lowercase()) {
            continue;
        }
        match counts.iter_mut().find(|(n, _)| *n == w) {
            Some(c) => c.1 += 1,
            None => counts.push((w, 1)),
        }
    }
    counts.retain(|(_, n)| *n >= 2);
    // The most frequent first; ties keep the order of first use.
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.truncate(3);
    if counts.is_empty() {
        None
    } else {
        Some(counts[rng.below(counts.len())].0.to_string())
    }
}

/// One closing line for an article whose paragraphs are `paras`.
pub(super) fn closing_line(rng: &mut Rng, paras: &[String]) -> String {
    let name = main_name(paras).unwrap_or_else(|| "the senator".to_string());
    let topic = topic_word(paras, rng).unwrap_or_else(|| "budget".to_string());
    let months = ["January", "March", "May", "July", "September", "November"];
    let month = months[rng.below(months.len())];
    let day = 1 + rng.below(28);
    let hour = 1 + rng.below(11);
    let minute = [0, 10, 15, 30, 45][rng.below(5)];
    let ampm = ["a.m.", "p.m."][rng.below(2)];
    let pick = |rng: &mut Rng, xs: &[String]| xs[rng.below(xs.len())].clone();
    match rng.below(5) {
        // Sign-offs and thanks.
        0 => pick(
            rng,
            &[
                "Thank you for reading.".to_string(),
                "Thanks for reading.".to_string(),
                "Thank you!".to_string(),
                "[Thanks again!]".to_string(),
                "Thanks, everyone.".to_string(),
                "Stay safe, and thank you for reading.".to_string(),
                "Until next time.".to_string(),
                "More soon.".to_string(),
                "God bless.".to_string(),
                "Amen.".to_string(),
                "That's all for now.".to_string(),
                "Stay tuned.".to_string(),
                "I'll be watching.".to_string(),
                format!("(Thanks to {name} watchers for the tip.)"),
                format!("h/t {name} coverage"),
                "Think about it.".to_string(),
            ],
        ),
        // Update, correction and editor's notes.
        1 => pick(
            rng,
            &[
                format!("Update: {name} did not respond to a request for comment."),
                format!("UPDATE: This post has been updated with a statement from {name}'s office."),
                format!("Update, {month} {day}: {name} has since deleted the post."),
                format!("Update ({hour}:{minute:02} {ampm}): {name} has apologised for the remarks."),
                format!("Editor's note: An earlier version of this article misstated {name}'s title."),
                format!("Editor's note: This article has been updated to include {name}'s response."),
                "This story has been updated.".to_string(),
                "This is a developing story and will be updated.".to_string(),
                format!("Correction: An earlier version of this story gave the wrong date for the {topic} vote."),
                format!("[Update: {name}'s spokesman declined to comment.]"),
                format!("*This post was updated at {hour}:{minute:02} {ampm} to add comments from {name}."),
                format!("UPDATE {month} {day}: The {topic} hearing has been postponed."),
                "We will update this story as more information becomes available.".to_string(),
            ],
        ),
        // Pointers to the article's own audio, video or documents.
        2 => pick(
            rng,
            &[
                "Click here to hear the whole interview.".to_string(),
                "Listen to the interview in full here.".to_string(),
                format!("Click here to watch {name}'s full remarks."),
                "Listen to the full conversation below.".to_string(),
                format!("Watch {name}'s speech here."),
                format!("You can read the full {topic} report here."),
                format!("The full interview with {name} is available here."),
                format!("Read {name}'s full statement below."),
                "Click here to read the transcript.".to_string(),
                format!("Watch the exchange with {name} above."),
            ],
        ),
        // One-line rhetorical closings.
        _ => pick(
            rng,
            &[
                format!("{name} and everyone else would do well to pay attention."),
                format!("{name} should know better."),
                "That is the real story here.".to_string(),
                "And that should worry all of us.".to_string(),
                format!("The question now is whether {name} is listening."),
                format!("It is long past time for {name} to answer."),
                "History will not be kind.".to_string(),
                format!("Only time will tell whether {name} was right."),
                format!("{name} has some explaining to do."),
                "We have been here before.".to_string(),
                "Let that sink in.".to_string(),
                "Don't say you weren't warned.".to_string(),
                "This is not normal.".to_string(),
                format!("So much for {topic}."),
                format!("Shame on {name}."),
                "And so it goes.".to_string(),
                "The clock is ticking.".to_string(),
                format!("Stay tuned: {name} is not done yet."),
                format!("The {topic} fight is far from over."),
                format!("Whatever happens next, {name} will own it."),
                format!("Voters will have the last word on {topic}."),
                "We shall see.".to_string(),
            ],
        ),
    }
}

/// A short one-line paragraph inside an opinion piece (a rhetorical question, an
/// exclamation, a one-sentence aside): such lines also stand in the middle of articles,
/// so a short line is no sign of an article's end by itself.
pub(super) fn short_paragraph(rng: &mut Rng, paras: &[String]) -> String {
    let name = main_name(paras).unwrap_or_else(|| "the governor".to_string());
    let topic = topic_word(paras, rng).unwrap_or_else(|| "budget".to_string());
    let lines = [
        format!("I hope {name} is listening."),
        "I, for one, am not holding my breath.".to_string(),
        "Unbelievable.".to_string(),
        "Think about that for a moment.".to_string(),
        "Read that again.".to_string(),
        "Really?".to_string(),
        format!("Let me be clear: {topic} is not the problem."),
        format!("And {name}?"),
        "Not so fast.".to_string(),
        "Consider the numbers.".to_string(),
        format!("{name} knows this."),
        "Here is the thing.".to_string(),
        "That is not an accident.".to_string(),
        format!("Where was {name} then?"),
        "It gets worse.".to_string(),
        "Nobody believes that.".to_string(),
        format!("So what does {name} want?"),
        "The answer is simple.".to_string(),
        "Sound familiar?".to_string(),
        format!("Wrong again, {name}."),
    ];
    lines[rng.below(lines.len())].clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closings_use_the_articles_name() {
        let paras = vec![
            "Ferry crews stopped work on Monday in Portlow. The union said Ivar Halvorsen had \
             ignored them."
                .to_string(),
            "Officials in Portlow said Halvorsen would meet the crews. Talks resume on Friday."
                .to_string(),
        ];
        assert_eq!(main_name(&paras).as_deref(), Some("Halvorsen"));
        let mut rng = Rng(5);
        let mut named = 0;
        for _ in 0..300 {
            let l = closing_line(&mut rng, &paras);
            assert!(!l.trim().is_empty() && !l.contains('\n'));
            assert!(l.split_whitespace().count() <= 20, "{l}");
            named += usize::from(l.contains("Halvorsen"));
        }
        assert!(named > 30, "{named}");
    }
}
