//! How bad something is. Every warning and critical threshold lives in the domain beside its
//! figure; views only colour (and, without colours, mark) what these say.

use serde::Serialize;

/// Themes colour these meanings, not widgets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Health {
    Ok,
    Warning,
    Critical,
    /// No data, stale data or NaN: never shown as healthy.
    Unknown,
}

impl Health {
    /// A value where higher is worse: over `critical` is critical, over `warn` a warning;
    /// missing or not finite is unknown.
    pub fn rising(value: Option<f64>, warn: f64, critical: f64) -> Self {
        match value.filter(|v| v.is_finite()) {
            None => Self::Unknown,
            Some(v) if v > critical => Self::Critical,
            Some(v) if v > warn => Self::Warning,
            Some(_) => Self::Ok,
        }
    }

    /// A value where lower is worse: under `critical` is critical, under `warn` a warning.
    pub fn falling(value: Option<f64>, warn: f64, critical: f64) -> Self {
        Self::rising(value.map(|v| -v), -warn, -critical)
    }

    /// The word for the state, where a view shows it in text.
    pub fn label(self) -> &'static str {
        match self {
            Self::Ok => "OK",
            Self::Warning => "WARN",
            Self::Critical => "CRIT",
            Self::Unknown => "UNKNOWN",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_exclusive_and_missing_is_unknown() {
        assert_eq!(Health::rising(Some(90.0), 80.0, 90.0), Health::Warning);
        assert_eq!(Health::rising(Some(90.1), 80.0, 90.0), Health::Critical);
        assert_eq!(Health::rising(Some(80.0), 80.0, 90.0), Health::Ok);
        assert_eq!(Health::rising(Some(f64::NAN), 80.0, 90.0), Health::Unknown);
        assert_eq!(Health::falling(Some(0.2), 0.25, 0.0), Health::Warning);
        assert_eq!(Health::falling(Some(-0.1), 0.25, 0.0), Health::Critical);
        assert_eq!(Health::falling(None, 0.25, 0.0), Health::Unknown);
    }
}
