//! Scratch repositories built with the `git` program (the product code never runs it).

use super::*;
use std::process::Command;

/// Runs git in `dir` with a fixed identity and dates, failing the test when git fails.
fn git(dir: &Path, args: &[&str], time: i64) -> String {
    let date = format!("@{time} +0000");
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Ada Lovelace",
            "-c",
            "user.email=ada@example.org",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "tag.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn commit(dir: &Path, message: &str, time: i64) -> String {
    git(dir, &["add", "-A"], time);
    git(dir, &["commit", "-q", "-m", message], time);
    git(dir, &["rev-parse", "HEAD"], time)
}

/// A repository whose project lives in `proj/`:
/// 1. SRS-001 and README (outside the project), tagged v1.0
/// 2. SRS-001 changed, SRS-002 added, with `Refs: CR-001`
/// 3. on a branch: SRS-002 changed; on main: README changed; merged
fn scratch() -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    git(p, &["init", "-q"], 0);
    write(p, "proj/medtrace.toml", "[project]\nname = \"x\"\n");
    write(p, "proj/reqs/SRS-001.md", "one\n");
    write(p, "README.md", "readme\n");
    let c1 = commit(p, "First records", 1_000_000);
    git(p, &["tag", "v1.0"], 1_000_000);
    write(p, "proj/reqs/SRS-001.md", "one, changed\n");
    write(p, "proj/reqs/SRS-002.md", "two\n");
    let c2 = commit(p, "Keypad lock\n\nWhy.\n\nRefs: CR-001", 1_000_100);
    git(p, &["checkout", "-q", "-b", "side"], 0);
    write(p, "proj/reqs/SRS-002.md", "two, on a branch\n");
    let c3 = commit(p, "Branch work", 1_000_200);
    git(p, &["checkout", "-q", "main"], 0);
    write(p, "README.md", "readme 2\n");
    let c4 = commit(p, "Readme", 1_000_300);
    git(p, &["merge", "-q", "--no-edit", "side"], 1_000_400);
    let c5 = git(p, &["rev-parse", "HEAD"], 0);
    (dir, vec![c1, c2, c3, c4, c5])
}

#[test]
fn versions_come_from_tags_and_dirty_means_tracked_changes() {
    let outside = tempfile::tempdir().expect("tmp");
    let info = build_info(outside.path(), "x");
    assert_eq!(info.version, "unversioned");
    assert_eq!(info.commit, None);

    let (dir, ids) = scratch();
    let root = dir.path().join("proj");
    let info = build_info(&root, "x");
    assert_eq!(info.project, "x");
    assert_eq!(info.version, format!("v1.0-4-g{}", &ids[4][..7]));
    assert_eq!(info.commit.as_deref(), Some(ids[4].as_str()));
    if std::env::var_os("SOURCE_DATE_EPOCH").is_none() {
        assert_eq!(info.time, 1_000_400);
        assert_eq!(info.date(), "1970-01-12");
    }

    git(dir.path(), &["tag", "v1.1"], 0);
    assert_eq!(build_info(&root, "x").version, "v1.1");
    // Untracked files and changes outside the project root leave it clean.
    write(dir.path(), "proj/notes.txt", "scratch\n");
    write(dir.path(), "README.md", "edited\n");
    assert_eq!(build_info(&root, "x").version, "v1.1");
    write(dir.path(), "proj/reqs/SRS-001.md", "edited\n");
    assert_eq!(build_info(&root, "x").version, "v1.1-dirty");
    std::fs::remove_file(root.join("reqs/SRS-001.md")).expect("rm");
    assert_eq!(build_info(&root, "x").version, "v1.1-dirty");
}

