//! The Readiness view, reached from the overview: every Edge failure the planner can plan,
//! planned in advance (`crate::readiness`): a card a row on a phone, a table on a laptop, each
//! with its verdict, best survivor (the others and their reasons a tap away), blockers and
//! what removes them, what to prepare and the expected outages, and "Open this plan"; then the
//! preparation checklist by team, whose items are marked done here; and the report to
//! download, as Markdown and as one offline HTML file, the bytes `edge-failover readiness`
//! writes for the same day.
//!
//! The report is made a slice at a time (`readiness::Builder`), the page given a turn between
//! slices: a row of a 200-site topology is two steps (its plan, then its runbook checked as
//! the page checks it), each about 100 ms in the page, and the report takes a minute, so it
//! says how far it is and the page stays usable. The rows and the checklist
//! are HTML strings with one handler each, as the overview's tables are (the bundle pays for
//! each type of view, not for each element).

use std::cell::Cell;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::base::{download, download_problem, handler, redrawn, use_app, AppState};
use super::browser;
use super::checklist_view::rich_html;
use super::plan_view::mark_and_show;
use crate::checklist::html::escape;
use crate::plan::Candidate;
use crate::readiness::{self, Item, Report, Row, Team, Verdict};
use crate::session::{Action, Loaded, MadeReport, Place};

pub const VIEW_ID: &str = "readiness";
/// The overview's button that opens the view, where focus goes back to.
pub const OPEN_ID: &str = "readiness-open";

/// How long one slice of the report keeps the page busy before the page gets a turn: under
/// the 50 ms after which a task delays a tap noticeably (half a row of the largest topology
/// takes longer on its own, and is one slice).
const SLICE_MS: f64 = 40.0;

thread_local! {
    /// The report being made: a newer one (another topology, or the view closed) stops it.
    static JOB: Cell<u32> = const { Cell::new(0) };
}

/// The overview's way in.
pub fn open_button() -> impl IntoView {
    let state = use_app();
    view! {
        <button type="button" class="secondary" id=OPEN_ID on:click=handler(move |_| {
            state.dispatch(Action::ShowReadiness(true));
            browser::show(VIEW_ID);
        })>"Readiness: every failure planned in advance"</button>
    }
}

/// Makes the report of `loaded`, a slice at a time, saying how far it is in `progress`; stops
/// when another job starts.
async fn make(state: AppState, loaded: Arc<Loaded>, job: u32, progress: RwSignal<(usize, usize)>) {
    let date = readiness::utc_date(browser::now());
    let made = match readiness::Builder::new(&loaded.file, &loaded.name, &date) {
        Err(e) => Err(e),
        Ok(mut builder) => loop {
            let start = browser::now();
            let mut more = true;
            while more && browser::now() - start < SLICE_MS {
                more = builder.next_row(&mut |_, _| {});
            }
            if !more {
                break Ok(builder.finish());
            }
            progress.try_set((builder.made(), builder.len()));
            browser::yield_now().await;
            if JOB.with(Cell::get) != job {
                return;
            }
        },
    };
    state.dispatch(Action::ReadinessMade {
        sha256: loaded.fingerprint.sha256.clone(),
        report: MadeReport(Box::new(made)),
    });
}

