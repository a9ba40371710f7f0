//! Once a plan exists, a compact bar at the bottom of the window: what fails over to what,
//! whether the plan is ready (and with how many warnings) or blocked by a check, and the two
//! downloads, one click from anywhere on the page.

use leptos::prelude::*;

use super::base::{download, download_problem, handler, use_app, with_plan};
use super::browser;
use super::plan_view::CHECKS_ID;
use crate::plan::{Direction, Failure};
use crate::session::Place;

/// An FQDN as its host name, with the domain kept for screen readers and wide windows: on a
/// phone the bar stays one line per row.
fn pool(fqdn: &str) -> impl IntoView {
    let (host, domain) = fqdn.split_at(fqdn.find('.').unwrap_or(fqdn.len()));
    view! { <span class="bar-pool">{host.to_owned()}<span class="bar-domain">{domain.to_owned()}</span></span> }
}

#[component]
pub fn PlanBar() -> impl IntoView {
    let state = use_app();
    with_plan(move |out| {
        let moves = &out.moves;
        let blocked = moves.blocked;
        let (from, failback_plan, sample) = state.peek(|s| {
            let from = match &s.decisions.failure {
                Some(Failure::Site(site)) => format!("site {site}"),
                Some(Failure::Pool(p)) => p.clone(),
                None => String::new(),
            };
            (from, s.decisions.direction == Direction::Failback, s.loaded.is_sample())
        });
        // "Ready" is not the whole truth while warnings stand: they are counted, one tap from
        // the Checks that say them.
        let said = match (blocked, moves.warnings) {
            (true, _) => "Blocked by a check".to_owned(),
            (false, 0) => "Ready".to_owned(),
            (false, 1) => "Ready · 1 warning".to_owned(),
            (false, n) => format!("Ready · {n} warnings"),
        };
        let to_checks = blocked || moves.warnings > 0;
        let topology = out.clone();
        let checklist = out.clone();
        let failback = out.clone();
        let has_failback = out.failback_markdown.is_some();
        // A plan that changes nothing in the topology has nothing to publish: no file.
        let changes = out.plan.changes_topology();
        view! {
            <aside class="plan-bar" id="plan-bar" aria-label="The plan and its downloads">
                <p class="bar-route">
                    {sample.then_some("Sample · ")}
                    {failback_plan.then_some("Failback: ")}
                    {pool(&from)}" → "{pool(&moves.survivor)}
                </p>
                <p class="bar-state" class:blocked=blocked class:warned=to_checks>
                    {if to_checks {
                        view! {
                            <a href=format!("#{CHECKS_ID}") id="bar-checks" on:click=handler(move |ev: web_sys::MouseEvent| {
                                // The address keeps no #checks: its fragment is for share links.
                                ev.prevent_default();
                                browser::show(CHECKS_ID);
                            })>{said}</a>
                        }.into_any()
                    } else {
                        view! { <span>{said}</span> }.into_any()
                    }}
                </p>
                <div class="bar-actions">
                    {changes.then(|| view! {
                        <button type="button" id="download-topology" disabled=blocked on:click=handler(move |_| {
                            download(state, Place::Downloads, &topology.plan.written.topology_bytes, &topology.topology_file_name, "application/xml");
                        })>"Download modified topology"</button>
                    }.into_any())}
                    <button type="button" id="download-checklist" on:click=handler(move |_| {
                        download(state, Place::Downloads, checklist.markdown.as_bytes(), &checklist.checklist_file_name, "text/markdown;charset=utf-8");
                    })>{if failback_plan { "Download failback runbook" } else { "Download failover runbook" }}</button>
                    {has_failback.then(|| view! {
                        <button type="button" id="download-failback" on:click=handler(move |_| {
                            if let Some(md) = &failback.failback_markdown {
                                download(state, Place::Downloads, md.as_bytes(), &failback.failback_file_name(), "text/markdown;charset=utf-8");
                            }
                        })>"Download failback runbook"</button>
                    }.into_any())}
                </div>
                <div class="bar-message" role="status" aria-live="polite">
                    {download_problem(Place::Downloads)}
                </div>
            </aside>
        }
        .into_any()
    })
}
