//! Every argument the command line takes, in one place: clap's derive turns these types into
//! the parser, the `--help` of each subcommand, `--version`, the errors that name a bad
//! argument, and shell completions.
//!
//! Options a subcommand cannot do without are still `Option`s here: the subcommand says what is
//! missing in its own words (`--topology-out PATH is required`), which scripts and the tests
//! rely on, and clap's `--help` shows them as required through each usage line.

use clap::{Args, CommandFactory, Parser, Subcommand};
use clap_complete::Shell;
use edge_failover_planner::plan::Failure;

use crate::cli::Failed;

const ABOUT: &str = "Plan the failover of SIP and XMPP federation between Edge pools of \
                     Lync Server 2013 and Skype for Business Server 2015/2019, and the failback.";

/// What every subcommand that reads a topology says after its help.
macro_rules! file_and_exit_codes {
    () => {
        "\
FILE is a topology export: (Get-CsTopology -AsXml).ToString() > topology.xml, or a
Topology Builder .tbxml file. Exit codes: 0 done, 2 unreadable or invalid input,
3 no plan can be made."
    };
}

const AFTER_HELP: &str = concat!(
    file_and_exit_codes!(),
    " verify compares the topology exported after the publish with the
planned one (the plan's --topology-out): 0 it matches, 4 it differs (each difference is
printed), 2 a file cannot be read. readiness plans every Edge failure in advance: 0 every
row is ready or ready with work, 5 a row is blocked, 2 the file cannot be read."
);

const FILE_EXIT_CODES: &str = file_and_exit_codes!();

#[derive(Parser)]
#[command(
    name = "edge-failover",
    version,
    about = ABOUT,
    after_help = AFTER_HELP,
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Describe a topology: sites, pools, Edge pools, who carries federation, findings
    Inspect(InspectArgs),
    /// List the Edge pools that can take over federation from a failed pool or site
    Candidates(CandidatesArgs),
    /// Plan a failover (or a failback): write the modified topology and the checklist
    Plan(PlanArgs),
    /// Compare the topology exported after the publish with the planned one
    Verify(VerifyArgs),
    /// Plan every Edge failure in advance: what blocks each and what to prepare now
    Readiness(ReadinessArgs),
    /// Print a completion script for a shell (bash, zsh, fish, elvish, powershell)
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
}

impl Command {
    /// The subcommand's name as typed, for its usage line.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Inspect(_) => "inspect",
            Command::Candidates(_) => "candidates",
            Command::Plan(_) => "plan",
            Command::Verify(_) => "verify",
            Command::Readiness(_) => "readiness",
            Command::Completions { .. } => "completions",
        }
    }
}

#[derive(Args)]
#[command(after_help = FILE_EXIT_CODES, args_override_self = true)]
pub struct InspectArgs {
    /// The topology export
    pub file: String,
    /// Print the topology as JSON
    #[arg(long)]
    pub json: bool,
}

/// What failed: a pool or a whole site. Both are optional to clap so that the subcommand can
/// say in its own words that one is missing or both were given.
#[derive(Args)]
pub struct FailureArgs {
    /// The failed Edge pool
    #[arg(long, value_name = "FQDN")]
    pub failed: Option<String>,
    /// The failed site: every Edge pool in it
    #[arg(long, value_name = "SITE")]
    pub failed_site: Option<String>,
}

