//! The installer behind `leakhound ai install-hook`: adds `leakhound ai hook --tool NAME` to an
//! assistant's hook settings, keeping every setting and hook already there (the file's key
//! order too), and updating leakhound's own entries rather than adding them twice.
//!
//! Same care as the git hook installer: a settings file that is a symbolic link is not followed
//! (a project's `.claude/settings.json` committed as a link to `~/.bashrc` must not make leakhound
//! rewrite that), nor is a project's `.claude`/`.cursor` directory that is one; a file that is not
//! a JSON object is refused with its line and column; the new file is written beside the old one
//! and renamed over it, so it is never half-written, with the old file's permissions.

use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

/// The assistants whose hook settings are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tool {
    ClaudeCode,
    Cursor,
}

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::ClaudeCode => "claude-code",
            Tool::Cursor => "cursor",
        }
    }
}

/// Which settings file.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    /// The user's (`~/.claude/settings.json` or `$CLAUDE_CONFIG_DIR/settings.json`,
    /// `~/.cursor/hooks.json`).
    User,
    /// The project's at `root` (`.claude/settings.json`, `.cursor/hooks.json`).
    Project(PathBuf),
    /// This file.
    File(PathBuf),
}

/// The seconds Claude Code gives the hook (its default is 600): the scan takes far less, and a
/// hook that hangs should not hold the session for ten minutes.
pub(crate) const TIMEOUT: u64 = 30;

/// Claude Code's events that `ai hook` answers, and the tool matcher of each (`None`: the event
/// has no tool).
const CLAUDE_EVENTS: [(&str, Option<&str>); 3] = [
    ("PreToolUse", Some("*")),
    ("UserPromptSubmit", None),
    ("PostToolUse", Some("*")),
];

/// Cursor's events that `ai hook` answers or reports on.
const CURSOR_EVENTS: [&str; 5] = [
    "beforeSubmitPrompt",
    "beforeShellExecution",
    "beforeMCPExecution",
    "beforeReadFile",
    "afterFileEdit",
];

/// What [`install`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Installed {
    pub(crate) settings: PathBuf,
    /// The events leakhound was added to.
    pub(crate) added: Vec<String>,
    /// The events where leakhound's entry was already there (and was brought up to date).
    pub(crate) updated: Vec<String>,
}

/// Why the settings were not changed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum InstallError {
    #[error("no home directory (HOME is not set)")]
    NoHome,
    #[error("{}: is a symbolic link; leakhound does not follow it (pass the file it points to with --settings)", .0.display())]
    Symlink(PathBuf),
    #[error("{}:{line}:{column}: not valid JSON: {message}; leakhound did not change it", .path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: {what}; leakhound did not change it", .path.display())]
    Shape { path: PathBuf, what: String },
    #[error("{}: {action}", .path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: std::io::Error,
    },
}

/// Adds `command` (the shell command that runs `leakhound ai hook --tool NAME`) to `tool`'s hook
/// settings at `target`.
pub(crate) fn install(
    tool: Tool,
    target: &Target,
    command: &str,
) -> Result<Installed, InstallError> {
    let (path, confined) = settings_path(tool, target)?;
    if let Some(dir) = confined {
        // The project's own directory: a link committed in its place is not followed.
        if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(InstallError::Symlink(dir));
        }
    }
    let io = |action: &'static str, p: &Path| {
        let path = p.to_path_buf();
        move |source| InstallError::Io {
            path,
            action,
            source,
        }
    };
    let existing = match std::fs::symlink_metadata(&path) {
        Ok(m) if m.file_type().is_symlink() => return Err(InstallError::Symlink(path)),
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io("cannot read", &path)(e)),
    };
    let mut doc = match &existing {
        Some(_) => {
            let text = std::fs::read_to_string(&path).map_err(io("cannot read", &path))?;
            if text.trim().is_empty() {
                Value::Object(Map::new())
            } else {
                serde_json::from_str(&text).map_err(|e| InstallError::Parse {
                    path: path.clone(),
                    line: e.line(),
                    column: e.column(),
                    message: e.to_string(),
                })?
            }
        }
        None => Value::Object(Map::new()),
    };
    let shape = |what: String| InstallError::Shape {
        path: path.clone(),
        what,
    };
    let (added, updated) = match tool {
        Tool::ClaudeCode => add_claude(&mut doc, command).map_err(shape)?,
        Tool::Cursor => add_cursor(&mut doc, command).map_err(shape)?,
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io("cannot create", dir))?;
    write_atomic(&path, text.as_bytes(), existing.as_ref()).map_err(io("cannot write", &path))?;
    Ok(Installed {
        settings: path,
        added,
        updated,
    })
}

/// The settings file of `target`, and the project directory that must not be a link.
fn settings_path(tool: Tool, target: &Target) -> Result<(PathBuf, Option<PathBuf>), InstallError> {
    let (dir, file) = match tool {
        Tool::ClaudeCode => (".claude", "settings.json"),
        Tool::Cursor => (".cursor", "hooks.json"),
    };
    Ok(match target {
        Target::File(p) => (p.clone(), None),
        Target::Project(root) => (root.join(dir).join(file), Some(root.join(dir))),
        Target::User => {
            let var = |n: &str| {
                std::env::var_os(n)
                    .filter(|v| !v.is_empty())
                    .map(PathBuf::from)
            };
            let claude_dir = var("CLAUDE_CONFIG_DIR").filter(|_| tool == Tool::ClaudeCode);
            let base = match claude_dir {
                Some(d) => d,
                None => var("HOME")
                    .or_else(|| var("USERPROFILE"))
                    .ok_or(InstallError::NoHome)?
                    .join(dir),
            };
            (base.join(file), None)
        }
    })
}

