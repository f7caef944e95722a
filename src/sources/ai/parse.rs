//! Each store format read into [`Segment`]s: the texts a scan matches (decoded JSON strings,
//! transcript lines without their markers), each with its conversation, message, role, time,
//! field and place in the file. Record shapes: `docs/ai-assistants.md`.
//!
//! A file that is not what its format says (a JSON document cut off while the tool wrote it) is
//! still scanned: a JSON lines record that does not parse is scanned as its raw line, a document
//! that does not parse as plain text.

use std::collections::HashMap;

use serde_json::Value;

use super::json::{self, Leaf};
use super::Format;

/// A message's time as the store has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Time {
    /// As written (RFC 3339, or a local time without a zone).
    Text(String),
    Millis(i64),
    Seconds(i64),
}

/// Where a segment's text is in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// Part of a JSON record: its 1-based line and byte range in the file (the secret's raw text
    /// is looked for there, to give its line and column).
    Record {
        line: usize,
        start: usize,
        end: usize,
    },
    /// The file's lines from `line` on, each with its first `prefix` bytes removed (a transcript's
    /// `#### ` or `USER ` marker).
    Lines { line: usize, prefix: usize },
    /// A database row: no line.
    Row,
}

/// One text to match, and where it is in the conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Segment {
    pub(crate) text: String,
    /// The first `skip` bytes of `text` are a label (`key: `), shown to rules that need a
    /// setting's name before its value; a match must start after it.
    pub(crate) skip: usize,
    pub(crate) field: Option<String>,
    pub(crate) conversation: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) role: Option<&'static str>,
    pub(crate) time: Option<Time>,
    pub(crate) place: Place,
    /// A copy of a message written elsewhere in the same file too (Codex's `event_msg` stream
    /// repeats the `response_item` messages): its findings count only where the original has
    /// none.
    pub(crate) mirror: bool,
}

/// What a segment inherits from its record.
#[derive(Clone)]
pub(super) struct Base {
    pub(super) conversation: Option<String>,
    pub(super) message: Option<String>,
    pub(super) time: Option<Time>,
    pub(super) place: Place,
    pub(super) mirror: bool,
}

impl Base {
    pub(super) fn new(place: Place) -> Base {
        Base {
            conversation: None,
            message: None,
            time: None,
            place,
            mirror: false,
        }
    }
}

pub(super) type Emit<'e> = &'e mut dyn FnMut(Segment);

/// Reads `content`, a file of `format` named `name`, calling `emit` for each segment in file
/// order.
pub(crate) fn parse(format: Format, content: &str, name: &str, emit: Emit<'_>) {
    match format {
        Format::ClaudeCode => each_record(content, emit, &mut |rec, base, emit| {
            claude_code(rec, base, emit)
        }),
        Format::ClaudeCodeHistory => each_record(content, emit, &mut |rec, mut base, emit| {
            base.conversation = str_at(rec, "sessionId");
            base.message = Some(line_of(&base).to_string());
            base.time = rec
                .get("timestamp")
                .and_then(Value::as_i64)
                .map(Time::Millis);
            walk(rec, "", Some("user"), &base, emit);
        }),
        Format::Codex => codex(content, emit),
        Format::CodexHistory => each_record(content, emit, &mut |rec, mut base, emit| {
            base.conversation = str_at(rec, "session_id");
            base.message = Some(line_of(&base).to_string());
            base.time = rec.get("ts").and_then(Value::as_i64).map(Time::Seconds);
            walk(rec, "", Some("user"), &base, emit);
        }),
        Format::Gemini => gemini(content, emit),
        Format::Qwen => each_record(content, emit, &mut |rec, base, emit| qwen(rec, base, emit)),
        Format::JsonLines => each_record(content, emit, &mut |rec, base, emit| {
            walk(rec, "", None, &base, emit);
        }),
        Format::GeminiLegacy
        | Format::GeminiLogs
        | Format::GeminiCheckpoint
        | Format::Continue
        | Format::VscodeChat
        | Format::Json => {
            let whole = Base::new(Place::Record {
                line: 1,
                start: 0,
                end: content.len(),
            });
            match serde_json::from_str::<Value>(content) {
                Ok(doc) => document(format, &doc, name, whole, emit),
                Err(_) => plain(content, emit),
            }
        }
        Format::Aider => aider_chat(content, emit),
        Format::AiderInput => aider_input(content, emit),
        Format::AiderLlm => aider_llm(content, emit),
        Format::Plain | Format::Vscdb | Format::Unreadable => plain(content, emit),
    }
}

