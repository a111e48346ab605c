//! The runbooks on offer: built-ins embedded in the binary, then the user's files in
//! `<config dir>/runbooks/*.toml`; a user file with a built-in's id replaces it. A bad user
//! file is reported (file:line:column where the TOML says where) and left out, never half-used.

mod file;

use std::path::Path;

use crate::diagnostic::FileError;
use crate::domain::Topic;
use crate::domain::runbook::{Condition, ConditionSource, Origin, Runbook, StepKind, template};
use crate::runbook::audit::sha256_hex;
use file::RunbookFile;

/// The shipped runbooks, by file name.
pub const BUILT_INS: [(&str, &str); 16] = [
    (
        "scale-out.toml",
        include_str!("../../../runbooks/scale-out.toml"),
    ),
    (
        "scale-in.toml",
        include_str!("../../../runbooks/scale-in.toml"),
    ),
    (
        "group-limits.toml",
        include_str!("../../../runbooks/group-limits.toml"),
    ),
    (
        "suspend-process.toml",
        include_str!("../../../runbooks/suspend-process.toml"),
    ),
    (
        "resume-process.toml",
        include_str!("../../../runbooks/resume-process.toml"),
    ),
    (
        "replica-failover.toml",
        include_str!("../../../runbooks/replica-failover.toml"),
    ),
    (
        "query-investigation.toml",
        include_str!("../../../runbooks/query-investigation.toml"),
    ),
    (
        "silence-alert.toml",
        include_str!("../../../runbooks/silence-alert.toml"),
    ),
    (
        "expire-silence.toml",
        include_str!("../../../runbooks/expire-silence.toml"),
    ),
    (
        "release-hold.toml",
        include_str!("../../../runbooks/release-hold.toml"),
    ),
    (
        "right-size.toml",
        include_str!("../../../runbooks/right-size.toml"),
    ),
    (
        "budget-investigation.toml",
        include_str!("../../../runbooks/budget-investigation.toml"),
    ),
    (
        "renew-certificate.toml",
        include_str!("../../../runbooks/renew-certificate.toml"),
    ),
    (
        "mark-finding.toml",
        include_str!("../../../runbooks/mark-finding.toml"),
    ),
    (
        "reevaluate-check.toml",
        include_str!("../../../runbooks/reevaluate-check.toml"),
    ),
    (
        "dr-drill.toml",
        include_str!("../../../runbooks/dr-drill.toml"),
    ),
];

/// Names every template may use besides the runbook's own parameters and secrets.
const CONTEXT_PREFIXES: [&str; 3] = ["row.", "env.", "fleet."];
const CONTEXT_NAMES: [&str; 2] = ["user", "now"];

#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub runbooks: Vec<Runbook>,
}

impl Catalog {
    /// Built-ins plus the `.toml` files in `user_dir` (when it exists), and the problems found.
    pub fn load(user_dir: Option<&Path>) -> (Self, Vec<FileError>) {
        let mut runbooks = Vec::new();
        let mut errors = Vec::new();
        for (name, text) in BUILT_INS {
            match parse(Path::new(name), text, Origin::BuiltIn) {
                Ok(runbook) => runbooks.push(runbook),
                Err(error) => errors.push(error),
            }
        }
        for path in user_dir.map(user_files).unwrap_or_default() {
            let parsed = std::fs::read_to_string(&path)
                .map_err(|e| FileError::whole_file(&path, format!("cannot read runbook: {e}")))
                .and_then(|text| parse(&path, &text, Origin::File(path.clone())));
            match parsed {
                Ok(runbook) => {
                    runbooks
                        .retain(|r: &Runbook| r.id != runbook.id || r.origin != Origin::BuiltIn);
                    if runbooks.iter().any(|r| r.id == runbook.id) {
                        errors.push(FileError::whole_file(
                            &path,
                            format!(
                                "runbook id {:?} is already used by another file",
                                runbook.id
                            ),
                        ));
                    } else {
                        runbooks.push(runbook);
                    }
                }
                Err(error) => errors.push(error),
            }
        }
        (Self { runbooks }, errors)
    }

    pub fn get(&self, id: &str) -> Option<&Runbook> {
        self.runbooks.iter().find(|r| r.id == id)
    }
}

fn user_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// One runbook file: the TOML schema, then the checks that need the whole runbook.
pub fn parse(path: &Path, text: &str, origin: Origin) -> Result<Runbook, FileError> {
    let raw: RunbookFile =
        toml::from_str(text).map_err(|e| FileError::from_toml(path, text, &e))?;
    let whole = |message: String| FileError::whole_file(path, message);
    let runbook = build(raw, text, origin).map_err(whole)?;
    check(&runbook).map_err(whole)?;
    Ok(runbook)
}

