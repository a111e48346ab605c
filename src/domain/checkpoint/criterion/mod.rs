//! A success criterion: what to measure over a week, how to fold the week into one number, and
//! the target it must meet. Missing data is `Unknown`, never met.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::Health;
use crate::domain::figure;

/// In PromQL, the period's length (`604800s` for a week): `increase(x[$__range])`.
pub const RANGE: &str = "$__range";

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Criterion {
    pub name: String,
    /// PromQL, used where the environment speaks the Prometheus API. `$__range` becomes the
    /// length of the period (e.g. `604800s`), for `increase(...[$__range])`.
    #[serde(default)]
    pub query: Option<String>,
    /// With `aggregation = "ratio"`: the PromQL of the denominator (`query` is the numerator).
    #[serde(default)]
    pub denominator: Option<String>,
    /// A built-in figure (`service.api.p99_ms`), used on the embedded simulator.
    #[serde(default)]
    pub figure: Option<String>,
    /// With `aggregation = "ratio"`: the figure of the denominator, a rate like `figure`.
    #[serde(default)]
    pub denominator_figure: Option<String>,
    pub aggregation: Aggregation,
    pub comparator: Comparator,
    pub target: f64,
    /// Multiplies the folded value (100 turns a ratio into a percentage).
    #[serde(default = "one")]
    pub scale: f64,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub owner: String,
    /// A blocking criterion missed or unknown makes `opsconsole check` fail.
    #[serde(default)]
    pub blocking: bool,
}

pub(super) fn one() -> f64 {
    1.0
}

/// How a week of samples becomes one number.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Aggregation {
    Average,
    Maximum,
    Minimum,
    Last,
    /// `quantile(0.95)`: over the samples of the period.
    Quantile(f64),
    /// The increase of the numerator over the increase of the denominator in the period.
    Ratio,
    /// `histogram-quantile(0.99)`: the quantile of the period's merged histogram, i.e. of the
    /// period's requests (never an average of per-sample percentiles).
    HistogramQuantile(f64),
}

impl Aggregation {
    /// Measured once over the whole period from counters (their increase), not folded from
    /// samples: averaging ratios or percentiles would weigh a quiet hour like a surge.
    pub fn over_period(self) -> bool {
        matches!(self, Self::Ratio | Self::HistogramQuantile(_))
    }
}

impl TryFrom<String> for Aggregation {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        let t = text.trim();
        Ok(match t {
            "average" | "avg" => Self::Average,
            "maximum" | "max" => Self::Maximum,
            "minimum" | "min" => Self::Minimum,
            "last" => Self::Last,
            "ratio" => Self::Ratio,
            _ => {
                let q = |prefix: &str| {
                    t.strip_prefix(prefix)
                        .and_then(|rest| rest.strip_suffix(')'))
                        .and_then(|q| q.trim().parse::<f64>().ok())
                        .filter(|q| (0.0..=1.0).contains(q))
                };
                q("quantile(")
                    .map(Self::Quantile)
                    .or_else(|| q("histogram-quantile(").map(Self::HistogramQuantile))
                    .ok_or_else(|| {
                        format!(
                            "unknown aggregation {t:?}; use average, maximum, minimum, last, ratio, quantile(0.95) or histogram-quantile(0.99)"
                        )
                    })?
            }
        })
    }
}

impl From<Aggregation> for String {
    fn from(a: Aggregation) -> Self {
        a.to_string()
    }
}

impl fmt::Display for Aggregation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Average => f.write_str("average"),
            Self::Maximum => f.write_str("maximum"),
            Self::Minimum => f.write_str("minimum"),
            Self::Last => f.write_str("last"),
            Self::Quantile(q) => write!(f, "quantile({q})"),
            Self::Ratio => f.write_str("ratio"),
            Self::HistogramQuantile(q) => write!(f, "histogram-quantile({q})"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Comparator {
    #[serde(rename = "<")]
    Below,
    #[serde(rename = "<=")]
    AtMost,
    #[serde(rename = ">")]
    Above,
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = "==")]
    Equal,
}

