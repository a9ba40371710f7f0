//! The checklist as one self-contained HTML file that opens offline anywhere: no script, no
//! request, styles inline, light and dark, printable. Every value is escaped, so names from
//! the file are text and never markup.

use super::steps::Checklist;
use super::text::{Basis, Span, Text};

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

fn inline(t: &Text) -> String {
    t.0.iter()
        .map(|s| match s {
            Span::Text(s) => escape(s),
            Span::Value(s) if s.is_empty() => String::new(),
            Span::Value(s) => format!("<code>{}</code>", escape(s)),
            Span::Ui(s) => format!("<strong>{}</strong>", escape(s)),
        })
        .collect()
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;line-height:1.45;max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#1b1f24;background:#fff}\
code,pre{font-family:ui-monospace,Consolas,'Liberation Mono',monospace}code{background:#eef1f5;padding:0 .25em;border-radius:3px;overflow-wrap:anywhere}\
pre{background:#eef1f5;padding:.6rem .8rem;border-radius:6px;white-space:pre-wrap}pre code{background:none;padding:0}\
.step{border-top:1px solid #d5dae1;padding:.5rem 0;break-inside:avoid}.step h3{font-size:1.05rem;margin:.2rem 0}\
.label{font-weight:700}.basis{font-size:.85rem;color:#5b6472}.error{color:#b3261e}.warning{color:#8a5a00}\
@media (prefers-color-scheme:dark){body{color:#e6e9ee;background:#111418}code,pre{background:#232a33}.basis{color:#9aa4b2}.error{color:#ff8a80}.warning{color:#ffd166}}\
@media print{body{margin:0;max-width:none;color:#000;background:#fff}}";

pub fn render(c: &Checklist) -> String {
    let mut out = String::new();
    out.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Nothing in this file may load or run anything.
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    out.push_str(&format!(
        "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        escape(&c.title.plain())
    ));
    out.push_str(&format!("<h1>{}</h1>\n<ul>\n", inline(&c.title)));
    for f in &c.facts {
        out.push_str(&format!("<li>{}</li>\n", inline(f)));
    }
    out.push_str("</ul>\n");
    for (label, items) in [("Decide first:", &c.decisions), ("Expected outages:", &c.outages)] {
        if !items.is_empty() {
            out.push_str(&format!("<p class=\"label\">{label}</p>\n<ul>\n"));
            for item in items {
                out.push_str(&format!("<li>{}</li>\n", inline(item)));
            }
            out.push_str("</ul>\n");
        }
    }
    if !c.first_action.0.is_empty() {
        out.push_str(&format!(
            "<p><span class=\"label\">First action:</span> {}</p>\n",
            inline(&c.first_action)
        ));
    }
    if !c.checks.is_empty() {
        out.push_str("<h2>Checks</h2>\n<ul>\n");
        for (severity, message) in &c.checks {
            let label = severity.label();
            out.push_str(&format!(
                "<li class=\"{label}\"><strong>{label}</strong>: {}</li>\n",
                escape(message)
            ));
        }
        out.push_str("</ul>\n");
    }
    for section in &c.sections {
        out.push_str(&format!("<h2>{}</h2>\n", escape(&section.title)));
        if let Some(intro) = &section.intro {
            out.push_str(&format!("<p>{}</p>\n", inline(intro)));
        }
        for step in &section.steps {
            out.push_str(&format!(
                "<section class=\"step\" id=\"step-{n}\">\n<h3><input type=\"checkbox\" id=\"done-{n}\" aria-label=\"Done: {n}. {plain}\"> {n}. {title}</h3>\n",
                n = step.number,
                plain = escape(&step.title.plain()),
                title = inline(&step.title)
            ));
            out.push_str(&format!(
                "<p><span class=\"label\">Where:</span> {}</p>\n",
                inline(&step.place)
            ));
            if !step.actions.is_empty() {
                out.push_str("<ul>\n");
                for a in &step.actions {
                    out.push_str(&format!("<li>{}</li>\n", inline(a)));
                }
                out.push_str("</ul>\n");
            }
            if !step.commands.is_empty() {
                out.push_str(&format!(
                    "<pre><code>{}</code></pre>\n",
                    escape(&step.commands.join("\n"))
                ));
            }
            if !step.verify.is_empty() || !step.verify_commands.is_empty() {
                out.push_str("<p><span class=\"label\">Verify:</span> ");
                out.push_str(&step.verify.iter().map(inline).collect::<Vec<_>>().join(" "));
                out.push_str("</p>\n");
                if !step.verify_commands.is_empty() {
                    out.push_str(&format!(
                        "<pre><code>{}</code></pre>\n",
                        escape(&step.verify_commands.join("\n"))
                    ));
                }
            }
            let basis: Vec<String> = step
                .basis
                .iter()
                .map(|b| match b {
                    Basis::Procedure(p) => format!("product procedure: {}", escape(p)),
                    Basis::Inferred(id) => format!("inferred: {}", escape(id)),
                    Basis::Practice => "good practice".to_owned(),
                })
                .collect();
            if !basis.is_empty() {
                out.push_str(&format!("<p class=\"basis\">Basis: {}.</p>\n", basis.join("; ")));
            }
            out.push_str("</section>\n");
        }
    }
    if !c.inferences.is_empty() {
        out.push_str("<h2>What this plan infers</h2>\n<ul>\n");
        for i in &c.inferences {
            out.push_str(&format!(
                "<li><strong>{}</strong>: {}</li>\n",
                escape(i.id),
                escape(i.statement)
            ));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

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
        assert_eq!(
            html.matches("<section class=\"step\"").count(),
            checklist.steps().count()
        );
    }
}
