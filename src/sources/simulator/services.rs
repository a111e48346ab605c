//! The services behind the web tier. Each has its own profile: a share of the traffic, how hard
//! it runs its part of the tier, how much of a request waits on the database primary, and what
//! its errors depend on (its own load, the database, the cache), so checkout and search do not
//! move in lockstep. Request and error counts are kept per minute and per hour for the
//! objective's figures (whose arithmetic is the domain's `slo`), and as cumulative counters for
//! export.

use super::counters::RequestCounters;
use super::histogram::{Histogram, LogNormal};
use super::rng::Rng;
use super::routes;
use super::trend::TrendBuffer;
use crate::domain::slo::{Budget, Counts, Objective, Tally, window_minutes};

const SIGMA: f64 = 0.55;
/// ln(p99 / median) for a log-normal with `SIGMA`: z(0.99) · σ.
const P99_OVER_MEDIAN: f64 = 2.326 * SIGMA;
/// A service's own utilisation past which it starts failing requests.
const OVERLOAD_KNEE: f64 = 0.85;

/// How one service behaves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Profile {
    pub name: &'static str,
    /// Share of web-tier requests.
    pub share: f64,
    pub idle_p99_ms: f64,
    /// Its own utilisation is `intensity` × the web tier's (CPU-heavy services run hotter).
    pub intensity: f64,
    /// Share of a request's time spent in database queries, which slow down with the primary.
    pub db_share: f64,
    /// Error ratio when nothing is stressed.
    pub base_errors: f64,
    /// Added per (own utilisation − 85 %)^1.5.
    pub load_errors: f64,
    /// Added at full database stress (primary CPU 100 % or the pool exhausted).
    pub db_errors: f64,
    /// Added at full cache stress (twice the normal miss ratio).
    pub cache_errors: f64,
}

const fn profile(
    name: &'static str,
    (share, idle_p99_ms, intensity, db_share): (f64, f64, f64, f64),
    (base_errors, load_errors, db_errors, cache_errors): (f64, f64, f64, f64),
) -> Profile {
    Profile {
        name,
        share,
        idle_p99_ms,
        intensity,
        db_share,
        base_errors,
        load_errors,
        db_errors,
        cache_errors,
    }
}

/// Checkout and payments hang on the primary, search and catalog on the cache, auth on its own
/// CPU (password hashing); the api gateway sees a little of everything.
#[rustfmt::skip]
pub const CATALOG: [Profile; 8] = [
    profile("api",      (1.0,  200.0, 1.0,  0.15), (0.000_18, 0.020, 0.000_6, 0.000_4)),
    profile("web",      (0.6,  150.0, 0.9,  0.05), (0.000_12, 0.015, 0.000_2, 0.000_8)),
    profile("auth",     (0.4,   90.0, 1.1,  0.05), (0.000_30, 0.060, 0.000_1, 0.0)),
    profile("catalog",  (0.3,  140.0, 0.85, 0.15), (0.000_03, 0.010, 0.000_5, 0.002_5)),
    profile("search",   (0.25, 180.0, 1.05, 0.0),  (0.000_08, 0.015, 0.0,     0.006)),
    profile("orders",   (0.1,  220.0, 0.8,  0.35), (0.000_24, 0.010, 0.003,   0.0)),
    profile("checkout", (0.08, 260.0, 0.85, 0.45), (0.000_40, 0.010, 0.006,   0.000_2)),
    profile("payments", (0.05, 240.0, 0.75, 0.5),  (0.000_55, 0.008, 0.008,   0.0)),
];

/// How much slower requests get as utilisation `u` (0..) rises: ~1.1× at 30 %, ~2.3× at 75 %,
/// ~6× at 90 %, capped near saturation.
pub fn slowdown(u: f64) -> f64 {
    let u = u.clamp(0.0, 0.97);
    1.0 + 0.35 * (u / (1.0 - u)).powf(1.2)
}

/// What the services depend on at one instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Conditions {
    /// Web-tier utilisation (1.0 = every in-service instance at 100 % CPU; can exceed 1).
    pub web: f64,
    /// How much slower database queries are than on an idle primary.
    pub db_slowdown: f64,
    /// 0 while the primary has headroom, 1 when its CPU or connection pool is exhausted.
    pub db_stress: f64,
    /// 0 at the cache's normal hit ratio, 1 when it misses twice as often.
    pub cache_stress: f64,
}

