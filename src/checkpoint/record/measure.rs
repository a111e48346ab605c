//! Criteria measured over a period of the record: plain figures folded, ratios of rates,
//! counters as the period's increases (histograms merged for a quantile), and scale-out
//! timings with why a target cannot be met where the group's policy rules it out.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use super::{Record, TRIGGER_DELAY_FIGURE, timing};
use crate::checkpoint::counters::counter_figure;
use crate::domain::checkpoint::fold::{divide, fold, ratio_of_rates};
use crate::domain::checkpoint::{Aggregation, Criterion, Measurement, WeekRange};
use crate::domain::scaling_event::unreachable_trigger_delay;

impl Record {
    pub fn measure(&self, criterion: &Criterion, period: WeekRange) -> Measurement {
        let Some(name) = &criterion.figure else {
            return Measurement::unknown(
                "no figure for this criterion (it has only PromQL, which needs a Prometheus)",
            );
        };
        let Some((first, _)) = self.span() else {
            return Measurement::unknown("the simulator's record is empty");
        };
        if period.from + Duration::hours(1) < first {
            // Half a week must not pass for the whole of it.
            return Measurement::unknown(format!(
                "the simulator's record starts {}, after this period does",
                first.format("%Y-%m-%d %H:%M UTC")
            ));
        }
        if let Some(values) = self.timings.get(name) {
            return self.measure_timing(criterion, name, values, period);
        }
        let column = |name: &str| self.figures.iter().find(|c| c.name == name);
        let values = |name: &str| -> Result<Vec<f64>, String> {
            let column = column(name).ok_or_else(|| format!("figure {name:?} was not recorded"))?;
            if let Some(error) = &column.error {
                return Err(error.clone());
            }
            Ok(self.in_period(period, &column.values))
        };
        let counted = |name: &str, q: f64| self.counted_over(name, q, period);
        let value = match (criterion.aggregation, &criterion.denominator_figure) {
            // Counters: the ratio of the period's increases, as PromQL's `increase` gives it.
            (Aggregation::Ratio, Some(d)) if counter_figure(name).is_some() => counted(name, 0.0)
                .and_then(|n| Ok(n.zip(counted(d, 0.0)?).and_then(|(n, d)| divide(n, d)))),
            (Aggregation::Ratio, Some(denominator)) => {
                values(name).and_then(|n| values(denominator).map(|d| ratio_of_rates(&n, &d)))
            }
            (Aggregation::HistogramQuantile(q), _) => counted(name, q),
            (aggregation, _) => values(name).map(|v| fold(aggregation, &v)),
        };
        match value {
            Ok(value) => Measurement::value(value.map(|v| v * criterion.scale)),
            Err(error) => Measurement::unknown(error),
        }
    }

    /// The period's automatic scale-outs folded, with why the target cannot be met where the
    /// group's policy rules it out.
    fn measure_timing(
        &self,
        criterion: &Criterion,
        name: &str,
        values: &BTreeMap<DateTime<Utc>, f64>,
        period: WeekRange,
    ) -> Measurement {
        let in_period: Vec<f64> = values
            .range(period.from..period.to)
            .map(|(_, v)| *v * criterion.scale)
            .collect();
        let unreachable = timing(name)
            .filter(|_| name.ends_with(TRIGGER_DELAY_FIGURE))
            .and_then(|(group, _)| self.evaluation.get(group))
            .and_then(|evaluation| {
                unreachable_trigger_delay(*evaluation, criterion.comparator, criterion.target)
            });
        match (fold(criterion.aggregation, &in_period), unreachable) {
            (None, None) => {
                Measurement::unknown("no automatic scale-out in the period: nothing to time")
            }
            (value, reason) => Measurement::value(value).with_note(reason),
        }
    }

    /// A counter figure over the period: its increase, or for the histogram its `q` quantile.
    fn counted_over(&self, name: &str, q: f64, period: WeekRange) -> Result<Option<f64>, String> {
        let (subject, field) =
            counter_figure(name).ok_or_else(|| format!("{name:?} is not a request counter"))?;
        let column = self
            .counters
            .iter()
            .find(|c| c.subject == subject)
            .ok_or_else(|| format!("{name:?} was not recorded"))?;
        let inside = |i: usize| {
            self.times
                .get(i)
                .is_some_and(|at| period.from < *at && *at <= period.to)
        };
        Ok(column.over(field, q, inside))
    }

    fn in_period(&self, period: WeekRange, values: &[f64]) -> Vec<f64> {
        self.times
            .iter()
            .zip(values)
            .filter(|(at, _)| period.from < **at && **at <= period.to)
            .map(|(_, v)| *v)
            .collect()
    }
}
