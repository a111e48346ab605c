//! Request and error counts as a source keeps them for its objectives: per minute for the
//! burn-rate windows (up to 3 d) and per hour for the objective window (up to 90 d).

use std::collections::VecDeque;

/// Requests and errors counted over some span.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub requests: f64,
    pub errors: f64,
}

impl Counts {
    /// The newest `n` entries of per-period `(requests, errors)` counts, newest last.
    pub fn last(periods: &VecDeque<(f64, f64)>, n: usize) -> Self {
        periods
            .iter()
            .rev()
            .take(n)
            .fold(Self::default(), |c, (r, e)| Self {
                requests: c.requests + r,
                errors: c.errors + e,
            })
    }

    /// Summed errors over summed requests; no requests gives no ratio, never zero.
    pub fn error_ratio(self) -> Option<f64> {
        (self.requests > 0.0).then(|| self.errors / self.requests)
    }
}

/// Per-minute counts kept for every burn-rate window, the longest being 3 days.
const MINUTES_KEPT: usize = 3 * 24 * 60;
/// Per-hour counts for the longest objective window config allows (90 days).
const HOURS_KEPT: usize = 90 * 24;

/// One service's counts: the minute under way, completed minutes, the hour under way and
/// completed hours (newest last), each bounded.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    minute: Counts,
    minutes: VecDeque<(f64, f64)>,
    hour: Counts,
    minutes_in_hour: usize,
    hours: VecDeque<(f64, f64)>,
}

fn push(periods: &mut VecDeque<(f64, f64)>, counts: Counts, kept: usize) {
    if periods.len() == kept {
        periods.pop_front();
    }
    periods.push_back((counts.requests, counts.errors));
}

impl Tally {
    pub fn add(&mut self, requests: f64, errors: f64) {
        self.minute.requests += requests;
        self.minute.errors += errors;
    }

    /// Closes the minute under way and returns its counts.
    pub fn close_minute(&mut self) -> Counts {
        let minute = std::mem::take(&mut self.minute);
        push(&mut self.minutes, minute, MINUTES_KEPT);
        self.hour.requests += minute.requests;
        self.hour.errors += minute.errors;
        self.minutes_in_hour += 1;
        if self.minutes_in_hour == 60 {
            push(&mut self.hours, std::mem::take(&mut self.hour), HOURS_KEPT);
            self.minutes_in_hour = 0;
        }
        minute
    }

    /// The last `minutes` completed minutes.
    pub fn last_minutes(&self, minutes: usize) -> Counts {
        Counts::last(&self.minutes, minutes)
    }

    /// Every completed hour kept, oldest first.
    pub fn hours(&self) -> Vec<Counts> {
        self.hours
            .iter()
            .map(|&(requests, errors)| Counts { requests, errors })
            .collect()
    }

    /// The last `days` (completed hours plus the completed minutes of the hour under way).
    pub fn last_days(&self, days: u32) -> Counts {
        let hours = usize::try_from(days)
            .unwrap_or(usize::MAX)
            .saturating_mul(24);
        let past = Counts::last(&self.hours, hours);
        Counts {
            requests: past.requests + self.hour.requests,
            errors: past.errors + self.hour.errors,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-12)
    }

    #[test]
    fn counts_sum_the_newest_periods() {
        let minutes: VecDeque<(f64, f64)> = [(100.0, 50.0), (1000.0, 1.0), (3000.0, 3.0)].into();
        // (1 + 3) ÷ (1000 + 3000), not the mean of the ratios nor anything with the 50.
        assert!(close(Counts::last(&minutes, 2).error_ratio(), 0.001));
        assert_eq!(Counts::last(&VecDeque::new(), 5).error_ratio(), None);
    }

    #[test]
    fn windows_count_only_their_span() {
        let mut tally = Tally::default();
        // Two days: the first at 1 % errors, the second at 0.1 %, 100 requests a minute.
        for minute in 0..2 * 24 * 60 {
            let errors = if minute < 24 * 60 { 1.0 } else { 0.1 };
            tally.add(100.0, errors);
            let _ = tally.close_minute();
        }
        tally.add(100.0, 50.0); // the minute under way counts nowhere yet
        assert!(close(tally.last_days(1).error_ratio(), 0.001));
        // Both days, equal traffic: (1 % + 0.1 %) ÷ 2 = 0.55 %.
        assert!(close(tally.last_days(2).error_ratio(), 0.0055));
        assert!(close(tally.last_days(30).error_ratio(), 0.0055));
        assert!(close(tally.last_minutes(5).error_ratio(), 0.001));
        // 30 more minutes: half an hour under way is in the window.
        for _ in 0..30 {
            let _ = tally.close_minute();
        }
        tally.add(0.0, 0.0);
        let day = tally.last_days(1);
        assert!((day.requests - (24.0 * 60.0 * 100.0 + 100.0)).abs() < 1e-9);
    }
}
