//! The SARIF 2.1.0 report, for code scanning (GitHub, Azure DevOps, GitLab, IDE viewers).
//!
//! # Contract
//!
//! One run. `tool.driver` names leakhound (`name`, `semanticVersion`, `informationUri`) and has
//! one `rules` entry per rule that has a result, in rule-set order: `id`, a PascalCase `name`,
//! `shortDescription`, `fullDescription`, `help` (text and Markdown: what to do, the rule's
//! remediation, its references), `helpUri` (the rule's first reference, if any),
//! `defaultConfiguration.level` and `properties` (`tags`, GitHub's `security-severity` and
//! `precision`). The run declares `columnKind: unicodeCodePoints` (columns count characters).
//!
//! Each result has `ruleId`, `ruleIndex`, `level`, a `message` that names the rule and shows the
//! secret as the finding holds it (redacted unless `--no-redact`), one location (a relative,
//! percent-encoded URI under `%SRCROOT%`, the scan root, and a 1-based region whose `endColumn` is
//! one past the last character; for a secret in a commit message, a logical location: the commit,
//! `kind: commitMessage`), and `partialFingerprints`:
//!
//! - `primaryLocationLineHash`: GitHub's line hash (see [`crate::findings::line_hash`]);
//! - `leakhound/v1`: [`crate::findings::fingerprint::location_fingerprint`], the secret at that
//!   path, stable when lines move.
//!
//! `properties` hold `fingerprint` (the secret's identity, as in `.leakhoundignore` and the other
//! reports), `severity`, `confidence`, `decoded` (how the secret was encoded, if it was), and for
//! git findings `commitSha`, `author`, `email`, `date`,
//! `commitMessage` and `inHead`.
//!
//! Severity maps to `level` (critical and high: error, medium: warning, low and info: note) and to
//! `security-severity` (9.5, 8.0, 5.5, 3.0, 1.0), which GitHub ranks as critical, high, medium,
//! low, low.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use serde::Serialize;
use serde_json::{json, Value};
use serde_sarif::sarif::{
    ArtifactLocation, Location, LogicalLocation, Message, MultiformatMessageString,
    PhysicalLocation, PropertyBag, Region, ReportingConfiguration, ReportingDescriptor,
    Result as SarifResult, ResultLevel, Tool, ToolComponent,
};

use crate::findings::Finding;
use crate::rules::{Rule, RuleSet, Severity};

/// The `$schema` written in the report.
pub(crate) const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The base URI id of every location: the scan root.
pub(crate) const SRCROOT: &str = "%SRCROOT%";
/// The key of our own fingerprint in `partialFingerprints`.
pub(crate) const FINGERPRINT_KEY: &str = "leakhound/v1";

/// Writes the SARIF log of `findings`, found under the scan root `root` (absolute). Results are
/// written as they are made: one result's tree in memory at a time, whatever their number.
pub(crate) fn write(
    out: &mut dyn Write,
    findings: &[Finding],
    rules: &RuleSet,
    root: &Path,
) -> std::io::Result<()> {
    // The rules that have a result, in rule-set order; `index[rule_index]` is the SARIF index.
    let mut used: Vec<u32> = findings.iter().map(|f| f.rule_index).collect();
    used.sort_unstable();
    used.dedup();
    let index: BTreeMap<u32, i64> = used
        .iter()
        .enumerate()
        .map(|(i, &r)| (r, i as i64))
        .collect();
    let descriptors: Vec<ReportingDescriptor> = used
        .iter()
        .map(|&r| descriptor(&rules.rules[r as usize]))
        .collect();
    let driver = ToolComponent::builder()
        .name("leakhound")
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(env!("CARGO_PKG_HOMEPAGE"))
        .rules(descriptors)
        .build();
    let log = Log {
        schema: SCHEMA,
        runs: [RunOut {
            column_kind: "unicodeCodePoints",
            results: Results {
                findings,
                index: &index,
                root,
            },
            tool: Tool::builder().driver(driver).build(),
        }],
        version: "2.1.0",
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}

/// The SARIF log, its keys in the order serde-sarif's own types write them; the results are
/// serialized one by one from the findings.
#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [RunOut<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunOut<'a> {
    column_kind: &'static str,
    results: Results<'a>,
    tool: Tool,
}

