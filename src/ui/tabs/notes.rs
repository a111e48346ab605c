//! Why a tab's figures are not current, for its table title: a failed cloud part, or the
//! worst of the panels feeding it.

use crate::app::{AppState, Freshness, Topic};
use crate::domain::SourceId;
use crate::ui::format;

/// The worst state of the panels feeding `tab`, as a title note; `None` when all are fresh.
pub fn panels(state: &AppState, tab: Topic) -> Option<String> {
    let topic = Some(tab);
    let freshness = state
        .data
        .panel_freshness(state.wall, |p| p.tab.is_some() && p.tab == topic)?;
    match freshness {
        Freshness::Fresh { .. } => None,
        Freshness::Loading => Some("loading".into()),
        Freshness::Stale { age } => Some(format!("STALE {}", format::age(age))),
        Freshness::Failed { error, age } => Some(format!(
            "FAILED: {error}{}",
            age.map(|a| format!(" · showing {} old", format::age(a)))
                .unwrap_or_default()
        )),
    }
}

/// A cloud part that failed, on its own tab: the merged picture still shows the base source's
/// figures, so the failure must be said where its figures are missing or old.
pub fn part(state: &AppState, tab: Topic) -> Option<String> {
    state
        .data
        .sources()
        .filter(|s| !matches!(s, SourceId::Simulator | SourceId::Prometheus))
        .filter(|s| s.covers(tab))
        .find_map(|s| match state.data.freshness(s, state.now) {
            Freshness::Failed { error, .. } => Some(format!("{} FAILED: {error}", s.label())),
            _ => None,
        })
}
