//! Checking what was published (issue 16): each generated case compared with the plan, the
//! words each difference is said in, what is not a difference, and the site routes.

mod support;

use edge_failover_planner::topology::TopologyFile;
use edge_failover_planner::verify::{compare, compare_bytes, Fact, VerifyError};

use support::published;

fn read(bytes: &[u8]) -> TopologyFile {
    TopologyFile::read(bytes).unwrap()
}

#[test]
fn each_case_gets_its_verdict_in_the_administrators_words() {
    let planned = published::planned();
    for case in published::cases() {
        let c = compare_bytes(planned.as_bytes(), &case.published).unwrap();
        let report = c.report();
        assert_eq!(c.matches(), case.matches, "{}:\n{report}", case.name);
        assert_eq!(
            c.federation_matches(),
            case.federation_matches,
            "{}:\n{report}",
            case.name
        );
        let differences = c.differences();
        assert_eq!(differences.len(), case.differences.len(), "{}:\n{report}", case.name);
        for (said, wanted) in differences.iter().zip(case.differences) {
            assert!(
                said.starts_with(wanted),
                "{}: {said:?} does not start with {wanted:?}\n{report}",
                case.name
            );
        }
        if case.matches {
            assert!(
                report.starts_with("The published topology matches the plan.\n"),
                "{report}"
            );
        } else {
            assert!(
                report.starts_with("The published topology differs from the plan.\n"),
                "{report}"
            );
        }
    }
}

#[test]
fn a_match_lists_the_facts_it_confirms() {
    let planned = published::planned();
    let c = compare_bytes(planned.as_bytes(), planned.as_bytes()).unwrap();
    let confirmed: Vec<&str> = c.confirmed().collect();
    for wanted in [
        "SIP federation (5061) is on edgepool-boston.fabrikam.com (port 5061, Access Edge sip-boston.fabrikam.com), as planned.",
        "XMPP federation (5269) is on edgepool-boston.fabrikam.com, as planned.",
        "The next hop of edgepool-boston.fabrikam.com is pool-boston.fabrikam.com in site Boston, as planned.",
        "The next hop of edgepool-amsterdam.fabrikam.com is pool-amsterdam.fabrikam.com in site Amsterdam, as planned.",
        "Front End pool pool-capetown.fabrikam.com uses edgepool-boston.fabrikam.com for Registrar, conferencing and Mediation, as planned.",
        "The federation route of site Amsterdam is empty, as planned.",
    ] {
        assert!(confirmed.contains(&wanted), "{wanted}\n{confirmed:#?}");
    }
    assert!(c.other.is_none() && c.note.is_none());
}

#[test]
fn an_unrelated_change_is_counted_and_shown_as_a_diff() {
    let planned = published::planned();
    let case = published::cases()
        .into_iter()
        .find(|c| c.name == "unrelated-change")
        .unwrap();
    let c = compare_bytes(planned.as_bytes(), &case.published).unwrap();
    let other = c.other.as_ref().unwrap();
    assert_eq!(other.count, 1);
    assert!(
        other
            .diff
            .contains("-      <Location City=\"Cape Town\" CountryCode=\"ZA\">\n"),
        "{}",
        other.diff
    );
    assert!(
        other
            .diff
            .contains("+      <Location City=\"Stellenbosch\" CountryCode=\"ZA\">\n"),
        "{}",
        other.diff
    );
    // The facts are still confirmed: the verification steps can be ticked.
    assert!(c.federation_matches());
}

#[test]
fn signature_encoding_line_endings_whitespace_and_attribute_order_are_no_difference() {
    let planned = published::planned();
    let case = published::cases().into_iter().find(|c| c.name == "reencoded").unwrap();
    let published = read(&case.published);
    assert_ne!(
        published.topology.signature,
        read(planned.as_bytes()).topology.signature
    );
    assert_ne!(published.encoding(), read(planned.as_bytes()).encoding());
    let c = compare(&read(planned.as_bytes()), &published);
    assert!(c.matches(), "{}", c.report());
    // Comments and an XML declaration are no element either.
    let commented = format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- exported -->\n{planned}");
    assert!(compare_bytes(planned.as_bytes(), commented.as_bytes())
        .unwrap()
        .matches());
}

