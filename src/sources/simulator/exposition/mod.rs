//! The fleet as metrics: one model of families and samples (built in `families`), two encodings.
//! The Prometheus text format (0.0.4) serves `/metrics`; OpenMetrics with a timestamp on every
//! sample is what `promtool tsdb create-blocks-from openmetrics` backfills. History is written
//! sample time by sample time, so each series' timestamps increase and nothing is buffered.

mod families;
mod platform;

use std::io::{self, Write};

use chrono::{DateTime, Utc};

use super::{SampleEvery, Simulator, SimulatorConfig};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Counter,
    Gauge,
    Histogram,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Family {
    /// For counters, without the `_total` every sample carries.
    pub name: &'static str,
    pub help: &'static str,
    pub kind: Kind,
    pub samples: Vec<Sample>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Appended to the family's name: `_total`, `_bucket`, `_sum`, `_count`, or nothing.
    pub suffix: &'static str,
    pub labels: Vec<(&'static str, String)>,
    pub value: f64,
}

impl Family {
    fn new(name: &'static str, kind: Kind, help: &'static str) -> Self {
        Self {
            name,
            help,
            kind,
            samples: Vec::new(),
        }
    }

    fn push(&mut self, suffix: &'static str, labels: &[(&'static str, &str)], value: f64) {
        self.samples.push(Sample {
            suffix,
            labels: labels.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(),
            value,
        });
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Prometheus text 0.0.4: no timestamps, the scraper stamps samples when it scrapes.
    Text,
    /// OpenMetrics, every sample stamped with this time (whole seconds).
    OpenMetrics(DateTime<Utc>),
}

