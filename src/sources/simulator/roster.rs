//! A group's instances one by one: ids fixed by the seed, spread over three zones, pending
//! while they boot, in service, then terminating for a while after a scale-in, as Auto
//! Scaling lists them. The group's counts are read from here, so they always agree.

use chrono::{DateTime, Duration, Utc};

use super::rng::Rng;

pub const ZONES: [&str; 3] = ["us-east-1a", "us-east-1b", "us-east-1c"];
/// How long a terminated instance is still listed (draining, shutting down).
const TERMINATING_FOR: Duration = Duration::seconds(90);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifecycle {
    Pending,
    InService,
    Terminating,
}

impl Lifecycle {
    /// Auto Scaling's name for the state.
    pub fn name(self) -> &'static str {
        match self {
            Self::Pending => "Pending",
            Self::InService => crate::domain::detail::IN_SERVICE,
            Self::Terminating => "Terminating",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Machine {
    pub id: String,
    pub zone: &'static str,
    pub launched_at: DateTime<Utc>,
    pub lifecycle: Lifecycle,
    /// Pending: when it will be in service; terminating: when it stops being listed.
    until: DateTime<Utc>,
    /// The start of the scaling event that launched it.
    event: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Roster {
    /// Seed and group name: ids differ between groups and stay the same for a seed.
    key: u64,
    launched: u64,
    /// In launch order.
    machines: Vec<Machine>,
}

impl Roster {
    /// `count` instances in service since `now`.
    pub fn new(seed: u64, group: &str, count: u32, now: DateTime<Utc>) -> Self {
        let key = group
            .bytes()
            .fold(seed, |h, b| Rng::new(h ^ u64::from(b)).next_u64());
        let mut roster = Self {
            key,
            launched: 0,
            machines: Vec::new(),
        };
        roster.launch(count, now, now, now);
        for machine in &mut roster.machines {
            machine.lifecycle = Lifecycle::InService;
        }
        roster
    }

    pub fn machines(&self) -> &[Machine] {
        &self.machines
    }

    fn count(&self, lifecycle: Lifecycle) -> u32 {
        let n = self
            .machines
            .iter()
            .filter(|m| m.lifecycle == lifecycle)
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    pub fn in_service(&self) -> u32 {
        self.count(Lifecycle::InService)
    }

    pub fn pending(&self) -> u32 {
        self.count(Lifecycle::Pending)
    }

    /// Launches `n` instances for the event started `event`, in service at `ready`; each in
    /// the zone with the fewest instances, as Auto Scaling balances them.
    pub fn launch(
        &mut self,
        n: u32,
        now: DateTime<Utc>,
        ready: DateTime<Utc>,
        event: DateTime<Utc>,
    ) {
        for _ in 0..n {
            let zone = ZONES
                .into_iter()
                .min_by_key(|z| self.live().filter(|m| m.zone == *z).count())
                .unwrap_or(ZONES[0]);
            self.launched += 1;
            let id = Rng::new(self.key.wrapping_add(self.launched)).next_u64();
            self.machines.push(Machine {
                id: format!("i-0{id:016x}"),
                zone,
                launched_at: now,
                lifecycle: Lifecycle::Pending,
                until: ready,
                event,
            });
        }
    }

    fn live(&self) -> impl Iterator<Item = &Machine> {
        self.machines
            .iter()
            .filter(|m| m.lifecycle != Lifecycle::Terminating)
    }

    /// Brings instances ready by `now` into service and forgets those terminated long enough;
    /// returns the starts of the events whose last instance just came in.
    pub fn step(&mut self, now: DateTime<Utc>, launching: bool) -> Vec<DateTime<Utc>> {
        self.machines
            .retain(|m| m.lifecycle != Lifecycle::Terminating || m.until > now);
        let mut arrived = Vec::new();
        if !launching {
            return arrived;
        }
        for machine in &mut self.machines {
            if machine.lifecycle == Lifecycle::Pending && machine.until <= now {
                machine.lifecycle = Lifecycle::InService;
                arrived.push(machine.event);
            }
        }
        arrived.dedup();
        arrived.retain(|event| {
            !self
                .machines
                .iter()
                .any(|m| m.lifecycle == Lifecycle::Pending && m.event == *event)
        });
        arrived
    }

    /// Removes `n` instances: launches are cancelled first (newest first), then in-service
    /// instances terminate, newest first from the zone that has the most.
    pub fn remove(&mut self, n: u32, now: DateTime<Utc>) {
        for _ in 0..n {
            let pending = self
                .machines
                .iter()
                .rposition(|m| m.lifecycle == Lifecycle::Pending);
            let chosen = pending.or_else(|| {
                let crowded = ZONES.into_iter().max_by_key(|z| {
                    let n = self.live().filter(|m| m.zone == *z).count();
                    // Ties go to the first zone, as launches do.
                    (n, std::cmp::Reverse(ZONES.iter().position(|x| x == z)))
                })?;
                self.machines
                    .iter()
                    .rposition(|m| m.lifecycle == Lifecycle::InService && m.zone == crowded)
            });
            let Some(index) = chosen else { return };
            let machine = &mut self.machines[index];
            machine.lifecycle = Lifecycle::Terminating;
            machine.until = now + TERMINATING_FOR;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(minutes: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::minutes(minutes)
    }

    #[test]
    fn instances_spread_over_zones_come_in_and_leave() {
        let mut roster = Roster::new(7, "web", 4, t(0));
        let zones: Vec<&str> = roster.machines().iter().map(|m| m.zone).collect();
        assert_eq!(zones, [ZONES[0], ZONES[1], ZONES[2], ZONES[0]]);
        assert_eq!((roster.in_service(), roster.pending()), (4, 0));
        let ids: Vec<String> = roster.machines().iter().map(|m| m.id.clone()).collect();
        assert!(ids.iter().all(|id| id.len() == 19 && id.starts_with("i-0")));
        let again = Roster::new(7, "web", 4, t(0));
        assert_eq!(again.machines()[3].id, ids[3], "same seed, same ids");
        assert_ne!(Roster::new(7, "worker", 1, t(0)).machines()[0].id, ids[0]);

        roster.launch(2, t(1), t(3), t(1));
        assert_eq!((roster.in_service(), roster.pending()), (4, 2));
        assert!(roster.step(t(2), true).is_empty(), "still booting");
        assert!(
            roster.step(t(3), false).is_empty(),
            "Launch suspended holds them"
        );
        assert_eq!(roster.step(t(3), true), [t(1)], "the event is done");
        assert_eq!(roster.in_service(), 6);

        // Zones hold 2, 2, 2: the first zone loses its newest, then the second.
        roster.remove(2, t(4));
        assert_eq!((roster.in_service(), roster.pending()), (4, 0));
        let gone: Vec<&str> = roster
            .machines()
            .iter()
            .filter(|m| m.lifecycle == Lifecycle::Terminating)
            .map(|m| m.zone)
            .collect();
        assert_eq!(gone, [ZONES[0], ZONES[1]]);
        roster.step(t(4) + TERMINATING_FOR, true);
        assert_eq!(
            roster.machines().len(),
            4,
            "terminated instances are forgotten"
        );
    }

    #[test]
    fn a_scale_in_cancels_launches_before_terminating() {
        let mut roster = Roster::new(1, "web", 2, t(0));
        roster.launch(2, t(1), t(3), t(1));
        roster.remove(1, t(2));
        assert_eq!((roster.in_service(), roster.pending()), (2, 1));
        assert_eq!(roster.step(t(3), true), [t(1)]);
        assert_eq!(roster.in_service(), 3);
    }
}
