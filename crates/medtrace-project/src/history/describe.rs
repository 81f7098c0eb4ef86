//! The version of HEAD from the project's tags, as `git describe --tags --match 'PREFIX*'`
//! prints it, with the tag prefix (`[release] tag-prefix`) taken off the name.

use super::{ProjectRepo, trees};
use anyhow::Result;
use gix::ObjectId;
use gix::bstr::{BStr, ByteSlice};
use gix::revision::plumbing::describe;
use std::borrow::Cow;

/// The project's tags: each tag whose name starts with `prefix` (every tag when `None`)
/// and that marks a commit, as the commit it marks, its name without the prefix, whether
/// it is annotated and the tagger time of an annotated tag.
fn project_tags(pr: &ProjectRepo, prefix: Option<&str>) -> Result<Vec<TagName>> {
    let prefix = prefix.unwrap_or_default();
    let mut out = Vec::new();
    for mut reference in pr.repo.references()?.tags()?.flatten() {
        let full = reference.name().shorten().to_str_lossy().into_owned();
        let Some(stripped) = full.strip_prefix(prefix) else {
            continue;
        };
        let stripped = stripped.to_string();
        let target = reference.target().try_id().map(ToOwned::to_owned);
        let Ok(commit) = reference.peel_to_commit() else {
            continue;
        };
        // An annotated tag points at a tag object, not at the commit itself.
        let tagger_time = match target {
            Some(target) if target != commit.id => pr
                .repo
                .find_object(target)
                .ok()
                .and_then(|o| o.try_into_tag().ok())
                .and_then(|tag| tag.tagger().ok().flatten().map(|s| s.seconds()))
                .map(Some)
                .unwrap_or(Some(0)),
            _ => None,
        };
        out.push(TagName {
            commit: commit.id,
            name: stripped,
            tagger_time,
        });
    }
    Ok(out)
}

/// A tag of the project, named without the prefix.
struct TagName {
    commit: ObjectId,
    name: String,
    /// `Some` for an annotated tag (its tagger time, 0 when unreadable).
    tagger_time: Option<i64>,
}

/// The version of HEAD: the project's tag at HEAD, else `TAG-N-gABBREV` from the nearest
/// project tag among its ancestors, else the abbreviated commit; `-dirty` when a tracked
/// file under the project root differs from HEAD. Also HEAD and its committer time.
pub(super) fn describe_head(
    pr: &ProjectRepo,
    prefix: Option<&str>,
) -> Result<(String, ObjectId, i64)> {
    let head = pr.repo.head_commit()?;
    let time = head.time()?.seconds;
    let mut tags = project_tags(pr, prefix)?;
    // As git and gix choose among tags on one commit: annotated before lightweight, then
    // the newest tagger time, then the name that sorts first; the last one inserted wins.
    tags.sort_by(|a, b| {
        (a.tagger_time.is_some(), a.tagger_time)
            .cmp(&(b.tagger_time.is_some(), b.tagger_time))
            .then_with(|| b.name.cmp(&a.name))
    });
    let name_by_oid: gix::hashtable::HashMap<ObjectId, Cow<'_, BStr>> = tags
        .into_iter()
        .map(|t| (t.commit, Cow::Owned(t.name.into())))
        .collect();
    let cache = pr.repo.commit_graph_if_enabled()?;
    let mut graph = pr.repo.revision_graph(cache.as_ref());
    let outcome = gix::revision::plumbing::describe(
        &head.id,
        &mut graph,
        describe::Options {
            name_by_oid,
            fallback_to_oid: true,
            ..Default::default()
        },
    )?;
    let abbrev = head.id().shorten_or_id();
    let mut version = match outcome {
        Some(outcome) => outcome.into_format(abbrev.hex_len()).to_string(),
        None => abbrev.to_string(),
    };
    let tree = trees::project_tree(pr, head.tree_id()?.detach())?;
    if !trees::worktree_changes(pr, tree)?.is_empty() {
        version.push_str("-dirty");
    }
    Ok((version, head.id, time))
}
