//! Matcher throughput (MB/s) on real source text, with and without planted secrets: the keyword
//! pass alone, the matcher, and the matcher with decoding; and on long lines with many encoded
//! runs (minified CSS with inline SVG data URIs), where every stage must stay linear.
//!
//! The text is the Rust crate sources cargo has unpacked on this machine (up to 32 MiB of `.rs`
//! files under `$CARGO_HOME/registry/src`), or this repository's own `src/` when there are none.
//! Run with `cargo bench --bench matcher`.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use leakhound::matcher::{Matcher, Target};
use leakhound::rules::{Loaded, RuleSet};

const MAX_BYTES: usize = 32 << 20;

fn source_text() -> Vec<u8> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_default();
    let mut out = Vec::new();
    collect(&home.join("registry/src"), &mut out);
    if out.len() < (1 << 20) {
        collect(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    }
    out
}

fn collect(dir: &Path, out: &mut Vec<u8>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if out.len() >= MAX_BYTES {
            return;
        }
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            if let Ok(bytes) = std::fs::read(&p) {
                out.extend_from_slice(&bytes);
            }
        }
    }
}

/// The same text with a secret planted on a new line every 64 KiB.
fn planted(text: &[u8]) -> Vec<u8> {
    let secrets = [
        format!(
            "const T: &str = \"ghp_{}\";\n",
            "R8vQ2mZx7LkP4nW9sT1yB6cH3jD5fG0aE2uK"
        ),
        format!("aws_access_key_id = AKIA{}\n", "QX4Z7T2MNB5RWKE6"),
        format!(
            "STRIPE_KEY=sk_live_{}\n",
            "51HqLyjWDarjtT1zdp7dcXa9bRj3Uk2N"
        ),
    ];
    let mut out = Vec::with_capacity(text.len() + text.len() / 1000);
    for (i, chunk) in text.chunks(64 << 10).enumerate() {
        out.extend_from_slice(chunk);
        out.push(b'\n');
        out.extend_from_slice(secrets[i % secrets.len()].as_bytes());
    }
    out
}

/// Minified CSS: `lines` lines of about `line_len` bytes, each a run of rules with inline SVG
/// icons as base64 data URIs (each decodes to text, so each is matched), and a few tokens.
fn minified_css(lines: usize, line_len: usize) -> Vec<u8> {
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let base64 = |bytes: &[u8]| -> String {
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n =
                chunk.iter().fold(0u32, |n, &b| n << 8 | u32::from(b)) << (8 * (3 - chunk.len()));
            for i in 0..4 {
                out.push(if i <= chunk.len() {
                    B64[(n >> (18 - 6 * i) & 63) as usize] as char
                } else {
                    '='
                });
            }
        }
        out
    };
    let mut out = Vec::new();
    let mut icon = 0usize;
    for _ in 0..lines {
        let start = out.len();
        while out.len() - start < line_len {
            icon += 1;
            let svg = format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\">\
                 <path d=\"M{} {}h8v8H{}z\" fill=\"#{:06x}\"/></svg>",
                icon % 9,
                icon % 7,
                icon % 5,
                icon * 2654435761 % 0xffffff
            );
            out.extend_from_slice(
                format!(
                    ".i{icon}{{background:url(\"data:image/svg+xml;base64,{}\") \
                     no-repeat;width:16px}}",
                    base64(svg.as_bytes())
                )
                .as_bytes(),
            );
            if icon.is_multiple_of(500) {
                out.extend_from_slice(
                    format!(
                        ".t{icon}{{--token:\"ghp_{}\"}}",
                        "R8vQ2mZx7LkP4nW9sT1yB6cH3jD5fG0aE2uK"
                    )
                    .as_bytes(),
                );
            }
        }
        out.push(b'\n');
    }
    out
}

fn bench(c: &mut Criterion) {
    let rules = RuleSet::compile(&Loaded::builtin().unwrap()).unwrap();
    let clean = source_text();
    let dirty = planted(&clean);
    let mut group = c.benchmark_group("matcher");
    group.sample_size(10);
    for (name, text) in [("source", &clean), ("source+secrets", &dirty)] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        // The keyword pass alone (engine::keywords), on the same pieces.
        group.bench_with_input(BenchmarkId::new("keywords", name), text, |b, text| {
            let (mut hits, mut lanes) = (Vec::new(), Default::default());
            b.iter(|| {
                hits.clear();
                for piece in text.chunks(16 << 10) {
                    rules.prefilter().find(piece, &mut hits, &mut lanes);
                }
                hits.len()
            });
        });
        for (label, decode) in [("find", false), ("find_with_decoding", true)] {
            group.bench_with_input(BenchmarkId::new(label, name), text, |b, text| {
                let mut matcher = Matcher::new(&rules);
                let mut out = Vec::new();
                let target = Target {
                    path: "src/lib.rs",
                    commit: None,
                };
                b.iter(|| {
                    out.clear();
                    // Blob-sized pieces, as a scan sees them.
                    for piece in text.chunks(16 << 10) {
                        if decode {
                            matcher.find_with_decoding(&target, piece, 2, &mut out);
                        } else {
                            matcher.find(&target, piece, &mut out);
                        }
                    }
                    out.len()
                });
            });
        }
    }
    // Long lines with many encoded runs: 8 MiB as 8 lines of 1 MiB, each scanned as one blob
    // (a minified bundle), with and without decoding.
    let css = minified_css(8, 1 << 20);
    group.throughput(Throughput::Bytes(css.len() as u64));
    for (label, decode) in [("find", false), ("find_with_decoding", true)] {
        group.bench_with_input(BenchmarkId::new(label, "minified-css"), &css, |b, css| {
            let mut matcher = Matcher::new(&rules);
            let mut out = Vec::new();
            let target = Target {
                path: "dist/app.min.css",
                commit: None,
            };
            b.iter(|| {
                out.clear();
                if decode {
                    matcher.find_with_decoding(&target, css, 2, &mut out);
                } else {
                    matcher.find(&target, css, &mut out);
                }
                out.len()
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