#[component]
pub fn ReadinessView() -> impl IntoView {
    let state = use_app();
    // The report is read where it is kept, never copied: drawn again when it changes.
    let shown = Memo::new(move |_| state.state.with(|s| (s.readiness.open, s.readiness.version)));
    let progress = RwSignal::new((0, 0));
    // Made when the view opens on a topology without its report; given up when it closes or
    // another topology is loaded.
    Effect::new(move |_| {
        let job = JOB.with(|j| j.get() + 1);
        JOB.with(|j| j.set(job));
        let loaded = state.loaded.get();
        let (open, _) = shown.get();
        if open && state.peek(|s| s.readiness.report.is_none()) {
            progress.set((0, 0));
            spawn_local(make(state, loaded, job, progress));
        }
    });
    redrawn(move || {
        if !shown.get().0 {
            return ().into_any();
        }
        let loaded = state.loaded.get();
        let read_only = state.read_only.get_untracked();
        let body = state.peek(|s| match &s.readiness.report {
            None => view! {
                <p class="busy" id="readiness-progress">
                    <span class="spinner" aria-hidden="true"></span>
                    {move || {
                        let (made, of) = progress.get();
                        if of == 0 { "Planning every failure…".to_owned() } else { format!("Planned {made} of {of} failures…") }
                    }}
                </p>
                <progress max=move || progress.get().1.max(1) value=move || progress.get().0 aria-label="Failures planned"></progress>
                <p class="hint">"Each is the plan the page makes for it; the page stays usable meanwhile."</p>
            }
            .into_any(),
            Some(Err(e)) => view! { <p class="error" role="alert" id="readiness-error">{e.to_string()}</p> }.into_any(),
            Some(Ok(r)) => made(state, &loaded, r, read_only),
        });
        view! {
            <section class="panel readiness-view" id=VIEW_ID tabindex="-1" aria-labelledby="readiness-heading">
                <div class="readiness-head">
                    <h2 id="readiness-heading">"Readiness: every Edge failure, planned in advance"</h2>
                    <button type="button" class="secondary" on:click=handler(move |_| {
                        state.dispatch(Action::ShowReadiness(false));
                        browser::show(OPEN_ID);
                    })>"Back to the planner"</button>
                </div>
                <p class="hint">{format!("{}: each row is the plan the page makes when that failure is marked and its best survivor chosen. Blocked: something stands in the way, and each blocker says what removes it. Ready with work: it asks for the preparation listed with it (the topology cannot show certificates, DNS or firewalls); mark it done below. Ready: nothing blocks it and everything it asks for is done.", loaded.name)}</p>
                {body}
            </section>
        }
        .into_any()
    })
}

/// The report, made: its counts, the downloads, the rows and the preparation checklist.
fn made(state: AppState, loaded: &Loaded, r: &Report, read_only: bool) -> AnyView {
    let [ready, work, blocked] = r.counts();
    let counts = match r.rows.len() {
        0 => "No failure to plan: no Edge pool carries SIP or XMPP federation or serves a Front End pool.".to_owned(),
        n => format!(
            "{n} failure{} planned: {ready} ready, {work} ready with work, {blocked} blocked.",
            if n == 1 { "" } else { "s" }
        ),
    };
    let stem = loaded.name.rsplit_once('.').map_or(loaded.name.as_str(), |(s, _)| s);
    let name = format!("{stem}.readiness-{}", r.date);
    let (md_name, html_name) = (format!("{name}.md"), format!("{name}.html"));
    // Rendered when asked for, from the report as it is then (with what is marked done).
    let save = move |render: fn(&Report) -> String, name: &str, mime: &str| {
        if let Some(text) = state.peek(|s| s.readiness.made().map(render)) {
            download(state, Place::Readiness, text.as_bytes(), name, mime);
        }
    };
    view! {
        <p class="readiness-counts" role="status" id="readiness-counts"><strong>{counts}</strong>{format!(" Dated {} (UTC).", r.date)}</p>
        <div class="readiness-actions">
            <button type="button" class="secondary" id="readiness-markdown" on:click=handler(move |_| {
                save(readiness::render::markdown, &md_name, "text/markdown;charset=utf-8");
            })>"Download report (Markdown)"</button>
            <button type="button" class="secondary" id="readiness-html" on:click=handler(move |_| {
                save(readiness::render::html, &html_name, "text/html;charset=utf-8");
            })>"Download report (offline HTML)"</button>
        </div>
        {download_problem(Place::Readiness)}
        {(!r.rows.is_empty()).then(|| view! {
            <table class="grid readiness" aria-labelledby="readiness-heading">
                <thead><tr><th scope="col">"Failure"</th><th scope="col">"Verdict"</th><th scope="col">"Best survivor"</th><th scope="col">"Blockers"</th><th scope="col">"Prepare now"</th><th scope="col">"Expected outages"</th><th scope="col"><span class="visually-hidden">"Action"</span></th></tr></thead>
                <tbody inner_html=rows_html(r, read_only) on:click=handler(move |ev| on_rows(state, ev))></tbody>
            </table>
        }.into_any())}
        {(!r.preparation.is_empty()).then(|| view! {
            <h3 id="preparation-heading">"Preparation checklist"</h3>
            <p class="hint">"What every row asks to prepare, merged and grouped by team; each item names the rows it serves. Mark it done once it is: every row it serves that nothing blocks becomes ready."</p>
            <div class="preparation" inner_html=preparation_html(r) on:change=handler(move |ev| on_prepare(state, ev))></div>
        }.into_any())}
    }
    .into_any()
}

fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Ready => "ready",
        Verdict::ReadyWithWork => "work",
        Verdict::Blocked => "blocked",
    }
}

/// A list of HTML items, or `none` in words.
fn list(items: Vec<String>, none: &str) -> String {
    if items.is_empty() {
        format!("<span class=\"muted\">{none}</span>")
    } else {
        format!(
            "<ul>{}</ul>",
            items.into_iter().map(|i| format!("<li>{i}</li>")).collect::<String>()
        )
    }
}

/// A list a tap away, under a summary that says how long it is.
fn folded(summary: String, items: Vec<String>, none: &str) -> String {
    if items.is_empty() {
        list(items, none)
    } else {
        format!("<details><summary>{summary}</summary>{}</details>", list(items, none))
    }
}

/// A survivor with what the planner says of it: its cautions and notes, or why it cannot
/// take over.
fn survivor_html(c: &Candidate) -> String {
    let mut s = format!("<code class=\"value\">{}</code>", escape(&c.fqdn));
    if let Some(site) = &c.site {
        s.push_str(&escape(&format!(" (site {site})")));
    }
    let said: Vec<String> = if c.eligible {
        c.cautions
            .iter()
            .map(|x| format!("watch for: {x}"))
            .chain(c.notes.iter().cloned())
            .collect()
    } else {
        vec![format!("cannot take over: {}", c.reasons.join("; "))]
    };
    if !said.is_empty() {
        s.push_str(&escape(&format!(": {}.", said.join("; "))));
    }
    s
}

/// The rows, one a table row (a card on a phone).
fn rows_html(r: &Report, read_only: bool) -> String {
    r.rows.iter().map(|row| row_html(r, row, read_only)).collect()
}

fn row_html(r: &Report, row: &Row, read_only: bool) -> String {
    let n = row.number;
    let best = match row.survivors.iter().find(|c| c.eligible) {
        Some(c) => survivor_html(c),
        None => format!(
            "<span class=\"muted\">none</span>{}",
            row.no_plan
                .as_deref()
                .map(|a| format!("<p>{}</p>", escape(a)))
                .unwrap_or_default()
        ),
    };
    // Every other Edge pool of the topology, with its reasons: drawn when asked for, as 400
    // rows of 200 pools each would be megabytes of markup (`on_rows`).
    let others = match row.survivors.len() - usize::from(row.best.is_some()) {
        0 => String::new(),
        k => format!("<details data-others=\"{n}\"><summary>The other Edge pools ({k})</summary><ul></ul></details>"),
    };
    let blockers: Vec<String> = row
        .blockers
        .iter()
        .map(|b| {
            format!(
                "{} <strong>To remove it:</strong> {}",
                rich_html(&b.what),
                rich_html(&b.remedy)
            )
        })
        .collect();
    let mut prepare: Vec<String> = row
        .needs
        .iter()
        .map(|need| {
            let done = r.prepared.contains(&need.id());
            format!(
                "{}{}",
                rich_html(&need.words().0),
                if done {
                    " <strong class=\"done\">(done)</strong>"
                } else {
                    ""
                }
            )
        })
        .collect();
    prepare.extend(row.next_hop.iter().map(rich_html));
    let open_to_do = row.needs.iter().filter(|n| !r.prepared.contains(&n.id())).count();
    let prepare_summary = match row.needs.len() {
        0 => "Nothing to prepare".to_owned(),
        n => format!("{n} to prepare, {open_to_do} not done"),
    };
    let outages: Vec<String> = row.outages.iter().map(rich_html).collect();
    let outages_summary = format!("{} expected", outages.len());
    let open = match &row.request {
        Some(_) => format!(
            "<button type=\"button\" class=\"small\" data-row=\"{n}\" aria-describedby=\"readiness-failure-{n}\"{}>Open this plan</button>",
            if read_only { " disabled" } else { "" }
        ),
        _ => String::new(),
    };
    format!(
        "<tr id=\"readiness-row-{n}\"><th scope=\"row\" id=\"readiness-failure-{n}\">{n}. {}</th><td data-label=\"Verdict\"><span class=\"verdict {}\">{}</span></td><td data-label=\"Best survivor\">{best}{others}</td><td data-label=\"Blockers\">{}</td><td data-label=\"Prepare now\">{}</td><td data-label=\"Expected outages\">{}</td><td class=\"action\">{open}</td></tr>",
        rich_html(&row.title),
        verdict_class(row.verdict),
        row.verdict.label(),
        list(blockers, "none"),
        folded(prepare_summary, prepare, "nothing"),
        folded(outages_summary, outages, "none"),
    )
}

