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
}
