//! The value shapes of named-context rules (`shape = "hex32"`): the vocabulary of
//! `rules/catalog/README.md`, turned into the pattern a whole value must match.
//!
//! `CLASS LEN` or `CLASS MIN..MAX`, with an optional `-` between class and length (`hex32`,
//! `alnum32..40`, `base64-44`, `base64url-40..90`), or one of `uuid`, `UUID`, `jwt`, `regex` (the
//! rule's `valueRegex`).

/// The shape classes, longest name first (so `base64url` is tried before `base64`).
const CLASSES: [&str; 17] = [
    "base64url",
    "lowernum",
    "uppernum",
    "BECH32",
    "base64",
    "bech32",
    "mixhex",
    "digits",
    "alnum",
    "alpha",
    "lower",
    "upper",
    "HEX",
    "B32",
    "b58",
    "b32",
    "hex",
];

/// The characters of a shape class, as a regex class body; `None` for an unknown class.
fn class(name: &str) -> Option<&'static str> {
    Some(match name {
        "hex" => "0-9a-f",
        "HEX" => "0-9A-F",
        "mixhex" => "0-9a-fA-F",
        "alnum" => "A-Za-z0-9",
        "lowernum" => "a-z0-9",
        "uppernum" => "A-Z0-9",
        "lower" => "a-z",
        "upper" => "A-Z",
        "alpha" => "A-Za-z",
        "digits" => "0-9",
        "base64" => "A-Za-z0-9+/",
        "base64url" => "A-Za-z0-9_-",
        "b58" => "1-9A-HJ-NP-Za-km-z",
        "b32" => "a-z2-7",
        "B32" => "A-Z2-7",
        "bech32" => "02-9ac-hj-np-z",
        "BECH32" => "02-9AC-HJ-NP-Z",
        _ => return None,
    })
}

/// The regex (unanchored, no groups) of `shape`; `value_regex` is the rule's own pattern for
/// `regex`. An error says what is wrong with the shape.
pub(crate) fn pattern(shape: &str, value_regex: Option<&str>) -> Result<String, String> {
    let uuid = |h: &str| format!("[{h}]{{8}}-[{h}]{{4}}-[{h}]{{4}}-[{h}]{{4}}-[{h}]{{12}}");
    match shape {
        "uuid" => return Ok(uuid("0-9a-f")),
        "UUID" => return Ok(uuid("0-9A-F")),
        "jwt" => {
            return Ok("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}".into())
        }
        "regex" => {
            return value_regex
                .map(|re| format!("(?:{re})"))
                .ok_or_else(|| "shape = \"regex\" needs a valueRegex".to_string())
        }
        _ => {}
    }
    let name = CLASSES
        .iter()
        .find(|n| shape.starts_with(*n))
        .ok_or_else(|| format!("shape {shape:?}: unknown class (e.g. hex32, alnum32..40)"))?;
    let chars = class(name).expect("every listed class has characters");
    let len = &shape[name.len()..];
    let len = len.strip_prefix('-').unwrap_or(len);
    let number = |s: &str| {
        s.parse::<u32>()
            .ok()
            .filter(|&n| (1..=1024).contains(&n))
            .ok_or_else(|| format!("shape {shape:?}: bad length {s:?}"))
    };
    let (min, max) = match len.split_once("..") {
        Some((a, b)) => (number(a)?, number(b)?),
        None => (number(len)?, number(len)?),
    };
    if min > max {
        return Err(format!("shape {shape:?}: {min} > {max}"));
    }
    let body = format!("[{chars}]{{{min},{max}}}");
    // base64 counts the characters before the padding.
    Ok(if *name == "base64" {
        format!("{body}={{0,2}}")
    } else {
        body
    })
}

/// The whole-value pattern of a context rule: one of the literal prefixes (if any), then the shape.
pub(crate) fn value_pattern(
    shape: &str,
    value_regex: Option<&str>,
    prefixes: &[String],
) -> Result<String, String> {
    let body = pattern(shape, value_regex)?;
    let prefix = if prefixes.is_empty() {
        String::new()
    } else {
        let alts: Vec<String> = prefixes.iter().map(|p| regex_syntax_escape(p)).collect();
        format!("(?:{})", alts.join("|"))
    };
    Ok(format!("^{prefix}{body}$"))
}

fn regex_syntax_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_table() {
        let cases = [
            ("hex32", Some("[0-9a-f]{32,32}")),
            ("alnum32..40", Some("[A-Za-z0-9]{32,40}")),
            ("base64-44", Some("[A-Za-z0-9+/]{44,44}={0,2}")),
            ("base64url-40..90", Some("[A-Za-z0-9_-]{40,90}")),
            ("lowernum15", Some("[a-z0-9]{15,15}")),
            ("hexx32", None),
            ("hex", None),
            ("hex40..32", None),
            ("hex0", None),
        ];
        for (shape, want) in cases {
            assert_eq!(pattern(shape, None).ok().as_deref(), want, "{shape}");
        }
        assert!(pattern("regex", None).is_err());
        assert_eq!(
            pattern("regex", Some("key[a-z]{3}")).unwrap(),
            "(?:key[a-z]{3})"
        );
        assert_eq!(
            value_pattern("hex4", None, &["p8e-".into(), "a.b".into()]).unwrap(),
            "^(?:p8e\\-|a\\.b)[0-9a-f]{4,4}$"
        );
        // An empty alternative: the prefix is optional.
        let optional = value_pattern("hex4", None, &["TL".into(), "".into()]).unwrap();
        let re = regex_automata::meta::Regex::new(&optional).unwrap();
        assert!(re.is_match("TLabcd") && re.is_match("abcd") && !re.is_match("XXabcd"));
    }
}
