//! The Scaling tab from AWS: Auto Scaling groups with their policies, CloudWatch CPU and
//! memory, scaling activities, and the transitions this console observes between polls (kept
//! in the state directory, so time to scale survives restarts and covers accounts whose
//! activities say little, like an emulator's).

mod activities;
mod detail;
mod groups;
pub mod holds;
mod metrics;
mod policy;
mod samples;

#[cfg(test)]
mod tests;

pub use activities::{Cause, parse_cause};

use chrono::{DateTime, Utc};

use super::clients::AwsClients;
use super::settings::AwsSettings;
use crate::domain::detail::{Kind, ObjectDetail, Subject};
use crate::domain::{ScalingGroup, ScalingView};
use crate::sources::observed_scaling::journal::Transition;
use crate::sources::observed_scaling::tracker::Sizes;
use crate::sources::observed_scaling::{Observer, step};
use metrics::GroupMetrics;

/// The state directory's file of the transitions observed on the account's groups.
pub const FILE_NAME: &str = "scaling-transitions.jsonl";

#[derive(Debug)]
pub struct ScalingPoller {
    observer: Observer,
}

impl ScalingPoller {
    /// Loads the transitions recorded in `settings.state_dir`; a missing file is no history,
    /// a corrupt line is skipped with a warning.
    pub fn new(settings: &AwsSettings) -> Self {
        Self {
            observer: Observer::new(&settings.state_dir, FILE_NAME),
        }
    }

    /// Transitions recorded so far (loaded and observed), oldest first.
    pub fn transitions(&self) -> &[Transition] {
        self.observer.transitions()
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
        self.observer.observe(now, &sizes);

        // The focused group's histories, kept before its figures are taken for the tab.
        let focused_metrics = focus
            .filter(|s| s.kind == Kind::Group)
            .and_then(|s| metrics.get(&s.name))
            .map(|m| GroupMetrics {
                cpu_history: m.cpu_history.clone(),
                memory_history: m.memory_history.clone(),
                ..GroupMetrics::default()
            });
        let step = step(settings.interval);
        let groups = states
            .into_iter()
            .map(|state| {
                let measured = metrics.remove(&state.name).unwrap_or_default();
                let instances = self.observer.trend(&state.name, step, measured.instances);
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
                    instances,
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
        let (events, timings) = self.observer.timeline(activities, kept);
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
