//! Each safety rule as a function of the runbook and the topology, and what they all read.

use crate::plan::Plan;
use crate::topology::{pairing, TopologyFile};

use super::{Breach, Rule};
use crate::checklist::step::{Access, Change, DnsAction, Kind, Phase, Protocol, Role, Section, Step, Subject, Undo};

/// A step with where it stands: its phase, whether it is in a rollback, and its place in the
/// runbook's order.
pub(super) struct Placed<'a> {
    pub(super) step: &'a Step,
    pub(super) phase: Phase,
    pub(super) rollback: bool,
    pub(super) at: usize,
}

/// What every rule reads, worked out once.
pub(super) struct Facts<'a> {
    pub(super) file: &'a TopologyFile,
    pub(super) plan: &'a Plan,
    pub(super) steps: Vec<Placed<'a>>,
    pub(super) sections: &'a [Section],
    /// The pool federation comes back to in the failback phase.
    pub(super) restored: String,
}

impl<'a> Facts<'a> {
    pub(super) fn new(file: &'a TopologyFile, plan: &'a Plan, runbook: &'a [Section]) -> Facts<'a> {
        let t = &file.topology;
        let mut steps = Vec::new();
        for s in runbook {
            for step in &s.steps {
                steps.push(Placed {
                    step,
                    phase: s.phase,
                    rollback: s.rollback,
                    at: steps.len(),
                });
            }
        }
        let fqdn = |e: crate::topology::EdgeIdx| t.pools[t.edge_pools[e].pool].fqdn.clone();
        let restored = if plan.request.direction == crate::plan::Direction::Failback {
            fqdn(plan.survivor)
        } else {
            fqdn(crate::plan::restored_edge(file, plan))
        };
        Facts {
            file,
            plan,
            steps,
            sections: runbook,
            restored,
        }
    }

    fn by_id(&self, id: &str) -> Option<&Placed<'a>> {
        self.steps.iter().find(|p| p.step.id == id)
    }

    /// The checks a step relies on: those it needs, and what they need in turn.
    fn closure(&self, step: &Step) -> Vec<&Placed<'a>> {
        let mut out: Vec<&Placed<'a>> = Vec::new();
        let mut todo: Vec<&str> = step.needs.iter().map(String::as_str).collect();
        while let Some(id) = todo.pop() {
            if let Some(p) = self.by_id(id) {
                if !out.iter().any(|o| o.at == p.at) {
                    out.push(p);
                    todo.extend(p.step.needs.iter().map(String::as_str));
                }
            }
        }
        out
    }

    /// The pool names of the topology, its machines and its Access Edges, lower case.
    fn known_host(&self, name: &str) -> bool {
        let t = &self.file.topology;
        let n = name.to_ascii_lowercase();
        t.pools
            .iter()
            .any(|p| p.fqdn.eq_ignore_ascii_case(&n) || p.machines.iter().any(|m| m.fqdn.eq_ignore_ascii_case(&n)))
            || t.edge_pools
                .iter()
                .any(|e| e.access_fqdn.as_deref().is_some_and(|a| a.eq_ignore_ascii_case(&n)))
    }

    fn known_site(&self, name: &str) -> bool {
        self.file.topology.sites.iter().any(|s| s.name == name || s.id == name)
    }

    fn breach(step: &Step, message: String) -> Breach {
        Breach {
            step: Some(step.id.clone()),
            message,
        }
    }

    /// The steps of a direction, without its rollback.
    fn direction(&self, phase: Phase) -> impl Iterator<Item = &Placed<'a>> {
        self.steps.iter().filter(move |p| p.phase == phase && !p.rollback)
    }
}

pub(super) fn run(rule: Rule, f: &Facts) -> Vec<Breach> {
    match rule {
        Rule::CheckBeforeChange => check_before_change(f),
        Rule::GoNoGoGate => gate(f),
        Rule::EveryChangeHasUndo => undo(f),
        Rule::FailbackReversesFailover => failback_reverses(f),
        Rule::NothingTheTopologyLacks => nothing_lacking(f),
        Rule::FilesStayWhereWritten => files(f),
        Rule::DnsTouchesOnlyFailedPool => dns_only_failed(f),
        Rule::EveryStepHasRole => roles(f),
        Rule::EveryCheckHasStop => stops(f),
    }
}

