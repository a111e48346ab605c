//! Command line: the console by default, plus the file and path subcommands.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "opsconsole",
    version,
    about = "Terminal operations console: scaling, latency, cost, security, readiness"
)]
pub struct Cli {
    #[command(flatten)]
    pub console: ConsoleArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Default, Args)]
pub struct ConsoleArgs {
    /// Config file (default: <config dir>/config.toml). A named file that is missing or bad is an error.
    #[arg(long, global = true, env = "OPSCONSOLE_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Run on the embedded simulated fleet (the default while nothing else is configured);
    /// overrides --env and $OPSCONSOLE_ENV.
    #[arg(long)]
    pub demo: bool,
    /// Environment to open (a name from [environments] in the config, or "demo").
    #[arg(long, global = true, env = "OPSCONSOLE_ENV", value_name = "NAME")]
    pub env: Option<String>,
    /// Seed for the simulator, for a deterministic fleet.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Run the simulated clock this many times faster than real time.
    #[arg(long, value_name = "X")]
    pub speed: Option<f64>,
    /// Theme name: a built-in (dark, light, high-contrast, mono) or a file in <config dir>/themes.
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
    /// Keymap preset: default or vim (then <config dir>/keymap.toml overrides by action).
    #[arg(long, global = true, value_name = "NAME")]
    pub keymap: Option<String>,
    /// Draw nothing outside ASCII: borders, arrows, sort marks, charts and bars.
    #[arg(long)]
    pub ascii: bool,
    /// Runbooks can be planned but never run (also `read-only = true` in the config, globally
    /// or per environment).
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Log level for the log file (error, warn, info, debug, trace).
    #[arg(long, env = "OPSCONSOLE_LOG", value_name = "LEVEL")]
    pub log_level: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the runbook audit trail (<state dir>/audit.jsonl), or verify its hash chain.
    Audit(AuditArgs),
    /// Write or validate the config file.
    Config {
        #[command(subcommand)]
        action: ConfigCommand,
    },
    /// Print every path the console uses.
    Paths,
    /// Serve the simulated fleet to a real monitoring stack.
    Simulate {
        #[command(subcommand)]
        action: SimulateCommand,
    },
    /// List, plan (dry run) or run a runbook without the full-screen console.
    Runbook {
        #[command(subcommand)]
        action: RunbookCommand,
    },
    /// Print what a tab shows, once, without the full-screen console.
    Snapshot(SnapshotArgs),
    /// The weekly checkpoint of an ISO week as Markdown, HTML or JSON (the Checkpoint tab's figures).
    Report(ReportArgs),
    /// Evaluate the success criteria now; exit 1 when a blocking one is missed or unknown.
    Check(CheckArgs),
    /// Print a row's detail (what Enter opens in the console), once.
    Describe(DescribeArgs),
}

#[derive(Debug, Clone, Args)]
pub struct DescribeArgs {
    /// KIND/NAME: group, service, database, cost, certificate, finding, check or criterion,
    /// and the row's name as its tab shows it (e.g. group/web, service/api).
    #[arg(value_name = "KIND/NAME")]
    pub subject: String,
    /// text (what the detail view shows) or json (the model, schema in the README).
    #[arg(long, value_name = "FORMAT", default_value = "text")]
    pub format: String,
}

#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// ISO week, e.g. 2026-W47 (default: this week, to date).
    #[arg(long, value_name = "WEEK")]
    pub week: Option<String>,
    /// md (for a wiki), html (one self-contained file) or json (schema in the README).
    #[arg(long, value_name = "FORMAT", default_value = "md")]
    pub format: String,
    /// Output file (default: standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// Time zone the week is counted in: an IANA name (default: [checkpoint] timezone, or UTC).
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// The period the criteria are folded over, ending now (e.g. "7d", "24h"), or "week": this
    /// ISO week to date, the Checkpoint's own period.
    #[arg(long, value_name = "DURATION", default_value = "7d")]
    pub window: String,
    /// text (one line per criterion) or json (the report's criterion fields, for scripts).
    #[arg(long, value_name = "FORMAT", default_value = "text")]
    pub format: String,
}

