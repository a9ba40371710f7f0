//! The runbook: the failover's steps, its rollback, and its failback (a plan of its own, made
//! in `plan`) with the failback's rollback, each a document with its own numbering and page
//! at a glance. This file puts the sections in order; the safety rules
//! ([`super::safety`]) check the order on every runbook built.

use serde::Serialize;

use crate::plan::{failback_of, CheckSeverity, Direction, Moves, Plan, Route};
use crate::topology::inference::Inference;
use crate::topology::TopologyFile;

use super::context::StepContext;
use super::glance::{self, Glance};
use super::safety::{self, RuleOutcome};
use super::sections::{
    before, central_management,
    deployment_wizard::deployment_wizard,
    dns, front_end, next_hop,
    partners::partners,
    preflight,
    reassociation::reassociation,
    rollback::{rollback, RollbackIds},
    topology_builder::{self, Session},
    verification, xmpp,
};
use super::step::{Change, Phase, Section, Step};
use super::text::{text, Text};

#[derive(Clone, Debug, Serialize)]
pub struct Checklist {
    /// The first document's title: the failover's, or a failback plan's.
    pub title: Text,
    /// The failed and surviving pools and what changes: the first document's summary.
    pub facts: Vec<Text>,
    /// The choices to make before the first step.
    pub decisions: Vec<Text>,
    /// The outages the steps cause, and how long they last.
    pub outages: Vec<Text>,
    /// What to do first: step 1, where.
    pub first_action: Text,
    pub checks: Vec<(CheckSeverity, String)>,
    pub sections: Vec<Section>,
    /// The inferences the steps rest on, for the closing "what is inferred" list.
    pub inferences: Vec<Inference>,
    /// Each document's page at a glance, in order: the failover's, then the failback's.
    pub glance: Vec<Glance>,
    /// The safety rules, each with whether it held on this runbook.
    pub safety: Vec<RuleOutcome>,
}

impl Checklist {
    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.sections.iter().flat_map(|s| s.steps.iter())
    }

    /// The steps a phase's walkthrough follows, in order: its rollback is not among them.
    pub fn phase_steps(&self, phase: Phase) -> impl Iterator<Item = &Step> {
        self.sections
            .iter()
            .filter(move |s| s.phase == phase && !s.rollback)
            .flat_map(|s| s.steps.iter())
    }

    /// The rollback of a phase, in order.
    pub fn rollback_steps(&self, phase: Phase) -> impl Iterator<Item = &Step> {
        self.sections
            .iter()
            .filter(move |s| s.phase == phase && s.rollback)
            .flat_map(|s| s.steps.iter())
    }

    /// The phases this runbook has, in order: one document each.
    pub fn phases(&self) -> Vec<Phase> {
        self.glance.iter().map(|g| g.phase).collect()
    }

    /// The page at a glance of a phase's document.
    pub fn glance_of(&self, phase: Phase) -> Option<&Glance> {
        self.glance.iter().find(|g| g.phase == phase)
    }

    /// Whether every safety rule held: only then is the runbook offered.
    pub fn is_safe(&self) -> bool {
        self.safety.iter().all(|r| r.held())
    }

    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps().find(|s| s.id == id)
    }
}

