//! leakhound finds leaked secrets in files, standard input and git history.
//!
//! The library is what the `leakhound` binary is made of, in one-way layers (the full map, what
//! may import what, and where a change goes: `docs/architecture.md`):
//!
//! ```text
//! engine -> rules -> matcher                  how to match: keyword automaton, regexes, rules
//! sources -> scan -> findings -> report       what to match, the pipelines, what comes of it
//! cli                                         arguments -> one config -> one scan -> report
//! ```
//!
//! A scan in code: describe it with a [`scan::ScanConfig`], run it with [`scan::run`] (progress
//! goes to the [`scan::Progress`] you pass), and render the [`scan::ScanOutcome`] with
//! [`report::write`]. [`rules::RuleSet`] and [`matcher::Matcher`] match one piece of content.
//! What a scan could not read comes back as [`warning::Warning`]s.
//!
//! Performance notes and their measurements: `docs/performance.md`.

// Two audited exceptions: the SSE2 byte classification in `matcher::decode` (`alphabet_mask`)
// and the libgit2 header read in `sources::git::odb`.
#![deny(unsafe_code)]
#![warn(unreachable_pub)]

pub mod cli;
mod confine;
mod display;
pub mod engine;
pub mod findings;
#[doc(hidden)]
pub mod fuzzing;
mod hook;
pub mod matcher;
pub mod report;
pub mod rules;
pub mod scan;
mod sources;
pub mod warning;
