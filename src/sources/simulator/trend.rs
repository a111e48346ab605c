//! Bounded history of one metric at two resolutions, so memory stays flat however long the
//! console runs: 6 h of minutes and 8 days of 15-minute maxima.

use std::collections::VecDeque;

use chrono::{DateTime, Duration, Utc};

use crate::domain::{Series, Trend};

const FINE_KEPT: usize = 6 * 60;
const COARSE_MINUTES: usize = 15;
const COARSE_KEPT: usize = 8 * 24 * 4;

#[derive(Debug, Clone, Default)]
pub struct TrendBuffer {
    fine: VecDeque<f64>,
    coarse: VecDeque<f64>,
    /// Maximum of the minutes of the coarse point in progress (a spike must survive).
    pending: Option<f64>,
    pending_minutes: usize,
    last: Option<DateTime<Utc>>,
}

impl TrendBuffer {
    pub fn push(&mut self, at: DateTime<Utc>, value: f64) {
        push_bounded(&mut self.fine, value, FINE_KEPT);
        self.pending = Some(
            self.pending
                .map_or(value, |p| if value.is_nan() { p } else { p.max(value) }),
        );
        self.pending_minutes += 1;
        if self.pending_minutes == COARSE_MINUTES {
            push_bounded(
                &mut self.coarse,
                self.pending.take().unwrap_or(f64::NAN),
                COARSE_KEPT,
            );
            self.pending_minutes = 0;
        }
        self.last = Some(at);
    }

    /// The highest of the newest `minutes` points; `None` until that many are recorded (a
    /// shorter record would understate the window) or when all of them are NaN.
    pub fn max_of_last(&self, minutes: usize) -> Option<f64> {
        if self.fine.len() < minutes {
            return None;
        }
        self.fine
            .iter()
            .rev()
            .take(minutes)
            .copied()
            .filter(|v| !v.is_nan())
            .reduce(f64::max)
    }

    pub fn trend(&self) -> Trend {
        let end = self.last.unwrap_or(DateTime::<Utc>::MIN_UTC);
        Trend {
            fine: Series::new(
                end,
                Duration::minutes(1),
                self.fine.iter().copied().collect(),
            ),
            coarse: Series::new(
                end,
                Duration::minutes(15),
                self.coarse.iter().copied().collect(),
            ),
        }
    }
}

/// Appends to a buffer that keeps its newest `cap` values. The full size is reserved on the
/// first push: the replay fills every buffer, and growing by doubling would leave up to half of
/// each allocation unused for the rest of the run.
pub(super) fn push_bounded<T>(buffer: &mut VecDeque<T>, value: T, cap: usize) {
    if buffer.capacity() == 0 {
        buffer.reserve_exact(cap);
    }
    if buffer.len() == cap {
        buffer.pop_front();
    }
    buffer.push_back(value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_and_keeps_spikes() {
        let mut buffer = TrendBuffer::default();
        let t0 = DateTime::<Utc>::UNIX_EPOCH;
        for minute in 0..20_000 {
            let value = if minute == 19_990 - 5 { 900.0 } else { 100.0 };
            buffer.push(t0 + Duration::minutes(minute), value);
        }
        let trend = buffer.trend();
        assert_eq!(trend.fine.values.len(), FINE_KEPT);
        assert_eq!(trend.coarse.values.len(), COARSE_KEPT);
        assert!(
            buffer.fine.capacity() < FINE_KEPT * 5 / 4,
            "sized, not doubled"
        );
        assert!(
            trend.coarse.values.contains(&900.0),
            "the spike survives downsampling"
        );
    }

    #[test]
    fn the_max_of_the_last_hour_needs_a_full_hour() {
        let mut buffer = TrendBuffer::default();
        let t0 = DateTime::<Utc>::UNIX_EPOCH;
        for minute in 0..59 {
            buffer.push(t0 + Duration::minutes(minute), f64::from(minute as u8 % 7));
        }
        assert_eq!(buffer.max_of_last(60), None, "59 minutes");
        buffer.push(t0 + Duration::minutes(59), f64::NAN);
        assert_eq!(buffer.max_of_last(60), Some(6.0), "NaN left out");
        // Older minutes fall out of the window: 90 then an hour of 20.
        buffer.push(t0 + Duration::minutes(60), 90.0);
        for minute in 61..121 {
            buffer.push(t0 + Duration::minutes(minute), 20.0);
        }
        assert_eq!(buffer.max_of_last(60), Some(20.0));
        assert_eq!(buffer.max_of_last(61), Some(90.0));
    }
}
