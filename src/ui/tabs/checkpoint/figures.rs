//! A criterion's figures as the tab shows them: the reports' formatting
//! (`domain::checkpoint::format`), so the tab and the exported report read the same, with the
//! unit optional for narrow tables and ASCII arrows for `--ascii`.

use crate::domain::checkpoint::CriterionResult;
use crate::domain::checkpoint::format;

/// `471 ms`, `0.021 %`, `2,412 req/s` (without the unit unless `units`); `—` without a value.
pub fn figure(c: &CriterionResult, value: Option<f64>, units: bool) -> String {
    if units {
        format::value(c, value)
    } else {
        format::bare(c, value)
    }
}

/// `▲ +12 ms`, `= ±0 ms`; `—` when a week is unknown.
pub fn change(c: &CriterionResult, units: bool, ascii: bool) -> String {
    let Some(delta) = format::delta(c) else {
        return format::MISSING.to_string();
    };
    let arrow = match (delta.arrow, ascii) {
        ("▲", true) => "^",
        ("▼", true) => "v",
        (arrow, _) => arrow,
    };
    let number = if units { delta.text } else { delta.number };
    format!("{arrow} {number}")
}
