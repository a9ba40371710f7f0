#![cfg(not(target_arch = "wasm32"))]
//! Every fixture, the project's own and the real exports beside it: what the model reads from
//! it, the byte-identical round trip in every encoding administrators produce, and the failover
//! output, which must change only the lines the failover needs.

mod support;

use std::path::Path;

use edge_failover_planner::edit::{Diff, DiffLineKind};
use edge_failover_planner::plan::{self, FailoverRequest, Failure, PlanError};
use edge_failover_planner::topology::by_name::Summary;
use edge_failover_planner::topology::{
    EdgePool, FindingKind, Format, LineEnding, PoolKind, ServiceKey, Severity, SiteKind, TextEncoding, TopologyFile,
};
use support::{crlf, decode_utf16, encode, fixture_text, name, Encoding, RECODINGS};

fn load(path: &Path) -> (Vec<u8>, TopologyFile) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file = TopologyFile::read(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (bytes, file)
}

// ---- What each fixture holds ----

struct ExpectedSite {
    name: &'static str,
    id: &'static str,
    front_ends: &'static [&'static str],
    directors: &'static [&'static str],
    edges: &'static [&'static str],
}

struct ExpectedEdge {
    fqdn: &'static str,
    site: &'static str,
    servers: usize,
    sip: bool,
    xmpp: bool,
    access: &'static str,
    next_hop: &'static str,
    next_hop_kind: PoolKind,
    front_ends: &'static [&'static str],
}

struct Expected {
    file: &'static str,
    format: Format,
    product: &'static str,
    encoding: &'static str,
    line_ending: LineEnding,
    domains: &'static [&'static str],
    sites: &'static [ExpectedSite],
    edges: &'static [ExpectedEdge],
    sip_pool: Option<&'static str>,
    xmpp_pool: Option<&'static str>,
    /// Every finding, by kind, in the order the model sorts them.
    findings: &'static [FindingKind],
}

const SFB2015: &str = "Skype for Business Server 2015";

/// The built-in sample and its Topology Builder twin share everything but the format.
const FABRIKAM_SITES: &[ExpectedSite] = &[
    ExpectedSite {
        name: "Amsterdam",
        id: "1",
        front_ends: &["pool-amsterdam.fabrikam.com"],
        directors: &["dir-amsterdam.fabrikam.com"],
        edges: &["edgepool-amsterdam.fabrikam.com"],
    },
    ExpectedSite {
        name: "Boston",
        id: "2",
        front_ends: &["pool-boston.fabrikam.com"],
        directors: &["dir-boston.fabrikam.com"],
        edges: &["edgepool-boston.fabrikam.com"],
    },
];

const FABRIKAM_EDGES: &[ExpectedEdge] = &[
    ExpectedEdge {
        fqdn: "edgepool-amsterdam.fabrikam.com",
        site: "Amsterdam",
        servers: 2,
        sip: true,
        xmpp: true,
        access: "sip-amsterdam.fabrikam.com",
        next_hop: "dir-amsterdam.fabrikam.com",
        next_hop_kind: PoolKind::Director,
        front_ends: &["pool-amsterdam.fabrikam.com"],
    },
    ExpectedEdge {
        fqdn: "edgepool-boston.fabrikam.com",
        site: "Boston",
        servers: 2,
        sip: false,
        xmpp: false,
        access: "sip-boston.fabrikam.com",
        next_hop: "dir-boston.fabrikam.com",
        next_hop_kind: PoolKind::Director,
        front_ends: &["pool-boston.fabrikam.com"],
    },
];

/// Two sites with a Front End pool and an Edge pool each, as the generator writes them for
/// `domain`; `fed` is the site index carrying SIP federation.
macro_rules! two_site_edges {
    ($d:literal, $fed:literal) => {
        &[
            ExpectedEdge {
                fqdn: concat!("edgepool-amsterdam.", $d),
                site: "Amsterdam",
                servers: 2,
                sip: $fed == 0,
                xmpp: false,
                access: concat!("sip-amsterdam.", $d),
                next_hop: concat!("pool-amsterdam.", $d),
                next_hop_kind: PoolKind::FrontEnd,
                front_ends: &[concat!("pool-amsterdam.", $d)],
            },
            ExpectedEdge {
                fqdn: concat!("edgepool-boston.", $d),
                site: "Boston",
                servers: 2,
                sip: $fed == 1,
                xmpp: false,
                access: concat!("sip-boston.", $d),
                next_hop: concat!("pool-boston.", $d),
                next_hop_kind: PoolKind::FrontEnd,
                front_ends: &[concat!("pool-boston.", $d)],
            },
        ]
    };
}

macro_rules! two_sites {
    ($d:literal) => {
        &[
            ExpectedSite {
                name: "Amsterdam",
                id: "1",
                front_ends: &[concat!("pool-amsterdam.", $d)],
                directors: &[],
                edges: &[concat!("edgepool-amsterdam.", $d)],
            },
            ExpectedSite {
                name: "Boston",
                id: "2",
                front_ends: &[concat!("pool-boston.", $d)],
                directors: &[],
                edges: &[concat!("edgepool-boston.", $d)],
            },
        ]
    };
}

/// An extra Edge pool of Woodgrove's Amsterdam site: federated, used by no Front End pool.
macro_rules! woodgrove_unused_edge {
    ($fqdn:literal, $access:literal) => {
        ExpectedEdge {
            fqdn: $fqdn,
            site: "Amsterdam",
            servers: 2,
            sip: true,
            xmpp: true,
            access: $access,
            next_hop: "pool-amsterdam.woodgrove.com",
            next_hop_kind: PoolKind::FrontEnd,
            front_ends: &[],
        }
    };
}

macro_rules! wingtip_edge {
    ($code:literal, $site:literal, $sip:literal, $xmpp:literal) => {
        ExpectedEdge {
            fqdn: concat!("edgepool-", $code, ".wingtiptoys.com"),
            site: $site,
            servers: 2,
            sip: $sip,
            xmpp: $xmpp,
            access: concat!("sip-", $code, ".wingtiptoys.com"),
            next_hop: concat!("pool-", $code, ".wingtiptoys.com"),
            next_hop_kind: PoolKind::FrontEnd,
            front_ends: &[concat!("pool-", $code, ".wingtiptoys.com")],
        }
    };
}

macro_rules! northwind_site {
    ($name:literal, $id:literal, $code:literal) => {
        ExpectedSite {
            name: $name,
            id: $id,
            front_ends: &[concat!("pool-", $code, ".northwindtraders.com")],
            directors: &[concat!("dir-", $code, ".northwindtraders.com")],
            edges: &[concat!("edgepool-", $code, ".northwindtraders.com")],
        }
    };
}

macro_rules! northwind_edge {
    ($code:literal, $site:literal, $sip:literal) => {
        ExpectedEdge {
            fqdn: concat!("edgepool-", $code, ".northwindtraders.com"),
            site: $site,
            servers: 2,
            sip: $sip,
            xmpp: false,
            access: concat!("sip-", $code, ".northwindtraders.com"),
            next_hop: concat!("dir-", $code, ".northwindtraders.com"),
            next_hop_kind: PoolKind::Director,
            front_ends: &[concat!("pool-", $code, ".northwindtraders.com")],
        }
    };
}

const SYNTHETIC_SITES: &[ExpectedSite] = &[
    ExpectedSite {
        name: "SiteA",
        id: "1",
        front_ends: &["poolA.contoso.com"],
        directors: &[],
        edges: &["edgeA.contoso.com"],
    },
    ExpectedSite {
        name: "SiteB",
        id: "2",
        front_ends: &["poolB.contoso.com"],
        directors: &[],
        edges: &["edgeB.contoso.com"],
    },
];

