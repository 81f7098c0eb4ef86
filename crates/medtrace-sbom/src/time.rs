//! Dates without a clock: formatting a Unix time the caller supplies, and reading the dates
//! SOUP records hold.

use medtrace_core::history::civil_from_days;

/// Formats seconds since the Unix epoch (as in `SOURCE_DATE_EPOCH`) as ISO 8601 UTC,
/// `YYYY-MM-DDThh:mm:ssZ`, the form both CycloneDX and SPDX accept.
pub fn iso8601_utc(epoch_seconds: u64) -> String {
    let days = epoch_seconds / 86_400;
    let secs = epoch_seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// A SOUP record's date as SPDX's `YYYY-MM-DDThh:mm:ssZ`: a date alone is taken as its
/// first second (UTC). `None` for anything else, which is then only written as text.
pub(crate) fn spdx_date(text: &str) -> Option<String> {
    let text = text.trim();
    let (date, rest) = text.split_at_checked(10)?;
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let shape = digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10);
    if !shape {
        return None;
    }
    let month: u32 = date[5..7].parse().ok()?;
    let day: u32 = date[8..10].parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    if rest.is_empty() {
        return Some(format!("{date}T00:00:00Z"));
    }
    let t = rest.as_bytes();
    let time = t.len() == 10
        && t[0] == b'T'
        && t[3] == b':'
        && t[6] == b':'
        && t[9] == b'Z'
        && [1, 2, 4, 5, 7, 8].iter().all(|&i| t[i].is_ascii_digit());
    time.then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::{iso8601_utc, spdx_date};

    #[test]
    fn epoch_seconds_format_as_utc() {
        assert_eq!(iso8601_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601_utc(1_709_251_199), "2024-02-29T23:59:59Z");
        assert_eq!(iso8601_utc(4_102_444_800), "2100-01-01T00:00:00Z");
    }

    #[test]
    fn record_dates_become_spdx_dates() {
        assert_eq!(
            spdx_date("2027-12-31").as_deref(),
            Some("2027-12-31T00:00:00Z")
        );
        assert_eq!(
            spdx_date("2027-12-31T08:30:00Z").as_deref(),
            Some("2027-12-31T08:30:00Z")
        );
        for text in [
            "",
            "unknown",
            "2027-13-01",
            "2027-12",
            "2027-12-31 08:30",
            "2027-1x-01",
        ] {
            assert_eq!(spdx_date(text), None, "{text}");
        }
    }
}
