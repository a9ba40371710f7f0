//! The document: a file's bytes as text in the encoding it came in ([`source`]), that text as
//! an element tree that keeps where every element and value sits ([`xml`]), and places in it
//! as line and column ([`position`]). It knows XML, not topologies: the model is read from it.
//! [`error`] says why a file could not be read, at either layer: all but three of its cases
//! are the document's, and the model adds the ones that say the XML is not a topology.

pub mod error;
pub mod position;
pub mod source;
pub mod xml;
