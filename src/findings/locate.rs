//! Byte offsets to 1-based lines and columns (columns count characters, not bytes).

/// Line and column of byte offsets in one text, computed in one forward pass when the offsets
/// are asked for in increasing order.
pub(crate) struct Locator<'a> {
    text: &'a [u8],
    pos: usize,
    line: usize,
    /// The 0-based column of `pos`: the characters between its line's start and it.
    column: usize,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(text: &'a [u8]) -> Locator<'a> {
        Locator {
            text,
            pos: 0,
            line: 1,
            column: 0,
        }
    }

    /// The 1-based (line, column) of byte `offset`. Offsets may come in any order; increasing
    /// order costs one pass over the text in all (the column is counted on from the last
    /// offset, not from the start of its line, so many offsets on one long line cost one pass).
    pub(crate) fn locate(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        if offset < self.pos {
            *self = Locator::new(self.text);
        }
        let span = &self.text[self.pos..offset];
        match memchr::memrchr(b'\n', span) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', span).count();
                self.column = chars(&span[last + 1..]);
            }
            None => self.column += chars(span),
        }
        self.pos = offset;
        (self.line, self.column + 1)
    }
}

/// The number of characters in UTF-8 (or mostly UTF-8) bytes: every byte that does not continue a
/// multi-byte sequence starts one.
pub(crate) fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let text = "ab\nc€d\n\nxyz".as_bytes();
        let mut loc = Locator::new(text);
        let cases = [
            (0, (1, 1)),
            (2, (1, 3)),
            (3, (2, 1)),
            (4, (2, 2)),
            (7, (2, 3)),
            (9, (3, 1)),
            (10, (4, 1)),
            (13, (4, 4)),
        ];
        for (offset, want) in cases {
            assert_eq!(loc.locate(offset), want, "offset {offset}");
        }
        // Going backwards restarts the pass.
        assert_eq!(loc.locate(4), (2, 2));
    }

    /// Columns counted on from offset to offset agree with counting from the line's start.
    #[test]
    fn increasing_offsets_agree_with_counting_each_column() {
        let text = "x€y\n".repeat(3) + &"ab€".repeat(50) + "\nend";
        let text = text.as_bytes();
        let mut loc = Locator::new(text);
        for offset in (0..=text.len()).step_by(7) {
            let line_start = memchr::memrchr(b'\n', &text[..offset]).map_or(0, |i| i + 1);
            let line = 1 + memchr::memchr_iter(b'\n', &text[..offset]).count();
            let want = (line, chars(&text[line_start..offset]) + 1);
            assert_eq!(loc.locate(offset), want, "offset {offset}");
        }
    }

    #[test]
    fn chars_counts_characters() {
        assert_eq!(chars("a€b".as_bytes()), 3);
        assert_eq!(chars(b"\xff\xfe"), 2);
    }
}
