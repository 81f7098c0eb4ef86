//! The requirement clauses of IEC 62304:2006 + AMD1:2015, sections 4 to 9, as data.
//!
//! One [`Clause`] per requirement clause, in the standard's order: its number, a short
//! title in our own words, the safety classes it applies to under Amendment 1, whether the
//! sources disagree about those classes, and what kind of evidence shows it is met. The
//! standard itself is paywalled and was not read: the facts come from public secondary
//! sources (consultancy templates, open audit checklists, vendor and forum summaries) as
//! summarised in the project's IEC 62304 reference notes, and everything here is a
//! paraphrase. The program never reads those notes; this table is the product's copy, and
//! `tests/clauses.rs` holds it to a copy of the notes so the two cannot drift apart.
//!
//! Odd rows are kept, not dropped, so that a report can still name them:
//!
//! - **Withdrawn clauses** (7.3.2, removed by AMD1 as two sources agree) have an empty
//!   class set: no class has to meet them, and [`Clause::withdrawn`] says so.
//! - **Disputed clauses** carry a [`Dispute`] with the class set the dissenting sources
//!   give and a one-line note. The primary set is the one the reference notes adopt; a
//!   [`DisputeStance`] decides how a check treats the other. 7.1.5, whose deletion by AMD1
//!   is unconfirmed, is withdrawn in its primary set and disputed with class B and C as the
//!   alternative.
//! - **Legacy software** (4.4.x) applies to every class but only to a project that takes
//!   the optional legacy route; its [`EvidenceKind::Legacy`] marks it.
//! - **Clause 4** carries no class tag in any source; it applies to every project, so it
//!   has all three classes.

use self::EvidenceKind::{Legacy, Plan, Records};
use crate::model::Class;
use std::cmp::Ordering;
use std::fmt;

/// A set of software safety classes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ClassSet(u8);

impl ClassSet {
    /// No class: a withdrawn clause.
    pub const NONE: ClassSet = ClassSet(0);
    /// Class C only.
    pub const C: ClassSet = ClassSet::NONE.with(Class::C);
    /// Classes B and C.
    pub const BC: ClassSet = ClassSet::C.with(Class::B);
    /// Every class.
    pub const ABC: ClassSet = ClassSet::BC.with(Class::A);

    const fn bit(class: Class) -> u8 {
        match class {
            Class::A => 1,
            Class::B => 2,
            Class::C => 4,
        }
    }

    /// This set with `class` added.
    pub const fn with(self, class: Class) -> ClassSet {
        ClassSet(self.0 | ClassSet::bit(class))
    }

    /// Whether `class` is in the set.
    pub const fn contains(self, class: Class) -> bool {
        self.0 & ClassSet::bit(class) != 0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The classes in either set.
    pub const fn union(self, other: ClassSet) -> ClassSet {
        ClassSet(self.0 | other.0)
    }

    /// The classes in both sets.
    pub const fn intersection(self, other: ClassSet) -> ClassSet {
        ClassSet(self.0 & other.0)
    }

    /// The classes in the set, A first.
    pub fn iter(self) -> impl Iterator<Item = Class> {
        [Class::A, Class::B, Class::C]
            .into_iter()
            .filter(move |&c| self.contains(c))
    }
}

impl FromIterator<Class> for ClassSet {
    fn from_iter<I: IntoIterator<Item = Class>>(iter: I) -> ClassSet {
        iter.into_iter().fold(ClassSet::NONE, ClassSet::with)
    }
}

impl fmt::Display for ClassSet {
    /// `A B C`, `B C`, `C`, or `none`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.pad("none");
        }
        let letters: Vec<&str> = self.iter().map(Class::as_str).collect();
        f.pad(&letters.join(" "))
    }
}

/// What shows that a clause is met.
///
/// The rule: `Records` when medtrace's own records (items, links, trace tags, test
/// reports, execution records, lockfiles) can show it, so a check can look for it;
/// `Plan` when it is shown by a plan, procedure or other document, or by an activity
/// outside the records (a release, an archive, a notice to users), which a person has to
/// confirm; `Legacy` for the 4.4 clauses, which only a project taking the legacy route
/// has to meet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EvidenceKind {
    /// Machine-checkable from the records.
    Records,
    /// A plan, procedure or document a person reviews.
    Plan,
    /// The optional legacy-software route (4.4).
    Legacy,
}