/// The cmdlets that change something, and the change a step running them must declare.
fn declared_by(command: &str) -> Option<fn(&Change) -> bool> {
    let c = command;
    let has = |name: &str| c.contains(name);
    if has("Set-CsSite ") {
        Some(|x| matches!(x, Change::SiteRoute { .. }))
    } else if has("Set-CsEdgeServer ") {
        Some(|x| matches!(x, Change::NextHop { .. }))
    } else if has("Set-CsRegistrar ") || has("Set-CsConferenceServer ") || has("Set-CsMediationServer ") {
        Some(|x| matches!(x, Change::EdgeAssociation { .. }))
    } else if has("Publish-CsTopology") || has("Enable-CsTopology") || has("Set-CsSimpleUrlConfiguration") {
        Some(|x| matches!(x, Change::PublishedTopology))
    } else if has("Stop-CsWindowsService") {
        Some(|x| matches!(x, Change::Services { start: false, .. }))
    } else if has("Start-CsWindowsService") && !has("start it with Start-CsWindowsService") {
        Some(|x| matches!(x, Change::Services { start: true, .. }))
    } else if has("Invoke-CsPoolFailover") || has("Invoke-CsPoolFailback") {
        Some(|x| matches!(x, Change::PoolFailover { .. }))
    } else if (has("Invoke-CsManagementServerFailover") && !has("-WhatIf"))
        || has("Move-CsManagementServer")
        || has("Install-CsDatabase")
    {
        Some(|x| matches!(x, Change::CentralManagement))
    } else {
        None
    }
}

/// Rule 1.
fn check_before_change(f: &Facts) -> Vec<Breach> {
    let mut out = Vec::new();
    for p in &f.steps {
        let s = p.step;
        // Every changing command is in a change step that declares what it changes.
        for c in &s.commands {
            if let Some(declares) = declared_by(c) {
                if s.kind != Kind::Change || !s.changes.iter().any(declares) {
                    out.push(Facts::breach(
                        s,
                        format!("the command `{c}` changes something the step does not declare"),
                    ));
                }
            }
        }
        for id in &s.needs {
            match f.by_id(id) {
                None => out.push(Facts::breach(
                    s,
                    format!("it needs step {id}, which the runbook does not have"),
                )),
                Some(n) if !n.step.is_check() => {
                    out.push(Facts::breach(s, format!("it needs {id}, which is not a check")))
                }
                Some(n) if n.at >= p.at => out.push(Facts::breach(s, format!("it needs {id}, which comes after it"))),
                _ => {}
            }
        }
        if p.rollback || s.kind != Kind::Change {
            continue;
        }
        let closure = f.closure(s);
        let checked = |subject: &Subject| closure.iter().any(|c| c.step.subject.as_ref() == Some(subject));
        let mut missing: Vec<(Subject, &str)> = Vec::new();
        let mut require = |subject: Subject, why: &'static str| {
            if !checked(&subject) {
                missing.push((subject, why));
            }
        };
        for change in &s.changes {
            match change {
                Change::DnsRecord { pool, .. } => {
                    for pool in pool.split(", ") {
                        require(Subject::Certificate(pool.to_owned()), "a DNS change");
                        require(Subject::Firewall(pool.to_owned()), "a DNS change");
                    }
                }
                Change::Services { pool, start: false } => {
                    require(Subject::Certificate(pool.clone()), "stopping the services");
                }
                Change::PoolFailover { pool } if p.phase == Phase::Failover => {
                    require(Subject::BackupPool(pool.clone()), "a pool failover");
                }
                Change::CentralManagement
                    if !closure
                        .iter()
                        .any(|c| matches!(c.step.subject, Some(Subject::BackupPool(_)))) =>
                {
                    require(
                        Subject::BackupPool("the Central Management Server's pool".to_owned()),
                        "moving the Central Management Server",
                    );
                }
                Change::NextHop { .. }
                    if !closure
                        .iter()
                        .any(|c| matches!(c.step.subject, Some(Subject::Running(_)))) =>
                {
                    require(Subject::Running("the new next hop".to_owned()), "a next hop change");
                }
                Change::Federation { .. } | Change::PublishedTopology | Change::EdgeAssociation { .. }
                    if p.phase == Phase::Failback =>
                {
                    let restored = f.restored.clone();
                    require(
                        Subject::Certificate(restored.clone()),
                        "a failback change of the topology",
                    );
                    require(Subject::Firewall(restored.clone()), "a failback change of the topology");
                    require(Subject::Replication(restored), "a failback change of the topology");
                }
                _ => {}
            }
        }
        for (subject, why) in missing {
            out.push(Facts::breach(
                s,
                format!("{why} runs before a check of {}", subject.describe()),
            ));
        }
    }
    out
}

