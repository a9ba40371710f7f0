//! The incident-bridge mode: one step at a time in large type, where to do it, the commands
//! with one-click copy, how to verify it, a "Done" checkbox, times, blockers and notes, and
//! "Done and next". Arrow keys (or N and P) move between steps; Escape leaves. One phase at a
//! time: the failover ends at "Failover complete", and its failback is a walkthrough of its
//! own, started once the failed pool is back.

use leptos::prelude::*;
use web_sys::KeyboardEvent;

use super::base::{checkbox, handler, redrawn, text_field, use_app, NoticeAt};
use super::browser;
use super::checklist_view::{basis_html, command_html, lines_html, list_html, rich_html, verify_html, where_html};
use super::share_view::copy;
use crate::checklist::html::escape;
use crate::checklist::Phase;
use crate::plan::Direction;
use crate::session::{drill_line, elapsed, Action, Field, Place, Switch};

const DIALOG_ID: &str = "walkthrough";

/// A pool's host name, as the plan bar shows it: the short name a bridge says aloud.
fn host(fqdn: &str) -> &str {
    fqdn.split('.').next().unwrap_or(fqdn)
}

/// A phase by the name the administrator knows it by: a failback plan is a failback
/// throughout.
pub fn phase_name(phase: Phase, direction: Direction) -> &'static str {
    match (phase, direction) {
        (Phase::Failback, _) | (_, Direction::Failback) => "Failback",
        _ => "Failover",
    }
}