/// The preparation checklist by team, each item a box to mark done.
fn preparation_html(r: &Report) -> String {
    let mut out = String::new();
    for team in Team::ALL {
        let items: Vec<(usize, &Item)> = r
            .preparation
            .iter()
            .enumerate()
            .filter(|(_, i)| i.team == team)
            .collect();
        if items.is_empty() {
            continue;
        }
        out.push_str(&format!("<h4>{}</h4>", escape(team.title())));
        if let Some(intro) = team.intro() {
            out.push_str(&format!("<p class=\"hint\">{}</p>", escape(intro)));
        }
        out.push_str("<ul class=\"prepare\">");
        for (i, item) in items {
            let (head, details) = item.need.words();
            let rows: Vec<String> = item.serves.iter().map(usize::to_string).collect();
            let details = if details.is_empty() {
                String::new()
            } else {
                format!(
                    "<ul>{}</ul>",
                    details
                        .iter()
                        .map(|d| format!("<li>{}</li>", rich_html(d)))
                        .collect::<String>()
                )
            };
            out.push_str(&format!(
                "<li><label class=\"check\"><input type=\"checkbox\" id=\"prepare-{i}\" data-need=\"{}\"{}><span>{} <span class=\"muted\">(serves row{} {})</span></span></label>{details}</li>",
                escape(&item.id),
                if r.prepared.contains(&item.id) { " checked" } else { "" },
                rich_html(&head),
                if rows.len() == 1 { "" } else { "s" },
                rows.join(", ")
            ));
        }
        out.push_str("</ul>");
    }
    out
}

/// The element an event happened on, or the closest one around it matching `selector`.
fn closest(ev: &web_sys::Event, selector: &str) -> Option<web_sys::Element> {
    ev.target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest(selector)
        .ok()?
}

/// A row's other Edge pools, with their reasons.
fn others_html(row: &Row) -> String {
    row.survivors
        .iter()
        .filter(|c| Some(&c.fqdn) != row.best.as_ref())
        .map(|c| format!("<li>{}</li>", survivor_html(c)))
        .collect()
}

/// A press in the rows: a row's other Edge pools drawn as they are opened, or "Open this
/// plan": the row's failure marked and its survivor chosen, and the plan shown.
fn on_rows(state: AppState, ev: web_sys::MouseEvent) {
    let row_of = |e: &web_sys::Element, name: &str| e.get_attribute(name)?.parse::<usize>().ok()?.checked_sub(1);
    if let (Some(details), Some(_)) = (closest(&ev, "details[data-others]"), closest(&ev, "summary")) {
        let list = details.query_selector("ul").ok().flatten();
        if let (Some(list), Some(i)) = (list, row_of(&details, "data-others")) {
            if list.child_element_count() == 0 {
                let html = state.peek(|s| s.readiness.made().and_then(|r| r.rows.get(i)).map(others_html));
                list.set_inner_html(&html.unwrap_or_default());
            }
        }
        return;
    }
    let Some(n) = closest(&ev, "button[data-row]").and_then(|b| row_of(&b, "data-row")) else {
        return;
    };
    let request = state.peek(|s| {
        let row = s.readiness.made()?.rows.get(n)?;
        row.request.clone()
    });
    if let Some(request) = request {
        mark_and_show(
            state,
            Action::OpenPlan {
                failure: request.failure,
                survivor: request.survivor,
            },
        );
    }
}

/// A preparation marked done or not; focus stays on its box, which is drawn again.
fn on_prepare(state: AppState, ev: web_sys::Event) {
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
        return;
    };
    let Some(id) = input.get_attribute("data-need") else {
        return;
    };
    state.dispatch(Action::Prepare(id, input.checked()));
    browser::focus_next_frame(input.id());
}
