//! Any answer to any method through the client's decoder.
//! The body is `centiacrm_fuzz::client_decoder` (fuzz/README.md).
//!
//! A libFuzzer target under `cargo fuzz`, which sets `--cfg fuzzing`. Otherwise a replayer
//! that runs each input once: `cargo run -p centiacrm-fuzz --bin client_decoder -- [FILE|DIR]...`
//! (the committed seeds when none is named).
#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| centiacrm_fuzz::client_decoder(data));

#[cfg(not(fuzzing))]
fn main() {
    centiacrm_fuzz::replay::main("client_decoder", centiacrm_fuzz::client_decoder);
}
