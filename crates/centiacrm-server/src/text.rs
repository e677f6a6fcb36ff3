//! Client text on its way to a log or an answer: escaped and cut to a stated length.

use std::borrow::Cow;
use std::fmt::{self, Write};

/// How many characters of a client's string (a method name, say) an error message or a
/// log line quotes, escapes counted.
pub const MAX_ECHO_CHARS: usize = 64;

/// How many characters the message of an error sent to a client may have.
pub const MAX_MESSAGE_CHARS: usize = 1024;

/// `text` for a log line or an error message, through `Display`: control, format and
/// other invisible characters escaped (`\n`, `\u{1b}`, `\u{202e}`), as are quotes,
/// backslashes and backticks, and cut to [`MAX_ECHO_CHARS`] characters followed by
/// `… (<length> bytes)`.
pub(crate) fn echo(text: &str) -> Echo<'_> {
    Echo(text)
}

/// See [`echo`].
#[derive(Clone, Copy)]
pub(crate) struct Echo<'a>(&'a str);

impl fmt::Display for Echo<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut written = 0;
        for c in self.0.chars() {
            let escaped = c.escape_debug();
            written += escaped.len() + usize::from(c == '`');
            if written > MAX_ECHO_CHARS {
                return write!(f, "… ({} bytes)", self.0.len());
            }
            if c == '`' {
                f.write_str("\\`")?;
            } else {
                for e in escaped {
                    f.write_char(e)?;
                }
            }
        }
        Ok(())
    }
}

/// An error message as sent: control characters escaped, cut at [`MAX_MESSAGE_CHARS`].
pub(crate) fn bounded_message(message: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    for (count, (at, c)) in message.char_indices().enumerate() {
        if count == MAX_MESSAGE_CHARS {
            let out = out.get_or_insert_with(|| message[..at].to_string());
            out.push('…');
            return out.clone().into();
        }
        if c.is_control() {
            let out = out.get_or_insert_with(|| message[..at].to_string());
            out.extend(c.escape_default());
        } else if let Some(out) = &mut out {
            out.push(c);
        }
    }
    out.map_or(Cow::Borrowed(message), Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echo_escapes_and_cuts() {
        assert_eq!(echo("Login").to_string(), "Login");
        assert_eq!(
            echo("Login\n2030 INFO forged\u{1b}[31m\u{202e}`").to_string(),
            "Login\\n2030 INFO forged\\u{1b}[31m\\u{202e}\\`"
        );
        let long = "A".repeat(1 << 20);
        let echoed = echo(&long).to_string();
        assert_eq!(
            echoed,
            format!("{}… (1048576 bytes)", "A".repeat(MAX_ECHO_CHARS))
        );
        // Escapes count towards the length.
        let newlines = "\n".repeat(100);
        assert!(echo(&newlines).to_string().len() < MAX_ECHO_CHARS + 20);
    }

    #[test]
    fn messages_are_escaped_and_bounded() {
        assert!(matches!(bounded_message("plain"), Cow::Borrowed("plain")));
        assert_eq!(bounded_message("a\nb\u{1b}"), "a\\nb\\u{1b}");
        let long = "é".repeat(5000);
        let bounded = bounded_message(&long);
        assert_eq!(bounded.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(bounded.ends_with('…'));
    }
}
