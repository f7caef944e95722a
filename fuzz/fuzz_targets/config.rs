//! Config and rule parsing: any bytes as a config file must give a rule set or an error, never a
//! panic; a rule set that compiles must survive matching its own text.
#![no_main]

use leakhound::matcher::{Matcher, Target};
use leakhound::rules::{load, RuleSet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(loaded) = load::parse_loaded("fuzz.toml", text) else { return };
    let Ok(rules) = RuleSet::compile(&loaded) else { return };
    let mut matcher = Matcher::new(&rules);
    let mut out = Vec::new();
    matcher.find_with_decoding(&Target { path: "fuzz.toml", commit: None }, data, 2, &mut out);
});
