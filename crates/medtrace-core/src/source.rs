//! Source files and spans: where a finding points.

/// Index of a file in [`Sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// The file.
    pub file: FileId,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: saturate(start),
            end: saturate(end.max(start)),
        }
    }

    /// An empty span at the start of a file.
    pub fn file_start(file: FileId) -> Span {
        Span::new(file, 0, 0)
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// One source file: its path relative to the project root, with `/` separators, and text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path relative to the project root.
    pub path: String,
    /// The text; a file that is not UTF-8 is held as empty text.
    pub text: String,
    /// Byte offsets of line starts, built on the first lookup, so that rendering many
    /// findings in one file stays linear.
    line_starts: std::sync::OnceLock<Vec<u32>>,
}

impl SourceFile {
    /// Line and column of a byte offset (clamped to the text and to a char boundary).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let text = &self.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| saturate(i + 1)))
                .collect()
        });
        let line = starts.partition_point(|&s| s as usize <= offset);
        let line_start = starts[line - 1] as usize;
        LineCol {
            line,
            col: text[line_start..offset].chars().count() + 1,
        }
    }
}

/// All files a run looked at, so spans can be turned into lines and snippets.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

/// A 1-based line and column (columns count characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
}

impl Sources {
    /// Adds a file and returns its id.
    pub fn add(&mut self, path: String, text: String) -> FileId {
        self.files.push(SourceFile {
            path,
            text,
            line_starts: std::sync::OnceLock::new(),
        });
        FileId(saturate(self.files.len() - 1))
    }

    /// The file behind an id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Every file with its id.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(saturate(i)), f))
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Line and column of a byte offset in a file.
    pub fn line_col(&self, file: FileId, offset: u32) -> LineCol {
        self.get(file).line_col(offset as usize)
    }
}

/// Line and column of a byte offset in a text (clamped to the text, and to a char boundary).
pub fn line_col(text: &str, offset: usize) -> LineCol {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    LineCol {
        line: before.bytes().filter(|&b| b == b'\n').count() + 1,
        col: text[line_start..offset].chars().count() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cached_lookup_agrees_with_the_scan() {
        let text = "ab\ncdé\nf\n\nxyz";
        let mut sources = Sources::default();
        let id = sources.add("a".into(), text.into());
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                sources.line_col(id, offset as u32),
                line_col(text, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn line_col_counts_lines_and_chars() {
        let text = "ab\ncdé\nf";
        assert_eq!(line_col(text, 0), LineCol { line: 1, col: 1 });
        assert_eq!(line_col(text, 3), LineCol { line: 2, col: 1 });
        assert_eq!(line_col(text, 7), LineCol { line: 2, col: 4 });
        assert_eq!(line_col(text, 8), LineCol { line: 3, col: 1 });
        assert_eq!(line_col(text, 6), LineCol { line: 2, col: 3 });
        assert_eq!(line_col(text, 99), LineCol { line: 3, col: 2 });
    }
}