/// A JSON document of `format`.
fn document(format: Format, doc: &Value, name: &str, whole: Base, emit: Emit<'_>) {
    match format {
        Format::GeminiLegacy => {
            let mut base = whole;
            base.conversation = str_at(doc, "sessionId");
            for (k, v) in object(doc) {
                if k == "messages" {
                    for (i, m) in array(v).iter().enumerate() {
                        gemini_message(m, &format!("messages[{i}]"), base.clone(), emit);
                    }
                } else {
                    walk(v, k, None, &base, emit);
                }
            }
        }
        Format::GeminiLogs => {
            for (i, entry) in array(doc).iter().enumerate() {
                let mut base = whole.clone();
                base.conversation = str_at(entry, "sessionId");
                base.message = entry.get("messageId").map(scalar);
                base.time = str_at(entry, "timestamp").map(Time::Text);
                let role = str_at(entry, "type").map(|t| role_name(&t));
                walk(entry, &format!("[{i}]"), role, &base, emit);
            }
        }
        Format::GeminiCheckpoint => {
            let mut base = whole;
            base.conversation = name
                .strip_prefix("checkpoint-")
                .and_then(|n| n.strip_suffix(".json"))
                .map(String::from);
            let (history, prefix) = match doc.get("history") {
                Some(h) => (h, "history"),
                None => (doc, ""),
            };
            for (i, content) in array(history).iter().enumerate() {
                let mut base = base.clone();
                base.message = Some(i.to_string());
                gemini_content(content, &format!("{prefix}[{i}]"), &base, emit);
            }
        }
        Format::Continue => {
            let mut base = whole;
            base.conversation = str_at(doc, "sessionId");
            for (k, v) in object(doc) {
                if k != "history" {
                    walk(v, k, None, &base, emit);
                    continue;
                }
                for (i, item) in array(v).iter().enumerate() {
                    let mut base = base.clone();
                    base.message = Some(i.to_string());
                    let role = item
                        .pointer("/message/role")
                        .and_then(Value::as_str)
                        .map(role_name);
                    for (ik, iv) in object(item) {
                        let path = format!("history[{i}].{ik}");
                        if ik == "toolCallStates" {
                            for (j, state) in array(iv).iter().enumerate() {
                                for (sk, sv) in object(state) {
                                    let r = if sk == "output" { "tool" } else { "assistant" };
                                    walk(sv, &format!("{path}[{j}].{sk}"), Some(r), &base, emit);
                                }
                            }
                        } else {
                            walk(iv, &path, role, &base, emit);
                        }
                    }
                }
            }
        }
        Format::VscodeChat => {
            let mut base = whole;
            base.conversation = str_at(doc, "sessionId");
            for (k, v) in object(doc) {
                if k != "requests" {
                    walk(v, k, None, &base, emit);
                    continue;
                }
                for (i, request) in array(v).iter().enumerate() {
                    let mut base = base.clone();
                    base.message = str_at(request, "requestId").or_else(|| Some(i.to_string()));
                    base.time = request
                        .get("timestamp")
                        .and_then(Value::as_i64)
                        .map(Time::Millis);
                    for (rk, rv) in object(request) {
                        let path = format!("requests[{i}].{rk}");
                        match rk.as_str() {
                            "message" | "variableData" => {
                                walk(rv, &path, Some("user"), &base, emit)
                            }
                            "response" => {
                                for (j, part) in array(rv).iter().enumerate() {
                                    let tool = str_at(part, "kind")
                                        .is_some_and(|k| k.starts_with("toolInvocation"));
                                    let role = if tool { "tool" } else { "assistant" };
                                    walk(part, &format!("{path}[{j}]"), Some(role), &base, emit);
                                }
                            }
                            _ => walk(rv, &path, Some("assistant"), &base, emit),
                        }
                    }
                }
            }
        }
        _ => walk(doc, "", None, &whole, emit),
    }
}

