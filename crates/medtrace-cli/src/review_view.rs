//! `medtrace review`: record that items were reviewed against what is upstream of them
//! (the fingerprint of each upstream item, who, when), show where each link stands, and
//! list the links that are suspect or not reviewed yet.

use crate::out::Out;
use anyhow::{Context, Result, bail};
use medtrace_core::review::{self, Direction, Fingerprints, ItemReview, LinkReview, LinkState};
use medtrace_core::{Analysis, ItemType};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The arguments of `medtrace review`.
#[derive(clap::Args)]
pub struct ReviewArgs {
    /// The items reviewed (downstream items: a test, a requirement, a software item...).
    #[arg(value_name = "ID")]
    ids: Vec<String>,
    /// Review every item that has a suspect link.
    #[arg(long)]
    all: bool,
    /// Review every item of this type that has something upstream (key or prefix:
    /// `tst`, `SRS`); repeatable. For adopting reviews in a project.
    #[arg(long = "type", value_name = "TYPE")]
    types: Vec<String>,
    /// Who reviewed (default: git's `user.name`).
    #[arg(long, value_name = "NAME")]
    by: Option<String>,
    /// The date of the review (default: today, or SOURCE_DATE_EPOCH's day).
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// Record nothing: show each upstream link of the items as current, suspect or
    /// unreviewed.
    #[arg(long)]
    show: bool,
    /// Record nothing: list every link that is suspect or not reviewed, in all items.
    #[arg(long, conflicts_with_all = ["ids", "all", "types", "show"])]
    status: bool,
    /// Output format of --show and --status.
    #[arg(long, value_enum, default_value_t = crate::ViewFormat::Text)]
    format: crate::ViewFormat,
}

