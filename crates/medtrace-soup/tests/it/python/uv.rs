use super::{LOCK, check_spans, direct, edges, find, fixture, mutate, problems, summary};
use medtrace_soup::python::uv;
use medtrace_soup::{LockfileFormat, Scope};
use proptest::prelude::*;

#[test]
fn project_with_forks_by_python_version() {
    // uv 0.13.8, requires-python >= 3.9: click, requests, pytest and their dependencies
    // are locked twice, once for Python < 3.10 and once for 3.10 and later.
    let text = fixture("uv-project/uv.lock");
    let lock = uv::read(LOCK, &text);
    assert_eq!(lock.format, LockfileFormat::UvLock);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(
        summary(&lock),
        [
            "certifi 2026.10.18 runtime transitive",
            "charset-normalizer 3.5.2 runtime transitive",
            "click 8.1.8 runtime direct",
            "click 8.5.1 runtime direct",
            "colorama 0.4.6 runtime transitive",
            "exceptiongroup 1.3.1 dev transitive",
            "idna 3.20 runtime transitive",
            "iniconfig 2.1.0 dev transitive",
            "iniconfig 2.3.1 dev transitive",
            "packaging 26.3 dev transitive",
            "pluggy 1.6.0 dev transitive",
            "pluggy 1.7.0 dev transitive",
            "pygments 2.21.0 dev transitive",
            "pytest 8.4.2 dev direct",
            "pytest 9.2.0 dev direct",
            "requests 2.32.5 runtime direct",
            "requests 2.34.2 runtime direct",
            "tabulate 0.9.0 optional direct",
            "tabulate 0.10.0 optional direct",
            "tomli 2.5.0 dev transitive",
            "typing-extensions 4.16.0 dev transitive",
            "urllib3 2.6.3 runtime transitive",
            "urllib3 2.8.0 runtime transitive",
        ]
    );
    let all = edges(&lock);
    // Dependencies that name a version go to that version only.
    assert!(all.contains(&"requests@2.32.5 -> urllib3@2.6.3".to_owned()));
    assert!(all.contains(&"requests@2.34.2 -> urllib3@2.8.0".to_owned()));
    assert!(!all.contains(&"requests@2.32.5 -> urllib3@2.8.0".to_owned()));
    assert_eq!(all.len(), 24);
    check_spans(&lock, &text, None);

    let certifi = find(&lock, "certifi", "2026.10.18");
    assert_eq!(certifi.purl, "pkg:pypi/certifi@2026.10.18");
    assert_eq!(certifi.source, None);
    // The sdist first, then the wheels.
    assert_eq!(
        certifi.checksums,
        [
            "sha256:b9995d97b64d0431a5af837d8ca8cd6238104d1f319f04bd93ea43124d6c861e",
            "sha256:73191c47aaa79da394e8fee2dbc2ec827432cab56311122c9e47abf79e390f62",
        ]
    );
    assert_eq!(
        find(&lock, "charset-normalizer", "3.5.2").checksums.len(),
        172
    );
    assert!(text[certifi.span.start as usize..].starts_with("[[package]]\nname = \"certifi\""));
}

#[test]
fn workspace_with_editable_root_member_and_path_dependency() {
    let text = fixture("uv-workspace/uv.lock");
    let lock = uv::read(LOCK, &text);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    // pump-app (the editable root) and pump-core (a workspace member) are the project.
    assert!(lock.components.iter().all(|c| !c.name.starts_with("pump")));
    assert_eq!(
        summary(&lock),
        [
            "anyio 4.16.0 runtime transitive",
            "attrs 26.1.0 runtime direct",
            "calib 0.9.1 runtime direct",
            "certifi 2026.10.18 runtime transitive",
            "click 8.5.1 optional direct",
            "h11 0.16.0 runtime transitive",
            // httpx[http2]: the extra's dependencies are run time too.
            "h2 4.4.1 runtime transitive",
            "hpack 4.2.0 runtime transitive",
            "httpcore 1.0.9 runtime transitive",
            "httpx 0.28.1 runtime direct",
            "hyperframe 6.1.0 runtime transitive",
            "idna 3.20 runtime transitive",
            "iniconfig 2.3.1 dev direct",
            "mccabe 0.7.0 dev direct",
            // A dependency of the workspace member is direct.
            "sniffio 1.3.1 runtime direct",
            "typing-extensions 4.16.0 runtime transitive",
        ]
    );
    assert_eq!(
        edges(&lock),
        [
            "anyio@4.16.0 -> idna@3.20",
            "anyio@4.16.0 -> typing-extensions@4.16.0",
            "h2@4.4.1 -> hpack@4.2.0",
            "h2@4.4.1 -> hyperframe@6.1.0",
            "httpcore@1.0.9 -> certifi@2026.10.18",
            "httpcore@1.0.9 -> h11@0.16.0",
            "httpx@0.28.1 -> anyio@4.16.0",
            "httpx@0.28.1 -> certifi@2026.10.18",
            "httpx@0.28.1 -> h2@4.4.1",
            "httpx@0.28.1 -> httpcore@1.0.9",
            "httpx@0.28.1 -> idna@3.20",
        ]
    );
    let calib = find(&lock, "calib", "0.9.1");
    assert_eq!(calib.source.as_deref(), Some("vendor/calib"));
    assert!(calib.checksums.is_empty());
    check_spans(&lock, &text, None);
}

