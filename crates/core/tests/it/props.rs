//! Property tests: analysing any string never panics, and every span of every layer lies
//! inside the text on `char` boundaries.

use proptest::prelude::*;
use readout_core::{analyze, Date, Options, Span};

fn spans_ok(text: &str, spans: impl Iterator<Item = Span>) -> Result<(), TestCaseError> {
    for s in spans {
        prop_assert!(s.start <= s.end, "inverted span {s:?}");
        prop_assert!(
            (s.end as usize) <= text.len(),
            "span {s:?} past the end ({})",
            text.len()
        );
        prop_assert!(
            text.is_char_boundary(s.start as usize) && text.is_char_boundary(s.end as usize),
            "span {s:?} splits a char"
        );
    }
    Ok(())
}

/// Text that looks like news: words, names, numbers, quotes, currency, line breaks.
fn newsish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("said".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("’s".to_string()),
        Just("$".to_string()),
        Just("€".to_string()),
        Just("million".to_string()),
        Just("Tuesday".to_string()),
        Just("U.S.".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just(". ".to_string()),
        Just(", ".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        "[A-Z][a-z]{0,8}",
        "[a-z]{1,8}",
        "[0-9]{1,4}([.,][0-9]{1,3})?",
        "\\PC{1,3}",
    ];
    prop::collection::vec(piece, 0..80).prop_map(|v| v.join(" "))
}

fn check_all(text: &str, published: Option<Date>) -> Result<(), TestCaseError> {
    let (doc, _) = analyze(text, &Options { published });
    spans_ok(text, doc.lines.iter().map(|a| a.span))?;
    spans_ok(text, doc.articles.iter().map(|a| a.span))?;
    spans_ok(
        text,
        doc.articles.iter().flat_map(|a| {
            a.value
                .headline
                .into_iter()
                .chain(a.value.standfirst)
                .chain(a.value.sections.iter().copied())
                .chain(a.value.republication_note)
        }),
    )?;
    spans_ok(text, doc.noise.iter().map(|a| a.span))?;
    spans_ok(text, doc.tokens.iter().map(|a| a.span))?;
    spans_ok(text, doc.sentences.iter().map(|a| a.span))?;
    spans_ok(text, doc.mentions.iter().map(|a| a.span))?;
    spans_ok(text, doc.statements.iter().map(|a| a.span))?;
    spans_ok(text, doc.statements.iter().filter_map(|a| a.value.cue))?;
    spans_ok(
        text,
        doc.statements
            .iter()
            .filter_map(|a| a.value.speaker.mention),
    )?;
    spans_ok(text, doc.money.iter().map(|a| a.span))?;
    spans_ok(text, doc.quantities.iter().map(|a| a.span))?;
    spans_ok(text, doc.dates.iter().map(|a| a.span))?;
    for m in &doc.mentions {
        prop_assert!(
            (m.value.entity as usize) < doc.entities.len(),
            "mention points past the entity list"
        );
    }
    for m in &doc.money {
        if let Some(e) = m.value.equivalent_of {
            prop_assert!((e as usize) < doc.money.len(), "equivalent_of out of range");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_string_is_analysed_safely(text in "\\PC{0,400}") {
        check_all(&text, None)?;
    }

    #[test]
    fn newsish_text_is_analysed_safely(text in newsish(), day in 0i64..20000) {
        check_all(&text, Date::from_days_since_epoch(day))?;
    }
}
