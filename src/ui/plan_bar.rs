//! Once a plan exists, a compact bar at the bottom of the window: what fails over to what,
//! whether the plan is ready or blocked by a check, and the two downloads, one click from
//! anywhere on the page.

use leptos::prelude::*;

use super::{download, download_problem, handler, use_app, with_plan};
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
        let blocked = out.plan.has_blocking_checks();
        let (from, failback, to) = state.peek(|s| {
            let from = match &s.decisions.failure {
                Some(Failure::Site(site)) => format!("site {site}"),
                Some(Failure::Pool(p)) => p.clone(),
                None => String::new(),
            };
            let to = out.plan.survivor_fqdn(&s.loaded.file).to_owned();
            (from, s.decisions.direction == Direction::Failback, to)
        });
        let topology = out.clone();
        let checklist = out.clone();
        view! {
            <aside class="plan-bar" id="plan-bar" aria-label="The plan and its downloads">
                <p class="bar-route">
                    {failback.then_some("Failback: ")}
                    {pool(&from)}" → "{pool(&to)}
                </p>
                <p class="bar-state" class:blocked=blocked>
                    {if blocked { "Blocked by a check" } else { "Ready" }}
                </p>
                <div class="bar-actions">
                    <button type="button" id="download-topology" disabled=blocked on:click=handler(move |_| {
                        download(state, Place::Downloads, &topology.plan.written.topology_bytes, &topology.topology_file_name, "application/xml");
                    })>"Download modified topology"</button>
                    <button type="button" id="download-checklist" on:click=handler(move |_| {
                        download(state, Place::Downloads, checklist.markdown.as_bytes(), &checklist.checklist_file_name, "text/markdown;charset=utf-8");
                    })>"Download checklist"</button>
                </div>
                <div class="bar-message" role="status" aria-live="polite">
                    {download_problem(Place::Downloads)}
                </div>
            </aside>
        }
        .into_any()
    })
}