// implements: SRS-053
/// Runs `medtrace review` in the project at `root`.
pub fn run(root: &Path, args: ReviewArgs, out: &mut Out) -> Result<ExitCode> {
    let analysis = medtrace_project::load(root)?;
    let mut prints = Fingerprints::new(&analysis.items, &analysis.sources, &analysis.config.review);
    if args.status {
        let all: Vec<usize> = (0..analysis.items.len())
            .filter(|&i| review::in_scope(&analysis.items[i]))
            .collect();
        let states = states(&analysis, &mut prints, &all);
        match args.format {
            crate::ViewFormat::Text => out.write(&status_text(&analysis, &states)),
            crate::ViewFormat::Json => out.json(&json_of(&analysis, &states, false)),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let selected = select(&analysis, &mut prints, &args)?;
    if args.show {
        let states = states(&analysis, &mut prints, &selected);
        match args.format {
            crate::ViewFormat::Text => out.write(&show_text(&analysis, &states)),
            crate::ViewFormat::Json => out.json(&json_of(&analysis, &states, true)),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let by = match args.by {
        Some(by) if !by.trim().is_empty() => by.trim().to_string(),
        Some(_) => bail!("--by names nobody"),
        None => git_user_name(root).context(
            "say who reviewed with --by NAME (git's user.name is not set for this repository)",
        )?,
    };
    let date = match args.date {
        Some(d) if medtrace_core::item::is_date(&d) => d,
        Some(d) => bail!("`{d}` is not a date (YYYY-MM-DD)"),
        None => medtrace_project::today(),
    };
    let mut count = 0;
    for idx in selected {
        let state = review::item_review(&analysis.items, &analysis.graph, &mut prints, idx);
        let item = &analysis.items[idx];
        let Some(against) = against(&analysis, &state) else {
            bail!(
                "`{}` cannot be reviewed: the front matter of an item upstream of it cannot be read (see `medtrace check`)",
                item.id
            );
        };
        let path = root.join(&analysis.sources.get(item.file).path);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let block = review::to_yaml(&by, &date, &against);
        let updated = medtrace_project::set_fields(&text, &[(review::FIELD, block)])
            .with_context(|| format!("cannot update {}", path.display()))?;
        medtrace_project::write_replace(&path, updated.as_bytes())?;
        out.write(&format!("{}\n", done_line(&analysis, &state, idx)));
        count += 1;
    }
    out.write(&format!(
        "{} reviewed by {by} on {date}\n",
        crate::report::plural(count, "item")
    ));
    Ok(ExitCode::SUCCESS)
}

/// The items named by ID, `--all` and `--type`, each once, in the order of the records.
fn select(
    analysis: &Analysis,
    prints: &mut Fingerprints<'_>,
    args: &ReviewArgs,
) -> Result<Vec<usize>> {
    if args.ids.is_empty() && !args.all && args.types.is_empty() {
        bail!(
            "name the items reviewed, or use --all (every item with a suspect link) or --type TYPE"
        );
    }
    let mut selected = Vec::new();
    for id in &args.ids {
        let idx = crate::find_item(analysis, id)?;
        let item = &analysis.items[idx];
        if !args.show && review::upstream(&analysis.items, &analysis.graph, idx).is_empty() {
            bail!(
                "`{}` has nothing upstream to be reviewed against (see `medtrace help review` for which links count)",
                item.id
            );
        }
        if !args.show && !review::in_scope(item) {
            bail!(
                "`{}` cannot be reviewed: it is obsolete or its front matter cannot be read",
                item.id
            );
        }
        selected.push(idx);
    }
    let types = args
        .types
        .iter()
        .map(|t| crate::parse_type(analysis, t))
        .collect::<Result<Vec<ItemType>>>()?;
    for idx in 0..analysis.items.len() {
        let item = &analysis.items[idx];
        if !review::in_scope(item) {
            continue;
        }
        let wanted = types.contains(&item.ty)
            && !review::upstream(&analysis.items, &analysis.graph, idx).is_empty();
        let suspect = args.all
            && review::item_review(&analysis.items, &analysis.graph, prints, idx).has_suspect();
        if wanted || suspect {
            selected.push(idx);
        }
    }
    selected.sort_unstable();
    selected.dedup();
    Ok(selected)
}

fn states(
    analysis: &Analysis,
    prints: &mut Fingerprints<'_>,
    items: &[usize],
) -> Vec<(usize, ItemReview)> {
    items
        .iter()
        .map(|&i| {
            (
                i,
                review::item_review(&analysis.items, &analysis.graph, prints, i),
            )
        })
        .filter(|(_, s)| !s.links.is_empty())
        .collect()
}

/// The fingerprints to record: every upstream item, by ID; `None` if one is unreadable.
fn against(analysis: &Analysis, state: &ItemReview) -> Option<Vec<(String, review::Fingerprint)>> {
    state
        .links
        .iter()
        .map(|l| Some((analysis.items[l.link.item].id.clone(), l.current?)))
        .collect()
}

fn done_line(analysis: &Analysis, state: &ItemReview, idx: usize) -> String {
    let id = |l: &LinkReview| analysis.items[l.link.item].id.clone();
    let all: Vec<String> = state.links.iter().map(id).collect();
    let suspect: Vec<String> = state
        .links
        .iter()
        .filter(|l| l.state.is_suspect())
        .map(id)
        .collect();
    let mut line = format!(
        "reviewed {} against {}",
        analysis.items[idx].id,
        all.join(", ")
    );
    if !suspect.is_empty() {
        line.push_str(&format!(" (suspect before: {})", suspect.join(", ")));
    }
    if !state.dropped.is_empty() {
        line.push_str(&format!(
            " (no longer linked: {})",
            state.dropped.join(", ")
        ));
    }
    line
}

/// What a link's state means, for people.
fn detail(state: &LinkState) -> String {
    match state {
        LinkState::Current => "unchanged since the review".into(),
        LinkState::Changed { recorded, .. } => {
            format!("changed since the review (recorded {recorded})")
        }
        LinkState::Added => "linked after the review".into(),
        LinkState::Unreviewed => "no review recorded".into(),
        LinkState::Unreadable => "its front matter cannot be read".into(),
    }
}

/// How the link reads from the reviewed item: "verifies", "allocated-to (from SRS-004)".
fn relation(link: &LinkReview) -> String {
    match link.link.direction {
        Direction::Target => link.link.role.field().to_string(),
        Direction::Source => link.link.role.reverse_name().to_string(),
    }
}

fn show_text(analysis: &Analysis, states: &[(usize, ItemReview)]) -> String {
    let mut out = String::new();
    for (idx, state) in states {
        let item = &analysis.items[*idx];
        out.push_str(&format!("{} — {}\n", item.id, item.title));
        match &state.record {
            Some(r) => out.push_str(&format!("  reviewed by {} on {}\n", r.by, r.date)),
            None => out.push_str("  no review recorded\n"),
        }
        let width = state
            .links
            .iter()
            .map(|l| analysis.items[l.link.item].id.len())
            .max()
            .unwrap_or(0);
        for link in &state.links {
            out.push_str(&format!(
                "  {:<width$}  {:<14} {:<10}  {}  {}\n",
                analysis.items[link.link.item].id,
                relation(link),
                link.state.word(),
                link.current
                    .map(|f| f.short())
                    .unwrap_or_else(|| "-".repeat(12)),
                detail(&link.state),
            ));
        }
        if !state.dropped.is_empty() {
            out.push_str(&format!(
                "  recorded but no longer linked: {}\n",
                state.dropped.join(", ")
            ));
        }
    }
    if states.is_empty() {
        out.push_str("nothing upstream: these items are reviewed against nothing\n");
    }
    out
}

fn status_text(analysis: &Analysis, states: &[(usize, ItemReview)]) -> String {
    let mut out = String::new();
    let (mut current, mut suspect, mut unreviewed, mut other) = (0, 0, 0, 0);
    for (idx, state) in states {
        for link in &state.links {
            match link.state {
                LinkState::Current => {
                    current += 1;
                    continue;
                }
                LinkState::Changed { .. } | LinkState::Added => suspect += 1,
                LinkState::Unreviewed => unreviewed += 1,
                LinkState::Unreadable => other += 1,
            }
            out.push_str(&format!(
                "{:<12} {:<12} {:<14} {:<10}  {}\n",
                analysis.items[*idx].id,
                analysis.items[link.link.item].id,
                relation(link),
                link.state.word(),
                detail(&link.state)
            ));
        }
    }
    let links = current + suspect + unreviewed + other;
    out.push_str(&format!(
        "{} in {}: {current} current, {suspect} suspect, {unreviewed} unreviewed{}\n",
        crate::report::plural(links, "upstream link"),
        crate::report::plural(states.len(), "item"),
        if other > 0 {
            format!(", {other} unreadable")
        } else {
            String::new()
        }
    ));
    out
}

fn json_of(analysis: &Analysis, states: &[(usize, ItemReview)], all_links: bool) -> Value {
    let items: Vec<Value> = states
        .iter()
        .filter(|(_, state)| {
            all_links
                || !state.dropped.is_empty()
                || state.links.iter().any(|l| l.state != LinkState::Current)
        })
        .map(|(idx, state)| {
            let links: Vec<Value> = state
                .links
                .iter()
                .filter(|l| all_links || l.state != LinkState::Current)
                .map(|l| {
                    let recorded = match &l.state {
                        LinkState::Changed { recorded, .. } => Some(recorded.clone()),
                        LinkState::Current => state.record.as_ref().and_then(|r| {
                            r.fingerprint_of(&analysis.items[l.link.item].id)
                                .map(|(f, _)| f.to_string())
                        }),
                        _ => None,
                    };
                    json!({
                        "id": analysis.items[l.link.item].id,
                        "role": l.link.role.field(),
                        "upstream_holds_link": l.link.direction == Direction::Source,
                        "state": l.state.word(),
                        "detail": detail(&l.state),
                        "fingerprint": l.current.map(|f| f.short()),
                        "recorded": recorded,
                    })
                })
                .collect();
            json!({
                "id": analysis.items[*idx].id,
                "reviewed": state.record.as_ref().map(|r| json!({"by": r.by, "date": r.date})),
                "links": links,
                "dropped": state.dropped,
            })
        })
        .collect();
    json!({"version": 1, "items": items})
}

/// git's `user.name`, read from the repository's configuration and the global one
/// (`GIT_CONFIG_GLOBAL`, else `$XDG_CONFIG_HOME/git/config` and `~/.gitconfig`) without
/// running git; the repository's wins. Includes and conditional includes are not read.
fn git_user_name(root: &Path) -> Option<String> {
    let mut files: Vec<PathBuf> = Vec::new();
    let home = std::env::var_os("HOME").map(PathBuf::from);
    match std::env::var_os("GIT_CONFIG_GLOBAL") {
        Some(global) => files.push(PathBuf::from(global)),
        None => {
            let xdg = std::env::var_os("XDG_CONFIG_HOME")
                .map(PathBuf::from)
                .or_else(|| home.as_ref().map(|h| h.join(".config")));
            files.extend(xdg.map(|x| x.join("git").join("config")));
            files.extend(home.map(|h| h.join(".gitconfig")));
        }
    }
    if let Some(dir) = git_common_dir(root) {
        files.push(dir.join("config"));
    }
    let mut name = None;
    for file in files {
        if let Ok(text) = std::fs::read_to_string(&file)
            && let Some(found) = user_name_in(&text)
        {
            name = Some(found);
        }
    }
    name.filter(|n| !n.is_empty())
}

/// The repository's git folder shared by its worktrees, looking up from `start`.
fn git_common_dir(start: &Path) -> Option<PathBuf> {
    for dir in start.ancestors() {
        let dot_git = dir.join(".git");
        let git_dir = if dot_git.is_dir() {
            dot_git
        } else if let Ok(text) = std::fs::read_to_string(&dot_git) {
            // A worktree or submodule: `gitdir: PATH`, relative to the folder holding it.
            dir.join(text.strip_prefix("gitdir:")?.trim())
        } else {
            continue;
        };
        return Some(match std::fs::read_to_string(git_dir.join("commondir")) {
            Ok(common) => git_dir.join(common.trim()),
            Err(_) => git_dir,
        });
    }
    None
}

/// The last `name` of a `[user]` section in a git configuration file's text.
fn user_name_in(text: &str) -> Option<String> {
    let mut in_user = false;
    let mut found = None;
    for line in text.lines() {
        let line = line.trim();
        if let Some(section) = line.strip_prefix('[') {
            let section = section.split(']').next().unwrap_or("").trim();
            in_user = section.eq_ignore_ascii_case("user");
            continue;
        }
        if !in_user {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        if key.trim().eq_ignore_ascii_case("name") {
            found = Some(git_value(value));
        }
    }
    found
}

/// A git configuration value: quotes removed, `\"` and `\\` unescaped, a comment after
/// `#` or `;` outside quotes dropped.
fn git_value(raw: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    let mut chars = raw.trim().chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' => out.extend(chars.next()),
            '#' | ';' if !quoted => break,
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_name_is_read_from_git_configuration_text() {
        let text = "[core]\n\tname = no\n[user]\n\temail = j@x\n\tname = \"Jane \\\"JR\\\" Roe\" # me\n[User]\n  Name = Jane Roe ; later wins\n";
        assert_eq!(user_name_in(text).as_deref(), Some("Jane Roe"));
        assert_eq!(
            user_name_in("[user]\nname = \"A ; B\"\n").as_deref(),
            Some("A ; B")
        );
        assert_eq!(user_name_in("[core]\nname = x\n"), None);
        assert_eq!(git_value("\"Jane \\\"JR\\\" Roe\""), "Jane \"JR\" Roe");
    }
}
