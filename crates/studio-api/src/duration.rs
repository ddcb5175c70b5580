//! Durations as people read them (`850ms`, `4.2s`, `3m 05s`, `1h 02m`), for error texts, and
//! deadlines that cannot overflow.

use std::time::Duration;

/// `412337ms` -> `6m 52s`; `1.5s` -> `1.5s`; `2h 3m`.
pub fn format(d: Duration) -> String {
    let total = d.as_secs();
    if total < 10 {
        let ms = d.as_millis();
        if ms < 1000 {
            return format!("{ms}ms");
        }
        return format!("{:.1}s", d.as_secs_f64());
    }
    let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60);
    match (h, m) {
        (0, 0) => format!("{s}s"),
        (0, _) => format!("{m}m {s:02}s"),
        _ => format!("{h}h {m:02}m"),
    }
}

/// The longest wait anything here plans for: 30 days.
pub const MAX: Duration = Duration::from_secs(30 * 24 * 3600);

/// `start + d`, or a far-off instant when that cannot be represented: for deadlines, where
/// "never" is the right reading of an overflow.
pub fn deadline(start: std::time::Instant, d: Duration) -> std::time::Instant {
    start
        .checked_add(d)
        .or_else(|| start.checked_add(MAX))
        .unwrap_or(start)
}
