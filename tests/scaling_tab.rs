//! The Scaling tab drawn from a seeded simulator: real figures at every size, the key ones
//! kept at 80×24, the instance history with its caption and scale.

mod common;

use chrono::Duration;
use common::{draw, lines, simulator, state_with, text};
use opsconsole::app::Topic;

fn row_containing<'a>(lines: &'a [String], needle: &str) -> &'a str {
    lines.iter().find(|l| l.contains(needle)).map_or_else(
        || panic!("no line contains {needle:?} in\n{}", lines.join("\n")),
        String::as_str,
    )
}

fn numbers(line: &str) -> Vec<f64> {
    line.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter_map(|w| w.parse().ok())
        .collect()
}

/// The cells of the table row naming `name`, in the rightmost pane that has it.
fn cells(lines: &[String], name: &str) -> Vec<String> {
    row_containing(lines, &format!("│{name} "))
        .rsplit('│')
        .nth(1)
        .expect("a table row")
        .split_whitespace()
        .map(String::from)
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
    // The data tier is the right-hand pane at this width: its cells, a primary without lag,
    // the cache with its pool and hit ratio only.
    let cells = |name: &str| -> Vec<String> {
        row_containing(&lines, &format!("│{name} "))
            .rsplit('│')
            .nth(1)
            .expect("data tier")
            .split_whitespace()
            .map(String::from)
            .collect()
    };
    assert_eq!(
        cells("db-primary"),
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
    assert_eq!(
        cells("db-replica-1"),
        [
            "db-replica-1",
            "replica",
            "66.1%",
            "74",
            "43ms",
            "62ms",
            "28/150",
            "829ms",
            "db.r5.large"
        ]
    );
    assert_eq!(
        cells("db-replica-2")[6..],
        ["43/150", "1.3s", "db.r5.large"],
        "over the plan's 1 s of lag"
    );
    assert_eq!(cells("cache"), ["cache", "cache", "182/256", "90.9%"]);
}

/// 80×24 stacks the panes: every table keeps its key figures, and every sentence is whole.
#[test]
fn scaling_keeps_its_key_figures_at_80_by_24() {
    let mut state = state_with(simulator().snapshot(), Topic::Scaling);
    let lines = lines(&draw(&mut state, 80, 24, false));
    // Group: in service, desired, limits, CPU, memory, status.
    assert_eq!(
        cells(&lines, "web"),
        [
            "web", "t3.large", "5", "5", "5-12", "22.6%", "44.5%", "steady"
        ]
    );
    // The selected group's states and its policy's rule, whole.
    assert!(
        lines
            .iter()
            .any(|l| l.trim_end() == "web · pending 0 · unhealthy — · no processes suspended")
    );
    let cpu = row_containing(&lines, "CPU      22.6% ");
    assert!(
        cpu.ends_with(" out >75% 2m · in <50% 5m · cooldown 3m"),
        "{cpu}"
    );
    // Data tier: CPU, qps, query p95/p99, connections over the pool, lag; the instance class
    // is the one column left out, and the border says so.
    assert_eq!(
        cells(&lines, "db-replica-1"),
        [
            "db-replica-1",
            "replica",
            "22.2%",
            "12",
            "26ms",
            "38ms",
            "7/150",
            "185ms"
        ]
    );
    assert_eq!(
        cells(&lines, "cache"),
        ["cache", "cache", "69/256", "94.2%"]
    );
    let tier = row_containing(&lines, "Data tier");
    assert!(
        tier.contains("plan qps<360 query<50ms lag<1s cpu<75% 4 rows")
            && tier.contains("+1 cols (wider)"),
        "{tier}"
    );
    // Events: when, group, change, trigger delay, removal time; then the timings over them.
    let newest = cells(&lines, "18:19");
    assert_eq!(newest[..7], ["18:19", "web", "in", "6", "→", "5", "5m"]);
    assert_eq!(newest[7..9], ["rm", "0s"]);
    assert!(
        lines.iter().any(|l| l.trim_end()
            == "auto out (16) p50/p95  trigger 2m/2m50s · provisioning 1m20s/1m20s")
    );
}

/// Taller, the selected group's instances in service get a box: captioned with the range and
/// its extremes, scaled from 0 to the group's maximum, with clock times under the bars.
#[test]
fn the_instance_history_has_a_caption_a_scale_and_a_time_axis() {
    let mut sim = simulator();
    let incident = sim.incidents()[0].clone();
    sim.advance(incident.start - sim.now() + Duration::minutes(18));
    let mut state = state_with(sim.snapshot(), Topic::Scaling);
    let lines = lines(&draw(&mut state, 120, 40, false));
    let at = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle:?}"))
    };
    let caption = at("┌ web instances in service, last 6h: min 5 max 11 (group max 12) ─");
    assert!(
        lines[caption + 1].starts_with("│12 "),
        "{}",
        lines[caption + 1]
    );
    let axis = caption + 7;
    assert!(lines[axis - 1].starts_with("│ 0 █"), "{}", lines[axis - 1]);
    // 360 one-minute samples end at the snapshot: 21:22 to 03:21, labelled in between.
    assert!(lines[axis].starts_with("│   21:22 "), "{}", lines[axis]);
    assert!(
        lines[axis].trim_end().ends_with(" 03:21│"),
        "{}",
        lines[axis]
    );
    assert!(lines[axis].contains(" 00:21 "), "{}", lines[axis]);
    // The newest bars are taller: web scaled out to 11 of 12.
    let top_bars = &lines[caption + 1];
    assert!(top_bars.trim_end_matches('│').ends_with('▄'), "{top_bars}");
}

/// A source without CPU figures says so in words, not with a meter of question marks.
#[test]
fn a_group_without_figures_reads_no_data() {
    let mut snapshot = simulator().snapshot();
    let scaling = snapshot.scaling.as_mut().expect("scaling");
    scaling.groups[0].cpu_percent = None;
    scaling.groups[0].unhealthy = None;
    let mut state = state_with(snapshot, Topic::Scaling);
    let lines = lines(&draw(&mut state, 80, 24, false));
    assert!(!lines.join("\n").contains("???"), "{lines:#?}");
    assert_eq!(cells(&lines, "web")[5], "—", "unknown CPU, never 0");
    let cpu = row_containing(&lines, "CPU ");
    assert!(
        cpu.starts_with("CPU          — ░") && cpu.contains("░ no data ░"),
        "{cpu}"
    );
}