/// Each line of a JSON lines file as a record (`each`); a line that is not JSON is scanned as
/// it is.
fn each_record(content: &str, emit: Emit<'_>, each: &mut dyn FnMut(&Value, Base, Emit<'_>)) {
    for (n, start, line) in lines(content) {
        if line.trim().is_empty() {
            continue;
        }
        let place = Place::Record {
            line: n,
            start,
            end: start + line.len(),
        };
        match serde_json::from_str::<Value>(line) {
            Ok(rec) => each(&rec, Base::new(place), emit),
            Err(_) => emit(Segment {
                text: line.to_string(),
                skip: 0,
                field: None,
                conversation: None,
                message: None,
                role: None,
                time: None,
                place: Place::Lines { line: n, prefix: 0 },
                mirror: false,
            }),
        }
    }
}

/// The lines of `content`: 1-based number, byte offset, text without its line end.
fn lines(content: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    let mut start = 0;
    content.split('\n').enumerate().filter_map(move |(i, l)| {
        let at = start;
        start += l.len() + 1;
        if at > content.len() || (l.is_empty() && at == content.len()) {
            return None;
        }
        Some((i + 1, at, l.strip_suffix('\r').unwrap_or(l)))
    })
}

fn line_of(base: &Base) -> usize {
    match base.place {
        Place::Record { line, .. } | Place::Lines { line, .. } => line,
        Place::Row => 0,
    }
}

/// Every string of `value` as a segment of `base` with `role`, its paths under `path`.
pub(super) fn walk(
    value: &Value,
    path: &str,
    role: Option<&'static str>,
    base: &Base,
    emit: Emit<'_>,
) {
    json::walk(value, path, &mut |leaf: Leaf<'_>| {
        if leaf.text.is_empty() {
            return;
        }
        let (text, skip) = match leaf.key {
            Some(k) => (format!("{k}: {}", leaf.text), k.len() + 2),
            None => (leaf.text.to_string(), 0),
        };
        emit(Segment {
            text,
            skip,
            field: (!leaf.path.is_empty()).then(|| leaf.path.to_string()),
            conversation: base.conversation.clone(),
            message: base.message.clone(),
            role,
            time: base.time.clone(),
            place: base.place,
            mirror: base.mirror,
        });
    });
}

fn str_at(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(String::from)
}

/// A number or string as text (Gemini's `messageId` is a number).
fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn object(v: &Value) -> impl Iterator<Item = (&String, &Value)> {
    v.as_object().into_iter().flatten()
}

fn array(v: &Value) -> &[Value] {
    v.as_array().map_or(&[], Vec::as_slice)
}

/// The role names reports use: `user`, `assistant`, `tool`, `system`, or the tool's own for
/// anything else.
fn role_name(role: &str) -> &'static str {
    match role {
        "user" | "human" => "user",
        "assistant" | "model" | "gemini" | "thinking" | "ai" => "assistant",
        "tool" | "function" => "tool",
        "system" | "developer" => "system",
        "info" => "info",
        "error" => "error",
        "warning" => "warning",
        _ => "other",
    }
}

/// A Claude Code record: a message (`user`, `assistant`, `system`, `attachment`) or any other
/// record, scanned as JSON with its session.
fn claude_code(rec: &Value, mut base: Base, emit: Emit<'_>) {
    base.conversation = str_at(rec, "sessionId");
    let kind = str_at(rec, "type").unwrap_or_default();
    if !matches!(
        kind.as_str(),
        "user" | "assistant" | "system" | "attachment"
    ) {
        walk(rec, "", None, &base, emit);
        return;
    }
    base.message = str_at(rec, "uuid");
    base.time = str_at(rec, "timestamp").map(Time::Text);
    let role = rec
        .pointer("/message/role")
        .and_then(Value::as_str)
        .map_or_else(|| role_name(&kind), role_name);
    for (k, v) in object(rec) {
        match k.as_str() {
            "message" => {
                for (mk, mv) in object(v) {
                    let path = format!("message.{mk}");
                    match (mk.as_str(), mv) {
                        ("content", Value::Array(blocks)) => {
                            for (i, block) in blocks.iter().enumerate() {
                                let tool = str_at(block, "type").as_deref() == Some("tool_result");
                                let r = if tool { "tool" } else { role };
                                walk(block, &format!("{path}[{i}]"), Some(r), &base, emit);
                            }
                        }
                        _ => walk(mv, &path, Some(role), &base, emit),
                    }
                }
            }
            "toolUseResult" => walk(v, k, Some("tool"), &base, emit),
            _ => walk(v, k, Some(role), &base, emit),
        }
    }
}

