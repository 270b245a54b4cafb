//! Arbitrary bytes as SVG or PDF artwork: refused with an error or drawn, never a panic, and
//! parsed within the limits (nodes, nesting, `<use>` expansion, objects).
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../common/targets.rs"]
mod targets;

fuzz_target!(|data: &[u8]| targets::artwork(data));
