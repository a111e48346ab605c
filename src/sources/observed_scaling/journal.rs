//! The scaling transitions this console observed, kept in a JSON-lines file of the state
//! directory so that time to scale survives restarts. One line per completed transition,
//! appended; the file is compacted when it is loaded or has grown to twice its bound. Each
//! cloud keeps its own file (its groups' names are its own).

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// At most this many transitions are kept…
pub const MAX_RECORDS: usize = 500;
/// …and none older than this before the newest (AWS Auto Scaling keeps activities as long).
pub const MAX_AGE_DAYS: i64 = 42;

/// A change of desired capacity (replicas, for a container app) and the poll that saw the
/// group reach it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    pub group: String,
    pub from: u32,
    pub to: u32,
    /// The last poll that still saw the old desired capacity: the decision came after it.
    pub decided: DateTime<Utc>,
    /// The first poll that saw as many instances in service as desired.
    pub done: DateTime<Utc>,
}

/// The newest [`MAX_RECORDS`] within [`MAX_AGE_DAYS`] of the newest one, oldest first. Relative
/// to the newest record rather than the clock, so that a console off for weeks keeps its past.
pub fn compact(mut records: Vec<Transition>) -> Vec<Transition> {
    records.sort_by_key(|r| r.done);
    let Some(newest) = records.last().map(|r| r.done) else {
        return records;
    };
    let cutoff = newest - Duration::days(MAX_AGE_DAYS);
    records.retain(|r| r.done >= cutoff);
    let excess = records.len().saturating_sub(MAX_RECORDS);
    records.drain(..excess);
    records
}

/// Parses the file's lines, skipping (and logging) the ones that are not a transition.
pub fn parse(text: &str, path: &Path) -> Vec<Transition> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .filter_map(|(index, line)| match serde_json::from_str(line) {
            Ok(record) => Some(record),
            Err(error) => {
                tracing::warn!(path = %path.display(), line = index + 1, %error, "skipping a corrupt scaling transition");
                None
            }
        })
        .collect()
}

#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    records: Vec<Transition>,
    /// Lines in the file, so that it is rewritten before it grows without bound.
    lines: usize,
}

impl Journal {
    /// `file_name` in `state_dir`. A missing file is an empty journal; an unreadable one is
    /// logged and treated as empty.
    pub fn load(state_dir: &Path, file_name: &str) -> Self {
        let path = state_dir.join(file_name);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => {
                if error.kind() != std::io::ErrorKind::NotFound {
                    tracing::warn!(path = %path.display(), %error, "cannot read scaling transitions");
                }
                String::new()
            }
        };
        let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
        let mut journal = Self {
            records: compact(parse(&text, &path)),
            path,
            lines,
        };
        if journal.lines != journal.records.len() {
            journal.rewrite();
        }
        journal
    }

    /// Oldest first.
    pub fn records(&self) -> &[Transition] {
        &self.records
    }

    /// Records `completed`; a failed write is logged, the transitions are kept in memory.
    pub fn append(&mut self, completed: &[Transition]) {
        if completed.is_empty() {
            return;
        }
        self.records.extend_from_slice(completed);
        self.records = compact(std::mem::take(&mut self.records));
        if self.lines + completed.len() > 2 * MAX_RECORDS {
            self.rewrite();
            return;
        }
        let mut text = String::new();
        for record in completed {
            text.push_str(&line(record));
        }
        let written = fs::create_dir_all(self.dir()).and_then(|()| {
            OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)?
                .write_all(text.as_bytes())
        });
        match written {
            Ok(()) => self.lines += completed.len(),
            Err(error) => {
                tracing::warn!(path = %self.path.display(), %error, "cannot record scaling transitions");
            }
        }
    }

    fn dir(&self) -> &Path {
        self.path.parent().unwrap_or_else(|| Path::new("."))
    }

    /// Replaces the file with the kept records, through a temporary file so that a crash
    /// mid-write never loses the journal.
    fn rewrite(&mut self) {
        let text: String = self.records.iter().map(line).collect();
        let temporary = self.path.with_extension("jsonl.tmp");
        let written = fs::create_dir_all(self.dir())
            .and_then(|()| fs::write(&temporary, text))
            .and_then(|()| fs::rename(&temporary, &self.path));
        match written {
            Ok(()) => self.lines = self.records.len(),
            Err(error) => {
                tracing::warn!(path = %self.path.display(), %error, "cannot compact scaling transitions");
            }
        }
    }
}

fn line(record: &Transition) -> String {
    // A struct of strings, integers and timestamps always serialises.
    let mut text = serde_json::to_string(record).unwrap_or_default();
    text.push('\n');
    text
}
