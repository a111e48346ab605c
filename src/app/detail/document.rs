//! A detail as a document: sections of facts, sentences, tables and charts. Each kind's model
//! turns itself into one; the console draws it (`ui::detail`) and `describe` prints it, so the
//! view and the headless command say the same things in the same order.

use serde::Serialize;

use crate::domain::{Health, Series, Unit};

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Document {
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "block")]
pub enum Block {
    Facts {
        facts: Vec<Fact>,
    },
    /// A sentence that judges (a verdict, a decision) or, without a health, explains.
    Text {
        text: String,
        health: Option<Health>,
    },
    Table(Table),
    Chart(Chart),
}

/// `label: value`, judged, with what it is measured against (a target, a limit, a window).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
    /// `None`: a value that judges nothing (a name, a time, a count of things).
    pub health: Option<Health>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// (title, right-aligned): numbers line up on the right.
    pub columns: Vec<(String, bool)>,
    pub rows: Vec<Vec<Cell>>,
    /// What to say when there are no rows (`no instances`, `not known to this source`).
    pub empty: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub text: String,
    pub health: Option<Health>,
}

/// A series over time with its unit, and the line it is judged against, if any.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    pub title: String,
    pub unit: Unit,
    pub series: Series,
    pub threshold: Option<f64>,
}

impl Section {
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            blocks: Vec::new(),
        }
    }

    pub fn with(mut self, block: Block) -> Self {
        self.blocks.push(block);
        self
    }

    pub fn facts(self, facts: Vec<Fact>) -> Self {
        self.with(Block::Facts { facts })
    }

    pub fn text(self, text: impl Into<String>, health: Option<Health>) -> Self {
        self.with(Block::Text {
            text: text.into(),
            health,
        })
    }

    /// A chart when the source has the series; a sentence saying so when it has not.
    pub fn chart(
        self,
        title: &str,
        unit: Unit,
        series: Option<&Series>,
        threshold: Option<f64>,
    ) -> Self {
        match series {
            Some(series) => self.with(Block::Chart(Chart {
                title: title.to_string(),
                unit,
                series: series.clone(),
                threshold,
            })),
            None => self.text(
                format!("{title}: no history from this source"),
                Some(Health::Unknown),
            ),
        }
    }
}

impl Fact {
    pub fn judged(label: impl Into<String>, value: impl Into<String>, health: Health) -> Self {
        Self {
            label: label.into(),
            value: value.into(),
            health: Some(health),
            note: String::new(),
        }
    }

    /// A catalogued figure (`group.web.cpu`): the catalogue's label and formatter, so the
    /// detail names and writes it as every other surface does.
    pub fn figure(id: &str, value: Option<f64>, health: Option<Health>) -> Self {
        let (label, text) = crate::domain::figure::definition(id).map_or_else(
            || (id.to_string(), Unit::None.text(value)),
            |d| (d.label.to_string(), d.text(value)),
        );
        Self {
            health,
            ..Self::plain(label, text)
        }
    }

    pub fn plain(label: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            health: None,
            ..Self::judged(label, value, Health::Unknown)
        }
    }

    pub fn note(self, note: impl Into<String>) -> Self {
        Self {
            note: note.into(),
            ..self
        }
    }
}

impl Table {
    pub fn new(columns: &[(&str, bool)], empty: impl Into<String>) -> Self {
        Self {
            columns: columns
                .iter()
                .map(|(t, r)| ((*t).to_string(), *r))
                .collect(),
            rows: Vec::new(),
            empty: empty.into(),
        }
    }

    pub fn row(mut self, cells: Vec<Cell>) -> Self {
        self.rows.push(cells);
        self
    }
}

impl Cell {
    pub fn judged(text: impl Into<String>, health: Health) -> Self {
        Self {
            text: text.into(),
            health: Some(health),
        }
    }

    /// Text that judges nothing (a name, a zone, a time).
    pub fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            health: None,
        }
    }
}
