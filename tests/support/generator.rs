//! Writes realistic topologies of any size, in both formats, for tests and benchmarks.
//!
//! The shapes (element order, namespaces, port lists, dependency patterns) follow the real
//! exports: each site gets a Front End pool with collocated Mediation, optionally an Edge pool
//! and a Director, a SQL server and a file server. Names and addresses are this project's own.
//! Not shipped in the page.

#![allow(dead_code)]

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Published,
    TopologyBuilder,
}

#[derive(Clone, Debug)]
pub struct SiteSpec {
    pub name: String,
    pub city: String,
    pub country: String,
    pub fe_servers: usize,
    pub edge_servers: usize,
    pub director: bool,
    /// Edge pools beyond the site's first, which no Front End pool uses (real sites have
    /// two data centres' worth).
    pub extra_edges: usize,
    /// The site's settings and federation route (`SiteConfiguration`).
    pub route: Route,
}

/// What a site's `SiteConfiguration/OCSSiteConfiguration/FederationRoute` holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// No `SiteConfiguration` at all (every Skype for Business Server 2015 export seen).
    NoSettings,
    /// `<FederationRoute />`, as in every real Lync Server 2013 export seen.
    Empty,
    /// A route naming Edge pool `edge` (0 = the site's first) of site `site`. Its form is
    /// the planner's inference: a `<ServiceId>` as dependencies write one.
    Edge { site: usize, edge: usize },
    /// A route naming the Director of site `site`.
    Director { site: usize },
    /// Raw content the planner does not understand.
    Unknown(String),
}

#[derive(Clone, Debug)]
pub struct Spec {
    pub org: String,
    pub domains: Vec<String>,
    pub sites: Vec<SiteSpec>,
    /// Site index whose Edge pool carries SIP federation.
    pub federation_site: Option<usize>,
    /// Site index whose Edge pool carries XMPP federation.
    pub xmpp_site: Option<usize>,
    /// Further sites whose Edge pools carry SIP and XMPP federation as well, as in real
    /// exports where every Edge pool is federated. Empty by default.
    pub also_federated: Vec<usize>,
    pub service_version: u32,
    pub format: Format,
    pub crlf: bool,
    /// Separate external FQDNs for Access, Web Conferencing and A/V (else one shared name).
    pub separate_fqdns: bool,
    /// More Edge pools with SIP federation, as (site, edge) with edge 0 the site's first.
    pub more_federation: Vec<(usize, usize)>,
    /// More Edge pools with XMPP federation, as (site, edge).
    pub more_xmpp: Vec<(usize, usize)>,
    /// The Access Edge client port (remote users' SIP) on 5061 rather than 443, beside the
    /// federation port on 5061: only Usage tells them apart.
    pub access_client_on_5061: bool,
    /// A Topology Builder file that also holds the `OriginalTopology` it was downloaded as.
    pub original_topology: bool,
    /// Pairs of sites whose Front End pools back each other up (`<Backup>` in the Registrar
    /// service, as real exports have it). A pair with the first site also gives the other
    /// site a standby Central Management Server and store, as pairing the pool that hosts it
    /// does. Empty: no pairing, as in every fixture before these were read.
    pub backup_pairs: Vec<(usize, usize)>,
    /// Every Edge server with its own external interface (and public address) for Access,
    /// Web Conferencing and A/V, each Edge port on its interface. Off: one external interface.
    pub separate_edge_ips: bool,
    /// (site of an Edge pool, site of the Front End pool that is its next hop), for an Edge
    /// pool that forwards to another site; every other Edge pool forwards within its site.
    pub next_hop_elsewhere: Option<(usize, usize)>,
}

const CITIES: &[(&str, &str)] = &[
    ("Amsterdam", "NL"),
    ("Boston", "US"),
    ("Cape Town", "ZA"),
    ("Dublin", "IE"),
    ("Edinburgh", "GB"),
    ("Frankfurt", "DE"),
    ("Geneva", "CH"),
    ("Helsinki", "FI"),
    ("Istanbul", "TR"),
    ("Jakarta", "ID"),
];

impl Spec {
    /// Two sites, two Edge pools, federation and XMPP on the first: the built-in sample's shape.
    pub fn two_sites() -> Spec {
        Spec::sized(2, 10)
    }

    /// `sites` sites holding about `pools` pools in all (at most 5 a site), an Edge pool in
    /// every site, federation and XMPP on the first.
    pub fn sized(sites: usize, pools: usize) -> Spec {
        let per_site = (pools / sites.max(1)).clamp(3, 5);
        let sites = (0..sites)
            .map(|i| {
                let (city, country) = CITIES[i % CITIES.len()];
                let round = i / CITIES.len();
                let name = if round == 0 {
                    city.to_owned()
                } else {
                    format!("{city} {}", round + 1)
                };
                SiteSpec {
                    name: name.clone(),
                    city: city.to_owned(),
                    country: country.to_owned(),
                    fe_servers: if i == 0 { 3 } else { 2 },
                    edge_servers: 2,
                    director: per_site >= 5,
                    extra_edges: 0,
                    route: Route::NoSettings,
                }
            })
            .collect();
        Spec {
            org: "fabrikam".into(),
            domains: vec!["fabrikam.com".into(), "fabrikam.net".into()],
            sites,
            federation_site: Some(0),
            xmpp_site: Some(0),
            also_federated: Vec::new(),
            service_version: 7,
            format: Format::Published,
            crlf: false,
            separate_fqdns: true,
            more_federation: Vec::new(),
            more_xmpp: Vec::new(),
            access_client_on_5061: false,
            original_topology: false,
            backup_pairs: Vec::new(),
            separate_edge_ips: false,
            next_hop_elsewhere: None,
        }
    }

