//! Commits and tags read as git writes them, leniently: a field libgit2 refuses (an author date
//! that overflows, which `git push` accepts) makes libgit2 refuse the whole commit, and with it
//! the history walk. Here only that field is lost: the commit's tree and parents are still
//! known, so its content is still scanned. Tag chains are peeled one object at a time (no
//! recursion, nothing kept but the set of tags seen).

use std::collections::HashSet;

use git2::{ObjectType, Odb, Oid, Repository};

use super::odb::HeaderReader;
use super::repo::objects_dir;

/// Reads commits and tags: each object's type from its header first (git2 panics on a corrupt
/// type in a full read: see [`HeaderReader`]), then, only for the expected type, the object.
pub(crate) struct Objects<'r> {
    headers: HeaderReader,
    odb: Odb<'r>,
}

impl<'r> Objects<'r> {
    pub(crate) fn open(repo: &'r Repository) -> Result<Objects<'r>, git2::Error> {
        Ok(Objects {
            headers: HeaderReader::open(&objects_dir(repo))?,
            odb: repo.odb()?,
        })
    }

    /// The object `oid` if its header says it is a `kind`.
    fn read(&self, oid: Oid, kind: ObjectType) -> Result<git2::OdbObject<'_>, git2::Error> {
        let (_, found) = self.headers.read(oid)?;
        if found != kind {
            return Err(git2::Error::from_str(&format!(
                "expected a {kind}, found a {found}"
            )));
        }
        self.odb.read(oid)
    }

    /// Commit `oid`. `Err` when it is not there, not a commit, or has no tree.
    pub(crate) fn commit(&self, oid: Oid) -> Result<RawCommit, git2::Error> {
        let obj = self.read(oid, ObjectType::Commit)?;
        parse_commit(obj.data()).ok_or_else(|| git2::Error::from_str("a commit without a tree"))
    }

    /// Peels the tags starting at `oid`, one object at a time: each tag's header is read for its
    /// type and the tag for its target; a loop (impossible by hashing, possible in a damaged
    /// repository) ends the peel. Memory: the set of tags seen (a chain of 100 000 tags is
    /// 100 000 object ids), nothing else.
    pub(crate) fn peel(&self, mut oid: Oid) -> Result<Peeled, git2::Error> {
        let mut seen = HashSet::new();
        loop {
            let (_, kind) = self.headers.read(oid)?;
            match kind {
                ObjectType::Commit => return Ok(Peeled::Commit(oid)),
                ObjectType::Tree => return Ok(Peeled::Tree(oid)),
                ObjectType::Blob => return Ok(Peeled::Blob(oid)),
                ObjectType::Tag => {
                    if !seen.insert(oid) {
                        return Err(git2::Error::from_str("a loop of tags"));
                    }
                    let obj = self.odb.read(oid)?;
                    oid = tag_target(obj.data())
                        .ok_or_else(|| git2::Error::from_str("a tag without a target"))?;
                }
                _ => return Err(git2::Error::from_str("not a commit, tree, blob or tag")),
            }
        }
    }
}

/// A person line of a commit (`author NAME <EMAIL> SECONDS OFFSET`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Person {
    pub(crate) name: String,
    pub(crate) email: String,
    /// Seconds since the epoch and the offset in minutes; `None` when the date cannot be read.
    pub(crate) when: Option<(i64, i32)>,
}

/// What a scan needs of a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawCommit {
    pub(crate) tree: Oid,
    pub(crate) parents: Vec<Oid>,
    pub(crate) author: Person,
    /// The committer's date (seconds), for the walk's order; 0 when it cannot be read.
    pub(crate) time: i64,
    /// The message (after the headers).
    pub(crate) message: Vec<u8>,
    /// The first field that cannot be read as git defines it ("author date"), if any.
    pub(crate) malformed: Option<&'static str>,
}

