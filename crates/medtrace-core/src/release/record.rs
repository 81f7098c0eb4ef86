//! The release record (IEC 62304 5.8.4–5.8.8): the REL item `medtrace release` writes,
//! as text. The same inputs give the same bytes.

use super::gate::{Captured, Gate, sub_field};
use crate::Analysis;
use crate::model::ItemType;
use crate::yaml::quote_scalar;

/// What the record says besides the gate's verdict.
#[derive(Clone, Debug)]
pub struct RecordInput<'a> {
    /// The version released.
    pub version: &'a str,
    /// The commit released from.
    pub commit: &'a str,
    /// The release date, `YYYY-MM-DD` (from the commit or `SOURCE_DATE_EPOCH`).
    pub date: &'a str,
    /// The build environment captured.
    pub environment: &'a [Captured],
    /// The SHA-256 (hex) of the bundle's manifest without the record's own line.
    pub bundle: &'a str,
}

/// The ID of the release record of `version`: `REL-2.3.0`.
pub fn record_id(analysis: &Analysis, version: &str) -> String {
    format!("{}-{version}", analysis.config.prefix(ItemType::Rel))
}

/// The text of the release record.
pub fn record_text(analysis: &Analysis, gate: &Gate, input: &RecordInput<'_>) -> String {
    let id_list = |found: &[usize]| -> String {
        let ids: Vec<&str> = found
            .iter()
            .map(|&i| analysis.items[i].id.as_str())
            .collect();
        format!("[{}]", ids.join(", "))
    };
    let mut out = String::from("---\n");
    out += &format!("id: {}\n", record_id(analysis, input.version));
    out += &format!(
        "title: {}\n",
        quote_scalar(&format!("Release {}", input.version))
    );
    out += &format!("version: {}\n", quote_scalar(input.version));
    out += &format!("commit: {}\n", quote_scalar(input.commit));
    out += &format!("date: {}\n", input.date);
    out += &format!("includes: {}\n", id_list(&gate.includes));
    out += &format!("known-anomalies: {}\n", id_list(&gate.known_anomalies));
    out += "environment:\n";
    for captured in input.environment {
        let output = captured.output.as_deref().unwrap_or("");
        out += &format!(
            "  {}: {}\n",
            quote_scalar(&captured.name),
            quote_scalar(output)
        );
    }
    out += &format!("gate:\n  class: {}\n", gate.class);
    for check in &gate.checks {
        let verdict = if check.applies {
            "passed"
        } else {
            "not required"
        };
        out += &format!(
            "  {}: {}\n",
            check.check.name(),
            quote_scalar(&format!(
                "{verdict} ({}): {}",
                check.check.clause(),
                check.evidence
            ))
        );
    }
    out += &format!("bundle: sha256:{}\n", input.bundle);
    out += "---\n";
    out += &body(analysis, gate, input);
    out
}

fn body(analysis: &Analysis, gate: &Gate, input: &RecordInput<'_>) -> String {
    // The full commit is in the `commit` field; the prose names it as `git log` would,
    // which also keeps a justified paragraph from stretching around 40 unbreakable digits.
    let short = input.commit.get(..12).unwrap_or(input.commit);
    let mut out = format!(
        "Version {} of {}, released from commit `{}` on {}. `medtrace release` wrote this\nrecord after the release gate passed for class {} (IEC 62304 5.8).\n",
        input.version, analysis.config.name, short, input.date, gate.class
    );
    out += "\n## Changes and problems resolved\n\n";
    if gate.includes.is_empty() {
        out += "None since the previous release.\n";
    }
    for &i in &gate.includes {
        let item = &analysis.items[i];
        out += &format!("- `{}` {}\n", item.id, one_line(&item.title));
    }
    out += "\n## Known residual anomalies (5.8.2, 5.8.3)\n\n";
    if gate.known_anomalies.is_empty() {
        out += "None: every problem report is closed.\n";
    }
    for &p in &gate.known_anomalies {
        let item = &analysis.items[p];
        out += &format!("- `{}` {}", item.id, one_line(&item.title));
        for key in ["description", "evaluation", "workaround"] {
            if let Some(text) = sub_field(item, "known-anomaly", key).and_then(|n| n.as_str()) {
                out += &format!("\n  {}: {}", key, one_line(text));
            }
        }
        out += "\n";
    }
    out += "\n## Build environment (5.8.5)\n\n";
    if input.environment.is_empty() {
        out += "Not captured (`[release] environment` in medtrace.toml).\n";
    }
    for captured in input.environment {
        let output = captured.output.as_deref().unwrap_or("");
        out += &format!(
            "- {} (`{}`): {}\n",
            captured.name,
            captured.command,
            one_line(output)
        );
    }
    out += &format!(
        "\n## Bundle (5.8.7, 5.8.8)\n\nThe bundle `{}` holds the records, the SBOM, the test reports\nand the documents of this version, with a SHA-256 manifest, `SHA256SUMS`. Its\nother files' manifest has the SHA-256 `{}`. Check it with `sha256sum -c SHA256SUMS`\nor `medtrace release verify`.\n",
        bundle_name(&analysis.config.name, input.version),
        input.bundle
    );
    out
}

/// Text on one line, whitespace runs folded to one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The project's name as a file-name slug: lowercase ASCII letters and digits, other
/// runs folded to one `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "project".to_string()
    } else {
        out
    }
}

/// The bundle's folder name: `<project-slug>-<VERSION>`.
pub fn bundle_name(project: &str, version: &str) -> String {
    format!("{}-{version}", slug(project))
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_are_file_names() {
        assert_eq!(
            slug("Aquila VP-300 dose-limit software"),
            "aquila-vp-300-dose-limit-software"
        );
        assert_eq!(slug("  ★ "), "project");
        assert_eq!(slug("a__b"), "a-b");
    }
}
