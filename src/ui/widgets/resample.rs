//! Fitting a series into a number of columns. Buckets keep their maximum (a p99 spike must not
//! vanish when zoomed out) and a bucket with no finite value stays a gap.

pub fn resample_max(values: &[f64], columns: usize) -> Vec<f64> {
    if columns == 0 || values.is_empty() {
        return Vec::new();
    }
    if values.len() <= columns {
        return values.to_vec();
    }
    (0..columns)
        .map(|c| {
            let start = c * values.len() / columns;
            let end = ((c + 1) * values.len() / columns).max(start + 1);
            values[start..end]
                .iter()
                .copied()
                .filter(|v| v.is_finite())
                .fold(f64::NAN, f64::max)
        })
        .collect()
}

/// (min, max) of the finite values, if any.
pub fn finite_bounds(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_spikes_and_gaps() {
        let values = [1.0, 9.0, 2.0, 3.0, f64::NAN, f64::NAN];
        let out = resample_max(&values, 3);
        assert_eq!(out[..2], [9.0, 3.0]);
        assert!(out[2].is_nan());
    }

    #[test]
    fn bounds_ignore_non_finite() {
        assert_eq!(
            finite_bounds([f64::NAN, 2.0, f64::INFINITY, -1.0]),
            Some((-1.0, 2.0))
        );
        assert_eq!(finite_bounds([f64::NAN]), None);
    }
}
