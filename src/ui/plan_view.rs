//! Choosing the failover: what failed, which pool survives (with the reasons others cannot),
//! whether XMPP moves, which pools are re-associated, and what the checks say.

use leptos::prelude::*;

use super::{browser, use_app, AppState};
use crate::plan::{CheckSeverity, Direction, Failure};
use crate::session::Action;

/// The plan section's id: marking a failure takes focus and the scroll there.
pub const PLAN_ID: &str = "plan";

/// Marks a failure (a pool or a site) and takes the user to the plan it starts, wherever
/// they marked it: the picture, the Edge pools or the sites.
pub fn mark_and_show(state: AppState, action: Action) {
    if state.read_only.get_untracked() {
        return;
    }
    state.dispatch(action);
    browser::show(PLAN_ID);
}

#[component]
pub fn PlanPanel() -> impl IntoView {
    let state = use_app();
    view! {
        <section class="panel plan" id=PLAN_ID tabindex="-1" aria-labelledby="plan-heading">
            <h2 id="plan-heading">"3. Plan the failover"</h2>
            {move || {
                let decisions = state.decisions.get();
                let loaded = state.loaded.get();
                let Some(failure) = decisions.failure.clone() else {
                    let fed = loaded.summary.sip_federation_pool.clone();
                    let back = fed.clone().filter(|_| loaded.summary.edge_pools.len() > 1);
                    return view! {
                        <p class="hint">"Mark the failed Edge pool (or a whole site) with its \"Mark as failed\" button above."</p>
                        {back.map(|fed| view! { <FailbackStart current=fed/> })}
                    }.into_any();
                };
                let what = match (&failure, decisions.direction) {
                    (Failure::Pool(p), Direction::Failback) => format!("Failback: federation comes back from {p}"),
                    (Failure::Pool(p), _) => format!("Failed Edge pool: {p}"),
                    (Failure::Site(s), _) => format!("Failed site: {s}"),
                };
                let scope = decisions.scope(&loaded);
                view! {
                    <div class="failure-line">
                        <p id="failure-description"><strong>{what}</strong></p>
                        <button type="button" class="secondary small" on:click=move |_| state.dispatch(Action::ClearFailure)>"Clear"</button>
                    </div>
                    {match scope {
                        Some(Err(e)) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Some(Ok(scope)) => match crate::plan::no_survivor_advice(&loaded.file, &scope) {
                            // A dead end says what can be done instead, not "choose a pool".
                            Some(advice) => view! { <Survivors/> <p class="error" role="alert" id="no-survivor">{advice}</p> }.into_any(),
                            None => view! { <Survivors/> <Options/> <Checks/> }.into_any(),
                        },
                        None => view! { <Survivors/> <Options/> <Checks/> }.into_any(),
                    }}
                }.into_any()
            }}
        </section>
    }
}

/// Once the original pool is back: plan the way back.
#[component]
fn FailbackStart(current: String) -> impl IntoView {
    let state = use_app();
    let loaded = state.loaded.get_untracked();
    let others: Vec<String> = loaded
        .summary
        .edge_pools
        .iter()
        .filter(|e| e.fqdn != current)
        .map(|e| e.fqdn.clone())
        .collect();
    let choice = RwSignal::new(others.first().cloned().unwrap_or_default());
    let temporary = current.clone();
    view! {
        <details class="failback-start">
            <summary>"The original pool is back? Plan the failback"</summary>
            <p>{format!("Federation is on {current} now. Choose the restored pool to move it back to:")}</p>
            <label for="failback-pool">"Restored Edge pool"</label>
            <select id="failback-pool" on:change=move |ev| choice.set(event_target_value(&ev))>
                {others.into_iter().map(|o| view! { <option value=o.clone()>{o.clone()}</option> }).collect_view()}
            </select>
            <button type="button" on:click=move |_| state.dispatch(Action::PlanFailback { temporary: temporary.clone(), restored: choice.get_untracked() })>
                "Plan failback"
            </button>
        </details>
    }
}

