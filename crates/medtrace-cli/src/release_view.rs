//! `medtrace release VERSION` and `medtrace release verify BUNDLE`: the release gate
//! (IEC 62304 5.8), the release record, and the checksummed, optionally signed bundle.

use crate::bundle::{self, Bundle};
use crate::out::Out;
use anyhow::{Context, Result, bail};
use medtrace_core::Analysis;
use medtrace_core::release::{self, Candidate, Captured, Gate, RecordInput};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The arguments of `medtrace release`.
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ReleaseArgs {
    #[command(subcommand)]
    action: Option<ReleaseAction>,
    /// The version to release, e.g. `2.3.0` (letters, digits, `.`, `_`, `-`).
    #[arg(required = true)]
    version: Option<String>,
    /// Where the bundle folder goes (default: build/release under the project root).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Sign SHA256SUMS with this OpenSSH ed25519 private key (SHA256SUMS.sig, SSHSIG).
    #[arg(long, value_name = "KEYFILE")]
    sign: Option<PathBuf>,
    /// Run the gate and print its verdict; write nothing.
    #[arg(long)]
    dry_run: bool,
}

#[derive(clap::Subcommand)]
enum ReleaseAction {
    /// Check a bundle: every checksum in SHA256SUMS, no file missing or extra, and the
    /// signature when there is one. Exits 1 with the reasons when anything is wrong.
    Verify {
        /// The bundle folder.
        bundle: PathBuf,
        /// An allowed_signers file (ssh-keygen(1)) the signing key must be listed in.
        #[arg(long, value_name = "FILE", requires = "identity")]
        allowed_signers: Option<PathBuf>,
        /// The identity the signing key must be listed for in --allowed-signers.
        #[arg(long, value_name = "ID", requires = "allowed_signers")]
        identity: Option<String>,
    },
}

