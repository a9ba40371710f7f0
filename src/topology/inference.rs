//! Every reading of the topology format that is inferred rather than confirmed, in one place.
//!
//! `DOMAIN.md` marks what was seen in real exports and what is a best reading. The rules below
//! are the planner's whole dependence on the latter: when a real export proves one wrong, this
//! is the file that changes. Each rule carries an [`Inference`] record so the UI, the CLI and
//! the checklist can say plainly which of their statements rest on it.

use serde::Serialize;

/// How sure the planner is of a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    /// Seen in a real export or stated by the product documentation.
    Confirmed,
    /// A best reading of the evidence, not seen confirmed.
    Inferred,
    /// Looked for and not found; the planner does not act on it, only warns.
    Unconfirmed,
}

/// One rule the planner relies on, with how sure it is and why.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Inference {
    pub id: &'static str,
    pub certainty: Certainty,
    pub statement: &'static str,
    pub evidence: &'static str,
}

pub const SIP_FEDERATION_PORT: Inference = Inference {
    id: "sip-federation-port",
    certainty: Certainty::Inferred,
    statement: "\"Enable federation for this Edge pool (Port 5061)\" is stored as the Edge's external AccessEdge SipServer port; an Edge pool without that port does not carry federation.",
    evidence: "Both federation-enabled exports have the port; Set-CsEdgeServer keeps AccessEdgeExternalSipPort apart from the client port. No export of an Edge without federation has been seen.",
};

pub const XMPP_FEDERATION_PORTS: Inference = Inference {
    id: "xmpp-federation-ports",
    certainty: Certainty::Inferred,
    statement: "\"Enable XMPP federation (5269)\" is stored as the Edge's XmppFederationProxy ports (XmppServer 5269 external, XptServer 23456 internal).",
    evidence: "Present in the XMPP-enabled Edge export, absent from the Edge export without XMPP.",
};

pub const FEDERATION_FQDN: Inference = Inference {
    id: "federation-fqdn",
    certainty: Certainty::Inferred,
    statement: "When federation moves to a pool, its federation port takes that pool's own external Access Edge FQDN.",
    evidence:
        "In every export the federation port's ConfiguredFqdn equals the Access Edge (SipClient) FQDN of the same pool.",
};

pub const FAILOVER_IS_PORT_MOVE: Inference = Inference {
    id: "failover-is-port-move",
    certainty: Certainty::Inferred,
    statement: "Clearing and ticking \"Enable federation\" in Topology Builder amounts to removing the federation port from one Edge pool and adding it to the other; nothing else in the published topology changes.",
    evidence: "Follows from the port rule; not observed as a before/after pair of real exports.",
};

pub const FEDERATION_PORT_PLACE: Inference = Inference {
    id: "federation-port-place",
    certainty: Certainty::Inferred,
    statement: "A port added to an Edge pool is written after that pool's media relay ports, where Topology Builder writes it in the exports seen.",
    evidence: "Port order in both federation-enabled exports. The order is not known to matter to Publish-CsTopology.",
};

pub const MEDIA_ASSOCIATION: Inference = Inference {
    id: "media-association",
    certainty: Certainty::Inferred,
    statement: "\"Associate Edge pool (for media components)\" is stored as the Edge dependencies of the Front End pool's Registrar, ConfServices and MediationServer services; re-associating re-points all three.",
    evidence: "The dependencies exist in both Edge exports and match Set-CsRegistrar/Set-CsConferenceServer/Set-CsMediationServer -EdgeServer. Which of them the Topology Builder checkbox rewrites is not confirmed.",
};

pub const NEXT_HOP: Inference = Inference {
    id: "next-hop",
    certainty: Certainty::Confirmed,
    statement: "An Edge pool's next hop is its dependency on a Registrar service (a Front End pool or a Director).",
    evidence: "The only dependency of the Edge in both exports; Set-CsEdgeServer -Registrar sets it.",
};

pub const LYNC_2013_VERSION: Inference = Inference {
    id: "lync-2013-version",
    certainty: Certainty::Confirmed,
    statement: "ServiceVersion 6 is Lync Server 2013 (7 is Skype for Business Server 2015 and 8 is 2019).",
    evidence: "Real Lync Server 2013 exports, published and Topology Builder, carry ServiceVersion 6.",
};

pub const BRANCH_SITES: Inference = Inference {
    id: "branch-sites",
    certainty: Certainty::Unconfirmed,
    statement: "Branch sites are read as <BranchSite SiteId=…> under <Sites> in a published topology, and as any element with a SiteId under a central site's <RemoteSites> in a Topology Builder file.",
    evidence: "No export with a branch site has been seen.",
};

