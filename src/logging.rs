//! Logs go to a daily rolling file in the state dir, never to the terminal: nothing may be
//! printed while the alternate screen is up.

use std::path::Path;

use tracing_appender::non_blocking::{
    DEFAULT_BUFFERED_LINES_LIMIT, NonBlockingBuilder, WorkerGuard,
};
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::LevelFilter;

/// Keeps a week of files so a console left open for days does not fill the disk.
const KEEP_FILES: usize = 7;
/// Lines queued for the writer thread before new ones are dropped, at `info` and quieter. The
/// crate's default (128,000, kept for debug and trace, whose bursts from the HTTP stack are
/// long) allocates and touches a 4 MiB ring at start, the console's largest allocation; at info
/// the console writes a few lines a minute.
const QUEUED_LINES: usize = 2048;

/// Starts logging; keep the guard alive until exit or the last lines are lost.
pub fn init(log_dir: &Path, level: Option<&str>) -> Result<WorkerGuard, String> {
    std::fs::create_dir_all(log_dir)
        .map_err(|e| format!("cannot create log dir {}: {e}", log_dir.display()))?;
    let appender = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix("opsconsole")
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(log_dir)
        .map_err(|e| format!("cannot open log file in {}: {e}", log_dir.display()))?;
    let filter =
        EnvFilter::try_new(level.unwrap_or("info")).map_err(|e| format!("bad log level: {e}"))?;
    let (writer, guard) = NonBlockingBuilder::default()
        .buffered_lines_limit(queued_lines(&filter))
        .finish(appender);
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .map_err(|e| format!("cannot start logging: {e}"))?;
    Ok(guard)
}

fn queued_lines(filter: &EnvFilter) -> usize {
    let verbose = filter
        .max_level_hint()
        .is_none_or(|level| level > LevelFilter::INFO);
    if verbose {
        DEFAULT_BUFFERED_LINES_LIMIT
    } else {
        QUEUED_LINES
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queue_is_small_at_info_and_the_crates_default_when_verbose() {
        let lines = |level: &str| queued_lines(&EnvFilter::try_new(level).expect("a filter"));
        assert_eq!(lines("info"), QUEUED_LINES);
        assert_eq!(lines("warn"), QUEUED_LINES);
        assert_eq!(lines("debug"), DEFAULT_BUFFERED_LINES_LIMIT);
        assert_eq!(lines("warn,opsconsole=trace"), DEFAULT_BUFFERED_LINES_LIMIT);
    }
}
