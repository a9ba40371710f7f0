//! Once a plan exists, a compact bar at the bottom of the window: what fails over to what,
//! whether the plan is ready or blocked by a check, and the two downloads, one click from
//! anywhere on the page.

use leptos::prelude::*;

use super::{browser, use_app};
use crate::plan::{Direction, Failure};

/// An FQDN as its host name, with the domain kept for screen readers and wide windows: on a
/// phone the bar stays one line per row.
fn pool(fqdn: &str) -> impl IntoView {
    let (host, domain) = fqdn.split_at(fqdn.find('.').unwrap_or(fqdn.len()));
    view! { <span class="bar-pool">{host.to_owned()}<span class="bar-domain">{domain.to_owned()}</span></span> }
}

#[component]
pub fn PlanBar() -> impl IntoView {
    let state = use_app();
    let message = RwSignal::new(None::<String>);
    move || {
        state.outcome.with(|o| {
            let Some(Ok(out)) = &o.0 else {
                return ().into_any();
            };
            let out = out.clone();
            let loaded = state.loaded.get_untracked();
            let blocked = out.plan.has_blocking_checks();
            let (failure, direction) = state
                .decisions
                .with_untracked(|d| (d.failure.clone(), d.direction));
            let from = match failure {
                Some(Failure::Site(site)) => format!("site {site}"),
                Some(Failure::Pool(p)) => p,
                None => String::new(),
            };
            let to = pool(out.plan.survivor_fqdn(&loaded.file));
            let topology = out.clone();
            let checklist = out.clone();
            view! {
                <aside class="plan-bar" id="plan-bar" aria-label="The plan and its downloads">
                    <p class="bar-route">
                        {(direction == Direction::Failback).then_some("Failback: ")}
                        {pool(&from)}" → "{to}
                    </p>
                    <p class="bar-state" class:blocked=blocked>
                        {if blocked { "Blocked by a check" } else { "Ready" }}
                    </p>
                    <div class="bar-actions">
                        <button type="button" id="download-topology" disabled=blocked on:click=move |_| {
                            let r = browser::download(&topology.plan.topology_bytes, &topology.topology_file_name, "application/xml");
                            message.set(r.err());
                        }>"Download modified topology"</button>
                        <button type="button" id="download-checklist" on:click=move |_| {
                            let r = browser::download(checklist.markdown.as_bytes(), &checklist.checklist_file_name, "text/markdown;charset=utf-8");
                            message.set(r.err());
                        }>"Download checklist"</button>
                    </div>
                    <div class="bar-message" role="status" aria-live="polite">
                        {move || message.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
                    </div>
                </aside>
            }
            .into_any()
        })
    }
}
