//! Setting top-level front matter fields of an existing record while keeping every other
//! byte: comments, key order, quoting, the body.

use anyhow::{Result, bail};

/// Whether a line starts a top-level entry (a key or a comment at column 0).
fn top_level(line: &str) -> bool {
    !line.is_empty() && !line.starts_with([' ', '\t', '\r', '\n'])
}

/// The key a top-level line starts, if it is `key:`.
fn key_of(line: &str) -> Option<&str> {
    let (key, _) = line.split_once(':')?;
    let key = key.trim_end();
    (!key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    .then_some(key)
}

// implements: SRS-051
/// `text` with each `(key, block)` set: `block` is the whole YAML of the field, its
/// `key:` line first, ending in a newline. A key already present at the top level has its
/// lines (up to the next top-level line) replaced; a new key goes after the last field.
/// Nothing else changes.
pub fn set_fields(text: &str, fields: &[(&str, String)]) -> Result<String> {
    let Some(fm) = medtrace_core::item::front_matter(text) else {
        bail!("the file has no front matter between `---` lines");
    };
    if fm.body_start.is_none() {
        bail!("the front matter is not closed by a `---` line");
    }
    let mut yaml = text[fm.yaml_start..fm.yaml_end].to_string();
    for (key, block) in fields {
        debug_assert!(block.starts_with(&format!("{key}:")) && block.ends_with('\n'));
        let mut offset = 0;
        let mut found: Option<(usize, usize)> = None;
        let lines: Vec<&str> = yaml.split_inclusive('\n').collect();
        for (k, line) in lines.iter().enumerate() {
            if top_level(line) && key_of(line) == Some(key) {
                let len: usize = lines[k..]
                    .iter()
                    .enumerate()
                    .take_while(|(j, l)| *j == 0 || !top_level(l))
                    .map(|(_, l)| l.len())
                    .sum();
                found = Some((offset, offset + len));
                break;
            }
            offset += line.len();
        }
        match found {
            Some((start, end)) => {
                // Keep the line ending the replaced lines had, and any blank lines after.
                let old = &yaml[start..end];
                let trailing = &old[old.trim_end_matches(['\n', '\r', ' ']).len()..];
                let blank_after = trailing.matches('\n').count().saturating_sub(1);
                let mut new = block.clone();
                if old.contains("\r\n") {
                    new = new.replace('\n', "\r\n");
                }
                new.push_str(&"\n".repeat(blank_after));
                yaml.replace_range(start..end, &new);
            }
            None => {
                if !yaml.is_empty() && !yaml.ends_with('\n') {
                    yaml.push('\n');
                }
                // A new field takes the line endings of the front matter it joins.
                if yaml.contains("\r\n") {
                    yaml.push_str(&block.replace('\n', "\r\n"));
                } else {
                    yaml.push_str(block);
                }
            }
        }
    }
    Ok(format!(
        "{}{}{}",
        &text[..fm.yaml_start],
        yaml,
        &text[fm.yaml_end..]
    ))
}

/// Today's date (UTC) as `YYYY-MM-DD`; `SOURCE_DATE_EPOCH` stands in for the clock when
/// set, so scripted runs write the same bytes.
pub fn today() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    medtrace_core::history::civil_date(seconds / 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_present_key_is_replaced_and_a_new_one_appended_keeping_every_other_byte() {
        let text = "---\nid: SWI-1\n# the class, argued below\nclass: B\ntitle: Engine  # keep\nclassification:\n  hazardous: no\n  date: 2020-01-01\nlevel: system\n---\nBody **text**\n";
        let out = set_fields(
            text,
            &[
                ("class", "class: C\n".to_string()),
                (
                    "classification",
                    "classification:\n  hazardous: yes\n".to_string(),
                ),
                ("class-rationale", "class-rationale: r\n".to_string()),
            ],
        )
        .expect("set");
        assert_eq!(
            out,
            "---\nid: SWI-1\n# the class, argued below\nclass: C\ntitle: Engine  # keep\nclassification:\n  hazardous: yes\nlevel: system\nclass-rationale: r\n---\nBody **text**\n"
        );
    }

    #[test]
    fn a_new_key_takes_the_line_endings_of_the_front_matter() {
        let text = "---\r\nid: TST-1\r\n---\r\nBody\r\n";
        let out =
            set_fields(text, &[("reviewed", "reviewed:\n  by: A\n".to_string())]).expect("set");
        assert_eq!(
            out,
            "---\r\nid: TST-1\r\nreviewed:\r\n  by: A\r\n---\r\nBody\r\n"
        );
    }

    #[test]
    fn without_closed_front_matter_nothing_is_written() {
        assert!(set_fields("no front matter\n", &[("a", "a: 1\n".into())]).is_err());
        assert!(set_fields("---\nid: X-1\n", &[("a", "a: 1\n".into())]).is_err());
    }
}
