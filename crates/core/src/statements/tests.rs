//! Behaviour of the statement finder on sentences written for these tests.

use crate::doc::StatementKind;
use crate::{analyze, Document, Options};

fn run(text: &str) -> Document {
    analyze(text, &Options::default()).0
}

/// (speaker name, mention, cue, content, kind) of every statement.
fn rows(doc: &Document) -> Vec<(Option<String>, String, String, String, StatementKind)> {
    doc.statements
        .iter()
        .map(|s| {
            let v = &s.value;
            (
                v.speaker.name.clone(),
                v.speaker
                    .mention
                    .map_or(String::new(), |m| doc.slice(m).to_string()),
                v.cue.map_or(String::new(), |c| doc.slice(c).to_string()),
                doc.slice(s.span).to_string(),
                v.kind,
            )
        })
        .collect()
}

#[test]
fn indirect_speech_with_that() {
    let doc = run("Mayor Jane Holloway said on Monday that the bridge would reopen in spring.\n");
    let r = rows(&doc);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0.as_deref(), Some("Jane Holloway"));
    assert_eq!(r[0].2, "said");
    assert_eq!(r[0].3, "the bridge would reopen in spring");
    assert_eq!(r[0].4, StatementKind::Indirect);
}

#[test]
fn trailing_direct_quote_and_pronoun() {
    let text = "Tom Ridley runs the harbour board.\n“We will not close the port,” he said.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "he");
    assert_eq!(r[0].0.as_deref(), Some("Tom Ridley"));
    assert_eq!(r[0].3, "We will not close the port");
    assert_eq!(r[0].4, StatementKind::Direct);
}

#[test]
fn according_to_and_unnamed_sources() {
    let r = rows(&run(
        "The talks collapsed late on Friday, according to officials familiar with the process.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0, None);
    assert_eq!(r[0].1, "officials familiar with the process");
    assert_eq!(r[0].3, "The talks collapsed late on Friday");
}

#[test]
fn appositive_speaker_and_medium() {
    let text =
        "Anna Berg, head of the port authority, wrote on Telegram that the ferries were late.\n";
    let doc = run(text);
    let r = rows(&doc);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "Anna Berg");
    assert_eq!(r[0].3, "the ferries were late");
    let med = doc
        .statements
        .get(0)
        .and_then(|s| s.value.medium.clone())
        .map(|m| m.1);
    assert_eq!(med.as_deref(), Some("on Telegram"));
}

#[test]
fn nouns_and_participles_are_not_cues() {
    let r = rows(&run(
        "The report was long. The transcript published by the paper ran to ten pages.\n",
    ));
    assert!(r.is_empty(), "{r:?}");
}

#[test]
fn adding_inherits_the_speaker() {
    let text =
        "Minister Paul Okafor described the plan as “a mistake,” adding that talks would go on.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(r[1].2, "adding");
    assert_eq!(r[1].0.as_deref(), Some("Paul Okafor"));
    assert_eq!(r[1].3, "talks would go on");
}

#[test]
fn no_panic_on_odd_input() {
    for t in [
        "“",
        "said",
        "according to",
        "“a” said ,",
        "He said “",
        ", adding that",
        "reportedly",
    ] {
        let _ = run(t);
    }
}
