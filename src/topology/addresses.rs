//! The public addresses behind an Edge pool's external names, read from the element tree on
//! demand (a checklist asks for one pool's, once).

use super::inference::ports;
use super::model::EdgePool;
use super::TopologyFile;

/// The public addresses of the pool's Access Edge: on each server, the external interface
/// whose InterfaceNumber is the Access Edge (SipClient) external port's, by its NAT address
/// where it has one. On an Edge with one external interface that is every external address;
/// with separate interfaces for Web Conferencing and A/V, theirs are left out. See
/// [`super::inference::ACCESS_EDGE_ADDRESS`].
pub fn access_edge_addresses(file: &TopologyFile, edge: &EdgePool) -> Vec<String> {
    let (doc, t) = (&file.doc, &file.topology);
    let interface = t.services[edge.service]
        .ports
        .iter()
        .find(|p| ports::is_access_edge_client(p.owner(), p.usage(), p.side()))
        .and_then(|p| doc.attr(p.element, "InterfaceNumber"));
    let all = || -> Vec<String> {
        t.pools[edge.pool]
            .machines
            .iter()
            .flat_map(|m| m.external_ips.clone())
            .collect()
    };
    let Some(interface) = interface else {
        return all();
    };
    let own: Vec<String> = t.pools[edge.pool]
        .machines
        .iter()
        .flat_map(|m| doc.children_named(m.element, "NetInterface"))
        .filter(|n| doc.attr(*n, "InterfaceSide").as_deref() == Some("External"))
        .filter(|n| doc.attr(*n, "InterfaceNumber").as_deref() == Some(interface.as_ref()))
        .filter_map(|n| doc.attr(n, "ConfiguredIPAddress").or_else(|| doc.attr(n, "IPAddress")))
        .map(|ip| ip.into_owned())
        .filter(|ip| ip != "0.0.0.0" && !ip.is_empty())
        .collect();
    if own.is_empty() {
        // Servers written without their interfaces (a single-server pool in a Topology Builder
        // file): whatever external addresses the pool has.
        return all();
    }
    own
}
