//! The step, the unit every section is made of, as data a program can check: what it does
//! (reads, checks or changes), what it changes, which checks it needs first, who does it, how
//! it is undone and where its files live. The safety rules ([`super::safety`]) read these, and
//! every renderer shows them, so the order a bridge follows is the order the rules checked.

use serde::Serialize;

use crate::topology::inference::{self, Inference};

use super::powershell::command;
use super::text::{Basis, Citation, Text, DOCUMENTS};

/// What a step does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Looks and records; changes nothing.
    #[default]
    Read,
    /// Looks, and stops the runbook when what it sees is wrong ([`Step::stop`]).
    Check,
    /// The go/no-go before the first irreversible change of a direction: a check that
    /// gathers the checks before it ([`Step::needs`]).
    Gate,
    /// Changes something in the deployment ([`Step::changes`]).
    Change,
}

/// SIP federation (5061) or XMPP federation (5269).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Protocol {
    Sip,
    Xmpp,
}

/// What a change step changes: a closed list, each with what it changes it on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum Change {
    /// A publish: everything the Topology Builder session changed takes effect.
    PublishedTopology,
    /// A pool's SIP or XMPP federation, in the topology.
    Federation { pool: String, protocol: Protocol },
    /// A site's SIP or XMPP federation route.
    SiteRoute { site: String, protocol: Protocol },
    /// A Front End pool's Edge association for media.
    EdgeAssociation { pool: String },
    /// An Edge pool's next hop.
    NextHop { edge: String },
    /// A public DNS record: `name` is the record, `action` what happens to it, and `pool` the
    /// Edge pool it leads to afterwards.
    DnsRecord {
        name: String,
        action: DnsAction,
        pool: String,
    },
    /// A public DNS record's TTL.
    DnsTtl { name: String },
    /// A certificate on a pool's servers.
    Certificate { pool: String },
    /// A firewall rule, in words ("TCP 5269 to edge.contoso.com").
    Firewall { rule: String },
    /// The Lync or Skype for Business services of a pool, started or stopped.
    Services { pool: String, start: bool },
    /// Where the Central Management Server runs.
    CentralManagement,
    /// A Front End pool failed over to its backup pool (or back).
    PoolFailover { pool: String },
}

/// What a check looks at: the safety rules ask for the checks a change relies on by this.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "of", content = "pool", rename_all = "snake_case")]
pub enum Subject {
    /// The administrator's groups and credentials.
    Permissions,
    /// The Central Management store answers and can be written.
    CentralManagement,
    /// The loaded file is what is published now.
    Drift,
    /// Replication to a pool's servers.
    Replication(String),
    /// A pool's external certificate: names and expiry.
    Certificate(String),
    /// The firewall rules a pool needs.
    Firewall(String),
    /// A pool answers on its federation port from outside.
    FederationPort(String),
    /// A Front End pool's (or the Central Management Server's) backup pool.
    BackupPool(String),
    /// A pool's services run.
    Running(String),
    /// Federation works through a pool.
    Works(String),
    /// Federation is allowed by the global and per-user settings.
    Settings,
    /// The published topology is the planned one.
    Published,
    /// What a failback put back is as recorded.
    Restored,
}

impl Subject {
    /// The subject in words, for a safety rule's message.
    pub fn describe(&self) -> String {
        match self {
            Subject::Permissions => "the permissions".to_owned(),
            Subject::CentralManagement => "the Central Management store".to_owned(),
            Subject::Drift => "the published topology against the loaded file".to_owned(),
            Subject::Replication(p) => format!("replication to {p}"),
            Subject::Certificate(p) => format!("the certificate of {p}"),
            Subject::Firewall(p) => format!("the firewall to {p}"),
            Subject::FederationPort(p) => format!("the federation port of {p}"),
            Subject::BackupPool(p) => format!("the backup pool of {p}"),
            Subject::Running(p) => format!("{p} running"),
            Subject::Works(p) => format!("federation through {p}"),
            Subject::Settings => "the federation settings".to_owned(),
            Subject::Published => "the published topology".to_owned(),
            Subject::Restored => "what the failback put back".to_owned(),
        }
    }
}

