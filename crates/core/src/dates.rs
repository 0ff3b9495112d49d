//! Date expressions, explicit and relative, resolved against the publication date.
//!
//! The stage scans the raw text with the shared lexer ([`crate::scan`]) in two steps.
//! It first reads each expression into an [`Expr`], a description that does not yet
//! depend on the reference date ("the weekday Tuesday, last before the reference"). It
//! then resolves every [`Expr`] against the reference date of its article. The
//! reference is `doc.published`; without it, the latest full date written in the
//! article (or else the document) stands in, and a `dates/inferred-reference`
//! diagnostic says so.
//!
//! Values ([`DateValue`], written as strings): ISO days `2025-10-29`, months `2025-10` and
//! years `2026` as in the shared format, and beyond them ISO weeks `2025-W47`, quarters
//! `2025-Q3`, halves `2025-H1`, seasons `2024-SU` (`SP`, `SU`, `FA`, `WI`), decades `199`
//! (the 1990s), intervals `2025-11-22/2025-11-23` ("the weekend") and `2022-02/2025-11-25`
//! ("since February 2022"), and described values for centuries (`20th century
//! (1901/2000)`) and vague stretches (`recent months before 2025-11-25 (autumn 2025)`).
//! docs/FORMAT.md lists them for users.
//!
//! Policy (shared by the seed guidelines and, where they agree, TimeML): generic adverbs
//! ("now", "recently", "currently", "in the past") and unanchored durations are not dates
//! (readout never emits TimeML's PRESENT_REF/PAST_REF/FUTURE_REF); spans leave
//! out locative prepositions but keep "since"; weekdays are the latest such day on or
//! before the reference unless the clause speaks of the future.

use crate::calendar::{days_in_month, Date};
use crate::doc::{Annotation, DateAnchor, DateMention, DateValue, Document, LayerKind, Span};
use crate::pipeline::{Diagnostics, Stage};
use crate::scan::{unit_word, Kind, Scan, WordFilter};

/// Finds and resolves date expressions.
#[derive(Debug, Default, Clone, Copy)]
pub struct DateStage;

impl Stage for DateStage {
    fn name(&self) -> &'static str {
        "dates"
    }
    fn requires(&self) -> &'static [LayerKind] {
        &[LayerKind::Articles]
    }
    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::Dates]
    }
    fn run(&self, doc: &mut Document, diags: &mut Diagnostics) {
        let found = {
            let sc = Scan::new(doc.text());
            let mut found = find(&sc);
            // Spam and boilerplate ("start your free trial today") belong to no article.
            found.retain(|f| !doc.noise.iter().any(|n| n.span.overlaps(f.span)));
            found
        };
        let refs = references(doc, &found, diags);
        let values = resolve_all(
            doc.text(),
            &found,
            |span| {
                refs.iter()
                    .find(|(scope, _)| scope.contains(span))
                    .and_then(|(_, d)| *d)
                    .or(doc.published)
            },
            |span| doc.articles.iter().position(|a| a.span.contains(span)),
        );
        let mut out = Vec::with_capacity(found.len());
        for (f, value) in found.into_iter().zip(values) {
            // An anaphor that points to nothing usable ("that quarter" after a year) is
            // left out rather than given a guessed value.
            if value.is_none() && f.anaphoric() {
                continue;
            }
            out.push(Annotation {
                span: f.span,
                value: DateMention {
                    value,
                    anchor: f.anchor,
                },
            });
        }
        doc.dates = crate::doc::Layer::from_vec(out);
    }
}

/// The reference date of each article: the publication date, or one inferred from the
/// latest full date written in the article (else in the whole text).
fn references(
    doc: &Document,
    found: &[Found],
    diags: &mut Diagnostics,
) -> Vec<(Span, Option<Date>)> {
    if doc.published.is_some() {
        return Vec::new();
    }
    let full = |scope: Span| -> Option<(Span, Date)> {
        found
            .iter()
            .filter(|f| scope.contains(f.span))
            .filter_map(|f| match f.expr {
                Expr::Day { y: Some(y), m, d } => Date::from_ymd(y, m, d).map(|x| (f.span, x)),
                _ => None,
            })
            .max_by_key(|(_, d)| *d)
    };
    let whole = Span::new(0, doc.text().len());
    let doc_wide = full(whole);
    let mut scopes: Vec<Span> = doc.articles.iter().map(|a| a.span).collect();
    if scopes.is_empty() {
        scopes.push(whole);
    }
    let needs_ref = |scope: Span| {
        found
            .iter()
            .any(|f| scope.contains(f.span) && f.needs_reference())
    };
    let mut out = Vec::new();
    for scope in scopes {
        if !needs_ref(scope) {
            continue;
        }
        match full(scope).or(doc_wide) {
            Some((span, d)) => {
                diags.info(
                    "dates/inferred-reference",
                    span,
                    format!("no publication date given; relative dates here are resolved against {d}, the latest full date in the text"),
                );
                out.push((scope, Some(d)));
            }
            None => {
                diags.warn(
                    "dates/no-reference",
                    Some(scope),
                    "no publication date given or found; relative dates are left unresolved",
                );
                out.push((scope, None));
            }
        }
    }
    out
}

/// A calendar unit for relative expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Year,
    Century,
}

/// A date expression before resolution.
#[derive(Debug, Clone, PartialEq)]
enum Expr {
    /// A calendar day; without a year, the one nearest the reference.
    Day { y: Option<i32>, m: u8, d: u8 },
    /// A month; `rel` is 0 (nearest), -1 ("last May") or 1 ("next May").
    Month { y: Option<i32>, m: u8, rel: i8 },
    /// A year.
    Year(i32),
    /// A decade ("the 1990s" → 199, the ISO 8601-2 and TimeML form of a decade).
    Decade(i32),
    /// A decade named without its century ("the nineties", "the '80s": tens digit 8):
    /// the latest such decade that has begun by the reference's year.
    ShortDecade(u8),
    /// Centuries `a` to `b` (1-based ordinals); `rel` counts back from the reference's.
    Centuries { a: i32, b: i32 },
    /// The century `back` centuries before the reference's.
    RelCentury(i32),
    /// A weekday: 0 Monday … 6 Sunday; `rel` -2 last-on-or-before, -1 "last", 1 "next",
    /// 2 on-or-after (future clause), 0 "this" (same ISO week).
    Weekday { wd: u8, rel: i8 },
    /// The reference day moved by `off` units.
    Offset { unit: Unit, off: i64 },
    /// The stretch from `n` units before the reference to the reference.
    LastN { unit: Unit, n: i64 },
    /// A quarter; without a year, the reference's.
    Quarter { y: Option<i32>, q: u8 },
    /// Month `m` of the reference's year moved by `off` years ("June last year").
    MonthRel { m: u8, off: i32 },
    /// Quarter `q` of the reference's year moved by `off` ("last year's third quarter").
    QuarterRel { off: i32, q: u8 },
    /// The quarter most recently reported (the one before the reference's).
    LatestQuarter,
    /// "the quarter ended July 31": the three months up to that day, named by the
    /// calendar quarter that holds most of them (May to July: the second).
    QuarterEnded { y: Option<i32>, m: u8, d: u8 },
    /// The same quarter as [`Expr::LatestQuarter`], in the year given ("the 1988 quarter").
    LatestQuarterIn(i32),
    /// The ISO week of a day ("the week of March 6").
    WeekOf { y: Option<i32>, m: u8, d: u8 },
    /// A half year ("the first half of the year").
    Half { y: Option<i32>, h: u8 },
    /// A season: 0 winter, 1 spring, 2 summer, 3 fall; `rel` as for months.
    Season { y: Option<i32>, s: u8, rel: i8 },
    /// A holiday of the reference's year (or `y`).
    Holiday { y: Option<i32>, h: Holiday },
    /// A year before the reference; in a sentence about quarters, the same quarter a
    /// year before ("down from a year earlier" in a quarterly report).
    YearAgo { quarterly: bool },
    /// "recent months", "the past few weeks": a vague stretch of these units before the
    /// reference, given as a descriptive value ("recent months before 2025-11-25").
    Recent(Unit),
    /// "since X": from X to the reference.
    Since(Box<Expr>),
    /// "that year", "the following month", "the same day", "later that year": the unit
    /// of the date last mentioned before it in the article, moved by `off` units (the
    /// TimeML convention for anaphoric dates); the reference date when none was.
    Anaphor { unit: Unit, off: i64 },
    /// "the previous Friday", "the following Monday": weekday `wd` before (`dir` -1) or
    /// after (1) the day last mentioned.
    AnaphorWeekday { wd: u8, dir: i8 },
    /// "September of that year", "April 18 of the following year": month `m` (day `d`) of
    /// the year of the date last mentioned, moved by `off` years.
    AnaphorIn { m: u8, d: Option<u8>, off: i64 },
    /// "the day before last Tuesday": a day `off` days from the day of another expression.
    DayFrom { off: i64, x: Box<Expr> },
}

/// Holidays with a fixed rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holiday {
    Thanksgiving,
    Christmas,
    ChristmasEve,
    NewYearsDay,
    NewYearsEve,
    Halloween,
    Valentines,
    Easter,
    LaborDay,
    MemorialDay,
    BoxingDay,
    /// US Election Day: the Tuesday after the first Monday of November.
    ElectionDay,
}

impl Expr {
    /// True when the value depends on the reference date.
    fn relative(&self) -> bool {
        match self {
            Expr::Day { .. }
            | Expr::Month { rel: 0, .. }
            | Expr::Year(_)
            | Expr::Decade(_)
            | Expr::Centuries { .. } => false,
            Expr::Quarter { .. } | Expr::Half { y: Some(_), .. } | Expr::Holiday { .. } => false,
            Expr::Season { y: Some(_), .. } | Expr::WeekOf { y: Some(_), .. } => false,
            Expr::Since(x) => x.relative(),
            _ => true,
        }
    }
}

/// An expression found in the text.
#[derive(Debug, Clone)]
struct Found {
    span: Span,
    expr: Expr,
    anchor: DateAnchor,
    /// The tense of the clause: a month or day without a year lies ahead in a clause
    /// about the future, behind in one that tells of a past event.
    tense: Tense,
    /// For a quarter: how far it can be the quarter a report gives results for.
    report: Report,
}

/// How far a quarter mention can be the quarter an earnings report gives results for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Report {
    /// Not a quarter, a quarter still ahead, or an indefinite one ("after a flat second
    /// quarter").
    No,
    /// A quarter named plainly: it is the reported one only if it is over by the reference
    /// date.
    IfOver,
    /// A quarter the text gives as over: fiscal ("the fiscal first quarter", "the quarter
    /// ended Sept. 30") or the subject of a past-tense clause ("reported third-quarter
    /// profit").
    Over,
}

/// The tense of the clause around a date, as far as it decides which year a month or
/// day named without one falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    /// A verb in the past tense tells of an event ("the strike began in December").
    Past,
    /// Nothing marks the tense, or only a reporting verb does ("he said").
    Unmarked,
    /// The clause speaks of the future ("will meet in January", "by February").
    Future,
}

impl Found {
    /// True for "that year", "the following month" and the like.
    fn anaphoric(&self) -> bool {
        matches!(
            self.expr,
            Expr::Anaphor { .. } | Expr::AnaphorWeekday { .. } | Expr::AnaphorIn { .. }
        )
    }

    /// True when resolving it needs a reference date (including a year to complete it).
    /// (An anaphor needs one only when no date comes before it; the stage asks this of
    /// whole articles, so it answers yes.)
    fn needs_reference(&self) -> bool {
        match &self.expr {
            Expr::Day { y, .. }
            | Expr::Month { y, .. }
            | Expr::Quarter { y, .. }
            | Expr::Holiday { y, .. } => y.is_none(),
            Expr::Year(_) | Expr::Decade(_) | Expr::Centuries { .. } => false,
            _ => true,
        }
    }
}

