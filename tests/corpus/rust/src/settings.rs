use std::time::Duration;

pub const API_TOKEN: &str = "IDH5AJ4SsG8prTP8XvhmRF4GtRaAe1Y7GkrbSLHn";
pub const USER_AGENT: &str = "acme-indexer/2.3";
const MEILI_MASTER_KEY: &'static str = "Dz3mPx2uH4a5G5RtT6NMt7RhBlfoR9rf";
static TOKEN_REGEX: &str = r"^[A-Za-z0-9_-]{32,64}$";

pub struct Upstream {
    pub url: String,
    pub username: String,
    pub password: String,
    pub timeout: Duration,
}

impl Default for Upstream {
    fn default() -> Self {
        Upstream {
            url: "https://search.acme.io".into(),
            username: "indexer".into(),
            password: "uiWPZupLzH2CCfp-Cgun".to_string(),
            timeout: Duration::from_secs(10),
        }
    }
}

pub fn client() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("X-Api-Key", "014e6870f157c38649d64a5c1ffc0c75".parse().unwrap());
    headers.insert("x-idempotency-key", "de859056-e2e7-4f14-98a1-914f576a3b79".parse().unwrap());
    reqwest::Client::builder().default_headers(headers).build().unwrap()
}

pub fn redis() -> redis::Client {
    redis::Client::open("rediss://default:9cbCIlpju1JZ8fPKemp2gr1ARwRpZIkX@eu1-brave-fox-38211.upstash.io:38211").unwrap()
}

pub fn s3() -> aws_sdk_s3::Config {
    let creds = aws_credential_types::Credentials::from_keys("AKIAHJ5C5Z2VCZGDC36B", "3fhWwMucdQuxLnv+c7ZkFecjKsy2iUwgY0uiNJar", None);
    aws_sdk_s3::Config::builder().credentials_provider(creds).build()
}

pub fn password_policy() -> PasswordPolicy {
    PasswordPolicy { min_length: 12, require_symbol: true }
}

pub struct PasswordPolicy {
    pub min_length: usize,
    pub require_symbol: bool,
}
