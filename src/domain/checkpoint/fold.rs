//! Folding a period's samples into one number. Samples that are NaN or infinite are dropped
//! (a gap, not a zero); no sample left means no value. Ratios and histogram quantiles are not
//! folds of samples: they come from the period's counters (see `Aggregation::over_period`).

use super::criterion::Aggregation;

/// Samples of one measurement over a period, in time order; `None` for an aggregation measured
/// over the period (a mean of ratios or of percentiles is not the period's).
pub fn fold(aggregation: Aggregation, samples: &[f64]) -> Option<f64> {
    let values: Vec<f64> = samples.iter().copied().filter(|v| v.is_finite()).collect();
    if values.is_empty() {
        return None;
    }
    #[allow(clippy::cast_precision_loss)]
    let count = values.len() as f64;
    match aggregation {
        Aggregation::Average => Some(values.iter().sum::<f64>() / count),
        Aggregation::Ratio | Aggregation::HistogramQuantile(_) => None,
        Aggregation::Maximum => values.iter().copied().reduce(f64::max),
        Aggregation::Minimum => values.iter().copied().reduce(f64::min),
        Aggregation::Last => values.last().copied(),
        Aggregation::Quantile(q) => Some(quantile(values, q)),
    }
}

/// A ratio of two rates sampled evenly: the ratio of their averages is the ratio of their
/// increases over the period. A zero denominator has no ratio.
pub fn ratio_of_rates(numerator: &[f64], denominator: &[f64]) -> Option<f64> {
    let pairs: Vec<(f64, f64)> = numerator
        .iter()
        .zip(denominator)
        .filter(|(n, d)| n.is_finite() && d.is_finite())
        .map(|(n, d)| (*n, *d))
        .collect();
    let (n, d) = pairs
        .iter()
        .fold((0.0, 0.0), |(sn, sd), (n, d)| (sn + n, sd + d));
    divide(n, d)
}

/// `n / d`, or nothing when `d` is zero or the result is not a number.
pub fn divide(n: f64, d: f64) -> Option<f64> {
    let r = n / d;
    (d != 0.0 && r.is_finite()).then_some(r)
}

/// Linear interpolation between closest ranks (what `quantile_over_time` does).
fn quantile(mut values: Vec<f64>, q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    #[allow(clippy::cast_precision_loss)]
    let rank = q * (values.len() - 1) as f64;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let (low, high) = (rank.floor() as usize, rank.ceil() as usize);
    let weight = rank - rank.floor();
    values[low] + (values[high] - values[low]) * weight
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_each_way_and_skips_gaps() {
        let samples = [3.0, f64::NAN, 1.0, 4.0, 2.0];
        assert_eq!(fold(Aggregation::Average, &samples), Some(2.5));
        assert_eq!(fold(Aggregation::Maximum, &samples), Some(4.0));
        assert_eq!(fold(Aggregation::Minimum, &samples), Some(1.0));
        assert_eq!(fold(Aggregation::Last, &samples), Some(2.0));
        assert_eq!(fold(Aggregation::Quantile(0.5), &samples), Some(2.5));
        assert_eq!(fold(Aggregation::Quantile(1.0), &samples), Some(4.0));
        assert_eq!(
            fold(Aggregation::Average, &[f64::NAN]),
            None,
            "no data is no value"
        );
        assert_eq!(fold(Aggregation::Last, &[]), None);
        assert_eq!(
            fold(Aggregation::Ratio, &samples),
            None,
            "never a mean of ratios"
        );
        assert_eq!(fold(Aggregation::HistogramQuantile(0.99), &samples), None);
    }

    #[test]
    fn ratios_of_rates_weight_by_volume() {
        // 1 error/s of 100 req/s, then 3 of 300: 4 of 400 overall, not the mean of 1 % and 1 %.
        assert_eq!(ratio_of_rates(&[1.0, 3.0], &[100.0, 300.0]), Some(0.01));
        assert_eq!(ratio_of_rates(&[1.0, 9.0], &[100.0, 100.0]), Some(0.05));
        assert_eq!(
            ratio_of_rates(&[0.0], &[0.0]),
            None,
            "no traffic has no error rate"
        );
        assert_eq!(divide(1.0, 0.0), None);
    }
}