pub const SITE_FEDERATION_ROUTES: Inference = Inference {
    id: "site-federation-routes",
    certainty: Certainty::Confirmed,
    statement: "A site's SIP federation route is stored under the site as SiteConfiguration/OCSSiteConfiguration/FederationRoute; a site without SiteConfiguration has no site settings.",
    evidence: "Real Lync Server 2013 exports in both formats hold the element, empty, even with several federated pools; Skype for Business Server 2015 exports seen have no SiteConfiguration.",
};

pub const SITE_FEDERATION_ROUTE_CONTENT: Inference = Inference {
    id: "site-federation-route-content",
    certainty: Certainty::Inferred,
    statement: "A set site federation route holds one reference to the Edge pool's EdgeServer service (or a Director's Registrar), written as a dependency names a service in the same format: <ServiceId SiteId=… RoleName=… Instance=…/> in a published topology, an element with ServiceUniqueId in a Topology Builder file. The planner re-points such a route from the failed pool to the surviving one; anything else in a route is kept as it is and reported.",
    evidence: "Every route seen in a real export is empty. The shape follows the site's other settings (DefaultPersistentChatPool holds a ServiceId) and Set-CsSite -FederationRoute taking an EdgeServer identity.",
};

pub const XMPP_FEDERATION_ROUTES: Inference = Inference {
    id: "xmpp-federation-routes",
    certainty: Certainty::Unconfirmed,
    statement: "How a site's XMPP federation route is stored in the topology is not known, so the planner neither reads nor edits it: check it with Get-CsSite.",
    evidence: "No export with an XMPP federation route has been seen; the cmdlet property is XmppFederationRoute.",
};

/// The words of Topology Builder's publish warning about several federated Edge pools, as
/// the product's migration page ("Configure federation routes and media traffic") quotes
/// them, and which it calls expected.
pub const CONCURRENT_FEDERATION_WORDS: &str = "If you want to deploy multiple federation Edge Server to be active concurrently (that is, not a migration scenario), verify that all federated partners are using Skype for Business Server. Verify that the external DNS SRV record lists all federation enabled Edge Servers.";

pub const DIRECTOR: Inference = Inference {
    id: "director",
    certainty: Certainty::Confirmed,
    statement: "A Director is a pool whose Registrar service has IsDirector=\"true\".",
    evidence: "The RegistrarService element in every export; the exports seen only have IsDirector=\"false\".",
};

pub const DEPLOYMENT_WIZARD_EVERY_SERVER: Inference = Inference {
    id: "deployment-wizard-every-server",
    certainty: Certainty::Inferred,
    statement: "The Deployment Wizard rerun (step 6 of the product procedure) is needed on every server of the new federation pool, not only one.",
    evidence: "The procedure says \"on the Edge server\"; each server runs its own Edge services.",
};

pub const XMPP_2019: Inference = Inference {
    id: "xmpp-2019",
    certainty: Certainty::Inferred,
    statement: "An Edge pool whose ServiceVersion is 8 (Skype for Business Server 2019) cannot carry XMPP federation, so XMPP moves only to a Lync Server 2013 or Skype for Business Server 2015 Edge pool; a topology whose highest ServiceVersion is 8 and that has no XMPP ports has no XMPP steps at all.",
    evidence: "XMPP was removed in Skype for Business Server 2019 (documented); that ServiceVersion 8 marks it was seen in one export.",
};

pub const BACKUP_POOL: Inference = Inference {
    id: "backup-pool",
    certainty: Certainty::Inferred,
    statement: "A Front End pool's backup pool is the Registrar named in the <Backup> element of its Registrar service; in a Topology Builder file that element is read by a ServiceUniqueId, like a dependency. The Back End offered for the Central Management Server failover is a Central Management store outside the failed site, else the backup pool's user store.",
    evidence: "<Backup> with a Registrar ServiceId is in real published exports of paired pools, beside a standby Central Management store; its Topology Builder form has not been seen.",
};

pub const ACCESS_EDGE_ADDRESS: Inference = Inference {
    id: "access-edge-address",
    certainty: Certainty::Inferred,
    statement: "On an Edge server with separate external addresses, the Access Edge's public address is the external interface whose InterfaceNumber is that of the Access Edge's external SipClient port.",
    evidence: "Each Edge port names an InterfaceNumber and each interface carries one; no export with separate external addresses has been seen.",
};

pub const CENTRAL_MANAGEMENT_IN_TOPOLOGY: Inference = Inference {
    id: "central-management-in-topology",
    certainty: Certainty::Inferred,
    statement: "The topology names which Central Management Server is active (CentralMgmtService IsActive), so publishing a topology exported before a Central Management Server failover would name the failed one again.",
    evidence: "The IsActive attribute is in every export; what Invoke-CsManagementServerFailover writes to the topology is not documented.",
};

