//! The document: a file's bytes as text in the encoding it came in ([`source`]), that text as
//! an element tree that keeps where every element and value sits ([`xml`]), and places in it
//! as line and column ([`position`]). It knows XML, not topologies: the model is read from it.

pub mod position;
pub mod source;
pub mod xml;
