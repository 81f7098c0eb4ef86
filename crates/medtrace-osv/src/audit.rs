//! The offline vulnerability review of a checked project: every locked component against
//! the advisories, and the reviews its SOUP record carries (the VEX idea: an advisory that
//! affects a component is open until a person records why it does or does not matter).

use crate::advisory::Advisory;
use crate::index::Index;
use crate::matching::{Verdict, assess, fixed_versions};
use medtrace_core::checks::soup::{covers, in_scope};
use medtrace_core::soup::Component;
use medtrace_core::yaml::Value;
use medtrace_core::{Analysis, Item, ItemType, Status};

/// A person's review of one advisory, from the SOUP record's `vulnerabilities` list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Review {
    /// `not-affected`, `mitigated`, `will-fix` or `affected`.
    pub status: String,
    /// Why.
    pub justification: String,
}

/// One advisory that affects (or may affect) one locked component.
#[derive(Clone, Debug)]
pub struct Finding<'a> {
    /// The component.
    pub component: &'a Component,
    /// The SOUP record covering it, if any.
    pub soup: Option<&'a Item>,
    /// The advisory.
    pub advisory: &'a Advisory,
    /// Affected, or cannot be decided.
    pub verdict: Verdict,
    /// The recorded review, if any.
    pub review: Option<Review>,
    /// Versions that fix it.
    pub fixed: Vec<String>,
}

impl Finding<'_> {
    /// Whether a person still has to look at it: affected and not reviewed.
    pub fn open(&self) -> bool {
        self.verdict == Verdict::Affected && self.review.is_none()
    }
}

/// The reviews recorded in a SOUP record: `vulnerabilities: [{id, status, justification}]`.
pub fn reviews(item: &Item) -> Vec<(String, Review)> {
    let Some(Value::Seq(entries)) = item.field("vulnerabilities").map(|f| &f.value.value) else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|e| {
            let Value::Map(fields) = &e.value else {
                return None;
            };
            let get = |k: &str| {
                fields
                    .iter()
                    .find(|(key, _)| key.as_str() == Some(k))
                    .and_then(|(_, v)| v.as_str())
                    .map(|s| s.trim().to_string())
            };
            let justification = get("justification").filter(|j| !j.is_empty())?;
            Some((
                get("id")?,
                Review {
                    status: get("status").unwrap_or_else(|| "not-affected".into()),
                    justification,
                },
            ))
        })
        .collect()
}

// implements: SRS-043, SRS-044
/// Every advisory affecting a locked component in scope, with its review.
pub fn audit<'a>(analysis: &'a Analysis, advisories: &'a [Advisory]) -> Vec<Finding<'a>> {
    let index = Index::new(advisories);
    let soups: Vec<&Item> = analysis
        .items
        .iter()
        .filter(|i| i.ty == ItemType::Soup && i.status != Status::Obsolete)
        .collect();
    let mut out = Vec::new();
    for lockfile in &analysis.evidence.lockfiles {
        for c in lockfile
            .components
            .iter()
            .filter(|c| in_scope(c, &analysis.config))
        {
            let soup = soups.iter().copied().find(|s| covers(s, c));
            let recorded = soup.map(reviews).unwrap_or_default();
            for advisory in index.naming(c.ecosystem, &c.name) {
                let verdict = assess(advisory, c.ecosystem, &c.name, &c.version);
                if verdict == Verdict::NotAffected {
                    continue;
                }
                let review = recorded
                    .iter()
                    .find(|(id, _)| advisory.is_known_as(id))
                    .map(|(_, r)| r.clone());
                out.push(Finding {
                    component: c,
                    soup,
                    advisory,
                    verdict,
                    review,
                    fixed: fixed_versions(advisory, c.ecosystem, &c.name)
                        .into_iter()
                        .map(str::to_string)
                        .collect(),
                });
            }
        }
    }
    out.sort_by(|a, b| {
        (&a.component.purl, &a.advisory.id).cmp(&(&b.component.purl, &b.advisory.id))
    });
    out.dedup_by(|a, b| a.component.purl == b.component.purl && a.advisory.id == b.advisory.id);
    out
}

/// The findings as CycloneDX 1.6 VEX: each vulnerability with the components it affects
/// and the analysis recorded for it.
pub fn vex(project: &str, findings: &[Finding<'_>]) -> serde_json::Value {
    use serde_json::json;
    let vulnerabilities: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| {
            let (state, justification, response) =
                match f.review.as_ref().map(|r| r.status.as_str()) {
                    None if f.verdict == Verdict::Unknown => ("in_triage", None, None),
                    None => ("in_triage", None, None),
                    Some("not-affected") => ("not_affected", Some("code_not_reachable"), None),
                    Some("mitigated") => (
                        "not_affected",
                        Some("protected_by_mitigating_control"),
                        None,
                    ),
                    Some("will-fix") => ("exploitable", None, Some("update")),
                    Some(_) => ("exploitable", None, None),
                };
            let mut analysis = json!({"state": state});
            if let Some(j) = justification {
                analysis["justification"] = json!(j);
            }
            if let Some(r) = response {
                analysis["response"] = json!([r]);
            }
            if let Some(r) = &f.review {
                analysis["detail"] = json!(r.justification);
            }
            json!({
                "id": f.advisory.id,
                "source": {"name": "OSV"},
                "description": f.advisory.title(),
                "analysis": analysis,
                "affects": [{"ref": f.component.purl}],
            })
        })
        .collect();
    json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "metadata": {"component": {"type": "application", "bom-ref": project, "name": project}},
        "vulnerabilities": vulnerabilities,
    })
}