pub const LATER_SERVICE_VERSION: Inference = Inference {
    id: "later-service-version",
    certainty: Certainty::Inferred,
    statement: "A ServiceVersion above 8 is read as Skype for Business Server 2019's rules: no XMPP federation, and the same failover procedure.",
    evidence: "Skype for Business Server Subscription Edition is the 2019 build line (7.0.2046.x) and keeps its procedures; its ServiceVersion has not been seen in an export.",
};

pub const CENTRAL_MANAGEMENT_REBUILD: Inference = Inference {
    id: "central-management-rebuild",
    certainty: Certainty::Inferred,
    statement: "With no backup pool in the topology, the Central Management store can only come back by restoring the failed site's pool, or by rebuilding it on a surviving Back End as the pool disaster-recovery procedure's step 6 does for a backup pool (Install-CsDatabase -CentralManagementDatabase -Clean, Move-CsManagementServer, Bootstrapper /Setup).",
    evidence: "The procedure gives those commands for a backup pool only; Invoke-CsManagementServerFailover fails over only to the database defined in Topology Builder (cmdlet reference).",
};

pub const XMPP_PROXY_RESTART: Inference = Inference {
    id: "xmpp-proxy-restart",
    certainty: Certainty::Inferred,
    statement: "The XMPP proxy of an Edge pool reads the site's XMPP federation route when its services start, so a pool that already has the XMPP ports needs its services restarted to listen on 5269 after the route names it, and a restored pool whose route is set before its services start needs no second restart.",
    evidence: "The XMPP failover procedure stops the services before the route change and starts them after; the set-up page says the proxy does not listen on 5269 while the route is wrong or unset. The failback procedure has no stop or start.",
};

pub const XMPP_FRONT_END_WIZARD: Inference = Inference {
    id: "xmpp-front-end-wizard",
    certainty: Certainty::Inferred,
    statement: "Front End pools that start using an Edge pool for XMPP federation need the Deployment Wizard run again on their servers, as the XMPP set-up procedure does, to install the XMPP gateway; the topology file does not show whether they ran it before.",
    evidence: "Setting up XMPP federation, steps 2 and 3, run the Deployment Wizard on the Front End after XMPP is enabled.",
};

pub const LYNC_2010_VERSION: Inference = Inference {
    id: "lync-2010-version",
    certainty: Certainty::Inferred,
    statement: "A pool whose services have ServiceVersion 5 runs Lync Server 2010.",
    evidence: "Get-CsService shows Version 5 for a Lync Server 2010 Edge; no export with a Lync Server 2010 pool has been seen.",
};

pub const TOPOLOGY_BUILDER_PUBLISHED: Inference = Inference {
    id: "topology-builder-published",
    certainty: Certainty::Inferred,
    statement: "In a Topology Builder file, IsPublished=\"false\" on the PartialTopology marks a topology that was never published, and a NewTopology that differs from the file's OriginalTopology holds edits not published yet; either way the file may not be what runs.",
    evidence: "The never-published lab file says IsPublished=\"false\" with a zero Signature; files downloaded from a deployment keep the OriginalTopology beside the NewTopology that will be published. What Topology Builder writes there after a publish is not documented.",
};

/// Everything above, for a page or a report that lists what the planner assumes.
pub const ALL: &[Inference] = &[
    SIP_FEDERATION_PORT,
    XMPP_FEDERATION_PORTS,
    FEDERATION_FQDN,
    FAILOVER_IS_PORT_MOVE,
    FEDERATION_PORT_PLACE,
    MEDIA_ASSOCIATION,
    NEXT_HOP,
    LYNC_2013_VERSION,
    BRANCH_SITES,
    SITE_FEDERATION_ROUTES,
    SITE_FEDERATION_ROUTE_CONTENT,
    XMPP_FEDERATION_ROUTES,
    DIRECTOR,
    DEPLOYMENT_WIZARD_EVERY_SERVER,
    XMPP_2019,
    BACKUP_POOL,
    ACCESS_EDGE_ADDRESS,
    CENTRAL_MANAGEMENT_IN_TOPOLOGY,
    LYNC_2010_VERSION,
    LATER_SERVICE_VERSION,
    CENTRAL_MANAGEMENT_REBUILD,
    XMPP_PROXY_RESTART,
    XMPP_FRONT_END_WIZARD,
    TOPOLOGY_BUILDER_PUBLISHED,
];

/// The inference with this id, for a view that shows its words rather than its id.
pub fn by_id(id: &str) -> Option<&'static Inference> {
    ALL.iter().find(|i| i.id == id)
}

