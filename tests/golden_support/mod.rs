//! Scenes for the golden captures (every tab, the help, a runbook plan), drawn at a fixed clock
//! from the seeded simulator, and the committed text files they are compared with.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use opsconsole::app::runbook::{Stage, open};
use opsconsole::app::{Action, AppState, Message, RunbookMessage, Topic, update};
use opsconsole::domain::FleetSnapshot;
use opsconsole::domain::runbook::{Capability, PlanView, PlannedStep};
use opsconsole::runbook::catalog::Catalog;
use opsconsole::ui::{self, RenderContext};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::checkpoint_support::{report, showing};
use crate::common::{keymap, lines, simulator, state_with, theme};

pub const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 50)];

/// Set to rewrite the committed captures from this build.
pub const ACCEPT: &str = "OPSCONSOLE_ACCEPT_GOLDEN";

/// A fresh state showing one scene.
pub type Scene = fn() -> AppState;

/// Every scene by its file name: the six tabs, the help overlay and a runbook's plan.
pub fn scenes() -> Vec<(&'static str, Scene)> {
    vec![
        ("scaling", || on(Topic::Scaling)),
        ("latency", || on(Topic::Latency)),
        ("cost", || on(Topic::Cost)),
        ("security", || on(Topic::Security)),
        ("readiness", || on(Topic::Readiness)),
        ("checkpoint", || showing(report())),
        ("help", help),
        ("runbook-plan", runbook_plan),
        ("detail-group", || detail(Topic::Scaling)),
        ("detail-service", || detail(Topic::Latency)),
        ("detail-database", || detail_second(Topic::Scaling)),
        ("detail-cost", || detail(Topic::Cost)),
        ("detail-certificate", || detail(Topic::Security)),
        ("detail-finding", || detail_second(Topic::Security)),
        ("detail-check", || detail(Topic::Readiness)),
        ("detail-criterion", || {
            let mut state = showing(report());
            update(&mut state, Message::User(Action::Open));
            state
        }),
    ]
}

/// The first row of `tab`'s second table (`w`) opened, as `detail` does.
fn detail_second(tab: Topic) -> AppState {
    let mut state = on(tab);
    update(&mut state, Message::User(Action::SwitchTable));
    opened(state)
}

/// The first row of `tab` opened, with the extras the simulator gives its subject, and the
/// charts' cursor an hour back.
fn detail(tab: Topic) -> AppState {
    opened(on(tab))
}

fn opened(mut state: AppState) -> AppState {
    let subject = opsconsole::app::table::selected_subject(&state).expect("a row");
    let mut snapshot = snapshot();
    snapshot.detail = simulator().detail(&subject);
    update(
        &mut state,
        Message::Source(opsconsole::domain::SourceUpdate {
            source: opsconsole::domain::SourceId::Simulator,
            result: Ok(Box::new(snapshot)),
        }),
    );
    update(&mut state, Message::User(Action::Open));
    for _ in 0..12 {
        update(&mut state, Message::User(Action::CursorLeft));
    }
    state
}

/// The seeded fleet at the common start (03:00 UTC); the header clock is its time.
pub fn snapshot() -> FleetSnapshot {
    // Replaying the fleet's history is the slow part: once for every scene.
    static SNAPSHOT: OnceLock<FleetSnapshot> = OnceLock::new();
    SNAPSHOT.get_or_init(|| simulator().snapshot()).clone()
}

pub fn on(tab: Topic) -> AppState {
    state_with(snapshot(), tab)
}

fn help() -> AppState {
    let mut state = on(Topic::Scaling);
    update(&mut state, Message::User(Action::ToggleHelp));
    state
}

