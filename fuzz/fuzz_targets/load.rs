//! Arbitrary bytes as a letter's YAML: the loader returns a letter or an error, never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../common/targets.rs"]
mod targets;

fuzz_target!(|data: &[u8]| targets::load(data));
