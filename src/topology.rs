//! Reading a topology export: both formats, every encoding administrators produce, and the
//! model the planner works on. Pure Rust with no web dependency.
//!
//! In two layers: the [`document`] (the bytes as text, the text as an element tree that keeps
//! every span) and the [`model`] read from it (sites, pools, services, Edge pools, findings).
//! [`TopologyFile::read`] runs one after the other. [`pairing`] and [`addresses`] ask both on
//! demand, for the plans that need them; [`inference`] holds every reading of the format that
//! is inferred rather than confirmed. The names the rest of the crate uses are re-exported here.

pub mod addresses;
pub mod document;
/// Names no DNS name can hold, as templates leave them.
pub mod analyse_names {
    pub use super::model::analyse::is_placeholder_name;
}
mod fingerprint;
pub mod inference;
pub mod model;
pub mod pairing;

pub use document::{error, position, source, xml};
pub use model::{by_name, findings};

pub use error::LoadError;
pub use findings::{Finding, FindingKind, Severity};
pub use fingerprint::Fingerprint;
pub use model::*;
pub use position::Position;
pub use source::{LineEnding, SourceText, TextEncoding};
pub use xml::XmlDocument;

/// A loaded topology file: its text with every span, how it was encoded, and the model.
#[derive(Clone, Debug)]
pub struct TopologyFile {
    pub doc: XmlDocument,
    pub topology: Topology,
}

impl TopologyFile {
    /// Reads a topology export from its bytes.
    ///
    /// ```
    /// use edge_failover_planner::topology::TopologyFile;
    ///
    /// // In practice: std::fs::read("topology.xml")?
    /// let bytes = edge_failover_planner::session::SAMPLE_TOPOLOGY.as_bytes();
    /// let file = TopologyFile::read(bytes)?;
    /// assert_eq!(file.topology.edge_pools.len(), 2);
    /// // Nothing is lost: written back, it is the file it was, byte for byte.
    /// assert_eq!(file.to_bytes(), bytes);
    /// # Ok::<(), edge_failover_planner::topology::LoadError>(())
    /// ```
    pub fn read(bytes: &[u8]) -> Result<TopologyFile, LoadError> {
        let source = SourceText::decode(bytes)?;
        let encoding = source.encoding;
        let doc = XmlDocument::parse(source.text)?;
        let mut topology = model::read::read(&doc, encoding)?;
        model::analyse::analyse(&doc, &mut topology);
        Ok(TopologyFile { doc, topology })
    }

    pub fn encoding(&self) -> TextEncoding {
        self.topology.encoding
    }

    /// The file as it was loaded, byte for byte.
    pub fn to_bytes(&self) -> Vec<u8> {
        source::encode(self.doc.text(), self.topology.encoding)
    }
}
