//! The spec's constraints on values (ranges, lengths, patterns, list sizes), checked.
//!
//! `cargo xtask codegen` implements [`Validate`] for every parameters type and every
//! named object type; the server runs it on each request before the method, and a
//! client may run it before sending.

use std::fmt;

/// A value that breaks a constraint of the spec: where, and which constraint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct Invalid {
    /// The field's path from `parameters`, e.g. `parameters.products[0].tax`.
    pub path: String,
    pub message: String,
}

/// Checks the spec's constraints on a value and on everything inside it.
pub trait Validate {
    /// The first constraint broken, with its path from `parameters`.
    fn validate(&self) -> Result<(), Invalid> {
        self.validate_at(&Path::Root)
    }

    /// Like [`Validate::validate`], for a value found at `path`.
    fn validate_at(&self, path: &Path<'_>) -> Result<(), Invalid>;
}

/// Where a value is, built on the stack as the check goes down: no allocation unless a
/// constraint is broken.
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    /// `parameters` itself.
    Root,
    Field(&'a Path<'a>, &'static str),
    Index(&'a Path<'a>, usize),
    Key(&'a Path<'a>, &'a str),
}

impl<'a> Path<'a> {
    pub fn field(&'a self, name: &'static str) -> Path<'a> {
        Path::Field(self, name)
    }

    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    fn invalid(&self, message: String) -> Invalid {
        Invalid {
            path: self.to_string(),
            message,
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => f.write_str("parameters"),
            Path::Field(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
        }
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: &Path<'_>) -> Result<(), Invalid> {
        match self {
            Some(value) => value.validate_at(path),
            None => Ok(()),
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &Path<'_>) -> Result<(), Invalid> {
        for (i, item) in self.iter().enumerate() {
            item.validate_at(&path.index(i))?;
        }
        Ok(())
    }
}

impl<T: Validate> Validate for std::collections::BTreeMap<String, T> {
    fn validate_at(&self, path: &Path<'_>) -> Result<(), Invalid> {
        for (key, value) in self {
            value.validate_at(&path.key(key))?;
        }
        Ok(())
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_at(&self, path: &Path<'_>) -> Result<(), Invalid> {
        T::validate_at(self, path)
    }
}

impl Validate for crate::NoParams {
    fn validate_at(&self, _path: &Path<'_>) -> Result<(), Invalid> {
        Ok(())
    }
}

/// The checks the generated [`Validate`] impls call, one per constraint keyword.
pub mod check {
    use super::{Invalid, Path};

    /// `minimum`: `value >= min`.
    pub fn minimum<T: PartialOrd + std::fmt::Display>(
        path: &Path<'_>,
        value: T,
        min: T,
    ) -> Result<(), Invalid> {
        if value >= min {
            return Ok(());
        }
        Err(path.invalid(format!("must be at least {min}, not {value}")))
    }

    /// `maximum`: `value <= max`.
    pub fn maximum<T: PartialOrd + std::fmt::Display>(
        path: &Path<'_>,
        value: T,
        max: T,
    ) -> Result<(), Invalid> {
        if value <= max {
            return Ok(());
        }
        Err(path.invalid(format!("must be at most {max}, not {value}")))
    }

    /// `min_length`, in characters (Unicode code points, as JSON Schema counts them).
    pub fn min_length(path: &Path<'_>, value: &str, min: usize) -> Result<(), Invalid> {
        let length = value.chars().count();
        if length >= min {
            return Ok(());
        }
        Err(path.invalid(format!(
            "must be at least {min} characters long, not {length}"
        )))
    }

    /// `max_length`, in characters.
    pub fn max_length(path: &Path<'_>, value: &str, max: usize) -> Result<(), Invalid> {
        let length = value.chars().count();
        if length <= max {
            return Ok(());
        }
        Err(path.invalid(format!(
            "must be at most {max} characters long, not {length}"
        )))
    }

    /// `pattern`: the regular expression matches somewhere in `value` (anchor it with `^`
    /// and `$` to match the whole value), as JSON Schema reads it.
    pub fn pattern(path: &Path<'_>, value: &str, regex: &regex::Regex) -> Result<(), Invalid> {
        if regex.is_match(value) {
            return Ok(());
        }
        Err(path.invalid(format!("`{value}` does not match `{}`", regex.as_str())))
    }

    /// `min_items`.
    pub fn min_items(path: &Path<'_>, length: usize, min: usize) -> Result<(), Invalid> {
        if length >= min {
            return Ok(());
        }
        Err(path.invalid(format!("must hold at least {min} items, not {length}")))
    }

    /// `max_items`.
    pub fn max_items(path: &Path<'_>, length: usize, max: usize) -> Result<(), Invalid> {
        if length <= max {
            return Ok(());
        }
        Err(path.invalid(format!("must hold at most {max} items, not {length}")))
    }

    /// A pattern compiled once; generated code keeps one per `pattern` in a static.
    pub fn compile(pattern: &str) -> regex::Regex {
        // `cargo xtask spec` compiles every pattern with the same crate, so this holds.
        regex::Regex::new(pattern).unwrap_or_else(|err| panic!("bad pattern `{pattern}`: {err}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_the_wire() {
        let root = Path::Root;
        let products = root.field("products");
        let line = products.index(2);
        assert_eq!(line.field("tax").to_string(), "parameters.products[2].tax");
        let inputs = root.field("inputs");
        assert_eq!(inputs.key("color").to_string(), "parameters.inputs.color");
    }

    #[test]
    fn checks_say_what_and_where() {
        let root = Path::Root;
        let tax = root.field("tax");
        assert!(check::minimum(&tax, 0.0, 0.0).is_ok());
        assert!(check::maximum(&tax, 1.0, 1.0).is_ok());
        let err = check::maximum(&tax, 1.5, 1.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "parameters.tax: must be at most 1, not 1.5"
        );
        let err = check::minimum(&tax, -1_i64, 0).unwrap_err();
        assert_eq!(err.message, "must be at least 0, not -1");
        // Characters, not bytes.
        assert!(check::min_length(&tax, "é", 1).is_ok());
        assert!(check::max_length(&tax, "éé", 2).is_ok());
        assert!(check::min_length(&tax, "", 1).is_err());
        let email = check::compile("^[^@]+@[^@]+$");
        assert!(check::pattern(&tax, "a@b", &email).is_ok());
        assert!(check::pattern(&tax, "a@", &email).is_err());
        assert!(check::pattern(&tax, "é@ü", &email).is_ok());
        assert!(check::min_items(&tax, 0, 1).is_err());
        assert!(check::max_items(&tax, 3, 2).is_err());
    }
}