pub mod ports {
    //! Which Edge ports mean what. Matching is on owner, usage and side, never on the number:
    //! administrators change port numbers.

    pub const ACCESS_EDGE: &str = "urn:component:AccessEdge";
    pub const DATA_EDGE: &str = "urn:component:DataEdge";
    pub const MEDIA_RELAY_EDGE: &str = "urn:component:MediaRelayEdge";
    pub const MEDIA_RELAY_AUTH_EDGE: &str = "urn:component:MediaRelayAuthenticationEdge";
    pub const XMPP_FEDERATION_PROXY: &str = "urn:component:XmppFederationProxy";

    /// See [`super::SIP_FEDERATION_PORT`].
    pub fn is_sip_federation(owner: &str, usage: &str, side: &str) -> bool {
        owner == ACCESS_EDGE && usage == "SipServer" && side == "External"
    }

    /// See [`super::XMPP_FEDERATION_PORTS`].
    pub fn is_xmpp_federation(owner: &str) -> bool {
        owner == XMPP_FEDERATION_PROXY
    }

    /// The external SIP access (remote users) port whose FQDN is the "Access Edge FQDN".
    pub fn is_access_edge_client(owner: &str, usage: &str, side: &str) -> bool {
        owner == ACCESS_EDGE && usage == "SipClient" && side == "External"
    }

    pub fn is_web_conferencing_external(owner: &str, usage: &str, side: &str) -> bool {
        owner == DATA_EDGE && usage == "PsomClient" && side == "External"
    }

    pub fn is_av_external(owner: &str, usage: &str, side: &str) -> bool {
        owner == MEDIA_RELAY_EDGE && side == "External" && (usage == "MediaCommunication" || usage == "TURNServer")
    }

    /// Ports a new federation port is written after. See [`super::FEDERATION_PORT_PLACE`].
    pub fn precedes_federation_port(owner: &str) -> bool {
        matches!(
            owner,
            ACCESS_EDGE | DATA_EDGE | MEDIA_RELAY_EDGE | MEDIA_RELAY_AUTH_EDGE
        )
    }

    /// The federation port Topology Builder writes, used only when no pool has one to copy.
    pub fn federation_port_template(configured_fqdn_escaped: &str) -> String {
        format!(
            "<Port Owner=\"{ACCESS_EDGE}\" Usage=\"SipServer\" InterfaceSide=\"External\" InterfaceNumber=\"1\" Port=\"5061\" Protocol=\"Mtls\" UrlPath=\"/\" AuthorizesRequests=\"false\" ConfiguredFqdn=\"{configured_fqdn_escaped}\" />"
        )
    }
}

/// The roles whose Edge dependency is the Front End pool's "media" association.
/// See [`MEDIA_ASSOCIATION`].
pub const MEDIA_ASSOCIATION_ROLES: &[&str] = &["Registrar", "ConfServices", "MediationServer"];

/// The product a ServiceVersion stands for. See [`LYNC_2013_VERSION`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Product {
    Lync2013,
    SkypeForBusiness2015,
    SkypeForBusiness2019,
    /// A ServiceVersion above 8, read with Skype for Business Server 2019's rules. See
    /// [`LATER_SERVICE_VERSION`].
    Later(u32),
    Unknown(u32),
}

impl Product {
    pub fn from_service_version(version: u32) -> Product {
        match version {
            6 => Product::Lync2013,
            7 => Product::SkypeForBusiness2015,
            8 => Product::SkypeForBusiness2019,
            later @ 9.. => Product::Later(later),
            other => Product::Unknown(other),
        }
    }

    pub fn name(self) -> String {
        match self {
            Product::Lync2013 => "Lync Server 2013".into(),
            Product::SkypeForBusiness2015 => "Skype for Business Server 2015".into(),
            Product::SkypeForBusiness2019 => "Skype for Business Server 2019".into(),
            Product::Later(v) => format!("Skype for Business Server (ServiceVersion {v}; 2019 rules assumed)"),
            Product::Unknown(v) => format!("unknown (ServiceVersion {v})"),
        }
    }

    /// Short name for step text ("Lync Server", "Skype for Business Server").
    pub fn family(self) -> &'static str {
        match self {
            Product::Lync2013 => "Lync Server",
            _ => "Skype for Business Server",
        }
    }

    pub fn is_confirmed(self) -> bool {
        !matches!(self, Product::Unknown(_) | Product::Later(_))
    }

    /// See [`XMPP_2019`].
    pub fn has_xmpp(self) -> bool {
        !matches!(self, Product::SkypeForBusiness2019 | Product::Later(_))
    }
}

impl Serialize for Product {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name())
    }
}
