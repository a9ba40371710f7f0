//! The change before the download: a line diff of the topology, counted as a reader counts
//! it, and the offline HTML checklist. The two main downloads are in the plan bar.

use leptos::prelude::*;

use super::base::{download, download_problem, handler, use_app, with_plan};
use crate::checklist::html::escape;
use crate::edit::{Diff, DiffLineKind};
use crate::session::Place;

/// Past this many lines the diff is cut, with the count of what is left out; the download
/// always holds the whole file.
const MAX_DIFF_LINES: usize = 2000;

/// The diff as one HTML table, each hunk under the changes it shows in words. A string rather
/// than a component per line: there can be two thousand lines, and the bundle pays for each
/// type of view; every line of the file is escaped, so it stays text.
fn diff_html(diff: &Diff, changes: &[(usize, String)]) -> String {
    let mut out = String::from("<table class=\"diff\" aria-label=\"Changes to the topology\"><thead><tr><th scope=\"col\">Before</th><th scope=\"col\">After</th><th scope=\"col\"><span class=\"visually-hidden\">Change</span></th><th scope=\"col\">Line</th></tr></thead>");
    let mut shown = 0;
    for h in &diff.hunks {
        if shown >= MAX_DIFF_LINES {
            break;
        }
        out.push_str("<tbody class=\"hunk\">");
        let before = h.lines.iter().filter_map(|l| l.old_line);
        let (first, last) = (before.clone().min().unwrap_or(0), before.max().unwrap_or(0));
        let words: String = changes
            .iter()
            .filter(|(line, _)| (first..=last + 1).contains(line))
            .map(|(_, w)| format!("<li>{}</li>", escape(w)))
            .collect();
        if !words.is_empty() {
            out.push_str(&format!(
                "<tr class=\"hunk-words\"><th colspan=\"4\" scope=\"colgroup\"><ul>{words}</ul></th></tr>"
            ));
        }
        for l in &h.lines {
            shown += 1;
            if shown > MAX_DIFF_LINES {
                break;
            }
            let (class, sign, said) = match l.kind {
                DiffLineKind::Context => ("context", " ", "unchanged"),
                DiffLineKind::Removed => ("removed", "−", "removed"),
                DiffLineKind::Added => ("added", "+", "added"),
            };
            let n = |x: Option<usize>| x.map(|n| n.to_string()).unwrap_or_default();
            out.push_str(&format!(
                "<tr class=\"{class}\"><td class=\"ln\">{}</td><td class=\"ln\">{}</td><td class=\"sign\" aria-label=\"{said}\">{sign}</td><td class=\"code\"><code>{}</code></td></tr>",
                n(l.old_line),
                n(l.new_line),
                escape(&l.text)
            ));
        }
        out.push_str("</tbody>");
    }
    out.push_str("</table>");
    out
}

#[component]
pub fn ChangesPanel() -> impl IntoView {
    let state = use_app();
    with_plan(move |out| {
        let out = out.clone();
        let blocked = out.moves.blocked;
        let diff = &out.plan.written.diff;
        let changes = &out.moves.changes;
        let total: usize = diff.hunks.iter().map(|h| h.lines.len()).sum();
        let counts = diff.counts();
        let printable = out.clone();
        let words: String = changes.iter().map(|(_, w)| format!("<li>{}</li>", escape(w))).collect();
        view! {
            <section class="panel changes" aria-labelledby="changes-heading">
                <h2 id="changes-heading">"4. Review the change and download"</h2>
                <p id="diff-summary">{format!(
                    "{}: {} changed, {} removed, {} added; everything else stays byte for byte as loaded, in the same encoding and line endings.",
                    out.topology_file_name, counts.changed, counts.removed, counts.added
                )}</p>
                <h3 id="changes-in-words">"What changes, in words"</h3>
                <ul class="change-words" aria-labelledby="changes-in-words" inner_html=words></ul>
                // Scrolls by itself on a wide screen, so it takes keyboard focus: the arrow keys
                // scroll it. On a phone it does not scroll apart from the page.
                <div class="diff-wrap" tabindex="0" role="region" aria-label="Changes to the topology, line by line"
                    inner_html=diff_html(diff, changes)></div>
                {(total > MAX_DIFF_LINES).then(|| view! { <p class="hint">{format!("{} more diff lines are not shown.", total - MAX_DIFF_LINES)}</p> }.into_any())}
                {blocked.then(|| view! { <p class="error" role="alert">"A check failed (see above), so the modified topology is not offered."</p> }.into_any())}
                <p class="hint">"Download the modified topology and the checklist from the bar at the bottom of the window."</p>
                <div class="downloads">
                    // One file that opens offline anywhere: for a colleague with no planner, or a printer.
                    <button type="button" id="download-checklist-html" class="secondary" on:click=handler(move |_| {
                        let html = crate::checklist::html::render(&printable.checklist);
                        download(state, Place::HtmlChecklist, html.as_bytes(), &printable.checklist_html_file_name(), "text/html;charset=utf-8");
                    })>"Download offline HTML checklist"</button>
                </div>
                <div role="status" aria-live="polite">
                    {download_problem(Place::HtmlChecklist)}
                </div>
            </section>
        }
        .into_any()
    })
}