/// Builds the runbook for a plan made from the file `loaded_name` (the name it was loaded by,
/// which the steps compare the published topology with), whose modified topology is
/// downloaded as `file_name`.
pub fn build_for(file: &TopologyFile, plan: &Plan, loaded_name: &str, file_name: &str) -> Checklist {
    let ctx = StepContext::new(file, plan, loaded_name, file_name);
    if ctx.failback {
        let mut sections = failback_sections(&ctx, plan, None);
        number(&mut sections);
        let glances = vec![glance::glance(&ctx, plan, &sections, Phase::Failback)];
        return finish(file, &ctx, plan, sections, glances);
    }
    let mut sections = failover_sections(&ctx, plan);
    let back = failback_of(file, plan);
    let mut glances = Vec::new();
    match &back {
        Ok(back) => {
            // The failback starts from the failover's modified topology and, reversing it,
            // ends at the topology loaded before the failover.
            let mut bctx = StepContext::new(&back.file, &back.plan, file_name, file_name);
            bctx.embedded = true;
            bctx.target_name = loaded_name.to_owned();
            // Files stay where they were written: the failback works on the failover's
            // server, where its records are.
            bctx.admin_server = ctx.admin_server.clone();
            bctx.admin_pool = ctx.admin_pool.clone();
            bctx.restored_site_failed = !plan.scope.failed_sites.is_empty();
            // The Central Management Server, if it moved, stays where it is: the failback
            // procedure has no step for it.
            bctx.cms_down.clear();
            let failover = sections.clone();
            let mut back_sections = failback_sections(&bctx, &back.plan, Some((plan, &ctx, &failover)));
            for s in &mut back_sections {
                s.title = format!("Failback: {}", s.title);
                // The failover's published topology confirms the failover, not its failback.
                for st in &mut s.steps {
                    if st.from_published == super::step::FromPublished::Confirms {
                        st.from_published = super::step::FromPublished::Silent;
                    }
                }
            }
            sections.extend(back_sections);
            number(&mut sections);
            glances.push(glance::glance(&ctx, plan, &sections, Phase::Failover));
            glances.push(glance::glance(&bctx, &back.plan, &sections, Phase::Failback));
        }
        Err(e) => {
            number(&mut sections);
            let mut g = glance::glance(&ctx, plan, &sections, Phase::Failover);
            g.outages.push(text![
                "The failback could not be planned from the modified topology (",
                e.to_string(),
                "): when the pool is back, export the topology and plan the failback from it."
            ]);
            glances.push(g);
        }
    }
    finish(file, &ctx, plan, sections, glances)
}

fn finish(
    file: &TopologyFile,
    ctx: &StepContext,
    plan: &Plan,
    sections: Vec<Section>,
    glances: Vec<Glance>,
) -> Checklist {
    let first = glances[0].clone();
    let mut checklist = Checklist {
        title: first.title,
        facts: first.facts,
        decisions: first.decisions,
        outages: first.outages,
        first_action: first.first_action,
        checks: plan.checks.iter().map(|c| (c.severity, c.message.clone())).collect(),
        inferences: glance::inferences(ctx, plan, &sections),
        sections,
        glance: glances,
        safety: Vec::new(),
    };
    checklist.safety = safety::check(file, plan, &checklist.sections);
    checklist
}

/// Marks what no topology file can show done: DNS, certificates, firewalls, partners,
/// replication and the tests through the new pool; the published-topology check leaves them
/// open and says so.
fn mark_unconfirmable(sections: &mut [Section]) {
    use super::step::{FromPublished, Subject};
    for st in sections
        .iter_mut()
        .filter(|s| !s.rollback)
        .flat_map(|s| s.steps.iter_mut())
    {
        let outside = st.changes.iter().any(|c| {
            matches!(
                c,
                Change::DnsRecord { .. } | Change::DnsTtl { .. } | Change::Firewall { .. } | Change::Certificate { .. }
            )
        }) || matches!(
            st.subject,
            Some(
                Subject::Certificate(_)
                    | Subject::Firewall(_)
                    | Subject::FederationPort(_)
                    | Subject::Works(_)
                    | Subject::Settings
                    | Subject::Replication(_)
                    | Subject::Restored
            )
        ) || st.role == super::step::Role::PartnerLiaison;
        if outside && st.from_published == FromPublished::Silent {
            st.from_published = FromPublished::CannotConfirm;
        }
    }
}

/// Numbers the steps of each document from 1, and each rollback from 1 on its own.
fn number(sections: &mut [Section]) {
    mark_unconfirmable(sections);
    let mut counters: Vec<((Phase, bool), usize)> = Vec::new();
    for s in sections.iter_mut() {
        let key = (s.phase, s.rollback);
        let i = match counters.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                counters.push((key, 0));
                counters.len() - 1
            }
        };
        for st in &mut s.steps {
            counters[i].1 += 1;
            st.number = counters[i].1;
        }
    }
}

/// The ids of the check steps among `sections`, for a gate to gather.
fn checks_in(sections: &[Section]) -> Vec<String> {
    let refs: Vec<&Section> = sections.iter().collect();
    preflight::check_ids(&refs)
}

fn id_of(sections: &[Section], id: &str) -> Option<String> {
    sections
        .iter()
        .flat_map(|s| s.steps.iter())
        .find(|s| s.id == id)
        .map(|s| s.id.clone())
}

