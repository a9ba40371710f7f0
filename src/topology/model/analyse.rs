//! Derived facts and load findings: which pools are Edge pools, which carries federation, and
//! what looks wrong.

use std::collections::HashMap;

use super::findings::{Finding, FindingKind, Severity};
use super::keys::NoCase;
use super::{Association, EdgePool, FederationRoute, PoolIdx, PoolKind, ServiceIdx, Topology};
use crate::topology::document::position::Position;
use crate::topology::document::xml::{ElementId, XmlDocument};
use crate::topology::inference::{self, ports, Product};

pub fn analyse(doc: &XmlDocument, t: &mut Topology) {
    product(t);
    t.edge_pools = edge_pools(t);
    let mut findings = Vec::new();

    if t.edge_pools.is_empty() {
        findings.push(Finding::new(
            Severity::Warning,
            FindingKind::NoEdgePool,
            "The topology has no Edge pool, so there is no federation to fail over.",
            Some(doc.element_position(doc.root())),
        ));
    } else {
        let federation: Vec<_> = t.federation_pools().collect();
        match federation.len() {
            0 => findings.push(
                Finding::new(
                    Severity::Warning,
                    FindingKind::NoFederationPool,
                    "No Edge pool has \"Enable federation for this Edge pool (Port 5061)\" set, so SIP federation is off.",
                    Some(doc.element_position(t.services[t.edge_pools[0].service].element)),
                )
                .with_pools(t.edge_pools.iter().map(|e| t.pools[e.pool].fqdn.clone())),
            ),
            1 => {}
            n => {
                let names: Vec<String> = federation.iter().map(|e| t.pools[e.pool].fqdn.clone()).collect();
                let first = federation[0];
                let port = doc.element_position(t.services[first.service].ports[first.sip_federation.unwrap_or_default()].element);
                findings.push(
                    Finding::new(
                        Severity::Note,
                        FindingKind::MultipleFederationPools,
                        format!(
                            "{n} Edge pools carry SIP federation ({}). The product allows this: Topology Builder warns when publishing, and its warning says \"{}\" Outbound federation leaves through the pool each site's federation route names; inbound federation arrives wherever DNS sends it, which the file cannot show: check that the _sipfederationtls._tcp SRV record of every SIP domain names the pools you expect. A failover changes only the failed pool and the one you choose.",
                            names.join(", "),
                            inference::CONCURRENT_FEDERATION_WORDS
                        ),
                        Some(port),
                    )
                    .with_pools(names),
                );
            }
        }
        let xmpp: Vec<String> = t.xmpp_pools().map(|e| t.pools[e.pool].fqdn.clone()).collect();
        if xmpp.len() > 1 {
            let first = t
                .xmpp_pools()
                .next()
                .map(|e| doc.element_position(t.services[e.service].element));
            findings.push(
                Finding::new(
                    Severity::Note,
                    FindingKind::MultipleXmppPools,
                    format!(
                        "{} Edge pools carry XMPP federation ({}). Inbound XMPP federation arrives wherever the _xmpp-server._tcp SRV records send it, which the file cannot show: check them. A failover changes only the failed pool and the one you choose.",
                        xmpp.len(),
                        xmpp.join(", ")
                    ),
                    first,
                )
                .with_pools(xmpp.clone()),
            );
        }
        for e in t.xmpp_pools().filter(|e| !t.edge_product(e).has_xmpp()) {
            findings.push(
                Finding::new(
                    Severity::Warning,
                    FindingKind::XmppOnUnsupportedVersion,
                    format!(
                        "{} has XMPP federation ports, but it is a {} Edge pool, which has no XMPP federation.",
                        t.pools[e.pool].fqdn,
                        t.edge_product(e).name()
                    ),
                    Some(doc.element_position(t.services[e.service].element)),
                )
                .with_pools([t.pools[e.pool].fqdn.clone()]),
            );
        }
        for e in &t.edge_pools {
            let pool = &t.pools[e.pool];
            // Only when there is a finding: working out a line and column indexes every line.
            let at = || Some(doc.element_position(t.services[e.service].element));
            if e.access_fqdn.is_none() {
                findings.push(
                    Finding::new(
                        Severity::Warning,
                        FindingKind::MissingAccessEdgeFqdn,
                        format!(
                            "Edge pool {} has no external Access Edge FQDN, so it cannot take over federation.",
                            pool.fqdn
                        ),
                        at(),
                    )
                    .with_pools([pool.fqdn.clone()]),
                );
            }
            if e.next_hop.is_none() {
                findings.push(
                    Finding::new(
                        Severity::Warning,
                        FindingKind::MissingNextHop,
                        format!(
                            "Edge pool {} has no next hop (no dependency on a Front End pool or Director).",
                            pool.fqdn
                        ),
                        at(),
                    )
                    .with_pools([pool.fqdn.clone()]),
                );
            }
        }
        shared_edge_fqdns(doc, t, &mut findings);
        routes_to_unfederated_pools(doc, t, &mut findings);
    }
    duplicate_fqdns(doc, t, &mut findings);
    template_variables(doc, t, &mut findings);
    t.findings.extend(findings);
    crate::order::sort_by_key(&mut t.findings, |f| (f.severity, f.position.map(|p| p.offset)));
}

