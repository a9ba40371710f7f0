//! Choosing the failover: what failed, which pool survives (with the reasons others cannot),
//! whether XMPP moves, which pools are re-associated, and what the checks say.

use leptos::prelude::*;

use super::base::{checkbox, handler, redrawn, row_id, use_app, AppState};
use super::browser;
use crate::checklist::html::escape;
use crate::plan::{CheckSeverity, Direction, Failure};
use crate::session::{Action, Decisions, Switch};

/// The plan section's id: marking a failure takes focus and the scroll there.
pub const PLAN_ID: &str = "plan";
/// The checks' id: the plan bar's warnings lead there.
pub const CHECKS_ID: &str = "checks";

/// Marks a failure (a pool or a site) and takes the user to the plan it starts, wherever
/// they marked it: the picture, the Edge pools or the sites.
pub fn mark_and_show(state: AppState, action: Action) {
    if state.peek(|s| s.read_only) {
        return;
    }
    state.dispatch(action);
    browser::show(PLAN_ID);
}

#[component]
pub fn PlanPanel() -> impl IntoView {
    let state = use_app();
    // Drawn again when what failed changes, not on every choice below it: choosing the
    // survivor must leave the choice just tapped where it is.
    let failure = Memo::new(move |_| {
        state.decisions.with(|d| Decisions {
            failure: d.failure.clone(),
            direction: d.direction,
            ..Decisions::new()
        })
    });
    view! {
        <section class="panel plan" id=PLAN_ID tabindex="-1" aria-labelledby="plan-heading">
            <h2 id="plan-heading">"3. Plan the failover"</h2>
            // What a choice made of the plan, said where a screen reader hears it, while the
            // page stays where it is.
            <p class="visually-hidden" role="status" aria-live="polite" id="plan-said">{move || state.outcome.with(|o| match o {
                Some(Ok(out)) => {
                    let count = |s: CheckSeverity| out.plan.checks.iter().filter(|c| c.severity == s).count();
                    format!(
                        "The plan is made. Checks: {} error(s), {} warning(s), {} note(s), listed under Checks.",
                        count(CheckSeverity::Error),
                        count(CheckSeverity::Warning),
                        count(CheckSeverity::Note)
                    )
                }
                Some(Err(e)) => e.to_string(),
                None => String::new(),
            })}</p>
            {move || {
                failure.track();
                let decisions = state.decisions.get_untracked();
                let loaded = state.loaded.get();
                let Some(failure) = &decisions.failure else {
                    let fed = loaded.summary.sip_federation_pools.clone();
                    let back = (!fed.is_empty() && loaded.summary.edge_pools.len() > 1).then_some(fed);
                    return view! {
                        <p class="hint">"Mark the failed Edge pool (or a whole site) with its \"Mark as failed\" button above."</p>
                        {back.map(|fed| failback_start(state, fed))}
                    }.into_any();
                };
                let what = match (failure, decisions.direction) {
                    (Failure::Pool(p), Direction::Failback) => format!("Failback: federation comes back from {p}"),
                    (Failure::Pool(p), _) => format!("Failed Edge pool: {p}"),
                    (Failure::Site(s), _) => format!("Failed site: {s}"),
                };
                // A dead end says what can be done instead, not "choose a pool".
                let problem = match decisions.scope(&loaded) {
                    Some(Err(e)) => Some((e.to_string(), None)),
                    Some(Ok(scope)) => crate::plan::no_survivor_advice(&loaded.file, &scope).map(|a| (a, Some("no-survivor"))),
                    None => None,
                };
                let survivors = !matches!(decisions.scope(&loaded), Some(Err(_)));
                view! {
                    <div class="failure-line">
                        <p id="failure-description"><strong>{what}</strong></p>
                        <button type="button" class="secondary small" on:click=state.on(Action::ClearFailure)>"Clear"</button>
                    </div>
                    {survivors.then(Survivors)}
                    {match problem {
                        Some((message, id)) => view! { <p class="error" role="alert" id=id>{message}</p> }.into_any(),
                        None => view! { <Options/> <Checks/> }.into_any(),
                    }}
                }.into_any()
            }}
        </section>
    }
}

