//! The one integration test binary: each module drives the real `leakhound` binary against real
//! files and git repositories built in temp dirs.

// Tests may say why they skip.
#![allow(clippy::disallowed_macros)]

mod util;

mod ai;
mod archives;
mod ci;
mod cli;
mod config;
mod corpus;
mod credential_files;
mod detection;
mod dir;
mod fuzz_regressions;
mod gate;
mod git;
mod gitleaks;
mod hostile;
mod layers;
mod output_safety;
mod precision;
mod reports;
mod robust;
mod rules;
