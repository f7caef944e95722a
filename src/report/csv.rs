//! The CSV report (RFC 4180), for spreadsheets and CI systems that read tables.
//!
//! # Contract
//!
//! A header row, then one row per finding, lines ending in `\r\n`. The columns are the JSON
//! report's fields, in this order: `rule_id`, `rule_name`, `severity`, `path`, `line`, `column`,
//! `end_line`, `end_column`, `secret` (redacted unless `--no-redact`), `entropy`, `fingerprint`,
//! `confidence`, `decoded` (empty for plain text), `commit`, `author`, `email`, `date`, `message`,
//! `in_head` (these six are empty for findings outside git history), `remediation`. A field that contains a
//! comma, a quote, a line break or any other control character, or leading or trailing spaces,
//! is quoted, with quotes doubled. Values are written as found (exact: an escape sequence in a
//! file name is kept, inside quotes): a spreadsheet may read a path or commit message starting
//! with `=` as a formula.

use std::io::Write;

use crate::findings::Finding;

/// The header row.
pub(crate) const COLUMNS: [&str; 20] = [
    "rule_id",
    "rule_name",
    "severity",
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "secret",
    "entropy",
    "fingerprint",
    "confidence",
    "decoded",
    "commit",
    "author",
    "email",
    "date",
    "message",
    "in_head",
    "remediation",
];

pub(crate) fn write(out: &mut dyn Write, findings: &[Finding]) -> std::io::Result<()> {
    row(out, COLUMNS.iter().map(|c| c.to_string()))?;
    for f in findings {
        let c = f.commit.as_ref();
        let field = |get: fn(&crate::findings::CommitInfo) -> &String| {
            c.map(|c| get(c).clone()).unwrap_or_default()
        };
        let confidence = serde_json::to_value(f.confidence)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        row(
            out,
            [
                f.rule_id.clone(),
                f.rule_name.clone(),
                f.severity.as_str().to_string(),
                f.path.clone(),
                f.line.to_string(),
                f.column.to_string(),
                f.end_line.to_string(),
                f.end_column.to_string(),
                f.secret.clone(),
                f.entropy.to_string(),
                f.fingerprint.clone(),
                confidence,
                f.decoded.clone().unwrap_or_default(),
                field(|c| &c.commit),
                field(|c| &c.author),
                field(|c| &c.email),
                field(|c| &c.date),
                field(|c| &c.message),
                f.in_head.map(|b| b.to_string()).unwrap_or_default(),
                f.remediation.clone(),
            ]
            .into_iter(),
        )?;
    }
    Ok(())
}

fn row(out: &mut dyn Write, fields: impl Iterator<Item = String>) -> std::io::Result<()> {
    let mut line = String::new();
    for (i, f) in fields.enumerate() {
        if i > 0 {
            line.push(',');
        }
        line.push_str(&quote(&f));
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes())
}

/// One CSV field: as is, or quoted with quotes doubled when it needs to be: a comma, a quote, a
/// line break or any other control character (an escape sequence from a file name or a commit
/// message stays exact, inside quotes), or leading or trailing whitespace.
pub(crate) fn quote(field: &str) -> String {
    let needs = field.contains([',', '"'])
        || field.chars().any(char::is_control)
        || field.starts_with([' ', '\t'])
        || field.ends_with([' ', '\t']);
    if needs {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::test_finding;

    #[test]
    fn quoting() {
        let cases = [
            ("plain", "plain"),
            ("", ""),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            (" padded", "\" padded\""),
            ("esc\x1b[2J", "\"esc\x1b[2J\""),
            ("bell\x07", "\"bell\x07\""),
        ];
        for (field, want) in cases {
            assert_eq!(quote(field), want, "{field:?}");
        }
    }

    #[test]
    fn rows() {
        let mut f = test_finding("github-pat", "ghp_*****", "dir, with comma/a.py", 3);
        f.entropy = 4.25;
        let mut out = Vec::new();
        write(&mut out, &[f]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], COLUMNS.join(","));
        assert!(
            lines[1].starts_with(
                "github-pat,github-pat rule,high,\"dir, with comma/a.py\",3,1,3,10,ghp_*****,4.25,"
            ),
            "{}",
            lines[1]
        );
        assert!(
            lines[1].ends_with(",medium,,,,,,,,Rotate it."),
            "{}",
            lines[1]
        );
        assert_eq!(lines[2], "");
    }
}