/// A Codex rollout: the session id from `session_meta`, one message per line.
fn codex(content: &str, emit: Emit<'_>) {
    let mut conversation = None;
    each_record(content, emit, &mut |rec, mut base, emit| {
        let kind = str_at(rec, "type").unwrap_or_default();
        let payload = rec.get("payload").unwrap_or(&Value::Null);
        let ptype = str_at(payload, "type").unwrap_or_default();
        if kind == "session_meta" && conversation.is_none() {
            conversation = str_at(payload, "id");
        }
        base.conversation = conversation.clone();
        base.time = str_at(rec, "timestamp").map(Time::Text);
        let role = match (kind.as_str(), ptype.as_str()) {
            ("response_item", "message") => str_at(payload, "role").map(|r| role_name(&r)),
            ("response_item", t) if t.ends_with("_output") => Some("tool"),
            ("response_item", _) => Some("assistant"),
            ("event_msg", "user_message") => Some("user"),
            ("event_msg", "agent_message" | "agent_reasoning") => Some("assistant"),
            ("event_msg", t) if t.starts_with("exec_command") || t.contains("tool") => Some("tool"),
            ("compacted", _) => Some("assistant"),
            _ => None,
        };
        if role.is_some() {
            base.message = Some(line_of(&base).to_string());
        }
        base.mirror = kind == "event_msg"
            && matches!(
                ptype.as_str(),
                "user_message" | "agent_message" | "agent_reasoning"
            );
        for (k, v) in object(rec) {
            let r = if k == "payload" { role } else { None };
            walk(v, k, r, &base, emit);
        }
    });
}

/// A Gemini CLI chat: the session from the first line; each message is the last line with its
/// id (a message is appended again each time it changes); `$rewindTo` drops what followed.
fn gemini(content: &str, emit: Emit<'_>) {
    let mut conversation = None;
    // Message ids in first-seen order, each with its latest line.
    let mut order: Vec<String> = Vec::new();
    let mut latest: HashMap<String, (usize, usize, usize)> = HashMap::new();
    let mut other: Vec<(usize, usize, usize)> = Vec::new();
    for (n, start, line) in lines(content) {
        if line.trim().is_empty() {
            continue;
        }
        let at = (n, start, start + line.len());
        let Ok(rec) = serde_json::from_str::<Value>(line) else {
            other.push(at);
            continue;
        };
        if let Some(id) = str_at(&rec, "id").filter(|_| rec.get("type").is_some()) {
            if latest.insert(id.clone(), at).is_none() {
                order.push(id);
            }
        } else if let Some(to) = str_at(&rec, "$rewindTo") {
            if let Some(keep) = order.iter().position(|id| *id == to) {
                for id in order.drain(keep + 1..) {
                    latest.remove(&id);
                }
            }
        } else {
            if conversation.is_none() {
                conversation = str_at(&rec, "sessionId");
            }
            other.push(at);
        }
    }
    let mut records: Vec<(usize, usize, usize)> = latest.into_values().chain(other).collect();
    records.sort_unstable();
    for (n, start, end) in records {
        let line = &content[start..end];
        let place = Place::Record {
            line: n,
            start,
            end,
        };
        let mut base = Base::new(place);
        base.conversation = conversation.clone();
        match serde_json::from_str::<Value>(line) {
            Ok(rec) if rec.get("id").is_some() => gemini_message(&rec, "", base, emit),
            Ok(rec) => walk(&rec, "", None, &base, emit),
            Err(_) => emit(Segment {
                text: line.to_string(),
                skip: 0,
                field: None,
                conversation: base.conversation,
                message: None,
                role: None,
                time: None,
                place: Place::Lines { line: n, prefix: 0 },
                mirror: false,
            }),
        }
    }
}

