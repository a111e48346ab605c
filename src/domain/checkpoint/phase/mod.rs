//! The phase plan: consecutive steps with durations, owners and the criteria each must meet,
//! and where the phase stands on a given day.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::criterion::Verdict;
use super::week::IsoWeek;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PhasePlan {
    pub name: String,
    pub start: NaiveDate,
    /// Defaults to the day after the last step ends.
    #[serde(default)]
    pub end: Option<NaiveDate>,
    pub steps: Vec<PhaseStep>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PhaseStep {
    pub name: String,
    /// Calendar days; the step starts when the previous one ends, or at `start`.
    pub days: u32,
    #[serde(default)]
    pub start: Option<NaiveDate>,
    #[serde(default)]
    pub owner: String,
    /// Names of criteria this step must meet to be done.
    #[serde(default)]
    pub criteria: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepState {
    Upcoming,
    InProgress,
    /// Its days are over and every criterion it names is met.
    Done,
    /// Its days are over and a criterion it names is missed or unknown.
    Late,
}

impl StepState {
    pub fn label(self) -> &'static str {
        match self {
            Self::Upcoming => "upcoming",
            Self::InProgress => "in progress",
            Self::Done => "done",
            Self::Late => "late",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepStatus {
    pub name: String,
    pub owner: String,
    pub start: NaiveDate,
    /// The last day of the step (inclusive).
    pub end: NaiveDate,
    pub state: StepState,
    pub criteria: Vec<String>,
    /// Its criteria not met on the day it is judged, with why (missed, unknown, not defined)
    /// and the week of that verdict when it is not the status's week.
    pub failing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseStatus {
    pub name: String,
    pub start: NaiveDate,
    /// The last day of the phase (inclusive).
    pub end: NaiveDate,
    pub today: NaiveDate,
    /// Day `day` of `days` (0 before the phase, `days` after it).
    pub day: i64,
    pub days: i64,
    pub days_left: i64,
    pub steps: Vec<StepStatus>,
}

/// Ten years: a plan longer than that is a typo, and date arithmetic stays in range.
const MAX_STEP_DAYS: u32 = 3_650;

impl PhasePlan {
    pub fn validate(&self) -> Result<(), String> {
        if self.steps.is_empty() {
            return Err(format!("phase {:?} has no steps", self.name));
        }
        if let Some(step) = self
            .steps
            .iter()
            .find(|s| s.days == 0 || s.days > MAX_STEP_DAYS)
        {
            return Err(format!(
                "phase step {:?} lasts {} days (1 to {MAX_STEP_DAYS})",
                step.name, step.days
            ));
        }
        let mut earliest = self.start;
        for (step, (start, end)) in self.steps.iter().zip(self.step_dates()) {
            if start < earliest {
                return Err(format!(
                    "phase step {:?} starts {start}, before the phase or the step before it (from {earliest})",
                    step.name
                ));
            }
            earliest = end;
        }
        let last = self.step_dates().last().map(|(_, end)| *end);
        match (self.end, last) {
            (Some(end), Some(last)) if end < last => Err(format!(
                "phase {:?} ends {end}, before its last step does ({last})",
                self.name
            )),
            _ => Ok(()),
        }
    }

    /// Each step's first and last day.
    fn step_dates(&self) -> Vec<(NaiveDate, NaiveDate)> {
        let mut next = self.start;
        self.steps
            .iter()
            .map(|step| {
                let start = step.start.unwrap_or(next);
                let end = start + Duration::days(i64::from(step.days) - 1);
                next = end + Duration::days(1);
                (start, end)
            })
            .collect()
    }

    /// The phase on `today`, with each criterion's verdict as `verdict(name, day)` (`None`: no
    /// such criterion). A finished step is judged on its last day, so it stays done (or late)
    /// whatever later weeks bring; a running one on `today`.
    pub fn status(
        &self,
        today: NaiveDate,
        verdict: impl Fn(&str, NaiveDate) -> Option<Verdict>,
    ) -> PhaseStatus {
        let dates = self.step_dates();
        let end = self
            .end
            .or_else(|| dates.last().map(|(_, end)| *end))
            .unwrap_or(self.start);
        let steps = self
            .steps
            .iter()
            .zip(dates)
            .map(|(step, (start, last))| {
                let judged_on = last.min(today);
                // A finished step keeps its last week's verdicts: say which week they are, so
                // they never read as this week's row's.
                let week = IsoWeek::containing(judged_on);
                let when = if week == IsoWeek::containing(today) {
                    String::new()
                } else {
                    format!(" in {week}")
                };
                let failing: Vec<String> = step
                    .criteria
                    .iter()
                    .filter_map(|name| match verdict(name, judged_on) {
                        Some(Verdict::Met) => None,
                        Some(v) => Some(format!("{name} ({}{when})", v.label())),
                        None => Some(format!("{name} (no such criterion)")),
                    })
                    .collect();
                let state = if today < start {
                    StepState::Upcoming
                } else if today <= last {
                    StepState::InProgress
                } else if failing.is_empty() {
                    StepState::Done
                } else {
                    StepState::Late
                };
                StepStatus {
                    name: step.name.clone(),
                    owner: step.owner.clone(),
                    start,
                    end: last,
                    state,
                    criteria: step.criteria.clone(),
                    failing,
                }
            })
            .collect();
        let days = ((end - self.start).num_days() + 1).max(1);
        PhaseStatus {
            name: self.name.clone(),
            start: self.start,
            end,
            today,
            day: ((today - self.start).num_days() + 1).clamp(0, days),
            days,
            days_left: (end - today).num_days().clamp(0, days),
            steps,
        }
    }
}

#[cfg(test)]
mod tests;