/// Runs `medtrace release`.
pub fn run(dir: Option<&Path>, args: ReleaseArgs, out: &mut Out) -> Result<ExitCode> {
    let base = crate::start_dir(dir)?;
    if let Some(ReleaseAction::Verify {
        bundle,
        allowed_signers,
        identity,
    }) = args.action
    {
        return verify(
            &base.join(bundle),
            allowed_signers.map(|f| base.join(f)),
            identity,
            out,
        );
    }
    let Some(version) = args.version else {
        bail!("name the version to release: `medtrace release 2.3.0`");
    };
    let root = crate::project_root(dir)?;
    let analysis = medtrace_project::load(&root)?;
    let info = medtrace_project::history::build_info_for(&root, &analysis.config);
    let environment = capture_environment(&root, &analysis);
    let candidate = Candidate {
        version: &version,
        commit: info.commit.as_deref(),
        dirty: info.version.ends_with("-dirty"),
        environment: &environment,
    };
    let gate = release::evaluate(&analysis, &candidate);
    out.write(&gate_text(&version, &gate));
    if !gate.passed() {
        let failed = gate.failures().count();
        anstream::eprintln!(
            "error: the release gate failed ({}); nothing was written",
            crate::report::plural(failed, "check")
        );
        return Ok(ExitCode::from(1));
    }
    if args.dry_run {
        out.write("the gate passes; nothing written (--dry-run)\n");
        return Ok(ExitCode::SUCCESS);
    }
    let out_dir = args
        .out
        .map_or_else(|| root.join("build").join("release"), |d| base.join(d));
    let bundle_dir = out_dir.join(release::bundle_name(&analysis.config.name, &version));
    if bundle_dir.exists() {
        bail!(
            "{} exists already; medtrace never overwrites a bundle: remove it, or give another --out",
            bundle_dir.display()
        );
    }
    // Read the key before anything is written, so a bad key writes nothing.
    let key = match &args.sign {
        Some(path) => {
            let path = base.join(path);
            Some(
                std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read the signing key {}", path.display()))?,
            )
        }
        None => None,
    };
    let commit = info.commit.clone().unwrap_or_default();
    let date = info.date();
    let mut files = Bundle::default();
    files.add("records", bundle::records(&root, &analysis)?)?;
    files.add("sbom", bundle::sbom(&analysis, &version, &date))?;
    files.add("test-results", bundle::test_reports(&root, &analysis)?)?;
    files.add("documents", documents(&root, &out_dir)?)?;
    let readme = readme(&analysis, &version, &commit, &date);
    files.add("", vec![("README.md".into(), readme.into_bytes())])?;
    let checksum = bundle::sha256_hex(files.manifest().as_bytes());
    let record = release::record_text(
        &analysis,
        &gate,
        &RecordInput {
            version: &version,
            commit: &commit,
            date: &date,
            environment: &environment,
            bundle: &checksum,
        },
    );
    let record_name = format!("{}.md", release::record_id(&analysis, &version));
    let record_file = record_path(&root, &analysis, &record_name);
    medtrace_project::write_new(&record_file, record.as_bytes())?;
    files.add("", vec![(record_name, record.into_bytes())])?;
    let manifest = files.manifest();
    let mut extra: Vec<(&str, &[u8])> = vec![(bundle::MANIFEST, manifest.as_bytes())];
    let signed = match &key {
        Some(key) => Some(crate::signing::sign(key, manifest.as_bytes())?),
        None => None,
    };
    if let Some((signature, _)) = &signed {
        extra.push((bundle::SIGNATURE, signature.as_bytes()));
    }
    files.write(&bundle_dir, &extra)?;
    let shown = |p: &Path| p.strip_prefix(&root).unwrap_or(p).display().to_string();
    out.write(&format!("wrote {}\n", shown(&record_file)));
    out.write(&format!(
        "wrote {} ({}, manifest {})\n",
        shown(&bundle_dir),
        crate::report::plural(manifest.lines().count(), "file"),
        bundle::MANIFEST
    ));
    if let Some((_, public)) = &signed {
        out.write(&format!(
            "signed {}; verifiers add this line to their allowed_signers file (with your identity):\n  {}\n",
            bundle::SIGNATURE,
            crate::signing::allowed_signers_line("IDENTITY", public)
        ));
    }
    if !commit.is_empty() {
        let prefix = analysis.config.release.tag_prefix.as_deref().unwrap_or("");
        out.write(&format!(
            "tag the release with:\n  git tag -a {prefix}{version} {commit} -m \"Release {version}\"\n"
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs each `[release] environment` command in the project root, without a shell.
fn capture_environment(root: &Path, analysis: &Analysis) -> Vec<Captured> {
    let mut out = Vec::new();
    for command in &analysis.config.release.environment {
        let (program, args) = command
            .argv
            .split_first()
            .map_or(("", &[][..]), |(p, a)| (p.as_str(), a));
        let output = match std::process::Command::new(program)
            .args(args)
            .current_dir(root)
            .output()
        {
            Err(e) => Err(format!("cannot run `{program}`: {e}")),
            Ok(o) if !o.status.success() => {
                let stderr = String::from_utf8_lossy(&o.stderr);
                let first = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
                Err(format!(
                    "{}{}{first}",
                    o.status,
                    if first.is_empty() { "" } else { ": " }
                ))
            }
            Ok(o) => {
                // Some tools print their version on standard error (`java -version`).
                let text = if o.stdout.iter().all(u8::is_ascii_whitespace) {
                    o.stderr
                } else {
                    o.stdout
                };
                let text = String::from_utf8_lossy(&text).trim().to_string();
                if text.is_empty() {
                    Err("printed nothing".to_string())
                } else {
                    Ok(text)
                }
            }
        };
        out.push(Captured {
            name: command.name.clone(),
            command: command.command.clone(),
            output,
        });
    }
    out
}

/// Provider: the generated documents of `medtrace build` (the HTML site, the XLSX
/// workbooks, and the PDFs when this binary has the PDF engine), built into a temporary
/// folder beside the bundle and read back.
fn documents(root: &Path, out_dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let tmp = out_dir.join(format!(".documents.medtrace-{}.tmp", std::process::id()));
    let targets = crate::build_view::Targets {
        html: Some(tmp.join("html")),
        pdf: crate::build_view::HAS_PDF.then(|| tmp.join("pdf")),
        xlsx: Some(tmp.join("xlsx")),
    };
    let built =
        crate::build_view::run(root, &targets).and_then(|_| bundle::documents_from_dir(&tmp));
    let _ = std::fs::remove_dir_all(&tmp);
    built.context("cannot build the documents for the bundle")
}

/// Where the new release record goes: beside the project's other release records, else
/// in `releases/` under the first item folder.
fn record_path(root: &Path, analysis: &Analysis, file_name: &str) -> PathBuf {
    let folder = analysis
        .items
        .iter()
        .filter(|i| i.ty == medtrace_core::ItemType::Rel)
        .filter_map(|i| {
            let path = &analysis.sources.get(i.file).path;
            path.rsplit_once('/').map(|(folder, _)| folder.to_string())
        })
        .min()
        .unwrap_or_else(|| {
            let first = analysis
                .config
                .folders
                .first()
                .map_or("dhf", String::as_str);
            format!("{first}/{}", medtrace_core::ItemType::Rel.folder())
        });
    root.join(folder).join(file_name)
}

/// The gate's verdict, a line per check and the reasons of each failure.
pub fn gate_text(version: &str, gate: &Gate) -> String {
    let mut out = format!(
        "release gate for {version}, class {} (IEC 62304 5.8):\n",
        gate.class
    );
    for check in &gate.checks {
        let verdict = match (check.applies, check.passed()) {
            (false, _) => "n/a ",
            (true, true) => "pass",
            (true, false) => "FAIL",
        };
        out += &format!(
            "  {verdict}  {:<6} {:<22} {}\n",
            check.check.clause(),
            check.check.name(),
            if check.passed() {
                check.evidence.as_str()
            } else {
                check.check.title()
            }
        );
        if !check.passed() {
            for reason in &check.reasons {
                out += &format!("          - {reason}\n");
            }
        }
    }
    out
}

/// The bundle's README: what is in it and how to check it.
fn readme(analysis: &Analysis, version: &str, commit: &str, date: &str) -> String {
    format!(
        "# {name} {version}: release bundle\n\n\
         Made by `medtrace release {version}` from commit `{commit}`, dated {date}.\n\n\
         - `{rel}-{version}.md`: the release record: the gate's verdict (IEC 62304 5.8), the\n  \
           changes and problems resolved, the known residual anomalies, the build environment.\n\
         - `records/`: medtrace.toml and every record file, as committed.\n\
         - `sbom/`: the SOUP as CycloneDX 1.6 and SPDX 2.3 (when lockfiles are configured).\n\
         - `test-results/`: the test reports `[tests] reports` names, as the runners wrote them.\n\
         - `documents/`: the design history file as `medtrace build` writes it.\n\
         - `{manifest}`: the SHA-256 of every other file; `{sig}`, when present, its signature.\n\n\
         Check that nothing was altered:\n\n    sha256sum -c {manifest}\n\n\
         Check the signature, with the signer's line in an allowed_signers file:\n\n    \
         ssh-keygen -Y verify -f allowed_signers -I IDENTITY -n {ns} -s {sig} < {manifest}\n\n\
         Or both at once: `medtrace release verify DIR --allowed-signers FILE --identity IDENTITY`.\n",
        name = analysis.config.name,
        rel = analysis.config.prefix(medtrace_core::ItemType::Rel),
        manifest = bundle::MANIFEST,
        sig = bundle::SIGNATURE,
        ns = crate::signing::NAMESPACE,
    )
}

/// `medtrace release verify`.
fn verify(
    dir: &Path,
    allowed_signers: Option<PathBuf>,
    identity: Option<String>,
    out: &mut Out,
) -> Result<ExitCode> {
    let allowed = match &allowed_signers {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?,
        ),
        None => None,
    };
    let holder = allowed.as_deref().zip(identity.as_deref());
    let verdict = bundle::verify(dir, holder)?;
    for problem in &verdict.problems {
        out.write(&format!("{problem}\n"));
    }
    if !verdict.problems.is_empty() {
        anstream::eprintln!(
            "error: the bundle {} does not verify ({})",
            dir.display(),
            crate::report::plural(verdict.problems.len(), "problem")
        );
        return Ok(ExitCode::from(1));
    }
    out.write(&format!(
        "{}: {} intact",
        dir.display(),
        crate::report::plural(verdict.intact, "file")
    ));
    match (&verdict.signed_by, &identity) {
        (Some(key), Some(id)) => out.write(&format!("; signed by {id} ({key})\n")),
        (Some(key), None) => out.write(&format!(
            "; signature valid for the key it names, {key} (give --allowed-signers and --identity to check whose it is)\n"
        )),
        (None, _) => out.write("; not signed\n"),
    }
    Ok(ExitCode::SUCCESS)
}
