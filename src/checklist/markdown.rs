//! The checklist as Markdown, for the download and the command line.
//!
//! Values from the file are written as code spans and commands as fenced blocks whose fence
//! is longer than any backtick run inside, so nothing from the file can become markup.

use super::render::{self, Markup};
use super::runbook::Checklist;
use super::step::Phase;
use super::text::Text;
use crate::topology::inference::Certainty;

/// The runbook's first document: the failover (with its rollback), or a failback plan's.
pub fn render(c: &Checklist) -> String {
    render::render(&MARKDOWN, c)
}

/// One document of the runbook: the failover's or the failback's, each with its rollback.
pub fn render_phase(c: &Checklist, phase: Phase) -> String {
    render::render_phase(&MARKDOWN, c, phase)
}

/// A text as the checklist's Markdown writes it: values from the file as code spans, labels of
/// Microsoft's tools in bold, the planner's words escaped.
pub fn inline(t: &Text) -> String {
    MARKDOWN.inline(t)
}

const MARKDOWN: Markup = Markup {
    escape,
    value: code,
    label: ["**", "**"],
    heading: ["## ", "\n\n"],
    list: ["", "- ", "\n", "\n"],
    boxes: ["", "- [ ] ", "\n", "\n"],
    list_label: ["**", "**\n\n"],
    labelled: ["**", "** ", "\n\n"],
    paragraph: ["", "\n\n"],
    basis: ["_Basis: ", "._\n\n"],
    verify_list: true,
    step_end: "",
    inferences_intro: "These readings of the topology format are the planner's best understanding, not confirmed by the product documentation or a real export:\n\n",
    end: "",
    start: |_, title, out| out.push_str(&format!("# {title}\n\n")),
    step_start: |_, number, title, out| out.push_str(&format!("### - [ ] {number}. {title}\n\n")),
    commands: |lines, out| out.push_str(&fence(&lines.join("\n"))),
    check: |severity, message| format!("- **{}**: {}\n", severity.label(), escape(message)),
    inference: |i| {
        let certainty = match i.certainty {
            Certainty::Confirmed => "confirmed",
            Certainty::Inferred => "inferred",
            Certainty::Unconfirmed => "unconfirmed",
        };
        format!("**{}** ({certainty}): {}", i.id, escape(i.statement))
    },
};

/// A code span that holds `s` literally, whatever backticks it contains.
pub fn code(s: &str) -> String {
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
