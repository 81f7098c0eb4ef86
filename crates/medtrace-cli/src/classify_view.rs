//! `medtrace classify [SWI-ID]`: asks the three questions of IEC 62304 4.3 (Amendment 1)
//! with the risk file's answers as defaults, and records answers, class and rationale in
//! the software system's record. On a terminal it asks; otherwise the answers come from
//! flags, an answers file, or `--accept` (the risk file's answers).

use anyhow::{Context, Result, bail};
use medtrace_core::Analysis;
use medtrace_core::classify::{self, Answers};
use medtrace_core::risk::Harm;
use std::io::{BufRead, IsTerminal, Write};

/// What the command line gave.
#[derive(Default)]
pub struct Given {
    /// `--hazardous`.
    pub hazardous: Option<bool>,
    /// `--unacceptable`.
    pub unacceptable: Option<bool>,
    /// `--harm`.
    pub harm: Option<Harm>,
    /// `--rationale`.
    pub rationale: Option<String>,
    /// `--accept`: take the risk file's answer for anything not given.
    pub accept: bool,
}

/// Reads `yes`/`no`.
pub fn parse_yes_no(s: &str) -> Result<bool, String> {
    match s.trim() {
        "yes" | "y" | "true" => Ok(true),
        "no" | "n" | "false" => Ok(false),
        other => Err(format!("`{other}` is not yes or no")),
    }
}

/// Reads `none`, `non-serious` or `serious`.
pub fn parse_harm(s: &str) -> Result<Harm, String> {
    Harm::parse(s.trim()).ok_or_else(|| {
        format!(
            "`{}` is not a harm: use none, non-serious or serious (death or serious injury)",
            s.trim()
        )
    })
}

/// Reads an answers file: `key: value` lines (`hazardous`, `unacceptable`, `harm`,
/// `rationale`), `#` comments.
pub fn read_answers(text: &str) -> Result<Given> {
    let mut given = Given::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once(':')
            .with_context(|| format!("line {}: expected `key: value`", n + 1))?;
        let value = value.trim().trim_matches('"');
        let bad = |e: String| anyhow::anyhow!("line {}: {e}", n + 1);
        match key.trim() {
            "hazardous" => given.hazardous = Some(parse_yes_no(value).map_err(bad)?),
            "unacceptable" => given.unacceptable = Some(parse_yes_no(value).map_err(bad)?),
            "harm" => given.harm = Some(parse_harm(value).map_err(bad)?),
            "rationale" => given.rationale = Some(value.to_string()),
            other => bail!(
                "line {}: unknown key `{other}`; use hazardous, unacceptable, harm or rationale",
                n + 1
            ),
        }
    }
    Ok(given)
}

