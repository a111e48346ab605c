//! The figure catalogue: every number the console shows or judges has one id
//! (`service.api.p99_ms`), one unit, one direction, one formatter and one line saying what it
//! is. Sources fill the fleet snapshot; `read` takes a figure off it; tabs, the checkpoint,
//! `check`, `report`, `snapshot` and runbook conditions name figures by these ids.

mod catalogue;
mod read;
pub mod text;

pub use crate::domain::panel::Unit;
pub use catalogue::CATALOGUE;
pub use read::{COUNTER_FIELDS, HISTOGRAM_FIELD, ids, in_set, read, services_in};

use crate::domain::Topic;

/// Which way a figure gets better; `Neither` for counts and states that are not judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
    Neither,
}

/// One figure (or one per subject: `*` in `pattern` stands for a group, service or node name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Definition {
    /// `service.*.p99_ms`, `cache.hit_percent`.
    pub pattern: &'static str,
    /// What a person calls it: `p99 latency`.
    pub label: &'static str,
    pub unit: Unit,
    pub better: Better,
    /// The tab it belongs to.
    pub topic: Topic,
    /// Whether the tab draws it in a cell; false for figures only criteria and runbook
    /// conditions read (a service's good requests per second).
    pub drawn: bool,
    /// How it is measured, in one line, shown where the figure is explained.
    pub definition: &'static str,
}

impl Definition {
    /// Whether `id` is this figure: same kind and field, and a subject exactly where `*` is.
    pub fn matches(&self, id: &str) -> bool {
        match self.pattern.split_once(".*.") {
            Some(_) => self.subject(id).is_some(),
            None => id == self.pattern,
        }
    }

    /// What `id` names where the pattern has `*` (`web` in `group.web.cpu`); `None` for a
    /// fleet-wide figure or another figure's id.
    pub fn subject<'a>(&self, id: &'a str) -> Option<&'a str> {
        let (kind, field) = self.pattern.split_once(".*.")?;
        id.strip_prefix(kind)
            .and_then(|rest| rest.strip_prefix('.'))
            .and_then(|rest| rest.strip_suffix(field))
            .and_then(|subject| subject.strip_suffix('.'))
            .filter(|subject| !subject.is_empty())
    }

    /// The figure's value as every surface writes it.
    pub fn text(&self, value: Option<f64>) -> String {
        self.unit.text(value)
    }
}

/// The catalogue entry of a figure id, if it names one.
pub fn definition(id: &str) -> Option<&'static Definition> {
    CATALOGUE.iter().find(|d| d.matches(id))
}

/// `value` as every surface writes figure `id` (a plain number for an id the catalogue lacks).
pub fn text(id: &str, value: Option<f64>) -> String {
    definition(id).map_or(Unit::None, |d| d.unit).text(value)
}

/// Every figure pattern, for error messages and the README.
pub fn patterns() -> String {
    CATALOGUE
        .iter()
        .map(|d| d.pattern)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_find_their_one_definition() {
        let p99 = definition("service.api.p99_ms").expect("p99 is catalogued");
        assert_eq!((p99.unit, p99.better), (Unit::Milliseconds, Better::Lower));
        assert_eq!(p99.text(Some(489.4)), "489ms");
        // Subjects may hold dots; an empty subject or a stray field is no figure.
        assert!(definition("group.web.eu-1.desired").is_some());
        assert!(definition("group..desired").is_none());
        assert!(definition("service.api.p98_ms").is_none());
        assert_eq!(
            definition("cache.hit_percent").map(|d| d.topic),
            Some(Topic::Scaling)
        );
    }

    #[test]
    fn every_pattern_is_listed_once() {
        for (i, d) in CATALOGUE.iter().enumerate() {
            assert!(
                CATALOGUE[..i].iter().all(|e| e.pattern != d.pattern),
                "{} twice",
                d.pattern
            );
            assert!(!d.definition.is_empty() && !d.label.is_empty());
        }
    }
}
