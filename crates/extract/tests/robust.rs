//! The readers never panic, whatever the bytes: every input gives documents or problems.

use proptest::prelude::*;
use readout_extract::read_documents;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_bytes_do_not_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = read_documents(&bytes, "x");
    }

    #[test]
    fn markup_soup_does_not_panic(parts in proptest::collection::vec(
        prop::sample::select(vec![
            "<p>", "</p>", "<div class=\"share\">", "</div>", "<a href=x>", "</a>", "WARC/1.0\r\n",
            "Content-Length: 12\r\n", "\r\n", "<rss>", "<item>", "</item>", "{\"text\": \"a\"}\n",
            "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"2024-99-99\"}</script>",
            "Ein Satz mit Umlauten: äöü. ", "<meta charset=\"shift_jis\">", "\u{feff}", "<li>", "<br>",
        ]), 0..60)) {
        let s: String = parts.concat();
        let (docs, _) = read_documents(s.as_bytes(), "soup");
        for d in docs {
            for m in &d.map {
                prop_assert!(d.text.is_char_boundary(m.text as usize));
            }
        }
    }
}