/// Rule 2.
fn gate(f: &Facts) -> Vec<Breach> {
    let mut out = Vec::new();
    for phase in [Phase::Failover, Phase::Failback] {
        let steps: Vec<&Placed> = f.direction(phase).collect();
        let Some(first) = steps
            .iter()
            .find(|p| p.step.kind == Kind::Change && p.step.changes.iter().any(Change::is_irreversible))
        else {
            continue;
        };
        let gates: Vec<&&Placed> = steps.iter().filter(|p| p.step.kind == Kind::Gate).collect();
        if !gates.iter().any(|g| g.at < first.at) {
            out.push(Facts::breach(
                first.step,
                "the first irreversible change of its direction comes before any go/no-go gate".to_owned(),
            ));
        }
        for p in steps
            .iter()
            .filter(|p| p.step.changes.iter().any(Change::is_irreversible))
        {
            if !f.closure(p.step).iter().any(|c| c.step.kind == Kind::Gate) {
                out.push(Facts::breach(
                    p.step,
                    "an irreversible change that does not wait for a go/no-go gate".to_owned(),
                ));
            }
        }
        for g in gates {
            let closure = f.closure(g.step);
            if !closure.iter().any(|c| c.step.subject == Some(Subject::Permissions)) {
                out.push(Facts::breach(
                    g.step,
                    "the gate does not gather the permissions check".to_owned(),
                ));
            }
            let cms = closure.iter().any(|c| {
                matches!(
                    c.step.subject,
                    Some(Subject::CentralManagement) | Some(Subject::BackupPool(_))
                )
            });
            if !cms {
                out.push(Facts::breach(
                    g.step,
                    "the gate does not gather a check of the Central Management store".to_owned(),
                ));
            }
            let escalates = g
                .step
                .stop
                .as_ref()
                .is_some_and(|s| s.then.plain().contains("escalate"));
            if !escalates {
                out.push(Facts::breach(
                    g.step,
                    "the gate does not say whom to escalate to".to_owned(),
                ));
            }
        }
    }
    out
}

/// Rule 3.
fn undo(f: &Facts) -> Vec<Breach> {
    let mut out = Vec::new();
    for p in f.steps.iter().filter(|p| !p.rollback && p.step.kind == Kind::Change) {
        let s = p.step;
        match &s.undo {
            None => out.push(Facts::breach(s, "a change with no undo".to_owned())),
            Some(Undo::Cannot(why)) if why.plain().trim().is_empty() => {
                out.push(Facts::breach(s, "\"cannot be undone\" without a reason".to_owned()));
            }
            Some(Undo::Cannot(_)) => {}
            Some(Undo::Step(id)) => match f.by_id(id) {
                None => out.push(Facts::breach(s, format!("its undo, {id}, is not in the runbook"))),
                Some(u) => {
                    let reverses = u.rollback || (p.phase == Phase::Failover && u.phase == Phase::Failback);
                    if !reverses || u.phase == Phase::Failover && p.phase == Phase::Failback {
                        out.push(Facts::breach(
                            s,
                            format!("its undo, {id}, is neither in its rollback nor in the failback"),
                        ));
                    } else if u.step.kind != Kind::Change && u.step.commands.is_empty() && u.step.actions.is_empty() {
                        out.push(Facts::breach(s, format!("its undo, {id}, does nothing")));
                    }
                }
            },
        }
    }
    // A direction that changes something has a rollback that says when to use it.
    for phase in [Phase::Failover, Phase::Failback] {
        let changes = f.direction(phase).any(|p| p.step.kind == Kind::Change);
        let rollback = f.sections.iter().find(|s| s.phase == phase && s.rollback);
        if changes && !rollback.is_some_and(|r| r.intro.as_ref().is_some_and(|i| i.plain().contains("Only if"))) {
            out.push(Breach {
                step: None,
                message: format!(
                    "the {} direction has no rollback saying when to use it",
                    if phase == Phase::Failover {
                        "failover"
                    } else {
                        "failback"
                    }
                ),
            });
        }
    }
    out
}