const EXPECTED: &[Expected] = &[
    Expected {
        file: "sample.xml",
        format: Format::Published,
        product: SFB2015,
        encoding: "UTF-8",
        line_ending: LineEnding::Lf,
        domains: &["fabrikam.com", "fabrikam.net"],
        sites: FABRIKAM_SITES,
        edges: FABRIKAM_EDGES,
        sip_pool: Some("edgepool-amsterdam.fabrikam.com"),
        xmpp_pool: Some("edgepool-amsterdam.fabrikam.com"),
        findings: &[],
    },
    Expected {
        file: "fabrikam-two-sites.tbxml",
        format: Format::TopologyBuilder,
        product: SFB2015,
        encoding: "UTF-8 with BOM",
        line_ending: LineEnding::Lf,
        domains: &["fabrikam.com", "fabrikam.net"],
        sites: FABRIKAM_SITES,
        edges: FABRIKAM_EDGES,
        sip_pool: Some("edgepool-amsterdam.fabrikam.com"),
        xmpp_pool: Some("edgepool-amsterdam.fabrikam.com"),
        findings: &[],
    },
    Expected {
        file: "litware-three-sites-crlf.xml",
        format: Format::Published,
        product: SFB2015,
        encoding: "UTF-8",
        line_ending: LineEnding::CrLf,
        domains: &["litware.org"],
        sites: &[
            ExpectedSite {
                name: "Amsterdam",
                id: "1",
                front_ends: &["pool-amsterdam.litware.org"],
                directors: &[],
                edges: &["edgepool-amsterdam.litware.org"],
            },
            ExpectedSite {
                name: "Boston",
                id: "2",
                front_ends: &["pool-boston.litware.org"],
                directors: &[],
                edges: &["edgepool-boston.litware.org"],
            },
            ExpectedSite {
                name: "Cape Town",
                id: "3",
                front_ends: &["pool-capetown.litware.org"],
                directors: &[],
                edges: &[],
            },
        ],
        edges: &[
            ExpectedEdge {
                fqdn: "edgepool-amsterdam.litware.org",
                site: "Amsterdam",
                servers: 2,
                sip: true,
                xmpp: false,
                access: "sip-amsterdam.litware.org",
                next_hop: "pool-amsterdam.litware.org",
                next_hop_kind: PoolKind::FrontEnd,
                // The Edge-less site uses the federation site's Edge pool for media.
                front_ends: &["pool-amsterdam.litware.org", "pool-capetown.litware.org"],
            },
            ExpectedEdge {
                fqdn: "edgepool-boston.litware.org",
                site: "Boston",
                servers: 2,
                sip: false,
                xmpp: true,
                access: "sip-boston.litware.org",
                next_hop: "pool-boston.litware.org",
                next_hop_kind: PoolKind::FrontEnd,
                front_ends: &["pool-boston.litware.org"],
            },
        ],
        sip_pool: Some("edgepool-amsterdam.litware.org"),
        xmpp_pool: Some("edgepool-boston.litware.org"),
        findings: &[],
    },
    Expected {
        file: "adatum-2019.xml",
        format: Format::Published,
        product: "Skype for Business Server 2019",
        encoding: "UTF-8",
        line_ending: LineEnding::Lf,
        domains: &["adatum.com"],
        sites: two_sites!("adatum.com"),
        edges: two_site_edges!("adatum.com", 0),
        sip_pool: Some("edgepool-amsterdam.adatum.com"),
        xmpp_pool: None,
        findings: &[],
    },
    Expected {
        file: "tailspin-lync2013.xml",
        format: Format::Published,
        product: "Lync Server 2013",
        encoding: "UTF-8",
        line_ending: LineEnding::Lf,
        domains: &["tailspin.net"],
        sites: two_sites!("tailspin.net"),
        edges: two_site_edges!("tailspin.net", 1),
        sip_pool: Some("edgepool-boston.tailspin.net"),
        xmpp_pool: None,
        findings: &[],
    },
    Expected {
        file: "woodgrove-lync2013-four-edges.xml",
        format: Format::Published,
        product: "Lync Server 2013",
        encoding: "UTF-16LE with BOM",
        line_ending: LineEnding::CrLf,
        domains: &["woodgrove.com"],
        sites: &[
            ExpectedSite {
                name: "Amsterdam",
                id: "1",
                front_ends: &["pool-amsterdam.woodgrove.com"],
                directors: &[],
                edges: &[
                    "edgepool-amsterdam.woodgrove.com",
                    "edgepool2-amsterdam.woodgrove.com",
                    "edgepool3-amsterdam.woodgrove.com",
                    "edgepool4-amsterdam.woodgrove.com",
                ],
            },
            ExpectedSite {
                name: "Boston",
                id: "2",
                front_ends: &["pool-boston.woodgrove.com"],
                directors: &[],
                edges: &["edgepool-boston.woodgrove.com"],
            },
        ],
        edges: &[
            ExpectedEdge {
                fqdn: "edgepool-amsterdam.woodgrove.com",
                site: "Amsterdam",
                servers: 2,
                sip: true,
                xmpp: true,
                access: "sip-amsterdam.woodgrove.com",
                next_hop: "pool-amsterdam.woodgrove.com",
                next_hop_kind: PoolKind::FrontEnd,
                front_ends: &["pool-amsterdam.woodgrove.com"],
            },
            woodgrove_unused_edge!("edgepool2-amsterdam.woodgrove.com", "sip2-amsterdam.woodgrove.com"),
            woodgrove_unused_edge!("edgepool3-amsterdam.woodgrove.com", "sip3-amsterdam.woodgrove.com"),
            woodgrove_unused_edge!("edgepool4-amsterdam.woodgrove.com", "sip4-amsterdam.woodgrove.com"),
            ExpectedEdge {
                fqdn: "edgepool-boston.woodgrove.com",
                site: "Boston",
                servers: 2,
                sip: false,
                xmpp: false,
                access: "sip-boston.woodgrove.com",
                next_hop: "pool-boston.woodgrove.com",
                next_hop_kind: PoolKind::FrontEnd,
                front_ends: &["pool-boston.woodgrove.com"],
            },
        ],
        // Four pools carry federation: no single one to name.
        sip_pool: None,
        xmpp_pool: None,
        findings: &[FindingKind::MultipleXmppPools, FindingKind::MultipleFederationPools],
    },
    Expected {
        file: "wingtip-two-federated.tbxml",
        format: Format::TopologyBuilder,
        product: SFB2015,
        encoding: "UTF-8 with BOM",
        line_ending: LineEnding::Lf,
        domains: &["wingtiptoys.com", "wingtip.net"],
        sites: &[
            ExpectedSite {
                name: "Amsterdam",
                id: "1",
                front_ends: &["pool-amsterdam.wingtiptoys.com"],
                directors: &[],
                edges: &["edgepool-amsterdam.wingtiptoys.com"],
            },
            ExpectedSite {
                name: "Boston",
                id: "2",
                front_ends: &["pool-boston.wingtiptoys.com"],
                directors: &[],
                edges: &["edgepool-boston.wingtiptoys.com"],
            },
            ExpectedSite {
                name: "Cape Town",
                id: "3",
                front_ends: &["pool-capetown.wingtiptoys.com"],
                directors: &[],
                edges: &[
                    "edgepool-capetown.wingtiptoys.com",
                    "edgepool2-capetown.wingtiptoys.com",
                ],
            },
        ],
        edges: &[
            wingtip_edge!("amsterdam", "Amsterdam", true, true),
            wingtip_edge!("boston", "Boston", true, false),
            wingtip_edge!("capetown", "Cape Town", false, false),
            ExpectedEdge {
                fqdn: "edgepool2-capetown.wingtiptoys.com",
                site: "Cape Town",
                servers: 2,
                sip: false,
                xmpp: false,
                access: "sip2-capetown.wingtiptoys.com",
                next_hop: "pool-capetown.wingtiptoys.com",
                next_hop_kind: PoolKind::FrontEnd,
                front_ends: &[],
            },
        ],
        sip_pool: None,
        xmpp_pool: Some("edgepool-amsterdam.wingtiptoys.com"),
        findings: &[FindingKind::MultipleFederationPools],
    },
    Expected {
        file: "northwind-site-routes.xml",
        format: Format::Published,
        product: SFB2015,
        encoding: "UTF-8",
        line_ending: LineEnding::Lf,
        domains: &["northwindtraders.com"],
        sites: &[
            northwind_site!("Amsterdam", "1", "amsterdam"),
            northwind_site!("Boston", "2", "boston"),
            northwind_site!("Cape Town", "3", "capetown"),
            northwind_site!("Dublin", "4", "dublin"),
        ],
        edges: &[
            northwind_edge!("amsterdam", "Amsterdam", true),
            northwind_edge!("boston", "Boston", true),
            northwind_edge!("capetown", "Cape Town", false),
            northwind_edge!("dublin", "Dublin", false),
        ],
        sip_pool: None,
        xmpp_pool: None,
        findings: &[
            FindingKind::FederationRouteNotUnderstood,
            FindingKind::MultipleFederationPools,
        ],
    },
    Expected {
        file: "fourthcoffee-template.xml",
        format: Format::Published,
        product: SFB2015,
        encoding: "UTF-8",
        line_ending: LineEnding::Lf,
        domains: &["[DOMAINID]"],
        sites: two_sites!("[DOMAINID]"),
        edges: &[
            ExpectedEdge {
                fqdn: "edgepool-amsterdam.[DOMAINID]",
                site: "Amsterdam",
                servers: 2,
                sip: true,
                xmpp: true,
                access: "sip-amsterdam.[DOMAINID]",
                next_hop: "pool-amsterdam.[DOMAINID]",
                next_hop_kind: PoolKind::FrontEnd,
                front_ends: &["pool-amsterdam.[DOMAINID]"],
            },
            ExpectedEdge {
                fqdn: "edgepool-boston.[DOMAINID]",
                site: "Boston",
                servers: 2,
                sip: false,
                xmpp: false,
                access: "sip-boston.[DOMAINID]",
                next_hop: "pool-boston.[DOMAINID]",
                next_hop_kind: PoolKind::FrontEnd,
                front_ends: &["pool-boston.[DOMAINID]"],
            },
        ],
        sip_pool: Some("edgepool-amsterdam.[DOMAINID]"),
        xmpp_pool: Some("edgepool-amsterdam.[DOMAINID]"),
        findings: &[FindingKind::TemplateVariables],
    },
    Expected {
        file: "SfBAutomatedLab_Contoso.tbxml",
        format: Format::TopologyBuilder,
        product: SFB2015,
        encoding: "UTF-8 with BOM",
        line_ending: LineEnding::Lf,
        domains: &["contoso.com"],
        sites: &[ExpectedSite {
            name: "Contoso",
            id: "1",
            front_ends: &["frontendpool.contoso.com"],
            directors: &[],
            edges: &["edgepool.contoso.com"],
        }],
        edges: &[ExpectedEdge {
            fqdn: "edgepool.contoso.com",
            site: "Contoso",
            servers: 3,
            sip: true,
            xmpp: true,
            access: "ExternalEdge.contoso.com",
            next_hop: "frontendpool.contoso.com",
            next_hop_kind: PoolKind::FrontEnd,
            front_ends: &["frontendpool.contoso.com"],
        }],
        sip_pool: Some("edgepool.contoso.com"),
        xmpp_pool: Some("edgepool.contoso.com"),
        findings: &[],
    },
    Expected {
        file: "ibenbouzid_DefaultTopology_Skype.xml",
        format: Format::Published,
        product: SFB2015,
        encoding: "UTF-8",
        line_ending: LineEnding::Lf,
        domains: &["contoso.com"],
        sites: &[ExpectedSite {
            name: "TVP",
            id: "1",
            front_ends: &["skypefe.contoso.com"],
            directors: &[],
            edges: &["Edge.contoso.com"],
        }],
        edges: &[ExpectedEdge {
            fqdn: "Edge.contoso.com",
            site: "TVP",
            servers: 1,
            sip: true,
            xmpp: false,
            access: "sip.contoso.com",
            next_hop: "skypefe.contoso.com",
            next_hop_kind: PoolKind::FrontEnd,
            front_ends: &["skypefe.contoso.com"],
        }],
        sip_pool: Some("Edge.contoso.com"),
        xmpp_pool: None,
        findings: &[],
    },
    Expected {
        file: "rlevchenko_DefaultTopology.xml",
        format: Format::Published,
        product: SFB2015,
        encoding: "UTF-8",
        line_ending: LineEnding::Lf,
        domains: &["tenant.rlevchenko.com"],
        sites: &[ExpectedSite {
            name: "Tenant",
            id: "1",
            front_ends: &["poolfe.tenant.rlevchenko.com"],
            directors: &[],
            edges: &[],
        }],
        edges: &[],
        sip_pool: None,
        xmpp_pool: None,
        findings: &[FindingKind::NoEdgePool],
    },
    Expected {
        file: "alvinchen1_USS-SKYPE-CONFIG-3_embedded_topology.xml",
        format: Format::Published,
        product: "Skype for Business Server 2019",
        encoding: "UTF-8",
        line_ending: LineEnding::Lf,
        domains: &["$DomainDnsName"],
        sites: &[ExpectedSite {
            name: "$DomainName",
            id: "1",
            front_ends: &["$SkypeFQDN"],
            directors: &[],
            edges: &[],
        }],
        edges: &[],
        sip_pool: None,
        xmpp_pool: None,
        findings: &[FindingKind::NoEdgePool, FindingKind::TemplateVariables],
    },
    Expected {
        file: "SYNTHETIC_two_sites_before.xml",
        format: Format::Published,
        product: SFB2015,
        encoding: "UTF-8",
        line_ending: LineEnding::Lf,
        domains: &["contoso.com"],
        sites: SYNTHETIC_SITES,
        edges: &[
            ExpectedEdge {
                fqdn: "edgeA.contoso.com",
                site: "SiteA",
                servers: 1,
                sip: true,
                xmpp: false,
                access: "sip.contoso.com",
                next_hop: "poolA.contoso.com",
                next_hop_kind: PoolKind::FrontEnd,
                front_ends: &["poolA.contoso.com"],
            },
            ExpectedEdge {
                fqdn: "edgeB.contoso.com",
                site: "SiteB",
                servers: 1,
                sip: false,
                xmpp: false,
                access: "sipb.contoso.com",
                next_hop: "poolB.contoso.com",
                next_hop_kind: PoolKind::FrontEnd,
                front_ends: &["poolB.contoso.com"],
            },
        ],
        sip_pool: Some("edgeA.contoso.com"),
        xmpp_pool: None,
        findings: &[],
    },
    Expected {
        file: "SYNTHETIC_two_sites_after_failover_to_siteB.xml",
        format: Format::Published,
        product: SFB2015,
        encoding: "UTF-8",
        line_ending: LineEnding::Lf,
        domains: &["contoso.com"],
        sites: SYNTHETIC_SITES,
        edges: &[
            ExpectedEdge {
                fqdn: "edgeA.contoso.com",
                site: "SiteA",
                servers: 1,
                sip: false,
                xmpp: false,
                access: "sip.contoso.com",
                next_hop: "poolA.contoso.com",
                next_hop_kind: PoolKind::FrontEnd,
                front_ends: &[],
            },
            ExpectedEdge {
                fqdn: "edgeB.contoso.com",
                site: "SiteB",
                servers: 1,
                sip: true,
                xmpp: false,
                access: "sipb.contoso.com",
                next_hop: "poolB.contoso.com",
                next_hop_kind: PoolKind::FrontEnd,
                front_ends: &["poolA.contoso.com", "poolB.contoso.com"],
            },
        ],
        sip_pool: Some("edgeB.contoso.com"),
        xmpp_pool: None,
        findings: &[],
    },
];

