use super::{LOCK, check_spans, direct, edges, find, fixture, mutate, problems, summary};
use medtrace_soup::LockfileFormat;
use medtrace_soup::python::requirements;
use proptest::prelude::*;

#[test]
fn pip_compile_with_hashes() {
    // pip-compile 7.6.2 --generate-hashes: split `# via` blocks, an extra (httpx[socks]).
    let text = fixture("pip-compile/requirements.txt");
    let lock = requirements::read(LOCK, &text);
    assert_eq!(lock.format, LockfileFormat::Requirements);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(
        summary(&lock),
        [
            "anyio 4.16.0 runtime transitive",
            "certifi 2026.10.18 runtime transitive",
            "charset-normalizer 3.5.2 runtime transitive",
            "click 8.5.1 runtime direct",
            "h11 0.16.0 runtime transitive",
            "httpcore 1.0.9 runtime transitive",
            "httpx 0.28.1 runtime direct",
            "idna 3.20 runtime transitive",
            "requests 2.34.2 runtime direct",
            "socksio 1.0.0 runtime transitive",
            "typing-extensions 4.16.0 runtime transitive",
            "urllib3 2.8.0 runtime transitive",
        ]
    );
    assert_eq!(
        edges(&lock),
        [
            "anyio@4.16.0 -> idna@3.20",
            "anyio@4.16.0 -> typing-extensions@4.16.0",
            "httpcore@1.0.9 -> certifi@2026.10.18",
            "httpcore@1.0.9 -> h11@0.16.0",
            "httpx@0.28.1 -> anyio@4.16.0",
            "httpx@0.28.1 -> certifi@2026.10.18",
            "httpx@0.28.1 -> httpcore@1.0.9",
            "httpx@0.28.1 -> idna@3.20",
            "httpx@0.28.1 -> socksio@1.0.0",
            "requests@2.34.2 -> certifi@2026.10.18",
            "requests@2.34.2 -> charset-normalizer@3.5.2",
            "requests@2.34.2 -> idna@3.20",
            "requests@2.34.2 -> urllib3@2.8.0",
        ]
    );
    let certifi = find(&lock, "certifi", "2026.10.18");
    assert_eq!(
        certifi.checksums,
        [
            "sha256:73191c47aaa79da394e8fee2dbc2ec827432cab56311122c9e47abf79e390f62",
            "sha256:b9995d97b64d0431a5af837d8ca8cd6238104d1f319f04bd93ea43124d6c861e",
        ]
    );
    assert_eq!(
        find(&lock, "charset-normalizer", "3.5.2").checksums.len(),
        172
    );
    let httpx = find(&lock, "httpx", "0.28.1");
    assert_eq!(httpx.purl, "pkg:pypi/httpx@0.28.1");
    assert_eq!(
        &text[httpx.span.start as usize..httpx.span.end as usize],
        "httpx[socks]==0.28.1"
    );
    check_spans(&lock, &text, None);
}