/// The failover: what is there recorded, everything it relies on checked, a gate, then the
/// changes in the procedure's order, the verification and the rollback.
fn failover_sections(ctx: &StepContext, plan: &Plan) -> Vec<Section> {
    let rb = RollbackIds::new(ctx);
    let cms_down = !ctx.cms_down.is_empty();
    let moves: &Moves = plan;
    let mut out = Vec::new();

    let mut start = ctx.section("Before you start");
    before::backup(ctx, &mut start);
    if !cms_down {
        before::current_state(ctx, &mut start);
        before::same_topology(ctx, &mut start);
    }
    before::dns_record(ctx, moves, &mut start);
    out.push(start);

    let mut checks = ctx.section("Checks before the change");
    preflight::permissions(ctx, &mut checks);
    if !cms_down {
        preflight::central_management_up(ctx, &mut checks);
        survivor_replication(ctx, moves, &mut checks);
    }
    if moves.federation_moves || moves.xmpp_moves {
        preflight::certificate(ctx, moves, &mut checks);
        preflight::firewall_open(ctx, moves, &mut checks, &rb.firewall);
        preflight::firewall_check(ctx, moves, &mut checks);
    }
    let mut running = None;
    if let Some(hop) = next_hop::hop_of(ctx, moves) {
        running = Some(next_hop::running(ctx, &mut checks, "check-next-hop-running", hop.to));
    }
    if cms_down {
        central_management::find(ctx, moves, &mut checks);
    }
    out.push(checks);
    let gathered = checks_in(&out);
    let first_change = if cms_down {
        text!["the Central Management Server"]
    } else if moves.changes_topology() {
        text!["the topology change"]
    } else {
        text!["the first change"]
    };
    let gate_section = out.last_mut().expect("the checks section");
    preflight::gate(ctx, gate_section, "gate", &gathered, first_change);
    let mut gate = vec![ctx.id("gate")];

    if cms_down {
        let mut cms = ctx.section("Central Management Server");
        cms.intro = Some(text!["Publishing and every Set- cmdlet write to the Central Management store, and reading the live deployment needs it too, so it comes back first, as the pool disaster-recovery procedure does."]);
        central_management::move_it(
            ctx,
            moves,
            &mut cms,
            &gate,
            text!["the failback procedure leaves the Central Management Server where it is; moving it back is a planned change of its own"],
        );
        before::current_state(ctx, &mut cms);
        central_management::fresh_export(ctx, moves, &mut cms);
        preflight::central_management_up(ctx, &mut cms);
        survivor_replication(ctx, moves, &mut cms);
        let after: Vec<String> = checks_in(std::slice::from_ref(&cms));
        let mut all = gate.clone();
        all.extend(after);
        preflight::gate(ctx, &mut cms, "gate-publish", &all, text!["the topology change"]);
        gate = vec![ctx.id("gate-publish")];
        out.push(cms);
    }

    if moves.federation_moves || moves.xmpp_moves {
        let mut ttl = ctx.section("DNS TTLs");
        // The TTLs are put back by the failback; the rollback puts the records back whole.
        dns::lower_ttl(ctx, moves, &mut ttl, &gate, "failback/dns-ttl-restore");
        out.push(ttl);
    }

    if let Some(hop) = next_hop::hop_of(ctx, moves).filter(|h| !h.same_site) {
        let mut section = ctx.section("Next hop");
        let why = next_hop::why(ctx, moves);
        let title = text!["Point the next hop of ", value(hop.edge), " at ", value(hop.to)];
        let mut needs: Vec<&str> = gate.iter().map(String::as_str).collect();
        needs.extend(running.as_deref());
        next_hop::point(ctx, &mut section, "next-hop", title, &hop, why)
            .after(&needs)
            .undone_by(&rb.next_hop);
        out.push(section);
    }

    if moves.changes_topology() {
        let mut needs = gate.clone();
        needs.extend(running.clone());
        out.push(topology_change(ctx, moves, &out, needs, &rb));
    }

    if let Some(section) = front_end::front_end_failover(ctx, moves, &gate) {
        out.push(section);
    }
    let cert_fw = after_publish(ctx, moves, &mut out, &gate, &rb);
    if moves.xmpp_moves {
        let mut section = ctx.section("XMPP federation");
        section.intro = Some(xmpp_intro(ctx, moves));
        xmpp::dns(ctx, &mut section, &cert_fw, &rb.dns);
        let undo = xmpp::Undo {
            route: rb.xmpp.clone(),
            start: rb.xmpp.clone(),
            stop: rb.xmpp.clone(),
        };
        xmpp::failover(ctx, moves, &mut section, &cert_fw, &undo);
        xmpp::front_end_wizard(ctx, moves, &mut section, &gate);
        out.push(section);
    }
    if moves.federation_moves {
        let mut section = ctx.section("Federation DNS");
        let mut port_needs: Vec<String> = Vec::new();
        port_needs.extend(id_of(&out, &ctx.id("replication-ready")));
        dns::answers(ctx, &mut section, &port_needs);
        let mut needs = cert_fw.clone();
        needs.push(ctx.id("check-federation-port"));
        dns::federation(ctx, moves, &mut section, &needs, &rb.dns);
        out.push(section);
    }
    if moves.federation_moves {
        let mut section = ctx.section("Partners");
        partners(ctx, &mut section);
        out.push(section);
    }
    let mut verify = ctx.section("Verify");
    verification::verification(ctx, moves, &mut verify, moves.changes_topology());
    if !verify.steps.is_empty() {
        out.push(verify);
    }
    out.push(rollback(ctx, moves, cms_down));
    out
}

