//! Published topologies for checking a plan against (issue 16): one generated topology, the
//! plan made from it, and what a re-export of the live topology can look like after the
//! publish, one file a case. `own_fixtures` keeps them in `tests/fixtures/published/` for the
//! command line and the page.

use edge_failover_planner::edit::FailoverEdit;
use edge_failover_planner::plan::{self, FailoverRequest};
use edge_failover_planner::topology::TopologyFile;

use super::generator::{generate, Spec};
use super::{crlf, encode, Encoding};

pub const FAILED_SITE: &str = "Amsterdam";
pub const SURVIVOR: &str = "edgepool-boston.fabrikam.com";

/// Where `own_fixtures` writes them.
pub fn dir() -> std::path::PathBuf {
    super::own_fixtures().join("published")
}

/// Three sites. Amsterdam's Edge pool carries SIP and XMPP federation; Boston's Edge pool
/// forwards to Amsterdam's Front End pool; Cape Town has no Edge pool and uses Amsterdam's.
/// Amsterdam has site settings with an empty federation route, as real Lync 2013 exports do.
/// Losing Amsterdam moves federation to Boston, re-points Boston's next hop at Boston's own
/// pool and re-associates Cape Town with Boston: every fact the check compares changes.
pub fn original() -> String {
    let mut spec = Spec::sized(3, 12);
    spec.sites[2].edge_servers = 0;
    spec.next_hop_elsewhere = Some((1, 0));
    let text = generate(&spec);
    let location = "<Location City=\"Amsterdam\" CountryCode=\"NL\" />\n";
    assert_eq!(text.matches(location).count(), 1);
    text.replacen(
        location,
        &format!(
            "{location}      <SiteConfiguration Type=\"Microsoft.Rtc.Management.Deploy.Internal.SiteConfigurations.OCSSiteConfiguration\">\n        <OCSSiteConfiguration xmlns=\"urn:schema:Microsoft.Rtc.Management.Deploy.SiteConfigurations.2008\">\n          <FederationRoute />\n        </OCSSiteConfiguration>\n      </SiteConfiguration>\n"
        ),
        1,
    )
}

pub fn request() -> FailoverRequest {
    let mut r = FailoverRequest::site(FAILED_SITE, SURVIVOR);
    r.move_xmpp = Some(true);
    r
}

/// The modified topology the planner writes for [`request`].
pub fn planned() -> String {
    let file = TopologyFile::read(original().as_bytes()).unwrap();
    let plan = plan::make_plan(&file, &request()).unwrap();
    assert!(plan.federation_moves && plan.xmpp_moves && plan.next_hop.is_some() && !plan.reassociated.is_empty());
    plan.topology_text
}

/// The Signature a publish gives the live topology.
fn republished(text: &str) -> String {
    let at = text.find("Signature=\"").unwrap() + "Signature=\"".len();
    let end = at + text[at..].find('"').unwrap();
    format!("{}0badc0de-1111-4222-8333-444455556666{}", &text[..at], &text[end..])
}

const CAPE_TOWN_STILL_ON_AMSTERDAM: &str = "Front End pool pool-capetown.fabrikam.com still uses edgepool-amsterdam.fabrikam.com for Registrar, conferencing and Mediation, not edgepool-boston.fabrikam.com as planned.";

pub struct Case {
    /// `published-NAME.xml`.
    pub name: &'static str,
    pub published: Vec<u8>,
    /// The comparison's verdict: matches, and the federation facts hold.
    pub matches: bool,
    pub federation_matches: bool,
    /// Words each difference must contain, in order.
    pub differences: &'static [&'static str],
}

pub fn cases() -> Vec<Case> {
    let planned = planned();
    let original = original();

    // The failover's ports moved in Topology Builder and published, the next hop and the
    // re-association forgotten.
    let file = TopologyFile::read(original.as_bytes()).unwrap();
    let edit = plan::make_plan(&file, &request()).unwrap().edit;
    let half = FailoverEdit {
        next_hop: None,
        reassociations: Vec::new(),
        ..edit
    }
    .apply(&file)
    .unwrap();

    // What PowerShell's `>` writes, reformatted: UTF-16LE with a byte order mark and CRLF,
    // tabs for indentation, attributes in another order, a new Signature.
    let reformatted = republished(&planned)
        .lines()
        .map(|line| {
            let indent = line.len() - line.trim_start().len();
            let body = line.trim_start();
            let body = match body.strip_prefix("<Port ").and_then(|b| b.strip_suffix(" />")) {
                Some(attrs) => {
                    let mut parts: Vec<&str> = attrs.split("\" ").collect();
                    let last = parts.len() - 1;
                    parts[last] = parts[last].trim_end_matches('"');
                    parts.reverse();
                    format!("<Port {}\"/>", parts.join("\" "))
                }
                None => body.to_owned(),
            };
            format!("{}{body}", "\t".repeat(indent / 2))
        })
        .collect::<Vec<_>>()
        .join("\n");

    vec![
        Case {
            name: "matches",
            published: republished(&planned).into_bytes(),
            matches: true,
            federation_matches: true,
            differences: &[],
        },
        Case {
            name: "nothing-published",
            published: original.clone().into_bytes(),
            matches: false,
            federation_matches: false,
            differences: &[
                "SIP federation (5061) is not on edgepool-boston.fabrikam.com, where the plan puts it.",
                "SIP federation (5061) is still on edgepool-amsterdam.fabrikam.com: the publish did not happen or was undone.",
                "XMPP federation (5269) is not on edgepool-boston.fabrikam.com, where the plan puts it.",
                "XMPP federation (5269) is still on edgepool-amsterdam.fabrikam.com: the publish did not happen or was undone.",
                "The next hop of edgepool-boston.fabrikam.com is pool-amsterdam.fabrikam.com in site Amsterdam, not pool-boston.fabrikam.com in site Boston as planned.",
                CAPE_TOWN_STILL_ON_AMSTERDAM,
            ],
        },
        Case {
            name: "half-done",
            published: half.into_bytes(),
            matches: false,
            federation_matches: false,
            differences: &[
                "edgepool-boston.fabrikam.com carries federation but its next hop is still pool-amsterdam.fabrikam.com in site Amsterdam, not pool-boston.fabrikam.com in site Boston as planned.",
                CAPE_TOWN_STILL_ON_AMSTERDAM,
            ],
        },
        Case {
            name: "unrelated-change",
            published: republished(&planned)
                .replacen("City=\"Cape Town\"", "City=\"Stellenbosch\"", 1)
                .into_bytes(),
            matches: false,
            federation_matches: true,
            differences: &["Something else changed too: 1 other element differs."],
        },
        Case {
            name: "reencoded",
            published: encode(&crlf(&reformatted), Encoding::Utf16LeBom),
            matches: true,
            federation_matches: true,
            differences: &[],
        },
    ]
}
