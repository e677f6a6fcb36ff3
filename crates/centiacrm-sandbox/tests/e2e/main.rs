//! End-to-end: the generated client against the sandbox, served over HTTP on
//! 127.0.0.1 inside each test. One test binary, so that it links once.

mod adversarial;
mod auth;
mod codes;
mod common;
mod concurrency;
mod declared;
mod errors;
mod fault_layer;
mod login_faults;
mod methods;
mod pagination;
mod through_faults;
