//! Service level objectives and their arithmetic, shared by every source: a service's error
//! budget, how fast it burns over the SRE Workbook's windows, when it runs out, and how the
//! objective's window is labelled on every surface. Sloth and Pyrra compute the same figures
//! (`slo:period_error_budget_remaining:ratio`, `slo:current_burn_rate:ratio`).

use std::collections::{BTreeMap, VecDeque};

use serde::Serialize;

use super::latency::{BURN_WINDOWS, BurnRate};

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

/// When the remaining budget runs out at the current (1 h) burn rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "state", content = "hours")]
pub enum Exhaustion {
    /// Budget or burn rate missing.
    Unknown,
    /// Already spent (remaining ≤ 0).
    Spent,
    /// Nothing burns, so it never runs out.
    Never,
    InHours(f64),
}

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

/// The window the budget burns "now" (Sloth's current burn uses 5 m; 1 h is steadier).
pub const CURRENT_BURN: &str = "1h";

/// "5m", "2h", "3d" as minutes.
pub fn window_minutes(window: &str) -> usize {
    let (number, unit) = window.split_at(window.len().saturating_sub(1));
    let n: usize = number.parse().unwrap_or(0);
    match unit {
        "h" => n * 60,
        "d" => n * 24 * 60,
        _ => n,
    }
}

/// A service's budget figures against its objective.
#[derive(Debug, Clone, PartialEq)]
pub struct Budget {
    /// Fraction of the window's budget left; negative when overspent.
    pub remaining: Option<f64>,
    pub burn_rates: Vec<BurnRate>,
    pub exhaustion: Exhaustion,
}

impl Objective {
    /// The share of requests allowed to fail (0.001 for 99.9 %).
    pub fn error_budget(&self) -> f64 {
        1.0 - self.availability
    }

    /// How many times faster than the budget allows errors arrive: 1.0 spends it exactly
    /// over the window.
    pub fn burn(&self, error_ratio: f64) -> f64 {
        error_ratio / self.error_budget()
    }

    /// Budget figures from the error ratio over the whole window and over each burn window.
    pub fn budget(
        &self,
        window_error_ratio: Option<f64>,
        error_ratio: impl Fn(&str) -> Option<f64>,
    ) -> Budget {
        let remaining = window_error_ratio.map(|r| 1.0 - self.burn(r));
        let burn_rates: Vec<BurnRate> = BURN_WINDOWS
            .iter()
            .map(|w| BurnRate {
                window: w,
                value: error_ratio(w)
                    .map(|r| self.burn(r))
                    .filter(|v| v.is_finite()),
            })
            .collect();
        let current = burn_rates
            .iter()
            .find(|b| b.window == CURRENT_BURN)
            .and_then(|b| b.value);
        Budget {
            remaining,
            exhaustion: self.exhaustion(remaining, current),
            burn_rates,
        }
    }

    /// Remaining budget ÷ burn rate, in windows: at burn 2 a full budget lasts half a window.
    pub fn exhaustion(&self, remaining: Option<f64>, burn: Option<f64>) -> Exhaustion {
        match (remaining, burn) {
            (Some(r), _) if r <= 0.0 => Exhaustion::Spent,
            (Some(_), Some(b)) if b <= 0.0 => Exhaustion::Never,
            (Some(r), Some(b)) => Exhaustion::InHours(r * f64::from(self.window_days) * 24.0 / b),
            _ => Exhaustion::Unknown,
        }
    }

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

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn budget_burn_and_exhaustion_by_hand() {
        let objective = Objective::default();
        // 0.05 % errors over the window against a 0.1 % budget: half of it is left.
        // Over 1 h 0.5 % errors: burn 5; half a 30-day budget at 5× lasts 0.5 × 720 h ÷ 5 = 72 h.
        let ratios = |w: &str| match w {
            "1h" => Some(0.005),
            "5m" => Some(0.02),
            "3d" => None,
            _ => Some(0.0),
        };
        let budget = objective.budget(Some(0.0005), ratios);
        assert!(close(budget.remaining.expect("a value"), 0.5));
        assert!(matches!(budget.exhaustion, Exhaustion::InHours(h) if close(h, 72.0)));
        let burn = |w: &str| {
            budget
                .burn_rates
                .iter()
                .find(|b| b.window == w)
                .expect("a value")
                .value
        };
        assert!(close(burn("5m").expect("a value"), 20.0));
        assert!(close(burn("6h").expect("a value"), 0.0));
        assert_eq!(burn("3d"), None, "a window without data has no burn");
    }

    #[test]
    fn each_objective_has_its_own_budget() {
        // The same 0.2 % errors: 2× the budget of 99.9 %, but within that of 99.5 % (0.4×).
        let strict = Objective::default();
        let loose = Objective {
            availability: 0.995,
            ..Objective::default()
        };
        assert!(close(strict.burn(0.002), 2.0));
        assert!(close(loose.burn(0.002), 0.4));
        assert!(close(
            strict
                .budget(Some(0.002), |_| None)
                .remaining
                .expect("a value"),
            -1.0
        ));
        assert!(close(
            loose
                .budget(Some(0.002), |_| None)
                .remaining
                .expect("a value"),
            0.6
        ));
    }

    #[test]
    fn exhaustion_states() {
        let o = Objective::default();
        assert_eq!(o.exhaustion(Some(-0.2), Some(3.0)), Exhaustion::Spent);
        assert_eq!(o.exhaustion(Some(0.8), Some(0.0)), Exhaustion::Never);
        assert_eq!(o.exhaustion(Some(0.8), None), Exhaustion::Unknown);
        assert_eq!(o.exhaustion(None, Some(2.0)), Exhaustion::Unknown);
        // A full budget at burn 1 lasts exactly the window.
        assert_eq!(
            o.exhaustion(Some(1.0), Some(1.0)),
            Exhaustion::InHours(720.0)
        );
    }

    #[test]
    fn counts_sum_the_newest_periods() {
        let minutes: VecDeque<(f64, f64)> = [(100.0, 50.0), (1000.0, 1.0), (3000.0, 3.0)].into();
        let last_two = Counts::last(&minutes, 2);
        // (1 + 3) ÷ (1000 + 3000), not the mean of 0.1 % and 0.1 % nor anything with the 50.
        assert!(close(last_two.error_ratio().expect("a value"), 0.001));
        assert_eq!(Counts::last(&VecDeque::new(), 5).error_ratio(), None);
        assert_eq!(window_minutes("5m"), 5);
        assert_eq!(window_minutes("6h"), 360);
        assert_eq!(window_minutes("3d"), 4320);
    }

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
