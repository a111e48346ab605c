//! Per-service latency quantiles, traffic and SLO figures.

use super::slo::{Exhaustion, Objective};
use super::{Health, Trend};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceLatency {
    pub name: String,
    pub p50_ms: Option<f64>,
    pub p90_ms: Option<f64>,
    pub p95_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub requests_per_second: Option<f64>,
    /// Fraction of requests that failed (0.0003 = 0.03 %).
    pub error_ratio: Option<f64>,
    /// This service's own objective (its availability, latency and window).
    pub objective: Objective,
    /// How much of the objective's window the source has data for, in days.
    pub history_days: Option<f64>,
    /// Fraction of the SLO window's error budget left; negative when overspent.
    pub error_budget_remaining: Option<f64>,
    /// Burn (error ratio ÷ budget) over each of [`BURN_WINDOWS`], in that order.
    pub burn_rates: Vec<BurnRate>,
    pub time_to_exhaustion: Exhaustion,
    pub p99_history: Trend,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LatencyView {
    pub services: Vec<ServiceLatency>,
    /// Services the source left out because there were more than `max-rows` (see
    /// [`LatencyView::KEPT`]); 0 when every service is here.
    pub omitted: usize,
    /// Each service's request counters, where the source keeps them (the simulator): what the
    /// checkpoint takes a period's ratios and merged percentiles from, as their increase.
    #[serde(skip)]
    pub totals: Vec<RequestTotals>,
}

/// A service's requests since its source began counting: cumulative latency buckets (seconds,
/// Prometheus `le` bounds; the last, +Inf, counts every request), then the failed requests.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestTotals {
    pub service: String,
    pub counts: Vec<f64>,
}

impl LatencyView {
    /// Which services a source keeps when it must cut.
    pub const KEPT: &'static str = "highest p99, then error ratio, kept";

    /// The window label every service shares, or `None` when their windows or histories differ
    /// (each row then says its own).
    pub fn window_label(&self) -> Option<String> {
        let mut labels = self.services.iter().map(ServiceLatency::window_label);
        let first = labels.next()?;
        labels.all(|l| l == first).then_some(first)
    }
}

/// The windows of the SRE Workbook's multi-window, multi-burn-rate alerts for a 30-day SLO.
pub const BURN_WINDOWS: [&str; 7] = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"];

/// (long window, short window, share of the budget spent when it fires, pages rather than
/// tickets): an alert fires when both windows burn faster than the factor, which is that share
/// × the objective's window ÷ the long window: 14.4, 6, 3 and 1 for 30 days (see
/// [`Objective::alert_factor`](super::slo::Objective::alert_factor)).
pub const BURN_ALERTS: [(&str, &str, f64, bool); 4] = [
    ("1h", "5m", 0.02, true),
    ("6h", "30m", 0.05, true),
    ("1d", "2h", 0.10, false),
    ("3d", "6h", 0.10, false),
];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BurnRate {
    pub window: &'static str,
    pub value: Option<f64>,
}

/// What the burn-rate alerts say for one service.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BurnVerdict {
    Page {
        long: &'static str,
        short: &'static str,
        factor: f64,
    },
    Ticket {
        long: &'static str,
        short: &'static str,
        factor: f64,
    },
    /// Every pair known and quiet.
    Quiet,
    /// No pair fires, but a window has no data: never read as quiet.
    Unknown,
}

impl BurnVerdict {
    /// The verdict in words, as the Latency tab and reports say it.
    pub fn sentence(&self) -> String {
        match self {
            Self::Page {
                long,
                short,
                factor,
            } => format!("PAGE: burn over {factor}× in {long} and {short}"),
            Self::Ticket {
                long,
                short,
                factor,
            } => format!("TICKET: burn over {factor}× in {long} and {short}"),
            Self::Quiet => "no burn alert".to_string(),
            Self::Unknown => "burn unknown: a window has no data".to_string(),
        }
    }

    pub fn health(&self) -> Health {
        match self {
            Self::Page { .. } => Health::Critical,
            Self::Ticket { .. } => Health::Warning,
            Self::Quiet => Health::Ok,
            Self::Unknown => Health::Unknown,
        }
    }
}

impl ServiceLatency {
    /// The measured quantile the latency objective is judged on (p95 for "95 % < 400 ms"),
    /// as (quantile, value in ms); p99 when the share is not one the sources measure.
    pub fn objective_quantile(&self) -> (f64, Option<f64>) {
        let share = self.objective.latency_share;
        [(0.5, self.p50_ms), (0.9, self.p90_ms), (0.95, self.p95_ms)]
            .into_iter()
            .find(|(q, _)| (q - share).abs() < 1e-9)
            .unwrap_or((0.99, self.p99_ms))
    }

    pub fn window_label(&self) -> String {
        self.objective.window_label(self.history_days)
    }

    /// The quantile the latency objective names against its threshold: over is critical,
    /// within 10 % of it a warning.
    pub fn latency_health(&self) -> Health {
        self.objective.latency_health(self.objective_quantile().1)
    }

