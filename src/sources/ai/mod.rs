//! AI assistants' conversation stores: where each tool keeps its transcripts, prompt histories
//! and tool outputs (discovery), and how each format is read into the texts a scan matches, each
//! with its place in the conversation (parsing, `parse.rs`; JSON values, `json.rs`; SQLite,
//! `sqlite.rs`).
//!
//! The facts (paths per OS, record shapes, and where each came from) are in
//! `docs/ai-assistants.md`. Stores are found by walking a few known directories under the home
//! directory (never following symbolic links) and classifying each file by its path
//! ([`classify`]); an explicit path is classified the same way, and a file no pattern knows is
//! read as JSON, JSON lines or plain text by its name.

pub(crate) mod json;
mod parse;
mod sqlite;

use std::path::{Path, PathBuf};

use crate::warning::Warning;
pub(crate) use parse::{parse, Place, Segment, Time};
pub(crate) use sqlite::read_database;

/// How a store's file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Format {
    /// Claude Code conversation JSONL (`projects/<cwd>/<session>.jsonl`, subagents too).
    ClaudeCode,
    /// `~/.claude/history.jsonl`: every prompt typed, with pastes.
    ClaudeCodeHistory,
    /// Codex CLI rollout JSONL.
    Codex,
    /// `~/.codex/history.jsonl`.
    CodexHistory,
    /// Gemini CLI chat JSONL.
    Gemini,
    /// Gemini CLI's older one-document chats (`chats/session-*.json`).
    GeminiLegacy,
    /// Gemini CLI's `logs.json`: every prompt.
    GeminiLogs,
    /// Gemini CLI's `/chat save` checkpoints.
    GeminiCheckpoint,
    /// Qwen Code chat JSONL.
    Qwen,
    /// Continue's session JSON.
    Continue,
    /// `.aider.chat.history.md`.
    Aider,
    /// `.aider.input.history`.
    AiderInput,
    /// `.aider.llm.history`.
    AiderLlm,
    /// VS Code (Copilot Chat) chat session JSON, and its forks'.
    VscodeChat,
    /// A VS Code-family `state.vscdb` (SQLite: `ItemTable`, Cursor's `cursorDiskKV`).
    Vscdb,
    /// Any JSON document (configs with MCP server `env`s, exports, Cline tasks).
    Json,
    /// Any JSON lines file.
    JsonLines,
    /// Text, scanned as it is (paste caches, file history, debug logs, shell snapshots).
    Plain,
    /// Known, but not readable by a scanner (the reason is the store's note).
    Unreadable,
}

impl Format {
    /// The name reports use (`context.format`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::ClaudeCode => "claude-code",
            Format::ClaudeCodeHistory => "claude-code-history",
            Format::Codex => "codex",
            Format::CodexHistory => "codex-history",
            Format::Gemini => "gemini",
            Format::GeminiLegacy => "gemini-legacy",
            Format::GeminiLogs => "gemini-logs",
            Format::GeminiCheckpoint => "gemini-checkpoint",
            Format::Qwen => "qwen",
            Format::Continue => "continue",
            Format::Aider => "aider",
            Format::AiderInput => "aider-input",
            Format::AiderLlm => "aider-llm",
            Format::VscodeChat => "vscode-chat",
            Format::Vscdb => "vscdb",
            Format::Json => "json",
            Format::JsonLines => "jsonl",
            Format::Plain => "plain",
            Format::Unreadable => "unreadable",
        }
    }
}

/// One file of a store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Store {
    pub(crate) path: PathBuf,
    /// The path as shown, `/`-separated.
    pub(crate) display: String,
    /// The assistant (`claude-code`, `cursor`, ...).
    pub(crate) tool: &'static str,
    pub(crate) format: Format,
    /// Why a known store is not read ([`Format::Unreadable`]).
    pub(crate) note: Option<&'static str>,
}

/// Where to look: the home directory and the environment variables the tools honour.
#[derive(Debug, Clone, Default)]
pub(crate) struct Env {
    pub(crate) home: Option<PathBuf>,
    /// The project whose Aider files are looked for (the current directory's git root, else the
    /// current directory).
    pub(crate) project: Option<PathBuf>,
    pub(crate) claude_config_dir: Option<PathBuf>,
    pub(crate) codex_home: Option<PathBuf>,
    pub(crate) gemini_cli_home: Option<PathBuf>,
    pub(crate) qwen_home: Option<PathBuf>,
    pub(crate) continue_global_dir: Option<PathBuf>,
    pub(crate) xdg_data_home: Option<PathBuf>,
    pub(crate) xdg_config_home: Option<PathBuf>,
    /// `%APPDATA%` and `%LOCALAPPDATA%` (Windows).
    pub(crate) appdata: Option<PathBuf>,
    pub(crate) localappdata: Option<PathBuf>,
}