fn product(t: &mut Topology) {
    let mut versions: Vec<u32> = t.services.iter().filter_map(|s| s.version).collect();
    crate::order::sort(&mut versions);
    versions.dedup();
    t.service_versions = versions.clone();
    // The highest version is the deployment's product; older ones are pools in coexistence.
    t.product = versions
        .last()
        .map_or(Product::Unknown(0), |v| Product::from_service_version(*v));
    if let Product::Later(v) = t.product {
        t.findings.push(Finding::new(
            Severity::Note,
            FindingKind::UnknownProductVersion,
            format!("ServiceVersion {v} is later than Skype for Business Server 2019 (8): the planner reads it with 2019's rules (no XMPP federation, the same procedure). This is inferred."),
            None,
        ));
    } else if let Product::Unknown(v) = t.product {
        let message = if versions.is_empty() {
            "No service has a ServiceVersion, so the product version is unknown.".to_owned()
        } else {
            format!("ServiceVersion {v} is not Lync Server 2013 (6), Skype for Business Server 2015 (7) or 2019 (8); the planner's steps may not apply.")
        };
        t.findings.push(Finding::new(
            Severity::Note,
            FindingKind::UnknownProductVersion,
            message,
            None,
        ));
    } else if versions.len() > 1 {
        let names: Vec<String> = versions
            .iter()
            .map(|v| Product::from_service_version(*v).name())
            .collect();
        t.findings.push(Finding::new(
            Severity::Note,
            FindingKind::MixedProductVersions,
            format!(
                "The topology mixes service versions ({}): a coexistence deployment.",
                names.join(", ")
            ),
            None,
        ));
    }
}