#[derive(Args)]
#[command(
    override_usage = "edge-failover candidates FILE (--failed FQDN | --failed-site SITE) [--json]",
    after_help = FILE_EXIT_CODES,
    args_override_self = true
)]
pub struct CandidatesArgs {
    /// The topology export
    pub file: String,
    #[command(flatten)]
    pub failure: FailureArgs,
    /// Print the candidates as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
#[command(
    override_usage = "edge-failover plan FILE (--failed FQDN | --failed-site SITE) --to FQDN [--xmpp [--xmpp-to FQDN]]
                [--reassociate FQDN[,FQDN...]] [--failback [--keep-temporary-federation]]
                [--clear-other-federation] [--route topology-builder|publish-file]
                --topology-out PATH --checklist-out PATH [--checklist-html-out PATH]
                [--failback-out PATH] [--failback-html-out PATH] [--json]",
    after_help = FILE_EXIT_CODES,
    args_override_self = true
)]
pub struct PlanArgs {
    /// The topology export
    pub file: String,
    #[command(flatten)]
    pub failure: FailureArgs,
    /// The surviving Edge pool that takes over federation
    #[arg(long, value_name = "FQDN")]
    pub to: Option<String>,
    /// Move XMPP federation too
    #[arg(long)]
    pub xmpp: bool,
    /// With --xmpp: the Edge pool XMPP federation moves to, instead of the survivor: a healthy
    /// pool that already carries the XMPP ports (no Deployment Wizard run, no full stop)
    #[arg(long, value_name = "FQDN", requires = "xmpp")]
    pub xmpp_to: Option<String>,
    /// The pools to re-associate with the survivor, instead of the default (empty for none)
    #[arg(long, value_name = "FQDN[,FQDN...]")]
    pub reassociate: Option<String>,
    /// Plan the failback: --failed names the pool that carried federation meanwhile, --to the
    /// pool it returns to
    #[arg(long)]
    pub failback: bool,
    /// With --failback: keep federation on the pool it comes back from too
    #[arg(long)]
    pub keep_temporary_federation: bool,
    /// Also clear federation on the other federated Edge pools
    #[arg(long)]
    pub clear_other_federation: bool,
    /// Where to write the modified topology
    #[arg(long, value_name = "PATH")]
    pub topology_out: Option<String>,
    /// Where to write the checklist (Markdown)
    #[arg(long, value_name = "PATH")]
    pub checklist_out: Option<String>,
    /// Where to write the checklist as one offline HTML file
    #[arg(long, value_name = "PATH")]
    pub checklist_html_out: Option<String>,
    /// How the topology changes: topology-builder (route A, the product procedure, the
    /// default) or publish-file (route B: Publish-CsTopology -FileName, then the simple URLs)
    #[arg(long, value_name = "ROUTE", value_parser = ["topology-builder", "publish-file"], default_value = "topology-builder")]
    pub route: String,
    /// Where to write the failback's own runbook (Markdown), for a failover
    #[arg(long, value_name = "PATH")]
    pub failback_out: Option<String>,
    /// Where to write the failback's runbook as one offline HTML file
    #[arg(long, value_name = "PATH")]
    pub failback_html_out: Option<String>,
    /// Print what the plan does as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
#[command(
    override_usage = "edge-failover verify --planned PLANNED --published PUBLISHED [--json]",
    after_help = "Exit codes: 0 the published topology is the planned one, 4 it differs (each
difference is printed), 2 a file cannot be read.",
    args_override_self = true
)]
pub struct VerifyArgs {
    /// The planned topology (the plan's --topology-out)
    #[arg(long, value_name = "PLANNED")]
    pub planned: Option<String>,
    /// The topology exported after the publish
    #[arg(long, value_name = "PUBLISHED")]
    pub published: Option<String>,
    /// Print the comparison as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
#[command(
    override_usage = "edge-failover readiness FILE [--json] [--out REPORT.md] [--html-out REPORT.html]
                [--plans-dir DIR] [--date YYYY-MM-DD]",
    after_help = "FILE is a topology export: (Get-CsTopology -AsXml).ToString() > topology.xml, or a
Topology Builder .tbxml file. Exit codes: 0 every row is ready or ready with work, 5 a row is
blocked, 2 unreadable or invalid input.",
    args_override_self = true
)]
pub struct ReadinessArgs {
    /// The topology export
    pub file: String,
    /// Print the report as JSON
    #[arg(long)]
    pub json: bool,
    /// Where to write the report (Markdown)
    #[arg(long, value_name = "PATH")]
    pub out: Option<String>,
    /// Where to write the report as one offline HTML file
    #[arg(long, value_name = "PATH")]
    pub html_out: Option<String>,
    /// Where to write each row's modified topology and checklist, as plan writes them
    #[arg(long, value_name = "DIR")]
    pub plans_dir: Option<String>,
    /// The report's date (YYYY-MM-DD); today's, in UTC, when not given
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

impl FailureArgs {
    pub fn failure(&self) -> Result<Failure, Failed> {
        match (&self.failed, &self.failed_site) {
            (Some(p), None) => Ok(Failure::Pool(p.clone())),
            (None, Some(s)) => Ok(Failure::Site(s.clone())),
            (Some(_), Some(_)) => Err(Failed::Input("give --failed or --failed-site, not both".into())),
            (None, None) => Err(Failed::Usage(
                "say what failed with --failed FQDN or --failed-site SITE".into(),
            )),
        }
    }
}

/// A subcommand's usage and where its help is, to follow a message about its arguments.
pub fn usage(subcommand: &str) -> String {
    let mut cli = Cli::command();
    cli.build();
    match cli.find_subcommand_mut(subcommand) {
        Some(sub) => format!(
            "{}\n\nFor more information, try 'edge-failover {subcommand} --help'.",
            sub.render_usage()
        ),
        None => cli.render_usage().to_string(),
    }
}

pub fn completions(shell: Shell) {
    // Written through print! so that a closed pipe is not a panic, as for every other output.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "edge-failover", &mut script);
    print!("{}", String::from_utf8_lossy(&script));
}
