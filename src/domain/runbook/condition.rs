//! Conditions on the current state: a figure of the environment's snapshot or a PromQL
//! expression, compared with a value. Missing or NaN data never satisfies a condition.

use std::fmt;

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConditionSource {
    /// A figure such as `group.web.desired` (see `domain::figure`); a template.
    Figure(String),
    /// An instant query whose first sample is compared; a template.
    Promql(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Comparator {
    #[serde(rename = "==")]
    Equal,
    #[serde(rename = "!=")]
    NotEqual,
    #[serde(rename = "<")]
    Less,
    #[serde(rename = "<=")]
    AtMost,
    #[serde(rename = ">")]
    Greater,
    #[serde(rename = ">=")]
    AtLeast,
}

impl Comparator {
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Equal => "==",
            Self::NotEqual => "!=",
            Self::Less => "<",
            Self::AtMost => "<=",
            Self::Greater => ">",
            Self::AtLeast => ">=",
        }
    }

    /// Whether `measured` satisfies the comparison; `None` and NaN never do.
    pub fn holds(self, measured: Option<f64>, expected: f64) -> bool {
        let Some(m) = measured.filter(|m| !m.is_nan()) else {
            return false;
        };
        match self {
            Self::Equal => (m - expected).abs() < 1e-9,
            Self::NotEqual => (m - expected).abs() >= 1e-9,
            Self::Less => m < expected,
            Self::AtMost => m <= expected,
            Self::Greater => m > expected,
            Self::AtLeast => m >= expected,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub source: ConditionSource,
    pub comparator: Comparator,
    /// A template rendering to a number.
    pub value: String,
}

/// A condition with its templates rendered: what the executor checks and the plan shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedCondition {
    pub source: ConditionSource,
    pub comparator: Comparator,
    pub expected: f64,
    /// The source as shown (plan, audit, log): rendered with secrets redacted, as `source`
    /// holds them revealed for the query.
    pub shown: String,
}

impl ResolvedCondition {
    pub fn holds(&self, measured: Option<f64>) -> bool {
        self.comparator.holds(measured, self.expected)
    }
}

impl fmt::Display for ResolvedCondition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {}",
            self.shown,
            self.comparator.symbol(),
            self.expected
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_data_never_holds() {
        assert!(Comparator::Equal.holds(Some(5.0), 5.0));
        assert!(!Comparator::Equal.holds(None, 5.0));
        assert!(!Comparator::NotEqual.holds(Some(f64::NAN), 5.0));
        assert!(Comparator::AtLeast.holds(Some(8.0), 8.0));
        assert!(!Comparator::Less.holds(Some(8.0), 8.0));
    }
}
