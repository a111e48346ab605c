//! The Checkpoint tab drawn from a fixed weekly report (tests/checkpoint_support), and its week
//! keys through the real keymap and `update`.

mod checkpoint_support;
mod common;

use checkpoint_support::{report, showing, state_on, week};
use common::{draw, keymap, lines, text, theme};
use opsconsole::app::table::{Columns, CriterionColumn};
use opsconsole::app::{AppState, CheckpointView, Topic, update};
use opsconsole::input::translate_key;
use opsconsole::ui::theme::Role;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(state: &mut AppState, key: KeyCode) {
    let event = KeyEvent::new(key, KeyModifiers::NONE);
    let message = translate_key(&event, state, &keymap()).expect("a bound key");
    update(state, message);
}

/// Table rows: the criterion's name right after the table's left border.
fn rows_of<'a>(lines: &'a [String], name: &str) -> Vec<&'a String> {
    let start = format!("│{name}");
    lines.iter().filter(|l| l.starts_with(&start)).collect()
}

/// A drawn Checkpoint: its lines and the criteria table's columns as the widget laid them out.
struct Screen {
    lines: Vec<String>,
    columns: Vec<(usize, u16)>,
}

fn screen(state: &mut AppState, width: u16, height: u16) -> Screen {
    let lines = lines(&draw(state, width, height, false));
    let columns = state.table(Topic::Checkpoint).shown.clone();
    Screen { lines, columns }
}

/// The text of `name`'s row in the column titled `column` (border, then each shown column and
/// a one-cell gap).
fn cell(screen: &Screen, name: &str, column: &str) -> String {
    let index = CriterionColumn::ALL
        .iter()
        .position(|c| c.spec().title == column)
        .expect("a column title");
    let mut x = 1;
    let mut found = None;
    for &(i, w) in &screen.columns {
        if i == index {
            found = Some((x, usize::from(w)));
        }
        x += usize::from(w) + 1;
    }
    let (start, width) = found.expect("a visible column");
    let row = rows_of(&screen.lines, name);
    let row: Vec<char> = row.first().expect("a row").chars().collect();
    row[start..start + width]
        .iter()
        .collect::<String>()
        .trim()
        .to_string()
}

/// The foreground of the first cell showing `needle`.
fn colour_of(buffer: &Buffer, needle: &str) -> Option<ratatui::style::Color> {
    let lines = lines(buffer);
    let (y, line) = lines.iter().enumerate().find(|(_, l)| l.contains(needle))?;
    let x = line[..line.find(needle)?].chars().count();
    let position = (u16::try_from(x).ok()?, u16::try_from(y).ok()?);
    Some(buffer[position].fg)
}

fn fg(role: Role) -> Option<ratatui::style::Color> {
    theme().style(role).fg
}

#[test]
fn the_header_names_the_week_its_period_and_the_summary() {
    let buffer = draw(&mut showing(report()), 200, 50, false);
    let all = text(&buffer);
    assert!(
        all.contains("Week 2026-W49 · Mon 30 Nov – Sun 6 Dec (UTC) · this week, to date"),
        "{all}"
    );
    assert!(all.contains("evaluated 13:59:00 UTC, 1m ago"), "{all}");
    assert!(all.contains("< > weeks · t this week · r refresh"), "{all}");
    assert!(all.contains("8 of 11 met · 2 missed · 1 unknown"), "{all}");
    assert!(
        all.contains("blocking not met: Error rate (missed)"),
        "{all}"
    );
    assert_eq!(
        colour_of(&buffer, "8 of 11 met"),
        fg(Role::Critical),
        "coloured by the worst"
    );
}

