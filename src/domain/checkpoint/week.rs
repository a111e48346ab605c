//! ISO 8601 weeks (`2026-W47`): Monday to Monday in the reviewer's time zone, so a review in
//! Berlin and one in UTC can disagree on where a week starts, and both are right.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    year: i32,
    week: u32,
}

/// A week's bounds as instants: `[from, to)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekRange {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

impl IsoWeek {
    pub fn new(year: i32, week: u32) -> Result<Self, String> {
        if NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).is_some() {
            Ok(Self { year, week })
        } else {
            let last = weeks_in(year);
            Err(format!(
                "{year} has ISO weeks 1 to {last}, not {week} (a year has 53 when it starts or ends on a Thursday)"
            ))
        }
    }

    /// The week holding `date`: the last days of December may belong to week 1 of the next
    /// year, and the first days of January to week 52 or 53 of the previous one.
    pub fn containing(date: NaiveDate) -> Self {
        let iso = date.iso_week();
        Self {
            year: iso.year(),
            week: iso.week(),
        }
    }

    /// The week holding the instant `at` as seen in `tz`.
    pub fn at(at: DateTime<Utc>, tz: Tz) -> Self {
        Self::containing(at.with_timezone(&tz).date_naive())
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn week(self) -> u32 {
        self.week
    }

    pub fn monday(self) -> NaiveDate {
        // Checked in `new`; `containing` only builds weeks that exist.
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).unwrap_or_default()
    }

    pub fn previous(self) -> Self {
        Self::containing(self.monday() - Duration::days(7))
    }

    pub fn next(self) -> Self {
        Self::containing(self.monday() + Duration::days(7))
    }

    /// `n` weeks before this one (`n` = 0 is this week).
    pub fn back(self, n: u32) -> Self {
        Self::containing(self.monday() - Duration::weeks(i64::from(n)))
    }

    /// Monday 00:00 to the next Monday 00:00, local time in `tz` (a DST change makes that
    /// 167 or 169 hours).
    pub fn range(self, tz: Tz) -> WeekRange {
        WeekRange {
            from: local_midnight(self.monday(), tz),
            to: local_midnight(self.next().monday(), tz),
        }
    }
}

impl WeekRange {
    /// The part of the week that has happened by `now`; `None` before it starts.
    pub fn until(self, now: DateTime<Utc>) -> Option<Self> {
        (now > self.from).then(|| Self {
            from: self.from,
            to: self.to.min(now),
        })
    }
}

/// 52 or 53.
pub fn weeks_in(year: i32) -> u32 {
    NaiveDate::from_ymd_opt(year, 12, 28).map_or(52, |d| d.iso_week().week())
}

/// Midnight of `date` in `tz`; where a DST jump skips midnight, the first instant of the day.
fn local_midnight(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    (0..=3)
        .filter_map(|hour| date.and_hms_opt(hour, 0, 0))
        .find_map(|local| tz.from_local_datetime(&local).earliest())
        .map_or_else(
            || date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc(),
            |t| t.with_timezone(&Utc),
        )
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

impl FromStr for IsoWeek {
    type Err = String;

    /// `2026-W47` (also `2026W47` and a lower-case `w`).
    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || format!("{text:?} is not an ISO week; write it like 2026-W47");
        let (year, week) = text.trim().split_once(['W', 'w']).ok_or_else(bad)?;
        let year = year.strip_suffix('-').unwrap_or(year);
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if year.len() != 4 || !all_digits(year) || !all_digits(week) || week.len() > 2 {
            return Err(bad());
        }
        let year = year.parse().map_err(|_| bad())?;
        let week = week.parse().map_err(|_| bad())?;
        Self::new(year, week)
    }
}

/// A time zone by IANA name (`Europe/Berlin`) or `UTC`.
pub fn parse_tz(name: &str) -> Result<Tz, String> {
    name.trim().parse::<Tz>().map_err(|_| {
        format!("unknown time zone {name:?}; use an IANA name such as UTC or Europe/Berlin")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(text: &str) -> IsoWeek {
        text.parse().expect("a week")
    }

    fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
            .single()
            .expect("time")
    }

    #[test]
    fn parses_and_prints_weeks() {
        assert_eq!(week("2026-W47").to_string(), "2026-W47");
        assert_eq!(week("2026w05").to_string(), "2026-W05");
        for bad in [
            "2026-47",
            "26-W47",
            "2026-W",
            "2026-W0",
            "2026-W54",
            "2026-W123",
            "x",
        ] {
            assert!(bad.parse::<IsoWeek>().is_err(), "{bad}");
        }
    }

    #[test]
    fn week_53_exists_only_in_long_years() {
        assert_eq!(weeks_in(2026), 53, "2026 starts on a Thursday");
        assert_eq!(weeks_in(2027), 52);
        assert_eq!(weeks_in(2020), 53);
        assert_eq!(
            week("2026-W53").monday(),
            NaiveDate::from_ymd_opt(2026, 12, 28).expect("d")
        );
        let error = "2027-W53"
            .parse::<IsoWeek>()
            .expect_err("no week 53 in 2027");
        assert!(error.contains("1 to 52"), "{error}");
        assert_eq!(week("2026-W53").next(), week("2027-W01"));
        assert_eq!(week("2027-W01").previous(), week("2026-W53"));
    }

    #[test]
    fn days_near_new_year_belong_to_the_iso_year() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("date");
        assert_eq!(IsoWeek::containing(d(2027, 1, 3)), week("2026-W53"));
        assert_eq!(IsoWeek::containing(d(2025, 12, 29)), week("2026-W01"));
        assert_eq!(IsoWeek::containing(d(2024, 12, 31)), week("2025-W01"));
        assert_eq!(week("2026-W01").back(1), week("2025-W52"));
    }

    #[test]
    fn ranges_follow_the_time_zone() {
        let utc_week = week("2026-W47").range(Tz::UTC);
        assert_eq!(utc_week.from, utc(2026, 11, 16, 0));
        assert_eq!(utc_week.to, utc(2026, 11, 23, 0));
        let berlin = week("2026-W47").range(parse_tz("Europe/Berlin").expect("tz"));
        assert_eq!(berlin.from, utc(2026, 11, 15, 23));
        // Sunday 23:30 UTC is still W47 in UTC but already W48 in Berlin.
        let late_sunday = utc(2026, 11, 22, 23) + Duration::minutes(30);
        assert_eq!(IsoWeek::at(late_sunday, Tz::UTC), week("2026-W47"));
        assert_eq!(
            IsoWeek::at(late_sunday, parse_tz("Europe/Berlin").expect("tz")),
            week("2026-W48")
        );
    }

    #[test]
    fn a_dst_change_makes_a_short_week() {
        let berlin = parse_tz("Europe/Berlin").expect("tz");
        let spring = IsoWeek::containing(NaiveDate::from_ymd_opt(2026, 3, 29).expect("d"));
        let range = spring.range(berlin);
        assert_eq!(range.to - range.from, Duration::hours(167));
        assert!(parse_tz("Mars/Olympus").is_err());
    }

    #[test]
    fn until_clips_the_running_week() {
        let range = week("2026-W49").range(Tz::UTC);
        let wednesday = utc(2026, 12, 2, 14);
        assert_eq!(range.until(wednesday).map(|r| r.to), Some(wednesday));
        assert_eq!(range.until(utc(2026, 11, 1, 0)), None);
        assert_eq!(range.until(utc(2027, 1, 1, 0)), Some(range));
    }
}