/// The month of a month name or abbreviation.
fn month_of(sc: &Scan<'_>, i: usize) -> Option<(u8, usize)> {
    let s = sc.s(i);
    if sc.kind(i) != Some(Kind::Word) || !sc.capitalised(i) {
        return None;
    }
    let mut buf = [0u8; 16];
    let l = crate::scan::lower(s, &mut buf)?;
    let full = match l {
        "january" => 1,
        "february" => 2,
        "march" => 3,
        "april" => 4,
        "may" => 5,
        "june" => 6,
        "july" => 7,
        "august" => 8,
        "september" => 9,
        "october" => 10,
        "november" => 11,
        "december" => 12,
        _ => 0,
    };
    if full > 0 {
        return Some((full, i + 1));
    }
    let abbr = match l {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" | "sept" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    // An abbreviation needs its full stop or a day number after it.
    if sc.s(i + 1) == "." && sc.glued(i + 1) {
        return Some((abbr, i + 2));
    }
    (sc.kind(i + 1) == Some(Kind::Num)).then_some((abbr, i + 1))
}

/// A day of the month at piece `i` ("29", "29th"): the day and the end piece.
fn day_at(sc: &Scan<'_>, i: usize) -> Option<(u8, usize)> {
    if sc.kind(i) != Some(Kind::Num) || sc.s(i).len() > 2 || sc.line_break(i) {
        return None;
    }
    let d: u8 = sc.s(i).parse().ok()?;
    if !(1..=31).contains(&d) {
        return None;
    }
    let mut j = i + 1;
    if sc.glued(j) && sc.is_any(j, &["st", "nd", "rd", "th"]) {
        j += 1;
    }
    // "29:30" is a time, "29%" a share, "29-year" a measure.
    if sc.glued(j) && matches!(sc.s(j), ":" | "%" | "-" | ".") && sc.kind(j + 1) == Some(Kind::Num)
    {
        return None;
    }
    Some((d, j))
}

/// A four-digit year at piece `i`.
fn year_at(sc: &Scan<'_>, i: usize) -> Option<i32> {
    let s = sc.s(i);
    if sc.kind(i) != Some(Kind::Num) || s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = s.parse().ok()?;
    (1000..=2199).contains(&y).then_some(y)
}

/// True when the number at piece `i` is a currency amount, a measure or part of a name.
fn number_is_not_date(sc: &Scan<'_>, i: usize) -> bool {
    let prev = i.checked_sub(1);
    if let Some(p) = prev {
        let ps = sc.s(p);
        if sc.glued(i) && !matches!(ps, "(" | "[" | "“" | "\"" | "‘" | "'" | "/" | "-" | "–")
        {
            return true;
        }
        if matches!(ps, "$" | "€" | "£" | "¥" | "₽" | "₴" | "#")
            || (ps.len() == 3 && ps.chars().all(|c| c.is_ascii_uppercase()) && !sc.line_break(i))
        {
            return true;
        }
    }
    let next = i + 1;
    if sc.glued(next)
        && (sc.kind(next) == Some(Kind::Word) || matches!(sc.s(next), "%" | "$" | "€" | "£"))
    {
        return !(sc.s(next) == "s" || sc.is_any(next, &["st", "nd", "rd", "th"]));
    }
    if crate::scan::scale_word(sc.s(next)).is_some()
        || sc.is_any(
            next,
            &["percent", "per", "dollars", "euros", "pounds", "crowns"],
        )
    {
        return true;
    }
    false
}

/// True when piece `k` looks like a plural common noun ("people", "tickets"): a lower-case
/// word in -s that is not a common verb or function word (a count goes before it).
fn plural_noun(sc: &Scan<'_>, k: usize) -> bool {
    let w = sc.s(k);
    sc.kind(k) == Some(Kind::Word)
        && (w.len() > 3 && w.ends_with('s') || w == "people")
        && w.chars().next().is_some_and(char::is_lowercase)
        && !matches!(w, "was" | "has" | "does" | "this" | "thus" | "whereas")
}

/// Prepositions and words after which a four-digit number is a year.
const YEAR_CUES: &[&str] = &[
    "in", "since", "of", "until", "till", "by", "from", "to", "through", "before", "after",
    "during", "early", "late", "mid", "between", "and", "or", "fiscal", "year", "the", "summer",
    "spring", "autumn", "fall", "winter", "circa",
];

/// Reads a date expression starting at piece `i`: its first and end pieces and the expression.
fn expr_at(sc: &Scan<'_>, i: usize, last_century: usize) -> Option<(usize, usize, Expr)> {
    let s = sc.s(i);
    // since X
    if sc.is(i, "since") {
        let (_, end, x) = expr_at(sc, i + 1, last_century)?;
        let ok = matches!(
            x,
            Expr::Day { .. }
                | Expr::Month { .. }
                | Expr::Year(_)
                | Expr::Half { .. }
                | Expr::Quarter { .. }
                | Expr::Season { .. }
                | Expr::Offset {
                    unit: Unit::Year | Unit::Month,
                    off: 0
                }
        );
        return ok.then(|| (i, end, Expr::Since(Box::new(x))));
    }
    // early / late / mid + X (the value is X's).
    if sc.is_any(i, &["early", "late", "mid"]) {
        let j = if sc.s(i + 1) == "-" && sc.glued(i + 1) {
            i + 2
        } else {
            i + 1
        };
        if let Some((_, end, x)) = expr_at(sc, j, last_century) {
            if matches!(
                x,
                Expr::Month { .. } | Expr::Year(_) | Expr::Offset { .. } | Expr::Decade(_)
            ) {
                return Some((i, end, x));
            }
        }
        return None;
    }
    // "that year", "that same day": the unit of the date last mentioned.
    if sc.is(i, "that") {
        return that_unit(sc, i);
    }
    // earlier / later that day|year: within the unit of the date last mentioned.
    if sc.is_any(i, &["earlier", "later"]) && sc.is(i + 1, "that") {
        return that_unit(sc, i + 1).map(|(_, end, x)| (i, end, x));
    }
    // earlier / later this week|month|year.
    if sc.is_any(i, &["earlier", "later"]) && sc.is_any(i + 1, &["this", "next", "last"]) {
        if let Some((_, end, x)) = expr_at(sc, i + 1, last_century) {
            if matches!(
                x,
                Expr::Offset {
                    unit: Unit::Week | Unit::Month | Unit::Year,
                    ..
                }
            ) {
                return Some((i, end, x));
            }
        }
        return None;
    }
    if sc.is_any(
        i,
        &[
            "this", "last", "next", "past", "coming", "previous", "current",
        ],
    ) {
        return relative_unit(sc, i);
    }
    if sc.is(i, "the") || sc.is(i, "a") {
        return the_phrase(sc, i, last_century);
    }
    if let Some(x) = today_word(s) {
        // "today's computers" is mostly generic.
        let possessive_plural = matches!(sc.s(i + 1), "'" | "’") && sc.is(i + 2, "s");
        if sc.is(i, "today") && (generic_today(sc, i) || possessive_plural) {
            return None;
        }
        // "This is VOA Today": capitalised inside a sentence, it names a programme.
        if sc.capitalised(i) && mid_sentence(sc, i) {
            return None;
        }
        return Some((i, i + 1, x));
    }
    // Weekday, possibly with a date after it ("Tuesday, October 29").
    if let Some(wd) = weekday_of(sc, i) {
        let j = if sc.s(i + 1) == "," { i + 2 } else { i + 1 };
        if let Some((_, end, x @ Expr::Day { .. })) = month_date(sc, j) {
            return Some((i, end, x));
        }
        // "Wednesday's ruling" is mostly behind, whatever the clause says.
        let possessive = matches!(sc.s(i + 1), "'" | "’") && sc.is(i + 2, "s");
        let rel = if !possessive && (future_clause(sc, i, false) || future_after(sc, i, i)) {
            2
        } else {
            -2
        };
        return Some((i, i + 1, Expr::Weekday { wd, rel }));
    }
    if let Some(r) = month_date(sc, i) {
        return Some(of_that_year(sc, r));
    }
    if let Some(r) = holiday(sc, i) {
        return Some(r);
    }
    if let Some(r) = quarter(sc, i) {
        return Some(r);
    }
    if let Some(r) = numeric_date(sc, i) {
        return Some(r);
    }
    if let Some(r) = ago(sc, i) {
        return Some(r);
    }
    if let Some(r) = year_earlier(sc, i).or_else(|| spelled_year(sc, i)) {
        return Some(r);
    }
    // Years and decades.
    if let Some(y) = year_at(sc, i) {
        if sc.s(i + 1) == "s" && sc.glued(i + 1) && y % 10 == 0 {
            return Some((i, i + 2, Expr::Decade(y / 10)));
        }
        if number_is_not_date(sc, i) {
            return None;
        }
        let cue = i
            .checked_sub(1)
            .is_some_and(|p| sc.is_any(p, YEAR_CUES) || matches!(sc.s(p), "," | "(" | "–" | "-"));
        if !(1900..=2100).contains(&y) && !cue {
            return None;
        }
        // "2000 people": a count, unless a preposition makes it a year.
        let next = sc.s(i + 1);
        let plural_noun = sc.kind(i + 1) == Some(Kind::Word)
            && next.len() > 3
            && next.ends_with('s')
            && next.chars().next().is_some_and(char::is_lowercase)
            && !matches!(next, "was" | "has" | "does" | "this" | "thus" | "whereas");
        if plural_noun && !cue {
            return None;
        }
        return Some((i, i + 1, Expr::Year(y)));
    }
    None
}

/// Years spelled out: "nineteen ninety-six", "the year two thousand".
fn spelled_year(sc: &Scan<'_>, i: usize) -> Option<(usize, usize, Expr)> {
    if sc.is(i, "year") && sc.is(i + 1, "two") && sc.is(i + 2, "thousand") {
        return Some((i, i + 3, Expr::Year(2000)));
    }
    let century = unit_word(sc.s(i)).filter(|c| (10..=20).contains(c))?;
    let tens = unit_word(sc.s(i + 1)).filter(|t| *t >= 20 && t % 10 == 0)?;
    let mut end = i + 2;
    let mut y = century * 100 + tens;
    if sc.s(end) == "-" && sc.glued(end) {
        if let Some(u) = unit_word(sc.s(end + 1)).filter(|u| (1..10).contains(u)) {
            y += u;
            end += 2;
        }
    }
    Some((i, end, Expr::Year(y as i32)))
}

/// "today", "yesterday", "tomorrow".
fn today_word(s: &str) -> Option<Expr> {
    let off = if s.eq_ignore_ascii_case("today") || s.eq_ignore_ascii_case("tonight") {
        0
    } else if s.eq_ignore_ascii_case("yesterday") {
        -1
    } else if s.eq_ignore_ascii_case("tomorrow") {
        1
    } else {
        return None;
    };
    Some(Expr::Offset {
        unit: Unit::Day,
        off,
    })
}

/// True when "today" means "nowadays": it opens its clause or follows a noun, and the
/// clause goes on in the present ("Outcomes today are shaped…", "Today, X is…").
fn generic_today(sc: &Scan<'_>, i: usize) -> bool {
    let opens =
        i == 0 || sc.line_break(i) || matches!(sc.s(i - 1), "." | "," | ";" | ":" | "—" | "–");
    let after_noun = i > 0 && {
        let p = sc.s(i - 1);
        p.len() > 3 && p.ends_with('s') && p.chars().skip(1).all(|c| c.is_ascii_lowercase())
    };
    if !(opens || after_noun) {
        return false;
    }
    // "Today is the eighth day of the strike": "today" itself is the subject, the day.
    if sc.is_any(i + 1, &["is", "was", "marks", "marked"]) {
        return false;
    }
    for k in i + 1..i + 8 {
        if sc.is_stop(k) || sc.line_break(k) {
            return false;
        }
        if sc.is_any(k, &["is", "are", "remain", "remains"]) {
            return true;
        }
    }
    false
}

/// The weekday named at piece `i` (capitalised, singular).
fn weekday_of(sc: &Scan<'_>, i: usize) -> Option<u8> {
    if !sc.capitalised(i) {
        return None;
    }
    let mut buf = [0u8; 16];
    Some(match crate::scan::lower(sc.s(i), &mut buf)? {
        "monday" => 0,
        "tuesday" => 1,
        "wednesday" => 2,
        "thursday" => 3,
        "friday" => 4,
        "saturday" => 5,
        "sunday" => 6,
        _ => return None,
    })
}

/// True when the clause before piece `i` speaks of the future ("will meet on Friday").
///
/// With `deadlines`, "by February" or "effective Feb. 1" and a reported "would" count
/// too (for months; a weekday "by Friday" is as often past as future).
fn future_clause(sc: &Scan<'_>, i: usize, deadlines: bool) -> bool {
    if deadlines
        && i > 0
        && sc.is_any(
            i - 1,
            &[
                "by",
                "through",
                "until",
                "till",
                "effective",
                "starting",
                "beginning",
                "before",
                "payable",
            ],
        )
    {
        return true;
    }
    // "the decision, announced Wednesday by the agency": a past verb right before the
    // date (or before its "on") is the event it dates, whatever an earlier reported
    // "would" says.
    let mut v = i;
    if v > 0 && sc.is(v - 1, "on") {
        v -= 1;
    }
    let past_before = v > 0 && past_verb(sc, v - 1);
    // "Banks will stay closed until Thursday, officials said Monday": an active verb in
    // the past right before the date dates its own event, whatever an earlier "will"
    // says ("will be announced Friday" is a passive still ahead).
    let active_past = past_before
        && !(v >= 2
            && sc.is_any(
                v - 2,
                &["be", "been", "being", "will", "would", "to", "is", "are"],
            ));
    // "The vote is on Friday": a present copula before the day speaks of what is ahead.
    if i >= 2 && sc.is(i - 1, "on") && sc.is_any(i - 2, &["is", "are"]) {
        return true;
    }
    let lo = i.saturating_sub(15);
    for k in (lo..i).rev() {
        let s = sc.s(k);
        if (matches!(s, "." | "!" | "?" | ";" | "”" | "\"" | "»") && !abbreviation_dot(sc, k))
            || (k + 1 < i && sc.line_break(k + 1))
        {
            return false;
        }
        if sc.is_any(k, &["will", "shall", "ll"]) {
            return !active_past;
        }
        if sc.is_any(
            k,
            &[
                "upcoming",
                "tomorrow",
                "planned",
                "planning",
                "plan",
                "plans",
                "scheduled",
            ],
        ) {
            return true;
        }
        if sc.is(k, "would") {
            return !past_before;
        }
        if sc.is(k + 1, "to")
            && sc.is_any(k, &["scheduled", "expected", "plans", "planning", "due"])
            && k + 1 < i
        {
            return true;
        }
        // "as soon as Tuesday", "as early as Monday".
        if sc.is(k, "as") && sc.is_any(k.wrapping_sub(1), &["soon", "early"]) {
            return true;
        }
        if sc.is(k, "to") && sc.is_any(k.wrapping_sub(1), &["going", "set", "is", "are"]) {
            return true;
        }
    }
    false
}

/// True when piece `k` is a verb in the past tense or a past participle ("announced",
/// "said", "met"): a lower-case word in "-ed" or a common irregular form.
fn past_verb(sc: &Scan<'_>, k: usize) -> bool {
    let w = sc.s(k);
    (w.len() > 3 && w.ends_with("ed") && w.bytes().all(|b| b.is_ascii_lowercase()))
        || sc.is_any(
            k,
            &[
                "said", "met", "told", "made", "took", "gave", "left", "came", "went", "began",
                "held", "won", "lost", "saw", "was", "were",
            ],
        )
}

/// True when the clause before piece `i` has a verb in the past tense and no future cue
/// ("he resigned the next year", not "they will meet the next week").
fn past_clause(sc: &Scan<'_>, i: usize) -> bool {
    let lo = i.saturating_sub(12);
    for k in (lo..i).rev() {
        if (sc.is_stop(k) && !abbreviation_dot(sc, k)) || sc.line_break(k + 1) {
            return false;
        }
        if sc.is_any(k, &["will", "would", "shall", "ll", "to"]) {
            return false;
        }
        if past_verb(sc, k) && !sc.is_any(k, &["was", "were"]) {
            return true;
        }
    }
    false
}

/// True when the clause before piece `i` tells of a past event: a verb in the past tense
/// other than a reporting verb ("said", "told": what is reported may lie ahead), with no
/// future or infinitive marker between it and the date.
fn past_event_clause(sc: &Scan<'_>, i: usize) -> bool {
    // "was extended to Nov. 16", "postponed until Tuesday": a new date set, ahead; "gave
    // no reason for the Jan. 14 deadline": a date before a noun names it, whatever the
    // verb did.
    if i > 0 && (sc.is_any(i - 1, &["to", "until", "till"]) || sc.is_any(i - 1, DETERMINERS)) {
        return false;
    }
    let lo = i.saturating_sub(12);
    for k in (lo..i).rev() {
        if (sc.is_stop(k) && !abbreviation_dot(sc, k)) || sc.line_break(k + 1) {
            return false;
        }
        if sc.is_any(k, &["will", "would", "shall", "ll", "said", "told", "says"]) {
            return false;
        }
        // An infinitive ("agreed to sell it in December") looks ahead; "to" before a
        // determiner, a number or a name is a preposition ("from a fiscal year to a
        // calendar year").
        if sc.is(k, "to")
            && sc.kind(k + 1) == Some(Kind::Word)
            && !sc.capitalised(k + 1)
            && !sc.is_any(k + 1, DETERMINERS)
        {
            return false;
        }
        // A participle after a determiner is an adjective ("the slated visit"), after
        // "be" a passive that may lie ahead ("to be published").
        let modified = k > 0
            && (sc.is_any(k - 1, DETERMINERS)
                || sc.is_any(k - 1, &["be", "been", "being", "is", "are", "am"]));
        if past_verb(sc, k) && !sc.is_any(k, &["was", "were"]) && !modified {
            return true;
        }
    }
    false
}

/// Determiners: after one, a word in "-ed" is an adjective and "to" a preposition.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "his", "her", "their", "our", "my", "your", "this", "that", "these",
    "those",
];

