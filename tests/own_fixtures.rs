//! The project's own fixtures and the built-in sample are the generator's output, kept in
//! the repository so they can be read and reviewed.

mod support;

use support::generator::{generate, Format, Route, Spec};
use support::{encode, golden, golden_bytes, own_fixtures, published, Encoding};

#[test]
fn built_in_sample_is_generated() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sample.xml");
    golden(&path, &generate(&Spec::two_sites()));
}

#[test]
fn topology_builder_fixture_is_generated() {
    golden(
        &own_fixtures().join("fabrikam-two-sites.tbxml"),
        &generate(&Spec::two_sites().with_format(Format::TopologyBuilder)),
    );
}

#[test]
fn three_site_fixture_is_generated() {
    let mut spec = Spec::sized(3, 12);
    spec.sites[2].edge_servers = 0;
    spec.xmpp_site = Some(1);
    spec.separate_fqdns = false;
    spec.domains = vec!["litware.org".into()];
    golden(
        &own_fixtures().join("litware-three-sites-crlf.xml"),
        &generate(&spec.with_crlf(true)),
    );
}

#[test]
fn skype_2019_fixture_is_generated() {
    let mut spec = Spec::sized(2, 6);
    spec.service_version = 8;
    spec.domains = vec!["adatum.com".into()];
    golden(&own_fixtures().join("adatum-2019.xml"), &generate(&spec));
}

#[test]
fn lync_2013_fixture_is_generated() {
    let mut spec = Spec::sized(2, 8);
    spec.service_version = 6;
    spec.federation_site = Some(1);
    spec.xmpp_site = None;
    spec.domains = vec!["tailspin.net".into()];
    golden(&own_fixtures().join("tailspin-lync2013.xml"), &generate(&spec));
}

/// The shape of a production Lync Server 2013 export (DOMAIN.md "Shapes seen in further real
/// exports"): four Edge pools in one site, all with SIP and XMPP federation, three of them used
/// by no Front End pool; an Access Edge client port on 5061 beside the federation port; site
/// settings with empty routes; paired Front End pools (`<Backup>`) with a standby Central
/// Management store; saved from PowerShell as UTF-16LE with CRLF and no declaration.
pub fn woodgrove() -> Spec {
    let mut spec = Spec::sized(2, 8);
    spec.service_version = 6;
    spec.domains = vec!["woodgrove.com".into()];
    spec.sites[0].extra_edges = 3;
    spec.more_federation = vec![(0, 1), (0, 2), (0, 3)];
    spec.more_xmpp = vec![(0, 1), (0, 2), (0, 3)];
    spec.federation_site = Some(0);
    spec.xmpp_site = Some(0);
    spec.access_client_on_5061 = true;
    for site in &mut spec.sites {
        site.route = Route::Empty;
    }
    // The two sites' Front End pools back each other up, as the production export's do.
    spec.backup_pairs = vec![(0, 1)];
    spec.with_crlf(true)
}

#[test]
fn lync_2013_four_federated_pools_fixture_is_generated() {
    golden_bytes(
        &own_fixtures().join("woodgrove-lync2013-four-edges.xml"),
        &encode(&generate(&woodgrove()), Encoding::Utf16LeBom),
    );
}

/// A Topology Builder file downloaded from a deployment: OriginalTopology beside NewTopology,
/// SIP federation on two pools in two sites, an unused Edge pool in the third.
#[test]
fn topology_builder_two_federated_sites_fixture_is_generated() {
    let mut spec = Spec::sized(3, 12);
    spec.domains = vec!["wingtiptoys.com".into(), "wingtip.net".into()];
    spec.more_federation = vec![(1, 0)];
    spec.sites[2].extra_edges = 1;
    spec.sites[0].route = Route::Empty;
    spec.original_topology = true;
    golden(
        &own_fixtures().join("wingtip-two-federated.tbxml"),
        &generate(&spec.with_format(Format::TopologyBuilder)),
    );
}

/// Site federation routes in every state the planner reads: one naming the federated Edge
/// pool of its own site, one naming another site's, one naming a Director, one holding
/// content the planner does not understand.
#[test]
fn site_routes_fixture_is_generated() {
    golden(
        &own_fixtures().join("northwind-site-routes.xml"),
        &generate(&northwind()),
    );
}

pub fn northwind() -> Spec {
    let mut spec = Spec::sized(4, 20);
    spec.domains = vec!["northwindtraders.com".into()];
    spec.xmpp_site = None;
    spec.more_federation = vec![(1, 0)];
    spec.sites[0].route = Route::Edge { site: 0, edge: 0 };
    spec.sites[1].route = Route::Director { site: 1 };
    spec.sites[2].route = Route::Unknown("<RouteHint Kind=\"Preferred\">edge-a</RouteHint>".into());
    spec.sites[3].route = Route::Edge { site: 0, edge: 0 };
    spec
}

/// A document template rather than an export: every name holds a placeholder.
#[test]
fn template_fixture_is_generated() {
    let mut spec = Spec::sized(2, 6);
    spec.domains = vec!["[DOMAINID]".into()];
    golden(&own_fixtures().join("fourthcoffee-template.xml"), &generate(&spec));
}

/// One site, one Edge pool: nothing can take over. Kept in a folder of its own, because every
/// fixture at the top is failed over in the tests.
#[test]
fn single_edge_fixture_is_generated() {
    let mut spec = Spec::sized(1, 5);
    spec.domains = vec!["proseware.com".into()];
    golden(
        &own_fixtures().join("dead-end/proseware-single-edge.xml"),
        &generate(&spec),
    );
}

#[test]
fn published_topology_fixtures_are_generated() {
    let dir = published::dir();
    golden(&dir.join("original.xml"), &published::original());
    golden(&dir.join("planned.xml"), &published::planned());
    for case in published::cases() {
        golden_bytes(&dir.join(format!("published-{}.xml", case.name)), &case.published);
    }
}
