//! `leakhound dir` and `leakhound stdin` end to end.

use crate::util::*;

#[test]
fn finds_a_secret_in_dotenv_and_reports_relative_paths() {
    let d = Dir::new();
    d.write(".env", format!("GITHUB_TOKEN={}\n", github_pat()));
    d.write("src/ok.rs", "fn main() {}\n");
    let r = d.run(&["dir", ".", "-f", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.found(),
        vec![(".env".to_string(), 1, "github-pat".to_string())]
    );
}
