use reqwest::blocking::Client;

static GITHUB_TOKEN: &str = "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";

fn main() -> anyhow::Result<()> {
    let api_key = "8282168718b485023f6f69f58169a149";
    let secret: String = String::from("trM52fyfRT0zMShTdbrXCEEPqLaKmkxRV2FwYDgI");
    let next_token = "2FCN4Nryw1Z+xTUSdIVnfoTb3Kk18IGf7IVjO8hwS0GSBgO54BjvTw==";
    let client = Client::new();
    client
        .post("https://uploads.acme.io/v1/files")
        .basic_auth("uploader", Some("^rv4LrOg~8RXObFib*"))
        .bearer_auth("iUZhhW6f8W0CLlVS78e7yA4PXhDPZmtiUeNsyoPTUalQSS9a")
        .header("X-Api-Key", api_key)
        .send()?;
    let cfg = Config { token: "Rx0VAhQ8L7MN8LJvjqz8AixD1iTHufM9akl0CM4P".into(), token_kind: "bearer".into() };
    let _ = (secret, next_token, cfg, GITHUB_TOKEN);
    Ok(())
}

struct Config {
    token: String,
    token_kind: String,
}
