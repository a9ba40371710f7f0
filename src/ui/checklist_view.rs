//! The checklist in the page, and in print: the same steps as the Markdown download.

use leptos::prelude::*;

use super::base::{checkbox, handler, with_plan};
use super::browser;
use crate::checklist::html::escape;
use crate::checklist::{model_lines, shown_number, Basis, Checklist, Lines, Phase, Span, Step, Text};
use crate::session::Switch;
use crate::topology::inference;

/// A step's text as HTML: the planner's words escaped, names from the topology as code, labels
/// of Microsoft's tools in bold. Strings rather than a component for each piece: the bundle
/// pays for each type of view, and the checklist has hundreds of these.
pub fn rich_html(text: &Text) -> String {
    let mut out = String::new();
    for s in &text.0 {
        match s {
            Span::Text(t) => out.push_str(&escape(t)),
            Span::Value(v) => {
                out.push_str("<code class=\"value\">");
                out.push_str(&escape(v));
                out.push_str("</code>");
            }
            Span::Ui(u) => {
                out.push_str("<strong class=\"ui-label\">");
                out.push_str(&escape(u));
                out.push_str("</strong>");
            }
        }
    }
    out
}

/// Each text a list item.
pub fn list_html(items: &[Text]) -> String {
    items.iter().map(|t| format!("<li>{}</li>", rich_html(t))).collect()
}

/// "Where: …" of a step.
pub fn where_html(step: &Step) -> String {
    format!("<span class=\"label\">Where: </span>{}", rich_html(&step.place))
}

/// How to verify a step: its words and its commands.
pub fn verify_html(step: &Step, each: [&str; 2]) -> String {
    let mut out: String = step
        .verify
        .iter()
        .map(|v| format!("{}{}{}", each[0], rich_html(v), each[1]))
        .collect();
    if !step.verify_commands.is_empty() {
        out.push_str(&format!(
            "<pre class=\"commands\"><code>{}</code></pre>",
            command_html(&step.verify_commands.join("\n"))
        ));
    }
    out
}

/// A PowerShell command as HTML, each word kept whole: a narrow screen wraps it at its spaces,
/// never inside `-Force` or an FQDN's hyphens (a word longer than the line still wraps).
pub fn command_html(command: &str) -> String {
    let mut out = String::with_capacity(command.len() * 2);
    for (i, line) in command.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for (j, word) in line.split(' ').enumerate() {
            if j > 0 {
                out.push(' ');
            }
            if !word.is_empty() {
                out.push_str("<span class=\"word\">");
                out.push_str(&escape(word));
                out.push_str("</span>");
            }
        }
    }
    out
}

/// Why a step is there: the product procedure, good practice, or a reading the planner infers,
/// said in the inference's own words rather than its id.
pub fn basis_html(step: &Step) -> String {
    let tags: String = step
        .basis
        .iter()
        .map(|b| match b {
            Basis::Procedure(p) => format!("<span class=\"tag procedure\">Product procedure: {}</span>", escape(p)),
            Basis::Inferred(id) => format!(
                "<span class=\"tag inferred\">Inferred: {}</span>",
                escape(inference::by_id(id).map_or(*id, |i| i.statement))
            ),
            Basis::Practice => "<span class=\"tag practice\">Good practice</span>".to_owned(),
            Basis::Cmdlet(c) => format!("<span class=\"tag procedure\">Cmdlet reference: {}</span>", escape(c)),
        })
        .collect();
    format!("<p class=\"basis\">{tags}</p>")
}

/// A document's page at a glance: the facts, what is decided, the outages, the go/no-go
/// gates, who does what, and the first action.
pub fn glance_html(g: &crate::checklist::Glance) -> String {
    let mut out = format!("<ul>{}</ul>", list_html(&g.facts));
    for (label, items) in [
        ("Decide first:", &g.decisions),
        ("Expected outages:", &g.outages),
        ("Go/no-go gates:", &g.gates),
        ("Who does what:", &g.owners),
    ] {
        if !items.is_empty() {
            out.push_str(&format!("<p class=\"label\">{label}</p><ul>{}</ul>", list_html(items)));
        }
    }
    out.push_str(&format!(
        "<p><span class=\"label\">First action: </span>{}</p>",
        rich_html(&g.first_action)
    ));
    out
}

/// The servers (or pools) a step is done on, one by one.
pub fn boxes_html(step: &Step) -> String {
    if step.boxes.is_empty() {
        return String::new();
    }
    let items: String = step
        .boxes
        .iter()
        .map(|b| format!("<li><code class=\"value\">{}</code></li>", escape(b)))
        .collect();
    format!("<ul class=\"boxes\">{items}</ul>")
}

