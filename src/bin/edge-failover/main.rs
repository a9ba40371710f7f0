//! `edge-failover`: the planner on the command line.
//!
//! Exit codes: 0 success, 2 unreadable or invalid input (or a usage error), 3 a plan that
//! cannot be made, 4 a published topology that is not the planned one. Output files are
//! written only when everything succeeded, each through a temporary file renamed into place,
//! so a failure never leaves a half-written file.
//!
//! The arguments are parsed by clap from the definitions in `args.rs`, all in one place; each
//! subcommand is run by its own file. A new subcommand is a variant there, a file here and a
//! line in [`cli::run`]'s match.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::run(std::env::args_os()));
}

// Output piped into `head` or a closed pager is not an error worth a panic: the files are
// already written, so a write to a closed stdout is dropped.
#[cfg(not(target_arch = "wasm32"))]
macro_rules! println {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}
#[cfg(not(target_arch = "wasm32"))]
macro_rules! print {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

// clap is a native dependency only: the page never carries the command line.
#[cfg(not(target_arch = "wasm32"))]
mod args;
#[cfg(not(target_arch = "wasm32"))]
mod candidates;
#[cfg(not(target_arch = "wasm32"))]
mod files;
#[cfg(not(target_arch = "wasm32"))]
mod inspect;
#[cfg(not(target_arch = "wasm32"))]
mod plan;
#[cfg(not(target_arch = "wasm32"))]
mod verify;

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::ffi::OsString;

    use clap::Parser as _;
    use edge_failover_planner::plan::PlanError;

    use crate::args::{Cli, Command};

    const EXIT_INPUT: i32 = 2;
    const EXIT_PLAN: i32 = 3;
    const EXIT_DIFFERS: i32 = 4;

    /// How a subcommand failed, which decides the exit code.
    pub enum Failed {
        Input(String),
        /// Arguments clap accepted that do not go together, or a required one missing: the
        /// message, then the subcommand's usage.
        Usage(String),
        Plan(String),
        /// Not a failure of the program: the published topology is not what was planned.
        Differs,
    }

    impl From<PlanError> for Failed {
        fn from(e: PlanError) -> Failed {
            match e {
                PlanError::TopologyHasErrors(_) => Failed::Input(e.to_string()),
                other => Failed::Plan(other.to_string()),
            }
        }
    }

    pub fn run(args: impl IntoIterator<Item = OsString>) -> i32 {
        let cli = match Cli::try_parse_from(args) {
            Ok(cli) => cli,
            // Help and --version go to stdout with 0; usage errors, naming the argument, to
            // stderr with 2.
            Err(e) => {
                let _ = e.print();
                return e.exit_code();
            }
        };
        let command = cli.command.name();
        let result = match cli.command {
            Command::Inspect(a) => crate::inspect::run(a),
            Command::Candidates(a) => crate::candidates::run(a),
            Command::Plan(a) => crate::plan::run(a),
            Command::Verify(a) => crate::verify::run(a),
            Command::Completions { shell } => {
                crate::args::completions(shell);
                Ok(())
            }
        };
        match result {
            Ok(()) => 0,
            Err(Failed::Input(msg)) => {
                eprintln!("edge-failover: {msg}");
                EXIT_INPUT
            }
            Err(Failed::Usage(msg)) => {
                eprintln!("edge-failover: {msg}\n\n{}", crate::args::usage(command));
                EXIT_INPUT
            }
            Err(Failed::Plan(msg)) => {
                eprintln!("edge-failover: {msg}");
                EXIT_PLAN
            }
            Err(Failed::Differs) => EXIT_DIFFERS,
        }
    }

    pub fn to_json<T: serde::Serialize>(value: &T) -> String {
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}
