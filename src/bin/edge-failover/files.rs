//! Reading a topology file and writing the outputs: every output or none.

use std::fs;
use std::path::{Path, PathBuf};

use edge_failover_planner::topology::{source, LoadError, TopologyFile};

use crate::cli::Failed;

pub fn load(path: &str) -> Result<TopologyFile, Failed> {
    let meta = fs::metadata(path).map_err(|e| Failed::Input(format!("{path}: {e}")))?;
    // Refuse a huge file before reading it into memory.
    source::check_size(meta.len()).map_err(|e| Failed::Input(format!("{path}: {e}")))?;
    let bytes = fs::read(path).map_err(|e| Failed::Input(format!("{path}: {e}")))?;
    TopologyFile::read(&bytes).map_err(|e: LoadError| Failed::Input(format!("{path}: {e}")))
}

/// The last part of a path, as the checklist names the file.
pub fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_owned())
}

/// Writes every file or none: each goes to a temporary file beside its target first, and
/// only when all are written are they renamed into place.
pub fn write_all(files: &[(&str, &[u8])]) -> Result<(), Failed> {
    let mut temps: Vec<(PathBuf, &str)> = Vec::new();
    let cleanup = |temps: &[(PathBuf, &str)]| {
        for (t, _) in temps {
            let _ = fs::remove_file(t);
        }
    };
    for (target, bytes) in files {
        let path = Path::new(target);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        if let Err(e) = fs::write(&temp, bytes) {
            cleanup(&temps);
            let _ = fs::remove_file(&temp);
            return Err(Failed::Input(format!("cannot write {target}: {e}")));
        }
        temps.push((temp, target));
    }
    for (i, (temp, target)) in temps.iter().enumerate() {
        if let Err(e) = fs::rename(temp, target) {
            cleanup(&temps[i..]);
            // Undo what was already moved, so no output is left half-made.
            for (_, done) in &temps[..i] {
                let _ = fs::remove_file(done);
            }
            return Err(Failed::Input(format!("cannot write {target}: {e}")));
        }
    }
    Ok(())
}