impl EvidenceKind {
    /// A lowercase name for output.
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Records => "records",
            EvidenceKind::Plan => "plan",
            EvidenceKind::Legacy => "legacy",
        }
    }
}

impl fmt::Display for EvidenceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A disagreement between sources about which classes a clause applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Dispute {
    /// The classes the dissenting sources give.
    pub classes: ClassSet,
    /// One line saying what the sources disagree on.
    pub note: &'static str,
}

/// How a check treats a disputed clause.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DisputeStance {
    /// The clause applies when any source says it does. The default: an auditor may
    /// follow either source.
    #[default]
    Strict,
    /// The clause applies only when every source says it does.
    Lenient,
}

impl DisputeStance {
    /// Every stance.
    pub const ALL: [DisputeStance; 2] = [DisputeStance::Strict, DisputeStance::Lenient];

    /// The name as written in configuration: `strict` or `lenient`.
    pub fn as_str(self) -> &'static str {
        match self {
            DisputeStance::Strict => "strict",
            DisputeStance::Lenient => "lenient",
        }
    }

    /// Reads `strict` or `lenient`.
    pub fn parse(s: &str) -> Option<DisputeStance> {
        DisputeStance::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

impl fmt::Display for DisputeStance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// One requirement clause of IEC 62304.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Clause {
    /// The clause number, e.g. `5.2.1`.
    pub id: &'static str,
    /// A short title in our own words.
    pub title: &'static str,
    /// The section it belongs to, 4 to 9.
    pub section: u8,
    /// The classes it applies to under AMD1; empty when AMD1 withdrew it.
    pub classes: ClassSet,
    /// The other class set, when sources disagree.
    pub disputed: Option<Dispute>,
    /// What kind of evidence shows it is met.
    pub evidence: EvidenceKind,
}

impl Clause {
    /// Whether the clause applies to `class`, taking a dispute as `stance` says.
    pub fn applies_to(&self, class: Class, stance: DisputeStance) -> bool {
        self.classes_for(stance).contains(class)
    }

    /// The classes the clause applies to under `stance`: the primary set for an
    /// undisputed clause; with a dispute, the union (strict) or intersection (lenient)
    /// of the primary and alternative sets.
    pub fn classes_for(&self, stance: DisputeStance) -> ClassSet {
        match (self.disputed, stance) {
            (None, _) => self.classes,
            (Some(d), DisputeStance::Strict) => self.classes.union(d.classes),
            (Some(d), DisputeStance::Lenient) => self.classes.intersection(d.classes),
        }
    }

    /// Whether AMD1 withdrew the clause (its primary class set is empty).
    pub fn withdrawn(&self) -> bool {
        self.classes.is_empty()
    }

    /// The heading the clause is listed under: the [`GROUPS`] entry with the longest
    /// number that is the clause's own or a leading part of it. Every clause has one.
    pub fn group(&self) -> Option<&'static Heading> {
        GROUPS
            .iter()
            .filter(|g| is_within(self.id, g.id))
            .max_by_key(|g| g.id.len())
    }

    const fn disputed(self, classes: ClassSet, note: &'static str) -> Clause {
        Clause {
            disputed: Some(Dispute { classes, note }),
            ..self
        }
    }
}

/// A numbered heading: a section or a group of clauses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Heading {
    /// The number, e.g. `5.1`.
    pub id: &'static str,
    /// The title, in our own words.
    pub title: &'static str,
}

/// A clause row of [`CLAUSES`]; the section is the clause number's first digit.
const fn row(
    id: &'static str,
    classes: ClassSet,
    evidence: EvidenceKind,
    title: &'static str,
) -> Clause {
    Clause {
        id,
        title,
        section: id.as_bytes()[0] - b'0',
        classes,
        disputed: None,
        evidence,
    }
}

const fn heading(id: &'static str, title: &'static str) -> Heading {
    Heading { id, title }
}

/// The processes, sections 4 to 9.
pub static SECTIONS: &[Heading] = &[
    heading("4", "General requirements"),
    heading("5", "Software development"),
    heading("6", "Software maintenance"),
    heading("7", "Software risk management"),
    heading("8", "Software configuration management"),
    heading("9", "Software problem resolution"),
];

