//! Azure Cost Management for the Cost tab. Its APIs are throttled per scope (a 429 with
//! `Retry-After`, which the ArmClient waits out), so a fetched view is kept for `cost_ttl` and
//! only an explicit refresh (`force`) asks again sooner (the rule is `sources::cost_cache`'s).
//!
//! One fetch asks, at each scope (the subscription, or each configured resource group):
//! 1. Query - Usage, actual cost daily by ServiceName, month start → today, every
//!    `properties.nextLink` page up to [`query::MAX_PAGES`];
//! 2. Query - Usage, last month's total;
//! 3. Forecast - Usage, today → month end (else the console's own projection);
//! 4. Consumption Budgets - List, shown beside the configured budget (never in its place).
//!
//! Only the first two are essential: a forecast or budget list that fails leaves its part
//! missing (and says why), never the whole view. The month's sums, run rates and month-end
//! figure are `domain::cost_month`'s, the same as for Cost Explorer.

pub mod budgets;
pub mod forecast;
pub mod query;
pub mod table;

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::arm::{ArmClient, ArmResponse};
use super::error::ArmError;
use super::settings::AzureSettings;
use super::task::Subscription;
use crate::domain::cost_budget::CloudBudgets;
use crate::domain::cost_month::{CostPeriod, SpendTotals};
use crate::domain::detail::Subject;
use crate::domain::{CostView, FleetSnapshot, SourceId};
use crate::sources::cloud_task::Part;
use crate::sources::cost_cache::CostCache;

/// Query - Usage and Forecast - Usage (Microsoft.CostManagement).
pub const API_VERSION: &str = "2025-03-01";

/// Keeps the last view for `cost_ttl`.
#[derive(Debug, Default)]
pub struct CostPoller {
    cache: CostCache,
}

impl CostPoller {
    pub fn new() -> Self {
        Self::default()
    }

    /// The cached view while it is younger than `cost_ttl`, unless `force`; else a fresh one.
    pub async fn view(
        &mut self,
        arm: &ArmClient,
        now: DateTime<Utc>,
        force: bool,
    ) -> Result<CostView, String> {
        let ttl = arm.settings().cost_ttl;
        self.cache.get(ttl, now, force, fetch(arm, now)).await
    }
}

impl Part for CostPoller {
    type Cloud = Subscription;
    const SOURCE: SourceId = SourceId::AzureCost;
    fn interval(settings: &AzureSettings) -> Duration {
        settings.cost_ttl
    }
    async fn poll(
        &mut self,
        cloud: &Subscription,
        now: DateTime<Utc>,
        forced: bool,
        _subject: Option<&Subject>,
    ) -> Result<FleetSnapshot, String> {
        let view = self.view(&cloud.arm, now, forced).await?;
        Ok(FleetSnapshot {
            cost: Some(view),
            ..FleetSnapshot::empty(now)
        })
    }
}

/// An ARM answer, or the operation's clear error.
fn call(operation: &str, answer: Result<ArmResponse, ArmError>) -> Result<ArmResponse, String> {
    answer.map_err(|e| format!("{operation}: {e}"))
}

async fn fetch(arm: &ArmClient, now: DateTime<Utc>) -> Result<CostView, String> {
    let settings = arm.settings();
    let scopes = settings.scopes();
    let period = CostPeriod::of(now)?;
    let mut totals = SpendTotals::default();
    let mut last_month: Option<f64> = None;
    for scope in &scopes {
        query::month_to_date(arm, scope, &period, &mut totals).await?;
    }
    for scope in &scopes {
        if let Some(total) = query::last_month(arm, scope, &period, &mut totals).await? {
            last_month = Some(last_month.unwrap_or(0.0) + total);
        }
    }
    let rest = forecast::rest_of_month(arm, &scopes, &period, &mut totals).await;
    let spend = totals.spend();
    let forecast = spend.forecast(period.today, rest, "Cost Management forecast");
    let found = budgets::list(arm, &scopes, period.today, &spend.currency).await;
    let cloud_budgets = Some(CloudBudgets::new("Azure", found));
    let budget = (settings.monthly_budget, settings.monthly_baseline);
    Ok(CostView {
        cloud_budgets,
        savings_note: "(reservations, savings plans and Advisor are not read from Azure)".into(),
        ..spend.view(&period, last_month, forecast, budget, now)
    })
}
