//! Why a file could not be read as a topology, in words an administrator can act on.

use thiserror::Error;

use super::position::Position;

/// A file that is not a topology the planner can read. Every variant that concerns a place in
/// the file carries its position.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum LoadError {
    #[error("The file is empty. Export the topology with (Get-CsTopology -AsXml).ToString() > topology.xml and load that file.")]
    Empty,

    #[error("The file is {} and the planner reads topology exports of up to {}. Real exports are a few MB at most; check that this is the right file.", megabytes(*size), megabytes(*limit))]
    TooLarge { size: u64, limit: u64 },

    #[error("This is a ZIP archive (perhaps from Export-CsConfiguration), not a topology. Export the topology itself with (Get-CsTopology -AsXml).ToString() > topology.xml, or save it from Topology Builder.")]
    ZipArchive,

    #[error("This looks like a binary file, not a topology export (binary data at {position}).")]
    Binary { position: Position },

    #[error("The file is not valid UTF-8 at {position} (byte 0x{byte:02X}). Topology exports are UTF-8 or UTF-16; save the file in one of those encodings and load it again.")]
    InvalidUtf8 { byte: u8, position: Position },

    #[error("The file is UTF-16 but has an odd number of bytes, so it was cut off. Export the topology again.")]
    TruncatedUtf16,

    #[error("The UTF-16 text is damaged at {position} (an unpaired surrogate). Export the topology again.")]
    UnpairedSurrogate { position: Position },

    #[error("The file declares the encoding \"{encoding}\", which the planner cannot write back unchanged. Save it as UTF-8 or UTF-16 and load it again.")]
    UnsupportedEncoding { encoding: String },

    #[error(
        "This is not XML: it starts with {start:?} at {position}. A topology export starts with <Topology or <?xml."
    )]
    NotXml { start: String, position: Position },

    #[error("This is PowerShell's error text, not a topology export (it starts with {start:?} at {position}): fix what it says, and run the export in the Skype for Business Server Management Shell (the Lync Server Management Shell for Lync Server 2013) on a Front End server, as a member of RTCUniversalServerAdmins: (Get-CsTopology -AsXml).ToString() > topology.xml")]
    PowerShellError { start: String, position: Position },

    #[error("The XML is not well-formed at {position}: {message}.")]
    Malformed { message: String, position: Position },

    #[error(
        "The file ends before <{element}> (opened at {opened}) is closed: it was cut off. Export the topology again."
    )]
    Truncated { element: String, opened: Position },

    #[error("The file holds no XML element.")]
    NoRootElement,

    #[error(
        "There is more after the end of the topology, at {position}. A topology file holds exactly one root element."
    )]
    TrailingContent { position: Position },

    #[error("The file has a DOCTYPE declaration at {position}. Topology exports never have one, and the planner refuses it because it can define entities (as in the \"billion laughs\" and external-entity attacks).")]
    Doctype { position: Position },

    #[error("The entity &{name}; at {position} is not defined in XML. Only &amp; &lt; &gt; &quot; &apos; and character references are allowed.")]
    UnknownEntity { name: String, position: Position },

    #[error("The elements are nested more than {limit} deep at {position}. A topology export is nested about ten deep; this is not one.")]
    TooDeep { limit: usize, position: Position },

    #[error("The root element is <{found}> at {position}; a topology is <Topology> (from Get-CsTopology -AsXml) or <TopologyBuilder> (a Topology Builder .tbxml file).")]
    WrongRoot { found: String, position: Position },

    #[error("<{element}> at {position} is in the namespace \"{found}\", not \"{expected}\". This is not a Lync Server or Skype for Business Server topology.")]
    WrongNamespace {
        element: String,
        found: String,
        expected: String,
        position: Position,
    },

    #[error("The Topology Builder file has no <{missing}> under <{parent}> (at {position}), so it holds no topology to plan with.")]
    MissingElement {
        parent: String,
        missing: String,
        position: Position,
    },
}

impl LoadError {
    /// Where in the file the problem is, when it is at a place.
    pub fn position(&self) -> Option<Position> {
        use LoadError::*;
        match self {
            Binary { position }
            | InvalidUtf8 { position, .. }
            | UnpairedSurrogate { position }
            | NotXml { position, .. }
            | PowerShellError { position, .. }
            | Malformed { position, .. }
            | TrailingContent { position }
            | Doctype { position }
            | UnknownEntity { position, .. }
            | TooDeep { position, .. }
            | WrongRoot { position, .. }
            | WrongNamespace { position, .. }
            | MissingElement { position, .. } => Some(*position),
            Truncated { opened, .. } => Some(*opened),
            Empty | TooLarge { .. } | ZipArchive | TruncatedUtf16 | UnsupportedEncoding { .. } | NoRootElement => None,
        }
    }
}

/// A size in megabytes with one decimal ("4.2 MB"), in integer arithmetic: formatting a float
/// would add ten kilobytes of code to the page.
pub fn megabytes(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    let tenths = (bytes * 10 + MB / 2) / MB;
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

/// A file's size as the page shows it: whole kilobytes (rounded up) below a megabyte.
pub fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        megabytes(bytes)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(0), "0 KB");
        assert_eq!(human_size(1), "1 KB");
        assert_eq!(human_size(42_267), "42 KB");
        assert_eq!(human_size(1024 * 1024), "1.0 MB");
        assert_eq!(human_size(3_985_282), "3.8 MB");
        assert_eq!(megabytes(100 * 1024 * 1024), "100.0 MB");
        assert_eq!(megabytes(1024 * 1024 * 96 / 100), "1.0 MB");
        assert_eq!(megabytes(1024 * 1024 * 94 / 100), "0.9 MB");
        assert_eq!(megabytes(1024 * 1024 * 21 / 20 - 1), "1.0 MB");
    }
}
