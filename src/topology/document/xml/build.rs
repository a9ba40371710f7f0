//! Making the element tree from the text: quick-xml tokenises, and this adds the byte spans,
//! namespace resolution and the limits that make a file from a stranger safe to read.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use quick_xml::events::{BytesRef, BytesStart, BytesText, Event};
use quick_xml::Reader;

use super::tree::{Attr, Element, ElementId, XmlDocument};
use crate::topology::document::error::LoadError;
use crate::topology::document::position::{LineIndex, Position};

/// Real exports nest about ten deep; this leaves room for any plausible extension while
/// keeping a hostile 10,000-deep file from costing anything.
pub const MAX_DEPTH: usize = 256;

impl XmlDocument {
    pub fn parse(text: String) -> Result<XmlDocument, LoadError> {
        let mut doc = Builder::new(&text).build()?;
        doc.text = text;
        Ok(doc)
    }
}

/// One pass over quick-xml's events, with what is open at each point.
struct Builder<'t> {
    text: &'t str,
    /// The tree so far; its text is set once the tree is built.
    doc: XmlDocument,
    stack: Vec<ElementId>,
    /// Namespace bindings in force: (prefix, namespace index); "" is the default namespace.
    scopes: Vec<(String, u16)>,
    /// For each open element: how many bindings it pushed, and its last child so far.
    last_child: Vec<(usize, Option<ElementId>)>,
    /// The root element has ended: only comments, PIs and whitespace may follow.
    root_closed: bool,
    /// The attribute names of an element with many (see [`Builder::is_duplicate`]).
    seen: HashSet<&'t str>,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str) -> Builder<'t> {
        Builder {
            text,
            doc: XmlDocument {
                // Real exports have an element every 90 to 130 bytes and an attribute every
                // 30 to 35: sized so that the tables rarely grow (growing copies them and
                // briefly holds both).
                elements: Vec::with_capacity(text.len() / 88),
                attrs: Vec::with_capacity(text.len() / 28),
                namespaces: vec![String::new()],
                lines: OnceLock::new(),
                text: String::new(),
            },
            stack: Vec::new(),
            scopes: Vec::new(),
            last_child: Vec::new(),
            root_closed: false,
            seen: HashSet::new(),
        }
    }

    fn build(mut self) -> Result<XmlDocument, LoadError> {
        self.check_start()?;
        let mut reader = Reader::from_str(self.text);
        reader.config_mut().check_end_names = true;
        loop {
            let before = reader.buffer_position() as usize;
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(e) => return Err(self.syntax_error(&e, reader.error_position() as usize)),
            };
            let after = reader.buffer_position() as usize;
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let self_closing = matches!(event, Event::Empty(_));
                    self.start_element(e, before, after, self_closing)?;
                }
                Event::End(_) => self.end_element(before, after)?,
                Event::DocType(_) => {
                    return Err(LoadError::Doctype {
                        position: self.pos(before),
                    })
                }
                Event::GeneralRef(ref r) => self.reference(r, before)?,
                Event::Text(ref t) if self.stack.is_empty() => self.text_outside_root(t, before)?,
                Event::CData(_) if self.stack.is_empty() => {
                    return Err(LoadError::Malformed {
                        message: "CDATA outside the root element".into(),
                        position: self.pos(before),
                    })
                }
                Event::Eof => break,
                Event::Text(_) | Event::CData(_) | Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
            }
        }
        self.check_end()?;
        Ok(self.doc)
    }

    /// Refuses a file that does not start as XML, saying what it starts with instead.
    fn check_start(&self) -> Result<(), LoadError> {
        let text = self.text;
        if text.starts_with('\u{feff}') {
            // The file's own byte order mark was taken off when it was decoded, so this is a
            // second one: .NET reads it as text before the root element, so Publish-CsTopology
            // would refuse the file. quick-xml would skip it unseen, and every position after
            // it would be off by its length.
            return Err(LoadError::Malformed {
                message: "a second byte order mark (U+FEFF) before the root element".into(),
                position: self.pos(0),
            });
        }
        let first = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        // A saved web page is a wrong file, not a DOCTYPE attack; say what it is.
        let html = first
            .get(..14)
            .is_some_and(|s| s.eq_ignore_ascii_case("<!DOCTYPE html"));
        if !first.starts_with('<') || html {
            let offset = text.len() - first.len();
            if !html && is_powershell_error(first) {
                return Err(LoadError::PowerShellError {
                    start: first.lines().next().unwrap_or_default().chars().take(40).collect(),
                    position: self.pos(offset),
                });
            }
            let start: String = first.chars().take(12).collect();
            return Err(LoadError::NotXml {
                start,
                position: self.pos(offset),
            });
        }
        Ok(())
    }

    /// A start tag (or an empty element's tag) from `before` to `after`: the element with its
    /// attributes and namespace, linked under the element that is open.
    fn start_element(
        &mut self,
        e: &BytesStart<'_>,
        before: usize,
        after: usize,
        self_closing: bool,
    ) -> Result<(), LoadError> {
        if self.root_closed {
            return Err(LoadError::TrailingContent {
                position: self.pos(before),
            });
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(LoadError::TooDeep {
                limit: MAX_DEPTH,
                position: self.pos(before),
            });
        }
        let name = e.name().into_inner();
        let id = self.doc.elements.len();
        let attr_start = self.doc.attrs.len() as u32;
        let bindings = self.attributes(e.attributes_raw())?;
        let (prefix, local_offset) = match name.bytes().position(|b| b == b':') {
            Some(i) => (&name[..i], i + 1),
            None => ("", 0),
        };
        let namespace = self.namespace_of(prefix);
        let parent = self.stack.last().copied();
        if parent.is_none() && id != 0 {
            return Err(LoadError::TrailingContent {
                position: self.pos(before),
            });
        }
        self.doc.elements.push(Element {
            start: before as u32,
            start_tag_end: after as u32,
            content_end: after as u32,
            end: after as u32,
            self_closing,
            name_len: name.len().min(u16::MAX as usize) as u16,
            local_offset: local_offset as u16,
            namespace,
            attrs: attr_start..self.doc.attrs.len() as u32,
            parent: parent.map(|p| p as u32),
            first_child: None,
            next_sibling: None,
        });
        self.link(id, parent);
        if self_closing {
            self.scopes.truncate(self.scopes.len() - bindings);
            if parent.is_none() {
                self.root_closed = true;
            }
        } else {
            self.stack.push(id);
            self.last_child.push((bindings, None));
        }
        Ok(())
    }

    /// Adds a start tag's attributes (`raw`, the tag's text after its name) to the table,
    /// each checked, and binds the namespaces they declare; returns how many it bound.
    fn attributes(&mut self, raw: &str) -> Result<usize, LoadError> {
        let attr_start = self.doc.attrs.len();
        let raw_start = raw.as_ptr() as usize - self.text.as_ptr() as usize;
        let mut bindings = 0;
        // Read here rather than by quick-xml's iterator: this runs for every element, and a
        // plain scan of the tag costs a fraction.
        let mut at = 0;
        loop {
            let (key, value, escaped) = match next_attribute(raw, &mut at) {
                Ok(Some(found)) => found,
                Ok(None) => return Ok(bindings),
                Err(message) => {
                    return Err(LoadError::Malformed {
                        message: format!("bad attribute: {message}"),
                        position: self.pos(raw_start + at),
                    })
                }
            };
            let key_start = raw_start + key.start;
            let value_start = raw_start + value.start;
            let key_bytes = &raw.as_bytes()[key.clone()];
            if escaped {
                self.check_references(&raw[value.clone()], value_start)?;
            }
            if self.is_duplicate(attr_start, key_bytes, key_start) {
                return Err(LoadError::Malformed {
                    message: format!("bad attribute: {} appears twice", &raw[key]),
                    position: self.pos(key_start),
                });
            }
            if declares_namespace(key_bytes) {
                self.bind_namespace(&raw[key.clone()], &raw[value.clone()]);
                bindings += 1;
            }
            self.doc.attrs.push(Attr {
                name: key_start as u32..(key_start + key_bytes.len()) as u32,
                value: value_start as u32..(value_start + value.len()) as u32,
                escaped,
            });
        }
    }

    /// Whether the element whose attributes start at `attr_start` in the table already has one
    /// called `name`, which is at `at` in the text. Elements have a handful of attributes; a
    /// hostile one with thousands is checked with a set, so the check stays linear.
    fn is_duplicate(&mut self, attr_start: usize, name: &[u8], at: usize) -> bool {
        let text = self.text;
        let kept = &self.doc.attrs[attr_start..];
        if kept.len() < 16 {
            let bytes = text.as_bytes();
            return kept.iter().any(|a| {
                let kept_name = a.name.start as usize..a.name.end as usize;
                kept_name.len() == name.len() && &bytes[kept_name] == name
            });
        }
        if kept.len() == 16 {
            self.seen.clear();
            self.seen
                .extend(kept.iter().map(|a| &text[a.name.start as usize..a.name.end as usize]));
        }
        !self.seen.insert(&text[at..at + name.len()])
    }

    /// Binds the namespace `uri` to the prefix an `xmlns` or `xmlns:p` attribute declares, for
    /// the element and what it holds.
    fn bind_namespace(&mut self, attribute: &str, uri: &str) {
        let prefix = attribute
            .strip_prefix("xmlns")
            .unwrap_or_default()
            .trim_start_matches(':');
        let ns = self.intern(uri);
        self.scopes.push((prefix.to_owned(), ns));
    }

    /// The namespace bound to `prefix` ("" for the default namespace) where the parser is.
    fn namespace_of(&self, prefix: &str) -> u16 {
        self.scopes
            .iter()
            .rev()
            // Most elements have no prefix: that case needs no string compare.
            .find(|(p, _)| p.len() == prefix.len() && (prefix.is_empty() || p == prefix))
            .map_or(0, |(_, ns)| *ns)
    }

    /// Links a new element after the last child so far of the element that is open.
    fn link(&mut self, id: ElementId, parent: Option<ElementId>) {
        if let Some(last) = self.last_child.last_mut() {
            match last.1 {
                Some(prev) => self.doc.elements[prev].next_sibling = Some(id as u32),
                None => self.doc.elements[parent.unwrap_or_default()].first_child = Some(id as u32),
            }
            last.1 = Some(id);
        }
    }

    /// An end tag from `before` to `after` closes the element that is open.
    fn end_element(&mut self, before: usize, after: usize) -> Result<(), LoadError> {
        let Some(id) = self.stack.pop() else {
            return Err(LoadError::Malformed {
                message: "an end tag without a start tag".into(),
                position: self.pos(before),
            });
        };
        let (bindings, _) = self.last_child.pop().unwrap_or_default();
        self.scopes.truncate(self.scopes.len() - bindings);
        let e = &mut self.doc.elements[id];
        e.content_end = before as u32;
        e.end = after as u32;
        if self.stack.is_empty() {
            self.root_closed = true;
        }
        Ok(())
    }

    /// A reference in text at `at`: one XML defines, inside the root element.
    fn reference(&self, r: &BytesRef<'_>, at: usize) -> Result<(), LoadError> {
        self.check_references(&format!("&{};", r.xml10_content()), at)?;
        if self.stack.is_empty() {
            return Err(LoadError::TrailingContent { position: self.pos(at) });
        }
        Ok(())
    }

    /// Text at `at` outside the root element: only whitespace may stand there.
    fn text_outside_root(&self, t: &BytesText<'_>, at: usize) -> Result<(), LoadError> {
        if t.xml10_content().trim().is_empty() {
            return Ok(());
        }
        let skipped = t.len() - t.xml10_content().trim_start().len();
        let position = self.pos(at + skipped);
        Err(if self.root_closed {
            LoadError::TrailingContent { position }
        } else {
            LoadError::Malformed {
                message: "text before the root element".into(),
                position,
            }
        })
    }

    /// At the end of the file: one root element, closed.
    fn check_end(&self) -> Result<(), LoadError> {
        if let Some(err) = self.unclosed_at_eof(self.text.len()) {
            return Err(err);
        }
        if self.doc.elements.is_empty() {
            return Err(LoadError::NoRootElement);
        }
        Ok(())
    }

    /// quick-xml's error at `at`, unless the file was cut off there.
    fn syntax_error(&self, e: &quick_xml::Error, at: usize) -> LoadError {
        self.unclosed_at_eof(at).unwrap_or_else(|| LoadError::Malformed {
            message: describe(e),
            position: self.pos(at),
        })
    }

    /// A file cut off in the middle reads as "unclosed"; say so with the element it cut.
    fn unclosed_at_eof(&self, at: usize) -> Option<LoadError> {
        let rest = &self.text[at.min(self.text.len())..];
        let at_end = rest.find('<').is_none() || !rest.contains('>');
        let &open = self.stack.last()?;
        at_end.then(|| LoadError::Truncated {
            element: self.doc_name(open).to_owned(),
            opened: self.pos(self.doc.elements[open].start as usize),
        })
    }

    fn doc_name(&self, id: ElementId) -> &'t str {
        let e = &self.doc.elements[id];
        &self.text[e.start as usize + 1..e.start as usize + 1 + e.name_len as usize]
    }

    /// Checks that the references in `raw`, which starts at `at` in the text, are ones XML
    /// defines: the predefined entities and character references.
    fn check_references(&self, raw: &str, at: usize) -> Result<(), LoadError> {
        use quick_xml::escape::EscapeError;
        match quick_xml::escape::unescape(raw) {
            Ok(_) => Ok(()),
            Err(EscapeError::UnrecognizedEntity(range, name)) => Err(LoadError::UnknownEntity {
                name,
                position: self.pos(at + range.start.saturating_sub(1)),
            }),
            Err(other) => {
                let offset = raw.find('&').unwrap_or_default();
                Err(LoadError::Malformed {
                    message: other.to_string(),
                    position: self.pos(at + offset),
                })
            }
        }
    }

    fn intern(&mut self, ns: &str) -> u16 {
        if let Some(i) = self.doc.namespaces.iter().position(|n| n == ns) {
            return i as u16;
        }
        self.doc.namespaces.push(ns.to_owned());
        (self.doc.namespaces.len() - 1) as u16
    }

    fn pos(&self, offset: usize) -> Position {
        // Only errors ask, once: the document is not built yet, so index the text here.
        LineIndex::new(self.text).position(self.text, offset)
    }
}

