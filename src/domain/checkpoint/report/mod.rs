//! The weekly checkpoint as data: the Checkpoint tab draws it, and `opsconsole report` writes it
//! as Markdown, HTML or JSON, so every surface shows the same figures. The JSON form is this
//! structure as serde writes it (documented in the README); `schema` changes when it does.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::criterion::{Comparator, Criterion, Verdict, one};
use super::phase::PhaseStatus;
use super::week::IsoWeek;
use crate::domain::figure;

pub const SCHEMA: u32 = 1;

/// How many weeks the history of a criterion covers, ending with the selected one.
pub const HISTORY_WEEKS: u32 = 8;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeeklyReport {
    pub schema: u32,
    pub week: String,
    pub timezone: String,
    pub from: DateTime<Utc>,
    /// The week's end, or when its figures end (the report's time) while it is running.
    pub to: DateTime<Utc>,
    /// The week is still running: its figures are week to date.
    pub partial: bool,
    pub environment: String,
    pub generated_at: DateTime<Utc>,
    pub summary: Summary,
    pub criteria: Vec<CriterionResult>,
    pub phase: Option<PhaseStatus>,
    pub runs: Vec<RunSummary>,
    /// Why `runs` may be incomplete (the audit trail could not be read).
    pub runs_note: Option<String>,
    pub alerts: AlertSummary,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub total: usize,
    pub met: usize,
    pub missed: usize,
    pub unknown: usize,
    /// Blocking criteria missed or unknown this week.
    pub blocking_failed: Vec<String>,
}

/// One measurement of a criterion over one period.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Measurement {
    pub value: Option<f64>,
    /// Why there is no value (no data, a failed query, nothing to measure with here).
    pub note: Option<String>,
}

impl Measurement {
    pub fn value(value: Option<f64>) -> Self {
        let value = value.filter(|v| v.is_finite());
        Self {
            note: value.is_none().then(|| "no data in the period".to_string()),
            value,
        }
    }

    /// With a reason beside the value (or instead of "no data"), where there is one.
    #[must_use]
    pub fn with_note(self, note: Option<String>) -> Self {
        Self {
            note: note.or(self.note),
            ..self
        }
    }