/// The results, made from the findings while they are written.
struct Results<'a> {
    findings: &'a [Finding],
    index: &'a BTreeMap<u32, i64>,
    root: &'a Path,
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.findings
                .iter()
                .map(|f| result(f, self.index[&f.rule_index], self.root)),
        )
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

fn result_level(s: Severity) -> ResultLevel {
    match s {
        Severity::Critical | Severity::High => ResultLevel::Error,
        Severity::Medium => ResultLevel::Warning,
        Severity::Low | Severity::Info => ResultLevel::Note,
    }
}

/// GitHub's `security-severity`: a CVSS-like score as a string.
pub(crate) fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

/// `github-pat` -> `GithubPat`: SARIF's friendly rule name.
pub(crate) fn pascal_case(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            let first = cs.next().map(|c| c.to_ascii_uppercase());
            first.into_iter().chain(cs).collect::<String>()
        })
        .collect()
}

/// Ends `s` with a period (SARIF asks for complete sentences).
fn sentence(s: &str) -> String {
    let s = s.trim_end();
    if s.ends_with(['.', '!', '?']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

const WHY: &str = "A secret committed to a repository must be treated as compromised: deleting it \
from the code does not remove it from the history, forks, clones or CI logs.";

const SUPPRESS: &str = "If this is not a real secret (a test value, an example), mark the line \
with a `leakhound:allow` comment, or list its fingerprint in `.leakhoundignore`.";

fn descriptor(rule: &Rule) -> ReportingDescriptor {
    let name = rule.name();
    let remediation = rule.what_to_do();
    // A repository's config writes the name, id, remediation and references: in Markdown they
    // are text (escaped; code spans kept), and only http(s) references become links.
    let mut text = format!("{}\n\n{WHY}\n\n{}\n", sentence(name), sentence(remediation));
    let mut markdown = format!(
        "**{}** ({})\n\n{WHY}\n\n## How to fix\n\n{}\n",
        markdown_escape(name),
        markdown_code(&rule.id),
        markdown_text(&sentence(remediation))
    );
    if !rule.references.is_empty() {
        text.push_str("\nReferences:\n");
        markdown.push_str("\n## References\n\n");
        for r in &rule.references {
            text.push_str(&format!("- {r}\n"));
            if is_web_uri(r) {
                markdown.push_str(&format!("- <{r}>\n"));
            } else {
                markdown.push_str(&format!("- {}\n", markdown_escape(r)));
            }
        }
    }
    text.push_str(&format!("\n{}\n", SUPPRESS.replace('`', "")));
    markdown.push_str(&format!("\n{SUPPRESS}\n"));
    let mut tags: Vec<String> = vec![
        "security".into(),
        "secret".into(),
        "external/cwe/cwe-798".into(),
    ];
    for t in &rule.tags {
        if !tags.contains(t) {
            tags.push(t.clone());
        }
    }
    let mut props = BTreeMap::new();
    props.insert(
        "security-severity".to_string(),
        Value::from(security_severity(rule.severity)),
    );
    props.insert(
        "precision".to_string(),
        Value::from(if rule.generic { "medium" } else { "high" }),
    );
    props.insert("severity".to_string(), Value::from(rule.severity.as_str()));
    let full = format!(
        "{} Severity: {}. {WHY}",
        sentence(name),
        rule.severity.as_str()
    );
    let mut d = ReportingDescriptor::builder()
        .id(rule.id.clone())
        .name(pascal_case(&rule.id))
        .short_description(
            MultiformatMessageString::builder()
                .text(sentence(name))
                .build(),
        )
        .full_description(MultiformatMessageString::builder().text(full).build())
        .help(
            MultiformatMessageString::builder()
                .text(text)
                .markdown(markdown)
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level(rule.severity)))
                .build(),
        )
        .properties(
            PropertyBag::builder()
                .tags(tags)
                .additional_properties(props)
                .build(),
        )
        .build();
    d.help_uri = rule.references.iter().find(|r| is_web_uri(r)).cloned();
    d
}

