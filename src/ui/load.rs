//! Loading a topology: file picker, drag and drop anywhere on the page, pasted XML, or the
//! built-in sample. Large files show what is happening while they are read and checked.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, File, HtmlInputElement};

use super::base::{handler, redrawn, use_app, AppState};
use super::browser;
use crate::checklist::html::escape;
use crate::session::{Action, Answer, LoadState};
use crate::topology::error::human_size;
use crate::topology::source;

pub fn on_dragover(ev: DragEvent) {
    // Without this the browser opens a dropped file instead of handing it to the page.
    ev.prevent_default();
}

pub fn on_drop(state: AppState, ev: DragEvent) {
    ev.prevent_default();
    let file = ev
        .data_transfer()
        .and_then(|dt| dt.files())
        .and_then(|files| files.get(0));
    if let Some(file) = file {
        load_file(state, file);
    }
}

pub fn load_file(state: AppState, file: File) {
    let name = file.name();
    let size = file.size() as u64;
    // Refuse a huge file before reading a byte of it.
    if let Err(e) = source::check_size(size) {
        return state.dispatch(Action::LoadFailed {
            name,
            message: e.to_string(),
        });
    }
    state.dispatch(Action::LoadStarted(format!("Reading {name} ({})…", human_size(size))));
    spawn_local(async move {
        match browser::read_file(&file).await {
            Ok(bytes) => load_bytes(state, name, bytes).await,
            Err(message) => state.dispatch(Action::LoadFailed { name, message }),
        }
    });
}

pub async fn load_bytes(state: AppState, name: String, bytes: Vec<u8>) {
    state.dispatch(Action::LoadStarted(format!(
        "Checking {name} ({})…",
        human_size(bytes.len() as u64)
    )));
    // Parsing is synchronous: let the busy message paint first.
    browser::next_frame().await;
    state.dispatch(Action::Load { name, bytes });
}

#[component]
pub fn LoadPanel() -> impl IntoView {
    let state = use_app();
    let pasted = RwSignal::new(String::new());
    let on_pick = move |ev: web_sys::Event| {
        let input: HtmlInputElement = ev.target().expect("an input").unchecked_into();
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            load_file(state, file);
        }
        // Picking the same file again after a fix must load it again.
        input.set_value("");
    };
    let load_pasted = move |_| {
        let text = pasted.get_untracked();
        spawn_local(async move { load_bytes(state, "pasted-topology.xml".into(), text.into_bytes()).await });
    };
    let busy = Memo::new(move |_| state.load.with(|l| matches!(l, LoadState::Busy(_))));
    view! {
        <section class="panel load" aria-labelledby="load-heading">
            <div class="load-row">
                <h2 id="load-heading">"1. Load a topology"</h2>
                // The input itself is hidden: right after a load it would say "No file chosen"
                // (it is emptied so the same file can be picked again), where the page shows
                // the file it holds.
                <label class="file-pick">
                    <span>"Topology export"</span>
                    <input
                        type="file"
                        id="topology-file"
                        class="file-input"
                        aria-label="Topology export"
                        accept=".xml,.tbxml,text/xml,application/xml"
                        on:change=handler(on_pick)
                        disabled=busy
                    />
                    <span class="file-button" aria-hidden="true">"Choose a file…"</span>
                </label>
                <button type="button" class="secondary" on:click=state.on(Action::LoadSample) disabled=busy>
                    "Use the built-in sample"
                </button>
            </div>
            <p class="hint">
                "Export it on a Front End server with "
                <code>"(Get-CsTopology -AsXml).ToString() > topology.xml"</code>
                ", or save it from Topology Builder (.tbxml). Drop the file anywhere on this page, pick it, or paste the XML."
            </p>
            <details class="paste">
                <summary>"Paste XML instead"</summary>
                <label for="paste-xml">"Topology XML"</label>
                <textarea
                    id="paste-xml"
                    rows="6"
                    spellcheck="false"
                    prop:value=move || pasted.get()
                    on:input=handler(move |ev| pasted.set(event_target_value(&ev)))
                ></textarea>
                <button type="button" on:click=handler(load_pasted) disabled=move || busy.get() || pasted.with(|p| p.trim().is_empty())>
                    "Load pasted XML"
                </button>
            </details>
            <LoadStatus/>
        </section>
    }
}

