//! Humane durations (`90s`, `5m`, `1h30m`) for flags, and their compact display (`6m 52s`).

use std::time::Duration;

/// Parses a duration flag. A bare number is refused rather than guessed at: `--timeout 90`
/// could mean seconds or minutes, and guessing wrong fails silently much later.
pub fn parse(input: &str) -> Result<Duration, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err("empty duration; use a number with a unit, like 90s, 5m or 1h".into());
    }
    if s.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(format!(
            "'{s}' has no unit; write {s}s for seconds or {s}m for minutes"
        ));
    }
    let d = humantime::parse_duration(s).map_err(|_| {
        format!("'{s}' is not a duration; use forms like 90s, 5m, 1h30m (at most {MAX_TEXT})")
    })?;
    if d > MAX {
        return Err(format!(
            "'{s}' is too long: a duration may be at most {MAX_TEXT}"
        ));
    }
    Ok(d)
}

/// The longest duration any flag takes. Far beyond any real wait, and small enough that
/// `Instant::now() + d` and every sum of such durations stay far from overflowing (a larger
/// `--timeout` used to panic).
pub use studio_api::duration::MAX;
const MAX_TEXT: &str = "30 days (30d)";

pub use studio_api::duration::deadline;

/// Like [`parse`], for flags where zero makes no sense (timeouts, intervals).
pub fn parse_positive(input: &str) -> Result<Duration, String> {
    let d = parse(input)?;
    if d.is_zero() {
        return Err(format!(
            "'{}' must be longer than zero (and at most {MAX_TEXT})",
            input.trim()
        ));
    }
    Ok(d)
}

/// Durations as people read them: the API crate's wording, so errors and output agree.
pub use studio_api::duration::format;

/// How long ago `then` was, relative to `now`, in the one largest unit: `3h ago`.
pub fn ago(then: std::time::SystemTime, now: std::time::SystemTime) -> String {
    let secs = match now.duration_since(then) {
        Ok(d) => d.as_secs(),
        Err(_) => return "just now".into(),
    };
    let (n, unit) = match secs {
        0..=59 => return "just now".into(),
        60..=3599 => (secs / 60, "m"),
        3600..=86_399 => (secs / 3600, "h"),
        86_400..=2_591_999 => (secs / 86_400, "d"),
        2_592_000..=31_535_999 => (secs / 2_592_000, "mo"),
        _ => (secs / 31_536_000, "y"),
    };
    format!("{n}{unit} ago")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    #[test]
    fn parses_humane_forms() {
        assert_eq!(parse("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse(" 250ms "), Ok(Duration::from_millis(250)));
        assert_eq!(parse("0s"), Ok(Duration::ZERO));
    }

    #[test]
    fn refuses_bare_numbers_and_nonsense() {
        assert_eq!(
            parse("90").unwrap_err(),
            "'90' has no unit; write 90s for seconds or 90m for minutes"
        );
        assert!(
            parse("soon")
                .unwrap_err()
                .starts_with("'soon' is not a duration")
        );
        assert!(parse("").is_err());
        assert!(parse("-5s").is_err());
        assert_eq!(
            parse_positive("0s").unwrap_err(),
            "'0s' must be longer than zero (and at most 30 days (30d))"
        );
    }

    /// `--timeout 10000000000000000000s deploy wait` panicked (exit 101) adding it to an Instant.
    #[test]
    fn absurd_durations_are_refused_naming_the_limit() {
        assert_eq!(
            parse("10000000000000000000s").unwrap_err(),
            "'10000000000000000000s' is too long: a duration may be at most 30 days (30d)"
        );
        assert_eq!(
            parse("99999999999999999999999s").unwrap_err(),
            "'99999999999999999999999s' is not a duration; use forms like 90s, 5m, 1h30m (at most 30 days (30d))"
        );
        assert!(parse("1e19s").is_err());
        assert_eq!(parse("30d"), Ok(MAX));
        assert!(parse("31d").is_err());
        let now = std::time::Instant::now();
        assert!(deadline(now, Duration::MAX) > now);
    }

    #[test]
    fn formats_compactly() {
        assert_eq!(format(Duration::from_millis(412_337)), "6m 52s");
        assert_eq!(format(Duration::from_millis(1500)), "1.5s");
        assert_eq!(format(Duration::from_millis(40)), "40ms");
        assert_eq!(format(Duration::from_secs(42)), "42s");
        assert_eq!(format(Duration::from_secs(7380)), "2h 03m");
    }

    #[test]
    fn relative_times() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        let ago_by = |s| super::ago(now - Duration::from_secs(s), now);
        assert_eq!(ago_by(5), "just now");
        assert_eq!(ago_by(3 * 3600 + 5), "3h ago");
        assert_eq!(ago_by(125), "2m ago");
        assert_eq!(ago_by(2 * 86_400), "2d ago");
        assert_eq!(ago_by(400 * 86_400), "1y ago");
        assert_eq!(super::ago(now + Duration::from_secs(60), now), "just now");
    }
}
