//! The output formats of `check`: levels in every format, colour, and the SARIF log's
//! shape (SRS-018, SRS-028).

use crate::{medtrace, medtrace_in, project, scenario};
use serde_json::Value;

/// A project whose only finding is `requirement-not-verified`, at the given level.
fn one_finding(level: Option<&str>) -> tempfile::TempDir {
    let config = match level {
        Some(level) => {
            format!("[project]\nname = \"t\"\n[levels]\nrequirement-not-verified = \"{level}\"\n")
        }
        None => "[project]\nname = \"t\"\n".to_string(),
    };
    project(&[
        ("medtrace.toml", config.as_bytes()),
        (
            "dhf/SRS-001.md",
            b"---\nid: SRS-001\ntitle: R\nderived: true\nderived-rationale: r\n---\n",
        ),
    ])
}

#[test]
fn levels_decide_what_every_format_shows_and_the_exit_code() {
    // (configured level, level shown, exit code); the default is deny.
    for (level, shown, exit) in [
        (None, Some("deny"), 1),
        (Some("allow"), None, 0),
        (Some("warn"), Some("warn"), 0),
        (Some("deny"), Some("deny"), 1),
    ] {
        let dir = one_finding(level);
        let human = medtrace(dir.path(), &["check"]);
        let short = medtrace(dir.path(), &["check", "--format", "short"]);
        let json = medtrace(dir.path(), &["check", "--format", "json"]);
        let sarif = medtrace(dir.path(), &["check", "--format", "sarif"]);
        for run in [&human, &short, &json, &sarif] {
            assert_eq!(run.code, exit, "{level:?}: {}", run.stderr);
        }
        let json: Value = serde_json::from_str(&json.stdout).expect("json");
        let sarif: Value = serde_json::from_str(&sarif.stdout).expect("sarif");
        let diags = json["diagnostics"].as_array().expect("array");
        let results = sarif["runs"][0]["results"].as_array().expect("array");
        match shown {
            None => {
                assert!(diags.is_empty() && results.is_empty(), "{level:?}");
                assert_eq!(short.stdout, "");
                assert!(!human.stdout.contains("requirement-not-verified"));
            }
            Some(shown) => {
                let (word, sarif_level) = if shown == "deny" {
                    ("error", "error")
                } else {
                    ("warning", "warning")
                };
                assert_eq!(diags.len(), 1);
                assert_eq!(diags[0]["code"], "requirement-not-verified");
                assert_eq!(diags[0]["level"], shown, "{level:?}");
                assert_eq!(results.len(), 1);
                assert_eq!(results[0]["level"], sarif_level, "{level:?}");
                assert_eq!(
                    short.stdout,
                    format!(
                        "dhf/SRS-001.md:2:5: {word}[requirement-not-verified]: no test verifies `SRS-001`\n"
                    )
                );
                assert!(
                    human
                        .stdout
                        .starts_with(&format!("{word}[requirement-not-verified]")),
                    "{}",
                    human.stdout
                );
            }
        }
    }
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let dir = scenario("seeded-six");
    // stdout is a pipe here: no colour unless forced.
    let auto = medtrace_in(&dir, &["check"]);
    assert_eq!(auto.code, 1);
    assert!(!auto.stdout.contains('\u{1b}'), "{}", auto.stdout);
    let always = medtrace_in(&dir, &["--color=always", "check"]);
    assert!(always.stdout.contains("\u{1b}["), "{}", always.stdout);
    let never = medtrace_in(&dir, &["--color=never", "check"]);
    assert_eq!(never.stdout, auto.stdout);
    // Without colour, the other formats are the same whatever --color says.
    for format in ["short", "json", "sarif"] {
        let plain = medtrace_in(&dir, &["check", "--format", format]);
        let forced = medtrace_in(&dir, &["--color=always", "check", "--format", format]);
        assert_eq!(plain.stdout, forced.stdout, "{format}");
        assert!(!plain.stdout.contains('\u{1b}'), "{format}");
    }
}

#[test]
fn the_sarif_log_has_one_result_per_finding_with_rule_level_message_and_location() {
    let dir = scenario("seeded-six");
    let json: Value =
        serde_json::from_str(&medtrace(&dir, &["check", "--format", "json"]).stdout).expect("json");
    let sarif: Value =
        serde_json::from_str(&medtrace(&dir, &["check", "--format", "sarif"]).stdout)
            .expect("sarif");
    assert_eq!(sarif["version"], "2.1.0");
    assert!(
        sarif["$schema"]
            .as_str()
            .is_some_and(|s| s.contains("sarif-2.1.0")),
        "{}",
        sarif["$schema"]
    );
    let runs = sarif["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["tool"]["driver"]["name"], "medtrace");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().expect("rule id"))
        .collect();
    let diags = json["diagnostics"].as_array().expect("diagnostics");
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), diags.len());
    for (result, diag) in results.iter().zip(diags) {
        let rule = result["ruleId"].as_str().expect("ruleId");
        assert_eq!(rule, diag["code"]);
        let index = result["ruleIndex"].as_u64().expect("ruleIndex");
        assert_eq!(rules[usize::try_from(index).expect("small")], rule);
        assert!(matches!(
            result["level"].as_str(),
            Some("error" | "warning")
        ));
        let text = result["message"]["text"].as_str().expect("message");
        assert!(
            text.starts_with(diag["message"].as_str().expect("message")),
            "{text}"
        );
        let place = &result["locations"][0]["physicalLocation"];
        assert_eq!(place["artifactLocation"]["uri"], diag["location"]["file"]);
        assert_eq!(place["region"]["startLine"], diag["location"]["line"]);
        assert_eq!(place["region"]["startColumn"], diag["location"]["column"]);
    }
}