/// Whether an attribute of this name declares a namespace: `xmlns`, or `xmlns:` and a prefix.
fn declares_namespace(name: &[u8]) -> bool {
    name.len() >= 5 && name[0] == b'x' && name[..5] == *b"xmlns" && (name.len() == 5 || name[5] == b':')
}

/// An attribute's name and raw value, as ranges, and whether the value holds a reference.
type AttributeSpans = (Range<usize>, Range<usize>, bool);

/// The next attribute of a start tag's attribute text (`raw`, after the element name) from
/// `at`, as the ranges of its name and its raw value within `raw`; `None` after the last.
/// On an error `at` is where it is. Plain loops over bytes: this runs over most of the bytes
/// of every file, and the release profile optimises for size, which leaves iterator
/// adapters and closures as calls.
fn next_attribute(raw: &str, at: &mut usize) -> Result<Option<AttributeSpans>, &'static str> {
    let b = raw.as_bytes();
    let n = b.len();
    let mut i = *at;
    while i < n && is_space(b[i]) {
        i += 1;
    }
    *at = i;
    if i == n {
        return Ok(None);
    }
    let name = i;
    i = name_end(b, i);
    if i == name {
        return Err("an attribute without a name");
    }
    let name = name..i;
    while i < n && is_space(b[i]) {
        i += 1;
    }
    *at = i;
    if i == n || b[i] != b'=' {
        return Err("an attribute name must be followed by `=` and a quoted value");
    }
    i += 1;
    while i < n && is_space(b[i]) {
        i += 1;
    }
    *at = i;
    if i == n {
        return Err("an attribute has no value");
    }
    let quote = b[i];
    if quote != b'"' && quote != b'\'' {
        return Err("an attribute value must be in quotes");
    }
    i += 1;
    let value = i;
    // Values are the bulk of a tag's bytes (GUIDs, FQDNs): memchr finds the closing quote a
    // word at a time, where a byte loop costs a sixth of the whole load.
    let (end, escaped) = match memchr::memchr2(quote, b'&', &b[value..]) {
        Some(len) if b[value + len] == quote => (value + len, false),
        Some(len) => match memchr::memchr(quote, &b[value + len..]) {
            Some(rest) => (value + len + rest, true),
            None => return Err("an attribute value is not closed"),
        },
        None => return Err("an attribute value is not closed"),
    };
    *at = end + 1;
    Ok(Some((name, value..end, escaped)))
}

