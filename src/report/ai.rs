//! What `ai scan --list` and `ai hook` write on standard output: the stores found (text: one
//! line each, `path  tool  format`, and why a store cannot be read; JSON: an array of
//! `{path, tool, format, note?}`), and a hook's answer (one line of JSON).

use std::io::Write;

use crate::display::escape_controls as esc;
use crate::scan::ai::Listed;

/// The stores `ai scan --list` found.
pub fn write_list(out: &mut dyn Write, stores: &[Listed], json: bool) -> std::io::Result<()> {
    if json {
        let items: Vec<serde_json::Value> = stores
            .iter()
            .map(|s| {
                let mut v =
                    serde_json::json!({ "path": s.path, "tool": s.tool, "format": s.format });
                if let Some(n) = &s.note {
                    v["note"] = serde_json::Value::from(n.as_str());
                }
                v
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &items)?;
        return out.write_all(b"\n");
    }
    for s in stores {
        match &s.note {
            Some(n) => writeln!(
                out,
                "{}  {}  {}  (not scanned: {})",
                esc(&s.path),
                s.tool,
                s.format,
                n
            )?,
            None => writeln!(out, "{}  {}  {}", esc(&s.path), s.tool, s.format)?,
        }
    }
    Ok(())
}

/// A hook's answer: one line of JSON.
pub fn write_answer(out: &mut dyn Write, answer: &serde_json::Value) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, answer)?;
    out.write_all(b"\n")?;
    out.flush()
}
