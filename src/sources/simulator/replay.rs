//! Building the fleet by replaying its history from the start of the month (at least 8 days), and
//! the sampling hook exporters use to see that history: one stepping loop serves both, so state
//! sampled at a time is exactly what a live fleet started later had at that time.

use chrono::{DateTime, Datelike, Duration, DurationRound, Utc};

use super::cost::Ledger;
use super::data_tier::DataTier;
use super::group::{Group, phase_policy};
use super::rng::Rng;
use super::services::{self, Service};
use super::{STEP, Simulator, SimulatorConfig, load};

/// The shortest replay: week-over-week views need eight days, and a shorter record must not
/// change the fleet's state at its start (so exported history and the live fleet line up).
pub const MIN_REPLAY: Duration = Duration::days(8);

/// How often [`Simulator::replay`] samples: a whole number of simulation steps (10 s), so every
/// sample falls on the end of a step and sampling never changes how the model steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleEvery(Duration);

impl SampleEvery {
    pub fn duration(self) -> Duration {
        self.0
    }

    pub fn new(every: Duration) -> Result<Self, String> {
        let whole_steps = every.num_milliseconds() % STEP.num_milliseconds() == 0;
        if every >= STEP && whole_steps {
            Ok(Self(every))
        } else {
            Err(format!(
                "the sample step must be a positive multiple of {}s (the simulator's resolution), e.g. 30s or 1m",
                STEP.num_seconds()
            ))
        }
    }
}

impl Simulator {
    pub fn new(config: SimulatorConfig) -> Self {
        Self::replay(config, SampleEvery(STEP), |_, _| {})
    }

    /// Replays the history up to `config.start`, calling `sample(state, t)` with the state at each
    /// multiple `t` of `every` from the first recorded time (`start − history`) to one minute
    /// before the start, so the samples end in the past and a live fleet continues them.
    pub fn replay(
        config: SimulatorConfig,
        every: SampleEvery,
        mut sample: impl FnMut(&Self, DateTime<Utc>),
    ) -> Self {
        let mut simulator = Self::at_history_start(&config);
        let target = simulator.started;
        let last = target - Duration::minutes(1);
        let mut next = ceil_to(simulator.record_from, every.0);
        loop {
            // The replay starts on a whole minute and steps by `STEP`, so it lands on every sample.
            if next <= last && simulator.now == next {
                sample(&simulator, next);
                next += every.0;
            }
            if simulator.now >= target {
                return simulator;
            }
            simulator.step(STEP.min(target - simulator.now));
        }
    }

