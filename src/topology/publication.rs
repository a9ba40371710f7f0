//! Whether a file is the topology that is published, as far as the file itself can say. A
//! `Get-CsTopology -AsXml` export is what was published when it was taken; a Topology Builder
//! file may hold a topology never published, or edits not published yet. See
//! [`super::inference::TOPOLOGY_BUILDER_PUBLISHED`].

use serde::Serialize;

use super::document::xml::{ElementId, XmlDocument};
use super::{Format, TopologyFile};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Publication {
    /// An export of the published topology (`Get-CsTopology -AsXml`).
    Export,
    /// A Topology Builder file that says nothing against being what is published.
    Published,
    /// A Topology Builder file whose topology says it was never published
    /// (`PartialTopology IsPublished="false"`).
    NeverPublished,
    /// A Topology Builder file whose `NewTopology` differs from the `OriginalTopology` it was
    /// downloaded as: edits not published yet.
    UnpublishedChanges,
}

impl Publication {
    /// Whether the file may not be the topology that runs: a plan made from it could undo or
    /// miss what is published.
    pub fn is_doubtful(self) -> bool {
        matches!(self, Publication::NeverPublished | Publication::UnpublishedChanges)
    }
}

pub fn of(file: &TopologyFile) -> Publication {
    if file.topology.format != Format::TopologyBuilder {
        return Publication::Export;
    }
    let doc = &file.doc;
    let root = doc.root();
    let partial = |copy: &str| doc.child(root, copy).and_then(|c| doc.child(c, "PartialTopology"));
    let Some(new) = partial("NewTopology") else {
        return Publication::Published;
    };
    if doc
        .attr(new, "IsPublished")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("false"))
    {
        return Publication::NeverPublished;
    }
    match partial("OriginalTopology") {
        Some(original) if !same_children(doc, original, new) => Publication::UnpublishedChanges,
        _ => Publication::Published,
    }
}

/// Whether two elements hold the same content: the same children, in order, with the same
/// names, namespaces, attribute values (in any order) and text, whatever the whitespace and
/// indentation between them. Their own attributes (a signature) are not compared.
fn same_children(doc: &XmlDocument, a: ElementId, b: ElementId) -> bool {
    let (mut xs, mut ys) = (doc.children(a), doc.children(b));
    loop {
        match (xs.next(), ys.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) => {
                if !same_element(doc, x, y) {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

fn same_element(doc: &XmlDocument, a: ElementId, b: ElementId) -> bool {
    if doc.name(a) != doc.name(b) || doc.namespace(a) != doc.namespace(b) {
        return false;
    }
    let attrs = |e: ElementId| {
        let mut v: Vec<(String, String)> = doc
            .attr_values(e)
            .filter(|(n, _)| *n != "xmlns" && !n.starts_with("xmlns:"))
            .map(|(n, v)| (n.to_owned(), v.into_owned()))
            .collect();
        crate::order::sort(&mut v);
        v
    };
    if attrs(a) != attrs(b) {
        return false;
    }
    match (doc.children(a).next(), doc.children(b).next()) {
        (None, None) => doc.text_content(a).trim() == doc.text_content(b).trim(),
        _ => same_children(doc, a, b),
    }
}