/// The shell command a hook runs: this binary (by its full path: an assistant's hooks need not
/// see the user's PATH), `ai hook --tool NAME`.
pub(crate) fn command(tool: Tool) -> String {
    let exe = std::env::current_exe().map_or_else(
        |_| "leakhound".to_string(),
        |p| super::shell_quote(&p.to_string_lossy()),
    );
    format!("{exe} ai hook --tool {}", tool.name())
}

/// Whether a hook command is leakhound's for `tool`.
fn is_ours(command: &str, tool: Tool) -> bool {
    command.contains(&format!("ai hook --tool {}", tool.name())) && command.contains("leakhound")
}

fn object<'v>(v: &'v mut Value, what: &str) -> Result<&'v mut Map<String, Value>, String> {
    v.as_object_mut()
        .ok_or_else(|| format!("{what} is not a JSON object"))
}

/// Claude Code: `hooks: {<Event>: [{matcher?, hooks: [{type: "command", command, timeout}]}]}`.
fn add_claude(doc: &mut Value, command: &str) -> Result<(Vec<String>, Vec<String>), String> {
    let hooks = object(doc, "the settings")?
        .entry("hooks")
        .or_insert_with(|| json!({}));
    let hooks = object(hooks, "\"hooks\"")?;
    let (mut added, mut updated) = (Vec::new(), Vec::new());
    for (event, matcher) in CLAUDE_EVENTS {
        let groups = hooks.entry(event).or_insert_with(|| json!([]));
        let groups = groups
            .as_array_mut()
            .ok_or_else(|| format!("\"hooks.{event}\" is not a list"))?;
        let mut found = false;
        for group in groups.iter_mut() {
            let Some(list) = group.get_mut("hooks").and_then(Value::as_array_mut) else {
                continue;
            };
            for h in list.iter_mut() {
                let ours = h
                    .get("command")
                    .and_then(Value::as_str)
                    .is_some_and(|c| is_ours(c, Tool::ClaudeCode));
                if ours {
                    h["command"] = json!(command);
                    h["timeout"] = json!(TIMEOUT);
                    found = true;
                }
            }
        }
        if found {
            updated.push(event.to_string());
            continue;
        }
        let entry = json!({ "type": "command", "command": command, "timeout": TIMEOUT });
        let mut group = Map::new();
        if let Some(m) = matcher {
            group.insert("matcher".into(), json!(m));
        }
        group.insert("hooks".into(), json!([entry]));
        groups.push(Value::Object(group));
        added.push(event.to_string());
    }
    Ok((added, updated))
}

/// Cursor: `{version: 1, hooks: {<event>: [{command}]}}`.
fn add_cursor(doc: &mut Value, command: &str) -> Result<(Vec<String>, Vec<String>), String> {
    let top = object(doc, "the hooks file")?;
    top.entry("version").or_insert_with(|| json!(1));
    let hooks = top.entry("hooks").or_insert_with(|| json!({}));
    let hooks = object(hooks, "\"hooks\"")?;
    let (mut added, mut updated) = (Vec::new(), Vec::new());
    for event in CURSOR_EVENTS {
        let list = hooks.entry(event).or_insert_with(|| json!([]));
        let list = list
            .as_array_mut()
            .ok_or_else(|| format!("\"hooks.{event}\" is not a list"))?;
        let mut found = false;
        for h in list.iter_mut() {
            let ours = h
                .get("command")
                .and_then(Value::as_str)
                .is_some_and(|c| is_ours(c, Tool::Cursor));
            if ours {
                h["command"] = json!(command);
                found = true;
            }
        }
        if found {
            updated.push(event.to_string());
        } else {
            list.push(json!({ "command": command }));
            added.push(event.to_string());
        }
    }
    Ok((added, updated))
}

/// Writes `bytes` to a new file beside `path` (never an existing one: `create_new`), with the
/// permissions of the file it replaces, and renames it over `path`.
fn write_atomic(path: &Path, bytes: &[u8], old: Option<&std::fs::Metadata>) -> std::io::Result<()> {
    use std::io::Write;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.leakhound-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        if let Some(m) = old {
            f.set_permissions(m.permissions())?;
        }
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_added_once_and_updated_after() {
        let mut doc = json!({ "hooks": { "Stop": [] } });
        let (added, updated) =
            add_claude(&mut doc, "'/a/leakhound' ai hook --tool claude-code").unwrap();
        assert_eq!(added, ["PreToolUse", "UserPromptSubmit", "PostToolUse"]);
        assert!(updated.is_empty());
        let (added, updated) =
            add_claude(&mut doc, "'/b/leakhound' ai hook --tool claude-code").unwrap();
        assert!(added.is_empty());
        assert_eq!(updated.len(), 3);
        let text = doc.to_string();
        assert!(!text.contains("/a/leakhound") && text.contains("/b/leakhound"));
        assert!(add_claude(&mut json!({ "hooks": [] }), "x").is_err());
    }
}
