//! The few things the page needs from the browser: file bytes, downloads, the clipboard,
//! local storage, the URL fragment, a pause that lets the page paint, focus and print.
//! Nothing here talks to a network.

use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, File, HtmlAnchorElement, Url};

fn window() -> web_sys::Window {
    web_sys::window().expect("a page has a window")
}

/// The bytes of a picked or dropped file, whatever its encoding.
pub async fn read_file(file: &File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("The browser could not read the file: {}", describe(&e)))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Offers `bytes` as a download named `name`, exactly as given.
pub fn download(bytes: &[u8], name: &str, mime: &str) -> Result<(), String> {
    let array = Uint8Array::from(bytes);
    let parts = Array::of1(&array);
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(|e| describe(&e))?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|e| describe(&e))?;
    let document = window().document().ok_or("no document")?;
    let a: HtmlAnchorElement = document.create_element("a").map_err(|e| describe(&e))?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.set_hidden(true);
    let body = document.body().ok_or("no body")?;
    body.append_child(&a).map_err(|e| describe(&e))?;
    a.click();
    a.remove();
    // Revoking at once can cut the download off; a minute later it is long done.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    Ok(())
}

/// Lets the browser paint (a busy message, say) before a long synchronous step: the
/// animation frame comes before the paint, the timeout after it.
pub async fn next_frame() {
    let promise = Promise::new(&mut |resolve, _| {
        let after_paint = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        });
        let _ = window().request_animation_frame(after_paint.unchecked_ref());
    });
    let _ = JsFuture::from(promise).await;
}

/// Gives the browser a turn between two slices of long work: whatever input, timer or paint
/// is waiting runs first.
pub async fn yield_now() {
    let promise = Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = JsFuture::from(promise).await;
}

/// Moves keyboard focus to an element (and scrolls it into view).
pub fn focus(id: &str) {
    if let Some(el) = window().document().and_then(|d| d.get_element_by_id(id)) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// Scrolls an element to the top of the window and moves keyboard focus to it, once the
/// page has drawn what the last change put in it.
pub fn show(id: &'static str) {
    let go = wasm_bindgen::closure::Closure::once_into_js(move || {
        if let Some(el) = window().document().and_then(|d| d.get_element_by_id(id)) {
            el.scroll_into_view_with_bool(true);
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
    let _ = window().request_animation_frame(go.unchecked_ref());
}

/// Moves keyboard focus to an element once the page has drawn it again.
pub fn focus_next_frame(id: String) {
    let go = wasm_bindgen::closure::Closure::once_into_js(move || focus(&id));
    let _ = window().request_animation_frame(go.unchecked_ref());
}

/// Copies text to the clipboard.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clipboard = window().navigator().clipboard();
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|e| format!("The browser refused the clipboard: {}", describe(&e)))
}

pub fn storage_get(key: &str) -> Option<String> {
    window().local_storage().ok()??.get_item(key).ok()?
}

pub fn storage_set(key: &str, value: &str) {
    if let Some(s) = window().local_storage().ok().flatten() {
        let _ = s.set_item(key, value);
    }
}

pub fn storage_remove(key: &str) {
    if let Some(s) = window().local_storage().ok().flatten() {
        let _ = s.remove_item(key);
    }
}

/// Milliseconds since the Unix epoch.
pub fn now() -> f64 {
    js_sys::Date::now()
}

/// The local time of day of a moment, `HH:MM:SS`.
pub fn clock(ms: f64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(ms));
    format!("{:02}:{:02}:{:02}", d.get_hours(), d.get_minutes(), d.get_seconds())
}

/// The URL fragment without `#`.
pub fn fragment() -> String {
    window()
        .location()
        .hash()
        .unwrap_or_default()
        .trim_start_matches('#')
        .to_owned()
}

/// This page's address without its fragment, for share links.
pub fn page_url() -> String {
    let l = window().location();
    format!(
        "{}{}{}",
        l.origin().unwrap_or_default(),
        l.pathname().unwrap_or_default(),
        l.search().unwrap_or_default()
    )
}

/// Takes the plan out of the address bar once read, so a reload does not apply it again.
pub fn clear_fragment() {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&page_url()));
    }
}

pub fn confirm(message: &str) -> bool {
    window().confirm_with_message(message).unwrap_or(false)
}

/// Runs `f` every `ms` milliseconds for as long as the page lives.
pub fn every(ms: i32, f: impl FnMut() + 'static) {
    let closure = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(f);
    let _ = window().set_interval_with_callback_and_timeout_and_arguments_0(closure.as_ref().unchecked_ref(), ms);
    closure.forget();
}

pub fn print() {
    let _ = window().print();
}

fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| format!("{e:?}"))
}

/// In the offline file only: a `blob:` address of the file as it was opened (its loader,
/// scripts/offline.mjs, keeps it), so the page can save a copy of itself.
pub fn offline_copy() -> Option<String> {
    js_sys::Reflect::get(&window(), &JsValue::from_str("edgeFailoverPlannerOffline"))
        .ok()?
        .as_string()
}

/// The value of a text field or text area, read when needed rather than kept in a signal.
pub fn value_of(id: &str) -> String {
    window()
        .document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|el| js_sys::Reflect::get(&el, &JsValue::from_str("value")).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// The keys of this page's local storage that begin with `prefix`.
pub fn storage_keys(prefix: &str) -> Vec<String> {
    let Some(s) = window().local_storage().ok().flatten() else {
        return Vec::new();
    };
    let n = s.length().unwrap_or(0);
    (0..n)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(prefix))
        .collect()
}

/// Whether an element is in the window (any part of it), so a message there is seen.
pub fn in_view(id: &str) -> bool {
    let Some(el) = window().document().and_then(|d| d.get_element_by_id(id)) else {
        return false;
    };
    let r = el.get_bounding_client_rect();
    let height = window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
    r.height() > 0.0 && r.bottom() > 0.0 && r.top() < height
}

thread_local! {
    /// Where keyboard focus was when a dialog took it.
    static FOCUS_BEFORE: std::cell::Cell<Option<web_sys::HtmlElement>> = const { std::cell::Cell::new(None) };
}

/// Keeps the element that has keyboard focus, to give it back after a dialog.
pub fn remember_focus() {
    let el = window()
        .document()
        .and_then(|d| d.active_element())
        .and_then(|e| e.dyn_into().ok());
    FOCUS_BEFORE.with(|f| f.set(el));
}

/// Gives keyboard focus back where it was before the dialog.
pub fn restore_focus() {
    if let Some(el) = FOCUS_BEFORE.with(|f| f.take()) {
        let _ = el.focus();
    }
}

/// Brings an element into view without moving it to the top (`nearest`): what the user just
/// touched stays where they are looking.
pub fn keep_in_view(id: &str) {
    if let Some(el) = window().document().and_then(|d| d.get_element_by_id(id)) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        el.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// A date and time no team misreads: `2026-12-06 14:02` in the browser's time zone.
pub fn date_time(ms: f64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(ms));
    format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}
