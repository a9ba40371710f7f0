//! The browser UI (wasm32 only): a thin Leptos layer over the topology, plan and checklist
//! modules.

use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    view! { <main><h1>"Edge Failover Planner"</h1></main> }
}
