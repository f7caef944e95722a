//! Typed errors for loading and compiling rules, each naming the file, line and column.

use std::path::PathBuf;

/// Where in which file something went wrong. `line`/`column` are 1-based; 0 when unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcePos {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl SourcePos {
    /// The position of byte `offset` in `text`.
    pub(crate) fn at(file: &str, text: &str, offset: usize) -> SourcePos {
        let offset = offset.min(text.len());
        let before = &text.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        SourcePos {
            file: file.to_string(),
            line,
            column,
        }
    }

    pub(crate) fn file_only(file: &str) -> SourcePos {
        SourcePos {
            file: file.to_string(),
            line: 0,
            column: 0,
        }
    }
}

/// A position computed only when it is shown: rule sets hold hundreds of rules, and counting
/// lines for each of them at start-up would cost more than loading them.
#[derive(Debug, Clone)]
pub(crate) struct LazyPos {
    pub(crate) file: String,
    pub(crate) text: std::sync::Arc<str>,
    pub(crate) offset: usize,
}

impl LazyPos {
    pub(crate) fn get(&self) -> SourcePos {
        SourcePos::at(&self.file, &self.text, self.offset)
    }
}

impl std::fmt::Display for LazyPos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

impl std::fmt::Display for SourcePos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{}:{}:{}", self.file, self.line, self.column)
        }
    }
}

/// Everything that can be wrong with a rules or config file.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("{path}: cannot read config: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// TOML syntax, a wrong type, or a field we do not know.
    #[error("{pos}: invalid config: {message}")]
    Toml { pos: SourcePos, message: String },
    #[error("{pos}: rule {rule:?}: invalid regex: {message}")]
    Regex {
        pos: SourcePos,
        rule: String,
        message: String,
    },
    #[error("{pos}: rule {rule:?}: {message}")]
    Invalid {
        pos: SourcePos,
        rule: String,
        message: String,
    },
    #[error("{pos}: {message}")]
    Config { pos: SourcePos, message: String },
}

impl RuleError {
    /// Turns a `toml` deserialization error into one line with file:line:col.
    pub(crate) fn from_toml(file: &str, text: &str, err: &toml::de::Error) -> RuleError {
        let pos = match err.span() {
            Some(span) => SourcePos::at(file, text, span.start),
            None => SourcePos::file_only(file),
        };
        // toml's message is multi-line with a source excerpt; keep the first line of its message.
        let message = err
            .message()
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        RuleError::Toml {
            pos,
            message: mask_values(&message),
        }
    }
}

/// serde's messages quote the value they found: a secret pasted into the wrong field would be
/// printed whole. Quoted text longer than [`MASK_OVER`] characters (longer than any field or
/// variant name) is redacted; short values (a typo in a field name) stay readable.
fn mask_values(message: &str) -> String {
    crate::display::mask_quoted(message, MASK_OVER)
}

/// Quoted values in config errors longer than this are redacted (see [`mask_values`]).
const MASK_OVER: usize = 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based() {
        let text = "a = 1\nbb = 'x'\n";
        let cases = [(0, 1, 1), (4, 1, 5), (6, 2, 1), (11, 2, 6), (100, 3, 1)];
        for (offset, line, column) in cases {
            let pos = SourcePos::at("f.toml", text, offset);
            assert_eq!((pos.line, pos.column), (line, column), "offset {offset}");
        }
    }

    #[test]
    fn display_includes_position() {
        let pos = SourcePos {
            file: "c.toml".into(),
            line: 3,
            column: 7,
        };
        assert_eq!(pos.to_string(), "c.toml:3:7");
        assert_eq!(SourcePos::file_only("c.toml").to_string(), "c.toml");
    }
}