/// Whether `r` is an absolute `http` or `https` URI with a host, made only of the characters
/// RFC 3986 allows (no spaces, quotes, angle brackets or controls): what may be a link.
pub(crate) fn is_web_uri(r: &str) -> bool {
    let lower = r.get(..8).unwrap_or(r).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &r[8..]
    } else if lower.starts_with("http://") {
        &r[7..]
    } else {
        return false;
    };
    let host_ends = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    host_ends > 0
        && r.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b))
}

/// Text as Markdown that renders as that text: every character Markdown or HTML could read as
/// markup is escaped, line breaks become spaces (no new block can start).
fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\`*_{}[]<>()#+-.!|&~".contains(c) {
            out.push('\\');
            out.push(c);
        } else if c.is_control() {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// `s` as a Markdown code span, or escaped text when it could not stay inside one.
fn markdown_code(s: &str) -> String {
    if s.is_empty() || s.contains('`') || s.chars().any(char::is_control) {
        markdown_escape(s)
    } else {
        format!("`{s}`")
    }
}

/// Prose as Markdown: escaped as [`markdown_escape`] escapes, except that `code` spans (a
/// backtick-delimited piece without line breaks) stay code spans. Nothing in a code span is
/// markup, so no link or HTML survives either way.
fn markdown_text(s: &str) -> String {
    let pieces: Vec<&str> = s.split('`').collect();
    // An even number of backticks: pieces at odd indices are inside spans.
    if pieces.len().is_multiple_of(2) {
        return markdown_escape(s);
    }
    pieces
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i % 2 == 1 {
                markdown_code(p)
            } else {
                markdown_escape(p)
            }
        })
        .collect()
}

fn result(f: &Finding, rule_index: i64, root: &Path) -> SarifResult {
    let message = if f.is_file_finding() {
        format!(
            "{} ({}): the file itself is the finding.",
            f.rule_name, f.rule_id
        )
    } else {
        format!(
            "{} found: '{}' (rule {}).",
            f.rule_name, f.secret, f.rule_id
        )
    };
    let mut region = Region::builder().start_line(f.line as i64).build();
    if !f.is_file_finding() {
        region.start_column = Some(f.column as i64);
        region.end_line = Some(f.end_line as i64);
        region.end_column = Some(f.end_column as i64);
    }
    let location = match &f.commit {
        // A commit message is no file: a logical location, the commit.
        Some(c) if f.path.is_empty() => Location::builder()
            .logical_locations(vec![LogicalLocation::builder()
                .kind("commitMessage")
                .name(format!("message of commit {}", c.commit))
                .fully_qualified_name(c.commit.clone())
                .build()])
            .message(
                Message::builder()
                    .text(format!(
                        "line {} of the message of commit {}",
                        f.line, c.commit
                    ))
                    .build(),
            )
            .build(),
        _ => Location::builder()
            .physical_location(
                PhysicalLocation::builder()
                    .artifact_location(finding_location(f, root))
                    .region(region)
                    .build(),
            )
            .build(),
    };
    let mut fingerprints = BTreeMap::new();
    if let Some(h) = &f.line_hash {
        fingerprints.insert("primaryLocationLineHash".to_string(), h.clone());
    }
    fingerprints.insert(FINGERPRINT_KEY.to_string(), f.location.clone());
    let mut props = BTreeMap::new();
    props.insert(
        "fingerprint".to_string(),
        Value::from(f.fingerprint.clone()),
    );
    props.insert("severity".to_string(), Value::from(f.severity.as_str()));
    props.insert("confidence".to_string(), json!(f.confidence));
    if let Some(d) = &f.decoded {
        props.insert("decoded".to_string(), Value::from(d.clone()));
    }
    if let Some(c) = &f.commit {
        props.insert("commitSha".to_string(), Value::from(c.commit.clone()));
        props.insert("author".to_string(), Value::from(c.author.clone()));
        props.insert("email".to_string(), Value::from(c.email.clone()));
        props.insert("date".to_string(), Value::from(c.date.clone()));
        props.insert("commitMessage".to_string(), Value::from(c.message.clone()));
    }
    if let Some(in_head) = f.in_head {
        props.insert("inHead".to_string(), Value::from(in_head));
    }
    if let Some(t) = &f.transcript {
        props.insert("transcript".to_string(), json!(t));
    }
    SarifResult::builder()
        .rule_id(f.rule_id.clone())
        .rule_index(rule_index)
        .level(result_level(f.severity))
        .message(Message::builder().text(message).build())
        .locations(vec![location])
        .partial_fingerprints(fingerprints)
        .properties(PropertyBag::builder().additional_properties(props).build())
        .build()
}

