//! The checklist in the page, and in print: the same steps as the Markdown download.

use leptos::prelude::*;

use super::{browser, checkbox, handler, with_plan};
use crate::checklist::{Basis, Span, Text};
use crate::session::Switch;

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

/// Each text a list item.
pub fn rich_list(items: &[Text]) -> impl IntoView {
    items
        .iter()
        .map(|t| view! { <li>{rich(t)}</li> }.into_any())
        .collect_view()
}

#[component]
pub fn ChecklistPanel() -> impl IntoView {
    with_plan(move |out| {
        let c = &out.checklist;
        view! {
            <section class="panel checklist" aria-labelledby="checklist-heading">
                <div class="checklist-head">
                    <h2 id="checklist-heading">"5. The checklist"</h2>
                    <button type="button" class="secondary no-print" on:click=handler(|_| browser::print())>"Print checklist"</button>
                </div>
                <h3 class="checklist-title">{rich(&c.title)}</h3>
                <ul class="facts">{rich_list(&c.facts)}</ul>
                {c.sections.iter().map(|section| view! {
                    <section class="step-section">
                        <h3>{section.title.clone()}</h3>
                        {section.intro.as_ref().map(|i| view! { <p>{rich(i)}</p> }.into_any())}
                        <ol class="steps">
                            {section.steps.iter().map(|step| {
                                let box_id = format!("done-{}", step.number);
                                let label = format!("Done: {}. {}", step.number, step.title.plain());
                                view! {
                                <li class="step" value=step.number id=format!("step-{}", step.number)>
                                    <h4>
                                        {checkbox(box_id, Switch::Done(step.id.clone()), Some("step-done"), Some(label))}
                                        {format!("{}. ", step.number)}{rich(&step.title)}
                                    </h4>
                                    <p class="where"><span class="label">"Where: "</span>{rich(&step.place)}</p>
                                    <ul class="actions">{rich_list(&step.actions)}</ul>
                                    {(!step.commands.is_empty()).then(|| view! { <pre class="commands"><code>{step.commands.join("\n")}</code></pre> }.into_any())}
                                    {(!step.verify.is_empty() || !step.verify_commands.is_empty()).then(|| view! {
                                        <div class="verify">
                                            <span class="label">"Verify: "</span>
                                            {step.verify.iter().map(|v| view! { <span>{rich(v)}" "</span> }.into_any()).collect_view()}
                                            {(!step.verify_commands.is_empty()).then(|| view! { <pre class="commands"><code>{step.verify_commands.join("\n")}</code></pre> }.into_any())}
                                        </div>
                                    }.into_any())}
                                    <p class="basis">{step.basis.iter().map(|b| match b {
                                        Basis::Procedure(p) => view! { <span class="tag procedure">{format!("Product procedure: {p}")}</span> }.into_any(),
                                        Basis::Inferred(id) => view! { <span class="tag inferred">{format!("Inferred: {id}")}</span> }.into_any(),
                                        Basis::Practice => view! { <span class="tag practice">"Good practice"</span> }.into_any(),
                                        Basis::Cmdlet(c) => view! { <span class="tag procedure">{format!("Cmdlet reference: {c}")}</span> }.into_any(),
                                    }).collect_view()}</p>
                                </li>
                            }.into_any()}).collect_view()}
                        </ol>
                    </section>
                }.into_any()).collect_view()}
            </section>
        }
        .into_any()
    })
}
