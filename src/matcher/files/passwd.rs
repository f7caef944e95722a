//! `user:hash[:...]` files: `/etc/shadow` (and `master.passwd`), ProFTPD's and Pure-FTPd's
//! virtual-user passwd files, Apache and nginx `.htpasswd`. The second field is a password hash
//! (`*`, `!`, `x` and the like: no password); `.htpasswd` may also hold a plain password (Apache
//! on Windows accepts one, nginx's `{PLAIN}` scheme stores one).

use super::Out;

/// A user name as these files allow it.
fn user_name(name: &[u8]) -> bool {
    !name.is_empty()
        && name
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"._-@$+\\ ".contains(b))
}

/// The lines of the form `user:second[:...]`: the user, and the second field's range.
fn entries(content: &[u8]) -> impl Iterator<Item = (String, (usize, usize))> + '_ {
    super::lines(content).filter_map(move |line| {
        let (s, e) = super::trim(content, line);
        if s == e || content[s] == b'#' {
            return None;
        }
        let colon = s + memchr::memchr(b':', &content[s..e])?;
        if !user_name(&content[s..colon]) {
            return None;
        }
        let from = colon + 1;
        let to = memchr::memchr(b':', &content[from..e]).map_or(e, |i| from + i);
        if content[from..to].iter().any(u8::is_ascii_whitespace) {
            return None;
        }
        Some((super::text(content, (s, colon)), (from, to)))
    })
}

/// shadow and FTP passwd files: the hash field of each entry.
pub(crate) fn parse_shadow(out: &mut Out<'_>) {
    for (user, span) in entries(out.content) {
        out.hash("password", span, vec![("user", user)]);
    }
}

/// `.htpasswd`: a hash, or a plain password (`{PLAIN}`, or anything that is no hash format).
pub(crate) fn parse_htpasswd(out: &mut Out<'_>) {
    for (user, span) in entries(out.content) {
        let value = &out.content[span.0..span.1];
        if value.starts_with(b"{PLAIN}") {
            out.value("password", (span.0 + 7, span.1), vec![("user", user)]);
        } else {
            out.stored("password", span, vec![("user", user)]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::found;
    use super::*;
    use crate::rules::ParserKind::*;

    #[test]
    fn shadow_hashes_and_locked_accounts() {
        let shadow = "root:$1$zYtpNGox$uZkO/MKGpNwxdm3acRper0:19920:0:99999:7:::\n\
            daemon:*:19876:0:99999:7:::\n\
            sshd:!:19876::::::\n\
            bob:!$1$G1RuIRVD$h/uos.DQhKMb6qvnw9jnk.:19901:0:99999:7:::\n\
            # comment:$1$zYtpNGox$uZkO/MKGpNwxdm3acRper0\n";
        let got = found(parse_shadow, shadow);
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(|g| g.0 == PasswordHash && g.1 == "password"));
        assert!(got[1].2.starts_with("!$1$"));
    }

    #[test]
    fn htpasswd_hashes_and_plain_passwords() {
        let ht = "alice:$apr1$77gHb1bn$6t8NuQs6yIH8cIQMDffMx/\n\
            dave:UO3E5ndRVhR5I\n\
            erin:Tigers2020!\n\
            monitor:{PLAIN}G0ld3nG@te\n\
            # intern:{PLAIN}<set a password>\n\
            ops:{PLAIN}<set a password>\n";
        let got = found(parse_htpasswd, ht);
        assert_eq!(
            got,
            [
                (
                    PasswordHash,
                    "password".to_string(),
                    "$apr1$77gHb1bn$6t8NuQs6yIH8cIQMDffMx/".to_string()
                ),
                (PasswordHash, "password".into(), "UO3E5ndRVhR5I".into()),
                (Secret, "password".into(), "Tigers2020!".into()),
                (Secret, "password".into(), "G0ld3nG@te".into()),
            ]
        );
    }

    #[test]
    fn prose_is_no_entry() {
        assert!(found(parse_htpasswd, "Note: this file lists users\n").is_empty());
    }
}
