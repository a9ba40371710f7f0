//! Verifying the change: the published topology, replication, federation and XMPP.

use crate::plan::Plan;

use super::topology::route_verification;

use crate::checklist::context::Names;
use crate::checklist::powershell::ps;
use crate::checklist::text::{step, text, ui, v, FromPublished, Section};

pub(crate) fn verification(n: &Names, plan: &Plan) -> Section {
    let mut steps = Vec::new();
    steps.push(
        step("verify-topology", text!["Confirm the published topology"], n.shell())
        .act(text![
            "Export the topology as it is published now and check it in the planner (",
            ui("Check the published topology"),
            ") or with edge-failover verify: the federation pools, next hops, Edge associations and site routes must be as planned."
        ])
        .cmd("(Get-CsTopology -AsXml).ToString() > C:\\EdgeFailover\\published.xml")
        .cmd(format!(
            "Get-CsService -EdgeServer -PoolFqdn {} | Select-Object PoolFqdn, Registrar, AccessEdgeExternalFqdn, AccessEdgeExternalSipPort, DependentServiceList | Format-List",
            ps(&n.survivor)
        ))
        .cmd("Get-CsSite | Select-Object Identity, FederationRoute, XmppFederationRoute | Format-List")
        .check(text!["The planner says the published topology matches the plan."])
        .check(route_verification(n, plan))
        .practice()
        .published(FromPublished::Confirms)
        .done(),
    );
    steps.push(
        step(
            "verify-replication",
            text!["Confirm every server has replicated the published topology"],
            n.shell(),
        )
        .cmd("Get-CsManagementStoreReplicationStatus | Select-Object ReplicaFqdn, UpToDate, LastStatusReport")
        .check(text!["UpToDate is True for every server of ", v(&n.survivor), "."])
        .practice()
        .published(FromPublished::CannotConfirm)
        .done(),
    );
    if plan.federation_moves {
        let domain = n.domains.first().cloned().unwrap_or_default();
        steps.push(
            step(
                "verify-federation",
                text!["Prove federation works through ", v(&n.survivor)],
                text!["The Management Shell on ", v(&n.admin_server), ", and a client"],
            )
            .act(text![
                "Test every domain on your allowed list: Test-CsFederatedPartner reaches only allowed domains, through the internal FQDN of the Edge pool that federated SIP traffic goes to, ",
                v(&n.survivor),
                "."
            ])
            .cmd(format!(
                "Get-CsAllowedDomain | ForEach-Object {{ Test-CsFederatedPartner -TargetFqdn {} -Domain $_.Identity }}",
                ps(&n.survivor)
            ))
            .act(text![
                "From a client, send an instant message to a federated contact (also one whose domain DNS discovery finds, which the cmdlet cannot test) and check their presence; ask a partner to message a user in ",
                v(domain),
                "."
            ])
            .act(text!["Optionally run the Remote Connectivity Analyzer's federation test against your domain from outside."])
            .check(text!["The tests succeed, presence and messages flow both ways."])
            .practice()
            .published(FromPublished::CannotConfirm)
            .done(),
        );
    }
    if plan.xmpp_moves {
        let pool = n.admin_pool.clone().unwrap_or_else(|| n.admin_server.clone());
        steps.push(
            step(
                "verify-xmpp",
                text!["Prove XMPP federation works through ", v(&n.survivor)],
                n.shell(),
            )
            .act(text![
                "Test-CsXmppIM needs a receiver on the network of an allowed XMPP partner: list the partners, then give the SIP address of a user in one of them when asked. The test sends from a test user of ",
                v(&pool),
                "; without test users defined for the pool, add -UserSipAddress and -UserCredential."
            ])
            .cmd("Get-CsXmppAllowedPartner | Select-Object Identity")
            .cmd(format!(
                "$receiver = Read-Host 'SIP address of a user at one of the XMPP partners above'; Test-CsXmppIM -TargetFqdn {} -Receiver $receiver",
                ps(&pool)
            ))
            .check(text!["The XMPP test message is delivered."])
            .practice()
            .published(FromPublished::CannotConfirm)
            .done(),
        );
    }
    Section {
        title: "Verify".into(),
        intro: None,
        steps,
    }
}