/// Writes the families in `format`. OpenMetrics callers end the whole stream with `# EOF`.
pub fn encode(out: &mut impl Write, families: &[Family], format: Format) -> io::Result<()> {
    for family in families {
        // The text format names a counter family after its samples; OpenMetrics without `_total`.
        let total = if family.kind == Kind::Counter && format == Format::Text {
            "_total"
        } else {
            ""
        };
        let kind = match family.kind {
            Kind::Counter => "counter",
            Kind::Gauge => "gauge",
            Kind::Histogram => "histogram",
        };
        writeln!(out, "# HELP {}{total} {}", family.name, family.help)?;
        writeln!(out, "# TYPE {}{total} {kind}", family.name)?;
        for sample in &family.samples {
            write!(out, "{}{}", family.name, sample.suffix)?;
            for (i, (name, value)) in sample.labels.iter().enumerate() {
                out.write_all(if i == 0 { b"{" } else { b"," })?;
                write!(out, "{name}=\"")?;
                write_escaped(out, value)?;
                out.write_all(b"\"")?;
            }
            if !sample.labels.is_empty() {
                out.write_all(b"}")?;
            }
            out.write_all(b" ")?;
            write_number(out, sample.value)?;
            if let Format::OpenMetrics(at) = format {
                write!(out, " {}", at.timestamp())?;
            }
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// How much of the history carries the per-route families: they are two thirds of all series,
/// and tripled an 8-day backfill (1 GB of text); the detail asks routes only for now (`rate`
/// over 5 minutes), so the last hours suffice.
const ROUTE_HISTORY: chrono::Duration = chrono::Duration::hours(6);

/// Writes the recorded history as OpenMetrics: a block of every family at each multiple of
/// `every` from `start − history` to one minute before `start` (routes only over the last
/// [`ROUTE_HISTORY`]), then `# EOF`. Write errors stop
/// the output (the replay still finishes) and are returned.
pub fn write_history(
    out: &mut impl Write,
    config: SimulatorConfig,
    every: SampleEvery,
) -> io::Result<()> {
    let mut result = Ok(());
    let routes_from = config.start - ROUTE_HISTORY;
    Simulator::replay(config, every, |simulator, at| {
        if result.is_ok() {
            let families = simulator.families(at >= routes_from);
            result = encode(out, &families, Format::OpenMetrics(at));
        }
    });
    result?;
    // Nothing may follow `# EOF`, not even a blank line.
    out.write_all(b"# EOF\n")?;
    out.flush()
}

impl Simulator {
    /// The fleet's metrics now, in the Prometheus text format.
    pub fn exposition(&self) -> Vec<u8> {
        let mut body = Vec::with_capacity(32 * 1024);
        // Writing into a Vec cannot fail.
        let _ = encode(&mut body, &self.metric_families(), Format::Text);
        body
    }
}

/// Floats as both parsers read them: shortest round-trip decimals, `+Inf`, `-Inf`, `NaN`.
fn write_number(out: &mut impl Write, value: f64) -> io::Result<()> {
    if value.is_nan() {
        out.write_all(b"NaN")
    } else if value.is_infinite() {
        out.write_all(if value > 0.0 { b"+Inf" } else { b"-Inf" })
    } else {
        write!(out, "{value}")
    }
}

/// Label values escape backslash, double quote and newline in both formats.
fn write_escaped(out: &mut impl Write, value: &str) -> io::Result<()> {
    let mut rest = value;
    while let Some(at) = rest.find(['\\', '"', '\n']) {
        out.write_all(&rest.as_bytes()[..at])?;
        out.write_all(match rest.as_bytes()[at] {
            b'\\' => b"\\\\",
            b'"' => b"\\\"",
            _ => b"\\n",
        })?;
        rest = &rest[at + 1..];
    }
    out.write_all(rest.as_bytes())
}

/// The fleet at a quiet hour with seed 42, and its `/metrics` text, for the families' tests.
#[cfg(test)]
fn quiet_fleet() -> (Simulator, String) {
    use chrono::TimeZone;
    let start = Utc
        .with_ymd_and_hms(2026, 11, 18, 3, 0, 0)
        .single()
        .expect("valid time");
    let simulator = Simulator::new(SimulatorConfig::new(42, start));
    let text = String::from_utf8(simulator.exposition()).expect("utf-8");
    (simulator, text)
}

/// The value of the one sample named exactly `series` (name and labels) in `text`.
#[cfg(test)]
pub(super) fn value(text: &str, series: &str) -> f64 {
    let line = text
        .lines()
        .find(|l| {
            l.strip_prefix(series)
                .is_some_and(|rest| rest.starts_with(' '))
        })
        .unwrap_or_else(|| panic!("no {series} in\n{text}"));
    line[series.len()..].trim().parse().expect("a number")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};
    use std::collections::HashMap;

    fn families() -> Vec<Family> {
        let sample = |suffix, labels: &[(&'static str, &str)], value| Sample {
            suffix,
            labels: labels.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(),
            value,
        };
        vec![
            Family {
                name: "requests",
                help: "Requests.",
                kind: Kind::Counter,
                samples: vec![sample("_total", &[("code", "200")], 1.5)],
            },
            Family {
                name: "odd",
                help: "Odd values.",
                kind: Kind::Gauge,
                samples: vec![
                    sample("", &[("path", "a\"b\\c\nd")], f64::INFINITY),
                    sample("", &[], f64::NAN),
                ],
            },
        ]
    }

    #[test]
    fn one_model_two_encodings() {
        let mut text = Vec::new();
        encode(&mut text, &families(), Format::Text).expect("in memory");
        assert_eq!(
            String::from_utf8(text).expect("utf-8"),
            "# HELP requests_total Requests.\n# TYPE requests_total counter\n\
             requests_total{code=\"200\"} 1.5\n\
             # HELP odd Odd values.\n# TYPE odd gauge\n\
             odd{path=\"a\\\"b\\\\c\\nd\"} +Inf\nodd NaN\n"
        );
        let at = Utc
            .with_ymd_and_hms(2026, 11, 18, 12, 0, 0)
            .single()
            .expect("time");
        let mut open = Vec::new();
        encode(&mut open, &families(), Format::OpenMetrics(at)).expect("in memory");
        let open = String::from_utf8(open).expect("utf-8");
        assert!(open.starts_with("# HELP requests Requests.\n# TYPE requests counter\n"));
        // Seconds, not milliseconds: Prometheus would read milliseconds as the year ~58,000.
        assert!(
            open.contains("requests_total{code=\"200\"} 1.5 1795003200\n"),
            "{open}"
        );
        assert!(open.ends_with("odd NaN 1795003200\n"), "{open}");
    }

    #[test]
    fn history_ends_a_minute_before_the_start_with_eof_last() {
        let start = Utc
            .with_ymd_and_hms(2026, 11, 18, 3, 0, 0)
            .single()
            .expect("time");
        let config = SimulatorConfig {
            history: Duration::hours(1),
            ..SimulatorConfig::new(7, start)
        };
        let every = SampleEvery::new(Duration::minutes(1)).expect("valid step");
        let mut out = Vec::new();
        write_history(&mut out, config, every).expect("in memory");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.ends_with("\n# EOF\n"), "nothing after # EOF");
        let mut last_seen: HashMap<&str, i64> = HashMap::new();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let (series, rest) = line.rsplit_once('}').expect("every series has labels");
            let at: i64 = rest
                .rsplit(' ')
                .next()
                .and_then(|t| t.parse().ok())
                .expect("a timestamp in seconds");
            if let Some(before) = last_seen.insert(series, at) {
                assert!(at > before, "{series}: {before} then {at}");
            }
        }
        let first = (start - Duration::hours(1)).timestamp();
        let last = (start - Duration::minutes(1)).timestamp();
        assert!(
            last_seen.values().all(|at| *at == last),
            "every series ends at start − 1 min"
        );
        assert!(
            text.contains(&format!(" {first}\n")) && !text.contains(&format!(" {}\n", first - 60))
        );
    }
}