/// The topology change: route A's Topology Builder session, or route B's published file (a
/// failback inside a failover's runbook follows Topology Builder: it has no file of its own
/// yet). Every change waits for `needs`.
fn topology_change(
    ctx: &StepContext,
    plan: &Moves,
    out: &[Section],
    mut needs: Vec<String>,
    rb: &RollbackIds,
) -> Section {
    if ctx.route == Route::PublishFile && !ctx.embedded {
        needs.extend(id_of(out, &ctx.id("before-same-topology")));
        let mut section = ctx.section("Publish the modified file");
        section.intro = Some(topology_builder::route_b_intro(ctx));
        let session = Session {
            needs: &needs,
            undo: &rb.republish,
        };
        topology_builder::publish_file(ctx, plan, &mut section, &session);
        return section;
    }
    let mut section = ctx.section("Topology Builder: one session, one publish");
    let session = Session {
        needs: &needs,
        undo: &rb.republish,
    };
    topology_builder::changes(ctx, plan, &mut section, &session);
    if ctx.embedded && ctx.route == Route::PublishFile {
        section.intro = Some(text![
            "The failover published a modified file; the failback has none yet. Follow these Topology Builder steps, or when the pool is back export the topology, load it into the planner and choose ",
            label("Plan failback"),
            " for a modified file and a runbook of its own."
        ]);
    }
    topology_builder::publish(ctx, &mut section, &session);
    section
}

/// What follows the publish in either direction: the replication wait and the Deployment
/// Wizard, and the re-associated pools confirmed. Returns the checks DNS changes wait for:
/// the certificate's and the firewall's, and the gate.
fn after_publish(
    ctx: &StepContext,
    plan: &Moves,
    out: &mut Vec<Section>,
    gate: &[String],
    rb: &RollbackIds,
) -> Vec<String> {
    if let Some(section) = deployment_wizard(ctx, plan, &rb.wizard) {
        out.push(section);
    }
    if let Some(section) = reassociation(ctx, plan, gate, &rb.republish) {
        out.push(section);
    }
    [ctx.id("check-certificate"), ctx.id("check-firewall")]
        .into_iter()
        .filter(|id| id_of(out, id).is_some())
        .chain(gate.iter().cloned())
        .collect()
}

/// Replication to the survivor's servers works before anything is published to them.
fn survivor_replication(ctx: &StepContext, plan: &Moves, section: &mut Section) {
    if plan.federation_moves || plan.xmpp_moves {
        replicates(ctx, section);
    }
}

/// The survivor's servers (on a failback, the restored pool's) replicate from the Central
/// Management store, waited for at most 15 minutes.
fn replicates(ctx: &StepContext, section: &mut Section) {
    let servers = preflight::replicas(&ctx.survivor_servers, &ctx.survivor);
    preflight::replication(
        ctx,
        section,
        "check-replication",
        text![
            "Check that ",
            value(&ctx.survivor),
            " replicates from the Central Management store"
        ],
        &ctx.survivor.clone(),
        &servers,
        15,
    );
}

fn xmpp_intro(ctx: &StepContext, plan: &Moves) -> Text {
    if plan.survivor_already_xmpp {
        text![
            value(&ctx.survivor),
            " already carries the XMPP ports, so its topology does not change for XMPP: the route and the DNS move, and its services restart only if it does not listen after the route change."
        ]
    } else {
        text![
            "Stopping the services on every server of ",
            value(&ctx.survivor),
            " stops everything through that pool, not only XMPP: SIP federation, remote access and A/V conferencing too, until they start again. So the DNS change comes first, and the window from the stop to the start holds only the route change."
        ]
    }
}

