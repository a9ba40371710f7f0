//! Verifying the change: the published topology against the planner's target, replication,
//! federation through the new pool, and on failback every route, TTL and firewall rule put
//! back.

use crate::plan::Moves;

use super::preflight::{replicas, replication, ESCALATE};
use super::xmpp::stop_then_rollback;

use crate::checklist::context::StepContext;
use crate::checklist::powershell::ASK_PUBLIC_RESOLVER;
use crate::checklist::step::{Access, FromPublished, Section, Subject};
use crate::checklist::text::{text, Text};

/// What Get-CsSite should show after the change.
pub(crate) fn route_verification(ctx: &StepContext, plan: &Moves) -> Text {
    let t = ctx.t;
    if plan.routes.is_empty() {
        if (0..t.sites.len()).any(|s| t.route_edge(s).is_some()) {
            text!["Get-CsSite shows the same federation routes as before: the plan changes none."]
        } else {
            text!["Get-CsSite shows no FederationRoute, as the file did (unless one was set since the export)."]
        }
    } else {
        let sites: Vec<&str> = plan.routes.iter().map(|r| t.sites[r.site].name.as_str()).collect();
        text![
            "Get-CsSite shows the FederationRoute of ",
            value(sites.join(", ")),
            " as ",
            value(format!("EdgeServer:{}", ctx.survivor)),
            "."
        ]
    }
}

/// The published topology checked against the planner's target state, replication, and
/// federation through the new pool. Each STOP leads to the rollback.
pub(crate) fn verification(ctx: &StepContext, plan: &Moves, section: &mut Section, changed: bool) {
    let published = ctx.path("published.xml");
    if changed {
        let s = section.step(
            &ctx.id("verify-topology"),
            text!["Confirm the published topology is the planned one"],
            ctx.shell(),
        );
        s.act(text![
            "Export the topology as it is published now and check it against ",
            if ctx.embedded { "the topology loaded before the failover (" } else { "the planner's modified topology (" },
            value(&ctx.target_name),
            "): in the planner, ",
            label("Check the published topology"),
            ", or edge-failover verify --planned ",
            value(&ctx.target_name),
            " --published published.xml. The federation pools, next hops, Edge associations and site routes must be as planned."
        ])
        .cmd("(Get-CsTopology -AsXml).ToString() | Out-File -Encoding utf8 {}", &[&published])
        .cmd("Get-CsService -EdgeServer -PoolFqdn {} | Select-Object PoolFqdn, Registrar, AccessEdgeExternalFqdn, AccessEdgeExternalSipPort, DependentServiceList | Format-List", &[&ctx.survivor])
        .cmd("Get-CsSite | Select-Object Identity, FederationRoute, XmppFederationRoute | Format-List", &[])
        .check(text!["The planner says the published topology matches the plan."])
        .check(route_verification(ctx, plan))
        .file(Access::Write, &published, &ctx.admin_server)
        .stop_if(
            text!["The planner reports a difference you cannot explain."],
            text![format!("Correct it in Topology Builder and publish again, or follow the Rollback section; {ESCALATE}.")],
        )
        .on(Subject::Published)
        .practice()
        .published(FromPublished::Confirms);
        let servers: Vec<String> = replicas(&ctx.survivor_servers, &ctx.survivor);
        replication(
            ctx,
            section,
            "verify-replication",
            text![
                "Confirm every server of ",
                value(&ctx.survivor),
                " has replicated the published topology"
            ],
            &ctx.survivor,
            &servers,
            15,
        );
        if let Some(s) = section.steps.last_mut() {
            s.from_published = FromPublished::CannotConfirm;
        }
    }
    if plan.federation_moves {
        let domain = ctx.domains.first().cloned().unwrap_or_default();
        let s = section.step(
            &ctx.id("verify-federation"),
            text!["Prove federation works through ", value(&ctx.survivor)],
            text!["The Management Shell on ", value(&ctx.admin_server), ", and a client"],
        );
        s.act(text![
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
        .check(text!["The tests succeed, presence and messages flow both ways."]);
        stop_then_rollback(
            s,
            &ctx.survivor,
            text!["Test-CsFederatedPartner fails for a domain that worked before."],
        );
    }
    if plan.xmpp_moves {
        super::xmpp::verify(ctx, plan, section);
    }
}

/// The failback's last check: every route, TTL, DNS record and firewall opening the failover
/// changed is as it was before, read against the failover's records.
pub(crate) fn restored(ctx: &StepContext, section: &mut Section, reversing: &[String]) {
    if reversing.is_empty() {
        return;
    }
    let (sites, dns) = (
        ctx.failover_record("site-routes-before.txt"),
        ctx.failover_record("dns-before.txt"),
    );
    let s = section.step(
        &ctx.id("verify-restored"),
        text!["Confirm everything the failover changed is as it was before"],
        ctx.shell(),
    );
    let mut line = text!["Compare the site routes and the DNS records with the failover's records ("];
    line.0.extend(ctx.record_words("site-routes-before.txt").0);
    line.0.extend(
        text![
            ", and ",
            value("dns-before.txt"),
            " beside it), and ask the firewall team to confirm the failover's openings are closed."
        ]
        .0,
    );
    s.act(line).cmd(ASK_PUBLIC_RESOLVER, &[]);
    if ctx.has_failover_records() {
        s.cmd("Get-CsSite | Select-Object Identity, FederationRoute, XmppFederationRoute | Format-List | Out-String -Stream | Where-Object { $_ } | Compare-Object (Get-Content {} | Where-Object { $_ })", &[&sites])
            .cmd("Get-Content {}", &[&dns])
            .file(Access::Read, &sites, &ctx.admin_server)
            .file(Access::Read, &dns, &ctx.admin_server);
    } else {
        s.cmd(
            "Get-CsSite | Select-Object Identity, FederationRoute, XmppFederationRoute | Format-List",
            &[],
        );
    }
    s.check(text![
        "The routes, every DNS record and TTL answer as the record shows; the firewall team confirms."
    ])
    .confirming(reversing)
    .on(Subject::Restored)
    .stop_if(
        text!["A route, a record, a TTL or a rule differs from the record."],
        text![format!(
            "Put it back as recorded; where that cannot be done, note it in the incident record and {ESCALATE}."
        )],
    )
    .practice()
    .published(FromPublished::CannotConfirm);
}
