//! The archive walk on archives built here with the formats' own crates.

use std::io::{Cursor, Write};

use super::*;

pub(crate) mod build {
    //! Archives in memory, for these tests and the fuzz target's seeds.
    use std::io::{Cursor, Write};

    pub(crate) fn zip(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in files {
            w.start_file(*name, opts).unwrap();
            w.write_all(content).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    pub(crate) fn tar(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (name, content) in files {
            let mut h = tar::Header::new_gnu();
            h.set_size(content.len() as u64);
            h.set_mode(0o644);
            b.append_data(&mut h, name, *content).unwrap();
        }
        b.into_inner().unwrap()
    }

    pub(crate) fn gzip(data: &[u8], name: Option<&str>) -> Vec<u8> {
        let mut b = flate2::GzBuilder::new();
        if let Some(n) = name {
            b = b.filename(n);
        }
        let mut w = b.write(Vec::new(), flate2::Compression::default());
        w.write_all(data).unwrap();
        w.finish().unwrap()
    }

    pub(crate) fn bzip2(data: &[u8]) -> Vec<u8> {
        let mut w = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
        w.write_all(data).unwrap();
        w.finish().unwrap()
    }

    pub(crate) fn xz(data: &[u8]) -> Vec<u8> {
        let mut w =
            lzma_rust2::XzWriter::new(Vec::new(), lzma_rust2::XzOptions::with_preset(1)).unwrap();
        w.write_all(data).unwrap();
        w.finish().unwrap()
    }

    pub(crate) fn zstd(data: &[u8]) -> Vec<u8> {
        ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
    }
}

/// What a walk saw: each member's path and content (`None`: skipped), and the walk.
fn walk_all(
    name: &str,
    content: &[u8],
    limits: &Limits,
) -> (Vec<(String, Option<String>)>, Walked) {
    walk_with(name, content, limits, &ScanBudget::default())
}

fn walk_with(
    name: &str,
    content: &[u8],
    limits: &Limits,
    scan: &ScanBudget,
) -> (Vec<(String, Option<String>)>, Walked) {
    let kind = detect(content).expect("an archive");
    let mut seen = Vec::new();
    let walked = walk(name, kind, content, limits, scan, &mut |m| {
        let c = m
            .content
            .ok()
            .map(|c| String::from_utf8_lossy(c).into_owned());
        seen.push((m.path.to_string(), c));
    });
    (seen, walked)
}

fn limits() -> Limits {
    Limits::new(4, 10 << 20)
}

fn texts(seen: &[(String, Option<String>)]) -> Vec<(&str, Option<&str>)> {
    seen.iter()
        .map(|(p, c)| (p.as_str(), c.as_deref()))
        .collect()
}

const FILES: [(&str, &[u8]); 2] = [("a.env", b"A=1\n"), ("dir/b.txt", b"hello b\n")];

#[test]
fn every_format_alone_and_around_a_tar() {
    let tar = build::tar(&FILES);
    let want = vec![("a.env", Some("A=1\n")), ("dir/b.txt", Some("hello b\n"))];
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("x.zip", build::zip(&FILES)),
        ("x.tar", tar.clone()),
        ("x.tar.gz", build::gzip(&tar, None)),
        ("x.tar.bz2", build::bzip2(&tar)),
        ("x.tar.xz", build::xz(&tar)),
        ("x.tar.zst", build::zstd(&tar)),
    ];
    for (name, bytes) in cases {
        let (seen, walked) = walk_all(name, &bytes, &limits());
        assert_eq!(texts(&seen), want, "{name}");
        assert_eq!((walked.archives, walked.members), (1, 2), "{name}");
        assert!(walked.warnings.is_empty(), "{name}: {:?}", walked.warnings);
    }
    let one = b"TOKEN=abc\n";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "c.env.gz",
            build::gzip(one, Some("recorded.env")),
            "recorded.env",
        ),
        ("c.env.gz", build::gzip(one, None), "c.env"),
        ("c.env.bz2", build::bzip2(one), "c.env"),
        ("c.env.xz", build::xz(one), "c.env"),
        ("c.env.zst", build::zstd(one), "c.env"),
        ("noext", build::zstd(one), "noext"),
    ];
    for (name, bytes, member) in cases {
        let (seen, _) = walk_all(name, &bytes, &limits());
        assert_eq!(texts(&seen), vec![(member, Some("TOKEN=abc\n"))], "{name}");
    }
}

