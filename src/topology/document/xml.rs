//! A read-only element tree that remembers where every element and attribute value sits in the
//! text, so the editor can splice the original text instead of re-serialising it.
//!
//! quick-xml does the tokenising; this layer adds the byte spans, namespace resolution and the
//! limits that make a file from a stranger safe to read (no DOCTYPE, bounded depth, only the
//! predefined entities). As in roxmltree, the tree (`tree.rs`) is apart from what builds it
//! (`build.rs`).

mod build;
mod tree;

pub use build::MAX_DEPTH;
pub use tree::{Children, Element, ElementId, XmlDocument};
