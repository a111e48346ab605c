//! A checkpoint criterion: its definition and target, this week against the weeks before, and
//! where its figure comes from.

use serde::Serialize;

use super::super::{Block, Cell, Document, Fact, Inputs, Missing, Section, Table};
use super::find;
use crate::app::table::{Columns, CriterionColumn};
use crate::domain::checkpoint::{CriterionResult, format};
use crate::domain::detail::Kind;
use crate::domain::figure;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionDetail {
    pub row: CriterionResult,
    /// The checkpoint's week (`2026-W48`) and whether it is still running.
    pub week: String,
    pub partial: bool,
}

fn rows<'a>(inputs: &Inputs<'a>) -> Result<&'a [CriterionResult], Missing> {
    inputs
        .report
        .map(|r| r.criteria.as_slice())
        .ok_or(Missing::NoData {
            noun: "checkpoint",
            loading: true,
        })
}

pub fn names(inputs: &Inputs) -> Vec<String> {
    rows(inputs).map_or_else(
        |_| Vec::new(),
        |r| r.iter().map(CriterionColumn::id).collect(),
    )
}

pub fn build(inputs: &Inputs, name: &str) -> Result<CriterionDetail, Missing> {
    let row = find::<CriterionColumn>(rows(inputs)?, Kind::Criterion, name)?;
    let report = inputs.report.map(|r| (r.week.clone(), r.partial));
    let (week, partial) = report.unwrap_or_default();
    Ok(CriterionDetail {
        row: row.clone(),
        week,
        partial,
    })
}

impl CriterionDetail {
    fn verdict(&self) -> String {
        let c = &self.row;
        let so_far = if self.partial { " so far" } else { "" };
        let value = format::value(c, c.this_week);
        let target = format::target(c);
        match c.this_week {
            Some(_) => format!(
                "{}: {} in {}{so_far} ({value} against {target})",
                c.name,
                c.verdict.label(),
                self.week
            ),
            None => format!(
                "{}: unknown in {}{so_far}: {}",
                c.name,
                self.week,
                c.note.as_deref().unwrap_or("no measurement")
            ),
        }
    }

    pub fn document(&self) -> Document {
        let c = &self.row;
        let change = format::delta(c).map_or_else(
            || format::MISSING.to_string(),
            |d| format!("{} ({})", d.text, d.judgement()),
        );
        let mut change = Fact::plain("change", change);
        change.health = c.change_health();
        let blocking = if c.blocking {
            "blocking"
        } else {
            "not blocking"
        };
        let now = Section::new("Now")
            .text(self.verdict(), Some(c.verdict.health()))
            .facts(vec![
                Fact::judged(
                    "this week",
                    format::value(c, c.this_week),
                    c.verdict.health(),
                ),
                Fact::judged(
                    "last week",
                    format::value(c, c.last_week),
                    c.last_verdict.health(),
                ),
                change,
                Fact::plain("target", format::target(c)).note(blocking),
                Fact::plain("owner", c.owner.clone()),
            ]);
        let now = match &c.note {
            Some(note) => now.text(note.clone(), None),
            None => now,
        };
        Document {
            sections: vec![now, self.definition(), self.weeks()],
        }
    }

    /// What it measures and how the verdict is reached.
    fn definition(&self) -> Section {
        let c = &self.row;
        let catalogued = c.figure.as_deref().and_then(figure::definition);
        let definition = c
            .definition
            .clone()
            .or_else(|| catalogued.map(|d| d.definition.to_string()))
            .unwrap_or_else(|| "not in the figure catalogue".to_string());
        let figure = match (&c.figure, catalogued) {
            (Some(id), Some(d)) => format!("{id} ({})", d.label),
            (Some(id), None) => id.clone(),
            (None, _) => format::MISSING.to_string(),
        };
        let scale = if (c.scale - 1.0).abs() > f64::EPSILON {
            format!(", times {}", c.scale)
        } else {
            String::new()
        };
        Section::new("Definition").facts(vec![
            Fact::plain("definition", definition),
            Fact::plain("figure", figure),
            Fact::plain("measured by", c.measured_by.clone()),
            Fact::plain(
                "verdict rule",
                format!(
                    "met when the week's {}{scale} is {}; no data is unknown, never met",
                    c.aggregation,
                    format::target(c)
                ),
            ),
        ])
    }

    /// The weeks the report carries, newest first.
    fn weeks(&self) -> Section {
        let mut table = Table::new(
            &[("week", false), ("value", true), ("verdict", false)],
            "no weeks in this report",
        );
        for w in self.row.history.iter().rev() {
            table = table.row(vec![
                Cell::plain(w.week.clone()),
                Cell::plain(format::value(&self.row, w.value)),
                Cell::judged(w.verdict.label(), w.verdict.health()),
            ]);
        }
        Section::new("Weeks").with(Block::Table(table))
    }
}