/// The runbook model's lines of a step ("Who:", "STOP if:", "Undo:" …) as paragraphs.
pub fn lines_html(lines: &Lines) -> String {
    lines
        .iter()
        .map(|(label, text)| {
            format!(
                "<p class=\"model\"><span class=\"label\">{label} </span>{}</p>",
                rich_html(text)
            )
        })
        .collect()
}

/// What a step of the checklist says below its title, as one piece of HTML.
fn step_html(c: &Checklist, phase: Phase, step: &Step) -> String {
    let (head, tail) = model_lines(c, phase, step);
    let notes: String = step
        .notes
        .iter()
        .map(|n| {
            format!(
                "<p class=\"note\"><span class=\"label\">Note: </span>{}</p>",
                rich_html(n)
            )
        })
        .collect();
    let mut out = format!(
        "<p class=\"where\">{}</p>{}{notes}<ul class=\"actions\">{}</ul>",
        where_html(step),
        lines_html(&head),
        list_html(&step.actions)
    );
    out.push_str(&boxes_html(step));
    if !step.commands.is_empty() {
        out.push_str(&format!(
            "<pre class=\"commands\"><code>{}</code></pre>",
            command_html(&step.commands.join("\n"))
        ));
    }
    if !step.verify.is_empty() || !step.verify_commands.is_empty() {
        out.push_str(&format!(
            "<div class=\"verify\"><span class=\"label\">Verify: </span>{}</div>",
            verify_html(step, ["<span>", " </span>"])
        ));
    }
    out.push_str(&lines_html(&tail));
    out.push_str(&basis_html(step));
    out
}

/// The id a step's box and anchor carry: the failover's steps by their number (as before the
/// runbook had documents), the others by their document and number.
pub fn step_anchor(phase: Phase, rollback: bool, step: &Step) -> String {
    match (phase, rollback) {
        (Phase::Failover, false) => step.number.to_string(),
        (Phase::Failover, true) => format!("r{}", step.number),
        (Phase::Failback, false) => format!("fb{}", step.number),
        (Phase::Failback, true) => format!("fbr{}", step.number),
    }
}

#[component]
pub fn ChecklistPanel() -> impl IntoView {
    with_plan(move |out| {
        let c = &out.checklist;
        view! {
            <section class="panel checklist" aria-labelledby="checklist-heading">
                <div class="checklist-head">
                    <h2 id="checklist-heading">"6. The checklist"</h2>
                    <button type="button" class="secondary no-print" on:click=handler(|_| browser::print())>"Print checklist"</button>
                </div>
                <h3 class="checklist-title" inner_html=rich_html(&c.title)></h3>
                {c.glance.iter().map(|g| view! {
                    <details class="glance" open=g.phase == c.glance[0].phase>
                        <summary>{if g.phase == Phase::Failback && c.glance.len() > 1 { "The failback at a glance" } else { "At a glance" }}</summary>
                        <div inner_html=glance_html(g)></div>
                    </details>
                }.into_any()).collect_view()}
                {c.sections.iter().map(|section| view! {
                    <section class="step-section">
                        <h3>{section.title.clone()}</h3>
                        {section.intro.as_ref().map(|i| view! { <p inner_html=rich_html(i)></p> }.into_any())}
                        <ol class="steps">
                            {section.steps.iter().map(|step| {
                                let anchor = step_anchor(section.phase, section.rollback, step);
                                let shown = shown_number(section.rollback, step);
                                let box_id = format!("done-{anchor}");
                                // The failover's steps as before; the other documents' named, as
                                // their numbers start again from 1.
                                let document = match (section.phase, section.rollback) {
                                    (Phase::Failover, false) => "",
                                    (Phase::Failover, true) => "rollback ",
                                    (Phase::Failback, false) => "failback ",
                                    (Phase::Failback, true) => "failback rollback ",
                                };
                                let label = format!("Done: {document}{shown}. {}", step.title.plain());
                                view! {
                                <li class="step" value=step.number id=format!("step-{anchor}")>
                                    <h4>
                                        // The box's whole square is a target, not only the box drawn.
                                        <label class="done-hit">
                                            {checkbox(box_id, Switch::Done(step.id.clone()), Some("step-done"), Some(label))}
                                        </label>
                                        <span inner_html=format!("{shown}. {}", rich_html(&step.title))></span>
                                    </h4>
                                    <div inner_html=step_html(c, section.phase, step)></div>
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
