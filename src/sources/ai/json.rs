//! The strings of a JSON value, each with its path (`message.content[0].input.command`): what a
//! scan matches in a JSON record, decoded, rather than the raw line (where a key that starts a line
//! of a prompt follows the escape `\n` and `\b` before it fails, and a JSON document inside a
//! string is escaped twice).

use serde_json::Value;

/// How deep JSON documents inside strings are decoded (Codex `arguments`, whose `output` may be
/// JSON again).
const MAX_NESTED: usize = 3;

/// One string of a value.
pub(crate) struct Leaf<'a> {
    /// Its path from the value walked (appended to the prefix given).
    pub(crate) path: &'a str,
    /// The key it is the value of, when its parent is an object (a scan reads `key: value`, so
    /// that a rule that needs the name of a setting before its value still sees it).
    pub(crate) key: Option<&'a str>,
    pub(crate) text: &'a str,
}

/// Calls `leaf` for every string in `value`, in document order, `path` being the value's own
/// path. A string that holds a JSON object or array is decoded and walked instead (its path
/// marked `(json)`).
pub(crate) fn walk(value: &Value, path: &str, leaf: &mut dyn FnMut(Leaf<'_>)) {
    let mut p = path.to_string();
    walk_at(value, &mut p, None, 0, leaf);
}

fn walk_at(
    value: &Value,
    path: &mut String,
    key: Option<&str>,
    nested: usize,
    leaf: &mut dyn FnMut(Leaf<'_>),
) {
    match value {
        Value::String(s) => {
            if nested < MAX_NESTED {
                if let Some(doc) = json_document(s) {
                    let len = path.len();
                    path.push_str("(json)");
                    walk_at(&doc, path, key, nested + 1, leaf);
                    path.truncate(len);
                    return;
                }
            }
            leaf(Leaf { path, key, text: s });
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk_at(item, path, key, nested, leaf);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                walk_at(v, path, Some(k), nested, leaf);
                path.truncate(len);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// The JSON object or array `s` holds, if it is one (whitespace around it allowed).
pub(crate) fn json_document(s: &str) -> Option<Value> {
    let t = s.trim();
    let (first, last) = (t.as_bytes().first()?, t.as_bytes().last()?);
    if !matches!((first, last), (b'{', b'}') | (b'[', b']')) {
        return None;
    }
    serde_json::from_str(t)
        .ok()
        .filter(|v: &Value| v.is_object() || v.is_array())
}

/// The path of `key` under `path`.
pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(v: &Value) -> Vec<(String, Option<String>, String)> {
        let mut out = Vec::new();
        walk(v, "", &mut |l| {
            out.push((
                l.path.to_string(),
                l.key.map(String::from),
                l.text.to_string(),
            ))
        });
        out
    }

    #[test]
    fn strings_with_their_paths() {
        let v: Value = serde_json::from_str(
            r#"{"a": {"b": ["x", {"c": "y"}]}, "n": 3, "args": "{\"command\": [\"sh\", \"-c\", \"z\"]}"}"#,
        )
        .unwrap();
        let got = leaves(&v);
        let want = [
            ("a.b[0]", Some("b"), "x"),
            ("a.b[1].c", Some("c"), "y"),
            ("args(json).command[0]", Some("command"), "sh"),
            ("args(json).command[1]", Some("command"), "-c"),
            ("args(json).command[2]", Some("command"), "z"),
        ];
        assert_eq!(got.len(), want.len(), "{got:?}");
        for ((p, k, t), (wp, wk, wt)) in got.iter().zip(want) {
            assert_eq!((p.as_str(), k.as_deref(), t.as_str()), (wp, wk, wt));
        }
    }

    #[test]
    fn only_whole_documents_are_decoded() {
        assert!(json_document("[1, 2]").is_some());
        assert!(json_document(" {\"a\": 1}\n").is_some());
        assert!(json_document("{not json}").is_none());
        assert!(json_document("[link](x) and [y]").is_none());
        assert!(json_document("42").is_none());
    }
}
