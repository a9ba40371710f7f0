//! What a plan's checklist asks of certificates, DNS and firewalls, as data rather than steps,
//! and the outages it states: the readiness report asks the same facts before anything fails,
//! without writing the whole checklist for every failure. The certificate and firewall steps
//! take their names from here, and the outages are the summary's own, so the two never
//! disagree.

use serde::Serialize;

use crate::plan::Plan;
use crate::topology::{pairing, PoolKind, TopologyFile};

use super::context::StepContext;
use super::glance;
use super::sections::preflight;
use super::text::Text;

/// The facts a plan's certificate, DNS and firewall steps check, for its surviving pool. The
/// parts are empty where the checklist has no such step (federation or XMPP does not move).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Preparation {
    pub survivor: String,
    pub survivor_site: String,
    /// The survivor's external Access Edge FQDN: the certificate's subject.
    pub access_fqdn: String,
    /// Its public addresses, as the topology gives them (may be empty).
    pub access_addresses: Vec<String>,
    /// The names its external certificate must carry (none when neither SIP nor XMPP
    /// federation moves to it).
    pub certificate_names: Vec<String>,
    /// The SIP domains whose federation SRV record's target is re-pointed at it (empty when
    /// SIP federation does not move).
    pub federation_domains: Vec<String>,
    /// The Access Edge FQDNs of the failed pools that carry SIP federation: SRV targets whose A
    /// records then point at the survivor.
    pub old_access: Vec<String>,
    /// The domains whose XMPP SRV record is used, when XMPP federation moves to it.
    pub xmpp_domains: Vec<String>,
    /// The host name of the documentation's example XMPP A record, when XMPP moves.
    pub xmpp_host: Option<String>,
    /// Whether TCP 5061 must be open on its Access Edge (SIP federation moves to it).
    pub sip_firewall: bool,
    /// Whether TCP 5269 (and 23456 inside) must be open (XMPP federation moves to it).
    pub xmpp_firewall: bool,
    /// The Front End pools and Directors outside the failed sites that must reach its servers.
    pub internal_pools: Vec<String>,
    /// The pools that replicate the Central Management store to it over HTTPS 4443: the pool
    /// of the active Central Management Server, or the backup pool that takes it over when
    /// its site failed (empty when the file names none).
    pub replication_from: Vec<String>,
    /// The expected outages, as the checklist's summary states them.
    pub outages: Vec<Text>,
}

/// The preparation a plan's checklist implies: the same names its steps use.
pub fn of(file: &TopologyFile, plan: &Plan) -> Preparation {
    let ctx = StepContext::new(file, plan, "", "");
    let t = ctx.t;
    let moves = plan.federation_moves || plan.xmpp_moves;
    let (certificate_names, srv_targets) = if moves {
        certificate_names(&ctx, plan)
    } else {
        (Vec::new(), Vec::new())
    };
    let mut names = certificate_names;
    names.extend(srv_targets);
    let replication_from = pairing::active_central_management(file)
        .into_iter()
        .filter_map(|cms| {
            let down = t.pools[cms].site.is_some_and(|s| plan.scope.failed_sites.contains(&s));
            if down {
                pairing::central_management_target(file, cms, &plan.scope.failed_sites).backup_pool
            } else {
                Some(cms)
            }
        })
        .map(|p| t.pools[p].fqdn.clone())
        .collect();
    Preparation {
        survivor: ctx.survivor.clone(),
        survivor_site: ctx.survivor_site.clone(),
        access_fqdn: ctx.survivor_access.clone(),
        access_addresses: ctx.survivor_ips.clone(),
        certificate_names: names,
        federation_domains: if plan.federation_moves {
            ctx.domains.clone()
        } else {
            Vec::new()
        },
        old_access: if plan.federation_moves {
            ctx.old_access.clone()
        } else {
            Vec::new()
        },
        xmpp_domains: if plan.xmpp_moves {
            ctx.domains.clone()
        } else {
            Vec::new()
        },
        xmpp_host: plan
            .xmpp_moves
            .then(|| format!("xmpp.{}", ctx.domains.first().map_or("", String::as_str))),
        sip_firewall: plan.federation_moves,
        xmpp_firewall: plan.xmpp_moves,
        internal_pools: if plan.federation_moves {
            internal_pools(&ctx, plan)
        } else {
            Vec::new()
        },
        replication_from: if moves { replication_from } else { Vec::new() },
        outages: glance::outages(&ctx, plan),
    }
}

/// The names the survivor's external certificate carries (its Access Edge FQDN first, the
/// XMPP names where XMPP moves), as the certificate check asks for them, and apart from them
/// the failed pools' Access Edge FQDNs that federation SRV records name: where their A records
/// are pointed at the survivor, they must be on its certificate too.
pub(crate) fn certificate_names(ctx: &StepContext, plan: &Plan) -> (Vec<String>, Vec<String>) {
    let (mut names, xmpp) = preflight::certificate_names(ctx, plan);
    for x in xmpp {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(&x)) {
            names.push(x);
        }
    }
    let mut old_names = if plan.federation_moves && !ctx.failback {
        ctx.old_access.clone()
    } else {
        Vec::new()
    };
    old_names.retain(|o| !names.iter().any(|x| x.eq_ignore_ascii_case(o)));
    (names, old_names)
}

/// The Front End pools and Directors outside the failed sites: they must reach every server of
/// the survivor.
pub(crate) fn internal_pools(ctx: &StepContext, plan: &Plan) -> Vec<String> {
    let t = ctx.t;
    (0..t.pools.len())
        .filter(|p| matches!(t.pool_kind(*p), PoolKind::FrontEnd | PoolKind::Director))
        .filter(|p| !t.pools[*p].site.is_some_and(|x| plan.scope.failed_sites.contains(&x)))
        .map(|p| t.pools[p].fqdn.clone())
        .collect()
}
