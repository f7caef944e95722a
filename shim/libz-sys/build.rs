//! Hands libgit2-sys (through `DEP_Z_INCLUDE`) the header it compiles libgit2 against: ours, so
//! that libgit2 never picks up a system zlib.h of another ABI, and so that no zlib headers need
//! to be installed.

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("include");
    println!("cargo:include={}", dir.display());
    println!("cargo:rerun-if-changed=include/zlib.h");
}
