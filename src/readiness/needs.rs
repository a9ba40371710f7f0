//! What a row asks to prepare now, each a typed need with an id that stays the same from one
//! report to the next; and the preparation checklist, which merges every row's needs by id
//! into one list grouped by team, each item naming the rows it serves.

use serde::Serialize;

use crate::checklist::prepare::Preparation;
use crate::checklist::text::{text, Text};

/// Who does the work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Team {
    Certificates,
    Dns,
    Firewall,
    BackupPools,
    Ttls,
    /// Changes to the topology itself, in Topology Builder.
    Topology,
}

impl Team {
    pub const ALL: [Team; 6] = [
        Team::Certificates,
        Team::Dns,
        Team::Firewall,
        Team::BackupPools,
        Team::Ttls,
        Team::Topology,
    ];

    /// What holds for every item of the team, said once before them.
    pub fn intro(self) -> Option<&'static str> {
        match self {
            Team::Ttls => Some("The A records the DNS steps re-point. Resolvers keep an old answer for as long as its old TTL: lowered during the incident, a TTL no longer shortens the outage, only the failback."),
            Team::Certificates => Some("Names asked for by any row are merged: one certificate per Edge pool serves them all."),
            _ => None,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Team::Certificates => "Certificates",
            Team::Dns => "DNS",
            Team::Firewall => "Firewall",
            Team::BackupPools => "Backup pool pairings",
            Team::Ttls => "DNS TTLs",
            Team::Topology => "Topology",
        }
    }
}

/// An Edge pool's Access Edge, as a DNS record would point at it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AccessEdge {
    pub edge: String,
    pub access: String,
    pub addresses: Vec<String>,
}

/// One thing to prepare before the failure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Need {
    /// The names an Edge pool's external certificate must carry.
    Certificate {
        edge: String,
        subject: String,
        names: Vec<String>,
    },
    /// A SIP domain's federation SRV record, whose target's A record moves to these pools.
    FederationDns { domain: String, to: Vec<AccessEdge> },
    /// A domain's XMPP SRV record and the XMPP host it names, moved to these pools.
    XmppDns {
        domain: String,
        host: String,
        to: Vec<AccessEdge>,
    },
    /// The ports an Edge pool must have open when federation moves to it.
    Firewall {
        edge: String,
        access: String,
        addresses: Vec<String>,
        sip: bool,
        xmpp: bool,
        /// The pools that replicate the Central Management store to it (HTTPS 4443).
        replication_from: Vec<String>,
        /// The Front End pools and Directors that must reach its servers.
        internal_from: Vec<String>,
    },
    /// A DNS record whose TTL must be short before the failure: resolvers keep the old
    /// answer for the old TTL, and lowering it during the incident comes too late.
    Ttl { record: String },
    /// A pool that needs a backup pool in another site.
    BackupPool {
        pool: String,
        site: String,
        /// It hosts the Central Management Server.
        central_management: bool,
    },
    /// A change to the topology that removes a blocker, in words.
    Topology { key: String, what: Text },
}

impl Need {
    /// The same for the same thing to prepare in every row and every report.
    pub fn id(&self) -> String {
        let lower = |s: &str| s.to_ascii_lowercase();
        match self {
            Need::Certificate { edge, .. } => format!("certificate:{}", lower(edge)),
            Need::FederationDns { domain, .. } => format!("dns-federation:{}", lower(domain)),
            Need::XmppDns { domain, .. } => format!("dns-xmpp:{}", lower(domain)),
            Need::Firewall { edge, .. } => format!("firewall:{}", lower(edge)),
            Need::Ttl { record } => format!("ttl:{}", lower(record)),
            Need::BackupPool { pool, .. } => format!("backup-pool:{}", lower(pool)),
            Need::Topology { key, .. } => format!("topology:{key}"),
        }
    }

    pub fn team(&self) -> Team {
        match self {
            Need::Certificate { .. } => Team::Certificates,
            Need::FederationDns { .. } | Need::XmppDns { .. } => Team::Dns,
            Need::Firewall { .. } => Team::Firewall,
            Need::Ttl { .. } => Team::Ttls,
            Need::BackupPool { .. } => Team::BackupPools,
            Need::Topology { .. } => Team::Topology,
        }
    }

