//! One cost line for its detail: its days from the same ledger the tab sums, last month where
//! the record reaches it, and the instances behind it that could be reserved.

use chrono::{DateTime, Duration, Utc};

use super::{DAYS_SHOWN, HOURS_PER_MONTH, Ledger, RDS_MONTHLY};
use crate::domain::DailyCost;
use crate::domain::cost::last_month;
use crate::domain::detail::cost::{Family, Reservable};
use crate::domain::detail::{CostExtras, Extras, Provenance};
use crate::sources::simulator::Simulator;

impl Ledger {
    /// `line`'s spend per day over the days the tab shows, leaving out a first day the record
    /// starts inside (it would read as a cheap day); `None` when the ledger has no such line.
    pub(super) fn line_days(&self, line: &str, now: DateTime<Utc>) -> Option<Vec<DailyCost>> {
        let today = now.date_naive();
        let partial = self
            .since
            .filter(|since| since.time() != chrono::NaiveTime::MIN)
            .map(|since| since.date_naive());
        let days: Vec<DailyCost> = self
            .days
            .range(today - Duration::days(DAYS_SHOWN)..)
            .filter(|(date, _)| Some(**date) != partial)
            .map(|(date, lines)| DailyCost {
                date: *date,
                // The record covers the day: nothing booked on the line is nothing spent.
                amount: lines.get(line).copied().unwrap_or(0.0),
            })
            .collect();
        self.days
            .values()
            .any(|lines| lines.contains_key(line))
            .then_some(days)
    }
}

const FROM: &str = "the simulator's cost ledger (instances x prices each 10 s step, fixed lines \
    by the hour, one-off charges at 02:00)";

impl Simulator {
    pub(in crate::sources::simulator) fn cost_detail(
        &self,
        line: &str,
    ) -> Option<(Extras, Vec<Provenance>)> {
        let daily = self.ledger.line_days(line, self.now)?;
        let last = last_month(&daily, self.now.date_naive());
        let reservable = self.reservable(line);
        let mut provenance = vec![
            Provenance {
                figure: format!("cost.{line}.daily"),
                from: FROM.into(),
            },
            Provenance {
                figure: format!("cost.{line}.month_to_date"),
                from: "the sum of this month's days of the same ledger".into(),
            },
        ];
        if let Some(r) = &reservable {
            provenance.push(Provenance {
                figure: format!("cost.{line}.savings"),
                from: format!(
                    "{} x {} at the model's on-demand ${:.4}/h; discounts from the ALAWAEL plan 7C.1",
                    r.count, r.instance_type, r.on_demand_hourly
                ),
            });
        }
        let extras = CostExtras {
            daily,
            last_month: last.map(|(total, _)| total),
            last_month_since: last.and_then(|(_, since)| since),
            reservable,
        };
        Some((Extras::Cost(extras), provenance))
    }

    /// The groups' instances that always run (their minimum) and the RDS nodes.
    fn reservable(&self, line: &str) -> Option<Reservable> {
        if let Some(group) = self.groups.iter().find(|g| g.cost_line == line) {
            return Some(Reservable {
                family: Family::Ec2,
                instance_type: group.instance_type.clone(),
                count: group.min,
                on_demand_hourly: group.hourly_price,
                basis: format!("the {} group's minimum, always running", group.name),
            });
        }
        let nodes = self.data_tier.databases();
        let count = u32::try_from(nodes.len()).ok().filter(|n| *n > 0)?;
        (line == RDS_MONTHLY.0).then(|| Reservable {
            family: Family::Rds,
            instance_type: nodes[0].class.clone(),
            count,
            on_demand_hourly: RDS_MONTHLY.1 / HOURS_PER_MONTH / f64::from(count),
            basis: "the primary and its replicas, always running".into(),
        })
    }
}
