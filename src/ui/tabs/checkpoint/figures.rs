//! A criterion's figures as text: in its unit, with the target's precision, and more decimals
//! where rounding would misplace the figure against the target; the change as `▲ +12 ms`.

use crate::domain::checkpoint::CriterionResult;
use crate::domain::checkpoint::criterion::trim_number;
use crate::ui::format::{self, MISSING};
use crate::ui::theme::Role;

const MAX_DECIMALS: usize = 4;

/// `471 ms`, `0.021 %`, `2,412 req/s` (without the unit unless `units`); `—` without a value.
pub fn figure(c: &CriterionResult, value: Option<f64>, units: bool) -> String {
    let Some(v) = value.filter(|v| v.is_finite()) else {
        return MISSING.into();
    };
    with_unit(format::grouped(Some(v), decimals(c, v)), c, units)
}

fn with_unit(text: String, c: &CriterionResult, units: bool) -> String {
    if units && !c.unit.is_empty() {
        format!("{text} {}", c.unit)
    } else {
        text
    }
}

/// The target's decimals, or more until rounding moves the figure by less than a tenth of its
/// distance to the target: 474.6 must not read "475" against "< 475", nor 99.95 "100.0".
fn decimals(c: &CriterionResult, value: f64) -> usize {
    let distance = (value - c.target).abs();
    (target_decimals(c)..MAX_DECIMALS)
        .find(|&d| {
            let error = (rounded(value, d) - value).abs();
            error == 0.0 || error < distance / 10.0
        })
        .unwrap_or(MAX_DECIMALS)
}

fn target_decimals(c: &CriterionResult) -> usize {
    trim_number(c.target)
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.len())
        .min(MAX_DECIMALS)
}

/// `value` as it reads with `decimals` decimals.
fn rounded(value: f64, decimals: usize) -> f64 {
    format!("{value:.decimals$}").parse().unwrap_or(value)
}

/// Better is good news, worse a warning; no change (or nothing to compare) is neither.
pub fn change_role(c: &CriterionResult) -> Role {
    match c.improved() {
        Some(true) => Role::Ok,
        Some(false) => Role::Warning,
        None => Role::Muted,
    }
}

/// `▲ +12 ms`; a change too small for the target's precision gets the decimals to show it.
pub fn change(c: &CriterionResult, units: bool, ascii: bool) -> String {
    match c.delta.filter(|d| d.is_finite()) {
        None => MISSING.to_string(),
        Some(0.0) => with_unit("= 0".into(), c, units),
        Some(delta) => {
            let decimals = (target_decimals(c)..MAX_DECIMALS)
                .find(|&d| rounded(delta, d) != 0.0)
                .unwrap_or(MAX_DECIMALS);
            let (arrow, sign) = match (delta > 0.0, ascii) {
                (true, false) => ("▲", "+"),
                (false, false) => ("▼", ""),
                (true, true) => ("^", "+"),
                (false, true) => ("v", ""),
            };
            let number = format::grouped(Some(delta), decimals);
            with_unit(format!("{arrow} {sign}{number}"), c, units)
        }
    }
}
