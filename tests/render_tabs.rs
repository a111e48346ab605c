//! Every tab rendered from a seeded simulator, asserting real content (not just "no panic").

mod common;

use chrono::Duration;
use common::{draw, lines, simulator, state_with, text, theme};
use opsconsole::app::Topic;
use opsconsole::ui::theme::Role;

fn row_containing<'a>(lines: &'a [String], needle: &str) -> &'a str {
    lines
        .iter()
        .find(|l| l.contains(needle))
        .map_or_else(|| panic!("no line contains {needle:?}"), String::as_str)
}

fn numbers(line: &str) -> Vec<f64> {
    line.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter_map(|w| w.parse().ok())
        .collect()
}

#[test]
fn scaling_shows_web_group_at_minimum_with_limits() {
    let mut state = state_with(simulator().snapshot(), Topic::Scaling);
    let buffer = draw(&mut state, 200, 50, false);
    let lines = lines(&buffer);
    assert!(
        lines[0].contains("DEMO demo"),
        "header shows the environment: {}",
        lines[0]
    );
    assert!(lines[0].contains("UTC"), "header shows a UTC clock");
    let web = row_containing(&lines, "│web ");
    assert!(web.contains("t3.large"), "{web}");
    let figures = numbers(web);
    assert_eq!(figures[..2], [3.0, 5.0], "t3 then in service 5: {web}");
    assert!(
        web.contains(" 5 ") && web.contains("5-12"),
        "desired 5, limits 5-12: {web}"
    );
    let all = text(&buffer);
    assert!(all.contains("Scaling events") && all.contains("Data tier"));
    // The replayed week's policy scale-outs, timed, with their definitions below.
    assert!(
        all.contains("auto out (") && all.contains("p50/p95  trigger "),
        "{all}"
    );
    assert!(all.contains("trigger delay: threshold first breached → activity starts"));
    assert!(all.contains("db-primary") && all.contains("cache"));
    assert!(all.contains("out >75%"), "policy target next to CPU");
}

/// Late in the surge the worker group is saturated and the data tier shows the plan's figures.
#[test]
fn scaling_shows_a_saturated_group_and_the_database_against_its_targets() {
    let mut sim = simulator();
    let incident = sim.incidents()[0].clone();
    sim.advance(incident.start - sim.now() + Duration::minutes(18));
    let mut state = state_with(sim.snapshot(), Topic::Scaling);
    let lines = lines(&draw(&mut state, 200, 50, false));
    let worker = row_containing(&lines, "│worker ");
    assert!(worker.contains("SATURATED"), "{worker}");
    let primary = row_containing(&lines, "│db-primary");
    let cells: Vec<&str> = primary
        .rsplit('│')
        .nth(1)
        .expect("data tier")
        .split_whitespace()
        .collect();
    assert_eq!(
        cells,
        [
            "db-primary",
            "primary",
            "100.0%",
            "908",
            "568ms",
            "827ms",
            "150/150",
            "db.r5.large"
        ]
    );
    assert!(row_containing(&lines, "│db-replica-2").contains("43/150   1.3s"));
    let replica = row_containing(&lines, "│db-replica-1");
    assert!(replica.contains("28/150   829ms"), "{replica}");
}

#[test]
fn latency_marks_api_p99_critical_during_the_incident() {
    let mut sim = simulator();
    let incident = sim.incidents()[0].clone();
    let into = incident.start - sim.now() + Duration::minutes(4);
    sim.advance(into);
    let mut state = state_with(sim.snapshot(), Topic::Latency);
    let buffer = draw(&mut state, 200, 50, false);
    let lines = lines(&buffer);
    let y = lines
        .iter()
        .position(|l| l.contains("│api "))
        .expect("api row");
    let api = &lines[y];
    let p99 = numbers(api)[3];
    assert!(
        p99 > 475.0,
        "api p99 {p99} should be over the 475 ms target during {}: {api}",
        incident.name
    );
    // The p99 cell is styled with the theme's critical role.
    let critical = theme().style(Role::Critical).fg;
    let x = api.find(&format!("{p99:.0}ms")).expect("p99 cell");
    let x = u16::try_from(api[..x].chars().count()).expect("column");
    assert_eq!(
        buffer[(x, u16::try_from(y).expect("row"))].fg,
        critical.expect("critical has a colour")
    );
    assert!(
        text(&buffer).contains("api p99 · last 6h · latency objective 99 % < 475 ms"),
        "chart of the selected service"
    );
}

#[test]
fn cost_shows_budget_forecast_and_savings() {
    let mut state = state_with(simulator().snapshot(), Topic::Cost);
    let all = text(&draw(&mut state, 200, 50, false));
    assert!(all.contains("of $6,600 budget"), "{all}");
    assert!(all.contains("Forecast month end $") && all.contains("(forecast vs budget "));
    assert!(all.contains("Cost vs baseline ") && all.contains("vs the $6,600 baseline)"));
    assert!(all.contains("Savings estimate $"));
    assert!(all.contains("Daily spend") && all.contains("Spend by service"));
}