/// Rule 4.
fn failback_reverses(f: &Facts) -> Vec<Breach> {
    let mut out = Vec::new();
    if f.plan.request.direction == crate::plan::Direction::Failback {
        return out;
    }
    let back: Vec<&Placed> = f.direction(Phase::Failback).collect();
    if back.is_empty() {
        return vec![Breach {
            step: None,
            message: "the runbook has no failback".to_owned(),
        }];
    }
    for p in f.direction(Phase::Failover) {
        for c in &p.step.changes {
            let reversible = matches!(
                c,
                Change::Federation { .. }
                    | Change::SiteRoute { .. }
                    | Change::EdgeAssociation { .. }
                    | Change::NextHop { .. }
                    | Change::DnsRecord { .. }
                    | Change::DnsTtl { .. }
                    | Change::Firewall { .. }
                    | Change::PoolFailover { .. }
            );
            if !reversible {
                continue;
            }
            // The survivor keeps federation it had before: nothing to reverse then.
            let reversed = back
                .iter()
                .find(|b| b.step.changes.iter().any(|x| Change::same_target(x, c)));
            match reversed {
                None => out.push(Facts::breach(
                    p.step,
                    format!("the failback does not reverse: {}", c.describe()),
                )),
                Some(b) => {
                    let confirmed = matches!(
                        c,
                        Change::SiteRoute { .. }
                            | Change::DnsRecord { .. }
                            | Change::DnsTtl { .. }
                            | Change::Firewall { .. }
                    );
                    if confirmed
                        && !back
                            .iter()
                            .any(|v| v.at > b.at && v.step.is_check() && v.step.confirms.contains(&b.step.id))
                    {
                        out.push(Facts::breach(
                            b.step,
                            format!("the failback's verification does not check: {}", c.describe()),
                        ));
                    }
                }
            }
        }
    }
    out
}

