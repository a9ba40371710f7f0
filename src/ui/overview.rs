//! The topology at a glance: load findings first, then the picture, the sites, the Edge pools
//! with their federation badges and "Mark as failed", and the pools that use them.

use leptos::prelude::*;

use super::base::{handler, redrawn, row_id, use_app, AppState};
use super::browser;
use super::picture;
use super::plan_view::mark_and_show;
use super::readiness_view;
use crate::checklist::html::escape;
use crate::plan::{Direction, Failure};
use crate::session::Action;
use crate::topology::by_name::{RouteSummary, Summary};
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
            // Every failure at once, before it happens: for a DR review or a change board.
            {readiness_view::open_button()}
            <Findings/>
            <p class="hint picture-hint">"Tap or click an Edge pool in the picture to mark it failed (again to undo); any other pool shows its row in the tables below."</p>
            <picture::TopologyPicture/>
            // The tables are text and buttons: one string each, drawn again when the topology,
            // what is marked or the plan changes, with one handler for every button in them.
            {redrawn(move || {
                let loaded = state.loaded.get();
                let s = &loaded.summary;
                let marked = state.decisions.with(|d| match d.direction {
                    Direction::Failover => d.failure.clone(),
                    Direction::Failback => None,
                });
                let failed = state.outcome.with(|o| match o {
                    Some(Ok(out)) => out.moves.failed.clone(),
                    _ => Vec::new(),
                });
                view! {
                    <h3 id="edge-heading">"Edge pools"</h3>
                    {if s.edge_pools.is_empty() {
                        view! { <p class="empty">"This topology has no Edge pool."</p> }.into_any()
                    } else {
                        view! {
                            <table class="grid edges" aria-labelledby="edge-heading">
                                <thead><tr><th scope="col">"Edge pool"</th><th scope="col">"Site"</th><th scope="col">"Federation"</th><th scope="col">"Access Edge FQDN"</th><th scope="col">"Next hop"</th><th scope="col">"Used for media by"</th><th scope="col"><span class="visually-hidden">"Action"</span></th></tr></thead>
                                <tbody inner_html=edges_html(s, marked.as_ref(), &failed) on:click=handler(move |ev| on_mark(state, ev))></tbody>
                            </table>
                        }.into_any()
                    }}
                    <h3>"Front End pools and Directors"</h3>
                    <table class="grid pools">
                        <thead><tr><th scope="col">"Pool"</th><th scope="col">"Kind"</th><th scope="col">"Site"</th><th scope="col">"Servers"</th><th scope="col">"Edge pool for media and web conferencing"</th></tr></thead>
                        <tbody inner_html=pools_html(s)></tbody>
                    </table>
                    <h3>"Sites"</h3>
                    <table class="grid sites">
                        <thead><tr><th scope="col">"Site"</th><th scope="col">"Front End pools"</th><th scope="col">"Directors"</th><th scope="col">"Edge pools"</th><th scope="col"><span class="visually-hidden">"Action"</span></th></tr></thead>
                        <tbody inner_html=sites_html(s, marked.as_ref()) on:click=handler(move |ev| on_mark(state, ev))></tbody>
                    </table>
                }
            })}
        </section>
    }
}

/// A "Mark … as failed" button: pressed, it says what it did, and pressing it again undoes it.
/// Its failure is in its data, for the one handler of its table.
fn mark_html(kind: &str, name: &str, described_by: &str, marked: bool, says: [&str; 2]) -> String {
    format!(
        "<button type=\"button\" class=\"danger small{}\" id=\"mark-{}\" aria-describedby=\"{described_by}\" data-{kind}=\"{}\">{}</button>",
        if marked { " pressed" } else { "" },
        row_id(kind, name),
        escape(name),
        says[usize::from(marked)]
    )
}

/// A press on a table's "Mark … as failed": marks the failure and goes to the plan, or, pressed
/// again, undoes it and keeps focus on the button (the table is drawn again).
fn on_mark(state: AppState, ev: web_sys::MouseEvent) {
    let Some(button) = ev
        .target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        .and_then(|e| e.closest("button").ok().flatten())
    else {
        return;
    };
    let failure = match (button.get_attribute("data-pool"), button.get_attribute("data-site")) {
        (Some(pool), _) => Failure::Pool(pool),
        (_, Some(site)) => Failure::Site(site),
        _ => return,
    };
    if button.class_list().contains("pressed") {
        state.dispatch(Action::ClearFailure);
        browser::focus_next_frame(button.id());
    } else {
        mark_and_show(state, Action::MarkFailed(failure));
    }
}