#[component]
fn Survivors() -> impl IntoView {
    let state = use_app();
    move || {
        let loaded = state.loaded.get();
        let decisions = state.decisions.get();
        let candidates = decisions.candidates(&loaded);
        let (eligible, rejected): (Vec<_>, Vec<_>) = candidates.into_iter().partition(|c| c.eligible);
        let chosen = decisions.survivor.clone();
        let legend = if decisions.direction == Direction::Failback {
            "Restored Edge pool"
        } else {
            "Surviving Edge pool"
        };
        view! {
            <fieldset class="survivors">
                <legend>{legend}</legend>
                {if eligible.is_empty() {
                    view! { <p class="muted">"No Edge pool can take over federation."</p> }.into_any()
                } else {
                    eligible.into_iter().map(|c| {
                        let id = super::overview::row_id("survivor", &c.fqdn);
                        let fqdn = c.fqdn.clone();
                        let checked = chosen.as_deref() == Some(c.fqdn.as_str());
                        view! {
                            <div class="choice">
                                <input type="radio" name="survivor" id=id.clone() value=c.fqdn.clone() prop:checked=checked
                                    on:change=move |_| state.dispatch(Action::ChooseSurvivor(fqdn.clone()))/>
                                <label for=id>
                                    <strong>{c.fqdn.clone()}</strong>
                                    <span class="muted">{c.site.clone().map(|s| format!(" in {s}")).unwrap_or_default()}</span>
                                </label>
                                {(!c.cautions.is_empty()).then(|| view! {
                                    <ul class="cautions">{c.cautions.iter().map(|x| view! { <li>{x.clone()}</li> }).collect_view()}</ul>
                                })}
                                {(!c.notes.is_empty()).then(|| view! {
                                    <ul class="candidate-notes">{c.notes.iter().map(|x| view! { <li>{x.clone()}</li> }).collect_view()}</ul>
                                })}
                            </div>
                        }
                    }).collect_view().into_any()
                }}
            </fieldset>
            {(!rejected.is_empty()).then(|| view! {
                <div class="rejected">
                    <h3>"Not eligible"</h3>
                    <ul>
                        {rejected.into_iter().map(|c| view! {
                            <li><strong>{c.fqdn.clone()}</strong>": "{c.reasons.join("; ")}</li>
                        }).collect_view()}
                    </ul>
                </div>
            })}
        }
    }
}

