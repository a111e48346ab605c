//! Cost Explorer for the Cost tab. Each request is billed ($0.01), so a fetched view is kept
//! for `cost_ttl` and only an explicit refresh (`force`) asks again sooner.
//!
//! One fetch makes these calls, in this order (it matters to an emulator that answers
//! GetCostAndUsage from a queue, one queued result per new set of parameters, like moto):
//! 1. GetCostAndUsage, DAILY by SERVICE, month start → tomorrow: the first page, then one call
//!    per NextPageToken (each a new parameter set) up to [`usage::MAX_PAGES`];
//! 2. GetCostAndUsage, MONTHLY, last month's total;
//! 3. GetCostForecast, today → month end (else the console's own projection);
//! 4. GetReservationCoverage and 5. GetSavingsPlansCoverage, month to date.
//!
//! Only the first two are essential: a forecast or coverage that fails leaves its figure
//! missing (and says why), never the whole view.

mod coverage;
mod forecast;
mod usage;

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};

use super::clients::AwsClients;
use super::settings::AwsSettings;
use crate::domain::CostView;
use crate::domain::cost::hourly_mean;

/// Cost Explorer's metric for what the account is billed, before credits and discounts.
const METRIC: &str = "UnblendedCost";

/// Keeps the last view for `cost_ttl`.
#[derive(Debug, Default)]
pub struct CostPoller {
    cached: Option<CostView>,
}

impl CostPoller {
    pub fn new() -> Self {
        Self::default()
    }

    /// The cached view while it is younger than `settings.cost_ttl`, unless `force`; else a
    /// fresh one. A failed fetch keeps the previous view cached, so the next poll tries again.
    pub async fn poll(
        &mut self,
        clients: &AwsClients,
        settings: &AwsSettings,
        now: DateTime<Utc>,
        force: bool,
    ) -> Result<CostView, String> {
        if !force && let Some(view) = self.cached.as_ref().filter(|v| fresh(v, settings, now)) {
            return Ok(view.clone());
        }
        let view = fetch(clients, settings, now).await?;
        self.cached = Some(view.clone());
        Ok(view)
    }
}

fn fresh(view: &CostView, settings: &AwsSettings, now: DateTime<Utc>) -> bool {
    view.fetched_at.is_some_and(|at| {
        // A clock that went backwards makes the age negative: refetch rather than trust it.
        (now - at).to_std().is_ok_and(|age| age < settings.cost_ttl)
    })
}

/// The days a fetch asks about, as Cost Explorer's `YYYY-MM-DD` (End exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Period {
    today: NaiveDate,
    month_start: NaiveDate,
    next_month: NaiveDate,
    last_month: NaiveDate,
}

impl Period {
    fn of(now: DateTime<Utc>) -> Result<Self, String> {
        let today = now.date_naive();
        let month_start = today.with_day(1);
        let next_month = month_start.and_then(|m| m.checked_add_months(Months::new(1)));
        let last_month = month_start.and_then(|m| m.checked_sub_months(Months::new(1)));
        match (month_start, next_month, last_month) {
            (Some(month_start), Some(next_month), Some(last_month)) => Ok(Self {
                today,
                month_start,
                next_month,
                last_month,
            }),
            _ => Err(format!("no calendar month around {today}")),
        }
    }

    fn tomorrow(&self) -> NaiveDate {
        self.today.succ_opt().unwrap_or(self.next_month)
    }
}

fn interval(
    start: NaiveDate,
    end: NaiveDate,
) -> Result<aws_sdk_costexplorer::types::DateInterval, String> {
    aws_sdk_costexplorer::types::DateInterval::builder()
        .start(start.format("%Y-%m-%d").to_string())
        .end(end.format("%Y-%m-%d").to_string())
        .build()
        .map_err(|e| format!("ce: time period {start}..{end}: {e}"))
}

/// Cost Explorer's amounts are decimal strings; one that does not parse is an error, never 0.
fn parse_amount(text: Option<&str>) -> Result<f64, String> {
    let text = text.ok_or("no amount in the answer")?;
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("amount {text:?} is not a number"))
}

