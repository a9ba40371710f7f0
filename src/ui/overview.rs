//! The topology at a glance: load findings first, then the picture, the sites, the Edge pools
//! with their federation badges and "Mark as failed", and the pools that use them.

use leptos::prelude::*;

use super::base::{handler, redrawn, row_id, use_app};
use super::picture;
use super::plan_view::mark_and_show;
use crate::checklist::html::escape;
use crate::plan::{Direction, Failure};
use crate::session::Action;
use crate::topology::by_name::RouteSummary;
use crate::topology::inference;
use crate::topology::{PoolKind, Severity, SiteKind};

#[component]
pub fn Overview() -> impl IntoView {
    let state = use_app();
    view! {
        <section class="panel overview" aria-labelledby="overview-heading">
            <h2 id="overview-heading">"2. The topology"</h2>
            // The answer first: which pools carry federation; then what the planner noticed,
            // a line each; then the picture.
            <FederationSummary/>
            <Findings/>
            <p class="hint picture-hint">"Tap or click an Edge pool in the picture to mark it failed (again to undo); any other pool shows its row in the tables below."</p>
            <picture::TopologyPicture/>
            {redrawn(move || {
                let loaded = state.loaded.get();
                let s = &loaded.summary;
                view! {
                    <h3 id="edge-heading">"Edge pools"</h3>
                    {if s.edge_pools.is_empty() {
                        view! { <p class="empty">"This topology has no Edge pool."</p> }.into_any()
                    } else {
                        edge_table(s.edge_pools.iter().map(|e| {
                            let next_hop = match (&e.next_hop, e.next_hop_kind) {
                                (Some(h), Some(k)) => format!("{h} ({})", k.label()),
                                _ => "none".into(),
                            };
                            let name_id = row_id("edge-name", &e.fqdn);
                            view! {
                                <tr id=row_id("edge", &e.fqdn) tabindex="-1" class:failed=failed(&e.fqdn)>
                                    <th scope="row" id=name_id.clone()>
                                        {breakable(&e.fqdn)}
                                        <span class="muted">{format!(" {} server(s)", e.servers.len())}</span>
                                    </th>
                                    {cell("Site", e.site.clone().unwrap_or_default())}
                                    <td class="badges" data-label="Federation">
                                        {e.sip_federation.then(|| view! { <span class="badge sip">"SIP federation (5061)"</span> }.into_any())}
                                        {e.xmpp_federation.then(|| view! { <span class="badge xmpp">"XMPP federation (5269)"</span> }.into_any())}
                                        {(!e.sip_federation && !e.xmpp_federation).then(|| view! { <span class="muted">"none"</span> }.into_any())}
                                    </td>
                                    {fqdn_cell("Access Edge FQDN", e.access_fqdn.as_deref().unwrap_or("none"))}
                                    {fqdn_cell("Next hop", &next_hop)}
                                    {fqdn_cell("Used for media by", &join(&e.front_end_pools))}
                                    <td class="action">
                                        {mark_button(Failure::Pool(e.fqdn.clone()), name_id, ["Mark as failed", "Marked as failed · Undo"])}
                                    </td>
                                </tr>
                            }
                            .into_any()
                        }).collect_view()).into_any()
                    }}
                    <h3>"Front End pools and Directors"</h3>
                    <table class="grid pools">
                        <thead><tr><th scope="col">"Pool"</th><th scope="col">"Kind"</th><th scope="col">"Site"</th><th scope="col">"Servers"</th><th scope="col">"Edge pool for media and web conferencing"</th></tr></thead>
                        <tbody inner_html=pools_html(s)></tbody>
                    </table>
                    <h3>"Sites"</h3>
                    <table class="grid sites">
                        <thead><tr><th scope="col">"Site"</th><th scope="col">"Front End pools"</th><th scope="col">"Directors"</th><th scope="col">"Edge pools"</th><th scope="col"><span class="visually-hidden">"Action"</span></th></tr></thead>
                        <tbody>
                            {s.sites.iter().map(|site| {
                                let label_id = row_id("site-name", &site.name);
                                view! {
                                    <tr>
                                        // The route sits under the site's name: a column of its own made the
                                        // table wider than its card.
                                        <th scope="row">
                                            <span id=label_id.clone()>{site.name.clone()}</span>
                                            <span class="muted">{format!(" (SiteId {}{})", site.id, if site.kind == SiteKind::Branch { ", branch" } else { "" })}</span>
                                            <span class="fed-route">"Federation route: "{route_cell(&site.federation_route)}</span>
                                        </th>
                                        {fqdn_cell("Front End pools", &join(&site.front_end_pools))}
                                        {fqdn_cell("Directors", &join(&site.directors))}
                                        {fqdn_cell("Edge pools", &join(&site.edge_pools))}
                                        <td class="action">
                                            {(!site.edge_pools.is_empty()).then(|| mark_button(
                                                Failure::Site(site.name.clone()),
                                                label_id,
                                                ["Mark site as failed", "Marked site as failed · Undo"],
                                            ))}
                                        </td>
                                    </tr>
                                }.into_any()
                            }).collect_view()}
                        </tbody>
                    </table>
                }
            })}
        </section>
    }
}