fn expected_for(path: &Path) -> Option<&'static Expected> {
    let file = name(path);
    EXPECTED.iter().find(|e| e.file == file)
}

fn check_expected(path: &Path, file: &TopologyFile, want: &Expected) {
    let at = name(path);
    let t = &file.topology;
    let s = Summary::of(t);
    assert_eq!(s.format, want.format, "{at}: format");
    assert_eq!(s.product, want.product, "{at}: product");
    assert_eq!(s.encoding, want.encoding, "{at}: encoding");
    assert_eq!(s.line_ending, want.line_ending, "{at}: line ending");
    assert_eq!(s.sip_domains, want.domains, "{at}: SIP domains");
    assert_eq!(
        s.sip_federation_pool.as_deref(),
        want.sip_pool,
        "{at}: SIP federation pool"
    );
    assert_eq!(
        s.xmpp_federation_pool.as_deref(),
        want.xmpp_pool,
        "{at}: XMPP federation pool"
    );

    let sites: Vec<_> = s
        .sites
        .iter()
        .map(|x| {
            assert_eq!(x.kind, SiteKind::Central, "{at}: site {}", x.name);
            (
                x.name.as_str(),
                x.id.as_str(),
                &x.front_end_pools,
                &x.directors,
                &x.edge_pools,
            )
        })
        .collect();
    let want_sites: Vec<_> = want
        .sites
        .iter()
        .map(|x| (x.name, x.id, x.front_ends, x.directors, x.edges))
        .collect();
    assert_eq!(sites.len(), want_sites.len(), "{at}: sites {sites:?}");
    for (got, w) in sites.iter().zip(&want_sites) {
        assert_eq!((got.0, got.1), (w.0, w.1), "{at}: site");
        assert_eq!(got.2, w.2, "{at}: Front End pools of site {}", w.0);
        assert_eq!(got.3, w.3, "{at}: Directors of site {}", w.0);
        assert_eq!(got.4, w.4, "{at}: Edge pools of site {}", w.0);
    }

    let edges: Vec<&str> = s.edge_pools.iter().map(|e| e.fqdn.as_str()).collect();
    let want_edges: Vec<&str> = want.edges.iter().map(|e| e.fqdn).collect();
    assert_eq!(edges, want_edges, "{at}: Edge pools");
    for (e, w) in s.edge_pools.iter().zip(want.edges) {
        let what = format!("{at}: Edge pool {}", w.fqdn);
        assert_eq!(e.site.as_deref(), Some(w.site), "{what}: site");
        assert_eq!(e.servers.len(), w.servers, "{what}: servers {:?}", e.servers);
        assert_eq!(e.sip_federation, w.sip, "{what}: SIP federation");
        assert_eq!(e.xmpp_federation, w.xmpp, "{what}: XMPP federation");
        assert_eq!(e.access_fqdn.as_deref(), Some(w.access), "{what}: Access Edge FQDN");
        assert_eq!(e.next_hop.as_deref(), Some(w.next_hop), "{what}: next hop");
        assert_eq!(e.next_hop_kind, Some(w.next_hop_kind), "{what}: next hop kind");
        assert_eq!(e.front_end_pools, w.front_ends, "{what}: associated Front End pools");
        assert_eq!(e.product, want.product, "{what}: product");
    }
    let kinds: Vec<FindingKind> = s.findings.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, want.findings, "{at}: findings {:#?}", s.findings);
    for f in &s.findings {
        let p = f
            .position
            .unwrap_or_else(|| panic!("{at}: finding without a place: {f}"));
        assert!(p.line >= 1 && p.column >= 1, "{at}: {f}");
    }
}

