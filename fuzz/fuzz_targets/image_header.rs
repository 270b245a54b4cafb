//! Arbitrary bytes as an image file: refused with an error or accepted, never a panic, and no
//! decode of an image over the pixel budget.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../common/targets.rs"]
mod targets;

fuzz_target!(|data: &[u8]| targets::image_header(data));
