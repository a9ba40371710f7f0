//! A picture of sites and pools with the federation route drawn, before and after the plan.
//! Every pool in it is a button: an Edge pool's marks it failed (and, pressed again, undoes
//! it), the others move focus to their row in the tables. The route is also said in words
//! under it, so it works by keyboard and with a screen reader.

use leptos::prelude::*;
use web_sys::KeyboardEvent;

use super::base::{handler, redrawn, row_id, use_app, AppState};
use super::browser;
use super::plan_view::mark_and_show;
use crate::checklist::html::escape;
use crate::plan::Failure;
use crate::session::{Action, Moves};
use crate::topology::by_name::Summary;
use crate::topology::PoolKind;

// Whole pixels, so no coordinate is ever formatted as a float: float formatting would add
// ten kilobytes to the page for nothing.
const COL: i32 = 232;
const BOX_W: i32 = 200;
const BOX_H: i32 = 44;
const TOP: i32 = 110;
const MAX_SITES: usize = 8;

#[derive(Clone)]
struct Node {
    fqdn: String,
    kind: PoolKind,
    x: i32,
    y: i32,
}

impl Node {
    fn top(&self) -> (i32, i32) {
        (self.x + BOX_W / 2, self.y)
    }
    fn bottom(&self) -> (i32, i32) {
        (self.x + BOX_W / 2, self.y + BOX_H)
    }
}

/// The host name, cut to fit the box. Cut without an ellipsis, so what the box shows is still
/// part of its accessible name (the full FQDN).
fn short(fqdn: &str) -> String {
    fqdn.split('.').next().unwrap_or(fqdn).chars().take(24).collect()
}

/// Where everything goes: site frames (name, left, bottom), pool boxes, the picture's size,
/// and how many sites did not fit.
struct Layout {
    sites: Vec<(String, i32, i32)>,
    nodes: Vec<Node>,
    width: i32,
    height: i32,
    hidden: usize,
}

fn layout(s: &Summary) -> Layout {
    let shown: Vec<_> = s
        .sites
        .iter()
        .filter(|site| !(site.edge_pools.is_empty() && site.front_end_pools.is_empty() && site.directors.is_empty()))
        .take(MAX_SITES)
        .collect();
    let hidden = s.sites.len().saturating_sub(shown.len());
    let mut sites = Vec::new();
    let mut nodes = Vec::new();
    let mut bottom: i32 = TOP + BOX_H;
    for (i, site) in shown.iter().enumerate() {
        let x = 16 + i as i32 * COL;
        let mut y = TOP;
        for (list, kind) in [
            (&site.edge_pools, PoolKind::Edge),
            (&site.directors, PoolKind::Director),
            (&site.front_end_pools, PoolKind::FrontEnd),
        ] {
            for fqdn in list {
                nodes.push(Node {
                    fqdn: fqdn.clone(),
                    kind,
                    x: x + (COL - 16 - BOX_W) / 2,
                    y,
                });
                y += BOX_H + 30;
            }
        }
        bottom = bottom.max(y);
        sites.push((site.name.clone(), x, y));
    }
    let width = (32 + shown.len().max(2) as i32 * COL).max(520);
    Layout {
        sites,
        nodes,
        width,
        height: bottom + 10,
        hidden,
    }
}

/// A route or a link as SVG markup: nothing in it is pressed, so the picture's lines, frames
/// and site names are one string rather than a view each.
fn line(from: (i32, i32), to: (i32, i32), class: &'static str) -> String {
    // A gentle curve reads better than a straight line when the route crosses sites.
    let mid = (from.1 + to.1) / 2;
    format!(
        "<path class=\"{class}\" d=\"M{},{} C{},{} {},{} {},{}\"/>",
        from.0, from.1, from.0, mid, to.0, mid, to.0, to.1
    )
}