#[component]
pub fn Walkthrough() -> impl IntoView {
    let state = use_app();
    // Keyboard focus follows the step, so the keys keep working after every move.
    Effect::new(move |_| {
        if state.walkthrough.get().is_some() {
            browser::focus(DIALOG_ID);
        }
    });

    redrawn(move || {
        let walk = state.walkthrough.get()?;
        let out = state.outcome.with(|o| o.clone()?.ok())?;
        let c = &out.checklist;
        let phase = walk.phase;
        let i = walk.at;
        let (step, direction, has_failback, roles, filter, after, before) = state.peek(|s| {
            (
                s.walkthrough_step().map(|(_, step)| step.clone()),
                s.decisions.direction,
                s.phases().contains(&Phase::Failback),
                s.roles_of(phase),
                s.role_filter,
                s.step_after(phase, i),
                s.step_before(phase, i),
            )
        });
        let steps: Vec<_> = c.phase_steps(phase).collect();
        let count = steps.len();
        let name = phase_name(phase, direction);
        let moves = &out.moves;
        let failed = moves.failed.iter().map(|f| host(f)).collect::<Vec<_>>().join(", ");
        let route = if phase == Phase::Failback {
            format!("{} → {failed}", host(&moves.survivor))
        } else {
            format!("{failed} → {}", host(&moves.survivor))
        };
        let on_key = move |ev: KeyboardEvent| {
            let typing = ev
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                .is_some_and(|el| {
                    matches!(el.tag_name().as_str(), "TEXTAREA" | "INPUT")
                        && el.get_attribute("type").as_deref() != Some("checkbox")
                });
            let to = match ev.key().as_str() {
                "Escape" => return state.dispatch(Action::LeaveWalkthrough),
                "ArrowRight" | "n" | "N" | "PageDown" if !typing => after,
                "ArrowLeft" | "p" | "P" | "PageUp" if !typing => before,
                _ => return,
            };
            ev.prevent_default();
            state.dispatch(Action::GoToStep(to));
        };
        let (count_label, title_line) = match &step {
            Some(step) => (
                format!("Step {} of {count}", i + 1),
                format!("{}. {}", step.number, step.title.plain()),
            ),
            None => (format!("{name} complete"), format!("{name} complete")),
        };
        // A drill says so on every line of the head and in the title.
        let drill = state.peek(|s| s.decisions.drill);
        let mark = move |s: String| if drill { drill_line(&s) } else { s };
        let (count_label, title_line) = (mark(count_label), mark(title_line));
        let body = match step {
            Some(step) => {
                let section = c
                    .sections
                    .iter()
                    .find(|s| s.steps.iter().any(|x| x.id == step.id))
                    .map(|s| s.title.clone())
                    .unwrap_or_default();
                let previous_ids: Vec<String> = steps.iter().take(i).map(|s| s.id.clone()).collect();
                let (head, tail) = crate::checklist::model_lines(c, phase, &step);
                let id_time = step.id.clone();
                let id_published = step.id.clone();
                let from = step.from_published;
                let number = step.number;
                let commands = step
                    .commands
                    .iter()
                    .enumerate()
                    .map(|(k, cmd)| {
                        let text = cmd.clone();
                        let place = Place::Command(number, k);
                        view! {
                            <div class="wt-command">
                                <pre><code inner_html=command_html(cmd)></code></pre>
                                <div class="wt-copy">
                                    <button type="button" class="secondary small" aria-label=format!("Copy command {}", k + 1)
                                        on:click=handler(move |_| copy(state, place, text.clone(), "Command copied.".into()))>"Copy"</button>
                                    <NoticeAt place=place/>
                                </div>
                            </div>
                        }.into_any()
                    })
                    .collect_view();
                view! {
                    <article class="wt-step">
                        <p class="wt-section">{section}</p>
                        <h2 id="wt-title" inner_html=mark(format!("{}. {}", step.number, rich_html(&step.title)))></h2>
                        <p class="wt-where" inner_html=where_html(&step)></p>
                        <div inner_html=lines_html(&head)></div>
                        <ul class="wt-actions" inner_html=list_html(&step.actions)></ul>
                        <div inner_html=super::checklist_view::boxes_html(&step)></div>
                        {commands}
                        {(!step.verify.is_empty() || !step.verify_commands.is_empty()).then(|| view! {
                            <div class="wt-verify" inner_html=format!("<h3>Verify</h3>{}", verify_html(&step, ["<p>", "</p>"]))></div>
                        }.into_any())}
                        <div inner_html=lines_html(&tail)></div>
                        <div inner_html=basis_html(&step)></div>
                        <div class="wt-done">
                            <label class="check">
                                {checkbox("wt-done".into(), Switch::Done(step.id.clone()), None, None)}
                                "Done"
                            </label>
                            <span class="wt-times" id="wt-times">{move || state.progress.with(|p| {
                                let done = p.steps.get(&id_time).and_then(|s| s.done_at)?;
                                let before = previous_ids.iter().filter_map(|x| p.steps.get(x).and_then(|s| s.done_at)).fold(p.started_at.unwrap_or(done), f64::max);
                                Some(format!("Done at {}, {} after the step before", browser::clock(done), elapsed(done - before.min(done))))
                            })}</span>
                        </div>
                        <p class="from-published" id="wt-published">{move || super::verify_view::step_note(state, &id_published, from)}</p>
                        <div class="wt-blocked">
                            <label class="check">
                                {checkbox("wt-blocked".into(), Switch::Blocked(step.id.clone()), None, None)}
                                "Blocked"
                            </label>
                            <label for="wt-note" class="visually-hidden">"Note on this step"</label>
                            {text_field("wt-note", Field::StepNote(step.id.clone()), "Note on this step (what blocks it, who is on it)", None)}
                        </div>
                    </article>
                }
                .into_any()
            }
            None => {
                let (done, open) = state.peek(|s| {
                    let done = steps.iter().filter(|x| s.progress.is_done(&x.id)).count();
                    (done, count - done)
                });
                let pools = moves.failed.join(" and ");
                let said = if open == 0 {
                    format!("All {count} steps of the {} are done.", name.to_lowercase())
                } else {
                    format!(
                        "{done} of {count} steps are done; {open} {} still open: go back to {}.",
                        if open == 1 { "is" } else { "are" },
                        if open == 1 { "it" } else { "them" }
                    )
                };
                let next = (phase == Phase::Failover && has_failback).then(|| {
                    format!(
                        "<p>The failback is a walkthrough of its own: start it once {} is repaired and back. Until then, federation stays on {}.</p>",
                        escape(&pools),
                        escape(&moves.survivor)
                    )
                });
                view! {
                    <article class="wt-step wt-complete">
                        <div inner_html=format!("<h2 id=\"wt-title\">{}</h2><p id=\"wt-complete-count\">{said}</p>{}", mark(format!("{name} complete")), next.as_deref().unwrap_or_default())></div>
                        {next.is_some().then(|| view! {
                            <button type="button" id="start-failback" on:click=state.on(Action::StartWalkthrough(Phase::Failback))>"Start the failback walkthrough"</button>
                        }.into_any())}
                    </article>
                }
                .into_any()
            }
        };
        let last = after >= count;
        let complete = i >= count;
        Some(view! {
            <div class="walkthrough" class:drill=drill id=DIALOG_ID role="dialog" aria-modal="true" aria-labelledby="wt-title" tabindex="-1" on:keydown=handler(on_key)>
                // Stays at the top on a phone too: which step, of what, is never scrolled away.
                <header class="wt-head">
                    <p class="wt-where-am-i">
                        <span class="wt-count" id="wt-count">{count_label}</span>
                        <span class="wt-phase">{name}</span>
                        <span class="wt-route">{route}</span>
                    </p>
                    <p class="wt-head-title" aria-hidden="true">{title_line}</p>
                    <button type="button" class="secondary small" aria-label="Exit walkthrough" on:click=state.on(Action::LeaveWalkthrough)>"Exit"</button>
                </header>
                // One team's steps only: the DNS team follows its own and the hand-offs to it.
                <div class="wt-roles">
                    <label for="wt-role">"Show"</label>
                    <select id="wt-role" on:change=handler(move |ev: web_sys::Event| {
                        let v = event_target_value(&ev);
                        let role = crate::checklist::Role::ALL.into_iter().find(|r| r.id() == v);
                        state.dispatch(Action::FilterRole(role));
                    })>
                        <option value="" selected=filter.is_none()>"Every step"</option>
                        {roles.into_iter().map(|r| view! {
                            <option value=r.id() selected=filter == Some(r)>{format!("The {}'s steps", r.label())}</option>
                        }.into_any()).collect_view()}
                    </select>
                </div>
                <div class="wt-bar">
                    <span class="wt-plan">{mark(c.title.plain())}</span>
                    <span class="wt-clock" id="wt-elapsed">{move || {
                        let now = state.now.get();
                        state.progress.with(|p| p.started_at.map(|s| format!("Elapsed {}", elapsed(now - s))).unwrap_or_else(|| "Not started".into()))
                    }}</span>
                    <span class="wt-driver">{move || state.progress.with(|p| p.driver.clone().map(|d| format!("Driver: {d}")).unwrap_or_else(|| "No driver named".into()))}</span>
                    {redrawn(move || state.read_only.get().then(|| view! { <span class="wt-readonly">"Read-only"</span> }.into_any()))}
                </div>
                {body}
                // The checklist's one-screen summary, one tap away: the step comes first.
                <details class="wt-summary">
                    <summary>"Summary of the plan"</summary>
                    <div inner_html=c.glance_of(phase).map(super::checklist_view::glance_html).unwrap_or_default()></div>
                </details>
                <nav class="wt-nav" aria-label="Steps">
                    <button type="button" class="secondary" disabled={before >= i} on:click=state.on(Action::GoToStep(before))>"Back"</button>
                    <span class="hint">"← and → move between steps; Esc leaves"</span>
                    <div class="wt-forward">
                        {if complete {
                            view! { <button type="button" on:click=state.on(Action::LeaveWalkthrough)>"Close"</button> }.into_any()
                        } else {
                            view! {
                                <button type="button" class="secondary" on:click=state.on(Action::GoToStep(after))>{if last { "Finish" } else { "Next" }}</button>
                                // The usual move on a bridge: tick the step, then on to the next one.
                                <button type="button" disabled=state.read_only on:click=state.on(Action::DoneAndNext)>{if last { "Done" } else { "Done and next" }}</button>
                            }.into_any()
                        }}
                    </div>
                </nav>
            </div>
        })
    })
}