#[test]
fn uv_pip_compile_universal_with_markers_editable_and_url() {
    // uv pip compile --universal: markers, one name at several versions, `-e`, `name @ url`.
    let text = fixture("uv-pip-compile/requirements.txt");
    let lock = requirements::read(LOCK, &text);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(
        summary(&lock),
        [
            "helper  runtime direct",
            "click 8.1.8 runtime direct",
            "click 8.5.1 runtime direct",
            "colorama 0.4.6 runtime transitive",
            // Pulled in by the editable `pump-helper`, which the file names only by path.
            "idna 3.20 runtime transitive",
            "markupsafe 3.0.4 runtime transitive",
            "tabulate 0.9.0 runtime direct",
            "tomli 2.5.0 runtime direct",
            "watchdog 6.0.0 runtime transitive",
            "watchdog 7.1.0 runtime transitive",
            "werkzeug 3.1.9 runtime direct",
            "zope-interface 8.0.1 runtime direct",
            "zope-interface 8.6 runtime direct",
            "zope-interface 8.7 runtime direct",
        ]
    );
    assert_eq!(
        edges(&lock),
        [
            "click@8.1.8 -> colorama@0.4.6",
            "click@8.5.1 -> colorama@0.4.6",
            "werkzeug@3.1.9 -> markupsafe@3.0.4",
            "werkzeug@3.1.9 -> watchdog@6.0.0",
            "werkzeug@3.1.9 -> watchdog@7.1.0",
        ]
    );
    let helper = &lock.components[0];
    assert_eq!(helper.source.as_deref(), Some("./helper"));
    assert_eq!(helper.purl, "pkg:pypi/helper");
    let tabulate = find(&lock, "tabulate", "0.9.0");
    assert_eq!(
        tabulate.source.as_deref(),
        Some(
            "https://files.pythonhosted.org/packages/40/44/4a5f08c96eb108af5cb50b41f76142f0afa346dfa99d5296fe7202a11854/tabulate-0.9.0-py3-none-any.whl"
        )
    );
    assert_eq!(
        tabulate.checksums,
        ["sha256:024ca478df22e9340661486f85298cff5f6dcdba14f3813e8830015b9ed1948f"]
    );
    let zope = find(&lock, "zope-interface", "8.6");
    assert_eq!(
        &text[zope.span.start as usize..zope.span.end as usize],
        "zope-interface==8.6 ; python_full_version == '3.10.*'"
    );
    check_spans(&lock, &text, None);
}

#[test]
fn rules_python_corpus() {
    // pip-compile with Python 3.9 via bazel: multi-line `# via` blocks and the
    // "unsafe" section (setuptools).
    let text = fixture("corpus/bazelbuild--rules_python/requirements_lock.txt");
    let lock = requirements::read(LOCK, &text);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(lock.components.len(), 31);
    assert_eq!(
        direct(&lock),
        [
            "requests",
            "s3cmd",
            "sphinx",
            "sphinxcontrib-serializinghtml",
            "yamllint"
        ]
    );
    let requests = find(&lock, "requests", "2.25.1");
    assert_eq!(requests.purl, "pkg:pypi/requests@2.25.1");
    assert_eq!(requests.checksums.len(), 2);
    assert_eq!(find(&lock, "setuptools", "70.0.0").direct, Some(false));
    assert_eq!(find(&lock, "urllib3", "1.26.18").direct, Some(false));
    let all = edges(&lock);
    assert!(all.contains(&"yamllint@1.28.0 -> setuptools@70.0.0".to_owned()));
    assert!(all.contains(&"sphinx@7.2.6 -> requests@2.25.1".to_owned()));
    assert_eq!(all.len(), 33);
    check_spans(&lock, &text, None);
}

#[test]
fn pypi_publish_corpus_without_hashes() {
    let text = fixture("corpus/pypa--gh-action-pypi-publish/runtime.txt");
    let lock = requirements::read(LOCK, &text);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(lock.components.len(), 31);
    assert!(lock.components.iter().all(|c| c.checksums.is_empty()));
    // runtime.in names twine, id and requests.
    assert_eq!(direct(&lock), ["id", "requests", "twine"]);
    assert_eq!(
        find(&lock, "jaraco-classes", "3.3.1").purl,
        "pkg:pypi/jaraco-classes@3.3.1"
    );
    assert_eq!(lock.edges.len(), 35);
    check_spans(&lock, &text, None);
}

#[test]
fn unpinned_requirements_are_problems() {
    let text = "requests>=2.31\nflask\ndjango==4.*\nclick==8.1.7\nurllib3 >=1.26, <3\nidna==3.6 ; python_version >= \"3.8\"\n";
    let lock = requirements::read(LOCK, text);
    assert_eq!(
        summary(&lock),
        ["click 8.1.7 runtime ?", "idna 3.6 runtime ?"]
    );
    assert_eq!(
        problems(&lock, text),
        [
            "requests>=2.31: `requests` is not pinned (`>=2.31`); pin it with `==` (pip-compile does)",
            "flask: `flask` is not pinned (no version); pin it with `==` (pip-compile does)",
            "django==4.*: `django` is not pinned (`==4.*`); pin it with `==` (pip-compile does)",
            "urllib3 >=1.26, <3: `urllib3` is not pinned (`>=1.26, <3`); pin it with `==` (pip-compile does)",
        ]
    );
    check_spans(&lock, text, None);
}

