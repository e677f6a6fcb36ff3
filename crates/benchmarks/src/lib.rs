//! A small harness for benchmarks that report a ratio against a baseline measured in the
//! same run.
//!
//! Machines here are shared and noisy, so absolute times drift; a ratio of two timings
//! taken in alternation, round after round, does not. Criterion and divan measure one
//! function at a time and do not report such paired ratios, hence these few lines.

use std::time::{Duration, Instant};

pub mod baseline;
pub mod pre_issue_10;

/// Times `f` over `iterations` calls.
pub fn time<T>(iterations: u32, mut f: impl FnMut() -> T) -> Duration {
    let start = Instant::now();
    for _ in 0..iterations {
        std::hint::black_box(f());
    }
    start.elapsed()
}

/// The outcome of a paired comparison.
pub struct Comparison {
    pub measured_ns: f64,
    pub baseline_ns: f64,
    /// The median over rounds of measured / baseline.
    pub ratio: f64,
}

/// Times `measured` and `baseline` alternately for `rounds` rounds of `iterations` calls
/// each, after a warm-up; the ratio is the median of the per-round ratios.
pub fn compare<A, B>(
    rounds: usize,
    iterations: u32,
    mut measured: impl FnMut() -> A,
    mut baseline: impl FnMut() -> B,
) -> Comparison {
    time(iterations.div_ceil(4), &mut measured);
    time(iterations.div_ceil(4), &mut baseline);
    let mut ratios = Vec::with_capacity(rounds);
    let (mut total_m, mut total_b) = (Duration::ZERO, Duration::ZERO);
    for round in 0..rounds {
        // Alternate which goes first, so that neither always runs on a warmer cache.
        let (m, b) = if round % 2 == 0 {
            let m = time(iterations, &mut measured);
            (m, time(iterations, &mut baseline))
        } else {
            let b = time(iterations, &mut baseline);
            (time(iterations, &mut measured), b)
        };
        ratios.push(m.as_secs_f64() / b.as_secs_f64());
        total_m += m;
        total_b += b;
    }
    ratios.sort_by(f64::total_cmp);
    let per_call = |d: Duration| d.as_secs_f64() * 1e9 / (rounds as f64 * iterations as f64);
    Comparison {
        measured_ns: per_call(total_m),
        baseline_ns: per_call(total_b),
        ratio: ratios[ratios.len() / 2],
    }
}

/// Prints one comparison as a table row, with whether it meets `goal` (a maximum ratio).
pub fn report(name: &str, c: &Comparison, goal: f64) {
    let verdict = if c.ratio <= goal { "meets" } else { "MISSES" };
    println!(
        "{name:<48} generated {:>12} | baseline {:>12} | ratio {:.3} ({verdict} goal ≤ {goal:.2})",
        human(c.measured_ns),
        human(c.baseline_ns),
        c.ratio
    );
}

pub fn human(ns: f64) -> String {
    match ns {
        n if n >= 1e9 => format!("{:.2} s", n / 1e9),
        n if n >= 1e6 => format!("{:.2} ms", n / 1e6),
        n if n >= 1e3 => format!("{:.2} µs", n / 1e3),
        n => format!("{n:.0} ns"),
    }
}