/// How far the quarter `x` at pieces `first..end` can be the quarter a report gives
/// results for.
fn report_quarter(sc: &Scan<'_>, x: &Expr, first: usize, end: usize, tense: Tense) -> Report {
    let quarter = match x {
        Expr::Quarter { y: None, .. }
        | Expr::QuarterRel { off: 0, .. }
        | Expr::Offset {
            unit: Unit::Quarter,
            off: 0,
        } => true,
        // A year given is checked against the reference's when resolved.
        Expr::Quarter { y: Some(_), .. } | Expr::QuarterEnded { .. } => true,
        _ => false,
    };
    // "after a flat second quarter": an indefinite quarter is not the one reported.
    let indefinite = (first.saturating_sub(2)..first).any(|k| sc.is_any(k, &["a", "an"]));
    if !quarter || tense == Tense::Future || indefinite {
        return Report::No;
    }
    let fiscal = first > 0 && sc.is(first - 1, "fiscal")
        || (first..end).any(|k| sc.is(k, "fiscal"))
        || sc.is_any(end, &["ended", "ending"]);
    if fiscal || past_event_clause(sc, first) {
        Report::Over
    } else {
        Report::IfOver
    }
}

/// True when the clause before piece `i` states an expectation or a forecast ("expects
/// the trend to continue into the fourth quarter").
fn expectation_before(sc: &Scan<'_>, i: usize) -> bool {
    let lo = i.saturating_sub(15);
    for k in (lo..i).rev() {
        if (sc.is_stop(k) && !abbreviation_dot(sc, k)) || sc.line_break(k + 1) {
            return false;
        }
        if sc.is_any(
            k,
            &[
                "expect",
                "expects",
                "expected",
                "expecting",
                "forecast",
                "forecasts",
                "predicted",
                "predicts",
                "anticipates",
                "projected",
            ],
        ) {
            return true;
        }
    }
    false
}

/// True when piece `i` stands inside a sentence: after a word, a number or a comma,
/// not at the start of the text, a line, a sentence or a quotation.
fn mid_sentence(sc: &Scan<'_>, i: usize) -> bool {
    if i == 0 || sc.line_break(i) {
        return false;
    }
    let p = sc.s(i - 1);
    !(sc.is_stop(i - 1)
        || matches!(
            p,
            "\"" | "“" | "‘" | "'" | "`" | "``" | "(" | "[" | ":" | "—" | "–" | "-" | "_"
        ))
}

/// True when the full stop at piece `k` ends an initial or a short abbreviation
/// ("Daniel P. Davison", "Mr. Smith") rather than a sentence.
fn abbreviation_dot(sc: &Scan<'_>, k: usize) -> bool {
    if sc.s(k) != "." || k == 0 || !sc.glued(k) || sc.line_break(k + 1) {
        return false;
    }
    let p = sc.s(k - 1);
    let initial = p.len() == 1 && sc.capitalised(k - 1);
    initial
        || sc.is_any(
            k - 1,
            &[
                "Mr", "Mrs", "Ms", "Dr", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "St", "Jr", "Sr",
            ],
        )
}

/// True when the clause that a date at piece `i` opens goes on in the future ("On
/// Tuesday, the league plans to hold …", "Next to it, Friday, they will …"). The search
/// stops at the end of the clause and at a speech or past-tense verb ("On Tuesday, he
/// said they will …" speaks of Tuesday's saying).
fn future_after(sc: &Scan<'_>, first: usize, i: usize) -> bool {
    // Only a date that opens its sentence ("On Tuesday, …") sets the time of what follows.
    let mut b = first;
    if b > 0 && sc.is_any(b - 1, &["on", "by", "in", "at"]) {
        b -= 1;
    }
    let opens = b == 0 || sc.line_break(b) || (sc.is_stop(b - 1) && !abbreviation_dot(sc, b - 1));
    if !opens {
        return false;
    }
    for k in i + 1..i + 12 {
        if k >= sc.len() || sc.line_break(k) || (sc.is_stop(k) && !abbreviation_dot(sc, k)) {
            return false;
        }
        if past_verb(sc, k) || sc.is_any(k, &["says", "had", "did"]) {
            return false;
        }
        if sc.is_any(k, &["will", "shall", "ll"])
            || (sc.is(k + 1, "to") && sc.is_any(k, &["plans", "plan", "scheduled", "due"]))
        {
            return true;
        }
    }
    false
}

/// Month-based dates at piece `i`: "October 29[, 2025]", "29 October [2025]",
/// "October 2025", "October".
fn month_date(sc: &Scan<'_>, i: usize) -> Option<(usize, usize, Expr)> {
    // "29 October 2025", "29th of October".
    if let Some((d, j)) = day_at(sc, i) {
        let j2 = if sc.is(j, "of") { j + 1 } else { j };
        if let Some((m, k)) = month_of(sc, j2) {
            let (y, end) = year_after(sc, k);
            return valid_day(y, m, d).then_some((i, end, Expr::Day { y, m, d }));
        }
        return None;
    }
    let (m, j) = month_of(sc, i)?;
    if let Some((d, k)) = day_at(sc, j) {
        let (y, end) = year_after(sc, k);
        if valid_day(y, m, d) {
            return Some((i, end, Expr::Day { y, m, d }));
        }
    }
    let (y, end) = year_after(sc, j);
    // "February this year", "June last year".
    if y.is_none() && sc.is_any(j, &["this", "last", "next"]) && sc.is(j + 1, "year") {
        let off = if sc.is(j, "last") {
            -1
        } else if sc.is(j, "next") {
            1
        } else {
            0
        };
        return Some((i, j + 2, Expr::MonthRel { m, off }));
    }
    // "May" and "March" need a year or a cue; otherwise they are mostly verbs and names.
    if y.is_none() && (m == 5 || m == 3) {
        let cue = i.checked_sub(1).is_some_and(|p| {
            sc.is_any(
                p,
                &[
                    "in", "since", "until", "by", "of", "early", "late", "mid", "last", "next",
                    "this", "through", "from", "during", "before", "after",
                ],
            )
        });
        if !cue || sc.s(i) == "MAY" {
            return None;
        }
    }
    if y.is_none() && sc.s(i).len() > 3 && sc.s(i).chars().skip(1).all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let rel = match i.checked_sub(1).map(|p| sc.s(p).to_ascii_lowercase()) {
        Some(p) if p == "last" && y.is_none() => -1,
        Some(p) if p == "next" && y.is_none() => 1,
        _ => 0,
    };
    let first = if rel != 0 { i - 1 } else { i };
    Some((first, end, Expr::Month { y, m, rel }))
}

/// "September of that year", "April 18 of the following year": a month or day without
/// a year whose year is that of the date last mentioned (moved by one).
fn of_that_year(sc: &Scan<'_>, r: (usize, usize, Expr)) -> (usize, usize, Expr) {
    let (first, end, x) = r;
    let (m, d) = match x {
        Expr::Day { y: None, m, d } => (m, Some(d)),
        Expr::Month { y: None, m, rel: 0 } => (m, None),
        x => return (first, end, x),
    };
    if !sc.is(end, "of") {
        return (first, end, x);
    }
    let (off, year) = if sc.is(end + 1, "that") {
        (0, end + 2)
    } else if sc.is(end + 1, "the") {
        let off = if sc.is(end + 2, "same") {
            0
        } else if sc.is_any(end + 2, &["following", "next"]) {
            1
        } else if sc.is_any(end + 2, &["previous", "preceding", "prior"]) {
            -1
        } else {
            return (first, end, x);
        };
        (off, end + 3)
    } else {
        return (first, end, x);
    };
    if sc.is(year, "year") {
        (first, year + 1, Expr::AnaphorIn { m, d, off })
    } else {
        (first, end, x)
    }
}

/// An optional year after a month or day: ", 2025" or " 2025".
fn year_after(sc: &Scan<'_>, k: usize) -> (Option<i32>, usize) {
    let k2 = if sc.s(k) == "," { k + 1 } else { k };
    if let Some((_, end, Expr::Year(y))) = spelled_year(sc, k2).filter(|_| !sc.line_break(k2)) {
        return (Some(y), end);
    }
    match year_at(sc, k2) {
        Some(y)
            if !(sc.line_break(k2) || sc.glued(k2 + 1) && sc.kind(k2 + 1) == Some(Kind::Word)) =>
        {
            (Some(y), k2 + 1)
        }
        _ => (None, k),
    }
}

/// True when day `d` exists in month `m` (of year `y`, or of a leap year).
fn valid_day(y: Option<i32>, m: u8, d: u8) -> bool {
    d >= 1 && d <= days_in_month(y.unwrap_or(2024), m)
}

/// Holidays: "Thanksgiving", "Christmas Eve", "New Year's Day".
fn holiday(sc: &Scan<'_>, i: usize) -> Option<(usize, usize, Expr)> {
    if !sc.capitalised(i) {
        return None;
    }
    let (h, mut end) = if sc.is(i, "Thanksgiving") {
        (
            Holiday::Thanksgiving,
            if sc.is(i + 1, "Day") { i + 2 } else { i + 1 },
        )
    } else if sc.is(i, "Christmas") {
        if sc.is(i + 1, "Eve") {
            (Holiday::ChristmasEve, i + 2)
        } else {
            (
                Holiday::Christmas,
                if sc.is(i + 1, "Day") { i + 2 } else { i + 1 },
            )
        }
    } else if sc.is(i, "New")
        && sc.is(i + 1, "Year")
        && sc.is(i + 3, "s")
        && sc.is_any(i + 4, &["Day", "Eve"])
    {
        (
            if sc.is(i + 4, "Day") {
                Holiday::NewYearsDay
            } else {
                Holiday::NewYearsEve
            },
            i + 5,
        )
    } else if sc.is(i, "Halloween") {
        (Holiday::Halloween, i + 1)
    } else if sc.is(i, "Valentine") && sc.is(i + 2, "s") && sc.is(i + 3, "Day") {
        (Holiday::Valentines, i + 4)
    } else if sc.is(i, "Easter") && !sc.is_any(i + 1, &["Island", "Rising", "egg", "eggs"]) {
        (
            Holiday::Easter,
            if sc.is_any(i + 1, &["Sunday", "Day"]) {
                i + 2
            } else {
                i + 1
            },
        )
    } else if sc.is(i, "Labor") && sc.is(i + 1, "Day") {
        (Holiday::LaborDay, i + 2)
    } else if sc.is(i, "Memorial") && sc.is(i + 1, "Day") {
        (Holiday::MemorialDay, i + 2)
    } else if sc.is(i, "Boxing") && sc.is(i + 1, "Day") {
        (Holiday::BoxingDay, i + 2)
    } else if sc.is(i, "Election") && sc.is(i + 1, "Day") {
        (Holiday::ElectionDay, i + 2)
    } else {
        return None;
    };
    let mut y = None;
    if let Some(yy) = year_at(sc, end).filter(|_| !sc.line_break(end)) {
        y = Some(yy);
        end += 1;
    }
    Some((i, end, Expr::Holiday { y, h }))
}

/// The number of an ordinal word or "3rd"-style ordinal at piece `i`, with its end.
fn ordinal_at(sc: &Scan<'_>, i: usize) -> Option<(i32, usize)> {
    if sc.kind(i) == Some(Kind::Num)
        && sc.glued(i + 1)
        && sc.is_any(i + 1, &["st", "nd", "rd", "th"])
    {
        let n: i32 = sc.s(i).parse().ok().filter(|n| (1..=99).contains(n))?;
        return Some((n, i + 2));
    }
    let mut buf = [0u8; 16];
    let n = match crate::scan::lower(sc.s(i), &mut buf)? {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        _ => return None,
    };
    Some((n, i + 1))
}

/// Quarters: "third-quarter", "the third quarter [of 2025]", "Q3 2025".
fn quarter(sc: &Scan<'_>, i: usize) -> Option<(usize, usize, Expr)> {
    if sc.s(i) == "Q" && sc.glued(i + 1) && sc.kind(i + 1) == Some(Kind::Num) {
        let q: u8 = sc.s(i + 1).parse().ok().filter(|q| (1..=4).contains(q))?;
        let (y, end) = year_after(sc, i + 2);
        return Some((i, end, Expr::Quarter { y, q }));
    }
    let (n, j) = ordinal_at(sc, i)?;
    let k = if sc.s(j) == "-" && sc.glued(j) {
        j + 1
    } else {
        j
    };
    if !(1..=4).contains(&n) {
        return None;
    }
    let (quarter, half) = (sc.is(k, "quarter"), sc.is(k, "half") || sc.is(k, "part"));
    if !quarter && !half {
        return None;
    }
    let mut end = k + 1;
    let mut y = None;
    if sc.is(end, "of") {
        if let Some(yy) = year_at(sc, end + 1) {
            y = Some(yy);
            end += 2;
        } else if sc.is_any(end + 1, &["the", "this"]) && sc.is(end + 2, "year") {
            end += 3;
        } else if half {
            return None;
        }
    } else if half {
        return None;
    }
    if quarter {
        Some((i, end, Expr::Quarter { y, q: n as u8 }))
    } else {
        (n <= 2).then_some((i, end, Expr::Half { y, h: n as u8 }))
    }
}

