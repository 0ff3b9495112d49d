//! Character encodings: byte-order marks, a declared charset (HTTP header or `<meta>`), and a
//! statistical detector for the rest. Bytes that do not decode are reported, never dropped
//! silently.

use encoding_rs::Encoding;

/// The result of decoding bytes to text.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The decoded text.
    pub text: String,
    /// The encoding used (its WHATWG name, e.g. `UTF-8`, `windows-1252`).
    pub encoding: &'static str,
    /// Whether some bytes were not valid in that encoding and became U+FFFD.
    pub had_errors: bool,
}

/// Finds the `charset=` value in a `Content-Type`-style header value.
pub fn charset_from_content_type(value: &str) -> Option<&'static Encoding> {
    let lower = value.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = lower.get(at + 7..)?.trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(rest.len());
    Encoding::for_label(rest.get(..end)?.as_bytes())
}

/// Looks for `<meta charset=…>` or `<meta http-equiv="content-type" content="…charset=…">`
/// in the first kilobytes of an HTML page.
pub fn sniff_meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..bytes.len().min(8192)).unwrap_or(bytes);
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(rel) = find(&lower[from..], b"<meta") {
        let start = from + rel;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = String::from_utf8_lossy(&lower[start..end]);
        if let Some(enc) = charset_from_content_type(&tag) {
            // UTF-16 declared in a byte-oriented page is a known mistake: treat it as UTF-8.
            if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                return Some(encoding_rs::UTF_8);
            }
            return Some(enc);
        }
        from = end.max(start + 1);
        if from >= lower.len() {
            break;
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Decodes bytes: a byte-order mark wins, then the declared encoding (`declared`, e.g. from
/// an HTTP header), then a `<meta>` charset when `html` is set, then UTF-8 when the bytes are
/// valid UTF-8, and finally the guess of a statistical detector.
pub fn decode(bytes: &[u8], declared: Option<&'static Encoding>, html: bool) -> Decoded {
    let enc = if let Some((enc, _)) = Encoding::for_bom(bytes) {
        enc
    } else if let Some(enc) = declared {
        enc
    } else if let Some(enc) = html.then(|| sniff_meta_charset(bytes)).flatten() {
        enc
    } else if std::str::from_utf8(bytes).is_ok() {
        encoding_rs::UTF_8
    } else {
        let mut det = chardetng::EncodingDetector::new();
        det.feed(bytes, true);
        det.guess(None, true)
    };
    // A page that declares a legacy encoding but is valid UTF-8 with non-ASCII bytes is
    // far more likely UTF-8 (a stale declaration) than mojibake by design.
    let enc = if enc != encoding_rs::UTF_8
        && !bytes.is_ascii()
        && Encoding::for_bom(bytes).is_none()
        && std::str::from_utf8(bytes).is_ok()
    {
        encoding_rs::UTF_8
    } else {
        enc
    };
    let (text, used, had_errors) = enc.decode(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: used.name(),
        had_errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_is_used_for_legacy_bytes() {
        let mut page = b"<html><head><meta charset=\"iso-8859-1\"></head><body>caf".to_vec();
        page.push(0xe9);
        page.extend_from_slice(b"</body></html>");
        let d = decode(&page, None, true);
        assert!(d.text.contains("café"), "{}", d.text);
        assert_eq!(d.encoding, "windows-1252");
        assert!(!d.had_errors);
    }

    #[test]
    fn http_equiv_and_header_values_are_parsed() {
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">";
        assert_eq!(sniff_meta_charset(page), Some(encoding_rs::SHIFT_JIS));
        assert_eq!(
            charset_from_content_type("text/html; charset=\"utf-8\""),
            Some(encoding_rs::UTF_8)
        );
        assert_eq!(charset_from_content_type("text/html"), None);
    }

    #[test]
    fn valid_utf8_beats_a_stale_declaration() {
        let page = "<meta charset=windows-1252><p>Zürich</p>".as_bytes();
        let d = decode(page, None, true);
        assert!(d.text.contains("Zürich"));
    }

    #[test]
    fn undeclared_legacy_bytes_are_detected() {
        // "Müller sagte, die Straße sei gesperrt" in windows-1252, repeated for the detector.
        let mut bytes = Vec::new();
        for _ in 0..20 {
            bytes.extend_from_slice(b"M\xfcller sagte, die Stra\xdfe sei gesperrt. ");
        }
        let d = decode(&bytes, None, false);
        assert!(d.text.contains("Müller"), "{}", &d.text[..40]);
        assert!(!d.had_errors);
    }

    #[test]
    fn bad_bytes_are_flagged() {
        let d = decode(b"abc\xff\xfedef", Some(encoding_rs::UTF_8), false);
        assert!(d.had_errors);
        assert!(d.text.contains('\u{fffd}'));
    }
}
