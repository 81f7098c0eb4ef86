//! Requirement and risk-control coverage, with obsolete items neither needing coverage nor
//! giving it (SRS-013, SRS-014).

use crate::{analyze, findings};

#[test]
fn requirement_coverage_counts_only_live_links() {
    let files = [
        ("sys-1.md", "---\nid: SYS-1\ntitle: No SRS\n---\n"),
        (
            "sys-2.md",
            "---\nid: SYS-2\ntitle: Only an obsolete SRS\n---\n",
        ),
        (
            "srs-old.md",
            "---\nid: SRS-9\ntitle: Old\nstatus: obsolete\nderived-from: [SYS-2]\n---\n",
        ),
        ("srs-1.md", "---\nid: SRS-1\ntitle: Underived\n---\n"),
        (
            "srs-2.md",
            "---\nid: SRS-2\ntitle: Derived on purpose\nderived: true\nderived-rationale: a design decision\n---\n",
        ),
        (
            "srs-3.md",
            "---\nid: SRS-3\ntitle: Verified only by an obsolete test\nderived-from: [SYS-3]\n---\n",
        ),
        (
            "tst-old.md",
            "---\nid: TST-9\ntitle: Old\nstatus: obsolete\nverifies: [SRS-3]\n---\n",
        ),
        (
            "srs-5.md",
            "---\nid: SRS-5\ntitle: No test at all\nderived-from: [SYS-3]\n---\n",
        ),
        (
            "srs-old-2.md",
            "---\nid: SRS-8\ntitle: Obsolete and untested\nstatus: obsolete\n---\n",
        ),
        // A fully traced chain.
        ("sys-3.md", "---\nid: SYS-3\ntitle: Traced\n---\n"),
        (
            "srs-4.md",
            "---\nid: SRS-4\ntitle: Traced\nderived-from: [SYS-3]\n---\n",
        ),
        (
            "tst.md",
            "---\nid: TST-1\ntitle: T\nverifies: [SRS-1, SRS-2, SRS-4]\n---\n",
        ),
    ];
    assert_eq!(
        findings(&files),
        [
            "srs-1.md:2:5 requirement-not-derived: `SRS-1` is derived from no system requirement",
            "srs-3.md:2:5 requirement-not-verified: no test verifies `SRS-3`",
            "srs-5.md:2:5 requirement-not-verified: no test verifies `SRS-5`",
            "sys-1.md:2:5 system-requirement-not-refined: no software requirement is derived from `SYS-1`",
            "sys-2.md:2:5 system-requirement-not-refined: no software requirement is derived from `SYS-2`",
        ]
    );
    let analysis = analyze(&files);
    let helps: Vec<&str> = analysis
        .diagnostics
        .iter()
        .filter_map(|d| d.help.as_deref())
        .collect();
    assert_eq!(
        helps,
        [
            "add `derived-from: [SYS-…]`, or `derived: true` with a `derived-rationale`",
            "add `verifies: [SRS-3]` to a TST item",
            "add `verifies: [SRS-5]` to a TST item",
            "add `derived-from: [SYS-1]` to the SRS items that refine it",
            "add `derived-from: [SYS-2]` to the SRS items that refine it",
        ]
    );
}

#[test]
fn risk_control_coverage_counts_only_live_links_and_external_controls_need_no_srs() {
    let files = [
        (
            "rcm-1.md",
            "---\nid: RCM-1\ntitle: Not implemented\nimplementation: software\nnew-hazards: none\n---\n",
        ),
        (
            "rcm-2.md",
            "---\nid: RCM-2\ntitle: Implemented only by an obsolete SRS\nnew-hazards: none\n---\n",
        ),
        (
            "rcm-3.md",
            "---\nid: RCM-3\ntitle: External\nimplementation: external\nnew-hazards: none\nrealized-by: the label\n---\n",
        ),
        (
            "rcm-4.md",
            "---\nid: RCM-4\ntitle: Not verified\nnew-hazards: none\n---\n",
        ),
        (
            "rcm-5.md",
            "---\nid: RCM-5\ntitle: Covered\nnew-hazards: none\n---\n",
        ),
        (
            "srs-old.md",
            "---\nid: SRS-9\ntitle: Old\nstatus: obsolete\nimplements: [RCM-2]\n---\n",
        ),
        (
            "srs.md",
            "---\nid: SRS-1\ntitle: R\nderived: true\nderived-rationale: r\nimplements: [RCM-4, RCM-5]\n---\n",
        ),
        (
            "tst.md",
            "---\nid: TST-1\ntitle: T\nverifies: [SRS-1, RCM-1, RCM-2, RCM-3, RCM-5]\n---\n",
        ),
    ];
    assert_eq!(
        findings(&files),
        [
            "rcm-1.md:2:5 risk-control-not-implemented: no software requirement implements risk control `RCM-1`",
            "rcm-2.md:2:5 risk-control-not-implemented: no software requirement implements risk control `RCM-2`",
            "rcm-4.md:2:5 risk-control-not-verified: no test verifies risk control `RCM-4`",
        ]
    );
}
