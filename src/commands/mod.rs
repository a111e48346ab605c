//! Subcommands that run without the full-screen console: the simulator's exporters for a real
//! monitoring stack, and headless snapshots of a tab for scripts and tests.

mod http;
pub mod simulate;
pub mod snapshot;
