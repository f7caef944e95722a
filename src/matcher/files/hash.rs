//! Password hash formats: which one a stored value is, and how sure its shape makes us.
//!
//! Modular crypt (`$id$...`: bcrypt, MD5-crypt, Apache MD5, SHA-crypt, yescrypt, scrypt,
//! Argon2, PBKDF2), LDAP-style `{SCHEME}` values, PostgreSQL's `md5...` and `SCRAM-SHA-256$`,
//! MySQL's `*` + SHA-1 and Django's `algorithm$...`: each is recognised by its full layout (its
//! alphabet and lengths), which makes it high confidence. Bare hex digests and traditional DES
//! crypt are recognised only where the format says a hash is stored ([`recognise_stored`]), at low
//! confidence: elsewhere they are as likely an API key or a password.

use crate::rules::Confidence;

/// The crypt alphabet (`./0-9A-Za-z`).
fn crypt64(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'/')
}

fn base64ish(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=-_.".contains(&b))
}

fn hex(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The format of a self-describing hash, and its confidence.
pub(crate) fn recognise(value: &[u8]) -> Option<(Confidence, &'static str)> {
    let v = std::str::from_utf8(value).ok()?.trim();
    // A locked account keeps its hash behind `!` (shadow, `usermod -L`).
    let v = v.strip_prefix('!').unwrap_or(v);
    let high = |name| Some((Confidence::High, name));
    if let Some(rest) = v.strip_prefix('$') {
        let parts: Vec<&str> = rest.split('$').collect();
        return match parts.as_slice() {
            [id, cost, body] if matches!(*id, "2a" | "2b" | "2y" | "2x") => (cost.len() == 2
                && cost.bytes().all(|b| b.is_ascii_digit())
                && body.len() == 53
                && crypt64(body))
            .then_some((Confidence::High, "bcrypt")),
            ["1", salt, h] if salt.len() <= 8 && h.len() == 22 && crypt64(h) => high("MD5-crypt"),
            ["apr1", salt, h] if salt.len() <= 8 && h.len() == 22 && crypt64(h) => {
                high("Apache MD5")
            }
            ["5", .., salt, h] if salt.len() <= 16 && h.len() == 43 && crypt64(h) => {
                high("SHA-256-crypt")
            }
            ["6", .., salt, h] if salt.len() <= 16 && h.len() == 86 && crypt64(h) => {
                high("SHA-512-crypt")
            }
            ["y" | "gy", params, salt, h]
                if crypt64(params) && crypt64(salt) && h.len() >= 40 && crypt64(h) =>
            {
                high("yescrypt")
            }
            ["7", body] if body.len() > 40 && crypt64(body) => high("scrypt"),
            [id, .., salt, h]
                if id.starts_with("argon2") && base64ish(salt) && h.len() >= 22 && base64ish(h) =>
            {
                high("Argon2")
            }
            [id, .., salt, h]
                if id.starts_with("pbkdf2") && base64ish(salt) && h.len() >= 22 && base64ish(h) =>
            {
                high("PBKDF2")
            }
            _ => None,
        };
    }
    if let Some(rest) = v.strip_prefix('{') {
        let (scheme, body) = rest.split_once('}')?;
        let scheme = scheme.to_ascii_uppercase();
        let name = match scheme.as_str() {
            "SHA" => "SHA-1",
            "SSHA" => "salted SHA-1",
            "SHA256" | "SSHA256" => "SHA-256",
            "SHA512" | "SSHA512" => "SHA-512",
            "MD5" | "SMD5" => "MD5",
            "CRYPT" | "BLF-CRYPT" | "SHA512-CRYPT" | "SHA256-CRYPT" | "MD5-CRYPT" => {
                return recognise(body.as_bytes()).or(Some((Confidence::Medium, "crypt")));
            }
            "PBKDF2" | "PBKDF2-SHA256" | "PBKDF2-SHA512" | "ARGON2" | "ARGON2ID" => "PBKDF2/Argon2",
            _ => return None,
        };
        return (body.len() >= 20 && base64ish(body)).then_some((Confidence::High, name));
    }
    if let Some(rest) = v.strip_prefix("SCRAM-SHA-256$") {
        let (iter, rest) = rest.split_once(':')?;
        return (iter.bytes().all(|b| b.is_ascii_digit()) && rest.contains('$'))
            .then_some((Confidence::High, "SCRAM-SHA-256"));
    }
    if let Some(h) = v.strip_prefix("md5") {
        return (h.len() == 32 && hex(h)).then_some((Confidence::High, "PostgreSQL MD5"));
    }
    if let Some(h) = v.strip_prefix('*') {
        return (h.len() == 40 && hex(h)).then_some((Confidence::High, "MySQL SHA-1"));
    }
    // Django: algorithm$iterations$salt$hash.
    let parts: Vec<&str> = v.split('$').collect();
    if let [alg, iter, salt, h] = parts.as_slice() {
        if (alg.starts_with("pbkdf2_") || alg.starts_with("argon2") || alg.starts_with("bcrypt"))
            && iter
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_alphabetic())
            && base64ish(salt)
            && h.len() >= 22
            && base64ish(h)
        {
            return high("Django");
        }
    }
    None
}

