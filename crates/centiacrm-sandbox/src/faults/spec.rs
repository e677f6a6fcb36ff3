//! [`Faults`]: which failures to inject and how often, and its text form
//! (`503=0.1,429=5%,latency=50ms@0.2,drop=0.05,token-ttl=30s,seed=7`).

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// Which failures the sandbox injects, and how often.
///
/// Read one from its text form, the same as the binary's `--faults` option: items
/// `key=value` separated by commas, each key at most once.
///
/// | item | effect |
/// |---|---|
/// | `503=RATE` | answer 503 without calling the API |
/// | `429=RATE` | answer 429 with a `Retry-After` header, without calling the API |
/// | `retry-after=SECONDS` | the `Retry-After` of those 429s, whole seconds (default `1s`) |
/// | `latency=DURATION@RATE` | wait `DURATION` before handling the request |
/// | `drop=RATE` | close the connection without an answer, without calling the API |
/// | `token-ttl=DURATION` | a token stops working `DURATION` after its login (401) |
/// | `seed=N` | the seed of the pseudo-random draws (default 0) |
///
/// A `RATE` is a fraction (`0.1`) or a percentage (`10%`) of requests; 503, 429 and drop
/// exclude one another, so their rates add up to at most 1. Latency is drawn on its own
/// and comes before the other faults. A `DURATION` is a whole number with a unit: `ms`,
/// `s` or `m`.
///
/// The draws come from one pseudo-random sequence seeded with `seed`, one pair of draws
/// per request in the order requests arrive: the same requests, sent one after another,
/// meet the same faults in every run.
///
/// ```
/// use std::time::Duration;
/// use centiacrm_sandbox::faults::Faults;
///
/// let faults: Faults = "503=0.1,429=10%,latency=5ms@0.5,token-ttl=30s".parse()?;
/// assert_eq!(faults.token_ttl(), Some(Duration::from_secs(30)));
/// assert_eq!(faults.to_string(), "503=0.1,429=0.1,retry-after=1s,latency=5ms@0.5,token-ttl=30s,seed=0");
///
/// let err = "503=1.5".parse::<Faults>().unwrap_err();
/// assert_eq!(err.to_string(), "`503=1.5`: a rate is from 0 to 1 (or 0% to 100%), not 1.5");
/// # Ok::<(), centiacrm_sandbox::faults::FaultsError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Faults {
    pub(crate) unavailable: f64,
    pub(crate) too_many_requests: f64,
    pub(crate) retry_after: Duration,
    pub(crate) latency: Option<(Duration, f64)>,
    pub(crate) drop: f64,
    pub(crate) token_ttl: Option<Duration>,
    pub(crate) seed: u64,
}

impl Default for Faults {
    /// No faults at all.
    fn default() -> Self {
        Self {
            unavailable: 0.0,
            too_many_requests: 0.0,
            retry_after: Duration::from_secs(1),
            latency: None,
            drop: 0.0,
            token_ttl: None,
            seed: 0,
        }
    }
}

impl Faults {
    /// The same faults drawn from another pseudo-random sequence.
    #[must_use]
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The share of requests answered 503.
    pub fn unavailable_rate(&self) -> f64 {
        self.unavailable
    }

    /// The share of requests answered 429, and the `Retry-After` they carry.
    pub fn too_many_requests(&self) -> (f64, Duration) {
        (self.too_many_requests, self.retry_after)
    }

    /// The added latency and the share of requests that wait for it.
    pub fn latency(&self) -> Option<(Duration, f64)> {
        self.latency
    }

    /// The share of requests whose connection is closed without an answer.
    pub fn drop_rate(&self) -> f64 {
        self.drop
    }

    /// How long a token works after its login.
    pub fn token_ttl(&self) -> Option<Duration> {
        self.token_ttl
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }
}

/// Why a `--faults` text was refused: the item at fault and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultsError {
    item: String,
    message: String,
}

impl fmt::Display for FaultsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.item.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "`{}`: {}", self.item, self.message)
        }
    }
}

impl std::error::Error for FaultsError {}

const KEYS: &str = "503, 429, retry-after, latency, drop, token-ttl, seed";

impl FromStr for Faults {
    type Err = FaultsError;