/// The Front End pools and Directors, rows of text with nothing to press: one HTML string.
fn pools_html(s: &crate::topology::by_name::Summary) -> String {
    let cell = |label: &str, value: &str| format!("<td data-label=\"{label}\">{}</td>", breakable_html(value));
    s.pools
        .iter()
        .filter(|p| matches!(p.kind, PoolKind::FrontEnd | PoolKind::Director | PoolKind::Mediation))
        .map(|p| {
            format!(
                "<tr id=\"{}\" tabindex=\"-1\"><th scope=\"row\">{}</th>{}{}{}{}</tr>",
                row_id("pool", &p.fqdn),
                breakable_html(&p.fqdn),
                cell("Kind", p.kind.label()),
                cell("Site", p.site.as_deref().unwrap_or_default()),
                cell("Servers", &p.servers.len().to_string()),
                cell("Edge pool for media", p.edge_pool.as_deref().unwrap_or("none"))
            )
        })
        .collect()
}

/// [`breakable`] as HTML, every piece escaped.
fn breakable_html(s: &str) -> String {
    s.split_inclusive('.')
        .map(|part| format!("{}<wbr>", escape(part)))
        .collect()
}

/// A table cell with its column's name, which a phone shows beside the value.
fn cell(label: &'static str, value: String) -> impl IntoView {
    view! { <td data-label=label>{value}</td> }
}

/// A cell of FQDNs, [`breakable`].
fn fqdn_cell(label: &'static str, value: &str) -> impl IntoView {
    view! { <td data-label=label>{breakable(value)}</td> }
}

/// Whether an Edge pool's row shows it failed: in the plan, or marked.
fn failed(fqdn: &str) -> impl Fn() -> bool + Send + Sync + 'static {
    let state = use_app();
    let fqdn = fqdn.to_owned();
    move || {
        let in_plan = state.outcome.with(|o| match o {
            Some(Ok(out)) => out.moves.failed.contains(&fqdn),
            _ => false,
        });
        in_plan
            || state
                .decisions
                .with(|d| matches!(&d.failure, Some(Failure::Pool(p)) if *p == fqdn))
    }
}

