//! `edge-failover inspect`: the topology as the planner reads it, in words or as JSON.

use edge_failover_planner::topology::by_name::{EdgePoolSummary, Summary};
use edge_failover_planner::topology::{SiteKind, Topology};

use crate::args::InspectArgs;
use crate::cli::{to_json, Failed};
use crate::files::load;

pub fn run(a: InspectArgs) -> Result<(), Failed> {
    let file = load(&a.file)?;
    let summary = Summary::of(&file.topology);
    if a.json {
        println!("{}", to_json(&summary));
    } else {
        print!("{}", describe(&file.topology, &summary));
    }
    Ok(())
}

fn describe(t: &Topology, s: &Summary) -> String {
    let mut out = String::new();
    let yes = |b: bool| if b { "yes" } else { "no" };
    let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "(none)".into());
    out.push_str(&format!(
        "Topology: {} ({}), {}, {}\n",
        s.product,
        t.format.label(),
        s.encoding,
        s.line_ending.label()
    ));
    if !s.sip_domains.is_empty() {
        out.push_str(&format!("SIP domains: {}\n", s.sip_domains.join(", ")));
    }
    out.push_str(&format!(
        "SIP federation (5061): {}\nXMPP federation (5269): {}\n",
        s.sip_federation_pool
            .clone()
            .unwrap_or_else(|| federation_list(s, |e| e.sip_federation)),
        s.xmpp_federation_pool
            .clone()
            .unwrap_or_else(|| federation_list(s, |e| e.xmpp_federation)),
    ));
    out.push_str("\nSites:\n");
    for site in &s.sites {
        let kind = match site.kind {
            SiteKind::Central => "central site",
            SiteKind::Branch => "branch site",
        };
        out.push_str(&format!("  {} (SiteId {}, {kind})\n", site.name, site.id));
        out.push_str(&format!("    Federation route: {}\n", site.federation_route.describe()));
        for (label, list) in [
            ("Front End pools", &site.front_end_pools),
            ("Directors", &site.directors),
            ("Edge pools", &site.edge_pools),
            ("Other pools", &site.other_pools),
        ] {
            if !list.is_empty() {
                out.push_str(&format!("    {label}: {}\n", list.join(", ")));
            }
        }
    }
    out.push_str("\nEdge pools:\n");
    if s.edge_pools.is_empty() {
        out.push_str("  (none)\n");
    }
    for e in &s.edge_pools {
        out.push_str(&format!(
            "  {}  (site {}, {} server(s): {})\n",
            e.fqdn,
            opt(&e.site),
            e.servers.len(),
            e.servers.join(", ")
        ));
        out.push_str(&format!("    SIP federation (5061): {}\n", yes(e.sip_federation)));
        out.push_str(&format!("    XMPP federation (5269): {}\n", yes(e.xmpp_federation)));
        out.push_str(&format!("    Access Edge FQDN: {}\n", opt(&e.access_fqdn)));
        out.push_str(&format!(
            "    Web Conferencing FQDN: {}\n",
            opt(&e.web_conferencing_fqdn)
        ));
        out.push_str(&format!("    A/V FQDN: {}\n", opt(&e.av_fqdn)));
        out.push_str(&format!(
            "    Next hop: {}\n",
            match (&e.next_hop, e.next_hop_kind) {
                (Some(h), Some(k)) => format!("{h} ({}, site {})", k.label(), opt(&e.next_hop_site)),
                _ => "(none)".into(),
            }
        ));
        out.push_str(&format!(
            "    Used for media and web conferencing by: {}\n",
            if e.front_end_pools.is_empty() {
                "(none)".to_owned()
            } else {
                e.front_end_pools.join(", ")
            }
        ));
    }
    out.push_str("\nFindings:\n");
    if s.findings.is_empty() {
        out.push_str("  (none)\n");
    }
    for f in &s.findings {
        out.push_str(&format!("  {f}\n"));
    }
    out
}

fn federation_list(s: &Summary, pick: fn(&EdgePoolSummary) -> bool) -> String {
    let pools: Vec<&str> = s
        .edge_pools
        .iter()
        .filter(|e| pick(e))
        .map(|e| e.fqdn.as_str())
        .collect();
    if pools.is_empty() {
        "(none)".into()
    } else {
        format!("{} (more than one pool)", pools.join(", "))
    }
}
