//! What an archive is, from its first bytes (never from its name: a `.jar` is a zip, a
//! `backup.bin` may be a gzip).

/// The formats leakhound opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Zip and its family (jar, war, ear, apk, aar, whl, nupkg, vsix, xpi, docx/xlsx/pptx, odt).
    Zip,
    /// POSIX (ustar, pax), GNU and old v7 tar.
    Tar,
    Gzip,
    Bzip2,
    Xz,
    Zstd,
}

/// How many leading bytes [`detect`] needs to recognise every format (a tar header).
pub(crate) const HEADER: usize = 512;

/// The archive format of `content`, from its magic bytes (a tar by its header checksum).
pub(crate) fn detect(content: &[u8]) -> Option<Kind> {
    let b = content;
    if b.starts_with(b"PK\x03\x04") || b.starts_with(b"PK\x05\x06") || b.starts_with(b"PK\x07\x08")
    {
        return Some(Kind::Zip);
    }
    // gzip with deflate, the only method gzip defines.
    if b.starts_with(&[0x1f, 0x8b, 0x08]) {
        return Some(Kind::Gzip);
    }
    // "BZh", a block size, then a block's or the end of stream's magic: "BZh9" alone is text.
    if b.len() >= 10
        && b.starts_with(b"BZh")
        && (b'1'..=b'9').contains(&b[3])
        && (b[4..10] == [0x31, 0x41, 0x59, 0x26, 0x53, 0x59]
            || b[4..10] == [0x17, 0x72, 0x45, 0x38, 0x50, 0x90])
    {
        return Some(Kind::Bzip2);
    }
    if b.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0x00]) {
        return Some(Kind::Xz);
    }
    if b.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        return Some(Kind::Zstd);
    }
    if is_tar_header(b) {
        return Some(Kind::Tar);
    }
    None
}

/// Whether `b` starts with a tar header: a name, and the checksum its header records (the sum of
/// its bytes with the checksum field as spaces; some old tars summed signed bytes).
fn is_tar_header(b: &[u8]) -> bool {
    let Some(h) = b.get(..HEADER) else {
        return false;
    };
    if h[0] == 0 {
        return false;
    }
    let Some(recorded) = octal(&h[148..156]) else {
        return false;
    };
    let (mut unsigned, mut signed) = (0u64, 0i64);
    for (i, &x) in h.iter().enumerate() {
        let x = if (148..156).contains(&i) { b' ' } else { x };
        unsigned += u64::from(x);
        signed += i64::from(x as i8);
    }
    recorded == unsigned || i64::try_from(recorded).is_ok_and(|r| r == signed)
}

/// An octal number field of a tar header: digits, padded with spaces or NULs.
fn octal(field: &[u8]) -> Option<u64> {
    let digits = field
        .iter()
        .skip_while(|&&c| c == b' ')
        .take_while(|&&c| c != 0 && c != b' ');
    let mut n: u64 = 0;
    let mut any = false;
    for &c in digits {
        if !(b'0'..=b'7').contains(&c) {
            return None;
        }
        n = n.checked_mul(8)?.checked_add(u64::from(c - b'0'))?;
        any = true;
    }
    any.then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tar_header(name: &str) -> Vec<u8> {
        let mut h = vec![0u8; 512];
        h[..name.len()].copy_from_slice(name.as_bytes());
        h[100..107].copy_from_slice(b"0000644");
        h[124..135].copy_from_slice(b"00000000005");
        h[156] = b'0';
        h[257..263].copy_from_slice(b"ustar\0");
        h[148..156].copy_from_slice(b"        ");
        let sum: u64 = h.iter().map(|&x| u64::from(x)).sum();
        let field = format!("{sum:06o}\0 ");
        h[148..156].copy_from_slice(field.as_bytes());
        h
    }

    #[test]
    fn formats_by_magic() {
        let cases: [(&[u8], Option<Kind>); 10] = [
            (b"PK\x03\x04rest", Some(Kind::Zip)),
            (b"PK\x05\x06", Some(Kind::Zip)),
            (&[0x1f, 0x8b, 0x08, 0], Some(Kind::Gzip)),
            (b"BZh91AY&SYxx", Some(Kind::Bzip2)),
            (b"BZh9 is just text", None),
            (&[0xfd, b'7', b'z', b'X', b'Z', 0, 0], Some(Kind::Xz)),
            (&[0x28, 0xb5, 0x2f, 0xfd, 0], Some(Kind::Zstd)),
            (b"PK", None),
            (b"", None),
            (b"password = hunter2\n", None),
        ];
        for (bytes, want) in cases {
            assert_eq!(detect(bytes), want, "{bytes:?}");
        }
    }

    #[test]
    fn tar_by_checksum() {
        let h = tar_header("a.env");
        assert_eq!(detect(&h), Some(Kind::Tar));
        let mut bad = h.clone();
        bad[0] = b'b';
        assert_eq!(
            detect(&bad),
            None,
            "a header whose checksum does not add up"
        );
        assert_eq!(detect(&h[..511]), None, "shorter than a header");
        assert_eq!(detect(&[0u8; 1024]), None, "zeros (an end of archive)");
    }
}
