//! Standard input as one blob.

use std::io::Read;
use std::sync::Arc;

use super::{read_bounded, BlobRef, Loaded, Skip};

/// Reads standard input (at most `max` bytes) into a blob labelled `label`.
pub(crate) fn read(
    reader: impl Read,
    label: &str,
    max: u64,
) -> Result<Result<BlobRef, Skip>, std::io::Error> {
    let mut buf = Vec::new();
    match read_bounded(reader, max, &mut buf)? {
        Loaded::Skipped(why) => Ok(Err(why)),
        Loaded::Scanned => Ok(Ok(BlobRef::Bytes {
            data: Arc::new(buf),
            display: label.to_string(),
        })),
    }
}
