//! Verifying the change: the published topology, replication, federation and XMPP.

use crate::plan::Plan;

use super::topology::route_verification;

use crate::checklist::context::StepContext;
use crate::checklist::text::{text, FromPublished, Section};

pub(crate) fn verification(ctx: &StepContext, plan: &Plan) -> Section {
    let mut section = Section::new("Verify");
    section.step("verify-topology", text!["Confirm the published topology"], ctx.shell())
        .act(text![
            "Export the topology as it is published now and check it in the planner (",
            label("Check the published topology"),
            ") or with edge-failover verify: the federation pools, next hops, Edge associations and site routes must be as planned."
        ])
        .cmd("(Get-CsTopology -AsXml).ToString() > C:\\EdgeFailover\\published.xml", &[])
        .cmd("Get-CsService -EdgeServer -PoolFqdn {} | Select-Object PoolFqdn, Registrar, AccessEdgeExternalFqdn, AccessEdgeExternalSipPort, DependentServiceList | Format-List", &[&ctx.survivor])
        .cmd("Get-CsSite | Select-Object Identity, FederationRoute, XmppFederationRoute | Format-List", &[])
        .check(text!["The planner says the published topology matches the plan."])
        .check(route_verification(ctx, plan))
        .practice()
        .published(FromPublished::Confirms);
    section
        .step(
            "verify-replication",
            text!["Confirm every server has replicated the published topology"],
            ctx.shell(),
        )
        .cmd(
            "Get-CsManagementStoreReplicationStatus | Select-Object ReplicaFqdn, UpToDate, LastStatusReport",
            &[],
        )
        .check(text![
            "UpToDate is True for every server of ",
            value(&ctx.survivor),
            "."
        ])
        .practice()
        .published(FromPublished::CannotConfirm);
    if plan.federation_moves {
        let domain = ctx.domains.first().cloned().unwrap_or_default();
        section.step(
                "verify-federation",
                text!["Prove federation works through ", value(&ctx.survivor)],
                text!["The Management Shell on ", value(&ctx.admin_server), ", and a client"],
            )
            .act(text![
                "Test every domain on your allowed list: Test-CsFederatedPartner reaches only allowed domains, through the internal FQDN of the Edge pool that federated SIP traffic goes to, ",
                value(&ctx.survivor),
                "."
            ])
            .cmd("Get-CsAllowedDomain | ForEach-Object { Test-CsFederatedPartner -TargetFqdn {} -Domain $_.Identity }", &[&ctx.survivor])
            .act(text![
                "From a client, send an instant message to a federated contact (also one whose domain DNS discovery finds, which the cmdlet cannot test) and check their presence; ask a partner to message a user in ",
                value(domain),
                "."
            ])
            .act(text!["Optionally run the Remote Connectivity Analyzer's federation test against your domain from outside."])
            .check(text!["The tests succeed, presence and messages flow both ways."])
            .practice()
            .published(FromPublished::CannotConfirm);
    }
    if plan.xmpp_moves {
        let pool = ctx.admin_pool.clone().unwrap_or_else(|| ctx.admin_server.clone());
        section.step(
                "verify-xmpp",
                text!["Prove XMPP federation works through ", value(&ctx.survivor)],
                ctx.shell(),
            )
            .act(text![
                "Test-CsXmppIM needs a receiver on the network of an allowed XMPP partner: list the partners, then give the SIP address of a user in one of them when asked. The test sends from a test user of ",
                value(&pool),
                "; without test users defined for the pool, add -UserSipAddress and -UserCredential."
            ])
            .cmd("Get-CsXmppAllowedPartner | Select-Object Identity", &[])
            .cmd("$receiver = Read-Host 'SIP address of a user at one of the XMPP partners above'; Test-CsXmppIM -TargetFqdn {} -Receiver $receiver", &[&pool])
            .check(text!["The XMPP test message is delivered."])
            .practice()
            .published(FromPublished::CannotConfirm);
    }
    section
}