/// The built-in scale-out runbook at its plan stage, as the runtime leaves it.
fn runbook_plan() -> AppState {
    let mut state = on(Topic::Scaling);
    state.runbooks = Catalog::load(None).0.runbooks;
    state.capabilities = vec![Capability::FleetActions, Capability::Prometheus];
    let runbook = state
        .runbooks
        .iter()
        .find(|r| r.id == "scale-out")
        .or(state.runbooks.first())
        .cloned()
        .expect("a built-in runbook");
    open(&mut state, runbook.clone(), None);
    if let Some(flow) = state.flow.as_mut() {
        flow.stage = Stage::Planning;
    }
    // The real scale-out plan of web at 03:00 on the seeded demo (`opsconsole runbook plan
    // scale-out --row web`), so the capture shows what operators see.
    let step = |title: &str, kind, call: &str, limits: &str| PlannedStep {
        title: title.into(),
        kind,
        call: call.into(),
        limits: limits.into(),
    };
    let plan = PlanView {
        id: 1,
        runbook: runbook.id.clone(),
        title: runbook.title.clone(),
        risk: runbook.risk,
        target: "web".into(),
        environment: "demo".into(),
        params: vec![
            ("group".into(), "web".into()),
            ("desired".into(), "7".into()),
            ("hold".into(), "30m".into()),
        ],
        change: vec!["web desired 5 → 7 (min 5, max 12)".into()],
        precondition: Some("group.web.desired == 5 (now 5)".into()),
        precondition_holds: Some(true),
        warnings: vec!["web's policy will likely undo this: CPU after the change estimated at 23% x 5/7 = 16% (today's load spread evenly), below its scale-in threshold 50%, so it scales in after 5m (then 3m cooldown); this plan holds web for 30m, then the policy acts again".into()],
        steps: vec![
            step(
                "Set desired capacity",
                "action",
                "set-desired-capacity group=web desired=7 if-desired-is=5",
                "timeout 30s · stops the run on failure",
            ),
            step(
                "Hold the new size against the policy",
                "action",
                "hold-scaling group=web min=7 for=30m",
                "timeout 30s · stops the run on failure",
            ),
            step(
                "Wait until the new instances are in service",
                "wait-until",
                "until group.web.in_service >= 7, checking every 5s",
                "timeout 10m · stops the run on failure",
            ),
        ],
        verify: Some("group.web.cpu < 75 within 10m".into()),
        digest: "190224c3ecb2e738".into(),
    };
    update(
        &mut state,
        Message::Runbook(Box::new(RunbookMessage::PlanReady(plan))),
    );
    assert!(
        matches!(
            state.flow.as_ref().map(|f| &f.stage),
            Some(Stage::Plan { .. })
        ),
        "the plan is shown"
    );
    state
}

/// One frame's text and how many cells the ASCII fold had to show as `?` (drawn through
/// `ui::draw`, folded here as `ui::render` does, to see the count).
pub struct Capture {
    pub lines: Vec<String>,
    pub fallbacks: usize,
}

pub fn capture(state: &mut AppState, width: u16, height: u16, ascii: bool) -> Capture {
    let (theme, keymap) = (theme(), keymap());
    let context = RenderContext {
        theme: &theme,
        keymap: &keymap,
        ascii,
    };
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    let mut fallbacks = 0;
    terminal
        .draw(|frame| {
            ui::draw(frame, state, &context);
            // Default captures are folded too (and their text kept unfolded): every glyph we
            // draw must have an ASCII stand-in, or `--ascii` would show `?` for it.
            let mut folded = frame.buffer_mut().clone();
            fallbacks = ui::ascii::fold(&mut folded);
            if ascii {
                *frame.buffer_mut() = folded;
            }
        })
        .expect("draw");
    Capture {
        lines: lines(terminal.backend().buffer()),
        fallbacks,
    }
}

pub fn file_name(scene: &str, (width, height): (u16, u16), ascii: bool) -> String {
    let mode = if ascii { "_ascii" } else { "" };
    format!("{scene}_{width}x{height}{mode}.txt")
}

pub fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// The file's text: trailing blanks trimmed so editors leave the files alone.
pub fn file_text(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| format!("{}\n", l.trim_end()))
        .collect()
}

/// The first few differing lines, numbered, expected above actual.
pub fn diff(expected: &str, actual: &str) -> String {
    let (old, new): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = String::new();
    let mut shown = 0;
    for i in 0..old.len().max(new.len()) {
        let (a, b) = (old.get(i).copied(), new.get(i).copied());
        if a == b {
            continue;
        }
        out.push_str(&format!(
            "  line {:>2} golden: {}\n          now:    {}\n",
            i + 1,
            a.unwrap_or("<none>"),
            b.unwrap_or("<none>")
        ));
        shown += 1;
        if shown == 4 {
            out.push_str("  ...\n");
            break;
        }
    }
    out
}
