//! Arbitrary bytes as merge data (CSV or a YAML list) filled into a letter and rendered: no
//! panic in the reader, the template or the render.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../common/targets.rs"]
mod targets;

fuzz_target!(|data: &[u8]| targets::merge(data));
