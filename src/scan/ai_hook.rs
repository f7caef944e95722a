//! `leakhound ai hook`: one hook event of an AI assistant in (the JSON it writes on the hook's
//! standard input), the answer in that assistant's protocol out: nothing to say, or a block
//! whose reason names the rule and the line and says what to do, never the secret. The
//! protocols, and where each fact comes from: `docs/ai-assistants.md`.
//!
//! **Claude Code.** A clean event gets `{}` (no decision: answering `allow` would skip the
//! user's own permission settings). `UserPromptSubmit` with a secret: `decision: block` and
//! `suppressOriginalPrompt` (else Claude Code prints the prompt back in its block message).
//! `PreToolUse`: `permissionDecision: deny`, with a reason the model reads. `PostToolUse`: the
//! tool already ran, so its output is replaced (`updatedToolOutput`, or `updatedMCPToolOutput`
//! for an MCP tool) by the same object with each secret replaced by `<REDACTED:rule-id>`, and
//! `additionalContext` tells the model why. Any other event with a secret: a `systemMessage`
//! warning to the user (blocking a `Stop` or a notification would do nothing useful).
//!
//! **Cursor.** `beforeSubmitPrompt` answers `continue`; `beforeShellExecution`,
//! `beforeMCPExecution` answer `permission` with `user_message` and `agent_message`;
//! `beforeReadFile` `permission` with `user_message`. Events whose answer Cursor ignores
//! (`afterFileEdit`, `afterShellExecution`, ...) get `{}`, and what was found is a note on
//! standard error.
//!
//! **Input that is not JSON** (cut off, say) is still scanned as text: with a secret it is
//! blocked with an answer valid for every event of the assistant, without one it gets `{}`.
//! What happens when leakhound itself fails (rules that do not load, an unreadable standard
//! input) is the cli's: fail open, see `cli::ai`.

use serde_json::{json, Map, Value};

use crate::display::Mask;
use crate::matcher::{Matcher, RawMatch, Target};
use crate::rules::RuleSet;
use crate::sources::ai::json as walk;

/// The assistants whose hook protocol is spoken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    ClaudeCode,
    Cursor,
}

/// What the hook answers: `stdout` (JSON), the exit status, and a note for standard error
/// (never a secret).
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub stdout: Value,
    pub exit: i32,
    pub note: Option<String>,
}

impl Answer {
    fn json(stdout: Value) -> Answer {
        Answer {
            stdout,
            exit: 0,
            note: None,
        }
    }
}

/// One secret found in a text of the event.
#[derive(Debug, Clone)]
struct Hit {
    rule: u32,
    start: usize,
    end: usize,
    /// 1-based line of the text.
    line: usize,
}

/// The texts of one event scanned: each field's hits.
struct Scanner<'m, 'r> {
    matcher: &'m mut Matcher<'r>,
    depth: usize,
    raw: Vec<RawMatch>,
    /// Every secret found (to mask anything shown that could quote one: a file path).
    secrets: Vec<String>,
}

