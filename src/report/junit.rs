//! The JUnit XML report, for CI systems that show test results (Jenkins, GitLab, Azure Pipelines).
//!
//! # Contract
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <testsuites name="leakhound" tests="1" failures="1" errors="0">
//!   <testsuite name="leakhound" tests="1" failures="1" errors="0" skipped="0">
//!     <testcase name="github-pat at src/app.py:3:9" classname="leakhound.github-pat" file="src/app.py" line="3">
//!       <failure message="GitHub personal access token found: 'ghp_*****'" type="critical">…</failure>
//!     </testcase>
//!   </testsuite>
//! </testsuites>
//! ```
//!
//! Each finding is a failed test case named after its rule and location; its failure's text lists
//! the finding's fields (the secret as the finding holds it: redacted unless `--no-redact`). With
//! no findings the suite has one passing test case, `no leaked secrets`. Every value is escaped;
//! characters XML 1.0 cannot carry at all (most control characters) become U+FFFD.

use std::fmt::Write as _;
use std::io::Write;

use crate::findings::Finding;

/// Writes the report, one test case at a time (nothing the size of the report is built).
pub(crate) fn write(out: &mut dyn Write, findings: &[Finding]) -> std::io::Result<()> {
    let n = findings.len().max(1);
    let failures = findings.len();
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<testsuites name=\"leakhound\" tests=\"{n}\" failures=\"{failures}\" errors=\"0\">"
    )?;
    writeln!(
        out,
        "  <testsuite name=\"leakhound\" tests=\"{n}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">"
    )?;
    if findings.is_empty() {
        writeln!(
            out,
            "    <testcase name=\"no leaked secrets\" classname=\"leakhound\"/>"
        )?;
    }
    for f in findings {
        out.write_all(test_case(f).as_bytes())?;
    }
    writeln!(out, "  </testsuite>\n</testsuites>")
}

/// The failed test case of one finding.
fn test_case(f: &Finding) -> String {
    let mut s = String::new();
    let name = format!("{} at {}:{}:{}", f.rule_id, f.path, f.line, f.column);
    let message = if f.is_file_finding() {
        format!(
            "{} ({}): the file itself is the finding",
            f.rule_name, f.rule_id
        )
    } else {
        format!("{} found: '{}'", f.rule_name, f.secret)
    };
    let mut body = format!(
        "rule: {} ({})\nseverity: {}\nlocation: {}:{}:{}-{}:{}\n",
        f.rule_id, f.rule_name, f.severity, f.path, f.line, f.column, f.end_line, f.end_column,
    );
    if !f.is_file_finding() {
        let _ = writeln!(body, "secret: {}", f.secret);
    }
    if let Some(d) = &f.decoded {
        let _ = writeln!(body, "decoded from: {d}");
    }
    let _ = writeln!(body, "fingerprint: {}", f.fingerprint);
    if let Some(c) = &f.commit {
        let _ = writeln!(
            body,
            "commit: {} {} <{}> {}\ncommit message: {}",
            c.commit, c.author, c.email, c.date, c.message
        );
    }
    let _ = writeln!(
        s,
        "    <testcase name=\"{}\" classname=\"leakhound.{}\" file=\"{}\" line=\"{}\">",
        escape(&name),
        escape(&f.rule_id),
        escape(&f.path),
        f.line
    );
    let _ = writeln!(
        s,
        "      <failure message=\"{}\" type=\"{}\">{}</failure>",
        escape(&message),
        f.severity,
        escape_text(&body)
    );
    s.push_str("    </testcase>\n");
    s
}

/// Escapes text for an XML attribute value; characters XML 1.0 does not allow become U+FFFD.
/// Line breaks and tabs are written as character references so parsers do not normalise them
/// away.
pub(crate) fn escape(s: &str) -> String {
    escape_xml(s, true)
}

/// Escapes text for element content: as [`escape`], but line breaks and tabs stay as they are.
pub(crate) fn escape_text(s: &str) -> String {
    escape_xml(s, false)
}

fn escape_xml(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            '\n' | '\t' | '"' | '\'' => out.push(c),
            c if allowed(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// XML 1.0's `Char` production.
fn allowed(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::test_finding;

    #[test]
    fn escaping() {
        let cases = [
            ("plain", "plain"),
            ("a<b>&\"c'", "a&lt;b&gt;&amp;&quot;c&apos;"),
            ("bell\u{7}", "bell\u{FFFD}"),
            ("two\nlines", "two&#10;lines"),
            ("]]>", "]]&gt;"),
        ];
        for (input, want) in cases {
            assert_eq!(escape(input), want, "{input:?}");
        }
        assert_eq!(escape_text("a\n<b>\r\u{1}"), "a\n&lt;b&gt;&#13;\u{FFFD}");
    }

    #[test]
    fn passing_suite_without_findings() {
        let mut out = Vec::new();
        write(&mut out, &[]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("tests=\"1\" failures=\"0\""), "{text}");
        assert!(
            text.contains("<testcase name=\"no leaked secrets\""),
            "{text}"
        );
        assert!(!text.contains("<failure"), "{text}");
    }

    #[test]
    fn one_failure_per_finding() {
        let f = test_finding("github-pat", "ghp_*****", "a&b/<x>.py", 3);
        let mut out = Vec::new();
        write(&mut out, &[f.clone(), f]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.matches("<failure ").count(), 2);
        assert!(
            text.contains("name=\"github-pat at a&amp;b/&lt;x&gt;.py:3:1\""),
            "{text}"
        );
    }
}