async fn fetch(
    clients: &AwsClients,
    settings: &AwsSettings,
    now: DateTime<Utc>,
) -> Result<CostView, String> {
    let period = Period::of(now)?;
    let spend = usage::month_to_date(&clients.costexplorer, &period).await?;
    let last_month = usage::last_month(&clients.costexplorer, &period).await?;
    let forecast = forecast::month_end(&clients.costexplorer, &period, &spend).await;
    let reserved_coverage = partial(coverage::reservations(&clients.costexplorer, &period).await);
    let savings_plans_coverage =
        partial(coverage::savings_plans(&clients.costexplorer, &period).await);
    let hourly_rate = spend
        .daily
        .iter()
        .rev()
        .find(|d| d.date < period.today)
        .map(|d| d.amount / 24.0);
    // Cost Explorer counts whole days: the 7-day run rate is the last 7 full days' (this month's).
    let hourly_average_7d = hourly_mean(
        spend
            .daily
            .iter()
            .rev()
            .filter(|d| d.date < period.today)
            .take(7)
            .map(|d| d.amount / 24.0),
    );
    Ok(CostView {
        currency: spend.currency,
        monthly_budget: settings.monthly_budget,
        monthly_baseline: settings.monthly_baseline,
        hourly_average_7d,
        month_to_date: spend.month_to_date,
        forecast_month_end: forecast.month_end,
        forecast_method: forecast.method,
        hourly_rate,
        by_service: spend.by_service,
        daily: spend.daily,
        reserved_coverage,
        savings_plans_coverage,
        last_month,
        last_month_since: None,
        fetched_at: Some(now),
        savings_estimate_monthly: None,
        savings_note: "(rightsizing is not read from Cost Explorer)".into(),
    })
}

/// A supplementary figure that failed is missing ("—" on the tab), not the view's error; the
/// log keeps why.
fn partial(figure: Result<Option<f64>, String>) -> Option<f64> {
    figure.unwrap_or_else(|why| {
        tracing::info!("{why}");
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn amounts_parse_or_fail_never_zero() {
        assert_eq!(parse_amount(Some("12.3456789")), Ok(12.345_678_9));
        assert_eq!(parse_amount(Some(" 0 ")), Ok(0.0));
        assert!(parse_amount(Some("abc")).is_err());
        assert!(parse_amount(Some("")).is_err());
        assert!(parse_amount(Some("NaN")).is_err());
        assert!(parse_amount(Some("inf")).is_err());
        assert!(parse_amount(None).is_err());
    }

    #[test]
    fn periods_follow_the_calendar() {
        let at = |y, m, d| {
            Utc.with_ymd_and_hms(y, m, d, 23, 59, 0)
                .single()
                .map(|t| Period::of(t).expect("period"))
                .expect("time")
        };
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        let jan = at(2026, 1, 31);
        assert_eq!(jan.month_start, date(2026, 1, 1));
        assert_eq!(jan.next_month, date(2026, 2, 1));
        assert_eq!(jan.last_month, date(2025, 12, 1));
        assert_eq!(jan.tomorrow(), date(2026, 2, 1), "End is exclusive");
        assert_eq!(at(2024, 2, 29).next_month, date(2024, 3, 1));
    }

    #[test]
    fn a_view_is_fresh_for_its_ttl_only() {
        let settings = AwsSettings::new(std::path::PathBuf::from("/nonexistent"));
        let at = Utc
            .with_ymd_and_hms(2026, 3, 10, 12, 0, 0)
            .single()
            .expect("time");
        let view = CostView {
            currency: "USD".into(),
            monthly_budget: 1.0,
            monthly_baseline: 1.0,
            fetched_at: Some(at),
            ..CostView::default()
        };
        let minutes = |m| at + chrono::Duration::minutes(m);
        assert!(fresh(&view, &settings, minutes(59)));
        assert!(!fresh(&view, &settings, minutes(60)), "the TTL is an hour");
        assert!(!fresh(&view, &settings, minutes(-1)), "a clock gone back");
    }
}
