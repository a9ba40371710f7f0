//! The incident-bridge mode: one step at a time in large type, where to do it, the commands
//! with one-click copy, how to verify it, a "Done" checkbox, times, blockers and notes, and
//! "Done and next". Arrow keys (or N and P) move between steps; Escape leaves.

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::KeyboardEvent;

use super::checklist_view::rich;
use super::{browser, use_app, Notice, NoticeAt, Place};
use crate::checklist::Step;
use crate::checklist::Text;
use crate::share::elapsed;

const DIALOG_ID: &str = "walkthrough";

#[component]
pub fn Walkthrough() -> impl IntoView {
    let state = use_app();
    // Keyboard focus follows the step, so the keys keep working after every move.
    Effect::new(move |_| {
        if state.walkthrough.get().is_some() {
            browser::focus(DIALOG_ID);
        }
    });

    move || {
        let index = state.walkthrough.get()?;
        let (title, steps, sections, summary) = state.outcome.with(|o| match &o.0 {
            Some(Ok(out)) => {
                let sections: Vec<String> = out
                    .checklist
                    .sections
                    .iter()
                    .flat_map(|s| s.steps.iter().map(move |_| s.title.clone()))
                    .collect();
                let c = &out.checklist;
                Some((
                    c.title.plain(),
                    c.steps().cloned().collect::<Vec<Step>>(),
                    sections,
                    (
                        c.facts.clone(),
                        c.decisions.clone(),
                        c.outages.clone(),
                        c.first_action.clone(),
                    ),
                ))
            }
            _ => None,
        })?;
        if steps.is_empty() {
            return None;
        }
        let count = steps.len();
        let i = index.min(count - 1);
        let step = steps[i].clone();
        let previous_ids: Vec<String> = steps[..i].iter().map(|s| s.id.clone()).collect();
        // Where the walkthrough stands is the status update's "Now", also after it is left.
        let go = move |to: usize| {
            state.walkthrough.set(Some(to.min(count - 1)));
            state.at_step.set(Some(to.min(count - 1)));
        };
        let on_key = move |ev: KeyboardEvent| {
            let typing = ev
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                .is_some_and(|el| {
                    matches!(el.tag_name().as_str(), "TEXTAREA" | "INPUT")
                        && el.get_attribute("type").as_deref() != Some("checkbox")
                });
            match ev.key().as_str() {
                "Escape" => state.walkthrough.set(None),
                "ArrowRight" | "n" | "N" | "PageDown" if !typing => {
                    ev.prevent_default();
                    go(i + 1);
                }
                "ArrowLeft" | "p" | "P" | "PageUp" if !typing => {
                    ev.prevent_default();
                    go(i.saturating_sub(1));
                }
                _ => {}
            }
        };
        let id = step.id.clone();
        let id_done = step.id.clone();
        let id_time = step.id.clone();
        let id_blocked = step.id.clone();
        let id_blocked2 = step.id.clone();
        let id_note = step.id.clone();
        let id_note2 = step.id.clone();
        let id_next = step.id.clone();
        let id_published = step.id.clone();
        let from = step.from_published;
        let read_only = move || state.read_only.get();
        let last = i + 1 == count;
        let commands = step
            .commands
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let text = c.clone();
                view! {
                    <div class="wt-command">
                        <pre><code>{c.clone()}</code></pre>
                        <div class="wt-copy">
                            <button type="button" class="secondary small" aria-label=format!("Copy command {}", k + 1)
                                on:click=move |_| {
                                    let text = text.clone();
                                    spawn_local(async move {
                                        let said = match browser::copy_text(&text).await {
                                            Ok(()) => Notice::Done("Command copied.".into()),
                                            Err(e) => Notice::Problem(e),
                                        };
                                        state.say(Place::Command(k), said);
                                    });
                                }>"Copy"</button>
                            <NoticeAt place=Place::Command(k)/>
                        </div>
                    </div>
                }
            })
            .collect_view();
        Some(view! {
            <div class="walkthrough" id=DIALOG_ID role="dialog" aria-modal="true" aria-labelledby="wt-title" tabindex="-1" on:keydown=on_key>
                <header class="wt-bar">
                    <span class="wt-plan">{title}</span>
                    <span class="wt-count" id="wt-count">{format!("Step {} of {}", i + 1, count)}</span>
                    <span class="wt-clock" id="wt-elapsed">{move || {
                        let now = state.now.get();
                        state.progress.with(|p| p.started_at.map(|s| format!("Elapsed {}", elapsed(now - s))).unwrap_or_else(|| "Not started".into()))
                    }}</span>
                    <span class="wt-driver">{move || state.progress.with(|p| p.driver.clone().map(|d| format!("Driver: {d}")).unwrap_or_else(|| "No driver named".into()))}</span>
                    {move || read_only().then(|| view! { <span class="wt-readonly">"Read-only"</span> })}
                    <button type="button" class="secondary" on:click=move |_| state.walkthrough.set(None)>"Exit walkthrough"</button>
                </header>
                {summary_view(summary, i == 0)}
                <article class="wt-step">
                    <p class="wt-section">{sections.get(i).cloned().unwrap_or_default()}</p>
                    <h2 id="wt-title">{format!("{}. ", step.number)}{rich(&step.title)}</h2>
                    <p class="wt-where"><span class="label">"Where: "</span>{rich(&step.place)}</p>
                    <ul class="wt-actions">{step.actions.iter().map(|a| view! { <li>{rich(a)}</li> }).collect_view()}</ul>
                    {commands}
                    {(!step.verify.is_empty() || !step.verify_commands.is_empty()).then(|| view! {
                        <div class="wt-verify">
                            <h3>"Verify"</h3>
                            {step.verify.iter().map(|v| view! { <p>{rich(v)}</p> }).collect_view()}
                            {(!step.verify_commands.is_empty()).then(|| view! { <pre><code>{step.verify_commands.join("\n")}</code></pre> })}
                        </div>
                    })}
                    <div class="wt-done">
                        <input type="checkbox" id="wt-done" disabled=read_only
                            prop:checked=move || state.progress.with(|p| p.is_done(&id_done))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                state.progress.update(|p| p.set_done(&id, on, browser::now()));
                            }/>
                        <label for="wt-done">"Done"</label>
                        <span class="wt-times" id="wt-times">{move || state.progress.with(|p| {
                            let done = p.steps.get(&id_time).and_then(|s| s.done_at)?;
                            let before = previous_ids.iter().filter_map(|x| p.steps.get(x).and_then(|s| s.done_at)).fold(p.started_at.unwrap_or(done), f64::max);
                            Some(format!("Done at {}, {} after the step before", clock(done), elapsed(done - before.min(done))))
                        })}</span>
                    </div>
                    <p class="from-published" id="wt-published">{move || super::verify_view::step_note(state, &id_published, from)}</p>
                    <div class="wt-blocked">
                        <input type="checkbox" id="wt-blocked" disabled=read_only
                            prop:checked=move || state.progress.with(|p| p.steps.get(&id_blocked).is_some_and(|s| s.blocked))
                            on:change=move |ev| { let on = event_target_checked(&ev); state.progress.update(|p| p.set_blocked(&id_blocked2, on)); }/>
                        <label for="wt-blocked">"Blocked"</label>
                        <label for="wt-note" class="visually-hidden">"Note on this step"</label>
                        <input type="text" id="wt-note" placeholder="Note on this step (what blocks it, who is on it)" disabled=read_only
                            prop:value=move || state.progress.with(|p| p.steps.get(&id_note).map(|s| s.note.clone()).unwrap_or_default())
                            on:change=move |ev| { let v = event_target_value(&ev); state.progress.update(|p| p.set_note(&id_note2, v)); }/>
                    </div>
                </article>
                <nav class="wt-nav" aria-label="Steps">
                    <button type="button" class="secondary" disabled=i == 0 on:click=move |_| go(i.saturating_sub(1))>"Back"</button>
                    <span class="hint">"← and → move between steps; Esc leaves"</span>
                    <div class="wt-forward">
                        <button type="button" class="secondary" disabled=last on:click=move |_| go(i + 1)>"Next"</button>
                        // The usual move on a bridge: tick the step, then on to the next one.
                        <button type="button" disabled=read_only on:click=move |_| {
                            state.progress.update(|p| {
                                if !p.is_done(&id_next) {
                                    p.set_done(&id_next, true, browser::now());
                                }
                            });
                            go(i + 1);
                        }>{if last { "Done" } else { "Done and next" }}</button>
                    </div>
                </nav>
            </div>
        })
    }
}

/// The checklist's one-screen summary, open before the first step and a click away after it.
fn summary_view(
    (facts, decisions, outages, first): (Vec<Text>, Vec<Text>, Vec<Text>, Text),
    open: bool,
) -> impl IntoView {
    let list = |items: Vec<Text>| items.iter().map(|t| view! { <li>{rich(t)}</li> }).collect_view();
    view! {
        <details class="wt-summary" open=open>
            <summary>"Summary"</summary>
            <ul>{list(facts)}</ul>
            <p class="label">"Decide first:"</p>
            <ul>{list(decisions)}</ul>
            <p class="label">"Expected outages:"</p>
            <ul>{list(outages)}</ul>
            <p><span class="label">"First action: "</span>{rich(&first)}</p>
        </details>
    }
}

/// The local time of day of a moment, `HH:MM:SS`.
pub(super) fn clock(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!("{:02}:{:02}:{:02}", d.get_hours(), d.get_minutes(), d.get_seconds())
}
