//! The checklist as Markdown, for the download and the command line.
//!
//! Values from the file are written as code spans and commands as fenced blocks whose fence
//! is longer than any backtick run inside, so nothing from the file can become markup.

use super::steps::Checklist;
use super::text::{Basis, Span, Text};
use crate::topology::inference;

pub fn render(c: &Checklist) -> String {
    let mut out = String::new();
    out.push_str(&format!("# {}\n\n", inline(&c.title)));
    for fact in &c.facts {
        out.push_str(&format!("- {}\n", inline(fact)));
    }
    out.push('\n');
    for (label, items) in [("Decide first:", &c.decisions), ("Expected outages:", &c.outages)] {
        if !items.is_empty() {
            out.push_str(&format!("**{label}**\n\n"));
            for item in items {
                out.push_str(&format!("- {}\n", inline(item)));
            }
            out.push('\n');
        }
    }
    if !c.first_action.0.is_empty() {
        out.push_str(&format!("**First action:** {}\n\n", inline(&c.first_action)));
    }
    if !c.checks.is_empty() {
        out.push_str("## Checks\n\n");
        for (severity, message) in &c.checks {
            out.push_str(&format!("- **{}**: {}\n", severity.label(), escape(message)));
        }
        out.push('\n');
    }
    for section in &c.sections {
        out.push_str(&format!("## {}\n\n", escape(&section.title)));
        if let Some(intro) = &section.intro {
            out.push_str(&format!("{}\n\n", inline(intro)));
        }
        for step in &section.steps {
            out.push_str(&format!("### - [ ] {}. {}\n\n", step.number, inline(&step.title)));
            out.push_str(&format!("**Where:** {}\n\n", inline(&step.place)));
            for a in &step.actions {
                out.push_str(&format!("- {}\n", inline(a)));
            }
            if !step.actions.is_empty() {
                out.push('\n');
            }
            if !step.commands.is_empty() {
                out.push_str(&fence(&step.commands.join("\n")));
            }
            if !step.verify.is_empty() || !step.verify_commands.is_empty() {
                out.push_str("**Verify:**");
                match step.verify.as_slice() {
                    [one] => out.push_str(&format!(" {}\n\n", inline(one))),
                    many => {
                        out.push_str("\n\n");
                        for v in many {
                            out.push_str(&format!("- {}\n", inline(v)));
                        }
                        if !many.is_empty() {
                            out.push('\n');
                        }
                    }
                }
                if !step.verify_commands.is_empty() {
                    out.push_str(&fence(&step.verify_commands.join("\n")));
                }
            }
            let basis: Vec<String> = step
                .basis
                .iter()
                .map(|b| match b {
                    Basis::Procedure(p) => format!("product procedure: {}", escape(p)),
                    Basis::Inferred(id) => format!("inferred: {}", id),
                    Basis::Practice => "good practice".to_owned(),
                })
                .collect();
            if !basis.is_empty() {
                out.push_str(&format!("_Basis: {}._\n\n", basis.join("; ")));
            }
        }
    }
    if !c.inferences.is_empty() {
        out.push_str("## What this plan infers\n\n");
        out.push_str("These readings of the topology format are the planner's best understanding, not confirmed by the product documentation or a real export:\n\n");
        for i in &c.inferences {
            let certainty = match i.certainty {
                inference::Certainty::Confirmed => "confirmed",
                inference::Certainty::Inferred => "inferred",
                inference::Certainty::Unconfirmed => "unconfirmed",
            };
            out.push_str(&format!("- **{}** ({certainty}): {}\n", i.id, escape(i.statement)));
        }
        out.push('\n');
    }
    out
}

fn inline(t: &Text) -> String {
    t.0.iter()
        .map(|s| match s {
            Span::Text(s) => escape(s),
            Span::Value(s) if s.is_empty() => String::new(),
            Span::Value(s) => code(s),
            Span::Ui(s) => format!("**{}**", escape(s)),
        })
        .collect()
}

/// A code span that holds `s` literally, whatever backticks it contains.
fn code(s: &str) -> String {
    let s = s.replace(['\r', '\n'], " ");
    let longest = longest_run(&s, '`');
    let ticks = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') || longest > 0 {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{s}{pad}{ticks}")
}

fn fence(body: &str) -> String {
    let ticks = "`".repeat((longest_run(body, '`') + 1).max(3));
    format!("{ticks}powershell\n{body}\n{ticks}\n\n")
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in s.chars() {
        if ch == c {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// Escapes what Markdown would read as markup in the planner's own sentences (which quote
/// names from the file in messages).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' => {
                out.push('\\');
                out.push(ch);
            }
            '\r' | '\n' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_cannot_become_markup() {
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("edge.contoso.com"), "`edge.contoso.com`");
        assert_eq!(
            escape("<img src=x onerror=alert(1)>"),
            "\\<img src=x onerror=alert(1)\\>"
        );
        assert!(fence("x ``` y").starts_with("````powershell"));
    }
}
