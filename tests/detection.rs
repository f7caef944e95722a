//! Detection beyond plain text: secrets inside encoded text, and sensitive files by path.

use leakhound::rules::Loaded;

use crate::util::*;

fn b64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `(rule_id, decoded, line, column)` of each finding of a scan of one file.
fn scan_one(name: &str, content: &str, extra: &[&str]) -> Vec<(String, Option<String>, u64, u64)> {
    let d = Dir::new();
    d.write(name, content);
    let mut args = vec!["dir", ".", "-f", "json"];
    args.extend_from_slice(extra);
    let r = d.run(&args);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    r.json()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["decoded"].as_str().map(str::to_string),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn base64_in_a_kubernetes_secret() {
    let manifest = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: ci\ntype: Opaque\ndata:\n  token: {}\n",
        b64(github_pat().as_bytes())
    );
    let found = scan_one("secret.yaml", &manifest, &[]);
    assert_eq!(
        found,
        vec![("github-pat".to_string(), Some("base64".to_string()), 7, 10)]
    );
    // Depth 0 turns decoding off: at most the generic rule sees a random value under `token:`.
    let plain = scan_one("secret.yaml", &manifest, &["--max-decode-depth", "0"]);
    assert!(
        plain
            .iter()
            .all(|f| f.0 == "generic-secret" && f.1.is_none()),
        "{plain:?}"
    );
}

#[test]
fn base64_in_a_basic_auth_header_is_reported_once_as_the_specific_secret() {
    let header = format!(
        "curl -H 'Authorization: Basic {}' https://api.example.org\n",
        b64(format!("ci-bot:{}", github_pat()).as_bytes())
    );
    let found = scan_one("deploy.sh", &header, &[]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].0.as_str(), found[0].1.as_deref()),
        ("github-pat", Some("base64"))
    );
}

#[test]
fn base64_in_a_data_uri() {
    let uri = format!(
        "const cfg = \"data:text/plain;base64,{}\";\n",
        b64(format!("STRIPE_KEY={}\n", stripe_live()).as_bytes())
    );
    let found = scan_one("app.js", &uri, &[]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1.as_deref(), Some("base64"));
    assert!(found[0].0.starts_with("stripe"), "{found:?}");
}

#[test]
fn percent_encoded_secret_in_a_url() {
    let pat = github_pat().replace('_', "%5F");
    let found = scan_one(
        "urls.txt",
        &format!("https://ci.example.org/hook?token={pat}&x=1\n"),
        &[],
    );
    assert!(
        found
            .iter()
            .any(|f| f.0 == "github-pat" && f.1.as_deref() == Some("percent")),
        "{found:?}"
    );
}

#[test]
fn hex_encoded_secret() {
    let found = scan_one(
        "dump.txt",
        &format!(
            "blob = {}\n",
            hex(format!("key={}", stripe_live()).as_bytes())
        ),
        &[],
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1.as_deref(), Some("hex"));
}

#[test]
fn nested_base64_up_to_the_depth_limit() {
    let inner = b64(format!("token {}", github_pat()).as_bytes());
    let outer = b64(format!("payload: {inner}").as_bytes());
    let found = scan_one("nested.txt", &format!("x: {outer}\n"), &[]);
    assert_eq!(
        found.iter().map(|f| f.1.as_deref()).collect::<Vec<_>>(),
        vec![Some("base64/base64")]
    );
    assert!(scan_one(
        "nested.txt",
        &format!("x: {outer}\n"),
        &["--max-decode-depth", "1"]
    )
    .is_empty());
}

#[test]
fn binary_data_uris_and_integrity_hashes_are_not_decoded_into_findings() {
    let png: Vec<u8> = (0..300u32).map(|i| (i * 7919 % 251) as u8).collect();
    let content = format!(
        "img = 'data:image/png;base64,{}'\nintegrity: sha512-{}\n",
        b64(&png),
        b64(&png[..64])
    );
    assert!(scan_one("page.html", &content, &[]).is_empty());
}

/// Every rule restricted to a path finds its first example in a real file at its example path,
/// and a path-only rule finds a file at each example path (through the real binary).
#[test]
fn every_path_rule_finds_its_examples_in_real_files() {
    let loaded = Loaded::builtin().unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for lr in &loaded.rules {
        let spec = &lr.spec;
        if spec.path.is_none() {
            continue;
        }
        let id = spec.id.get_ref();
        let d = Dir::new();
        let (file, content) = match (&spec.regex, &spec.example_path) {
            (None, _) => (spec.examples[0].clone(), "binary\0content".to_string()),
            (Some(_), Some(p)) => (p.clone(), format!("{}\n", spec.examples[0])),
            (Some(_), None) => {
                failures.push(format!("{id}: a path rule needs examplePath"));
                continue;
            }
        };
        d.write(&file, content);
        let r = d.run(&["dir", ".", "-f", "json"]);
        checked += 1;
        // A generic path rule yields to a specific rule on the same secret (a PyPI token in a
        // .pypirc is reported as the PyPI token).
        let generic = spec.tags.iter().any(|t| t == "generic");
        let covered = r.found().iter().any(|f| &f.2 == id) || generic && r.code == 1;
        if !covered {
            failures.push(format!(
                "{id}: nothing found in {file}: {:?} {}",
                r.found(),
                r.stderr
            ));
        }
    }
    assert!(checked >= 10, "only {checked} path rules");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_binary_keystore_is_reported_by_path_and_counted_as_skipped() {
    let d = Dir::new();
    d.write(
        "certs/signing.p12",
        b"\x30\x82\x0a\x00\x02\x01\x03\x00binary",
    );
    d.write("keys/id_ed25519", b"\x00not really a key");
    d.write(
        "keys/id_ed25519.pub",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample user@host\n",
    );
    let r = d.run(&["dir", ".", "-f", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let mut found: Vec<_> = r.found().into_iter().map(|f| (f.0, f.2)).collect();
    found.sort();
    assert_eq!(
        found,
        vec![
            (
                "certs/signing.p12".to_string(),
                "sensitive-file-keystore".to_string()
            ),
            (
                "keys/id_ed25519".to_string(),
                "sensitive-file-private-key".to_string()
            )
        ]
    );
    assert!(r.stderr.contains("2 binary"), "{}", r.stderr);
    // Path allowlists apply to them too.
    d.write(
        ".leakhound.toml",
        "[[allowlists]]\npaths = ['''^certs/''']\n",
    );
    let r = d.run(&["dir", ".", "-f", "json"]);
    assert_eq!(r.found().len(), 1);
}

#[test]
fn a_valid_provider_checksum_is_high_confidence() {
    use leakhound::matcher::checksum::{base62_6, crc32};
    let random = "Xq3Zk9Lm2Np7Rt5Vw8Yb1Cd4Fg6Hj0";
    let valid = format!(
        "ghp_{random}{}",
        String::from_utf8(base62_6(crc32(random.as_bytes())).to_vec()).unwrap()
    );
    let d = Dir::new();
    d.write("a.txt", format!("{valid}\n{}\n", github_pat()));
    let r = d.run(&["dir", ".", "-f", "json"]);
    let conf: Vec<_> = r
        .json()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["confidence"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(conf, vec![(1, "high".to_string()), (2, "low".to_string())]);
}
