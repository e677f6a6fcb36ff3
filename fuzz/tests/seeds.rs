//! Every committed seed, and every past finding kept among them, through its target's body
//! on a stable toolchain: what `cargo fuzz` starts from passes, and stays passing.

use centiacrm_fuzz::replay;

fn replay_seeds(target: &str, body: fn(&[u8])) {
    let seeds = replay::seeds(target);
    assert!(seeds.len() >= 5, "{target}: only {} seed(s)", seeds.len());
    for seed in &seeds {
        replay::run(body, seed);
    }
}

#[test]
fn spec_loader_seeds() {
    replay_seeds("spec_loader", centiacrm_fuzz::spec_loader);
}

#[test]
fn request_pipeline_seeds() {
    replay_seeds("request_pipeline", centiacrm_fuzz::request_pipeline);
}

#[test]
fn client_decoder_seeds() {
    replay_seeds("client_decoder", centiacrm_fuzz::client_decoder);
}

#[test]
fn http_layer_seeds() {
    replay_seeds("http_layer", centiacrm_fuzz::http_layer);
}
