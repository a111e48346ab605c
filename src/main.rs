use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    opsconsole::run(opsconsole::cli::Cli::parse())
}