#[test]
fn every_criterion_once_with_its_figures_in_their_units() {
    let shown = screen(&mut showing(report()), 200, 50);
    for criterion in &report().criteria {
        assert_eq!(
            rows_of(&shown.lines, &criterion.name).len(),
            1,
            "{}",
            criterion.name
        );
    }
    let expect = |name: &str, column: &str, wanted: &str| {
        assert_eq!(cell(&shown, name, column), wanted, "{name} · {column}");
    };
    expect("P99 latency", "this week", "471.2 ms");
    expect("P99 latency", "last week", "489 ms");
    expect("P99 latency", "change", "▼ -17.8 ms");
    expect("P99 latency", "owner", "sre");
    expect("Error rate", "this week", "0.031 %");
    expect("Error rate", "change", "▲ +0.009 %");
    expect("Error rate", "status", "MISSED");
    expect("Availability", "this week", "99.95 %");
    expect("Peak throughput", "last week", "2,412 req/s");
    expect("Cost vs baseline", "this week", "-17.5 %");
    expect("Security score", "status", "MET");
    assert!(
        rows_of(&shown.lines, "P99 latency *").len() == 1,
        "blocking is marked"
    );
}

#[test]
fn an_unknown_criterion_is_unknown_never_zero_and_says_why() {
    let mut state = showing(report());
    let shown = screen(&mut state, 200, 50);
    assert_eq!(cell(&shown, "Cache hit rate", "status"), "UNKNOWN");
    assert_eq!(cell(&shown, "Cache hit rate", "this week"), "—");
    assert_eq!(
        cell(&shown, "Cache hit rate", "change"),
        "—",
        "no change without a figure"
    );
    // Sorted by name: Availability, then Cache hit rate.
    press(&mut state, KeyCode::Down);
    let buffer = draw(&mut state, 200, 50, false);
    let note = "Cache hit rate: no data in the period";
    assert!(text(&buffer).contains(note), "{}", text(&buffer));
    assert!(text(&buffer).contains("measured by: cache.hit_percent"));
    assert_eq!(
        colour_of(&buffer, "no data in the period"),
        fg(Role::Unknown)
    );
    assert_eq!(colour_of(&buffer, "UNKNOWN"), fg(Role::Unknown));
    assert_ne!(
        fg(Role::Unknown),
        fg(Role::Ok),
        "the theme tells them apart"
    );
}

#[test]
fn changes_are_coloured_good_or_bad_by_direction() {
    let buffer = draw(&mut showing(report()), 200, 50, false);
    assert_eq!(
        colour_of(&buffer, "▼ -17.8 ms"),
        fg(Role::Ok),
        "lower latency is better"
    );
    assert_eq!(
        colour_of(&buffer, "▲ +0.009 %"),
        fg(Role::Warning),
        "more errors are worse"
    );
}

#[test]
fn sorting_by_status_puts_missed_then_unknown_first() {
    let mut state = showing(report());
    for _ in 0..5 {
        press(&mut state, KeyCode::Char('s'));
    }
    let shown = lines(&draw(&mut state, 200, 50, false));
    let statuses: Vec<String> = shown
        .iter()
        .filter(|l| l.contains(" MET ") || l.contains(" MISSED ") || l.contains(" UNKNOWN "))
        .map(|l| {
            ["MISSED", "UNKNOWN", "MET"]
                .into_iter()
                .find(|s| l.contains(&format!(" {s} ")))
                .unwrap_or("")
                .to_string()
        })
        .collect();
    assert_eq!(statuses.len(), 11, "{shown:#?}");
    assert_eq!(
        statuses[..3],
        ["MISSED", "MISSED", "UNKNOWN"],
        "{statuses:?}"
    );
}

