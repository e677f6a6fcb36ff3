//! Any bytes on one HTTP connection to the sandbox's router: answers, or a clean close.
//! The body is `centiacrm_fuzz::http_layer` (fuzz/README.md).
//!
//! A libFuzzer target under `cargo fuzz`, which sets `--cfg fuzzing`. Otherwise a replayer
//! that runs each input once: `cargo run -p centiacrm-fuzz --bin http_layer -- [FILE|DIR]...`
//! (the committed seeds when none is named).
#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| centiacrm_fuzz::http_layer(data));

#[cfg(not(fuzzing))]
fn main() {
    centiacrm_fuzz::replay::main("http_layer", centiacrm_fuzz::http_layer);
}
