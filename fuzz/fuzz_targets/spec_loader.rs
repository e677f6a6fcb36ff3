//! Any text as a spec: an error report or a model that generates, never a panic.
//! The body is `centiacrm_fuzz::spec_loader` (fuzz/README.md).
//!
//! A libFuzzer target under `cargo fuzz`, which sets `--cfg fuzzing`. Otherwise a replayer
//! that runs each input once: `cargo run -p centiacrm-fuzz --bin spec_loader -- [FILE|DIR]...`
//! (the committed seeds when none is named).
#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| centiacrm_fuzz::spec_loader(data));

#[cfg(not(fuzzing))]
fn main() {
    centiacrm_fuzz::replay::main("spec_loader", centiacrm_fuzz::spec_loader);
}