#[test]
fn the_phase_and_the_week_s_activity() {
    let all = text(&draw(&mut showing(report()), 200, 50, false));
    assert!(
        all.contains(
            "Optimization and scaling · day 17 of 24 · 7 days left · 1 late · ends Wed 9 Dec"
        ),
        "{all}"
    );
    let late = all
        .lines()
        .find(|l| l.contains("! late"))
        .expect("a late step");
    assert!(late.contains("Monitoring and observability"), "{late}");
    assert!(
        all.contains("not met: Error rate (missed in 2026-W48)"),
        "the week of the verdict, on the step's line or the next: {all}"
    );
    for state in ["✓ done", "▶ in progress", "upcoming"] {
        assert!(all.contains(state), "{state}");
    }
    let run = all
        .lines()
        .find(|l| l.contains("scale-web-group"))
        .expect("a run");
    assert!(
        run.contains("Tue 10:00") && run.contains("alice") && run.contains("succeeded"),
        "{run}"
    );
    assert!(
        all.contains("Alerts fired · 1 critical · 2 warning"),
        "{all}"
    );
    assert!(all.contains("CacheHitRateLow, ScaleOutInProgress"), "{all}");
}

#[test]
fn without_a_phase_plan_it_says_how_to_add_one() {
    let mut report = report();
    report.phase = None;
    let all = text(&draw(&mut showing(report), 200, 50, false));
    assert!(all.contains("No phase plan: add [checkpoint.phase] to the config (see README)"));
}

#[test]
fn history_marks_unknown_weeks_and_ascii_has_no_block_glyphs() {
    let glyphs = |c: char| ('\u{2581}'..='\u{2588}').contains(&c);
    let normal = screen(&mut showing(report()), 200, 50);
    let spark = cell(&normal, "Cache hit rate", "8 weeks");
    assert_eq!(spark.chars().count(), 8, "{spark}");
    assert!(
        spark.starts_with('·') && spark.ends_with('·'),
        "oldest and this week unknown: {spark}"
    );
    assert!(spark.chars().any(glyphs), "{spark}");
    let ascii = text(&draw(&mut showing(report()), 200, 50, true));
    assert!(!ascii.chars().any(glyphs), "{ascii}");
    assert!(
        ascii.contains("v -17.8") && ascii.contains("+ done"),
        "{ascii}"
    );
}

#[test]
fn small_terminals_keep_the_header_and_the_first_criteria() {
    let mut state = showing(report());
    let shown = lines(&draw(&mut state, 80, 24, false));
    assert!(
        shown[1].starts_with("Week 2026-W49 · Mon 30 Nov – Sun 6 Dec"),
        "{shown:#?}"
    );
    assert!(
        shown.iter().any(|l| l.contains("8 of 11 met")),
        "{shown:#?}"
    );
    for name in ["Availability", "Cache hit rate", "Cost vs baseline"] {
        assert_eq!(rows_of(&shown, name).len(), 1, "{name}: {shown:#?}");
    }
    let small = text(&draw(&mut state, 40, 10, false));
    assert!(small.contains("Week 2026-W49"), "{small}");
    for (width, height) in [(60, 15), (41, 11), (20, 5), (1, 1), (0, 0)] {
        for ascii in [false, true] {
            draw(&mut state, width, height, ascii);
        }
    }
}

#[test]
fn at_80x24_every_criterion_keeps_both_weeks_and_its_status_and_the_week_stays_in_view() {
    let shown = screen(&mut showing(report()), 80, 24);
    for criterion in &report().criteria {
        assert_eq!(
            cell(&shown, &criterion.name, "status"),
            criterion.verdict.label().to_uppercase(),
            "{}",
            criterion.name
        );
    }
    let expect = |name: &str, column: &str, wanted: &str| {
        assert_eq!(cell(&shown, name, column), wanted, "{name} · {column}");
    };
    // Bare figures (never with leading digits cut); the target says what they count.
    expect("Peak throughput", "this week", "2,180");
    expect("Peak throughput", "last week", "2,412");
    expect("Peak throughput", "target", "> 2,300 req/s");
    expect("Peak throughput", "change", "▼ -232.4");
    expect("Error rate", "last week", "0.022");
    expect("Cache hit rate", "this week", "—");
    let all = shown.lines.join("\n");
    // The selected criterion's line wraps whole.
    assert!(
        all.contains("Availability: ratio of the week meets >= 99.9 %"),
        "{all}"
    );
    assert!(all.contains("service.*.ok_total"), "{all}");
    // The phase and the week, most pressing first, and how much more there is.
    for line in [
        "Optimization and scaling · day 17 of 24 · 7 days left · 1 late",
        "! late  Monitoring and observability · not met: Error rate (missed in 2026-W48)",
        "Runbook runs 2 (1 not succeeded) · Alerts fired · 1 critical · 2 warning",
        "+5 more lines: a taller terminal shows the phase and the week in full",
    ] {
        assert!(all.contains(line), "{line}: {all}");
    }
    // A little taller, the compact lines name every alert and run.
    let taller = text(&draw(&mut showing(report()), 80, 30, false));
    assert!(
        taller.contains("  warning  CacheHitRateLow, ScaleOutInProgress"),
        "{taller}"
    );
    assert!(
        taller.contains("Wed 10:00 restart-service      api          bob        failed"),
        "{taller}"
    );
}