/// The Edge pools of a topology, with the ports and dependencies that matter.
fn edge_pools(t: &Topology) -> Vec<EdgePool> {
    // For each service, the (service, dependency) links of the media-association roles that
    // point at it, in file order: one pass, so a topology with hundreds of Edge pools stays
    // linear.
    let mut media_users: Vec<Vec<(ServiceIdx, usize)>> = vec![Vec::new(); t.services.len()];
    for (oi, other) in t.services.iter().enumerate() {
        if other.pool.is_none() || !inference::MEDIA_ASSOCIATION_ROLES.contains(&other.role.as_str()) {
            continue;
        }
        for (di, d) in other.dependencies.iter().enumerate() {
            if let Some(target) = d.target.filter(|&target| t.services[target].role == "EdgeServer") {
                media_users[target].push((oi, di));
            }
        }
    }
    let mut edges = Vec::new();
    for (si, s) in t.services.iter().enumerate() {
        if s.role != "EdgeServer" {
            continue;
        }
        let Some(pool) = s.pool else { continue };
        let fqdn_of = |pred: fn(&str, &str, &str) -> bool| {
            s.ports
                .iter()
                .filter(|p| pred(p.owner(), p.usage(), p.side()))
                .find_map(|p| p.configured_fqdn.clone())
        };
        let next_hop = s
            .dependencies
            .iter()
            .filter_map(|d| d.target)
            .find(|&t_idx| t.services[t_idx].role == "Registrar");
        let mut associations: Vec<Association> = Vec::new();
        for &(oi, di) in &media_users[si] {
            let Some(other_pool) = t.services[oi].pool else {
                continue;
            };
            match associations.iter_mut().find(|a| a.pool == other_pool) {
                Some(a) => a.links.push((oi, di)),
                None => associations.push(Association {
                    pool: other_pool,
                    links: vec![(oi, di)],
                }),
            }
        }
        edges.push(EdgePool {
            pool,
            service: si,
            access_fqdn: fqdn_of(ports::is_access_edge_client),
            web_conferencing_fqdn: fqdn_of(ports::is_web_conferencing_external),
            av_fqdn: fqdn_of(ports::is_av_external),
            sip_federation: s
                .ports
                .iter()
                .position(|p| ports::is_sip_federation(p.owner(), p.usage(), p.side())),
            xmpp_ports: s
                .ports
                .iter()
                .enumerate()
                .filter(|(_, p)| ports::is_xmpp_federation(p.owner()))
                .map(|(i, _)| i)
                .collect(),
            next_hop,
            associations,
        });
    }
    edges
}

fn duplicate_fqdns(doc: &XmlDocument, t: &Topology, findings: &mut Vec<Finding>) {
    let mut seen: HashMap<NoCase<'_>, usize> = HashMap::with_capacity(t.pools.len());
    for (i, pool) in t.pools.iter().enumerate() {
        let key = NoCase(&pool.fqdn);
        if let Some(&first) = seen.get(&key) {
            findings.push(
                duplicate_fqdn(
                    t,
                    [first, i],
                    format!(
                        "Two pools have the FQDN {} (the first at {}).",
                        pool.fqdn,
                        doc.element_position(t.pools[first].element)
                    ),
                    doc.element_position(pool.element),
                )
                .with_pools([pool.fqdn.clone()]),
            );
        } else {
            seen.insert(key, i);
        }
    }
    let mut machines: HashMap<NoCase<'_>, usize> = HashMap::with_capacity(t.pools.len() * 2);
    for (i, pool) in t.pools.iter().enumerate() {
        for m in &pool.machines {
            let key = NoCase(&m.fqdn);
            match machines.get(&key) {
                Some(&other) if other != i => {
                    findings.push(
                        duplicate_fqdn(
                            t,
                            [other, i],
                            format!(
                                "The server {} is in two pools, {} and {}.",
                                m.fqdn, t.pools[other].fqdn, pool.fqdn
                            ),
                            doc.element_position(m.element),
                        )
                        .with_pools([t.pools[other].fqdn.clone(), pool.fqdn.clone()]),
                    );
                }
                Some(_) => {}
                None => {
                    machines.insert(key, i);
                }
            }
        }
    }
}

/// A name two pools share: an error when one of them is an Edge pool, a warning otherwise.
fn duplicate_fqdn(t: &Topology, pools: [PoolIdx; 2], message: String, at: Position) -> Finding {
    let involves_edge = pools.iter().any(|p| t.pool_kind(*p) == PoolKind::Edge);
    Finding::new(
        if involves_edge {
            Severity::Error
        } else {
            Severity::Warning
        },
        FindingKind::DuplicateFqdn,
        message,
        Some(at),
    )
}