/// ISO and slashed numeric dates: "2025-11-25", "11/25/2025".
fn numeric_date(sc: &Scan<'_>, i: usize) -> Option<(usize, usize, Expr)> {
    let glued3 = (1..=4).all(|k| sc.glued(i + k));
    if !glued3 {
        return None;
    }
    let (a, s1, b, s2, c) = (sc.s(i), sc.s(i + 1), sc.s(i + 2), sc.s(i + 3), sc.s(i + 4));
    if s1 != s2 || !matches!(s1, "-" | "/") {
        return None;
    }
    let (y, m, d) = if a.len() == 4 && s1 == "-" {
        (a.parse().ok()?, b.parse().ok()?, c.parse().ok()?)
    } else if c.len() == 4 && s1 == "/" {
        (c.parse().ok()?, a.parse().ok()?, b.parse().ok()?)
    } else {
        return None;
    };
    Date::from_ymd(y, m, d)?;
    Some((i, i + 5, Expr::Day { y: Some(y), m, d }))
}

/// "two weeks ago", "a year ago", "a year earlier".
fn ago(sc: &Scan<'_>, i: usize) -> Option<(usize, usize, Expr)> {
    let (n, j) = if sc.is_any(i, &["a", "an", "one"]) {
        (1, i + 1)
    } else if let Some(u) = unit_word(sc.s(i)).filter(|u| (2..=99).contains(u)) {
        (i64::from(u), i + 1)
    } else if sc.kind(i) == Some(Kind::Num) && sc.s(i).len() <= 3 {
        (sc.s(i).parse::<i64>().ok()?, i + 1)
    } else {
        return None;
    };
    let unit = unit_of(sc.s(j))?;
    if !sc.is_any(j + 1, &["ago", "earlier", "later"]) {
        return None;
    }
    // "three days earlier", "two weeks later": counted from the date last mentioned
    // ("a year earlier" keeps its reading in quarterly reports below).
    if sc.is_any(j + 1, &["earlier", "later"])
        && matches!(unit, Unit::Day | Unit::Week | Unit::Month | Unit::Year)
        && !(n == 1 && unit == Unit::Year)
    {
        let off = if sc.is(j + 1, "later") { n } else { -n };
        return Some((i, j + 2, Expr::Anaphor { unit, off }));
    }
    if sc.is(j + 1, "later") {
        return None;
    }
    if n == 1 && unit == Unit::Year {
        return Some((
            i,
            j + 2,
            Expr::YearAgo {
                quarterly: quarterly_sentence(sc, i),
            },
        ));
    }
    Some((i, j + 2, Expr::Offset { unit, off: -n }))
}

/// True when the sentence around pieces `first..end` tells of a game ("scored",
/// "touchdown", "quarterback"): its quarters and halves are periods of play.
fn sports_sentence(sc: &Scan<'_>, first: usize, end: usize) -> bool {
    const GAME: &[&str] = &[
        "touchdown",
        "touchdowns",
        "yard",
        "yards",
        "interception",
        "fumble",
        "fumbled",
        "quarterback",
        "punt",
        "punted",
        "halftime",
        "overtime",
        "scored",
        "scoring",
        "innings",
        "rebounds",
        "rushing",
        "sacked",
        "playoffs",
    ];
    let mut k = first;
    while k > 0 && first - k < 40 && (!sc.is_stop(k - 1) || abbreviation_dot(sc, k - 1)) {
        k -= 1;
        if sc.is_any(k, GAME) {
            return true;
        }
    }
    let mut k = end;
    while k < sc.len() && k - end < 40 && (!sc.is_stop(k) || abbreviation_dot(sc, k)) {
        if sc.is_any(k, GAME) {
            return true;
        }
        k += 1;
    }
    false
}

/// True when the sentence around piece `i` speaks of quarters.
fn quarterly_sentence(sc: &Scan<'_>, i: usize) -> bool {
    // Anywhere in the story so far: in an earnings report that gives quarterly
    // results, "a year ago" is the same quarter a year before.
    let k = i.saturating_sub(400);
    let mut e = i;
    while e < sc.len() && e - i < 30 && !sc.is_stop(e) && !sc.line_break(e + 1) {
        e += 1;
    }
    (k..=e).any(|x| sc.is_any(x, &["quarter", "quarterly"]))
}

/// "year-earlier", "year-ago" (with "quarter" or "period" after it, when there).
fn year_earlier(sc: &Scan<'_>, i: usize) -> Option<(usize, usize, Expr)> {
    if !(sc.is(i, "year")
        && sc.s(i + 1) == "-"
        && sc.glued(i + 1)
        && sc.glued(i + 2)
        && sc.is_any(i + 2, &["earlier", "ago"]))
    {
        return None;
    }
    // "the year-ago third quarter": that quarter a year before.
    if let Some((_, end, Expr::Quarter { y: None, q })) = quarter(sc, i + 3) {
        return Some((i, end, Expr::QuarterRel { off: -1, q }));
    }
    let end = if sc.is_any(i + 3, &["quarter", "period"]) {
        i + 4
    } else {
        i + 3
    };
    Some((
        i,
        end,
        Expr::YearAgo {
            quarterly: quarterly_sentence(sc, i),
        },
    ))
}

/// The unit named by a word ("weeks" → week).
fn unit_of(w: &str) -> Option<Unit> {
    let mut buf = [0u8; 16];
    Some(match crate::scan::lower(w, &mut buf)? {
        "day" | "days" => Unit::Day,
        "week" | "weeks" => Unit::Week,
        "weekend" => Unit::Weekend,
        "month" | "months" => Unit::Month,
        "quarter" | "quarters" => Unit::Quarter,
        "year" | "years" => Unit::Year,
        "century" => Unit::Century,
        _ => return None,
    })
}

/// The season named by a word.
fn season_of(w: &str) -> Option<u8> {
    let mut buf = [0u8; 16];
    Some(match crate::scan::lower(w, &mut buf)? {
        "winter" => 0,
        "spring" => 1,
        "summer" => 2,
        "fall" | "autumn" => 3,
        _ => return None,
    })
}

/// "this week", "last month", "next year", "past two weeks", "last Friday", "last fall".
fn relative_unit(sc: &Scan<'_>, i: usize) -> Option<(usize, usize, Expr)> {
    let det = sc.s(i).to_ascii_lowercase();
    let off: i64 = match det.as_str() {
        "this" | "current" => 0,
        "last" | "past" | "previous" => -1,
        "next" | "coming" => 1,
        _ => return None,
    };
    let j = i + 1;
    if sc.line_break(j) {
        return None;
    }
    // "ABC's \"This Week\"": a title-cased phrase inside a sentence names a programme.
    let opening_quote = i > 0 && matches!(sc.s(i - 1), "\"" | "“" | "‘" | "`" | "``");
    if sc.capitalised(i)
        && sc.capitalised(j)
        && unit_of(sc.s(j)).is_some()
        && (mid_sentence(sc, i) || opening_quote)
    {
        return None;
    }
    if let Some(wd) = weekday_of(sc, j) {
        let rel = match off {
            0 => 0,
            -1 => -1,
            _ => 1,
        };
        return Some((i, j + 1, Expr::Weekday { wd, rel }));
    }
    if let Some(s) = season_of(sc.s(j)) {
        return Some((
            i,
            j + 1,
            Expr::Season {
                y: None,
                s,
                rel: off as i8,
            },
        ));
    }
    if det == "this" {
        // "this September": the reference's year.
        if let Some((m, k)) = month_of(sc, j) {
            if year_at(sc, k).is_none() && day_at(sc, k).is_none() {
                return Some((i, k, Expr::MonthRel { m, off: 0 }));
            }
        }
    }
    if det == "last" || det == "next" || det == "past" {
        if let Some((m, k)) = month_of(sc, j) {
            // "last Oct. 23": a day, the latest such before the reference.
            if let Some((d, k2)) = day_at(sc, k).filter(|_| det == "last") {
                if valid_day(None, m, d) && year_at(sc, k2).is_none() {
                    return Some((i, k2, Expr::Day { y: None, m, d }));
                }
            }
            if year_at(sc, k).is_none() && (m != 5 || det != "past") {
                return Some((
                    i,
                    k,
                    Expr::Month {
                        y: None,
                        m,
                        rel: off as i8,
                    },
                ));
            }
        }
    }
    // "the last two weeks" is handled by `the_phrase`; "last two weeks" here.
    if let Some(n) = count_at(sc, j) {
        if let Some(unit) =
            unit_of(sc.s(j + 1)).filter(|u| !matches!(u, Unit::Weekend | Unit::Century))
        {
            if off < 0 && sc.s(j + 1).ends_with('s') {
                return Some((i, j + 2, Expr::LastN { unit, n }));
            }
        }
        return None;
    }
    let unit = unit_of(sc.s(j))?;
    if sc.s(j).ends_with('s') && unit != Unit::Day {
        return None;
    }
    // "this year's third quarter"; "last year's quarter" (the latest one, a year before).
    if unit == Unit::Year && matches!(sc.s(j + 1), "'" | "’") && sc.is(j + 2, "s") {
        if let Some((_, end, Expr::Quarter { y: None, q })) = quarter(sc, j + 3) {
            return Some((i, end, Expr::QuarterRel { off: off as i32, q }));
        }
        if sc.is(j + 3, "quarter") && !sc.is(j + 4, "of") {
            match off {
                0 => return Some((i, j + 4, Expr::LatestQuarter)),
                -1 => return Some((i, j + 4, Expr::YearAgo { quarterly: true })),
                _ => {}
            }
        }
    }
    match unit {
        Unit::Day => None,
        Unit::Century => Some((i, j + 1, Expr::RelCentury(-off as i32))),
        _ => Some((i, j + 1, Expr::Offset { unit, off })),
    }
}

/// The calendar unit an anaphoric phrase takes from the date it points back to: "that
/// morning" and "that night" point to a day.
fn anaphor_unit(sc: &Scan<'_>, j: usize) -> Option<Unit> {
    if sc.line_break(j) {
        return None;
    }
    // "that year-end", "the same day-to-day": compounds, not dates.
    if matches!(sc.s(j + 1), "-" | "–") && sc.glued(j + 1) {
        return None;
    }
    if sc.is_any(j, &["morning", "afternoon", "evening", "night"]) {
        return Some(Unit::Day);
    }
    match unit_of(sc.s(j))? {
        u @ (Unit::Day | Unit::Week | Unit::Month | Unit::Quarter | Unit::Year)
            if !sc.s(j).ends_with('s') =>
        {
            Some(u)
        }
        _ => None,
    }
}

/// "that year", "that same day" at piece `i` (on "that").
fn that_unit(sc: &Scan<'_>, i: usize) -> Option<(usize, usize, Expr)> {
    let j = if sc.is(i + 1, "same") { i + 2 } else { i + 1 };
    let unit = anaphor_unit(sc, j)?;
    Some((i, j + 1, Expr::Anaphor { unit, off: 0 }))
}

/// Anaphoric phrases opening with "the" at piece `i`: "the following month", "the same
/// day", "the previous Friday", "the next morning" (but "the next month" and "the
/// previous year" count from the reference date when no date was mentioned before).
fn anaphoric_the(sc: &Scan<'_>, i: usize) -> Option<(usize, usize, Expr)> {
    let j = i + 1;
    let off = if sc.is(j, "same") {
        0
    } else if sc.is(j, "following") {
        1
    } else if sc.is_any(j, &["previous", "preceding", "prior"]) {
        -1
    } else if sc.is(j, "next") {
        // "the next day", "the next morning"; "the next week" is the reference's unless
        // the clause tells of the past ("Gray resigned the next year").
        let unit = anaphor_unit(sc, j + 1)?;
        if unit != Unit::Day && !past_clause(sc, i) {
            return None;
        }
        // "over the next day or two" is a vague stretch ahead, not a date.
        if sc.is(j + 2, "or") {
            return None;
        }
        return Some((i, j + 2, Expr::Anaphor { unit, off: 1 }));
    } else {
        return None;
    };
    if off != 0 {
        if let Some(wd) = weekday_of(sc, j + 1) {
            let dir = if off > 0 { 1 } else { -1 };
            return Some((i, j + 2, Expr::AnaphorWeekday { wd, dir }));
        }
    }
    let unit = anaphor_unit(sc, j + 1)?;
    Some((i, j + 2, Expr::Anaphor { unit, off }))
}

/// "the nineties", "the '80s", "the 70s" after "the" at piece `i` (`j` = `i + 1`).
fn short_decade(sc: &Scan<'_>, i: usize, j: usize) -> Option<(usize, usize, Expr)> {
    let mut buf = [0u8; 16];
    let word = match crate::scan::lower(sc.s(j), &mut buf) {
        Some("twenties") => Some(2),
        Some("thirties") => Some(3),
        Some("forties") => Some(4),
        Some("fifties") => Some(5),
        Some("sixties") => Some(6),
        Some("seventies") => Some(7),
        Some("eighties") => Some(8),
        Some("nineties") => Some(9),
        _ => None,
    };
    if let Some(t) = word {
        // "the Roaring Twenties" is a name, "the twenties" a decade (or an age).
        return (!sc.capitalised(j) && !sc.is(j + 1, "of")).then_some((
            i,
            j + 1,
            Expr::ShortDecade(t),
        ));
    }
    let k = if matches!(sc.s(j), "'" | "’") && sc.glued(j + 1) {
        j + 1
    } else {
        j
    };
    let n = sc.s(k);
    if sc.kind(k) != Some(Kind::Num) || n.len() != 2 || !(sc.s(k + 1) == "s" && sc.glued(k + 1)) {
        return None;
    }
    let t: u8 = n
        .parse()
        .ok()
        .filter(|n: &u8| n.is_multiple_of(10) && (10..=90).contains(n))?;
    Some((i, k + 2, Expr::ShortDecade(t / 10)))
}

/// A small count at piece `j` ("two", "3").
fn count_at(sc: &Scan<'_>, j: usize) -> Option<i64> {
    if let Some(u) = unit_word(sc.s(j)).filter(|u| (2..=99).contains(u)) {
        return Some(i64::from(u));
    }
    if sc.kind(j) == Some(Kind::Num) && sc.s(j).len() <= 3 {
        return sc.s(j).parse().ok();
    }
    None
}

