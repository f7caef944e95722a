//! The one integration test binary: each module drives the real `leakhound` binary against real
//! files and git repositories built in temp dirs.

mod util;

mod config;
mod dir;
mod reports;
mod rules;
