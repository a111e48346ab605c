//! `opsconsole simulate serve|history`: the simulated fleet for a real Prometheus, live on
//! `/metrics` and as OpenMetrics history to backfill. Both build the fleet from the same seed and
//! start, and history ends a minute before it, so the live counters continue the history's.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use chrono::{DateTime, Duration, DurationRound, Utc};
use tokio::net::TcpListener;
use tokio::signal::unix::{SignalKind, signal};

use super::http;
use crate::cli::{FleetArgs, HistoryArgs, ServeArgs};
use crate::config::check_speed;
use crate::domain::duration;
use crate::sources::simulator::{self, SampleEvery, SimulatorConfig};

/// A year of history at most: beyond that the file is unwieldy and the arithmetic needs bounds.
const MAX_DAYS: u32 = 366;
/// How far back a served fleet may start: catching up to the wall clock replays all of it.
const MAX_SERVE_LAG_DAYS: i64 = 31;
const OUTPUT_BUFFER: usize = 1 << 20;

pub fn serve(args: &ServeArgs) -> Result<(), String> {
    let speed = check_speed(args.speed)?;
    let config = fleet(&args.fleet)?;
    let start = config.start;
    if Utc::now() - start > Duration::days(MAX_SERVE_LAG_DAYS) {
        return Err(format!(
            "--start {start} is more than {MAX_SERVE_LAG_DAYS} days ago; the fleet would replay all of it to reach now"
        ));
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let served = runtime.block_on(async {
        let listener = TcpListener::bind(&args.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
        let address = listener
            .local_addr()
            .map_err(|e| format!("cannot read the listening address: {e}"))?;
        // Registered before the replay and the announcement, so no signal is missed.
        let signal_error = |e: io::Error| format!("cannot watch for signals: {e}");
        let mut terminate = signal(SignalKind::terminate()).map_err(signal_error)?;
        let mut interrupt = signal(SignalKind::interrupt()).map_err(signal_error)?;
        let shutdown = async {
            tokio::select! {
                _ = terminate.recv() => {}
                _ = interrupt.recv() => {}
            }
        };
        tokio::pin!(shutdown);
        let (fleet, _task) = simulator::spawn_exporter(config, speed);
        // One exposition before announcing: the first scrape need not wait for the replay.
        tokio::select! {
            () = &mut shutdown => return Ok(()),
            ready = fleet.exposition() => {
                ready.map_err(|e| format!("the simulated fleet did not start: {e}"))?;
            }
        }
        announce(&format!("listening on http://{address}"))?;
        http::serve(listener, fleet, shutdown).await;
        Ok(())
    });
    // Without waiting for a replay still running on the blocking pool.
    runtime.shutdown_background();
    served
}

pub fn history(args: &HistoryArgs) -> Result<(), String> {
    if !(1..=MAX_DAYS).contains(&args.days) {
        return Err(format!(
            "--days must be between 1 and {MAX_DAYS}, not {}",
            args.days
        ));
    }
    let step = duration::parse(&args.step).map_err(|e| format!("--step: {e}"))?;
    let every = Duration::from_std(step)
        .map_err(|e| format!("bad --step {:?}: {e}", args.step))
        .and_then(SampleEvery::new)?;
    let config = SimulatorConfig {
        history: Duration::days(i64::from(args.days)),
        ..fleet(&args.fleet)?
    };
    match &args.output {
        Some(path) => {
            let file = File::create(path).map_err(|e| write_error(path, &e))?;
            let mut out = BufWriter::with_capacity(OUTPUT_BUFFER, file);
            simulator::write_history(&mut out, config, every).map_err(|e| write_error(path, &e))
        }
        None => {
            let mut out = BufWriter::with_capacity(OUTPUT_BUFFER, io::stdout().lock());
            simulator::write_history(&mut out, config, every)
                .map_err(|e| write_error(Path::new("standard output"), &e))
        }
    }
}

/// The fleet both commands build: seed, start and the surge's time.
fn fleet(args: &FleetArgs) -> Result<SimulatorConfig, String> {
    let surge_after = duration::parse(&args.surge_after)
        .and_then(|d| Duration::from_std(d).map_err(|e| format!("{:?}: {e}", args.surge_after)))
        .map_err(|e| format!("--surge-after: {e}"))?;
    Ok(SimulatorConfig::new(args.seed, start(args)?).with_surge_after(surge_after))
}

/// `--start` as RFC 3339, or the current minute.
fn start(fleet: &FleetArgs) -> Result<DateTime<Utc>, String> {
    match &fleet.start {
        Some(text) => DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| {
                format!("bad --start {text:?}: {e} (use RFC 3339, e.g. 2026-11-18T03:00:00Z)")
            }),
        None => {
            let now = Utc::now();
            Ok(now.duration_trunc(Duration::minutes(1)).unwrap_or(now))
        }
    }
}

/// One line on standard output, flushed at once: scripts and tests wait for it.
fn announce(line: &str) -> Result<(), String> {
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "{line}")
        .and_then(|()| stdout.flush())
        .map_err(|e| format!("cannot write to standard output: {e}"))
}

fn write_error(path: &Path, error: &io::Error) -> String {
    format!("cannot write {}: {error}", path.display())
}
