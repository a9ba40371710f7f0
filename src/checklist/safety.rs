//! The safety rules of a runbook, checked by code on every runbook built: a change never runs
//! before the checks it relies on, a go/no-go gate comes before the first irreversible change
//! of each direction, every change has its undo, the failback reverses everything the failover
//! changed, no command names what the topology lacks, files are read only where they were
//! written, DNS touches only the failed pool's records, every step has its role, and every
//! check says when to stop.
//!
//! The rules read the runbook as data ([`super::step`]) and the topology itself, not the
//! generator's reasons: a runbook built by hand that breaks one is caught (tests/safety.rs).

mod rules;

use serde::Serialize;

use crate::plan::Plan;
use crate::topology::TopologyFile;

use super::step::Section;

/// A safety rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    CheckBeforeChange,
    GoNoGoGate,
    EveryChangeHasUndo,
    FailbackReversesFailover,
    NothingTheTopologyLacks,
    FilesStayWhereWritten,
    DnsTouchesOnlyFailedPool,
    EveryStepHasRole,
    EveryCheckHasStop,
}

impl Rule {
    pub const ALL: [Rule; 9] = [
        Rule::CheckBeforeChange,
        Rule::GoNoGoGate,
        Rule::EveryChangeHasUndo,
        Rule::FailbackReversesFailover,
        Rule::NothingTheTopologyLacks,
        Rule::FilesStayWhereWritten,
        Rule::DnsTouchesOnlyFailedPool,
        Rule::EveryStepHasRole,
        Rule::EveryCheckHasStop,
    ];

    /// The rule's name, as `plan --json` and the page list it.
    pub fn id(self) -> &'static str {
        match self {
            Rule::CheckBeforeChange => "check-before-change",
            Rule::GoNoGoGate => "go-no-go-gate",
            Rule::EveryChangeHasUndo => "every-change-has-undo",
            Rule::FailbackReversesFailover => "failback-reverses-failover",
            Rule::NothingTheTopologyLacks => "nothing-the-topology-lacks",
            Rule::FilesStayWhereWritten => "files-stay-where-written",
            Rule::DnsTouchesOnlyFailedPool => "dns-touches-only-failed-pool",
            Rule::EveryStepHasRole => "every-step-has-role",
            Rule::EveryCheckHasStop => "every-check-has-stop",
        }
    }

    /// The rule in words.
    pub fn words(self) -> &'static str {
        match self {
            Rule::CheckBeforeChange => "No change runs before the checks it relies on: the certificate and the firewall before DNS, the XMPP names before the XMPP stop, the restored pool's certificate, firewall and replication before the failback's Topology Builder session; and every command that changes something is in a step that says so.",
            Rule::GoNoGoGate => "A go/no-go gate, with the permissions and the Central Management store among its checks, comes before the first irreversible change of each direction, and says whom to escalate to.",
            Rule::EveryChangeHasUndo => "Every change names the rollback or failback step that reverses it, or says why it cannot be undone.",
            Rule::FailbackReversesFailover => "The failback reverses every route, association, next hop, DNS record, TTL, firewall rule and pool failover the failover changed, and its verification checks the routes, records, TTLs and rules.",
            Rule::NothingTheTopologyLacks => "No command names a pool, site, server or backup pool the topology does not have: no pool failover without a backup pool, no Central Management Server failover without one, no prompt for a backup pool.",
            Rule::FilesStayWhereWritten => "A file is read only on the host that wrote it, after its folder was made there, and a rerun never overwrites a baseline.",
            Rule::DnsTouchesOnlyFailedPool => "Where other pools keep federation, DNS changes remove or add entries and never re-point the records the healthy pools answer on.",
            Rule::EveryStepHasRole => "Every step has its role, a step for another team is a hand-off, and DNS, firewall and database work is done by those teams.",
            Rule::EveryCheckHasStop => "Every check says when to stop and what then, and a check that waits says for how long.",
        }
    }
}

/// Where a rule is broken, in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Breach {
    /// The step it is broken at, by id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    pub message: String,
}

/// One rule and where it is broken (nowhere when it holds).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleOutcome {
    pub rule: Rule,
    pub held: bool,
    pub breaches: Vec<Breach>,
}

impl RuleOutcome {
    pub fn held(&self) -> bool {
        self.breaches.is_empty()
    }
}

/// Every rule, run on the runbook (its sections, in order) of `plan` made from `file`.
pub fn check(file: &TopologyFile, plan: &Plan, runbook: &[Section]) -> Vec<RuleOutcome> {
    let facts = rules::Facts::new(file, plan, runbook);
    Rule::ALL
        .iter()
        .map(|&rule| {
            let breaches = rules::run(rule, &facts);
            RuleOutcome {
                rule,
                held: breaches.is_empty(),
                breaches,
            }
        })
        .collect()
}

/// The rules that do not hold, in words, for an error message.
pub fn broken(outcomes: &[RuleOutcome]) -> Option<String> {
    let broken: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.held())
        .map(|o| {
            let first = o.breaches.first().map(|b| b.message.as_str()).unwrap_or_default();
            format!("{} ({first})", o.rule.id())
        })
        .collect();
    (!broken.is_empty()).then(|| broken.join("; "))
}