/// The headings clauses are listed under: the activities of each process. 4.1 to 4.3
/// and section 9 have no activity level, so they sit under their section's heading.
pub static GROUPS: &[Heading] = &[
    heading("4", "General requirements"),
    heading("4.4", "Legacy software"),
    heading("5.1", "Planning software development"),
    heading("5.2", "Analysing software requirements"),
    heading("5.3", "Architectural design"),
    heading("5.4", "Detailed design"),
    heading("5.5", "Implementing and verifying units"),
    heading("5.6", "Integration and integration testing"),
    heading("5.7", "System testing"),
    heading("5.8", "Releasing the software"),
    heading("6.1", "Planning maintenance"),
    heading("6.2", "Analysing problems and modifications"),
    heading("6.3", "Implementing modifications"),
    heading("7.1", "How software contributes to hazardous situations"),
    heading("7.2", "Risk control measures"),
    heading("7.3", "Verifying risk control measures"),
    heading("7.4", "Risk management of changes"),
    heading("8.1", "Identifying configuration items"),
    heading("8.2", "Controlling changes"),
    heading("8.3", "Keeping configuration history"),
    heading("9", "Problem resolution"),
];

const ABC: ClassSet = ClassSet::ABC;
const BC: ClassSet = ClassSet::BC;
const C: ClassSet = ClassSet::C;
const NONE: ClassSet = ClassSet::NONE;

// One open audit checklist for AMD1 still gives these clauses their 2006 classes, B and
// C, while the other sources extend them to class A; the notes adopt class A.
const KEPT_AT_B: &str =
    "one audit checklist keeps the 2006 classes B and C; the other sources add A";
// A coarse chapter-level class table leaves out a whole activity for one class; the
// clause-level sources do not, and the notes follow them.
const COARSE_5_4: &str =
    "a chapter-level table leaves 5.4 out for class B; clause-level sources include it";
const COARSE_5_5: &str =
    "a chapter-level table leaves 5.5 out for class A; clause-level sources include it";
const ANOMALY_RISK: &str =
    "most sources give B and C; one vendor's release checklist also asks it of class A";
const DELETED_BY_AMD1: &str =
    "two sources omit it after AMD1 (deleted); one checklist still lists it for B and C";