#[test]
fn security_sorts_certificates_by_days_left() {
    let mut state = state_with(simulator().snapshot(), Topic::Security);
    let buffer = draw(&mut state, 200, 50, false);
    let all = text(&buffer);
    assert!(
        all.contains("Security score") && all.contains("(target >= 85%: "),
        "{all}"
    );
    let lines = lines(&buffer);
    let days: Vec<i64> = lines
        .iter()
        .filter_map(|l| {
            l.split('│')
                .nth(1)
                .map(str::trim)
                .and_then(|cell| cell.split_whitespace().last())
                .map(str::to_string)
        })
        .filter_map(|last| last.strip_suffix('d').and_then(|d| d.parse().ok()))
        .collect();
    assert!(days.len() >= 4, "certificate rows: {days:?}");
    assert!(
        days.windows(2).all(|w| w[0] <= w[1]),
        "sorted by days left: {days:?}"
    );
}

#[test]
fn readiness_groups_checks_and_scores_them() {
    let snapshot = simulator().snapshot();
    let readiness = snapshot.readiness.clone().expect("readiness");
    let (pass, total) = readiness.score();
    let mut state = state_with(snapshot, Topic::Readiness);
    let all = text(&draw(&mut state, 200, 60, false));
    assert!(
        all.contains(&format!("{pass} of {total} applicable passing")),
        "{all}"
    );
    for category in [
        "infrastructure",
        "application",
        "operations",
        "security",
        "performance",
        "compliance",
    ] {
        assert!(all.contains(category), "{category} missing");
    }
    assert!(all.contains(&format!(
        "level {}",
        readiness.level().label().to_uppercase()
    )));
}

#[test]
fn readiness_at_80x24_keeps_the_score_every_category_and_the_key_columns() {
    let snapshot = simulator().snapshot();
    let readiness = snapshot.readiness.clone().expect("readiness");
    let (pass, total) = readiness.score();
    let mut state = state_with(snapshot, Topic::Readiness);
    let shown = lines(&draw(&mut state, 80, 24, false));
    let all = shown.join("\n");
    let level = format!("level {}", readiness.level().label().to_uppercase());
    for whole in [format!("{pass} of {total} applicable passing"), level] {
        assert!(all.contains(&whole), "{whole}: {all}");
    }
    // Each category's figure on one line, never split by the wrap.
    for (category, pass, applicable) in readiness.by_category() {
        let figure = format!("{} {pass}/{applicable}", category.label());
        assert!(shown.iter().any(|l| l.contains(&figure)), "{figure}: {all}");
    }
    let header = row_containing(&shown, "│check");
    for column in ["state", "evaluated", "detail"] {
        assert!(header.contains(column), "{column}: {header}");
    }
    assert!(
        all.contains("+1 cols ←/→"),
        "the hidden category column: {all}"
    );
    assert!(all.contains("│Multi-AZ high availability *"), "{all}");
}

#[test]
fn bad_default_files_show_a_banner() {
    let mut state = state_with(simulator().snapshot(), Topic::Scaling);
    state.warnings.push("/home/u/.config/opsconsole/config.toml:3:1: unknown field `colour` (built-in defaults in use)".into());
    let lines = lines(&draw(&mut state, 160, 40, false));
    assert!(
        lines[1].starts_with("! ") && lines[1].contains("config.toml:3:1"),
        "banner under the header: {}",
        lines[1]
    );
}

#[test]
fn ascii_mode_draws_no_braille_or_block_glyphs() {
    let mut sim = simulator();
    sim.advance(Duration::hours(2));
    for tab in Topic::ALL {
        let mut state = state_with(sim.snapshot(), tab);
        let all = text(&draw(&mut state, 200, 50, true));
        let fancy: Vec<char> = all
            .chars()
            .filter(|c| {
                ('\u{2800}'..='\u{28FF}').contains(c) || ('\u{2581}'..='\u{2588}').contains(c)
            })
            .collect();
        assert!(fancy.is_empty(), "{tab:?} drew {fancy:?} in ascii mode");
        let normal = text(&draw(&mut state, 200, 50, false));
        assert!(
            normal
                .chars()
                .any(|c| ('\u{2800}'..='\u{28FF}').contains(&c)
                    || ('\u{2581}'..='\u{2588}').contains(&c))
                || tab == Topic::Readiness
                // No report without an evaluation; tests/checkpoint_tab.rs draws one.
                || tab == Topic::Checkpoint,
            "{tab:?} draws charts with glyphs by default"
        );
    }
}

#[test]
fn latency_shows_each_service_objective_and_one_window_label() {
    let mut state = state_with(simulator().snapshot(), Topic::Latency);
    let lines = lines(&draw(&mut state, 200, 50, false));
    let title = row_containing(&lines, "Services · ");
    let label = title
        .split(" · ")
        .nth(1)
        .expect("the window label follows the table's name");
    assert!(
        label.starts_with("30 d window (") && label.ends_with(" d of history)"),
        "{title}"
    );
    let burn = row_containing(&lines, "burn (Workbook)");
    assert!(
        burn.contains(&format!("api 99.9 % · {label} · ")),
        "the burn line names the same window: {burn}"
    );
    let auth = row_containing(&lines, "│auth ");
    assert!(auth.contains("99.95 %"), "{auth}");
    let search = row_containing(&lines, "│search ");
    assert!(
        search.contains("99.5 %") && search.contains("95 % < 400 ms"),
        "{search}"
    );
    // Auth's errors weigh twice as much against its stricter objective.
    let budget = |row: &str| {
        let mut cells = row
            .split_whitespace()
            .filter(|t| t.len() > 1 && t.ends_with('%'));
        numbers(cells.next_back().expect("budget cell"))[0]
    };
    assert!(
        budget(auth) < budget(row_containing(&lines, "│api ")),
        "{auth}"
    );
}
