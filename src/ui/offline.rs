//! Carrying the planner: open a share link copied from either page (the served one, or the
//! offline file whose `file://` address nobody else can open), and save the planner as one
//! file that opens from disk with no server, for when the server that hosts it is down too.

use leptos::prelude::*;

use super::{browser, use_app, Notice};
use crate::share::shared_plan_of_link;

/// The file the release build writes beside the page (scripts/offline.mjs).
pub const OFFLINE_FILE: &str = "edge-failover-planner-offline.html";

#[component]
pub fn OfflinePanel() -> impl IntoView {
    let state = use_app();
    let link = RwSignal::new(String::new());
    let open = move |_| match shared_plan_of_link(&link.get_untracked()) {
        Ok(shared) => {
            state.open_shared(shared);
            link.set(String::new());
            state
                .notice
                .set(Some(Notice::Done("Opened the plan from the share link.".into())));
        }
        Err(e) => state.notice.set(Some(Notice::Problem(e.to_string()))),
    };
    // The offline file saves itself as it was opened; the served page links the build's copy.
    let offline = browser::offline_copy();
    let is_offline = offline.is_some();
    let download = match offline {
        Some(copy) => view! {
            <button type="button" class="secondary" id="offline-download" on:click=move |_| {
                if let Err(e) = browser::download(copy.as_bytes(), OFFLINE_FILE, "text/html") {
                    state.notice.set(Some(Notice::Problem(e)));
                }
            }>"Download the planner for offline use"</button>
        }
        .into_any(),
        None => view! {
            <a class="button secondary" id="offline-download" href=OFFLINE_FILE download=OFFLINE_FILE>
                "Download the planner for offline use"
            </a>
        }
        .into_any(),
    };
    view! {
        <section class="panel offline" aria-labelledby="offline-heading">
            <h2 id="offline-heading">"Offline copy and share links"</h2>
            <div class="share-row">
                <label for="open-link">"Open a share link"</label>
                <input type="text" id="open-link" placeholder="Paste a link from either page, or just its #plan=… part" spellcheck="false"
                    prop:value=move || link.get() on:input=move |ev| link.set(event_target_value(&ev))/>
                <button type="button" class="secondary" on:click=open disabled=move || link.with(|l| l.trim().is_empty())>"Open"</button>
            </div>
            <div class="share-row">{download}</div>
            <p class="hint">
                {if is_offline { "This is the offline copy of the planner. " } else { "" }}
                "The offline copy is one HTML file that opens from disk with no server and makes no request at all: keep it on a USB stick or mail it, for when this page's server is down with the Edge. A share link made in one page opens in the other through the box above."
            </p>
        </section>
    }
}
