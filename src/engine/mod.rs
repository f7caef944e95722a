//! The matching machinery, with no knowledge of rules, findings or sources: the keyword automaton
//! ([`keywords`]), regex building with its size limits ([`regex`]) and the cheap first test a
//! rule's regex gets ([`filter`]). A leaf: it imports nothing else of this crate.

pub mod filter;
pub mod keywords;
pub mod regex;
