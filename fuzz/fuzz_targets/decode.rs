//! The decoders: runs lie inside the input, decoding never panics and never grows beyond the
//! input's size.
#![no_main]

use leakhound::matcher::decode::{decode, find_runs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut runs = Vec::new();
    find_runs(data, &mut runs);
    let mut out = Vec::new();
    for r in &runs {
        assert!(r.start < r.end && r.end <= data.len());
        decode(r.encoding, &data[r.start..r.end], &mut out);
        assert!(out.len() <= r.end - r.start);
    }
});