#[test]
fn record_history_credits_each_change_to_its_commit() {
    let (dir, ids) = scratch();
    let root = dir.path().join("proj");
    let paths = [
        "reqs/SRS-001.md".to_string(),
        "reqs/SRS-002.md".to_string(),
        "reqs/SRS-404.md".to_string(),
    ];
    let history = record_history(&root, &paths);
    let ids_of =
        |path: &str| -> Vec<String> { history[path].iter().map(|c| c.id.clone()).collect() };
    assert_eq!(ids_of("reqs/SRS-001.md"), [ids[1].clone(), ids[0].clone()]);
    // The branch commit, not the merge, changed SRS-002.
    assert_eq!(ids_of("reqs/SRS-002.md"), [ids[2].clone(), ids[1].clone()]);
    assert!(history["reqs/SRS-404.md"].is_empty());
    let latest = &history["reqs/SRS-001.md"][0];
    assert_eq!(latest.author, "Ada Lovelace");
    assert_eq!(latest.email, "ada@example.org");
    assert_eq!(latest.summary, "Keypad lock");
    assert_eq!(latest.time, 1_000_100);
    assert_eq!(latest.refs, ["CR-001"]);

    let outside = tempfile::tempdir().expect("tmp");
    let none = record_history(outside.path(), &paths[..1]);
    assert!(none["reqs/SRS-001.md"].is_empty());
}

#[test]
fn commits_since_a_tag_oldest_first_with_project_paths() {
    let (dir, ids) = scratch();
    let root = dir.path().join("proj");
    let all = commits(&root, None).expect("commits");
    assert_eq!(all.len(), 5);
    assert_eq!(all[0].id, ids[0]);
    assert_eq!(all[0].paths, ["medtrace.toml", "reqs/SRS-001.md"]);

    let since = commits(&root, Some("v1.0")).expect("commits");
    let got: Vec<&str> = since.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(got, [&ids[1], &ids[2], &ids[3], &ids[4]]);
    assert_eq!(since[0].paths, ["reqs/SRS-001.md", "reqs/SRS-002.md"]);
    assert_eq!(since[0].refs, ["CR-001"]);
    assert_eq!(
        since[0].message.trim_end(),
        "Keypad lock\n\nWhy.\n\nRefs: CR-001"
    );
    // README is outside the project root.
    assert!(since[2].paths.is_empty());
    // The merge carries what its branch brought, against the first parent.
    assert_eq!(since[3].paths, ["reqs/SRS-002.md"]);

    let short = &ids[3][..10];
    assert_eq!(commits(&root, Some(short)).expect("a hash").len(), 2);
    assert!(commits(&root, Some("HEAD")).expect("head").is_empty());
    let err = commits(&root, Some("v9.9")).expect_err("unknown");
    assert!(err.to_string().contains("unknown revision `v9.9`"), "{err}");
    let outside = tempfile::tempdir().expect("tmp");
    assert!(commits(outside.path(), None).is_err());
}

#[test]
fn tags_are_baselines_with_commit_and_time() {
    let (dir, ids) = scratch();
    git(
        dir.path(),
        &["tag", "-a", "-m", "second", "v2.0", &ids[3]],
        2_000_000,
    );
    let got = tags(&dir.path().join("proj"));
    assert_eq!(
        got,
        [
            ("v1.0".to_string(), ids[0].clone(), 1_000_000),
            ("v2.0".to_string(), ids[3].clone(), 1_000_300),
        ]
    );
    assert!(tags(tempfile::tempdir().expect("tmp").path()).is_empty());
}

#[test]
fn changes_since_a_commit_include_untracked_files() {
    let (dir, ids) = scratch();
    let root = dir.path().join("proj");
    write(dir.path(), "proj/new.md", "new\n");
    write(dir.path(), "proj/.gitignore", "ignored.txt\n");
    write(dir.path(), "proj/ignored.txt", "x\n");
    let pr = open(&root).expect("repo");
    let files = changed_since_commit(&pr, &root, resolve_commit(&pr, "v1.0").expect("v1.0"))
        .expect("changes");
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    assert_eq!(
        files,
        [".gitignore", "new.md", "reqs/SRS-001.md", "reqs/SRS-002.md"]
    );
    let head = resolve_commit(&pr, &ids[4]).expect("head");
    let files = changed_since_commit(&pr, &root, head).expect("changes");
    assert_eq!(files.len(), 2);
}

/// Copies a folder tree (the bundled example) into a scratch repository.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

