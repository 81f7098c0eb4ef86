use super::{LOCK, check_spans, direct, find, fixture, manifest, mutate, problems, summary};
use medtrace_soup::LockfileFormat;
use medtrace_soup::python::pipfile;
use proptest::prelude::*;

#[test]
fn pipenv_lock_with_pipfile() {
    // pipenv 2026.10.3: idna is in both `default` (through requests) and `develop`
    // (named in [dev-packages]); calib is an editable path.
    let (text, man) = (fixture("pipenv/Pipfile.lock"), fixture("pipenv/Pipfile"));
    let lock = pipfile::read_with_manifest(LOCK, &text, manifest(&man));
    assert_eq!(lock.format, LockfileFormat::PipfileLock);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(
        summary(&lock),
        [
            "anyio 4.16.0 runtime transitive",
            "calib  runtime direct",
            "certifi 2026.10.18 runtime transitive",
            "charset-normalizer 3.5.2 runtime transitive",
            "click 8.5.1 runtime direct",
            "h11 0.16.0 runtime transitive",
            "httpcore 1.0.9 runtime transitive",
            "httpx 0.28.1 runtime direct",
            "idna 3.20 runtime direct",
            "requests 2.34.2 runtime direct",
            "socksio 1.0.0 runtime transitive",
            "typing-extensions 4.16.0 runtime transitive",
            "urllib3 2.8.0 runtime transitive",
            "iniconfig 2.3.1 dev transitive",
            "packaging 26.3 dev transitive",
            "pluggy 1.7.0 dev transitive",
            "pygments 2.21.0 dev transitive",
            "pytest 9.2.0 dev direct",
        ]
    );
    assert!(lock.edges.is_empty());
    assert_eq!(
        direct(&lock),
        ["calib", "click", "httpx", "idna", "pytest", "requests"]
    );
    let calib = find(&lock, "calib", "");
    assert_eq!(calib.source.as_deref(), Some("./vendor/calib"));
    assert_eq!(calib.purl, "pkg:pypi/calib");
    let anyio = find(&lock, "anyio", "4.16.0");
    assert_eq!(anyio.purl, "pkg:pypi/anyio@4.16.0");
    assert_eq!(anyio.source, None);
    assert_eq!(
        anyio.checksums,
        [
            "sha256:59bb03251907983d1603d27c3087ddb1e93299ea2163adcdba37899a4fb12ffb",
            "sha256:c66ae634e0b8228396b801741beb3294326d4b6102f7bba4041c0dfb58c29026",
        ]
    );
    assert_eq!(
        find(&lock, "charset-normalizer", "3.5.2").checksums.len(),
        172
    );
    assert!(text[anyio.span.start as usize..].starts_with("\"anyio\": {"));
    check_spans(&lock, &text, Some(&man));
}

#[test]
fn trivy_corpus_django() {
    let text = fixture("corpus/aquasecurity--trivy/Pipfile_django.lock");
    let lock = pipfile::read(LOCK, &text);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(
        summary(&lock),
        [
            "certifi 2019.3.9 runtime ?",
            "chardet 3.0.4 runtime ?",
            "django 2.2 runtime ?",
            "djangorestframework 3.9.3 runtime ?",
            "idna 2.8 runtime ?",
            "pytz 2019.1 runtime ?",
            "pyyaml 5.1 runtime ?",
            "requests 2.21.0 runtime ?",
            "sqlparse 0.3.0 runtime ?",
            "urllib3 1.24.2 runtime ?",
        ]
    );
    assert_eq!(find(&lock, "pyyaml", "5.1").checksums.len(), 11);
    check_spans(&lock, &text, None);
}

