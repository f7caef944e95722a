//! Where a git finding was introduced: the commit, its author and date, and its message's first
//! line, as reports show them.

use serde::Serialize;

/// Where a git finding was introduced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitInfo {
    pub commit: String,
    pub author: String,
    pub email: String,
    /// RFC 3339.
    pub date: String,
    /// The first line of the commit message.
    pub message: String,
}

/// A git timestamp (seconds since the epoch, and the author's offset from UTC in minutes) as
/// RFC 3339 in the author's own offset: `2024-03-01T14:05:09+01:00` (`Z` for UTC).
pub(crate) fn rfc3339(seconds: i64, offset_minutes: i32) -> String {
    let offset = i64::from(offset_minutes);
    // Saturating: a date git accepts may be near the end of i64.
    let local = seconds.saturating_add(offset * 60);
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let mut s = format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    );
    if offset == 0 {
        s.push('Z');
    } else {
        let sign = if offset < 0 { '-' } else { '+' };
        let a = offset.abs();
        s.push_str(&format!("{sign}{:02}:{:02}", a / 60, a % 60));
    }
    s
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_dates() {
        let cases = [
            (0, 0, "1970-01-01T00:00:00Z"),
            (1_709_301_909, 60, "2024-03-01T15:05:09+01:00"),
            (1_709_301_909, -330, "2024-03-01T08:35:09-05:30"),
            // A leap day and the end of a year.
            (951_782_400, 0, "2000-02-29T00:00:00Z"),
            (1_704_067_199, 0, "2023-12-31T23:59:59Z"),
            // The offset moves the local date back across midnight.
            (1_704_067_200, -60, "2023-12-31T23:00:00-01:00"),
            // Before the epoch.
            (-86_400, 0, "1969-12-31T00:00:00Z"),
        ];
        for (secs, offset, want) in cases {
            assert_eq!(rfc3339(secs, offset), want, "{secs} {offset}");
        }
    }
}
