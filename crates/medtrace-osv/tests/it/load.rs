//! Reading a database folder and an osv.dev-style `all.zip`.

use std::fs;
use std::io::Write;
use std::path::Path;

use medtrace_osv::{Advisory, load_dir, load_zip};
use zip::write::SimpleFileOptions;

use super::corpus_dir;

fn ids(advisories: &[Advisory]) -> Vec<&str> {
    advisories.iter().map(|a| a.id.as_str()).collect()
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    fs::write(path, text).expect("write");
}

#[test]
fn a_folder_is_read_recursively_in_path_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(&root.join("b/B-2.json"), r#"{"id":"B-2","modified":"m"}"#);
    write(&root.join("a/x/A-1.json"), r#"{"id":"A-1","modified":"m"}"#);
    write(&root.join("C-3.json"), r#"{"id":"C-3","modified":"m"}"#);
    write(&root.join("a/notes.md"), "not a record");
    write(
        &root.join(".git/objects/x.json"),
        r#"{"id":"HIDDEN","modified":"m"}"#,
    );
    write(&root.join("a/broken.json"), "{\"id\":\"X\",\n\"modified\":");
    write(&root.join("a/latin1.json"), "");
    fs::write(root.join("a/latin1.json"), b"{\"id\":\"caf\xe9\"}").expect("write");

    let (advisories, problems) = load_dir(root).expect("reads");
    assert_eq!(ids(&advisories), ["C-3", "A-1", "B-2"]);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(problems[0].0, "a/broken.json");
    assert!(
        problems[0].1.starts_with("2:12: not an OSV record: EOF"),
        "{}",
        problems[0].1
    );
    assert_eq!(problems[1].0, "a/latin1.json");
    assert!(
        problems[1].1.ends_with("not UTF-8 text"),
        "{}",
        problems[1].1
    );
}

#[test]
fn a_missing_folder_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let err = load_dir(&dir.path().join("nope")).expect_err("no folder");
    assert!(format!("{err:#}").contains("reading folder"), "{err:#}");
}

/// Every corpus record as an entry named `<ID>.json`, as in osv.dev's `all.zip`, plus a
/// folder entry, a file that is not JSON and a broken record.
fn corpus_zip(path: &Path) -> Vec<String> {
    let mut zip = zip::ZipWriter::new(fs::File::create(path).expect("create"));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let (advisories, _) = load_dir(&corpus_dir()).expect("reads");
    let mut names = Vec::new();
    for file in walk(&corpus_dir()) {
        let text = fs::read_to_string(&file).expect("read");
        let id = file
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        zip.start_file(format!("{id}.json"), options)
            .expect("entry");
        zip.write_all(text.as_bytes()).expect("write");
        names.push(id);
    }
    assert_eq!(names.len(), advisories.len());
    zip.add_directory("extra/", options).expect("dir");
    zip.start_file("extra/README.txt", options).expect("entry");
    zip.write_all(b"not a record").expect("write");
    zip.start_file("ZZZ-broken.json", options).expect("entry");
    zip.write_all(b"{\"id\": \"ZZZ\"}").expect("write");
    zip.finish().expect("finish");
    names.sort();
    names
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn an_all_zip_reads_as_the_folder_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("all.zip");
    let names = corpus_zip(&path);
    let (advisories, problems) = load_zip(&path).expect("reads");
    assert_eq!(ids(&advisories), names);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, "ZZZ-broken.json");
    assert!(
        problems[0].1.contains("missing field `modified`"),
        "{}",
        problems[0].1
    );

    // The same records as read from the folder.
    let (mut from_dir, _) = load_dir(&corpus_dir()).expect("reads");
    from_dir.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(advisories, from_dir);
}

#[test]
fn what_is_not_a_zip_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("all.zip");
    fs::write(&path, "not a zip").expect("write");
    let err = load_zip(&path).expect_err("not a zip");
    assert!(format!("{err:#}").contains("as a zip archive"), "{err:#}");
    assert!(load_zip(&dir.path().join("missing.zip")).is_err());
}

#[test]
fn load_picks_the_reader_by_what_the_path_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("all.zip");
    let names = corpus_zip(&path);
    let (from_zip, _) = medtrace_osv::load(&path).expect("reads");
    assert_eq!(ids(&from_zip), names);
    let (from_dir, problems) = medtrace_osv::load(&corpus_dir()).expect("reads");
    assert!(problems.is_empty());
    assert_eq!(from_dir.len(), names.len());
}

#[test]
fn many_records_keep_path_order() {
    // More files than one worker's share, so several workers read.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut expected = Vec::new();
    for i in 0..700 {
        let id = format!("T-{i:04}");
        write(
            &dir.path().join(format!("{}/{id}.json", i % 7)),
            &format!(r#"{{"id":"{id}","modified":"m"}}"#),
        );
        expected.push((i % 7, id));
    }
    write(&dir.path().join("3/zz-broken.json"), "{");
    expected.sort();
    let (advisories, problems) = load_dir(dir.path()).expect("reads");
    let expected: Vec<&str> = expected.iter().map(|(_, id)| id.as_str()).collect();
    assert_eq!(ids(&advisories), expected);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].0, "3/zz-broken.json");
}
