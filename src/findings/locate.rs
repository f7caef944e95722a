//! Byte offsets to 1-based lines and columns (columns count characters, not bytes).

/// Line and column of byte offsets in one text, computed in one forward pass when the offsets
/// are asked for in increasing order.
pub(crate) struct Locator<'a> {
    text: &'a [u8],
    pos: usize,
    line: usize,
    line_start: usize,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(text: &'a [u8]) -> Locator<'a> {
        Locator {
            text,
            pos: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// The 1-based (line, column) of byte `offset`. Offsets may come in any order; increasing
    /// order costs one pass over the text in all.
    pub(crate) fn locate(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        if offset < self.pos {
            *self = Locator::new(self.text);
        }
        let span = &self.text[self.pos..offset];
        let newlines = memchr::memchr_iter(b'\n', span).count();
        if newlines > 0 {
            self.line += newlines;
            self.line_start = self.pos + memchr::memrchr(b'\n', span).map_or(0, |i| i + 1);
        }
        self.pos = offset;
        (self.line, chars(&self.text[self.line_start..offset]) + 1)
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

    #[test]
    fn chars_counts_characters() {
        assert_eq!(chars("a€b".as_bytes()), 3);
        assert_eq!(chars(b"\xff\xfe"), 2);
    }
}