/// The end of an attribute name starting at `i`: the first `=` or XML space, or the end.
/// Eight bytes at a time: names are the one part of a tag no library call scans, and a byte
/// loop over them cost a quarter of building the tree.
fn name_end(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = b.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let word = u64::from_le_bytes(*chunk);
        // A byte below 0x21 (every XML space, and control bytes, checked one by one below)
        // or equal to `=`; the lowest flagged byte is exact, which is the only one used.
        let equals = word ^ (ONES * u64::from(b'='));
        let flags = (equals.wrapping_sub(ONES) & !equals | word.wrapping_sub(ONES * 0x21) & !word) & HIGH;
        if flags != 0 {
            i += flags.trailing_zeros() as usize / 8;
            if b[i] == b'=' || is_space(b[i]) {
                return i;
            }
            // A control byte inside a name: not an end; go on byte by byte.
            i += 1;
            break;
        }
        i += 8;
    }
    while i < b.len() && b[i] != b'=' && !is_space(b[i]) {
        i += 1;
    }
    i
}

#[inline(always)]
fn is_space(c: u8) -> bool {
    c == b' ' || c == b'\n' || c == b'\r' || c == b'\t'
}

fn describe(e: &quick_xml::Error) -> String {
    let s = e.to_string();
    // quick-xml's messages are good but start lowercase with a technical prefix.
    s.trim_start_matches("syntax error: ")
        .trim_start_matches("ill-formed document: ")
        .to_owned()
}

