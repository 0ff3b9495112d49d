//! Analysis never panics and every span lies on char boundaries inside the text.

use readout_core::{analyze, Options};

fn check(text: &str) {
    let (doc, _) = analyze(text, &Options::default());
    let ok = |s: readout_core::Span| {
        s.start <= s.end
            && (s.end as usize) <= text.len()
            && text.is_char_boundary(s.start as usize)
            && text.is_char_boundary(s.end as usize)
    };
    assert!(doc.lines.iter().all(|a| ok(a.span)));
    assert!(doc.articles.iter().all(|a| ok(a.span)));
    assert!(doc.noise.iter().all(|a| ok(a.span)));
    assert!(doc.tokens.iter().all(|a| ok(a.span)));
    assert!(doc.sentences.iter().all(|a| ok(a.span)));
    assert!(doc.mentions.iter().all(|a| ok(a.span)));
    assert!(doc.statements.iter().all(|a| ok(a.span)));
    assert!(doc.money.iter().all(|a| ok(a.span)));
    assert!(doc.quantities.iter().all(|a| ok(a.span)));
    assert!(doc.dates.iter().all(|a| ok(a.span)));
}

#[test]
fn hostile_strings_do_not_panic() {
    let cases = [
        "",
        "\u{feff}",
        "\r\n\r\n",
        "\0\0\0",
        "“““““““",
        "”‘’«»",
        "$$$ €€ 1,,2..3 %%",
        "a\u{301}\u{301}\u{301}",
        "Mr. Dr. U.S. e.g. ...",
        "\u{200b}\u{2028}\u{2029}x",
        "🙂 said “🙂.”",
    ];
    for c in cases {
        check(c);
    }
    let deep = "“".repeat(5000) + &"”".repeat(5000);
    check(&deep);
}

#[test]
fn fixture_dump_is_analysed() {
    let text = include_str!("../../../../fixtures/dump.txt");
    check(text);
    let (doc, _) = analyze(text, &Options::default());
    assert!(!doc.articles.is_empty());
    assert!(doc.tokens.len() > 500);
}
