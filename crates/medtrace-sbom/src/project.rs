//! The SBOM's components from a checked project: every component of the lockfiles read,
//! with what its SOUP record adds (supplier, licence, purpose, FDA support fields).

use crate::SbomComponent;
use medtrace_core::checks::soup::covers;
use medtrace_core::{Analysis, ItemType, Status};

/// The components and dependency edges of every lockfile the analysis read.
pub fn components(analysis: &Analysis) -> (Vec<SbomComponent>, Vec<(usize, usize)>) {
    let soups: Vec<&medtrace_core::Item> = analysis
        .items
        .iter()
        .filter(|i| i.ty == ItemType::Soup && i.status != Status::Obsolete)
        .collect();
    let mut out = Vec::new();
    let mut edges = Vec::new();
    for lockfile in &analysis.evidence.lockfiles {
        let base = out.len();
        for c in &lockfile.components {
            let mut sbom = SbomComponent::new(c.clone());
            if let Some(soup) = soups.iter().find(|s| covers(s, c)) {
                let text = |name: &str| {
                    soup.text(name)
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                };
                sbom.supplier = text("supplier");
                sbom.license = text("license");
                sbom.description = text("purpose");
                sbom.support_level = text("support-level");
                sbom.end_of_support = text("end-of-support");
                sbom.soup_id = Some(soup.id.clone());
            }
            out.push(sbom);
        }
        edges.extend(lockfile.edges.iter().map(|&(a, b)| (base + a, base + b)));
    }
    (out, edges)
}
