//! The demo's checkpoint reads the fleet the console shows: its snapshots are sampled here at
//! the record's step as they arrive, and handed to the [`Recorder`](super::Recorder) at each
//! evaluation, so the runbook actions taken and the alerts fired while the console runs are in
//! the week. Only the weeks before the console started come from a replay.

use chrono::{DateTime, Duration, DurationRound, Utc};

use super::{CheckpointSettings, Record};
use crate::domain::FleetSnapshot;

pub struct LiveSamples {
    names: Vec<String>,
    every: Duration,
    /// The first sample's time: the replay ends there.
    since: Option<DateTime<Utc>>,
    next: Option<DateTime<Utc>>,
    /// Samples not yet handed over.
    pending: Record,
}

impl LiveSamples {
    pub fn new(settings: &CheckpointSettings) -> Self {
        let names = settings.figures();
        Self {
            pending: Record::new(&names),
            names,
            every: settings.step,
            since: None,
            next: None,
        }
    }

    /// Samples `snapshot` at its own time when a step has passed since the last sample; its
    /// alerts count whenever they are seen.
    pub fn observe(&mut self, snapshot: &FleetSnapshot) {
        let at = snapshot.taken_at;
        if self.next.is_some_and(|next| at < next) {
            self.pending.push_alerts(snapshot, at);
            return;
        }
        self.pending.push(snapshot, at);
        self.since.get_or_insert(at);
        // The next step boundary, so samples stay on the replay's grid however snapshots come.
        let boundary = at.duration_trunc(self.every).unwrap_or(at);
        self.next = Some(boundary + self.every);
    }

    pub fn since(&self) -> Option<DateTime<Utc>> {
        self.since
    }

    /// The samples taken since the last call; `None` before the first.
    pub fn take(&mut self) -> Option<Record> {
        self.since?;
        Some(std::mem::replace(
            &mut self.pending,
            Record::new(&self.names),
        ))
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::checkpoint::WeekRange;
    use crate::domain::runbook::FleetCommand;
    use crate::sources::simulator::{SampleEvery, Simulator, SimulatorConfig};

    /// 03:02 UTC on a quiet Wednesday: the web group at its minimum of 5.
    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 18, 3, 2, 0)
            .single()
            .expect("time")
    }

    fn alerts(record: &Record) -> Vec<String> {
        let day = WeekRange {
            from: start() - Duration::days(1),
            to: start() + Duration::days(1),
        };
        record
            .fired_alerts(day)
            .into_iter()
            .map(|a| a.name)
            .collect()
    }

    #[test]
    fn a_runbook_action_on_the_shown_fleet_and_its_alert_reach_the_record() {
        let settings = CheckpointSettings::default();
        let mut shown = Simulator::new(SimulatorConfig::new(42, start()));
        let mut live = LiveSamples::new(&settings);
        assert!(live.take().is_none(), "nothing seen yet");
        shown
            .apply(FleetCommand::SetDesiredCapacity {
                group: "web".into(),
                desired: 9,
                expect: None,
            })
            .expect("within limits");
        for _ in 0..12 {
            live.observe(&shown.snapshot());
            shown.advance(Duration::minutes(1));
        }
        assert_eq!(live.since(), Some(start()));
        let samples = live.take().expect("samples");
        // 03:02, then on the 5-minute grid: 03:05 and 03:10.
        assert_eq!(
            samples.span(),
            Some((start(), start() + Duration::minutes(8)))
        );
        assert_eq!(
            live.take().map(|r| r.span()),
            Some(None),
            "handed over once"
        );

        // The replayed hour before it, from a fleet of its own, then the shown one.
        let config = SimulatorConfig {
            history: Duration::hours(1),
            ..SimulatorConfig::new(42, start())
        };
        let every = SampleEvery::new(settings.step).expect("step");
        let mut record = Record::new(&settings.figures());
        Simulator::replay(config, every, |fleet, at| {
            record.push(&fleet.snapshot(), at)
        });
        assert!(!alerts(&record).contains(&"ScaleOutInProgress".to_string()));
        record.append(samples);
        assert_eq!(
            record.span().map(|(_, last)| last),
            Some(start() + Duration::minutes(8))
        );
        // Raised at 03:03 and over by 03:05: seen between two samples.
        assert!(
            alerts(&record).contains(&"ScaleOutInProgress".to_string()),
            "the alert the runbook's scale-out raised: {:?}",
            alerts(&record)
        );
    }
}