/// Phrases opening with "the" or "a": "the weekend", "a tense weekend", "the 20th
/// century", "the last two weeks", "the latest quarter", "the third quarter".
fn the_phrase(sc: &Scan<'_>, i: usize, last_century: usize) -> Option<(usize, usize, Expr)> {
    let j = i + 1;
    if sc.line_break(j) {
        return None;
    }
    let is_a = sc.is(i, "a");
    // The weekend, with at most one adjective between.
    for k in [j, j + 1] {
        if sc.is(k, "weekend")
            && (k == j
                || sc.kind(j) == Some(Kind::Word)
                    && sc.s(j).chars().all(|c| c.is_ascii_lowercase()))
        {
            if k == j + 1
                && (unit_word(sc.s(j)).is_some()
                    || sc.is_any(
                        j,
                        &[
                            "long",
                            "whole",
                            "entire",
                            "same",
                            "following",
                            "next",
                            "previous",
                        ],
                    ))
            {
                return None;
            }
            return Some((
                i,
                k + 1,
                Expr::Offset {
                    unit: Unit::Weekend,
                    off: -1,
                },
            ));
        }
    }
    if is_a {
        return ago(sc, i);
    }
    // "in the past" and "in the future" are generic adverbs ("previously", "eventually"),
    // not dates (annotation guidelines §3.6).
    let prep = i > 0 && sc.is_any(i - 1, &["in", "into", "about", "for"]);
    // "for the year", "in the current fiscal year", "the end of the year": the
    // reference's year (but "the year ended June 30" is a twelve-month duration).
    if prep || (i > 0 && sc.is_any(i - 1, &["of", "during"])) {
        let mut k = j;
        if sc.is_any(k, &["full", "current"]) {
            k += 1;
        }
        if sc.is(k, "fiscal") {
            k += 1;
        }
        // "Player of the Year" is a title.
        if sc.s(k) == "year"
            && !sc.line_break(k)
            && (!sc.glued(k + 1) || matches!(sc.s(k + 1), "." | ","))
            && !sc.is_any(
                k + 1,
                &["ended", "ending", "ago", "earlier", "before", "after"],
            )
            && count_at(sc, k + 1).is_none()
        {
            return Some((
                i,
                k + 1,
                Expr::Offset {
                    unit: Unit::Year,
                    off: 0,
                },
            ));
        }
    }
    // "the summer", "the early summer", "the winter of 1994".
    let k = if sc.is_any(j, &["early", "late"]) {
        j + 1
    } else {
        j
    };
    let in_time = i > 0
        && sc.is_any(
            i - 1,
            &[
                "in", "into", "over", "during", "through", "until", "since", "of",
            ],
        );
    // "the Summer Palace" is a name: the season must be written in lower case.
    if let Some(season) = season_of(sc.s(k)).filter(|_| !sc.line_break(k) && !sc.capitalised(k)) {
        if sc.is(k + 1, "of") {
            let (y, end) = match spelled_year(sc, k + 2) {
                Some((_, end, Expr::Year(y))) => (Some(y), end),
                _ => (year_at(sc, k + 2), k + 3),
            };
            return y.map(|y| {
                (
                    i,
                    end,
                    Expr::Season {
                        y: Some(y),
                        s: season,
                        rel: 0,
                    },
                )
            });
        }
        // "the fall in prices" is a decline: a bare season needs a preposition of time.
        if !in_time || sc.is_any(k + 1, &["in", "of"]) {
            return None;
        }
        return Some((
            i,
            k + 1,
            Expr::Season {
                y: None,
                s: season,
                rel: 0,
            },
        ));
    }
    // "the last few months", "the past several quarters": a vague stretch before.
    if sc.is_any(j, &["last", "past"]) && sc.is_any(j + 1, &["few", "several"]) {
        if let Some(u) = unit_of(sc.s(j + 2))
            .filter(|u| !matches!(u, Unit::Weekend | Unit::Century) && sc.s(j + 2).ends_with('s'))
        {
            return Some((i, j + 3, Expr::Recent(u)));
        }
    }
    // "the last half of 1989": the second half.
    if sc.is(j, "last") && sc.is(j + 1, "half") && sc.is(j + 2, "of") {
        let (y, end) = if sc.is_any(j + 3, &["the", "this"]) && sc.is(j + 4, "year") {
            (None, j + 5)
        } else {
            (Some(year_at(sc, j + 3)?), j + 4)
        };
        return Some((i, end, Expr::Half { y, h: 2 }));
    }
    // "the week of March 6": the ISO week of that day.
    if sc.is(j, "week") && sc.is(j + 1, "of") {
        if let Some((_, end, Expr::Day { y, m, d })) = month_date(sc, j + 2) {
            return Some((i, end, Expr::WeekOf { y, m, d }));
        }
    }
    // "the corresponding period last year", "the same quarter a year ago": in a report on
    // quarters, the quarter a year before the latest one.
    if sc.is_any(j, &["corresponding", "comparable", "same"])
        && sc.is_any(j + 1, &["period", "quarter"])
    {
        let k = j + 2;
        let end = if sc.is(k, "last") && sc.is(k + 1, "year") {
            Some(k + 2)
        } else if sc.is_any(k, &["a", "one"])
            && sc.is(k + 1, "year")
            && sc.is_any(k + 2, &["ago", "earlier"])
        {
            Some(k + 3)
        } else {
            None
        };
        if let Some(end) = end {
            let quarterly = sc.is(j + 1, "quarter") || quarterly_sentence(sc, i);
            return Some((i, end, Expr::YearAgo { quarterly }));
        }
    }
    // "the following month", "the previous Friday", "the same day", "the next morning".
    if let Some(r) = anaphoric_the(sc, i) {
        return Some(r);
    }
    // "the day before last Tuesday": a day counted from another date.
    if sc.is(j, "day") && sc.is_any(j + 1, &["before", "after"]) {
        let off = if sc.is(j + 1, "before") { -1 } else { 1 };
        let (_, end, x) = expr_at(sc, j + 2, last_century)?;
        return matches!(
            x,
            Expr::Day { .. } | Expr::Weekday { .. } | Expr::Holiday { .. }
        )
        .then(|| {
            (
                i,
                end,
                Expr::DayFrom {
                    off,
                    x: Box::new(x),
                },
            )
        });
    }
    // the last/past N units; the last century; the past year.
    if sc.is_any(j, &["last", "past", "previous", "coming", "next"]) {
        if let Some((_, end, x)) = relative_unit(sc, j) {
            return Some((i, end, x));
        }
        return None;
    }
    if sc.is_any(j, &["latest", "current", "most"]) {
        let k = if sc.is(j, "most") && sc.is(j + 1, "recent") {
            j + 2
        } else {
            j + 1
        };
        if sc.is(k, "quarter") || (sc.is(k, "period") && sc.is(j, "latest")) {
            let x = if sc.is(j, "current") {
                Expr::Offset {
                    unit: Unit::Quarter,
                    off: 0,
                }
            } else {
                Expr::LatestQuarter
            };
            return Some((i, k + 1, x));
        }
        return None;
    }
    if let Some((_, end, x)) = year_earlier(sc, j) {
        return Some((i, end, x));
    }
    if sc.is(j, "quarter") && !sc.is(j + 1, "of") {
        if sc.is_any(j + 1, &["ended", "ending"]) {
            if let Some((_, _, Expr::Day { y, m, d })) = month_date(sc, j + 2) {
                return Some((i, j + 1, Expr::QuarterEnded { y, m, d }));
            }
        }
        return Some((i, j + 1, Expr::LatestQuarter));
    }
    // "the first two quarters of 1990", "the last two quarters of the year": halves.
    if sc.is_any(j, &["first", "last"]) && sc.is(j + 1, "two") && sc.is(j + 2, "quarters") {
        let h = if sc.is(j, "first") { 1 } else { 2 };
        if sc.is(j + 3, "of") {
            if let Some(y) = year_at(sc, j + 4) {
                return Some((i, j + 5, Expr::Half { y: Some(y), h }));
            }
            if sc.is_any(j + 4, &["the", "this"]) && sc.is(j + 5, "year") {
                return Some((i, j + 6, Expr::Half { y: None, h }));
            }
        }
        return None;
    }
    // the 20th century; the 17th and 18th centuries; the 17th and 18th (after "century").
    if let Some((a, k)) = ordinal_at(sc, j) {
        if sc.is(k, "century") {
            return Some((i, k + 1, Expr::Centuries { a, b: a }));
        }
        if sc.is_any(k, &["and", "to"]) {
            if let Some((b, k2)) = ordinal_at(sc, k + 1) {
                if sc.is(k2, "centuries") {
                    return Some((i, k2 + 1, Expr::Centuries { a, b }));
                }
                let recent = last_century > 0 && sc.start(i).saturating_sub(last_century) < 400;
                if recent
                    && !sc.is(k2, "century")
                    && b > a
                    && b <= 21
                    && sc.kind(k2) != Some(Kind::Word)
                {
                    return Some((i, k2, Expr::Centuries { a, b }));
                }
            }
        }
        // "the third quarter".
        if let Some(r) = quarter(sc, j) {
            return Some((i, r.1, r.2));
        }
        return None;
    }
    if let Some(r) = short_decade(sc, i, j) {
        return Some(r);
    }
    // "the late 1970s", "the mid-1990s", "the early eighties": the decade, with "the".
    if sc.is_any(j, &["early", "late", "mid"]) {
        let k = if sc.s(j + 1) == "-" && sc.glued(j + 1) {
            j + 2
        } else {
            j + 1
        };
        let decade = short_decade(sc, j, k).or_else(|| {
            let y = year_at(sc, k)?;
            (sc.s(k + 1) == "s" && sc.glued(k + 1) && y % 10 == 0).then_some((
                j,
                k + 2,
                Expr::Decade(y / 10),
            ))
        });
        if let Some((_, end, x)) = decade {
            return Some((i, end, x));
        }
    }
    if let Some(y) = year_at(sc, j) {
        if sc.s(j + 1) == "s" && sc.glued(j + 1) && y % 10 == 0 {
            return Some((i, j + 2, Expr::Decade(y / 10)));
        }
        // "the 1988 third quarter".
        if let Some((_, end, Expr::Quarter { y: None, q })) = quarter(sc, j + 1) {
            return Some((i, end, Expr::Quarter { y: Some(y), q }));
        }
        // "the 1988 quarter" (and, in a report on quarters, "the 1988 period"): the
        // quarter last reported, in that year.
        if sc.is(j + 1, "quarter") || (sc.is(j + 1, "period") && quarterly_sentence(sc, i)) {
            return Some((i, j + 2, Expr::LatestQuarterIn(y)));
        }
        return None;
    }
    if sc.is(j, "first") && sc.is_any(j + 1, &["part", "half"]) {
        return quarter(sc, j).map(|r| (i, r.1, r.2));
    }
    None
}

/// Words that can open a date expression (or matter to the scan), for [`WordFilter`].
const STARTERS: &[&str] = &[
    "since",
    "that",
    "early",
    "late",
    "mid",
    "earlier",
    "later",
    "this",
    "last",
    "next",
    "past",
    "coming",
    "previous",
    "current",
    "the",
    "a",
    "an",
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "thanksgiving",
    "christmas",
    "new",
    "halloween",
    "valentine",
    "easter",
    "labor",
    "memorial",
    "boxing",
    "election",
    "q",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "year",
    "each",
    "every",
    "recent",
    "century",
    "centuries",
];

/// False when `w` certainly opens no date expression.
fn may_start(w: &str) -> bool {
    static F: WordFilter = WordFilter::new(STARTERS);
    F.may(w)
}

/// Words after "the" or "a" that can continue a date expression.
const AFTER_THE: &[&str] = &[
    "weekend",
    "following",
    "preceding",
    "prior",
    "same",
    "corresponding",
    "comparable",
    "full",
    "fiscal",
    "early",
    "late",
    "summer",
    "winter",
    "spring",
    "fall",
    "autumn",
    "last",
    "past",
    "previous",
    "coming",
    "next",
    "latest",
    "current",
    "most",
    "quarter",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "future",
    "near",
    "year",
    "day",
    "week",
    "month",
    "decade",
    "mid",
    "twenties",
    "thirties",
    "forties",
    "fifties",
    "sixties",
    "seventies",
    "eighties",
    "nineties",
];

/// False when `w` after "the" or "a" certainly continues no date expression.
fn may_follow_the(w: &str) -> bool {
    static F: WordFilter = WordFilter::new(AFTER_THE);
    F.may(w)
}