/// The failback: its own records, the restored pool checked (certificate, firewall,
/// replication) before its first Topology Builder change, the XMPP route set before its
/// services start, then the changes back, the things the failover changed put back as
/// recorded, the Front End pools failed back last, the verification and its rollback.
/// `failover` is the failover this failback reverses, when it is in the same runbook.
fn failback_sections(
    ctx: &StepContext,
    plan: &Plan,
    failover: Option<(&Plan, &StepContext, &[Section])>,
) -> Vec<Section> {
    let rb = RollbackIds::new(ctx);
    let moves: &Moves = plan;
    let title = |t: &str| t.to_owned();
    let mut out = Vec::new();
    let mut start = ctx.section(&title("Before you start"));
    if ctx.embedded {
        start.intro = Some(text![
            "When ",
            value(&ctx.survivor),
            " is repaired. These steps reverse the failover on the topology as it leaves it; if anything else is published in between, export the topology, load it into the planner and choose ",
            label("Plan failback"),
            " for a plan checked against it. ",
        ]);
        if let Some(intro) = &mut start.intro {
            intro.0.extend(xmpp::records_note(ctx).0);
        }
    }
    before::backup(ctx, &mut start);
    before::current_state(ctx, &mut start);
    before::same_topology(ctx, &mut start);
    before::dns_record(ctx, moves, &mut start);
    out.push(start);

    let mut checks = ctx.section(&title(&format!("Checks on {}", ctx.survivor)));
    preflight::permissions(ctx, &mut checks);
    preflight::central_management_up(ctx, &mut checks);
    // The restored pool takes federation or media back: its certificate and firewall are
    // checked whatever moves (it may have lapsed while the pool was down).
    preflight::certificate(ctx, moves, &mut checks);
    preflight::firewall_check(ctx, moves, &mut checks);
    out.push(checks);
    let cert: Vec<String> = id_of(&out, &ctx.id("check-certificate")).into_iter().collect();

    // The XMPP route first, then the services: they start once, with the route naming them.
    let mut restored = ctx.section(&title(&format!("Start {}", ctx.survivor)));
    if moves.xmpp_moves {
        xmpp::failback_route(ctx, &mut restored, &cert, &rb.xmpp);
    }
    xmpp::services(ctx, &mut restored, "failback-start", &ctx.survivor.clone(), true)
        .check(text!["Every Lync or Skype for Business service on the server runs."])
        .cannot_undo(text!["nothing is undone by stopping a repaired pool that carries nothing yet; stop it with Stop-CsWindowsService if it must go down again"])
        .procedure(super::text::Document::Failback.at(", step 1"));
    replicates(ctx, &mut restored);
    out.push(restored);
    let gathered = checks_in(&out);
    let gate_section = out.last_mut().expect("the restored pool's section");
    preflight::gate(
        ctx,
        gate_section,
        "gate",
        &gathered,
        text!["the failback's Topology Builder session"],
    );
    let gate = vec![ctx.id("gate")];

    if let Some((fo, _, _)) = failover {
        if let Some(r) = next_hop::restore_of(ctx, fo) {
            let mut section = ctx.section(&title("Next hop"));
            let running = next_hop::running(ctx, &mut section, "check-next-hop-running", &r.from);
            let mut needs: Vec<&str> = gate.iter().map(String::as_str).collect();
            needs.push(&running);
            let hop = next_hop::Hop {
                edge: &r.edge,
                to: &r.from,
                same_site: r.same_site,
            };
            let why = text![
                "The failover pointed it at ",
                value(&r.to),
                " while ",
                value(&r.from),
                " was down; it runs again (the check above), so point it back."
            ];
            let title = text!["Point the next hop of ", value(&r.edge), " back at ", value(&r.from)];
            next_hop::point(ctx, &mut section, "restore-next-hop", title, &hop, why)
                .after(&needs)
                .undone_by(&rb.next_hop);
            out.push(section);
        }
    }

    if moves.changes_topology() {
        out.push(topology_change(ctx, moves, &out, gate.clone(), &rb));
    }
    let cert_fw = after_publish(ctx, moves, &mut out, &gate, &rb);
    let mut put_back = ctx.section(&title("Put back what the failover changed"));
    if moves.xmpp_moves {
        xmpp::dns(ctx, &mut put_back, &cert_fw, &rb.dns);
    }
    if moves.federation_moves {
        let port_needs: Vec<String> = id_of(&out, &ctx.id("replication-ready")).into_iter().collect();
        dns::answers(ctx, &mut put_back, &port_needs);
        let mut needs = cert_fw.clone();
        needs.push(ctx.id("check-federation-port"));
        dns::federation(ctx, moves, &mut put_back, &needs, &rb.dns);
        if let Some((_, _, fo_sections)) = failover {
            // Every record the failover changed is put back, by name.
            let records = changes_of(fo_sections, |c| matches!(c, Change::DnsRecord { .. }));
            if let Some(step) = put_back.steps.iter_mut().find(|s| s.id == ctx.id("dns-federation")) {
                for c in records {
                    if let Change::DnsRecord { name, .. } = c {
                        let restore = Change::DnsRecord {
                            name,
                            action: super::step::DnsAction::Restore,
                            pool: ctx.survivor.clone(),
                        };
                        if !step.changes.iter().any(|x| Change::same_target(x, &restore)) {
                            step.changes.push(restore);
                        }
                    }
                }
            }
        }
    }
    let mut reversing_ids = Vec::new();
    if let Some((fo, fctx, fo_sections)) = failover {
        let ttl = changes_of(fo_sections, |c| matches!(c, Change::DnsTtl { .. }));
        if !ttl.is_empty() {
            let names: Vec<String> = ttl
                .iter()
                .filter_map(|c| match c {
                    Change::DnsTtl { name } => Some(name.clone()),
                    _ => None,
                })
                .collect();
            dns::restore_ttl(ctx, &names, &mut put_back, &gate);
        }
        let firewall = changes_of(fo_sections, |c| matches!(c, Change::Firewall { .. }));
        preflight::firewall_close(ctx, &mut put_back, firewall, &gate);
        let _ = (fo, fctx);
    }
    if moves.federation_moves {
        partners(ctx, &mut put_back);
    }
    for s in &put_back.steps {
        if s.changes.iter().any(|c| {
            matches!(
                c,
                Change::DnsRecord { .. } | Change::DnsTtl { .. } | Change::Firewall { .. } | Change::SiteRoute { .. }
            )
        }) {
            reversing_ids.push(s.id.clone());
        }
    }
    for s in out.iter().flat_map(|s| s.steps.iter()) {
        if s.changes.iter().any(|c| matches!(c, Change::SiteRoute { .. })) {
            reversing_ids.push(s.id.clone());
        }
    }
    if !put_back.steps.is_empty() {
        out.push(put_back);
    }
    let mut needs_fe = gate.clone();
    needs_fe.extend(id_of(&out, &ctx.id("verify-topology")));
    if let Some(section) = front_end::front_end_failback(ctx, moves, &needs_fe) {
        out.push(section);
    }
    let mut verify = ctx.section(&title("Verify"));
    verification::verification(ctx, moves, &mut verify, moves.changes_topology());
    verification::restored(ctx, &mut verify, &reversing_ids);
    if !verify.steps.is_empty() {
        out.push(verify);
    }
    let mut back = rollback(ctx, moves, false);
    if let Some(r) = failover.and_then(|(fo, _, _)| next_hop::restore_of(ctx, fo)) {
        // The failback's own next-hop change, undone by pointing it where the failover had it.
        let at = back.steps.len() - 1;
        back.steps.insert(
            at,
            Step {
                id: ctx.id("rollback-next-hop"),
                title: text!["Point the next hop of ", value(&r.edge), " back at ", value(&r.to)],
                place: ctx.shell(),
                kind: super::step::Kind::Change,
                changes: vec![Change::NextHop { edge: r.edge.clone() }],
                commands: vec![super::powershell::command(
                    "Set-CsEdgeServer -Identity {} -Registrar {}",
                    &[&format!("EdgeServer:{}", r.edge), &format!("Registrar:{}", r.to)],
                )],
                verify: vec![text!["Registrar shows ", value(format!("Registrar:{}", r.to)), "."]],
                ..Step::default()
            },
        );
    }

    out.push(back);
    let _ = Direction::Failback;
    out
}

/// The changes of the given kind that a direction's sections make (not its rollback's).
fn changes_of(sections: &[Section], pick: impl Fn(&Change) -> bool) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    for c in sections
        .iter()
        .filter(|s| !s.rollback)
        .flat_map(|s| s.steps.iter())
        .flat_map(|s| s.changes.iter())
    {
        if pick(c) && !out.iter().any(|o| Change::same_target(o, c)) {
            out.push(c.clone());
        }
    }
    out
}
