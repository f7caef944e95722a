//! `leakhound ai scan --list`, `ai hook`, `ai install-hook` and `redact` (`ai scan` itself is a
//! scan like the others: `cli::scan`).
//!
//! # When the hook cannot scan: fail open, unless `--fail-closed`
//!
//! An internal failure (rules that do not load, standard input that cannot be read, the scan
//! running past `--timeout`) exits with status 1 and a one-line message on standard error:
//! Claude Code shows it as a non-blocking hook error and Cursor lets the action go ahead. A
//! secret scanner that breaks must not lock people out of their assistant, and the assistants
//! themselves fail open (Claude Code treats a hook killed by its own timeout as cancelled). With
//! `--fail-closed` the same failures exit with status 2, which both assistants read as a block
//! (Claude Code shows the message as the reason). Input that is not JSON is not a failure: it is
//! scanned as text (`scan::ai_hook`). leakhound's own limit (`--timeout`, 20 s) is below the
//! 30 s `ai install-hook` writes, so leakhound, not the assistant, decides what a slow scan
//! means.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};

use super::args::{AiHookArgs, AiInstallHookArgs, HookScope, HookTool, RedactArgs};
use super::messages;
use crate::hook::ai as installer;
use crate::report::{self, Format};
use crate::rules::{Loaded, RuleSet};
use crate::scan::{ai, ai_hook, redact};

/// The most of a hook event read (an event is a prompt or a tool's input or output; a larger
/// one is scanned up to here, as text, since its JSON is cut).
const MAX_HOOK_INPUT: u64 = 64 << 20;

pub(super) fn list(paths: &[PathBuf], format: Format) -> Result<i32> {
    let (stores, warnings) = ai::list(paths)?;
    messages::warnings(&warnings);
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    let written =
        report::ai::write_list(&mut w, &stores, format == Format::Json).and_then(|()| w.flush());
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e).context("cannot write to standard output");
        }
    }
    Ok(0)
}

fn rules(config: Option<&Path>) -> Result<RuleSet> {
    let loaded = Loaded::for_root(config, None)?;
    Ok(RuleSet::compile(&loaded)?)
}

/// Answers one hook event; the exit status.
pub(super) fn hook(a: &AiHookArgs) -> i32 {
    let fail = if a.fail_closed { 2 } else { 1 };
    let failed = move |why: &str| {
        let then = if fail == 2 {
            "blocked (--fail-closed)"
        } else {
            "the action goes ahead unscanned"
        };
        messages::error(&format!("leakhound ai hook: {why}; {then}"));
        fail
    };
    if a.timeout > 0 {
        let limit = Duration::from_secs(a.timeout);
        let why = format!("no answer within {} s (--timeout)", a.timeout);
        std::thread::spawn(move || {
            std::thread::sleep(limit);
            std::process::exit(failed(&why));
        });
    }
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin()
        .lock()
        .take(MAX_HOOK_INPUT)
        .read_to_end(&mut input)
    {
        return failed(&format!("cannot read standard input: {e}"));
    }
    let rules = match rules(a.config.as_deref()) {
        Ok(r) => r,
        Err(e) => return failed(&format!("{e:#}")),
    };
    let tool = match a.tool {
        HookTool::ClaudeCode => ai_hook::Tool::ClaudeCode,
        HookTool::Cursor => ai_hook::Tool::Cursor,
    };
    let answer = ai_hook::answer(tool, &input, &rules, 2);
    if let Some(note) = &answer.note {
        messages::note(note);
    }
    let stdout = std::io::stdout();
    if report::ai::write_answer(&mut stdout.lock(), &answer.stdout).is_err() {
        return failed("cannot write the answer to standard output");
    }
    answer.exit
}

pub(super) fn install_hook(a: &AiInstallHookArgs) -> Result<i32> {
    let tool = match a.tool {
        HookTool::ClaudeCode => installer::Tool::ClaudeCode,
        HookTool::Cursor => installer::Tool::Cursor,
    };
    let target = match (&a.settings, a.scope) {
        (Some(file), _) => installer::Target::File(file.clone()),
        (None, HookScope::User) => installer::Target::User,
        (None, HookScope::Project) => {
            let cwd = std::env::current_dir().context("cannot read the current directory")?;
            let root = cwd
                .ancestors()
                .find(|d| d.join(".git").exists())
                .map_or_else(|| cwd.clone(), Path::to_path_buf);
            installer::Target::Project(root)
        }
    };
    let done = installer::install(tool, &target, &installer::command(tool))?;
    let path = crate::display::display_path(&done.settings);
    let mut said = Vec::new();
    if !done.added.is_empty() {
        said.push(format!("added to {}", done.added.join(", ")));
    }
    if !done.updated.is_empty() {
        said.push(format!("updated in {}", done.updated.join(", ")));
    }
    messages::note(&format!(
        "leakhound: {path}: `leakhound ai hook` {} (the other hooks there are unchanged)",
        said.join("; ")
    ));
    Ok(0)
}

pub(super) fn redact(a: &RedactArgs) -> Result<i32> {
    let rules = rules(a.config.as_deref())?;
    let depth = a.max_decode_depth;
    if let Some(path) = &a.in_place {
        let done = redact::in_place(&rules, depth, path)?;
        if !a.quiet {
            let shown = crate::display::display_path(path);
            match &done.backup {
                Some(b) => messages::note(&format!(
                    "leakhound: {shown}: redacted {} secret(s); the original is {} (it still holds them: delete it once you have checked the result)",
                    done.redacted.secrets,
                    crate::display::display_path(b)
                )),
                None => messages::note(&format!("leakhound: {shown}: nothing to redact; unchanged")),
            }
        }
        return Ok(0);
    }
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::with_capacity(256 << 10, stdout.lock());
    let done = match redact::stream(&rules, depth, std::io::stdin().lock(), &mut w) {
        Ok(d) => d,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(0),
        Err(e) => return Err(e).context("cannot copy standard input to standard output"),
    };
    if !a.quiet {
        messages::note(&format!(
            "leakhound: redacted {} secret(s) in {}",
            done.secrets,
            messages::human_bytes(done.bytes)
        ));
    }
    Ok(0)
}