#[test]
fn every_fixture_reads_as_expected() {
    let mut seen = Vec::new();
    for path in support::all_topologies() {
        let (_, file) = load(&path);
        match expected_for(&path) {
            Some(want) => {
                check_expected(&path, &file, want);
                seen.push(want.file);
            }
            None if path.starts_with(support::own_fixtures()) || path.ends_with("src/sample.xml") => {
                panic!(
                    "{}: a fixture of the project's own needs its expected facts here",
                    path.display()
                )
            }
            None => eprintln!(
                "note: {} has no expected facts; only generic checks apply",
                path.display()
            ),
        }
    }
    // The project's own come first in EXPECTED, the real exports after them.
    let own = support::OWN_TOPOLOGIES;
    let mut first: Vec<&str> = EXPECTED[..own.len()].iter().map(|e| e.file).collect();
    first.sort();
    assert_eq!(first, own);
    for f in own {
        assert!(seen.contains(&f), "{f} was not among the fixtures");
    }
    if support::shared_fixtures().is_some() {
        for want in &EXPECTED[own.len()..] {
            assert!(
                seen.contains(&want.file),
                "{} is missing from ../shared/fixtures",
                want.file
            );
        }
    }
}

/// A checkout may lack the real exports; CI may not: there their absence fails the run.
#[test]
fn the_real_exports_are_required_in_ci() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let nowhere = root.join("tests/no-such-folder");
    assert_eq!(support::present_or_required(nowhere.clone(), false), Ok(None));
    assert_eq!(
        support::present_or_required(nowhere.clone(), true),
        Err(format!(
            "{} is absent, and EDGE_REQUIRE_FIXTURES=1 requires the real topology exports",
            nowhere.display()
        ))
    );
    let here = support::own_fixtures();
    assert_eq!(support::present_or_required(here.clone(), true), Ok(Some(here)));
    let ci = std::fs::read_to_string(root.join(".ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l.trim() == "export EDGE_REQUIRE_FIXTURES=1"),
        ".ci/run requires the real exports:\n{ci}"
    );
}

/// `EDGE_REQUIRE_FIXTURES` and `UPDATE_GOLDEN` are on at `1` only: `UPDATE_GOLDEN=0` compares
/// the goldens, as it says, rather than rewriting them.
#[test]
fn environment_switches_are_on_only_at_1() {
    use std::ffi::OsStr;
    assert!(support::is_one(Some(OsStr::new("1"))));
    assert!(!support::is_one(None));
    for off in ["0", "", "true", "yes", " 1", "01"] {
        assert!(!support::is_one(Some(OsStr::new(off))), "{off:?}");
    }
}