/// Finds all date expressions.
fn find(sc: &Scan<'_>) -> Vec<Found> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut last_century = 0usize;
    while i < sc.len() {
        // Cheap filter: only numbers and a few words can open a date.
        match sc.kind(i) {
            Some(Kind::Num) => {}
            // "the"/"a" open a date only before a handful of words ("the weekend").
            Some(Kind::Word)
                if may_start(sc.s(i))
                    && (!sc.is_any(i, &["the", "a"])
                        || sc.kind(i + 1) == Some(Kind::Num)
                        || may_follow_the(sc.s(i + 1))
                        || sc.is(i + 2, "weekend")
                        || matches!(sc.s(i + 1), "'" | "’")) => {}
            _ => {
                i += 1;
                continue;
            }
        }
        if sc.is(i, "century") || sc.is(i, "centuries") {
            last_century = sc.start(i);
        }
        // "each July", "every Monday" recur: they are sets, not dates.
        if sc.is_any(i, &["each", "every"]) {
            i += 2;
            continue;
        }
        if let Some((first, end, expr)) = expr_at(sc, i, last_century) {
            // "quarter-to-quarter", "year-to-date": compound modifiers, not dates.
            let compound = sc.s(end) == "-" && sc.glued(end) && sc.is(end + 1, "to");
            // "a touchdown in the fourth quarter": a period of play, not of the year.
            let game_period = matches!(
                expr,
                Expr::Quarter { y: None, .. }
                    | Expr::Half { y: None, .. }
                    | Expr::LatestQuarter
                    | Expr::Offset {
                        unit: Unit::Quarter,
                        ..
                    }
            ) && sports_sentence(sc, first, end);
            if end > first && !compound && !game_period {
                let anchor = if expr.relative() {
                    DateAnchor::Relative
                } else {
                    DateAnchor::Explicit
                };
                let tense = if matches!(
                    expr,
                    Expr::Quarter { .. }
                        | Expr::Offset {
                            unit: Unit::Quarter,
                            ..
                        }
                ) {
                    // Only the future matters to a quarter: one still ahead is not the
                    // quarter a report gives results for.
                    if future_clause(sc, first, true) || expectation_before(sc, first) {
                        Tense::Future
                    } else {
                        Tense::Unmarked
                    }
                } else if !matches!(
                    expr,
                    Expr::Day { y: None, .. } | Expr::Month { y: None, .. }
                ) {
                    Tense::Unmarked
                } else if future_clause(sc, first, true) || future_after(sc, first, end - 1) {
                    Tense::Future
                } else if past_event_clause(sc, first) {
                    Tense::Past
                } else {
                    Tense::Unmarked
                };
                let report = report_quarter(sc, &expr, first, end, tense);
                let span = Span::new(sc.start(first), sc.end(end - 1));
                if matches!(expr, Expr::Centuries { .. }) {
                    last_century = sc.start(i);
                }
                // "April 24 and 25": the second day of the same month.
                let second = match expr {
                    Expr::Day { y, m, .. } if sc.is_any(end, &["and", "or"]) => day_at(sc, end + 1)
                        .filter(|&(d, k)| {
                            valid_day(y, m, d)
                                && month_of(sc, k).is_none()
                                && !sc.is(k, "of")
                                && !number_is_not_date(sc, end + 1)
                                && !plural_noun(sc, k)
                        })
                        .map(|(d, k)| (end + 1, k, Expr::Day { y, m, d })),
                    _ => None,
                };
                // "recent months" is found by its own rule below.
                out.push(Found {
                    span,
                    expr,
                    anchor,
                    tense,
                    report,
                });
                i = end;
                if let Some((a, b, x)) = second {
                    out.push(Found {
                        span: Span::new(sc.start(a), sc.end(b - 1)),
                        expr: x,
                        anchor,
                        tense,
                        report,
                    });
                    i = b;
                }
                continue;
            }
        }
        if sc.is(i, "recent")
            && sc.is_any(i + 1, &["days", "weeks", "months", "years"])
            && !sc.line_break(i + 1)
        {
            out.push(Found {
                span: Span::new(sc.start(i), sc.end(i + 1)),
                expr: Expr::Recent(unit_of(sc.s(i + 1)).unwrap_or(Unit::Year)),
                anchor: DateAnchor::Relative,
                tense: Tense::Unmarked,
                report: Report::No,
            });
            i += 2;
            continue;
        }
        i += 1;
    }
    out
}

/// The quarter (1–4) of a month.
fn quarter_of(m: u8) -> u8 {
    (m.saturating_sub(1)) / 3 + 1
}

/// The date `n` months after `d` (day clamped to the month's length).
fn add_months(d: Date, n: i64) -> Option<Date> {
    let total = i64::from(d.year()) * 12 + i64::from(d.month()) - 1 + n;
    let y = i32::try_from(total.div_euclid(12)).ok()?;
    let m = (total.rem_euclid(12) + 1) as u8;
    Date::from_ymd(y, m, d.day().min(days_in_month(y, m)))
}

/// The `n`-th (1-based) `wd` weekday of a month, or the last one for `n == 0`.
fn nth_weekday(y: i32, m: u8, wd: u8, n: u8) -> Option<Date> {
    if n == 0 {
        let last = Date::from_ymd(y, m, days_in_month(y, m))?;
        let back = (i64::from(last.weekday().index()) - i64::from(wd)).rem_euclid(7);
        return last.add_days(-back);
    }
    let first = Date::from_ymd(y, m, 1)?;
    let fwd = (i64::from(wd) - i64::from(first.weekday().index())).rem_euclid(7);
    first.add_days(fwd + 7 * (i64::from(n) - 1))
}

/// Gregorian Easter Sunday (anonymous Gregorian algorithm).
fn easter(y: i32) -> Option<Date> {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::from_ymd(y, month as u8, day as u8)
}

/// The date of a holiday in year `y`.
fn holiday_date(h: Holiday, y: i32) -> Option<Date> {
    match h {
        Holiday::Thanksgiving => nth_weekday(y, 11, 3, 4),
        Holiday::Christmas => Date::from_ymd(y, 12, 25),
        Holiday::ChristmasEve => Date::from_ymd(y, 12, 24),
        Holiday::NewYearsDay => Date::from_ymd(y, 1, 1),
        Holiday::NewYearsEve => Date::from_ymd(y, 12, 31),
        Holiday::Halloween => Date::from_ymd(y, 10, 31),
        Holiday::Valentines => Date::from_ymd(y, 2, 14),
        Holiday::Easter => easter(y),
        Holiday::LaborDay => nth_weekday(y, 9, 0, 1),
        Holiday::MemorialDay => nth_weekday(y, 5, 0, 0),
        Holiday::BoxingDay => Date::from_ymd(y, 12, 26),
        Holiday::ElectionDay => nth_weekday(y, 11, 0, 1)?.add_days(1),
    }
}

/// The value of a century span ("20th century (1901/2000)").
fn centuries_text(a: i32, b: i32) -> String {
    let suffix = |n: i32| match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    };
    if a == b {
        format!(
            "{a}{} century ({}/{})",
            suffix(a),
            (a - 1) * 100 + 1,
            a * 100
        )
    } else {
        format!(
            "{a}{} and {b}{} centuries ({}/{})",
            suffix(a),
            suffix(b),
            (a - 1) * 100 + 1,
            b * 100
        )
    }
}

/// The year of a month named without one. News mostly looks back: a month up to three
/// months ahead of the reference is this year's, one further ahead last year's unless
/// the clause speaks of the future; a month ahead of the reference's in a clause that
/// tells of a past event is last year's ("the company changed its fiscal year in
/// December", written in October); a month before the reference's is this year's unless
/// the clause speaks of the future and the month is more than six months back.
fn year_for_month(r: Date, m: u8, tense: Tense) -> i32 {
    let diff = i32::from(m) - i32::from(r.month());
    if (diff > 3 && tense != Tense::Future) || (diff > 0 && tense == Tense::Past) {
        r.year() - 1
    } else if diff < -6 && tense == Tense::Future {
        r.year() + 1
    } else {
        r.year()
    }
}

/// The occurrence of a yearly date nearest the reference (ties go back).
fn nearest_year(r: Date, f: impl Fn(i32) -> Option<Date>) -> Option<Date> {
    let mut best = None;
    let mut best_dist = i64::MAX;
    for y in [r.year() - 1, r.year(), r.year() + 1] {
        let Some(c) = f(y) else { continue };
        let dist = (c.days_since_epoch() - r.days_since_epoch()).abs();
        if dist < best_dist {
            best = Some(c);
            best_dist = dist;
        }
    }
    best
}

/// Resolves an expression against the reference date `r`.
fn resolve(x: &Expr, r: Option<Date>, tense: Tense) -> Option<DateValue> {
    Some(match x {
        Expr::Day { y, m, d } => {
            let y = match y {
                Some(y) => *y,
                // A past event on a later day of the reference's month ("the quarter
                // ended Oct. 31", written on October 27) was last year.
                None => {
                    let r = r?;
                    if tense == Tense::Past && *m == r.month() && *d > r.day() {
                        r.year() - 1
                    } else {
                        year_for_month(r, *m, tense)
                    }
                }
            };
            DateValue::Day(Date::from_ymd(y, *m, *d)?)
        }
        Expr::Month { y, m, rel } => {
            let y = match (y, rel) {
                (Some(y), _) => *y,
                (None, -1) => {
                    let r = r?;
                    if *m < r.month() {
                        r.year()
                    } else {
                        r.year() - 1
                    }
                }
                (None, 1) => {
                    let r = r?;
                    if *m > r.month() {
                        r.year()
                    } else {
                        r.year() + 1
                    }
                }
                (None, _) => year_for_month(r?, *m, tense),
            };
            DateValue::Month(y, *m)
        }
        Expr::Year(y) => DateValue::Year(*y),
        Expr::Decade(d) => DateValue::Text(format!("{d}")),
        Expr::ShortDecade(t) => {
            let y = r?.year();
            let mut d = y.div_euclid(100) * 10 + i32::from(*t);
            if d * 10 > y {
                d -= 10;
            }
            DateValue::Text(format!("{d}"))
        }
        Expr::Centuries { a, b } => DateValue::Text(centuries_text(*a, *b)),
        Expr::RelCentury(back) => {
            let c = (r?.year() - 1) / 100 + 1 - back;
            DateValue::Text(centuries_text(c, c))
        }
        Expr::Weekday { wd, rel } => {
            let r = r?;
            let today = i64::from(r.weekday().index());
            let wd = i64::from(*wd);
            let off = match rel {
                -2 => -(today - wd).rem_euclid(7),
                -1 => {
                    let back = (today - wd).rem_euclid(7);
                    -(if back == 0 { 7 } else { back })
                }
                1 => {
                    let fwd = (wd - today).rem_euclid(7);
                    if fwd == 0 {
                        7
                    } else {
                        fwd
                    }
                }
                2 => (wd - today).rem_euclid(7),
                _ => wd - today,
            };
            DateValue::Day(r.add_days(off)?)
        }
        Expr::Offset { unit, off } => {
            let r = r?;
            match unit {
                Unit::Day => DateValue::Day(r.add_days(*off)?),
                Unit::Week => {
                    let (y, w) = r.add_days(7 * off)?.iso_week();
                    DateValue::Week(y, w)
                }
                Unit::Weekend => {
                    // The weekend before the reference (or the one it falls in).
                    let wd = i64::from(r.weekday().index());
                    let sat = if wd >= 5 {
                        r.add_days(5 - wd)?
                    } else {
                        r.add_days(-(wd + 2))?
                    };
                    let sat = sat.add_days(if *off > 0 { 7 } else { 0 })?;
                    DateValue::Interval(
                        Box::new(DateValue::Day(sat)),
                        Box::new(DateValue::Day(sat.add_days(1)?)),
                    )
                }
                Unit::Month => {
                    let d = add_months(r, *off)?;
                    DateValue::Month(d.year(), d.month())
                }
                Unit::Quarter => {
                    let d = add_months(r, 3 * off)?;
                    DateValue::Text(format!("{:04}-Q{}", d.year(), quarter_of(d.month())))
                }
                Unit::Year => DateValue::Year(r.year() + *off as i32),
                Unit::Century => {
                    let c = (r.year() - 1) / 100 + 1 + *off as i32;
                    DateValue::Text(centuries_text(c, c))
                }
            }
        }
        Expr::LastN { unit, n } => {
            let r = r?;
            let from = match unit {
                Unit::Day => r.add_days(-n)?,
                Unit::Week => r.add_days(-7 * n)?,
                Unit::Month => add_months(r, -n)?,
                Unit::Quarter => add_months(r, -3 * n)?,
                _ => add_months(r, -12 * n)?,
            };
            DateValue::Interval(Box::new(DateValue::Day(from)), Box::new(DateValue::Day(r)))
        }
        Expr::Quarter { y, q } => {
            let y = match y {
                Some(y) => *y,
                // "reported fourth-quarter earnings", written in March: a quarter not yet
                // begun is last year's unless the clause speaks of the future.
                None => {
                    let r = r?;
                    if *q > quarter_of(r.month()) && tense != Tense::Future {
                        r.year() - 1
                    } else {
                        r.year()
                    }
                }
            };
            quarter_value(y, *q)
        }
        Expr::MonthRel { m, off } => DateValue::Month(r?.year() + off, *m),
        Expr::QuarterRel { off, q } => DateValue::Text(format!("{:04}-Q{q}", r?.year() + off)),
        Expr::LatestQuarter => {
            let d = add_months(r?, -3)?;
            DateValue::Text(format!("{:04}-Q{}", d.year(), quarter_of(d.month())))
        }
        Expr::QuarterEnded { y, m, d } => {
            let y = match y {
                Some(y) => *y,
                None => year_for_month(r?, *m, tense),
            };
            // The middle of the three months that end on that day.
            let mid = Date::from_ymd(y, *m, *d)?.add_days(-45)?;
            quarter_value(mid.year(), quarter_of(mid.month()))
        }
        Expr::LatestQuarterIn(y) => {
            let d = add_months(r?, -3)?;
            DateValue::Text(format!("{y:04}-Q{}", quarter_of(d.month())))
        }
        Expr::WeekOf { y, m, d } => {
            let y = match y {
                Some(y) => *y,
                None => year_for_month(r?, *m, tense),
            };
            let (wy, w) = Date::from_ymd(y, *m, *d)?.iso_week();
            DateValue::Week(wy, w)
        }
        Expr::Half { y, h } => DateValue::Text(format!(
            "{:04}-H{h}",
            y.map_or_else(|| r.map(Date::year), Some)?
        )),
        Expr::Season { y, s, rel } => {
            let code = ["WI", "SP", "SU", "FA"][(*s as usize) % 4];
            let y = match y {
                Some(y) => *y,
                None => {
                    let r = r?;
                    let cur = match r.month() {
                        12 | 1 | 2 => 0,
                        3..=5 => 1,
                        6..=8 => 2,
                        _ => 3,
                    };
                    match rel {
                        -1 if *s >= cur => r.year() - 1,
                        1 if *s <= cur => r.year() + 1,
                        _ => r.year(),
                    }
                }
            };
            DateValue::Text(format!("{y:04}-{code}"))
        }
        Expr::Holiday { y: Some(y), h } => DateValue::Day(holiday_date(*h, *y)?),
        Expr::Holiday { y: None, h } => DateValue::Day(nearest_year(r?, |y| holiday_date(*h, y))?),
        Expr::YearAgo { quarterly } => {
            let r = r?;
            if *quarterly {
                let d = add_months(r, -3)?;
                DateValue::Text(format!("{:04}-Q{}", d.year() - 1, quarter_of(d.month())))
            } else {
                DateValue::Year(r.year() - 1)
            }
        }
        // A vague stretch before the reference: a descriptive value, as the annotation
        // guidelines give it (never TimeML's PAST_REF, which readout does not use).
        Expr::Recent(unit) => {
            let units = match unit {
                Unit::Day => "days",
                Unit::Week | Unit::Weekend => "weeks",
                Unit::Month => "months",
                Unit::Quarter => "quarters",
                Unit::Year | Unit::Century => "years",
            };
            let r = r?;
            let season = match r.month() {
                12 | 1 | 2 => "winter",
                3..=5 => "spring",
                6..=8 => "summer",
                _ => "autumn",
            };
            DateValue::Text(format!("recent {units} before {r} ({season} {})", r.year()))
        }
        // Anaphors need the dates before them: see `resolve_all`.
        Expr::Anaphor { .. } | Expr::AnaphorWeekday { .. } | Expr::AnaphorIn { .. } => return None,
        Expr::DayFrom { off, x } => match resolve(x, r, tense)? {
            DateValue::Day(d) => DateValue::Day(d.add_days(*off)?),
            _ => return None,
        },
        Expr::Since(inner) => {
            let from = resolve(inner, r, tense)?;
            let to = DateValue::Day(r?);
            DateValue::Interval(Box::new(from), Box::new(to))
        }
    })
}

