//! The one walk of a checklist that the Markdown and the HTML file share: the summary, the
//! sections, each step's parts in order and the closing inferences. Each format is a table of
//! its markup ([`Markup`]): the text around each part, and how it escapes what it shows.

use crate::plan::CheckSeverity;
use crate::topology::inference::Inference;

use super::steps::Checklist;
use super::text::{Basis, Span, Step, Text};

/// How one format marks up a checklist. The pairs are the text before and after a part; the
/// functions do what differs more than that. Every word shown goes through `escape`, `value`
/// or `label`.
pub(super) struct Markup {
    /// The planner's own words.
    pub escape: fn(&str) -> String,
    /// A name or value from the topology.
    pub value: fn(&str) -> String,
    /// Around a label of a Microsoft tool.
    pub label: [&'static str; 2],
    /// Around a section's title.
    pub heading: [&'static str; 2],
    /// Before a list, before and after each item, and after the list.
    pub list: [&'static str; 4],
    /// Around a label on a line of its own, before a list.
    pub list_label: [&'static str; 2],
    /// Before the label of a paragraph that opens with one, between it and the text, after.
    pub labelled: [&'static str; 3],
    pub paragraph: [&'static str; 2],
    /// Around a step's basis.
    pub basis: [&'static str; 2],
    /// Several verifications of a step as a list (else in one paragraph).
    pub verify_list: bool,
    pub step_end: &'static str,
    /// What the list of inferences opens with.
    pub inferences_intro: &'static str,
    pub end: &'static str,
    /// The start of the document, up to and with its title (marked up already).
    pub start: fn(&Checklist, &str, &mut String),
    /// A step's heading, with its title marked up already.
    pub step_start: fn(&Step, &str, &mut String),
    pub commands: fn(&[String], &mut String),
    /// One of the plan's checks, as an item of the list.
    pub check: fn(CheckSeverity, &str) -> String,
    /// One inference, as the content of an item.
    pub inference: fn(&Inference) -> String,
}

impl Markup {
    /// A text marked up: the planner's words, values and labels each as the format shows them.
    pub(super) fn inline(&self, t: &Text) -> String {
        let mut out = String::new();
        for span in &t.0 {
            match span {
                Span::Text(s) => out.push_str(&(self.escape)(s)),
                Span::Value(s) if s.is_empty() => {}
                Span::Value(s) => out.push_str(&(self.value)(s)),
                Span::Ui(s) => wrap(&self.label, &(self.escape)(s), &mut out),
            }
        }
        out
    }

    fn list(&self, items: &[String], out: &mut String) {
        if items.is_empty() {
            return;
        }
        out.push_str(self.list[0]);
        for item in items {
            wrap(&[self.list[1], self.list[2]], item, out);
        }
        out.push_str(self.list[3]);
    }

    fn texts(&self, texts: &[Text], out: &mut String) {
        self.list(&texts.iter().map(|t| self.inline(t)).collect::<Vec<_>>(), out);
    }

    fn labelled(&self, label: &str, text: &str, out: &mut String) {
        for part in [self.labelled[0], label, self.labelled[1], text, self.labelled[2]] {
            out.push_str(part);
        }
    }
}

fn wrap(around: &[&str; 2], inner: &str, out: &mut String) {
    out.push_str(around[0]);
    out.push_str(inner);
    out.push_str(around[1]);
}

pub(super) fn render(m: &Markup, c: &Checklist) -> String {
    let mut out = String::new();
    (m.start)(c, &m.inline(&c.title), &mut out);
    m.texts(&c.facts, &mut out);
    for (label, items) in [("Decide first:", &c.decisions), ("Expected outages:", &c.outages)] {
        if !items.is_empty() {
            wrap(&m.list_label, label, &mut out);
            m.texts(items, &mut out);
        }
    }
    if !c.first_action.0.is_empty() {
        m.labelled("First action:", &m.inline(&c.first_action), &mut out);
    }
    if !c.checks.is_empty() {
        wrap(&m.heading, "Checks", &mut out);
        out.push_str(m.list[0]);
        for (severity, message) in &c.checks {
            out.push_str(&(m.check)(*severity, message));
        }
        out.push_str(m.list[3]);
    }
    for section in &c.sections {
        wrap(&m.heading, &(m.escape)(&section.title), &mut out);
        if let Some(intro) = &section.intro {
            wrap(&m.paragraph, &m.inline(intro), &mut out);
        }
        for step in &section.steps {
            (m.step_start)(step, &m.inline(&step.title), &mut out);
            m.labelled("Where:", &m.inline(&step.place), &mut out);
            m.texts(&step.actions, &mut out);
            if !step.commands.is_empty() {
                (m.commands)(&step.commands, &mut out);
            }
            if !step.verify.is_empty() || !step.verify_commands.is_empty() {
                let verify: Vec<String> = step.verify.iter().map(|t| m.inline(t)).collect();
                if verify.len() != 1 && m.verify_list {
                    wrap(&m.list_label, "Verify:", &mut out);
                    m.list(&verify, &mut out);
                } else {
                    m.labelled("Verify:", &verify.join(" "), &mut out);
                }
                if !step.verify_commands.is_empty() {
                    (m.commands)(&step.verify_commands, &mut out);
                }
            }
            // The ids of inferences are the planner's own names, plain ASCII: no format
            // escapes anything in them.
            let basis: Vec<String> = step
                .basis
                .iter()
                .map(|b| match b {
                    Basis::Procedure(p) => format!("product procedure: {}", (m.escape)(p)),
                    Basis::Inferred(id) => format!("inferred: {id}"),
                    Basis::Practice => "good practice".to_owned(),
                })
                .collect();
            if !basis.is_empty() {
                wrap(&m.basis, &basis.join("; "), &mut out);
            }
            out.push_str(m.step_end);
        }
    }
    if !c.inferences.is_empty() {
        wrap(&m.heading, "What this plan infers", &mut out);
        out.push_str(m.inferences_intro);
        m.list(&c.inferences.iter().map(m.inference).collect::<Vec<_>>(), &mut out);
    }
    out.push_str(m.end);
    out
}