/// What a DNS change does to a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DnsAction {
    /// The record (or the A record behind it) now leads to another pool: every pool it named
    /// before loses what it brought them.
    Repoint,
    /// Only the failed pool's address or SRV entry goes; the healthy pools' entries stay.
    RemoveFailed,
    /// The surviving pool's address or SRV entry is added beside the others.
    AddSurvivor,
    /// Put back as recorded before the failover.
    Restore,
}

impl Change {
    /// Whether the change takes effect beyond quick recall: a publish, federation moved, DNS
    /// that resolvers cache, a service stopped, a pool or the Central Management Server failed
    /// over. The first such change of each direction waits for a go/no-go gate. A route, next
    /// hop or association set from the Management Shell, a TTL, a firewall opening or a
    /// service started is set back at once by the same command.
    pub fn is_irreversible(&self) -> bool {
        matches!(
            self,
            Change::PublishedTopology
                | Change::Federation { .. }
                | Change::DnsRecord { .. }
                | Change::Services { start: false, .. }
                | Change::CentralManagement
                | Change::PoolFailover { .. }
        )
    }

    /// Whether two changes change the same thing (a DNS record by its name, whatever is done
    /// to it): the failback's change reverses the failover's.
    pub fn same_target(a: &Change, b: &Change) -> bool {
        match (a, b) {
            (Change::DnsRecord { name: x, .. }, Change::DnsRecord { name: y, .. }) => x.eq_ignore_ascii_case(y),
            _ => a == b,
        }
    }

    /// The words for this change, for the "Changes:" line.
    pub fn describe(&self) -> String {
        let proto = |p: &Protocol| match p {
            Protocol::Sip => "SIP",
            Protocol::Xmpp => "XMPP",
        };
        match self {
            Change::PublishedTopology => "the published topology".to_owned(),
            Change::Federation { pool, protocol } => format!("{} federation of {pool}", proto(protocol)),
            Change::SiteRoute { site, protocol } if site.starts_with("every ") => {
                format!("{} federation route of {site}", proto(protocol))
            }
            Change::SiteRoute { site, protocol } => format!("{} federation route of site {site}", proto(protocol)),
            Change::EdgeAssociation { pool } => format!("the Edge association of {pool}"),
            Change::NextHop { edge } => format!("the next hop of {edge}"),
            Change::DnsRecord { name, action, .. } => match action {
                DnsAction::Repoint => format!("DNS {name} (re-pointed)"),
                DnsAction::RemoveFailed => format!("DNS {name} (the failed pool's entry removed)"),
                DnsAction::AddSurvivor => format!("DNS {name} (the surviving pool's entry added)"),
                DnsAction::Restore => format!("DNS {name} (restored as recorded)"),
            },
            Change::DnsTtl { name } => format!("the TTL of {name}"),
            Change::Certificate { pool } => format!("the certificate of {pool}"),
            Change::Firewall { rule } => format!("firewall: {rule}"),
            Change::Services { pool, start: true } => format!("services started on {pool}"),
            Change::Services { pool, start: false } => format!("services stopped on {pool}"),
            Change::CentralManagement => "where the Central Management Server runs".to_owned(),
            Change::PoolFailover { pool } => format!("{pool} failed over"),
        }
    }
}

/// Who does a step: a closed list of the teams an Edge failover involves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The Lync Server or Skype for Business Server administrator, who runs the runbook.
    #[default]
    Administrator,
    DnsTeam,
    FirewallTeam,
    CertificateTeam,
    PartnerLiaison,
    Dba,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Administrator,
        Role::DnsTeam,
        Role::FirewallTeam,
        Role::CertificateTeam,
        Role::PartnerLiaison,
        Role::Dba,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Role::Administrator => "Lync/Skype for Business administrator",
            Role::DnsTeam => "DNS team",
            Role::FirewallTeam => "firewall team",
            Role::CertificateTeam => "certificate (PKI) team",
            Role::PartnerLiaison => "partner liaison",
            Role::Dba => "DBA",
        }
    }

    /// The short name, for ids and filters.
    pub fn id(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::DnsTeam => "dns",
            Role::FirewallTeam => "firewall",
            Role::CertificateTeam => "pki",
            Role::PartnerLiaison => "partners",
            Role::Dba => "dba",
        }
    }
}

