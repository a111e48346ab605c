use chrono::{DateTime, Duration, TimeZone, Utc};

use super::journal::{Journal, MAX_RECORDS, Transition, compact};
use super::series;
use super::tracker::{Sizes, Tracker};

const FILE_NAME: &str = "transitions.jsonl";

fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 7, 10, 0, 0)
        .single()
        .unwrap_or_default()
        + Duration::minutes(minute)
}

fn sizes(desired: u32, in_service: u32) -> Vec<(String, Sizes)> {
    vec![(
        "web".into(),
        Sizes {
            desired,
            in_service,
        },
    )]
}

#[test]
fn a_transition_runs_from_the_last_poll_before_the_change_to_the_group_reaching_it() {
    let mut tracker = Tracker::default();
    assert!(tracker.observe(at(0), &sizes(2, 2)).is_empty());
    assert!(tracker.observe(at(1), &sizes(4, 2)).is_empty(), "launching");
    assert_eq!(tracker.pending().len(), 1);
    assert!(tracker.observe(at(2), &sizes(4, 3)).is_empty());
    let done = tracker.observe(at(3), &sizes(4, 4));
    let expected = Transition {
        group: "web".into(),
        from: 2,
        to: 4,
        decided: at(0),
        done: at(3),
    };
    assert_eq!(done, [expected]);
    assert!(tracker.pending().is_empty());
    let trend = tracker.instances("web", Duration::minutes(1));
    assert_eq!(trend.map(|s| s.values), Some(vec![2.0, 2.0, 3.0, 4.0]));
    // A new decision before the last is reached replaces it.
    tracker.observe(at(4), &sizes(6, 4));
    tracker.observe(at(5), &sizes(5, 4));
    let done = tracker.observe(at(6), &sizes(5, 5));
    assert_eq!((done[0].from, done[0].to, done[0].decided), (6, 5, at(4)));
    // A group that leaves is forgotten.
    tracker.observe(at(7), &[]);
    assert_eq!(tracker.instances("web", Duration::minutes(1)), None);
}

fn transition(group: &str, decided: DateTime<Utc>, seconds: i64) -> Transition {
    Transition {
        group: group.into(),
        from: 1,
        to: 2,
        decided,
        done: decided + Duration::seconds(seconds),
    }
}

#[test]
fn compaction_keeps_the_newest_within_six_weeks_of_the_newest() {
    let old = transition("web", at(0) - Duration::days(60), 30);
    let mut records = vec![old];
    records.extend(
        (0..MAX_RECORDS + 10)
            .map(|i| transition("web", at(i64::try_from(i).unwrap_or_default()), 30)),
    );
    let kept = compact(records);
    assert_eq!(kept.len(), MAX_RECORDS);
    assert_eq!(kept[0].decided, at(10), "the oldest within bounds");
    assert_eq!(kept.last().map(|r| r.decided), Some(at(509)));
}

#[test]
fn the_journal_skips_corrupt_lines_and_survives_a_reload() {
    let dir = std::env::temp_dir().join(format!(
        "opsconsole-journal-{}-{}",
        std::process::id(),
        at(0).timestamp_nanos_opt().unwrap_or_default()
    ));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let good = serde_json::to_string(&transition("web", at(0), 90)).unwrap_or_default();
    std::fs::write(dir.join(FILE_NAME), format!("{good}\nnot json\n"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut journal = Journal::load(&dir, FILE_NAME);
    assert_eq!(journal.records().len(), 1);
    journal.append(&[transition("worker", at(5), 30)]);
    let reloaded = Journal::load(&dir, FILE_NAME);
    assert_eq!(reloaded.records(), journal.records());
    let text = std::fs::read_to_string(dir.join(FILE_NAME)).unwrap_or_default();
    assert_eq!(
        text.lines().count(),
        2,
        "the corrupt line was compacted away: {text}"
    );
    std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        Journal::load(&dir, FILE_NAME).records().is_empty(),
        "a missing file is no history"
    );
}

#[test]
fn series_puts_points_in_their_slots_with_gaps() {
    let points = [(at(3), 3.0), (at(0), 1.0), (at(1), 2.0)];
    let s = series(points, Duration::minutes(1)).unwrap_or_else(|| panic!("a series"));
    assert_eq!(s.end, at(3));
    assert_eq!(s.values[..2], [1.0, 2.0]);
    assert!(s.values[2].is_nan() && s.values[3] == 3.0);
    assert_eq!(series([], Duration::minutes(1)), None);
}
