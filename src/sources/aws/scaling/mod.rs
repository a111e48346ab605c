//! The Scaling tab from AWS: Auto Scaling groups with their policies, CloudWatch CPU and
//! memory, scaling activities, and the transitions this console observes between polls (kept
//! in the state directory, so time to scale survives restarts and covers accounts whose
//! activities say little, like an emulator's).

mod activities;
mod detail;
mod groups;
pub mod holds;
mod journal;
mod metrics;
mod observed;
mod policy;
mod samples;
mod timeline;

#[cfg(test)]
mod tests;

pub use activities::{Cause, parse_cause};
pub use journal::{FILE_NAME, MAX_AGE_DAYS, MAX_RECORDS, Transition, compact};

use chrono::{DateTime, Duration, Utc};

use super::clients::AwsClients;
use super::settings::AwsSettings;
use crate::domain::detail::{Kind, ObjectDetail, Subject};
use crate::domain::{ScalingGroup, ScalingView, Series, Trend};
use journal::Journal;
use metrics::GroupMetrics;
use observed::{Sizes, Tracker};

#[derive(Debug)]
pub struct ScalingPoller {
    tracker: Tracker,
    journal: Journal,
}

impl ScalingPoller {
    /// Loads the transitions recorded in `settings.state_dir`; a missing file is no history,
    /// a corrupt line is skipped with a warning.
    pub fn new(settings: &AwsSettings) -> Self {
        Self {
            tracker: Tracker::default(),
            journal: Journal::load(&settings.state_dir),
        }
    }

    /// Transitions recorded so far (loaded and observed), oldest first.
    pub fn transitions(&self) -> &[Transition] {
        self.journal.records()
    }

    /// Reads the groups, then their policies, metrics and activities together. Any failing call
    /// fails the poll with its error line: a view without CPU or events would look quiet.
    pub async fn poll(
        &mut self,
        clients: &AwsClients,
        settings: &AwsSettings,
        now: DateTime<Utc>,
    ) -> Result<ScalingView, String> {
        Ok(self.poll_focused(clients, settings, now, None).await?.0)
    }

    /// [`Self::poll`], and while `focus` is one of the groups, that group's detail too.
    pub async fn poll_focused(
        &mut self,
        clients: &AwsClients,
        settings: &AwsSettings,
        now: DateTime<Utc>,
        focus: Option<&Subject>,
    ) -> Result<(ScalingView, Option<ObjectDetail>), String> {
        let states = groups::read(&clients.autoscaling, &settings.groups).await?;
        let names: Vec<String> = states.iter().map(|g| g.name.clone()).collect();
        let kept = |group: &str| names.iter().any(|n| n == group);
        let (policies, mut metrics, activities, holds) = if names.is_empty() {
            Default::default()
        } else {
            tokio::try_join!(
                policy::read(&clients.autoscaling),
                metrics::read(&clients.cloudwatch, &names, &settings.memory_metric, now),
                activities::read(&clients.autoscaling, kept),
                holds::read(&clients.autoscaling, None),
            )?
        };

        let sizes: Vec<(String, Sizes)> = states
            .iter()
            .map(|g| {
                let sizes = Sizes {
                    desired: g.desired,
                    in_service: g.in_service,
                };
                (g.name.clone(), sizes)
            })
            .collect();
        let completed = self.tracker.observe(now, &sizes);
        self.journal.append(&completed);

        // The focused group's histories, kept before its figures are taken for the tab.
        let focused_metrics = focus
            .filter(|s| s.kind == Kind::Group)
            .and_then(|s| metrics.get(&s.name))
            .map(|m| GroupMetrics {
                cpu_history: m.cpu_history.clone(),
                memory_history: m.memory_history.clone(),
                ..GroupMetrics::default()
            });
        let step = Duration::from_std(settings.interval)
            .unwrap_or(Duration::seconds(30))
            .max(Duration::seconds(1));
        let groups = states
            .into_iter()
            .map(|state| {
                let measured = metrics.remove(&state.name).unwrap_or_default();
                let fine = measured
                    .instances
                    .or_else(|| self.tracker.instances(&state.name, step))
                    .unwrap_or_else(|| Series::empty(step));
                let policy = policy::policy(
                    policies.get(&state.name).map_or(&[], Vec::as_slice),
                    state.min,
                    state.max,
                    &settings.memory_metric,
                );
                ScalingGroup {
                    instance_type: state.instance_type,
                    in_service: state.in_service,
                    desired: state.desired,
                    min: state.min,
                    max: state.max,
                    cpu_percent: measured.cpu_percent,
                    memory_percent: measured.memory_percent,
                    cpu_max_1h: None,
                    policy,
                    instances: Trend {
                        coarse: Series::empty(fine.step),
                        fine,
                    },
                    pending: Some(state.pending),
                    unhealthy: Some(state.unhealthy),
                    suspended: state.suspended,
                    hold: holds
                        .get(&state.name)
                        .map_or(crate::domain::scaling::Hold::Free, |h| {
                            crate::domain::scaling::Hold::Until(h.until)
                        }),
                    name: state.name,
                }
            })
            .collect();
        let recorded: Vec<Transition> = self
            .journal
            .records()
            .iter()
            .filter(|t| kept(&t.group))
            .cloned()
            .collect();
        let (events, timings) = timeline::merge(activities, &recorded, self.tracker.pending());
        let focused = focus
            .filter(|s| s.kind == Kind::Group && kept(&s.name))
            .map(|s| s.name.as_str());
        let detail = match focused {
            Some(name) => {
                let measured = focused_metrics.unwrap_or_default();
                Some(detail::read(clients, name, measured, &events, now).await)
            }
            None => None,
        };
        let view = ScalingView {
            groups,
            events,
            databases: Vec::new(),
            cache: None,
            timings,
        };
        Ok((view, detail))
    }
}
