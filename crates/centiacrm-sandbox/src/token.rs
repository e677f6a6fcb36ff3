//! Bearer tokens: hard to guess and never repeated, without a random-number crate.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Mints tokens from a counter and the time, hashed with two randomly keyed hashers
/// (std seeds each `RandomState` from the OS), giving 128 unpredictable bits.
pub(crate) struct TokenMint {
    counter: AtomicU64,
    keys: [RandomState; 2],
}

impl TokenMint {
    pub fn new() -> Self {
        Self {
            counter: AtomicU64::new(0),
            keys: [RandomState::new(), RandomState::new()],
        }
    }

    /// `sbx_` and 32 hex digits. The caller still checks that a token is new.
    pub fn mint(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let [a, b] = &self.keys;
        format!(
            "sbx_{:016x}{:016x}",
            a.hash_one((n, nanos)),
            b.hash_one((nanos, n))
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_differ_and_have_one_shape() {
        let mint = TokenMint::new();
        let tokens: std::collections::HashSet<String> = (0..1000).map(|_| mint.mint()).collect();
        assert_eq!(tokens.len(), 1000);
        for token in &tokens {
            assert_eq!(token.len(), 4 + 32, "{token}");
            assert!(token[4..].bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
        }
        // Another sandbox does not mint the same tokens.
        assert!(!tokens.contains(&TokenMint::new().mint()));
    }
}
