//! Every user intent. The kebab-case names are the keymap vocabulary, and the descriptions feed
//! the help overlay, so the two cannot drift.

use std::borrow::Cow;
use std::fmt;

use crate::domain::Topic;

/// Where a binding applies. Lookup goes from the most specific context to `Global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyContext {
    Global,
    Table,
    Help,
    /// The inspect view, the alert list and the environment picker.
    Overlay,
    /// A runbook's plan, confirmation, progress and summary.
    Runbook,
    /// A row's detail view.
    Detail,
}

impl KeyContext {
    pub const ALL: [Self; 6] = [
        Self::Global,
        Self::Table,
        Self::Detail,
        Self::Help,
        Self::Overlay,
        Self::Runbook,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Global => "global",
            Self::Table => "table",
            Self::Help => "help",
            Self::Overlay => "overlay",
            Self::Runbook => "runbook",
            Self::Detail => "detail",
        }
    }
}

macro_rules! actions {
    ($($variant:ident = $name:literal, $context:ident, $description:literal;)+) => {
        /// `Show` is one action per tab, named from the tab table (`show-latency`), so adding
        /// a tab adds its key binding slot without another list.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action { Show(Topic), $($variant,)+ }

        const FIXED: &[Action] = &[$(Action::$variant,)+];

        impl Action {
            /// Every action: the tab keys after `previous-tab`, in the help's order.
            pub const ALL: &'static [Action] = &{
                const SHOW_AT: usize = 3;
                let mut all = [Action::Quit; FIXED.len() + Topic::ALL.len()];
                let (mut i, mut t) = (0, 0);
                while i < FIXED.len() {
                    all[i + if i < SHOW_AT { 0 } else { Topic::ALL.len() }] = FIXED[i];
                    i += 1;
                }
                while t < Topic::ALL.len() {
                    all[SHOW_AT + t] = Action::Show(Topic::ALL[t]);
                    t += 1;
                }
                all
            };

            pub fn name(self) -> Cow<'static, str> {
                match self {
                    Action::Show(tab) => Cow::Owned(format!("show-{}", tab.name())),
                    $(Action::$variant => Cow::Borrowed($name),)+
                }
            }

            pub fn context(self) -> KeyContext {
                match self {
                    Action::Show(_) => KeyContext::Global,
                    $(Action::$variant => KeyContext::$context,)+
                }
            }

            pub fn description(self) -> Cow<'static, str> {
                match self {
                    Action::Show(tab) => Cow::Owned(format!("{} tab", tab.title())),
                    $(Action::$variant => Cow::Borrowed($description),)+
                }
            }
        }
    };
}

actions! {
    Quit = "quit", Global, "Quit and restore the terminal";
    NextTab = "next-tab", Global, "Next tab";
    PreviousTab = "previous-tab", Global, "Previous tab";
    PreviousWeek = "previous-week", Global, "Checkpoint: the week before";
    NextWeek = "next-week", Global, "Checkpoint: the week after";
    ThisWeek = "this-week", Global, "Checkpoint: back to this week";
    ToggleHelp = "toggle-help", Global, "Show or hide this help";
    Refresh = "refresh", Global, "Ask every source for fresh data now";
    NextRange = "next-range", Global, "Longer chart range";
    PreviousRange = "previous-range", Global, "Shorter chart range";
    Inspect = "inspect", Global, "Show the queries, raw results and freshness behind this tab";
    ShowAlerts = "show-alerts", Global, "List every alert: firing, pending and silenced";
    PickEnvironment = "pick-environment", Global, "Switch to another environment";
    OpenRunbooks = "open-runbooks", Global, "Runbooks for this tab and the selected row (also from the alert list)";
    ShowAudit = "show-audit", Global, "The runbook audit trail (r reloads it)";
    SelectNext = "select-next", Table, "Select the next row";
    SelectPrevious = "select-previous", Table, "Select the previous row";
    PageDown = "page-down", Table, "Move a page down";
    PageUp = "page-up", Table, "Move a page up";
    SelectFirst = "select-first", Table, "Select the first row";
    SelectLast = "select-last", Table, "Select the last row";
    ScrollRight = "scroll-right", Table, "Show the columns further right (when not all fit)";
    ScrollLeft = "scroll-left", Table, "Back toward the first columns";
    CycleSort = "cycle-sort", Table, "Sort by the next column";
    ReverseSort = "reverse-sort", Table, "Reverse the sort order";
    Filter = "filter", Table, "Filter rows (type, Enter to keep, Esc to clear)";
    ClearFilter = "clear-filter", Table, "Clear the filter";
    Open = "open", Table, "Open the selected row's detail: why its figures are what they are";
    SwitchTable = "switch-table", Table, "Move the keys to the tab's other table (data tier, findings)";
    CloseDetail = "close-detail", Detail, "Back to the tab, on the same row";
    ScrollDown = "scroll-down", Detail, "Scroll down";
    ScrollUp = "scroll-up", Detail, "Scroll up";
    ScrollPageDown = "scroll-page-down", Detail, "Scroll a page down";
    ScrollPageUp = "scroll-page-up", Detail, "Scroll a page up";
    ScrollTop = "scroll-top", Detail, "Scroll to the top";
    ScrollBottom = "scroll-bottom", Detail, "Scroll to the end";
    CursorLeft = "cursor-left", Detail, "Charts' cursor back in time (reads value and time)";
    CursorRight = "cursor-right", Detail, "Charts' cursor forward in time (off past the newest)";
    CloseHelp = "close-help", Help, "Close the help";
    Choose = "choose", Overlay, "Open the selected item";
    CloseOverlay = "close-overlay", Overlay, "Close this view";
    Proceed = "proceed", Runbook, "Plan: go to the confirmation · confirmation: the focused button · summary: close";
    Back = "back", Runbook, "Leave without running anything (a running run goes on)";
    ConfirmYes = "confirm-yes", Runbook, "Yes: run it (low risk) · a manual step is done · cancel the run";
    ConfirmNo = "confirm-no", Runbook, "No: do not run · abort at a manual step · keep the run going";
    SwitchChoice = "switch-choice", Runbook, "Move the focus between No and Yes";
    CancelRun = "cancel-run", Runbook, "Cancel the run in progress (asks again)";
    Replan = "replan", Runbook, "Re-plan from the current state after a failure or refusal (asks again)";
    ShowApprovals = "show-approvals", Global, "Runs waiting for a second user's approval (y approves)";
    Approve = "approve", Overlay, "Approvals: approve the selected run (never your own)";
}

impl Action {
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|a| a.name() == name)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}
