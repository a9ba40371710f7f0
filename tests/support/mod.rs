//! Shared by the native test files: where the fixtures are, and the topology generator.

#![allow(dead_code)]

pub mod generator;
pub mod published;
// proptest is a native dev-dependency only; some tests that use this module also build for wasm32.
#[cfg(not(target_arch = "wasm32"))]
pub mod strategies;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The project's own fixtures.
pub fn own_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The real topology exports kept beside the project (`../shared/fixtures`), when present;
/// `EDGE_FIXTURES` points elsewhere. A checkout without them still tests everything else, but
/// CI sets `EDGE_REQUIRE_FIXTURES=1` (`.ci/run`), and then their absence fails the test that
/// asks rather than skipping it.
pub fn shared_fixtures() -> Option<PathBuf> {
    let dir = std::env::var_os("EDGE_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures"));
    present_or_required(dir, fixtures_required()).unwrap_or_else(|e| panic!("{e}"))
}

/// Whether the real exports must be there: `EDGE_REQUIRE_FIXTURES=1`.
pub fn fixtures_required() -> bool {
    is_one(std::env::var_os("EDGE_REQUIRE_FIXTURES").as_deref())
}

/// `dir` when it is there; `None` when it is not and may be missing; an error when it is not
/// and is required.
pub fn present_or_required(dir: PathBuf, required: bool) -> Result<Option<PathBuf>, String> {
    match (dir.is_dir(), required) {
        (true, _) => Ok(Some(dir)),
        (false, false) => Ok(None),
        (false, true) => Err(format!(
            "{} is absent, and EDGE_REQUIRE_FIXTURES=1 requires the real topology exports",
            dir.display()
        )),
    }
}

/// An environment switch is on only when it is `1`: `UPDATE_GOLDEN=0` does not rewrite
/// goldens, `EDGE_REQUIRE_FIXTURES=0` does not require the fixtures.
pub fn is_one(value: Option<&OsStr>) -> bool {
    value.is_some_and(|v| v == "1")
}

/// Whether goldens are to be rewritten rather than compared: `UPDATE_GOLDEN=1`.
pub fn updating_goldens() -> bool {
    is_one(std::env::var_os("UPDATE_GOLDEN").as_deref())
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
    assert!(
        !(files.is_empty() && fixtures_required()),
        "{} holds no topology, and EDGE_REQUIRE_FIXTURES=1 requires the real exports",
        dir.display()
    );
    files
}

/// The project's own topologies: the built-in sample and `tests/fixtures/`.
pub const OWN_TOPOLOGIES: [&str; 9] = [
    "adatum-2019.xml",
    "fabrikam-two-sites.tbxml",
    "fourthcoffee-template.xml",
    "litware-three-sites-crlf.xml",
    "northwind-site-routes.xml",
    "sample.xml",
    "tailspin-lync2013.xml",
    "wingtip-two-federated.tbxml",
    "woodgrove-lync2013-four-edges.xml",
];

