//! A cost line: its month so far and its share (the tab's figures), this month against last as
//! spend per day, its daily spend over time, anomalies with the method named, and what
//! reserving its instances would save.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::super::{Block, Cell, Document, Fact, Inputs, Missing, Section, Table};
use super::find;
use crate::app::table::CostColumn;
use crate::domain::detail::cost::{
    ANOMALY_METHOD, Anomalies, PerDay, SavingsOption, TRAILING_DAYS, anomalies, per_day, savings,
};
use crate::domain::detail::{CostExtras, Extras, Kind, Subject};
use crate::domain::{CostView, Health, Series, ServiceCost, Unit};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostDetail {
    pub row: ServiceCost,
    pub currency: String,
    /// The line's share of the month so far, as the tab computes it.
    pub share_percent: Option<f64>,
    pub today: NaiveDate,
    /// `None` until the source has fetched the line's days (or where it cannot).
    pub extras: Option<CostExtras>,
    pub per_day: Option<PerDay>,
    pub anomalies: Option<Anomalies>,
    pub savings: Vec<SavingsOption>,
}

fn view<'a>(inputs: &Inputs<'a>) -> Result<&'a CostView, Missing> {
    inputs
        .snapshot
        .and_then(|s| s.cost.as_ref())
        .ok_or(Missing::NoData {
            noun: "cost",
            loading: inputs.snapshot.is_none(),
        })
}

pub fn build(inputs: &Inputs, name: &str) -> Result<CostDetail, Missing> {
    let view = view(inputs)?;
    let row = find::<CostColumn>(&view.by_service, Kind::Cost, name)?;
    let today = inputs
        .snapshot
        .map_or(NaiveDate::MIN, |s| s.taken_at.date_naive());
    let extras = match inputs.extras(&Subject::new(Kind::Cost, name)) {
        Some(Extras::Cost(extras)) => Some(extras.clone()),
        _ => None,
    };
    Ok(CostDetail {
        row: row.clone(),
        currency: view.currency.clone(),
        share_percent: view.share_percent(row),
        today,
        per_day: extras.as_ref().map(|e| per_day(&e.daily, today)),
        anomalies: extras.as_ref().map(|e| anomalies(&e.daily, today)),
        savings: extras
            .as_ref()
            .and_then(|e| e.reservable.as_ref())
            .map(savings)
            .unwrap_or_default(),
        extras,
    })
}

fn money(value: Option<f64>) -> String {
    Unit::Dollars.text(value)
}

impl CostDetail {
    pub fn document(&self) -> Document {
        Document {
            sections: vec![
                self.now(),
                self.this_month(),
                self.daily(),
                self.anomalies(),
                self.savings(),
            ],
        }
    }

    /// The full days of the line, for the chart: today is still running.
    fn full_days(&self) -> Option<Series> {
        let days: Vec<_> = self
            .extras
            .as_ref()?
            .daily
            .iter()
            .filter(|d| d.date < self.today)
            .collect();
        let last = days.last()?.date.and_hms_opt(0, 0, 0)?.and_utc();
        Some(Series::new(
            last,
            Duration::days(1),
            days.iter().map(|d| d.amount).collect(),
        ))
    }

    fn now(&self) -> Section {
        let (verdict, health) = match &self.anomalies {
            None => (
                "anomalies not judged: no daily spend for this line from this source".to_string(),
                Health::Unknown,
            ),
            Some(Anomalies::NotEnoughHistory { full_days }) => (
                format!(
                    "anomalies: not enough history ({full_days} full days; a day is judged \
                     against the {TRAILING_DAYS} before it)"
                ),
                Health::Unknown,
            ),
            Some(Anomalies::Judged { days, found }) if found.is_empty() => (
                format!("no anomaly in the last {days} days judged"),
                Health::Ok,
            ),
            Some(Anomalies::Judged { days, found }) => (
                format!(
                    "{} anomalous day(s) in the last {days} judged, the latest {}",
                    found.len(),
                    found.last().map_or(String::new(), |a| a.date.to_string())
                ),
                Health::Warning,
            ),
        };
        Section::new("Now")
            .facts(vec![
                Fact::plain("month to date", money(Some(self.row.month_to_date)))
                    .note(self.currency.clone()),
                Fact::plain("share", Unit::Percent.text(self.share_percent))
                    .note("of all spend this month"),
            ])
            .text(format!("{}: {verdict}", self.row.service), Some(health))
    }

