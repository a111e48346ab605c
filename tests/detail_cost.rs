//! A cost line's detail on the seeded demo: the tab's month to date and share, days that add up
//! to it, and the anomalies the ledger's seeded one-off charges make.

use chrono::{DateTime, TimeZone, Utc};
use opsconsole::app::detail::{Block, Detail, Document, Fact, Inputs, build};
use opsconsole::config::DEFAULT_SEED;
use opsconsole::domain::detail::{Kind, Subject};
use opsconsole::domain::{FleetSnapshot, Unit};
use opsconsole::sources::simulator::{Simulator, SimulatorConfig};

const NETWORK: &str = "Networking & storage";

/// The last afternoon of November: the record starts on the 1st, so 15 full days each have
/// two weeks before them.
fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 15, 0, 0).unwrap()
}

fn opened(simulator: &Simulator, line: &str) -> (FleetSnapshot, serde_json::Value, Document) {
    let mut snapshot = simulator.snapshot();
    let subject = Subject::new(Kind::Cost, line);
    snapshot.detail = simulator.detail(&subject);
    let inputs = Inputs {
        snapshot: Some(&snapshot),
        report: None,
    };
    let detail = build(&inputs, &subject).expect("the line is on the tab");
    assert!(matches!(detail, Detail::Cost(_)));
    let json = serde_json::to_value(&detail).expect("json");
    let document = detail.document();
    (snapshot, json, document)
}

fn fact<'a>(document: &'a Document, label: &str) -> &'a Fact {
    document
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Facts { facts } => Some(facts),
            _ => None,
        })
        .flatten()
        .find(|f| f.label == label)
        .unwrap_or_else(|| panic!("a fact {label:?}"))
}

fn texts(document: &Document, title: &str) -> Vec<String> {
    let section = document
        .sections
        .iter()
        .find(|s| s.title == title)
        .unwrap_or_else(|| panic!("a section {title:?}"));
    section
        .blocks
        .iter()
        .flat_map(|b| match b {
            Block::Text { text, .. } => vec![text.clone()],
            Block::Table(t) if t.rows.is_empty() => vec![t.empty.clone()],
            Block::Table(t) => t.rows.iter().map(|r| r[0].text.clone()).collect(),
            _ => Vec::new(),
        })
        .collect()
}

#[test]
fn every_line_shows_the_tabs_figures_and_days_that_add_up_to_them() {
    let simulator = Simulator::new(SimulatorConfig::new(DEFAULT_SEED, at()));
    let view = simulator.snapshot().cost.expect("cost");
    assert_eq!(view.by_service.len(), 5);
    for row in &view.by_service {
        let (snapshot, json, document) = opened(&simulator, &row.service);
        let tab = snapshot.cost.as_ref().expect("cost");
        let share = tab.share_percent(row);
        assert_eq!(json["row"]["month_to_date"], row.month_to_date);
        assert_eq!(json["share_percent"].as_f64(), share);
        assert_eq!(
            fact(&document, "month to date").value,
            Unit::Dollars.text(Some(row.month_to_date))
        );
        assert_eq!(fact(&document, "share").value, Unit::Percent.text(share));
        // The line's days of this month (today's running one included) are its month to date.
        let days = json["extras"]["daily"].as_array().expect("days");
        let november: f64 = days
            .iter()
            .filter(|d| d["date"].as_str().is_some_and(|d| d >= "2026-11-01"))
            .map(|d| d["amount"].as_f64().expect("an amount"))
            .sum();
        assert!(
            (november - row.month_to_date).abs() < 1e-6 * row.month_to_date,
            "{}: days {november} against month to date {}",
            row.service,
            row.month_to_date
        );
        assert_eq!(days.len(), 30, "Nov 1 to 30");
        assert_eq!(json["anomalies"]["state"], "judged");
        assert_eq!(json["anomalies"]["days"], 15, "Nov 15 to 29");
    }
}