#[derive(Debug, Clone)]
pub struct Service {
    pub name: &'static str,
    pub share: f64,
    profile: Profile,
    /// A slow seeded random walk around 1 on the base error ratio: each service's own noise.
    wobble: f64,
    rng: Rng,
    /// Requests and errors per minute and per hour, for the objective's figures.
    tally: Tally,
    /// Requests and those slower than the objective's threshold, for the latency SLI.
    slow: Tally,
    pub p99_trend: TrendBuffer,
    /// p50, p90 and p95 by minute, for the detail's percentile history.
    pub quantile_trends: [TrendBuffer; 3],
    pub counters: RequestCounters,
    /// Each route's exported counters, counted by minute.
    pub route_counters: Vec<(&'static str, RequestCounters)>,
}

impl Service {
    pub fn new(profile: Profile, seed: u64) -> Self {
        let salt = profile
            .name
            .bytes()
            .fold(0u64, |h, b| h.wrapping_mul(0x100_0000_01B3) ^ u64::from(b));
        Self {
            name: profile.name,
            share: profile.share,
            profile,
            wobble: 1.0,
            rng: Rng::new(seed ^ salt),
            tally: Tally::default(),
            slow: Tally::default(),
            p99_trend: TrendBuffer::default(),
            quantile_trends: Default::default(),
            counters: RequestCounters::default(),
            route_counters: routes::names(profile.name)
                .map(|r| (r, RequestCounters::default()))
                .collect(),
        }
    }

    /// This instant's latency distribution: the service's own part slowed by its utilisation,
    /// its database part by the primary.
    pub fn latency(&self, c: &Conditions) -> LogNormal {
        let p = &self.profile;
        let factor =
            (1.0 - p.db_share) * slowdown(p.intensity * c.web) + p.db_share * c.db_slowdown;
        let p99_seconds = p.idle_p99_ms * factor / 1000.0;
        LogNormal::new(p99_seconds / P99_OVER_MEDIAN.exp(), SIGMA)
    }

    /// This instant's latency histogram for `rps` requests per second.
    pub fn histogram(&self, rps: f64, c: &Conditions) -> Histogram {
        self.latency(c).histogram(rps.max(0.0))
    }

    /// This instant's share of failed requests.
    pub fn error_ratio(&self, c: &Conditions) -> f64 {
        let p = &self.profile;
        let overload = (p.intensity * c.web - OVERLOAD_KNEE).max(0.0).powf(1.5);
        (p.base_errors * self.wobble
            + p.load_errors * overload
            + p.db_errors * c.db_stress.clamp(0.0, 1.0)
            + p.cache_errors * c.cache_stress.clamp(0.0, 1.0))
        .clamp(0.0, 1.0)
    }

    /// Counts a step's requests (and those slower than `threshold` seconds); into the exported
    /// counters too when `exported`.
    pub fn count(
        &mut self,
        web_rps: f64,
        c: &Conditions,
        seconds: f64,
        exported: bool,
        threshold: f64,
    ) {
        let requests = web_rps * self.share * seconds;
        let ratio = self.error_ratio(c);
        let latency = self.latency(c);
        if exported {
            self.counters.add(latency, requests, ratio);
            // Routes' status codes every step (their request rates stay smooth); their
            // latency buckets, which cost a distribution each, by minute.
            let routes = routes::split(self.name, requests, ratio, latency);
            for (counters, r) in self.route_counters.iter_mut().zip(routes) {
                counters
                    .1
                    .add_outcomes(r.requests_per_second, r.error_ratio);
            }
        }
        self.tally.add(requests, requests * ratio);
        self.slow.add(
            requests,
            requests * (1.0 - latency.fraction_within(threshold)),
        );
    }

    /// Closes the minute; its requests go to the exported routes' latency buckets when
    /// `exported`, at the minute's end's latency (all buckets move together, so the quantiles
    /// `rate()` gives stay the model's).
    pub fn close_minute(&mut self, latency: LogNormal, exported: bool) {
        let minute = self.tally.close_minute();
        let _ = self.slow.close_minute();
        if exported {
            let routes = routes::split(self.name, minute.requests, 0.0, latency);
            for (counters, r) in self.route_counters.iter_mut().zip(routes) {
                counters.1.add_latency(r.latency, r.requests_per_second);
            }
        }
        self.wobble = (self.wobble + self.rng.signed() * 0.03).clamp(0.8, 1.2);
    }

