//! Dates that travel as strings in one exact format.
//!
//! The API uses two formats: `DD/MM/YY` in filters and Opportunities.CreateOpportunity, and
//! `YYYY-MM-DD` in Tickets.CreateTicket. Each has its own type, so a date cannot be sent in
//! the wrong one; both check that the day exists (leap years included) when built or read.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Unset;

// `From`/`TryFrom` with chrono, time and jiff dates, each behind its feature.
mod interop;

/// Why a date was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("`{text}` is not a date in the format {format}")]
    Format { text: String, format: &'static str },
    #[error("{year:04}-{month:02}-{day:02} is not a day of the calendar")]
    NoSuchDay { year: u16, month: u8, day: u8 },
    #[error("year {year} is out of the format's range (YY: 2000 to 2099; YYYY: 0 to 9999)")]
    YearOutOfRange { year: i32 },
}

/// A calendar day, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Day {
    year: u16,
    month: u8,
    day: u8,
}

impl Day {
    fn new(year: u16, month: u8, day: u8) -> Result<Self, DateError> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => 0,
        };
        if day == 0 || day > days_in_month {
            return Err(DateError::NoSuchDay { year, month, day });
        }
        Ok(Day { year, month, day })
    }
}

/// Splits `text` on `sep` into exactly three runs of ASCII digits of the given widths.
fn digits(text: &str, sep: char, widths: [usize; 3]) -> Option<[u16; 3]> {
    let mut parts = text.split(sep);
    let mut out = [0u16; 3];
    for (slot, width) in out.iter_mut().zip(widths) {
        let part = parts.next()?;
        if part.len() != width || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *slot = part.parse().ok()?;
    }
    parts.next().is_none().then_some(out)
}

