//! When each job runs. Rules that keep the console kind to Prometheus:
//! - at most one request per job in flight; the poller says when a job that succeeded is due
//!   again (one interval after it was *launched*, so the real period is the interval, or the
//!   backend's latency when that is longer);
//! - a job that fails on its own (bad query, timeout) retries after its base delay, doubling
//!   up to a minute;
//! - an endpoint that refuses connections or answers 502–504 holds all its jobs; its first job
//!   probes with a growing delay (capped at the interval), and the first success makes every
//!   job due at once, so data recovers within one interval of the server coming back.

use std::time::Duration;

use tokio::time::Instant;

const MAX_JOB_BACKOFF: Duration = Duration::from_secs(60);
const FIRST_PROBE: Duration = Duration::from_millis(500);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Success; the job is next due at the given time.
    Succeeded { next_due: Instant },
    /// This job failed; others are unaffected.
    Failed,
    /// The endpoint is unreachable: hold its jobs and probe.
    EndpointDown,
}

#[derive(Debug, Clone)]
struct JobState {
    endpoint: usize,
    retry_base: Duration,
    next_due: Instant,
    in_flight: bool,
    failures: u32,
}

#[derive(Debug, Clone, Default)]
struct Circuit {
    /// While open: the next probe time and the current probe delay.
    open: Option<(Instant, Duration)>,
}

#[derive(Debug)]
pub struct Schedule {
    jobs: Vec<JobState>,
    circuits: Vec<Circuit>,
}

impl Schedule {
    /// `jobs` are (endpoint index, base delay of retries); every job is due at `now`.
    pub fn new(jobs: &[(usize, Duration)], now: Instant) -> Self {
        let endpoints = jobs.iter().map(|j| j.0 + 1).max().unwrap_or(0);
        Self {
            jobs: jobs
                .iter()
                .map(|&(endpoint, retry_base)| JobState {
                    endpoint,
                    retry_base,
                    next_due: now,
                    in_flight: false,
                    failures: 0,
                })
                .collect(),
            circuits: vec![Circuit::default(); endpoints],
        }
    }

    /// The jobs to launch now; they are marked in flight.
    pub fn take_due(&mut self, now: Instant) -> Vec<usize> {
        let mut due = Vec::new();
        for (endpoint, circuit) in self.circuits.iter().enumerate() {
            let mut jobs = self
                .jobs
                .iter_mut()
                .enumerate()
                .filter(|(_, j)| j.endpoint == endpoint);
            match circuit.open {
                // Probe with the endpoint's first job only, once nothing else is outstanding.
                Some((probe_at, _)) => {
                    if let Some((index, job)) = jobs.next()
                        && probe_at <= now
                        && !job.in_flight
                    {
                        job.in_flight = true;
                        due.push(index);
                    }
                }
                None => {
                    for (index, job) in jobs {
                        if job.next_due <= now && !job.in_flight {
                            job.in_flight = true;
                            due.push(index);
                        }
                    }
                }
            }
        }
        due
    }

    pub fn finished(&mut self, index: usize, launched: Instant, now: Instant, outcome: Outcome) {
        let Some(job) = self.jobs.get_mut(index) else {
            return;
        };
        job.in_flight = false;
        let endpoint = job.endpoint;
        match outcome {
            Outcome::Succeeded { next_due } => {
                job.failures = 0;
                job.next_due = next_due;
                if self.circuits[endpoint].open.take().is_some() {
                    // The server is back: everything it holds is due now.
                    for (other_index, other) in self.jobs.iter_mut().enumerate() {
                        if other_index != index && other.endpoint == endpoint && !other.in_flight {
                            other.next_due = now;
                        }
                    }
                }
            }
            Outcome::Failed => {
                job.failures = job.failures.saturating_add(1);
                let cap = MAX_JOB_BACKOFF.max(job.retry_base);
                let factor = 2u32.saturating_pow(job.failures.saturating_sub(1).min(16));
                job.next_due = launched.max(now) + job.retry_base.saturating_mul(factor).min(cap);
            }
            Outcome::EndpointDown => {
                let base = job.retry_base;
                let circuit = &mut self.circuits[endpoint];
                let delay = match circuit.open {
                    Some((_, delay)) => (delay * 2).min(base.max(FIRST_PROBE)),
                    None => FIRST_PROBE.min(base),
                };
                circuit.open = Some((now + delay, delay));
            }
        }
    }

