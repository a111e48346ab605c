//! Logs go to a daily rolling file in the state dir, never to the terminal: nothing may be
//! printed while the alternate screen is up. Every line passes the one redaction point and the
//! sanitiser on its way to the file, so `tail -f` of a log neither shows a secret nor obeys an
//! escape sequence.

use std::io::{self, Write};
use std::path::Path;

use tracing_appender::non_blocking::{
    DEFAULT_BUFFERED_LINES_LIMIT, NonBlockingBuilder, WorkerGuard,
};
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::fmt::MakeWriter;

use crate::domain::redact::redact;
use crate::domain::remote_text::clean_lines;

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
        .with_writer(Redacting(writer))
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

/// A writer that redacts and cleans what passes through it. The formatter writes each event
/// whole, in one call, so a secret is never split between two writes.
#[derive(Clone)]
struct Redacting<W>(W);

impl<W: Write> Write for Redacting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(clean_lines(&redact(&text)).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl<'a, W: MakeWriter<'a>> MakeWriter<'a> for Redacting<W> {
    type Writer = Redacting<W::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        Redacting(self.0.make_writer())
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

    #[test]
    fn lines_are_redacted_and_cleaned_on_their_way_out() {
        crate::domain::redact::register("log-secret-9f8e");
        let mut file = Vec::new();
        let line = b"WARN fetch failed: HTTP 401: log-secret-9f8e \x1b]52;c;aGk=\x07\n";
        let written = Redacting(&mut file).write(line).expect("writes");
        assert_eq!(written, line.len(), "the caller sees its whole line taken");
        assert_eq!(
            String::from_utf8(file).expect("utf-8"),
            "WARN fetch failed: HTTP 401: *** \\x1b]52;c;aGk=\\x07\n"
        );
    }
}