    /// Takes in what another row asks of the same thing (the same id).
    fn merge(&mut self, other: &Need) {
        match (self, other) {
            (Need::Certificate { names, .. }, Need::Certificate { names: more, .. }) => union(names, more),
            (Need::FederationDns { to, .. }, Need::FederationDns { to: more, .. })
            | (Need::XmppDns { to, .. }, Need::XmppDns { to: more, .. }) => {
                for edge in more {
                    if !to.iter().any(|e| e.edge.eq_ignore_ascii_case(&edge.edge)) {
                        to.push(edge.clone());
                    }
                }
            }
            (
                Need::Firewall {
                    sip,
                    xmpp,
                    replication_from,
                    internal_from,
                    ..
                },
                Need::Firewall {
                    sip: more_sip,
                    xmpp: more_xmpp,
                    replication_from: more_replication,
                    internal_from: more_internal,
                    ..
                },
            ) => {
                *sip |= more_sip;
                *xmpp |= more_xmpp;
                union(replication_from, more_replication);
                union(internal_from, more_internal);
            }
            (
                Need::BackupPool { central_management, .. },
                Need::BackupPool {
                    central_management: more,
                    ..
                },
            ) => *central_management |= more,
            _ => {}
        }
    }

    /// What to do, in words: the first line, then the details.
    pub fn words(&self) -> (Text, Vec<Text>) {
        match self {
            Need::Certificate { edge, subject, names } => (
                text!["The external certificate of ", value(edge), " carries the names federation needs"],
                vec![
                    text!["Subject ", value(subject), "; subject alternative names include ", value(names.join(", ")), "."],
                    text!["From a public CA, assigned to Access Edge, Web Conferencing Edge and A/V Authentication, the same certificate and private key on every server of the pool."],
                ],
            ),
            Need::FederationDns { domain, to } => {
                let srv = format!("_sipfederationtls._tcp.{domain}");
                let mut details = vec![text![
                    "Record the target of ",
                    value(&srv),
                    " (port 5061), a host in ",
                    value(domain),
                    " (by convention ",
                    value(format!("sip.{domain}")),
                    "), and who can change its A record at any hour: on failover that A record points at the Access Edge of the surviving pool."
                ]];
                details.extend(to.iter().map(|a| {
                    let mut t = text![
                        "For ",
                        value(&a.edge),
                        ": its Access Edge ",
                        value(&a.access),
                        " resolves from outside"
                    ];
                    t.0.extend(addresses(&a.addresses));
                    t.0.push(".".into());
                    t
                }));
                (text!["Federation DNS of ", value(domain), " is known and can be re-pointed"], details)
            }
            Need::XmppDns { domain, host, to } => {
                let edges: Vec<&str> = to.iter().map(|a| a.edge.as_str()).collect();
                (
                    text!["XMPP DNS of ", value(domain), " is set up for the surviving pool"],
                    vec![text![
                        "SRV ",
                        value(format!("_xmpp-server._tcp.{domain}")),
                        " (port 5269) exists and names the XMPP host (the documentation's example is ",
                        value(host),
                        "), whose A record is pointed at the Access Edge of ",
                        value(edges.join(", ")),
                        " on failover. Best practice: one SRV record per Edge pool, with its own priority, set up in advance."
                    ]],
                )
            }
            Need::Firewall {
                edge,
                access,
                addresses: ips,
                sip,
                xmpp,
                replication_from,
                internal_from,
            } => {
                let mut details = Vec::new();
                if *sip {
                    let mut t = text!["External: TCP 5061 (MTLS) inbound and outbound on the Access Edge ", value(access)];
                    t.0.extend(addresses(ips));
                    t.0.push(".".into());
                    details.push(t);
                }
                if *xmpp {
                    details.push(text!["XMPP: TCP 5269 inbound and outbound on the same address, and TCP 23456 from the Front End pools to its internal interface."]);
                }
                if !replication_from.is_empty() {
                    details.push(text![
                        "Replication: HTTPS 4443 to every server of ",
                        value(edge),
                        " from ",
                        value(replication_from.join(", ")),
                        " (the pool of the Central Management Server, or the pool it fails over to)."
                    ]);
                }
                if !internal_from.is_empty() {
                    details.push(text![
                        "Internal: every server of ",
                        value(edge),
                        " is reachable from ",
                        value(internal_from.join(", ")),
                        " (SIP 5061, the media and conferencing ports)."
                    ]);
                }
                (text!["The firewalls let federation through to ", value(edge)], details)
            }
            Need::Ttl { record } => (
                text!["Lower the TTL of ", value(record), " now, for example to 5 minutes"],
                Vec::new(),
            ),
            Need::BackupPool {
                pool,
                site,
                central_management,
            } => {
                let mut details = vec![text![
                    "Topology Builder: ",
                    label("Edit Properties"),
                    " of ",
                    value(pool),
                    ", ",
                    label("Resiliency"),
                    ", ",
                    label("Associated Backup Pool"),
                    ": a Front End pool outside ",
                    value(site),
                    "; publish. Pools already deployed then run Bootstrapper on every Front End server of both pools, Start-CsWindowsService -Name LYNCBACKUP, and Invoke-CsBackupServiceSync -PoolFqdn for each pool."
                ]];
                if *central_management {
                    details.push(text![
                        value(pool),
                        " hosts the Central Management Server: pairing it gives the backup pool the standby Central Management store that Invoke-CsManagementServerFailover fails over to."
                    ]);
                }
                (
                    text!["Pair ", value(pool), " with a backup pool in another site"],
                    details,
                )
            }
            Need::Topology { what, .. } => (what.clone(), Vec::new()),
        }
    }
}

