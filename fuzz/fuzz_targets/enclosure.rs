//! Arbitrary bytes as an enclosed file appended after a letter: refused with a located error
//! or appended, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../common/targets.rs"]
mod targets;

fuzz_target!(|data: &[u8]| targets::enclosure(data));