/// Where a finding is: its file's [`artifact_location`]; for a member of an archive, the
/// archive's, with `!` and the member's path after it (`a.tar.gz!b.zip!c.env`, gitleaks'
/// notation). A member path with `.` or `..` segments, or an absolute one (an archive can hold
/// `../../etc/passwd`), has its slashes encoded too: no URI resolution can take it outside the
/// archive.
fn finding_location(f: &Finding, root: &Path) -> ArtifactLocation {
    let split = f
        .member_at
        .filter(|&at| f.rel_path.as_bytes().get(at) == Some(&b'!'))
        .or_else(|| f.member_at.and_then(|_| f.rel_path.find('!')));
    let Some(at) = split else {
        return artifact_location(&f.rel_path, root);
    };
    let (archive, member) = (&f.rel_path[..at], &f.rel_path[at + 1..]);
    let mut location = artifact_location(archive, root);
    if let Some(uri) = location.uri.as_mut() {
        uri.push('!');
        uri.push_str(&member_uri(member));
    }
    location
}

/// The path of an archive member as the end of a URI (see [`finding_location`]).
fn member_uri(member: &str) -> String {
    let dotted = member.starts_with('/')
        || member
            .split(['/', '!'])
            .any(|segment| segment == "." || segment == "..");
    let mut out = String::with_capacity(member.len());
    for b in member.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~!".contains(&b) || (b == b'/' && !dotted);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Where a finding's file is: under the scan root, a relative URI with `%SRCROOT%` as its base;
/// outside it (`dir . ../other`), where no relative reference to the root is valid, an absolute
/// `file:` URI, without a base.
fn artifact_location(rel: &str, root: &Path) -> ArtifactLocation {
    let outside = Path::new(rel).components().any(|c| {
        matches!(
            c,
            Component::ParentDir | Component::RootDir | Component::Prefix(_)
        )
    });
    if !outside {
        return ArtifactLocation::builder()
            .uri(uri_path(rel))
            .uri_base_id(SRCROOT)
            .build();
    }
    let mut abs = PathBuf::new();
    for c in root.join(rel).components() {
        match c {
            Component::ParentDir => {
                abs.pop();
            }
            Component::CurDir => {}
            c => abs.push(c),
        }
    }
    let path = crate::display::display_path(&abs);
    let path = if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };
    ArtifactLocation::builder()
        .uri(format!("file://{}", uri_path(&path)))
        .build()
}

