//! `medtrace`: the command line. Parses arguments, calls the project loader and the core,
//! prints in the chosen format and sets the exit code: 0 clean, 1 findings at deny level,
//! 2 the tool itself failed. Everything with logic lives in the library crates.

mod build_view;
mod bundle;
mod classify_view;
mod diff_view;
mod evidence_view;
mod explain;
mod gap_view;
mod history_view;
mod impact_view;
mod notices;
mod out;
#[cfg(feature = "pdf")]
mod pdf_view;
mod problems_view;
mod release_view;
mod report;
mod review_view;
mod risk_view;
mod signing;
mod table;
mod views;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use medtrace_core::{Class, ItemType, Status};
use out::Out;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "medtrace",
    version,
    about = "IEC 62304 records as code: check, trace, document."
)]
struct Cli {
    /// Run as if started in DIR (medtrace.toml is looked for there and above).
    #[arg(short = 'C', global = true, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// When to use colour.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum CheckFormat {
    Human,
    Short,
    Json,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum TraceFormat {
    Table,
    Csv,
    Json,
    Xlsx,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ViewFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum RiskFormat {
    Table,
    Csv,
    Json,
    Xlsx,
}

#[derive(Subcommand)]
enum RiskAction {
    /// Write the risk matrices before and after control as SVG heat maps
    /// (risk-matrix-initial.svg, risk-matrix-residual.svg) and print the residual-risk
    /// summary.
    Matrix {
        /// The folder to write them in (created if missing).
        #[arg(short = 'o', long = "output", value_name = "DIR", default_value = ".")]
        output: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum SbomFormat {
    Cyclonedx,
    Spdx,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum CycloneDxSpec {
    #[value(name = "1.6")]
    V1_6,
    #[value(name = "1.5")]
    V1_5,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum AuditFormat {
    Text,
    Vex,
}

#[derive(Subcommand)]
enum SoupAction {
    /// Review the locked components against an OSV database on disk (a folder of OSV
    /// JSON records or an osv.dev all.zip); never the network. Exits 1 while an advisory
    /// affecting a component has no review in its SOUP record.
    Audit {
        /// The OSV database.
        #[arg(long, value_name = "PATH")]
        osv: PathBuf,
        /// A line per advisory, or CycloneDX VEX.
        #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
        format: AuditFormat,
    },
    /// Write an SBOM of the locked components, with what their SOUP records add.
    Sbom {
        /// CycloneDX JSON or SPDX 2.3 JSON.
        #[arg(long, value_enum, default_value_t = SbomFormat::Cyclonedx)]
        format: SbomFormat,
        /// The CycloneDX specification version.
        #[arg(long, value_enum, default_value_t = CycloneDxSpec::V1_6)]
        spec: CycloneDxSpec,
        /// The product's version, named in the SBOM.
        #[arg(long, value_name = "VERSION")]
        product_version: Option<String>,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Create a SOUP record for each locked component that has none; report records
    /// whose component is gone or whose version differs. Changes no existing file.
    Sync {
        /// Show what would be created, create nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum GapFormat {
    Table,
    Markdown,
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum GapStance {
    Strict,
    Lenient,
}

fn parse_class(s: &str) -> Result<Class, String> {
    Class::parse(s).ok_or_else(|| format!("`{s}` is not a safety class; use A, B or C"))
}

#[derive(Subcommand)]
enum Command {
    /// Check every record: schema, links, coverage, classes.
    Check {
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Test reports to read besides those `[tests] reports` names (JUnit XML or
        /// libtest JSON); repeatable.
        #[arg(long = "results", value_name = "FILE")]
        results: Vec<PathBuf>,
        /// Leave out the reports `[tests] reports` names (for a check of the records
        /// alone while editing, when reports on disk may be from an older run).
        #[arg(long = "no-reports")]
        no_reports: bool,
    },
    /// The risk table, or with `matrix` the risk matrices.
    ///
    /// Per hazard its causes, initial risk, controls, residual risk and the
    /// verification of its controls.
    Risk {
        #[command(subcommand)]
        action: Option<RiskAction>,
        /// Output format (xlsx needs --output).
        #[arg(long, value_enum, default_value_t = RiskFormat::Table)]
        format: RiskFormat,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// SOUP from the lockfiles `[soup] lockfiles` names.
    Soup {
        #[command(subcommand)]
        action: SoupAction,
    },
    /// Classify a software system by the three questions of IEC 62304 4.3.
    ///
    /// Answer the three questions of Amendment 1, defaulting to what the risk file says,
    /// and record answers, class and rationale in the system's record. Asks on a terminal; otherwise give the answers as flags, a file or
    /// --accept. With --show, compares the recorded answers with the risk file (exit 1
    /// when it no longer supports them).
    Classify {
        /// The software system or item (default: the one SWI with `level: system`).
        id: Option<String>,
        /// 1. Can it contribute to a hazardous situation?
        #[arg(long, value_name = "yes|no", value_parser = classify_view::parse_yes_no)]
        hazardous: Option<bool>,
        /// 2. Is the risk unacceptable after risk control measures external to the software?
        #[arg(long, value_name = "yes|no", value_parser = classify_view::parse_yes_no)]
        unacceptable: Option<bool>,
        /// 3. The worst possible harm.
        #[arg(long, value_name = "none|non-serious|serious", value_parser = classify_view::parse_harm)]
        harm: Option<medtrace_core::risk::Harm>,
        /// Why; by default a sentence citing the hazards and controls behind the answers.
        #[arg(long)]
        rationale: Option<String>,
        /// Answers as `key: value` lines (hazardous, unacceptable, harm, rationale).
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
        /// Take the risk file's answer for every question not answered otherwise.
        #[arg(long)]
        accept: bool,
        /// The date to record (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// Only show the recorded answers and whether the risk file supports them.
        #[arg(long)]
        show: bool,
    },
    /// What a change can touch: given items, or everything changed since a revision.
    ///
    /// Hazards, risk controls, requirements, software items and tests, each with the
    /// link it is reached by; with --since, also SOUP changed in the lockfiles (7.4, 8.2.2).
    Impact {
        /// The changed items' IDs.
        ids: Vec<String>,
        /// Also the items whose record, or whose tagged source files, changed since REV
        /// (a tag, a branch, a hash); adds the SOUP changes of the lockfiles.
        #[arg(long, value_name = "REV")]
        since: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ViewFormat::Text)]
        format: ViewFormat,
    },
    /// What changed in the records between two revisions (8.1.3, 8.2.4).
    ///
    /// `REV1..REV2` compares two revisions (tags, branches, hashes; an empty side is
    /// HEAD); `REV` compares a revision with the work tree.
    Diff {
        /// `REV1..REV2`, or `REV` for REV against the work tree.
        range: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = diff_view::DiffFormat::Text)]
        format: diff_view::DiffFormat,
    },
    /// List the trace tags found in code.
    Tags {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ViewFormat::Text)]
        format: ViewFormat,
    },
    /// A trace matrix along a chain of types, with gaps marked.
    Trace {
        /// Types joined by `,` or `>`, e.g. `SYS,SRS,SWI,TST`; or `requirements`
        /// (SYS,SRS,SWI,TST, the default) or `risk` (HAZ,RCM,SRS,TST).
        chain: Option<String>,
        /// Output format (xlsx needs --output).
        #[arg(long, value_enum, default_value_t = TraceFormat::Table)]
        format: TraceFormat,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Build the design history file: HTML site, PDF documents, XLSX matrices.
    ///
    /// With none of --html, --pdf, --xlsx, all three go under --out.
    Build {
        /// Write the HTML site to DIR.
        #[arg(long, value_name = "DIR")]
        html: Option<PathBuf>,
        /// Write the PDF documents to DIR (needs a medtrace built with the `pdf` feature).
        #[arg(long, value_name = "DIR")]
        pdf: Option<PathBuf>,
        /// Write the XLSX workbooks (trace matrix, risk table, SOUP list) to DIR.
        #[arg(long, value_name = "DIR")]
        xlsx: Option<PathBuf>,
        /// Where all three go when none is named: DIR/html, DIR/pdf, DIR/xlsx
        /// (default: build/dhf under the project root).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// One item with its fields, effective class, and everything up- and downstream.
    Show {
        /// The item's ID.
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ViewFormat::Text)]
        format: ViewFormat,
    },
    /// List items.
    List {
        /// Only this type (key or prefix: `srs`, `SRS`).
        #[arg(long = "type", value_name = "TYPE")]
        ty: Option<String>,
        /// Only this status.
        #[arg(long)]
        status: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ViewFormat::Text)]
        format: ViewFormat,
    },
    /// Create the next free item of a type from its template.
    New {
        /// The type (key or prefix: `srs`, `SRS`).
        #[arg(value_name = "TYPE")]
        ty: String,
        /// The title.
        title: String,
    },
    /// Scaffold medtrace.toml, the item folder and a plan skeleton; never overwrites.
    Init {
        /// The software system's safety class.
        #[arg(long, default_value = "C")]
        class: String,
    },
    /// The clause-by-clause IEC 62304 gap report for the class.
    ///
    /// Each clause met (with its evidence), needing manual evidence (a written plan
    /// section), a gap, or not applicable; and the FDA documentation level. Exits 1
    /// while any clause is a gap.
    Gap {
        /// Output format.
        #[arg(long, value_enum, default_value_t = GapFormat::Table)]
        format: GapFormat,
        /// Judge the project as this class (A, B or C) instead of its systems' classes.
        #[arg(long, value_name = "CLASS", value_parser = parse_class)]
        class: Option<Class>,
        /// How to take disputed clauses, instead of `[gap] disputed`.
        #[arg(long, value_enum)]
        stance: Option<GapStance>,
    },
    /// The problem reports with their state, criticality, version and affected items;
    /// with `trends`, their counts by state, category, criticality, item and version (9.6).
    Problems {
        #[command(subcommand)]
        action: Option<problems_view::ProblemsAction>,
        /// Output format.
        #[arg(long, global = true, value_enum, default_value_t = problems_view::ProblemsFormat::Text)]
        format: problems_view::ProblemsFormat,
    },
    /// Record a review of items against what is upstream of them, clearing suspect links.
    ///
    /// Records who, when and the fingerprint of each upstream item in the item's
    /// `reviewed` field. With --show, where each upstream link stands (current, suspect,
    /// unreviewed); with --status, every link not current.
    Review(review_view::ReviewArgs),
    /// Release a version: the release gate (IEC 62304 5.8), the release record and the
    /// checksummed bundle; or, with `verify`, check a bundle.
    ///
    /// Exits 1 with the failing checks and their reasons when the gate fails, writing
    /// nothing.
    Release(release_view::ReleaseArgs),
    /// The licence notices this binary must be distributed with (with the PDF engine:
    /// the terms of its bundled fonts).
    Notices,
    /// Explain a finding code: what it checks, why, and how to fix it.
    Explain {
        /// The code, e.g. `link-target-missing`; without it, list every code.
        code: Option<String>,
    },
}

// implements: SRS-019
fn main() -> ExitCode {
    let cli = Cli::parse();
    anstream::ColorChoice::write_global(match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    });
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            anstream::eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn start_dir(cli_dir: Option<&Path>) -> Result<PathBuf> {
    match cli_dir {
        Some(dir) => Ok(dir.to_path_buf()),
        None => std::env::current_dir().context("cannot read the current directory"),
    }
}

fn project_root(cli_dir: Option<&Path>) -> Result<PathBuf> {
    let start = start_dir(cli_dir)?;
    medtrace_project::find_root(&start).with_context(|| {
        format!(
            "no medtrace.toml in {} or any folder above it (run `medtrace init` to create one)",
            start.display()
        )
    })
}

fn parse_type(analysis: &medtrace_core::Analysis, text: &str) -> Result<ItemType> {
    ItemType::from_key(text)
        .or_else(|| analysis.config.type_of_prefix(text))
        .or_else(|| analysis.config.type_of_prefix(&text.to_ascii_uppercase()))
        .with_context(|| {
            let keys: Vec<&str> = ItemType::ALL.iter().map(|t| t.key()).collect();
            format!(
                "`{text}` is not an item type; use one of {}",
                keys.join(", ")
            )
        })
}

/// The software system: the one SWI with `level: system`.
fn system_item(analysis: &medtrace_core::Analysis) -> Result<usize> {
    let systems: Vec<usize> = (0..analysis.items.len())
        .filter(|&i| {
            analysis.items[i].ty == ItemType::Swi
                && analysis.items[i].text("level") == Some("system")
        })
        .collect();
    match systems.as_slice() {
        [one] => Ok(*one),
        [] => bail!("no software item has `level: system`; name the one to classify"),
        _ => bail!(
            "several software items have `level: system` ({}); name the one to classify",
            systems
                .iter()
                .map(|&i| analysis.items[i].id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The item with `id`, or an error that suggests the closest ID.
fn find_item(analysis: &medtrace_core::Analysis, id: &str) -> Result<usize> {
    if let Some((idx, _)) = analysis.item(id) {
        return Ok(idx);
    }
    let ids = analysis.items.iter().map(|i| i.id.as_str());
    match medtrace_core::diagnostic::closest(id, ids) {
        Some(near) => bail!("no item has the ID `{id}`; did you mean `{near}`?"),
        None => bail!("no item has the ID `{id}`"),
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let mut out = Out::stdout();
    let dir = cli.dir.as_deref();
    match cli.command {
        Command::Check {
            format,
            results,
            no_reports,
        } => {
            // Like everything else, relative paths are read as if started in DIR.
            let base = start_dir(dir)?;
            let reports = results.iter().map(|r| base.join(r)).collect();
            let options = medtrace_project::LoadOptions {
                reports,
                configured_reports: !no_reports,
            };
            let analysis = medtrace_project::load_with(&project_root(dir)?, &options)?;
            match format {
                CheckFormat::Human => out.write(&report::human(&analysis, true)),
                CheckFormat::Short => out.write(&report::short(&analysis)),
                CheckFormat::Json => out.json(&report::json(&analysis)),
                CheckFormat::Sarif => out.json(&report::sarif(&analysis)),
            }
            let code = if analysis.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
            // Freeing every string of a large project one by one takes a tenth of the
            // whole check (benches/results.md); the process ends now and frees it at once.
            std::mem::forget(analysis);
            Ok(code)
        }
        Command::Risk {
            action: None,
            format,
            output,
        } => {
            let analysis = medtrace_project::load(&project_root(dir)?)?;
            let bytes = match format {
                RiskFormat::Table => risk_view::table(&analysis).into_bytes(),
                RiskFormat::Csv => risk_view::csv(&analysis).into_bytes(),
                RiskFormat::Json => {
                    let mut text = serde_json::to_string_pretty(&risk_view::json(&analysis))?;
                    text.push('\n');
                    text.into_bytes()
                }
                RiskFormat::Xlsx if output.is_none() => {
                    bail!("an XLSX workbook is not for the terminal: give --output FILE.xlsx")
                }
                RiskFormat::Xlsx => risk_view::xlsx(&analysis),
            };
            match output {
                Some(path) => medtrace_project::write_replace(&start_dir(dir)?.join(path), &bytes)?,
                None => out.write(&String::from_utf8_lossy(&bytes)),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Risk {
            action: Some(RiskAction::Matrix { output }),
            ..
        } => {
            let analysis = medtrace_project::load(&project_root(dir)?)?;
            let folder = start_dir(dir)?.join(output);
            std::fs::create_dir_all(&folder)
                .with_context(|| format!("cannot create {}", folder.display()))?;
            for (name, svg) in risk_view::matrices(&analysis) {
                let path = folder.join(&name);
                medtrace_project::write_replace(&path, svg.as_bytes())?;
                out.write(&format!("wrote {}\n", path.display()));
            }
            out.write(&risk_view::summary(&analysis));
            Ok(ExitCode::SUCCESS)
        }
        Command::Build {
            html,
            pdf,
            xlsx,
            out: out_dir,
        } => {
            let root = project_root(dir)?;
            let base = start_dir(dir)?;
            if pdf.is_some() && !build_view::HAS_PDF {
                bail!("{}", build_view::NO_PDF);
            }
            let out_dir = out_dir.map_or_else(|| root.join("build").join("dhf"), |d| base.join(d));
            let targets = build_view::Targets::resolve(
                html.map(|d| base.join(d)),
                pdf.map(|d| base.join(d)),
                xlsx.map(|d| base.join(d)),
                out_dir,
            );
            out.write(&build_view::run(&root, &targets)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Trace {
            chain,
            format,
            output,
        } => {
            let analysis = medtrace_project::load(&project_root(dir)?)?;
            let columns =
                views::parse_chain(&analysis, chain.as_deref().unwrap_or("requirements"))?;
            let matrix = medtrace_core::trace::matrix(&analysis.items, &analysis.graph, &columns)
                .map_err(|e| anyhow::anyhow!(views::chain_error(&analysis, e)))?;
            if output.is_some() && format != TraceFormat::Xlsx {
                bail!("--output is for --format xlsx; the other formats go to standard output");
            }
            match format {
                TraceFormat::Table => out.write(&views::trace_table(&analysis, &matrix)),
                TraceFormat::Csv => out.write(&views::trace_csv(&analysis, &matrix)),
                TraceFormat::Json => out.json(&views::trace_json(&analysis, &matrix)),
                TraceFormat::Xlsx => match output {
                    Some(path) => {
                        let sheet = build_view::trace_sheet(&analysis, "Trace matrix", &matrix);
                        let bytes = medtrace_render::workbook(&[sheet]);
                        medtrace_project::write_replace(&start_dir(dir)?.join(path), &bytes)?;
                    }
                    None => {
                        bail!("an XLSX workbook is not for the terminal: give --output FILE.xlsx")
                    }
                },
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Classify {
            id,
            hazardous,
            unacceptable,
            harm,
            rationale,
            answers,
            accept,
            date,
            show,
        } => {
            let root = project_root(dir)?;
            let analysis = medtrace_project::load(&root)?;
            let idx = match id {
                Some(id) => find_item(&analysis, &id)?,
                None => system_item(&analysis)?,
            };
            if analysis.items[idx].ty != ItemType::Swi {
                bail!(
                    "`{}` is not a software item: classify a SWI",
                    analysis.items[idx].id
                );
            }
            let suggested = medtrace_core::classify::suggest(
                idx,
                &analysis.items,
                &analysis.graph,
                &analysis.config,
                &analysis.risk,
            );
            let answers_given = hazardous.is_some() || unacceptable.is_some() || harm.is_some();
            if show
                || (!answers_given
                    && answers.is_none()
                    && !accept
                    && medtrace_core::classify::recorded(&analysis.items[idx]).is_some()
                    && !std::io::IsTerminal::is_terminal(&std::io::stdin()))
            {
                let (text, supported) = classify_view::show(&analysis, idx, &suggested);
                out.write(&text);
                return Ok(if supported {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                });
            }
            let mut given = match &answers {
                Some(path) => {
                    let path = start_dir(dir)?.join(path);
                    let text = std::fs::read_to_string(&path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    classify_view::read_answers(&text)
                        .with_context(|| format!("in {}", path.display()))?
                }
                None => classify_view::Given::default(),
            };
            given.hazardous = hazardous.or(given.hazardous);
            given.unacceptable = unacceptable.or(given.unacceptable);
            given.harm = harm.or(given.harm);
            given.rationale = rationale.or(given.rationale);
            given.accept = accept;
            let (answers, rationale) = classify_view::gather(&suggested, given)?;
            let date = match date {
                Some(d) if medtrace_core::item::is_date(&d) => d,
                Some(d) => bail!("`{d}` is not a date (YYYY-MM-DD)"),
                None => medtrace_project::today(),
            };
            let item = &analysis.items[idx];
            let path = root.join(&analysis.sources.get(item.file).path);
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let class = answers.class();
            let updated = medtrace_project::set_fields(
                &text,
                &[
                    ("class", format!("class: {class}\n")),
                    (
                        "classification",
                        medtrace_core::classify::to_yaml(&answers, &date, &rationale),
                    ),
                ],
            )
            .with_context(|| format!("cannot update {}", path.display()))?;
            medtrace_project::write_replace(&path, updated.as_bytes())?;
            out.write(&format!(
                "{} is class {class}; recorded in {}\n{}",
                item.id,
                analysis.sources.get(item.file).path,
                classify_view::describe(&answers)
            ));
            if classify_view::describe(&answers) != classify_view::describe(&suggested) {
                out.write(&format!(
                    "note: the risk file's answers differ:\n{}",
                    classify_view::describe(&suggested)
                ));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Impact { ids, since, format } => impact_view::run(
            &project_root(dir)?,
            &ids,
            since.as_deref(),
            format,
            &mut out,
        ),
        Command::Diff { range, format } => {
            diff_view::run(&project_root(dir)?, &range, format, &mut out)
        }
        Command::Show { id, format } => {
            let root = project_root(dir)?;
            let analysis = medtrace_project::load(&root)?;
            let idx = find_item(&analysis, &id)?;
            let history = history_view::of(&root, &analysis, idx);
            match format {
                ViewFormat::Text => out.write(&format!(
                    "{}{}",
                    views::show_text(&analysis, idx),
                    history_view::text(&history)
                )),
                ViewFormat::Json => out.json(&history_view::with_json(
                    views::show_json(&analysis, idx),
                    &history,
                )),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::List { ty, status, format } => {
            let analysis = medtrace_project::load(&project_root(dir)?)?;
            let ty = ty.map(|t| parse_type(&analysis, &t)).transpose()?;
            let status = status
                .map(|s| {
                    Status::parse(&s).with_context(|| {
                        format!("`{s}` is not a status; use draft, in-review, approved or obsolete")
                    })
                })
                .transpose()?;
            let selected: Vec<usize> = (0..analysis.items.len())
                .filter(|&i| ty.is_none_or(|t| analysis.items[i].ty == t))
                .filter(|&i| status.is_none_or(|s| analysis.items[i].status == s))
                .collect();
            match format {
                ViewFormat::Text => out.write(&views::list_table(&analysis, &selected)),
                ViewFormat::Json => out.json(&views::list_json(&analysis, &selected)),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::New { ty, title } => {
            let root = project_root(dir)?;
            let analysis = medtrace_project::load(&root)?;
            let ty = parse_type(&analysis, &ty)?;
            if title.trim().is_empty() {
                bail!("the title is empty; say in a few words what the item is");
            }
            let (id, path) = medtrace_project::new_item(&root, &analysis, ty, &title)?;
            let shown = path.strip_prefix(&root).unwrap_or(&path);
            out.write(&format!("{id} {}\n", shown.display()));
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { class } => {
            let class = Class::parse(&class)
                .with_context(|| format!("`{class}` is not a safety class; use A, B or C"))?;
            let root = start_dir(dir)?;
            let outcome = medtrace_project::init(&root, class)?;
            for path in &outcome.created {
                out.write(&format!("created {}\n", path.display()));
            }
            for path in &outcome.kept {
                out.write(&format!("kept    {} (exists)\n", path.display()));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Soup {
            action: SoupAction::Sync { dry_run },
        } => {
            let root = project_root(dir)?;
            let analysis = medtrace_project::load(&root)?;
            if analysis.config.lockfiles.is_empty() {
                bail!(
                    "medtrace.toml names no lockfile: add `[soup] lockfiles = [\"Cargo.lock\"]` (paths relative to it)"
                );
            }
            // What keeps a lockfile from being read is said here too, not only by check.
            for d in analysis.diagnostics.iter().filter(|d| {
                d.code == medtrace_core::Code::SoupLockfileInvalid
                    || (d.code == medtrace_core::Code::ConfigInvalidValue
                        && d.message.starts_with("lockfile "))
            }) {
                anstream::eprintln!("{}: {}", d.code, d.message);
            }
            let report = medtrace_project::soup_sync(&root, &analysis, dry_run)?;
            let verb = if dry_run { "would create" } else { "created" };
            for (id, path, purl) in &report.created {
                out.write(&format!("{verb} {id} {} ({purl})\n", path.display()));
            }
            for id in &report.gone {
                out.write(&format!("gone    {id}: no lockfile holds its component any more (kept; mark it obsolete if it was removed)\n"));
            }
            for (id, recorded, locked) in &report.drift {
                out.write(&format!("drift   {id}: records {recorded}, the lockfile has {locked} (kept; review and update it)\n"));
            }
            out.write(&format!(
                "{} {}, {} gone, {} drifted\n",
                report::plural(report.created.len(), "record"),
                if dry_run { "to create" } else { "created" },
                report.gone.len(),
                report.drift.len()
            ));
            Ok(ExitCode::SUCCESS)
        }
        Command::Soup {
            action:
                SoupAction::Sbom {
                    format,
                    spec,
                    product_version,
                    output,
                },
        } => {
            let root = project_root(dir)?;
            let analysis = medtrace_project::load(&root)?;
            if analysis.config.lockfiles.is_empty() {
                bail!(
                    "medtrace.toml names no lockfile: add `[soup] lockfiles = [\"Cargo.lock\"]` (paths relative to it)"
                );
            }
            let (components, dependencies) = medtrace_sbom::components(&analysis);
            // The time is the build's, when it says so (reproducible builds); never the clock.
            let timestamp = std::env::var("SOURCE_DATE_EPOCH")
                .ok()
                .and_then(|s| s.trim().parse::<u64>().ok())
                .map(medtrace_sbom::iso8601_utc);
            let input = medtrace_sbom::SbomInput {
                project: &analysis.config.name,
                version: product_version.as_deref(),
                timestamp: timestamp.as_deref(),
                tool_version: medtrace_sbom::TOOL_VERSION,
                components: &components,
                dependencies: &dependencies,
            };
            let text = match format {
                SbomFormat::Cyclonedx => medtrace_sbom::cyclonedx(
                    &input,
                    match spec {
                        CycloneDxSpec::V1_6 => medtrace_sbom::CycloneDxVersion::V1_6,
                        CycloneDxSpec::V1_5 => medtrace_sbom::CycloneDxVersion::V1_5,
                    },
                ),
                SbomFormat::Spdx => medtrace_sbom::spdx(&input),
            };
            match output {
                Some(path) => {
                    medtrace_project::write_replace(&start_dir(dir)?.join(path), text.as_bytes())?
                }
                None => out.write(&text),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Soup {
            action: SoupAction::Audit { osv, format },
        } => {
            let root = project_root(dir)?;
            let analysis = medtrace_project::load(&root)?;
            if analysis.config.lockfiles.is_empty() {
                bail!(
                    "medtrace.toml names no lockfile: add `[soup] lockfiles = [\"Cargo.lock\"]` (paths relative to it)"
                );
            }
            let path = start_dir(dir)?.join(osv);
            let (advisories, problems) = medtrace_osv::load(&path)
                .with_context(|| format!("cannot read the OSV database {}", path.display()))?;
            for (file, problem) in &problems {
                anstream::eprintln!("warning: OSV record {file} not read: {problem}");
            }
            let findings = medtrace_osv::audit::audit(&analysis, &advisories);
            match format {
                AuditFormat::Vex => {
                    out.json(&medtrace_osv::audit::vex(&analysis.config.name, &findings))
                }
                AuditFormat::Text => out.write(&views::audit_text(&findings, advisories.len())),
            }
            let open = findings.iter().filter(|f| f.open()).count();
            Ok(if open > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Tags { format } => {
            let analysis = medtrace_project::load(&project_root(dir)?)?;
            match format {
                ViewFormat::Text => out.write(&evidence_view::tags_text(&analysis)),
                ViewFormat::Json => out.json(&evidence_view::tags_json(&analysis)),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Gap {
            format,
            class,
            stance,
        } => {
            let analysis = medtrace_project::load(&project_root(dir)?)?;
            let options = medtrace_core::gap::Options {
                class,
                stance: stance.map(|s| match s {
                    GapStance::Strict => medtrace_core::clauses::DisputeStance::Strict,
                    GapStance::Lenient => medtrace_core::clauses::DisputeStance::Lenient,
                }),
            };
            let report = medtrace_core::gap::evaluate_with(&analysis, options);
            match format {
                GapFormat::Table => out.write(&gap_view::table(&analysis, &report)),
                GapFormat::Markdown => out.write(&gap_view::markdown(&analysis, &report)),
                GapFormat::Json => out.json(&gap_view::json(&analysis, &report)),
            }
            Ok(if report.has_gaps() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Problems { action, format } => {
            let analysis = medtrace_project::load(&project_root(dir)?)?;
            match problems_view::render(&analysis, action.is_some(), format) {
                problems_view::Rendered::Text(text) => out.write(&text),
                problems_view::Rendered::Json(value) => out.json(&value),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Review(args) => review_view::run(&project_root(dir)?, args, &mut out),
        Command::Release(args) => release_view::run(dir, args, &mut out),
        Command::Notices => {
            out.write(&notices::text());
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { code } => {
            out.write(&explain::explain(code.as_deref())?);
            Ok(ExitCode::SUCCESS)
        }
    }
}