/// The `-Name 'value'` pairs of a command, the values unquoted.
fn parameters(command: &str) -> Vec<(&str, String)> {
    let mut out = Vec::new();
    let bytes = command.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'-' && (i == 0 || bytes[i - 1] == b' ') {
            let start = i + 1;
            let mut j = start;
            while j < bytes.len() && bytes[j].is_ascii_alphanumeric() {
                j += 1;
            }
            let name = &command[start..j];
            if j + 1 < bytes.len() && bytes[j] == b' ' && bytes[j + 1] == b'\'' {
                let mut k = j + 2;
                let mut value = String::new();
                while k < bytes.len() {
                    if bytes[k] == b'\'' {
                        if k + 1 < bytes.len() && bytes[k + 1] == b'\'' {
                            value.push('\'');
                            k += 2;
                            continue;
                        }
                        break;
                    }
                    let ch = command[k..].chars().next().unwrap_or_default();
                    value.push(ch);
                    k += ch.len_utf8();
                }
                out.push((name, value));
                i = k + 1;
                continue;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

/// Rule 5.
fn nothing_lacking(f: &Facts) -> Vec<Breach> {
    let mut out = Vec::new();
    let t = &f.file.topology;
    let failed_sites = &f.plan.scope.failed_sites;
    let backup_up = |pool: &str| {
        t.pool_by_fqdn(pool)
            .and_then(|p| pairing::backup_pool(f.file, p))
            .is_some_and(|b| {
                f.plan.request.direction == crate::plan::Direction::Failback
                    || !t.pools[b].site.is_some_and(|s| failed_sites.contains(&s))
            })
    };
    let cms_paired = pairing::active_central_management(f.file).iter().any(|p| {
        pairing::central_management_target(f.file, *p, failed_sites)
            .backup_pool
            .is_some()
    });
    for p in &f.steps {
        let s = p.step;
        for c in s.commands.iter().chain(s.verify_commands.iter()) {
            if c.contains("Read-Host") && c.to_ascii_lowercase().contains("backup pool") {
                out.push(Facts::breach(s, format!("`{c}` asks for a backup pool")));
            }
            if c.contains("Invoke-CsManagementServerFailover") && !c.contains("-WhatIf") && !cms_paired {
                out.push(Facts::breach(s, "Invoke-CsManagementServerFailover, but the topology pairs the Central Management Server's pool with no backup pool".to_owned()));
            }
            let params = parameters(c);
            for (name, value) in &params {
                let unprefixed = value.split_once(':').map_or(value.as_str(), |(_, v)| v);
                let ok = match *name {
                    "PoolFqdn"
                    | "TargetFqdn"
                    | "ReplicaFqdn"
                    | "ComputerName"
                    | "Registrar"
                    | "EdgeServer"
                    | "SqlServerFqdn"
                    | "BackupSqlServerFqdn"
                    | "XmppFederationRoute"
                    | "FederationRoute" => f.known_host(unprefixed),
                    "Identity" if c.contains("-CsSite") => f.known_site(value),
                    "Identity" if value.contains(':') => f.known_host(unprefixed),
                    _ => true,
                };
                if !ok {
                    out.push(Facts::breach(
                        s,
                        format!("`-{name} '{value}'` names something the topology does not have"),
                    ));
                }
                if *name == "PoolFqdn"
                    && (c.contains("Invoke-CsPoolFailover") || c.contains("Invoke-CsPoolFailback"))
                    && !backup_up(value)
                {
                    out.push(Facts::breach(s, format!("a pool failover or failback of {value}, which the topology pairs with no backup pool that runs")));
                }
            }
        }
    }
    out
}

/// The folder a path lives in.
fn folder(path: &str) -> &str {
    path.rsplit_once('\\').map_or(path, |(d, _)| d)
}

/// Rule 6.
fn files(f: &Facts) -> Vec<Breach> {
    let mut out = Vec::new();
    let mut folders: Vec<(String, String)> = Vec::new();
    let mut written: Vec<(String, String)> = Vec::new();
    for p in &f.steps {
        let s = p.step;
        let text: String = s.commands.join("\n");
        for u in &s.files {
            let key = (u.host.to_ascii_lowercase(), u.path.to_ascii_lowercase());
            match u.access {
                Access::Folder => {
                    folders.push((key.0.clone(), u.path.to_ascii_lowercase()));
                    if !text.contains("New-Item -ItemType Directory") {
                        out.push(Facts::breach(
                            s,
                            format!("it says it makes {} but no command does", u.path),
                        ));
                    }
                }
                Access::Write => {
                    let dir = folder(&u.path).to_ascii_lowercase();
                    if !folders.iter().any(|(h, d)| *h == key.0 && *d == dir) {
                        out.push(Facts::breach(
                            s,
                            format!("it writes {} on {} before the folder is made there", u.path, u.host),
                        ));
                    }
                    let name = u.path.rsplit('\\').next().unwrap_or_default();
                    let command = s.commands.iter().find(|c| c.contains(&u.path));
                    if name.contains("-before") {
                        match command {
                            Some(c) if c.contains("-NoClobber") || c.contains("Test-Path") => {}
                            Some(_) => out.push(Facts::breach(
                                s,
                                format!("a rerun would overwrite the baseline {}", u.path),
                            )),
                            None => {}
                        }
                    }
                    written.push(key);
                }
                Access::Read => {
                    if !written.contains(&key) {
                        out.push(Facts::breach(
                            s,
                            format!("it reads {} on {}, where no earlier step wrote it", u.path, u.host),
                        ));
                    }
                }
            }
        }
        // Every incident file a command names is one the step says it uses.
        for c in &s.commands {
            let mut rest = c.as_str();
            while let Some(i) = rest.find("C:\\EdgeFailover\\") {
                let tail = &rest[i..];
                let end = tail.find(['\'', ' ', ';', ')']).unwrap_or(tail.len());
                let path = &tail[..end];
                if !s.files.iter().any(|u| u.path.eq_ignore_ascii_case(path)) {
                    out.push(Facts::breach(
                        s,
                        format!("a command uses {path}, which the step does not list among its files"),
                    ));
                }
                rest = &tail[end..];
            }
        }
    }
    out
}

/// Rule 7.
fn dns_only_failed(f: &Facts) -> Vec<Breach> {
    let mut out = Vec::new();
    let t = &f.file.topology;
    let plan = f.plan;
    if plan.request.direction == crate::plan::Direction::Failback {
        return out;
    }
    let kept_access: Vec<String> = plan
        .federation_kept
        .iter()
        .filter_map(|e| t.edge_pools[*e].access_fqdn.clone())
        .collect();
    let other_xmpp = t.edges().any(|e| {
        e != plan.xmpp_to
            && t.edge_pools[e].has_xmpp_federation()
            && !plan.xmpp_from.contains(&e)
            && !plan.scope.failed_edges.contains(&e)
    });
    for p in f.direction(Phase::Failover) {
        for c in &p.step.changes {
            let Change::DnsRecord { name, action, .. } = c else {
                continue;
            };
            let sip = !name.starts_with("_xmpp");
            if *action == DnsAction::Repoint && ((sip && !plan.federation_kept.is_empty()) || (!sip && other_xmpp)) {
                out.push(Facts::breach(
                    p.step,
                    format!("{name} is re-pointed while other pools keep federation through it"),
                ));
            }
            if kept_access.iter().any(|a| a.eq_ignore_ascii_case(name)) {
                out.push(Facts::breach(
                    p.step,
                    format!("{name} belongs to a pool that keeps federation"),
                ));
            }
        }
    }
    out
}

/// Rule 8.
fn roles(f: &Facts) -> Vec<Breach> {
    let mut out = Vec::new();
    for p in &f.steps {
        let s = p.step;
        if s.role != Role::Administrator {
            let hand_off = format!("Hand off to the {}", s.role.label());
            if !s.actions.iter().any(|a| a.plain().starts_with(&hand_off)) {
                out.push(Facts::breach(
                    s,
                    format!("a step for the {} that is not handed off", s.role.label()),
                ));
            }
        }
        if p.rollback {
            continue;
        }
        for c in &s.changes {
            let team = match c {
                Change::DnsRecord { .. } | Change::DnsTtl { .. } => Some(Role::DnsTeam),
                Change::Firewall { .. } => Some(Role::FirewallTeam),
                Change::CentralManagement
                    if !s
                        .commands
                        .iter()
                        .any(|c| c.contains("Invoke-CsManagementServerFailover")) =>
                {
                    Some(Role::Dba)
                }
                _ => None,
            };
            if let Some(team) = team {
                if s.role != team {
                    out.push(Facts::breach(
                        s,
                        format!(
                            "{} is the {}'s work, not the {}'s",
                            c.describe(),
                            team.label(),
                            s.role.label()
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// Rule 9.
fn stops(f: &Facts) -> Vec<Breach> {
    let mut out = Vec::new();
    for p in &f.steps {
        let s = p.step;
        if !s.is_check() {
            if s.stop.is_some() {
                out.push(Facts::breach(
                    s,
                    "a STOP condition on a step that is not a check".to_owned(),
                ));
            }
            continue;
        }
        match &s.stop {
            None => out.push(Facts::breach(s, "a check with no STOP condition".to_owned())),
            Some(stop) => {
                if stop.condition.plain().trim().is_empty() || stop.then.plain().trim().is_empty() {
                    out.push(Facts::breach(
                        s,
                        "a STOP condition that does not say what is wrong and what then".to_owned(),
                    ));
                }
                if matches!(s.subject, Some(Subject::Replication(_))) && stop.wait_minutes.is_none() {
                    out.push(Facts::breach(s, "a check that waits, with no time limit".to_owned()));
                }
            }
        }
        if s.subject.is_none() && s.kind == Kind::Check {
            out.push(Facts::breach(
                s,
                "a check that does not say what it looks at".to_owned(),
            ));
        }
    }
    let _ = Protocol::Sip;
    out
}

#[cfg(test)]
mod tests {
    use super::parameters;

    #[test]
    fn parameters_are_read_with_their_quoted_values() {
        assert_eq!(
            parameters("Set-CsSite -Identity 'Site ''A''' -FederationRoute 'EdgeServer:e.contoso.com'"),
            vec![
                ("Identity", "Site 'A'".to_owned()),
                ("FederationRoute", "EdgeServer:e.contoso.com".to_owned())
            ]
        );
        assert_eq!(parameters("Get-CsWindowsService | Select-Object Name"), vec![]);
    }
}
