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
    /// Run on the embedded simulated fleet (the default while nothing else is configured).
    #[arg(long)]
    pub demo: bool,
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
    /// Draw charts with plain ASCII instead of braille.
    #[arg(long)]
    pub ascii: bool,
    /// Log level for the log file (error, warn, info, debug, trace).
    #[arg(long, env = "OPSCONSOLE_LOG", value_name = "LEVEL")]
    pub log_level: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write or validate the config file.
    Config {
        #[command(subcommand)]
        action: ConfigCommand,
    },
    /// Print every path the console uses.
    Paths,
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
