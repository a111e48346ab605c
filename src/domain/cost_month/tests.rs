use chrono::TimeZone;

use super::*;

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("date")
}

fn spend(days: &[(u32, f64)]) -> Spend {
    let mut totals = SpendTotals::default();
    for &(d, amount) in days {
        totals.add(date(4, d), "Compute", amount);
    }
    totals.spend()
}

#[test]
fn periods_follow_the_calendar() {
    let at = |y, m, d| {
        Utc.with_ymd_and_hms(y, m, d, 23, 59, 0)
            .single()
            .map(|t| CostPeriod::of(t).expect("period"))
            .expect("time")
    };
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
    let jan = at(2026, 1, 31);
    assert_eq!(jan.month_start, day(2026, 1, 1));
    assert_eq!(jan.next_month, day(2026, 2, 1));
    assert_eq!(jan.last_month, day(2025, 12, 1));
    assert_eq!(jan.tomorrow(), day(2026, 2, 1), "an exclusive end");
    assert_eq!(jan.month_end(), day(2026, 1, 31), "an inclusive end");
    assert_eq!(jan.last_month_end(), day(2025, 12, 31));
    let leap = at(2024, 2, 29);
    assert_eq!(leap.next_month, day(2024, 3, 1));
    assert_eq!(leap.month_end(), day(2024, 2, 29));
}

#[test]
fn totals_sum_by_day_and_by_service_in_one_currency() {
    let mut totals = SpendTotals::default();
    totals.currency("USD").expect("first");
    totals.add(date(3, 1), "EC2", 100.5);
    totals.add(date(3, 1), "RDS", 40.0);
    totals.add(date(3, 2), "EC2", 101.5);
    // The second day's other service arrives on the next page.
    totals.currency("USD").expect("same");
    totals.add(date(3, 2), "RDS", 42.25);
    totals.day(date(3, 3));
    let error = totals.currency("EUR").expect_err("two currencies");
    assert_eq!(
        error,
        "amounts in both USD and EUR; not summing two currencies"
    );
    let spend = totals.spend();
    assert_eq!(spend.currency, "USD");
    assert!((spend.month_to_date - 284.25).abs() < 1e-9);
    let services: Vec<(&str, f64)> = spend
        .by_service
        .iter()
        .map(|s| (s.service.as_str(), s.month_to_date))
        .collect();
    assert_eq!(services, [("EC2", 202.0), ("RDS", 82.25)], "largest first");
    let days: Vec<f64> = spend.daily.iter().map(|d| d.amount).collect();
    assert_eq!(
        days,
        [140.5, 143.75, 0.0],
        "a day without spend is a real zero"
    );
}

#[test]
fn a_cloud_forecast_replaces_todays_spend_so_far() {
    // 100 + 100 + 20 so far on the 3rd; the cloud forecasts 2,800 for the 3rd to the 30th.
    let spend = spend(&[(1, 100.0), (2, 100.0), (3, 20.0)]);
    let forecast = spend.forecast(date(4, 3), Ok(2_800.0), "Cost Management forecast");
    assert_eq!(forecast.month_end, Some(3_000.0));
    assert_eq!(forecast.method, "Cost Management forecast");
}

#[test]
fn without_a_cloud_forecast_the_console_projects_and_says_so() {
    // Two full days at 100, 20 spent so far today (the 3rd of 30): 220 + 80 + 27 × 100.
    let spend = spend(&[(1, 100.0), (2, 100.0), (3, 20.0)]);
    let forecast = spend.forecast(date(4, 3), Err("500".into()), "Cost Explorer forecast");
    assert_eq!(forecast.month_end, Some(3000.0));
    assert_eq!(
        forecast.method,
        "projected by the console from 2 days of spend; Cost Explorer forecast unavailable: 500"
    );
    let first_day = self::spend(&[(1, 20.0)]);
    let forecast = first_day.forecast(date(4, 1), Err("timed out".into()), "X forecast");
    assert_eq!(forecast.month_end, None, "no full day: no figure");
    assert!(
        forecast
            .method
            .contains("X forecast unavailable: timed out"),
        "{}",
        forecast.method
    );
}

#[test]
fn the_view_takes_run_rates_from_full_days_only() {
    // Nine full days at 24 × d, then 240 so far today (the 10th).
    let days: Vec<(u32, f64)> = (1..=9)
        .map(|d| (d, 24.0 * f64::from(d)))
        .chain([(10, 240.0)])
        .collect();
    let spend = spend(&days);
    let now = Utc
        .with_ymd_and_hms(2026, 4, 10, 12, 0, 0)
        .single()
        .expect("now");
    let period = CostPeriod::of(now).expect("period");
    let forecast = Forecast {
        month_end: Some(1.0),
        method: "m".into(),
    };
    let view = spend.view(&period, Some(5.0), forecast, (7_000.0, 6_600.0), now);
    assert_eq!(view.hourly_rate, Some(9.0), "the 9th: 216 / 24");
    // The 3rd to the 9th: (3 + … + 9) / 7 = 6 an hour.
    assert_eq!(view.hourly_average_7d, Some(6.0));
    assert!((view.month_to_date - 1_320.0).abs() < 1e-9);
    assert_eq!(
        (view.monthly_budget, view.monthly_baseline),
        (7_000.0, 6_600.0)
    );
    assert_eq!(
        (view.last_month, view.fetched_at, view.forecast_month_end),
        (Some(5.0), Some(now), Some(1.0))
    );
}