/// The reporting quarter of article `here`, if it has one yet.
fn current_reporting(
    reporting: Option<(Option<usize>, i32, u8)>,
    here: Option<usize>,
) -> Option<(Option<usize>, i32, u8)> {
    reporting.filter(|(a, _, _)| *a == here)
}

/// The value of quarter `q` of year `y` ("1989-Q3").
fn quarter_value(y: i32, q: u8) -> DateValue {
    DateValue::Text(format!("{y:04}-Q{q}"))
}

/// A resolved date that a later anaphoric phrase ("that year") can point back to.
#[derive(Debug, Clone, Copy)]
enum Antecedent {
    Day(Date),
    Month(i32, u8),
    Year(i32),
    Week(i32, u8),
    Quarter(i32, u8),
}

impl Antecedent {
    /// The antecedent a resolved value offers: days, months, years, weeks and quarters
    /// ("1988-Q2"); not stretches or descriptive values.
    fn of(v: &DateValue) -> Option<Antecedent> {
        Some(match v {
            DateValue::Day(d) => Antecedent::Day(*d),
            DateValue::Month(y, m) => Antecedent::Month(*y, *m),
            DateValue::Year(y) => Antecedent::Year(*y),
            DateValue::Week(y, w) => Antecedent::Week(*y, *w),
            DateValue::Text(t) => {
                let (y, q) = t.split_once("-Q")?;
                let q: u8 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
                Antecedent::Quarter(y.parse().ok()?, q)
            }
            DateValue::Interval(..) => return None,
        })
    }

    /// The value of `unit` at this antecedent moved by `off` units, when the antecedent
    /// is fine enough ("the following month" needs a month or a day).
    fn moved(self, unit: Unit, off: i64) -> Option<DateValue> {
        let quarter = |y: i32, q: u8| {
            let n = i64::from(y) * 4 + i64::from(q) - 1 + off;
            let y = i32::try_from(n.div_euclid(4)).ok()?;
            Some(DateValue::Text(format!("{y:04}-Q{}", n.rem_euclid(4) + 1)))
        };
        match (unit, self) {
            (Unit::Year, a) => {
                let y = match a {
                    Antecedent::Day(d) => d.year(),
                    Antecedent::Month(y, _)
                    | Antecedent::Year(y)
                    | Antecedent::Week(y, _)
                    | Antecedent::Quarter(y, _) => y,
                };
                Some(DateValue::Year(y.checked_add(i32::try_from(off).ok()?)?))
            }
            (Unit::Quarter, Antecedent::Day(d)) => quarter(d.year(), quarter_of(d.month())),
            (Unit::Quarter, Antecedent::Month(y, m)) => quarter(y, quarter_of(m)),
            (Unit::Quarter, Antecedent::Quarter(y, q)) => quarter(y, q),
            (Unit::Month, Antecedent::Day(d)) => {
                let d = add_months(d, off)?;
                Some(DateValue::Month(d.year(), d.month()))
            }
            (Unit::Month, Antecedent::Month(y, m)) => {
                let d = add_months(Date::from_ymd(y, m, 1)?, off)?;
                Some(DateValue::Month(d.year(), d.month()))
            }
            (Unit::Week, Antecedent::Day(d)) => {
                let (y, w) = d.add_days(7 * off)?.iso_week();
                Some(DateValue::Week(y, w))
            }
            (Unit::Week, Antecedent::Week(y, w)) if off == 0 => Some(DateValue::Week(y, w)),
            (Unit::Day, Antecedent::Day(d)) => Some(DateValue::Day(d.add_days(off)?)),
            _ => None,
        }
    }
}

/// Resolves every expression in text order: against the reference date of its span
/// (`reference`), and, for anaphoric phrases, against the latest earlier date of the
/// same article (`article`) fine enough for them, else the reference date.
fn resolve_all(
    text: &str,
    found: &[Found],
    reference: impl Fn(Span) -> Option<Date>,
    article: impl Fn(Span) -> Option<usize>,
) -> Vec<Option<DateValue>> {
    let mut out = Vec::with_capacity(found.len());
    // (article, end byte, antecedent) of every resolved date so far.
    let mut before: Vec<(Option<usize>, u32, Antecedent)> = Vec::new();
    // The quarter a report gives results for: the last quarter of the reference's year
    // that its article gave as over (see [`Report`]). "The
    // quarter", "a year earlier" and "the 1988 period" in an earnings report point to it
    // (a fiscal first quarter included) rather than to the calendar quarter before the
    // reference.
    let mut reporting: Option<(Option<usize>, i32, u8)> = None;
    for f in found {
        let r = reference(f.span);
        let here = article(f.span);
        // The earlier antecedents of this article, latest first.
        // "that day" and "the same year" point to a date in the text ("trades made that
        // day" with none before is generic); "the following year" falls back to the
        // reference date.
        let demonstrative = matches!(
            f.expr,
            Expr::Anaphor { off: 0, .. } | Expr::AnaphorIn { off: 0, .. }
        );
        // A date right before it, with only a comma between, is in apposition ("On June 3,
        // 2020, ten years later"): it names the same time, not the one counted from (but
        // it is the one "the same year" points to).
        let start = f.span.start;
        let counted = matches!(f.expr, Expr::Anaphor { off, .. } if off != 0);
        let earlier = || {
            before
                .iter()
                .rev()
                .take_while(move |(a, _, _)| *a == here)
                .filter(move |(_, end, _)| {
                    !counted
                        || text
                            .get(*end as usize..start as usize)
                            .is_none_or(|gap| gap.trim() != ",")
                })
                .map(|(_, _, x)| *x)
                .chain(r.filter(|_| !demonstrative).map(Antecedent::Day))
        };
        let value = match &f.expr {
            Expr::Anaphor { unit, off } => earlier().find_map(|a| a.moved(*unit, *off)),
            Expr::AnaphorIn { m, d, off } => {
                match earlier().find_map(|a| a.moved(Unit::Year, *off)) {
                    Some(DateValue::Year(y)) => match d {
                        Some(d) => Date::from_ymd(y, *m, *d).map(DateValue::Day),
                        None => Some(DateValue::Month(y, *m)),
                    },
                    _ => None,
                }
            }
            Expr::AnaphorWeekday { wd, dir } => earlier().find_map(|a| match a {
                Antecedent::Day(d) => {
                    let back = (i64::from(d.weekday().index()) - i64::from(*wd)).rem_euclid(7);
                    let fwd = (i64::from(*wd) - i64::from(d.weekday().index())).rem_euclid(7);
                    let off = if *dir < 0 {
                        -(if back == 0 { 7 } else { back })
                    } else if fwd == 0 {
                        7
                    } else {
                        fwd
                    };
                    d.add_days(off).map(DateValue::Day)
                }
                _ => None,
            }),
            x => {
                let current = current_reporting(reporting, here);
                match (x, current) {
                    // "the quarter ended Sept. 30" after "the fiscal first quarter" is
                    // that quarter, by its fiscal name.
                    (Expr::LatestQuarter | Expr::QuarterEnded { .. }, Some((_, y, q))) => {
                        Some(quarter_value(y, q))
                    }
                    (Expr::YearAgo { quarterly: true }, Some((_, y, q))) => {
                        Some(quarter_value(y - 1, q))
                    }
                    (Expr::LatestQuarterIn(y), Some((_, _, q))) => Some(quarter_value(*y, q)),
                    _ => resolve(x, r, f.tense),
                }
            }
        };
        // A quarter of the reference's year sets the reported quarter when the text
        // gives it as over, or when the calendar has it over by the reference date.
        if let (Some(Antecedent::Quarter(y, q)), Some(r)) =
            (value.as_ref().and_then(Antecedent::of), r)
        {
            let over = (y, q) < (r.year(), quarter_of(r.month()));
            let sets = y == r.year()
                && match f.report {
                    Report::Over => true,
                    Report::IfOver => over,
                    Report::No => false,
                };
            if sets {
                reporting = Some((here, y, q));
            }
        }
        if let Some(a) = value.as_ref().and_then(Antecedent::of) {
            before.push((here, f.span.end, a));
        }
        out.push(value);
    }
    out
}

