//! The project's own fixtures and the built-in sample are the generator's output, kept in
//! the repository so they can be read and reviewed.

mod support;

use support::generator::{generate, Format, Spec};
use support::{golden, golden_bytes, own_fixtures, published};

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

#[test]
fn published_topology_fixtures_are_generated() {
    let dir = published::dir();
    golden(&dir.join("original.xml"), &published::original());
    golden(&dir.join("planned.xml"), &published::planned());
    for case in published::cases() {
        golden_bytes(&dir.join(format!("published-{}.xml", case.name)), &case.published);
    }
}
