//! The dates to and from the date crates': `From` one of the API's dates into the crate's
//! date, which holds every one of them, and `TryFrom` back, which fails on the years the
//! format cannot write. Each crate behind the feature of its name.

#[cfg(any(feature = "chrono", feature = "time", feature = "jiff"))]
use crate::{DateError, DayMonthYear, IsoDate};

/// `From<$ours> for $theirs` and `TryFrom<$theirs> for $ours`, for both of the API's date
/// types, given how to make `$theirs` from a year, month and day, and how to read them back.
#[cfg(any(feature = "chrono", feature = "time", feature = "jiff"))]
macro_rules! conversions {
    ($theirs:ty, $make:expr, $parts:expr) => {
        conversions!(@one DayMonthYear, $theirs, $make, $parts);
        conversions!(@one IsoDate, $theirs, $make, $parts);
    };
    (@one $ours:ident, $theirs:ty, $make:expr, $parts:expr) => {
        impl From<$ours> for $theirs {
            fn from(date: $ours) -> Self {
                let make: fn(i32, u8, u8) -> Option<$theirs> = $make;
                // The API's years (0 to 9999) are all within the crate's.
                make(i32::from(date.year()), date.month(), date.day())
                    .expect("every day of years 0 to 9999 is a date of the crate")
            }
        }

        impl TryFrom<$theirs> for $ours {
            type Error = DateError;

            fn try_from(date: $theirs) -> Result<Self, DateError> {
                let parts: fn(&$theirs) -> (i32, u8, u8) = $parts;
                let (year, month, day) = parts(&date);
                let year = u16::try_from(year).map_err(|_| DateError::YearOutOfRange { year })?;
                Self::builder().year(year).month(month).day(day).build()
            }
        }
    };
}

#[cfg(feature = "chrono")]
conversions!(
    chrono::NaiveDate,
    |year, month, day| chrono::NaiveDate::from_ymd_opt(year, month.into(), day.into()),
    |date| {
        use chrono::Datelike;
        // Month and day are at most 12 and 31.
        (date.year(), date.month() as u8, date.day() as u8)
    }
);

#[cfg(feature = "time")]
conversions!(
    time::Date,
    |year, month, day| {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day).ok()
    },
    |date| (date.year(), date.month().into(), date.day())
);

#[cfg(feature = "jiff")]
conversions!(
    jiff::civil::Date,
    |year, month, day| {
        let year = i16::try_from(year).ok()?;
        jiff::civil::Date::new(year, month as i8, day as i8).ok()
    },
    // jiff's month and day are from 1, its years from -9999.
    |date| (date.year().into(), date.month() as u8, date.day() as u8)
);
