//! Config and rule parsing: any bytes as a config file must give a rule set or an error, never a
//! panic; a rule set that compiles must survive matching its own text (`leakhound::fuzzing::config`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| leakhound::fuzzing::config(data));
