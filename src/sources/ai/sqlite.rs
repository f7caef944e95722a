//! VS Code-family `state.vscdb` databases (VS Code, Cursor, Windsurf): SQLite tables of
//! `(key, value)` rows whose values are JSON text. Opened read-only (the editor may be running
//! and writing); rows are read one at a time.
//!
//! Cursor's `cursorDiskKV` holds its conversations: `composerData:<composer-id>` (the
//! conversation's header) and `bubbleId:<composer-id>:<bubble-id>` (one message: `type` 1 the
//! user, 2 the assistant; `toolFormerData` a tool call and its result). `ItemTable` holds
//! settings and older chat state (`aiService.prompts`, `aiService.generations`, whose
//! `textDescription` repeats the prompt).

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use serde_json::Value;

use super::parse::{Base, Emit};
use super::{json, Place, Segment, Time};

/// The tables read, both `(key TEXT, value BLOB)`.
const TABLES: [&str; 2] = ["ItemTable", "cursorDiskKV"];

/// Calls `emit` for every text in the key-value tables of the database at `path`. An error
/// (not a database, locked for longer than the busy timeout) is returned as its message.
pub(crate) fn read_database(path: &Path, emit: Emit<'_>) -> Result<(), String> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let db = Connection::open_with_flags(path, flags).map_err(|e| e.to_string())?;
    db.busy_timeout(std::time::Duration::from_secs(2))
        .map_err(|e| e.to_string())?;
    let mut present = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .map_err(|e| e.to_string())?;
    let names: Vec<String> = present
        .query_map([], |row| row.get(0))
        .map_err(|e| e.to_string())?
        .filter_map(Result::ok)
        .collect();
    for table in TABLES.iter().filter(|t| names.iter().any(|n| n == *t)) {
        let mut rows = db
            .prepare(&format!("SELECT key, value FROM {table}"))
            .map_err(|e| e.to_string())?;
        let mut rows = rows.query([]).map_err(|e| e.to_string())?;
        while let Some(row) = rows.next().map_err(|e| e.to_string())? {
            let key: String = match row.get_ref(0).map(|v| v.as_str().map(String::from)) {
                Ok(Ok(k)) => k,
                _ => continue,
            };
            let value = match row.get_ref(1) {
                Ok(v) => match v.as_bytes() {
                    Ok(b) => String::from_utf8_lossy(b).into_owned(),
                    Err(_) => continue,
                },
                Err(_) => continue,
            };
            row_segments(table, &key, &value, emit);
        }
    }
    Ok(())
}

/// The texts of one row.
fn row_segments(table: &str, key: &str, value: &str, emit: Emit<'_>) {
    let path = format!("{table}[{key}]");
    let mut base = Base::new(Place::Row);
    let Some(doc) = json::json_document(value) else {
        if !value.trim().is_empty() {
            emit(Segment {
                text: value.to_string(),
                skip: 0,
                field: Some(path),
                conversation: None,
                message: None,
                role: None,
                time: None,
                place: Place::Row,
                mirror: false,
            });
        }
        return;
    };
    let mut parts = key.split(':');
    match (table, parts.next(), parts.next(), parts.next()) {
        ("cursorDiskKV", Some("bubbleId"), Some(composer), Some(bubble)) => {
            base.conversation = Some(composer.to_string());
            base.message = Some(bubble.to_string());
            base.time = doc
                .get("createdAt")
                .and_then(Value::as_i64)
                .map(Time::Millis);
            let role = match doc.get("type").and_then(Value::as_i64) {
                Some(1) => "user",
                Some(2) => "assistant",
                _ => "other",
            };
            for (k, v) in doc.as_object().into_iter().flatten() {
                let r = if k == "toolFormerData" { "tool" } else { role };
                super::parse::walk(v, &json::join(&path, k), Some(r), &base, emit);
            }
        }
        ("cursorDiskKV", Some("composerData"), Some(composer), None) => {
            base.conversation = Some(composer.to_string());
            super::parse::walk(&doc, &path, None, &base, emit);
        }
        ("ItemTable", Some(k @ ("aiService.prompts" | "aiService.generations")), None, None) => {
            // The generations repeat the prompts' text.
            base.mirror = k == "aiService.generations";
            for (i, item) in doc.as_array().into_iter().flatten().enumerate() {
                let mut base = base.clone();
                base.message = Some(i.to_string());
                base.time = item.get("unixMs").and_then(Value::as_i64).map(Time::Millis);
                super::parse::walk(item, &format!("{path}[{i}]"), Some("user"), &base, emit);
            }
        }
        _ => super::parse::walk(&doc, &path, None, &base, emit),
    }
}
