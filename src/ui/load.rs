//! Loading a topology: file picker, drag and drop anywhere on the page, pasted XML, or the
//! built-in sample. Large files show what is happening while they are read and checked.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, File, HtmlInputElement};

use super::{browser, handler, use_app, AppState};
use crate::session::{Action, LoadState, SAMPLE_NAME};
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
                <label class="file-pick">
                    <span>"Topology export"</span>
                    <input
                        type="file"
                        id="topology-file"
                        accept=".xml,.tbxml,text/xml,application/xml"
                        on:change=handler(on_pick)
                        disabled=busy
                    />
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
                    <div class="error" role="alert" id="load-error">
                        <p><strong>{format!("{name} could not be loaded.")}</strong></p>
                        <p>{message}</p>
                        <p class="hint">"The topology shown below is still the one loaded before."</p>
                    </div>
                }.into_any(),
                LoadState::Idle => {
                    let loaded = state.loaded.get();
                    let s = &loaded.summary;
                    view! {
                        <p class="loaded" id="loaded-name">
                            "Showing "<strong>{loaded.name.clone()}</strong>": "
                            {format!("{}, {}, {} {}", s.product, loaded.file.topology.format.label(), s.encoding, s.line_ending.label())}
                            {(loaded.name == SAMPLE_NAME).then_some(" (the built-in sample: load your own to plan for real)")}
                        </p>
                    }.into_any()
                }
            }}
        </div>
    }
}