#[test]
fn a_changed_attribute_value_or_text_is_a_difference() {
    let planned = published::planned();
    // One attribute of one machine, and the text of a site's name.
    for changed in [
        planned.replacen("IPAddress=\"", "IPAddress=\"9", 1),
        planned.replacen("<Name>Cape Town</Name>", "<Name>Cape  Town 2</Name>", 1),
    ] {
        let c = compare_bytes(planned.as_bytes(), changed.as_bytes()).unwrap();
        assert_eq!(c.other.as_ref().map(|o| o.count), Some(1), "{}", c.report());
    }
    // Whitespace inside a name's text is not.
    let spaced = planned.replacen("<Name>Cape Town</Name>", "<Name>\n  Cape   Town\n</Name>", 1);
    assert!(compare_bytes(planned.as_bytes(), spaced.as_bytes()).unwrap().matches());
}

#[test]
fn a_planned_topology_builder_file_is_compared_with_the_published_export_by_name() {
    // The same two-site topology in both formats (the generator writes both): the page plans
    // on the .tbxml, the administrator publishes it and exports the live topology.
    let tbxml = std::fs::read(support::own_fixtures().join("fabrikam-two-sites.tbxml")).unwrap();
    let exported = support::sample_text();
    let c = compare_bytes(&tbxml, exported.as_bytes()).unwrap();
    assert!(c.federation_matches(), "{}", c.report());
    assert!(c.other.is_none());
    assert!(
        c.note
            .as_deref()
            .is_some_and(|n| n.contains("only the facts above were compared")),
        "{:?}",
        c.note
    );
}

#[test]
fn site_federation_routes_are_compared_by_the_service_they_name() {
    let planned = published::planned();
    let route = |to: &str| {
        planned.replacen(
            "<FederationRoute />",
            &format!("<FederationRoute><ServiceId xmlns=\"urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008\" SiteId=\"{to}\" RoleName=\"EdgeServer\" Instance=\"1\" /></FederationRoute>"),
            1,
        )
    };
    let (to_boston, to_amsterdam) = (route("2"), route("1"));
    let c = compare_bytes(to_boston.as_bytes(), to_amsterdam.as_bytes()).unwrap();
    let routes: Vec<_> = c
        .checked
        .iter()
        .filter(|x| x.fact == Fact::SiteFederationRoute)
        .collect();
    assert_eq!(routes.len(), 1);
    assert_eq!(
        routes[0].message,
        "The federation route of site Amsterdam is EdgeServer:edgepool-amsterdam.fabrikam.com, not EdgeServer:edgepool-boston.fabrikam.com as planned."
    );
    assert!(!c.federation_matches());
    // The route element is compared here, once, not again among the other elements.
    assert!(c.other.is_none(), "{}", c.report());
    assert!(compare_bytes(to_boston.as_bytes(), to_boston.as_bytes())
        .unwrap()
        .matches());
    // A route the planner cannot read is shown as it is.
    let odd = planned.replacen(
        "<FederationRoute />",
        "<FederationRoute>EdgeServer:somewhere</FederationRoute>",
        1,
    );
    let c = compare_bytes(planned.as_bytes(), odd.as_bytes()).unwrap();
    assert!(
        c.differences()[0].contains(
            "is something the planner does not read: <FederationRoute>EdgeServer:somewhere, not empty as planned"
        ),
        "{}",
        c.report()
    );
}

#[test]
fn an_unreadable_file_says_which_one() {
    let planned = published::planned();
    match compare_bytes(planned.as_bytes(), b"PK\x03\x04 not a topology") {
        Err(e @ VerifyError::Published(_)) => {
            assert!(e.to_string().starts_with("The published topology cannot be read: "))
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        compare_bytes(b"", planned.as_bytes()),
        Err(VerifyError::Planned(_))
    ));
}

/// Another deployment altogether (its Signature, sites and pools all differ) is said to be one
/// first, rather than read as a publish that did not happen.
#[test]
fn another_deployment_is_said_to_be_one() {
    let planned = published::planned();
    let other = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/litware-three-sites-crlf.xml"),
    )
    .unwrap();
    let c = compare_bytes(planned.as_bytes(), &other).unwrap();
    assert!(c.different_deployment);
    let report = c.report();
    assert!(
        report.starts_with("This looks like a different deployment: "),
        "{report}"
    );
    assert!(!report.lines().next().unwrap().contains("did not happen"), "{report}");
    // A re-export of the planned deployment, published or not, is never one.
    for case in published::cases() {
        let c = compare_bytes(planned.as_bytes(), &case.published).unwrap();
        assert!(!c.different_deployment, "{}", case.name);
    }
}
