use super::{LOCK, check_spans, direct, edges, find, fixture, manifest, mutate, problems, summary};
use medtrace_soup::python::poetry;
use medtrace_soup::{LockfileFormat, Scope};
use proptest::prelude::*;

/// What the three pump-monitor lockfiles (Poetry 1.1.15, 1.8.5, 2.5.1) share: the
/// dependency edges between the 16 packages they all lock.
const PUMP_EDGES: &[&str] = &[
    "click@8.1.8 -> colorama@0.4.6",
    "exceptiongroup@1.3.1 -> typing-extensions@4.16.0",
    "pytest@8.4.2 -> colorama@0.4.6",
    "pytest@8.4.2 -> exceptiongroup@1.3.1",
    "pytest@8.4.2 -> iniconfig@2.1.0",
    "pytest@8.4.2 -> packaging@26.3",
    "pytest@8.4.2 -> pluggy@1.6.0",
    "pytest@8.4.2 -> pygments@2.21.0",
    "pytest@8.4.2 -> tomli@2.5.0",
    "requests@2.32.5 -> certifi@2026.10.18",
    // The dependency is written `charset_normalizer`: matched after PEP 503 normalisation.
    "requests@2.32.5 -> charset-normalizer@3.5.2",
    "requests@2.32.5 -> idna@3.20",
    "requests@2.32.5 -> urllib3@2.6.3",
];

const PUMP: &[&str] = &[
    "certifi 2026.10.18 runtime transitive",
    "charset-normalizer 3.5.2 runtime transitive",
    "click 8.1.8 runtime direct",
    "colorama 0.4.6 runtime transitive",
    "exceptiongroup 1.3.1 dev transitive",
    "idna 3.20 runtime transitive",
    "iniconfig 2.1.0 dev transitive",
    "packaging 26.3 dev transitive",
    "pluggy 1.6.0 dev transitive",
    "pygments 2.21.0 dev transitive",
    "pytest 8.4.2 dev direct",
    "pyyaml 6.0.3 optional direct",
    "requests 2.32.5 runtime direct",
    "tomli 2.5.0 dev transitive",
    "typing-extensions 4.16.0 dev transitive",
    "urllib3 2.6.3 runtime transitive",
];

#[test]
fn poetry_2_groups_and_pep_621_manifest() {
    let (text, man) = (
        fixture("poetry-2.1/poetry.lock"),
        fixture("poetry-2.1/pyproject.toml"),
    );
    let lock = poetry::read_with_manifest(LOCK, &text, manifest(&man));
    assert_eq!(lock.format, LockfileFormat::PoetryLock);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(summary(&lock), PUMP);
    assert_eq!(edges(&lock), PUMP_EDGES);
    check_spans(&lock, &text, Some(&man));

    let certifi = find(&lock, "certifi", "2026.10.18");
    assert_eq!(certifi.purl, "pkg:pypi/certifi@2026.10.18");
    assert_eq!(
        certifi.checksums,
        [
            "sha256:73191c47aaa79da394e8fee2dbc2ec827432cab56311122c9e47abf79e390f62",
            "sha256:b9995d97b64d0431a5af837d8ca8cd6238104d1f319f04bd93ea43124d6c861e",
        ]
    );
    // A `legacy` source at pypi.org/simple is PyPI itself.
    assert_eq!(certifi.source, None);
    assert_eq!(
        find(&lock, "charset-normalizer", "3.5.2").checksums.len(),
        172
    );
    assert_eq!(find(&lock, "pyyaml", "6.0.3").checksums.len(), 73);
    assert!(
        text[certifi.span.start as usize..]
            .starts_with("[[package]]\nname = \"certifi\"\nversion = \"2026.10.18\"")
    );
}

#[test]
fn poetry_2_without_manifest_keeps_scopes_from_groups() {
    let text = fixture("poetry-2.1/poetry.lock");
    let lock = poetry::read(LOCK, &text);
    assert!(lock.components.iter().all(|c| c.direct.is_none()));
    let with =
        poetry::read_with_manifest(LOCK, &text, manifest(&fixture("poetry-2.1/pyproject.toml")));
    let scopes =
        |l: &medtrace_soup::Lockfile| l.components.iter().map(|c| c.scope).collect::<Vec<_>>();
    assert_eq!(scopes(&lock), scopes(&with));
    assert_eq!(edges(&lock), PUMP_EDGES);
}

#[test]
fn poetry_1_1_category_and_metadata_files() {
    let (text, man) = (
        fixture("poetry-1.1/poetry.lock"),
        fixture("poetry-1.1/pyproject.toml"),
    );
    let lock = poetry::read_with_manifest(LOCK, &text, manifest(&man));
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(summary(&lock), PUMP);
    assert_eq!(edges(&lock), PUMP_EDGES);
    check_spans(&lock, &text, Some(&man));
    // Lock-version 1.1 keeps the hashes under [metadata.files].
    assert_eq!(
        find(&lock, "urllib3", "2.6.3").checksums,
        [
            "sha256:bf272323e553dfb2e87d9bfd225ca7b0f467b919d7bbd355436d3fd37cb0acd4",
            "sha256:1b62b6884944a57dbe321509ab94fd4d3b307075e0c2eae991ac71ee15ad38ed",
        ]
    );
    assert_eq!(
        find(&lock, "charset-normalizer", "3.5.2").checksums.len(),
        172
    );
}

