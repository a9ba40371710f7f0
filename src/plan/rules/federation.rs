//! The rules about which pools carry SIP federation after the plan: none at all, several, the
//! healthy ones kept or cleared on request, a survivor already federated, and on failback the
//! pool federation comes back from.

use super::{raise, Facts, Raised};
use crate::plan::check::CheckSeverity;
use crate::plan::request::Direction;
use crate::topology::EdgeIdx;

pub(in crate::plan) fn federation_not_enabled(f: &Facts) -> Option<Raised> {
    if f.plan.federation_moves || !f.federation_pools.is_empty() {
        return None;
    }
    raise(
        CheckSeverity::Warning,
        "No Edge pool has SIP federation enabled, so there is no federation to fail over; the plan only moves what else used the failed pool.",
        Vec::new(),
    )
}

pub(in crate::plan) fn federation_on_several_pools(f: &Facts) -> Option<Raised> {
    let pools = &f.federation_pools;
    if f.plan.federation_moves || pools.len() < 2 {
        return None;
    }
    raise(
        CheckSeverity::Note,
        format!(
            "SIP federation is on {} Edge pools ({}), none of which failed, so it stays on each of them. The product allows concurrent federation pools; outbound federation follows each site's federation route and inbound federation follows DNS.",
            pools.len(),
            pools.join(", ")
        ),
        pools.clone(),
    )
}

pub(in crate::plan) fn federation_not_on_failed_pool(f: &Facts) -> Option<Raised> {
    let pools = &f.federation_pools;
    if f.plan.federation_moves || pools.len() != 1 {
        return None;
    }
    raise(
        CheckSeverity::Note,
        format!(
            "SIP federation is on {}, which did not fail, so it stays there.",
            pools.join(", ")
        ),
        pools.clone(),
    )
}

pub(in crate::plan) fn extra_federation_removed(f: &Facts) -> Option<Raised> {
    let plan = f.plan;
    let extra: Vec<String> = plan
        .federation_from
        .iter()
        .filter(|e| !plan.scope.failed_edges.contains(e))
        .map(|e| f.fqdn(*e))
        .collect();
    if !plan.federation_moves || extra.is_empty() {
        return None;
    }
    let routed: Vec<String> = plan
        .routes
        .iter()
        .filter(|r| !plan.scope.failed_edges.contains(&r.from_edge))
        .map(|r| f.t.sites[r.site].name.clone())
        .collect();
    let survivor = &f.survivor;
    raise(
        CheckSeverity::Warning,
        format!(
            "As you asked, the plan also clears federation on {}, which did not fail. That stops the inbound federation DNS sends to {}, every site federation route through {}{}, and the push notifications that go through them. {survivor} is then the only federation pool: point DNS at it.",
            extra.join(", "),
            if extra.len() == 1 { "it" } else { "them" },
            if extra.len() == 1 { "it" } else { "them" },
            if routed.is_empty() {
                String::new()
            } else {
                format!(" (this plan re-points the routes of {} at {survivor})", routed.join(", "))
            }
        ),
        extra,
    )
}

pub(in crate::plan) fn other_federation_pools_kept(f: &Facts) -> Option<Raised> {
    if !f.plan.federation_moves || f.plan.federation_kept.is_empty() {
        return None;
    }
    // The pool a failback keeps federation on has its own check.
    let kept: Vec<String> = f
        .plan
        .federation_kept
        .iter()
        .filter(|e| !f.plan.scope.failed_edges.contains(e))
        .map(|e| f.fqdn(*e))
        .collect();
    if kept.is_empty() {
        return None;
    }
    let one = kept.len() == 1;
    raise(
        CheckSeverity::Note,
        format!(
            "{} also {} SIP federation and did not fail, so the plan leaves {} as {} (the product allows concurrent federation pools). Outbound federation follows each site's federation route; inbound federation follows DNS, which the file cannot show: check that the _sipfederationtls._tcp records name the pools you expect. To clear {} too, choose \"Also clear federation on the other federated pools\".",
            kept.join(", "),
            if one { "carries" } else { "carry" },
            if one { "it" } else { "them" },
            if one { "it is" } else { "they are" },
            if one { "it" } else { "them" },
        ),
        kept,
    )
}

pub(in crate::plan) fn survivor_already_federated(f: &Facts) -> Option<Raised> {
    if !f.plan.federation_moves || !f.plan.survivor_already_federated {
        return None;
    }
    raise(
        CheckSeverity::Note,
        format!(
            "{} is already federated: its ports do not change, so there is no port edit and no Deployment Wizard run for it. The work is the routes and DNS that still lead to {}.",
            f.survivor,
            f.failed.join(", ")
        ),
        vec![f.survivor.clone()],
    )
}

pub(in crate::plan) fn temporary_federation_cleared(f: &Facts) -> Option<Raised> {
    let plan = f.plan;
    if plan.request.direction != Direction::Failback || plan.request.keeps_temporary_federation() {
        return None;
    }
    let temporary: Vec<String> = plan
        .scope
        .failed_edges
        .iter()
        .filter(|e| plan.federation_from.contains(e))
        .map(|e| f.fqdn(*e))
        .collect();
    let others: Vec<String> = plan.federation_kept.iter().map(|e| f.fqdn(*e)).collect();
    // With no other federated pool, the temporary one had federation only for the failover.
    if temporary.is_empty() || others.is_empty() {
        return None;
    }
    let temporary_list = temporary.join(", ");
    raise(
        CheckSeverity::Warning,
        format!(
            "This failback clears SIP federation on {temporary_list}. {} {} SIP federation too, so {temporary_list} may have carried it before the failover as well; the file cannot tell. If it did, choose \"Keep federation on {temporary_list} too\" (--keep-temporary-federation): clearing it stops the inbound federation DNS sends to it and the site federation routes through it.",
            others.join(", "),
            if others.len() == 1 { "carries" } else { "carry" },
        ),
        temporary,
    )
}

pub(in crate::plan) fn temporary_federation_kept(f: &Facts) -> Option<Raised> {
    let (t, plan, survivor) = (f.t, f.plan, &f.survivor);
    if !plan.request.keeps_temporary_federation() {
        return None;
    }
    let kept: Vec<EdgeIdx> = plan
        .scope
        .failed_edges
        .iter()
        .copied()
        .filter(|e| t.edge_pools[*e].has_federation())
        .collect();
    if kept.is_empty() {
        return None;
    }
    let names: Vec<String> = kept.iter().map(|e| f.fqdn(*e)).collect();
    let list = names.join(", ");
    let routed: Vec<String> = (0..t.sites.len())
        .filter(|s| t.route_edge(*s).is_some_and(|e| kept.contains(&e)))
        .map(|s| t.sites[s].name.clone())
        .collect();
    let mut message = format!(
        "As you chose, {list} keeps its federation, which it carried before the failover: its ports do not change, and {survivor} gets federation back beside it."
    );
    if !routed.is_empty() {
        message.push_str(&format!(
            " The federation route of {} names {list} and is left as it is. A site whose route named {survivor} before the failover: set it back with Set-CsSite -Identity <site> -FederationRoute 'EdgeServer:{survivor}' (Get-CsSite shows each route).",
            routed.join(", ")
        ));
    }
    let severity = if routed.is_empty() {
        CheckSeverity::Note
    } else {
        CheckSeverity::Warning
    };
    raise(severity, message, names)
}
