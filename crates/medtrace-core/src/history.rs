//! Commits as the checks see them: the configuration-management evidence (IEC 62304 8.1,
//! 8.2) that the project loader reads from git and hands to the core as plain values.
//!
//! The core never opens a repository. The loader (medtrace-project's `history`) walks
//! the commits and fills [`Commit`]s; the checks of change control (8.2.1) and of
//! problem resolution read them from `Evidence::commits`.

/// One commit, with what the change-control checks need.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Commit {
    /// The full object ID in hex.
    pub id: String,
    /// Committer time, seconds since the Unix epoch (UTC).
    pub time: i64,
    /// Author name.
    pub author: String,
    /// Author e-mail.
    pub email: String,
    /// The first line of the message.
    pub summary: String,
    /// The whole message.
    pub message: String,
    /// Item IDs named by `Refs:` trailers (`Refs: CR-012, PRB-003`), in order.
    pub refs: Vec<String>,
    /// The files this commit changed against its first parent, relative to the project
    /// root, `/`-separated; files outside the project root are left out.
    pub paths: Vec<String>,
}

/// The item IDs named by the `Refs:` trailers of a commit message: the lines of the
/// last paragraph (never the subject) that start with `Refs:` (any case), split at
/// commas and whitespace.
pub fn refs_trailers(message: &str) -> Vec<String> {
    let trimmed = message.trim_end();
    // A message of one paragraph is a subject alone and has no trailers.
    let Some((_, last)) = trimmed.rsplit_once("\n\n") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for line in last.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if !key.trim().eq_ignore_ascii_case("refs") {
            continue;
        }
        for id in value.split([',', ' ', '\t']).filter(|s| !s.is_empty()) {
            out.push(id.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::refs_trailers;

    #[test]
    fn refs_come_from_the_last_paragraph_only() {
        let msg = "Fix the keypad\n\nRefs: CR-009 is mentioned in prose\n\nRefs: CR-012, PRB-003\nSigned-off-by: A <a@b>\n";
        assert_eq!(refs_trailers(msg), ["CR-012", "PRB-003"]);
        assert!(refs_trailers("Refs: CR-1").is_empty());
        assert!(refs_trailers("no trailers\n\nbody").is_empty());
    }
}