#[component]
fn Options() -> impl IntoView {
    let state = use_app();
    move || {
        let loaded = state.loaded.get();
        let decisions = state.decisions.get();
        let t = &loaded.file.topology;
        let xmpp_here = match decisions.scope(&loaded) {
            Some(Ok(scope)) => scope
                .failed_edges
                .iter()
                .any(|e| t.edge_pools[*e].has_xmpp_federation()),
            _ => false,
        };
        // XMPP goes only to an Edge pool whose own version has it (not a 2019 one).
        // Until a survivor is chosen the choice is offered; it applies once one is.
        let survivor = decisions.survivor.as_deref().and_then(|f| t.edge_by_fqdn(f));
        let survivor_product = survivor.map_or(t.product, |e| t.edge_product(e));
        let survivor_name = decisions.survivor.clone().unwrap_or_default();
        let survivor_has_xmpp = survivor.is_none_or(|e| t.edge_product(e).has_xmpp());
        let choices = decisions.reassociation_choices(&loaded);
        let chosen = decisions.reassociated(&loaded);
        let default = decisions.default_reassociation(&loaded);
        // Why a pool is not re-associated by default, by what was actually marked.
        let not_default_label = match (&decisions.failure, decisions.direction) {
            (_, Direction::Failback) => " (not in the restored pool's site)",
            (Some(Failure::Site(_)), _) => " (in the failed site)",
            _ => "",
        };
        // Healthy pools that carry SIP federation besides the failed ones and the survivor:
        // they keep it unless the administrator asks (DOMAIN.md rule 12).
        let other_federated: Vec<String> = match decisions.scope(&loaded) {
            Some(Ok(scope)) if scope.failed_edges.iter().any(|e| t.edge_pools[*e].has_sip_federation()) => t
                .edges()
                .zip(&t.edge_pools)
                .filter(|(i, e)| e.has_sip_federation() && !scope.failed_edges.contains(i))
                .map(|(_, e)| t.pools[e.pool].fqdn.clone())
                .filter(|f| Some(f.as_str()) != decisions.survivor.as_deref())
                .collect(),
            _ => Vec::new(),
        };
        let others = other_federated.join(", ");
        view! {
            {(!other_federated.is_empty()).then(|| view! {
                <div class="option">
                    <input type="checkbox" id="clear-other-federation" prop:checked=decisions.clear_other_federation
                        on:change=move |ev| state.dispatch(Action::SetClearOtherFederation(event_target_checked(&ev)))/>
                    <label for="clear-other-federation">"Also clear federation on the other federated pools"</label>
                    <p class="hint">{format!("Off: {others} keep their federation, byte for byte, as the product allows. On: it is cleared there too, which stops the inbound federation DNS sends to them, every site federation route through them, and push notifications.")}</p>
                </div>
            })}
            {(xmpp_here && survivor_has_xmpp).then(|| view! {
                <div class="option">
                    <input type="checkbox" id="move-xmpp" prop:checked=decisions.move_xmpp
                        on:change=move |ev| state.dispatch(Action::SetMoveXmpp(event_target_checked(&ev)))/>
                    <label for="move-xmpp">"Move XMPP federation (5269) too"</label>
                    <p class="hint">"The failed pool carries XMPP federation; the procedure fails it over with its own steps."</p>
                </div>
            })}
            {(xmpp_here && !survivor_has_xmpp).then(|| view! {
                <p class="note">{format!("{survivor_name} is a {} Edge pool, which has no XMPP federation: XMPP moves only to a Lync Server 2013 or Skype for Business Server 2015 Edge pool.", survivor_product.name())}</p>
            })}
            {(!choices.is_empty()).then(|| view! {
                <fieldset class="reassociate">
                    <legend>"Re-associate for web conferencing and A/V"</legend>
                    <p class="hint">"Pools that used the failed Edge pool for media. Those still running move to the surviving pool; pools in a failed site are down and left as they are by default."</p>
                    {choices.into_iter().map(|pool| {
                        let id = super::overview::row_id("reassociate", &pool);
                        let on = chosen.contains(&pool);
                        let suggested = default.contains(&pool);
                        let p = pool.clone();
                        view! {
                            <div class="choice">
                                <input type="checkbox" id=id.clone() prop:checked=on
                                    on:change=move |ev| state.dispatch(Action::SetReassociate { pool: p.clone(), on: event_target_checked(&ev) })/>
                                <label for=id>{pool.clone()}{(!suggested).then_some(not_default_label)}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            })}
        }
    }
}

#[component]
fn Checks() -> impl IntoView {
    let state = use_app();
    move || {
        state.outcome.with(|o| match &o.0 {
            None => view! { <p class="hint">"Choose the surviving Edge pool to see the plan."</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error" role="alert" id="plan-error">{e.to_string()}</p> }.into_any(),
            Some(Ok(out)) => {
                let checks = out.plan.checks.clone();
                view! {
                    <div class="checks" role="region" aria-label="Checks">
                        <h3>"Checks"</h3>
                        <ul>
                            {checks.into_iter().map(|c| {
                                let label = match c.severity { CheckSeverity::Error => "Error", CheckSeverity::Warning => "Warning", CheckSeverity::Note => "Note" };
                                view! { <li class=format!("finding {}", c.severity.label())><span class="severity">{label}</span>" "{c.message}</li> }
                            }).collect_view()}
                        </ul>
                    </div>
                }.into_any()
            }
        })
    }
}