/// Parses a commit object's content; `None` without a readable `tree` line.
pub(crate) fn parse_commit(data: &[u8]) -> Option<RawCommit> {
    let (headers, message) = match find(data, b"\n\n") {
        Some(i) => (&data[..i], &data[i + 2..]),
        None => (data, &[][..]),
    };
    let mut tree = None;
    let mut parents = Vec::new();
    let mut author = Person::default();
    let mut time = None;
    let mut malformed = None;
    for line in headers.split(|&b| b == b'\n') {
        if let Some(hex) = line.strip_prefix(b"tree ") {
            tree = tree.or_else(|| oid(hex));
        } else if let Some(hex) = line.strip_prefix(b"parent ") {
            match oid(hex) {
                Some(p) => parents.push(p),
                None => malformed = malformed.or(Some("parent")),
            }
        } else if let Some(rest) = line.strip_prefix(b"author ") {
            author = person(rest);
            if author.when.is_none() {
                malformed = malformed.or(Some("author date"));
            }
        } else if let Some(rest) = line.strip_prefix(b"committer ") {
            let committer = person(rest);
            match committer.when {
                Some((t, _)) => time = Some(t),
                None => malformed = malformed.or(Some("committer date")),
            }
        }
    }
    Some(RawCommit {
        tree: tree?,
        parents,
        time: time.or(author.when.map(|w| w.0)).unwrap_or(0),
        author,
        message: message.to_vec(),
        malformed,
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn oid(hex: &[u8]) -> Option<Oid> {
    let hex = std::str::from_utf8(hex).ok()?.trim();
    if hex.len() != 40 && hex.len() != 64 {
        return None;
    }
    Oid::from_str(hex).ok()
}

/// `NAME <EMAIL> SECONDS OFFSET`, each part as far as it can be read.
fn person(rest: &[u8]) -> Person {
    let text = String::from_utf8_lossy(rest);
    let (Some(lt), Some(gt)) = (text.find('<'), text.rfind('>')) else {
        return Person {
            name: text.trim().to_string(),
            ..Person::default()
        };
    };
    let name = text[..lt].trim().to_string();
    let email = if gt > lt { &text[lt + 1..gt] } else { "" };
    let mut date = text[gt + 1..].split_ascii_whitespace();
    let seconds = date.next().and_then(|s| s.parse::<i64>().ok());
    let offset = date.next().and_then(offset_minutes);
    Person {
        name,
        email: email.to_string(),
        // libgit2 reads a missing offset as UTC; an unreadable one as an unreadable date.
        when: seconds.map(|s| (s, offset.unwrap_or(0))),
    }
}

/// `+0130` -> 90.
fn offset_minutes(tz: &str) -> Option<i32> {
    let (sign, digits) = match tz.as_bytes().first()? {
        b'+' => (1, &tz[1..]),
        b'-' => (-1, &tz[1..]),
        _ => return None,
    };
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i32 = digits.parse().ok()?;
    Some(sign * (n / 100 * 60 + n % 100))
}

/// What a ref (or any object) finally names once its tags are peeled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Peeled {
    Commit(Oid),
    Tree(Oid),
    Blob(Oid),
}

/// The `object` line of a tag.
fn tag_target(data: &[u8]) -> Option<Oid> {
    data.split(|&b| b == b'\n')
        .take_while(|l| !l.is_empty())
        .find_map(|l| l.strip_prefix(b"object ").and_then(oid))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    const PARENT: &str = "cd5226711335c68be1e720b318b7bc3135a30eb2";

    #[test]
    fn reads_commits_leniently() {
        let ok = format!(
            "tree {TREE}\nparent {PARENT}\nauthor Ada L <ada@example.com> 1700000000 +0100\n\
             committer C <c@example.com> 1700000060 -0530\ngpgsig -----BEGIN\n x\n\nSubject\n\nBody\n"
        );
        let c = parse_commit(ok.as_bytes()).unwrap();
        assert_eq!(c.tree.to_string(), TREE);
        assert_eq!(c.parents.len(), 1);
        assert_eq!(c.author.name, "Ada L");
        assert_eq!(c.author.email, "ada@example.com");
        assert_eq!(c.author.when, Some((1_700_000_000, 60)));
        assert_eq!(c.time, 1_700_000_060);
        assert_eq!(c.message, b"Subject\n\nBody\n");
        assert_eq!(c.malformed, None);

        let overflow = format!(
            "tree {TREE}\nauthor A <a@x> 99999999999999999999999 +0000\ncommitter A <a@x> 5 +0000\n\nm\n"
        );
        let c = parse_commit(overflow.as_bytes()).unwrap();
        assert_eq!(c.malformed, Some("author date"));
        assert_eq!(c.author.when, None);
        assert_eq!(c.author.name, "A");
        assert_eq!(c.time, 5);

        assert_eq!(parse_commit(b"author A <a@x> 1 +0000\n\nno tree\n"), None);
        assert_eq!(parse_commit(b""), None);
        assert_eq!(offset_minutes("-0530"), Some(-330));
        assert_eq!(offset_minutes("+01"), None);
    }

    #[test]
    fn finds_a_tag_target() {
        let tag = format!("object {PARENT}\ntype commit\ntag v1\n\nobject {TREE}\n");
        assert_eq!(tag_target(tag.as_bytes()).unwrap().to_string(), PARENT);
        assert_eq!(tag_target(b"type commit\n"), None);
    }
}
