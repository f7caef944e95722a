//! Stands in for the `libz-sys` crate (through `[patch.crates-io]` in the top Cargo.toml) so that
//! libgit2 inflates git objects with zlib-rs instead of the system's zlib.
//!
//! A history scan spends much of its time inflating objects inside libgit2, and the system zlib
//! (1.2/1.3) has no SIMD code. zlib-rs inflates much faster (it picks AVX2 or NEON code at run
//! time; measured: docs/performance.md) and, being Rust, builds with no cmake and no C
//! toolchain beyond the one libgit2 already needs. libz-sys's own fast option, zlib-ng, needs
//! cmake; its cmake-free build (1.1.31) aborts at start-up.
//!
//! libgit2-sys depends on libz-sys only to link zlib (`extern crate libz_sys`, no item used).
//! This crate links libz-rs-sys with `export-symbols`, which defines zlib's C functions
//! (`inflate`, `deflate`, `crc32`, ...) under their own names, so libgit2's calls resolve to
//! them and the binary does not link `libz.so` at all. `include/zlib.h` declares the part of
//! zlib's interface libgit2 uses (see `build.rs`).

pub use libz_rs_sys::*;