/// A relative path as a URI reference: every byte outside RFC 3986's unreserved set (and `/`)
/// percent-encoded, so spaces, `#`, `%` and a `:` that would read as a scheme are all safe.
pub(crate) fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::test_finding;

    fn sarif_of(findings: &[Finding], rules: &RuleSet) -> Value {
        let mut out = Vec::new();
        write(&mut out, findings, rules, Path::new("/scan/root")).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn names() {
        assert_eq!(pascal_case("github-pat"), "GithubPat");
        assert_eq!(pascal_case("aws_access-key.id"), "AwsAccessKeyId");
        assert_eq!(pascal_case("x"), "X");
    }

    #[test]
    fn uris() {
        let cases = [
            ("src/a.py", "src/a.py"),
            ("a b/c#d%.txt", "a%20b/c%23d%25.txt"),
            ("c:x", "c%3Ax"),
            ("é", "%C3%A9"),
            (".env", ".env"),
        ];
        for (path, want) in cases {
            assert_eq!(uri_path(path), want);
        }
    }

    fn rules() -> RuleSet {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rules.toml");
        std::fs::write(
            &path,
            "[[rules]]\nid = \"github-pat\"\ndescription = \"GitHub token\"\n\
             regex = 'ghp_[A-Za-z0-9]{36}'\nkeywords = [\"ghp_\"]\nseverity = \"critical\"\n\
             [[rules]]\nid = \"unused\"\nregex = 'x{3}'\nseverity = \"low\"\n\
             [[rules]]\nid = \"other\"\nregex = 'y{3}'\nseverity = \"medium\"\n",
        )
        .unwrap();
        let loaded = crate::rules::Loaded::from_files(&[path]).unwrap();
        RuleSet::compile(&loaded).unwrap()
    }

    #[test]
    fn results_index_only_the_rules_they_use() {
        let rules = rules();
        let mut a = test_finding("other", "yyy", "b.txt", 2);
        a.rule_index = 2;
        a.severity = Severity::Medium;
        let b = test_finding("github-pat", "ghp_*****", "a b.txt", 1);
        let sarif = sarif_of(&[a, b], &rules);
        let run = &sarif["runs"][0];
        let ids: Vec<&str> = run["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["github-pat", "other"]);
        assert_eq!(run["results"][0]["ruleIndex"], 1);
        assert_eq!(run["results"][0]["level"], "warning");
        assert_eq!(run["results"][1]["ruleIndex"], 0);
        assert_eq!(
            run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "a%20b.txt"
        );
        assert_eq!(
            run["tool"]["driver"]["rules"][0]["properties"]["security-severity"],
            "9.5"
        );
    }

    #[test]
    fn git_findings_carry_their_commit() {
        let rules = rules();
        let mut f = test_finding("github-pat", "ghp_*****", "a.txt", 1);
        f.commit = Some(crate::findings::CommitInfo {
            commit: "cd5226711335c68be1e720b318b7bc3135a30eb2".into(),
            author: "A U Thor".into(),
            email: "author@example.com".into(),
            date: "2024-05-01T10:00:00Z".into(),
            message: "add config".into(),
        });
        f.in_head = Some(false);
        let sarif = sarif_of(&[f], &rules);
        let props = &sarif["runs"][0]["results"][0]["properties"];
        assert_eq!(
            props["commitSha"],
            "cd5226711335c68be1e720b318b7bc3135a30eb2"
        );
        assert_eq!(props["inHead"], false);
        assert_eq!(props["author"], "A U Thor");
    }

    /// A repository's config writes rule names, ids, remediations and references: in the
    /// Markdown code scanning renders they stay text, and only http(s) URIs become links.
    #[test]
    fn help_from_a_config_is_sanitised() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rules.toml");
        std::fs::write(
            &path,
            r#"[[rules]]
id = "x`<b>y"
description = "Evil <script>alert(1)</script> [link](javascript:alert(1))"
regex = 'x{3}'
remediation = """Run `rotate --now` then <img src=x onerror=alert(1)>
[click](javascript:alert(1)) and <a href="javascript:x">here</a>
# heading"""
references = ["javascript:alert(1)", "data:text/html,<script>", "https://ok.example/docs?a=1", "http://bad host/", "HTTPS://second.example/"]
"#,
        )
        .unwrap();
        let rules = RuleSet::compile(&crate::rules::Loaded::from_files(&[path]).unwrap()).unwrap();
        let d = descriptor(&rules.rules[0]);
        assert_eq!(d.help_uri.as_deref(), Some("https://ok.example/docs?a=1"));
        let markdown = d.help.unwrap().markdown.unwrap();
        // What Markdown reads as markup: the text without its escaped characters.
        let mut bare = String::new();
        let mut chars = markdown.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                chars.next();
            } else {
                bare.push(c);
            }
        }
        for (i, _) in bare.match_indices('<') {
            let link = bare[i..].get(..5).unwrap_or("").to_ascii_lowercase();
            assert_eq!(link, "<http", "raw HTML in {markdown}");
        }
        for bad in ["](", "\n# heading"] {
            assert!(!bare.contains(bad), "{bad:?} in {markdown}");
        }
        assert!(markdown.contains("`rotate --now`"), "{markdown}");
        assert!(
            markdown.contains("- <https://ok.example/docs?a=1>"),
            "{markdown}"
        );
        assert!(
            markdown.contains("- <HTTPS://second.example/>"),
            "{markdown}"
        );
        assert!(markdown.contains("- javascript:alert\\(1\\)"), "{markdown}");
        let uris = [
            ("https://example.com/a_b-c?x=1#f", true),
            ("http://example.com", true),
            ("https://", false),
            ("https:///path", false),
            ("ftp://example.com", false),
            ("javascript:alert(1)", false),
            ("https://example.com/<script>", false),
            ("https://example.com/a b", false),
            ("https://example.com/\u{1b}", false),
        ];
        for (uri, want) in uris {
            assert_eq!(is_web_uri(uri), want, "{uri}");
        }
    }

    /// Under the scan root a file is a relative URI under `%SRCROOT%`; outside it (`dir .
    /// ../b`) an absolute file URI, never a relative reference that would put it under the root.
    #[test]
    fn archive_members_are_located_inside_their_archive() {
        let root = Path::new("/srv/checkout/a");
        let member = |rel: &str, at: usize| {
            let mut f = test_finding("r", "s", rel, 1);
            f.member_at = Some(at);
            finding_location(&f, root).uri.unwrap()
        };
        assert_eq!(member("d/x.zip!in/a b.env", 7), "d/x.zip!in/a%20b.env");
        assert_eq!(member("a.tar.gz!b.zip!c.env", 8), "a.tar.gz!b.zip!c.env");
        assert_eq!(
            member("x.zip!../../etc/passwd", 5),
            "x.zip!..%2F..%2Fetc%2Fpasswd"
        );
        assert_eq!(
            member("x.zip!/root/.ssh/id", 5),
            "x.zip!%2Froot%2F.ssh%2Fid"
        );
        assert_eq!(
            member("../b/x.zip!k.env", 10),
            "file:///srv/checkout/b/x.zip!k.env"
        );
        // A file whose name has a `!` is no archive member.
        let plain = test_finding("r", "s", "wow!.env", 1);
        assert_eq!(
            finding_location(&plain, root).uri.as_deref(),
            Some("wow%21.env")
        );
    }

    #[test]
    fn files_outside_the_root_get_absolute_uris() {
        let root = Path::new("/srv/checkout/a");
        let inside = artifact_location("src/x y.env", root);
        assert_eq!(inside.uri.as_deref(), Some("src/x%20y.env"));
        assert_eq!(inside.uri_base_id.as_deref(), Some(SRCROOT));
        let outside = artifact_location("../b/y.env", root);
        assert_eq!(outside.uri.as_deref(), Some("file:///srv/checkout/b/y.env"));
        assert_eq!(outside.uri_base_id, None);
        let absolute = artifact_location("/tmp/c d/z.env", root);
        assert_eq!(absolute.uri.as_deref(), Some("file:///tmp/c%20d/z.env"));
    }

    #[test]
    fn sentences() {
        assert_eq!(sentence("GitHub token"), "GitHub token.");
        assert_eq!(sentence("Done. "), "Done.");
    }
}
