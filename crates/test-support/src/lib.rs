//! Seeded pseudo-random inputs for the robustness tests: a small generator, so that a
//! failure replays from its seed, and byte-level mutations of JSON bodies.

/// xorshift64*: small, seeded, deterministic. Not for anything but tests.
pub struct Rng(pub u64);

impl Rng {
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`; 0 when `n` is 0.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True once in `one_in` times, on average.
    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// Changes `body` once: a bit flip, a byte, a truncation, a deleted or repeated run,
/// random bytes, a value after a `:` replaced by one of `values`, or one of `tokens`
/// inserted.
pub fn mutate_json(rng: &mut Rng, body: &mut Vec<u8>, tokens: &[&str], values: &[&str]) {
    match rng.below(9) {
        // Flip one bit.
        0 if !body.is_empty() => {
            let i = rng.below(body.len());
            body[i] ^= 1 << rng.below(8);
        }
        // Replace a byte.
        1 if !body.is_empty() => {
            let i = rng.below(body.len());
            body[i] = rng.next() as u8;
        }
        // Truncate.
        2 => {
            let len = rng.below(body.len() + 1);
            body.truncate(len);
        }
        // Delete a run.
        3 if !body.is_empty() => {
            let start = rng.below(body.len());
            let end = (start + 1 + rng.below(8)).min(body.len());
            body.drain(start..end);
        }
        // Duplicate a run.
        4 if !body.is_empty() => {
            let start = rng.below(body.len());
            let end = (start + 1 + rng.below(16)).min(body.len());
            let run = body[start..end].to_vec();
            let at = rng.below(body.len() + 1);
            body.splice(at..at, run);
        }
        // Insert random bytes.
        5 => {
            let at = rng.below(body.len() + 1);
            let len = 1 + rng.below(4);
            let bytes = rng.bytes(len);
            body.splice(at..at, bytes);
        }
        // Replace the value after a colon (up to the next `,` or `}`) with another value.
        6 | 7 => {
            let colons: Vec<usize> = (0..body.len()).filter(|&i| body[i] == b':').collect();
            if colons.is_empty() {
                return;
            }
            let start = *rng.pick(&colons) + 1;
            let end = (start..body.len())
                .find(|&i| body[i] == b',' || body[i] == b'}')
                .unwrap_or(body.len());
            let value = format!(" {}", rng.pick(values)).into_bytes();
            body.splice(start..end, value);
        }
        // Insert a JSON token.
        _ => {
            let at = rng.below(body.len() + 1);
            let token = rng.pick(tokens).as_bytes().to_vec();
            body.splice(at..at, token);
        }
    }
}

/// One piece of a corpus body written as parts: text or hex bytes, repeated `times`.
///
/// Corpus files keep bodies that are not plain text (invalid UTF-8, megabytes of nesting)
/// as a list of parts.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub hex: Option<String>,
    #[serde(default = "one")]
    pub times: usize,
}

fn one() -> usize {
    1
}

/// A corpus case's body: `body` as written, or its `body_parts` joined.
pub fn corpus_body(body: Option<&str>, parts: Option<&[Part]>) -> Vec<u8> {
    match (body, parts) {
        (Some(body), None) => body.as_bytes().to_vec(),
        (None, Some(parts)) => parts
            .iter()
            .flat_map(|part| {
                let bytes = match (&part.text, &part.hex) {
                    (Some(text), None) => text.as_bytes().to_vec(),
                    (None, Some(hex)) => unhex(hex),
                    _ => panic!("a body part has exactly one of `text` and `hex`"),
                };
                bytes.repeat(part.times)
            })
            .collect(),
        _ => panic!("a case has exactly one of `body` and `body_parts`"),
    }
}

/// Bytes written as hex digits, two per byte.
pub fn unhex(hex: &str) -> Vec<u8> {
    assert!(hex.len().is_multiple_of(2), "odd-length hex `{hex}`");
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex digits"))
        .collect()
}
