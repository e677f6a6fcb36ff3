//! Misuse that must not compile: a required parameter left out of a builder, a date part
//! left out, and a struct literal of a generated type (`#[non_exhaustive]`: a field added
//! later would otherwise break it). One file, so trybuild compiles one crate.

#[test]
fn misuse_does_not_compile() {
    trybuild::TestCases::new().compile_fail("tests/compile_fail/*.rs");
}
