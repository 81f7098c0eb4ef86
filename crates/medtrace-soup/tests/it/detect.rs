//! Every real lockfile in the fixtures is recognised by its content, whatever its name.

use medtrace_soup::{LockfileFormat, sniff};
use std::path::Path;

#[test]
fn every_fixture_lockfile_is_told_by_its_content() {
    use LockfileFormat::*;
    let cases = [
        ("cargo/exa/Cargo.lock", CargoLock),
        ("cargo/generated-v3/Cargo.lock", CargoLock),
        ("cargo/generated-v4/Cargo.lock", CargoLock),
        ("cargo/ripgrep/Cargo.lock", CargoLock),
        ("composer/trivy/composer.lock", ComposerLock),
        ("gem/heroku/Gemfile.lock", GemfileLock),
        ("go/generated-replace/go.mod", GoMod),
        ("go/gin/go.mod", GoMod),
        ("npm/generated-v2/package-lock.json", NpmLock),
        ("npm/generated-v3/package-lock.json", NpmLock),
        ("npm/trivy/package-lock_v2.json", NpmLock),
        ("npm/vscode-markdown-math/package-lock.json", NpmLock),
        ("pnpm/generated-v6/pnpm-lock.yaml", PnpmLock),
        ("pnpm/generated-v9/pnpm-lock.yaml", PnpmLock),
        ("pnpm/trivy/pnpm-lock_v6_with_dev.yaml", PnpmLock),
        ("pnpm/trivy/pnpm-lock_v9.yaml", PnpmLock),
        (
            "python/corpus/aquasecurity--trivy/Pipfile_django.lock",
            PipfileLock,
        ),
        (
            "python/corpus/aquasecurity--trivy/poetry/poetry.lock",
            PoetryLock,
        ),
        ("python/corpus/aquasecurity--trivy/uv_normal.lock", UvLock),
        (
            "python/corpus/bazelbuild--rules_python/requirements_lock.txt",
            Requirements,
        ),
        (
            "python/corpus/pypa--gh-action-pypi-publish/runtime.txt",
            Requirements,
        ),
        ("python/pip-compile/requirements.txt", Requirements),
        ("python/pipenv/Pipfile.lock", PipfileLock),
        ("python/poetry-1.1/poetry.lock", PoetryLock),
        ("python/poetry-2.0/poetry.lock", PoetryLock),
        ("python/poetry-2.1/poetry.lock", PoetryLock),
        ("python/uv-pip-compile/requirements.txt", Requirements),
        ("python/uv-project/uv.lock", UvLock),
        ("python/uv-workspace/uv.lock", UvLock),
        ("yarn/berry/yarn.lock", YarnBerry),
        ("yarn/classic/yarn.lock", YarnClassic),
        ("yarn/trivy-berry/yarn_v2_happy.lock", YarnBerry),
        ("yarn/trivy-classic/yarn.lock", YarnClassic),
    ];
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut wrong = Vec::new();
    for (path, expected) in cases {
        let text = std::fs::read_to_string(base.join(path)).expect("fixture");
        let found = sniff(&text);
        if found != Some(expected) {
            wrong.push(format!("{path}: {found:?}, expected {expected:?}"));
        }
        // And read_any reads it with the sniffed format.
        let read =
            medtrace_soup::read_any(medtrace_core::FileId(0), &text, None, None).expect("a format");
        assert_eq!(read.format, expected, "{path}");
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // Manifests and other text are not lockfiles.
    for path in [
        "cargo/exa/Cargo.toml",
        "npm/generated-v3/package.json",
        "python/pipenv/Pipfile",
    ] {
        let text = std::fs::read_to_string(base.join(path)).expect("fixture");
        assert_eq!(sniff(&text), None, "{path}");
    }
}