/// Once the original pool is back: plan the way back. With several federated pools the
/// administrator says which one carried federation meanwhile.
fn failback_start(state: AppState, federated: Vec<String>) -> AnyView {
    let loaded = state.loaded.get_untracked();
    let only = (federated.len() == 1).then(|| federated[0].clone());
    let others: Vec<String> = loaded
        .summary
        .edge_pools
        .iter()
        .filter(|e| only.as_ref() != Some(&e.fqdn))
        .map(|e| e.fqdn.clone())
        .collect();
    let options = |pools: Vec<String>| {
        pools
            .into_iter()
            .map(|o| view! { <option value=o.clone()>{o.clone()}</option> }.into_any())
            .collect_view()
    };
    let from = match &only {
        Some(current) => {
            view! { <p>{format!("Federation is on {current} now. Choose the restored pool to move it back to:")}</p> }.into_any()
        }
        None => view! {
            <p>{format!("Federation is on {} now. Choose the pool it comes back from, which carried it during the failover, and the restored pool:", federated.join(", "))}</p>
            <label for="failback-from">"Federation comes back from"</label>
            <select id="failback-from">{options(federated)}</select>
        }
        .into_any(),
    };
    view! {
        <details class="failback-start">
            <summary>"The original pool is back? Plan the failback"</summary>
            {from}
            <label for="failback-pool">"Restored Edge pool"</label>
            <select id="failback-pool">{options(others)}</select>
            <button type="button" on:click=handler(move |_| {
                let temporary = only.clone().unwrap_or_else(|| browser::value_of("failback-from"));
                state.dispatch(Action::PlanFailback { temporary, restored: browser::value_of("failback-pool") })
            })>
                "Plan failback"
            </button>
        </details>
    }
    .into_any()
}

#[component]
fn Survivors() -> impl IntoView {
    let state = use_app();
    redrawn(move || {
        let loaded = state.loaded.get();
        let decisions = state.decisions.get_untracked();
        let candidates = decisions.candidates(&loaded);
        let (eligible, rejected): (Vec<_>, Vec<_>) = candidates.into_iter().partition(|c| c.eligible);
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
                        let id = row_id("survivor", &c.fqdn);
                        let fqdn = c.fqdn.clone();
                        let chosen = move || state.decisions.with(|d| d.survivor.as_deref() == Some(fqdn.as_str()));
                        let own = id.clone();
                        let pool = c.fqdn.clone();
                        view! {
                            <div class="choice">
                                <label class="check">
                                    <input type="radio" name="survivor" id=id value=c.fqdn.clone() prop:checked=chosen
                                        on:change=handler(move |_: web_sys::Event| {
                                            state.dispatch(Action::ChooseSurvivor(pool.clone()));
                                            // The plan appears below; the choice stays in sight.
                                            browser::keep_in_view(&own);
                                        })/>
                                    <span>
                                        <strong>{c.fqdn}</strong>
                                        <span class="muted">{c.site.map(|s| format!(" in {s}")).unwrap_or_default()}</span>
                                    </span>
                                </label>
                                <div inner_html=sentences("cautions", &c.cautions) + &sentences("candidate-notes", &c.notes)></div>
                            </div>
                        }.into_any()
                    }).collect_view().into_any()
                }}
            </fieldset>
            {(!rejected.is_empty()).then(|| view! {
                <div class="rejected">
                    <h3>"Not eligible"</h3>
                    <ul inner_html={rejected.iter().map(|c| format!("<li><strong>{}</strong>: {}</li>", escape(&c.fqdn), escape(&c.reasons.join("; ")))).collect::<String>()}></ul>
                </div>
            }.into_any())}
        }
    })
}

/// A list of sentences as HTML, nothing when there are none.
fn sentences(class: &str, items: &[String]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let items: String = items.iter().map(|x| format!("<li>{}</li>", escape(x))).collect();
    format!("<ul class=\"{class}\">{items}</ul>")
}

