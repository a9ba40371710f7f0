//! `size_floor.rs` without the planner: the same page shell (`support/size_page.rs`), printing
//! only the picked file's name and size. `scripts/size-floor.sh` builds it beside
//! `size_floor.rs`, so the difference between the two is what the planner's code and text
//! weigh on top of Leptos, measured in the same build (README, Performance).

#[cfg(target_arch = "wasm32")]
#[path = "support/size_page.rs"]
mod size_page;

#[cfg(target_arch = "wasm32")]
fn main() {
    size_page::mount(|file, pool, _, _| {
        let named = file.map(|(name, bytes)| format!("{name}: {} bytes", bytes.len()));
        format!("{} {pool}", named.unwrap_or_default())
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