impl Scanner<'_, '_> {
    fn hits(&mut self, text: &str) -> Vec<Hit> {
        let target = Target {
            path: "",
            commit: None,
        };
        self.raw.clear();
        self.matcher
            .find_with_decoding(&target, text.as_bytes(), self.depth, &mut self.raw);
        let rules = self.matcher.rules();
        let mut raw: Vec<&RawMatch> = self
            .raw
            .iter()
            .filter(|m| !rules.rules[m.rule as usize].skip_report && m.end > m.start)
            .collect();
        raw.sort_by_key(|m| (m.start, m.end));
        let mut hits: Vec<Hit> = Vec::new();
        for m in raw {
            // Overlapping matches (a generic rule under a provider's) are one secret.
            if hits.last().is_some_and(|h| m.start < h.end) {
                continue;
            }
            self.secrets
                .push(String::from_utf8_lossy(&text.as_bytes()[m.start..m.end]).into_owned());
            if let Some(d) = &m.decoded {
                self.secrets
                    .push(String::from_utf8_lossy(&d.secret).into_owned());
            }
            let line = 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..m.start]).count();
            hits.push(Hit {
                rule: m.rule,
                start: m.start,
                end: m.end,
                line,
            });
        }
        hits
    }

    /// The hits in every string of `value` (a string holding a JSON document is decoded),
    /// by the string's path under `path`; a decoded document's strings are reported under the
    /// path of the string that holds it.
    fn hits_in(&mut self, value: &Value, path: &str) -> Vec<(String, Vec<Hit>)> {
        let mut texts: Vec<(String, String)> = Vec::new();
        walk::walk(value, path, &mut |leaf| {
            let field = leaf.path.split("(json)").next().unwrap_or(leaf.path);
            texts.push((field.to_string(), leaf.text.to_string()));
        });
        let mut out: Vec<(String, Vec<Hit>)> = Vec::new();
        for (field, text) in texts {
            let hits = self.hits(&text);
            if hits.is_empty() {
                continue;
            }
            match out.iter_mut().find(|(f, _)| *f == field) {
                Some((_, h)) => h.extend(hits),
                None => out.push((field, hits)),
            }
        }
        out
    }

    /// `value` with every secret in its strings replaced by `<REDACTED:rule-id>` (a string
    /// that holds a JSON document is decoded, redacted and written back), and the rules found,
    /// one per secret.
    fn redacted(&mut self, value: &Value, found: &mut Vec<u32>) -> Value {
        match value {
            Value::String(s) => {
                if let Some(doc) = walk::json_document(s) {
                    let before = found.len();
                    let redacted = self.redacted(&doc, found);
                    if found.len() == before {
                        return value.clone();
                    }
                    return Value::String(redacted.to_string());
                }
                let hits = self.hits(s);
                if hits.is_empty() {
                    return value.clone();
                }
                let rules = self.matcher.rules();
                let mut out = String::with_capacity(s.len());
                let mut at = 0;
                for h in &hits {
                    out.push_str(&s[at..h.start]);
                    out.push_str(&format!("<REDACTED:{}>", rules.rules[h.rule as usize].id));
                    at = h.end;
                    found.push(h.rule);
                }
                out.push_str(&s[at..]);
                Value::String(out)
            }
            Value::Array(items) => {
                Value::Array(items.iter().map(|v| self.redacted(v, found)).collect())
            }
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.redacted(v, found)))
                    .collect::<Map<String, Value>>(),
            ),
            other => other.clone(),
        }
    }
}

/// The answer to the hook event `input` of `tool`, scanned with `rules` (`depth`: decoding
/// levels, as `--max-decode-depth`).
pub fn answer(tool: Tool, input: &[u8], rules: &RuleSet, depth: usize) -> Answer {
    let mut matcher = Matcher::new(rules);
    let mut s = Scanner {
        matcher: &mut matcher,
        depth,
        raw: Vec::new(),
        secrets: Vec::new(),
    };
    let event = std::str::from_utf8(input)
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(t).ok())
        .filter(Value::is_object);
    let mut answer = match event {
        Some(event) => match tool {
            Tool::ClaudeCode => claude_code(&mut s, &event),
            Tool::Cursor => cursor(&mut s, &event),
        },
        None => malformed(&mut s, tool, &String::from_utf8_lossy(input)),
    };
    // Nothing shown quotes a secret, whatever the event put around it (a file named after one).
    let mask = Mask::new(s.secrets.iter().map(String::as_str));
    mask_strings(&mut answer.stdout, &mask, &s.secrets);
    if let Some(note) = answer.note.as_mut() {
        mask.apply_to(note);
    }
    answer
}

/// Masks the secrets in every string of an answer but the redacted tool output.
fn mask_strings(v: &mut Value, mask: &Mask, secrets: &[String]) {
    if secrets.is_empty() {
        return;
    }
    match v {
        Value::String(s) => mask.apply_to(s),
        Value::Array(items) => items
            .iter_mut()
            .for_each(|i| mask_strings(i, mask, secrets)),
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if !k.starts_with("updated") {
                    mask_strings(v, mask, secrets);
                }
            }
        }
        _ => {}
    }
}

