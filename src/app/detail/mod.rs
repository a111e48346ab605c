//! Detail views: Enter on a row opens its subject (`group/web`), built from the same snapshot
//! rows the tabs show plus the extras sources fetch while it is open. One model per kind; each
//! turns itself into a [`Document`] that the console draws and `describe` prints, and
//! serialises as `describe --format json`.

mod document;
mod keys;
mod kinds;
mod view;

pub use document::{Block, Cell, Chart, Document, Fact, Section, Table};
pub use keys::on_action;
pub use kinds::{Detail, GroupDetail, build};
pub use view::{DetailView, close, open, rebuild};

use crate::domain::FleetSnapshot;
use crate::domain::checkpoint::WeeklyReport;
use crate::domain::detail::{Extras, Subject};

/// What a detail is built from: the merged snapshot and, for criteria, the checkpoint.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    pub snapshot: Option<&'a FleetSnapshot>,
    pub report: Option<&'a WeeklyReport>,
}

impl<'a> Inputs<'a> {
    /// The extras a source fetched for `subject`, if they are for it.
    pub fn extras(&self, subject: &Subject) -> Option<&'a Extras> {
        self.snapshot?
            .detail
            .as_ref()
            .filter(|d| &d.subject == subject)
            .map(|d| &d.extras)
    }
}

/// Why a subject cannot be built: not (or no longer) there, with what is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Missing {
    #[error("no {noun} data from this source{}", .loading.then_some(" yet").unwrap_or_default())]
    NoData { noun: &'static str, loading: bool },
    #[error("no {kind} named {name:?}; {}", known_list(.known))]
    NotFound {
        kind: &'static str,
        name: String,
        known: Vec<String>,
    },
}

fn known_list(known: &[String]) -> String {
    if known.is_empty() {
        "there are none".to_string()
    } else {
        format!("there are: {}", known.join(", "))
    }
}
