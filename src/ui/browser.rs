//! The few things the page needs from the browser: file bytes, downloads, a pause that lets
//! the page paint, focus and print. Nothing here talks to a network.

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

/// Moves keyboard focus to an element (and scrolls it into view).
pub fn focus(id: &str) {
    if let Some(el) = window().document().and_then(|d| d.get_element_by_id(id)) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

pub fn print() {
    let _ = window().print();
}

fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| format!("{e:?}"))
}