    pub fn with_format(mut self, format: Format) -> Spec {
        self.format = format;
        self
    }

    pub fn with_crlf(mut self, crlf: bool) -> Spec {
        self.crlf = crlf;
        self
    }
}

fn code(site: &SiteSpec) -> String {
    site.name
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

struct Names {
    fe: String,
    edge: String,
    director: String,
    sql: String,
    file: String,
    access: String,
    webconf: String,
    av: String,
}

fn names(spec: &Spec, i: usize) -> Names {
    let d = &spec.domains[0];
    let c = code(&spec.sites[i]);
    let (access, webconf, av) = if spec.separate_fqdns {
        (
            format!("sip-{c}.{d}"),
            format!("webconf-{c}.{d}"),
            format!("av-{c}.{d}"),
        )
    } else {
        let s = format!("sip-{c}.{d}");
        (s.clone(), s.clone(), s)
    };
    Names {
        fe: format!("pool-{c}.{d}"),
        edge: format!("edgepool-{c}.{d}"),
        director: format!("dir-{c}.{d}"),
        sql: format!("sql-{c}.{d}"),
        file: format!("fs-{c}.{d}"),
        access,
        webconf,
        av,
    }
}

/// The names of a site's Edge pool `k` (0 = the first, named as before).
fn edge_names(spec: &Spec, i: usize, k: usize) -> Names {
    let base = names(spec, i);
    if k == 0 {
        return base;
    }
    let d = &spec.domains[0];
    let c = code(&spec.sites[i]);
    let n = k + 1;
    let (access, webconf, av) = if spec.separate_fqdns {
        (
            format!("sip{n}-{c}.{d}"),
            format!("webconf{n}-{c}.{d}"),
            format!("av{n}-{c}.{d}"),
        )
    } else {
        let s = format!("sip{n}-{c}.{d}");
        (s.clone(), s.clone(), s)
    };
    Names {
        edge: format!("edgepool{n}-{c}.{d}"),
        access,
        webconf,
        av,
        ..base
    }
}

/// A service's UniqueId in a Topology Builder file.
fn service_guid(site: usize, role: Role) -> String {
    guid(3, site, role.ordinal() + 1)
}

/// Deterministic GUIDs for Topology Builder files.
fn guid(kind: u32, site: usize, n: usize) -> String {
    format!(
        "{kind:08x}-{:04x}-4{:03x}-8000-{:012x}",
        site & 0xffff,
        n & 0xfff,
        site * 1000 + n
    )
}

struct W {
    out: String,
    eol: &'static str,
}

impl W {
    fn line(&mut self, depth: usize, s: &str) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
        self.out.push_str(s);
        self.out.push_str(self.eol);
    }
}

const T: &str = "urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008";
const SR: &str = "urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008";

/// Which role each site's services are, in file order.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    UserServices,
    Registrar,
    UserStore,
    FileStore,
    WebServices,
    ConfServices,
    MediationServer,
    ApplicationServer,
    ApplicationStore,
    CentralMgmt,
    CentralMgmtStore,
    EdgeServer,
    ManagementServices,
    DirectorRegistrar,
    DirectorWebServices,
    /// The site's Edge pool number `k` (1 = its second), and the replication service on it.
    ExtraEdge(usize),
    ExtraEdgeManagement(usize),
}

impl Role {
    /// A number of its own for each role, for Topology Builder GUIDs.
    fn ordinal(self) -> usize {
        match self {
            Role::UserServices => 0,
            Role::Registrar => 1,
            Role::UserStore => 2,
            Role::FileStore => 3,
            Role::WebServices => 4,
            Role::ConfServices => 5,
            Role::MediationServer => 6,
            Role::ApplicationServer => 7,
            Role::ApplicationStore => 8,
            Role::CentralMgmt => 9,
            Role::CentralMgmtStore => 10,
            Role::EdgeServer => 11,
            Role::ManagementServices => 12,
            Role::DirectorRegistrar => 13,
            Role::DirectorWebServices => 14,
            Role::ExtraEdge(k) => 100 + 2 * k,
            Role::ExtraEdgeManagement(k) => 101 + 2 * k,
        }
    }

    /// Which Edge pool of its site an Edge role is on (0 = the first).
    fn edge_index(self) -> Option<usize> {
        match self {
            Role::EdgeServer | Role::ManagementServices => Some(0),
            Role::ExtraEdge(k) | Role::ExtraEdgeManagement(k) => Some(k),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Role::UserServices => "UserServices",
            Role::Registrar | Role::DirectorRegistrar => "Registrar",
            Role::UserStore => "UserStore",
            Role::FileStore => "FileStore",
            Role::WebServices | Role::DirectorWebServices => "WebServices",
            Role::ConfServices => "ConfServices",
            Role::MediationServer => "MediationServer",
            Role::ApplicationServer => "ApplicationServer",
            Role::ApplicationStore => "ApplicationStore",
            Role::CentralMgmt => "CentralMgmt",
            Role::CentralMgmtStore => "CentralMgmtStore",
            Role::EdgeServer | Role::ExtraEdge(_) => "EdgeServer",
            Role::ManagementServices | Role::ExtraEdgeManagement(_) => "ManagementServices",
        }
    }

