//! Changing the world: runbook catalog, plans, the executor and the audit trail of every run.
//! Depends on `domain` only; never imports `ui` or `app`, so what a run does and records does
//! not hinge on how it is drawn.

pub mod approval;
pub mod audit;
pub mod catalog;
pub mod executor;
pub mod lock;
pub mod planner;
pub mod session;
pub mod target;
