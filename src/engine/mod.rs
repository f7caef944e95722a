//! The matching machinery, with no knowledge of rules, findings or sources: the keyword automaton
//! ([`keywords`]), regex building with its size limits (`engine/regex.rs`) and the cheap first
//! test a rule's regex gets (`engine/filter.rs`), substring tests on short byte strings
//! (`engine/bytes.rs`). A leaf: it imports nothing else of this crate.

pub(crate) mod bytes;
pub(crate) mod filter;
pub(crate) mod go_regex;
pub mod keywords;
pub(crate) mod regex;
