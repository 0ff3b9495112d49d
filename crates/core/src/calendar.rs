//! Proleptic Gregorian calendar days: parsing, arithmetic, weekdays and ISO weeks.

use std::fmt;

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Day of the week, Monday first as in ISO 8601.
#[allow(missing_docs, reason = "the names say it")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    /// 0 for Monday … 6 for Sunday.
    #[must_use]
    pub fn index(self) -> u8 {
        self as u8
    }

    /// The weekday with index `i % 7` (0 = Monday).
    #[must_use]
    pub fn from_index(i: u8) -> Weekday {
        [
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday,
            Weekday::Saturday,
            Weekday::Sunday,
        ][(i % 7) as usize]
    }
}

/// Number of days in `month` of `year` (0 for a month outside 1–12).
#[must_use]
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// True for leap years.
#[must_use]
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

impl Date {
    /// A valid date, or `None`.
    #[must_use]
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        (day >= 1 && day <= days_in_month(year, month) && (-9999..=9999).contains(&year))
            .then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    #[must_use]
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        // Digits only: `str::parse` would also take a sign ("2025-+1-08").
        if !b
            .iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        {
            return None;
        }
        let year = s[0..4].parse().ok()?;
        let month = s[5..7].parse().ok()?;
        let day = s[8..10].parse().ok()?;
        Date::from_ymd(year, month, day)
    }

    /// The year.
    #[must_use]
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    #[must_use]
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1–31.
    #[must_use]
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    #[must_use]
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01, if it is in range.
    #[must_use]
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        let y = i32::try_from(y).ok()?;
        Date::from_ymd(y, m as u8, d as u8)
    }

    /// The date `n` days later (earlier for negative `n`), if in range.
    #[must_use]
    pub fn add_days(self, n: i64) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch() + n)
    }

    /// The day of the week.
    #[must_use]
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday (index 3).
        Weekday::from_index(((self.days_since_epoch() + 3).rem_euclid(7)) as u8)
    }

    /// The ISO 8601 week-year and week number.
    #[must_use]
    pub fn iso_week(self) -> (i32, u8) {
        let wd = i64::from(self.weekday().index());
        // The Thursday of this week decides the week-year.
        let thursday = self.days_since_epoch() - wd + 3;
        let th = Date::from_days_since_epoch(thursday).unwrap_or(self);
        let jan1 = Date {
            year: th.year,
            month: 1,
            day: 1,
        }
        .days_since_epoch();
        let week = (thursday - jan1) / 7 + 1;
        (th.year, week as u8)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_weekdays() {
        let d = Date::parse("2025-11-25").unwrap();
        assert_eq!(d.weekday(), Weekday::Tuesday);
        assert_eq!(d.to_string(), "2025-11-25");
        assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), Some(d));
        assert_eq!(d.add_days(-2).unwrap().to_string(), "2025-11-23");
        assert_eq!(d.add_days(37).unwrap().to_string(), "2026-01-01");
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
    }

    #[test]
    fn iso_weeks() {
        assert_eq!(Date::parse("2025-11-20").unwrap().iso_week(), (2025, 47));
        assert_eq!(Date::parse("2021-01-03").unwrap().iso_week(), (2020, 53));
        assert_eq!(Date::parse("2024-12-30").unwrap().iso_week(), (2025, 1));
    }

    #[test]
    fn rejects_invalid() {
        assert_eq!(Date::parse("2025-02-29"), None);
        assert_eq!(Date::parse("2024-02-29").map(|d| d.day()), Some(29));
        assert_eq!(Date::parse("2025-13-01"), None);
        assert_eq!(Date::parse("25-11-2025"), None);
        assert_eq!(Date::parse("2025-1a-01"), None);
        // Found by the date_parse fuzz target: a sign inside a field.
        assert_eq!(Date::parse("8818-+1-08"), None);
        assert_eq!(Date::parse("+025-01-08"), None);
    }
}