impl Env {
    /// The environment of this process.
    pub(crate) fn current() -> Env {
        let var = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let home = var("HOME").or_else(|| var("USERPROFILE"));
        let project = std::env::current_dir().ok().map(|cwd| {
            cwd.ancestors()
                .find(|d| d.join(".git").exists())
                .map_or_else(|| cwd.clone(), Path::to_path_buf)
        });
        Env {
            home,
            project,
            claude_config_dir: var("CLAUDE_CONFIG_DIR"),
            codex_home: var("CODEX_HOME"),
            gemini_cli_home: var("GEMINI_CLI_HOME"),
            qwen_home: var("QWEN_HOME"),
            continue_global_dir: var("CONTINUE_GLOBAL_DIR"),
            xdg_data_home: var("XDG_DATA_HOME"),
            xdg_config_home: var("XDG_CONFIG_HOME"),
            appdata: var("APPDATA"),
            localappdata: var("LOCALAPPDATA"),
        }
    }

    /// The directories a tool's environment variable moved, each with the name its files are
    /// classified under (`$CODEX_HOME/sessions/...` is read as `.codex/sessions/...`).
    fn aliases(&self) -> Vec<(PathBuf, &'static str)> {
        [
            (&self.claude_config_dir, ".claude"),
            (&self.codex_home, ".codex"),
            (&self.qwen_home, ".qwen"),
            (&self.continue_global_dir, ".continue"),
        ]
        .into_iter()
        .filter_map(|(d, alias)| d.clone().map(|d| (d, alias)))
        .collect()
    }

    /// The directories (and single files) to walk for stores.
    fn roots(&self) -> Vec<PathBuf> {
        let mut roots = Vec::new();
        if let Some(h) = &self.home {
            roots.push(
                self.claude_config_dir
                    .clone()
                    .unwrap_or_else(|| h.join(".claude")),
            );
            match &self.claude_config_dir {
                Some(d) => roots.push(d.join(".claude.json")),
                None => roots.push(h.join(".claude.json")),
            }
            roots.push(self.codex_home.clone().unwrap_or_else(|| h.join(".codex")));
            roots.push(
                self.gemini_cli_home
                    .as_ref()
                    .map_or_else(|| h.join(".gemini"), |g| g.join(".gemini")),
            );
            roots.push(h.join(".cache/.gemini"));
            roots.push(self.qwen_home.clone().unwrap_or_else(|| h.join(".qwen")));
            roots.push(
                self.continue_global_dir
                    .clone()
                    .unwrap_or_else(|| h.join(".continue")),
            );
            roots.push(h.join(".cursor"));
            roots.push(h.join(".codeium/windsurf"));
            roots.push(h.join(".cline/data"));
            roots.push(h.join(".copilot"));
            let config = self
                .xdg_config_home
                .clone()
                .unwrap_or_else(|| h.join(".config"));
            let data = self
                .xdg_data_home
                .clone()
                .unwrap_or_else(|| h.join(".local/share"));
            let mut app_dirs = vec![config.clone(), h.join("Library/Application Support")];
            app_dirs.extend(self.appdata.iter().cloned());
            for base in &app_dirs {
                for editor in EDITORS {
                    let user = base.join(editor.0).join("User");
                    roots.push(user.join("workspaceStorage"));
                    roots.push(user.join("globalStorage"));
                }
            }
            roots.push(config.join("zed/conversations"));
            roots.push(data.join("zed/threads"));
            roots.push(h.join("Library/Application Support/Zed/threads"));
            roots.extend(self.localappdata.iter().map(|d| d.join("Zed/threads")));
            roots.extend(self.appdata.iter().map(|d| d.join("Zed/conversations")));
            roots.push(data.join("opencode"));
            roots.push(data.join("goose/sessions"));
            roots.push(data.join("amazon-q"));
        }
        if let Some(p) = &self.project {
            for name in [
                ".aider.chat.history.md",
                ".aider.input.history",
                ".aider.llm.history",
            ] {
                roots.push(p.join(name));
            }
        }
        roots.sort();
        roots.dedup();
        roots
    }
}