#[test]
fn nested_archives_in_every_format_are_paths_joined_by_bangs() {
    let inner = build::zip(&[("c.env", b"C=3\n")]);
    let tar = build::tar(&[("b.zip", &inner), ("plain.txt", b"p\n")]);
    let outer = build::gzip(&tar, None);
    let (seen, walked) = walk_all("a.tar.gz", &outer, &limits());
    assert_eq!(
        texts(&seen),
        vec![("b.zip!c.env", Some("C=3\n")), ("plain.txt", Some("p\n"))]
    );
    assert_eq!((walked.archives, walked.members), (2, 3));
    // Four levels, each a different format.
    let l4 = build::xz(&build::tar(&[("d.env", b"D=4\n")]));
    let l3 = build::zip(&[("l4.tar.xz", &l4)]);
    let l2 = build::bzip2(&l3);
    let l1 = build::zstd(&build::tar(&[("l2.zip.bz2", &l2)]));
    let (seen, walked) = walk_all("l1.tar.zst", &l1, &limits());
    assert_eq!(
        texts(&seen),
        vec![("l2.zip.bz2!l2.zip!l4.tar.xz!d.env", Some("D=4\n"))]
    );
    assert_eq!(walked.archives, 4);
}

#[test]
fn depth_bound() {
    let inner = build::zip(&[("c.env", b"C=3\n")]);
    let outer = build::zip(&[("b.zip", &inner), ("top.env", b"T=1\n")]);
    let (seen, walked) = walk_all("a.zip", &outer, &Limits::new(1, 10 << 20));
    assert_eq!(
        texts(&seen),
        vec![("b.zip", None), ("top.env", Some("T=1\n"))]
    );
    assert_eq!(
        walked.warnings,
        vec![Warning::ArchiveBound {
            archive: "a.zip!b.zip".into(),
            bound: ArchiveBound::Depth(1),
            more: 0
        }]
    );
    let (_, walked) = walk_all("a.zip", &outer, &Limits::new(0, 10 << 20));
    assert_eq!(
        (walked.archives, walked.members),
        (0, 0),
        "depth 0 opens nothing"
    );
}

#[test]
fn members_bound() {
    let files: Vec<(String, Vec<u8>)> = (0..5)
        .map(|i| (format!("f{i}.txt"), format!("{i}\n").into_bytes()))
        .collect();
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, c)| (n.as_str(), &c[..])).collect();
    let limits = Limits {
        members: 3,
        ..limits()
    };
    for (name, bytes) in [("m.zip", build::zip(&refs)), ("m.tar", build::tar(&refs))] {
        let (seen, walked) = walk_all(name, &bytes, &limits);
        assert_eq!(seen.len(), 3, "{name}");
        assert_eq!(
            walked.warnings,
            vec![Warning::ArchiveBound {
                archive: name.into(),
                bound: ArchiveBound::Members(3),
                more: 0
            }]
        );
    }
}

#[test]
fn ratio_bound_cuts_a_stream_and_keeps_what_came_before() {
    let zeros = vec![0u8; 8 << 20];
    let tar = build::tar(&[
        ("first.env", b"F=1\n"),
        ("zeros.bin", &zeros),
        ("after.env", b"A\n"),
    ]);
    let (seen, walked) = walk_all("z.tar.gz", &build::gzip(&tar, None), &limits());
    assert_eq!(seen[0], ("first.env".into(), Some("F=1\n".into())));
    assert_eq!(seen[1].0, "zeros.bin");
    assert_eq!(seen.len(), 2, "the stream is cut at the bound: {seen:?}");
    assert_eq!(
        walked.warnings,
        vec![Warning::ArchiveBound {
            archive: "z.tar.gz!zeros.bin".into(),
            bound: ArchiveBound::Ratio(MAX_RATIO),
            more: 0
        }]
    );
    // In a zip, each member is its own stream: the next member is still read.
    let zip = build::zip(&[("zeros.bin", &zeros), ("after.env", b"A\n")]);
    let (seen, walked) = walk_all("z.zip", &zip, &limits());
    assert_eq!(seen[1], ("after.env".into(), Some("A\n".into())));
    assert_eq!(walked.warnings.len(), 1);
}

#[test]
fn archive_and_scan_byte_bounds() {
    let a = build::zip(&[("a.txt", &[b'a'; 3000]), ("b.txt", &[b'b'; 3000])]);
    let limits = Limits {
        archive_bytes: 4000,
        ..limits()
    };
    let (seen, walked) = walk_all("a.zip", &a, &limits);
    assert_eq!(seen.len(), 2);
    assert_eq!(
        seen[1].1.as_ref().map(String::len),
        Some(1000),
        "cut at the bound"
    );
    assert_eq!(
        walked.warnings,
        vec![Warning::ArchiveBound {
            archive: "a.zip!b.txt".into(),
            bound: ArchiveBound::ArchiveBytes(4000),
            more: 0
        }]
    );
    // The scan's bound holds across archives and is reported once.
    let limits = Limits {
        scan_bytes: 7000,
        ..super::tests::limits()
    };
    let scan = ScanBudget::default();
    let (_, first) = walk_with("1.zip", &a, &limits, &scan);
    let (seen, second) = walk_with("2.zip", &a, &limits, &scan);
    let (_, third) = walk_with("3.zip", &a, &limits, &scan);
    assert!(first.warnings.is_empty());
    assert_eq!(seen[0].1.as_ref().map(String::len), Some(1000));
    assert_eq!(
        second.warnings,
        vec![Warning::ArchiveBound {
            archive: "2.zip!a.txt".into(),
            bound: ArchiveBound::ScanBytes(7000),
            more: 0
        }]
    );
    assert!(third.warnings.is_empty(), "{:?}", third.warnings);
}