#[component]
fn Options() -> impl IntoView {
    let state = use_app();
    redrawn(move || {
        let loaded = state.loaded.get();
        let decisions = state.decisions.get();
        let t = &loaded.file.topology;
        let xmpp_here = decisions.xmpp_fails(&loaded);
        // XMPP goes only to an Edge pool whose own version has it (not a 2019 one).
        // Until a survivor is chosen the choice is offered; it applies once one is.
        let survivor = decisions.survivor.as_deref().and_then(|f| t.edge_by_fqdn(f));
        let survivor_product = survivor.map_or(t.product, |e| t.edge_product(e));
        let survivor_name = decisions.survivor.clone().unwrap_or_default();
        let survivor_has_xmpp = survivor.is_none_or(|e| t.edge_product(e).has_xmpp());
        // Where XMPP can go once the survivor is chosen: the survivor first, then the healthy
        // pools that already carry the XMPP ports.
        let xmpp_targets = decisions.xmpp_targets(&loaded);
        let xmpp_choice = (xmpp_here
            && decisions.move_xmpp
            && !xmpp_targets.is_empty()
            && xmpp_targets.iter().any(|x| *x != survivor_name))
        .then(|| xmpp_target_choice(state, &loaded, &decisions, xmpp_targets.clone()));
        let survivor_has_xmpp = survivor_has_xmpp || !xmpp_targets.is_empty();
        let choices = decisions.reassociation_choices(&loaded);
        let default = decisions.default_reassociation(&loaded);
        // Why a pool is not re-associated by default, by what was actually marked.
        let not_default_label = match (&decisions.failure, decisions.direction) {
            (_, Direction::Failback) => " (not in the restored pool's site)",
            (Some(Failure::Site(_)), _) => " (in the failed site)",
            _ => "",
        };
        let others = decisions.other_federated(&loaded).join(", ");
        let temporary = decisions.temporary_federated(&loaded).join(", ");
        view! {
            {(!temporary.is_empty()).then(|| view! {
                <div class="option">
                    <label class="check">
                        {checkbox("keep-temporary-federation".into(), Switch::KeepTemporaryFederation, None, None)}
                        {format!("Keep federation on {temporary} too")}
                    </label>
                    <p class="hint">{format!("Only if {temporary} carried federation before the failover, which the file cannot show: then its ports and the site routes through it stay as they are. Off: federation leaves {temporary} for the restored pool, as the failback procedure does.")}</p>
                </div>
            }.into_any())}
            {(!others.is_empty()).then(|| view! {
                <div class="option">
                    <label class="check">
                        {checkbox("clear-other-federation".into(), Switch::ClearOtherFederation, None, None)}
                        "Also clear federation on the other federated pools"
                    </label>
                    <p class="hint">{format!("Off: {others} keep their federation, byte for byte, as the product allows. On: it is cleared there too, which stops the inbound federation DNS sends to them, every site federation route through them, and push notifications.")}</p>
                </div>
            }.into_any())}
            <div class="option">
                <label class="check">
                    {checkbox("publish-file".into(), Switch::PublishFile, None, None)}
                    "Route B: publish the modified file instead of the Topology Builder steps"
                </label>
                <p class="hint">"Off (route A, the product procedure): the runbook follows the Topology Builder steps, and the modified file is the target the published topology is checked against. On: Publish-CsTopology -FileName and Enable-CsTopology, then the simple URLs restored from the baseline, which the cmdlet reference says a published file resets."</p>
            </div>
            {(xmpp_here && survivor_has_xmpp).then(|| view! {
                <div class="option">
                    <label class="check">
                        {checkbox("move-xmpp".into(), Switch::MoveXmpp, None, None)}
                        "Move XMPP federation (5269) too"
                    </label>
                    <p class="hint">"The failed pool carries XMPP federation; the procedure fails it over with its own steps."</p>
                </div>
            }.into_any())}
            {xmpp_choice}
            {(xmpp_here && !survivor_has_xmpp).then(|| view! {
                <p class="note">{format!("{survivor_name} is a {} Edge pool, which has no XMPP federation: XMPP moves only to a Lync Server 2013 or Skype for Business Server 2015 Edge pool.", survivor_product.name())}</p>
            }.into_any())}
            {(!choices.is_empty()).then(|| view! {
                <fieldset class="reassociate">
                    <legend>"Re-associate for web conferencing and A/V"</legend>
                    <p class="hint">"Pools that used the failed Edge pool for media. Those still running move to the surviving pool; pools in a failed site are down and left as they are by default."</p>
                    {choices.into_iter().map(|pool| {
                        let id = row_id("reassociate", &pool);
                        let suggested = default.contains(&pool);
                        view! {
                            <div class="choice">
                                <label class="check">
                                    {checkbox(id, Switch::Reassociate(pool.clone()), None, None)}
                                    <span>{pool}{(!suggested).then_some(not_default_label)}</span>
                                </label>
                            </div>
                        }.into_any()
                    }).collect_view()}
                </fieldset>
            }.into_any())}
        }
    })
}

