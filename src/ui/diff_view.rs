//! The change before the download: a line diff of the topology, counted as a reader counts
//! it, and the offline HTML checklist. The two main downloads are in the plan bar.

use leptos::prelude::*;

use super::{download, download_problem, handler, use_app, with_plan};
use crate::edit::DiffLineKind;
use crate::session::Place;

/// Past this many lines the diff is cut, with the count of what is left out; the download
/// always holds the whole file.
const MAX_DIFF_LINES: usize = 2000;

#[component]
pub fn ChangesPanel() -> impl IntoView {
    let state = use_app();
    with_plan(move |out| {
        let out = out.clone();
        let blocked = out.plan.has_blocking_checks();
        let diff = &out.plan.written.diff;
        let mut shown = 0;
        let hunks = diff
            .hunks
            .iter()
            .map(|h| {
                let lines = h
                    .lines
                    .iter()
                    .filter(|_| {
                        shown += 1;
                        shown <= MAX_DIFF_LINES
                    })
                    .map(|l| {
                        let (class, sign) = match l.kind {
                            DiffLineKind::Context => ("context", " "),
                            DiffLineKind::Removed => ("removed", "−"),
                            DiffLineKind::Added => ("added", "+"),
                        };
                        view! {
                            <tr class=class>
                                <td class="ln">{l.old_line.map(|n| n.to_string()).unwrap_or_default()}</td>
                                <td class="ln">{l.new_line.map(|n| n.to_string()).unwrap_or_default()}</td>
                                <td class="sign" aria-label=match l.kind { DiffLineKind::Removed => "removed", DiffLineKind::Added => "added", DiffLineKind::Context => "unchanged" }>{sign}</td>
                                <td class="code"><code>{l.text.clone()}</code></td>
                            </tr>
                        }.into_any()
                    })
                    .collect_view();
                view! { <tbody class="hunk">{lines}</tbody> }.into_any()
            })
            .collect_view();
        let total: usize = diff.hunks.iter().map(|h| h.lines.len()).sum();
        let counts = diff.counts();
        let printable = out.clone();
        view! {
            <section class="panel changes" aria-labelledby="changes-heading">
                <h2 id="changes-heading">"4. Review the change and download"</h2>
                <p id="diff-summary">{format!(
                    "{}: {} changed, {} removed, {} added; everything else stays byte for byte as loaded, in the same encoding and line endings.",
                    out.topology_file_name, counts.changed, counts.removed, counts.added
                )}</p>
                // Scrolls by itself, so it takes keyboard focus: the arrow keys scroll it.
                <div class="diff-wrap" tabindex="0" role="region" aria-label="Changes to the topology, line by line">
                    <table class="diff" aria-label="Changes to the topology">
                        <thead><tr><th scope="col">"Before"</th><th scope="col">"After"</th><th scope="col"><span class="visually-hidden">"Change"</span></th><th scope="col">"Line"</th></tr></thead>
                        {hunks}
                    </table>
                </div>
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