    fn at_history_start(config: &SimulatorConfig) -> Self {
        let start = config
            .start
            .duration_trunc(Duration::seconds(1))
            .unwrap_or(config.start);
        let month_start = start
            .date_naive()
            .with_day(1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map_or(start, |d| d.and_utc());
        let record_from = start - config.history;
        let replay = config.history.max(MIN_REPLAY);
        let history_start = month_start
            .min(start - replay)
            .duration_trunc(Duration::minutes(1))
            .unwrap_or(start - replay);
        let web = Group::new(
            "web",
            "t3.large",
            0.1664,
            (5, 5, 12),
            Some(phase_policy()),
            (config.seed, history_start),
        );
        // The worker fleet is sized by hand (14 × c5.2xlarge puts EC2 near $4,100/month).
        let worker = Group::new(
            "worker",
            "c5.2xlarge",
            0.34,
            (10, 14, 20),
            None,
            (config.seed, history_start),
        );
        Self {
            seed: config.seed,
            rng: Rng::new(config.seed),
            now: history_start,
            started: start,
            history_start,
            record_from,
            counting_from: start - replay,
            next_minute: history_start + Duration::minutes(1),
            incidents: load::incidents(start, config.surge_after, replay.num_days()),
            groups: [web, worker],
            services: services::CATALOG
                .iter()
                .map(|profile| Service::new(*profile, config.seed))
                .collect(),
            objectives: config.objectives.clone(),
            ledger: Ledger::with_spikes(config.seed),
            data_tier: DataTier::new(),
            jitter: 1.0,
            web_rps: 0.0,
            alerts: Vec::new(),
            alert_since: std::collections::BTreeMap::new(),
            load_test: None,
            check_log: std::collections::BTreeMap::new(),
            operated: super::operated::Operated::default(),
        }
    }
}

/// The first multiple of `every` (counted from the Unix epoch) at or after `t`.
fn ceil_to(t: DateTime<Utc>, every: Duration) -> DateTime<Utc> {
    let step = every.num_milliseconds();
    let millis = t.timestamp_millis();
    let rounded = millis.div_euclid(step) * step;
    let up = if rounded < millis {
        rounded + step
    } else {
        rounded
    };
    DateTime::from_timestamp_millis(up).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::simulator::Histogram;
    use crate::sources::simulator::counters::RequestCounters;
    use chrono::TimeZone;

    /// Noon on a weekday: busy (web CPU near 70 %) but below the scale-out threshold.
    fn noon() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 18, 12, 0, 0)
            .single()
            .expect("valid time")
    }

    fn every(minutes: i64) -> SampleEvery {
        SampleEvery::new(Duration::minutes(minutes)).expect("a whole number of steps")
    }

    fn counters(simulator: &Simulator) -> Vec<RequestCounters> {
        simulator.services.iter().map(|s| s.counters).collect()
    }

    #[test]
    fn samples_every_minute_of_the_record_and_ends_where_new_does() {
        let config = SimulatorConfig::new(7, noon());
        let mut times = Vec::new();
        let mut previous: Option<Vec<RequestCounters>> = None;
        let replayed = Simulator::replay(config.clone(), every(1), |simulator, at| {
            assert_eq!(simulator.now(), at, "sampled at the end of a step");
            times.push(at);
            let now = counters(simulator);
            if let Some(before) = previous.replace(now.clone()) {
                for (then, now) in before.iter().zip(&now) {
                    let pairs = then.buckets.iter().zip(&now.buckets);
                    let grew = pairs.chain([(&then.sum_seconds, &now.sum_seconds)]);
                    let grew = grew.chain([(&then.ok, &now.ok), (&then.errors, &now.errors)]);
                    assert!(grew.into_iter().all(|(a, b)| b >= a), "monotonic at {at}");
                }
            }
        });
        assert_eq!(times.first(), Some(&(noon() - Duration::days(8))));
        assert_eq!(times.last(), Some(&(noon() - Duration::minutes(1))));
        assert_eq!(times.len(), 8 * 24 * 60);
        let fresh = Simulator::new(config);
        assert_eq!(counters(&replayed), counters(&fresh));
        assert_eq!(replayed.snapshot(), fresh.snapshot());
    }

    /// `history --days 1` and `serve` build the same fleet: a shorter record changes no state.
    #[test]
    fn a_shorter_record_leaves_the_state_at_start_unchanged() {
        let day = SimulatorConfig {
            history: Duration::days(1),
            ..SimulatorConfig::new(7, noon())
        };
        let week = Simulator::new(SimulatorConfig::new(7, noon()));
        assert_eq!(Simulator::new(day).exposition(), week.exposition());
    }

    /// What `histogram_quantile(0.99, rate(..._bucket[5m]))` computes from the exported counters
    /// matches the p99 the model reports.
    #[test]
    fn p99_from_five_minute_counter_deltas_matches_the_model() {
        let config = SimulatorConfig {
            history: Duration::hours(1),
            ..SimulatorConfig::new(7, noon())
        };
        let mut samples = Vec::new();
        Simulator::replay(config, every(1), |simulator, _| {
            let api = &simulator.services[0];
            let p99 = api
                .histogram(simulator.web_rps, &simulator.conditions())
                .quantile(0.99);
            samples.push((api.counters, p99, simulator.groups[0].in_service()));
        });
        assert!(
            samples.iter().all(|s| s.2 == samples[0].2),
            "a steady hour: no scaling"
        );
        for window in samples.windows(6) {
            let (first, last) = (&window[0], &window[5]);
            let deltas = first.0.buckets.iter().zip(&last.0.buckets);
            let cumulative = deltas.map(|(a, b)| b - a).collect();
            let from_counters = Histogram { cumulative }.quantile(0.99);
            let error = (from_counters / last.1 - 1.0).abs();
            assert!(
                error < 0.05,
                "p99 {from_counters} vs model {} ({error})",
                last.1
            );
        }
        assert!(
            samples[0].1 > 0.3,
            "busy enough to test: p99 {}",
            samples[0].1
        );
    }

    #[test]
    fn sample_steps_are_whole_simulation_steps() {
        assert!(SampleEvery::new(Duration::seconds(30)).is_ok());
        for bad in [0, -60, 5, 15] {
            assert!(SampleEvery::new(Duration::seconds(bad)).is_err(), "{bad}s");
        }
        let t = Utc
            .with_ymd_and_hms(2026, 11, 18, 12, 0, 5)
            .single()
            .expect("time");
        assert_eq!(
            ceil_to(t, Duration::minutes(1)),
            noon() + Duration::minutes(1)
        );
        assert_eq!(ceil_to(noon(), Duration::minutes(1)), noon());
    }
}
