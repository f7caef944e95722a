//! Where a rule's regex runs: the windows of content around its keyword hits (a line, a bounded
//! piece of a very long line, or for a multi-line rule as far as its longest match reaches).

use crate::rules::Rule;

/// Lines longer than this are not scanned whole for every keyword: each keyword gets a window of
/// [`WINDOW_RADIUS`] bytes on either side instead.
pub(crate) const LONG_LINE: usize = 16 << 10;
pub(crate) const WINDOW_RADIUS: usize = 4 << 10;
/// How far past its keyword's line a multi-line match with no longest match (`[\s\S]*?` up to
/// an end marker) may reach: further than any key or token format, PEM blocks included.
pub(crate) const MULTILINE_REACH: usize = 64 << 10;

/// A piece of content to run a rule's regex on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The window ends before the end of its line (a long line was cut).
    pub(crate) cut: bool,
}

/// The offset of the start of the line holding `at`.
pub(crate) fn line_start(content: &[u8], at: usize) -> usize {
    memchr::memrchr(b'\n', &content[..at.min(content.len())]).map_or(0, |i| i + 1)
}

/// The offset of the `\n` ending the line holding `at` (or the end of the content).
pub(crate) fn line_end(content: &[u8], at: usize) -> usize {
    let at = at.min(content.len());
    memchr::memchr(b'\n', &content[at..]).map_or(content.len(), |i| at + i)
}

/// The text a multi-line rule runs on for a keyword at `at`. When the rule's regex has a longest
/// match (from its syntax tree), from the start of the line that holds the byte that far before
/// the keyword to that far past the end of the keyword's line: every match that contains the
/// keyword, or starts on its line, lies inside. When it has none, from the keyword's line to
/// [`MULTILINE_REACH`] past its end. On a line longer than [`LONG_LINE`] (minified code, JSON on
/// one line) the window stays near the keyword, as a single-line rule's does: matches that hold
/// the keyword, and those that start within [`WINDOW_RADIUS`] of it. `lines` caches the last line
/// bounds found (for the keyword's line and the earlier one), so that many keywords on one long
/// line cost one search for its ends.
pub(crate) fn multiline_window(
    rule: &Rule,
    content: &[u8],
    at: usize,
    lines: &mut [Option<(usize, usize)>; 2],
) -> Window {
    let longest = rule.regex.as_ref().and_then(|re| re.max_len());
    let reach = longest.unwrap_or(MULTILINE_REACH);
    let (line_start, line_end) = line_bounds(content, at, &mut lines[0]);
    let mut start = match longest {
        Some(m) => line_start.min(line_bounds(content, at.saturating_sub(m), &mut lines[1]).0),
        None => line_start,
    };
    let mut end = line_end.saturating_add(reach + 1);
    if line_end - line_start > LONG_LINE {
        start = start.max(at.saturating_sub(longest.unwrap_or(0).max(WINDOW_RADIUS)));
        end = end.min(at.saturating_add(WINDOW_RADIUS + reach + 1));
    }
    let end = end.min(content.len());
    Window {
        start,
        end,
        // One byte more than the longest match: a match cut by the end started past the
        // keyword's reach.
        cut: end < content.len(),
    }
}

/// The bounds of the line holding `at`, from `cache` when it holds that line.
pub(crate) fn line_bounds(
    content: &[u8],
    at: usize,
    cache: &mut Option<(usize, usize)>,
) -> (usize, usize) {
    match *cache {
        Some((s, e)) if s <= at && at <= e => (s, e),
        _ => {
            let found = (line_start(content, at), line_end(content, at));
            *cache = Some(found);
            found
        }
    }
}

/// The line `(start, end)` holding `at`, or on a very long line a window of it around `at`.
/// The caller finds the line with [`line_bounds`], whose cache makes many keywords on one long
/// line cost one search for its ends, not one per keyword.
pub(crate) fn single_line_window((start, end): (usize, usize), at: usize) -> Window {
    if end - start <= LONG_LINE {
        return Window {
            start,
            end,
            cut: false,
        };
    }
    // A long line: keep the window around the keyword. Starting mid-line is safe (the regex sees
    // the bytes before the window for look-behind assertions); a match that runs into a cut end
    // is dropped.
    let hi = at.saturating_add(WINDOW_RADIUS).min(end);
    Window {
        start: at.saturating_sub(WINDOW_RADIUS).max(start),
        end: hi,
        cut: hi < end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends() {
        let text = b"ab\ncd\n\nef";
        assert_eq!((line_start(text, 4), line_end(text, 4)), (3, 5));
        assert_eq!((line_start(text, 0), line_end(text, 0)), (0, 2));
        assert_eq!((line_start(text, 6), line_end(text, 6)), (6, 6));
        assert_eq!((line_start(text, 8), line_end(text, 8)), (7, 9));
        assert_eq!((line_start(text, 9), line_end(text, 9)), (7, 9));
    }

    #[test]
    fn windows_on_long_lines_are_bounded() {
        let mut text = vec![b'a'; 100_000];
        text[50_000] = b'k';
        let mut cache = None;
        let w = single_line_window(line_bounds(&text, 50_000, &mut cache), 50_000);
        assert_eq!(
            (w.start, w.end, w.cut),
            (50_000 - WINDOW_RADIUS, 50_000 + WINDOW_RADIUS, true)
        );
        // Near the ends of the long line, the window stops at them.
        let w = single_line_window(line_bounds(&text, 10, &mut cache), 10);
        assert_eq!((w.start, w.end, w.cut), (0, 10 + WINDOW_RADIUS, true));
        let w = single_line_window(line_bounds(&text, 99_990, &mut cache), 99_990);
        assert_eq!(
            (w.start, w.end, w.cut),
            (99_990 - WINDOW_RADIUS, 100_000, false)
        );
        let text = b"x\nkey = 1\ny";
        let w = single_line_window(line_bounds(text, 2, &mut None), 2);
        assert_eq!((w.start, w.end, w.cut), (2, 9, false));
    }
}
