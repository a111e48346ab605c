//! The latest snapshot of each source and how fresh it is (`Freshness::of`, the one rule): a
//! failure keeps the last good value, and stale data is never shown as if it were current.
//! With several sources (Prometheus and the AWS parts) the tabs see one merged snapshot,
//! rebuilt when an update lands, not on every frame.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

pub use crate::domain::Freshness;
use chrono::{DateTime, Utc};

use crate::domain::{FleetSnapshot, PanelReading, SourceId, SourceUpdate, Topic};

#[derive(Debug)]
struct SourceState {
    interval: Duration,
    snapshot: Option<(Box<FleetSnapshot>, Instant)>,
    error: Option<(String, Instant)>,
}

#[derive(Debug, Default)]
pub struct DataStore {
    sources: BTreeMap<SourceId, SourceState>,
    /// The overlay of every source's snapshot, when more than one has one.
    merged: Option<Box<FleetSnapshot>>,
}

impl DataStore {
    pub fn register(&mut self, source: SourceId, interval: Duration) {
        self.sources.insert(
            source,
            SourceState {
                interval,
                snapshot: None,
                error: None,
            },
        );
    }

    pub fn apply(&mut self, update: SourceUpdate, now: Instant) {
        let Some(state) = self.sources.get_mut(&update.source) else {
            return;
        };
        match update.result {
            Ok(snapshot) => {
                state.snapshot = Some((snapshot, now));
                state.error = None;
                self.merge();
            }
            Err(error) => state.error = Some((error, now)),
        }
    }

    /// Base sources sort first (`SourceId`'s order), so the AWS parts lay over them.
    fn merge(&mut self) {
        let mut snapshots = self
            .sources
            .values()
            .filter_map(|s| s.snapshot.as_ref().map(|(snap, _)| snap.as_ref()));
        let first = snapshots.next();
        let mut rest = snapshots.peekable();
        self.merged = match (first, rest.peek()) {
            (Some(first), Some(_)) => {
                let mut merged = first.clone();
                rest.for_each(|s| merged.overlay(s));
                Some(Box::new(merged))
            }
            _ => None,
        };
    }

    /// The snapshot the tabs show: the only source's, or every source's merged.
    pub fn snapshot(&self) -> Option<&FleetSnapshot> {
        self.merged.as_deref().or_else(|| {
            self.sources
                .values()
                .find_map(|s| s.snapshot.as_ref().map(|(snap, _)| snap.as_ref()))
        })
    }

    pub fn sources(&self) -> impl Iterator<Item = SourceId> + '_ {
        self.sources.keys().copied()
    }

    pub fn freshness(&self, source: SourceId, now: Instant) -> Freshness {
        let Some(state) = self.sources.get(&source) else {
            return Freshness::Loading;
        };
        let age = state
            .snapshot
            .as_ref()
            .map(|(_, at)| now.saturating_duration_since(*at));
        let error = state.error.as_ref().map(|(error, _)| error.as_str());
        Freshness::of(age, state.interval, error)
    }

    /// The worst freshness of the panels `keep` selects; `None` when there are none (a source
    /// like the simulator computes its figures without queries).
    pub fn panel_freshness(
        &self,
        wall: DateTime<Utc>,
        keep: impl Fn(&PanelReading) -> bool,
    ) -> Option<Freshness> {
        self.snapshot()?
            .panels
            .iter()
            .filter(|p| keep(p))
            .map(|p| p.status.freshness(wall))
            .reduce(Freshness::worst)
    }

    /// How many panels failed at their last attempt.
    pub fn failing_panels(&self) -> usize {
        self.snapshot().map_or(0, |s| {
            s.panels.iter().filter(|p| p.status.error.is_some()).count()
        })
    }

    /// True when a source behind `topic`'s tab is not fresh: the tab then marks its figures.
    pub fn stale_for(&self, topic: Topic, now: Instant) -> bool {
        self.sources()
            .filter(|s| s.covers(topic))
            .any(|s| !matches!(self.freshness(s, now), Freshness::Fresh { .. }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    fn snapshot() -> Box<FleetSnapshot> {
        Box::new(FleetSnapshot::empty(DateTime::<Utc>::UNIX_EPOCH))
    }

    #[test]
    fn loading_fresh_stale_failed_keeps_last_value() {
        let t0 = Instant::now();
        let mut store = DataStore::default();
        store.register(SourceId::Simulator, Duration::from_secs(2));
        assert_eq!(store.freshness(SourceId::Simulator, t0), Freshness::Loading);

        store.apply(
            SourceUpdate {
                source: SourceId::Simulator,
                result: Ok(snapshot()),
            },
            t0,
        );
        let at = |s| t0 + Duration::from_secs(s);
        assert_eq!(
            store.freshness(SourceId::Simulator, at(1)),
            Freshness::Fresh {
                age: Duration::from_secs(1)
            }
        );
        assert_eq!(
            store.freshness(SourceId::Simulator, at(5)),
            Freshness::Stale {
                age: Duration::from_secs(5)
            }
        );

        store.apply(
            SourceUpdate {
                source: SourceId::Simulator,
                result: Err("boom".into()),
            },
            at(6),
        );
        assert_eq!(
            store.freshness(SourceId::Simulator, at(6)),
            Freshness::Failed {
                error: "boom".into(),
                age: Some(Duration::from_secs(6))
            }
        );
        assert!(
            store.snapshot().is_some(),
            "a failure keeps the last good snapshot"
        );
        assert!(store.stale_for(Topic::Latency, at(6)));
    }

    #[test]
    fn a_failing_cloud_part_marks_only_its_own_tab_and_parts_are_merged() {
        let t0 = Instant::now();
        let mut store = DataStore::default();
        store.register(SourceId::Prometheus, Duration::from_secs(5));
        store.register(SourceId::AwsCost, Duration::from_secs(3600));
        let mut base = snapshot();
        base.alerts = Vec::new();
        store.apply(
            SourceUpdate {
                source: SourceId::Prometheus,
                result: Ok(base),
            },
            t0,
        );
        assert!(
            store.stale_for(Topic::Cost, t0),
            "cost is still loading from Cost Explorer"
        );
        assert!(!store.stale_for(Topic::Latency, t0));
        let mut cost = snapshot();
        cost.taken_at = DateTime::<Utc>::UNIX_EPOCH + chrono::Duration::hours(1);
        store.apply(
            SourceUpdate {
                source: SourceId::AwsCost,
                result: Ok(cost),
            },
            t0,
        );
        assert!(!store.stale_for(Topic::Cost, t0));
        assert_eq!(
            store.snapshot().map(|s| s.taken_at),
            Some(DateTime::<Utc>::UNIX_EPOCH + chrono::Duration::hours(1)),
            "the merged snapshot is as new as its newest part"
        );
    }
}