/// VS Code and its forks: the directory name under the per-OS application data directory, and
/// the tool name reported.
const EDITORS: &[(&str, &str)] = &[
    ("Code", "vscode"),
    ("Code - Insiders", "vscode"),
    ("VSCodium", "vscode"),
    ("Cursor", "cursor"),
    ("Windsurf", "windsurf"),
];

/// How deep a store directory is walked (Claude Code's subagent transcripts are the deepest
/// known: `projects/<cwd>/<session>/subagents/agent-<id>.jsonl`; Codex's `sessions/Y/M/D/`).
const MAX_DEPTH: usize = 8;

/// The stores under the known directories of `env`, sorted by path; what cannot be listed is a
/// warning.
pub(crate) fn discover(env: &Env) -> (Vec<Store>, Vec<Warning>) {
    let mut stores = Vec::new();
    let mut warnings = Vec::new();
    let aliases = env.aliases();
    // A file under a moved directory is classified as if it were under its usual name.
    let classify_moved = |p: &Path| {
        let moved = aliases.iter().find_map(|(dir, alias)| {
            let rest = p.strip_prefix(dir).ok()?;
            Some(Path::new("/").join(alias).join(rest))
        });
        match moved {
            Some(as_if) => classify(&as_if).map(|s| Store {
                path: p.to_path_buf(),
                display: crate::display::display_path(p),
                ..s
            }),
            None => classify(p),
        }
    };
    for root in env.roots() {
        let Ok(meta) = std::fs::symlink_metadata(&root) else {
            continue;
        };
        if meta.is_file() {
            stores.extend(classify_moved(&root));
        } else if meta.is_dir() {
            walk(
                &root,
                0,
                &mut |p| stores.extend(classify_moved(p)),
                &mut warnings,
            );
        }
    }
    stores.sort_by(|a, b| a.path.cmp(&b.path));
    stores.dedup_by(|a, b| a.path == b.path);
    (stores, warnings)
}

/// The stores at explicit `paths`: a file is classified by its path, else read by its name
/// (`.jsonl`, `.json`, else plain text); a directory is walked and each file in it treated so.
/// A path that does not exist is an error (returned as the path).
pub(crate) fn at_paths(paths: &[PathBuf]) -> Result<(Vec<Store>, Vec<Warning>), PathBuf> {
    let mut stores = Vec::new();
    let mut warnings = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|_| path.clone())?;
        if meta.is_dir() {
            walk(
                path,
                0,
                &mut |p| stores.push(classify_any(p)),
                &mut warnings,
            );
        } else {
            stores.push(classify_any(path));
        }
    }
    stores.sort_by(|a, b| a.path.cmp(&b.path));
    stores.dedup_by(|a, b| a.path == b.path);
    Ok((stores, warnings))
}

/// Calls `found` for every regular file under `dir`, in name order, not following symbolic
/// links, at most [`MAX_DEPTH`] levels down.
fn walk(dir: &Path, depth: usize, found: &mut dyn FnMut(&Path), warnings: &mut Vec<Warning>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            warnings.push(Warning::FileUnreadable {
                path: crate::display::display_path(dir),
                error: e.to_string(),
            });
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        if kind.is_dir() && depth < MAX_DEPTH {
            walk(&path, depth + 1, found, warnings);
        } else if kind.is_file() {
            found(&path);
        }
    }
}

/// The store `path` is by any pattern of [`classify`], else by its name.
fn classify_any(path: &Path) -> Store {
    classify(path).unwrap_or_else(|| {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let format = if name.ends_with(".jsonl") {
            Format::JsonLines
        } else if name.ends_with(".json") {
            Format::Json
        } else if name.ends_with(".vscdb") || name.ends_with(".db") || name.ends_with(".sqlite") {
            Format::Vscdb
        } else {
            Format::Plain
        };
        store(path, "unknown", format)
    })
}

fn store(path: &Path, tool: &'static str, format: Format) -> Store {
    Store {
        path: path.to_path_buf(),
        display: crate::display::display_path(path),
        tool,
        format,
        note: None,
    }
}

