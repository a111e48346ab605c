//! Keeps the checkpoint's record of the simulator current: the fleet replayed over past weeks
//! once, then stepped forward to each evaluation's "now", sampling on the way. The demo's past
//! weeks are as deterministic as the simulator (seed and start); the running week moves on.

use std::sync::Arc;

use chrono::{DateTime, Datelike, Duration, Utc};

use super::{CheckpointSettings, Record};
use crate::sources::simulator::{SampleEvery, Simulator, SimulatorConfig};

pub struct Recorder {
    simulator: Simulator,
    every: Duration,
    /// The next sample's time.
    next: DateTime<Utc>,
    /// Whole weeks kept before the running one.
    weeks: u32,
    /// Shared with the evaluations reading it; copied only if one still holds it when the
    /// fleet steps on (a copy per evaluation was several MiB each time the tab was opened).
    record: Arc<Record>,
}

impl Recorder {
    /// Replays `config` and samples the figures `names` every `every`; `weeks` bounds what is
    /// kept as time goes on.
    pub fn replay(
        config: SimulatorConfig,
        every: SampleEvery,
        names: &[String],
        weeks: u32,
    ) -> Self {
        Self::continue_replay(Record::new(names), config, every, weeks)
    }

    /// As `replay`, after what `record` already holds.
    fn continue_replay(
        mut record: Record,
        config: SimulatorConfig,
        every: SampleEvery,
        weeks: u32,
    ) -> Self {
        let simulator = Simulator::replay(config, every, |simulator, at| {
            record.push(&simulator.snapshot(), at);
        });
        let every = every.duration();
        let next = record
            .span()
            .map_or_else(|| simulator.now(), |(_, last)| last + every);
        Self {
            simulator,
            every,
            next,
            weeks,
            record: Arc::new(record),
        }
    }

    /// The demo's: `weeks` whole weeks (from a UTC Monday) before the running one, up to `now`,
    /// with the figures the criteria name. Seconds of CPU: call it off the loop's thread.
    ///
    /// The record's recent part is the console's own fleet (seed and start as `Simulator::new`
    /// builds it, so the tabs and the checkpoint show one fleet); the weeks before that fleet's
    /// recorded history come from a longer replay ending where that history begins.
    pub fn for_demo(
        seed: u64,
        now: DateTime<Utc>,
        weeks: u32,
        settings: &CheckpointSettings,
    ) -> Result<Self, String> {
        let every = SampleEvery::new(settings.step)?;
        let figures = settings.figures();
        let fleet = SimulatorConfig::new(seed, now);
        let (first, split) = (first_monday(now, weeks), now - fleet.history);
        let mut record = Record::new(&figures);
        if first < split {
            let past = SimulatorConfig {
                history: split - first,
                ..SimulatorConfig::new(seed, split)
            };
            Simulator::replay(past, every, |simulator, at| {
                record.push(&simulator.snapshot(), at);
            });
            record.rebase_counters();
        }
        Ok(Self::continue_replay(record, fleet, every, weeks))
    }

    /// Steps the fleet to `now`, sampling on the way, and forgets what fell out of the window.
    pub fn advance_to(&mut self, now: DateTime<Utc>) {
        let from = first_monday(now, self.weeks);
        let stale = self.record.span().is_some_and(|(first, _)| first < from);
        if self.next > now && !stale {
            return; // nothing to add or forget: no reason to copy a record still being read
        }
        let record = Arc::make_mut(&mut self.record);
        while self.next <= now {
            self.simulator.advance(self.next - self.simulator.now());
            record.push(&self.simulator.snapshot(), self.next);
            self.next += self.every;
        }
        record.trim_before(from);
    }

    /// Adds the samples of the fleet the console shows (after this replay's end) and forgets
    /// what fell out of the window; this replay no longer steps.
    pub fn absorb(&mut self, live: Record, now: DateTime<Utc>) {
        if live.span().is_none() {
            return; // nothing new: no reason to copy a record still being read
        }
        let record = Arc::make_mut(&mut self.record);
        record.append(live);
        record.trim_before(first_monday(now, self.weeks));
    }

    pub fn record(&self) -> &Arc<Record> {
        &self.record
    }

    pub fn into_record(self) -> Arc<Record> {
        self.record
    }
}