#[test]
fn model_details_of_the_sample() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sample.xml");
    let (_, file) = load(&path);
    let t = &file.topology;
    assert_eq!(t.signature.as_deref(), Some("5a1e0002-0f0f-4a4a-9b9b-23a8463f14ae"));
    assert_eq!(t.default_domain.as_deref(), Some("fabrikam.com"));
    assert_eq!(t.service_versions, [7]);
    let amsterdam = t
        .edge_by_fqdn("EDGEPOOL-AMSTERDAM.fabrikam.com")
        .expect("FQDNs match without case");
    assert_eq!(
        amsterdam.web_conferencing_fqdn.as_deref(),
        Some("webconf-amsterdam.fabrikam.com")
    );
    assert_eq!(amsterdam.av_fqdn.as_deref(), Some("av-amsterdam.fabrikam.com"));
    // The federation port and both XMPP proxy ports are distinct ports of the Edge service.
    let ports = &t.services[amsterdam.service].ports;
    let fed = &ports[amsterdam.sip_federation.unwrap()];
    assert_eq!(
        (fed.owner(), fed.usage(), fed.side(), fed.number(), fed.protocol()),
        ("urn:component:AccessEdge", "SipServer", "External", "5061", "Mtls")
    );
    assert_eq!(fed.configured_fqdn.as_deref(), Some("sip-amsterdam.fabrikam.com"));
    let xmpp: Vec<(&str, &str)> = amsterdam
        .xmpp_ports
        .iter()
        .map(|&i| (ports[i].usage(), ports[i].number()))
        .collect();
    assert_eq!(xmpp, [("XmppServer", "5269"), ("XptServer", "23456")]);
    // The media association is three services of the Front End pool.
    let roles: Vec<&str> = amsterdam.associations[0]
        .links
        .iter()
        .map(|(s, _)| t.services[*s].role.as_str())
        .collect();
    assert_eq!(roles, ["Registrar", "ConfServices", "MediationServer"]);
    let external: Vec<&str> = t.pools[amsterdam.pool]
        .machines
        .iter()
        .flat_map(|m| m.external_ips.iter().map(String::as_str))
        .collect();
    assert_eq!(
        external,
        ["203.0.1.10", "203.0.1.11"],
        "the NAT addresses, not the interface's own"
    );
    assert_eq!(t.site_by_name_or_id("2"), t.site_by_name_or_id("boston"));
    assert!(!t.has_errors());
}

// ---- Round trip ----

#[test]
fn every_fixture_round_trips_byte_for_byte() {
    for path in support::all_topologies() {
        let (bytes, file) = load(&path);
        assert!(
            file.to_bytes() == bytes,
            "{}: the written-back file differs from the one loaded",
            path.display()
        );
    }
}

/// The model without what differs between encodings of the same text: the encoding, the line
/// ending and byte offsets.
fn model_facts(file: &TopologyFile) -> Summary {
    let mut s = Summary::of(&file.topology);
    s.encoding = String::new();
    s.line_ending = LineEnding::Lf;
    for f in &mut s.findings {
        if let Some(p) = &mut f.position {
            p.offset = 0;
        }
    }
    s
}

#[test]
fn every_fixture_round_trips_in_every_encoding() {
    for path in support::all_topologies() {
        let (original, file) = load(&path);
        let facts = model_facts(&file);
        for recoding in RECODINGS {
            let at = format!("{} as {}", path.display(), recoding.label);
            let bytes = recoding.apply(&original);
            let again = TopologyFile::read(&bytes).unwrap_or_else(|e| panic!("{at}: {e}"));
            assert!(again.to_bytes() == bytes, "{at}: the written-back file differs");
            let expected_encoding = match recoding.encoding {
                Encoding::Utf8 => TextEncoding::Utf8 { bom: false },
                Encoding::Utf8Bom => TextEncoding::Utf8 { bom: true },
                Encoding::Utf16LeBom => TextEncoding::Utf16Le { bom: true },
                Encoding::Utf16BeBom => TextEncoding::Utf16Be { bom: true },
                Encoding::Utf16Le => TextEncoding::Utf16Le { bom: false },
            };
            assert_eq!(again.encoding(), expected_encoding, "{at}");
            let ending = if recoding.crlf {
                LineEnding::CrLf
            } else {
                file.topology.line_ending
            };
            assert_eq!(again.topology.line_ending, ending, "{at}");
            assert_eq!(
                model_facts(&again),
                facts,
                "{at}: the model differs from the original's"
            );
        }
    }
}

#[test]
fn utf16_without_bom_round_trips() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sample.xml");
    let (original, file) = load(&path);
    let bytes = encode(&fixture_text(&original), Encoding::Utf16Le);
    let again = TopologyFile::read(&bytes).unwrap();
    assert_eq!(again.encoding(), TextEncoding::Utf16Le { bom: false });
    assert!(again.to_bytes() == bytes);
    assert_eq!(model_facts(&again), model_facts(&file));
}

// ---- The failover ----

#[test]
fn synthetic_failover_equals_the_expected_file() {
    let Some(dir) = support::shared_fixtures() else {
        eprintln!("note: ../shared/fixtures is absent; the synthetic failover is not checked");
        return;
    };
    let dir = dir.join("synthetic");
    let (_, before) = load(&dir.join("SYNTHETIC_two_sites_before.xml"));
    let expected = std::fs::read(dir.join("SYNTHETIC_two_sites_after_failover_to_siteB.xml")).unwrap();
    let plan = plan::make_plan(
        &before,
        &FailoverRequest::pool("edgeA.contoso.com", "edgeB.contoso.com"),
    )
    .unwrap();
    if plan.topology_bytes != expected {
        let diff = Diff::lines(&fixture_text(&expected), &plan.topology_text, 2).unified("expected", "planned");
        panic!("the planned topology differs from the expected file:\n{diff}");
    }
    // Three dependencies re-pointed from site 1's Edge pool to site 2's, and the federation
    // port moved from one to the other: four lines out, four in.
    assert_eq!(
        (plan.diff.removed, plan.diff.added),
        (4, 4),
        "three dependencies re-pointed and the federation port moved"
    );
    let changed = |kind| -> Vec<String> {
        let mut lines: Vec<String> = plan
            .diff
            .hunks
            .iter()
            .flat_map(|h| &h.lines)
            .filter(|l| l.kind == kind)
            .map(|l| l.text.trim().to_owned())
            .collect();
        lines.sort();
        lines
    };
    let dependency = |site: u32| format!("<ServiceId SiteId=\"{site}\" RoleName=\"EdgeServer\" Instance=\"1\" />");
    let port = |fqdn: &str| {
        format!("<Port Owner=\"urn:component:AccessEdge\" Usage=\"SipServer\" InterfaceSide=\"External\" InterfaceNumber=\"1\" Port=\"5061\" Protocol=\"Mtls\" UrlPath=\"/\" AuthorizesRequests=\"false\" ConfiguredFqdn=\"{fqdn}\" />")
    };
    assert_eq!(
        changed(DiffLineKind::Removed),
        [port("sip.contoso.com"), dependency(1), dependency(1), dependency(1)]
    );
    assert_eq!(
        changed(DiffLineKind::Added),
        [port("sipb.contoso.com"), dependency(2), dependency(2), dependency(2)]
    );
    let after = TopologyFile::read(&plan.topology_bytes).unwrap();
    let federation: Vec<&str> = after
        .topology
        .federation_pools()
        .map(|e| after.topology.pools[e.pool].fqdn.as_str())
        .collect();
    assert_eq!(federation, ["edgeB.contoso.com"]);
    assert!(!plan.has_blocking_checks(), "{:#?}", plan.checks);
}

/// What a line of the diff may be: the federation port, an XMPP proxy port, or the line of a
/// dependency on an Edge service.
fn is_federation_port(line: &str) -> bool {
    line.contains("<Port ")
        && line.contains("Owner=\"urn:component:AccessEdge\"")
        && line.contains("Usage=\"SipServer\"")
        && line.contains("InterfaceSide=\"External\"")
}