/// How a change is undone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "by", content = "detail", rename_all = "snake_case")]
pub enum Undo {
    /// The step (by id) of the rollback, or of the failback, that reverses it.
    Step(String),
    /// It cannot be undone, and why.
    Cannot(Text),
}

/// A check's STOP: what makes the runbook stop here, whom to escalate to, and how long to
/// wait where the check waits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stop {
    /// "STOP if …": what is wrong.
    pub condition: Text,
    /// What stays as it is, and whom to call.
    pub then: Text,
    /// Where the check waits for something: how many minutes at most.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wait_minutes: Option<u32>,
}

/// Whether a step writes or reads a file, or makes the folder it lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    Folder,
    Write,
    Read,
}

/// A file a step writes or reads, and the host it is on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileUse {
    pub access: Access,
    pub path: String,
    pub host: String,
}

/// Which part of the incident a section belongs to: the walkthrough and the status update
/// count and follow one phase at a time, and the failback waits until the failed pool is back.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Moving federation away from the failed pool (or, in a failback plan, the whole plan).
    #[default]
    Failover,
    /// Putting it back once the failed pool is repaired.
    Failback,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Stable across re-generation of the same plan, for saved progress.
    pub id: String,
    /// The step's number within its document (a rollback's steps are numbered on their own).
    pub number: usize,
    pub title: Text,
    /// Where the step is done: a server, the DNS, the firewall, the partners.
    pub place: Text,
    pub kind: Kind,
    pub role: Role,
    /// What a change step changes.
    pub changes: Vec<Change>,
    /// The check steps (by id) that must have passed before this one runs.
    pub needs: Vec<String>,
    /// The change steps (by id) whose result a check confirms.
    pub confirms: Vec<String>,
    /// What a check looks at.
    pub subject: Option<Subject>,
    /// A check's STOP condition.
    pub stop: Option<Stop>,
    /// How a change is undone.
    pub undo: Option<Undo>,
    /// The files it writes and reads, and where.
    pub files: Vec<FileUse>,
    /// Facts about the step that are not things to do ("its ports do not change").
    pub notes: Vec<Text>,
    pub actions: Vec<Text>,
    /// PowerShell to run, each a complete command.
    pub commands: Vec<String>,
    /// Things to tick one by one within the step (one per server, for example).
    pub boxes: Vec<String>,
    pub verify: Vec<Text>,
    pub verify_commands: Vec<String>,
    pub basis: Vec<Basis>,
    /// What a re-export of the published topology can say about the step ([`crate::verify`]).
    pub from_published: FromPublished,
}

/// Whether checking the published topology can tick a step.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FromPublished {
    /// Not a step a verification is about.
    #[default]
    Silent,
    /// Done when the published topology has the plan's federation pools, next hops, Edge
    /// associations and site routes.
    Confirms,
    /// No topology file can show it: DNS, certificates, firewall, partners, replication.
    CannotConfirm,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Section {
    pub title: String,
    pub phase: Phase,
    /// The section undoes its phase's changes: it is followed only when the phase is
    /// abandoned, never as part of the walkthrough.
    pub rollback: bool,
    pub intro: Option<Text>,
    pub steps: Vec<Step>,
}

impl Section {
    /// A section with no intro and no steps yet.
    pub(crate) fn new(title: &str) -> Section {
        Section {
            title: title.to_owned(),
            phase: Phase::Failover,
            rollback: false,
            intro: None,
            steps: Vec::new(),
        }
    }

    /// Adds a step at the end, to be written through the reference returned: the step is
    /// built where it stays, never moved (a [`Step`] is large, and each move of one costs the
    /// page a copy).
    pub(crate) fn step(&mut self, id: &str, title: Text, place: Text) -> &mut Step {
        self.steps.push(Step {
            id: id.to_owned(),
            title,
            place,
            ..Step::default()
        });
        let last = self.steps.len() - 1;
        &mut self.steps[last]
    }
}

/// Writing a step: each adds to it and returns it for the next.
impl Step {
    /// Whether the step is a check (or a gate), which a change can need.
    pub fn is_check(&self) -> bool {
        matches!(self.kind, Kind::Check | Kind::Gate)
    }

