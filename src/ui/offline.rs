//! Carrying the planner: open a share link copied from either page (the served one, or the
//! offline file whose `file://` address nobody else can open), and save the planner as one
//! file that opens from disk with no server, for when the server that hosts it is down too.

use leptos::prelude::*;

use super::base::{handler, use_app, NoticeAt};
use super::browser;
use crate::session::{Action, Place};
use crate::share::shared_plan_of_link;

/// The file the release build writes beside the page (scripts/offline.mjs).
pub const OFFLINE_FILE: &str = "edge-failover-planner-offline.html";

#[component]
pub fn OfflinePanel() -> impl IntoView {
    let state = use_app();
    let open = move |_| match shared_plan_of_link(&browser::value_of("open-link")) {
        Ok(shared) => {
            state.dispatch(Action::Open(Box::new(shared.into_restorable())));
            state.say(Place::OpenLink, Ok("Opened the plan from the share link.".into()));
        }
        Err(e) => state.say(Place::OpenLink, Err(e.to_string())),
    };
    // The served page links the build's copy; the offline file links a copy of itself as it
    // was opened, which its loader keeps (scripts/offline.mjs).
    let copy = browser::offline_copy();
    let href = copy.unwrap_or_else(|| OFFLINE_FILE.to_owned());
    view! {
        <section class="panel offline" aria-labelledby="offline-heading">
            <h2 id="offline-heading">"Offline copy and share links"</h2>
            <div class="share-row">
                <label for="open-link">"Open a share link"</label>
                <input type="text" id="open-link" placeholder="A link from either page, or its #plan=… part" spellcheck="false"/>
                <button type="button" class="secondary" on:click=handler(open)>"Open"</button>
            </div>
            <NoticeAt place=Place::OpenLink/>
            <div class="share-row">
                <a id="offline-download" href=href download=OFFLINE_FILE>"Download the planner for offline use"</a>
            </div>
            <p class="hint">
                "One HTML file that works from disk with no server and no network: keep it on a USB stick or mail it."
            </p>
        </section>
    }
}
