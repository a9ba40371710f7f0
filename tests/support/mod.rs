//! Shared by the native test files: where the fixtures are, and the topology generator.

#![allow(dead_code)]

pub mod generator;

use std::path::{Path, PathBuf};

/// The project's own fixtures.
pub fn own_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The real topology exports kept beside the project (`../shared/fixtures`), when present;
/// `EDGE_FIXTURES` points elsewhere. CI always has them; a checkout without them still tests
/// everything else.
pub fn shared_fixtures() -> Option<PathBuf> {
    let dir = std::env::var_os("EDGE_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures"));
    dir.is_dir().then_some(dir)
}

/// Every topology file among the real fixtures (`.xml` and `.tbxml`, synthetic ones included).
pub fn shared_topologies() -> Vec<PathBuf> {
    let Some(dir) = shared_fixtures() else {
        eprintln!("note: ../shared/fixtures is absent; only the project's own fixtures are tested");
        return Vec::new();
    };
    let mut files = Vec::new();
    for d in [dir.clone(), dir.join("synthetic")] {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if matches!(p.extension().and_then(|x| x.to_str()), Some("xml" | "tbxml")) {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

pub fn own_topologies() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(own_fixtures())
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| matches!(p.extension().and_then(|x| x.to_str()), Some("xml" | "tbxml")));
    files.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sample.xml"));
    files.sort();
    files
}

pub fn all_topologies() -> Vec<PathBuf> {
    let mut v = own_topologies();
    v.extend(shared_topologies());
    v
}

/// Compares `actual` with the golden file, or rewrites it when `UPDATE_GOLDEN=1`.
pub fn golden(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1 to create it)", path.display()));
    if expected != actual {
        let diff = edge_failover_planner::edit::Diff::lines(&expected, actual, 2).unified("expected", "actual");
        panic!(
            "{} differs from the output (UPDATE_GOLDEN=1 rewrites it after review):\n{diff}",
            path.display()
        );
    }
}
