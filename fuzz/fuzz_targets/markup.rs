//! Arbitrary bytes as a letter's body, repeated to nest lists and quotes thousands deep: no
//! list deeper than the nesting limit is built, and no render panics or overflows the stack.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../common/targets.rs"]
mod targets;

fuzz_target!(|data: &[u8]| targets::markup(data));