impl Comparator {
    pub fn holds(self, value: f64, target: f64) -> bool {
        match self {
            Self::Below => value < target,
            Self::AtMost => value <= target,
            Self::Above => value > target,
            Self::AtLeast => value >= target,
            Self::Equal => (value - target).abs() <= f64::EPSILON * target.abs().max(1.0),
        }
    }

    /// Whether a rising value is an improvement (for deltas: ▲ good or bad).
    pub fn higher_is_better(self) -> bool {
        matches!(self, Self::Above | Self::AtLeast | Self::Equal)
    }

    /// Met when the value holds against the target; no value (or NaN) is unknown.
    pub fn judge(self, value: Option<f64>, target: f64) -> Verdict {
        match value.filter(|v| v.is_finite()) {
            Some(v) if self.holds(v, target) => Verdict::Met,
            Some(_) => Verdict::Missed,
            None => Verdict::Unknown,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Self::Below => "<",
            Self::AtMost => "<=",
            Self::Above => ">",
            Self::AtLeast => ">=",
            Self::Equal => "=",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Met,
    Missed,
    /// No data, NaN or a failed query: never counted as met.
    #[default]
    Unknown,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::Missed => "missed",
            Self::Unknown => "unknown",
        }
    }

    /// Missed is critical: a verdict is over a target the plan requires.
    pub fn health(self) -> Health {
        match self {
            Self::Met => Health::Ok,
            Self::Missed => Health::Critical,
            Self::Unknown => Health::Unknown,
        }
    }
}

impl Criterion {
    pub fn judge(&self, value: Option<f64>) -> Verdict {
        self.comparator.judge(value, self.target)
    }

    /// `< 475 ms`
    pub fn target_text(&self) -> String {
        let unit = if self.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", self.unit)
        };
        format!(
            "{} {}{unit}",
            self.comparator.symbol(),
            trim_number(self.target)
        )
    }

    /// Checks what serde cannot: a ratio needs its denominators, and some way to measure.
    pub fn validate(&self) -> Result<(), String> {
        let name = &self.name;
        if name.trim().is_empty() {
            return Err("a criterion needs a name".into());
        }
        if self.query.is_none() && self.figure.is_none() {
            return Err(format!("criterion {name:?} needs a query or a figure"));
        }
        let ratio = self.aggregation == Aggregation::Ratio;
        if ratio && self.query.is_some() && self.denominator.is_none() {
            return Err(format!(
                "criterion {name:?}: a ratio query needs a denominator"
            ));
        }
        if ratio && self.figure.is_some() && self.denominator_figure.is_none() {
            return Err(format!(
                "criterion {name:?}: a ratio figure needs a denominator-figure"
            ));
        }
        if !ratio && (self.denominator.is_some() || self.denominator_figure.is_some()) {
            return Err(format!(
                "criterion {name:?}: denominators only go with aggregation = \"ratio\""
            ));
        }
        let unranged = [&self.query, &self.denominator]
            .into_iter()
            .flatten()
            .any(|q| !q.contains(RANGE));
        if self.aggregation.over_period() && unranged {
            return Err(format!(
                "criterion {name:?}: a {} is measured once over the period: its PromQL must use the period's increase, e.g. increase(x[{RANGE}])",
                self.aggregation
            ));
        }
        let histogram = matches!(self.aggregation, Aggregation::HistogramQuantile(_));
        if let Some(figure) = self.figure.as_deref().filter(|_| histogram)
            && !figure.ends_with(&format!(".{}", figure::HISTOGRAM_FIELD))
        {
            return Err(format!(
                "criterion {name:?}: histogram-quantile needs a histogram figure (service.NAME.{}), not {figure:?}",
                figure::HISTOGRAM_FIELD
            ));
        }
        if !self.target.is_finite() || !self.scale.is_finite() {
            return Err(format!(
                "criterion {name:?}: target and scale must be numbers"
            ));
        }
        Ok(())
    }
}

/// `475`, `0.025`, `99.9`: no trailing zeros, no exponent for everyday magnitudes.
pub fn trim_number(value: f64) -> String {
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests;