#[derive(Debug, Subcommand)]
pub enum RunbookCommand {
    /// Every runbook: id, risk, tab, title, and what it needs of an environment.
    List,
    /// Show exactly what a run would call, and the change it would make; runs nothing.
    Plan(RunbookArgs),
    /// Run a runbook: low risk needs --yes, high risk --confirm TARGET; refused when read-only.
    Run(RunArgs),
    /// Runs waiting for a second user's approval (from every console sharing the state dir).
    Approvals,
    /// Approve another user's waiting run; refused for your own run, after expiry, read-only.
    Approve {
        /// The run id, as `runbook approvals` or the waiting run shows it.
        #[arg(value_name = "RUN-ID")]
        run: String,
    },
}

#[derive(Debug, Clone, Args)]
pub struct RunbookArgs {
    /// Runbook id (see `opsconsole runbook list`).
    pub id: String,
    /// A parameter, as NAME=VALUE; repeat for several. Missing ones take their defaults.
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// The row the runbook acts on, as the console's selected row would be: a group or service
    /// name, or an alert name for the alert-list runbooks. Defaults such as {row.desired} need it.
    #[arg(long, value_name = "NAME")]
    pub row: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub runbook: RunbookArgs,
    /// Confirms a low-risk runbook.
    #[arg(long)]
    pub yes: bool,
    /// Confirms a high-risk runbook: the target's name, exactly as the plan shows it.
    #[arg(long, value_name = "TARGET")]
    pub confirm: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SimulateCommand {
    /// Serve /metrics for the live simulated fleet (Prometheus text format, standard names).
    /// Prints `listening on http://IP:PORT` once ready; stops on SIGTERM or SIGINT.
    Serve(ServeArgs),
    /// Write OpenMetrics history for `promtool tsdb create-blocks-from openmetrics`.
    History(HistoryArgs),
}

/// What both simulate commands share, so history and the live fleet line up sample for sample.
#[derive(Debug, Clone, Args)]
pub struct FleetArgs {
    /// Seed of the simulated fleet.
    #[arg(long, value_name = "N", default_value_t = crate::config::DEFAULT_SEED)]
    pub seed: u64,
    /// The fleet's "now" (RFC 3339); default: the current minute. Give `serve` and `history`
    /// the same value so the live counters continue the history's.
    #[arg(long, value_name = "TIME")]
    pub start: Option<String>,
    /// When the scripted 4,000 req/s surge begins after the start (e.g. "3m", "90s").
    #[arg(long, value_name = "DURATION", default_value = "3m")]
    pub surge_after: String,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub fleet: FleetArgs,
    /// Address to listen on; loopback unless you mean otherwise (port 0 picks a free one).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:9464")]
    pub listen: String,
    /// Simulated seconds per real second.
    #[arg(long, value_name = "X", default_value_t = 1.0)]
    pub speed: f64,
}

#[derive(Debug, Clone, Args)]
pub struct HistoryArgs {
    #[command(flatten)]
    pub fleet: FleetArgs,
    /// Days of history, ending one minute before the start. Up to 8 days (or as many as this
    /// month has had) come from the very replay `serve` runs; a longer one starts the replay
    /// earlier, and `serve`'s counters then no longer continue it exactly.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub days: u32,
    /// Sample spacing, a multiple of 10s (e.g. "1m", "30s").
    #[arg(long, value_name = "DURATION", default_value = "1m")]
    pub step: String,
    /// Output file (default: standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct SnapshotArgs {
    /// Tab to print: scaling, latency, cost, security, readiness, or alerts.
    #[arg(long, value_name = "TAB")]
    pub tab: String,
    /// json (stable, for scripts) or text (what the screen shows).
    #[arg(long, value_name = "FORMAT", default_value = "text")]
    pub format: String,
    /// Width of the text rendering.
    #[arg(long, value_name = "COLUMNS", default_value_t = 120)]
    pub width: u16,
    /// Height of the text rendering.
    #[arg(long, value_name = "ROWS", default_value_t = 40)]
    pub height: u16,
}

#[derive(Debug, Clone, Args)]
pub struct AuditArgs {
    /// Only records from this long ago on (e.g. "90m", "24h", "7d").
    #[arg(long, value_name = "DURATION")]
    pub since: Option<String>,
    /// Check the whole chain instead of listing: exit 0 when intact, 1 listing the problems.
    #[arg(long, conflicts_with = "since")]
    pub verify: bool,
    /// text (one line per record) or json (the records as written).
    #[arg(long, value_name = "FORMAT", default_value = "text")]
    pub format: String,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Write a commented sample config (refuses to overwrite unless --force).
    Init {
        #[arg(long)]
        force: bool,
    },
    /// Validate the config, themes and keymaps; print file:line:column errors.
    Check,
}