fn str_of<'v>(event: &'v Value, key: &str) -> &'v str {
    event.get(key).and_then(Value::as_str).unwrap_or("")
}

/// The hits of one field, described: `an Anthropic API key (rule anthropic-api-key) on line 2`,
/// joined with commas and `and`.
fn described(rules: &RuleSet, hits: &[Hit]) -> String {
    let mut items: Vec<String> = Vec::new();
    for h in hits {
        let rule = &rules.rules[h.rule as usize];
        let item = format!(
            "{} (rule {}) on line {}",
            with_article(rule.name()),
            rule.id,
            h.line
        );
        if !items.contains(&item) {
            items.push(item);
        }
    }
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `a` or `an` before a rule's description.
fn with_article(name: &str) -> String {
    let first_word = name.split_whitespace().next().unwrap_or("");
    let acronym = first_word.len() > 1
        && first_word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    let first = first_word.chars().next().unwrap_or('x');
    let an = if acronym {
        "AEFHILMNORSX".contains(first)
    } else {
        "aeiouAEIOU".contains(first)
    };
    format!("{} {name}", if an { "an" } else { "a" })
}

/// The variable a secret is assigned to on its line (`export GITHUB_TOKEN=ghp_...`), to name in
/// the advice.
fn variable_before(text: &str, hit: &Hit) -> Option<String> {
    let line_start = text[..hit.start].rfind('\n').map_or(0, |i| i + 1);
    let before = text[line_start..hit.start].trim_end_matches(['"', '\'']);
    let before = before.trim_end();
    let before = before
        .strip_suffix('=')
        .or_else(|| before.strip_suffix(':'))?
        .trim_end();
    let name: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let looks = !name.is_empty()
        && name.chars().any(|c| c.is_ascii_uppercase())
        && !name.chars().any(|c| c.is_ascii_lowercase())
        && !name.starts_with(|c: char| c.is_ascii_digit());
    looks.then_some(name)
}

/// What to do instead, for a tool call that was stopped.
fn advice(tool_name: &str, example: Option<&str>, plural: bool) -> String {
    let (it, secret) = if plural {
        ("them", "the secrets")
    } else {
        ("it", "the secret")
    };
    let var = match example {
        Some(name) => format!("an environment variable (for example ${name})"),
        None if plural => "environment variables".to_string(),
        None => "an environment variable".to_string(),
    };
    match tool_name {
        "Write" | "Edit" | "MultiEdit" | "NotebookEdit" => format!(
            "Do not write {secret} into the file and do not retry with {it}; read {it} from {var} instead."
        ),
        "Bash" | "shell" => format!(
            "Do not put {secret} in the command line and do not retry with {it}; read {it} from {var} instead."
        ),
        _ => format!("Do not pass {secret} to the tool and do not retry with {it}."),
    }
}

/// What the user is told to do about a prompt.
fn prompt_advice(plural: bool) -> &'static str {
    if plural {
        "Remove the keys and send the prompt again; refer to them by the names of the environment variables that hold them instead."
    } else {
        "Remove the key and send the prompt again; refer to it by the name of the environment variable that holds it instead."
    }
}