    fn from_str(text: &str) -> Result<Self, FaultsError> {
        let mut faults = Faults::default();
        let mut seen: Vec<&str> = Vec::new();
        if text.trim().is_empty() {
            return Err(FaultsError {
                item: String::new(),
                message: format!("no faults given; expected items like `503=0.1`, keys: {KEYS}"),
            });
        }
        for item in text.split(',') {
            let item = item.trim();
            let fail = |message: String| FaultsError {
                item: item.to_string(),
                message,
            };
            let Some((key, value)) = item.split_once('=') else {
                return Err(fail(format!(
                    "expected `key=value`, with a key among {KEYS}"
                )));
            };
            let (key, value) = (key.trim(), value.trim());
            if seen.contains(&key) {
                return Err(fail(format!("`{key}` is given twice")));
            }
            match key {
                "503" => faults.unavailable = rate(value).map_err(fail)?,
                "429" => faults.too_many_requests = rate(value).map_err(fail)?,
                "drop" => faults.drop = rate(value).map_err(fail)?,
                "retry-after" => {
                    let after = duration(value).map_err(fail)?;
                    if after.subsec_nanos() != 0 {
                        return Err(fail(format!(
                            "`Retry-After` counts whole seconds; {value} is not"
                        )));
                    }
                    faults.retry_after = after;
                }
                "latency" => {
                    let Some((delay, share)) = value.split_once('@') else {
                        return Err(fail(format!(
                            "expected `latency=DURATION@RATE`, e.g. `latency=50ms@0.2`, not `{value}`"
                        )));
                    };
                    faults.latency = Some((
                        duration(delay.trim()).map_err(fail)?,
                        rate(share.trim()).map_err(fail)?,
                    ));
                }
                "token-ttl" => {
                    let ttl = duration(value).map_err(fail)?;
                    if ttl.is_zero() {
                        return Err(fail("a token lives longer than 0".to_string()));
                    }
                    faults.token_ttl = Some(ttl);
                }
                "seed" => {
                    faults.seed = value.parse().map_err(|_| {
                        fail(format!(
                            "a seed is a whole number from 0 to {}, not `{value}`",
                            u64::MAX
                        ))
                    })?;
                }
                _ => return Err(fail(format!("unknown fault `{key}`; the keys are {KEYS}"))),
            }
            seen.push(key);
        }
        let exclusive = faults.unavailable + faults.too_many_requests + faults.drop;
        // A little slack, so that 0.1 + 0.2 + 0.7 passes despite rounding.
        if exclusive > 1.0 + 1e-9 {
            return Err(FaultsError {
                item: text.trim().to_string(),
                message: format!(
                    "503, 429 and drop exclude one another: their rates add up to {}, more than 1",
                    // Rounded, so that 0.5 + 0.3 + 0.3 reads 1.1.
                    (exclusive * 1e6).round() / 1e6
                ),
            });
        }
        Ok(faults)
    }
}

impl fmt::Display for Faults {
    /// The text form, every item spelled out; it reads back as the same `Faults`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut items = Vec::new();
        if self.unavailable > 0.0 {
            items.push(format!("503={}", self.unavailable));
        }
        if self.too_many_requests > 0.0 {
            items.push(format!("429={}", self.too_many_requests));
            items.push(format!("retry-after={}s", self.retry_after.as_secs()));
        }
        if let Some((delay, share)) = self.latency {
            items.push(format!("latency={}@{share}", show_duration(delay)));
        }
        if self.drop > 0.0 {
            items.push(format!("drop={}", self.drop));
        }
        if let Some(ttl) = self.token_ttl {
            items.push(format!("token-ttl={}", show_duration(ttl)));
        }
        items.push(format!("seed={}", self.seed));
        f.write_str(&items.join(","))
    }
}

fn show_duration(duration: Duration) -> String {
    if duration.subsec_nanos() == 0 {
        format!("{}s", duration.as_secs())
    } else {
        format!("{}ms", duration.as_millis())
    }
}

/// `0.25` or `25%`.
fn rate(text: &str) -> Result<f64, String> {
    let (number, scale) = match text.strip_suffix('%') {
        Some(percent) => (percent.trim(), 100.0),
        None => (text, 1.0),
    };
    let value = number
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("a rate is a number like `0.1` or `10%`, not `{text}`"))?
        / scale;
    if !(0.0..=1.0).contains(&value) {
        return Err(format!("a rate is from 0 to 1 (or 0% to 100%), not {text}"));
    }
    Ok(value)
}

