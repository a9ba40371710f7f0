//! The checklist in the page, and in print: the same steps as the Markdown download.

use leptos::prelude::*;

use super::{browser, use_app};
use crate::checklist::{Basis, Span, Text};

pub fn rich(text: &Text) -> impl IntoView {
    text.0
        .iter()
        .map(|s| match s {
            Span::Text(t) => view! { <span>{t.clone()}</span> }.into_any(),
            Span::Value(v) => view! { <code class="value">{v.clone()}</code> }.into_any(),
            Span::Ui(u) => view! { <strong class="ui-label">{u.clone()}</strong> }.into_any(),
        })
        .collect_view()
}

#[component]
pub fn ChecklistPanel() -> impl IntoView {
    let state = use_app();
    move || {
        state.outcome.with(|o| {
            let Some(Ok(out)) = &o.0 else {
                return ().into_any();
            };
            let c = out.checklist.clone();
            view! {
                <section class="panel checklist" aria-labelledby="checklist-heading">
                    <div class="checklist-head">
                        <h2 id="checklist-heading">"5. The checklist"</h2>
                        <button type="button" class="secondary no-print" on:click=|_| browser::print()>"Print checklist"</button>
                    </div>
                    <h3 class="checklist-title">{rich(&c.title)}</h3>
                    <ul class="facts">{c.facts.iter().map(|f| view! { <li>{rich(f)}</li> }).collect_view()}</ul>
                    {c.sections.iter().map(|section| view! {
                        <section class="step-section">
                            <h3>{section.title.clone()}</h3>
                            {section.intro.as_ref().map(|i| view! { <p>{rich(i)}</p> })}
                            <ol class="steps">
                                {section.steps.iter().map(|step| {
                                    let id = step.id.clone();
                                    let id2 = step.id.clone();
                                    let box_id = format!("done-{}", step.number);
                                    let label = format!("Done: {}. {}", step.number, step.title.plain());
                                    view! {
                                    <li class="step" value=step.number id=format!("step-{}", step.number)>
                                        <h4>
                                            <input type="checkbox" class="step-done" id=box_id aria-label=label
                                                disabled=move || state.read_only.get()
                                                prop:checked=move || state.progress.with(|p| p.is_done(&id))
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    state.progress.update(|p| p.set_done(&id2, on, browser::now()));
                                                }/>
                                            {format!("{}. ", step.number)}{rich(&step.title)}
                                        </h4>
                                        <p class="where"><span class="label">"Where: "</span>{rich(&step.place)}</p>
                                        <ul class="actions">{step.actions.iter().map(|a| view! { <li>{rich(a)}</li> }).collect_view()}</ul>
                                        {(!step.commands.is_empty()).then(|| view! { <pre class="commands"><code>{step.commands.join("\n")}</code></pre> })}
                                        {(!step.verify.is_empty() || !step.verify_commands.is_empty()).then(|| view! {
                                            <div class="verify">
                                                <span class="label">"Verify: "</span>
                                                {step.verify.iter().map(|v| view! { <span>{rich(v)}" "</span> }).collect_view()}
                                                {(!step.verify_commands.is_empty()).then(|| view! { <pre class="commands"><code>{step.verify_commands.join("\n")}</code></pre> })}
                                            </div>
                                        })}
                                        <p class="basis">{step.basis.iter().map(|b| match b {
                                            Basis::Procedure(p) => view! { <span class="tag procedure">{format!("Product procedure: {p}")}</span> }.into_any(),
                                            Basis::Inferred(id) => view! { <span class="tag inferred">{format!("Inferred: {id}")}</span> }.into_any(),
                                            Basis::Practice => view! { <span class="tag practice">"Good practice"</span> }.into_any(),
                                        }).collect_view()}</p>
                                    </li>
                                }}).collect_view()}
                            </ol>
                        </section>
                    }).collect_view()}
                </section>
            }
            .into_any()
        })
    }
}