    /// (requests and errors, requests and slow ones) over the last `days`.
    pub fn window_counts(&self, days: u32) -> (Counts, Counts) {
        (self.tally.last_days(days), self.slow.last_days(days))
    }

    /// Requests and errors per completed hour, oldest first.
    pub fn hours(&self) -> Vec<Counts> {
        self.tally.hours()
    }

    /// Budget, burn rates and exhaustion against `objective`, from summed counts.
    pub fn budget(&self, objective: &Objective) -> Budget {
        let window = self.tally.last_days(objective.window_days);
        objective.budget(window.error_ratio(), |w| {
            self.tally.last_minutes(window_minutes(w)).error_ratio()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(web: f64, db_slowdown: f64, db_stress: f64, cache_stress: f64) -> Conditions {
        Conditions {
            web,
            db_slowdown,
            db_stress,
            cache_stress,
        }
    }

    fn service(name: &str) -> Service {
        let profile = CATALOG.iter().find(|p| p.name == name).expect("in catalog");
        Service::new(*profile, 42)
    }

    #[test]
    fn p99_rises_with_utilisation_and_breaks_the_target_at_saturation() {
        let api = service("api");
        // The primary's slowdown at 30 %, 75 % and 95 % CPU, as the data tier reports it.
        let p99 = |u| {
            api.histogram(1000.0, &at(u, slowdown(u), 0.0, 0.0))
                .quantile(0.99)
                * 1e3
        };
        let target = Objective::default().latency_threshold_ms;
        assert!(p99(0.3) < p99(0.75) && p99(0.75) < p99(0.95));
        assert!(p99(0.75) < target, "ordinary peak: {}", p99(0.75));
        assert!(p99(0.95) > target, "saturation: {}", p99(0.95));
    }

    /// Hand-computed from the profiles (wobble 1 before any minute closes).
    #[test]
    fn errors_follow_each_services_own_dependencies() {
        let quiet = at(0.5, 1.2, 0.0, 0.0);
        let (checkout, search, auth) = (service("checkout"), service("search"), service("auth"));
        assert!((checkout.error_ratio(&quiet) - 0.000_40).abs() < 1e-12);
        assert!((search.error_ratio(&quiet) - 0.000_08).abs() < 1e-12);
        // A saturated primary: checkout gains 0.6 %, search nothing.
        let db = at(0.5, 5.0, 1.0, 0.0);
        assert!((checkout.error_ratio(&db) - 0.006_40).abs() < 1e-12);
        assert!((search.error_ratio(&db) - 0.000_08).abs() < 1e-12);
        // Half cache stress: search gains 0.3 %, checkout 0.01 %.
        let cold = at(0.5, 1.2, 0.0, 0.5);
        assert!((search.error_ratio(&cold) - 0.003_08).abs() < 1e-12);
        assert!((checkout.error_ratio(&cold) - 0.000_50).abs() < 1e-12);
        // Auth at web 1.0 runs at 110 %: 0.06 × 0.25^1.5 = 0.0075 on top of its base.
        let busy = at(1.0, 1.2, 0.0, 0.0);
        assert!((auth.error_ratio(&busy) - (0.000_30 + 0.007_5)).abs() < 1e-12);
    }

    #[test]
    fn the_wobble_is_seeded_and_differs_per_service() {
        let walk = |name: &str, seed| {
            let profile = CATALOG.iter().find(|p| p.name == name).expect("in catalog");
            let mut s = Service::new(*profile, seed);
            (0..30).for_each(|_| s.close_minute(LogNormal::new(0.1, SIGMA), false));
            s.wobble
        };
        assert_eq!(walk("api", 42).to_bits(), walk("api", 42).to_bits());
        assert_ne!(walk("api", 42).to_bits(), walk("api", 7).to_bits());
        assert_ne!(walk("api", 42).to_bits(), walk("web", 42).to_bits());
        assert!((0.8..=1.2).contains(&walk("search", 42)));
    }
}