/// "Mark … as failed": pressed, it says what it did, and pressing it again undoes it. One
/// function for the pools and the sites, so the page carries its code once.
fn mark_button(failure: Failure, described_by: String, says: [&'static str; 2]) -> AnyView {
    let state = use_app();
    let shown = failure.clone();
    let marked = Memo::new(move |_| state.decisions.with(|d| d.is_marked(&shown)));
    view! {
        <button type="button" class=move || if marked.get() { "danger small pressed" } else { "danger small" } aria-describedby=described_by
            on:click=handler(move |_| if marked.get_untracked() {
                state.dispatch(Action::ClearFailure)
            } else {
                mark_and_show(state, Action::MarkFailed(failure.clone()))
            })>
            {move || says[usize::from(marked.get())]}
        </button>
    }
    .into_any()
}

/// An FQDN (or a list of them) that may wrap after its dots and nowhere else: a narrow table
/// stays readable, and a copied name carries no invisible characters.
pub fn breakable(s: &str) -> impl IntoView {
    s.split_inclusive('.')
        .map(|part| view! { {part.to_owned()}<wbr/> }.into_any())
        .collect_view()
}

/// A site's federation route as read from the file; a set route's form is inferred, and
/// content the planner does not understand is shown as it is.
fn route_cell(route: &RouteSummary) -> impl IntoView {
    match route {
        RouteSummary::NoSiteSettings => view! { <span class="muted">"no site settings"</span> }.into_any(),
        RouteSummary::Empty => view! { <span>"route empty"</span> }.into_any(),
        RouteSummary::Pool { pool, .. } => view! {
            <span>"route names "{breakable(pool)}" "<span class="certainty inferred">"inferred"</span></span>
        }
        .into_any(),
        RouteSummary::NotUnderstood { content, why } => view! {
            <span class="finding warning">"not understood ("{why.clone()}"), kept as it is: "<code>{content.clone()}</code></span>
        }
        .into_any(),
    }
}

fn join(list: &[String]) -> String {
    if list.is_empty() {
        "none".into()
    } else {
        list.join(", ")
    }
}

#[component]
fn FederationSummary() -> impl IntoView {
    let state = use_app();
    redrawn(move || {
        let loaded = state.loaded.get();
        let s = &loaded.summary;
        // The Edge pools the current decision fails: a pool, or every one in a failed site.
        let failed: Vec<String> = state.decisions.with(|d| match d.direction {
            Direction::Failover => d.failed_pools(&loaded),
            Direction::Failback => Vec::new(),
        });
        // One pool a line: several federated pools are a state to read, not a list to parse.
        let list = |v: &[String]| {
            if v.is_empty() {
                return "no pool".into_any();
            }
            view! {
                <ul class="pool-list">
                    {v.iter().map(|fqdn| {
                        let is_failed = failed.contains(fqdn);
                        view! {
                            <li class:failed=is_failed>
                                {breakable(fqdn)}
                                {is_failed.then(|| view! { <span class="marked">" · marked as failed"</span> }.into_any())}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        };
        view! {
            <dl class="federation-summary">
                <div><dt>"SIP federation (5061)"</dt><dd id="sip-federation-pool">{list(&s.sip_federation_pools)}</dd></div>
                <div><dt>"XMPP federation (5269)"</dt><dd id="xmpp-federation-pool">{list(&s.xmpp_federation_pools)}</dd></div>
                <div><dt>"SIP domains"</dt><dd>{breakable(&s.sip_domains.join(", "))}</dd></div>
            </dl>
        }
    })
}

/// A template rather than an export: said first, in its own words, before anything else.
#[component]
pub fn TemplateWarning() -> impl IntoView {
    let state = use_app();
    redrawn(move || {
        let loaded = state.loaded.get();
        loaded
            .summary
            .findings
            .iter()
            .find(|f| f.kind == crate::topology::FindingKind::TemplateVariables)
            .map(|f| {
                view! { <p class="error template-warning" role="alert" id="template-warning">{f.message.clone()}</p> }
                    .into_any()
            })
    })
}

#[component]
fn Findings() -> impl IntoView {
    let state = use_app();
    redrawn(move || {
        let loaded = state.loaded.get();
        let findings = &loaded.summary.findings;
        (!findings.is_empty()).then(|| {
            // One line each, the rest a tap away: several notes often name the same pools.
            let items: String = findings
                .iter()
                .map(|f| {
                    let label = match f.severity {
                        Severity::Error => "Error",
                        Severity::Warning => "Warning",
                        Severity::Note => "Note",
                    };
                    let at = f.position.map(|p| format!("<span class=\"where\">At {p}.</span>")).unwrap_or_default();
                    format!(
                        "<li class=\"finding short {}\"><details><summary><span class=\"severity\">{label}</span> <span class=\"finding-text\">{}</span></summary>{at}</details></li>",
                        f.severity.label(),
                        escape(&f.message)
                    )
                })
                .collect();
            view! {
                <div class="findings" role="region" aria-label="What the planner noticed">
                    <h3>"What the planner noticed"</h3>
                    <ul inner_html=items></ul>
                </div>
            }
        })
    })
}

/// The Edge pools' table around its rows.
fn edge_table(rows: impl IntoView) -> impl IntoView {
    view! {
        <table class="grid edges" aria-labelledby="edge-heading">
            <thead>
                <tr>
                    <th scope="col">"Edge pool"</th>
                    <th scope="col">"Site"</th>
                    <th scope="col">"Federation"</th>
                    <th scope="col">"Access Edge FQDN"</th>
                    <th scope="col">"Next hop"</th>
                    <th scope="col">"Used for media by"</th>
                    <th scope="col"><span class="visually-hidden">"Action"</span></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// What the planner infers rather than knows, said plainly.
#[component]
pub fn Inferences() -> impl IntoView {
    view! {
        <section class="panel inferences" aria-labelledby="inferences-heading">
            <details>
                <summary><h2 id="inferences-heading">"What the planner infers"</h2></summary>
                <p>"These readings of the topology format are the planner's best understanding. They are not confirmed by the product documentation or by a real export, so the checklist marks every step that rests on them."</p>
                <ul inner_html={inference::ALL.iter().map(|i| {
                    let certainty = match i.certainty {
                        inference::Certainty::Confirmed => "confirmed",
                        inference::Certainty::Inferred => "inferred",
                        inference::Certainty::Unconfirmed => "unconfirmed",
                    };
                    format!(
                        "<li><span class=\"certainty {certainty}\">{certainty}</span> {} <span class=\"muted\"> Evidence: {}</span></li>",
                        escape(i.statement),
                        escape(i.evidence)
                    )
                }).collect::<String>()}></ul>
            </details>
        </section>
    }
}
