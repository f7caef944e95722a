//! What gitleaks writes that leakhound reads: its rule ids (in `.gitleaksignore` entries and
//! gitleaks reports) and its JSON report (`--baseline-path`).
//!
//! gitleaks names some secrets differently, or splits them differently (its `aws-access-token`
//! is our `aws-access-key-id` and the temporary `ASIA` form): the rule an entry names is read
//! through the rules' own `aliases` (`RuleSet::resolve_id`) by the scan that applies the entries.

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
