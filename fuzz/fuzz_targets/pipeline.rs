//! A structured arbitrary letter through the whole pipeline (resolve, layout, PDF).
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../common/targets.rs"]
mod targets;

fuzz_target!(|data: &[u8]| targets::pipeline(data));
