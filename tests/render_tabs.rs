//! Every tab rendered from a seeded simulator, asserting real content (not just "no panic").

mod common;

use chrono::Duration;
use common::{draw, draw_in, lines, simulator, state_with, text, theme};
use opsconsole::app::Topic;
use opsconsole::ui::theme::Role;
use opsconsole::ui::theme::Theme;

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

/// Without colours (mono, NO_COLOR) a judged cell says its state in text: `!!` critical,
/// `!` warning; with colours the same cell has no mark.
#[test]
fn mono_marks_states_in_text_at_80_columns() {
    let mut sim = simulator();
    let incident = sim.incidents()[0].clone();
    sim.advance(incident.start - sim.now() + Duration::minutes(4));
    let mono = Theme::load("mono", None).expect("built-in theme");
    let mut state = state_with(sim.snapshot(), Topic::Latency);
    let marked = lines(&draw_in(&mono, &mut state, 80, 24, true));
    let api = row_containing(&marked, "|api ");
    let p99 = api
        .split_whitespace()
        .find(|cell| cell.ends_with("ms!!"))
        .unwrap_or_else(|| panic!("a critical p99 marked !!: {api}"));
    assert!(numbers(p99)[0] > 475.0, "{api}");
    let coloured = lines(&draw(&mut state, 80, 24, false));
    assert!(!row_containing(&coloured, "│api ").contains('!'));
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
        text(&buffer).contains("api p99 · last 6h · objective 99 % < 475 ms"),
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

/// The screen's lines joined as one text, so a sentence wrapped over lines reads whole.
fn unwrapped(buffer: &ratatui::buffer::Buffer) -> String {
    lines(buffer)
        .iter()
        .map(|l| l.trim_end())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn cost_keeps_every_sentence_and_key_figure_at_80x24() {
    let mut state = state_with(simulator().snapshot(), Topic::Cost);
    let buffer = draw(&mut state, 80, 24, false);
    let all = unwrapped(&buffer);
    assert!(
        // The month's days with the demo's seeded one-off charges: 3,723 / 6,600 = 56.4 %.
        all.contains("Month to date $3,723 of $6,600 budget (56.4%)"),
        "{all}"
    );
    // 6,478 / 6,600 − 1 = −1.8 %: under the budget but within 5 % of it.
    assert!(
        all.contains(
            "Forecast month end $6,478, near the budget (forecast vs budget -1.8%, projected \
             from the last 7 days' spend)"
        ),
        "{all}"
    );
    assert!(
        all.contains(
            "Cost vs baseline -1.4% (mean hourly spend of the last 7 days, 730 h a month = \
             $6,510/month vs the $6,600 baseline)"
        ),
        "{all}"
    );
    assert!(all.contains("Savings estimate $770/month"), "{all}");
    let lines = lines(&buffer);
    let worker = row_containing(&lines, "│EC2 worker");
    assert!(
        worker.contains("$1,956") && worker.contains("52.6%"),
        "{worker}"
    );
    // The last 7 days fit, dated in the title and under each bar; today's is still running.
    let bars = row_containing(&lines, "Daily spend");
    assert!(bars.contains("Daily spend · Nov 12 to Nov 18"), "{bars}");
    let dates = row_containing(&lines, " 12   13   14");
    assert!(dates.contains("17   18"), "{dates}");
}

#[test]
fn security_keeps_its_verdict_and_names_expiring_certificates_at_80x24() {
    let later = common::start() + Duration::days(15);
    let snapshot = opsconsole::sources::simulator::Simulator::new(
        opsconsole::sources::simulator::SimulatorConfig::new(common::SEED, later),
    )
    .snapshot();
    let mut state = state_with(snapshot, Topic::Security);
    let buffer = draw(&mut state, 80, 24, false);
    let all = unwrapped(&buffer);
    assert!(
        all.contains("Security not met: score met, open critical and high missed"),
        "{all}"
    );
    assert!(all.contains("Security score 86.0% (target >= 85%: met) · score = 100 - (6 critical + 1.5 high + 0.1 medium + 0.01 low) open vulnerabilities (simulated)"), "{all}");
    assert!(
        all.contains("Open critical and high 4 (target 0: missed)"),
        "{all}"
    );
    let lines = lines(&buffer);
    // The alert names the certificate; its row says the same 4 days.
    assert!(
        lines
            .iter()
            .any(|l| l.contains("www.example.com expires in 4 days")),
        "{all}"
    );
    assert!(row_containing(&lines, "│www.example.com").contains(" 4d│"));
    assert!(row_containing(&lines, "│payments.example.com").contains("169d"));
    // The trend is dated under its first and last day, 14 days apart.
    let axis = row_containing(&lines, "Nov 20");
    assert!(axis.contains("Dec 3"), "{axis}");
    assert!(row_containing(&lines, "│high ").contains("  3 "));
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
        burn.starts_with("api no burn alert · ")
            && burn.contains(&format!("99.9 % over {label} · ")),
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
