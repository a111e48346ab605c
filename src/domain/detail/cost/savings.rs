//! Reserved instances for a cost line: what 1-year and 3-year terms save on the instances that
//! always run, at the discounts the ALAWAEL plan's analysis states (its 7C.1). The discounts are
//! data with their source, shown next to each option, not a price list.

use serde::Serialize;

use crate::domain::cost::HOURS_PER_MONTH;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    Ec2,
    Rds,
}

/// One term's discount on on-demand prices, and where the figure comes from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Discount {
    pub family: Family,
    pub term: &'static str,
    pub fraction: f64,
    pub source: &'static str,
}

const PLAN: &str = "ALAWAEL plan 7C.1";

pub const DISCOUNTS: [Discount; 4] = [
    Discount {
        family: Family::Ec2,
        term: "1-year",
        fraction: 0.20,
        source: PLAN,
    },
    Discount {
        family: Family::Ec2,
        term: "3-year",
        fraction: 0.32,
        source: PLAN,
    },
    Discount {
        family: Family::Rds,
        term: "1-year",
        fraction: 0.20,
        source: PLAN,
    },
    Discount {
        family: Family::Rds,
        term: "3-year",
        fraction: 0.33,
        source: PLAN,
    },
];

/// The instances behind a line that run all month and could be reserved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reservable {
    pub family: Family,
    pub instance_type: String,
    pub count: u32,
    pub on_demand_hourly: f64,
    /// Why this many (`the group's minimum: always running`).
    pub basis: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SavingsOption {
    pub term: &'static str,
    pub discount: f64,
    pub on_demand_monthly: f64,
    pub reserved_monthly: f64,
    pub saving_monthly: f64,
    pub source: &'static str,
}

/// Each term's price for `reservable`'s instances over a 730-hour month, cheapest last.
pub fn savings(reservable: &Reservable) -> Vec<SavingsOption> {
    let on_demand_monthly =
        f64::from(reservable.count) * reservable.on_demand_hourly * HOURS_PER_MONTH;
    DISCOUNTS
        .iter()
        .filter(|d| d.family == reservable.family)
        .map(|d| SavingsOption {
            term: d.term,
            discount: d.fraction,
            on_demand_monthly,
            reserved_monthly: on_demand_monthly * (1.0 - d.fraction),
            saving_monthly: on_demand_monthly * d.fraction,
            source: d.source,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn each_term_saves_its_discount_on_the_always_running_instances() {
        // 5 × t3.large at $0.1664/h × 730 h = $607.36 a month.
        let web = Reservable {
            family: Family::Ec2,
            instance_type: "t3.large".into(),
            count: 5,
            on_demand_hourly: 0.1664,
            basis: "minimum".into(),
        };
        let options = savings(&web);
        assert_eq!(options.len(), 2);
        assert_eq!((options[0].term, options[1].term), ("1-year", "3-year"));
        assert!(close(options[0].on_demand_monthly, 607.36));
        // 20 %: $121.472 saved, $485.888 paid; 32 %: $194.3552 saved, $413.0048 paid.
        assert!(close(options[0].saving_monthly, 121.472));
        assert!(close(options[0].reserved_monthly, 485.888));
        assert!(close(options[1].saving_monthly, 194.3552));
        assert!(close(options[1].reserved_monthly, 413.0048));
        assert_eq!(options[1].source, "ALAWAEL plan 7C.1");
        // RDS's 3-year term is 33 %: 3 × $0.80 × 730 = $1,752, $578.16 saved.
        let rds = Reservable {
            family: Family::Rds,
            count: 3,
            on_demand_hourly: 0.8,
            ..web
        };
        assert!(close(savings(&rds)[1].saving_monthly, 578.16));
    }
}
