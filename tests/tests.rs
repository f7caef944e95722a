//! The one integration test binary: each module drives the real `leakhound` binary against real
//! files and git repositories built in temp dirs.

// Tests may say why they skip.
#![allow(clippy::disallowed_macros)]

mod util;

mod config;
mod dir;
mod git;
mod robust;
mod rules;