/// " (203.0.113.10, 203.0.113.11)" when the topology gives the addresses.
fn addresses(ips: &[String]) -> Vec<crate::checklist::Span> {
    if ips.is_empty() {
        Vec::new()
    } else {
        vec![" (".into(), crate::checklist::text::value(ips.join(", ")), ")".into()]
    }
}

fn union(list: &mut Vec<String>, more: &[String]) {
    for m in more {
        if !list.iter().any(|x| x.eq_ignore_ascii_case(m)) {
            list.push(m.clone());
        }
    }
}

/// What the checklist of a row's plan checks of certificates, DNS, firewalls and TTLs, as
/// needs for its surviving pool.
pub(super) fn of_preparation(p: &Preparation) -> Vec<Need> {
    let mut needs = Vec::new();
    let access = AccessEdge {
        edge: p.survivor.clone(),
        access: p.access_fqdn.clone(),
        addresses: p.access_addresses.clone(),
    };
    if !p.certificate_names.is_empty() {
        needs.push(Need::Certificate {
            edge: p.survivor.clone(),
            subject: p.access_fqdn.clone(),
            names: p.certificate_names.clone(),
        });
    }
    for d in &p.federation_domains {
        needs.push(Need::FederationDns {
            domain: d.clone(),
            to: vec![access.clone()],
        });
    }
    if let Some(host) = &p.xmpp_host {
        for d in &p.xmpp_domains {
            needs.push(Need::XmppDns {
                domain: d.clone(),
                host: host.clone(),
                to: vec![access.clone()],
            });
        }
    }
    if p.sip_firewall || p.xmpp_firewall {
        needs.push(Need::Firewall {
            edge: p.survivor.clone(),
            access: p.access_fqdn.clone(),
            addresses: p.access_addresses.clone(),
            sip: p.sip_firewall,
            xmpp: p.xmpp_firewall,
            replication_from: p.replication_from.clone(),
            internal_from: p.internal_pools.clone(),
        });
    }
    // The records the DNS steps re-point: each federation SRV record's target (a host in its
    // domain, by convention sip.<domain>), the failed pools' own Access Edge names, which SRV
    // records may name, and the XMPP host.
    let mut records: Vec<String> = p.federation_domains.iter().map(|d| format!("sip.{d}")).collect();
    union(&mut records, &p.old_access);
    if let Some(host) = &p.xmpp_host {
        union(&mut records, std::slice::from_ref(host));
    }
    needs.extend(records.into_iter().map(|record| Need::Ttl { record }));
    needs
}

/// One item of the preparation checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    pub id: String,
    pub team: Team,
    pub need: Need,
    /// The numbers of the rows it serves.
    pub serves: Vec<usize>,
}

/// Every row's needs merged by id, grouped by team in [`Team::ALL`]'s order, each team's items
/// in the order the rows first ask for them.
pub(super) fn merge<'a>(rows: impl Iterator<Item = (usize, &'a [Need])>) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    // Found by id through a sorted index: a large topology has thousands of rows' needs.
    let mut index: Vec<(String, usize)> = Vec::new();
    for (row, needs) in rows {
        for need in needs {
            let id = need.id();
            match index.binary_search_by(|(k, _)| k.as_str().cmp(&id)) {
                Ok(i) => {
                    let item = &mut items[index[i].1];
                    item.need.merge(need);
                    if item.serves.last() != Some(&row) {
                        item.serves.push(row);
                    }
                }
                Err(i) => {
                    index.insert(i, (id.clone(), items.len()));
                    items.push(Item {
                        id,
                        team: need.team(),
                        need: need.clone(),
                        serves: vec![row],
                    });
                }
            }
        }
    }
    crate::order::sort_by_key(&mut items, |i| i.team);
    items
}
