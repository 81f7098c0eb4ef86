//! Cutting a long document into volumes.
//!
//! typst holds a whole document in memory while it lays it out, about 2–3 MB per page of
//! dense tables, so a 50,000-item project's verification report (some 6,000 pages) would
//! need more memory than most machines have. A body longer than a volume's share is cut
//! where [`Source`] allows — before a chapter or section heading, or between two rows of
//! a table — into volumes that each carry the document's title page, revision history,
//! approval block and contents. A volume that starts inside a chapter says so, keeps the
//! chapter's heading numbers, and reopens a table it starts in with its header row.

use crate::markup::{Cut, Source, text};

/// The body source one volume holds at most, where the body allows a cut there: about
/// 450 pages of the verification report, which typst lays out in about 1.3 GB.
pub const VOLUME_BYTES: usize = 1_500_000;

/// The bodies of the volumes of `src`, each at most `max` bytes of the original where a
/// cut allows it; one body, the source unchanged, when it fits in one volume.
pub fn split(src: &Source, max: usize) -> Vec<String> {
    let out = &src.out;
    let mut bodies = Vec::new();
    let mut start = 0;
    let mut prefix = String::new();
    // The heading numbers at `counted`, as typst's heading counter has them there.
    let mut numbers: Vec<u64> = Vec::new();
    let mut counted = 0;
    let mut next = 0;
    loop {
        while next < src.cuts.len() && src.cuts[next].at <= start {
            next += 1;
        }
        let fitting = src.cuts[next..]
            .iter()
            .take_while(|c| c.at - start <= max)
            .count();
        let chosen = if out.len() - start <= max {
            None
        } else if fitting > 0 {
            Some(next + fitting - 1)
        } else {
            // A block longer than a volume: the volume runs to the first cut after it.
            (next < src.cuts.len()).then_some(next)
        };
        let Some(k) = chosen else {
            bodies.push(prefix + &out[start..]);
            return bodies;
        };
        let cut = src.cuts[k];
        let mut body = std::mem::take(&mut prefix);
        body.push_str(&out[start..cut.at]);
        if cut.reopen.is_some() {
            body.push_str(")\n\n");
        }
        bodies.push(body);
        step_headings(&mut numbers, &out[counted..cut.at]);
        counted = cut.at;
        prefix = continuation(src, cut, &numbers);
        start = cut.at;
        next = k + 1;
    }
}

/// What a volume starting at `cut` begins with: the heading numbers reached so far, a
/// note naming the chapter it continues, and the header of the table it reopens.
fn continuation(src: &Source, cut: Cut, numbers: &[u64]) -> String {
    let mut prefix = String::new();
    if !numbers.is_empty() {
        let list: Vec<String> = numbers.iter().map(u64::to_string).collect();
        prefix.push_str(&format!(
            "#counter(heading).update(({},))\n",
            list.join(", ")
        ));
    }
    if let Some(title) = cut.chapter.and_then(|c| src.chapters.get(c)) {
        let number = numbers.first().copied().unwrap_or(0);
        prefix.push_str(&format!(
            "#text(style: \"italic\")[{} #{title}{}]\n\n",
            text(&format!("This volume continues chapter {number},")),
            text(", from the previous volume.")
        ));
    }
    if let Some(opener) = cut.reopen.and_then(|t| src.openers.get(t)) {
        prefix.push_str(opener);
    }
    prefix
}

/// Steps `numbers` as typst's heading counter steps for each numbered heading of
/// `source`. Headings reach the source only as `\n#heading(level: N` (generated or from a
/// record's Markdown), and user text only inside string literals, where a line break is
/// escaped; an unnumbered heading continues with `, numbering: none`.
fn step_headings(numbers: &mut Vec<u64>, source: &str) {
    const START: &str = "\n#heading(level: ";
    let mut rest = source;
    while let Some(found) = rest.find(START) {
        rest = &rest[found + START.len()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let Ok(level) = rest[..digits].parse::<usize>() else {
            continue;
        };
        if level == 0 || rest[digits..].starts_with(", numbering: none") {
            continue;
        }
        if numbers.len() < level {
            numbers.resize(level, 0);
        }
        numbers[level - 1] += 1;
        numbers.truncate(level);
    }
}

#[cfg(test)]
mod tests {
    use super::{split, step_headings};
    use crate::markup::{Source, content};

    fn source() -> Source {
        let mut src = Source::default();
        src.heading(1, "Summary");
        src.para("Short.");
        src.heading(1, "Tests");
        let rows: Vec<Vec<String>> = (0..40)
            .map(|k| vec![content(&format!("TST-{k:03}")), content("A test")])
            .collect();
        src.table("(auto, 1fr)", &["ID", "Title"], &rows);
        src.heading(1, "Procedures");
        for k in 0..10 {
            src.heading(2, &format!("TST-{k:03}"));
            src.raw("\n#heading(level: 3)[#\"Steps\";]\n\n");
            src.raw("\n#heading(level: 3, numbering: none, outlined: false)[#\"x\";]\n\n");
            src.para("Step one.");
        }
        src
    }

    #[test]
    fn a_body_that_fits_is_one_volume_unchanged() {
        let src = source();
        assert_eq!(split(&src, src.out.len()), vec![src.out.clone()]);
    }

    #[test]
    fn volumes_hold_the_whole_body_and_reopen_what_they_cut() {
        let src = source();
        let volumes = split(&src, 600);
        assert!(volumes.len() > 3, "{}", volumes.len());
        // Every row and heading is in exactly one volume, in order.
        let all = volumes.concat();
        for k in 0..40 {
            assert_eq!(
                all.matches(&format!("\"TST-{k:03}\"")).count(),
                1 + usize::from(k < 10)
            );
        }
        let mut numbers = Vec::new();
        for (v, body) in volumes.iter().enumerate() {
            // Tables are balanced: each opened table is closed in the same volume.
            let opened = body.matches("#records-table(").count();
            let closed = body.matches("\n)\n\n").count();
            assert_eq!(opened, closed, "volume {v}:\n{body}");
            if v > 0 {
                // A continuation starts where the numbering left off.
                let expected: Vec<String> = numbers.iter().map(u64::to_string).collect();
                assert!(
                    body.starts_with(&format!(
                        "#counter(heading).update(({},))",
                        expected.join(", ")
                    )),
                    "volume {v}:\n{body}"
                );
            }
            step_headings(&mut numbers, body);
        }
        let in_table = volumes
            .iter()
            .find(|b| b.contains("#counter(heading).update((2,))"))
            .expect("a volume starts inside the table of chapter 2");
        assert!(in_table.contains("This volume continues chapter 2,\"; #[#\"Tests\";]"));
        assert!(in_table.contains("header: ([#\"ID\";], [#\"Title\";], ),"));
    }

    #[test]
    fn headings_step_like_typst_counter() {
        let mut numbers = Vec::new();
        step_headings(
            &mut numbers,
            "\n#heading(level: 2, [x])\n#heading(level: 1, numbering: none)[x]\n#heading(level: 1)[y]\n#heading(level: 3)[z]",
        );
        assert_eq!(numbers, vec![1, 0, 1]);
    }
}