#[test]
fn categories_indexes_and_git() {
    let text = r#"{
    "_meta": {"sources": [
        {"name": "nexus", "url": "https://nexus.example/simple", "verify_ssl": true},
        {"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": true}
    ]},
    "default": {
        "Pump_Core": {"git": "https://github.com/example/pump-core.git", "ref": "0123abc"},
        "secret": {"version": "==1.0", "hashes": ["sha256:00"]},
        "six": {"version": "==1.16.0", "index": "pypi"}
    },
    "develop": {"six": {"version": "==1.16.0", "index": "pypi"}},
    "docs": {"sphinx": {"version": "==7.2.6", "index": "pypi"}}
}"#;
    let lock = pipfile::read(LOCK, text);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(
        summary(&lock),
        [
            "Pump_Core  runtime ?",
            "secret 1.0 runtime ?",
            "six 1.16.0 runtime ?",
            "sphinx 7.2.6 optional ?"
        ]
    );
    let sources: Vec<_> = lock
        .components
        .iter()
        .map(|c| c.source.as_deref())
        .collect();
    assert_eq!(
        sources,
        [
            Some("git+https://github.com/example/pump-core.git@0123abc"),
            // Without `index`, a package comes from the first source.
            Some("https://nexus.example/simple"),
            None,
            None,
        ]
    );
    assert_eq!(lock.components[0].purl, "pkg:pypi/pump-core");
}

#[test]
fn problems_are_reported_and_reading_goes_on() {
    let text = r#"{
    "default": {
        "kept": {"version": "==1.0", "hashes": ["sha256:00", 7]},
        "loose": {"version": "*"},
        "bare": {},
        "odd": "==1.0",
        "nohash": {"version": "==2.0", "hashes": "sha256:11"}
    },
    "develop": []
}"#;
    let lock = pipfile::read(LOCK, text);
    assert_eq!(
        summary(&lock),
        ["kept 1.0 runtime ?", "nohash 2.0 runtime ?"]
    );
    assert_eq!(lock.components[0].checksums, ["sha256:00"]);
    assert_eq!(
        problems(&lock, text),
        [
            "7: a hash of `kept` must be a string",
            "\"loose\": {\"version\": \"*\"}: `loose` is not pinned (`*`)",
            "\"bare\": {}: package `bare` has no `version`",
            "\"odd\": \"==1.0\": package `odd` must be an object",
            "\"sha256:11\": `hashes` of `nohash` must be a list",
            "[]: a package category must be an object",
        ]
    );
    check_spans(&lock, text, None);
}

#[test]
fn broken_json_keeps_what_came_before() {
    let text = "{\"default\": {\"a\": {\"version\": \"==1\"}, \"b\": {\"version\": \"==2\"";
    let lock = pipfile::read(LOCK, text);
    assert_eq!(summary(&lock)[0], "a 1 runtime ?");
    assert!(
        lock.problems[0].message.starts_with("invalid JSON"),
        "{:?}",
        lock.problems
    );
    check_spans(&lock, text, None);
    let not_object = pipfile::read(LOCK, "[1]");
    assert_eq!(
        problems(&not_object, "[1]"),
        ["[1]: a Pipfile.lock must be a JSON object"]
    );
    // Nesting deeper than the stack could hold is a problem, not a crash.
    let deep = "[".repeat(100_000);
    let lock = pipfile::read(LOCK, &deep);
    assert!(lock.components.is_empty() && !lock.problems.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_any_text(text in "\\PC{0,400}", man in "\\PC{0,200}") {
        let lock = pipfile::read_with_manifest(LOCK, &text, manifest(&man));
        check_spans(&lock, &text, Some(&man));
    }

    #[test]
    fn never_panics_on_broken_lockfiles(cuts in proptest::collection::vec((any::<usize>(), any::<usize>(), any::<u8>()), 1..8)) {
        let text = mutate(&fixture("pipenv/Pipfile.lock"), &cuts);
        let man = mutate(&fixture("pipenv/Pipfile"), &cuts);
        let lock = pipfile::read_with_manifest(LOCK, &text, manifest(&man));
        check_spans(&lock, &text, Some(&man));
    }
}
