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
//! missing (and says why), never the whole view. The month's sums, run rates and month-end
//! figure are `domain::cost_month`'s; the caching rule is `sources::cost_cache`'s.

mod coverage;
mod usage;

use chrono::{DateTime, NaiveDate, Utc};

use super::clients::AwsClients;
use super::settings::AwsSettings;
use crate::domain::CostView;
use crate::domain::cost_month::CostPeriod;
use crate::sources::cost_cache::CostCache;

/// Cost Explorer's metric for what the account is billed, before credits and discounts.
const METRIC: &str = "UnblendedCost";

/// Keeps the last view for `cost_ttl`.
#[derive(Debug, Default)]
pub struct CostPoller {
    cache: CostCache,
}

impl CostPoller {
    pub fn new() -> Self {
        Self::default()
    }

    /// The cached view while it is younger than `settings.cost_ttl`, unless `force`; else a
    /// fresh one.
    pub async fn poll(
        &mut self,
        clients: &AwsClients,
        settings: &AwsSettings,
        now: DateTime<Utc>,
        force: bool,
    ) -> Result<CostView, String> {
        self.cache
            .get(settings.cost_ttl, now, force, fetch(clients, settings, now))
            .await
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
    let period = CostPeriod::of(now)?;
    let spend = usage::month_to_date(&clients.costexplorer, &period).await?;
    let last_month = usage::last_month(&clients.costexplorer, &period).await?;
    let rest = rest_of_month(&clients.costexplorer, &period).await;
    let forecast = spend.forecast(period.today, rest, "Cost Explorer forecast");
    let reserved_coverage = partial(coverage::reservations(&clients.costexplorer, &period).await);
    let savings_plans_coverage =
        partial(coverage::savings_plans(&clients.costexplorer, &period).await);
    let budget = (settings.monthly_budget, settings.monthly_baseline);
    Ok(CostView {
        reserved_coverage,
        savings_plans_coverage,
        savings_note: "(rightsizing is not read from Cost Explorer)".into(),
        ..spend.view(&period, last_month, forecast, budget, now)
    })
}

/// GetCostForecast from today (the earliest start Cost Explorer takes) to the month's end,
/// which `Spend::forecast` turns into the month-end figure (or its own projection without it).
async fn rest_of_month(
    client: &aws_sdk_costexplorer::Client,
    period: &CostPeriod,
) -> Result<f64, String> {
    use aws_sdk_costexplorer::types::{Granularity, Metric};
    const CALL: &str = "ce:GetCostForecast";
    let answer = client
        .get_cost_forecast()
        .time_period(interval(period.today, period.next_month)?)
        .metric(Metric::UnblendedCost)
        .granularity(Granularity::Monthly)
        .send()
        .await
        .map_err(|e| super::error::describe(CALL, &e))?;
    parse_amount(answer.total().and_then(|t| t.amount())).map_err(|e| format!("{CALL}: {e}"))
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
}
