//! What a failover edit changes, in the administrator's words, each at the place in the file
//! it changes: the page puts the words beside the lines of the diff they explain
//! ("Registrar of pool-amsterdam…: Edge edgepool-amsterdam… → edgepool-boston…" beside a
//! changed `Instance="1"`).

use crate::topology::inference::ports;
use crate::topology::{EdgeIdx, FederationRoute, ServiceIdx, TopologyFile};

use super::failover::FailoverEdit;

/// One change of the edit in words, and where it is in the file before the edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The byte offset in the text before the edit.
    pub at: usize,
    pub words: String,
}

/// A service's role as Topology Builder names it, for the association it carries.
fn role_words(role: &str) -> &str {
    match role {
        "ConfServices" => "Conferencing",
        "MediationServer" => "Mediation",
        other => other,
    }
}

impl FailoverEdit {
    /// Every change of this edit in words, in the order of the file.
    pub fn in_words(&self, file: &TopologyFile) -> Vec<Change> {
        let t = &file.topology;
        let doc = &file.doc;
        let edge = |e: EdgeIdx| t.pools[t.edge_pools[e].pool].fqdn.as_str();
        let pool_of = |s: ServiceIdx| {
            t.services[s]
                .pool
                .map_or("another service", |p| t.pools[p].fqdn.as_str())
        };
        let start = |id| doc.element(id).start as usize;
        let mut out = Vec::new();
        for &e in &self.remove_sip_federation {
            let pool = &t.edge_pools[e];
            if let Some(p) = pool.sip_federation {
                out.push(Change {
                    at: start(t.services[pool.service].ports[p].element),
                    words: format!("Edge pool {}: its SIP federation port (5061) is removed", edge(e)),
                });
            }
        }
        for &e in &self.remove_xmpp {
            let pool = &t.edge_pools[e];
            if let Some(&p) = pool.xmpp_ports.first() {
                out.push(Change {
                    at: start(t.services[pool.service].ports[p].element),
                    words: format!("Edge pool {}: its XMPP federation ports (5269) are removed", edge(e)),
                });
            }
        }
        for &e in self
            .add_sip_federation
            .iter()
            .filter(|e| !t.edge_pools[**e].has_sip_federation())
        {
            let service = &t.services[t.edge_pools[e].service];
            let anchor = service
                .ports
                .iter()
                .rev()
                .find(|p| ports::precedes_federation_port(p.owner()));
            out.push(Change {
                at: anchor.map_or(start(service.element), |p| doc.element(p.element).end as usize),
                words: format!(
                    "Edge pool {}: a SIP federation port (5061) is added, on its Access Edge FQDN {}",
                    edge(e),
                    t.edge_pools[e].access_fqdn.as_deref().unwrap_or("(none)")
                ),
            });
        }
        for &e in self
            .add_xmpp
            .iter()
            .filter(|e| !t.edge_pools[**e].has_xmpp_federation())
        {
            let service = &t.services[t.edge_pools[e].service];
            out.push(Change {
                at: service
                    .ports
                    .last()
                    .map_or(start(service.element), |p| doc.element(p.element).end as usize),
                words: format!("Edge pool {}: XMPP federation ports (5269) are added", edge(e)),
            });
        }
        if let Some(hop) = self.next_hop {
            let d = &t.services[t.edge_pools[hop.edge].service].dependencies[hop.dependency];
            out.push(Change {
                at: start(d.reference),
                words: format!(
                    "Next hop of Edge pool {}: {} → {}",
                    edge(hop.edge),
                    d.target.map_or("(none)", pool_of),
                    pool_of(hop.to)
                ),
            });
        }
        for r in &self.routes {
            if let FederationRoute::Service { reference, .. } = t.sites[r.site].federation_route {
                out.push(Change {
                    at: start(reference),
                    words: format!(
                        "Federation route of site {}: Edge {} → {}",
                        t.sites[r.site].name,
                        edge(r.from_edge),
                        edge(r.to_edge)
                    ),
                });
            }
        }
        for r in &self.reassociations {
            let Some(assoc) = t.edge_pools[r.from_edge].associations.iter().find(|a| a.pool == r.pool) else {
                continue;
            };
            for &(s, d) in &assoc.links {
                out.push(Change {
                    at: start(t.services[s].dependencies[d].reference),
                    words: format!(
                        "{} of {}: Edge {} → {}",
                        role_words(&t.services[s].role),
                        t.pools[r.pool].fqdn,
                        edge(r.from_edge),
                        edge(r.to_edge)
                    ),
                });
            }
        }
        crate::order::sort_by_key(&mut out, |c| c.at);
        out
    }
}
