//! The checklist as one self-contained HTML file that opens offline anywhere: no script, no
//! request, styles inline, light and dark, printable. Every value is escaped, so names from
//! the file are text and never markup.

use super::render::{self, Markup};
use super::runbook::Checklist;
use super::step::Phase;
use super::text::Text;

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;line-height:1.45;max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#1b1f24;background:#fff}\
code,pre{font-family:ui-monospace,Consolas,'Liberation Mono',monospace}code{background:#eef1f5;padding:0 .25em;border-radius:3px;overflow-wrap:anywhere}\
pre{background:#eef1f5;padding:.6rem .8rem;border-radius:6px;white-space:pre-wrap}pre code{background:none;padding:0}\
.step{border-top:1px solid #d5dae1;padding:.5rem 0;break-inside:avoid}.step h3{font-size:1.05rem;margin:.2rem 0}\
.label{font-weight:700}.basis{font-size:.85rem;color:#5b6472}.error{color:#b3261e}.warning{color:#8a5a00}\
@media (prefers-color-scheme:dark){body{color:#e6e9ee;background:#111418}code,pre{background:#232a33}.basis{color:#9aa4b2}.error{color:#ff8a80}.warning{color:#ffd166}}\
@media print{body{margin:0;max-width:none;color:#000;background:#fff}}";

/// The runbook's first document: the failover (with its rollback), or a failback plan's.
pub fn render(c: &Checklist) -> String {
    render::render(&HTML, c)
}

/// One document of the runbook: the failover's or the failback's, each with its rollback.
pub fn render_phase(c: &Checklist, phase: Phase) -> String {
    render::render_phase(&HTML, c, phase)
}

/// The start of an offline HTML file in the checklist's conventions, up to the opening
/// `<main>`: the same policy (nothing loads or runs), viewport and style, with `extra_style`
/// after the checklist's. `title` is plain text.
pub fn head(title: &str, extra_style: &str, out: &mut String) {
    out.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Nothing in this file may load or run anything.
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    out.push_str(&format!(
        "<title>{}</title>\n<style>{STYLE}{extra_style}</style>\n</head>\n<body>\n<main>\n",
        escape(title)
    ));
}

/// What closes a file begun by [`head`].
pub const END: &str = "</main>\n</body>\n</html>\n";

/// A text as the checklist's HTML shows it: values from the file as code, labels of
/// Microsoft's tools in bold, everything escaped.
pub fn inline(t: &Text) -> String {
    HTML.inline(t)
}

const HTML: Markup = Markup {
    escape,
    value: |s| format!("<code>{}</code>", escape(s)),
    label: ["<strong>", "</strong>"],
    heading: ["<h2>", "</h2>\n"],
    list: ["<ul>\n", "<li>", "</li>\n", "</ul>\n"],
    boxes: [
        "<ul class=\"boxes\">\n",
        // The server's name in the label is the box's accessible name, so a screen reader
        // says which server each box is for.
        "<li><label><input type=\"checkbox\"> ",
        "</label></li>\n",
        "</ul>\n",
    ],
    list_label: ["<p class=\"label\">", "</p>\n"],
    labelled: ["<p><span class=\"label\">", "</span> ", "</p>\n"],
    paragraph: ["<p>", "</p>\n"],
    basis: ["<p class=\"basis\">Basis: ", ".</p>\n"],
    verify_list: false,
    step_end: "</section>\n",
    inferences_intro: "",
    end: END,
    start: |plain, title, out| {
        head(plain, "", out);
        out.push_str(&format!("<h1>{title}</h1>\n"));
    },
    step_start: |step, n, title, out| {
        out.push_str(&format!(
            "<section class=\"step\" id=\"step-{n}\">\n<h3><input type=\"checkbox\" id=\"done-{n}\" aria-label=\"Done: {n}. {plain}\"> {n}. {title}</h3>\n",
            plain = escape(&step.title.plain()),
        ));
    },
    commands: |lines, out| out.push_str(&format!("<pre><code>{}</code></pre>\n", escape(&lines.join("\n")))),
    check: |severity, message| {
        let label = severity.label();
        format!(
            "<li class=\"{label}\"><strong>{label}</strong>: {}</li>\n",
            escape(message)
        )
    },
    inference: |i| format!("<strong>{}</strong>: {}", escape(i.id), escape(i.statement)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{make_plan, FailoverRequest};
    use crate::topology::TopologyFile;

    #[test]
    fn a_hostile_name_stays_text() {
        let sample = include_str!("../sample.xml").replace(
            "edgepool-boston.fabrikam.com",
            "edgepool-boston&lt;script&gt;alert(1)&lt;/script&gt;&quot;onmouseover=&apos;x.fabrikam.com",
        );
        let file = TopologyFile::read(sample.as_bytes()).unwrap();
        let survivor = "edgepool-boston<script>alert(1)</script>\"onmouseover='x.fabrikam.com";
        let plan = make_plan(
            &file,
            &FailoverRequest::pool("edgepool-amsterdam.fabrikam.com", survivor),
        )
        .unwrap();
        let checklist = super::super::build_for(&file, &plan, "modified.xml", "modified.xml");
        let html = render(&checklist);
        assert!(!html.contains("<script"), "a name became markup");
        assert!(!html.contains("\"onmouseover"), "a name broke out of an attribute");
        assert!(
            html.contains("edgepool-boston&lt;script&gt;alert(1)&lt;/script&gt;&quot;onmouseover=&#39;x.fabrikam.com")
        );
        assert!(html.contains("default-src 'none'"));
        let failover = checklist.sections.iter().filter(|s| s.phase == Phase::Failover);
        assert_eq!(
            html.matches("<section class=\"step\"").count(),
            failover.flat_map(|s| s.steps.iter()).count()
        );
    }
}
