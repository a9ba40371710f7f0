//! The planner's page: mounts the Leptos app (built by Trunk for wasm32).

// The page's rules (clippy.toml); Cargo.toml allows them for code that never reaches the page.
#![warn(clippy::disallowed_methods)]

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    edge_failover_planner::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "The planner's page runs in a browser: serve it with `trunk serve`, or use the edge-failover command line."
    );
}
