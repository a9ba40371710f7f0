//! The one walk of a runbook's document that the Markdown and the HTML file share: the page
//! at a glance, the checks and the safety rules, the sections, each step's parts in order,
//! the rollback and the closing inferences. Each format is a table of its markup
//! ([`Markup`]): the text around each part, and how it escapes what it shows.

use crate::plan::CheckSeverity;
use crate::topology::inference::{self, Inference};

use super::runbook::Checklist;
use super::step::{Access, Kind, Phase, Role, Step, Undo};
use super::text::{text, Basis, Span, Text};

/// How one format marks up a runbook. The pairs are the text before and after a part; the
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
    /// Before a list of boxes to tick, before and after each item, and after the list.
    pub boxes: [&'static str; 4],
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
    pub start: fn(&str, &str, &mut String),
    /// A step's heading: its number as shown ("7", "R2") and its title, marked up already.
    pub step_start: fn(&Step, &str, &str, &mut String),
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

/// How a step is called where another refers to it: "step 7", "rollback step R2", "failback
/// step 12".
pub fn reference(c: &Checklist, from: Phase, id: &str) -> String {
    for s in &c.sections {
        if let Some(step) = s.steps.iter().find(|st| st.id == id) {
            let n = shown_number(s.rollback, step);
            return match (s.phase == from, s.rollback, s.phase) {
                (true, false, _) => format!("step {n}"),
                (true, true, _) => format!("rollback step {n}"),
                (false, false, Phase::Failback) => format!("failback step {n}"),
                (false, true, Phase::Failback) => format!("failback rollback step {n}"),
                (false, _, _) => format!("failover step {n}"),
            };
        }
    }
    id.to_owned()
}

/// A step's number as shown: a rollback's are R1, R2, ….
pub fn shown_number(rollback: bool, step: &Step) -> String {
    if rollback {
        format!("R{}", step.number)
    } else {
        step.number.to_string()
    }
}

/// "steps 2, 11" or "failback step 4": the steps `ids` as a reader finds them.
fn references(c: &Checklist, from: Phase, ids: &[String]) -> String {
    let refs: Vec<String> = ids.iter().map(|id| reference(c, from, id)).collect();
    let plain: Vec<&str> = refs.iter().filter_map(|r| r.strip_prefix("step ")).collect();
    if plain.len() == refs.len() && plain.len() > 1 {
        let mut numbers: Vec<usize> = plain.iter().filter_map(|n| n.parse().ok()).collect();
        crate::order::sort(&mut numbers);
        let words: Vec<String> = numbers.iter().map(usize::to_string).collect();
        format!("steps {}", words.join(", "))
    } else {
        refs.join(", ")
    }
}

/// Labelled lines of a step: "Who:", "STOP if:" and so on, each with its text.
pub type Lines = Vec<(&'static str, Text)>;

/// The model's lines of a step, for every renderer: who does it (beside Where), what it
/// needs checked first; and after the verification its STOP, what it changes and how that is
/// undone, and its files.
pub fn model_lines(c: &Checklist, phase: Phase, step: &Step) -> (Lines, Lines) {
    let mut head = Vec::new();
    head.push((
        "Who:",
        if step.role == Role::Administrator {
            text![Role::Administrator.label()]
        } else {
            text![step.role.label(), " (hand-off)"]
        },
    ));
    if !step.needs.is_empty() {
        head.push(("Needs first:", text![references(c, phase, &step.needs), " passed"]));
    }
    let mut tail = Vec::new();
    if let Some(stop) = &step.stop {
        let mut line = stop.condition.clone();
        line.0.push(Span::from(" Then: "));
        line.0.extend(stop.then.0.iter().cloned());
        if let Some(m) = stop.wait_minutes {
            line.0.push(Span::from(format!(" Time limit: {m} minutes.")));
        }
        tail.push(("STOP if:", line));
    }
    if step.kind == Kind::Change {
        let changes: Vec<String> = step.changes.iter().map(|x| x.describe()).collect();
        tail.push(("Changes:", text![changes.join("; "), "."]));
        match &step.undo {
            Some(Undo::Step(id)) => tail.push(("Undo:", text![reference(c, phase, id), "."])),
            Some(Undo::Cannot(why)) => {
                let mut line = text!["cannot be undone: "];
                line.0.extend(why.0.iter().cloned());
                line.0.push(Span::from("."));
                tail.push(("Undo:", line));
            }
            None => {}
        }
    }
    let files: Vec<Text> = step
        .files
        .iter()
        .filter(|f| f.access != Access::Folder)
        .map(|f| {
            text![
                if f.access == Access::Write { "writes " } else { "reads " },
                value(&f.path),
                " on ",
                value(&f.host)
            ]
        })
        .collect();
    if !files.is_empty() {
        let mut line = Text::default();
        for (i, f) in files.into_iter().enumerate() {
            if i > 0 {
                line.0.push(Span::from("; "));
            }
            line.0.extend(f.0);
        }
        line.0.push(Span::from("."));
        tail.push(("Files:", line));
    }
    (head, tail)
}

/// The words of a step's basis.
pub fn basis_words(b: &Basis, escape: fn(&str) -> String) -> String {
    match b {
        Basis::Procedure(p) => format!("product procedure: {}", escape(p)),
        Basis::Inferred(id) => {
            let words = inference::ALL.iter().find(|i| i.id == *id).map_or(*id, |i| i.id);
            format!("inferred ({})", escape(words))
        }
        Basis::Practice => "good practice".to_owned(),
        Basis::Cmdlet(name) => format!("cmdlet reference: {}", escape(name)),
    }
}

/// The first document of the runbook (the failover's, or a failback plan's).
pub(super) fn render(m: &Markup, c: &Checklist) -> String {
    render_phase(m, c, c.glance.first().map_or(Phase::Failover, |g| g.phase))
}

/// One document of the runbook: `phase`'s steps and its rollback, under its own page at a
/// glance.
pub(super) fn render_phase(m: &Markup, c: &Checklist, phase: Phase) -> String {
    let mut out = String::new();
    let Some(g) = c.glance_of(phase) else {
        return out;
    };
    (m.start)(&g.title.plain(), &m.inline(&g.title), &mut out);
    m.texts(&g.facts, &mut out);
    for (label, items) in [
        ("Decide first:", &g.decisions),
        ("Expected outages:", &g.outages),
        ("Go/no-go gates:", &g.gates),
        ("Who does what:", &g.owners),
    ] {
        if !items.is_empty() {
            wrap(&m.list_label, label, &mut out);
            m.texts(items, &mut out);
        }
    }
    if !g.first_action.0.is_empty() {
        m.labelled("First action:", &m.inline(&g.first_action), &mut out);
    }
    wrap(&m.heading, "Checks", &mut out);
    out.push_str(m.list[0]);
    for (severity, message) in &g.checks {
        out.push_str(&(m.check)(*severity, message));
    }
    let held = c.safety.iter().filter(|r| r.held()).count();
    wrap(
        &[m.list[1], m.list[2]],
        &(m.escape)(&format!(
            "Safety rules: {held} of {} hold (checked by the planner on this runbook).",
            c.safety.len()
        )),
        &mut out,
    );
    out.push_str(m.list[3]);
    for section in c.sections.iter().filter(|s| s.phase == phase) {
        wrap(&m.heading, &(m.escape)(&section.title), &mut out);
        if let Some(intro) = &section.intro {
            wrap(&m.paragraph, &m.inline(intro), &mut out);
        }
        for step in &section.steps {
            let (head, tail) = model_lines(c, phase, step);
            (m.step_start)(
                step,
                &shown_number(section.rollback, step),
                &m.inline(&step.title),
                &mut out,
            );
            m.labelled("Where:", &m.inline(&step.place), &mut out);
            for (label, line) in &head {
                m.labelled(label, &m.inline(line), &mut out);
            }
            for note in &step.notes {
                m.labelled("Note:", &m.inline(note), &mut out);
            }
            m.texts(&step.actions, &mut out);
            if !step.boxes.is_empty() {
                out.push_str(m.boxes[0]);
                for b in &step.boxes {
                    wrap(&[m.boxes[1], m.boxes[2]], &(m.value)(b), &mut out);
                }
                out.push_str(m.boxes[3]);
            }
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
            for (label, line) in &tail {
                m.labelled(label, &m.inline(line), &mut out);
            }
            let basis: Vec<String> = step.basis.iter().map(|b| basis_words(b, m.escape)).collect();
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