#[test]
fn poetry_2_0_without_groups_walks_the_manifest() {
    // Poetry 1.8 writes neither `category` nor `groups`: the scopes come from the walk.
    let (text, man) = (
        fixture("poetry-2.0/poetry.lock"),
        fixture("poetry-2.0/pyproject.toml"),
    );
    let lock = poetry::read_with_manifest(LOCK, &text, manifest(&man));
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    let mut expected: Vec<&str> = PUMP.to_vec();
    // requests[socks] pulls in PySocks through requests' `socks` extra.
    expected.insert(10, "pysocks 1.7.1 runtime transitive");
    assert_eq!(summary(&lock), expected);
    let mut expected_edges: Vec<&str> = PUMP_EDGES.to_vec();
    expected_edges.insert(12, "requests@2.32.5 -> pysocks@1.7.1");
    assert_eq!(edges(&lock), expected_edges);
    check_spans(&lock, &text, Some(&man));

    // Alone, the lockfile cannot tell dev from run time: all run time but the optional.
    let alone = poetry::read(LOCK, &text);
    let not_runtime: Vec<_> = alone
        .components
        .iter()
        .filter(|c| c.scope != Scope::Runtime)
        .map(|c| &c.name)
        .collect();
    assert_eq!(not_runtime, ["pyyaml"]);
    assert_eq!(find(&alone, "pyyaml", "6.0.3").scope, Scope::Optional);
}

#[test]
fn trivy_corpus_lock_version_2_0_with_category() {
    let dir = "corpus/aquasecurity--trivy/poetry";
    let (text, man) = (
        fixture(&format!("{dir}/poetry.lock")),
        fixture(&format!("{dir}/pyproject.toml")),
    );
    let lock = poetry::read_with_manifest(LOCK, &text, manifest(&man));
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(
        summary(&lock),
        [
            "click 8.1.3 runtime direct",
            "colorama 0.4.6 runtime transitive",
            "werkzeug 0.14 runtime direct"
        ]
    );
    assert_eq!(edges(&lock), ["click@8.1.3 -> colorama@0.4.6"]);
    assert_eq!(
        find(&lock, "werkzeug", "0.14").purl,
        "pkg:pypi/werkzeug@0.14"
    );
    assert_eq!(find(&lock, "click", "8.1.3").checksums.len(), 2);
    check_spans(&lock, &text, Some(&man));
}

#[test]
fn names_are_kept_and_purls_normalised() {
    let text = r#"
[[package]]
name = "Zope.Interface"
version = "6.1"
description = ""
optional = false
python-versions = ">=3.7"
files = []

[package.dependencies]
Setuptools_SCM = "*"

[[package]]
name = "setuptools-scm"
version = "8.0.4"
optional = false
python-versions = ">=3.8"
files = []

[metadata]
lock-version = "2.0"
"#;
    let lock = poetry::read(LOCK, text);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(lock.components[0].name, "Zope.Interface");
    assert_eq!(lock.components[0].purl, "pkg:pypi/zope-interface@6.1");
    assert_eq!(edges(&lock), ["Zope.Interface@6.1 -> setuptools-scm@8.0.4"]);
}

#[test]
fn sources_other_than_pypi() {
    let text = r#"
[[package]]
name = "pump-core"
version = "0.3.0"
optional = false
files = []
develop = false

[package.source]
type = "git"
url = "https://github.com/example/pump-core.git"
reference = "v0.3.0"
resolved_reference = "0123456789abcdef0123456789abcdef01234567"

[[package]]
name = "calib"
version = "0.9.1"
optional = false
files = []
develop = true

[package.source]
type = "directory"
url = "vendor/calib"

[[package]]
name = "secret"
version = "1.0"
optional = false
files = [{file = "secret-1.0.tar.gz", hash = "sha256:00"}]

[package.source]
type = "legacy"
url = "https://nexus.example/simple"
reference = "nexus"

[metadata]
lock-version = "2.0"
"#;
    let lock = poetry::read(LOCK, text);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    let sources: Vec<_> = lock
        .components
        .iter()
        .map(|c| c.source.as_deref())
        .collect();
    assert_eq!(
        sources,
        [
            Some(
                "git+https://github.com/example/pump-core.git@0123456789abcdef0123456789abcdef01234567"
            ),
            Some("vendor/calib"),
            Some("https://nexus.example/simple"),
        ]
    );
    assert_eq!(lock.components[2].checksums, ["sha256:00"]);
}