/// The Edge pools, a row each: what it carries, where it leads, and its button.
fn edges_html(s: &Summary, marked: Option<&Failure>, failed: &[String]) -> String {
    s.edge_pools
        .iter()
        .map(|e| {
            let next_hop = match (&e.next_hop, e.next_hop_kind) {
                (Some(h), Some(k)) => format!("{h} ({})", k.label()),
                _ => "none".into(),
            };
            let name_id = row_id("edge-name", &e.fqdn);
            let is_marked = matches!(marked, Some(Failure::Pool(p)) if *p == e.fqdn);
            let mut badges = String::new();
            if e.sip_federation {
                badges.push_str("<span class=\"badge sip\">SIP federation (5061)</span>");
            }
            if e.xmpp_federation {
                badges.push_str("<span class=\"badge xmpp\">XMPP federation (5269)</span>");
            }
            if badges.is_empty() {
                badges.push_str("<span class=\"muted\">none</span>");
            }
            format!(
                "<tr id=\"{}\" tabindex=\"-1\"{}><th scope=\"row\" id=\"{name_id}\">{}<span class=\"muted\"> {} server(s)</span></th>{}<td class=\"badges\" data-label=\"Federation\">{badges}</td>{}{}{}<td class=\"action\">{}</td></tr>",
                row_id("edge", &e.fqdn),
                if is_marked || failed.contains(&e.fqdn) { " class=\"failed\"" } else { "" },
                breakable_html(&e.fqdn),
                e.servers.len(),
                cell("Site", e.site.as_deref().unwrap_or_default()),
                cell("Access Edge FQDN", e.access_fqdn.as_deref().unwrap_or("none")),
                cell("Next hop", &next_hop),
                cell("Used for media by", &join(&e.front_end_pools)),
                mark_html("pool", &e.fqdn, &name_id, is_marked, ["Mark as failed", "Marked as failed · Undo"])
            )
        })
        .collect()
}

/// The sites, a row each, with the federation route read from the file under the name (a
/// column of its own made the table wider than its card).
fn sites_html(s: &Summary, marked: Option<&Failure>) -> String {
    s.sites
        .iter()
        .map(|site| {
            let label_id = row_id("site-name", &site.name);
            let is_marked = matches!(marked, Some(Failure::Site(n)) if *n == site.name);
            // A set route's form is inferred; content the planner does not understand is shown
            // as it is.
            let route = match &site.federation_route {
                RouteSummary::NoSiteSettings => "<span class=\"muted\">no site settings</span>".to_owned(),
                RouteSummary::Empty => "<span>route empty</span>".to_owned(),
                RouteSummary::Pool { pool, .. } => format!(
                    "<span>route names {} <span class=\"certainty inferred\">inferred</span></span>",
                    breakable_html(pool)
                ),
                RouteSummary::NotUnderstood { content, why } => format!(
                    "<span class=\"finding warning\">not understood ({}), kept as it is: <code>{}</code></span>",
                    escape(why),
                    escape(content)
                ),
            };
            format!(
                "<tr><th scope=\"row\"><span id=\"{label_id}\">{}</span><span class=\"muted\"> (SiteId {}{})</span><span class=\"fed-route\">Federation route: {route}</span></th>{}{}{}<td class=\"action\">{}</td></tr>",
                escape(&site.name),
                escape(&site.id),
                if site.kind == SiteKind::Branch { ", branch" } else { "" },
                cell("Front End pools", &join(&site.front_end_pools)),
                cell("Directors", &join(&site.directors)),
                cell("Edge pools", &join(&site.edge_pools)),
                if site.edge_pools.is_empty() {
                    String::new()
                } else {
                    mark_html("site", &site.name, &label_id, is_marked, ["Mark site as failed", "Marked site as failed · Undo"])
                }
            )
        })
        .collect()
}

/// The Front End pools and Directors, rows of text with nothing to press: one HTML string.
fn pools_html(s: &Summary) -> String {
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

/// An FQDN (or a list of them) as HTML that wraps after its dots first: a narrow table stays
/// readable, and a copied name carries no invisible characters. Every piece is escaped.
fn breakable_html(s: &str) -> String {
    s.split_inclusive('.')
        .map(|part| format!("{}<wbr>", escape(part)))
        .collect()
}

/// A table cell with its column's name, which a phone shows beside the value.
fn cell(label: &str, value: &str) -> String {
    format!("<td data-label=\"{label}\">{}</td>", breakable_html(value))
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
                return "no pool".to_owned();
            }
            let items: String = v
                .iter()
                .map(|fqdn| {
                    if failed.contains(fqdn) {
                        format!(
                            "<li class=\"failed\">{}<span class=\"marked\"> · marked as failed</span></li>",
                            breakable_html(fqdn)
                        )
                    } else {
                        format!("<li>{}</li>", breakable_html(fqdn))
                    }
                })
                .collect();
            format!("<ul class=\"pool-list\">{items}</ul>")
        };
        view! {
            <dl class="federation-summary">
                <div><dt>"SIP federation (5061)"</dt><dd id="sip-federation-pool" inner_html=list(&s.sip_federation_pools)></dd></div>
                <div><dt>"XMPP federation (5269)"</dt><dd id="xmpp-federation-pool" inner_html=list(&s.xmpp_federation_pools)></dd></div>
                <div><dt>"SIP domains"</dt><dd inner_html=breakable_html(&s.sip_domains.join(", "))></dd></div>
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
