//! Pending approvals as files in the state directory, so every console and command on the host
//! (or on hosts sharing the directory) sees them: `<state>/approvals/<run>.json` is the
//! request the waiting run writes; `<run>.approved.json` is the approver's answer. Each file
//! appears whole (written aside, then linked into place) and only once: a second request for
//! the same run, or a second approval, finds the name taken. The waiting run polls for the
//! answer and removes both files when it stops waiting.
//!
//! Nothing here is signed: whoever can write the directory can write an approval. The run
//! still ignores a grant from its own requester or one dated after expiry.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::domain::approval::{ApprovalGrant, ApprovalRequest, Pending, READ_ONLY};
use crate::domain::audit::Actor;

/// What "now" is for approvals: the wall clock in the console, a fixed one in tests.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

pub fn wall_clock() -> Clock {
    Arc::new(Utc::now)
}

pub fn approvals_dir(state_dir: &Path) -> PathBuf {
    state_dir.join("approvals")
}

/// Run ids are numbers; anything else could name a file outside the directory.
fn file(state_dir: &Path, run: &str, suffix: &str) -> Result<PathBuf, String> {
    if run.is_empty() || !run.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "{run:?} is not a run id (a number, as the plan shows it)"
        ));
    }
    Ok(approvals_dir(state_dir).join(format!("{run}{suffix}.json")))
}

/// Writes `value` at `path` whole and only if nothing is there yet.
fn create_new<T: serde::Serialize>(path: &Path, value: &T, what: &str) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let json = serde_json::to_vec_pretty(value).map_err(|e| format!("cannot encode: {e}"))?;
    let aside = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("approval"),
        std::process::id()
    ));
    std::fs::write(&aside, json).map_err(|e| format!("cannot write {}: {e}", aside.display()))?;
    // A hard link fails when the name exists: the file appears complete, and only once.
    let linked = std::fs::hard_link(&aside, path);
    let _ = std::fs::remove_file(&aside);
    linked.map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => format!("{what} already exists"),
        _ => format!("cannot write {}: {e}", path.display()),
    })
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Option<T>, String> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| format!("{} is not an approval file: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// The waiting run's request, for others to see.
pub fn request(state_dir: &Path, request: &ApprovalRequest) -> Result<(), String> {
    let path = file(state_dir, &request.run, "")?;
    create_new(
        &path,
        request,
        &format!("an approval request for run {}", request.run),
    )
}

/// The grant for `run`, once someone has written one.
pub fn grant(state_dir: &Path, run: &str) -> Result<Option<ApprovalGrant>, String> {
    read_json(&file(state_dir, run, ".approved")?)
}

/// The run stopped waiting (approved, expired, cancelled): nobody needs to see it any more.
pub fn close(state_dir: &Path, run: &str) {
    close_grant(state_dir, run);
    if let Ok(path) = file(state_dir, run, "") {
        let _ = std::fs::remove_file(path);
    }
}

/// Removes a grant the run does not accept, so that a real approver can still answer.
pub fn close_grant(state_dir: &Path, run: &str) {
    if let Ok(path) = file(state_dir, run, ".approved") {
        let _ = std::fs::remove_file(path);
    }
}

/// Every request in the directory, oldest first. Unreadable files are skipped: one bad file
/// must not hide the others.
pub fn pending(state_dir: &Path) -> Result<Vec<Pending>, String> {
    let dir = approvals_dir(state_dir);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot read {}: {e}", dir.display())),
    };
    let mut list = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(run) = name.strip_suffix(".json") else {
            continue;
        };
        if run.starts_with('.') || run.ends_with(".approved") {
            continue;
        }
        let Ok(Some(request)) = read_json::<ApprovalRequest>(&entry.path()) else {
            continue;
        };
        let approved_by = grant(state_dir, run)
            .ok()
            .flatten()
            .map(|g| g.approver.user);
        list.push(Pending {
            request,
            approved_by,
        });
    }
    list.sort_by_key(|p| p.request.requested_at);
    Ok(list)
}

/// `approver` approves `run`: refused in read-only mode, for their own run, after expiry, or
/// when it is no longer pending or already approved.
pub fn approve(
    state_dir: &Path,
    run: &str,
    approver: &Actor,
    now: DateTime<Utc>,
    read_only: bool,
) -> Result<ApprovalRequest, String> {
    if read_only {
        return Err(READ_ONLY.into());
    }
    let request: ApprovalRequest = read_json(&file(state_dir, run, "")?)?
        .ok_or_else(|| format!("no pending approval for run {run}"))?;
    request.check_approver(approver, now)?;
    let grant = ApprovalGrant {
        run: run.to_string(),
        approver: approver.clone(),
        at: now,
    };
    create_new(
        &file(state_dir, run, ".approved")?,
        &grant,
        &format!("an approval for run {run}"),
    )?;
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::approval::fixtures::{actor, alice_asks, at};

    #[test]
    fn a_request_is_seen_approved_once_by_another_user_and_closed() {
        let state =
            std::env::temp_dir().join(format!("opsconsole-approvals-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&state);
        let req = alice_asks("1765083600000000");
        request(&state, &req).expect("written");
        let again = request(&state, &req).expect_err("one request per run");
        assert!(again.contains("already exists"), "{again}");
        let run = req.run.as_str();
        let listed = pending(&state).expect("listed");
        assert_eq!(listed.len(), 1);
        assert_eq!((&listed[0].request, &listed[0].approved_by), (&req, &None));
        let ro = approve(&state, run, &actor("bob"), at(1), true).expect_err("read-only");
        assert_eq!(ro, "read-only mode: approvals cannot be given here");
        let own = approve(&state, run, &actor("alice"), at(1), false).expect_err("own run");
        assert!(
            own.starts_with("alice cannot approve their own run"),
            "{own}"
        );
        approve(&state, run, &actor("bob"), at(16), false).expect_err("expired");
        assert_eq!(grant(&state, run), Ok(None), "no refusal wrote a grant");
        approve(&state, run, &actor("bob"), at(2), false).expect("approved");
        let twice = approve(&state, run, &actor("carol"), at(3), false).expect_err("twice");
        assert!(twice.contains("already exists"), "{twice}");
        let granted = grant(&state, run).expect("read").expect("granted");
        assert_eq!((granted.approver.user.as_str(), granted.at), ("bob", at(2)));
        assert_eq!(
            pending(&state).expect("listed")[0].approved_by.as_deref(),
            Some("bob")
        );
        let outside = approve(&state, "../x", &actor("bob"), at(2), false).expect_err("path");
        assert!(outside.contains("is not a run id"), "{outside}");
        close(&state, run);
        assert_eq!(pending(&state), Ok(Vec::new()));
        std::fs::remove_dir_all(&state).expect("clean up");
    }
}