/// One Gemini CLI message record (`{id, timestamp, type, content, toolCalls, thoughts}`) at
/// `path`; a tool call's result is the tool's, with the call's own time.
fn gemini_message(m: &Value, path: &str, mut base: Base, emit: Emit<'_>) {
    base.message = m.get("id").map(scalar);
    base.time = str_at(m, "timestamp").map(Time::Text);
    let role = role_name(&str_at(m, "type").unwrap_or_default());
    for (k, v) in object(m) {
        let p = json::join(path, k);
        if k != "toolCalls" {
            walk(v, &p, Some(role), &base, emit);
            continue;
        }
        for (i, call) in array(v).iter().enumerate() {
            let mut base = base.clone();
            if let Some(t) = str_at(call, "timestamp") {
                base.time = Some(Time::Text(t));
            }
            for (ck, cv) in object(call) {
                let r = if ck == "result" || ck == "resultDisplay" {
                    "tool"
                } else {
                    role
                };
                walk(cv, &format!("{p}[{i}].{ck}"), Some(r), &base, emit);
            }
        }
    }
}

/// A Gemini `Content` (`{role, parts: [{text} | {functionCall} | {functionResponse}]}`) at
/// `path`: a function's response is the tool's.
fn gemini_content(content: &Value, path: &str, base: &Base, emit: Emit<'_>) {
    let role = role_name(&str_at(content, "role").unwrap_or_default());
    for (k, v) in object(content) {
        let p = json::join(path, k);
        if k != "parts" {
            walk(v, &p, Some(role), base, emit);
            continue;
        }
        for (i, part) in array(v).iter().enumerate() {
            let r = if part.get("functionResponse").is_some() {
                "tool"
            } else {
                role
            };
            walk(part, &format!("{p}[{i}]"), Some(r), base, emit);
        }
    }
}

/// A Qwen Code record: Claude Code's envelope around a Gemini `Content`.
fn qwen(rec: &Value, mut base: Base, emit: Emit<'_>) {
    base.conversation = str_at(rec, "sessionId");
    base.message = str_at(rec, "uuid");
    base.time = str_at(rec, "timestamp").map(Time::Text);
    for (k, v) in object(rec) {
        match k.as_str() {
            "message" => gemini_content(v, "message", &base, emit),
            "toolCallResult" => walk(v, k, Some("tool"), &base, emit),
            _ => walk(v, k, None, &base, emit),
        }
    }
}

/// The whole file as one text.
fn plain(content: &str, emit: Emit<'_>) {
    emit(Segment {
        text: content.to_string(),
        skip: 0,
        field: None,
        conversation: None,
        message: None,
        role: None,
        time: None,
        place: Place::Lines { line: 1, prefix: 0 },
        mirror: false,
    });
}

/// Runs of consecutive lines of a text transcript that share a marker, as segments.
struct Runs<'e, 'f> {
    emit: Emit<'e>,
    text: String,
    first: usize,
    prefix: usize,
    field: &'f str,
    role: Option<&'static str>,
    conversation: Option<String>,
    message: Option<String>,
    time: Option<Time>,
    open: bool,
}

impl<'e, 'f> Runs<'e, 'f> {
    fn new(emit: Emit<'e>) -> Runs<'e, 'f> {
        Runs {
            emit,
            text: String::new(),
            first: 0,
            prefix: 0,
            field: "",
            role: None,
            conversation: None,
            message: None,
            time: None,
            open: false,
        }
    }

    /// Adds line `n` (its text after a `prefix`-byte marker) to the run of `field`, starting a
    /// new run if the last one was another field or is closed.
    fn push(&mut self, n: usize, prefix: usize, text: &str, field: &'f str, role: &'static str) {
        if !(self.open && self.field == field && self.prefix == prefix) {
            self.close();
            self.first = n;
            self.prefix = prefix;
            self.field = field;
            self.role = Some(role);
            self.open = true;
        } else {
            self.text.push('\n');
        }
        self.text.push_str(text);
    }

