//! What a service's page shows around it: the data tier it depends on and its alerts, as the
//! Scaling tab and the alert list show them.

use super::super::super::{Block, Cell, Fact, Section, Table};
use super::ServiceDetail;
use crate::domain::figure::text::MISSING;
use crate::domain::{Health, Unit};

impl ServiceDetail {
    pub(super) fn dependencies(&self) -> Section {
        let columns = [
            ("node", false),
            ("role", false),
            ("CPU", true),
            ("query p99", true),
            ("lag", true),
        ];
        let nodes = self.databases.iter().fold(
            Table::new(&columns, "no database figures from this source"),
            |t, d| {
                let (role, health) = d.state();
                t.row(vec![
                    Cell::plain(d.name.clone()),
                    Cell::judged(role, health),
                    Cell::judged(Unit::Percent.text(d.cpu_percent), d.cpu_health()),
                    Cell::judged(
                        Unit::Milliseconds.text(d.query_p99_ms),
                        d.query_p99_health(),
                    ),
                    match d.replication_lag_seconds {
                        Some(_) => Cell::judged(
                            Unit::Seconds.text(d.replication_lag_seconds),
                            d.lag_health(),
                        ),
                        None => Cell::plain(MISSING),
                    },
                ])
            },
        );
        let cache = match &self.cache {
            Some(c) => Fact::judged(
                "cache hit ratio",
                Unit::Ratio.text(c.hit_ratio),
                c.hit_health(),
            )
            .note(c.name.clone()),
            None => Fact::judged("cache hit ratio", Unit::Ratio.text(None), Health::Unknown)
                .note("no cache figures from this source"),
        };
        Section::new("Dependencies")
            .text("the data tier the services share", None)
            .with(Block::Table(nodes))
            .facts(vec![cache])
    }

    pub(super) fn alerts(&self) -> Section {
        let columns = [
            ("alert", false),
            ("state", false),
            ("since", false),
            ("summary", false),
        ];
        let table = self.alerts.iter().fold(
            Table::new(&columns, "no alert names this service"),
            |t, a| {
                t.row(vec![
                    Cell::judged(a.name.clone(), a.severity),
                    Cell::plain(a.state.label()),
                    Cell::plain(a.since.format("%Y-%m-%d %H:%M UTC").to_string()),
                    Cell::plain(a.summary.clone()),
                ])
            },
        );
        Section::new("Alerts").with(Block::Table(table)).text(
            "alert history: not kept by this source",
            Some(Health::Unknown),
        )
    }
}