/// Every requirement clause of sections 4 to 9, once each, in the standard's order.
///
/// 5.7.1 is not disputed: every source that reflects AMD1 gives it class A; one mapping
/// merely lacks the row. 7.3.2 is withdrawn without dispute: two sources agree AMD1
/// removed it.
#[rustfmt::skip] // one row per line, like the table it mirrors
pub static CLAUSES: &[Clause] = &[
    // 4 General requirements. Not class-tagged; every project meets them.
    row("4.1", ABC, Plan, "Work under a quality management system"),
    row("4.2", ABC, Plan, "Apply an ISO 14971 risk management process"),
    row("4.3", ABC, Records, "Classify the software system and its items as A, B or C"),
    row("4.4.1", ABC, Legacy, "Legacy software may take the 4.4 route instead of 5 to 9"),
    row("4.4.2", ABC, Legacy, "Assess the risks of keeping legacy software in use"),
    row("4.4.3", ABC, Legacy, "Compare existing legacy deliverables with what the class needs"),
    row("4.4.4", ABC, Legacy, "Plan and close the gaps found in legacy deliverables"),
    row("4.4.5", ABC, Legacy, "Record the legacy version and why its use continues"),
    // 5.1 Planning
    row("5.1.1", ABC, Plan, "Write a software development plan"),
    row("5.1.2", ABC, Plan, "Keep the development plan current"),
    row("5.1.3", ABC, Plan, "Tie the plan to the system requirements and system design"),
    row("5.1.4", C, Plan, "Name the standards, methods and tools used for class C"),
    row("5.1.5", BC, Plan, "Plan integration of items, SOUP included, and its testing"),
    row("5.1.6", ABC, Plan, "Plan verification: tasks, milestones, acceptance criteria"),
    row("5.1.7", ABC, Plan, "Plan software risk management, SOUP included"),
    row("5.1.8", ABC, Plan, "Plan the documents: name, purpose, review and approval"),
    row("5.1.9", ABC, Plan, "Plan configuration management"),
    row("5.1.10", BC, Plan, "Control the tools and settings that affect the software"),
    row("5.1.11", BC, Plan, "Put items under configuration control before verifying them"),
    row("5.1.12", BC, Plan, "Guard against the defect kinds typical of the technology used"),
    // 5.2 Requirements
    row("5.2.1", ABC, Records, "Derive software requirements from the system requirements"),
    row("5.2.2", ABC, Records, "Cover the relevant kinds of requirement content"),
    row("5.2.3", BC, Records, "State software risk control measures as requirements"),
    row("5.2.4", ABC, Records, "Revisit the device risk analysis once requirements exist"),
    row("5.2.5", ABC, Records, "Update existing requirements where that analysis calls for it"),
    row("5.2.6", ABC, Records, "Verify the software requirements"),
    // 5.3 Architecture
    row("5.3.1", BC, Records, "Describe the architecture as software items"),
    row("5.3.2", BC, Records, "Describe the interfaces of the software items"),
    row("5.3.3", BC, Records, "State what each SOUP item must do and how well"),
    row("5.3.4", BC, Records, "State the hardware and software each SOUP item needs"),
    row("5.3.5", C, Records, "Identify segregation needed for risk control; show it works"),
    row("5.3.6", BC, Records, "Verify the architecture"),
    // 5.4 Detailed design
    row("5.4.1", BC, Records, "Break the software items down into units")
        .disputed(C, COARSE_5_4),
    row("5.4.2", C, Records, "Design each unit in detail"),
    row("5.4.3", C, Records, "Design the unit interfaces in detail"),
    row("5.4.4", C, Records, "Verify the detailed design against the architecture"),
    // 5.5 Units
    row("5.5.1", ABC, Records, "Implement each software unit")
        .disputed(BC, COARSE_5_5),
    row("5.5.2", BC, Plan, "Set up how units are verified"),
    row("5.5.3", BC, Plan, "Set unit acceptance criteria and check units against them"),
    row("5.5.4", C, Plan, "Apply further unit acceptance criteria where relevant"),
    row("5.5.5", BC, Records, "Verify units and record the results"),
    // 5.6 Integration
    row("5.6.1", BC, Plan, "Integrate units as planned"),
    row("5.6.2", BC, Plan, "Verify and record that integration followed the plan"),
    row("5.6.3", BC, Records, "Test the integrated items and record the results"),
    row("5.6.4", BC, Records, "Make integration tests show the item works as intended"),
    row("5.6.5", BC, Plan, "Review integration test procedures for adequacy"),
    row("5.6.6", BC, Records, "Run regression tests when integrating"),
    row("5.6.7", BC, Records, "Keep repeatable integration test records"),
    row("5.6.8", BC, Records, "Send integration test anomalies to problem resolution"),
    // 5.7 System testing
    row("5.7.1", ABC, Records, "Specify and run system tests covering every requirement"),
    row("5.7.2", ABC, Records, "Send system test anomalies to problem resolution")
        .disputed(BC, KEPT_AT_B),
    row("5.7.3", ABC, Records, "Retest after changes made during system testing")
        .disputed(BC, KEPT_AT_B),
    row("5.7.4", ABC, Records, "Evaluate system testing and its traceability")
        .disputed(BC, KEPT_AT_B),
    row("5.7.5", ABC, Records, "Keep complete system test records")
        .disputed(BC, KEPT_AT_B),
    // 5.8 Release
    row("5.8.1", ABC, Records, "Confirm verification is finished before release")
        .disputed(BC, KEPT_AT_B),
    row("5.8.2", ABC, Records, "List the known residual anomalies")
        .disputed(BC, KEPT_AT_B),
    row("5.8.3", BC, Records, "Judge each residual anomaly for unacceptable risk")
        .disputed(ABC, ANOMALY_RISK),
    row("5.8.4", ABC, Plan, "Identify the released version"),
    row("5.8.5", BC, Plan, "Record how and where the release was built"),
    row("5.8.6", BC, Plan, "Confirm planned activities and documents are complete"),
    row("5.8.7", ABC, Plan, "Archive the release and its documentation")
        .disputed(BC, KEPT_AT_B),
    row("5.8.8", ABC, Plan, "Deliver the release intact and unaltered")
        .disputed(BC, KEPT_AT_B),
    // 6 Maintenance
    row("6.1", ABC, Plan, "Write a software maintenance plan"),
    row("6.2.1.1", ABC, Plan, "Watch for feedback on released software"),
    row("6.2.1.2", ABC, Records, "Evaluate feedback; file problems as problem reports"),
    row("6.2.1.3", ABC, Records, "Judge each problem report's effect on safety"),
    row("6.2.2", ABC, Records, "Handle problem reports by problem resolution"),
    row("6.2.3", ABC, Records, "Analyse the impact of each change request")
        .disputed(BC, KEPT_AT_B),
    row("6.2.4", ABC, Records, "Approve change requests to released software"),
    row("6.2.5", ABC, Plan, "Tell users and regulators of problems and changes"),
    row("6.3.1", ABC, Records, "Implement changes by repeating the needed development steps"),
    row("6.3.2", ABC, Plan, "Release the changed software as a first release is made"),
    // 7 Risk management
    row("7.1.1", BC, Records, "Find the items that can contribute to hazardous situations"),
    row("7.1.2", BC, Records, "Identify how each such item could cause them"),
    row("7.1.3", BC, Records, "Evaluate SOUP anomaly lists where SOUP can be a cause"),
    row("7.1.4", BC, Records, "Record the causes in the risk management file"),
    row("7.1.5", NONE, Records, "Record the event sequences behind hazardous situations")
        .disputed(BC, DELETED_BY_AMD1),
    row("7.2.1", BC, Records, "Define risk control measures for each software cause"),
    row("7.2.2", BC, Records, "Develop software risk controls as classed requirements"),
    row("7.3.1", BC, Records, "Verify each risk control measure and its side effects"),
    row("7.3.2", NONE, Records, "Record new event sequences caused by risk controls"),
    row("7.3.3", BC, Records, "Trace hazardous situation to cause, control and verification"),
    row("7.4.1", ABC, Records, "Check changes for new causes and new controls needed"),
    row("7.4.2", BC, Records, "Check changes against existing risk controls"),
    row("7.4.3", BC, Records, "Redo the risk activities the changes call for"),
    // 8 Configuration management
    row("8.1.1", ABC, Plan, "Identify configuration items and their versions uniquely"),
    row("8.1.2", ABC, Records, "Identify each SOUP item: title, maker, version"),
    row("8.1.3", ABC, Records, "Record the configuration items making up the system"),
    row("8.2.1", ABC, Plan, "Change items only through approved change requests"),
    row("8.2.2", ABC, Records, "Implement changes as approved, repeating affected activities"),
    row("8.2.3", ABC, Records, "Verify changes, repeating invalidated verification"),
    row("8.2.4", ABC, Records, "Link change requests, problem reports and approvals"),
    row("8.3", ABC, Plan, "Keep a retrievable history of configuration items"),
    // 9 Problem resolution
    row("9.1", ABC, Records, "Write a problem report for each problem"),
    row("9.2", ABC, Records, "Investigate each problem and decide on action"),
    row("9.3", ABC, Records, "Inform the parties concerned"),
    row("9.4", ABC, Records, "Put resolutions through change control"),
    row("9.5", ABC, Records, "Keep resolution records; update the risk file"),
    row("9.6", ABC, Records, "Look for trends in problem reports"),
    row("9.7", ABC, Records, "Verify that problems are resolved"),
    row("9.8", ABC, Records, "Document retesting after changes"),
];