fn is_xmpp_port(line: &str) -> bool {
    line.contains("<Port ") && line.contains("Owner=\"urn:component:XmppFederationProxy\"")
}

/// The attributes by which a dependency names a service, as the file writes them.
fn reference_text(key: &ServiceKey) -> String {
    match key {
        ServiceKey::Published {
            site_id,
            role,
            instance,
        } => format!("SiteId=\"{site_id}\" RoleName=\"{role}\" Instance=\"{instance}\""),
        ServiceKey::TopologyBuilder { unique_id } => format!("ServiceUniqueId=\"{unique_id}\""),
    }
}

fn is_reference(line: &str) -> bool {
    line.trim_start().starts_with("<ServiceId ") || line.contains("<Dependency ServiceUniqueId=")
}

struct Outcome {
    text: String,
    survivor: String,
    /// The pools with SIP federation after the failover.
    federation: Vec<String>,
}

fn fqdns<'a>(
    t: &'a edge_failover_planner::topology::Topology,
    edges: impl Iterator<Item = &'a EdgePool>,
) -> Vec<String> {
    let mut v: Vec<String> = edges.map(|e| t.pools[e.pool].fqdn.clone()).collect();
    v.sort();
    v
}

/// Fails over the first federation pool of an own fixture to its first eligible survivor and
/// checks the output changes exactly the lines the failover needs: every other federated pool
/// stays federated and byte for byte as it was (DOMAIN.md rule 12).
fn fail_over_own_fixture(path: &Path) -> Outcome {
    let at = path.display().to_string();
    let (_, file) = load(path);
    let t = &file.topology;
    let federation: Vec<_> = t.federation_pools().collect();
    assert!(!federation.is_empty(), "{at}: a federation pool before");
    let failed_edge = federation[0];
    let failed = t.pools[failed_edge.pool].fqdn.clone();
    let scope = plan::scope(&file, &Failure::Pool(failed.clone())).unwrap();
    let survivor = plan::candidates(&file, &scope)
        .into_iter()
        .find(|c| c.eligible)
        .unwrap_or_else(|| panic!("{at}: no eligible survivor"));
    let survivor_edge = t.edge_by_fqdn(&survivor.fqdn).unwrap();
    assert_ne!(survivor.fqdn, failed);
    let gains_federation = !survivor_edge.has_sip_federation();

    let plan = plan::make_plan(&file, &FailoverRequest::pool(&failed, &survivor.fqdn)).unwrap();
    assert!(!plan.has_blocking_checks(), "{at}: {:#?}", plan.checks);
    assert_eq!(plan.survivor_already_federated, !gains_federation, "{at}");
    let after = TopologyFile::read(&plan.topology_bytes).unwrap();
    let a = &after.topology;
    let mut want: Vec<String> = t
        .federation_pools()
        .map(|e| t.pools[e.pool].fqdn.clone())
        .filter(|f| *f != failed)
        .chain([survivor.fqdn.clone()])
        .collect();
    want.sort();
    want.dedup();
    let now = fqdns(a, a.federation_pools());
    assert_eq!(now, want, "{at}: federation after the failover");
    assert!(!a.has_errors(), "{at}: {:#?}", a.findings);

    // XMPP moves with federation when the failed pool carries it and the survivor can.
    let xmpp_moves = failed_edge.has_xmpp_federation() && t.edge_product(survivor_edge).has_xmpp();
    assert_eq!(plan.xmpp_moves, xmpp_moves, "{at}");
    let gains_xmpp = xmpp_moves && !survivor_edge.has_xmpp_federation();
    let xmpp_before = fqdns(t, t.xmpp_pools());
    let xmpp_after = fqdns(a, a.xmpp_pools());
    if xmpp_moves {
        let mut want: Vec<String> = xmpp_before
            .iter()
            .filter(|f| **f != failed)
            .cloned()
            .chain([survivor.fqdn.clone()])
            .collect();
        want.sort();
        want.dedup();
        assert_eq!(xmpp_after, want, "{at}: XMPP after");
    } else {
        assert_eq!(xmpp_after, xmpp_before, "{at}: XMPP stays where it was");
    }

    // Every Edge pool but the two the plan touches is byte for byte what it was.
    for e in &t.edge_pools {
        let fqdn = &t.pools[e.pool].fqdn;
        if *fqdn == failed || *fqdn == survivor.fqdn {
            continue;
        }
        let now = a.edge_by_fqdn(fqdn).unwrap();
        assert_eq!(
            file.doc.source(t.services[e.service].element),
            after.doc.source(a.services[now.service].element),
            "{at}: the healthy pool {fqdn} changed"
        );
    }
    if !gains_federation && !gains_xmpp {
        let now = a.edge_by_fqdn(&survivor.fqdn).unwrap();
        assert_eq!(
            file.doc.source(t.services[survivor_edge.service].element),
            after.doc.source(a.services[now.service].element),
            "{at}: an already-federated survivor gets no port edit"
        );
    }

    // Every pool that used the failed Edge pool for media now uses the survivor.
    let moved: Vec<&str> = failed_edge
        .associations
        .iter()
        .map(|x| t.pools[x.pool].fqdn.as_str())
        .collect();
    let survivor_after = a.edge_by_fqdn(&survivor.fqdn).unwrap();
    let now_on_survivor: Vec<&str> = survivor_after
        .associations
        .iter()
        .map(|x| a.pools[x.pool].fqdn.as_str())
        .collect();
    for pool in &moved {
        assert!(
            now_on_survivor.contains(pool),
            "{at}: {pool} is not on {}",
            survivor.fqdn
        );
    }
    assert!(a.edge_by_fqdn(&failed).unwrap().associations.is_empty(), "{at}");

    // Every site route through the failed pool now names the survivor; the others are as they were.
    let routed: usize = (0..t.sites.len())
        .filter(|s| {
            t.route_edge(*s)
                .is_some_and(|e| t.pools[t.edge_pools[e].pool].fqdn == failed)
        })
        .count();
    assert_eq!(plan.routes.len(), routed, "{at}: routes re-pointed");
    for (s, site) in t.sites.iter().enumerate() {
        let route_pool = |top: &edge_failover_planner::topology::Topology, s: usize| {
            top.route_edge(s)
                .map(|e| top.pools[top.edge_pools[e].pool].fqdn.clone())
        };
        let before = route_pool(t, s);
        let now = route_pool(a, s);
        if before.as_deref() == Some(failed.as_str()) {
            assert_eq!(
                now.as_deref(),
                Some(survivor.fqdn.as_str()),
                "{at}: route of {}",
                site.name
            );
        } else {
            assert_eq!(now, before, "{at}: route of {}", site.name);
        }
    }

    // The diff: exactly the lines the failover needs, and nothing else.
    let links: usize = failed_edge.associations.iter().map(|x| x.links.len()).sum();
    let xmpp_removed = if xmpp_moves { failed_edge.xmpp_ports.len() } else { 0 };
    let xmpp_added = if gains_xmpp { xmpp_removed } else { 0 };
    let diff = Diff::lines(file.doc.text(), &plan.topology_text, 0);
    let lines = |kind| -> Vec<String> {
        diff.hunks
            .iter()
            .flat_map(|h| &h.lines)
            .filter(|l| l.kind == kind)
            .map(|l| l.text.clone())
            .collect()
    };
    let (removed, added) = (lines(DiffLineKind::Removed), lines(DiffLineKind::Added));
    assert_eq!(
        removed.len(),
        1 + xmpp_removed + links + routed,
        "{at}: removed lines {removed:#?}"
    );
    assert_eq!(
        added.len(),
        usize::from(gains_federation) + xmpp_added + links + routed,
        "{at}: added lines {added:#?}"
    );
    for line in removed.iter().chain(&added) {
        assert!(
            is_federation_port(line) || is_xmpp_port(line) || is_reference(line),
            "{at}: a line the failover does not need changed: {line}"
        );
    }

    let failed_access = failed_edge.access_fqdn.clone().unwrap();
    let survivor_access = survivor_edge.access_fqdn.clone().unwrap();
    let only = |v: &[String], f: fn(&str) -> bool| -> Vec<String> {
        v.iter().filter(|l| f(l)).map(|l| l.trim().to_owned()).collect()
    };
    let (fed_removed, fed_added) = (only(&removed, is_federation_port), only(&added, is_federation_port));
    assert_eq!(fed_removed.len(), 1, "{at}");
    assert_eq!(fed_added.len(), usize::from(gains_federation), "{at}");
    assert!(
        fed_removed[0].contains(&format!("ConfiguredFqdn=\"{failed_access}\"")),
        "{at}"
    );
    if gains_federation {
        assert_eq!(
            fed_removed[0].replace(&failed_access, &survivor_access),
            fed_added[0],
            "{at}: the new federation port is the old one with the survivor's Access Edge FQDN"
        );
    }
    assert_eq!(only(&removed, is_xmpp_port).len(), xmpp_removed, "{at}");
    if gains_xmpp {
        assert_eq!(
            only(&removed, is_xmpp_port),
            only(&added, is_xmpp_port),
            "{at}: XMPP ports move verbatim"
        );
    } else {
        assert!(only(&added, is_xmpp_port).is_empty(), "{at}");
    }

    let from = reference_text(&t.services[failed_edge.service].key);
    let to = reference_text(&t.services[survivor_edge.service].key);
    let (ref_removed, ref_added) = (only(&removed, is_reference), only(&added, is_reference));
    assert_eq!(ref_removed.len(), links + routed, "{at}");
    for (r, n) in ref_removed.iter().zip(&ref_added) {
        assert!(
            r.contains(&from),
            "{at}: {r} does not name the failed Edge pool ({from})"
        );
        assert_eq!(
            r.replace(&from, &to),
            *n,
            "{at}: a re-pointed dependency or route changes only its target"
        );
    }
    Outcome {
        text: plan.topology_text,
        survivor: survivor.fqdn,
        federation: now,
    }
}