    fn instance(self) -> usize {
        match self {
            Role::DirectorRegistrar | Role::DirectorWebServices => 2,
            Role::ExtraEdge(k) | Role::ExtraEdgeManagement(k) => 1 + k,
            _ => 1,
        }
    }

    fn type_attr(self) -> Option<&'static str> {
        Some(match self {
            Role::Registrar | Role::DirectorRegistrar => "RegistrarService",
            Role::FileStore => "FileStoreService",
            Role::WebServices | Role::DirectorWebServices => "WebService",
            Role::ConfServices => "ConfService",
            Role::ApplicationServer => "ApplicationServerService",
            Role::CentralMgmt => "CentralMgmtService",
            _ => return None,
        })
    }

    /// 0 = Front End pool, 1 = Edge pool, 2 = Director, 3 = SQL, 4 = file server.
    fn cluster(self) -> usize {
        match self {
            Role::EdgeServer | Role::ManagementServices | Role::ExtraEdge(_) | Role::ExtraEdgeManagement(_) => 1,
            Role::DirectorRegistrar | Role::DirectorWebServices => 2,
            Role::UserStore | Role::ApplicationStore | Role::CentralMgmtStore => 3,
            Role::FileStore => 4,
            _ => 0,
        }
    }

    fn on_sql(self) -> bool {
        self.cluster() == 3
    }
}

fn roles(spec: &Spec, i: usize) -> Vec<Role> {
    let s = &spec.sites[i];
    let mut r = vec![
        Role::UserServices,
        Role::Registrar,
        Role::UserStore,
        Role::FileStore,
        Role::WebServices,
        Role::ConfServices,
        Role::MediationServer,
        Role::ApplicationServer,
        Role::ApplicationStore,
    ];
    if hosts_central_management(spec, i) {
        r.extend([Role::CentralMgmt, Role::CentralMgmtStore]);
    }
    if s.edge_servers > 0 {
        r.extend([Role::EdgeServer, Role::ManagementServices]);
    }
    if s.director {
        r.extend([Role::DirectorRegistrar, Role::DirectorWebServices]);
    }
    for k in 1..=s.extra_edges {
        r.extend([Role::ExtraEdge(k), Role::ExtraEdgeManagement(k)]);
    }
    r
}

fn sip_federated(spec: &Spec, site: usize, edge: usize) -> bool {
    (edge == 0 && (spec.federation_site == Some(site) || spec.also_federated.contains(&site)))
        || spec.more_federation.contains(&(site, edge))
}

fn xmpp_federated(spec: &Spec, site: usize, edge: usize) -> bool {
    spec.service_version < 8
        && ((edge == 0 && (spec.xmpp_site == Some(site) || spec.also_federated.contains(&site)))
            || spec.more_xmpp.contains(&(site, edge)))
}

/// The site whose Front End pool backs up site `i`'s, if it is paired.
fn backup_of(spec: &Spec, i: usize) -> Option<usize> {
    spec.backup_pairs.iter().find_map(|&(a, b)| match i {
        _ if i == a => Some(b),
        _ if i == b => Some(a),
        _ => None,
    })
}

/// The first site holds the Central Management Server; the pool paired with it holds the
/// standby.
fn hosts_central_management(spec: &Spec, i: usize) -> bool {
    i == 0 || backup_of(spec, 0) == Some(i)
}

/// The Edge pool a site's Front End uses: its own, else the federation site's.
fn edge_site_for(spec: &Spec, i: usize) -> Option<usize> {
    if spec.sites[i].edge_servers > 0 {
        Some(i)
    } else {
        spec.federation_site
            .or_else(|| spec.sites.iter().position(|s| s.edge_servers > 0))
    }
}

fn deps(spec: &Spec, i: usize, role: Role) -> Vec<(usize, Role)> {
    let here = |r: Role| (i, r);
    let mut d = match role {
        Role::UserServices => vec![here(Role::UserStore), here(Role::ConfServices)],
        Role::Registrar => vec![here(Role::UserServices), here(Role::WebServices)],
        Role::WebServices => vec![here(Role::FileStore), here(Role::UserServices)],
        Role::ConfServices => vec![here(Role::FileStore), here(Role::WebServices), here(Role::UserServices)],
        Role::MediationServer => vec![here(Role::Registrar)],
        Role::ApplicationServer => vec![
            here(Role::Registrar),
            here(Role::FileStore),
            here(Role::ApplicationStore),
        ],
        Role::CentralMgmt => vec![here(Role::CentralMgmtStore), here(Role::FileStore)],
        Role::EdgeServer if spec.next_hop_elsewhere.is_some_and(|(edge, _)| edge == i) => {
            vec![(spec.next_hop_elsewhere.unwrap().1, Role::Registrar)]
        }
        Role::EdgeServer | Role::ExtraEdge(_) => {
            let hop = if spec.sites[i].director {
                Role::DirectorRegistrar
            } else {
                Role::Registrar
            };
            vec![here(hop)]
        }
        Role::DirectorRegistrar => vec![here(Role::DirectorWebServices)],
        Role::DirectorWebServices => vec![here(Role::FileStore)],
        _ => vec![],
    };
    if matches!(role, Role::Registrar | Role::ConfServices | Role::MediationServer) {
        if let Some(e) = edge_site_for(spec, i) {
            d.push((e, Role::EdgeServer));
        }
    }
    d
}