#[test]
fn trivy_corpus_uv_normal() {
    let text = fixture("corpus/aquasecurity--trivy/uv_normal.lock");
    let lock = uv::read(LOCK, &text);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(lock.components.len(), 20);
    assert_eq!(direct(&lock), ["httpx", "orjson", "pytest", "requests"]);
    let scope = |name: &str, version: &str| find(&lock, name, version).scope;
    assert_eq!(scope("orjson", "3.10.12"), Scope::Optional);
    assert_eq!(scope("pytest", "8.3.4"), Scope::Dev);
    // Only pytest pulls colorama in; anyio pulls exceptiongroup in at run time.
    assert_eq!(scope("colorama", "0.4.6"), Scope::Dev);
    assert_eq!(scope("exceptiongroup", "1.2.2"), Scope::Runtime);
    // httpx[socks] asks for the socks extra.
    assert_eq!(scope("socksio", "1.0.0"), Scope::Runtime);
    assert!(edges(&lock).contains(&"httpx@0.28.1 -> socksio@1.0.0".to_owned()));
    assert_eq!(
        find(&lock, "requests", "2.32.0").purl,
        "pkg:pypi/requests@2.32.0"
    );
    assert_eq!(lock.edges.len(), 21);
    check_spans(&lock, &text, None);
}

#[test]
fn sources_and_no_project() {
    // A lockfile without the project's own package (as `uv lock --script` writes it):
    // nothing says what is direct.
    let text = r#"version = 1
requires-python = ">=3.12"

[[package]]
name = "pump-core"
version = "0.3.0"
source = { git = "https://github.com/example/pump-core?rev=v0.3.0#0123456789abcdef" }

[[package]]
name = "Secret_Lib"
version = "1.0"
source = { registry = "https://nexus.example/simple" }
dependencies = [{ name = "pump-core" }]
sdist = { url = "https://nexus.example/secret-lib-1.0.tar.gz", hash = "sha256:00", size = 10 }

[[package]]
name = "tool"
version = "2.0"
source = { url = "https://example.org/tool-2.0.tar.gz" }
"#;
    let lock = uv::read(LOCK, text);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(
        summary(&lock),
        [
            "pump-core 0.3.0 runtime ?",
            "Secret_Lib 1.0 runtime ?",
            "tool 2.0 runtime ?"
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
            Some("git+https://github.com/example/pump-core?rev=v0.3.0#0123456789abcdef"),
            Some("https://nexus.example/simple"),
            Some("https://example.org/tool-2.0.tar.gz"),
        ]
    );
    assert_eq!(lock.components[1].purl, "pkg:pypi/secret-lib@1.0");
    assert_eq!(lock.components[1].checksums, ["sha256:00"]);
    assert_eq!(edges(&lock), ["Secret_Lib@1.0 -> pump-core@0.3.0"]);
}

#[test]
fn problems_are_reported_and_reading_goes_on() {
    let text = r#"version = 2

[[package]]
name = "root"
source = { virtual = "." }
dependencies = [{ name = "kept" }, { version = "1" }, "nonsense"]

[[package]]
name = "kept"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
wheels = "none"

[[package]]
name = "no-version"
source = { registry = "https://pypi.org/simple" }

[[package]]
version = "3"
"#;
    let lock = uv::read(LOCK, text);
    assert_eq!(summary(&lock), ["kept 1.0 runtime direct"]);
    assert_eq!(
        problems(&lock, text),
        [
            "2: unknown uv.lock version; read as version 1",
            "{ version = \"1\" }: dependency without a `name`",
            "\"nonsense\": `dependencies` must be a table, not string",
            "\"none\": `wheels` must be an array, not string",
            "[[package]]: package `no-version` has no `version`",
            "[[package]]: package without a `name`",
        ]
    );
    check_spans(&lock, text, None);
    let empty = uv::read(LOCK, "");
    assert_eq!(
        problems(&empty, ""),
        [": neither `version` nor `[[package]]`: not a uv.lock"]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_any_text(text in "\\PC{0,400}") {
        let lock = uv::read(LOCK, &text);
        check_spans(&lock, &text, None);
    }

    #[test]
    fn never_panics_on_broken_lockfiles(cuts in proptest::collection::vec((any::<usize>(), any::<usize>(), any::<u8>()), 1..8)) {
        let text = mutate(&fixture("uv-workspace/uv.lock"), &cuts);
        let lock = uv::read(LOCK, &text);
        check_spans(&lock, &text, None);
    }
}