/// The store a file is, by the patterns of `docs/ai-assistants.md`; `None`: not a store file.
pub(crate) fn classify(path: &Path) -> Option<Store> {
    let s = path.to_string_lossy().replace('\\', "/");
    let name = s.rsplit('/').next().unwrap_or("");
    let ext = |e: &str| name.ends_with(e);
    let under = |d: &str| s.contains(d);
    let found = |tool, format| Some(store(path, tool, format));
    // Claude Code (also under $CLAUDE_CONFIG_DIR, which need not be called .claude: the
    // projects/ and history.jsonl patterns still hold).
    if under("/.claude/projects/") && ext(".jsonl") {
        return found("claude-code", Format::ClaudeCode);
    }
    if under("/.claude/") || s.ends_with("/.claude.json") {
        return match name {
            "history.jsonl" => found("claude-code", Format::ClaudeCodeHistory),
            _ if under("/paste-cache/")
                || under("/file-history/")
                || under("/debug/")
                || under("/shell-snapshots/") =>
            {
                found("claude-code", Format::Plain)
            }
            ".claude.json" | "settings.json" | "settings.local.json" => {
                found("claude-code", Format::Json)
            }
            _ if under("/backups/") && name.starts_with(".claude.json") => {
                found("claude-code", Format::Json)
            }
            _ => None,
        };
    }
    if under("/.codex/") || under("/sessions/") && name.starts_with("rollout-") {
        if name == "history.jsonl" {
            return found("codex", Format::CodexHistory);
        }
        if (under("/sessions/") || under("/archived_sessions/")) && ext(".jsonl") {
            return found("codex", Format::Codex);
        }
        if under("/memories/") {
            return found("codex", Format::Plain);
        }
        if name == "config.toml" {
            return found("codex", Format::Plain);
        }
        if ext(".sqlite") {
            return Some(unreadable(
                path,
                "codex",
                "SQLite state and logs (not read yet)",
            ));
        }
        return None;
    }
    if under("/.gemini/") || under("/.qwen/") {
        let tool = if under("/.qwen/") {
            "qwen-code"
        } else {
            "gemini-cli"
        };
        if under("/chats/") && ext(".jsonl") {
            return found(
                tool,
                if tool == "qwen-code" {
                    Format::Qwen
                } else {
                    Format::Gemini
                },
            );
        }
        if under("/chats/") && ext(".json") {
            return found(tool, Format::GeminiLegacy);
        }
        if name == "logs.json" {
            return found(tool, Format::GeminiLogs);
        }
        if name.starts_with("checkpoint-") && ext(".json") {
            return found(tool, Format::GeminiCheckpoint);
        }
        if name == "shell_history" {
            return found(tool, Format::Plain);
        }
        if name == "settings.json" {
            return found(tool, Format::Json);
        }
        return None;
    }
    if under("/.continue/") {
        if under("/sessions/") && ext(".json") && name != "sessions.json" {
            return found("continue", Format::Continue);
        }
        if under("/dev_data/") && ext(".jsonl") {
            return found("continue", Format::JsonLines);
        }
        if name == "config.json" {
            return found("continue", Format::Json);
        }
        if name == "config.yaml" {
            return found("continue", Format::Plain);
        }
        return None;
    }
    match name {
        ".aider.chat.history.md" => return found("aider", Format::Aider),
        ".aider.input.history" => return found("aider", Format::AiderInput),
        ".aider.llm.history" => return found("aider", Format::AiderLlm),
        _ => {}
    }
    if under("/.cursor/") {
        return match name {
            "mcp.json" | "hooks.json" => found("cursor", Format::Json),
            _ if under("/projects/") && ext(".jsonl") => found("cursor", Format::JsonLines),
            _ => None,
        };
    }
    if under("/.codeium/windsurf/") {
        if under("/cascade/") && ext(".pb") {
            return Some(unreadable(
                path,
                "windsurf",
                "Cascade conversation, encrypted protobuf: not readable by a scanner",
            ));
        }
        if under("/memories/") {
            return found("windsurf", Format::Plain);
        }
        if name == "mcp_config.json" {
            return found("windsurf", Format::Json);
        }
        return None;
    }
    for (dir, tool) in EDITORS {
        if !under(&format!("/{dir}/User/")) {
            continue;
        }
        if (under("/chatSessions/") || under("/emptyWindowChatSessions/")) && ext(".json") {
            return found(tool, Format::VscodeChat);
        }
        if (under("/chatSessions/") || under("/emptyWindowChatSessions/")) && ext(".jsonl") {
            return found(tool, Format::JsonLines);
        }
        if name == "state.vscdb" {
            return found(tool, Format::Vscdb);
        }
        for (ext_dir, ext_tool) in [
            ("/saoudrizwan.claude-dev/tasks/", "cline"),
            ("/rooveterinaryinc.roo-cline/tasks/", "roo-code"),
            ("/kilocode.kilo-code/tasks/", "kilo-code"),
        ] {
            if under(ext_dir) && ext(".json") {
                return found(ext_tool, Format::Json);
            }
        }
        return None;
    }
    if under("/zed/conversations/") && ext(".json") {
        return found("zed", Format::Json);
    }
    if under("/zed/threads/") || under("/Zed/threads/") {
        return (name == "threads.db").then(|| {
            unreadable(
                path,
                "zed",
                "SQLite with zstd-compressed JSON threads (not read yet)",
            )
        });
    }
    if under("/opencode/") {
        if under("/storage/") && ext(".json") {
            return found("opencode", Format::Json);
        }
        if name.starts_with("opencode") && ext(".db") {
            return Some(unreadable(
                path,
                "opencode",
                "SQLite sessions (not read yet)",
            ));
        }
        return None;
    }
    if under("/goose/sessions/") && ext(".jsonl") {
        return found("goose", Format::JsonLines);
    }
    if under("/amazon-q/") && name == "data.sqlite3" {
        return Some(unreadable(
            path,
            "amazon-q",
            "SQLite conversations (not read yet)",
        ));
    }
    if under("/.copilot/") && ext(".jsonl") {
        return found("copilot-cli", Format::JsonLines);
    }
    if under("/.cline/data/") && ext(".json") {
        return found("cline", Format::Json);
    }
    None
}