#[test]
fn options_urls_and_line_annotations() {
    let text = "\
--index-url https://nexus.example/simple
--extra-index-url https://pypi.org/simple
-r base.txt
--frobnicate
-e git+https://github.com/example/pump-core.git@v0.3.0#egg=pump_core
-e .
-e ../
./dist/calib-0.9.1-py3-none-any.whl
Pump.Driver==1.2  # via -r requirements.in, pump-core
six==1.16.0 --hash=sha256:1e61c37477a1626458e36f7b1d82aa5c9b094fa4802892072e49de9c60c4c926  # via pump.driver
what is this
";
    let lock = requirements::read(LOCK, text);
    assert_eq!(
        summary(&lock),
        [
            "pump_core  runtime transitive",
            "calib 0.9.1 runtime transitive",
            "Pump.Driver 1.2 runtime direct",
            "six 1.16.0 runtime transitive",
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
            Some("git+https://github.com/example/pump-core.git@v0.3.0#egg=pump_core"),
            Some("./dist/calib-0.9.1-py3-none-any.whl"),
            Some("https://nexus.example/simple"),
            Some("https://nexus.example/simple"),
        ]
    );
    assert_eq!(lock.components[2].purl, "pkg:pypi/pump-driver@1.2");
    assert_eq!(
        lock.components[3].checksums,
        ["sha256:1e61c37477a1626458e36f7b1d82aa5c9b094fa4802892072e49de9c60c4c926"]
    );
    assert_eq!(
        edges(&lock),
        [
            "Pump.Driver@1.2 -> six@1.16.0",
            "pump_core@ -> Pump.Driver@1.2"
        ]
    );
    assert_eq!(
        problems(&lock, text),
        [
            "-r base.txt: `-r base.txt` is not followed; read that file as a lockfile of its own",
            "--frobnicate: unknown option `--frobnicate`",
            "-e ../: cannot tell the package name of `../`; add `#egg=name`",
            "what is this: `what` is not pinned (`is this`); pin it with `==` (pip-compile does)",
        ]
    );
    check_spans(&lock, text, None);
}

#[test]
fn crlf_and_continuations_without_annotations() {
    let text = "# hand-written\r\nattrs==23.1.0 \\\r\n    --hash=sha256:aa \\\r\n    --hash sha256:bb\r\n\r\ncertifi==2024.2.2 --hash=md5\r\n";
    let lock = requirements::read(LOCK, text);
    assert_eq!(
        summary(&lock),
        ["attrs 23.1.0 runtime ?", "certifi 2024.2.2 runtime ?"]
    );
    assert_eq!(lock.components[0].checksums, ["sha256:aa", "sha256:bb"]);
    assert_eq!(
        problems(&lock, text),
        ["--hash=md5: a `--hash` must read `algorithm:digest`"]
    );
    check_spans(&lock, text, None);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_any_text(text in "\\PC{0,400}") {
        let lock = requirements::read(LOCK, &text);
        check_spans(&lock, &text, None);
    }

    #[test]
    fn never_panics_on_requirement_like_text(text in "([a-z_.\\[\\]@ ;=<>~!*#\\\\/:-]{0,30}\r?\n){0,12}") {
        let lock = requirements::read(LOCK, &text);
        check_spans(&lock, &text, None);
    }

    #[test]
    fn never_panics_on_broken_lockfiles(cuts in proptest::collection::vec((any::<usize>(), any::<usize>(), any::<u8>()), 1..8)) {
        let text = mutate(&fixture("uv-pip-compile/requirements.txt"), &cuts);
        let lock = requirements::read(LOCK, &text);
        check_spans(&lock, &text, None);
    }
}