    fn close(&mut self) {
        if self.open && !self.text.trim().is_empty() {
            (self.emit)(Segment {
                text: std::mem::take(&mut self.text),
                skip: 0,
                field: Some(self.field.to_string()),
                conversation: self.conversation.clone(),
                message: self.message.clone(),
                role: self.role,
                time: self.time.clone(),
                place: Place::Lines {
                    line: self.first,
                    prefix: self.prefix,
                },
                mirror: false,
            });
        }
        self.text.clear();
        self.open = false;
    }
}

/// `YYYY-MM-DD HH:MM:SS[.ffffff]` as RFC 3339 without a zone (Aider writes local time).
fn local_time(t: &str) -> Time {
    Time::Text(t.trim().replacen(' ', "T", 1))
}

/// `.aider.chat.history.md`: `# aider chat started at` starts a conversation; `#### ` lines are
/// the user's input (each input a message), `> ` lines tool output and notes, the rest the
/// model's reply to the last input.
fn aider_chat(content: &str, emit: Emit<'_>) {
    let mut runs = Runs::new(emit);
    let mut inputs = 0;
    let mut in_input = false;
    for (n, _, line) in lines(content) {
        if let Some(at) = line.strip_prefix("# aider chat started at ") {
            runs.close();
            runs.conversation = Some(at.trim().to_string());
            runs.time = Some(local_time(at));
            runs.message = None;
            inputs = 0;
            in_input = false;
            continue;
        }
        let body = line.strip_suffix("  ").unwrap_or(line);
        if let Some(input) = body.strip_prefix("####") {
            if !in_input {
                runs.close();
                inputs += 1;
                runs.message = Some(inputs.to_string());
                in_input = true;
            }
            let (prefix, text) = match input.strip_prefix(' ') {
                Some(t) => (5, t),
                None => (4, input),
            };
            runs.push(n, prefix, text, "user input (#### lines)", "user");
            continue;
        }
        in_input = false;
        if let Some(quoted) = body.strip_prefix("> ") {
            runs.push(n, 2, quoted, "tool output (> lines)", "tool");
        } else if body == ">" {
            runs.push(n, 1, "", "tool output (> lines)", "tool");
        } else if body.is_empty() && runs.open && runs.field == "assistant reply" {
            runs.push(n, 0, "", "assistant reply", "assistant");
        } else if body.is_empty() {
            runs.close();
        } else {
            runs.push(n, 0, body, "assistant reply", "assistant");
        }
    }
    runs.close();
}

/// `.aider.input.history` (prompt_toolkit's `FileHistory`): `# <time>` then `+<line>` for each
/// line of one input; each input a message, numbered from 1.
fn aider_input(content: &str, emit: Emit<'_>) {
    let mut runs = Runs::new(emit);
    let mut entries = 0;
    for (n, _, line) in lines(content) {
        if let Some(at) = line.strip_prefix("# ") {
            runs.close();
            entries += 1;
            runs.message = Some(entries.to_string());
            runs.time = Some(local_time(at));
        } else if let Some(text) = line.strip_prefix('+') {
            runs.push(n, 1, text, "entry", "user");
        } else {
            runs.close();
        }
    }
    runs.close();
}

