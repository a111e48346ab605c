//! Where headless commands write: standard output, standard error and report files, each
//! through the one redaction point (`domain::redact`) and the sanitiser (`domain::remote_text`),
//! so no secret in any registered form and no escape sequence reaches a script, a pipe, a
//! terminal or a file, whatever a server echoed or a shared runbook file holds. Remote text is
//! cleaned where it enters; this is the last line. Write errors are ignored: after a dropped
//! SSH session the streams are gone, and `print!` would panic.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use crate::domain::redact::redact;
use crate::domain::remote_text::clean_lines;

/// `text` as it may be written: redacted, then cleaned (line breaks kept).
fn safe(text: &str) -> String {
    clean_lines(&redact(text)).into_owned()
}

/// `text` on standard output, as it is (no newline added).
pub fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(safe(text).as_bytes());
    let _ = out.flush();
}

/// One line on standard output.
pub fn line(text: &str) {
    print(&format!("{text}\n"));
}

/// "opsconsole: MESSAGE" on standard error, and the exit code to end with.
pub fn fail(message: &str, code: u8) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "opsconsole: {}", safe(message));
    ExitCode::from(code)
}

/// A report or other output file.
pub fn write_file(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, safe(text).as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}
