//! The conversions of the `chrono`, `time` and `jiff` features (CI runs this with all
//! three): every day of the DD/MM/YY years goes there and back, written alike, and the
//! years the formats cannot write are refused, naming the year.
#![cfg(any(feature = "chrono", feature = "time", feature = "jiff"))]

use centiacrm_types::{DateError, DayMonthYear, IsoDate};

/// Checks one crate's date type against ours over 2000 to 2099, every day of it (leap
/// days included), and at the ends of both formats' ranges. `ours_days` counts the days.
macro_rules! crate_checks {
    ($module:ident, $feature:literal, $theirs:ty, $first:expr, $next:expr, $iso:expr, $ymd:expr) => {
        #[cfg(feature = $feature)]
        mod $module {
            use super::*;

            #[test]
            fn every_day_of_2000_to_2099_goes_there_and_back() {
                let next: fn($theirs) -> $theirs = $next;
                let iso: fn($theirs) -> String = $iso;
                let mut day: $theirs = $first;
                let mut days = 0;
                loop {
                    let short = DayMonthYear::try_from(day.clone())
                        .unwrap_or_else(|e| panic!("{}: {e}", iso(day.clone())));
                    let long = IsoDate::try_from(day.clone()).expect("an IsoDate");
                    assert_eq!(long.to_string(), iso(day.clone()));
                    let text = long.to_string();
                    assert_eq!(
                        short.to_string(),
                        format!("{}/{}/{}", &text[8..], &text[5..7], &text[2..4])
                    );
                    assert_eq!(<$theirs>::from(short), day);
                    assert_eq!(<$theirs>::from(long), day);
                    days += 1;
                    day = next(day);
                    if DayMonthYear::try_from(day.clone()).is_err() {
                        break;
                    }
                }
                // 100 years, 25 of them leap years (2000 is one).
                assert_eq!(days, 36_525);
                assert_eq!(iso(day), "2100-01-01");
            }

            #[test]
            fn years_out_of_the_formats_are_refused() {
                let ymd: fn(i32, u8, u8) -> $theirs = $ymd;
                assert_eq!(
                    DayMonthYear::try_from(ymd(1999, 12, 31)),
                    Err(DateError::YearOutOfRange { year: 1999 })
                );
                assert_eq!(
                    IsoDate::try_from(ymd(-1, 1, 1)),
                    Err(DateError::YearOutOfRange { year: -1 })
                );
                assert_eq!(
                    IsoDate::try_from(ymd(1999, 12, 31)).map(|d| d.to_string()),
                    Ok("1999-12-31".to_string())
                );
                let last = IsoDate::builder()
                    .year(9999)
                    .month(12)
                    .day(31)
                    .build()
                    .expect("a date");
                assert_eq!(<$theirs>::from(last), ymd(9999, 12, 31));
                let first = IsoDate::builder()
                    .year(0)
                    .month(1)
                    .day(1)
                    .build()
                    .expect("a date");
                assert_eq!(<$theirs>::from(first), ymd(0, 1, 1));
            }
        }
    };
}

crate_checks!(
    with_chrono,
    "chrono",
    chrono::NaiveDate,
    chrono::NaiveDate::from_ymd_opt(2000, 1, 1).expect("a date"),
    |day| day.succ_opt().expect("a next day"),
    |day| day.to_string(),
    |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m.into(), d.into()).expect("a date")
);

crate_checks!(
    with_time,
    "time",
    time::Date,
    time::Date::from_calendar_date(2000, time::Month::January, 1).expect("a date"),
    |day| day.next_day().expect("a next day"),
    |day| format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        u8::from(day.month()),
        day.day()
    ),
    |y, m, d| {
        let month = time::Month::try_from(m).expect("a month");
        time::Date::from_calendar_date(y, month, d).expect("a date")
    }
);

crate_checks!(
    with_jiff,
    "jiff",
    jiff::civil::Date,
    jiff::civil::date(2000, 1, 1),
    |day| day.tomorrow().expect("a next day"),
    |day| day.to_string(),
    |y, m, d| jiff::civil::date(y as i16, m as i8, d as i8)
);
