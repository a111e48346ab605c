//! The open detail view: which subject, where it was opened from, its scroll and chart cursor,
//! and its document as last built. Rebuilt when data lands, not per frame; when the subject
//! disappears (a group deleted, a service gone from the source) the last document stays, marked.

use chrono::{DateTime, Utc};

use super::{Document, Inputs, Missing, build};
use crate::app::{AppState, Effect, Topic};
use crate::domain::detail::{Provenance, Subject};

#[derive(Debug, Clone, PartialEq)]
pub struct DetailView {
    pub subject: Subject,
    /// The tab it was opened from: its title leads the path, Esc returns to it.
    pub from: Topic,
    pub scroll: u16,
    /// The charts' shared time cursor, in columns left of the newest point; `None`: off.
    pub cursor: Option<u16>,
    /// The last good document; `None` until one could be built.
    pub document: Option<Document>,
    /// Why the current data does not have the subject, and since when.
    pub missing: Option<(Missing, DateTime<Utc>)>,
    /// Where the figures come from (`i`), as the source said with its extras.
    pub provenance: Vec<Provenance>,
}

impl DetailView {
    /// `Scaling › web`.
    pub fn path(&self) -> String {
        format!("{} › {}", self.from.title(), self.subject.name)
    }
}

/// Opens `subject` over the current tab and asks the sources for its extras.
pub fn open(state: &mut AppState, subject: Subject) -> Vec<Effect> {
    state.detail = Some(DetailView {
        subject: subject.clone(),
        from: state.tab,
        scroll: 0,
        cursor: None,
        document: None,
        missing: None,
        provenance: Vec::new(),
    });
    rebuild(state);
    vec![Effect::Focus(Some(subject))]
}

/// Closes the detail (the tab's selection is where it was) and stops the extra fetching.
pub fn close(state: &mut AppState) -> Vec<Effect> {
    match state.detail.take() {
        Some(_) => vec![Effect::Focus(None)],
        None => Vec::new(),
    }
}

/// Rebuilds the open detail from the current data.
pub fn rebuild(state: &mut AppState) {
    let inputs = Inputs {
        snapshot: state.data.snapshot(),
        report: state.checkpoint.report(),
    };
    let wall = state.wall;
    let Some(view) = state.detail.as_mut() else {
        return;
    };
    match build(&inputs, &view.subject) {
        Ok(detail) => {
            view.document = Some(detail.document());
            view.missing = None;
        }
        Err(missing) => {
            let since = view.missing.as_ref().map_or(wall, |(_, at)| *at);
            view.missing = Some((missing, since));
        }
    }
    if let Some(detail) = inputs.snapshot.and_then(|s| s.detail.as_ref())
        && detail.subject == view.subject
    {
        view.provenance.clone_from(&detail.provenance);
    }
}