#[test]
fn the_seeded_one_off_charges_are_the_anomalies_and_the_method_is_named() {
    let simulator = Simulator::new(SimulatorConfig::new(DEFAULT_SEED, at()));
    let (_, json, document) = opened(&simulator, NETWORK);
    // Seed 42 books cross-region copies on networking on Nov 27 and 29: each 1 to 2 days'
    // worth over a flat $15.78 a day ($480 a month over 730 hours, 24 a day).
    let flat = 480.0 / 730.0 * 24.0;
    let found = json["anomalies"]["found"].as_array().expect("found");
    let dates: Vec<&str> = found.iter().filter_map(|a| a["date"].as_str()).collect();
    assert_eq!(dates, ["2026-11-27", "2026-11-29"]);
    for anomaly in found {
        let amount = anomaly["amount"].as_f64().expect("amount");
        let median = anomaly["median"].as_f64().expect("median");
        assert!((median - flat).abs() < 1e-6, "{median}");
        assert!(
            (2.0 * flat..=3.0 * flat).contains(&amount),
            "a day plus its charge: {amount}"
        );
    }
    assert!(texts(&document, "Anomalies")[0].starts_with("robust z-score"));
    assert_eq!(
        texts(&document, "Anomalies")[1..],
        ["2026-11-27", "2026-11-29"]
    );
    assert_eq!(
        texts(&document, "Now"),
        ["Networking & storage: 2 anomalous day(s) in the last 15 judged, the latest 2026-11-29"]
    );
    assert_eq!(
        texts(&document, "Savings"),
        ["no savings data for this line"]
    );
    // The web line rides its surges (20 minutes, three days this week) without an anomaly.
    let (_, _, web) = opened(&simulator, "EC2 web (t3.large)");
    assert_eq!(texts(&web, "Anomalies")[1], "none in the last 15 days");
}

#[test]
fn compute_lines_offer_one_and_three_year_terms_on_their_minimum() {
    let simulator = Simulator::new(SimulatorConfig::new(DEFAULT_SEED, at()));
    let (_, json, document) = opened(&simulator, "EC2 web (t3.large)");
    // 5 × $0.1664 × 730 h = $607.36; 20 % and 32 % off.
    let savings = json["savings"].as_array().expect("savings");
    let saved: Vec<f64> = savings
        .iter()
        .map(|o| o["saving_monthly"].as_f64().expect("saving"))
        .collect();
    assert!((saved[0] - 121.472).abs() < 1e-9 && (saved[1] - 194.3552).abs() < 1e-9);
    assert_eq!(texts(&document, "Savings")[1..], ["1-year", "3-year"]);
    let (_, json, _) = opened(&simulator, "RDS (primary + 2 replicas)");
    // The RDS line's $1,800 a month is the three nodes on demand; 3-year saves 33 %.
    let three_year = &json["savings"][1];
    assert!((three_year["on_demand_monthly"].as_f64().expect("price") - 1_800.0).abs() < 1e-9);
    assert!((three_year["saving_monthly"].as_f64().expect("saving") - 594.0).abs() < 1e-9);
}

#[test]
fn early_in_a_month_there_is_not_enough_history_and_last_month_is_partial() {
    // Dec 3: the replay starts 8 days back (Nov 25, 15:00), a day that is left out as partial.
    let start = Utc.with_ymd_and_hms(2026, 12, 3, 15, 0, 0).unwrap();
    let simulator = Simulator::new(SimulatorConfig::new(DEFAULT_SEED, start));
    let (_, json, document) = opened(&simulator, NETWORK);
    assert_eq!(json["anomalies"]["state"], "not-enough-history");
    assert_eq!(json["anomalies"]["full_days"], 7, "Nov 26 to Dec 2");
    assert_eq!(json["extras"]["last_month_since"], "2026-11-26");
    assert!(texts(&document, "Now")[0].contains("not enough history (7 full days"));
    assert_eq!(
        fact(&document, "last month").note,
        "from 2026-11-26 only: the record starts then"
    );
}

#[test]
fn without_the_sources_days_the_line_says_what_is_missing() {
    let simulator = Simulator::new(SimulatorConfig::new(DEFAULT_SEED, at()));
    let snapshot = simulator.snapshot();
    let inputs = Inputs {
        snapshot: Some(&snapshot),
        report: None,
    };
    let detail = build(&inputs, &Subject::new(Kind::Cost, NETWORK)).expect("on the tab");
    let document = detail.document();
    assert!(texts(&document, "Now")[0].contains("not judged"));
    assert_eq!(
        texts(&document, "Daily spend"),
        ["daily spend (full days): no history from this source"]
    );
    assert_eq!(fact(&document, "last month").value, "—");
    let missing = build(&inputs, &Subject::new(Kind::Cost, "S3")).expect_err("no such line");
    assert!(missing.to_string().contains("there are: "), "{missing}");
}