    fn this_month(&self) -> Section {
        let extras = self.extras.as_ref();
        let last_note = match extras.map(|e| (e.last_month, e.last_month_since)) {
            Some((Some(_), Some(since))) => format!("from {since} only: the record starts then"),
            Some((Some(_), None)) => "the whole month".into(),
            _ => "not in this source's record".into(),
        };
        let today = extras
            .and_then(|e| e.daily.last())
            .filter(|d| d.date == self.today)
            .map(|d| d.amount);
        let p = self.per_day.as_ref();
        Section::new("This month").facts(vec![
            Fact::plain("last month", money(extras.and_then(|e| e.last_month))).note(last_note),
            Fact::plain("per day this month", money(p.and_then(|p| p.this_month)))
                .note("mean of the full days"),
            Fact::plain("per day last month", money(p.and_then(|p| p.last_month)))
                .note("mean of the recorded days"),
            Fact::plain(
                "change per day",
                Unit::Percent.text(p.and_then(|p| p.change_percent)),
            )
            .note("this month against last"),
            Fact::plain("today so far", money(today)).note("still running"),
        ])
    }

    fn daily(&self) -> Section {
        Section::new("Daily spend").chart(
            "daily spend (full days)",
            Unit::Dollars,
            self.full_days().as_ref(),
            None,
        )
    }

    fn anomalies(&self) -> Section {
        let section = Section::new("Anomalies").text(ANOMALY_METHOD, None);
        let Some(Anomalies::Judged { days, found }) = &self.anomalies else {
            return section.text("not judged: not enough history", Some(Health::Unknown));
        };
        let mut table = Table::new(
            &[
                ("date", false),
                ("spend", true),
                ("median of 14 days", true),
                ("z", true),
            ],
            format!("none in the last {days} days"),
        );
        for a in found {
            table = table.row(vec![
                Cell::plain(a.date.to_string()),
                Cell::judged(money(Some(a.amount)), Health::Warning),
                Cell::plain(money(Some(a.median))),
                Cell::plain(if a.z.is_finite() {
                    format!("{:.1}", a.z)
                } else {
                    "off a flat zero".into()
                }),
            ]);
        }
        section.with(Block::Table(table))
    }

    fn savings(&self) -> Section {
        let section = Section::new("Savings");
        let Some(reservable) = self.extras.as_ref().and_then(|e| e.reservable.as_ref()) else {
            return section.text("no savings data for this line", None);
        };
        let mut table = Table::new(
            &[
                ("term", false),
                ("discount", true),
                ("on demand / month", true),
                ("reserved / month", true),
                ("saving / month", true),
                ("source", false),
            ],
            "no reserved terms known for this kind of instance",
        );
        for o in &self.savings {
            table = table.row(vec![
                Cell::plain(o.term),
                Cell::plain(Unit::Ratio.text(Some(o.discount))),
                Cell::plain(money(Some(o.on_demand_monthly))),
                Cell::plain(money(Some(o.reserved_monthly))),
                Cell::judged(money(Some(o.saving_monthly)), Health::Ok),
                Cell::plain(o.source),
            ]);
        }
        section
            .text(
                format!(
                    "reserving {} x {} at ${:.4}/h on demand: {}",
                    reservable.count,
                    reservable.instance_type,
                    reservable.on_demand_hourly,
                    reservable.basis
                ),
                None,
            )
            .with(Block::Table(table))
    }
}