macro_rules! date_type {
    ($(#[$doc:meta])* $name:ident, $format:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Day);

        impl $name {
            /// The format on the wire, as the reference writes it.
            pub const FORMAT: &'static str = $format;

            pub fn year(self) -> u16 {
                self.0.year
            }
            pub fn month(self) -> u8 {
                self.0.month
            }
            pub fn day(self) -> u8 {
                self.0.day
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({self})", stringify!($name))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

date_type!(
    /// A date written `DD/MM/YY`, e.g. `31/12/25`; the year is between 2000 and 2099.
    DayMonthYear,
    "DD/MM/YY"
);

date_type!(
    /// A date written `YYYY-MM-DD`, e.g. `2025-12-31`.
    IsoDate,
    "YYYY-MM-DD"
);

/// Builds a date with its parts set by name:
/// `DayMonthYear::builder().year(2025).month(12).day(31).build()`. `build` exists only once
/// the year, the month and the day are each set (once), so none can be left out or swapped
/// unnoticed; it then checks that the day exists.
#[must_use = "a builder makes nothing until `build` is called"]
pub struct DateBuilder<T, Y = Unset, M = Unset, D = Unset> {
    year: Y,
    month: M,
    day: D,
    date: PhantomData<fn() -> T>,
}

impl<T> DateBuilder<T> {
    fn new() -> Self {
        DateBuilder {
            year: Unset,
            month: Unset,
            day: Unset,
            date: PhantomData,
        }
    }
}

impl<T, M, D> DateBuilder<T, Unset, M, D> {
    /// The full year: `2025`.
    pub fn year(self, year: u16) -> DateBuilder<T, u16, M, D> {
        DateBuilder {
            year,
            month: self.month,
            day: self.day,
            date: PhantomData,
        }
    }
}

impl<T, Y, D> DateBuilder<T, Y, Unset, D> {
    /// The month, 1 to 12.
    pub fn month(self, month: u8) -> DateBuilder<T, Y, u8, D> {
        DateBuilder {
            year: self.year,
            month,
            day: self.day,
            date: PhantomData,
        }
    }
}

impl<T, Y, M> DateBuilder<T, Y, M, Unset> {
    /// The day of the month, from 1.
    pub fn day(self, day: u8) -> DateBuilder<T, Y, M, u8> {
        DateBuilder {
            year: self.year,
            month: self.month,
            day,
            date: PhantomData,
        }
    }
}

impl DateBuilder<DayMonthYear, u16, u8, u8> {
    /// The date, if the day exists and the year is between 2000 and 2099.
    pub fn build(self) -> Result<DayMonthYear, DateError> {
        DayMonthYear::from_parts(self.year, self.month, self.day)
    }
}

impl DateBuilder<IsoDate, u16, u8, u8> {
    /// The date, if the day exists and the year is at most 9999.
    pub fn build(self) -> Result<IsoDate, DateError> {
        IsoDate::from_parts(self.year, self.month, self.day)
    }
}

impl DayMonthYear {
    /// A builder that takes the year (2000 to 2099), the month and the day by name.
    pub fn builder() -> DateBuilder<Self> {
        DateBuilder::new()
    }

    fn from_parts(year: u16, month: u8, day: u8) -> Result<Self, DateError> {
        if !(2000..=2099).contains(&year) {
            return Err(DateError::YearOutOfRange { year: year.into() });
        }
        Day::new(year, month, day).map(Self)
    }
}

impl FromStr for DayMonthYear {
    type Err = DateError;
    fn from_str(text: &str) -> Result<Self, DateError> {
        let [day, month, yy] = digits(text, '/', [2, 2, 2]).ok_or_else(|| DateError::Format {
            text: text.to_string(),
            format: Self::FORMAT,
        })?;
        Self::from_parts(2000 + yy, month as u8, day as u8)
    }
}

impl fmt::Display for DayMonthYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}/{:02}/{:02}",
            self.0.day,
            self.0.month,
            self.0.year % 100
        )
    }
}

impl IsoDate {
    /// A builder that takes the year (0 to 9999), the month and the day by name.
    pub fn builder() -> DateBuilder<Self> {
        DateBuilder::new()
    }

    fn from_parts(year: u16, month: u8, day: u8) -> Result<Self, DateError> {
        if year > 9999 {
            return Err(DateError::YearOutOfRange { year: year.into() });
        }
        Day::new(year, month, day).map(Self)
    }
}

impl FromStr for IsoDate {
    type Err = DateError;
    fn from_str(text: &str) -> Result<Self, DateError> {
        let [year, month, day] = digits(text, '-', [4, 2, 2]).ok_or_else(|| DateError::Format {
            text: text.to_string(),
            format: Self::FORMAT,
        })?;
        Self::from_parts(year, month as u8, day as u8)
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year, self.0.month, self.0.day
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_month_year_round_trips_exactly() {
        let d: DayMonthYear = "29/02/24".parse().unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2024, 2, 29));
        assert_eq!(d.to_string(), "29/02/24");
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"29/02/24\"");
        let built = DayMonthYear::builder().day(5).month(1).year(2025).build();
        assert_eq!(built.unwrap().to_string(), "05/01/25");
    }

    #[test]
    fn iso_round_trips_exactly() {
        let d: IsoDate = serde_json::from_str("\"2025-12-31\"").unwrap();
        assert_eq!(d.to_string(), "2025-12-31");
        let built = IsoDate::builder().year(2025).month(3).day(1).build();
        assert_eq!(built.unwrap().to_string(), "2025-03-01");
    }

    #[test]
    fn rejects_other_formats_and_missing_days() {
        for bad in [
            "2025-12-31",
            "1/2/25",
            "31/12/2025",
            "29/02/25",
            "32/01/25",
            "00/01/25",
            "aa/bb/cc",
            "",
            "01/13/25",
            "+1/01/25",
        ] {
            assert!(
                bad.parse::<DayMonthYear>().is_err(),
                "{bad} should be rejected"
            );
        }
        for bad in [
            "31/12/25",
            "2025-02-29",
            "2025-1-01",
            "2025-13-01",
            "20250101",
            "2025-01-01T00:00",
        ] {
            assert!(bad.parse::<IsoDate>().is_err(), "{bad} should be rejected");
        }
        assert_eq!(
            DayMonthYear::builder().year(1999).month(1).day(1).build(),
            Err(DateError::YearOutOfRange { year: 1999 })
        );
        assert_eq!(
            IsoDate::builder().year(2025).month(2).day(29).build(),
            Err(DateError::NoSuchDay {
                year: 2025,
                month: 2,
                day: 29
            })
        );
        let err = serde_json::from_str::<DayMonthYear>("\"2025-01-01\"").unwrap_err();
        assert!(err.to_string().contains("DD/MM/YY"), "{err}");
    }
}
