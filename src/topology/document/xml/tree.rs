//! The element tree: every element and attribute value with where it sits in the text, and
//! the questions the model and the editor ask of it. [`super::build`] makes it.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use crate::topology::document::position::{LineIndex, Position};

pub type ElementId = usize;

#[derive(Clone, Debug)]
pub struct Element {
    /// Offset of `<`.
    pub start: u32,
    /// Offset just after the start tag's `>` (or `/>`).
    pub start_tag_end: u32,
    /// Offset of the end tag's `<`, or `start_tag_end` for an empty element.
    pub content_end: u32,
    /// Offset just after the whole element.
    pub end: u32,
    pub self_closing: bool,
    pub(super) name_len: u16,
    pub(super) local_offset: u16,
    pub(super) namespace: u16,
    pub(super) attrs: Range<u32>,
    // The tree links are 32-bit, as the offsets are: a large topology has tens of thousands
    // of elements, and this keeps each one small.
    pub(super) parent: Option<u32>,
    pub(super) first_child: Option<u32>,
    pub(super) next_sibling: Option<u32>,
}

impl Element {
    /// The parent element (`None` for the root).
    pub fn parent(&self) -> Option<ElementId> {
        self.parent.map(|p| p as ElementId)
    }
}

#[derive(Clone, Debug)]
pub(super) struct Attr {
    pub(super) name: Range<u32>,
    pub(super) value: Range<u32>,
    /// The raw value holds a reference (`&`), so reading it must unescape.
    pub(super) escaped: bool,
}

/// The parsed file: its text and every element with its spans.
#[derive(Clone, Debug)]
pub struct XmlDocument {
    pub(super) text: String,
    pub(super) elements: Vec<Element>,
    pub(super) attrs: Vec<Attr>,
    pub(super) namespaces: Vec<String>,
    /// Built on the first request for a line or column: a load asks only for the few its
    /// findings need, and indexing every line of a large file cost a twentieth of the load.
    pub(super) lines: OnceLock<LineIndex>,
}

impl XmlDocument {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn into_text(self) -> String {
        self.text
    }

    pub fn root(&self) -> ElementId {
        0
    }

    pub fn element(&self, id: ElementId) -> &Element {
        &self.elements[id]
    }

    pub fn element_count(&self) -> usize {
        self.elements.len()
    }

    /// The element's name without its prefix.
    pub fn name(&self, id: ElementId) -> &str {
        &self.text[self.local_name_span(id)]
    }

    /// Where the element's name without its prefix sits in the text.
    fn local_name_span(&self, id: ElementId) -> Range<usize> {
        let e = &self.elements[id];
        e.start as usize + 1 + e.local_offset as usize..e.start as usize + 1 + e.name_len as usize
    }

    /// The element's name as written, prefix included.
    pub fn qualified_name(&self, id: ElementId) -> &str {
        let e = &self.elements[id];
        &self.text[e.start as usize + 1..e.start as usize + 1 + e.name_len as usize]
    }

    /// The namespace URI the element is in ("" for none).
    pub fn namespace(&self, id: ElementId) -> &str {
        &self.namespaces[self.elements[id].namespace as usize]
    }

