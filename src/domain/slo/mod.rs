//! Service level objectives and their arithmetic, shared by every source: a service's error
//! budget, how fast it burns over the SRE Workbook's windows, when it runs out, and how the
//! objective's window is labelled on every surface. Sloth and Pyrra compute the same figures
//! (`slo:period_error_budget_remaining:ratio`, `slo:current_burn_rate:ratio`).

mod budget;
mod tally;

pub use budget::{Budget, CURRENT_BURN, Exhaustion, window_minutes};
pub use tally::{Counts, Tally};

use std::collections::BTreeMap;

use serde::Serialize;

/// One service's objectives (or the default for every service that has none of its own).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Objective {
    /// Share of requests that must succeed (0.999).
    pub availability: f64,
    /// The latency objective: `latency_share` of requests faster than this.
    pub latency_threshold_ms: f64,
    pub latency_share: f64,
    /// The rolling window the budget is spent over.
    pub window_days: u32,
}

impl Default for Objective {
    /// The plans' figures: 99.9 % available, p99 under 475 ms, over 30 days.
    fn default() -> Self {
        Self {
            availability: 0.999,
            latency_threshold_ms: 475.0,
            latency_share: 0.99,
            window_days: 30,
        }
    }
}

/// An objective's window in whole days, 1 to 90 (config's `[slo]` and OpenSLO files alike):
/// "30d", "4w".
pub fn window_days(text: &str) -> Result<u32, String> {
    let window = crate::domain::duration::parse(text)?;
    let days = u32::try_from(window.as_secs() / 86_400).unwrap_or(u32::MAX);
    let whole = window == std::time::Duration::from_secs(u64::from(days) * 86_400);
    if whole && (1..=90).contains(&days) {
        Ok(days)
    } else {
        Err(format!(
            "{text:?}: a window is whole days from 1d to 90d (e.g. \"30d\", \"4w\")"
        ))
    }
}

/// The default objective and the services that have their own.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Objectives {
    pub default: Objective,
    pub services: BTreeMap<String, Objective>,
}

impl Objectives {
    pub fn of(&self, service: &str) -> &Objective {
        self.services.get(service).unwrap_or(&self.default)
    }

    /// The longest window any service is judged over (what a source must keep or query).
    pub fn longest_window_days(&self) -> u32 {
        self.services
            .values()
            .map(|o| o.window_days)
            .fold(self.default.window_days, u32::max)
    }
}

impl Objective {
    /// "99.9 %" (objectives are shown with the precision they were written with).
    pub fn availability_label(&self) -> String {
        format!("{} %", trim(self.availability * 100.0))
    }

    /// "99 % < 475 ms".
    pub fn latency_label(&self) -> String {
        format!(
            "{} % < {} ms",
            trim(self.latency_share * 100.0),
            trim(self.latency_threshold_ms)
        )
    }

    /// The one label of the window, with the history it really has when that is shorter:
    /// "30 d window (8 d of history)".
    pub fn window_label(&self, history_days: Option<f64>) -> String {
        let window = f64::from(self.window_days);
        match history_days {
            Some(h) if h < window => {
                format!(
                    "{} d window ({} d of history)",
                    self.window_days,
                    trim_days(h)
                )
            }
            Some(_) => format!("{} d window", self.window_days),
            None => format!("{} d window (history unknown)", self.window_days),
        }
    }
}

/// Up to four decimals, without trailing zeros: 99.9, 99.95, 475.
fn trim(value: f64) -> String {
    let text = format!("{value:.4}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Whole days, or one decimal under 10 days (a day's worth of history is not "0 d").
fn trim_days(days: f64) -> String {
    if days < 10.0 {
        trim((days * 10.0).floor() / 10.0)
    } else {
        format!("{:.0}", days.floor())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        let o = Objective::default();
        assert_eq!(o.availability_label(), "99.9 %");
        assert_eq!(o.latency_label(), "99 % < 475 ms");
        assert_eq!(o.window_label(Some(8.4)), "30 d window (8.4 d of history)");
        assert_eq!(o.window_label(Some(12.9)), "30 d window (12 d of history)");
        assert_eq!(o.window_label(Some(45.0)), "30 d window");
        assert_eq!(o.window_label(None), "30 d window (history unknown)");
        let stretch = Objective {
            availability: 0.9995,
            ..o
        };
        assert_eq!(stretch.availability_label(), "99.95 %");
    }

    #[test]
    fn services_fall_back_to_the_default() {
        let mut objectives = Objectives::default();
        let checkout = Objective {
            availability: 0.9995,
            window_days: 28,
            ..Objective::default()
        };
        objectives
            .services
            .insert("checkout".into(), checkout.clone());
        assert_eq!(objectives.of("checkout"), &checkout);
        assert_eq!(objectives.of("search"), &Objective::default());
        assert_eq!(objectives.longest_window_days(), 30);
    }

    #[test]
    fn windows_are_whole_days_up_to_ninety() {
        assert_eq!(window_days("30d"), Ok(30));
        assert_eq!(window_days("4w"), Ok(28));
        assert_eq!(window_days("90d"), Ok(90));
        for text in ["36h", "91d", "0d", "1d1ms"] {
            let error = window_days(text).expect_err(text);
            assert!(error.contains("whole days from 1d to 90d"), "{error}");
        }
        assert!(
            window_days("1M")
                .expect_err("months")
                .contains("unknown unit \"M\"")
        );
    }
}
