//! The demo fleet's objectives, kept as a team would: the plans' default (99.9 %, 99 % under
//! 475 ms, 30 days) for most services, a stricter one for auth (nobody gets in without it),
//! a looser one for search. So the demo shows per-service objectives at work; config's `[slo]` replaces them.
//! One window for all, so the table's title can name it once.

use crate::domain::slo::{Objective, Objectives};

pub fn demo() -> Objectives {
    let services = [
        (
            "auth",
            Objective {
                availability: 0.9995,
                ..Objective::default()
            },
        ),
        (
            "search",
            Objective {
                availability: 0.995,
                latency_threshold_ms: 400.0,
                latency_share: 0.95,
                ..Objective::default()
            },
        ),
    ];
    Objectives {
        default: Objective::default(),
        services: services
            .into_iter()
            .map(|(name, o)| (name.to_string(), o))
            .collect(),
    }
}
