//! The readable text report of `readout analyze --format text`.

use std::fmt::Write;

use readout_core::{Diagnostics, Document, Span, StatementKind};

fn clip(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn one_line(doc: &Document, s: Span, max: usize) -> String {
    clip(&doc.slice(s).replace(['\n', '\r'], " "), max)
}

/// Renders a report for people: articles with their leads, who said what, figures,
/// dates and findings.
pub fn render(name: &str, doc: &Document, diags: &Diagnostics) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "== {name}");
    let _ = writeln!(
        out,
        "{} article(s), {} noise block(s), {} entit(ies), {} statement(s), {} amount(s), {} quantit(ies), {} date(s)",
        doc.articles.len(),
        doc.noise.len(),
        doc.entities.len(),
        doc.statements.len(),
        doc.money.len(),
        doc.quantities.len(),
        doc.dates.len()
    );
    if let Some(p) = doc.published {
        let _ = writeln!(out, "published: {p}");
    }
    for (i, a) in doc.articles.iter().enumerate() {
        let _ = writeln!(out, "\n-- Article {} ({} bytes)", i + 1, a.span.len());
        if let Some(h) = a.value.headline {
            let _ = writeln!(out, "   headline:   {}", one_line(doc, h, 110));
        }
        if let Some(s) = a.value.standfirst {
            let _ = writeln!(out, "   standfirst: {}", one_line(doc, s, 110));
        }
        for s in &a.value.sections {
            let _ = writeln!(out, "   section:    {}", one_line(doc, *s, 110));
        }
        if let Some(r) = a.value.republication_note {
            let _ = writeln!(out, "   note:       {}", one_line(doc, r, 110));
        }
        let range = doc.statements.within(a.span);
        if !range.is_empty() {
            let _ = writeln!(out, "   who said what:");
        }
        for st in &doc.statements.as_slice()[range] {
            let v = &st.value;
            let who = v
                .speaker
                .entity
                .and_then(|e| doc.entities.get(e as usize))
                .map(|e| e.name.clone())
                .or_else(|| {
                    v.speaker
                        .mention
                        .map(|m| format!("({})", one_line(doc, m, 40)))
                })
                .unwrap_or_else(|| "(unattributed)".into());
            let cue = v.cue.map(|c| one_line(doc, c, 30)).unwrap_or_default();
            let kind = match v.kind {
                StatementKind::Direct => "direct",
                StatementKind::Indirect => "indirect",
                StatementKind::Mixed => "mixed",
            };
            let medium = v
                .medium
                .as_ref()
                .map(|(_, m)| format!(" [{m}]"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "     {who} {cue}{medium} ({kind}): {}",
                one_line(doc, st.span, 90)
            );
        }
        let money = doc.money.within(a.span);
        for m in &doc.money.as_slice()[money] {
            let _ = writeln!(
                out,
                "   money:  {} = {} {}",
                one_line(doc, m.span, 40),
                m.value.amount,
                m.value.currency
            );
        }
        let qs = doc.quantities.within(a.span);
        for q in &doc.quantities.as_slice()[qs] {
            let _ = writeln!(
                out,
                "   figure: {} = {} {}",
                one_line(doc, q.span, 40),
                q.value.value,
                q.value.unit
            );
        }
        let ds = doc.dates.within(a.span);
        for d in &doc.dates.as_slice()[ds] {
            let value = d
                .value
                .value
                .as_ref()
                .map_or_else(|| "?".to_string(), ToString::to_string);
            let _ = writeln!(out, "   date:   {} = {value}", one_line(doc, d.span, 40));
        }
    }
    for n in &doc.noise {
        let _ = writeln!(
            out,
            "\n-- Noise ({:?}): {}",
            n.value.kind,
            one_line(doc, n.span, 100)
        );
    }
    if !doc.entities.is_empty() {
        let _ = writeln!(out, "\n-- Actors");
        for e in &doc.entities {
            let aliases = if e.aliases.is_empty() {
                String::new()
            } else {
                format!(" (also: {})", e.aliases.join(", "))
            };
            let _ = writeln!(out, "   {:7} {}{aliases}", e.kind.as_str(), e.name);
        }
    }
    if !diags.is_empty() {
        let _ = writeln!(out, "\n-- Findings");
        for d in diags.as_slice() {
            let at = d
                .span
                .map(|s| format!(" «{}»", one_line(doc, s, 50)))
                .unwrap_or_default();
            let _ = writeln!(out, "   [{}] {}{at}", d.code, d.message);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use readout_core::{analyze, Options};

    #[test]
    fn report_shows_the_lead() {
        let text = "Talks stall, minister says\nThe minister said talks had stalled.\n";
        let (doc, diags) = analyze(text, &Options::default());
        let r = super::render("t.txt", &doc, &diags);
        assert!(r.starts_with("== t.txt\n1 article(s)"), "{r}");
        assert!(r.contains("Talks stall, minister says"), "{r}");
    }

    #[test]
    fn clip_marks_cut_text() {
        assert_eq!(super::clip("abcdef", 4), "abc…");
        assert_eq!(super::clip(" ab ", 4), "ab");
    }
}
