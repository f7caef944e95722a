//! Standard input as one blob.

use std::io::Read;
use std::sync::Arc;

use super::{read_bounded, BlobRef, Loaded, Skip};

/// Reads standard input (at most `max` bytes) into a blob labelled `label`. With `archives`, an
/// archive (binary as it is) is a blob too.
pub(crate) fn read(
    reader: impl Read,
    label: &str,
    max: u64,
    archives: bool,
) -> Result<Result<BlobRef, Skip>, std::io::Error> {
    let mut buf = Vec::new();
    let loaded = read_bounded(reader, max, &mut buf)?;
    let archive = archives && super::archive::detect(&buf).is_some();
    match loaded {
        Loaded::Skipped(Skip::Binary) if archive => Ok(Ok(BlobRef::Bytes {
            data: Arc::new(buf),
            display: label.to_string(),
        })),
        Loaded::Skipped(why) => Ok(Err(why)),
        Loaded::Scanned => Ok(Ok(BlobRef::Bytes {
            data: Arc::new(buf),
            display: label.to_string(),
        })),
    }
}