    pub(crate) fn act(&mut self, t: Text) -> &mut Step {
        self.actions.push(t);
        self
    }
    /// A fact about the step, shown apart from what to do.
    pub(crate) fn note(&mut self, t: Text) -> &mut Step {
        self.notes.push(t);
        self
    }
    /// A command to run: `template` with each `{}` a value, quoted ([`command`]).
    pub(crate) fn cmd(&mut self, template: &str, values: &[&str]) -> &mut Step {
        self.commands.push(command(template, values));
        self
    }
    /// Commands already put together ([`super::powershell::lookups`]).
    pub(crate) fn cmds(&mut self, lines: Vec<String>) -> &mut Step {
        self.commands.extend(lines);
        self
    }
    pub(crate) fn check(&mut self, t: Text) -> &mut Step {
        self.verify.push(t);
        self
    }
    /// A command that verifies the step: `template` with each `{}` a value, quoted.
    pub(crate) fn check_cmd(&mut self, template: &str, values: &[&str]) -> &mut Step {
        self.verify_commands.push(command(template, values));
        self
    }
    pub(crate) fn check_cmds(&mut self, lines: Vec<String>) -> &mut Step {
        self.verify_commands.extend(lines);
        self
    }
    /// A step of a product procedure.
    pub(crate) fn procedure(&mut self, at: Citation) -> &mut Step {
        self.basis.push(Basis::Procedure(format!(
            "{}{}",
            DOCUMENTS[at.document as usize], at.part
        )));
        self
    }
    pub(crate) fn inferred(&mut self, i: Inference) -> &mut Step {
        // Only readings that are not confirmed belong in the closing "what this plan infers".
        debug_assert!(i.certainty != inference::Certainty::Confirmed, "{} is confirmed", i.id);
        self.basis.push(Basis::Inferred(i.id));
        self
    }
    pub(crate) fn practice(&mut self) -> &mut Step {
        self.basis.push(Basis::Practice);
        self
    }
    pub(crate) fn published(&mut self, f: FromPublished) -> &mut Step {
        self.from_published = f;
        self
    }
    pub(crate) fn by(&mut self, role: Role) -> &mut Step {
        self.role = role;
        self
    }
    /// A change step: what it changes.
    pub(crate) fn changes(&mut self, change: Change) -> &mut Step {
        self.kind = Kind::Change;
        self.changes.push(change);
        self
    }
    /// A check step: when to stop, and what then.
    pub(crate) fn stop_if(&mut self, condition: Text, then: Text) -> &mut Step {
        if self.kind != Kind::Gate {
            self.kind = Kind::Check;
        }
        self.stop = Some(Stop {
            condition,
            then,
            wait_minutes: None,
        });
        self
    }
    /// What a check looks at.
    pub(crate) fn on(&mut self, subject: Subject) -> &mut Step {
        self.subject = Some(subject);
        self
    }
    /// A check that waits for something: at most `minutes`.
    pub(crate) fn wait_at_most(&mut self, minutes: u32) -> &mut Step {
        if let Some(stop) = &mut self.stop {
            stop.wait_minutes = Some(minutes);
        }
        self
    }
    /// The check steps that must pass first.
    pub(crate) fn after(&mut self, ids: &[&str]) -> &mut Step {
        for id in ids {
            if !self.needs.iter().any(|n| n == id) {
                self.needs.push((*id).to_owned());
            }
        }
        self
    }
    /// A check: the change steps whose result it confirms.
    pub(crate) fn confirming(&mut self, ids: &[String]) -> &mut Step {
        self.confirms.extend(ids.iter().cloned());
        self
    }
    pub(crate) fn undone_by(&mut self, step: &str) -> &mut Step {
        self.undo = Some(Undo::Step(step.to_owned()));
        self
    }
    pub(crate) fn cannot_undo(&mut self, why: Text) -> &mut Step {
        self.undo = Some(Undo::Cannot(why));
        self
    }
    pub(crate) fn file(&mut self, access: Access, path: &str, host: &str) -> &mut Step {
        self.files.push(FileUse {
            access,
            path: path.to_owned(),
            host: host.to_owned(),
        });
        self
    }
    pub(crate) fn boxes(&mut self, items: Vec<String>) -> &mut Step {
        self.boxes.extend(items);
        self
    }
}
