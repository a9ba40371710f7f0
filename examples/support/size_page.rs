//! The page shell both size examples share, so the difference between their sizes is exactly
//! what they run: one Leptos component with a file picker and a text box, whose inputs (with
//! the URL's query and fragment, as a plan file's JSON and a share link) go through `run` into
//! a `<pre>`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A picked file's name and bytes; the text box's value; the plan JSON; the share link.
pub type Run = fn(Option<(String, Vec<u8>)>, &str, &str, &str) -> String;

pub fn mount(run: Run) {
    leptos::mount::mount_to_body(move || page(run));
}

fn page(run: Run) -> impl IntoView {
    let file = RwSignal::new(None::<(String, Vec<u8>)>);
    let pool = RwSignal::new(String::new());
    let on_pick = move |ev: web_sys::Event| {
        let input: web_sys::HtmlInputElement = ev.target().unwrap().unchecked_into();
        if let Some(f) = input.files().and_then(|l| l.get(0)) {
            spawn_local(async move {
                if let Ok(buffer) = JsFuture::from(f.array_buffer()).await {
                    file.set(Some((f.name(), js_sys::Uint8Array::new(&buffer).to_vec())));
                }
            });
        }
    };
    let output = move || {
        let location = web_sys::window().unwrap().location();
        let fragment = location.hash().unwrap_or_default();
        let json = location.search().unwrap_or_default();
        run(file.get(), &pool.get(), &json, &fragment)
    };
    view! {
        <input type="file" on:change=on_pick />
        <input type="text" on:input=move |ev| pool.set(event_target_value(&ev)) />
        <pre>{output}</pre>
    }
}
