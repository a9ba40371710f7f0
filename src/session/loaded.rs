//! A topology the user loaded, with what the page shows of it, and the built-in sample.

use crate::topology::by_name::Summary;
use crate::topology::{Fingerprint, LoadError, TopologyFile};

/// A topology the user loaded, with what the page shows of it.
#[derive(Debug)]
pub struct Loaded {
    pub name: String,
    pub file: TopologyFile,
    pub summary: Summary,
    /// Identifies the file in saved plans and share links without holding it.
    pub fingerprint: Fingerprint,
}

impl Loaded {
    pub fn read(name: impl Into<String>, bytes: &[u8]) -> Result<Loaded, LoadError> {
        let file = TopologyFile::read(bytes)?;
        let summary = Summary::of(&file.topology);
        let fingerprint = Fingerprint::of(bytes, file.topology.signature.as_deref());
        Ok(Loaded {
            name: name.into(),
            file,
            summary,
            fingerprint,
        })
    }

    /// The built-in sample, so the page does its job with no file of the user's.
    pub fn sample() -> Loaded {
        // Not expect(): that would link LoadError's Debug into the page for this one call.
        match Loaded::read(SAMPLE_NAME, SAMPLE_TOPOLOGY.as_bytes()) {
            Ok(loaded) => loaded,
            Err(e) => panic!("the built-in sample does not load: {e}"),
        }
    }
}

pub const SAMPLE_NAME: &str = "fabrikam-sample-topology.xml";
pub const SAMPLE_TOPOLOGY: &str = include_str!("../sample.xml");