#[test]
fn wide_terminals_chart_the_selected_criterion_s_weeks_under_week_labels() {
    let shown = lines(&draw(&mut showing(report()), 200, 50, false));
    let title = shown
        .iter()
        .position(|l| l.contains("Availability · last 8 weeks · target >= 99.9 %"))
        .expect("the history chart");
    assert!(
        shown[title].contains("● met  ✕ missed  ? unknown"),
        "{}",
        shown[title]
    );
    let axis = shown
        .iter()
        .find(|l| l.contains("W42 12 Oct"))
        .expect("the week axis");
    let weeks: Vec<usize> = (42..=49)
        .map(|w| axis.find(&format!("W{w} ")).expect("every week labelled"))
        .collect();
    assert!(weeks.windows(2).all(|p| p[0] < p[1]), "{axis}");
    let chart = shown[title..].join("\n");
    for figure in ["99.95 %", "99.93 %", "111.9 %"] {
        assert!(chart.contains(figure), "{figure}: {chart}");
    }
    // The chart reaches down to the footer: no block of empty rows.
    assert!(shown[48].starts_with('└'), "{}", shown[48]);
    let ascii = text(&draw(&mut showing(report()), 200, 50, true));
    assert!(ascii.contains("o met  x missed  ? unknown"), "{ascii}");
}

#[test]
fn failures_and_evaluations_in_progress_say_so() {
    let mut state = state_on(Topic::Checkpoint);
    state.checkpoint.view = CheckpointView::Failed {
        week: week("2026-W49"),
        error: "prometheus: connection refused".into(),
    };
    let buffer = draw(&mut state, 120, 40, false);
    let failure = "cannot evaluate 2026-W49: prometheus: connection refused";
    assert!(text(&buffer).contains(failure), "{}", text(&buffer));
    assert!(text(&buffer).contains("r to retry"));
    assert_eq!(colour_of(&buffer, failure), fg(Role::Critical));

    state.checkpoint.view = CheckpointView::Loading {
        week: week("2026-W49"),
        request: 1,
        previous: None,
    };
    assert!(text(&draw(&mut state, 120, 40, false)).contains("evaluating the week…"));
    state.checkpoint.view = CheckpointView::Loading {
        week: week("2026-W49"),
        request: 2,
        previous: Some(Box::new(report())),
    };
    let all = text(&draw(&mut state, 120, 40, false));
    assert!(all.contains("evaluating… (showing 13:58:00 UTC)"), "{all}");
    assert_eq!(
        rows_of(&lines(&draw(&mut state, 120, 40, false)), "Error rate").len(),
        1
    );
}

#[test]
fn the_footer_offers_weeks_not_chart_ranges() {
    let all = text(&draw(&mut showing(report()), 120, 40, false));
    assert!(all.contains("< earlier week"), "{all}");
    assert!(!all.contains("] range"), "{all}");
}
