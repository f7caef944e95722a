//! Line lookups for the checks that look at a match's line (allow comments, line allowlists),
//! each line searched once per content however many matches or encoded runs it holds: a long
//! minified line with thousands of them costs one pass, not one pass per match.

use std::collections::BTreeMap;

/// Comments that suppress a finding on their line.
pub(crate) const ALLOW_MARKERS: [&[u8]; 3] = [
    b"leakhound:allow",
    b"gitleaks:allow",
    b"pragma: allowlist secret",
];

/// The bounds of the lines of one content, found as they are asked for and remembered: each
/// line is searched for its ends at most once.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    /// Line start -> the offset of its `\n` (or the end of the content).
    known: BTreeMap<usize, usize>,
    /// Bytes searched for line ends since the last reset (the work, for tests).
    pub(crate) scanned: usize,
}

impl Lines {
    /// Forgets the lines of the previous content.
    pub(crate) fn reset(&mut self) {
        self.known.clear();
    }

    /// The line holding `at`: its start, and the offset of the `\n` that ends it (or the end of
    /// the content). A `\n` belongs to the line it ends.
    pub(crate) fn line(&mut self, content: &[u8], at: usize) -> (usize, usize) {
        let at = at.min(content.len());
        if let Some((&s, &e)) = self.known.range(..=at).next_back() {
            if at <= e {
                return (s, e);
            }
        }
        // Not known: no known line overlaps this one, so its bytes have not been searched.
        let s = memchr::memrchr(b'\n', &content[..at]).map_or(0, |i| i + 1);
        let e = memchr::memchr(b'\n', &content[at..]).map_or(content.len(), |i| at + i);
        self.scanned += e - s;
        self.known.insert(s, e);
        (s, e)
    }

    /// The lines that `start..end` touches (from the line of `start` to the line of the last
    /// byte, at least the line of `start`), as one range of the content.
    pub(crate) fn span(&mut self, content: &[u8], start: usize, end: usize) -> (usize, usize) {
        let last = end.max(start + 1).min(content.len());
        let (s, first_end) = self.line(content, start);
        if last <= first_end {
            return (s, first_end);
        }
        (s, self.line(content, last).1)
    }
}

/// The lines of one content that carry an allow comment, found in one pass over the content the
/// first time they are asked for.
#[derive(Debug, Default)]
pub(crate) struct Marks {
    ready: bool,
    /// The marked lines, `(start, end)` as [`Lines::line`] gives them, sorted and disjoint.
    lines: Vec<(usize, usize)>,
    /// Bytes searched since the last reset (the work, for tests).
    pub(crate) scanned: usize,
}

impl Marks {
    /// Forgets the marks of the previous content.
    pub(crate) fn reset(&mut self) {
        self.ready = false;
        self.lines.clear();
    }

    /// Whether a line that `start..end` touches (as in [`Lines::span`]) carries an allow
    /// comment.
    pub(crate) fn touch(&mut self, content: &[u8], start: usize, end: usize) -> bool {
        if !self.ready {
            self.find(content);
        }
        let last = end.max(start + 1).min(content.len());
        let i = self.lines.partition_point(|&(_, e)| e < start);
        self.lines.get(i).is_some_and(|&(s, _)| s <= last)
    }

    /// One search for `allow` (every marker holds it), each hit checked in place; then the line
    /// of each marker, searched from the end of the previous marked line (so once in all).
    fn find(&mut self, content: &[u8]) {
        self.ready = true;
        self.scanned += content.len();
        let mut end_of_last = None;
        for at in memchr::memmem::find_iter(content, b"allow") {
            let Some(start) = marker_at(content, at) else {
                continue;
            };
            if end_of_last.is_some_and(|e| start <= e) {
                continue;
            }
            let from = end_of_last.map_or(0, |e| e + 1);
            let s = memchr::memrchr(b'\n', &content[from..start]).map_or(from, |i| from + i + 1);
            let e = memchr::memchr(b'\n', &content[start..]).map_or(content.len(), |i| start + i);
            self.scanned += e - from;
            self.lines.push((s, e));
            end_of_last = Some(e);
        }
    }
}

/// The start of the allow marker whose `allow` is at `at`, if one is.
fn marker_at(content: &[u8], at: usize) -> Option<usize> {
    ALLOW_MARKERS.iter().find_map(|m| {
        let before = memchr::memmem::find(m, b"allow")?;
        let start = at.checked_sub(before)?;
        content[start..].starts_with(m).then_some(start)
    })
}

/// Whether `line` carries an allow comment (what [`Marks`] answers for every line at once).
#[cfg(test)]
fn has_allow_marker(line: &[u8]) -> bool {
    ALLOW_MARKERS
        .iter()
        .any(|m| memchr::memmem::find(line, m).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_markers() {
        let cases: [(&[u8], bool); 5] = [
            (b"key = 'x' # gitleaks:allow", true),
            (b"key = 'x' // leakhound:allow", true),
            (b"key = 'x'  # pragma: allowlist secret", true),
            (b"key = 'x' # allowed", false),
            (b"key = 'x'", false),
        ];
        for (line, want) in cases {
            assert_eq!(has_allow_marker(line), want);
            let mut marks = Marks::default();
            assert_eq!(marks.touch(line, 0, 3), want, "{line:?}");
        }
    }

    /// The marks agree with a search of the lines a span touches, for every span of a text.
    #[test]
    fn marks_agree_with_searching_the_lines() {
        let text: &[u8] = b"a gitleaks:allow\nplain\n\nx leakhound:allow y gitleaks:allow\nz\n\
            q # pragma: allowlist secret";
        let mut marks = Marks::default();
        let mut lines = Lines::default();
        for start in 0..text.len() {
            for end in start..=text.len() {
                let (s, e) = lines.span(text, start, end);
                let want = has_allow_marker(&text[s..e]);
                assert_eq!(marks.touch(text, start, end), want, "{start}..{end}");
            }
        }
    }

    #[test]
    fn lines_table() {
        let text = b"ab\ncd\n\nef";
        let mut lines = Lines::default();
        for (at, want) in [
            (4, (3, 5)),
            (0, (0, 2)),
            (2, (0, 2)),
            (6, (6, 6)),
            (8, (7, 9)),
            (9, (7, 9)),
        ] {
            assert_eq!(lines.line(text, at), want, "{at}");
        }
        // Each line was searched once: asking again costs nothing.
        let scanned = lines.scanned;
        lines.line(text, 1);
        lines.line(text, 8);
        assert_eq!(lines.scanned, scanned);
        assert_eq!(lines.span(text, 1, 4), (0, 5));
        assert_eq!(lines.span(text, 3, 3), (3, 5));
    }
}
