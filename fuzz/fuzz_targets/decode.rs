//! The decoders: runs lie inside the input, decoding never panics and never grows beyond the
//! input's size (`leakhound::fuzzing::decode`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| leakhound::fuzzing::decode(data));
