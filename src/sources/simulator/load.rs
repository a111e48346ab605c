//! Traffic on the web tier: a daily curve peaking mid-afternoon UTC, quieter weekends, small
//! seeded jitter, and scripted surges.

use chrono::{DateTime, Datelike, Duration, Timelike, Utc, Weekday};

/// Peak of an ordinary weekday (req/s), as measured before the phase.
pub const WEEKDAY_PEAK: f64 = 2_150.0;
const NIGHT_TROUGH: f64 = 650.0;
const PEAK_HOUR: f64 = 14.5;
/// The spike the SLA must hold through: about 1.8 × an ordinary peak, whatever the hour.
pub const SURGE_RPS: f64 = 4_000.0;
const SURGE_FACTOR: f64 = 1.8;
const SURGE_RAMP_SECONDS: f64 = 60.0;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    pub name: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// The default delay of the first surge: soon enough that there is something to act on at once.
pub const SURGE_AFTER: Duration = Duration::minutes(3);

/// Scripted incidents: one `surge_after` the console starts, and one in each of several
/// previous days at 10:00 UTC for the week-over-week views.
pub fn incidents(start: DateTime<Utc>, surge_after: Duration, history_days: i64) -> Vec<Incident> {
    let surge = |at: DateTime<Utc>| Incident {
        name: "traffic surge (×1.8 of peak, 4,000 req/s)".into(),
        start: at,
        end: at + Duration::minutes(20),
    };
    let mut list = vec![surge(start + surge_after)];
    let first_day = start.date_naive();
    for days_ago in [1, 3, 6].into_iter().filter(|d| *d <= history_days) {
        let day = first_day - Duration::days(days_ago);
        if let Some(at) = day.and_hms_opt(10, 0, 0) {
            list.push(surge(at.and_utc()));
        }
    }
    list
}

/// Baseline requests per second at `t`, before jitter and incidents.
pub fn baseline(t: DateTime<Utc>) -> f64 {
    let hour = f64::from(t.hour()) + f64::from(t.minute()) / 60.0 + f64::from(t.second()) / 3600.0;
    let phase = (hour - PEAK_HOUR) / 24.0 * std::f64::consts::TAU;
    let daily = (1.0 + phase.cos()) / 2.0;
    let weekly = match t.weekday() {
        Weekday::Sat | Weekday::Sun => 0.72,
        _ => 1.0,
    };
    (NIGHT_TROUGH + (WEEKDAY_PEAK - NIGHT_TROUGH) * daily.powf(1.5)) * weekly
}

/// Load including surges: a surge ramps up to at least `SURGE_RPS` and back down.
pub fn with_incidents(base: f64, t: DateTime<Utc>, incidents: &[Incident]) -> f64 {
    incidents.iter().fold(base, |load, incident| {
        if t < incident.start || t >= incident.end {
            return load;
        }
        #[allow(clippy::cast_precision_loss)]
        let ramp = |d: Duration| {
            (d.num_milliseconds() as f64 / 1000.0 / SURGE_RAMP_SECONDS).clamp(0.0, 1.0)
        };
        let weight = ramp(t - incident.start).min(ramp(incident.end - t));
        load.max(base + (SURGE_RPS.max(base * SURGE_FACTOR) - base) * weight)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn peaks_in_the_afternoon_and_dips_at_weekends() {
        let at = |d, h| {
            Utc.with_ymd_and_hms(2026, 11, d, h, 30, 0)
                .single()
                .expect("time")
        };
        let peak = baseline(at(18, 14));
        assert!((peak - WEEKDAY_PEAK).abs() < 5.0, "weekday peak {peak}");
        assert!(baseline(at(18, 3)) < peak / 2.5);
        assert!(baseline(at(21, 14)) < peak * 0.8, "Saturday is quieter");
    }

    #[test]
    fn surge_reaches_four_thousand() {
        let start = Utc
            .with_ymd_and_hms(2026, 11, 18, 3, 0, 0)
            .single()
            .expect("time");
        let list = incidents(start, SURGE_AFTER, 8);
        let mid = list[0].start + Duration::minutes(10);
        assert!((with_incidents(700.0, mid, &list) - SURGE_RPS).abs() < 1e-9);
        assert!((with_incidents(700.0, list[0].end, &list) - 700.0).abs() < 1e-9);
    }
}