fn ports(spec: &Spec, i: usize, role: Role) -> Vec<String> {
    let on = |interface: u32, owner: &str, usage: &str, side: &str, port: u32, proto: &str, extra: &str| {
        format!(
            "<Port Owner=\"urn:component:{owner}\" Usage=\"{usage}\" InterfaceSide=\"{side}\" InterfaceNumber=\"{interface}\" Port=\"{port}\" Protocol=\"{proto}\" UrlPath=\"/\" AuthorizesRequests=\"false\"{extra} />"
        )
    };
    let p = |owner: &str, usage: &str, side: &str, port: u32, proto: &str, extra: &str| {
        on(1, owner, usage, side, port, proto, extra)
    };
    // With separate external interfaces, Web Conferencing is on the second and A/V on the
    // third; Access (and federation) stay on the first.
    let (webconf_if, av_if) = if spec.separate_edge_ips { (2, 3) } else { (1, 1) };
    let fq = |f: &str| format!(" ConfiguredFqdn=\"{f}\"");
    match role {
        Role::Registrar | Role::DirectorRegistrar => vec![
            p(
                "Registrar",
                "SipServer",
                "Primary",
                5061,
                "Mtls",
                " GruuType=\"HomeServer\"",
            ),
            p("Registrar", "WebServer", "Primary", 444, "Mtls", ""),
            p("WinFab", "WinFabFederation", "Primary", 5090, "Tcp", ""),
            p("WinFab", "WinFabLeaseAgent", "Primary", 5091, "Tcp", ""),
            p("QoE", "SipServer", "Primary", 5061, "Mtls", " GruuType=\"QoS\""),
            p(
                "XmppFederation",
                "SipServer",
                "Primary",
                5098,
                "Mtls",
                " GruuType=\"XmppFederation\"",
            ),
        ],
        Role::UserServices => vec![
            p("McuFactory", "WebServer", "Primary", 444, "Mtls", ""),
            p("PresenceFocus", "UserPinManagement", "Primary", 443, "Https", ""),
        ],
        Role::WebServices | Role::DirectorWebServices => vec![
            p(
                "OCSWebSite",
                "WebSite",
                "External",
                8080,
                "Http",
                " ConfiguredPort=\"80\"",
            ),
            p(
                "OCSWebSite",
                "WebSite",
                "External",
                4443,
                "Https",
                " ConfiguredPort=\"443\"",
            ),
            p("OCSWebSite", "WebSite", "Primary", 443, "Https", ""),
        ],
        Role::ConfServices => vec![
            p("IMConf", "SipServer", "Primary", 5062, "Mtls", " GruuType=\"chat\""),
            p("DataConf", "PsomClient", "Primary", 8057, "Tls", ""),
            p(
                "AVConf",
                "SipServer",
                "Primary",
                5063,
                "Mtls",
                " GruuType=\"audio-video\"",
            ),
            p(
                "MediaComp",
                "AudioCommunication",
                "Primary",
                49152,
                "TcpOrUdp",
                " Range=\"8348\"",
            ),
        ],
        Role::MediationServer => vec![
            p(
                "Mediation",
                "SipServer",
                "Primary",
                5070,
                "Mtls",
                " GruuType=\"MediationServer\"",
            ),
            p("Mediation", "SipClient", "Pstn", 5067, "Tls", ""),
        ],
        Role::ApplicationServer => vec![p(
            "MediaComp",
            "AudioCommunication",
            "Primary",
            49152,
            "TcpOrUdp",
            " Range=\"8348\"",
        )],
        Role::ManagementServices | Role::ExtraEdgeManagement(_) => {
            vec![p("ReplicationService", "Replication", "Internal", 4443, "Https", "")]
        }
        Role::EdgeServer | Role::ExtraEdge(_) => {
            let k = role.edge_index().unwrap_or_default();
            let n = edge_names(spec, i, k);
            let client_port = if spec.access_client_on_5061 { 5061 } else { 443 };
            let mut v = vec![
                p("AccessEdge", "SipServer", "Internal", 5061, "Mtls", ""),
                p(
                    "AccessEdge",
                    "SipClient",
                    "External",
                    client_port,
                    "Tls",
                    &fq(&n.access),
                ),
                p("DataEdge", "PsomServer", "Internal", 8057, "Mtls", ""),
                on(
                    webconf_if,
                    "DataEdge",
                    "PsomClient",
                    "External",
                    443,
                    "Tls",
                    &fq(&n.webconf),
                ),
                p(
                    "MediaRelayAuthenticationEdge",
                    "SipServer",
                    "Internal",
                    5062,
                    "Mtls",
                    " GruuType=\"MRAS\"",
                ),
                p("MediaRelayEdge", "TURNServer", "Internal", 443, "Tcp", ""),
                on(
                    av_if,
                    "MediaRelayEdge",
                    "TURNServer",
                    "External",
                    443,
                    "Tcp",
                    &fq(&n.av),
                ),
                p("MediaRelayEdge", "TURNServer", "Internal", 3478, "Udp", ""),
                on(
                    av_if,
                    "MediaRelayEdge",
                    "TURNServer",
                    "External",
                    3478,
                    "Udp",
                    &fq(&n.av),
                ),
                on(
                    av_if,
                    "MediaRelayEdge",
                    "MediaCommunication",
                    "External",
                    50000,
                    "TcpOrUdp",
                    &format!(" Range=\"10000\"{}", fq(&n.av)),
                ),
            ];
            if sip_federated(spec, i, k) {
                v.push(p("AccessEdge", "SipServer", "External", 5061, "Mtls", &fq(&n.access)));
            }
            if spec.service_version >= 7 {
                v.push(p("SkypeSearchProxy", "WebServer", "Internal", 4443, "Mtls", ""));
            }
            if xmpp_federated(spec, i, k) {
                v.push(p("XmppFederationProxy", "XmppServer", "External", 5269, "Tls", ""));
                v.push(p("XmppFederationProxy", "XptServer", "Internal", 23456, "Mtls", ""));
            }
            v
        }
        _ => vec![],
    }
}

