//! The spec loader's limits, in one place. Each bounds the time and memory that one
//! mistaken or hostile input can cost, far above what a real spec needs (the centiaCRM spec's
//! largest file is under 10 KB, its longest text under 400 characters, its longest name 24).
//! To raise one, change it here; the README's robustness section states them.

/// The largest spec file read, in bytes, checked before the file is read or parsed.
/// A 20 000-method namespace file is about 16 MB.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// The longest text value (a `doc`, `note`, `summary` or any other value), in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// The longest name (of a namespace, path, method, field, type or enum value), in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// A byte count for messages: `40 MiB`, `12 KiB`, or bytes.
pub(super) fn bytes(n: u64) -> String {
    match n {
        n if n >= 1024 * 1024 && n % (1024 * 1024) == 0 => format!("{} MiB", n / (1024 * 1024)),
        n if n >= 1024 * 1024 => format!("{:.1} MiB", n as f64 / (1024.0 * 1024.0)),
        n => format!("{n} bytes"),
    }
}
