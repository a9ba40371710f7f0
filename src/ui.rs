//! The browser UI (wasm32 only): a thin Leptos layer over [`crate::session`], which holds the
//! state and derives everything shown from it.

mod browser;
mod checklist_view;
mod diff_view;
mod load;
mod overview;
mod picture;
mod plan_view;

use std::sync::Arc;

use leptos::prelude::*;

use crate::plan::PlanError;
use crate::session::{self, Action, Decisions, Loaded, Outcome};

/// Where loading stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadState {
    Idle,
    Busy(String),
    Failed { name: String, message: String },
}

/// The plan for the current decisions, compared by identity: it is recomputed only when the
/// topology or a decision changes.
#[derive(Clone, Debug)]
pub struct Computed(pub Option<Result<Arc<Outcome>, PlanError>>);

impl PartialEq for Computed {
    fn eq(&self, other: &Computed) -> bool {
        match (&self.0, &other.0) {
            (None, None) => true,
            (Some(Ok(a)), Some(Ok(b))) => Arc::ptr_eq(a, b),
            (Some(Err(a)), Some(Err(b))) => a == b,
            _ => false,
        }
    }
}

/// The page's signals, shared with every component through context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub loaded: RwSignal<Arc<Loaded>>,
    pub load_state: RwSignal<LoadState>,
    pub decisions: RwSignal<Decisions>,
    pub outcome: Memo<Computed>,
}

impl AppState {
    pub fn new() -> AppState {
        let loaded = RwSignal::new(Arc::new(Loaded::sample()));
        let decisions = RwSignal::new(Decisions::new());
        let outcome = Memo::new(move |_| {
            let loaded = loaded.get();
            decisions.with(|d| Computed(session::outcome(&loaded, d)))
        });
        AppState {
            loaded,
            load_state: RwSignal::new(LoadState::Idle),
            decisions,
            outcome,
        }
    }

    pub fn dispatch(&self, action: Action) {
        let loaded = self.loaded.get_untracked();
        self.decisions.update(|d| d.reduce(&loaded, action));
    }

    /// Replaces the topology; decisions about the old one no longer apply.
    pub fn set_loaded(&self, loaded: Loaded) {
        self.decisions.set(Decisions::new());
        self.loaded.set(Arc::new(loaded));
    }
}

impl Default for AppState {
    fn default() -> AppState {
        AppState::new()
    }
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    view! {
        <div class="page" on:dragover=load::on_dragover on:drop=move |ev| load::on_drop(state, ev)>
            <header class="masthead">
                <h1>"Edge Failover Planner"</h1>
                <p class="tagline">
                    "Fail over SIP and XMPP federation between Edge pools of Lync Server 2013 and Skype for Business Server 2015/2019, step by step. "
                    <span class="private">"Your topology never leaves this browser."</span>
                </p>
            </header>
            <main>
                <load::LoadPanel/>
                <overview::Overview/>
                <plan_view::PlanPanel/>
                <diff_view::ChangesPanel/>
                <checklist_view::ChecklistPanel/>
                <overview::Inferences/>
            </main>
            <footer class="footer">
                <p>
                    "Follows the product procedure \"Failing over the Edge pool used for federation\". "
                    "Steps marked inferred rest on readings of the topology format that are not confirmed; check them."
                </p>
            </footer>
        </div>
    }
}