fn role_specific(spec: &Spec, i: usize, role: Role) -> Vec<String> {
    let n = names(spec, i);
    match role {
        Role::Registrar => match backup_of(spec, i) {
            None => vec![format!("<RegistrarService IsDirector=\"false\" xmlns=\"{SR}\" />")],
            Some(b) => {
                let attrs = "EnableAutomaticFailover=\"true\" FailbackDetectionInterval=\"P0Y0M0DT0H10M0S\" FailureDetectionInterval=\"P0Y0M0DT0H5M0S\"";
                let backup = match spec.format {
                    Format::Published => vec![
                        format!("  <Backup {attrs}>"),
                        format!(
                            "    <ServiceId xmlns=\"{T}\" SiteId=\"{}\" RoleName=\"Registrar\" Instance=\"1\" />",
                            b + 1
                        ),
                        "  </Backup>".to_owned(),
                    ],
                    // How a Topology Builder file names the backup pool is not known; the
                    // planner reads a ServiceUniqueId, as a Dependency has.
                    Format::TopologyBuilder => vec![format!(
                        "  <Backup {attrs} ServiceUniqueId=\"{}\" />",
                        service_guid(b, Role::Registrar)
                    )],
                };
                let mut v = vec![format!("<RegistrarService IsDirector=\"false\" xmlns=\"{SR}\">")];
                v.extend(backup);
                v.push("</RegistrarService>".into());
                v
            }
        },
        Role::DirectorRegistrar => vec![format!("<RegistrarService IsDirector=\"true\" xmlns=\"{SR}\" />")],
        Role::FileStore => vec![format!(
            "<FileStoreService ShareName=\"share-{}\" xmlns=\"{SR}\" />",
            code(&spec.sites[i])
        )],
        Role::CentralMgmt => vec![format!("<CentralMgmtService IsActive=\"{}\" xmlns=\"{SR}\" />", i == 0)],
        Role::ApplicationServer => vec![format!("<ApplicationServerService xmlns=\"{SR}\" />")],
        Role::WebServices | Role::DirectorWebServices => {
            let host = if role == Role::WebServices { &n.fe } else { &n.director };
            vec![
                format!("<WebService xmlns=\"{SR}\">"),
                format!("  <ExternalSettings Host=\"ext-{host}\">"),
                "    <OverrideUrls />".into(),
                "  </ExternalSettings>".into(),
                "</WebService>".into(),
            ]
        }
        Role::ConfServices => vec![
            format!("<ConfService xmlns=\"{SR}\">"),
            "  <MCUs>".into(),
            "    <MCU ComponentName=\"IMConf\" Vendor=\"Microsoft\" />".into(),
            "    <MCU ComponentName=\"DataConf\" Vendor=\"Microsoft\" MinSupportedMode=\"14\" />".into(),
            "    <MCU ComponentName=\"AVConf\" Vendor=\"Microsoft\" />".into(),
            "  </MCUs>".into(),
            "</ConfService>".into(),
        ],
        _ => vec![],
    }
}

/// Clusters of a site as (cluster number, FQDN, machine FQDNs), in file order.
fn clusters(spec: &Spec, i: usize) -> Vec<(usize, String, Vec<String>)> {
    let s = &spec.sites[i];
    let n = names(spec, i);
    let c = code(s);
    let d = &spec.domains[0];
    let mut v = vec![(
        1,
        n.fe.clone(),
        (1..=s.fe_servers).map(|k| format!("fe{k:02}-{c}.{d}")).collect(),
    )];
    if s.edge_servers > 0 {
        v.push((
            2,
            n.edge.clone(),
            (1..=s.edge_servers).map(|k| format!("edge{k:02}-{c}.{d}")).collect(),
        ));
    }
    if s.director {
        v.push((
            3,
            n.director.clone(),
            vec![format!("dir01-{c}.{d}"), format!("dir02-{c}.{d}")],
        ));
    }
    v.push((4, n.sql.clone(), vec![n.sql.clone()]));
    v.push((5, n.file.clone(), vec![n.file.clone()]));
    for k in 1..=s.extra_edges {
        let e = edge_names(spec, i, k);
        v.push((
            5 + k,
            e.edge,
            (1..=s.edge_servers.max(1))
                .map(|m| format!("edge{}-{m:02}-{c}.{d}", k + 1))
                .collect(),
        ));
    }
    v
}

/// Front End, Edge and Director clusters (1 to 3, and extra Edge pools from 6); the SQL and
/// file servers (4 and 5) are single machines.
fn is_server_pool(num: usize) -> bool {
    num <= 3 || num > 5
}

