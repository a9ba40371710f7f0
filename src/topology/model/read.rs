//! From the element tree to the [`Topology`] model, for both export formats: the root says
//! which format the file is, that format's reader reads its sites, clusters and services into
//! a [`Reader`] (`get_cs_topology` for `Get-CsTopology -AsXml`, `topology_builder` for `.tbxml`), and the references between them are resolved
//! once all are known (`resolve`).

mod get_cs_topology;
mod reader;
mod resolve;
mod topology_builder;

use reader::Reader;

use super::{Format, Topology};
use crate::topology::document::error::LoadError;
use crate::topology::document::source::TextEncoding;
use crate::topology::document::xml::{ElementId, XmlDocument};

pub const NS_TOPOLOGY: &str = "urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008";
pub const NS_TOPOLOGY_BUILDER: &str = "urn:schema:Microsoft.Rtc.Management.Deploy.TopologyBuilder.2008";
pub const NS_WRITABLE_TOPOLOGY: &str = "urn:schema:Microsoft.Rtc.Management.Deploy.WritableTopology.2008";

pub fn read(doc: &XmlDocument, encoding: TextEncoding) -> Result<Topology, LoadError> {
    let root = doc.root();
    let (format, body) = match doc.name(root) {
        "Topology" => {
            expect_namespace(doc, root, NS_TOPOLOGY)?;
            (Format::Published, root)
        }
        "TopologyBuilder" => {
            expect_namespace(doc, root, NS_TOPOLOGY_BUILDER)?;
            let new = doc
                .child(root, "NewTopology")
                .ok_or_else(|| missing(doc, root, "NewTopology"))?;
            let partial = doc
                .child(new, "PartialTopology")
                .ok_or_else(|| missing(doc, new, "PartialTopology"))?;
            expect_namespace(doc, partial, NS_WRITABLE_TOPOLOGY)?;
            (Format::TopologyBuilder, partial)
        }
        other => {
            return Err(LoadError::WrongRoot {
                found: other.to_owned(),
                position: doc.element_position(root),
            })
        }
    };
    let mut reader = Reader::new(doc, format, encoding, body);
    reader.domains(body);
    match format {
        Format::Published => reader.get_cs_topology(body),
        Format::TopologyBuilder => reader.topology_builder(body),
    }
    reader.resolve();
    Ok(reader.topology)
}

fn expect_namespace(doc: &XmlDocument, id: ElementId, expected: &str) -> Result<(), LoadError> {
    let found = doc.namespace(id);
    if found == expected {
        Ok(())
    } else {
        Err(LoadError::WrongNamespace {
            element: doc.name(id).to_owned(),
            found: if found.is_empty() {
                "(none)".into()
            } else {
                found.to_owned()
            },
            expected: expected.to_owned(),
            position: doc.element_position(id),
        })
    }
}

fn missing(doc: &XmlDocument, parent: ElementId, name: &str) -> LoadError {
    LoadError::MissingElement {
        parent: doc.name(parent).to_owned(),
        missing: name.to_owned(),
        position: doc.element_position(parent),
    }
}
