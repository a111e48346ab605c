//! GetCostForecast: what Cost Explorer expects from today to the month's end, which
//! `Spend::forecast` turns into the month-end figure (or its own projection without it).

use aws_sdk_costexplorer::Client;
use aws_sdk_costexplorer::types::{Granularity, Metric};

use super::{interval, parse_amount};
use crate::domain::cost_month::CostPeriod;
use crate::sources::aws::error::describe;

const CALL: &str = "ce:GetCostForecast";

/// Today (the earliest start Cost Explorer takes) → month end.
pub async fn rest_of_month(client: &Client, period: &CostPeriod) -> Result<f64, String> {
    let answer = client
        .get_cost_forecast()
        .time_period(interval(period.today, period.next_month)?)
        .metric(Metric::UnblendedCost)
        .granularity(Granularity::Monthly)
        .send()
        .await
        .map_err(|e| describe(CALL, &e))?;
    parse_amount(answer.total().and_then(|t| t.amount())).map_err(|e| format!("{CALL}: {e}"))
}