/// `.aider.llm.history`: `TO LLM <time>` and `LLM RESPONSE <time>` start a message; its lines
/// are prefixed by the role (`SYSTEM `, `USER `, `ASSISTANT `), `-------` between messages.
fn aider_llm(content: &str, emit: Emit<'_>) {
    let mut runs = Runs::new(emit);
    for (n, _, line) in lines(content) {
        let header = line
            .strip_prefix("TO LLM ")
            .or_else(|| line.strip_prefix("LLM RESPONSE "));
        if let Some(at) = header {
            runs.close();
            runs.message = Some(line.trim().to_string());
            runs.time = Some(local_time(at));
            continue;
        }
        let roles = [
            ("SYSTEM", "SYSTEM lines", "system"),
            ("USER", "USER lines", "user"),
            ("ASSISTANT", "ASSISTANT lines", "assistant"),
        ];
        let marked = roles.iter().find_map(|(mark, field, role)| {
            let rest = line.strip_prefix(mark)?;
            match rest.strip_prefix(' ') {
                Some(text) => Some((mark.len() + 1, text, *field, *role)),
                None if rest.is_empty() => Some((mark.len(), "", *field, *role)),
                None => None,
            }
        });
        match marked {
            Some((prefix, text, field, role)) => runs.push(n, prefix, text, field, role),
            None => runs.close(),
        }
    }
    runs.close();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(format: Format, content: &str) -> Vec<Segment> {
        let mut out = Vec::new();
        parse(format, content, "x", &mut |s| out.push(s));
        out
    }

    #[test]
    fn claude_code_tool_results_are_the_tools() {
        let line = r#"{"type":"user","uuid":"u1","sessionId":"s1","timestamp":"T","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"A=1"}]},"toolUseResult":{"stdout":"A=1"}}"#;
        let segs = segments(Format::ClaudeCode, line);
        let fields: Vec<_> = segs
            .iter()
            .map(|s| (s.field.as_deref().unwrap_or(""), s.role))
            .collect();
        assert!(
            fields.contains(&("message.content[0].content", Some("tool"))),
            "{fields:?}"
        );
        assert!(
            fields.contains(&("toolUseResult.stdout", Some("tool"))),
            "{fields:?}"
        );
        assert!(
            segs.iter()
                .all(|s| s.conversation.as_deref() == Some("s1")
                    && s.message.as_deref() == Some("u1"))
        );
    }

    #[test]
    fn gemini_keeps_the_last_line_of_each_message_and_rewinds() {
        let content = concat!(
            "{\"sessionId\":\"s\"}\n",
            "{\"id\":\"a\",\"type\":\"user\",\"content\":\"one\"}\n",
            "{\"id\":\"b\",\"type\":\"gemini\",\"content\":\"two\"}\n",
            "{\"id\":\"b\",\"type\":\"gemini\",\"content\":\"three\"}\n",
            "{\"id\":\"c\",\"type\":\"user\",\"content\":\"four\"}\n",
            "{\"$rewindTo\":\"b\"}\n",
        );
        let texts: Vec<_> = segments(Format::Gemini, content)
            .into_iter()
            .filter(|s| s.field.as_deref() == Some("content"))
            .map(|s| (s.text, s.place))
            .collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert_eq!(texts[0].0, "one");
        assert_eq!(texts[1].0, "three");
        assert!(matches!(texts[1].1, Place::Record { line: 4, .. }));
    }

    #[test]
    fn aider_inputs_are_counted_per_conversation() {
        let content = "# aider chat started at 2026-01-02 03:04:05\n\n#### one  \n\n> ok  \n\n#### two  \n#### lines  \n\nreply\n";
        let segs = segments(Format::Aider, content);
        let got: Vec<_> = segs
            .iter()
            .map(|s| (s.text.as_str(), s.message.as_deref(), s.role, s.place))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "one",
                    Some("1"),
                    Some("user"),
                    Place::Lines { line: 3, prefix: 5 }
                ),
                (
                    "ok",
                    Some("1"),
                    Some("tool"),
                    Place::Lines { line: 5, prefix: 2 }
                ),
                (
                    "two\nlines",
                    Some("2"),
                    Some("user"),
                    Place::Lines { line: 7, prefix: 5 }
                ),
                (
                    "reply",
                    Some("2"),
                    Some("assistant"),
                    Place::Lines {
                        line: 10,
                        prefix: 0
                    }
                ),
            ]
        );
        assert_eq!(segs[0].time, Some(Time::Text("2026-01-02T03:04:05".into())));
    }

    #[test]
    fn broken_records_are_still_scanned() {
        let segs = segments(
            Format::ClaudeCode,
            "{\"type\":\"user\",\"message\":{\"content\":\"cut",
        );
        assert_eq!(segs.len(), 1);
        assert_eq!(segs[0].field, None);
        let segs = segments(Format::Continue, "{\"history\": [");
        assert_eq!(segs[0].text, "{\"history\": [");
    }
}
