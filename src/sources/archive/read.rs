//! The readers under an archive walk: compressed bytes counted as they are consumed
//! ([`Counting`], [`CountingCursor`] for zip's seeks), and inflated bytes charged to the budget
//! and checked against the ratio as they are produced ([`Inflate`]).

use std::cell::Cell;
use std::io::{self, Read, Seek, SeekFrom};

use super::{Budget, RATIO_GRACE};
use crate::warning::ArchiveBound;

/// A reader of compressed bytes that counts what it hands out.
pub(super) struct Counting<'c, R> {
    inner: R,
    count: &'c Cell<u64>,
}

impl<'c, R> Counting<'c, R> {
    pub(super) fn new(inner: R, count: &'c Cell<u64>) -> Self {
        Counting { inner, count }
    }
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// A seekable reader over an archive in memory that counts the bytes it hands out (clones share
/// the count: zip reads its directory through one and the members through another).
#[derive(Clone)]
pub(super) struct CountingCursor<'a> {
    data: &'a [u8],
    pos: u64,
    count: &'a Cell<u64>,
}

impl<'a> CountingCursor<'a> {
    pub(super) fn new(data: &'a [u8], count: &'a Cell<u64>) -> Self {
        CountingCursor {
            data,
            pos: 0,
            count,
        }
    }
}

impl Read for CountingCursor<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let start = usize::try_from(self.pos)
            .unwrap_or(usize::MAX)
            .min(self.data.len());
        let n = buf.len().min(self.data.len() - start);
        buf[..n].copy_from_slice(&self.data[start..start + n]);
        self.pos += n as u64;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

impl Seek for CountingCursor<'_> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let (base, offset) = match to {
            SeekFrom::Start(n) => {
                self.pos = n;
                return Ok(n);
            }
            SeekFrom::End(d) => (self.data.len() as u64, d),
            SeekFrom::Current(d) => (self.pos, d),
        };
        match base.checked_add_signed(offset) {
            Some(n) => {
                self.pos = n;
                Ok(n)
            }
            None => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the archive",
            )),
        }
    }
}

/// A decompressor's output, charged to the archive's budget as it is produced. A read fails
/// once a bound is hit (the budget records which: [`Budget::take_hit`]): the archive's or the
/// scan's bytes, or this stream's ratio of inflated to compressed bytes.
pub(super) struct Inflate<'b, R> {
    pub(super) inner: R,
    budget: &'b Budget<'b>,
    /// The compressed bytes consumed so far by the decompressor's source...
    consumed: &'b Cell<u64>,
    /// ...of which this many before this stream started.
    base: u64,
    produced: u64,
    /// This stream's ratio bound was hit: every later read fails too (and is not news).
    tripped: bool,
}

impl<'b, R> Inflate<'b, R> {
    pub(super) fn new(inner: R, budget: &'b Budget<'b>, consumed: &'b Cell<u64>) -> Self {
        Inflate {
            inner,
            budget,
            consumed,
            base: consumed.get(),
            produced: 0,
            tripped: false,
        }
    }
}

/// The error of a read that hit a bound.
fn bound_hit() -> io::Error {
    io::Error::other("an archive bound was hit")
}

impl<R: Read> Read for Inflate<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let ratio = self.budget.limits.ratio;
        if self.tripped {
            self.budget.hit.set(Some(ArchiveBound::Ratio(ratio)));
            self.budget.repeat.set(true);
            return Err(bound_hit());
        }
        let allowed = self.budget.allowance(buf.len());
        if allowed == 0 {
            return Err(bound_hit());
        }
        let n = self.inner.read(&mut buf[..allowed])?;
        self.budget.charge(n);
        self.produced += n as u64;
        if self.produced > RATIO_GRACE {
            let consumed = (self.consumed.get() - self.base).max(1);
            if self.produced / consumed > ratio {
                self.budget.hit.set(Some(ArchiveBound::Ratio(ratio)));
                self.tripped = true;
                return Err(bound_hit());
            }
        }
        Ok(n)
    }
}