/// Every clause, in the standard's order.
pub fn all() -> &'static [Clause] {
    CLAUSES
}

/// The clause numbered `id` (`5.2.1`).
pub fn get(id: &str) -> Option<&'static Clause> {
    CLAUSES.iter().find(|c| c.id == id)
}

/// The clauses that apply to `class` under AMD1, taking disputed clauses by their primary
/// classes. Withdrawn clauses never apply; legacy clauses do (filter on
/// [`EvidenceKind::Legacy`] when the project does not take that route).
pub fn applicable(class: Class) -> impl Iterator<Item = &'static Clause> {
    CLAUSES.iter().filter(move |c| c.classes.contains(class))
}

/// Orders clause numbers by their numeric components: `5.1.9` < `5.1.10` < `5.2`.
pub fn cmp_ids(a: &str, b: &str) -> Ordering {
    // A component that is not a number sorts after every number, then by its text.
    fn component(p: &str) -> (u32, &str) {
        p.parse().map_or((u32::MAX, p), |n| (n, ""))
    }
    a.split('.').map(component).cmp(b.split('.').map(component))
}

/// Whether clause `id` is `group` or lies under it (`5.1.10` is within `5.1`, not `5.10`).
fn is_within(id: &str, group: &str) -> bool {
    id == group
        || id
            .strip_prefix(group)
            .is_some_and(|rest| rest.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clause(id: &str) -> &'static Clause {
        get(id).unwrap_or_else(|| panic!("clause {id} is in the table"))
    }

    #[test]
    fn disputed_class_a_rows_follow_the_stance() {
        // 5.7.2: primary A B C, one source B C only.
        let c = clause("5.7.2");
        assert!(c.applies_to(Class::A, DisputeStance::Strict));
        assert!(!c.applies_to(Class::A, DisputeStance::Lenient));
        assert!(c.applies_to(Class::B, DisputeStance::Lenient));
        // 5.8.3: primary B C, one source A B C.
        let c = clause("5.8.3");
        assert!(c.applies_to(Class::A, DisputeStance::Strict));
        assert!(!c.applies_to(Class::A, DisputeStance::Lenient));
        assert!(c.applies_to(Class::C, DisputeStance::Strict));
        assert!(c.applies_to(Class::C, DisputeStance::Lenient));
    }

    #[test]
    fn a_clause_whose_deletion_is_disputed_applies_only_strictly() {
        let c = clause("7.1.5");
        assert!(c.withdrawn());
        assert!(c.applies_to(Class::B, DisputeStance::Strict));
        assert!(!c.applies_to(Class::B, DisputeStance::Lenient));
        assert!(!c.applies_to(Class::A, DisputeStance::Strict));
        assert_eq!(c.classes_for(DisputeStance::Strict), ClassSet::BC);
        assert_eq!(c.classes_for(DisputeStance::Lenient), ClassSet::NONE);
    }

    #[test]
    fn undisputed_rows_ignore_the_stance() {
        let c = clause("5.1.4");
        for stance in DisputeStance::ALL {
            assert!(!c.applies_to(Class::A, stance));
            assert!(!c.applies_to(Class::B, stance));
            assert!(c.applies_to(Class::C, stance));
        }
        let withdrawn = clause("7.3.2");
        assert!(withdrawn.withdrawn() && withdrawn.disputed.is_none());
        for stance in DisputeStance::ALL {
            assert!(!withdrawn.applies_to(Class::C, stance));
        }
    }

    #[test]
    fn applicable_uses_the_primary_classes() {
        let a: Vec<&str> = applicable(Class::A).map(|c| c.id).collect();
        assert!(a.contains(&"5.7.2") && a.contains(&"4.4.1"));
        assert!(!a.contains(&"5.8.3") && !a.contains(&"7.1.5") && !a.contains(&"5.3.1"));
        let c: Vec<&str> = applicable(Class::C).map(|c| c.id).collect();
        assert_eq!(
            c.len(),
            CLAUSES.len() - 2,
            "all but the withdrawn 7.1.5 and 7.3.2"
        );
    }

    #[test]
    fn lookups_and_names() {
        assert_eq!(clause("5.2.1").section, 5);
        assert_eq!(clause("6.2.1.3").section, 6);
        assert!(get("5.9").is_none() && get("").is_none());
        for stance in DisputeStance::ALL {
            assert_eq!(DisputeStance::parse(stance.as_str()), Some(stance));
        }
        assert_eq!(DisputeStance::parse("Strict"), None);
        assert_eq!(ClassSet::BC.to_string(), "B C");
        assert_eq!(ClassSet::NONE.to_string(), "none");
        assert_eq!(
            [Class::C, Class::B].into_iter().collect::<ClassSet>(),
            ClassSet::BC
        );
    }

    #[test]
    fn every_clause_has_a_group_within_its_section() {
        for c in CLAUSES {
            let group = c.group().unwrap_or_else(|| panic!("{} has a group", c.id));
            assert!(
                is_within(group.id, &c.section.to_string()),
                "{} under {}",
                c.id,
                group.id
            );
        }
        assert_eq!(clause("5.1.10").group().map(|g| g.id), Some("5.1"));
        assert_eq!(clause("4.4.2").group().map(|g| g.id), Some("4.4"));
        assert_eq!(clause("4.3").group().map(|g| g.id), Some("4"));
        assert_eq!(clause("6.1").group().map(|g| g.id), Some("6.1"));
        assert_eq!(clause("9.8").group().map(|g| g.id), Some("9"));
    }

    #[test]
    fn ids_order_by_number() {
        assert_eq!(cmp_ids("5.1.9", "5.1.10"), Ordering::Less);
        assert_eq!(cmp_ids("5.1.12", "5.2.1"), Ordering::Less);
        assert_eq!(cmp_ids("6.1", "6.2.1.1"), Ordering::Less);
        assert_eq!(cmp_ids("6.2.1.3", "6.2.2"), Ordering::Less);
        assert_eq!(cmp_ids("8.3", "8.3"), Ordering::Equal);
        assert!(
            CLAUSES
                .windows(2)
                .all(|w| cmp_ids(w[0].id, w[1].id) == Ordering::Less)
        );
    }
}