#[component]
pub fn TopologyPicture() -> impl IntoView {
    let state = use_app();
    redrawn(move || {
        let loaded = state.loaded.get();
        let s = &loaded.summary;
        let Layout {
            sites,
            nodes,
            width,
            height,
            hidden,
        } = layout(s);
        let find = |fqdn: &str| nodes.iter().find(|n| n.fqdn.eq_ignore_ascii_case(fqdn)).cloned();
        // At the left, where a phone that scrolls the picture shows it whole.
        let partners = (16 + 130, 52);

        // What the plan does, if there is one: exactly that, and nothing else, is drawn changed.
        let plan = state.outcome.with(|o| o.clone()?.ok());
        let planned: Option<&Moves> = plan.as_ref().map(|out| &out.moves);
        let none = Moves::default();
        let m = planned.unwrap_or(&none);
        let failed = &m.failed;
        let survivor = planned.map(|m| m.survivor.as_str());
        let survivor_node = survivor.and_then(find);
        // Which styles are drawn, for the legend.
        let mut drawn = [false; 6];
        let (kept, added, removed, xmpp_kept, xmpp_added, xmpp_removed) = (0, 1, 2, 3, 4, 5);

        let mut lines = String::new();
        for e in &s.edge_pools {
            let Some(edge) = find(&e.fqdn) else { continue };
            for fe in &e.front_end_pools {
                let Some(pool) = find(fe) else { continue };
                // A re-associated pool is drawn with its new Edge pool.
                let target = match &survivor_node {
                    Some(sv) if m.reassociated.contains(fe) => sv.bottom(),
                    _ => edge.bottom(),
                };
                lines.push_str(&line(
                    (pool.x + BOX_W - 24, pool.y),
                    (target.0 + 40, target.1),
                    "link media",
                ));
            }
            if let Some(hop) = e.next_hop.as_deref().and_then(find) {
                let from = (edge.x + 24, edge.y + BOX_H);
                let to = (hop.x + 24, hop.y);
                lines.push_str(&line(from, to, "link next-hop"));
            }
            if e.sip_federation {
                let gone = m.sip_removed.contains(&e.fqdn);
                drawn[if gone { removed } else { kept }] = true;
                let class = if gone { "route sip old" } else { "route sip" };
                lines.push_str(&line(partners, edge.top(), class));
            }
            if e.xmpp_federation {
                let gone = m.xmpp_removed.contains(&e.fqdn);
                drawn[if gone { xmpp_removed } else { xmpp_kept }] = true;
                let from = (partners.0 + 14, partners.1);
                let class = if gone { "route xmpp old" } else { "route xmpp" };
                lines.push_str(&line(from, (edge.top().0 + 14, edge.top().1), class));
            }
        }
        for (after, before, class, from, style) in [
            (&m.sip_after, &s.sip_federation_pools, "route planned", partners, added),
            (
                &m.xmpp_after,
                &s.xmpp_federation_pools,
                "route xmpp planned",
                (partners.0 + 14, partners.1),
                xmpp_added,
            ),
        ] {
            for pool in after.iter().filter(|p| !before.contains(p)) {
                if let Some(node) = find(pool) {
                    drawn[style] = true;
                    let shift = if style == xmpp_added { 14 } else { 0 };
                    lines.push_str(&line(from, (node.top().0 + shift, node.top().1), class));
                }
            }
        }

        let description = route_words(s, planned);
        let marked = state.decisions.get();
        let read_only = state.read_only.get();
        // The boxes as one string, with one handler for every box (`activate`): what a box
        // does is in its data.
        let boxes: String = nodes
            .into_iter()
            .map(|n| {
                let edge = s.edge_pools.iter().find(|e| e.fqdn == n.fqdn);
                let mut class = format!("node {}", match n.kind {
                    PoolKind::Edge => "edge",
                    PoolKind::Director => "director",
                    _ => "frontend",
                });
                let mut notes = vec![n.kind.label().to_owned()];
                if edge.is_some_and(|e| e.sip_federation) {
                    class.push_str(" sip");
                    notes.push("SIP federation (5061)".into());
                }
                if edge.is_some_and(|e| e.xmpp_federation) {
                    notes.push("XMPP federation (5269)".into());
                }
                let is_failed = failed.contains(&n.fqdn);
                if is_failed {
                    class.push_str(" failed");
                    notes.push("marked as failed".into());
                }
                if survivor == Some(n.fqdn.as_str()) {
                    class.push_str(" survivor");
                    notes.push("takes over".into());
                }
                let is_edge = n.kind == PoolKind::Edge;
                let is_marked = is_edge && marked.is_marked(&Failure::Pool(n.fqdn.clone()));
                // An Edge pool's box does what its "Mark as failed" button does; the others
                // show their row. What the pool is and carries is the box's description.
                let label = match (is_edge, is_marked) {
                    (true, true) => format!("Marked {} as failed · Undo", n.fqdn),
                    (true, false) => format!("Mark {} as failed", n.fqdn),
                    _ => format!("{}: show in the table", n.fqdn),
                };
                let caption = match n.kind {
                    PoolKind::Edge => "Edge",
                    PoolKind::Director => "Director",
                    _ => "Front End",
                };
                let cross = if is_failed {
                    format!(
                        "<path class=\"cross\" d=\"M{},{} L{},{} M{},{} L{},{}\"/>",
                        n.x + 4,
                        n.y + 4,
                        n.x + BOX_W - 4,
                        n.y + BOX_H - 4,
                        n.x + BOX_W - 4,
                        n.y + 4,
                        n.x + 4,
                        n.y + BOX_H - 4
                    )
                } else {
                    String::new()
                };
                // The kind is drawn over the box but is not part of the button, whose name
                // must hold all of its visible text; clicks on it go through to the box.
                format!(
                    "<g class=\"{class}\" id=\"{}\" tabindex=\"0\" role=\"button\" aria-label=\"{}\"{} data-pool=\"{}\" data-edge=\"{is_edge}\" data-marked=\"{is_marked}\"><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"6\"/><text x=\"{}\" y=\"{}\" class=\"name\">{}</text>{cross}</g><text x=\"{}\" y=\"{}\" class=\"kind\" aria-hidden=\"true\">{caption}</text>",
                    row_id("node", &n.fqdn),
                    escape(&label),
                    if read_only && is_edge { " aria-disabled=\"true\"" } else { "" },
                    escape(&n.fqdn),
                    escape(&format!("{}: {}", n.fqdn, notes.join(", "))),
                    n.x,
                    n.y,
                    n.x + 10,
                    n.y + 36,
                    escape(&short(&n.fqdn)),
                    n.x + 10,
                    n.y + 18
                )
            })
            .collect();
        let site_frames: String = sites
            .iter()
            .map(|(_, x, bottom)| {
                format!(
                    "<rect class=\"site\" x=\"{x}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"10\"/>",
                    TOP - 30,
                    COL - 16,
                    bottom - TOP + 30
                )
            })
            .collect();
        // The sites' names over the routes that cross them, on a halo of the card's colour.
        let site_names: String = sites
            .into_iter()
            .map(|(name, x, _)| {
                // Cut to its frame, so a long name never runs into the next site's.
                let shown: String = if name.chars().count() > 22 {
                    name.chars().take(21).chain(['…']).collect()
                } else {
                    name.clone()
                };
                format!(
                    "<text class=\"site-name\" x=\"{}\" y=\"{}\"><title>{}</title>{}</text>",
                    x + 10,
                    TOP - 10,
                    escape(&name),
                    escape(&shown)
                )
            })
            .collect();
        let legend = [
            (kept, "sip", "SIP federation (5061)"),
            (added, "planned", "SIP federation the plan adds"),
            (removed, "old", "SIP federation the plan removes"),
            (xmpp_kept, "xmpp", "XMPP federation (5269)"),
            (xmpp_added, "xmpp-planned", "XMPP federation the plan adds"),
            (xmpp_removed, "xmpp-old", "XMPP federation the plan removes"),
        ]
        .into_iter()
        .filter(|(i, _, _)| drawn[*i])
        .map(|(_, key, words)| format!("<li><span class=\"key {key}\"></span>{words}</li>"))
        .collect::<String>()
            + "<li><span class=\"key hop\"></span>Next hop</li><li><span class=\"key media\"></span>Media and web conferencing</li>";
        view! {
            <figure class="picture">
                <svg viewBox=format!("0 0 {width} {height}") width=width height=height role="group" aria-label="Sites, pools and the federation route" focusable="false">
                    <g class="partners">
                        <rect x=partners.0 - 130 y="8" width="260" height="44" rx="22"/>
                        <text x=partners.0 y="35" text-anchor="middle">"Federation partners (internet)"</text>
                    </g>
                    <g inner_html=site_frames + &lines + &site_names></g>
                    <g inner_html=boxes on:click=handler(move |ev: web_sys::MouseEvent| activate(state, ev.target()))
                        on:keydown=handler(move |ev: KeyboardEvent| {
                            if ev.key() == "Enter" || ev.key() == " " {
                                ev.prevent_default();
                                activate(state, ev.target());
                            }
                        })></g>
                </svg>
                <figcaption id="route-description">
                    {description}
                    {(hidden > 0).then(|| format!(" The picture shows {MAX_SITES} sites; the tables list all {}.", s.sites.len()))}
                </figcaption>
                // Every style drawn, and only those: nothing in the picture goes unexplained.
                <ul class="legend" aria-hidden="true" inner_html=legend></ul>
            </figure>
        }
    })
}