/// The Edge pool XMPP federation moves to: the survivor by default, or a healthy pool that
/// already carries the XMPP ports (no Deployment Wizard run and no full stop for XMPP).
fn xmpp_target_choice(
    state: AppState,
    loaded: &crate::session::Loaded,
    decisions: &Decisions,
    targets: Vec<String>,
) -> AnyView {
    let t = &loaded.file.topology;
    let survivor = decisions.survivor.clone().unwrap_or_default();
    let chosen = decisions.xmpp_to.clone().unwrap_or_else(|| survivor.clone());
    let has_ports = |fqdn: &str| t.edge_by_fqdn(fqdn).is_some_and(|e| e.has_xmpp_federation());
    // A survivor that cannot take XMPP (a 2019 Edge pool) is not a target: by default XMPP
    // then stays down, as the checks say.
    let rejected = decisions.xmpp_rejected(loaded);
    let stays_down = (!targets.contains(&survivor)).then(|| {
        view! { <option value="" selected=decisions.xmpp_to.is_none()>"None: XMPP stays down"</option> }
    });
    let options = targets
        .into_iter()
        .map(|fqdn| {
            let note = match (fqdn == survivor, has_ports(&fqdn)) {
                (true, true) => " (surviving pool; has the XMPP ports)",
                (true, false) => " (surviving pool; gets the XMPP ports: wizard run, full stop)",
                (false, _) => " (has the XMPP ports: no wizard run, no full stop)",
            };
            let selected = fqdn == chosen;
            view! { <option value=fqdn.clone() selected=selected>{format!("{fqdn}{note}")}</option> }
        })
        .collect_view();
    view! {
        <div class="option">
            <label for="xmpp-to">"XMPP federation to"</label>
            <select id="xmpp-to" on:change=handler(move |_: web_sys::Event| {
                state.dispatch(Action::ChooseXmppTarget(browser::value_of("xmpp-to")));
            })>
                {stays_down}
                {options}
            </select>
            {(!rejected.is_empty()).then(|| view! {
                <details class="rejected" id="xmpp-rejected">
                    <summary>"Not XMPP targets"</summary>
                    <ul inner_html={rejected.iter().map(|(pool, why)| format!("<li><strong>{}</strong>: {}</li>", escape(pool), escape(why))).collect::<String>()}></ul>
                </details>
            })}
            <p class="hint">"Default: the surviving pool. A pool that has the XMPP ports keeps its topology; the failback brings XMPP back from it."</p>
        </div>
    }
    .into_any()
}

/// "Safety rules: 9 of 9 hold", as the runbook was checked.
fn safety_summary(c: &crate::checklist::Checklist) -> String {
    let held = c.safety.iter().filter(|r| r.held).count();
    format!("Safety rules: {held} of {} hold", c.safety.len())
}

#[component]
fn Checks() -> impl IntoView {
    let state = use_app();
    redrawn(move || {
        state.outcome.with(|o| match o {
            None => view! { <p class="hint">"Choose the surviving Edge pool to see the plan."</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error" role="alert" id="plan-error">{e.to_string()}</p> }.into_any(),
            Some(Ok(out)) => view! {
                <div class="checks" role="region" aria-label="Checks" id=CHECKS_ID tabindex="-1">
                    <h3>"Checks"</h3>
                    <ul inner_html={out.plan.checks.iter().map(|c| {
                        let label = match c.severity { CheckSeverity::Error => "Error", CheckSeverity::Warning => "Warning", CheckSeverity::Note => "Note" };
                        format!("<li class=\"finding {}\"><span class=\"severity\">{label}</span> {}</li>", c.severity.label(), escape(&c.message))
                    }).collect::<String>()}></ul>
                    <details class="safety" id="safety-rules">
                        <summary>{safety_summary(&out.checklist)}</summary>
                        <ul inner_html={out.checklist.safety.iter().map(|r| format!(
                            "<li class=\"{}\">{} <strong>{}</strong>: {}</li>",
                            if r.held { "held" } else { "broken" },
                            if r.held { "✓" } else { "✗" },
                            r.rule.id(),
                            escape(r.rule.words())
                        )).collect::<String>()}></ul>
                    </details>
                </div>
            }.into_any(),
        })
    })
}