/// `field contains ...; other contains ...` for the fields of a tool's input.
fn fields_described(rules: &RuleSet, fields: &[(String, Vec<Hit>)]) -> String {
    fields
        .iter()
        .map(|(f, hits)| format!("{f} contains {}", described(rules, hits)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn count(fields: &[(String, Vec<Hit>)]) -> usize {
    fields.iter().map(|(_, h)| h.len()).sum()
}

/// The variable the first secret of `value`'s strings is assigned to, if any.
fn first_variable(s: &mut Scanner<'_, '_>, value: &Value) -> Option<String> {
    let mut texts = Vec::new();
    walk::walk(value, "", &mut |leaf| texts.push(leaf.text.to_string()));
    texts
        .iter()
        .find_map(|t| s.hits(t).first().and_then(|h| variable_before(t, h)))
}

fn claude_code(s: &mut Scanner<'_, '_>, event: &Value) -> Answer {
    let rules = s.matcher.rules();
    let name = str_of(event, "hook_event_name");
    match name {
        "UserPromptSubmit" => {
            let prompt = str_of(event, "prompt");
            let hits = s.hits(prompt);
            if hits.is_empty() {
                return Answer::json(json!({}));
            }
            let reason = format!(
                "leakhound: this prompt was not sent: it contains {}. {}",
                described(rules, &hits),
                prompt_advice(hits.len() > 1)
            );
            Answer::json(json!({
                "decision": "block",
                "reason": reason,
                "hookSpecificOutput": {
                    "hookEventName": "UserPromptSubmit",
                    "suppressOriginalPrompt": true,
                },
            }))
        }
        "PreToolUse" => {
            let input = event.get("tool_input").unwrap_or(&Value::Null);
            let fields = s.hits_in(input, "tool_input");
            if fields.is_empty() {
                return Answer::json(json!({}));
            }
            let tool = str_of(event, "tool_name");
            let example = first_variable(s, input);
            let reason = format!(
                "leakhound: {tool} was not run: {}. {}",
                fields_described(rules, &fields),
                advice(tool, example.as_deref(), count(&fields) > 1)
            );
            Answer::json(json!({
                "hookSpecificOutput": {
                    "hookEventName": "PreToolUse",
                    "permissionDecision": "deny",
                    "permissionDecisionReason": reason,
                },
            }))
        }
        "PostToolUse" => {
            let response = event.get("tool_response").unwrap_or(&Value::Null);
            let mut found = Vec::new();
            let redacted = s.redacted(response, &mut found);
            if found.is_empty() {
                return Answer::json(json!({}));
            }
            let tool = str_of(event, "tool_name");
            let mut ids: Vec<&str> = Vec::new();
            for r in &found {
                let id = rules.rules[*r as usize].id.as_str();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            let rules_list = format!(
                "{} {}",
                if ids.len() > 1 { "rules" } else { "rule" },
                ids.join(", ")
            );
            let context = if found.len() > 1 {
                format!(
                    "leakhound: the {tool} output contained {} secrets ({rules_list}); they were replaced by <REDACTED:rule-id> before you saw them. Do not try to read them another way; refer to them by their variable names.",
                    found.len()
                )
            } else {
                format!(
                    "leakhound: the {tool} output contained 1 secret ({rules_list}); it was replaced by <REDACTED:rule-id> before you saw it. Do not try to read it another way; refer to it by its variable name."
                )
            };
            let key = if tool.starts_with("mcp__") {
                "updatedMCPToolOutput"
            } else {
                "updatedToolOutput"
            };
            let mut out = Map::new();
            out.insert("hookEventName".into(), json!("PostToolUse"));
            out.insert("additionalContext".into(), json!(context));
            out.insert(key.into(), redacted);
            Answer::json(json!({ "hookSpecificOutput": out }))
        }
        _ => {
            let fields = s.hits_in(event, "");
            if fields.is_empty() {
                return Answer::json(json!({}));
            }
            let message = format!(
                "leakhound: the {name} event holds a secret: {}. It has already been shown or written; revoke it if it was sent anywhere.",
                fields_described(rules, &fields)
            );
            Answer::json(json!({ "systemMessage": message }))
        }
    }
}

fn cursor(s: &mut Scanner<'_, '_>, event: &Value) -> Answer {
    let rules = s.matcher.rules();
    let name = str_of(event, "hook_event_name");
    let deny = |message: String, agent: bool| {
        let mut a = json!({ "permission": "deny", "user_message": message });
        if agent {
            a["agent_message"] = Value::String(message);
        }
        Answer::json(a)
    };
    match name {
        "beforeSubmitPrompt" => {
            let hits = s.hits(str_of(event, "prompt"));
            if hits.is_empty() {
                return Answer::json(json!({ "continue": true }));
            }
            let message = format!(
                "leakhound: this prompt was not sent: it contains {}. {}",
                described(rules, &hits),
                prompt_advice(hits.len() > 1)
            );
            Answer::json(json!({ "continue": false, "user_message": message }))
        }
        "beforeShellExecution" => {
            let command = str_of(event, "command");
            let hits = s.hits(command);
            if hits.is_empty() {
                return Answer::json(json!({}));
            }
            let example = variable_before(command, &hits[0]);
            let message = format!(
                "leakhound: the command was not run: it contains {}. {}",
                described(rules, &hits),
                advice("shell", example.as_deref(), hits.len() > 1)
            );
            deny(message, true)
        }
        "beforeMCPExecution" => {
            let input = event.get("tool_input").unwrap_or(&Value::Null);
            let fields = s.hits_in(input, "tool_input");
            if fields.is_empty() {
                return Answer::json(json!({}));
            }
            let message = format!(
                "leakhound: the MCP tool {} was not run: {}. {}",
                str_of(event, "tool_name"),
                fields_described(rules, &fields),
                advice("", None, count(&fields) > 1)
            );
            deny(message, true)
        }
        "beforeReadFile" => {
            let hits = s.hits(str_of(event, "content"));
            if hits.is_empty() {
                return Answer::json(json!({}));
            }
            let message = format!(
                "leakhound: {} was not given to the model: it contains {}.",
                str_of(event, "file_path"),
                described(rules, &hits)
            );
            deny(message, false)
        }
        _ => {
            let fields = s.hits_in(event, "");
            let note = (!fields.is_empty()).then(|| {
                let path = str_of(event, "file_path");
                let place = if path.is_empty() {
                    String::new()
                } else {
                    format!(" ({path})")
                };
                format!(
                    "leakhound: the {name} event{place} holds a secret: {}. Remove it before it is committed or shared, and revoke it if it was sent anywhere.",
                    fields_described(rules, &fields)
                )
            });
            Answer {
                stdout: json!({}),
                exit: 0,
                note,
            }
        }
    }
}

/// Input that is not a JSON object: scanned as text; blocked with an answer every event of the
/// assistant accepts if it holds a secret.
fn malformed(s: &mut Scanner<'_, '_>, tool: Tool, text: &str) -> Answer {
    let hits = s.hits(text);
    let note =
        Some("leakhound: the hook input is not a JSON object; scanned it as text".to_string());
    if hits.is_empty() {
        return Answer {
            stdout: json!({}),
            exit: 0,
            note,
        };
    }
    let rules = s.matcher.rules();
    let reason = format!(
        "leakhound: blocked: the hook input could not be read as JSON, and it contains {}. Remove the {} and try again.",
        described(rules, &hits),
        if hits.len() > 1 { "keys" } else { "key" }
    );
    let stdout = match tool {
        Tool::ClaudeCode => json!({ "decision": "block", "reason": reason }),
        // Every before* event of Cursor reads one of these two.
        Tool::Cursor => json!({
            "continue": false,
            "permission": "deny",
            "user_message": reason,
            "agent_message": reason,
        }),
    };
    Answer {
        stdout,
        exit: 0,
        note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles() {
        assert_eq!(with_article("Anthropic API key"), "an Anthropic API key");
        assert_eq!(with_article("GitHub token"), "a GitHub token");
        assert_eq!(with_article("SSH private key"), "an SSH private key");
        assert_eq!(with_article("PGP key"), "a PGP key");
    }

    #[test]
    fn variables_named_in_the_advice() {
        // Built from parts, so that the repository's own scan does not take it for a secret.
        let text = [
            "export GITHUB_TOKEN=ghp_x",
            "Authorization: Bearer xoxb-1",
            "key = \"sk\"",
        ]
        .join("\n");
        let text = text.as_str();
        let at = |needle: &str| {
            let start = text.find(needle).unwrap();
            Hit {
                rule: 0,
                start,
                end: start + needle.len(),
                line: 1,
            }
        };
        assert_eq!(
            variable_before(text, &at("ghp_x")).as_deref(),
            Some("GITHUB_TOKEN")
        );
        assert_eq!(variable_before(text, &at("xoxb-1")), None);
        assert_eq!(variable_before(text, &at("sk\"")), None);
    }
}