/// A site's settings, after its `Location`, as real Lync Server 2013 exports write them.
fn site_settings(spec: &Spec, i: usize, w: &mut W, depth: usize) {
    let route = &spec.sites[i].route;
    if *route == Route::NoSettings {
        return;
    }
    w.line(
        depth,
        "<SiteConfiguration Type=\"Microsoft.Rtc.Management.Deploy.Internal.SiteConfigurations.OCSSiteConfiguration\">",
    );
    w.line(
        depth + 1,
        "<OCSSiteConfiguration xmlns=\"urn:schema:Microsoft.Rtc.Management.Deploy.SiteConfigurations.2008\">",
    );
    let reference = |site: usize, role: Role| match spec.format {
        Format::Published => format!(
            "<ServiceId xmlns=\"{T}\" SiteId=\"{}\" RoleName=\"{}\" Instance=\"{}\" />",
            site + 1,
            role.name(),
            role.instance()
        ),
        Format::TopologyBuilder => format!(
            "<ServiceId ServiceUniqueId=\"{}\" />",
            guid(3, site, role.ordinal() + 1)
        ),
    };
    let inner = match route {
        Route::NoSettings | Route::Empty => None,
        Route::Edge { site, edge: 0 } => Some(reference(*site, Role::EdgeServer)),
        Route::Edge { site, edge } => Some(reference(*site, Role::ExtraEdge(*edge))),
        Route::Director { site } => Some(reference(*site, Role::DirectorRegistrar)),
        Route::Unknown(raw) => Some(raw.clone()),
    };
    match inner {
        None => w.line(depth + 2, "<FederationRoute />"),
        Some(inner) => {
            w.line(depth + 2, "<FederationRoute>");
            w.line(depth + 3, &inner);
            w.line(depth + 2, "</FederationRoute>");
        }
    }
    w.line(
        depth + 2,
        "<UpaSeparator xmlns=\"urn:schema:Microsoft.Rtc.Management.BaseTypes.2008\" />",
    );
    w.line(depth + 1, "</OCSSiteConfiguration>");
    w.line(depth, "</SiteConfiguration>");
}

fn cluster_number(role: Role) -> usize {
    if let Role::ExtraEdge(k) | Role::ExtraEdgeManagement(k) = role {
        return 5 + k;
    }
    match role.cluster() {
        0 => 1,
        1 => 2,
        2 => 3,
        3 => 4,
        _ => 5,
    }
}

fn net_interfaces(spec: &Spec, i: usize, cluster: usize, k: usize) -> Vec<String> {
    let o = (i % 250) + 1;
    if cluster > 5 {
        // An extra Edge pool: addresses of its own.
        return vec![
            format!("<NetInterface InterfaceSide=\"Internal\" InterfaceNumber=\"1\" IPAddress=\"10.{o}.{cluster}.{}\" />", 10 + k),
            format!(
                "<NetInterface InterfaceSide=\"External\" InterfaceNumber=\"1\" IPAddress=\"172.16.{o}.{}\" ConfiguredIPAddress=\"203.0.{}.{}\" />",
                cluster * 10 + k,
                o % 256,
                cluster * 10 + k
            ),
        ];
    }
    match cluster {
        2 => {
            let mut v = vec![format!(
                "<NetInterface InterfaceSide=\"Internal\" InterfaceNumber=\"1\" IPAddress=\"10.{o}.2.{}\" />",
                10 + k
            )];
            // Access on the first external interface, then Web Conferencing and A/V.
            let interfaces = if spec.separate_edge_ips { 3 } else { 1 };
            for n in 1..=interfaces {
                let host = 10 * n + k;
                v.push(format!(
                    "<NetInterface InterfaceSide=\"External\" InterfaceNumber=\"{n}\" IPAddress=\"172.16.{o}.{host}\" ConfiguredIPAddress=\"203.0.{}.{host}\" />",
                    o % 256,
                ));
            }
            v
        }
        1 | 3 => vec![
            format!(
                "<NetInterface InterfaceSide=\"Primary\" InterfaceNumber=\"1\" IPAddress=\"10.{o}.{cluster}.{}\" />",
                10 + k
            ),
            "<NetInterface InterfaceSide=\"External\" InterfaceNumber=\"1\" IPAddress=\"0.0.0.0\" />".into(),
        ],
        _ => vec![],
    }
}

pub fn generate(spec: &Spec) -> String {
    let mut w = W {
        out: String::new(),
        eol: if spec.crlf { "\r\n" } else { "\n" },
    };
    match spec.format {
        Format::Published => published(spec, &mut w),
        Format::TopologyBuilder => topology_builder(spec, &mut w),
    }
    w.out
}

fn signature(spec: &Spec) -> String {
    // Different organisations must not share a Signature, as real topologies do not.
    let seed = spec.domains[0].bytes().fold(spec.sites.len() as u64, |h, b| {
        h.wrapping_mul(31).wrapping_add(b as u64)
    });
    format!(
        "5a1e{:04x}-0f0f-4a4a-9b9b-{:012x}",
        spec.sites.len() & 0xffff,
        seed & 0xffff_ffff_ffff
    )
}

