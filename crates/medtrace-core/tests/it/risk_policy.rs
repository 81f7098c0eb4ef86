//! The `[risk]` policy: read, checked, defaulted, and written back by `to_toml`.

use medtrace_core::config;
use medtrace_core::risk::{Harm, RiskPolicy, Zone};
use medtrace_core::{Code, FileId};

fn read(text: &str) -> (RiskPolicy, Vec<String>) {
    let (config, diags) = config::parse(FileId(0), text);
    let lines = diags
        .iter()
        .map(|d| {
            let at = d.span.map_or(0, |s| s.start as usize);
            let line = text[..at].matches('\n').count() + 1;
            format!("{}@{line}: {}", d.code, d.message)
        })
        .collect();
    (config.risk, lines)
}

const THREE: &str = r#"[project]
name = "p"
[risk]
severity = [
  { name = "low", harm = "none", description = "no injury" },
  { name = "mid", harm = "non-serious" },
  { name = "high", harm = "serious" },
]
probability = [{ name = "rare" }, { name = "often" }]
[risk.acceptability]
often = ["afap", "unacceptable", "unacceptable"]
rare = ["acceptable", "acceptable", "afap"]
"#;

#[test]
fn without_a_risk_table_the_default_five_by_five_applies() {
    let (policy, diags) = read("[project]\nname = \"p\"\n");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(policy, RiskPolicy::default());
    assert_eq!(policy.severity.levels.len(), 5);
    assert_eq!(policy.probability.levels.len(), 5);
    assert_eq!(policy.zone(4, 4), Some(Zone::Unacceptable));
    assert_eq!(policy.zone(0, 0), Some(Zone::Acceptable));
}

#[test]
fn a_project_policy_is_read_with_its_rows_in_any_order() {
    let (policy, diags) = read(THREE);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(policy.severity.names(), ["low", "mid", "high"]);
    assert_eq!(policy.severity.levels[1].harm, Harm::NonSerious);
    assert_eq!(policy.severity.levels[0].description, "no injury");
    assert_eq!(policy.zone(0, 2), Some(Zone::Afap));
    assert_eq!(policy.zone(1, 0), Some(Zone::Afap));
    assert!(policy.span.is_some());
}

#[test]
fn the_default_written_by_to_toml_reads_back_the_same() {
    let text = format!(
        "[project]\nname = \"p\"\n\n{}",
        RiskPolicy::default().to_toml()
    );
    let (mut policy, diags) = read(&text);
    assert!(diags.is_empty(), "{diags:?}");
    policy.span = None;
    assert_eq!(policy, RiskPolicy::default());
}

#[test]
fn a_split_probability_reads_its_combination_table() {
    let text = THREE.replace(
        "[risk.acceptability]",
        "p1 = [{ name = \"unlikely\" }, { name = \"likely\" }]\np2 = [{ name = \"seldom\" }, { name = \"mostly\" }]\n[risk.combine]\nunlikely = [\"rare\", \"rare\"]\nlikely = [\"rare\", \"often\"]\n[risk.acceptability]",
    );
    let (policy, diags) = read(&text);
    assert!(diags.is_empty(), "{diags:?}");
    let split = policy.split.expect("split");
    assert_eq!(split.combine, [[0, 0], [0, 1]]);
}

#[test]
fn every_problem_of_a_policy_is_reported_where_it_is_and_the_default_applies() {
    let text = r#"[project]
name = "p"
[risk]
severity = [
  { name = "low", harm = "none" },
  { name = "low", harm = "deadly" },
  { name = "high" },
]
probability = [{ name = "rare" }, { name = "often" }]
colour = "red"
[risk.acceptability]
rare = ["acceptable", "fine", "afap"]
often = ["afap", "unacceptable"]
sometimes = ["afap", "afap", "afap"]
"#;
    let (policy, diags) = read(text);
    assert!(policy.invalid);
    assert_eq!(policy.matrix, RiskPolicy::default().matrix);
    assert_eq!(
        diags,
        [
            "risk-policy-invalid@6: `low` is named twice in `risk.severity`",
            "risk-policy-invalid@6: `deadly` is not a kind of harm",
            "risk-policy-invalid@7: severity `high` does not say its `harm`",
            "config-unknown-key@10: unknown key `colour` in [risk]",
            "risk-policy-invalid@12: `fine` is not a zone",
            "risk-policy-invalid@13: the row `often` of `risk.acceptability` has 2 values for 3 levels (low, low, high)",
            "risk-policy-invalid@14: `sometimes` in `risk.acceptability` is not a level of the scale",
        ]
    );
}

#[test]
fn a_matrix_that_rewards_more_risk_is_refused() {
    let text = THREE.replace(
        "rare = [\"acceptable\", \"acceptable\", \"afap\"]",
        "rare = [\"acceptable\", \"unacceptable\", \"afap\"]",
    );
    let (policy, diags) = read(&text);
    assert!(policy.invalid);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0]
            .starts_with("risk-policy-invalid@10: the acceptability matrix makes a riskier cell"),
        "{diags:?}"
    );
    assert_eq!(Code::RiskPolicyInvalid.clause(), "4.2");
}

#[test]
fn an_unknown_key_is_a_warning_and_keeps_the_policy() {
    let text = THREE.replace("[risk]\n", "[risk]\nowner = \"QA\"\n");
    let (policy, diags) = read(&text);
    assert_eq!(
        diags,
        ["config-unknown-key@4: unknown key `owner` in [risk]"]
    );
    assert!(!policy.invalid);
    assert_eq!(policy.severity.names(), ["low", "mid", "high"]);
}
