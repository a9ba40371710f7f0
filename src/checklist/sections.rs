//! The sections of the checklist, one file each, and the order of those that make the change.

pub mod before;
pub mod central_management;
pub mod certificate;
pub mod deployment_wizard;
pub mod dns;
pub mod firewall;
pub mod front_end;
pub mod next_hop;
pub mod partners;
pub mod reassociation;
pub mod start;
pub mod topology;
pub mod verify;
pub mod xmpp;

use crate::plan::Plan;

use self::{
    certificate::certificate,
    deployment_wizard::deployment_wizard,
    dns::dns,
    firewall::firewall,
    front_end::{front_end_failback, front_end_failover},
    next_hop::next_hop,
    partners::partners,
    reassociation::reassociation,
    topology::topology_change,
    verify::verification,
    xmpp::xmpp,
};
use super::context::StepContext;
use super::text::{FromPublished, Section};

/// The changes themselves, from the next hop to the verification: the same for a failover, a
/// failback plan, and the failback inside a failover checklist.
pub(crate) fn procedure(ctx: &StepContext, plan: &Plan) -> Vec<Section> {
    let mut sections = Vec::new();
    sections.extend(next_hop(ctx, plan));
    if plan.federation_moves || plan.xmpp_moves || !plan.reassociated.is_empty() || plan.next_hop.is_some() {
        sections.push(topology_change(ctx, plan));
    }
    // After the publish: Invoke-CsPoolFailover refuses a pool that is still the next hop of a
    // running Edge pool, and a next hop changed in Topology Builder only takes effect then.
    if !ctx.failback && !plan.scope.failed_sites.is_empty() {
        sections.extend(front_end_failover(ctx, plan));
    }
    sections.extend(deployment_wizard(ctx, plan));
    if !plan.reassociated.is_empty() {
        sections.push(reassociation(ctx, plan));
    }
    if plan.xmpp_moves {
        sections.push(xmpp(ctx, plan));
    }
    if plan.federation_moves {
        sections.push(unconfirmable(dns(ctx)));
    }
    if plan.federation_moves || plan.xmpp_moves {
        sections.push(unconfirmable(certificate(ctx, plan)));
    }
    if plan.federation_moves {
        sections.push(unconfirmable(firewall(ctx, plan)));
        sections.push(unconfirmable(partners(ctx)));
    }
    if ctx.failback {
        sections.extend(front_end_failback(ctx, plan));
    }
    sections.push(verification(ctx, plan));
    sections
}

/// A section none of whose steps a topology file can show done.
pub(crate) fn unconfirmable(mut s: Section) -> Section {
    for st in &mut s.steps {
        st.from_published = FromPublished::CannotConfirm;
    }
    s
}