    pub fn error_health(&self) -> Health {
        self.objective.error_health(self.error_ratio)
    }

    /// Budget remaining: spent is critical, under a quarter a warning.
    pub fn budget_health(&self) -> Health {
        match self.error_budget_remaining.filter(|v| v.is_finite()) {
            None => Health::Unknown,
            Some(r) if r <= 0.0 => Health::Critical,
            Some(r) if r < 0.25 => Health::Warning,
            Some(_) => Health::Ok,
        }
    }

    /// A window's burn: over 1× spends faster than the objective allows; over the window's
    /// alert factor (14.4× for 1 h of 30 days) takes part in a page.
    pub fn burn_health(&self, window: &str) -> Health {
        let factor = self.objective.alert_factor(window).unwrap_or(1.0);
        Health::rising(self.burn(window), 1.0, factor)
    }

    pub fn exhaustion_health(&self) -> Health {
        match self.time_to_exhaustion {
            Exhaustion::Spent => Health::Critical,
            // Sooner than a 14.4× burn would empty a full 30-day budget (50 h): page-worthy.
            Exhaustion::InHours(h) if h < 50.0 => Health::Critical,
            Exhaustion::InHours(h) if h < 24.0 * f64::from(self.objective.window_days) => {
                Health::Warning
            }
            Exhaustion::InHours(_) | Exhaustion::Never => Health::Ok,
            Exhaustion::Unknown => Health::Unknown,
        }
    }

    pub fn burn(&self, window: &str) -> Option<f64> {
        self.burn_rates
            .iter()
            .find(|b| b.window == window)
            .and_then(|b| b.value)
            .filter(|v| v.is_finite())
    }

    /// Whether the alert pair with `long` and `short` fires: both burn over the long window's
    /// factor; `None` when either window has no data.
    pub fn pair_fires(&self, long: &str, short: &str) -> Option<bool> {
        let factor = self.objective.alert_factor(long).unwrap_or(f64::INFINITY);
        let (l, s) = (self.burn(long)?, self.burn(short)?);
        Some(l > factor && s > factor)
    }

    pub fn burn_verdict(&self) -> BurnVerdict {
        let mut unknown = false;
        for (long, short, _, page) in BURN_ALERTS {
            let factor = self.objective.alert_factor(long).unwrap_or(f64::INFINITY);
            match self.pair_fires(long, short) {
                Some(true) => {
                    return if page {
                        BurnVerdict::Page {
                            long,
                            short,
                            factor,
                        }
                    } else {
                        BurnVerdict::Ticket {
                            long,
                            short,
                            factor,
                        }
                    };
                }
                Some(false) => {}
                None => unknown = true,
            }
        }
        if unknown {
            BurnVerdict::Unknown
        } else {
            BurnVerdict::Quiet
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(rates: [f64; 7]) -> ServiceLatency {
        // Error ratios that burn the default 0.1 % budget at `rates`.
        let budget = Objective::default().budget(None, |w| {
            BURN_WINDOWS
                .iter()
                .position(|x| *x == w)
                .map(|i| rates[i] * 0.001)
                .filter(|v| !v.is_nan())
        });
        ServiceLatency {
            name: "api".into(),
            p50_ms: None,
            p90_ms: None,
            p95_ms: None,
            p99_ms: None,
            requests_per_second: None,
            error_ratio: None,
            objective: Objective::default(),
            history_days: Some(8.0),
            error_budget_remaining: budget.remaining,
            burn_rates: budget.burn_rates,
            time_to_exhaustion: budget.exhaustion,
            p99_history: crate::domain::Trend {
                fine: crate::domain::Series::empty(chrono::Duration::minutes(1)),
                coarse: crate::domain::Series::empty(chrono::Duration::hours(1)),
            },
        }
    }

    #[test]
    fn both_windows_of_a_pair_must_burn() {
        // 5m, 30m, 1h, 2h, 6h, 1d, 3d
        let quiet = service([20.0, 0.5, 2.0, 0.5, 0.5, 0.5, 0.5]);
        assert_eq!(
            quiet.burn_verdict(),
            BurnVerdict::Quiet,
            "a short spike alone does not page"
        );
        let page = service([20.0, 0.5, 15.0, 0.5, 0.5, 0.5, 0.5]);
        assert_eq!(
            page.burn_verdict(),
            BurnVerdict::Page {
                long: "1h",
                short: "5m",
                factor: 14.4
            }
        );
        let ticket = service([0.5, 0.5, 0.5, 4.0, 0.5, 3.5, 0.5]);
        assert_eq!(
            ticket.burn_verdict(),
            BurnVerdict::Ticket {
                long: "1d",
                short: "2h",
                factor: 3.0
            }
        );
        let missing = service([0.5, 0.5, 0.5, 0.5, 0.5, f64::NAN, 0.5]);
        assert_eq!(
            missing.burn_verdict(),
            BurnVerdict::Unknown,
            "missing data is not quiet"
        );
    }
}