#[component]
fn LoadStatus() -> impl IntoView {
    let state = use_app();
    view! {
        <div class="load-status" role="status" aria-live="polite" id="load-status">
            {move || match state.load.get() {
                LoadState::Busy(message) => view! { <p class="busy"><span class="spinner" aria-hidden="true"></span>{message}</p> }.into_any(),
                LoadState::Failed { name, message } => view! {
                    <div class="error" role="alert" id="load-error" inner_html=refused_html(state, &name, &message)></div>
                }.into_any(),
                LoadState::Idle => {
                    let loaded = state.loaded.get();
                    let s = &loaded.summary;
                    let said = format!(
                        "Showing <strong>{}</strong>: {}, {}, {} {}{}",
                        escape(&loaded.name),
                        escape(&s.product),
                        loaded.file.topology.format.label(),
                        escape(&s.encoding),
                        s.line_ending.label(),
                        if loaded.is_sample() { " (the built-in sample: load your own to plan for real)" } else { "" }
                    );
                    view! { <p class="loaded" id="loaded-name" inner_html=said></p> }.into_any()
                }
            }}
        </div>
    }
}

/// A file refused: its name, why, and which topology the page still shows.
fn refused_html(state: AppState, name: &str, message: &str) -> String {
    format!(
        "<p><strong>{} could not be loaded.</strong></p><p>{}</p><p class=\"hint\">{}</p>",
        escape(name),
        escape(message),
        escape(&still_showing(state))
    )
}

/// After a file is refused: which topology the page still shows, by name.
fn still_showing(state: AppState) -> String {
    let loaded = state.loaded.get_untracked();
    let sample = if loaded.is_sample() {
        ", the built-in sample"
    } else {
        ""
    };
    format!("Still showing {}{sample}: nothing else changed.", loaded.name)
}

/// What the page says in the window, where the person is, with focus on it: a question before
/// a file replaces a plan in progress, or when it reads as a later export of the planned
/// deployment (most likely the published topology); else a file refused while the load panel
/// is out of sight (dropped while reading further down). Escape or Cancel leaves everything as
/// it was, and focus goes back where it was.
#[component]
pub fn LoadQuestion() -> impl IntoView {
    let state = use_app();
    Effect::new(move |_| {
        if state.asking.get() {
            browser::remember_focus();
            browser::focus_next_frame("question".into());
        }
    });
    let answer = move |a: Answer| {
        let to = match a {
            Answer::CheckPublished { .. } => Some("published-result"),
            Answer::Open => Some("load-status"),
            Answer::Cancel => None,
        };
        state.dispatch(Action::Answer(a));
        match to {
            Some(id) => browser::show(id),
            None => browser::restore_focus(),
        }
    };
    redrawn(move || {
        if !state.asking.get() {
            // A file refused out of sight of the load panel: said here, until it is read.
            return state.load.with(|l| match l {
                LoadState::Failed { name, message } if !browser::in_view("load-status") => {
                    browser::focus_next_frame("question".into());
                    Some(
                        view! {
                            <div class="floating" role="alert" id="question" tabindex="-1">
                                <div inner_html=refused_html(state, name, message)></div>
                                <button type="button" class="secondary" on:click=state.on(Action::DismissLoadError)>"OK"</button>
                            </div>
                        }
                        .into_any(),
                    )
                }
                _ => None,
            });
        }
        let (q, current, progress) = state.peek(|s| (s.question.clone(), s.loaded.name.clone(), s.progress.describe()));
        let q = q?;
        let incoming = q.incoming.name.clone();
        let later = q.later_export();
        let on_key = move |ev: web_sys::KeyboardEvent| {
            if ev.key() == "Escape" {
                answer(Answer::Cancel);
            }
        };
        let title = if later {
            "Check it as the published topology?".to_owned()
        } else {
            format!("Open {incoming}?")
        };
        let mut words = String::new();
        if later {
            words.push_str(&format!("<p>{} reads as a later export of the deployment this plan is for (the same sites and pools, another federation): most likely the topology as published.</p>", escape(&incoming)));
        }
        if q.replaces {
            words.push_str(&format!(
                "<p>This replaces the plan in progress on {c}: {}. It stays in this browser: load {c} again to take it up.</p>",
                escape(&progress),
                c = escape(&current)
            ));
        }
        Some(view! {
            <div class="question-backdrop">
                <div class="question" role="alertdialog" aria-modal="true" aria-labelledby="question-title"
                    aria-describedby="question-words" id="question" tabindex="-1" on:keydown=handler(on_key)>
                    <h2 id="question-title">{title}</h2>
                    <div id="question-words" inner_html=words></div>
                    <div class="question-actions">
                        <button type="button" id="answer-check" hidden=!later on:click=handler(move |_| {
                            answer(Answer::CheckPublished { clock: browser::clock(browser::now()) })
                        })>"Check it as the published topology"</button>
                        <button type="button" id="answer-open" class:secondary=later on:click=handler(move |_| answer(Answer::Open))>
                            {if q.replaces { "Keep it and open the new file" } else { "Open it as the topology to plan on" }}
                        </button>
                        <button type="button" class="secondary" id="answer-cancel" on:click=handler(move |_| answer(Answer::Cancel))>"Cancel"</button>
                    </div>
                </div>
            </div>
        }
        .into_any())
    })
}
