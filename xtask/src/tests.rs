//! Shape tests for the generator: counts per type, links, coverage, determinism and
//! the on-disk layout.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::model::{Item, ItemRef, Kind, Project, Value, counts};
use crate::render;

fn links<'a>(item: &'a Item, name: &str) -> &'a [ItemRef] {
    item.links
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| t.as_slice())
        .unwrap_or(&[])
}

fn field<'a>(item: &'a Item, name: &str) -> Option<&'a str> {
    item.fields.iter().find_map(|(n, v)| match v {
        Value::Text(t) if *n == name => Some(t.as_str()),
        _ => None,
    })
}

#[test]
fn counts_follow_the_mix() {
    let c = counts(10_000);
    assert_eq!(c, [800, 3500, 800, 300, 400, 500, 3700]);
    for n in [10, 11, 37, 100, 999, 1000, 50_000] {
        let c = counts(n);
        assert_eq!(c.iter().sum::<usize>(), n, "n = {n}");
        assert!(c.iter().all(|&k| k >= 1), "n = {n}: {c:?}");
    }
}

#[test]
fn every_link_resolves_and_the_project_is_clean() {
    for n in [10, 23, 150, 1000] {
        let p = Project::generate(n, 7).expect("generate");
        let c = counts(n);
        for (kind, want) in Kind::ALL.iter().zip(c) {
            assert_eq!(p.of(*kind).len(), want, "n = {n}, {kind:?}");
        }

        // Every target exists and the field/target types are the allowed ones.
        let allowed: HashMap<(Kind, &str), &[Kind]> = HashMap::from([
            ((Kind::Srs, "derived-from"), &[Kind::Sys, Kind::Srs][..]),
            ((Kind::Srs, "allocated-to"), &[Kind::Swi][..]),
            ((Kind::Srs, "implements"), &[Kind::Rcm][..]),
            ((Kind::Swi, "parent"), &[Kind::Swi][..]),
            ((Kind::Swi, "uses"), &[Kind::Soup][..]),
            ((Kind::Haz, "items"), &[Kind::Swi][..]),
            ((Kind::Rcm, "mitigates"), &[Kind::Haz][..]),
            (
                (Kind::Tst, "verifies"),
                &[Kind::Srs, Kind::Rcm, Kind::Swi][..],
            ),
        ]);
        let mut incoming: HashMap<ItemRef, Vec<(&str, Kind)>> = HashMap::new();
        for item in p.all() {
            for (name, targets) in &item.links {
                assert!(!targets.is_empty());
                let ok = allowed
                    .get(&(item.me.kind, *name))
                    .unwrap_or_else(|| panic!("{name} on {:?}", item.me.kind));
                let unique: HashSet<_> = targets.iter().collect();
                assert_eq!(
                    unique.len(),
                    targets.len(),
                    "duplicate link on {}",
                    p.id(item.me)
                );
                for t in targets {
                    assert!(ok.contains(&t.kind), "{name} -> {:?}", t.kind);
                    assert!(t.index < p.of(t.kind).len(), "dangling {}", p.id(*t));
                    assert_ne!(*t, item.me, "self link");
                    incoming.entry(*t).or_default().push((name, item.me.kind));
                }
            }
        }
        let has_in = |r: ItemRef, field: &str| {
            incoming
                .get(&r)
                .is_some_and(|v| v.iter().any(|(f, _)| *f == field))
        };

        for sys in p.of(Kind::Sys) {
            assert!(
                has_in(sys.me, "derived-from"),
                "{} not refined",
                p.id(sys.me)
            );
        }
        for srs in p.of(Kind::Srs) {
            assert!(
                links(srs, "derived-from")
                    .iter()
                    .any(|t| t.kind == Kind::Sys)
            );
            // derived-from SRS only points backwards: no cycles.
            assert!(
                links(srs, "derived-from")
                    .iter()
                    .all(|t| t.kind == Kind::Sys || t.index < srs.me.index)
            );
            assert!(!links(srs, "allocated-to").is_empty());
            assert!(has_in(srs.me, "verifies"), "{} not verified", p.id(srs.me));
        }
        for rcm in p.of(Kind::Rcm) {
            assert!(has_in(rcm.me, "verifies"), "{} not verified", p.id(rcm.me));
            assert!(!links(rcm, "mitigates").is_empty());
            let software = field(rcm, "implementation") == Some("software");
            assert_eq!(has_in(rcm.me, "implements"), software, "{}", p.id(rcm.me));
        }
        for haz in p.of(Kind::Haz) {
            assert!(
                has_in(haz.me, "mitigates"),
                "{} not mitigated",
                p.id(haz.me)
            );
        }
        for soup in p.of(Kind::Soup) {
            assert!(has_in(soup.me, "uses"), "{} unused", p.id(soup.me));
        }
        for swi in p.of(Kind::Swi) {
            assert!(has_in(swi.me, "verifies"), "{} not verified", p.id(swi.me));
            // The parent is always an earlier item: the architecture is a tree.
            let parents = links(swi, "parent");
            assert_eq!(parents.is_empty(), swi.me.index == 0);
            assert!(parents.iter().all(|t| t.index < swi.me.index));
            let level = field(swi, "level").expect("level");
            assert_eq!(level == "system", swi.me.index == 0);
            if level == "unit" {
                assert!(field(swi, "detailed-design").is_some());
            }
        }
        for tst in p.of(Kind::Tst) {
            assert!(!links(tst, "verifies").is_empty());
            let automated = tst.fields.iter().find(|(n, _)| *n == "automated");
            assert!(matches!(automated, Some((_, Value::List(l))) if l.len() == 2));
        }
    }
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let a = render::medtrace(&Project::generate(300, 1).expect("generate"));
    let b = render::medtrace(&Project::generate(300, 1).expect("generate"));
    let c = render::medtrace(&Project::generate(300, 2).expect("generate"));
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn medtrace_files_have_the_record_shape() {
    let p = Project::generate(2500, 62304).expect("generate");
    let files = render::medtrace(&p);
    assert_eq!(files.len(), 2501);
    assert_eq!(files[0].0, "medtrace.toml");
    assert!(files[0].1.contains("name = \"bench-2500\""));

    let mut per_folder: BTreeMap<&str, usize> = BTreeMap::new();
    let mut ids = HashSet::new();
    let mut total = 0;
    for (path, text) in &files[1..] {
        let (folder, name) = path.rsplit_once('/').expect("folder");
        *per_folder.entry(folder).or_default() += 1;
        let id = name.strip_suffix(".md").expect(".md");
        assert!(ids.insert(id.to_string()), "duplicate {id}");
        assert!(
            text.starts_with(&format!("---\nid: {id}\ntitle: ")),
            "{path}"
        );
        assert!(text.contains("\nstatus: approved\n"), "{path}");
        let lines: Vec<&str> = text.lines().collect();
        let close = lines
            .iter()
            .skip(1)
            .position(|l| *l == "---")
            .expect("closed");
        // One closing line, a body of at least one line after it, no tabs.
        assert!(lines.len() > close + 2, "{path}: no body");
        assert_eq!(lines.iter().filter(|l| **l == "---").count(), 2, "{path}");
        assert!(!text.contains('\t') && !text.contains(": #"), "{path}");
        // Front matter values are plain scalars that YAML reads as text: no ": "
        // after the key and no leading indicator.
        for line in &lines[1..=close] {
            if let Some((key, value)) = line.split_once(": ")
                && !key.starts_with(' ')
            {
                assert!(!value.contains(": "), "{path}: {line}");
                assert!(
                    !value.starts_with(['&', '*', '!', '%', '@', '`', '\'', '"', '{']),
                    "{path}: {line}"
                );
            }
        }
        total += text.len();
        // Hazards, with a cause per contributing item, are the longest records.
        assert!(
            (250..=1100).contains(&text.len()),
            "{path}: {} bytes",
            text.len()
        );
    }
    let mean = total / (files.len() - 1);
    assert!((300..=600).contains(&mean), "mean {mean} bytes per file");
    assert!(per_folder.values().all(|&n| n <= render::FILES_PER_FOLDER));
    assert!(per_folder.contains_key("dhf/srs/000") && per_folder.contains_key("dhf/tst/000"));
}

#[test]
fn peer_formats_reference_existing_ids() {
    let p = Project::generate(200, 3).expect("generate");
    let sdoc = render::strictdoc(&p);
    let uids: HashSet<String> = sdoc
        .iter()
        .flat_map(|(_, t)| t.lines())
        .filter_map(|l| l.strip_prefix("UID: ").map(str::to_string))
        .collect();
    assert_eq!(uids.len(), 200);
    for (_, t) in &sdoc {
        for l in t.lines() {
            if let Some(v) = l.strip_prefix("  VALUE: ") {
                assert!(uids.contains(v), "dangling {v}");
            }
        }
    }

    let ds = render::doorstop(&p);
    let names: HashSet<String> = ds
        .iter()
        .filter_map(|(path, _)| path.rsplit_once('/'))
        .filter_map(|(_, n)| n.strip_suffix(".yml"))
        .filter(|n| !n.starts_with('.'))
        .map(str::to_string)
        .collect();
    assert_eq!(names.len(), 200);
    for (_, t) in &ds {
        for l in t.lines() {
            if let Some(v) = l.strip_prefix("- ").filter(|v| !v.starts_with('\'')) {
                assert!(names.contains(v), "dangling {v}");
            }
        }
    }
}

#[test]
fn writes_and_reads_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("p");
    crate::generate(120, &out, crate::Format::Medtrace, 5, false).expect("generate");
    // A hidden folder and an ignored file are not read.
    std::fs::create_dir_all(out.join(".hidden")).expect("mkdir");
    std::fs::write(out.join(".hidden/x.md"), "---\n").expect("write");
    let (files, bytes) = crate::read_tree(&out, 2).expect("read");
    assert_eq!(files, 120);
    let p = Project::generate(120, 5).expect("generate");
    let want: usize = render::medtrace(&p)[1..].iter().map(|(_, c)| c.len()).sum();
    assert_eq!(bytes, want as u64);
    // Refuses to overwrite without --force, replaces with it.
    assert!(crate::generate(120, &out, crate::Format::Medtrace, 5, false).is_err());
    crate::generate(120, &out, crate::Format::Medtrace, 5, true).expect("force");
}