#[test]
fn path_length_bound_and_long_tar_names() {
    let long = format!("{}/k.env", "d".repeat(150));
    let tar = build::tar(&[(long.as_str(), b"K=1\n"), ("s.env", b"S\n")]);
    let (seen, walked) = walk_all("l.tar", &tar, &limits());
    assert_eq!(
        texts(&seen),
        vec![(long.as_str(), Some("K=1\n")), ("s.env", Some("S\n"))]
    );
    assert!(walked.warnings.is_empty());
    let limits = Limits {
        path_len: 100,
        ..limits()
    };
    let (seen, walked) = walk_all("l.tar", &tar, &limits);
    assert_eq!(texts(&seen), vec![("s.env", Some("S\n"))]);
    assert_eq!(
        walked.warnings,
        vec![Warning::ArchiveBound {
            archive: "l.tar".into(),
            bound: ArchiveBound::PathLength(100),
            more: 0
        }]
    );
}

#[test]
fn pax_paths() {
    assert_eq!(pax_path(b"12 path=a/b\n").as_deref(), Some(&b"a/b"[..]));
    assert_eq!(
        pax_path(b"12 uid=1000\n12 path=x.y\n").as_deref(),
        Some(&b"x.y"[..])
    );
    assert_eq!(pax_path(b"99 path=cut"), None);
    assert_eq!(pax_path(b"x path=a\n"), None);
}

#[test]
fn encrypted_members_are_warnings() {
    use zip::unstable::write::FileOptionsExt;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let plain = zip::write::SimpleFileOptions::default();
    let locked = plain.with_deprecated_encryption(b"pw").unwrap();
    for (name, opts) in [("k1.env", locked), ("open.env", plain), ("k2.env", locked)] {
        w.start_file(name, opts).unwrap();
        w.write_all(b"KEY=1\n").unwrap();
    }
    let zip = w.finish().unwrap().into_inner();
    let (seen, walked) = walk_all("e.zip", &zip, &limits());
    assert_eq!(texts(&seen), vec![("open.env", Some("KEY=1\n"))]);
    assert_eq!(
        walked.warnings,
        vec![Warning::ArchiveEncrypted {
            member: "e.zip!k1.env".into(),
            more: 1
        }]
    );
}

#[test]
fn slip_paths_are_names_only() {
    let zip = build::zip(&[("../../etc/evil.env", b"E=1\n"), ("/abs/x.env", b"X\n")]);
    let (seen, _) = walk_all("s.zip", &zip, &limits());
    assert_eq!(
        texts(&seen),
        vec![
            ("../../etc/evil.env", Some("E=1\n")),
            ("/abs/x.env", Some("X\n"))
        ]
    );
}

#[test]
fn damaged_archives_are_warnings_and_what_came_first_is_kept() {
    // Text that does not compress: half the gzip holds the first member whole.
    let mut x = 1u64;
    let mut noise = || -> Vec<u8> {
        (0..5000)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                b"0123456789abcdef"[(x >> 60) as usize]
            })
            .collect()
    };
    let (a, b) = (noise(), noise());
    let tar = build::tar(&[("a.env", &a), ("b.env", &b)]);
    let gz = build::gzip(&tar, None);
    let cut = &gz[..gz.len() / 2];
    let (seen, walked) = walk_all("cut.tar.gz", cut, &limits());
    assert_eq!(seen[0].0, "a.env");
    assert_eq!(walked.warnings.len(), 1, "{:?}", walked.warnings);
    assert!(matches!(
        walked.warnings[0],
        Warning::ArchiveUnreadable { .. }
    ));
    let zip = build::zip(&FILES);
    let (seen, walked) = walk_all("cut.zip", &zip[..zip.len() - 30], &limits());
    assert!(seen.is_empty());
    assert!(matches!(
        walked.warnings[..],
        [Warning::ArchiveUnreadable { .. }]
    ));
}

#[test]
fn members_over_the_size_limit_are_skipped() {
    let zip = build::zip(&[("big.txt", &[b'x'; 2000]), ("small.txt", b"s\n")]);
    let (seen, walked) = walk_all("b.zip", &zip, &Limits::new(4, 1000));
    assert_eq!(
        texts(&seen),
        vec![("big.txt", None), ("small.txt", Some("s\n"))]
    );
    assert!(walked.warnings.is_empty());
}

#[test]
fn names_of_compressed_content() {
    assert_eq!(stem("a/b.tgz"), "b.tar");
    assert_eq!(stem("x.env.GZ"), "x.env");
    assert_eq!(stem("o.zip!in/y.json.zst"), "y.json");
    assert_eq!(stem(".gz"), ".gz");
    assert_eq!(gzip_name(b"ok.txt").as_deref(), Some("ok.txt"));
    assert_eq!(gzip_name(b"../x"), None);
    assert_eq!(gzip_name(b""), None);
}
