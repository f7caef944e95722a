//! Test helpers: a temp directory with files, the real binary, and a git repository builder.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A fresh temporary directory, removed when dropped.
pub struct Dir {
    pub tmp: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            tmp: tempfile::Builder::new()
                .prefix("leakhound-test-")
                .tempdir()
                .expect("tempdir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.tmp.path().join(rel)
    }

    /// Writes `content` to `rel`, creating parent directories.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> &Dir {
        let p = self.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
        self
    }

    /// Runs leakhound with `args` in this directory.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args, None)
    }

    /// Runs leakhound with `args` in this directory, feeding `input` on standard input.
    pub fn run_stdin(&self, args: &[&str], input: &[u8]) -> Run {
        run_in(self.path(), args, Some(input))
    }
}

/// The outcome of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The JSON report on standard output.
    pub fn json(&self) -> Vec<serde_json::Value> {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not a JSON array ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// `(path, line, rule_id)` of each JSON finding.
    pub fn found(&self) -> Vec<(String, u64, String)> {
        self.json()
            .iter()
            .map(|f| {
                (
                    f["path"].as_str().unwrap().to_string(),
                    f["line"].as_u64().unwrap(),
                    f["rule_id"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }
}

/// Each JSON finding's `(path, line, rule_id, commit)` (the commit empty outside history).
pub fn found_in(r: &Run) -> Vec<(String, u64, String, String)> {
    r.json()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["rule_id"].as_str().unwrap().to_string(),
                f["commit"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_leakhound")
}

/// The binary with `args` in `dir`, outside any environment the test runner may set.
fn leakhound(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .current_dir(dir)
        .env_remove("LEAKHOUND_CONFIG")
        .env_remove("GITLEAKS_CONFIG")
        .env_remove("GITLEAKS_CONFIG_TOML")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        // Help text wraps at 100 columns when no terminal says otherwise.
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1");
    cmd
}

pub fn run_in(dir: &Path, args: &[&str], input: Option<&[u8]>) -> Run {
    run_env(dir, args, input, &[])
}

/// Like [`run_in`], with these environment variables set.
pub fn run_env(dir: &Path, args: &[&str], input: Option<&[u8]>, env: &[(&str, &str)]) -> Run {
    let mut cmd = leakhound(dir, args);
    cmd.envs(env.iter().copied());
    run_command(cmd, input)
}

/// Runs `cmd` (leakhound, set up by the caller) to its end with `input` on standard input (none:
/// stdin is closed), and collects its exit code and output.
pub fn run_command(mut cmd: Command, input: Option<&[u8]>) -> Run {
    cmd.stdin(if input.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn leakhound");
    if let Some(input) = input {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        let input = input.to_vec();
        std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().expect("wait");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// Like [`run_in`] (no input), for inputs that once made a scan hang: a run still going after
/// `limit` is killed and fails the test.
pub fn run_in_within(dir: &Path, args: &[&str], limit: std::time::Duration) -> Run {
    run_in_within_env(dir, args, limit, &[])
}

/// Like [`run_in_within`], with `env` added to the environment.
pub fn run_in_within_env(
    dir: &Path,
    args: &[&str],
    limit: std::time::Duration,
    env: &[(&str, &str)],
) -> Run {
    use std::io::Read;
    let mut child = leakhound(dir, args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn leakhound");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("leakhound {args:?} did not exit within {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// The SARIF 2.1.0 schema's validator, formats (uri, date-time, uuid) checked too. The schema is
/// the one the SARIF multitool ships (npm @microsoft/sarif-multitool-linux, `sarif-2.1.0.json`:
/// OASIS's 2.1.0 schema as JSON Schema 2020-12, with the errata's fixed `language` pattern), read
/// from where `.ci/run` installs it (`$LEAKHOUND_SARIF_SCHEMA`); this repository does not carry a
/// copy. `None`, with a message, when it is not there outside CI; in CI (`CI=true`) that fails.
pub fn sarif_validator() -> Option<jsonschema::Validator> {
    let path = std::env::var_os("LEAKHOUND_SARIF_SCHEMA").map(PathBuf::from);
    let Some(text) = path.as_ref().and_then(|p| std::fs::read_to_string(p).ok()) else {
        let why = "the SARIF schema is not installed (set LEAKHOUND_SARIF_SCHEMA to the \
                   sarif-2.1.0.json of @microsoft/sarif-multitool-linux; .ci/run does)";
        if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
            panic!("{why}");
        }
        eprintln!("SKIPPED the SARIF schema check: {why}");
        return None;
    };
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    Some(
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the SARIF schema compiles"),
    )
}

/// What `validator` finds wrong with `sarif`, each with where.
pub fn sarif_errors(validator: &jsonschema::Validator, sarif: &serde_json::Value) -> Vec<String> {
    validator
        .iter_errors(sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// The repository root (for fixtures).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Secrets made of parts so this source file does not itself hold them whole.
pub fn github_pat() -> String {
    format!("ghp_{}", "R8vQ2mZx7LkP4nW9sT1yB6cH3jD5fG0aE2uK")
}

pub fn aws_key_id() -> String {
    format!("AKIA{}", "QX4Z7T2MNB5RWKE6")
}

pub fn stripe_live() -> String {
    format!("sk_live_{}", "51HqLyjWDarjtT1zdp7dcXa9bRj3Uk2N")
}

/// A git repository in a temp dir, built with git2: files are written to the work tree and
/// staged, commits get a fixed author and a clock that advances one minute per commit.
pub struct GitRepo {
    pub dir: Dir,
    pub repo: git2::Repository,
    clock: std::cell::Cell<i64>,
}

/// The author of commits made with [`GitRepo::commit`].
pub const AUTHOR: (&str, &str) = ("Ada Lovelace", "ada@example.com");
/// The first commit's time (2023-11-14T22:13:20Z) and the author's offset (+01:00).
pub const EPOCH: i64 = 1_700_000_000;
pub const OFFSET_MINUTES: i32 = 60;

impl GitRepo {
    /// `git init` with `main` as the initial branch.
    pub fn init() -> GitRepo {
        let dir = Dir::new();
        let mut opts = git2::RepositoryInitOptions::new();
        opts.initial_head("main");
        let repo = git2::Repository::init_opts(dir.path(), &opts).expect("git init");
        GitRepo {
            dir,
            repo,
            clock: std::cell::Cell::new(EPOCH),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `.leakhound.toml` (untracked) with the test rules.
    pub fn with_rules(self) -> GitRepo {
        self.dir.write(".leakhound.toml", TEST_RULES);
        self
    }

    /// Writes a file in the work tree without staging it.
    pub fn write_unstaged(&self, rel: &str, content: impl AsRef<[u8]>) -> &GitRepo {
        self.dir.write(rel, content);
        self
    }

    /// Writes a file in the work tree and stages it.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> &GitRepo {
        self.dir.write(rel, content);
        self.add(rel)
    }

    /// Stages the work tree's version of `rel`.
    pub fn add(&self, rel: &str) -> &GitRepo {
        let mut index = self.repo.index().unwrap();
        index.add_path(Path::new(rel)).unwrap();
        index.write().unwrap();
        self
    }

    /// Removes a file from the work tree and the index.
    pub fn remove(&self, rel: &str) -> &GitRepo {
        std::fs::remove_file(self.dir.join(rel)).unwrap();
        let mut index = self.repo.index().unwrap();
        index.remove_path(Path::new(rel)).unwrap();
        index.write().unwrap();
        self
    }

    /// Renames a file in the work tree and the index (`git mv`).
    pub fn rename(&self, from: &str, to: &str) -> &GitRepo {
        let content = std::fs::read(self.dir.join(from)).unwrap();
        self.remove(from);
        self.write(to, content)
    }

    /// Commits the index on HEAD as [`AUTHOR`].
    pub fn commit(&self, message: &str) -> git2::Oid {
        self.commit_as(message, AUTHOR)
    }

    pub fn commit_as(&self, message: &str, author: (&str, &str)) -> git2::Oid {
        let parents = match self.repo.head() {
            Ok(h) => vec![h.peel_to_commit().unwrap()],
            Err(_) => vec![],
        };
        self.commit_with_parents(message, author, &parents.iter().collect::<Vec<_>>())
    }

    fn signature(&self, author: (&str, &str)) -> git2::Signature<'static> {
        let t = self.clock.get();
        self.clock.set(t + 60);
        git2::Signature::new(author.0, author.1, &git2::Time::new(t, OFFSET_MINUTES)).unwrap()
    }

    fn commit_with_parents(
        &self,
        message: &str,
        author: (&str, &str),
        parents: &[&git2::Commit<'_>],
    ) -> git2::Oid {
        let mut index = self.repo.index().unwrap();
        let tree = self.repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = self.signature(author);
        self.repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, parents)
            .unwrap()
    }

    /// Creates branch `name` at HEAD.
    pub fn branch(&self, name: &str) -> &GitRepo {
        let head = self.repo.head().unwrap().peel_to_commit().unwrap();
        self.repo.branch(name, &head, false).unwrap();
        self
    }

    /// Switches to branch `name`, resetting the index and work tree to it.
    pub fn checkout(&self, name: &str) -> &GitRepo {
        self.repo.set_head(&format!("refs/heads/{name}")).unwrap();
        let mut opts = git2::build::CheckoutBuilder::new();
        opts.force().remove_untracked(false);
        self.repo.checkout_head(Some(&mut opts)).unwrap();
        self
    }

    /// Commits the index as a merge of HEAD and branch `other` (write the merged files first).
    pub fn merge(&self, other: &str, message: &str) -> git2::Oid {
        let head = self.repo.head().unwrap().peel_to_commit().unwrap();
        let theirs = self
            .repo
            .find_branch(other, git2::BranchType::Local)
            .unwrap()
            .get()
            .peel_to_commit()
            .unwrap();
        self.commit_with_parents(message, AUTHOR, &[&head, &theirs])
    }

    fn head_object(&self) -> git2::Object<'_> {
        self.repo
            .head()
            .unwrap()
            .peel(git2::ObjectType::Commit)
            .unwrap()
    }

    /// A lightweight tag at HEAD.
    pub fn tag(&self, name: &str) -> &GitRepo {
        let head = self.head_object();
        self.repo.tag_lightweight(name, &head, false).unwrap();
        self
    }

    /// An annotated tag at HEAD.
    pub fn tag_annotated(&self, name: &str, message: &str) -> &GitRepo {
        let head = self.head_object();
        let sig = self.signature(AUTHOR);
        self.repo.tag(name, &head, &sig, message, false).unwrap();
        self
    }

    /// Points the current branch (and index and work tree) at `commit`, like `git reset --hard`.
    pub fn reset_hard(&self, commit: git2::Oid) -> &GitRepo {
        let obj = self.repo.find_object(commit, None).unwrap();
        self.repo.reset(&obj, git2::ResetType::Hard, None).unwrap();
        self
    }

    /// The blob id of `content` (as git would store it).
    pub fn blob_id(content: &[u8]) -> git2::Oid {
        git2::Oid::hash_object(git2::ObjectType::Blob, content).unwrap()
    }

    /// Runs leakhound with `args` in the work tree.
    pub fn run(&self, args: &[&str]) -> Run {
        self.dir.run(args)
    }

    /// The loose object file of `oid` (hex).
    pub fn object_path(&self, oid: &str) -> PathBuf {
        self.path()
            .join(".git/objects")
            .join(&oid[..2])
            .join(&oid[2..])
    }

    /// Moves every object into one packfile, as `git repack -a -d` does.
    pub fn repack(&self) -> &GitRepo {
        git_ok(
            self.path(),
            &["-c", "gc.auto=0", "repack", "-a", "-d", "-q"],
        );
        self
    }

    /// The file of the one pack with extension `ext` (`idx`, `pack`) after [`GitRepo::repack`].
    pub fn pack_file(&self, ext: &str) -> PathBuf {
        std::fs::read_dir(self.path().join(".git/objects/pack"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == ext))
            .unwrap_or_else(|| panic!("no .{ext} file"))
    }
}

/// Edits a file in place; git's object files are read-only, so it is replaced.
pub fn rewrite(path: &Path, edit: impl FnOnce(&mut Vec<u8>)) {
    let mut bytes = std::fs::read(path).unwrap();
    edit(&mut bytes);
    let _ = std::fs::remove_file(path);
    std::fs::write(path, &bytes).unwrap();
}

/// The rules the git tests use (a GitHub PAT and an AWS access key id).
pub const TEST_RULES: &str = r#"
[[rules]]
id = "github-pat"
description = "GitHub personal access token"
regex = '''\b(ghp_[A-Za-z0-9]{36})\b'''
keywords = ["ghp_"]

[[rules]]
id = "aws-access-key-id"
aliases = ["aws-access-token"]
description = "AWS access key ID"
regex = '''\b((?:AKIA|ASIA)[A-Z2-7]{16})\b'''
keywords = ["akia", "asia"]
"#;

/// Another GitHub PAT, distinct from [`github_pat`].
pub fn github_pat2() -> String {
    format!("ghp_{}", "Zt5Wq1Nc8Vb3Mx6Lk9Jh2Gf4Dd7Ss0Aa1Pp3")
}

/// A third GitHub PAT.
pub fn github_pat3() -> String {
    format!("ghp_{}", "Yy2Uu4Ii6Oo8Pp0Ee1Rr3Tt5Qq7Ww9Hh2Kk4")
}

/// A `git` command (the CLI, for what git2 cannot do: shallow clones, worktrees, hooks) in `dir`,
/// isolated from the user's git config and environment.
pub fn git_command(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        // The user's own git config (signing, hooks paths, templates) stays out of the tests.
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", AUTHOR.0)
        .env("GIT_AUTHOR_EMAIL", AUTHOR.1)
        .env("GIT_COMMITTER_NAME", AUTHOR.0)
        .env("GIT_COMMITTER_EMAIL", AUTHOR.1);
    cmd
}

/// Runs `git` with `args` in `dir` (see [`git_command`]).
pub fn git(dir: &Path, args: &[&str]) -> Output {
    git_command(dir).args(args).output().expect("run git")
}

/// Like [`git`], and panics if it fails.
pub fn git_ok(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
