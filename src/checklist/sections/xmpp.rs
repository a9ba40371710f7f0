//! XMPP federation, moved with its own short outage.

use crate::plan::Plan;
use crate::topology::inference;

use crate::checklist::context::{services_step, with_ips, StepContext};
use crate::checklist::text::{text, Document, FromPublished, Section};

pub(crate) fn xmpp(ctx: &StepContext, plan: &Plan) -> Section {
    let t = ctx.t;
    let mut section = Section::new("XMPP federation");
    section.intro = Some(text![
            "Stopping the services on every server of ",
            value(&ctx.survivor),
            " stops everything through that pool, not only XMPP: SIP federation, remote access and A/V conferencing too, until they start again. So the DNS and firewall changes come first, and the outage from the stop to the start holds only the route change: expect about 10 to 15 minutes."
        ]);
    // The DNS and firewall work needs no stopped service, so it comes first and the outage
    // holds only the route change.
    let first_domain = ctx.domains.first().cloned().unwrap_or_default();
    let dns = section.step(
        "xmpp-dns",
        text![
            "Point the XMPP DNS records at ",
            value(&ctx.survivor),
            ", before the stop"
        ],
        text!["The public DNS of ", value(ctx.domains.join(", "))],
    );
    dns.act(with_ips(
        text![
            "Change the external A record used for XMPP federation (the documentation's example is ",
            value(format!("xmpp.{first_domain}")),
            ") to the Access Edge external address of ",
            value(&ctx.survivor)
        ],
        &ctx.survivor_ips,
    ));
    for d in &ctx.domains {
        dns.act(text![
            "SRV ",
            value(format!("_xmpp-server._tcp.{d}")),
            ": port 5269, target that XMPP host name; add it if it does not exist yet."
        ]);
        dns.check_cmds(ctx.lookups("SRV", &format!("_xmpp-server._tcp.{d}")));
    }
    dns.act(text![
        "The procedure does this after stopping the services; done first, it keeps the outage short."
    ])
    .check(text![
        "From a computer outside your network, every ",
        value("_xmpp-server._tcp"),
        " record answers with port 5269 and a host name that resolves to the new pool's external address."
    ]);
    dns.procedure(Document::XmppFailover.at(", steps 4–5"))
        .published(FromPublished::CannotConfirm);
    section
        .step(
            "xmpp-firewall",
            text!["Open TCP 5269 to ", value(&ctx.survivor_access), ", before the stop"],
            text!["The external firewall in front of ", value(&ctx.survivor)],
        )
        .act(with_ips(
            text![
                "Allow TCP 5269 inbound (and outbound) on the Access Edge external address of ",
                value(&ctx.survivor)
            ],
            &ctx.survivor_ips,
        ))
        .act(text![
            "Allow TCP 23456 from the Front End pools to the Edge internal interface."
        ])
        .check(text![
            "From outside your network, TCP 5269 answers on ",
            value(&ctx.survivor_access),
            " once the services have started (the last step of this part)."
        ])
        .check_cmd(
            "Test-NetConnection -ComputerName {} -Port 5269",
            &[&ctx.survivor_access],
        )
        .procedure(Document::XmppFailover.at(", step 6"))
        .published(FromPublished::CannotConfirm);
    services_step(ctx, &mut section, "xmpp-stop", false)
        .act(text![
            "On each server, stop the services so the XMPP proxy starts with the new route. The outage starts here."
        ])
        .check(text![
            "Every Lync or Skype for Business service on the server shows Stopped."
        ])
        .procedure(Document::XmppFailover.at(", step 2"));
    // [XD] sets the route of one site: the one holding the pool that now hosts XMPP.
    let site = t.site_name(t.pools[t.edge_pools[plan.survivor].pool].site);
    section.step(
            "xmpp-route",
            text!["Point the XMPP federation route of ", value(site), " at ", value(&ctx.survivor)],
            ctx.shell(),
        )
        .act(text![
            "Set the XMPP federation route of ",
            value(site),
            ", the site of the pool that now hosts XMPP federation. The procedure writes the parameter as -XmppExternalFederationRoute with a server's FQDN; the cmdlet reference has -XmppFederationRoute with the pool's EdgeServer identity, as below."
        ])
        .cmd("Set-CsSite -Identity {} -XmppFederationRoute {}", &[site, &format!("EdgeServer:{}", ctx.survivor)])
        .check(text![
            "The XmppFederationRoute of ",
            value(site),
            " is ",
            value(format!("EdgeServer:{}", ctx.survivor)),
            "."
        ])
        .check_cmd("Get-CsSite -Identity {} | Select-Object Identity, XmppFederationRoute", &[site])
        .procedure(Document::XmppFailover.at(", step 3"))
        .inferred(inference::XMPP_FEDERATION_ROUTES);
    let start = services_step(ctx, &mut section, "xmpp-start", true);
    start
        .act(text!["The outage ends here."])
        .check(text!["The services run, and the XMPP proxy listens on 5269 and 23456."])
        .check_cmd("Get-NetTCPConnection -State Listen -LocalPort 5269, 23456", &[]);
    if ctx.old_windows {
        start.check_cmd("netstat -ano | findstr \":5269 :23456\"", &[]);
    }
    start.procedure(Document::XmppFailover.at(", step 7"));
    section
}