fn build(raw: RunbookFile, text: &str, origin: Origin) -> Result<Runbook, String> {
    Ok(Runbook {
        tab: file::tab(&raw.tab)?,
        acts_on: raw
            .acts_on
            .as_deref()
            .map(|name| Topic::parse(name, &[]))
            .transpose()
            .map_err(|e| format!("acts-on: {e}"))?,
        params: raw
            .params
            .into_iter()
            .map(file::ParamFile::into_param)
            .collect::<Result<_, _>>()?,
        secrets: raw
            .secrets
            .into_iter()
            .map(|(name, s)| s.into_source(&name).map(|s| (name, s)))
            .collect::<Result<_, _>>()?,
        precondition: raw
            .precondition
            .map(file::ConditionFile::into_condition)
            .transpose()
            .map_err(|e| format!("precondition: {e}"))?,
        steps: raw
            .steps
            .into_iter()
            .map(file::StepFile::into_step)
            .collect::<Result<_, _>>()?,
        verify: raw
            .verify
            .map(file::VerifyFile::into_verification)
            .transpose()
            .map_err(|e| format!("verify: {e}"))?,
        trigger: raw
            .trigger
            .map(file::TriggerFile::into_trigger)
            .transpose()
            .map_err(|e| format!("trigger: {e}"))?,
        id: raw.id,
        title: raw.title,
        description: raw.description,
        risk: raw.risk,
        approval: raw.approval,
        target: raw.target,
        change: raw.change,
        origin,
        content_hash: sha256_hex(text.as_bytes()),
    })
}

/// Ids are plain, steps exist, and every placeholder names something that will have a value.
fn check(runbook: &Runbook) -> Result<(), String> {
    let id_ok = !runbook.id.is_empty()
        && runbook
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !id_ok {
        return Err(format!(
            "id {:?}: use lower-case letters, digits and '-'",
            runbook.id
        ));
    }
    if runbook.steps.is_empty() {
        return Err("a runbook needs at least one step".into());
    }
    let mut seen = std::collections::BTreeSet::new();
    for param in &runbook.params {
        if !seen.insert(param.name.as_str()) {
            return Err(format!("param {} is declared twice", param.name));
        }
    }
    for (what, text) in templates(runbook) {
        template::render_check(text).map_err(|e| format!("{what}: {e}"))?;
        for name in template::names(text) {
            let known = runbook.params.iter().any(|p| p.name == name)
                || name
                    .strip_prefix("secret.")
                    .is_some_and(|s| runbook.secrets.contains_key(s))
                || CONTEXT_NAMES.contains(&name.as_str())
                || CONTEXT_PREFIXES.iter().any(|p| name.starts_with(p));
            if !known {
                return Err(format!(
                    "{what}: {{{name}}} is not a parameter, a declared secret, row.*, env.*, fleet.*, user or now"
                ));
            }
        }
    }
    Ok(())
}

/// Every template in the runbook, with where it is for error messages.
fn templates(runbook: &Runbook) -> Vec<(String, &str)> {
    let mut out: Vec<(String, &str)> = vec![("target".into(), runbook.target.as_str())];
    out.extend(
        runbook
            .change
            .iter()
            .map(|c| ("change".to_string(), c.as_str())),
    );
    for p in &runbook.params {
        out.extend(
            p.default
                .iter()
                .map(|d| (format!("param {}", p.name), d.as_str())),
        );
    }
    if let Some(c) = &runbook.precondition {
        push_condition(&mut out, "precondition", c);
    }
    if let Some(v) = &runbook.verify {
        push_condition(&mut out, "verify", &v.condition);
    }
    for (i, step) in runbook.steps.iter().enumerate() {
        let what = format!("step {}", i + 1);
        match &step.kind {
            StepKind::Http(h) => {
                out.push((what.clone(), h.url.as_str()));
                out.extend(
                    h.body
                        .iter()
                        .flat_map(|b| b.templates())
                        .map(|t| (what.clone(), t)),
                );
                out.extend(h.headers.values().map(|v| (what.clone(), v.as_str())));
            }
            StepKind::Command(argv) => out.extend(argv.iter().map(|a| (what.clone(), a.as_str()))),
            StepKind::WaitUntil { condition: c, .. } => push_condition(&mut out, &what, c),
            StepKind::Action(action) => {
                out.extend(action.templates().into_iter().map(|t| (what.clone(), t)));
            }
            StepKind::Manual { instruction, .. } => {
                out.push((what.clone(), instruction.as_str()));
            }
        }
        out.push((what, step.title.as_str()));
    }
    out
}

fn push_condition<'a>(out: &mut Vec<(String, &'a str)>, what: &str, c: &'a Condition) {
    let (ConditionSource::Figure(t) | ConditionSource::Promql(t)) = &c.source;
    out.push((what.to_string(), t.as_str()));
    out.push((what.to_string(), c.value.as_str()));
}

#[cfg(test)]
mod tests;