fn published(spec: &Spec, w: &mut W) {
    w.line(
        0,
        &format!("<Topology xmlns=\"{T}\" Signature=\"{}\">", signature(spec)),
    );
    w.line(
        1,
        &format!(
            "<InternalDomains AllowAllDomains=\"false\" DefaultDomain=\"{}\">",
            spec.domains[0]
        ),
    );
    for d in &spec.domains {
        w.line(
            2,
            &format!("<InternalDomain Name=\"{d}\" Authoritative=\"false\" AllowSubDomains=\"false\" />"),
        );
    }
    w.line(1, "</InternalDomains>");
    w.line(1, "<Sites>");
    for (i, s) in spec.sites.iter().enumerate() {
        w.line(2, &format!("<CentralSite SiteId=\"{}\">", i + 1));
        w.line(3, &format!("<Name>{}</Name>", s.name));
        w.line(
            3,
            &format!("<Location City=\"{}\" CountryCode=\"{}\" />", s.city, s.country),
        );
        site_settings(spec, i, w, 3);
        w.line(2, "</CentralSite>");
    }
    w.line(1, "</Sites>");
    w.line(1, "<Clusters>");
    for i in 0..spec.sites.len() {
        for (num, fqdn, machines) in clusters(spec, i) {
            let setup = if is_server_pool(num) { "true" } else { "false" };
            w.line(
                2,
                &format!("<Cluster RequiresReplication=\"{setup}\" RequiresSetup=\"{setup}\" Fqdn=\"{fqdn}\">"),
            );
            w.line(3, &format!("<ClusterId SiteId=\"{}\" Number=\"{num}\" />", i + 1));
            for (k, m) in machines.iter().enumerate() {
                let nics = net_interfaces(spec, i, num, k);
                let fd = if num == 1 {
                    format!(" FaultDomain=\"{m}\" UpgradeDomain=\"{m}\"")
                } else {
                    String::new()
                };
                if nics.is_empty() {
                    w.line(
                        3,
                        &format!("<Machine OrdinalInCluster=\"{}\" Fqdn=\"{m}\"{fd} />", k + 1),
                    );
                } else {
                    w.line(3, &format!("<Machine OrdinalInCluster=\"{}\" Fqdn=\"{m}\"{fd}>", k + 1));
                    for n in nics {
                        w.line(4, &n);
                    }
                    w.line(3, "</Machine>");
                }
            }
            w.line(2, "</Cluster>");
        }
    }
    w.line(1, "</Clusters>");
    w.line(1, "<SqlInstances>");
    for i in 0..spec.sites.len() {
        w.line(2, "<SqlInstance>");
        w.line(3, "<SqlInstanceId Name=\"rtc\">");
        w.line(4, &format!("<ClusterId SiteId=\"{}\" Number=\"4\" />", i + 1));
        w.line(3, "</SqlInstanceId>");
        w.line(2, "</SqlInstance>");
    }
    w.line(1, "</SqlInstances>");
    w.line(1, "<Services>");
    let sv = spec.service_version;
    for i in 0..spec.sites.len() {
        for role in roles(spec, i) {
            let ty = role
                .type_attr()
                .map(|t| format!(" Type=\"Microsoft.Rtc.Management.Deploy.Internal.ServiceRoles.{t}\""))
                .unwrap_or_default();
            let rv = if matches!(
                role,
                Role::UserServices | Role::Registrar | Role::DirectorRegistrar | Role::EdgeServer
            ) {
                2
            } else {
                1
            };
            w.line(
                2,
                &format!("<Service RoleVersion=\"{rv}\" ServiceVersion=\"{sv}\"{ty}>"),
            );
            w.line(
                3,
                &format!(
                    "<ServiceId SiteId=\"{}\" RoleName=\"{}\" Instance=\"{}\" />",
                    i + 1,
                    role.name(),
                    role.instance()
                ),
            );
            let d = deps(spec, i, role);
            if d.is_empty() {
                w.line(3, "<DependsOn />");
            } else {
                w.line(3, "<DependsOn>");
                for (site, r) in d {
                    w.line(4, "<Dependency Usage=\"Default\">");
                    w.line(
                        5,
                        &format!(
                            "<ServiceId SiteId=\"{}\" RoleName=\"{}\" Instance=\"{}\" />",
                            site + 1,
                            r.name(),
                            r.instance()
                        ),
                    );
                    w.line(4, "</Dependency>");
                }
                w.line(3, "</DependsOn>");
            }
            w.line(3, "<InstalledOn>");
            if role.on_sql() {
                w.line(4, "<SqlInstanceId Name=\"rtc\">");
                w.line(5, &format!("<ClusterId SiteId=\"{}\" Number=\"4\" />", i + 1));
                w.line(4, "</SqlInstanceId>");
            } else {
                w.line(
                    4,
                    &format!("<ClusterId SiteId=\"{}\" Number=\"{}\" />", i + 1, cluster_number(role)),
                );
            }
            w.line(3, "</InstalledOn>");
            ports_and_specific(spec, i, role, w, 3);
            w.line(2, "</Service>");
        }
    }
    w.line(1, "</Services>");
    w.line(0, "</Topology>");
}

fn ports_and_specific(spec: &Spec, i: usize, role: Role, w: &mut W, depth: usize) {
    let ports = ports(spec, i, role);
    if ports.is_empty() {
        w.line(depth, &format!("<Ports xmlns=\"{SR}\" />"));
    } else {
        w.line(depth, &format!("<Ports xmlns=\"{SR}\">"));
        for p in ports {
            w.line(depth + 1, &p);
        }
        w.line(depth, "</Ports>");
    }
    for l in role_specific(spec, i, role) {
        w.line(depth, &l);
    }
}

fn topology_builder(spec: &Spec, w: &mut W) {
    let tb = "urn:schema:Microsoft.Rtc.Management.Deploy.TopologyBuilder.2008";
    w.out.push('\u{feff}');
    w.line(0, "<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    w.line(
        0,
        &format!(
            "<TopologyBuilder IsFreeFromChanges=\"true\" FileName=\"C:\\Topologies\\{}.tbxml\" xmlns=\"{tb}\">",
            spec.org
        ),
    );
    if spec.original_topology {
        // What was downloaded, kept beside what will be published: the same content here,
        // so an edit must leave this copy alone.
        w.line(
            1,
            &format!("<OriginalTopology SignatureOfSimpleUrl=\"{}\">", guid(4, 0, 0)),
        );
        partial_topology(spec, w);
        w.line(1, "</OriginalTopology>");
    }
    w.line(1, "<NewTopology>");
    partial_topology(spec, w);
    w.line(1, "</NewTopology>");
    w.line(0, "</TopologyBuilder>");
}