fn unreadable(path: &Path, tool: &'static str, note: &'static str) -> Store {
    Store {
        note: Some(note),
        ..store(path, tool, Format::Unreadable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_classified_by_their_paths() {
        let cases = [
            (
                "/h/.claude/projects/-h-shop/3f.jsonl",
                Some(("claude-code", Format::ClaudeCode)),
            ),
            (
                "/h/.claude/projects/-h-shop/3f/subagents/agent-a.jsonl",
                Some(("claude-code", Format::ClaudeCode)),
            ),
            (
                "/h/.claude/history.jsonl",
                Some(("claude-code", Format::ClaudeCodeHistory)),
            ),
            (
                "/h/.claude/paste-cache/ab.txt",
                Some(("claude-code", Format::Plain)),
            ),
            ("/h/.claude/plugins/x.js", None),
            ("/h/.claude.json", Some(("claude-code", Format::Json))),
            (
                "/h/.codex/sessions/2026/11/20/rollout-x.jsonl",
                Some(("codex", Format::Codex)),
            ),
            (
                "/h/.codex/history.jsonl",
                Some(("codex", Format::CodexHistory)),
            ),
            (
                "/h/.gemini/tmp/shop/chats/session-1.jsonl",
                Some(("gemini-cli", Format::Gemini)),
            ),
            (
                "/h/.gemini/tmp/ab/chats/session-1.json",
                Some(("gemini-cli", Format::GeminiLegacy)),
            ),
            (
                "/h/.gemini/tmp/shop/logs.json",
                Some(("gemini-cli", Format::GeminiLogs)),
            ),
            (
                "/h/.gemini/tmp/shop/checkpoint-x.json",
                Some(("gemini-cli", Format::GeminiCheckpoint)),
            ),
            (
                "/h/.qwen/projects/-h-shop/chats/s.jsonl",
                Some(("qwen-code", Format::Qwen)),
            ),
            (
                "/h/.continue/sessions/7d.json",
                Some(("continue", Format::Continue)),
            ),
            ("/h/.continue/sessions/sessions.json", None),
            ("/p/.aider.chat.history.md", Some(("aider", Format::Aider))),
            (
                "/h/.config/Code/User/workspaceStorage/9c/chatSessions/2f.json",
                Some(("vscode", Format::VscodeChat)),
            ),
            (
                "/h/.config/Cursor/User/globalStorage/state.vscdb",
                Some(("cursor", Format::Vscdb)),
            ),
            (
                "/h/.codeium/windsurf/cascade/a.pb",
                Some(("windsurf", Format::Unreadable)),
            ),
        ];
        for (path, want) in cases {
            let got = classify(Path::new(path)).map(|s| (s.tool, s.format));
            assert_eq!(got, want, "{path}");
        }
    }
}