#[test]
fn own_fixtures_fail_over_with_a_minimal_diff() {
    for path in support::own_topologies() {
        fail_over_own_fixture(&path);
    }
}

#[test]
fn failover_keeps_utf16_and_crlf() {
    for path in support::own_topologies() {
        let at = path.display().to_string();
        let utf8 = fail_over_own_fixture(&path);
        let (original, file) = load(&path);
        let failed = file
            .topology
            .federation_pools()
            .map(|e| file.topology.pools[e.pool].fqdn.clone())
            .next()
            .unwrap();
        let bytes = encode(&crlf(&fixture_text(&original)), Encoding::Utf16LeBom);
        let wide = TopologyFile::read(&bytes).unwrap();
        let plan = plan::make_plan(&wide, &FailoverRequest::pool(&failed, &utf8.survivor)).unwrap();
        let out = &plan.topology_bytes;
        assert_eq!(&out[..2], [0xFF, 0xFE], "{at}: the output keeps the UTF-16LE BOM");
        let text = decode_utf16(out);
        assert!(
            text.match_indices('\n')
                .all(|(i, _)| i > 0 && text.as_bytes()[i - 1] == b'\r'),
            "{at}: a line without CR in the UTF-16 output"
        );
        assert!(
            text == crlf(&utf8.text),
            "{at}: the UTF-16 output is not the UTF-8 one with CRLF"
        );
        let after = TopologyFile::read(out).unwrap();
        assert_eq!(after.encoding(), TextEncoding::Utf16Le { bom: true });
        assert_eq!(after.topology.line_ending, LineEnding::CrLf);
        let federation = fqdns(&after.topology, after.topology.federation_pools());
        assert_eq!(federation, utf8.federation, "{at}");
    }
}

#[test]
fn failback_returns_the_topology_to_where_it_was() {
    // The sample's failover and then its failback: federation, XMPP and associations return.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sample.xml");
    let (original, file) = load(&path);
    let (a, b) = ("edgepool-amsterdam.fabrikam.com", "edgepool-boston.fabrikam.com");
    let over = plan::make_plan(&file, &FailoverRequest::pool(a, b)).unwrap();
    let moved = TopologyFile::read(&over.topology_bytes).unwrap();
    let back = plan::make_plan(&moved, &FailoverRequest::failback(b, a)).unwrap();
    let restored = TopologyFile::read(&back.topology_bytes).unwrap();
    let t = &restored.topology;
    let fed: Vec<&str> = t.federation_pools().map(|e| t.pools[e.pool].fqdn.as_str()).collect();
    assert_eq!(fed, [a]);
    let xmpp: Vec<&str> = t.xmpp_pools().map(|e| t.pools[e.pool].fqdn.as_str()).collect();
    assert_eq!(xmpp, [a]);
    let users: Vec<&str> = t
        .edge_by_fqdn(a)
        .unwrap()
        .associations
        .iter()
        .map(|x| t.pools[x.pool].fqdn.as_str())
        .collect();
    assert_eq!(users, ["pool-amsterdam.fabrikam.com"]);
    // The ports come back after the media relay ports, as they were: the file is the original.
    assert!(
        back.topology_bytes == original,
        "{}",
        Diff::lines(&fixture_text(&original), &back.topology_text, 1).unified("original", "failed back")
    );
}

// ---- Refusals ----

fn sample() -> TopologyFile {
    TopologyFile::read(support::sample_text().as_bytes()).unwrap()
}

fn refusal(file: &TopologyFile, request: FailoverRequest) -> PlanError {
    match plan::make_plan(file, &request) {
        Ok(_) => panic!("a plan was made for {request:?}"),
        Err(e) => e,
    }
}