    /// Every job due now (the refresh key); an open circuit probes now.
    pub fn refresh_all(&mut self, now: Instant) {
        for job in &mut self.jobs {
            job.next_due = now;
        }
        for circuit in &mut self.circuits {
            if let Some((probe_at, _)) = &mut circuit.open {
                *probe_at = now;
            }
        }
    }

    /// When something next becomes due (`None` while everything is in flight).
    pub fn next_wake(&self) -> Option<Instant> {
        let probes = self
            .circuits
            .iter()
            .filter_map(|c| c.open.map(|(at, _)| at));
        let jobs = self
            .jobs
            .iter()
            .filter(|j| !j.in_flight && self.circuits[j.endpoint].open.is_none())
            .map(|j| j.next_due);
        probes.chain(jobs).min()
    }

    pub fn endpoint_down(&self, endpoint: usize) -> bool {
        self.circuits
            .get(endpoint)
            .is_some_and(|c| c.open.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn one_in_flight_per_job_and_period_from_launch() {
        let t0 = Instant::now();
        let mut schedule = Schedule::new(&[(0, 2 * SECOND), (0, 2 * SECOND)], t0);
        assert_eq!(schedule.take_due(t0), vec![0, 1]);
        assert!(
            schedule.take_due(t0 + 5 * SECOND).is_empty(),
            "still in flight"
        );
        // A slow answer (3 s) is due again at once: the period is the latency, not 4 s.
        schedule.finished(
            0,
            t0,
            t0 + 3 * SECOND,
            Outcome::Succeeded {
                next_due: t0 + 2 * SECOND,
            },
        );
        assert_eq!(schedule.take_due(t0 + 3 * SECOND), vec![0]);
        schedule.finished(
            1,
            t0,
            t0 + SECOND,
            Outcome::Succeeded {
                next_due: t0 + 2 * SECOND,
            },
        );
        assert_eq!(schedule.next_wake(), Some(t0 + 2 * SECOND));
    }

    #[test]
    fn failures_back_off_and_a_down_endpoint_is_probed_then_recovers() {
        let t0 = Instant::now();
        let mut schedule = Schedule::new(&[(0, 2 * SECOND), (0, 2 * SECOND), (1, 2 * SECOND)], t0);
        schedule.take_due(t0);
        schedule.finished(1, t0, t0, Outcome::Failed);
        schedule.finished(1, t0, t0, Outcome::Failed);
        schedule.finished(
            2,
            t0,
            t0,
            Outcome::Succeeded {
                next_due: t0 + 2 * SECOND,
            },
        );
        // Endpoint 0 goes down: only its first job probes, after 0.5 s, then 1 s, then 2 s.
        schedule.finished(0, t0, t0, Outcome::EndpointDown);
        assert!(schedule.take_due(t0 + SECOND / 4).is_empty());
        assert_eq!(schedule.take_due(t0 + SECOND / 2), vec![0]);
        schedule.finished(0, t0, t0 + SECOND, Outcome::EndpointDown);
        assert_eq!(
            schedule.next_wake(),
            Some(t0 + 2 * SECOND),
            "probe delay doubled to 1 s"
        );
        assert_eq!(
            schedule.take_due(t0 + 2 * SECOND),
            vec![0, 2],
            "the other endpoint goes on"
        );
        schedule.finished(
            0,
            t0,
            t0 + 2 * SECOND,
            Outcome::Succeeded {
                next_due: t0 + 4 * SECOND,
            },
        );
        assert_eq!(
            schedule.take_due(t0 + 2 * SECOND),
            vec![1],
            "held job due at once on recovery"
        );
    }
}
