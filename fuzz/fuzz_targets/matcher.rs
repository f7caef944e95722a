//! The matcher over arbitrary bytes with every built-in rule: never a panic, and every match lies
//! inside the content with a secret inside it (`leakhound::fuzzing::matcher`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| leakhound::fuzzing::matcher(data));