/// A box of the picture pressed: an Edge pool's marks it failed (and, marked, undoes it);
/// another pool's shows its row in the tables.
fn activate(state: AppState, target: Option<web_sys::EventTarget>) {
    let Some(node) = target
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        .and_then(|e| e.closest("g.node").ok().flatten())
    else {
        return;
    };
    let pool = node.get_attribute("data-pool").unwrap_or_default();
    match (
        node.get_attribute("data-edge").as_deref(),
        node.get_attribute("data-marked").as_deref(),
    ) {
        // The picture is drawn again: focus goes back to the same pool's box.
        (Some("true"), Some("true")) => {
            state.dispatch(Action::ClearFailure);
            browser::focus_next_frame(node.id());
        }
        (Some("true"), _) => mark_and_show(state, Action::MarkFailed(Failure::Pool(pool))),
        _ => browser::focus(&row_id("pool", &pool)),
    }
}

fn route_words(s: &Summary, planned: Option<&Moves>) -> String {
    let pools = |v: &[String]| match v {
        [] => "no Edge pool".to_owned(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    let mut out = match s.sip_federation_pools.as_slice() {
        [] => "No Edge pool carries SIP federation.".to_owned(),
        [one] => {
            let e = s.edge_pools.iter().find(|e| e.fqdn == *one);
            format!(
                "Federation partners reach {} through the Access Edge {}; its next hop is {}.",
                one,
                e.and_then(|e| e.access_fqdn.clone()).unwrap_or_else(|| "(none)".into()),
                e.and_then(|e| e.next_hop.clone()).unwrap_or_else(|| "not set".into())
            )
        }
        many => format!("{} Edge pools carry SIP federation: {}.", many.len(), many.join(", ")),
    };
    if let Some(m) = planned {
        if !m.failed.is_empty() {
            out.push_str(&format!(" Marked as failed: {}.", m.failed.join(", ")));
        }
        // Every pool that carries federation once the plan is published, by name.
        out.push_str(&format!(
            " After the plan, SIP federation is on {}",
            pools(&m.sip_after)
        ));
        if !m.xmpp_after.is_empty() || !m.xmpp_removed.is_empty() {
            out.push_str(&format!(" and XMPP federation on {}", pools(&m.xmpp_after)));
        }
        out.push('.');
    }
    out
}
