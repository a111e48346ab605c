//! Error budget arithmetic against one objective: remaining budget from the window's error
//! ratio, burn rates over the SRE Workbook windows, and when the budget runs out.

use serde::Serialize;

use super::Objective;
use crate::domain::latency::{BURN_ALERTS, BURN_WINDOWS, BurnRate};

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

impl Exhaustion {
    /// As every surface writes it: "spent", "never", "3d" (from now at the current burn).
    pub fn text(self) -> String {
        match self {
            Self::Spent => "spent".into(),
            Self::Never => "never".into(),
            Self::Unknown => crate::domain::figure::text::MISSING.into(),
            Self::InHours(h) => crate::domain::figure::text::seconds(Some(
                (h * 3600.0).min(1.0e12).trunc().max(0.0),
            )),
        }
    }
}

/// The window the budget burns "now" (Sloth's current burn uses 5 m; 1 h is steadier).
pub const CURRENT_BURN: &str = "1h";

/// A burn window ("5m", "2h", "3d": `domain::duration`'s grammar, as PromQL's) in minutes.
pub fn window_minutes(window: &str) -> usize {
    crate::domain::duration::parse(window)
        .map_or(0, |d| usize::try_from(d.as_secs() / 60).unwrap_or(0))
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

    /// The burn rate above which the alert pair with this long window fires: the budget share
    /// it may spend × the window ÷ the long window (two decimals, as the Workbook and Pyrra
    /// print them): 14.4 for 1 h of a 30-day window, 13.44 of a 28-day one.
    pub fn alert_factor(&self, long: &str) -> Option<f64> {
        let (_, _, share, _) = BURN_ALERTS.iter().find(|(l, ..)| *l == long)?;
        let window_minutes_total = f64::from(self.window_days) * 24.0 * 60.0;
        let long_minutes = window_minutes(long) as f64;
        Some((share * window_minutes_total / long_minutes * 100.0).round() / 100.0)
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

    /// A latency (ms) against the threshold: over is critical, within 10 % of it a warning.
    pub fn latency_health(&self, ms: Option<f64>) -> crate::domain::Health {
        let threshold = self.latency_threshold_ms;
        crate::domain::Health::rising(ms, threshold * 0.9, threshold)
    }

    /// Errors against the budget: half of it spent per request is a warning, all of it critical.
    pub fn error_health(&self, ratio: Option<f64>) -> crate::domain::Health {
        let budget = self.error_budget();
        crate::domain::Health::rising(ratio, budget * 0.5, budget)
    }

    /// An SLI (availability or latency) against its target: under it is critical (the budget
    /// is spent), within the last quarter of the budget a warning, as the budget's own health.
    pub fn sli_health(sli: Option<f64>, target: f64) -> crate::domain::Health {
        crate::domain::Health::falling(sli, 1.0 - 0.75 * (1.0 - target), target)
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
    fn alert_factors_follow_the_window() {
        let thirty = Objective::default();
        let factors = |o: &Objective| ["1h", "6h", "1d", "3d"].map(|w| o.alert_factor(w));
        assert_eq!(
            factors(&thirty),
            [Some(14.4), Some(6.0), Some(3.0), Some(1.0)]
        );
        let four_weeks = Objective {
            window_days: 28,
            ..thirty
        };
        // 0.02 × 672 h ÷ 1 h, 0.05 × 672 ÷ 6, 0.1 × 672 ÷ 24, 0.1 × 672 ÷ 72.
        assert_eq!(
            factors(&four_weeks),
            [Some(13.44), Some(5.6), Some(2.8), Some(0.93)]
        );
        assert_eq!(
            four_weeks.alert_factor("5m"),
            None,
            "a short window is no pair's long one"
        );
    }

    #[test]
    fn windows_in_minutes() {
        assert_eq!(window_minutes("5m"), 5);
        assert_eq!(window_minutes("6h"), 360);
        assert_eq!(window_minutes("3d"), 4320);
    }

    #[test]
    fn sli_health_follows_the_budget() {
        use crate::domain::Health;
        // 99.9 %: spent under 99.9 %, a quarter of the budget left at 99.925 %.
        assert_eq!(Objective::sli_health(Some(0.9985), 0.999), Health::Critical);
        assert_eq!(Objective::sli_health(Some(0.9991), 0.999), Health::Warning);
        assert_eq!(Objective::sli_health(Some(0.9996), 0.999), Health::Ok);
        assert_eq!(Objective::sli_health(None, 0.999), Health::Unknown);
        assert_eq!(Exhaustion::InHours(72.0).text(), "3d");
        assert_eq!(Exhaustion::Spent.text(), "spent");
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
}
