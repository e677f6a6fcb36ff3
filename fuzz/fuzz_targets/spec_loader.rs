//! Any text as a spec: an error report or a model that generates, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Files the text names are looked up in the fixtures folder, which holds only specs.
    let base = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../xtask/tests/specs/good"
    ));
    match xtask::spec::load_text("fuzz.yaml", &text, base) {
        Ok(api) => {
            xtask::codegen::render(&api, &xtask::codegen::LAYOUTS[1]).unwrap();
        }
        Err(report) => assert!(!report.render().is_empty()),
    }
});
