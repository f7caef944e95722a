//! leakhound finds leaked secrets in files, standard input and git history.
//!
//! # The one path data takes
//!
//! ```text
//! rules/*.toml (built in) + .leakhound.toml / --config (user)
//!    rules::load     -> Loaded (specs)         serde types mirroring the TOML, nothing compiled
//!    rules::compile  -> RuleSet                rules (regexes compiled lazily) + one Aho-Corasick
//!                                              automaton over every keyword (matcher::keywords)
//! sources::{fs, stdin, history, staged}
//!    enumerate       -> Vec<BlobRef>           cheap handles (path | bytes | git oid + path +
//!                                              commit), de-duplicated: history walks commits
//!                                              oldest first and lists each distinct blob once;
//!                                              staged reads the index itself (sources::index)
//!                                              and libgit2's diff only in unusual cases
//! scan::run          -> par_iter().map_init(Worker::new, Worker::scan)   (rayon)
//!    (`dir` on one directory: scan::run_streamed, par_bridge() over the files sources::fs::stream
//!    sends while it walks; hard-linked files are put aside and scanned once, after the walk)
//!    Worker::scan    path rules (sensitive files), then load (skip binary / over
//!                    --max-file-size, counted; git blobs from the worker's own repository)
//!                    Matcher::find: keywords -> candidate rules -> regex on those lines -> secret
//!                                   group -> entropy -> checksum -> allow comments, allowlists
//!                    locate -> Finding { rule, path, 1-based line/column, secret, fingerprint }
//!    finish          sort, de-duplicate (history: one finding per secret and path, from the
//!                    first blob that has it; `in_head` from the blobs of HEAD's tree;
//!                    staged: only findings on lines the commit adds)
//! cli                ignore files, baseline (by fingerprint and path), redact,
//!                    report::{text, json, sarif, csv, junit}, summary; exit code decided once
//! ```
//!
//! # Performance
//!
//! - Two passes touch every byte: the keyword automaton (four pieces of a blob at a time, see
//!   `matcher::keywords`) and decoding's search for base64/hex runs (64-byte SSE2 blocks, see
//!   `matcher::decode`). Keep keywords specific: a keyword that occurs on every line makes its
//!   rule's filter run on every line.
//! - Start-up work (parsing the rules, building the automaton) runs on a second thread while the
//!   files are walked or the index is read. A `dir` scan of one directory starts on the files
//!   as the walk finds them, and the walk makes no `stat` per file (the scan's `fstat` after
//!   `open` gives the size and the hard-link count).
//! - Regexes run over bytes, on the lines the keywords point at, each thread with its own search
//!   cache per regex (no shared cache, no lock). They are built without a literal prefilter or a
//!   one-pass DFA (`rules::compile::build_regex`): the filter has already searched the window.
//! - Nothing is allocated per line; a worker's buffers are reused from one blob to the next.
//! - Start-up compiles no regex. When a rule's keyword is first seen, its filter is built (the
//!   pattern with large repetition bounds relaxed, as a forward lazy DFA: `rules::filter`); the
//!   regex itself, which costs several times more to build, only once the filter says it may
//!   match. A rule whose matches all begin with a keyword asks its filter at each keyword hit,
//!   anchored there, rather than over the hit's whole line.
//! - Git history is read blob by blob, each distinct blob once: trees already walked are skipped
//!   by oid, sizes are read from object headers before anything is inflated, and each worker
//!   has its own `git2::Repository`. Object hashes are not re-verified on read (`git cat-file`
//!   does not either); that check was half the cost of a history scan. libgit2 inflates with
//!   zlib-rs (`shim/libz-sys`), about twice as fast as the system zlib.

// Two audited exceptions: the SSE2 byte classification in `matcher::decode` (`alphabet_mask`)
// and the libgit2 header read in `sources::odb`.
#![deny(unsafe_code)]
#![warn(unreachable_pub)]

pub mod cli;
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
