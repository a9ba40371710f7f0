//! The browser UI (wasm32 only): a thin Leptos layer over [`crate::session`]. The page's
//! state is one [`crate::session::State`] in one signal; the views read it and dispatch
//! [`crate::session::Action`]s, and nothing else changes it. What must touch the browser
//! (storage, clipboard, downloads, focus) is in `browser.rs`, driven by the state.
//!
//! `base.rs` is what every panel imports; `app.rs` is the page that places them; neither
//! imports the other back.

mod app;
mod base;
mod browser;
mod checklist_view;
mod diff_view;
mod load;
mod offline;
mod overview;
mod picture;
mod plan_bar;
mod plan_view;
mod readiness_view;
mod share_view;
mod verify_view;
mod walkthrough;

pub use app::{start, App};