/// What PowerShell writes when a command fails: "Get-CsTopology : The term 'Get-CsTopology'
/// is not recognized…", then "+ CategoryInfo …" and "+ FullyQualifiedErrorId …". A shell
/// without the Lync or Skype for Business module gives exactly this.
fn is_powershell_error(text: &str) -> bool {
    let head = &text[..text.floor_char_boundary(4096)];
    let first = head.lines().next().unwrap_or_default();
    let command_colon = first
        .split_once(" : ")
        .is_some_and(|(command, _)| command.contains('-') && !command.contains(' '));
    command_colon || head.contains("FullyQualifiedErrorId") || head.contains("+ CategoryInfo")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<XmlDocument, LoadError> {
        XmlDocument::parse(s.to_owned())
    }

    #[test]
    fn hostile_and_broken_inputs() {
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><lolz>&lol2;</lolz>";
        assert!(matches!(parse(bomb), Err(LoadError::Doctype { .. })));
        assert!(matches!(parse("<a>&foo;</a>"), Err(LoadError::UnknownEntity { .. })));
        assert!(matches!(
            parse("<a x=\"&foo;\"/>"),
            Err(LoadError::UnknownEntity { .. })
        ));
        assert!(matches!(parse("hello"), Err(LoadError::NotXml { .. })));
        assert!(matches!(parse("<a><b></a>"), Err(LoadError::Malformed { .. })));
        assert!(matches!(parse("<a/><b/>"), Err(LoadError::TrailingContent { .. })));
        assert!(matches!(parse("<a></a>x"), Err(LoadError::TrailingContent { .. })));
        assert!(matches!(parse("<!-- only -->"), Err(LoadError::NoRootElement)));
        let deep = "<a>".repeat(10_000);
        assert!(matches!(parse(&deep), Err(LoadError::TooDeep { .. })));
        match parse("<a>\n  <b>\n    <c x=\"1\"") {
            Err(LoadError::Truncated { element, opened }) => {
                assert_eq!(element, "b");
                assert_eq!(opened.line, 2);
            }
            other => panic!("{other:?}"),
        }
        match parse("<a>\n  <b>\n") {
            Err(LoadError::Truncated { element, .. }) => assert_eq!(element, "b"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn attributes_are_read_by_hand_as_xml_says() {
        let doc = parse("<a x = \"1\"\n\t y='2 \"q\"' z=\"a&amp;b\" p:w=\"\"/>").unwrap();
        let values: Vec<(&str, String)> = doc.attr_values(0).map(|(n, v)| (n, v.into_owned())).collect();
        assert_eq!(
            values,
            [
                ("x", "1".into()),
                ("y", "2 \"q\"".into()),
                ("z", "a&b".into()),
                ("p:w", String::new())
            ]
        );
        assert_eq!(&doc.text()[doc.attr_span(0, "z").unwrap()], "a&amp;b");
        for bad in [
            "<a x/>",
            "<a x=1/>",
            "<a x=\"1/>",
            "<a =\"1\"/>",
            "<a x y=\"1\"/>",
            "<a x=\"1\" x=\"2\"/>",
            "<a x=\"&bogus;\"/>",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        // Many attributes: a duplicate far down is still found (the set path), none is fine.
        let many: String = (0..40).map(|i| format!(" a{i}=\"{i}\"")).collect();
        assert!(parse(&format!("<a{many}/>")).is_ok());
        assert!(parse(&format!("<a{many} a3=\"x\"/>")).is_err());
        assert!(parse(&format!("<a{many} a39=\"x\"/>")).is_err());
    }
}
