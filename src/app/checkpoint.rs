//! The Checkpoint tab's state: which ISO week is selected (the running one unless the user
//! stepped away), the report last evaluated for it, and when to ask for a fresh one. The
//! evaluation itself (queries, a simulator replay) runs in the runtime; this only asks.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::{AppState, Effect, Topic};
use crate::domain::checkpoint::{IsoWeek, WeeklyReport};

/// The running week's figures move; past weeks' do not, and are kept until a refresh.
const RUNNING_WEEK_REFRESH: Duration = Duration::minutes(5);

/// One evaluation asked of the runtime. Only the answer to the latest request is shown, so a
/// slow answer for a week (or an environment) left meanwhile never lands on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckpointRequest {
    pub id: u64,
    pub week: IsoWeek,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CheckpointView {
    /// Nothing asked yet (or the environment changed).
    Idle,
    /// Evaluating `week`; `previous` stays on screen meanwhile when it is the same week.
    Loading {
        week: IsoWeek,
        request: u64,
        previous: Option<Box<WeeklyReport>>,
    },
    Ready {
        report: Box<WeeklyReport>,
        at: DateTime<Utc>,
    },
    Failed {
        week: IsoWeek,
        error: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct CheckpointState {
    pub timezone: Tz,
    /// `None` follows the running week, so the tab rolls over on Monday by itself.
    pub pinned: Option<IsoWeek>,
    pub view: CheckpointView,
    /// The id of the last request made.
    requests: u64,
}

impl CheckpointState {
    pub fn new(timezone: Tz) -> Self {
        Self {
            timezone,
            pinned: None,
            view: CheckpointView::Idle,
            requests: 0,
        }
    }

    pub fn this_week(&self, wall: DateTime<Utc>) -> IsoWeek {
        IsoWeek::at(wall, self.timezone)
    }

    pub fn selected(&self, wall: DateTime<Utc>) -> IsoWeek {
        self.pinned.unwrap_or_else(|| self.this_week(wall))
    }

    /// The report to draw: the loaded one, or the one being refreshed.
    pub fn report(&self) -> Option<&WeeklyReport> {
        match &self.view {
            CheckpointView::Ready { report, .. } => Some(report),
            CheckpointView::Loading { previous, .. } => previous.as_deref(),
            CheckpointView::Idle | CheckpointView::Failed { .. } => None,
        }
    }

    /// Starts evaluating `week`, keeping the shown report if it is that week's.
    fn load(&mut self, week: IsoWeek) -> Effect {
        let previous = match std::mem::replace(&mut self.view, CheckpointView::Idle) {
            CheckpointView::Ready { report, .. } if report.week == week.to_string() => Some(report),
            CheckpointView::Loading {
                previous, week: w, ..
            } if w == week => previous,
            _ => None,
        };
        self.requests += 1;
        let request = self.requests;
        self.view = CheckpointView::Loading {
            week,
            request,
            previous,
        };
        Effect::LoadCheckpoint(CheckpointRequest { id: request, week })
    }
}

/// What the tab needs now: a first evaluation, the selected week's, or a fresh one of the
/// running week. Nothing while the tab is not shown: evaluating costs queries.
pub fn wanted(state: &mut AppState) -> Option<Effect> {
    if state.tab != Topic::Checkpoint {
        return None;
    }
    let wall = state.wall;
    let checkpoint = &mut state.checkpoint;
    let week = checkpoint.selected(wall);
    let due = match &checkpoint.view {
        CheckpointView::Loading { week: w, .. } => *w != week,
        CheckpointView::Ready { report, at } => {
            let running = week == checkpoint.this_week(wall);
            report.week != week.to_string() || (running && wall - *at >= RUNNING_WEEK_REFRESH)
        }
        CheckpointView::Idle => true,
        CheckpointView::Failed { week: w, .. } => *w != week,
    };
    due.then(|| checkpoint.load(week))
}

/// Week stepping and refresh on the Checkpoint tab; `None` for other actions or tabs.
pub fn on_action(state: &mut AppState, action: super::Action) -> Option<Vec<Effect>> {
    use super::Action;
    if state.tab != Topic::Checkpoint {
        return None;
    }
    let wall = state.wall;
    let checkpoint = &mut state.checkpoint;
    let this_week = checkpoint.this_week(wall);
    let selected = checkpoint.selected(wall);
    match action {
        Action::PreviousWeek => checkpoint.pinned = Some(selected.previous()),
        // Not past the running week: the future has no figures.
        Action::NextWeek if selected < this_week => {
            let next = selected.next();
            checkpoint.pinned = (next != this_week).then_some(next);
        }
        Action::NextWeek => {}
        Action::ThisWeek => checkpoint.pinned = None,
        Action::Refresh => {
            let mut effects: Vec<Effect> = state.data.sources().map(Effect::Refresh).collect();
            effects.push(state.checkpoint.load(selected));
            return Some(effects);
        }
        _ => return None,
    }
    // Another week's rows start at the top; staying on the same week keeps the selection.
    if state.checkpoint.selected(wall) != selected {
        state.table_mut(Topic::Checkpoint).selected = 0;
    }
    Some(wanted(state).into_iter().collect())
}

/// An evaluation finished; only the answer to the request in flight is shown.
pub fn on_loaded(
    state: &mut AppState,
    answered: CheckpointRequest,
    result: Result<WeeklyReport, String>,
) {
    let checkpoint = &mut state.checkpoint;
    let latest = matches!(checkpoint.view, CheckpointView::Loading { request, .. } if request == answered.id);
    if !latest {
        return;
    }
    checkpoint.view = match result {
        Ok(report) => CheckpointView::Ready {
            report: Box::new(report),
            at: state.wall,
        },
        Err(error) => CheckpointView::Failed {
            week: answered.week,
            error,
        },
    };
}