#[test]
fn a_revision_loads_as_its_checkout_does() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/infusion-pump");
    copy_tree(&example.join("dhf"), &p.join("pump/dhf"));
    std::fs::copy(example.join("medtrace.toml"), p.join("pump/medtrace.toml")).expect("copy");
    git(p, &["init", "-q"], 0);
    let first = commit(p, "Example", 1_000_000);
    let root = p.join("pump");
    let now = crate::load(&root).expect("load");
    let then = load_at(&root, &first).expect("load at");
    let summary = |a: &medtrace_core::Analysis| -> Vec<(String, String, String)> {
        a.items
            .iter()
            .map(|i| {
                let source = a.sources.get(i.file);
                (i.id.clone(), source.path.clone(), source.text.clone())
            })
            .collect()
    };
    assert!(now.items.len() > 50);
    assert_eq!(summary(&then), summary(&now));

    let srs = "dhf/software-requirements/SRS-001.md";
    let original = std::fs::read(root.join(srs)).expect("read");
    std::fs::write(root.join(srs), "changed").expect("write");
    assert_eq!(
        read_at(&root, "HEAD", srs).expect("read at"),
        Some(original)
    );
    assert_eq!(read_at(&root, "HEAD", "nope.md").expect("read at"), None);
    let changed: Vec<String> = changed_since(&root, "HEAD")
        .expect("changes")
        .into_iter()
        .collect();
    assert_eq!(changed, [srs]);
    assert_eq!(resolve(&root, "HEAD").expect("resolves"), first);
    assert!(load_at(&root, "v404").is_err());
    assert!(load_at(&p.join("elsewhere"), "HEAD").is_err());
}

/// A configuration named `app` whose tags start with `prefix`.
fn config_with_prefix(prefix: Option<&str>) -> medtrace_core::Config {
    let mut config = medtrace_core::Config {
        name: "app".to_string(),
        ..Default::default()
    };
    config.release.tag_prefix = prefix.map(str::to_string);
    config
}

#[test]
fn a_tag_prefix_keeps_each_project_to_its_own_tags() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    git(p, &["init", "-q"], 0);
    write(p, "app/medtrace.toml", "[project]\nname = \"app\"\n");
    commit(p, "First", 1_000_000);
    git(
        p,
        &["tag", "-a", "-m", "Release 1.0.0", "app/1.0.0"],
        1_000_000,
    );
    write(p, "app/notes.md", "notes\n");
    let second = commit(p, "Second", 1_000_100);
    // Another project's tag and a plain tag are nearer to HEAD.
    git(p, &["tag", "other/9.9.9"], 1_000_100);
    write(p, "other.md", "other\n");
    let third = commit(p, "Third", 1_000_200);
    git(p, &["tag", "v5"], 1_000_200);
    let root = p.join("app");
    let app = config_with_prefix(Some("app/"));

    assert_eq!(
        build_info_for(&root, &app).version,
        format!("1.0.0-2-g{}", &third[..7])
    );
    assert_eq!(
        build_info_for(&root, &config_with_prefix(None)).version,
        "v5"
    );
    assert_eq!(build_info(&root, "app").version, "v5");
    // At the tag, and one commit after it.
    git(p, &["checkout", "-q", "app/1.0.0"], 0);
    let info = build_info_for(&root, &app);
    assert_eq!(
        (info.project.as_str(), info.version.as_str()),
        ("app", "1.0.0")
    );
    git(p, &["checkout", "-q", &second], 0);
    assert_eq!(
        build_info_for(&root, &app).version,
        format!("1.0.0-1-g{}", &second[..7])
    );
    assert_eq!(build_info(&root, "app").version, "other/9.9.9");
    // No tag of the project: the abbreviated commit.
    let none = config_with_prefix(Some("pump/"));
    assert_eq!(build_info_for(&root, &none).version, &second[..7]);

    let names = |prefix| -> Vec<String> {
        tags_with_prefix(&root, prefix)
            .into_iter()
            .map(|t| t.0)
            .collect()
    };
    assert_eq!(names(Some("app/")), ["app/1.0.0"]);
    assert_eq!(names(None), ["app/1.0.0", "other/9.9.9", "v5"]);
    assert!(names(Some("pump/")).is_empty());
}