fn yn(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn cited(ids: &[String]) -> String {
    if ids.is_empty() {
        String::new()
    } else {
        format!(" ({})", ids.join(", "))
    }
}

/// The answers as lines, each with the records it rests on.
pub fn describe(a: &Answers) -> String {
    let mut out = format!(
        "  1. can contribute to a hazardous situation: {}{}\n",
        yn(a.hazardous),
        cited(&a.hazards)
    );
    if a.hazardous {
        out += &format!(
            "  2. risk unacceptable after external risk controls: {}{}\n",
            yn(a.unacceptable),
            if a.unacceptable {
                cited(&a.harm_from)
            } else {
                cited(&a.external_controls)
            }
        );
        if a.unacceptable {
            out += &format!(
                "  3. worst possible harm: {}{}\n",
                a.harm.as_str(),
                cited(&a.harm_from)
            );
        }
    }
    out += &format!("  class {}\n", a.class());
    out
}

/// A rationale written from the answers and the records they cite.
pub fn default_rationale(a: &Answers) -> String {
    if !a.hazardous {
        return "No hazard of the risk file names this software as contributing.".into();
    }
    if !a.unacceptable {
        return format!(
            "Contributes to {}; risk control measures outside the software ({}) make every such risk acceptable.",
            a.hazards.join(", "),
            a.external_controls.join(", ")
        );
    }
    format!(
        "Contributes to {}; the risk of {} is not acceptable without the software, and the worst harm is {}.",
        a.hazards.join(", "),
        a.harm_from.join(", "),
        match a.harm {
            Harm::Serious => "death or serious injury",
            Harm::NonSerious => "a non-serious injury",
            Harm::None => "no injury",
        }
    )
}

fn ask(question: &str, default: &str) -> Result<String> {
    let mut stderr = std::io::stderr();
    write!(stderr, "{question} [{default}]: ")?;
    stderr.flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let line = line.trim();
    Ok(if line.is_empty() {
        default.to_string()
    } else {
        line.to_string()
    })
}

fn ask_until<T>(question: &str, default: &str, parse: fn(&str) -> Result<T, String>) -> Result<T> {
    loop {
        match parse(&ask(question, default)?) {
            Ok(v) => return Ok(v),
            Err(e) => eprintln!("{e}"),
        }
    }
}

/// The answers to record: given ones, asked ones on a terminal, the risk file's with
/// `--accept`; an error naming what is missing otherwise. Returns (answers, rationale).
pub fn gather(suggested: &Answers, given: Given) -> Result<(Answers, String)> {
    let interactive = std::io::stdin().is_terminal() && !given.accept;
    let mut answers = suggested.clone();
    let missing = |what: &str, flag: &str, default: &str| {
        anyhow::anyhow!(
            "no answer for \"{what}\": give {flag} (the risk file says {default}), an answers file, or --accept"
        )
    };
    answers.hazardous = match given.hazardous {
        Some(v) => v,
        None if interactive => ask_until(
            "1. Can the software contribute to a hazardous situation? (yes/no)",
            yn(suggested.hazardous),
            parse_yes_no,
        )?,
        None if given.accept => suggested.hazardous,
        None => {
            return Err(missing(
                "hazardous",
                "--hazardous yes|no",
                yn(suggested.hazardous),
            ));
        }
    };
    if answers.hazardous {
        answers.unacceptable = match given.unacceptable {
            Some(v) => v,
            None if interactive => ask_until(
                "2. Is the risk unacceptable after risk control measures external to the software? (yes/no)",
                yn(suggested.unacceptable),
                parse_yes_no,
            )?,
            None if given.accept => suggested.unacceptable,
            None => {
                return Err(missing(
                    "unacceptable after external controls",
                    "--unacceptable yes|no",
                    yn(suggested.unacceptable),
                ));
            }
        };
        if answers.unacceptable {
            answers.harm = match given.harm {
                Some(v) => v,
                None if interactive => ask_until(
                    "3. Worst possible harm? (none/non-serious/serious)",
                    suggested.harm.as_str(),
                    parse_harm,
                )?,
                None if given.accept => suggested.harm,
                None => {
                    return Err(missing(
                        "worst harm",
                        "--harm none|non-serious|serious",
                        suggested.harm.as_str(),
                    ));
                }
            };
        }
    } else {
        answers.unacceptable = false;
        answers.harm = Harm::None;
    }
    // Citations stand only where the answer is the risk file's.
    if !answers.hazardous {
        answers.hazards.clear();
    }
    if !answers.unacceptable || answers.harm != suggested.harm {
        answers.harm_from.clear();
    }
    let default = default_rationale(&answers);
    let rationale = match given.rationale {
        Some(r) => r,
        None if interactive => ask("Rationale", &default)?,
        None => default,
    };
    Ok((answers, rationale))
}

/// The report of recorded answers against the risk file, for `--show` and re-runs.
pub fn show(analysis: &Analysis, idx: usize, suggested: &Answers) -> (String, bool) {
    let item = &analysis.items[idx];
    let mut out = String::new();
    let supported = match classify::recorded(item) {
        None => {
            out += &format!("{} has no recorded classification.\n", item.id);
            false
        }
        Some(recorded) => {
            out += &format!("{} is classified:\n{}", item.id, describe(&recorded));
            let problems = classify::unsupported(&recorded, suggested);
            if problems.is_empty() {
                out += "The risk file supports these answers.\n";
            } else {
                out += "The risk file no longer supports these answers:\n";
                for p in &problems {
                    out += &format!("  - {p}\n");
                }
            }
            problems.is_empty()
        }
    };
    out += &format!("\nThe risk file says:\n{}", describe(suggested));
    (out, supported)
}
