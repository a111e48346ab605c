//! Production-readiness checks. `unknown` and `error` never count as passing.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Health;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Infrastructure,
    Application,
    Operations,
    Security,
    Performance,
    Compliance,
}

impl Category {
    pub const ALL: [Self; 6] = [
        Self::Infrastructure,
        Self::Application,
        Self::Operations,
        Self::Security,
        Self::Performance,
        Self::Compliance,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Infrastructure => "infrastructure",
            Self::Application => "application",
            Self::Operations => "operations",
            Self::Security => "security",
            Self::Performance => "performance",
            Self::Compliance => "compliance",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckState {
    Pass,
    Warn,
    Fail,
    NotApplicable,
    Unknown,
    Error,
}

impl CheckState {
    pub fn health(self) -> Health {
        match self {
            Self::Pass | Self::NotApplicable => Health::Ok,
            Self::Warn => Health::Warning,
            Self::Fail | Self::Error => Health::Critical,
            Self::Unknown => Health::Unknown,
        }
    }

    /// A check over a set of items: failing when one fails, else unknown when one is unknown
    /// or there are none (a check over nothing checked nothing), else passing.
    pub fn of_items(total: usize, failing: usize, unknown: usize) -> Self {
        if failing > 0 {
            Self::Fail
        } else if unknown > 0 || total == 0 {
            Self::Unknown
        } else {
            Self::Pass
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Warn => "warn",
            Self::Fail => "fail",
            Self::NotApplicable => "n/a",
            Self::Unknown => "unknown",
            Self::Error => "error",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadinessCheck {
    pub id: String,
    pub name: String,
    pub category: Category,
    pub state: CheckState,
    pub owner: String,
    pub evaluated_at: Option<DateTime<Utc>>,
    /// Why: the captured value or the error.
    pub detail: String,
    pub blocking: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReadinessLevel {
    NotReady,
    Bronze,
    Silver,
    Gold,
}

impl ReadinessLevel {
    pub fn health(self) -> Health {
        match self {
            Self::Gold => Health::Ok,
            Self::Silver | Self::Bronze => Health::Warning,
            Self::NotReady => Health::Critical,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NotReady => "not ready",
            Self::Bronze => "bronze",
            Self::Silver => "silver",
            Self::Gold => "gold",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadinessView {
    pub checks: Vec<ReadinessCheck>,
}

impl ReadinessView {
    /// (passing, applicable): n/a checks are left out; unknown and error count against.
    pub fn score(&self) -> (usize, usize) {
        score(&self.checks, |_| true)
    }

    /// (category, passing, applicable) in `Category::ALL` order, each scored as the whole is.
    pub fn by_category(&self) -> Vec<(Category, usize, usize)> {
        let of = |category| {
            let (pass, applicable) = score(&self.checks, |c| c.category == category);
            (category, pass, applicable)
        };
        Category::ALL.into_iter().map(of).collect()
    }

    /// Passing of applicable checks, in percent: the one readiness figure every surface shows
    /// (`45 of 52` is 86.54 %); no applicable check is unknown, never ready.
    pub fn passing_percent(&self) -> Option<f64> {
        let (pass, applicable) = self.score();
        #[allow(clippy::cast_precision_loss)]
        (applicable > 0).then(|| pass as f64 / applicable as f64 * 100.0)
    }

    /// `45 of 52 applicable passing (86.54 %)`, or why there is no figure.
    pub fn summary(&self) -> String {
        let (pass, applicable) = self.score();
        match self.passing_percent() {
            Some(p) => format!(
                "{pass} of {applicable} applicable passing ({})",
                super::figure::text("readiness.passing_percent", Some(p))
            ),
            None => "no applicable checks: unknown".into(),
        }
    }

    /// Gold: everything applicable passes. Silver: ≥ 90 % and no blocking check failing or
    /// unknown. Bronze: ≥ 70 %. Anything less is not ready.
    pub fn level(&self) -> ReadinessLevel {
        let (pass, total) = self.score();
        if total == 0 {
            return ReadinessLevel::NotReady;
        }
        let blocking_open = self.checks.iter().any(|c| {
            c.blocking && !matches!(c.state, CheckState::Pass | CheckState::NotApplicable)
        });
        let ratio = pass as f64 / total as f64;
        if pass == total {
            ReadinessLevel::Gold
        } else if ratio >= 0.9 && !blocking_open {
            ReadinessLevel::Silver
        } else if ratio >= 0.7 {
            ReadinessLevel::Bronze
        } else {
            ReadinessLevel::NotReady
        }
    }
}

/// (passing, applicable) of the checks `chosen` picks.
fn score(checks: &[ReadinessCheck], chosen: impl Fn(&ReadinessCheck) -> bool) -> (usize, usize) {
    let applicable = checks
        .iter()
        .filter(|c| chosen(c) && c.state != CheckState::NotApplicable);
    applicable.fold((0, 0), |(pass, total), c| {
        (pass + usize::from(c.state == CheckState::Pass), total + 1)
    })
}

/// A group of checks: all applicable passing is ok, some not a warning, none applicable unknown.
pub fn group_health(pass: usize, applicable: usize) -> Health {
    match applicable {
        0 => Health::Unknown,
        n if n == pass => Health::Ok,
        _ => Health::Warning,
    }
}

/// A check that every item passes: fail naming the first that does not, unknown without data
/// (see `CheckState::of_items`), with the detail line to show.
pub fn every<T>(
    items: Option<&[T]>,
    ok: impl Fn(&T) -> Option<bool>,
    name: impl Fn(&T) -> String,
) -> (CheckState, String) {
    let items = items.unwrap_or_default();
    let verdicts: Vec<Option<bool>> = items.iter().map(&ok).collect();
    let count = |v: Option<bool>| verdicts.iter().filter(|x| **x == v).count();
    let failed = items
        .iter()
        .zip(&verdicts)
        .find(|(_, v)| **v == Some(false));
    let detail = match failed {
        Some((item, _)) => format!("{} fails", name(item)),
        None if items.is_empty() => "no data".into(),
        None if count(None) > 0 => "some figures missing".into(),
        None => format!("{} checked", items.len()),
    };
    let state = CheckState::of_items(items.len(), count(Some(false)), count(None));
    (state, detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checks(states: &[(CheckState, usize)]) -> ReadinessView {
        let checks = states
            .iter()
            .flat_map(|(state, n)| std::iter::repeat_n(*state, *n))
            .enumerate()
            .map(|(i, state)| ReadinessCheck {
                id: format!("c{i}"),
                name: format!("check {i}"),
                category: Category::Operations,
                state,
                owner: "sre".into(),
                evaluated_at: None,
                detail: String::new(),
                blocking: false,
            })
            .collect();
        ReadinessView { checks }
    }

    #[test]
    fn passing_is_counted_of_applicable_checks_only() {
        // 54 rows, 2 n/a: 52 applicable, of which 45 pass (unknown and error count against).
        let view = checks(&[
            (CheckState::Pass, 45),
            (CheckState::Warn, 4),
            (CheckState::Fail, 1),
            (CheckState::Unknown, 1),
            (CheckState::Error, 1),
            (CheckState::NotApplicable, 2),
        ]);
        assert_eq!(view.score(), (45, 52));
        let percent = view.passing_percent().expect("applicable checks");
        assert!((percent - 4500.0 / 52.0).abs() < 1e-9, "{percent}");
        assert_eq!(view.summary(), "45 of 52 applicable passing (86.5%)");
    }

    #[test]
    fn no_applicable_check_is_unknown_and_not_ready() {
        let view = checks(&[(CheckState::NotApplicable, 3)]);
        assert_eq!(view.passing_percent(), None);
        assert_eq!(view.summary(), "no applicable checks: unknown");
        assert_eq!(view.level(), ReadinessLevel::NotReady);
    }

    #[test]
    fn categories_are_scored_like_the_whole_and_empty_ones_are_unknown() {
        let view = checks(&[(CheckState::Pass, 3), (CheckState::Error, 1)]);
        assert_eq!(view.by_category()[2], (Category::Operations, 3, 4));
        assert_eq!(view.by_category()[0], (Category::Infrastructure, 0, 0));
        let health = [(3, 4), (4, 4), (0, 0)].map(|(p, a)| group_health(p, a));
        assert_eq!(health, [Health::Warning, Health::Ok, Health::Unknown]);
    }

    #[test]
    fn a_check_over_nothing_is_unknown_never_passing() {
        assert_eq!(CheckState::of_items(0, 0, 0), CheckState::Unknown);
        assert_eq!(CheckState::of_items(3, 0, 0), CheckState::Pass);
        assert_eq!(CheckState::of_items(3, 0, 1), CheckState::Unknown);
        assert_eq!(CheckState::of_items(3, 1, 1), CheckState::Fail);
    }
}