#[test]
fn several_versions_of_a_name_resolve_by_exact_pin() {
    let text = r#"
[[package]]
name = "app-lib"
version = "1.0"
files = []
[package.dependencies]
numpy = [
    {version = "1.24.4", markers = "python_version < \"3.9\""},
    {version = "==2.0.2", markers = "python_version >= \"3.9\""},
]
tomli = ">=1"

[[package]]
name = "numpy"
version = "1.24.4"
files = []

[[package]]
name = "numpy"
version = "2.0.2"
files = []

[[package]]
name = "tomli"
version = "1.2.3"
files = []

[[package]]
name = "tomli"
version = "2.0.1"
files = []
"#;
    let lock = poetry::read(LOCK, text);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(
        edges(&lock),
        [
            "app-lib@1.0 -> numpy@1.24.4",
            "app-lib@1.0 -> numpy@2.0.2",
            // Not pinned: the dependency may mean either.
            "app-lib@1.0 -> tomli@1.2.3",
            "app-lib@1.0 -> tomli@2.0.1",
        ]
    );
}

#[test]
fn manifest_groups_and_dependency_groups() {
    let text = r#"
[[package]]
name = "a"
version = "1"
files = []
[[package]]
name = "b"
version = "1"
files = []
[[package]]
name = "c"
version = "1"
files = []
[[package]]
name = "d"
version = "1"
files = []
[[package]]
name = "e"
version = "1"
files = []
[metadata]
lock-version = "2.0"
"#;
    let man = r#"
[project]
name = "x"
dependencies = ["A>=1 ; python_version > '3'"]
optional-dependencies = { extra = ["b[fast]"] }

[dependency-groups]
test = ["c", { include-group = "lint" }]

[tool.poetry.group.main.dependencies]
d = "*"

[tool.poetry.group.docs.dependencies]
e = "*"
"#;
    let lock = poetry::read_with_manifest(LOCK, text, manifest(man));
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(
        summary(&lock),
        [
            "a 1 runtime direct",
            "b 1 optional direct",
            "c 1 dev direct",
            "d 1 runtime direct",
            "e 1 dev direct"
        ]
    );
    assert_eq!(direct(&lock), ["a", "b", "c", "d", "e"]);
}

#[test]
fn problems_are_reported_and_reading_goes_on() {
    let text = r#"
[[package]]
name = "kept"
version = "1.0"
files = []

[[package]]
version = "2.0"

[[package]]
name = "no-version"

[[package]]
name = 42
version = "1"

[[package]]
name = "bad-files"
version = "3.0"
files = "none"
optional = "no"

[metadata]
lock-version = "9.0"
"#;
    let lock = poetry::read(LOCK, text);
    assert_eq!(
        summary(&lock),
        ["kept 1.0 runtime ?", "bad-files 3.0 runtime ?"]
    );
    assert_eq!(
        problems(&lock, text),
        [
            "\"9.0\": unknown lock-version 9.0; read as 2.x",
            "[[package]]: package without a `name`",
            "[[package]]: package `no-version` has no `version`",
            "42: `name` must be a string, not integer",
            "\"no\": `optional` must be true or false, not string",
            "\"none\": `files` must be an array, not string",
        ]
    );
    check_spans(&lock, text, None);
}

#[test]
fn syntax_errors_are_problems() {
    let text =
        "[[package]]\nname = \"a\"\nversion = \"1\"\nfiles = []\n\n[[package]\nname = \"b\"\n";
    let lock = poetry::read(LOCK, text);
    assert!(!lock.problems.is_empty());
    assert!(
        lock.problems[0].message.starts_with("invalid TOML: "),
        "{:?}",
        lock.problems
    );
    check_spans(&lock, text, None);
    let empty = poetry::read(LOCK, "");
    assert_eq!(
        problems(&empty, ""),
        [": neither `[[package]]` nor `[metadata]`: not a poetry.lock"]
    );
}

#[test]
fn deep_nesting_is_a_problem_not_a_crash() {
    for text in [
        format!("x = {}", "[".repeat(100_000)),
        format!("x = {}", "{a = ".repeat(100_000)),
        format!("[{}]", vec!["a"; 100_000].join(".")),
    ] {
        let lock = poetry::read_with_manifest(LOCK, &text, manifest(&text));
        assert!(lock.components.is_empty());
        check_spans(&lock, &text, Some(&text));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_any_text(text in "\\PC{0,400}", man in "\\PC{0,200}") {
        let lock = poetry::read_with_manifest(LOCK, &text, manifest(&man));
        check_spans(&lock, &text, Some(&man));
    }

    #[test]
    fn never_panics_on_broken_lockfiles(cuts in proptest::collection::vec((any::<usize>(), any::<usize>(), any::<u8>()), 1..8)) {
        let text = mutate(&fixture("poetry-2.0/poetry.lock"), &cuts);
        let man = mutate(&fixture("poetry-2.0/pyproject.toml"), &cuts);
        let lock = poetry::read_with_manifest(LOCK, &text, manifest(&man));
        check_spans(&lock, &text, Some(&man));
    }
}
