//! Any Authorization header line and body through the server's request pipeline.
//! The body is `centiacrm_fuzz::request_pipeline` (fuzz/README.md).
//!
//! A libFuzzer target under `cargo fuzz`, which sets `--cfg fuzzing`. Otherwise a replayer
//! that runs each input once: `cargo run -p centiacrm-fuzz --bin request_pipeline -- [FILE|DIR]...`
//! (the committed seeds when none is named).
#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| centiacrm_fuzz::request_pipeline(data));

#[cfg(not(fuzzing))]
fn main() {
    centiacrm_fuzz::replay::main("request_pipeline", centiacrm_fuzz::request_pipeline);
}
