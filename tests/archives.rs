//! Secrets inside archives and compressed files, end to end: every format (built here with the
//! formats' crates), nested archives, standard input, git history, ranges and staged changes,
//! and the bounds that keep archive bombs harmless, each with its peak memory measured and the
//! secret planted beside the bomb found.

use std::io::{Cursor, Write};
use std::path::Path;

use crate::util::*;

fn zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(files, zip::CompressionMethod::Deflated)
}

fn zip_with(files: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(method)
        .large_file(false);
    for (name, content) in files {
        w.start_file(*name, opts).unwrap();
        w.write_all(content).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn tar(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, content) in files {
        let mut h = tar::Header::new_gnu();
        h.set_size(content.len() as u64);
        h.set_mode(0o644);
        b.append_data(&mut h, name, *content).unwrap();
    }
    b.into_inner().unwrap()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    w.write_all(data).unwrap();
    w.finish().unwrap()
}

fn bzip2(data: &[u8]) -> Vec<u8> {
    let mut w = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
    w.write_all(data).unwrap();
    w.finish().unwrap()
}

fn xz(data: &[u8]) -> Vec<u8> {
    let opts = lzma_rust2::XzOptions::with_preset(1);
    let mut w = lzma_rust2::XzWriter::new(Vec::new(), opts).unwrap();
    w.write_all(data).unwrap();
    w.finish().unwrap()
}

fn zstd(data: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
}

/// A `.env` line with a GitHub token.
fn env_line() -> Vec<u8> {
    format!("GITHUB_TOKEN={}\n", github_pat()).into_bytes()
}

/// The paths of the findings of a JSON report.
fn paths(r: &Run) -> Vec<String> {
    r.found().into_iter().map(|(p, _, _)| p).collect()
}

/// The leakhound binary run in `dir` with `args`, and its peak resident memory in MiB, as
/// `/usr/bin/time` measures it: from its own small process, so that the figure is leakhound's
/// alone (a child spawned straight from this test process would count the test's memory too:
/// the kernel's high-water mark survives `exec`).
fn run_measured(dir: &Path, args: &[&str]) -> (Run, u64) {
    let out = tempfile::NamedTempFile::new().unwrap();
    let output = std::process::Command::new("/usr/bin/time")
        .args(["-f", "%M", "-o"])
        .arg(out.path())
        .arg(bin())
        .args(args)
        .current_dir(dir)
        .env_remove("LEAKHOUND_CONFIG")
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("/usr/bin/time runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    let kib: u64 = std::fs::read_to_string(out.path())
        .unwrap()
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .expect("a peak in KiB");
    (run, kib / 1024)
}

#[test]
fn every_format_by_content_with_member_paths() {
    let d = Dir::new();
    let secret = env_line();
    let files: [(&str, &[u8]); 2] = [("conf/.env", &secret), ("README.md", b"# hi\n")];
    let tarball = tar(&files);
    let zipped = zip(&files);
    // The zip family by name (all one format inside), and names that say nothing.
    for name in ["a.zip", "a.jar", "a.whl", "a.docx", "a.apk", "plain.bin"] {
        d.write(&format!("zips/{name}"), &zipped);
    }
    d.write("t/a.tar", &tarball);
    d.write("t/a.tar.gz", gzip(&tarball));
    d.write("t/a.tgz", gzip(&tarball));
    d.write("t/a.tar.bz2", bzip2(&tarball));
    d.write("t/a.tar.xz", xz(&tarball));
    d.write("t/a.tar.zst", zstd(&tarball));
    d.write("t/noname", zstd(&tarball));
    d.write("c/key.env.gz", gzip(&secret));
    d.write("c/key.env.bz2", bzip2(&secret));
    d.write("c/key.env.xz", xz(&secret));
    d.write("c/key.env.zst", zstd(&secret));
    let r = d.run(&["dir", ".", "-f", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let mut want: Vec<String> = [
        "c/key.env.bz2!key.env",
        "c/key.env.gz!key.env",
        "c/key.env.xz!key.env",
        "c/key.env.zst!key.env",
        "t/a.tar!conf/.env",
        "t/a.tar.bz2!conf/.env",
        "t/a.tar.gz!conf/.env",
        "t/a.tar.xz!conf/.env",
        "t/a.tar.zst!conf/.env",
        "t/a.tgz!conf/.env",
        "t/noname!conf/.env",
        "zips/a.apk!conf/.env",
        "zips/a.docx!conf/.env",
        "zips/a.jar!conf/.env",
        "zips/a.whl!conf/.env",
        "zips/a.zip!conf/.env",
        "zips/plain.bin!conf/.env",
    ]
    .map(String::from)
    .to_vec();
    want.sort();
    let mut got = paths(&r);
    got.sort();
    assert_eq!(got, want);
    // 17 archives; 2 members each but the four single files.
    assert!(
        r.stderr.contains("; 17 archives (30 members)"),
        "{}",
        r.stderr
    );
    // Findings locate the secret in the member: line 1, after `GITHUB_TOKEN=`.
    let f = &r.json()[0];
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(1), Some(14))
    );
    // 0 turns archives off: they are binary files again.
    let r = d.run(&["dir", ".", "-f", "json", "--max-archive-depth", "0"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("archive"), "{}", r.stderr);
}

#[test]
fn nested_archives_and_their_sarif_locations() {
    let d = Dir::new();
    let c = zip(&[("c.env", &env_line())]);
    let b = tar(&[("b.zip", &c)]);
    d.write("a.tar.gz", gzip(&b));
    let l4 = xz(&tar(&[("deep/d.env", &env_line())]));
    let l3 = zip_with(&[("l4.tar.xz", &l4)], zip::CompressionMethod::Stored);
    let l2 = bzip2(&l3);
    d.write("l1.tar.zst", zstd(&tar(&[("l2.zip.bz2", &l2)])));
    let r = d.run(&["dir", ".", "-f", "json"]);
    assert_eq!(
        paths(&r),
        vec![
            "a.tar.gz!b.zip!c.env",
            "l1.tar.zst!l2.zip.bz2!l2.zip!l4.tar.xz!deep/d.env"
        ]
    );
    // One level fewer: the innermost archive is not opened, and a warning says so.
    let r = d.run(&["dir", ".", "-f", "json", "--max-archive-depth", "3"]);
    assert_eq!(paths(&r), vec!["a.tar.gz!b.zip!c.env"]);
    assert!(
        r.stderr.contains(
            "warning: l1.tar.zst!l2.zip.bz2!l2.zip!l4.tar.xz: archive bound: an archive nested \
             more than 3 deep is not opened (--max-archive-depth)"
        ),
        "{}",
        r.stderr
    );
    // SARIF: valid, and the member's location is inside the archive file.
    let r = d.run(&["dir", ".", "-f", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    if let Some(validator) = sarif_validator() {
        let errors = sarif_errors(&validator, &sarif);
        assert!(errors.is_empty(), "{errors:?}");
    }
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        uris,
        vec![
            "a.tar.gz!b.zip!c.env",
            "l1.tar.zst!l2.zip.bz2!l2.zip!l4.tar.xz!deep/d.env"
        ]
    );
}

#[test]
fn standard_input_may_be_an_archive() {
    let d = Dir::new();
    let input = gzip(&tar(&[("x/.env", &env_line())]));
    let r = d.run_stdin(&["stdin", "-f", "json", "--label", "upload.tgz"], &input);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(paths(&r), vec!["upload.tgz!x/.env"]);
    let r = d.run_stdin(&["stdin", "-f", "json"], &zip(&[("k.env", &env_line())]));
    assert_eq!(paths(&r), vec!["stdin!k.env"]);
}

#[test]
fn archives_in_git_history_ranges_and_staged_changes() {
    let g = GitRepo::init();
    g.write("README.md", "hello\n");
    g.commit("first");
    g.write("dist/app.jar", zip(&[("app.properties", &env_line())]));
    let added = g.commit("add the jar");
    // The same archive blob in more commits: its members are scanned once.
    g.write("README.md", "hello again\n");
    g.commit("edit");
    g.remove("dist/app.jar");
    g.commit("remove the jar");
    let r = run_in(g.path(), &["git", ".", "-f", "json"], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let json = r.json();
    assert_eq!(paths(&r), vec!["dist/app.jar!app.properties"]);
    assert_eq!(json[0]["commit"].as_str(), Some(added.to_string().as_str()));
    assert_eq!(json[0]["in_head"].as_bool(), Some(false));
    assert!(r.stderr.contains("; 1 archive (1 member)"), "{}", r.stderr);
    // A range with the commit that added it.
    let range = format!("{added}~1..{added}");
    let r = run_in(
        g.path(),
        &["git", ".", "-f", "json", "--range", &range],
        None,
    );
    assert_eq!(paths(&r), vec!["dist/app.jar!app.properties"]);
    // Staged: an archive about to be committed.
    g.write(
        "release.tar.gz",
        gzip(&tar(&[("cfg/prod.env", &env_line())])),
    );
    let r = run_in(g.path(), &["git", ".", "--staged", "-f", "json"], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(paths(&r), vec!["release.tar.gz!cfg/prod.env"]);
}

#[test]
fn zip_slip_members_are_scanned_never_extracted() {
    let d = Dir::new();
    d.write("in/slip.zip", zip(&[("../../../escaped.env", &env_line())]));
    let before = std::fs::read_dir(d.path()).unwrap().count();
    let (r, peak) = run_measured(&d.join("in"), &["dir", ".", "-f", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(paths(&r), vec!["slip.zip!../../../escaped.env"]);
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), before);
    assert!(!d.join("escaped.env").exists());
    assert!(peak < 100, "peak {peak} MiB");
    eprintln!("zip slip: peak {peak} MiB");
}

#[test]
fn encrypted_members_are_a_warning() {
    use zip::unstable::write::FileOptionsExt;
    let d = Dir::new();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let plain = zip::write::SimpleFileOptions::default();
    let locked = plain.with_deprecated_encryption(b"pw").unwrap();
    w.start_file("locked.env", locked).unwrap();
    w.write_all(&env_line()).unwrap();
    w.start_file("open.env", plain).unwrap();
    w.write_all(&env_line()).unwrap();
    d.write("e.zip", w.finish().unwrap().into_inner());
    let r = d.run(&["dir", ".", "-f", "json"]);
    assert_eq!(paths(&r), vec!["e.zip!open.env"]);
    assert!(
        r.stderr.contains(
            "warning: e.zip!locked.env: encrypted archive member, not scanned (no password is \
             asked for)"
        ),
        "{}",
        r.stderr
    );
}

/// 42.zip's shape: `levels` levels of zips, 16 of the level below in each, 16 files of `leaf`
/// zeros at the bottom.
fn nested_bomb(levels: usize, leaf: usize) -> Vec<u8> {
    let zeros = vec![0u8; leaf];
    let names: Vec<String> = (0..16).map(|i| format!("{i:x}.bin")).collect();
    let files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &zeros[..])).collect();
    let mut level = zip(&files);
    for l in 1..levels {
        let names: Vec<String> = (0..16).map(|i| format!("l{l}-{i:x}.zip")).collect();
        let files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &level[..])).collect();
        level = zip(&files);
    }
    level
}

#[test]
fn a_nested_zip_bomb_is_harmless() {
    let d = Dir::new();
    // 16^5 files of 4 MiB: 4 TiB inflated, were it opened whole.
    let bomb = nested_bomb(5, 4 << 20);
    assert!(bomb.len() < 1 << 20, "{}", bomb.len());
    eprintln!("42.zip-style bomb: {} bytes", bomb.len());
    d.write("bomb.zip", &bomb);
    d.write("beside.env", env_line());
    for depth in ["4", "8"] {
        let (r, peak) = run_measured(
            d.path(),
            &["dir", ".", "-f", "json", "--max-archive-depth", depth],
        );
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert_eq!(paths(&r), vec!["beside.env"], "{}", r.stderr);
        // At depth 4 the fifth level is not opened; at 8 it is, and its zeros trip the ratio.
        let deepest = if depth == "4" {
            "warning: bomb.zip!l4-0.zip!l3-0.zip!l2-0.zip!l1-0.zip: archive bound: an archive \
             nested more than 4 deep is not opened"
        } else {
            "warning: bomb.zip!l4-0.zip!l3-0.zip!l2-0.zip!l1-0.zip!0.bin: archive bound: \
             inflates to over 100 times its compressed size"
        };
        assert!(r.stderr.contains(deepest), "{}", r.stderr);
        assert!(
            r.stderr
                .contains("archive bound: over 256 MiB inflated from one archive"),
            "{}",
            r.stderr
        );
        assert!(peak < 300, "depth {depth}: peak {peak} MiB");
        eprintln!("42.zip-style bomb, --max-archive-depth {depth}: peak {peak} MiB");
    }
}

/// A gzip of `size` zeros, written without compressing them: deflate blocks of 1 MiB of zeros
/// (after the first, each the same bytes) repeated, and the CRC combined from 1 MiB's.
fn zeros_gzip(path: &Path, size: u64) {
    use flate2::{Compress, Compression, FlushCompress};
    const MIB: usize = 1 << 20;
    let zeros = vec![0u8; MIB];
    let mut c = Compress::new(Compression::best(), false);
    let mut block = |input: &[u8], flush| {
        let mut out = Vec::with_capacity(MIB);
        let start = c.total_in();
        while (c.total_in() - start) < input.len() as u64 || out.is_empty() {
            let done = (c.total_in() - start) as usize;
            c.compress_vec(&input[done..], &mut out, flush).unwrap();
            if out.len() == out.capacity() {
                out.reserve(MIB);
            }
        }
        out
    };
    let first = block(&zeros, FlushCompress::Sync);
    let second = block(&zeros, FlushCompress::Sync);
    let third = block(&zeros, FlushCompress::Sync);
    assert_eq!(second, third, "blocks of zeros repeat byte for byte");
    let end = block(&[], FlushCompress::Finish);
    let chunks = size / MIB as u64;
    assert!(chunks >= 3);
    let mut crc = flate2::Crc::new();
    let mut one = flate2::Crc::new();
    one.update(&zeros);
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    f.write_all(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]).unwrap();
    f.write_all(&first).unwrap();
    crc.combine(&one);
    for _ in 1..chunks {
        f.write_all(&second).unwrap();
        crc.combine(&one);
    }
    f.write_all(&end).unwrap();
    f.write_all(&crc.sum().to_le_bytes()).unwrap();
    f.write_all(&((chunks * MIB as u64) as u32).to_le_bytes())
        .unwrap();
    f.flush().unwrap();
}

#[test]
fn ten_gigabytes_of_zeros_in_a_gzip_are_harmless() {
    let d = Dir::new();
    let path = d.join("zeros.bin.gz");
    zeros_gzip(&path, 10_000_000_000);
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size < 10 << 20, "{size}");
    eprintln!("10 GB of zeros: a gzip of {size} bytes");
    // The stream is valid: its first bytes inflate to zeros.
    let mut head = [1u8; 4096];
    let mut gz = flate2::read::GzDecoder::new(std::fs::File::open(&path).unwrap());
    std::io::Read::read_exact(&mut gz, &mut head).unwrap();
    assert!(head.iter().all(|&b| b == 0));
    d.write("beside.env", env_line());
    let (r, peak) = run_measured(d.path(), &["dir", ".", "-f", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(paths(&r), vec!["beside.env"]);
    assert!(
        r.stderr.contains(
            "warning: zeros.bin.gz!zeros.bin: archive bound: inflates to over 100 times its \
             compressed size: the rest of it is not scanned"
        ),
        "{}",
        r.stderr
    );
    assert!(peak < 100, "peak {peak} MiB");
    eprintln!("10 GB of zeros in a gzip: peak {peak} MiB");
}

#[test]
fn a_zip_of_100_000_members_is_bounded() {
    let d = Dir::new();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("first.env", opts).unwrap();
    w.write_all(&env_line()).unwrap();
    for i in 1..100_000 {
        w.start_file(format!("{i:x}"), opts).unwrap();
    }
    let many = w.finish().unwrap().into_inner();
    assert!(many.len() < 10 << 20, "{}", many.len());
    d.write("many.zip", &many);
    d.write("beside.env", env_line());
    let (r, peak) = run_measured(d.path(), &["dir", ".", "-f", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(paths(&r), vec!["beside.env", "many.zip!first.env"]);
    assert!(
        r.stderr.contains(
            "warning: many.zip: archive bound: more than 50000 members: the rest are not scanned"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("; 1 archive (50000 members)"),
        "{}",
        r.stderr
    );
    assert!(peak < 100, "peak {peak} MiB");
    eprintln!("100 000 members: peak {peak} MiB");
}