/// 00:00 UTC on the Monday `weeks` weeks before `now`'s week.
fn first_monday(now: DateTime<Utc>, weeks: u32) -> DateTime<Utc> {
    let today = now.date_naive();
    let monday = today
        - Duration::days(i64::from(today.weekday().num_days_from_monday()))
        - Duration::weeks(i64::from(weeks));
    monday.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::checkpoint::defaults;

    /// An hour of record at 5-minute samples, up to Wednesday 03:00 UTC.
    fn an_hour(start: DateTime<Utc>) -> Recorder {
        let config = SimulatorConfig {
            history: Duration::hours(1),
            // No scripted surge in this hour: night-time traffic only.
            ..SimulatorConfig::new(7, start).with_surge_after(Duration::days(30))
        };
        let every = SampleEvery::new(Duration::minutes(5)).expect("step");
        Recorder::replay(config, every, &["service.*.rps".to_string()], 0)
    }

    #[test]
    fn evaluations_share_the_record_and_a_step_copies_it_only_while_one_reads_it() {
        let start = Utc
            .with_ymd_and_hms(2026, 11, 18, 3, 0, 0)
            .single()
            .expect("time");
        let mut recorder = an_hour(start);
        let read = Arc::clone(recorder.record());
        recorder.advance_to(start - Duration::minutes(1));
        assert!(Arc::ptr_eq(&read, recorder.record()), "nothing new: shared");
        recorder.advance_to(start + Duration::minutes(30));
        assert!(!Arc::ptr_eq(&read, recorder.record()), "stepped on: copied");
        assert_eq!(
            read.span().map(|(_, last)| last),
            Some(start - Duration::minutes(5))
        );
        drop(read);
        let alone = Arc::as_ptr(recorder.record());
        recorder.advance_to(start + Duration::hours(1));
        assert_eq!(
            Arc::as_ptr(recorder.record()),
            alone,
            "no reader: stepped in place"
        );
    }

    #[test]
    fn steps_forward_sampling_and_keeps_a_bounded_window() {
        let start = Utc
            .with_ymd_and_hms(2026, 11, 18, 3, 0, 0)
            .single()
            .expect("time");
        let mut recorder = an_hour(start);
        let (first, last) = recorder.record().span().expect("samples");
        assert_eq!(
            (first, last),
            (start - Duration::hours(1), start - Duration::minutes(5))
        );
        recorder.advance_to(start + Duration::hours(1));
        let (_, last) = recorder.record().span().expect("samples");
        assert_eq!(last, start + Duration::hours(1), "stepped forward to now");
        let throughput = defaults::criteria()
            .into_iter()
            .find(|c| c.name == "Peak throughput")
            .expect("built-in");
        let hour = crate::domain::checkpoint::WeekRange {
            from: start,
            to: start + Duration::hours(1),
        };
        let peak = recorder
            .record()
            .measure(&throughput, hour)
            .value
            .expect("a value");
        assert!(
            (800.0..8000.0).contains(&peak),
            "night-time rps of every service {peak}"
        );
        // The next week, with no weeks kept before the running one: only that week remains.
        let later = start + Duration::days(6);
        recorder.advance_to(later);
        let (first, _) = recorder.record().span().expect("samples");
        assert_eq!(
            first,
            Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0)
                .single()
                .expect("monday")
        );
    }

    /// A day of the seeded demo fleet: the scaling criteria fold each automatic scale-out of
    /// the web group, and the trigger-delay target says why its policy cannot meet it.
    #[test]
    fn scaling_criteria_time_automatic_scale_outs_and_name_an_unreachable_target() {
        let start = Utc
            .with_ymd_and_hms(2026, 11, 18, 18, 0, 0)
            .single()
            .expect("time");
        let config = SimulatorConfig {
            history: Duration::days(1),
            ..SimulatorConfig::new(42, start)
        };
        let every = SampleEvery::new(Duration::minutes(5)).expect("step");
        let names = ["group.web.trigger_delay_s", "group.web.provisioning_s"].map(String::from);
        let recorder = Recorder::replay(config, every, &names, 0);
        let criterion = |name: &str| {
            defaults::criteria()
                .into_iter()
                .find(|c| c.name == name)
                .expect("built-in")
        };
        let day = crate::domain::checkpoint::WeekRange {
            from: start - Duration::days(1),
            to: start,
        };
        let trigger = recorder.record().measure(&criterion("Trigger delay"), day);
        assert_eq!(
            trigger.value,
            Some(120.0),
            "every one waited out the 2-minute period"
        );
        assert_eq!(
            trigger.note.as_deref(),
            Some(
                "out of reach of the policy: it acts after 120 s above its threshold (its \
                 evaluation period), so no trigger delay is <= 30 s"
            )
        );
        let provisioning = recorder
            .record()
            .measure(&criterion("Provisioning time"), day);
        // 75 s to launch, in service at the next 10 s step.
        assert_eq!((provisioning.value, provisioning.note), (Some(80.0), None));
    }
}
