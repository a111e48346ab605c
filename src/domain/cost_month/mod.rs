//! A cloud's month of spend (AWS Cost Explorer, Azure Cost Management), defined once: the
//! calendar its queries ask about, the sums of their answers, the run rates and the month-end
//! figure. Each cloud's source only calls its API and decodes the answers into these.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};

use super::cost::{CostView, DailyCost, ServiceCost, hourly_mean, project_month_end};

/// Full days the console's own month-end projection averages.
const PROJECTION_DAYS: usize = 7;

/// The days a fetch asks about, in UTC (the clouds' cost data are daily in UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CostPeriod {
    pub today: NaiveDate,
    pub month_start: NaiveDate,
    pub next_month: NaiveDate,
    pub last_month: NaiveDate,
}

impl CostPeriod {
    pub fn of(now: DateTime<Utc>) -> Result<Self, String> {
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

    /// The day after today: the exclusive end of "month to date".
    pub fn tomorrow(&self) -> NaiveDate {
        self.today.succ_opt().unwrap_or(self.next_month)
    }

    /// The last day of this month and of last month (inclusive ends).
    pub fn month_end(&self) -> NaiveDate {
        self.next_month.pred_opt().unwrap_or(self.today)
    }

    pub fn last_month_end(&self) -> NaiveDate {
        self.month_start.pred_opt().unwrap_or(self.last_month)
    }
}

/// This month's spend, as the Cost tab shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Spend {
    pub currency: String,
    pub month_to_date: f64,
    /// Largest first.
    pub by_service: Vec<ServiceCost>,
    /// Oldest first, one entry per day the cloud answered for.
    pub daily: Vec<DailyCost>,
}

/// Sums answers by day and by service; a day's services may be split across pages.
#[derive(Debug, Default)]
pub struct SpendTotals {
    currency: Option<String>,
    daily: BTreeMap<NaiveDate, f64>,
    services: BTreeMap<String, f64>,
}

impl SpendTotals {
    /// A day the answer covers, spend or not: a day without spend is a real zero.
    pub fn day(&mut self, date: NaiveDate) {
        self.daily.entry(date).or_insert(0.0);
    }

    pub fn add(&mut self, date: NaiveDate, service: &str, amount: f64) {
        *self.daily.entry(date).or_insert(0.0) += amount;
        *self.services.entry(service.to_string()).or_insert(0.0) += amount;
    }

    /// The answer's currency: amounts in two currencies are never summed.
    pub fn currency(&mut self, unit: &str) -> Result<(), String> {
        match &self.currency {
            Some(known) if known != unit => Err(format!(
                "amounts in both {known} and {unit}; not summing two currencies"
            )),
            Some(_) => Ok(()),
            None => {
                self.currency = Some(unit.to_string());
                Ok(())
            }
        }
    }

    pub fn spend(self) -> Spend {
        let mut by_service: Vec<ServiceCost> = self
            .services
            .into_iter()
            .map(|(service, month_to_date)| ServiceCost {
                service,
                month_to_date,
                // The clouds bill or throttle per query: a line's days come with its detail only.
                weeks: None,
            })
            .collect();
        by_service.sort_by(|a, b| b.month_to_date.total_cmp(&a.month_to_date));
        let daily: Vec<DailyCost> = self
            .daily
            .into_iter()
            .map(|(date, amount)| DailyCost { date, amount })
            .collect();
        Spend {
            currency: self.currency.unwrap_or_else(|| "USD".into()),
            month_to_date: daily.iter().map(|d| d.amount).sum(),
            by_service,
            daily,
        }
    }
}

/// The month-end figure and how it was made (shown next to it).
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    pub month_end: Option<f64>,
    pub method: String,
}

impl Spend {
    /// The month's end from the cloud's forecast of `today` → month end (`rest`, or why there
    /// is none), named `forecast` ("Cost Explorer forecast"). Clouds forecast from today, so
    /// today's spend so far is taken out of the month to date to not count it twice. Without
    /// a forecast, the console's own projection from recent days, saying so.
    pub fn forecast(
        &self,
        today: NaiveDate,
        rest: Result<f64, String>,
        forecast: &str,
    ) -> Forecast {
        let why = match rest {
            Ok(rest) => {
                return Forecast {
                    month_end: Some(self.month_to_date - self.spent_on(today) + rest),
                    method: forecast.to_string(),
                };
            }
            Err(why) => why,
        };
        match project_month_end(&self.daily, self.month_to_date, today, PROJECTION_DAYS) {
            Some(projection) => Forecast {
                month_end: Some(projection.month_end),
                method: format!(
                    "projected by the console from {} of spend; {forecast} unavailable: {why}",
                    if projection.days == 1 {
                        "1 day".to_string()
                    } else {
                        format!("{} days", projection.days)
                    }
                ),
            },
            None => Forecast {
                month_end: None,
                method: format!(
                    "no full day of spend to project from yet; {forecast} unavailable: {why}"
                ),
            },
        }
    }

    fn spent_on(&self, day: NaiveDate) -> f64 {
        self.daily
            .last()
            .filter(|d| d.date == day)
            .map_or(0.0, |d| d.amount)
    }

    /// The view of this month, its budget and baseline as configured, fetched `now`; the
    /// cloud adds what it has beyond (coverage, budgets of its own).
    pub fn view(
        self,
        period: &CostPeriod,
        last_month: Option<f64>,
        forecast: Forecast,
        (monthly_budget, monthly_baseline): (f64, f64),
        now: DateTime<Utc>,
    ) -> CostView {
        // The clouds count whole days: the run rate is the last full day's, the 7-day one the
        // last 7 full days' (this month's).
        let full_days = || self.daily.iter().rev().filter(|d| d.date < period.today);
        let hourly_rate = full_days().next().map(|d| d.amount / 24.0);
        let hourly_average_7d = hourly_mean(full_days().take(7).map(|d| d.amount / 24.0));
        CostView {
            currency: self.currency,
            monthly_budget,
            monthly_baseline,
            hourly_average_7d,
            month_to_date: self.month_to_date,
            forecast_month_end: forecast.month_end,
            forecast_method: forecast.method,
            hourly_rate,
            by_service: self.by_service,
            daily: self.daily,
            last_month,
            fetched_at: Some(now),
            ..CostView::default()
        }
    }
}

#[cfg(test)]
mod tests;
