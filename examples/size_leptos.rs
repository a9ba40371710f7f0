//! The same page as `size_floor.rs` without the planner: one Leptos component with a file
//! picker and a text box that prints the file's name and size. `scripts/size-floor.sh` builds
//! it beside `size_floor.rs`, so the difference between the two is what the planner's code
//! and text weigh on top of Leptos, measured in the same build (README, Performance).

#[cfg(target_arch = "wasm32")]
fn main() {
    leptos::mount::mount_to_body(page::Bare);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}

#[cfg(target_arch = "wasm32")]
mod page {
    use leptos::prelude::*;
    use leptos::task::spawn_local;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    #[component]
    pub fn Bare() -> impl IntoView {
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
            let named = file.with(|f| f.as_ref().map(|(name, bytes)| format!("{name}: {} bytes", bytes.len())));
            format!("{} {}", named.unwrap_or_default(), pool.get())
        };
        view! {
            <input type="file" on:change=on_pick />
            <input type="text" on:input=move |ev| pool.set(event_target_value(&ev)) />
            <pre>{output}</pre>
        }
    }
}
