//! Timestamps without a date crate: records need `created_at`, and filters compare days.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// A calendar day: (year, month, day), ordered as days are.
pub(crate) type Day = (u16, u8, u8);

/// A moment in UTC, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Stamp {
    pub day: Day,
    pub seconds: u32,
}

impl Stamp {
    pub fn now() -> Self {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Self {
            day: day_from_unix_days((secs / 86_400) as i64),
            seconds: (secs % 86_400) as u32,
        }
    }

    /// Noon of a given day, for the demo records.
    pub fn noon(year: u16, month: u8, day: u8) -> Self {
        Self {
            day: (year, month, day),
            seconds: 12 * 3600,
        }
    }
}

impl fmt::Display for Stamp {
    /// `YYYY-MM-DD HH:MM:SS`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m, s) = (
            self.seconds / 3600,
            self.seconds / 60 % 60,
            self.seconds % 60,
        );
        write!(f, "{} {h:02}:{m:02}:{s:02}", iso_day(self.day))
    }
}

/// `YYYY-MM-DD`.
pub(crate) fn iso_day((y, m, d): Day) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// The day a `YYYY-MM-DD...` string starts with (a date or a `created_at`).
pub(crate) fn parse_day(text: &str) -> Option<Day> {
    let head = text.get(..10)?;
    let mut parts = head.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
}

/// The civil date of a count of days since 1970-01-01 (Howard Hinnant's algorithm).
fn day_from_unix_days(days: i64) -> Day {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as u16, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_days_become_calendar_days() {
        assert_eq!(day_from_unix_days(0), (1970, 1, 1));
        assert_eq!(day_from_unix_days(19_782), (2024, 2, 29));
        assert_eq!(day_from_unix_days(19_783), (2024, 3, 1));
        assert_eq!(day_from_unix_days(20_453), (2025, 12, 31));
    }

    #[test]
    fn stamps_print_and_parse_back() {
        let stamp = Stamp {
            day: (2025, 3, 9),
            seconds: 3600 * 7 + 60 * 5 + 9,
        };
        assert_eq!(stamp.to_string(), "2025-03-09 07:05:09");
        assert_eq!(parse_day(&stamp.to_string()), Some((2025, 3, 9)));
        assert_eq!(parse_day("2025-3-09"), None);
        assert_eq!(parse_day("31/12/25"), None);
        let now = Stamp::now();
        assert!(now.day >= (2025, 1, 1), "{now}");
    }
}
