//! The incident-bridge mode: one step at a time in large type, where to do it, the commands
//! with one-click copy, how to verify it, a "Done" checkbox, times, blockers and notes, and
//! "Done and next". Arrow keys (or N and P) move between steps; Escape leaves.

use leptos::prelude::*;
use web_sys::KeyboardEvent;

use super::checklist_view::{rich, rich_list};
use super::share_view::copy;
use super::{browser, checkbox, handler, redrawn, text_field, use_app, NoticeAt};
use crate::session::{elapsed, Action, Field, Place, Switch};

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

    redrawn(move || {
        state.walkthrough.get()?;
        let out = state.outcome.with(|o| o.clone()?.ok())?;
        let (i, step) = state.peek(|s| s.walkthrough_step().map(|(i, step)| (i, step.clone())))?;
        let c = &out.checklist;
        let count = c.steps().count();
        let section = c
            .sections
            .iter()
            .find(|s| s.steps.iter().any(|x| x.id == step.id))
            .map(|s| s.title.clone())
            .unwrap_or_default();
        let previous_ids: Vec<String> = c.steps().take(i).map(|s| s.id.clone()).collect();
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
                "ArrowRight" | "n" | "N" | "PageDown" if !typing => i + 1,
                "ArrowLeft" | "p" | "P" | "PageUp" if !typing => i.saturating_sub(1),
                _ => return,
            };
            ev.prevent_default();
            state.dispatch(Action::GoToStep(to));
        };
        let id_time = step.id.clone();
        let id_published = step.id.clone();
        let from = step.from_published;
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
                                on:click=handler(move |_| copy(state, Place::Command(k), text.clone(), "Command copied.".into()))>"Copy"</button>
                            <NoticeAt place=Place::Command(k)/>
                        </div>
                    </div>
                }.into_any()
            })
            .collect_view();
        Some(view! {
            <div class="walkthrough" id=DIALOG_ID role="dialog" aria-modal="true" aria-labelledby="wt-title" tabindex="-1" on:keydown=handler(on_key)>
                <header class="wt-bar">
                    <span class="wt-plan">{c.title.plain()}</span>
                    <span class="wt-count" id="wt-count">{format!("Step {} of {}", i + 1, count)}</span>
                    <span class="wt-clock" id="wt-elapsed">{move || {
                        let now = state.now.get();
                        state.progress.with(|p| p.started_at.map(|s| format!("Elapsed {}", elapsed(now - s))).unwrap_or_else(|| "Not started".into()))
                    }}</span>
                    <span class="wt-driver">{move || state.progress.with(|p| p.driver.clone().map(|d| format!("Driver: {d}")).unwrap_or_else(|| "No driver named".into()))}</span>
                    {redrawn(move || state.read_only.get().then(|| view! { <span class="wt-readonly">"Read-only"</span> }.into_any()))}
                    <button type="button" class="secondary" on:click=state.on(Action::LeaveWalkthrough)>"Exit walkthrough"</button>
                </header>
                // The checklist's one-screen summary, open before the first step and a click
                // away after it.
                <details class="wt-summary" open=i == 0>
                    <summary>"Summary"</summary>
                    <ul>{rich_list(&c.facts)}</ul>
                    <p class="label">"Decide first:"</p>
                    <ul>{rich_list(&c.decisions)}</ul>
                    <p class="label">"Expected outages:"</p>
                    <ul>{rich_list(&c.outages)}</ul>
                    <p><span class="label">"First action: "</span>{rich(&c.first_action)}</p>
                </details>
                <article class="wt-step">
                    <p class="wt-section">{section}</p>
                    <h2 id="wt-title">{format!("{}. ", step.number)}{rich(&step.title)}</h2>
                    <p class="wt-where"><span class="label">"Where: "</span>{rich(&step.place)}</p>
                    <ul class="wt-actions">{rich_list(&step.actions)}</ul>
                    {commands}
                    {(!step.verify.is_empty() || !step.verify_commands.is_empty()).then(|| view! {
                        <div class="wt-verify">
                            <h3>"Verify"</h3>
                            {step.verify.iter().map(|v| view! { <p>{rich(v)}</p> }.into_any()).collect_view()}
                            {(!step.verify_commands.is_empty()).then(|| view! { <pre><code>{step.verify_commands.join("\n")}</code></pre> }.into_any())}
                        </div>
                    }.into_any())}
                    <div class="wt-done">
                        {checkbox("wt-done".into(), Switch::Done(step.id.clone()), None, None)}
                        <label for="wt-done">"Done"</label>
                        <span class="wt-times" id="wt-times">{move || state.progress.with(|p| {
                            let done = p.steps.get(&id_time).and_then(|s| s.done_at)?;
                            let before = previous_ids.iter().filter_map(|x| p.steps.get(x).and_then(|s| s.done_at)).fold(p.started_at.unwrap_or(done), f64::max);
                            Some(format!("Done at {}, {} after the step before", browser::clock(done), elapsed(done - before.min(done))))
                        })}</span>
                    </div>
                    <p class="from-published" id="wt-published">{move || super::verify_view::step_note(state, &id_published, from)}</p>
                    <div class="wt-blocked">
                        {checkbox("wt-blocked".into(), Switch::Blocked(step.id.clone()), None, None)}
                        <label for="wt-blocked">"Blocked"</label>
                        <label for="wt-note" class="visually-hidden">"Note on this step"</label>
                        {text_field("wt-note", Field::StepNote(step.id.clone()), "Note on this step (what blocks it, who is on it)", None)}
                    </div>
                </article>
                <nav class="wt-nav" aria-label="Steps">
                    <button type="button" class="secondary" disabled=i == 0 on:click=state.on(Action::GoToStep(i.saturating_sub(1)))>"Back"</button>
                    <span class="hint">"← and → move between steps; Esc leaves"</span>
                    <div class="wt-forward">
                        <button type="button" class="secondary" disabled=last on:click=state.on(Action::GoToStep(i + 1))>"Next"</button>
                        // The usual move on a bridge: tick the step, then on to the next one.
                        <button type="button" disabled=state.read_only on:click=state.on(Action::DoneAndNext)>{if last { "Done" } else { "Done and next" }}</button>
                    </div>
                </nav>
            </div>
        })
    })
}