/// `250ms`, `30s` or `2m`.
fn duration(text: &str) -> Result<Duration, String> {
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let unit_hint = || {
        format!("a duration is a whole number and a unit (ms, s or m), e.g. `30s`, not `{text}`")
    };
    let number: u64 = number.parse().map_err(|_| unit_hint())?;
    match unit.trim() {
        "ms" => Ok(Duration::from_millis(number)),
        "s" => Ok(Duration::from_secs(number)),
        "m" => number
            .checked_mul(60)
            .map(Duration::from_secs)
            .ok_or_else(|| format!("`{text}` is too long")),
        _ => Err(unit_hint()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Faults, String> {
        text.parse::<Faults>().map_err(|e| e.to_string())
    }

    #[test]
    fn reads_every_item() {
        let faults =
            parse("503=0.1, 429=5%,retry-after=0s,latency=50ms@0.2,drop=0.05,token-ttl=2m,seed=7")
                .unwrap();
        assert_eq!(faults.unavailable_rate(), 0.1);
        assert_eq!(faults.too_many_requests(), (0.05, Duration::ZERO));
        assert_eq!(faults.latency(), Some((Duration::from_millis(50), 0.2)));
        assert_eq!(faults.drop_rate(), 0.05);
        assert_eq!(faults.token_ttl(), Some(Duration::from_secs(120)));
        assert_eq!(faults.seed(), 7);
        // The text form reads back as the same faults.
        assert_eq!(parse(&faults.to_string()).unwrap(), faults);
        assert_eq!(parse("seed=3").unwrap(), Faults::default().with_seed(3));
    }

    #[test]
    fn bad_items_say_which_and_why() {
        let cases = [
            (
                "",
                "no faults given; expected items like `503=0.1`, keys: 503, 429, retry-after, latency, drop, token-ttl, seed",
            ),
            (
                "503",
                "`503`: expected `key=value`, with a key among 503, 429, retry-after, latency, drop, token-ttl, seed",
            ),
            (
                "504=0.1",
                "`504=0.1`: unknown fault `504`; the keys are 503, 429, retry-after, latency, drop, token-ttl, seed",
            ),
            ("503=0.1,503=0.2", "`503=0.2`: `503` is given twice"),
            (
                "503=abc",
                "`503=abc`: a rate is a number like `0.1` or `10%`, not `abc`",
            ),
            (
                "429=-0.1",
                "`429=-0.1`: a rate is from 0 to 1 (or 0% to 100%), not -0.1",
            ),
            (
                "drop=120%",
                "`drop=120%`: a rate is from 0 to 1 (or 0% to 100%), not 120%",
            ),
            (
                "503=NaN",
                "`503=NaN`: a rate is a number like `0.1` or `10%`, not `NaN`",
            ),
            (
                "latency=50ms",
                "`latency=50ms`: expected `latency=DURATION@RATE`, e.g. `latency=50ms@0.2`, not `50ms`",
            ),
            (
                "latency=50@0.2",
                "`latency=50@0.2`: a duration is a whole number and a unit (ms, s or m), e.g. `30s`, not `50`",
            ),
            (
                "latency=1.5s@0.2",
                "`latency=1.5s@0.2`: a duration is a whole number and a unit (ms, s or m), e.g. `30s`, not `1.5s`",
            ),
            (
                "token-ttl=30h",
                "`token-ttl=30h`: a duration is a whole number and a unit (ms, s or m), e.g. `30s`, not `30h`",
            ),
            (
                "token-ttl=0s",
                "`token-ttl=0s`: a token lives longer than 0",
            ),
            (
                "retry-after=1500ms",
                "`retry-after=1500ms`: `Retry-After` counts whole seconds; 1500ms is not",
            ),
            (
                "seed=-1",
                "`seed=-1`: a seed is a whole number from 0 to 18446744073709551615, not `-1`",
            ),
            (
                "503=0.5,429=0.3,drop=0.3",
                "`503=0.5,429=0.3,drop=0.3`: 503, 429 and drop exclude one another: their rates add up to 1.1, more than 1",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text).unwrap_err(), expected, "{text:?}");
        }
        assert!(parse("503=0.1,429=0.2,drop=0.7").is_ok());
    }
}
