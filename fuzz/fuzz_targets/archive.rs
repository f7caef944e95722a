//! The archive reader: any bytes, read as an archive of any format, never panic and never get
//! past the bounds (`leakhound::fuzzing::archive`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| leakhound::fuzzing::archive(data));