/// Edge DR needs every Edge pool to have its own internal and external FQDNs.
fn shared_edge_fqdns(doc: &XmlDocument, t: &Topology, findings: &mut Vec<Finding>) {
    let mut owner: HashMap<String, usize> = HashMap::new();
    for (i, e) in t.edge_pools.iter().enumerate() {
        let mut names: Vec<String> = [&e.access_fqdn, &e.web_conferencing_fqdn, &e.av_fqdn]
            .into_iter()
            .flatten()
            .map(|s| s.to_ascii_lowercase())
            .collect();
        crate::order::sort(&mut names);
        names.dedup();
        for name in names {
            match owner.get(&name) {
                Some(&j) if j != i => {
                    let (a, b) = (&t.pools[t.edge_pools[j].pool].fqdn, &t.pools[e.pool].fqdn);
                    findings.push(
                        Finding::new(
                            Severity::Warning,
                            FindingKind::SharedEdgeFqdn,
                            format!("Edge pools {a} and {b} share the external FQDN {name}; each Edge pool needs its own FQDNs for disaster recovery."),
                            Some(doc.element_position(t.services[e.service].element)),
                        )
                        .with_pools([a.clone(), b.clone()]),
                    );
                }
                _ => {
                    owner.insert(name, i);
                }
            }
        }
    }
}

/// A route can only name a pool that carries federation (Topology Builder offers no other):
/// one that does not is left over from an earlier change, and federation from that site fails.
fn routes_to_unfederated_pools(doc: &XmlDocument, t: &Topology, findings: &mut Vec<Finding>) {
    for (i, site) in t.sites.iter().enumerate() {
        let Some(edge) = t.route_edge(i) else { continue };
        let e = &t.edge_pools[edge];
        if e.has_sip_federation() {
            continue;
        }
        let FederationRoute::Service { reference, .. } = site.federation_route else {
            continue;
        };
        let pool = &t.pools[e.pool].fqdn;
        findings.push(
            Finding::new(
                Severity::Warning,
                FindingKind::FederationRouteToUnfederatedPool,
                format!(
                    "The federation route of site {} names {pool}, which does not carry SIP federation, so federation from that site has no way out.",
                    site.name
                ),
                Some(doc.element_position(reference)),
            )
            .with_pools([pool.clone()]),
        );
    }
}

/// A name no DNS name can hold: a placeholder of a script or document template
/// (`[DOMAINID]`, `$DomainDnsName`, `%DOMAIN%`, `{domain}`), or a space.
pub fn is_placeholder_name(name: &str) -> bool {
    !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// Pool, server and external FQDNs and SIP domains that hold a placeholder: the file is a
/// template, not an export, and every command built from those names would be wrong.
fn template_variables(doc: &XmlDocument, t: &Topology, findings: &mut Vec<Finding>) {
    let mut names: Vec<(&str, Option<ElementId>)> = Vec::new();
    for pool in &t.pools {
        names.push((&pool.fqdn, Some(pool.element)));
        names.extend(pool.machines.iter().map(|m| (m.fqdn.as_str(), Some(m.element))));
    }
    for e in &t.edge_pools {
        for fqdn in [&e.access_fqdn, &e.web_conferencing_fqdn, &e.av_fqdn]
            .into_iter()
            .flatten()
        {
            names.push((fqdn, Some(t.services[e.service].element)));
        }
    }
    names.extend(t.sip_domains.iter().map(|d| (d.as_str(), None)));
    names.retain(|(n, _)| is_placeholder_name(n));
    let mut distinct: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
    crate::order::sort(&mut distinct);
    distinct.dedup();
    let Some(&(_, at)) = names.first() else { return };
    let examples: Vec<&str> = distinct.iter().copied().take(3).collect();
    findings.push(
        Finding::new(
            Severity::Warning,
            FindingKind::TemplateVariables,
            format!(
                "This looks like a template: {} name(s) contain placeholders ({}{}); commands built from them will not work. Plan with a topology exported from the deployment (Get-CsTopology -AsXml).",
                distinct.len(),
                examples.join(", "),
                if distinct.len() > examples.len() { ", …" } else { "" }
            ),
            Some(doc.element_position(at.unwrap_or(doc.root()))),
        )
        .with_pools(
            t.pools
                .iter()
                .filter(|p| is_placeholder_name(&p.fqdn))
                .map(|p| p.fqdn.clone()),
        ),
    );
}
