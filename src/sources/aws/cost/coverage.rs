//! Commitment coverage, month to date: reservations (hours) and Savings Plans (spend), each
//! as a fraction. Either may fail (no permission, an emulator without the call): the caller
//! then leaves only that figure out.

use aws_sdk_costexplorer::Client;
use aws_sdk_costexplorer::types::{Granularity, SavingsPlansCoverage};

use super::{interval, parse_amount};
use crate::domain::cost_month::CostPeriod;
use crate::sources::aws::error::describe;

const RESERVATIONS: &str = "ce:GetReservationCoverage";
const SAVINGS_PLANS: &str = "ce:GetSavingsPlansCoverage";

/// Reserved hours over all eligible running hours; `None` without eligible usage.
pub async fn reservations(client: &Client, period: &CostPeriod) -> Result<Option<f64>, String> {
    let answer = client
        .get_reservation_coverage()
        .time_period(interval(period.month_start, period.tomorrow())?)
        .granularity(Granularity::Monthly)
        .send()
        .await
        .map_err(|e| describe(RESERVATIONS, &e))?;
    let Some(hours) = answer.total().and_then(|t| t.coverage_hours()) else {
        return Ok(None);
    };
    let percent = parse_amount(hours.coverage_hours_percentage())
        .map_err(|e| format!("{RESERVATIONS}: {e}"))?;
    Ok(Some(percent / 100.0))
}

/// Spend covered by Savings Plans over the eligible spend; `None` without eligible spend.
pub async fn savings_plans(client: &Client, period: &CostPeriod) -> Result<Option<f64>, String> {
    let answer = client
        .get_savings_plans_coverage()
        .time_period(interval(period.month_start, period.tomorrow())?)
        .granularity(Granularity::Monthly)
        .send()
        .await
        .map_err(|e| describe(SAVINGS_PLANS, &e))?;
    covered_fraction(answer.savings_plans_coverages()).map_err(|e| format!("{SAVINGS_PLANS}: {e}"))
}

/// Covered over total spend across the answer's periods; `None` without eligible spend.
fn covered_fraction(coverages: &[SavingsPlansCoverage]) -> Result<Option<f64>, String> {
    let (mut covered, mut total) = (0.0, 0.0);
    for data in coverages.iter().filter_map(SavingsPlansCoverage::coverage) {
        covered += parse_amount(data.spend_covered_by_savings_plans())?;
        total += parse_amount(data.total_cost())?;
    }
    Ok((total > 0.0).then(|| covered / total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_costexplorer::types::SavingsPlansCoverageData;

    fn period(covered: &str, total: &str) -> SavingsPlansCoverage {
        SavingsPlansCoverage::builder()
            .coverage(
                SavingsPlansCoverageData::builder()
                    .spend_covered_by_savings_plans(covered)
                    .total_cost(total)
                    .build(),
            )
            .build()
    }

    #[test]
    fn savings_plans_coverage_weighs_periods_by_spend() {
        let periods = [period("30", "100"), period("0", "50")];
        assert_eq!(covered_fraction(&periods), Ok(Some(0.2)));
        assert_eq!(
            covered_fraction(&[]),
            Ok(None),
            "no eligible spend is not 0 %"
        );
        assert!(covered_fraction(&[period("x", "1")]).is_err());
    }
}
