//! The failover as text edits: move the federation port, optionally the XMPP ports, and
//! re-point the media association of Front End pools. Each is a splice of the original text.

use std::ops::Range;

use crate::topology::inference::ports;
use crate::topology::xml::{ElementId, XmlDocument};
use crate::topology::{EdgeIdx, FederationRoute, Format, PoolIdx, ServiceIdx, SiteIdx, TopologyFile};

use super::splice::{self, Splice, SpliceError};

/// One pool's media association moved from one Edge pool to another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reassociation {
    pub pool: PoolIdx,
    pub from_edge: EdgeIdx,
    pub to_edge: EdgeIdx,
}

/// A site's federation route re-pointed from one Edge pool to another. See
/// `inference::SITE_FEDERATION_ROUTE_CONTENT`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteChange {
    pub site: SiteIdx,
    pub from_edge: EdgeIdx,
    pub to_edge: EdgeIdx,
}

/// An Edge pool's next hop re-pointed at another Registrar service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NextHopEdit {
    pub edge: EdgeIdx,
    /// Which of its service's dependencies is the next hop.
    pub dependency: usize,
    /// The Registrar service it names now.
    pub to: ServiceIdx,
}

/// What a failover changes, already decided and checked (see `plan`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FailoverEdit {
    pub remove_sip_federation: Vec<EdgeIdx>,
    pub add_sip_federation: Option<EdgeIdx>,
    pub remove_xmpp: Vec<EdgeIdx>,
    pub add_xmpp: Option<EdgeIdx>,
    pub reassociations: Vec<Reassociation>,
    pub routes: Vec<RouteChange>,
    pub next_hop: Option<NextHopEdit>,
}

impl FailoverEdit {
    pub fn is_empty(&self) -> bool {
        *self == FailoverEdit::default()
    }

    /// The edited text of the file (decoded; encode it with the file's encoding), or why the
    /// edit's splices do not fit together (a bug in the editor, never the file's fault).
    pub fn apply(&self, file: &TopologyFile) -> Result<String, SpliceError> {
        splice::apply(file.doc.text(), &self.splices(file))
    }

    pub fn splices(&self, file: &TopologyFile) -> Vec<Splice> {
        let t = &file.topology;
        let doc = &file.doc;
        let eol = t.line_ending.as_str();
        let mut out = Vec::new();

        for &e in &self.remove_sip_federation {
            let edge = &t.edge_pools[e];
            if let Some(p) = edge.sip_federation {
                out.push(Splice::delete(
                    doc.removal_span(t.services[edge.service].ports[p].element),
                ));
            }
        }
        for &e in &self.remove_xmpp {
            let edge = &t.edge_pools[e];
            for &p in &edge.xmpp_ports {
                out.push(Splice::delete(
                    doc.removal_span(t.services[edge.service].ports[p].element),
                ));
            }
        }

        if let Some(to) = self.add_sip_federation {
            let edge = &t.edge_pools[to];
            if !edge.has_sip_federation() {
                let fqdn = edge.access_fqdn.clone().unwrap_or_default();
                let port = self.federation_port_text(file, &fqdn);
                let service = &t.services[edge.service];
                let anchor = service
                    .ports
                    .iter()
                    .rev()
                    .find(|p| ports::precedes_federation_port(p.owner()))
                    .map(|p| p.element);
                out.extend(insert_children(
                    doc,
                    service.element,
                    service.ports_element,
                    anchor,
                    &[port],
                    eol,
                ));
            }
        }
        if let Some(to) = self.add_xmpp {
            let edge = &t.edge_pools[to];
            if !edge.has_xmpp_federation() {
                let texts: Vec<String> = self
                    .remove_xmpp
                    .iter()
                    .copied()
                    .chain(t.edges())
                    .map(|e| &t.edge_pools[e])
                    .find(|e| e.has_xmpp_federation())
                    .map(|src| {
                        src.xmpp_ports
                            .iter()
                            .map(|&p| doc.source(t.services[src.service].ports[p].element).to_owned())
                            .collect()
                    })
                    .unwrap_or_default();
                let service = &t.services[edge.service];
                let last = service.ports.last().map(|p| p.element);
                out.extend(insert_children(
                    doc,
                    service.element,
                    service.ports_element,
                    last,
                    &texts,
                    eol,
                ));
            }
        }

        if let Some(hop) = self.next_hop {
            let edge = &t.edge_pools[hop.edge];
            let reference = t.services[edge.service].dependencies[hop.dependency].reference;
            out.extend(repoint(doc, t.format, reference, t.services[hop.to].element));
        }
        for r in &self.routes {
            if let FederationRoute::Service { reference, .. } = t.sites[r.site].federation_route {
                let to_service = t.edge_pools[r.to_edge].service;
                out.extend(repoint(doc, t.format, reference, t.services[to_service].element));
            }
        }
        for r in &self.reassociations {
            let from = &t.edge_pools[r.from_edge];
            let to_service = t.edge_pools[r.to_edge].service;
            let Some(assoc) = from.associations.iter().find(|a| a.pool == r.pool) else {
                continue;
            };
            for &(s, d) in &assoc.links {
                let reference = t.services[s].dependencies[d].reference;
                out.extend(repoint(doc, t.format, reference, t.services[to_service].element));
            }
        }
        out
    }

