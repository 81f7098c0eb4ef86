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

/// What a generated document or bundle says about the revision it was made from: the
/// same commit gives the same values, so outputs are byte-identical (no wall clock).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildInfo {
    /// The project's name (`[project] name`).
    pub project: String,
    /// The version: the tag at HEAD, else `git describe`'s `TAG-N-gABBREV`, else the
    /// abbreviated commit, with `-dirty` when the work tree differs; `unversioned`
    /// outside git.
    pub version: String,
    /// The full commit ID of HEAD, where there is one.
    pub commit: Option<String>,
    /// Seconds since the Unix epoch: `SOURCE_DATE_EPOCH` when set, else the commit
    /// time of HEAD, else 0.
    pub time: i64,
}

impl BuildInfo {
    /// [`BuildInfo::time`] as `YYYY-MM-DD` (UTC).
    pub fn date(&self) -> String {
        civil_date(self.time.max(0) as u64 / 86_400)
    }
}

/// The proleptic Gregorian date (`YYYY-MM-DD`) of a day count since 1970-01-01.
pub fn civil_date(days: u64) -> String {
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The proleptic Gregorian (year, month, day) of a day count since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`, for days on or after the epoch).
pub fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
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
    use super::{civil_date, refs_trailers};

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(20_778), "2026-11-21");
    }

    #[test]
    fn refs_come_from_the_last_paragraph_only() {
        let msg = "Fix the keypad\n\nRefs: CR-009 is mentioned in prose\n\nRefs: CR-012, PRB-003\nSigned-off-by: A <a@b>\n";
        assert_eq!(refs_trailers(msg), ["CR-012", "PRB-003"]);
        assert!(refs_trailers("Refs: CR-1").is_empty());
        assert!(refs_trailers("no trailers\n\nbody").is_empty());
    }
}
