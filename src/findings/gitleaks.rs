//! What gitleaks writes that leakhound reads: its rule ids (in `.gitleaksignore` entries and
//! gitleaks reports) and its JSON report (`--baseline-path`).
//!
//! gitleaks names some secrets differently, or splits them differently: its `aws-access-token` is
//! our `aws-access-key-id` (and the temporary `ASIA` form), its `private-key` every one of our
//! private-key rules. An entry that names a gitleaks rule matches the findings of the rules listed
//! for it here, as well as a rule of that very id (a user rule, or one both share).

/// gitleaks rule id -> the leakhound rule ids that find the same secrets.
const ALIASES: &[(&str, &[&str])] = &[
    (
        "aws-access-token",
        &["aws-access-key-id", "aws-temporary-access-key-id"],
    ),
    (
        "private-key",
        &[
            "rsa-private-key",
            "ec-private-key",
            "dsa-private-key",
            "openssh-private-key",
            "openssh-encrypted-private-key",
            "pkcs8-private-key",
            "pkcs8-encrypted-private-key",
            "pem-encrypted-private-key",
            "pgp-private-key-block",
            "putty-private-key",
            "putty-encrypted-private-key",
        ],
    ),
    ("github-oauth", &["github-oauth-token"]),
    (
        "github-app-token",
        &[
            "github-app-installation-token",
            "github-user-to-server-token",
        ],
    ),
    ("gitlab-pat", &["gitlab-personal-access-token"]),
    ("gitlab-ptt", &["gitlab-pipeline-trigger-token"]),
    ("gitlab-rrt", &["gitlab-runner-registration-token"]),
    (
        "slack-webhook-url",
        &["slack-incoming-webhook", "slack-workflow-webhook"],
    ),
    ("slack-app-token", &["slack-app-level-token"]),
    ("slack-config-access-token", &["slack-config-token"]),
    (
        "stripe-access-token",
        &[
            "stripe-live-secret-key",
            "stripe-live-restricted-key",
            "stripe-test-secret-key",
        ],
    ),
    ("generic-api-key", &["generic-secret", "generic-password"]),
    ("sendgrid-api-token", &["sendgrid-api-key"]),
    ("twilio-api-key", &["twilio-api-key-secret"]),
    ("telegram-bot-api-token", &["telegram-bot-token"]),
    ("discord-api-token", &["discord-bot-token"]),
    ("mailgun-private-api-token", &["mailgun-private-api-key"]),
    ("datadog-access-token", &["datadog-api-key"]),
];

/// The rule ids an entry naming `named` may stand for: itself, and ours for a gitleaks id.
pub(crate) fn rule_ids(named: &str) -> impl Iterator<Item = &str> {
    let ours = ALIASES
        .iter()
        .find(|(g, _)| *g == named)
        .map_or(&[][..], |(_, ours)| *ours);
    std::iter::once(named).chain(ours.iter().copied())
}

/// One finding of a gitleaks JSON report, as far as a baseline needs it.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ReportEntry {
    #[serde(rename = "RuleID")]
    pub(crate) rule_id: String,
    pub(crate) file: String,
    pub(crate) start_line: usize,
    #[serde(default)]
    pub(crate) commit: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases() {
        let ids: Vec<&str> = rule_ids("github-pat").collect();
        assert_eq!(ids, ["github-pat"]);
        assert!(rule_ids("private-key").any(|id| id == "openssh-private-key"));
        assert!(!rule_ids("aws-access-token").any(|id| id == "github-pat"));
        let ids: Vec<&str> = rule_ids("gitlab-pat").collect();
        assert_eq!(ids, ["gitlab-pat", "gitlab-personal-access-token"]);
    }

    #[test]
    fn every_alias_names_a_builtin_rule() {
        let loaded = crate::rules::Loaded::builtin().unwrap();
        let ids: std::collections::HashSet<&str> = loaded
            .rules
            .iter()
            .map(|r| r.spec.id.get_ref().as_str())
            .collect();
        for (g, ours) in ALIASES {
            for id in *ours {
                assert!(ids.contains(id), "{g} -> {id}: no such built-in rule");
            }
        }
    }
}