    pub fn children(&self, id: ElementId) -> Children<'_> {
        Children {
            doc: self,
            next: self.elements[id].first_child.map(|c| c as ElementId),
        }
    }

    /// Children with the given local name, whatever their namespace: real files redeclare the
    /// default namespace freely, so the name is the reliable part.
    pub fn children_named<'a>(&'a self, id: ElementId, name: &'a str) -> impl Iterator<Item = ElementId> + 'a {
        self.children(id).filter(move |c| self.name_is(*c, name))
    }

    /// Whether the element's local name is `name`. Compared as bytes, length first: reading
    /// the model asks this tens of thousands of times, and slicing the text as `str` checks
    /// character boundaries each time.
    fn name_is(&self, id: ElementId, name: &str) -> bool {
        let span = self.local_name_span(id);
        span.len() == name.len() && self.text.as_bytes()[span] == *name.as_bytes()
    }

    /// The attribute called `name`, compared as bytes (see [`XmlDocument::name_is`]).
    fn find_attr(&self, id: ElementId, name: &str) -> Option<&Attr> {
        let e = &self.elements[id];
        let text = self.text.as_bytes();
        self.attrs[e.attrs.start as usize..e.attrs.end as usize]
            .iter()
            .find(|a| {
                let (start, end) = (a.name.start as usize, a.name.end as usize);
                end - start == name.len() && text[start..end] == *name.as_bytes()
            })
    }

    pub fn child(&self, id: ElementId, name: &str) -> Option<ElementId> {
        self.children_named(id, name).next()
    }

    /// The unescaped value of an attribute.
    pub fn attr(&self, id: ElementId, name: &str) -> Option<Cow<'_, str>> {
        let a = self.find_attr(id, name)?;
        let raw = &self.text[a.value.start as usize..a.value.end as usize];
        if a.escaped {
            unescape_checked(raw).into()
        } else {
            Some(Cow::Borrowed(raw))
        }
    }

    /// Where the raw (escaped) value of an attribute sits, without its quotes.
    pub fn attr_span(&self, id: ElementId, name: &str) -> Option<Range<usize>> {
        self.find_attr(id, name)
            .map(|a| a.value.start as usize..a.value.end as usize)
    }

    /// All attributes as (name, unescaped value) in document order.
    pub fn attr_values(&self, id: ElementId) -> impl Iterator<Item = (&str, Cow<'_, str>)> + '_ {
        let e = &self.elements[id];
        self.attrs[e.attrs.start as usize..e.attrs.end as usize]
            .iter()
            .map(|a| {
                let raw = &self.text[a.value.start as usize..a.value.end as usize];
                let value = if a.escaped {
                    unescape_checked(raw)
                } else {
                    Cow::Borrowed(raw)
                };
                (&self.text[a.name.start as usize..a.name.end as usize], value)
            })
    }

    /// All attributes as (name, raw value) in document order.
    pub fn attrs(&self, id: ElementId) -> impl Iterator<Item = (&str, &str)> + '_ {
        let e = &self.elements[id];
        self.attrs[e.attrs.start as usize..e.attrs.end as usize]
            .iter()
            .map(|a| {
                (
                    &self.text[a.name.start as usize..a.name.end as usize],
                    &self.text[a.value.start as usize..a.value.end as usize],
                )
            })
    }

    /// The text inside an element, unescaped (for simple elements such as a site's `Name`).
    pub fn text_content(&self, id: ElementId) -> Cow<'_, str> {
        let e = &self.elements[id];
        let raw = &self.text[e.start_tag_end as usize..e.content_end as usize];
        if let Some(inner) = raw.strip_prefix("<![CDATA[").and_then(|r| r.strip_suffix("]]>")) {
            return Cow::Borrowed(inner);
        }
        unescape_checked(raw)
    }

    /// The source text of the whole element.
    pub fn source(&self, id: ElementId) -> &str {
        let e = &self.elements[id];
        &self.text[e.start as usize..e.end as usize]
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines().position(&self.text, offset)
    }

    pub fn element_position(&self, id: ElementId) -> Position {
        self.position(self.elements[id].start as usize)
    }

    /// Whether lines have been indexed yet: a load whose findings need no position must not
    /// pay for it (a test keeps it so).
    pub fn lines_indexed(&self) -> bool {
        self.lines.get().is_some()
    }

    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// The whitespace that precedes the element on its line, if the element starts its line.
    pub fn indentation(&self, id: ElementId) -> Option<&str> {
        let start = self.elements[id].start as usize;
        let lines = self.lines();
        let line_start = lines.line_start(lines.line_of(start));
        let before = &self.text[line_start..start];
        before.chars().all(|c| c == ' ' || c == '\t').then_some(before)
    }

    /// The span to delete to remove the element cleanly: its whole lines when it stands alone
    /// on them, else just the element.
    pub fn removal_span(&self, id: ElementId) -> Range<usize> {
        let e = &self.elements[id];
        let (start, end) = (e.start as usize, e.end as usize);
        if self.indentation(id).is_none() {
            return start..end;
        }
        let lines = self.lines();
        let line_start = lines.line_start(lines.line_of(start));
        let rest = &self.text[end..];
        let trailing = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let after = &rest[trailing..];
        let eol = if after.starts_with("\r\n") {
            2
        } else if after.starts_with('\n') {
            1
        } else {
            return start..end;
        };
        line_start..end + trailing + eol
    }
}

pub struct Children<'a> {
    doc: &'a XmlDocument,
    next: Option<ElementId>,
}

impl Iterator for Children<'_> {
    type Item = ElementId;
    fn next(&mut self) -> Option<ElementId> {
        let id = self.next?;
        self.next = self.doc.elements[id].next_sibling.map(|s| s as ElementId);
        Some(id)
    }
}

/// Values were checked while parsing, so this cannot fail on a parsed document; a raw value is
/// the safe answer if it ever did.
fn unescape_checked(raw: &str) -> Cow<'_, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
    }
    quick_xml::escape::unescape(raw).unwrap_or(Cow::Borrowed(raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_namespaces() {
        let doc = XmlDocument::parse(
            "<?xml version=\"1.0\"?>\n<a xmlns=\"urn:a\">\n  <b x=\"1 &amp; 2\" y='z'/>\n  <p:c xmlns:p=\"urn:p\"><d/></p:c>\n</a>\n".to_owned(),
        )
        .unwrap();
        let a = doc.root();
        assert_eq!(doc.name(a), "a");
        assert_eq!(doc.namespace(a), "urn:a");
        let kids: Vec<_> = doc.children(a).collect();
        assert_eq!(kids.len(), 2);
        let b = kids[0];
        assert_eq!(doc.attr(b, "x").unwrap(), "1 & 2");
        assert_eq!(&doc.text()[doc.attr_span(b, "x").unwrap()], "1 &amp; 2");
        assert_eq!(doc.attr(b, "y").unwrap(), "z");
        assert_eq!(doc.source(b), "<b x=\"1 &amp; 2\" y='z'/>");
        assert_eq!(doc.indentation(b), Some("  "));
        assert_eq!(&doc.text()[doc.removal_span(b)], "  <b x=\"1 &amp; 2\" y='z'/>\n");
        let c = kids[1];
        assert_eq!(doc.name(c), "c");
        assert_eq!(doc.qualified_name(c), "p:c");
        assert_eq!(doc.namespace(c), "urn:p");
        let d = doc.child(c, "d").unwrap();
        assert_eq!(doc.namespace(d), "urn:a");
        assert_eq!(doc.element_position(d).line, 4);
    }

    #[test]
    fn character_references_are_fine() {
        let doc = XmlDocument::parse("<a n=\"&#233;&#x41;\">x &lt; y</a>".to_owned()).unwrap();
        assert_eq!(doc.attr(0, "n").unwrap(), "éA");
        assert_eq!(doc.text_content(0), "x < y");
    }
}
