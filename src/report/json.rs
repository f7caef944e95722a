//! The JSON report: one array of finding objects (schema: [`crate::findings::Finding`] and the
//! README), pretty-printed, followed by a newline. An empty scan writes `[]`.

use std::io::Write;

use crate::findings::Finding;

pub(crate) fn write(out: &mut dyn Write, findings: &[Finding]) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, findings)?;
    out.write_all(b"\n")
}
