#![cfg(not(target_arch = "wasm32"))]
//! The layout the README describes, held (issue 23): the page's base, which every panel
//! imports, is apart from the app that places the panels, so no file of the UI imports one
//! that imports it back; and the session holds the page's state as data, never as markup.

use std::fs;
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The code of a file without its comments.
fn code(path: &Path) -> String {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    out.sort();
    out
}

#[test]
fn ui_rs_only_declares_the_page_s_files() {
    let ui = code(&src().join("ui.rs"));
    for line in ui.lines().filter(|l| !l.trim().is_empty()) {
        assert!(
            line.starts_with("mod ") || line.starts_with("pub use app::"),
            "ui.rs holds more than its files: {line}"
        );
    }
}

#[test]
fn the_base_imports_no_panel_and_no_panel_imports_the_app() {
    let dir = src().join("ui");
    let base = code(&dir.join("base.rs"));
    for line in base.lines().filter(|l| l.contains("super::")) {
        assert!(
            line.trim() == "use super::browser;",
            "base.rs imports a panel or the app: {line}"
        );
    }
    for file in rust_files(&dir) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        if name == "app.rs" {
            continue;
        }
        let text = code(&file);
        assert!(
            !text.contains("super::app") && !text.contains("crate::ui::app"),
            "{name} imports the app"
        );
        if name != "browser.rs" && name != "base.rs" {
            assert!(text.contains("super::base::"), "{name} does not use the base");
        }
    }
    // The app places the panels: it is the one file that imports them all.
    let app = code(&dir.join("app.rs"));
    for panel in ["load", "overview", "plan_view", "walkthrough", "verify_view"] {
        assert!(app.contains(panel), "app.rs does not place {panel}");
    }
}

#[test]
fn the_session_holds_data_not_markup() {
    let mut files = rust_files(&src().join("session"));
    files.push(src().join("session.rs"));
    for file in files {
        let text = code(&file);
        for markup in [
            "<div",
            "<p ",
            "<p>",
            "<ul",
            "<li",
            "<span",
            "<strong",
            "<pre",
            "</",
            "inner_html",
            "to_html",
        ] {
            assert!(!text.contains(markup), "{} holds markup ({markup})", file.display());
        }
    }
}