/// Date expressions of a short text resolved against `reference` (for evaluations).
#[must_use]
pub fn find_dates(text: &str, reference: Option<Date>) -> Vec<Annotation<DateMention>> {
    let sc = Scan::new(text);
    let found = find(&sc);
    let values = resolve_all(text, &found, |_| reference, |_| None);
    found
        .into_iter()
        .zip(values)
        .filter(|(f, v)| v.is_some() || !f.anaphoric())
        .map(|(f, value)| Annotation {
            span: f.span,
            value: DateMention {
                value,
                anchor: f.anchor,
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str) -> Vec<(String, String)> {
        let r = Date::parse("2025-11-25");
        find_dates(text, r)
            .into_iter()
            .map(|a| {
                (
                    a.span.text(text).to_string(),
                    a.value.value.map(|v| v.to_string()).unwrap_or_default(),
                )
            })
            .collect()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn explicit_dates() {
        assert_eq!(
            dates("Talks on September 3 and 14 February 2024 followed the vote in 1999 and a raid since January 2023."),
            [
                pair("September 3", "2025-09-03"),
                pair("14 February 2024", "2024-02-14"),
                pair("1999", "1999"),
                pair("since January 2023", "2023-01/2025-11-25"),
            ]
        );
    }

    #[test]
    fn relative_dates() {
        assert_eq!(
            dates("On Friday she left; last week he came, earlier this month they met, and next year they vote."),
            [
                pair("Friday", "2025-11-21"),
                pair("last week", "2025-W47"),
                pair("earlier this month", "2025-11"),
                pair("next year", "2026"),
            ]
        );
        assert_eq!(
            dates("The mayor will visit on Friday.")[0],
            pair("Friday", "2025-11-28")
        );
        assert_eq!(
            dates("They met over the weekend.")[0],
            pair("the weekend", "2025-11-22/2025-11-23")
        );
        assert_eq!(
            dates("in the past three weeks")[0],
            pair("the past three weeks", "2025-11-04/2025-11-25")
        );
    }

    #[test]
    fn seed_like_shapes() {
        assert_eq!(
            dates("Fighting has gone on since February 2022, more than in the last century, as in the 20th century."),
            [
                pair("since February 2022", "2022-02/2025-11-25"),
                pair("the last century", "20th century (1901/2000)"),
                pair("the 20th century", "20th century (1901/2000)"),
            ]
        );
        assert_eq!(
            dates("Profit rose in the third quarter from a year ago.")[1],
            pair("a year ago", "2024-Q3")
        );
        assert_eq!(
            dates("The vote is on Friday.")[0],
            pair("Friday", "2025-11-28")
        );
        assert_eq!(
            dates("He left last month, in June last year.")[1],
            pair("June last year", "2024-06")
        );
    }

    #[test]
    fn no_false_dates() {
        assert!(dates("We paid €40 for 2000 tickets, and May we add that 1,500 came.").is_empty());
    }

    #[test]
    fn infers_a_missing_reference_and_says_so() {
        let mut doc =
            Document::new("Filed on March 3, 2024.\nThe board met on Tuesday and again last week.");
        let mut diags = Diagnostics::default();
        DateStage.run(&mut doc, &mut diags);
        let values: Vec<String> = doc
            .dates
            .iter()
            .map(|d| {
                d.value
                    .value
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            })
            .collect();
        // 2024-03-03 was a Sunday.
        assert_eq!(values, ["2024-03-03", "2024-02-27", "2024-W08"]);
        assert_eq!(
            diags.as_slice().first().map(|d| d.code),
            Some("dates/inferred-reference")
        );
    }

    #[test]
    fn skips_dates_in_noise() {
        use crate::doc::{Layer, Noise, NoiseKind};
        let text = "The board met on Tuesday.\nStart your free trial today!";
        let mut doc = Document::new(text);
        doc.published = Date::parse("2025-11-25");
        let start = text.find("Start").unwrap_or(0);
        doc.noise = Layer::from_vec(vec![Annotation {
            span: Span::new(start, text.len()),
            value: Noise {
                kind: NoiseKind::Boilerplate,
            },
        }]);
        DateStage.run(&mut doc, &mut Diagnostics::default());
        let spans: Vec<&str> = doc.dates.iter().map(|d| doc.slice(d.span)).collect();
        assert_eq!(spans, ["Tuesday"]);
    }

    #[test]
    fn leaves_relative_dates_unresolved_without_any_reference() {
        let mut doc = Document::new("The board met on Tuesday.");
        let mut diags = Diagnostics::default();
        DateStage.run(&mut doc, &mut diags);
        assert_eq!(doc.dates.len(), 1);
        assert_eq!(doc.dates.get(0).and_then(|d| d.value.value.clone()), None);
        assert_eq!(
            diags.as_slice().first().map(|d| d.code),
            Some("dates/no-reference")
        );
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in [
            "the 4000000000th century",
            "since since since",
            "the 0th and 99th",
            "Q9 2025",
            "2025-13-45",
            "May",
            "the",
        ] {
            let _ = dates(t);
        }
        assert_eq!(
            dates("the 4000000000th century"),
            Vec::<(String, String)>::new()
        );
    }

    #[test]
    fn holidays_and_centuries() {
        assert_eq!(
            dates("by Thanksgiving")[0],
            pair("Thanksgiving", "2025-11-27")
        );
        assert_eq!(
            dates("in the 19th century")[0],
            pair("the 19th century", "19th century (1801/1900)")
        );
        assert_eq!(dates("Easter 2024")[0], pair("Easter 2024", "2024-03-31"));
        // The first Monday of November 2026 is the 2nd.
        assert_eq!(
            dates("Polls close on Election Day 2026.")[0],
            pair("Election Day 2026", "2026-11-03")
        );
    }

    #[test]
    fn future_cues_across_initials_and_after_the_date() {
        // The full stop of an initial does not end the clause that "will" opens.
        assert_eq!(
            dates("Anna K. Berg will take over Feb. 3 as chair."),
            [pair("Feb. 3", "2026-02-03")]
        );
        assert_eq!(
            dates("The bonus is payable Jan. 15 to all staff."),
            [pair("Jan. 15", "2026-01-15")]
        );
        // A date opening its sentence takes the tense of the clause after it.
        assert_eq!(
            dates("On Thursday, the council plans to vote on the budget."),
            [pair("Thursday", "2025-11-27")]
        );
        assert_eq!(
            dates("On Thursday, the minister said the council will vote."),
            [pair("Thursday", "2025-11-20")]
        );
        // A past verb right before the day outweighs an earlier reported "would".
        assert_eq!(
            dates("They said they would appeal the ruling, announced Wednesday by the court."),
            [pair("Wednesday", "2025-11-19")]
        );
        assert_eq!(
            dates("She said the board would meet on Wednesday."),
            [pair("Wednesday", "2025-11-26")]
        );
        // Mid-sentence, a later "will" belongs to another clause.
        assert_eq!(
            dates("The talks ended Thursday and will resume in spring."),
            [pair("Thursday", "2025-11-20")]
        );
    }

    #[test]
    fn this_month_name_and_last_day() {
        assert_eq!(
            dates("The vote is due this September."),
            [pair("this September", "2025-09")]
        );
        assert_eq!(
            dates("He was hired last Oct. 12 by the firm."),
            [pair("last Oct. 12", "2025-10-12")]
        );
        assert_eq!(
            dates("The choir sings tonight in the hall."),
            [pair("tonight", "2025-11-25")]
        );
    }

    #[test]
    fn vague_past_and_future() {
        // Generic adverbs of time are not dates.
        assert!(
            dates("In the past, the club lost money; in the near future it may not.").is_empty()
        );
        assert_eq!(
            dates("Rates rose over the past few weeks and in recent months."),
            [
                pair(
                    "the past few weeks",
                    "recent weeks before 2025-11-25 (autumn 2025)"
                ),
                pair(
                    "recent months",
                    "recent months before 2025-11-25 (autumn 2025)"
                ),
            ]
        );
        assert!(dates("They argued about the future of the alliance.").is_empty());
        assert!(dates("Nobody cared about the past glories of the team.").is_empty());
    }

    #[test]
    fn the_year_and_seasons() {
        assert_eq!(
            dates("Sales for the full year rose, and for the current fiscal year they will too."),
            [
                pair("the full year", "2025"),
                pair("the current fiscal year", "2025"),
            ]
        );
        // "the year ended June 30" is a twelve-month period, not this year.
        assert_eq!(
            dates("Profit for the year ended June 30 fell."),
            [pair("June 30", "2025-06-30")]
        );
        assert_eq!(
            dates("Prices fell over the summer, as in the winter of 1994."),
            [
                pair("the summer", "2025-SU"),
                pair("the winter of 1994", "1994-WI"),
            ]
        );
        assert!(dates("The fall in prices hurt the farm.").is_empty());
        assert!(dates("She was named Player of the Year.").is_empty());
        assert!(dates("They met in the Summer Palace.").is_empty());
    }

    #[test]
    fn quarters_halves_and_weeks_of_a_day() {
        assert_eq!(
            dates("In the year-ago third quarter, the mill lost money."),
            [pair("the year-ago third quarter", "2024-Q3")]
        );
        assert_eq!(
            dates("Sales were flat in the 2024 quarter."),
            [pair("the 2024 quarter", "2024-Q3")]
        );
        assert_eq!(
            dates("Profit will weaken for the last half of 2024."),
            [pair("the last half of 2024", "2024-H2")]
        );
        assert_eq!(
            dates("A hearing was set for the week of March 6."),
            [pair("the week of March 6", "2025-W10")]
        );
    }

    #[test]
    fn anaphoric_dates_point_back_to_the_last_date() {
        assert_eq!(
            dates("The mill opened in March 2019. The following month, it hired 200 people."),
            [
                pair("March 2019", "2019-03"),
                pair("The following month", "2019-04"),
            ]
        );
        assert_eq!(
            dates("She moved to Lisbon in June 2012 and left later that year."),
            [
                pair("June 2012", "2012-06"),
                pair("later that year", "2012")
            ]
        );
        assert_eq!(
            dates("The pact was signed on May 3, 2001, and the next day the border opened."),
            [
                pair("May 3, 2001", "2001-05-03"),
                pair("the next day", "2001-05-04")
            ]
        );
        // "the following year" counts from the reference date when nothing was
        // mentioned before; "that day" with no date before it is generic.
        assert_eq!(
            dates("The following year, the square was rebuilt."),
            [pair("The following year", "2026")]
        );
        assert!(dates("Traders who sell that day lose money.").is_empty());
        // A coarser date is skipped for one fine enough.
        assert_eq!(
            dates("Sales fell in the second quarter of 2020, in 2021 too; that quarter was bad."),
            [
                pair("the second quarter of 2020", "2020-Q2"),
                pair("2021", "2021"),
                pair("that quarter", "2020-Q2"),
            ]
        );
        // "the previous Friday" is the Friday before the day last mentioned.
        assert_eq!(
            dates("Shares closed Friday 3% below the previous Friday."),
            [
                pair("Friday", "2025-11-21"),
                pair("the previous Friday", "2025-11-14")
            ]
        );
        assert_eq!(
            dates("He spoke the day before last Tuesday's vote."),
            [pair("the day before last Tuesday", "2025-11-17")]
        );
        assert_eq!(
            dates("He came in January 2007 and moved in September of that year."),
            [
                pair("January 2007", "2007-01"),
                pair("September of that year", "2007-09")
            ]
        );
        assert_eq!(
            dates("The mine closed on June 2, 2010. Three days later, the town emptied."),
            [
                pair("June 2, 2010", "2010-06-02"),
                pair("Three days later", "2010-06-05")
            ]
        );
        assert_eq!(
            dates("She was elected in 2003 and resigned the next year."),
            [pair("2003", "2003"), pair("the next year", "2004")]
        );
        assert_eq!(
            dates("In 2003 we said we will build it the next year."),
            [pair("2003", "2003"), pair("the next year", "2026")]
        );
        assert!(dates("Power returns over the next day or two.").is_empty());
        assert_eq!(
            dates("The dam broke in 2010. On June 3, 2020, ten years later, it was rebuilt.")[2],
            pair("ten years later", "2020")
        );
        assert_eq!(
            dates("The hall was built in 1935, the same year the railway came."),
            [pair("1935", "1935"), pair("the same year", "1935")]
        );
        // Not anaphors: compounds and a "that" clause without a unit.
        assert!(dates("He said that year-end bonuses would shrink.").is_empty());
        assert!(dates("She said that days were long.").is_empty());
    }

    #[test]
    fn second_days_halves_and_year_ago_periods() {
        assert_eq!(
            dates("The fair runs on March 14 and 15 in the old port."),
            [pair("March 14", "2025-03-14"), pair("15", "2025-03-15")]
        );
        assert_eq!(
            dates("They hired on March 14 and 15 people quit."),
            [pair("March 14", "2025-03-14")]
        );
        assert_eq!(
            dates("Demand should recover through the first two quarters of 2027."),
            [pair("the first two quarters of 2027", "2027-H1")]
        );
        assert_eq!(
            dates("Net income rose in the third quarter from $3 million in the corresponding period last year."),
            [
                pair("the third quarter", "2025-Q3"),
                pair("the corresponding period last year", "2024-Q3"),
            ]
        );
        assert_eq!(
            dates("Sales for last year's quarter were flat.")[0],
            pair("last year's quarter", "2024-Q3")
        );
        assert!(dates("The quarter-to-quarter comparison helped.").is_empty());
        assert!(dates("She scored twice in the fourth quarter of the final.").is_empty());
        assert_eq!(
            dates("Video game sales rose in the third quarter.")[0],
            pair("the third quarter", "2025-Q3")
        );
        assert_eq!(
            dates("Profit rose in the fourth quarter.")[0],
            pair("the fourth quarter", "2025-Q4")
        );
        assert!(dates("He spoke on CBS's \"This Week\" show.").is_empty());
    }

    #[test]
    fn a_past_event_puts_a_later_month_in_last_year() {
        // Reference: 2025-11-25. A past-tense event cannot lie ahead of it.
        assert_eq!(
            dates("The brewery moved its bottling line in December."),
            [pair("December", "2024-12")]
        );
        assert_eq!(
            dates("Their lease ended November 30."),
            [pair("November 30", "2024-11-30")]
        );
        // The future, a reported statement, an infinitive, a new deadline and a date
        // before a noun keep this year's.
        assert_eq!(
            dates("The brewery will move its bottling line in December."),
            [pair("December", "2025-12")]
        );
        assert_eq!(
            dates("The owner said the bottling line moves in December."),
            [pair("December", "2025-12")]
        );
        assert_eq!(
            dates("The brewery agreed to sell its bottling line in December."),
            [pair("December", "2025-12")]
        );
        assert_eq!(
            dates("The bid was extended to November 30."),
            [pair("November 30", "2025-11-30")]
        );
        assert_eq!(
            dates("Nobody explained the November 30 cutoff."),
            [pair("November 30", "2025-11-30")]
        );
        assert_eq!(
            dates("Guests await the slated tasting in December."),
            [pair("December", "2025-12")]
        );
    }

    #[test]
    fn year_ago_periods_follow_the_reported_quarter() {
        // A fiscal quarter named in a report is the one "a year earlier" and "the quarter"
        // point to (reference 2025-11-25, in the calendar's fourth quarter).
        assert_eq!(
            dates("The toy maker earned $4 million in the fiscal first quarter, up from $3 million a year earlier. Toy sales in the quarter rose 9%."),
            [
                pair("first quarter", "2025-Q1"),
                pair("a year earlier", "2024-Q1"),
                pair("the quarter", "2025-Q1"),
            ]
        );
        assert_eq!(
            dates("The chain posted fourth-quarter profit of $2 million, against $1 million a year ago."),
            [pair("fourth-quarter", "2025-Q4"), pair("a year ago", "2024-Q4")]
        );
        // "The quarter ended July 31" runs from May to July: mostly the second quarter;
        // after a fiscal quarter is named, it is that one.
        assert_eq!(
            dates("Sales rose in the quarter ended July 31."),
            [
                pair("the quarter", "2025-Q2"),
                pair("July 31", "2025-07-31")
            ]
        );
        assert_eq!(
            dates("The grocer earned $2 million in the fiscal first quarter. In the quarter ended Sept. 30, sales rose."),
            [
                pair("first quarter", "2025-Q1"),
                pair("the quarter", "2025-Q1"),
                pair("Sept. 30", "2025-09-30"),
            ]
        );
        // Without one, the calendar quarter before the reference's.
        assert_eq!(
            dates("Quarterly profit fell from a year ago."),
            [pair("a year ago", "2024-Q3")]
        );
        // A quarter still ahead, an indefinite one and the current one named without a
        // past event are not the reported quarter.
        assert_eq!(
            dates(
                "The chain expects losses in the fourth quarter; profit fell 3% from a year ago."
            ),
            [
                pair("the fourth quarter", "2025-Q4"),
                pair("a year ago", "2024-Q3")
            ]
        );
        assert_eq!(
            dates("After a weak second quarter, profit fell 3% from a year ago."),
            [
                pair("second quarter", "2025-Q2"),
                pair("a year ago", "2024-Q3")
            ]
        );
        assert_eq!(
            dates("Nobody can yet estimate fourth-quarter costs, and profit is below a year ago."),
            [
                pair("fourth-quarter", "2025-Q4"),
                pair("a year ago", "2024-Q3")
            ]
        );
    }

    #[test]
    fn a_quarter_not_yet_begun_is_last_years() {
        let at = |text: &str| -> Vec<(String, String)> {
            find_dates(text, Date::parse("2026-02-10"))
                .into_iter()
                .map(|a| {
                    let v = a.value.value.map(|v| v.to_string()).unwrap_or_default();
                    (a.span.text(text).to_string(), v)
                })
                .collect()
        };
        assert_eq!(
            at("The airline posted fourth-quarter profit, up from a year earlier."),
            [
                pair("fourth-quarter", "2025-Q4"),
                pair("a year earlier", "2024-Q4")
            ]
        );
        assert_eq!(
            at("The airline will fly more routes in the third quarter."),
            [pair("the third quarter", "2026-Q3")]
        );
        assert_eq!(
            at("Bookings rose in the first quarter."),
            [pair("the first quarter", "2026-Q1")]
        );
    }

    #[test]
    fn a_past_verb_right_before_a_weekday_dates_its_own_event() {
        // Reference: Tuesday 2025-11-25.
        assert_eq!(
            dates("The banks will stay shut until Thursday, officials said Monday."),
            [pair("Thursday", "2025-11-27"), pair("Monday", "2025-11-24")]
        );
        assert_eq!(
            dates("The winners will be announced Monday."),
            [pair("Monday", "2025-12-01")]
        );
    }

    #[test]
    fn today_as_the_subject_is_the_day() {
        assert_eq!(
            dates("In the port, today is the third day of the strike."),
            [pair("today", "2025-11-25")]
        );
        assert!(dates("Today, the port is busier than ever.").is_empty());
    }

    #[test]
    fn decades() {
        assert_eq!(
            dates("Prices peaked in the 1990s and fell in the late 1970s."),
            [pair("the 1990s", "199"), pair("the late 1970s", "197")]
        );
        // Without a century: the latest such decade by the reference year (2025).
        assert_eq!(
            dates("Music was louder in the eighties than in the '20s or the 10s."),
            [
                pair("the eighties", "198"),
                pair("the '20s", "202"),
                pair("the 10s", "201"),
            ]
        );
        assert!(dates("She is in the forties of her career.").is_empty());
    }

    #[test]
    fn programme_names_are_not_dates() {
        assert!(dates("You are listening to Radio Nine Today.").is_empty());
        assert!(dates("She told the news show This Week that it was over.").is_empty());
        assert_eq!(
            dates("Today the board voted."),
            [pair("Today", "2025-11-25")]
        );
        assert_eq!(
            dates("This week the board voted."),
            [pair("This week", "2025-W48")]
        );
    }
}