fn partial_topology(spec: &Spec, w: &mut W) {
    let wt = "urn:schema:Microsoft.Rtc.Management.Deploy.WritableTopology.2008";
    w.line(
        2,
        &format!(
            "<PartialTopology IsPublished=\"true\" Signature=\"{}\" xmlns=\"{wt}\">",
            signature(spec)
        ),
    );
    w.line(
        3,
        &format!(
            "<InternalDomains AllowAllDomains=\"false\" DefaultDomain=\"{}\" xmlns=\"{T}\">",
            spec.domains[0]
        ),
    );
    for d in &spec.domains {
        w.line(
            4,
            &format!("<InternalDomain Name=\"{d}\" Authoritative=\"false\" AllowSubDomains=\"false\" />"),
        );
    }
    w.line(3, "</InternalDomains>");
    w.line(3, "<SimpleUrlConfiguration UseBackendDatabase=\"false\" xmlns=\"urn:schema:Microsoft.Rtc.Management.Settings.SimpleUrl.2008\">");
    w.line(
        4,
        &format!(
            "<SimpleUrl Component=\"Meet\" Domain=\"{0}\" ActiveUrl=\"https://meet.{0}\">",
            spec.domains[0]
        ),
    );
    w.line(
        5,
        &format!("<SimpleUrlEntry Url=\"https://meet.{}\" />", spec.domains[0]),
    );
    w.line(4, "</SimpleUrl>");
    w.line(3, "</SimpleUrlConfiguration>");
    w.line(3, "<CentralSites>");
    for (i, s) in spec.sites.iter().enumerate() {
        w.line(4, &format!("<CentralSite SiteId=\"{}\">", i + 1));
        w.line(5, &format!("<Name xmlns=\"{T}\">{}</Name>", s.name));
        w.line(
            5,
            &format!(
                "<Location City=\"{}\" CountryCode=\"{}\" xmlns=\"{T}\" />",
                s.city, s.country
            ),
        );
        site_settings(spec, i, w, 5);
        w.line(5, "<Clusters>");
        for (num, fqdn, machines) in clusters(spec, i) {
            let single = !is_server_pool(num);
            let setup = if is_server_pool(num) { "true" } else { "false" };
            w.line(
                6,
                &format!(
                    "<Cluster IsSingleMachineOnly=\"{single}\" UniqueId=\"{}\" RequiresReplication=\"{setup}\" RequiresSetup=\"{setup}\" Fqdn=\"{fqdn}\">",
                    guid(1, i, num)
                ),
            );
            w.line(7, "<Machines>");
            if single {
                w.line(8, "<Machine />");
            } else {
                for (k, m) in machines.iter().enumerate() {
                    w.line(8, &format!("<Machine Fqdn=\"{m}\">"));
                    for n in net_interfaces(spec, i, num, k) {
                        w.line(9, &n.replace(" />", &format!(" xmlns=\"{T}\" />")));
                    }
                    w.line(8, "</Machine>");
                }
            }
            w.line(7, "</Machines>");
            if num == 4 {
                w.line(7, "<SqlInstances>");
                w.line(
                    8,
                    &format!("<SqlInstance UniqueId=\"{}\" Name=\"rtc\" />", guid(2, i, 0)),
                );
                w.line(7, "</SqlInstances>");
            } else {
                w.line(7, "<SqlInstances />");
            }
            w.line(6, "</Cluster>");
        }
        w.line(5, "</Clusters>");
        w.line(5, "<RemoteSites />");
        w.line(4, "</CentralSite>");
    }
    w.line(3, "</CentralSites>");
    w.line(3, "<Services>");
    let sv = spec.service_version;
    for i in 0..spec.sites.len() {
        for role in roles(spec, i) {
            let ty = role
                .type_attr()
                .map(|t| format!(" Type=\"Microsoft.Rtc.Management.Deploy.Internal.ServiceRoles.{t}\""))
                .unwrap_or_default();
            let on = if role.on_sql() {
                guid(2, i, 0)
            } else {
                guid(1, i, cluster_number(role))
            };
            w.line(
                4,
                &format!(
                    "<Service UniqueId=\"{}\" RoleName=\"{}\" RoleVersion=\"1\" InstalledOn=\"{on}\" ServiceVersion=\"{sv}\"{ty}>",
                    service_guid(i, role),
                    role.name()
                ),
            );
            let d = deps(spec, i, role);
            if d.is_empty() {
                w.line(5, "<DependsOn />");
            } else {
                w.line(5, "<DependsOn>");
                for (site, r) in d {
                    w.line(
                        6,
                        &format!(
                            "<Dependency ServiceUniqueId=\"{}\" Usage=\"Default\" />",
                            service_guid(site, r)
                        ),
                    );
                }
                w.line(5, "</DependsOn>");
            }
            ports_and_specific(spec, i, role, w, 5);
            w.line(4, "</Service>");
        }
    }
    w.line(3, "</Services>");
    w.line(2, "</PartialTopology>");
}