/// Like [`recognise`], and also bare hex digests (MD5, SHA-1, SHA-256, SHA-512) and traditional
/// DES crypt, for a value the format says is a stored hash (a password column of a dump, the hash
/// field of a passwd file): low confidence, since only the place says so.
pub(crate) fn recognise_stored(value: &[u8]) -> Option<(Confidence, &'static str)> {
    if let Some(found) = recognise(value) {
        return Some(found);
    }
    let v = std::str::from_utf8(value).ok()?.trim();
    let v = v.strip_prefix('!').unwrap_or(v);
    if hex(v) {
        let name = match v.len() {
            32 => "MD5",
            40 => "SHA-1",
            64 => "SHA-256",
            128 => "SHA-512",
            _ => return None,
        };
        return Some((Confidence::Low, name));
    }
    (v.len() == 13 && crypt64(v)).then_some((Confidence::Low, "DES-crypt"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_describing_hashes() {
        for (v, name) in [
            (
                "$2y$05$RLt/Vfypj0pDziiArqU5ZeuOePjjU0Ok6uVz5gBKX0.WYzhMTzq42",
                "bcrypt",
            ),
            ("$apr1$77gHb1bn$6t8NuQs6yIH8cIQMDffMx/", "Apache MD5"),
            ("$1$G1RuIRVD$h/uos.DQhKMb6qvnw9jnk.", "MD5-crypt"),
            (
                "$5$Yn90P0JfeLSUdT5X$iDYW1hrAUyArrVfgrQU540PB4.lXbef7uo1XQw9YyG8",
                "SHA-256-crypt",
            ),
            (
                "$y$j9T$NAt.2IEd5mqaT8ixPNdti1$XOYe99n1gdOxPNdkZt0UPNKj6HrxSr1BMl1wFuedHe/",
                "yescrypt",
            ),
            ("{SHA}j4tt6pOrWRGv39BfbNPMxGpxO90=", "SHA-1"),
            ("{SSHA}HiWBdnQr5gZI4RRqm9CTZ+3laZsQE/lhs7NAjw==", "salted SHA-1"),
            ("md570575cc50b501599b1c6a1914019cb62", "PostgreSQL MD5"),
            ("*42924C3A55AAE8646F648A029C34CC571DEB8971", "MySQL SHA-1"),
            (
                "SCRAM-SHA-256$4096:XsB/oI8rpnUyztB2gs9Ntw==$M9nZxj44ziioprOG6vg26mj/ZX7eLOhQdWcTvpsgBig=:L0sqvTrsPBxoyeEAf3F9RCuxvBqCh7+7CIKSO9xm0R0=",
                "SCRAM-SHA-256",
            ),
            (
                "pbkdf2_sha256$260000$q0Zb3NqVb2bLxT$mX1Vh0U8Ew2rJ1kS0pZbF9xR2Y7c4Ww3Qe5Tn6Lk8Hs=",
                "Django",
            ),
        ] {
            assert_eq!(recognise(v.as_bytes()).map(|r| r.1), Some(name), "{v}");
        }
    }

    #[test]
    fn not_hashes() {
        for v in [
            "Tigers2020!",
            "$2y$10$short",
            "$6$salt$tooshort",
            "{PLAIN}G0ld3nG@te",
            "476aa5894e16be0f96d13a4ef34c762f",
            "UO3E5ndRVhR5I",
            "*",
            "!",
        ] {
            assert_eq!(recognise(v.as_bytes()), None, "{v}");
        }
        assert_eq!(
            recognise_stored(b"476aa5894e16be0f96d13a4ef34c762f"),
            Some((Confidence::Low, "MD5"))
        );
        assert_eq!(
            recognise_stored(b"UO3E5ndRVhR5I"),
            Some((Confidence::Low, "DES-crypt"))
        );
        assert_eq!(recognise_stored(b"Tigers2020!"), None);
        assert_eq!(recognise_stored(b"abc123"), None);
    }
}