/// The paths of [`OWN_TOPOLOGIES`], found on disk: every loop over them covers them all, or
/// fails; none is skipped because it was renamed or its folder moved.
pub fn own_topologies() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(own_fixtures())
        .unwrap_or_else(|e| panic!("{}: {e}", own_fixtures().display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.retain(|p| matches!(p.extension().and_then(|x| x.to_str()), Some("xml" | "tbxml")));
    files.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sample.xml"));
    files.sort_by_key(|p| name(p));
    let names: Vec<String> = files.iter().map(|p| name(p)).collect();
    assert_eq!(
        names, OWN_TOPOLOGIES,
        "the project's own topologies (a new one is added to OWN_TOPOLOGIES)"
    );
    files
}

pub fn all_topologies() -> Vec<PathBuf> {
    let mut v = own_topologies();
    v.extend(shared_topologies());
    v
}

/// Compares `actual` with the golden file, or rewrites it when `UPDATE_GOLDEN=1`.
pub fn golden(path: &Path, actual: &str) {
    if updating_goldens() {
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

/// [`golden`] for a file that may not be UTF-8 text (a UTF-16 fixture).
pub fn golden_bytes(path: &Path, actual: &[u8]) {
    match String::from_utf8(actual.to_vec()) {
        Ok(text) => golden(path, &text),
        Err(_) if updating_goldens() => {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, actual).unwrap();
        }
        Err(_) => assert!(
            std::fs::read(path).is_ok_and(|expected| expected == actual),
            "{} differs from the output or is missing (UPDATE_GOLDEN=1 rewrites it after review)",
            path.display()
        ),
    }
}

/// The built-in sample: the project's own published topology, the base of every hand-made
/// hostile or mutated document (the real exports carry no licence and stay out of the repo).
pub fn sample_text() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sample.xml")).unwrap()
}

/// The sample with Boston's Edge pool renamed to Amsterdam's: a duplicated FQDN, which an
/// Edge pool cannot have, so it is an error finding with a position.
pub fn sample_with_duplicate_edge_fqdn() -> String {
    let text = sample_text();
    let boston = "Fqdn=\"edgepool-boston.fabrikam.com\"";
    assert_eq!(
        text.matches(boston).count(),
        1,
        "the sample names Boston's Edge pool once"
    );
    text.replace(boston, "Fqdn=\"edgepool-amsterdam.fabrikam.com\"")
}

/// The encodings administrators' tools write, made here independently of the library's own
/// encoder so a round trip is not checked against itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16LeBom,
    Utf16BeBom,
    /// UTF-16LE without a BOM, which some scripts write.
    Utf16Le,
}

pub fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    let utf16 = |bom: &[u8], unit: fn(u16) -> [u8; 2]| {
        let mut out = bom.to_vec();
        out.extend(text.encode_utf16().flat_map(unit));
        out
    };
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        Encoding::Utf16LeBom => utf16(&[0xFF, 0xFE], u16::to_le_bytes),
        Encoding::Utf16BeBom => utf16(&[0xFE, 0xFF], u16::to_be_bytes),
        Encoding::Utf16Le => utf16(&[], u16::to_le_bytes),
    }
}

/// The text of a fixture without its BOM, if it has one (UTF-8, or UTF-16 with a BOM as
/// PowerShell saves a topology export).
pub fn fixture_text(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return decode_utf16(bytes);
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(bytes);
    String::from_utf8(body.to_vec()).expect("the fixtures are UTF-8")
}

/// Decodes UTF-16 with a BOM, for checking what the planner wrote.
pub fn decode_utf16(bytes: &[u8]) -> String {
    let (little, body) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (true, rest),
        [0xFE, 0xFF, rest @ ..] => (false, rest),
        _ => panic!("no UTF-16 BOM"),
    };
    assert!(body.len() % 2 == 0, "odd UTF-16 length");
    let units = body.chunks_exact(2).map(|c| {
        if little {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .expect("valid UTF-16")
}

/// Every line ending CRLF, whatever the text had before.
pub fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

/// A fixture's bytes re-encoded the way a given tool would have saved it.
#[derive(Clone, Copy, Debug)]
pub struct Recoding {
    pub label: &'static str,
    pub encoding: Encoding,
    pub crlf: bool,
}

pub const RECODINGS: &[Recoding] = &[
    Recoding {
        label: "UTF-8 with BOM",
        encoding: Encoding::Utf8Bom,
        crlf: false,
    },
    Recoding {
        label: "UTF-8 with CRLF",
        encoding: Encoding::Utf8,
        crlf: true,
    },
    Recoding {
        label: "UTF-16LE with BOM and CRLF",
        encoding: Encoding::Utf16LeBom,
        crlf: true,
    },
    Recoding {
        label: "UTF-16BE with BOM",
        encoding: Encoding::Utf16BeBom,
        crlf: false,
    },
];

impl Recoding {
    pub fn apply(&self, fixture: &[u8]) -> Vec<u8> {
        let text = fixture_text(fixture);
        let text = if self.crlf { crlf(&text) } else { text };
        encode(&text, self.encoding)
    }
}

/// A file name for messages.
pub fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}