#[test]
fn survivor_cannot_be_the_failed_pool() {
    let e = refusal(
        &sample(),
        FailoverRequest::pool("edgepool-amsterdam.fabrikam.com", "edgepool-amsterdam.fabrikam.com"),
    );
    match &e {
        PlanError::IneligibleSurvivor { pool, reasons } => {
            assert_eq!(pool, "edgepool-amsterdam.fabrikam.com");
            assert_eq!(reasons, &["it is the failed pool"]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        e.to_string(),
        "edgepool-amsterdam.fabrikam.com cannot take over: it is the failed pool."
    );
}

#[test]
fn survivor_cannot_be_in_a_failed_site() {
    for site in ["Amsterdam", "1", "amsterdam"] {
        let e = refusal(
            &sample(),
            FailoverRequest::site(site, "edgepool-amsterdam.fabrikam.com"),
        );
        match &e {
            PlanError::IneligibleSurvivor { pool, reasons } => {
                assert_eq!(pool, "edgepool-amsterdam.fabrikam.com");
                assert!(reasons.iter().any(|r| r.contains("failed site")), "{reasons:?}");
            }
            other => panic!("{site}: {other:?}"),
        }
        assert!(e.to_string().contains("in the failed site"), "{e}");
    }
    // A whole-site failure with a survivor elsewhere is fine.
    let plan = plan::make_plan(
        &sample(),
        &FailoverRequest::site("Amsterdam", "edgepool-boston.fabrikam.com"),
    )
    .unwrap();
    assert!(plan.federation_moves);
    // The Front End pool in the failed site is down too, so it is not re-associated.
    assert!(plan.reassociated.is_empty());
}

#[test]
fn survivor_needs_an_access_edge_fqdn() {
    let text = support::sample_text();
    let port = "<Port Owner=\"urn:component:AccessEdge\" Usage=\"SipClient\" InterfaceSide=\"External\" InterfaceNumber=\"1\" Port=\"443\" Protocol=\"Tls\" UrlPath=\"/\" AuthorizesRequests=\"false\" ConfiguredFqdn=\"sip-boston.fabrikam.com\" />";
    let start = text.find(port).expect("the sample has Boston's SIP access port");
    let line_start = text[..start].rfind('\n').unwrap() + 1;
    let line_end = start + port.len() + 1;
    let edited = format!("{}{}", &text[..line_start], &text[line_end..]);
    let file = TopologyFile::read(edited.as_bytes()).unwrap();
    let missing: Vec<_> = file
        .topology
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::MissingAccessEdgeFqdn)
        .collect();
    assert_eq!(missing.len(), 1, "{:#?}", file.topology.findings);
    assert_eq!(missing[0].severity, Severity::Warning);
    assert_eq!(missing[0].pools, ["edgepool-boston.fabrikam.com"]);

    let e = refusal(
        &file,
        FailoverRequest::pool("edgepool-amsterdam.fabrikam.com", "edgepool-boston.fabrikam.com"),
    );
    match &e {
        PlanError::IneligibleSurvivor { pool, reasons } => {
            assert_eq!(pool, "edgepool-boston.fabrikam.com");
            assert!(
                reasons.iter().any(|r| r.contains("no external Access Edge FQDN")),
                "{reasons:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(
        e.to_string()
            .starts_with("edgepool-boston.fabrikam.com cannot take over: it has no external Access Edge FQDN"),
        "{e}"
    );
}

#[test]
fn unknown_and_wrong_pools_are_refused() {
    let file = sample();
    let e = refusal(
        &file,
        FailoverRequest::pool("edgepool-amsterdam.fabrikam.com", "nosuch.fabrikam.com"),
    );
    assert_eq!(e, PlanError::UnknownPool("nosuch.fabrikam.com".into()));
    assert_eq!(e.to_string(), "There is no pool nosuch.fabrikam.com in the topology.");

    let e = refusal(
        &file,
        FailoverRequest::pool("gone.fabrikam.com", "edgepool-boston.fabrikam.com"),
    );
    assert_eq!(e, PlanError::UnknownPool("gone.fabrikam.com".into()));

    let e = refusal(
        &file,
        FailoverRequest::pool("edgepool-amsterdam.fabrikam.com", "pool-boston.fabrikam.com"),
    );
    assert_eq!(
        e.to_string(),
        "pool-boston.fabrikam.com is not an Edge pool (it is a Front End pool)."
    );

    let e = refusal(
        &file,
        FailoverRequest::pool("dir-amsterdam.fabrikam.com", "edgepool-boston.fabrikam.com"),
    );
    assert_eq!(
        e.to_string(),
        "dir-amsterdam.fabrikam.com is not an Edge pool (it is a Director pool)."
    );

    let e = refusal(&file, FailoverRequest::site("Atlantis", "edgepool-boston.fabrikam.com"));
    assert_eq!(e, PlanError::UnknownSite("Atlantis".into()));
}

/// Topology Builder compares UniqueIds as GUIDs, without regard to case: a reference or an
/// InstalledOn written in upper case (as some tools write GUIDs) names the same service or
/// cluster, and a non-canonical id (in braces) still matches its own spelling in any case.
#[test]
fn unique_ids_match_without_regard_to_case() {
    use support::generator::{generate, Format, Spec};
    let text = generate(&Spec::two_sites().with_format(Format::TopologyBuilder));
    let original = TopologyFile::read(text.as_bytes()).unwrap();
    let resolved = |file: &TopologyFile| -> Vec<(Option<usize>, Vec<Option<usize>>)> {
        let t = &file.topology;
        t.services
            .iter()
            .map(|s| (s.pool, s.dependencies.iter().map(|d| d.target).collect()))
            .collect()
    };
    let upper = |attr: &str, text: &str| -> String {
        let mut out = String::new();
        let mut rest = text;
        let key = format!("{attr}=\"");
        while let Some(at) = rest.find(&key) {
            let (before, after) = rest.split_at(at + key.len());
            let end = after.find('"').unwrap();
            out.push_str(before);
            out.push_str(&after[..end].to_ascii_uppercase());
            rest = &after[end..];
        }
        out.push_str(rest);
        out
    };
    for attr in ["ServiceUniqueId", "InstalledOn"] {
        let changed = upper(attr, &text);
        assert_ne!(changed, text, "the generator writes {attr} in lower case");
        let file = TopologyFile::read(changed.as_bytes()).unwrap();
        assert_eq!(resolved(&file), resolved(&original), "{attr} in upper case");
        assert!(!file.topology.has_errors(), "{attr}: {:?}", file.topology.findings);
    }
    // Braces make an id non-canonical: it is then compared as text, still without case.
    let referenced = original.topology.services.iter().flat_map(|s| &s.dependencies).next();
    let Some(ServiceKey::TopologyBuilder { unique_id }) = referenced.map(|d| d.key.clone()) else {
        panic!("a Topology Builder key")
    };
    // A GUID with letters in it, so that its case can differ.
    let lettered = "abcdef00-0000-4000-8000-00000000abcd";
    let text = text.replace(&unique_id, lettered);
    let unique_id = lettered;
    let braced = text
        .replace(
            &format!("ServiceUniqueId=\"{unique_id}\""),
            &format!("ServiceUniqueId=\"{{{}}}\"", unique_id.to_ascii_uppercase()),
        )
        .replace(
            &format!(" UniqueId=\"{unique_id}\""),
            &format!(" UniqueId=\"{{{unique_id}}}\""),
        );
    assert!(braced.contains(&format!("{{{}}}", unique_id.to_ascii_uppercase())));
    let file = TopologyFile::read(braced.as_bytes()).unwrap();
    assert_eq!(resolved(&file), resolved(&original));
    // A reference that is a different GUID dangles.
    let other = text.replacen("ServiceUniqueId=\"", "ServiceUniqueId=\"f", 1);
    let file = TopologyFile::read(other.as_bytes()).unwrap();
    assert!(file
        .topology
        .findings
        .iter()
        .any(|f| f.kind == FindingKind::DanglingReference));
}

/// Line and column are worked out only for a finding or an error that shows them: indexing
/// every line of a large file cost a twentieth of a load.
#[test]
fn a_load_without_findings_does_not_index_lines() {
    use support::generator::{generate, Format, Spec};
    for format in [Format::Published, Format::TopologyBuilder] {
        let text = generate(&Spec::sized(3, 15).with_format(format));
        let file = TopologyFile::read(text.as_bytes()).unwrap();
        assert!(file.topology.findings.is_empty(), "{:?}", file.topology.findings);
        assert!(!file.doc.lines_indexed(), "{format:?}");
    }
    // A finding has its position, which indexes them.
    let text = support::sample_with_duplicate_edge_fqdn();
    let file = TopologyFile::read(text.as_bytes()).unwrap();
    let finding = file
        .topology
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::DuplicateFqdn)
        .unwrap();
    assert!(finding.position.is_some_and(|p| p.line > 1));
    assert!(file.doc.lines_indexed());
}
