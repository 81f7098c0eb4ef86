//! The component model: what a lockfile says about one third-party component. The
//! readers in `medtrace-soup` produce it; the SOUP checks here and the SBOM writers use it.

use crate::Span;

/// The package ecosystem a component comes from (its package-URL type).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ecosystem {
    /// crates.io (`pkg:cargo`).
    Cargo,
    /// The npm registry (`pkg:npm`), from npm, yarn and pnpm lockfiles.
    Npm,
    /// PyPI (`pkg:pypi`), from poetry, uv, pip and Pipenv lockfiles.
    PyPi,
    /// Go modules (`pkg:golang`).
    Go,
    /// RubyGems (`pkg:gem`).
    RubyGems,
    /// Packagist (`pkg:composer`).
    Packagist,
}

impl Ecosystem {
    /// The package-URL type.
    pub fn purl_type(self) -> &'static str {
        match self {
            Ecosystem::Cargo => "cargo",
            Ecosystem::Npm => "npm",
            Ecosystem::PyPi => "pypi",
            Ecosystem::Go => "golang",
            Ecosystem::RubyGems => "gem",
            Ecosystem::Packagist => "composer",
        }
    }

    /// The ecosystem name OSV uses (`crates.io`, `npm`, `PyPI`, `Go`, `RubyGems`, `Packagist`).
    pub fn osv_name(self) -> &'static str {
        match self {
            Ecosystem::Cargo => "crates.io",
            Ecosystem::Npm => "npm",
            Ecosystem::PyPi => "PyPI",
            Ecosystem::Go => "Go",
            Ecosystem::RubyGems => "RubyGems",
            Ecosystem::Packagist => "Packagist",
        }
    }
}

/// Whether a component ships with the product.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Needed at run time: SOUP.
    Runtime,
    /// Only for development and tests.
    Dev,
    /// Only to build (build scripts, build-dependencies).
    Build,
    /// Optional (an extra or feature not enabled by default).
    Optional,
}

/// One component as a lockfile records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Component {
    /// Its ecosystem.
    pub ecosystem: Ecosystem,
    /// Its name as the ecosystem spells it (`serde`, `@babel/core`, `golang.org/x/net`).
    pub name: String,
    /// The locked version.
    pub version: String,
    /// The package URL (`pkg:cargo/serde@1.0.228`), percent-encoded as the spec requires.
    pub purl: String,
    /// Checksums as written (`sha256:…`, `sha512-…`), if the lockfile has them.
    pub checksums: Vec<String>,
    /// Whether the project depends on it directly (else transitively), where known.
    pub direct: Option<bool>,
    /// Run time, dev, build or optional.
    pub scope: Scope,
    /// The licence, when the lockfile states it (composer does; most do not).
    pub license: Option<String>,
    /// Where it comes from when not the ecosystem's default registry (git URL, path).
    pub source: Option<String>,
    /// Where its entry is in the lockfile.
    pub span: Span,
}

/// The lockfile formats read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LockfileFormat {
    /// `Cargo.lock` (v1–v4), with `Cargo.toml` for direct and dev/build dependencies.
    CargoLock,
    /// `package-lock.json` v2/v3.
    NpmLock,
    /// `yarn.lock` v1 (classic).
    YarnClassic,
    /// `yarn.lock` of Yarn Berry (2+).
    YarnBerry,
    /// `pnpm-lock.yaml`.
    PnpmLock,
    /// `poetry.lock`.
    PoetryLock,
    /// `uv.lock`.
    UvLock,
    /// `requirements.txt` with pinned versions (pip-compile output).
    Requirements,
    /// `Pipfile.lock`.
    PipfileLock,
    /// `go.mod` with `go.sum`.
    GoMod,
    /// `Gemfile.lock`.
    GemfileLock,
    /// `composer.lock`.
    ComposerLock,
}

/// Something a reader could not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub span: Span,
    /// What, lowercase.
    pub message: String,
}

/// What one lockfile says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lockfile {
    /// Its format.
    pub format: LockfileFormat,
    /// The components, in the order the lockfile lists them.
    pub components: Vec<Component>,
    /// Dependency edges: (dependent, dependency), indices into `components`.
    pub edges: Vec<(usize, usize)>,
    /// What could not be read.
    pub problems: Vec<Problem>,
}
