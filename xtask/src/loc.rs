//! Places in the spec's files: what the validator's messages point at. Kept apart from the
//! [`crate::model`], whose serialized form leaves them out.

use std::ops::Range;

/// A place in one of the spec's files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loc {
    pub file: usize,
    pub span: Range<usize>,
}

impl Loc {
    /// No place: a model read back from JSON is not a spec with diagnostics.
    pub fn nowhere() -> Loc {
        Loc::default()
    }
}