    /// The federation port for a pool that gains it: the port being removed, with the new
    /// pool's Access Edge FQDN, so every other attribute stays as Topology Builder wrote it.
    fn federation_port_text(&self, file: &TopologyFile, fqdn: &str) -> String {
        let t = &file.topology;
        let doc = &file.doc;
        let escaped = quick_xml::escape::escape(fqdn);
        let source_port = self
            .remove_sip_federation
            .iter()
            .copied()
            .chain(t.edges())
            .map(|e| &t.edge_pools[e])
            .find_map(|e| e.sip_federation.map(|p| t.services[e.service].ports[p].element));
        let Some(port) = source_port else {
            return ports::federation_port_template(&escaped);
        };
        let Some(span) = doc.attr_span(port, "ConfiguredFqdn") else {
            return ports::federation_port_template(&escaped);
        };
        let start = doc.element(port).start as usize;
        let src = doc.source(port);
        let (a, b) = (span.start - start, span.end - start);
        format!("{}{}{}", &src[..a], escaped, &src[b..])
    }
}

type Span = Range<usize>;

/// Points a dependency at another service by copying that service's key attributes verbatim.
fn repoint(doc: &XmlDocument, format: Format, reference: ElementId, target_service: ElementId) -> Vec<Splice> {
    let pairs: Vec<(Option<Span>, Option<Span>)> = match format {
        Format::Published => {
            let Some(target_id) = doc.child(target_service, "ServiceId") else {
                return Vec::new();
            };
            ["SiteId", "RoleName", "Instance"]
                .into_iter()
                .map(|a| (doc.attr_span(reference, a), doc.attr_span(target_id, a)))
                .collect()
        }
        Format::TopologyBuilder => vec![(
            doc.attr_span(reference, "ServiceUniqueId"),
            doc.attr_span(target_service, "UniqueId"),
        )],
    };
    let text = doc.text();
    pairs
        .into_iter()
        .filter_map(|(current, wanted)| {
            let (current, wanted) = (current?, wanted?);
            (text[current.clone()] != text[wanted.clone()]).then(|| Splice::replace(current, &text[wanted]))
        })
        .collect()
}

/// Inserts elements into a `<Ports>` list after `anchor` (or at its end), each on its own line
/// with the anchor's indentation, expanding a self-closing `<Ports/>` when needed.
fn insert_children(
    doc: &XmlDocument,
    service: ElementId,
    parent: Option<ElementId>,
    anchor: Option<ElementId>,
    items: &[String],
    eol: &str,
) -> Option<Splice> {
    if items.is_empty() {
        return None;
    }
    let Some(parent) = parent else {
        // No <Ports> at all: add one after the service's last child.
        let last = doc.children(service).last()?;
        let indent = doc.indentation(last).unwrap_or_default();
        let unit = indent_unit(doc, service, last);
        let mut text = format!("<Ports xmlns=\"urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008\">{eol}");
        for item in items {
            text.push_str(&format!("{indent}{unit}{item}{eol}"));
        }
        text.push_str(&format!("{indent}</Ports>"));
        return Some(after(doc, last, &text, indent, eol));
    };
    let anchor = anchor.or_else(|| doc.children(parent).last());
    if let Some(anchor) = anchor {
        let indent = doc.indentation(anchor).unwrap_or_default();
        let span = doc.removal_span(anchor);
        let e = doc.element(anchor);
        if span.start < e.start as usize {
            // The anchor has its own lines: new lines go right after them.
            let text: String = items.iter().map(|i| format!("{indent}{i}{eol}")).collect();
            return Some(Splice::insert(span.end, text));
        }
        return Some(Splice::insert(e.end as usize, items.concat()));
    }
    let p = doc.element(parent);
    let indent = doc.indentation(parent).unwrap_or_default();
    let unit = indent_unit(doc, service, parent);
    let children: String = items.iter().map(|i| format!("{indent}{unit}{i}{eol}")).collect();
    if p.self_closing {
        let tag = &doc.text()[p.start as usize..p.end as usize];
        let body = tag.trim_end_matches("/>").trim_end();
        let start = p.start as usize + body.len();
        let name = doc.qualified_name(parent);
        return Some(Splice::replace(
            start..p.end as usize,
            format!(">{eol}{children}{indent}</{name}>"),
        ));
    }
    Some(Splice::replace(
        p.start_tag_end as usize..p.content_end as usize,
        format!("{eol}{children}{indent}"),
    ))
}

fn after(doc: &XmlDocument, anchor: ElementId, text: &str, indent: &str, eol: &str) -> Splice {
    let span = doc.removal_span(anchor);
    if span.start < doc.element(anchor).start as usize {
        Splice::insert(span.end, format!("{indent}{text}{eol}"))
    } else {
        Splice::insert(doc.element(anchor).end as usize, text.to_owned())
    }
}

/// One level of indentation as the file writes it: the difference between an element's
/// indentation and its parent's.
fn indent_unit(doc: &XmlDocument, parent: ElementId, child: ElementId) -> &str {
    match (doc.indentation(parent), doc.indentation(child)) {
        (Some(p), Some(c)) if c.len() > p.len() && c.starts_with(p) => &c[p.len()..],
        _ => "  ",
    }
}
