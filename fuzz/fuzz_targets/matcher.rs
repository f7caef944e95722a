//! The matcher over arbitrary bytes with every built-in rule: never a panic, and every match lies
//! inside the content with a secret inside it.
#![no_main]

use std::sync::OnceLock;

use leakhound::matcher::{Matcher, Target};
use leakhound::rules::{Loaded, RuleSet};
use libfuzzer_sys::fuzz_target;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::compile(&Loaded::builtin().expect("built-in rules")).expect("compile"))
}

fuzz_target!(|data: &[u8]| {
    let mut matcher = Matcher::new(rules());
    let mut out = Vec::new();
    matcher.find_with_decoding(&Target { path: ".env", commit: None }, data, 2, &mut out);
    for m in &out {
        assert!(m.start <= m.end && m.end <= data.len());
    }
    let findings = leakhound::scan::to_findings(rules(), &mut out, data, "fuzz", "fuzz");
    for f in &findings {
        assert!(f.line >= 1 && f.column >= 1 && f.end_line >= f.line);
    }
});