    pub fn unknown(note: impl Into<String>) -> Self {
        Self {
            value: None,
            note: Some(note.into()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekFigure {
    pub week: String,
    pub value: Option<f64>,
    /// The week's one verdict: its row and any phase step judged in it read this.
    #[serde(default)]
    pub verdict: Verdict,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionResult {
    pub name: String,
    pub unit: String,
    pub owner: String,
    pub blocking: bool,
    pub comparator: Comparator,
    pub target: f64,
    /// `< 475 ms`
    pub target_text: String,
    pub aggregation: String,
    /// The PromQL or figure the values come from.
    pub measured_by: String,
    /// The catalogued figure the criterion folds, where it names one (`service.api.p99_ms`).
    #[serde(default)]
    pub figure: Option<String>,
    /// What the folded value was multiplied by (100 for a ratio shown in percent).
    #[serde(default = "one")]
    pub scale: f64,
    /// What the figure means, where its name cannot say it ("trigger delay: threshold first
    /// breached → activity starts").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    pub this_week: Option<f64>,
    pub last_week: Option<f64>,
    /// This week minus last week; `None` unless both are known.
    pub delta: Option<f64>,
    pub verdict: Verdict,
    pub last_verdict: Verdict,
    /// The last `HISTORY_WEEKS` weeks, oldest first; the last one is this week.
    pub history: Vec<WeekFigure>,
    /// Why this week is unknown, or what explains its value (a target its policy rules out).
    pub note: Option<String>,
}

impl CriterionResult {
    /// `history` holds (week, measurement) oldest first and ends with the selected week.
    pub fn new(
        criterion: &Criterion,
        measured_by: &str,
        history: &[(IsoWeek, Measurement)],
    ) -> Self {
        let nth_last = |n: usize| {
            history
                .len()
                .checked_sub(n + 1)
                .and_then(|i| history.get(i))
        };
        let this = nth_last(0).map(|(_, m)| m.clone()).unwrap_or_default();
        let last = nth_last(1).map(|(_, m)| m.clone()).unwrap_or_default();
        let history: Vec<WeekFigure> = history
            .iter()
            .map(|(week, m)| WeekFigure {
                week: week.to_string(),
                value: m.value,
                verdict: criterion.judge(m.value),
            })
            .collect();
        let verdict_of = |n: usize| {
            history
                .len()
                .checked_sub(n + 1)
                .map_or(Verdict::Unknown, |i| history[i].verdict)
        };
        Self {
            name: criterion.name.clone(),
            unit: criterion.unit.clone(),
            owner: criterion.owner.clone(),
            blocking: criterion.blocking,
            comparator: criterion.comparator,
            target: criterion.target,
            target_text: criterion.target_text(),
            aggregation: criterion.aggregation.to_string(),
            measured_by: measured_by.into(),
            figure: criterion.figure.clone(),
            scale: criterion.scale,
            definition: criterion
                .figure
                .as_deref()
                .and_then(figure::definition)
                .map(|d| d.definition.to_string()),
            this_week: this.value,
            last_week: last.value,
            delta: this.value.zip(last.value).map(|(a, b)| a - b),
            verdict: verdict_of(0),
            last_verdict: verdict_of(1),
            history,
            note: this.note,
        }
    }

    /// The verdict of `week` (`2026-W48`) from the history; unknown when the history does not
    /// reach it (another week's verdict would not be this one's).
    pub fn verdict_in(&self, week: &str) -> Verdict {
        self.history
            .iter()
            .find(|w| w.week == week)
            .map_or(Verdict::Unknown, |w| w.verdict)
    }

    /// Whether the change since last week is an improvement, when there is one.
    pub fn improved(&self) -> Option<bool> {
        let delta = self.delta.filter(|d| *d != 0.0)?;
        Some((delta > 0.0) == self.comparator.higher_is_better())
    }
}

impl Summary {
    pub fn of(criteria: &[CriterionResult]) -> Self {
        let count = |v: Verdict| criteria.iter().filter(|c| c.verdict == v).count();
        Self {
            total: criteria.len(),
            met: count(Verdict::Met),
            missed: count(Verdict::Missed),
            unknown: count(Verdict::Unknown),
            blocking_failed: criteria
                .iter()
                .filter(|c| c.blocking && c.verdict != Verdict::Met)
                .map(|c| c.name.clone())
                .collect(),
        }
    }

    /// `6 of 9 met · 2 missed · 1 unknown`
    pub fn headline(&self) -> String {
        format!(
            "{} of {} met · {} missed · {} unknown",
            self.met, self.total, self.missed, self.unknown
        )
    }
}

/// A runbook run that began in the week, from the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    pub run: String,
    pub at: DateTime<Utc>,
    pub runbook: String,
    pub target: String,
    pub user: String,
    /// `succeeded`, `failed`, …, or `unfinished` while it has no outcome.
    pub outcome: String,
    pub confirmation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AlertSummary {
    /// Distinct alerts that fired in the week, by severity, most severe first.
    pub by_severity: Vec<SeverityCount>,
    pub alerts: Vec<FiredAlert>,
    /// Why the list may be empty or partial (no source, a failed query).
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeverityCount {
    pub severity: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FiredAlert {
    pub name: String,
    pub severity: String,
}

impl AlertSummary {
    /// Counts `alerts` (deduplicated by name and severity) by severity, most severe first.
    pub fn of(mut alerts: Vec<FiredAlert>, note: Option<String>) -> Self {
        alerts.sort_by(|a, b| {
            (severity_rank(&a.severity), &a.name).cmp(&(severity_rank(&b.severity), &b.name))
        });
        alerts.dedup();
        let mut by_severity: Vec<SeverityCount> = Vec::new();
        for alert in &alerts {
            match by_severity.last_mut() {
                Some(last) if last.severity == alert.severity => last.count += 1,
                _ => by_severity.push(SeverityCount {
                    severity: alert.severity.clone(),
                    count: 1,
                }),
            }
        }
        Self {
            by_severity,
            alerts,
            note,
        }
    }
}

pub(super) fn severity_rank(severity: &str) -> (u8, &str) {
    let rank = match severity {
        "critical" | "page" => 0,
        "high" | "error" => 1,
        "warning" | "medium" => 2,
        "info" | "low" => 3,
        _ => 4,
    };
    (rank, severity)
}

#[cfg(test)]
mod tests;
