//! A checkpoint criterion: its definition and target, this week against the weeks before, and
//! where its figure comes from.

use serde::Serialize;

use super::super::{Block, Cell, Document, Fact, Inputs, Missing, Section, Table};
use super::find;
use crate::app::table::CriterionColumn;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Health;
    use crate::domain::checkpoint::fixtures;

    fn facts(document: &Document, section: usize) -> Vec<(String, String, Option<Health>)> {
        document.sections[section]
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Facts { facts } => Some(facts),
                _ => None,
            })
            .flatten()
            .map(|f| (f.label.clone(), f.value.clone(), f.health))
            .collect()
    }

    /// P99 latency in the fixture: 468 ms last week (met, < 475), 481 ms this week so far
    /// (missed): 13 ms worse.
    #[test]
    fn a_criterion_reads_its_weeks_from_the_report_and_judges_as_the_tab() {
        let report = fixtures::report();
        let inputs = Inputs {
            snapshot: None,
            report: Some(&report),
        };
        let detail = build(&inputs, "P99 latency").expect("a built-in criterion");
        let document = detail.document();
        let Block::Text { text, health } = &document.sections[0].blocks[0] else {
            panic!("the verdict first");
        };
        assert_eq!(
            text,
            "P99 latency: missed in 2026-W49 so far (481 ms against < 475 ms)"
        );
        assert_eq!(*health, Some(Health::Critical));
        let now = facts(&document, 0);
        let ok = Some(Health::Ok);
        assert_eq!(
            now[0],
            ("this week".into(), "481 ms".into(), Some(Health::Critical))
        );
        assert_eq!(now[1], ("last week".into(), "468 ms".into(), ok));
        assert_eq!(
            now[2],
            (
                "change".into(),
                "+13 ms (worse)".into(),
                Some(Health::Warning)
            )
        );
        // Its figure is a histogram, not a catalogued figure: the rule says how it is folded.
        let definition = facts(&document, 1);
        assert_eq!(definition[0].1, "not in the figure catalogue");
        assert!(
            definition[3].1.starts_with(
                "met when the week's histogram-quantile(0.99), times 1000 is < 475 ms"
            ),
            "{definition:?}"
        );
        let cache = build(&inputs, "Cache hit rate")
            .expect("built in")
            .document();
        let definition = facts(&cache, 1);
        assert_eq!(
            definition[0].1,
            "cache hits over hits and misses, last 5 minutes"
        );
        assert_eq!(definition[1].1, "cache.hit_percent (cache hit rate)");
        let Block::Table(weeks) = &document.sections[2].blocks[0] else {
            panic!("the weeks");
        };
        assert_eq!(weeks.rows.len(), 8);
        let first: Vec<&str> = weeks.rows[0].iter().map(|c| c.text.as_str()).collect();
        assert_eq!(first, ["2026-W49", "481 ms", "missed"]);
        let last: Vec<&str> = weeks.rows[7].iter().map(|c| c.text.as_str()).collect();
        assert_eq!(last, ["2026-W42", "512 ms", "missed"]);
    }

    #[test]
    fn an_unknown_week_says_why_and_a_missing_criterion_lists_what_there_is() {
        let report = fixtures::report();
        let inputs = Inputs {
            snapshot: None,
            report: Some(&report),
        };
        let document = build(&inputs, "Trigger delay")
            .expect("built in")
            .document();
        let Block::Text { text, health } = &document.sections[0].blocks[0] else {
            panic!("the verdict first");
        };
        assert_eq!(
            text,
            &format!(
                "Trigger delay: unknown in 2026-W49 so far: {}",
                fixtures::UNKNOWN_NOTE
            )
        );
        assert_eq!(*health, Some(Health::Unknown));
        let error = build(&inputs, "Nothing").expect_err("no such criterion");
        assert!(error.to_string().contains("P99 latency"), "{error}");
    }
}
