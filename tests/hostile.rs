#![cfg(not(target_arch = "wasm32"))]
//! Hostile and broken inputs: every file a stranger (or a bad export) can hand the planner.
//! Each is refused with the exact reason, and where the reason is at a place, the message
//! names its line and column, counted here independently of the library.
//!
//! The documents are made by editing the project's own sample or written inline; the real
//! exports carry no licence and are never copied into the repository.

mod support;

use std::time::{Duration, Instant};

use edge_failover_planner::plan::{self, FailoverRequest, PlanError};
use edge_failover_planner::topology::source::MAX_INPUT_BYTES;
use edge_failover_planner::topology::xml::MAX_DEPTH;
use edge_failover_planner::topology::{FindingKind, LoadError, Severity, TopologyFile};
use support::{encode, sample_text, Encoding};

const NS: &str = "urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008";

fn refused(bytes: &[u8]) -> LoadError {
    match TopologyFile::read(bytes) {
        Ok(_) => panic!(
            "accepted: {:?}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(200)])
        ),
        Err(e) => e,
    }
}

/// Line and column (1-based, in characters) of `offset` in `text`.
fn place(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line as u32, column as u32)
}

/// The place of the first occurrence of `needle`.
fn place_of(text: &str, needle: &str) -> (u32, u32) {
    place(
        text,
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in the text")),
    )
}

/// Checks the error's position and that its message names it.
fn assert_at(e: &LoadError, (line, column): (u32, u32)) {
    let p = e.position().unwrap_or_else(|| panic!("no position in {e:?}"));
    assert_eq!((p.line, p.column), (line, column), "{e}");
    let said = format!("line {line}, column {column}");
    assert!(e.to_string().contains(&said), "the message does not say {said}: {e}");
}

/// `text` with the single occurrence of `from` replaced.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} must occur once");
    text.replacen(from, to, 1)
}

/// `text` with the `n`th (0-based) occurrence of `from` replaced, and the offset it was at.
fn edit_nth(text: &str, from: &str, n: usize, to: &str) -> (String, usize) {
    let at = text
        .match_indices(from)
        .nth(n)
        .unwrap_or_else(|| panic!("{from:?} #{n}"))
        .0;
    (format!("{}{}{}", &text[..at], to, &text[at + from.len()..]), at)
}

fn loads(text: &str) -> TopologyFile {
    let file = TopologyFile::read(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert!(file.to_bytes() == text.as_bytes(), "the round trip changed the file");
    file
}

fn findings_of(file: &TopologyFile, kind: FindingKind) -> Vec<&edge_failover_planner::topology::Finding> {
    file.topology.findings.iter().filter(|f| f.kind == kind).collect()
}

// ---- Not a topology at all ----

#[test]
fn plain_text_is_not_xml() {
    let e = refused(b"Edge pools:\n  edge1.contoso.com\n");
    match &e {
        LoadError::NotXml { start, .. } => assert_eq!(start, "Edge pools:\n"),
        other => panic!("{other:?}"),
    }
    assert_at(&e, (1, 1));
    assert!(e.to_string().starts_with("This is not XML"), "{e}");
}

/// A shell without the Lync or Skype for Business module writes its error where the export
/// should be: said as what it is, with where to run the export instead.
#[test]
fn powershell_error_text_says_where_to_run_the_export() {
    let text = "Get-CsTopology : The term 'Get-CsTopology' is not recognized as the name of a cmdlet, function, script file, or operable program.\r\nAt line:1 char:2\r\n+ (Get-CsTopology -AsXml).ToString() > topology.xml\r\n+  ~~~~~~~~~~~~~~\r\n    + CategoryInfo          : ObjectNotFound: (Get-CsTopology:String) [], CommandNotFoundException\r\n    + FullyQualifiedErrorId : CommandNotFoundException\r\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    for bytes in [text.as_bytes().to_vec(), utf16] {
        let e = refused(&bytes);
        assert!(matches!(&e, LoadError::PowerShellError { .. }), "{e:?}");
        assert_at(&e, (1, 1));
        let said = e.to_string();
        assert!(said.starts_with("This is PowerShell's error text"), "{said}");
        assert!(
            said.contains("run the export in the Skype for Business Server Management Shell"),
            "{said}"
        );
    }
    // Plain notes are still just not XML.
    assert!(matches!(refused(b"Edge pool: edge1 : down"), LoadError::NotXml { .. }));
}

#[test]
fn json_is_not_xml() {
    let e = refused(b"\n  {\"Topology\": {\"Sites\": []}}");
    assert!(
        matches!(&e, LoadError::NotXml { start, .. } if start.starts_with("{\"Topology\"")),
        "{e:?}"
    );
    assert_at(&e, (2, 3));
    assert!(e.to_string().starts_with("This is not XML"), "{e}");
}

#[test]
fn html_is_not_a_topology() {
    // A web page saved instead of the export: it must not be taken for an XML DOCTYPE attack.
    let page = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body></body></html>";
    let e = refused(page.as_bytes());
    assert!(
        matches!(&e, LoadError::NotXml { start, .. } if start.starts_with("<!DOCTYPE ht")),
        "{e:?}"
    );
    assert_at(&e, (1, 1));
    assert!(e.to_string().contains("not XML"), "{e}");
    let e = refused(b"<html><body><p>Topology</p></body></html>");
    assert!(
        matches!(&e, LoadError::WrongRoot { found, .. } if found == "html"),
        "{e:?}"
    );
    assert_at(&e, (1, 1));
}

#[test]
fn a_png_is_binary() {
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00\x5c\x72\xa8\x66\x00\x00\x00\x01sRGB\x00\xae\xce\x1c\xe9";
    let e = refused(png);
    assert!(matches!(e, LoadError::Binary { .. }), "{e:?}");
    assert_at(&e, (1, 1));
    assert!(e.to_string().contains("binary file"), "{e}");
}

#[test]
fn random_bytes_are_binary() {
    // A fixed generator, so a failure repeats.
    let mut x: u32 = 0x9E37_79B9;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect();
    assert!(bytes.iter().filter(|b| **b == 0).count() > 8);
    let e = refused(&bytes);
    assert!(matches!(e, LoadError::Binary { .. }), "{e:?}");
    assert!(e.to_string().contains("binary file"), "{e}");
    // Valid UTF-8 with a NUL in it: binary, at the NUL.
    let text = "<Topology>\n  <Sites>\0</Sites>\n</Topology>";
    let e = refused(text.as_bytes());
    assert!(matches!(e, LoadError::Binary { .. }), "{e:?}");
    assert_at(&e, place_of(text, "\0"));
}

#[test]
fn empty_and_blank_files() {
    assert_eq!(refused(b""), LoadError::Empty);
    assert_eq!(refused(b" \r\n\t \n"), LoadError::Empty);
    // What an editor saves for an empty document: only a BOM, perhaps a line.
    assert_eq!(refused(b"\xEF\xBB\xBF"), LoadError::Empty);
    assert_eq!(refused(b"\xEF\xBB\xBF\r\n"), LoadError::Empty);
    assert_eq!(refused(&encode("\r\n", Encoding::Utf16LeBom)), LoadError::Empty);
    assert_eq!(refused(&[0xFE, 0xFF]), LoadError::Empty);
    assert!(LoadError::Empty.to_string().contains("empty"));
    // Only a declaration and a comment: XML, but no topology in it.
    assert_eq!(
        refused(b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- exported -->\n"),
        LoadError::NoRootElement
    );
}

#[test]
fn a_zip_archive_is_named() {
    let mut zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
    zip.extend_from_slice(b"\x00\x00\x00\x00DocItemSet.xml");
    let e = refused(&zip);
    assert_eq!(e, LoadError::ZipArchive);
    assert!(e.to_string().contains("ZIP archive"), "{e}");
    assert!(e.to_string().contains("Export-CsConfiguration"), "{e}");
}

// ---- Cut off ----

/// Cuts `bytes` at every 97th offset: never a panic; an error with a place unless the cut is
/// after the end of the root element, when the file is whole.
fn cut_everywhere(label: &str, bytes: &[u8], root_end: usize, utf16: bool) {
    let mut errors = 0;
    for cut in (0..bytes.len()).step_by(97) {
        let part = &bytes[..cut];
        match TopologyFile::read(part) {
            Ok(file) => {
                assert!(cut >= root_end, "{label}: cut at {cut} of {} was accepted", bytes.len());
                assert!(file.to_bytes() == part);
            }
            Err(e) => {
                errors += 1;
                let message = e.to_string();
                match &e {
                    LoadError::Empty => {
                        assert!(cut <= 3, "{label}: {cut}");
                        assert!(
                            message.starts_with("The file is empty. Export the topology"),
                            "{message}"
                        );
                    }
                    LoadError::TruncatedUtf16 => {
                        assert!(utf16 && cut % 2 == 1, "{label}: {cut}");
                        assert!(
                            message.contains("has an odd number of bytes, so it was cut off"),
                            "{message}"
                        );
                    }
                    LoadError::Truncated { element, opened } => {
                        assert!(message.contains(&format!("<{element}>")), "{message}");
                        assert!(message.contains(&opened.to_string()), "{message}");
                        assert!(opened.line >= 1 && opened.column >= 1);
                    }
                    LoadError::Malformed { position, .. } => {
                        let start = format!("The XML is not well-formed at {position}: ");
                        assert!(message.starts_with(&start), "{message}");
                    }
                    LoadError::UnknownEntity { name, position } => {
                        let start = format!("The entity &{name}; at {position} is not defined in XML.");
                        assert!(message.starts_with(&start), "{message}");
                    }
                    other => panic!("{label}: a cut at {cut} gave {other:?}"),
                }
            }
        }
    }
    assert!(errors > bytes.len() / 97 - 2, "{label}: {errors} errors");
}

#[test]
fn truncated_files_are_refused_with_a_place() {
    let text = sample_text();
    let root_end = text.rfind("</Topology>").unwrap() + "</Topology>".len();
    cut_everywhere("UTF-8", text.as_bytes(), root_end, false);
    // In UTF-16 half the cuts split a code unit.
    let wide = encode(&text, Encoding::Utf16LeBom);
    cut_everywhere("UTF-16LE", &wide, 2 + 2 * root_end, true);
    let tb = std::fs::read(support::own_fixtures().join("fabrikam-two-sites.tbxml")).unwrap();
    let tb_text = support::fixture_text(&tb);
    let tb_end = 3 + tb_text.rfind("</TopologyBuilder>").unwrap() + "</TopologyBuilder>".len();
    cut_everywhere("Topology Builder", &tb, tb_end, false);
}

#[test]
fn a_cut_names_the_element_it_cut() {
    let text = sample_text();
    let cut = text
        .find("<Port Owner=\"urn:component:AccessEdge\" Usage=\"SipClient\"")
        .unwrap()
        + 30;
    let e = refused(&text.as_bytes()[..cut]);
    match &e {
        LoadError::Truncated { element, opened } => {
            assert_eq!(element, "Ports");
            let ports = text[..cut].rfind("<Ports").unwrap();
            assert_eq!((opened.line, opened.column), place(&text, ports));
        }
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains("cut off"), "{e}");
}

// ---- XML, but not a topology ----

#[test]
fn wrong_root() {
    let text = format!("<?xml version=\"1.0\"?>\n<Configuration xmlns=\"{NS}\">\n</Configuration>\n");
    let e = refused(text.as_bytes());
    assert!(
        matches!(&e, LoadError::WrongRoot { found, .. } if found == "Configuration"),
        "{e:?}"
    );
    assert_at(&e, (2, 1));
    assert!(e.to_string().contains("<Configuration>"), "{e}");
}

#[test]
fn wrong_namespace() {
    let text = sample_text();
    let other = edit(&text, NS, "urn:example:not-a-topology");
    let e = refused(other.as_bytes());
    match &e {
        LoadError::WrongNamespace {
            element,
            found,
            expected,
            ..
        } => {
            assert_eq!(element, "Topology");
            assert_eq!(found, "urn:example:not-a-topology");
            assert_eq!(expected, NS);
        }
        other => panic!("{other:?}"),
    }
    assert_at(&e, (1, 1));
    assert!(e.to_string().contains("\"urn:example:not-a-topology\""), "{e}");
    assert!(
        e.to_string()
            .contains("not a Lync Server or Skype for Business Server topology"),
        "{e}"
    );
    let none = edit(&text, &format!(" xmlns=\"{NS}\""), "");
    let e = refused(none.as_bytes());
    assert!(
        matches!(&e, LoadError::WrongNamespace { found, .. } if found == "(none)"),
        "{e:?}"
    );
    assert!(e.to_string().contains("(none)"), "{e}");
}

#[test]
fn topology_builder_file_without_its_topology() {
    let text = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<TopologyBuilder xmlns=\"urn:schema:Microsoft.Rtc.Management.Deploy.TopologyBuilder.2008\">\n  <OldTopology />\n</TopologyBuilder>\n";
    let e = refused(text.as_bytes());
    match &e {
        LoadError::MissingElement { parent, missing, .. } => {
            assert_eq!((parent.as_str(), missing.as_str()), ("TopologyBuilder", "NewTopology"));
        }
        other => panic!("{other:?}"),
    }
    assert_at(&e, (2, 1));
    assert!(
        e.to_string().contains("no <NewTopology> under <TopologyBuilder>"),
        "{e}"
    );
}

#[test]
fn mismatched_tags_are_malformed_at_their_place() {
    let text = sample_text();
    let broken = edit(&text, "<Name>Boston</Name>", "<Name>Boston</Nmae>");
    let e = refused(broken.as_bytes());
    assert!(matches!(e, LoadError::Malformed { .. }), "{e:?}");
    let p = e.position().unwrap();
    assert_eq!(p.line, place_of(&broken, "</Nmae>").0, "{e}");
    assert!(e.to_string().contains("Nmae"), "{e}");
}

// ---- Entities and DOCTYPE ----

#[test]
fn billion_laughs_is_refused_quickly() {
    let mut bomb = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE Topology [\n  <!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        bomb.push_str(&format!("  <!ENTITY lol{i} \"{}\">\n", format!("&{prev};").repeat(10)));
    }
    bomb.push_str(&format!(
        "]>\n<Topology xmlns=\"{NS}\"><Sites>&lol9;</Sites></Topology>\n"
    ));
    let started = Instant::now();
    let e = refused(bomb.as_bytes());
    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
    assert!(matches!(e, LoadError::Doctype { .. }), "{e:?}");
    assert_at(&e, (2, 1));
    assert!(e.to_string().contains("billion laughs"), "{e}");
}

#[test]
fn external_entities_are_refused() {
    let xxe = format!(
        "<?xml version=\"1.0\"?>\r\n<!DOCTYPE Topology [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>\r\n<Topology xmlns=\"{NS}\"><Sites><CentralSite SiteId=\"1\"><Name>&xxe;</Name></CentralSite></Sites></Topology>"
    );
    let started = Instant::now();
    let e = refused(xxe.as_bytes());
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(matches!(e, LoadError::Doctype { .. }), "{e:?}");
    assert_at(&e, (2, 1));
    assert!(e.to_string().contains("external-entity"), "{e}");
    // Also with the DOCTYPE pointing at an external DTD.
    let dtd = format!("<!DOCTYPE Topology SYSTEM \"http://203.0.113.1/evil.dtd\">\n<Topology xmlns=\"{NS}\"/>");
    assert!(matches!(refused(dtd.as_bytes()), LoadError::Doctype { .. }));
}

#[test]
fn undefined_entities_are_named_with_their_place() {
    let text = sample_text();
    let in_text = edit(&text, "<Name>Boston</Name>", "<Name>Boston &nbsp;</Name>");
    let e = refused(in_text.as_bytes());
    assert!(
        matches!(&e, LoadError::UnknownEntity { name, .. } if name == "nbsp"),
        "{e:?}"
    );
    assert_at(&e, place_of(&in_text, "&nbsp;"));
    assert!(e.to_string().contains("&nbsp;"), "{e}");

    let in_attr = edit(&text, "City=\"Boston\"", "City=\"Bo&xxe;ston\"");
    let e = refused(in_attr.as_bytes());
    assert!(
        matches!(&e, LoadError::UnknownEntity { name, .. } if name == "xxe"),
        "{e:?}"
    );
    assert_at(&e, place_of(&in_attr, "&xxe;"));
}

// ---- Size and depth ----

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let mut text = format!("<Topology xmlns=\"{NS}\">\n");
    text.push_str(&"<a>\n".repeat(10_000));
    let e = refused(text.as_bytes());
    assert!(
        matches!(e, LoadError::TooDeep { limit, .. } if limit == MAX_DEPTH),
        "{e:?}"
    );
    // The root and MAX_DEPTH - 1 <a> are open when the next one is refused.
    assert_at(&e, (MAX_DEPTH as u32 + 1, 1));
    assert!(
        e.to_string().contains(&format!("nested more than {MAX_DEPTH} deep")),
        "{e}"
    );
    // Exactly MAX_DEPTH deep is fine; one more is refused even as an empty element.
    let nest = |leaf: &str| {
        let mut t = format!("<Topology xmlns=\"{NS}\">");
        t.push_str(&"<a>".repeat(MAX_DEPTH - 2));
        t.push_str(leaf);
        t.push_str(&"</a>".repeat(MAX_DEPTH - 2));
        t.push_str("</Topology>");
        t
    };
    assert!(TopologyFile::read(nest("<b/>").as_bytes()).is_ok());
    let e = refused(nest("<a><b/></a>").as_bytes());
    assert!(matches!(e, LoadError::TooDeep { .. }), "{e:?}");
}

#[test]
fn a_huge_file_is_refused_before_it_is_parsed() {
    let huge = vec![b'<'; 100 * 1024 * 1024];
    let started = Instant::now();
    let e = refused(&huge);
    let took = started.elapsed();
    assert_eq!(
        e,
        LoadError::TooLarge {
            size: huge.len() as u64,
            limit: MAX_INPUT_BYTES
        }
    );
    // Parsing 100 MB would take seconds; refusing it takes nothing.
    assert!(took < Duration::from_millis(100), "{took:?}");
    assert_eq!(
        e.to_string(),
        "The file is 100.0 MB and the planner reads topology exports of up to 48.0 MB. Real exports are a few MB at most; check that this is the right file."
    );
    let just_over = vec![b' '; MAX_INPUT_BYTES as usize + 1];
    assert!(matches!(refused(&just_over), LoadError::TooLarge { .. }));
}

// ---- Escaping ----

#[test]
fn every_escape_survives_and_decodes() {
    let text = sample_text();
    let text = edit(
        &text,
        "<Name>Amsterdam</Name>",
        "<Name>A &amp; B &lt;x&gt; &quot;q&quot; &apos;s&apos;&#10;&#x41;&#233; > end</Name>",
    );
    let text = edit(
        &text,
        "City=\"Amsterdam\"",
        "City='Ams \"the\" &apos;dam&apos; > &#x9;'",
    );
    let text = edit(
        &text,
        "Fqdn=\"edgepool-boston.fabrikam.com\"",
        "Fqdn=\"edge&amp;&lt;&gt;&quot;&apos;&#10;&#x41;>boston\"",
    );
    let text = edit(
        &text,
        "ConfiguredFqdn=\"sip-boston.fabrikam.com\"",
        "ConfiguredFqdn='sip&amp;\"boston&apos;>.fabrikam.com'",
    );
    let site = "A & B <x> \"q\" 's'\nAé > end";
    let edge = "edge&<>\"'\nA>boston";
    let access = "sip&\"boston'>.fabrikam.com";
    for encoding in [Encoding::Utf8, Encoding::Utf16LeBom, Encoding::Utf16BeBom] {
        let bytes = encode(&text, encoding);
        let file = TopologyFile::read(&bytes).unwrap();
        assert!(file.to_bytes() == bytes, "{encoding:?}");
        let t = &file.topology;
        assert_eq!(t.sites[0].name, site);
        let e = t.edge_by_fqdn(edge).expect("the Edge pool by its decoded FQDN");
        assert_eq!(e.access_fqdn.as_deref(), Some(access));

        // The federation port the survivor gets carries its Access Edge FQDN, escaped again.
        let plan = plan::make_plan(&file, &FailoverRequest::pool("edgepool-amsterdam.fabrikam.com", edge)).unwrap();
        let after = TopologyFile::read(&plan.written.topology_bytes).unwrap();
        let a = &after.topology;
        let survivor = a.edge_by_fqdn(edge).unwrap();
        let port = &a.services[survivor.service].ports[survivor.sip_federation.expect("federation moved")];
        assert_eq!(port.configured_fqdn.as_deref(), Some(access));
        assert_eq!(a.federation_pools().count(), 1);
        assert!(plan
            .written
            .topology_text
            .contains("ConfiguredFqdn=\"sip&amp;&quot;boston&apos;&gt;.fabrikam.com\""));
        assert_eq!(a.sites[0].name, site, "untouched text stays as it was");
    }
}

// ---- Encodings ----

#[test]
fn utf16_of_odd_length_was_cut() {
    let mut bytes = encode(&sample_text(), Encoding::Utf16LeBom);
    bytes.pop();
    let e = refused(&bytes);
    assert_eq!(e, LoadError::TruncatedUtf16);
    assert!(e.to_string().contains("odd number of bytes"), "{e}");
    let mut be = encode(&sample_text(), Encoding::Utf16BeBom);
    be.push(b'\n');
    assert_eq!(refused(&be), LoadError::TruncatedUtf16);
}

#[test]
fn an_unpaired_surrogate_is_placed() {
    let text = sample_text();
    let at = text.find("Boston</Name>").unwrap();
    for (encoding, unit) in [
        (Encoding::Utf16LeBom, [0x00, 0xD8]),
        (Encoding::Utf16BeBom, [0xDC, 0x00]),
    ] {
        let mut bytes = encode(&text[..at], encoding);
        bytes.extend_from_slice(&unit);
        bytes.extend(encode(&text[at..], encoding).into_iter().skip(2));
        let e = refused(&bytes);
        assert!(matches!(e, LoadError::UnpairedSurrogate { .. }), "{e:?}");
        assert_at(&e, place(&text, at));
        assert!(e.to_string().contains("unpaired surrogate"), "{e}");
    }
}

#[test]
fn invalid_utf8_is_placed() {
    let text = sample_text();
    let at = text.find("Boston</Name>").unwrap();
    let mut bytes = text.as_bytes()[..at].to_vec();
    bytes.extend_from_slice(b"\xC3\x28");
    bytes.extend_from_slice(&text.as_bytes()[at..]);
    let e = refused(&bytes);
    assert!(matches!(e, LoadError::InvalidUtf8 { byte: 0xC3, .. }), "{e:?}");
    assert_at(&e, place(&text, at));
    assert!(e.to_string().contains("0xC3"), "{e}");
}

#[test]
fn a_second_byte_order_mark_is_refused_at_its_place() {
    // Found by fuzzing (fuzz/): the second mark made the reader panic. .NET reads it as text
    // before the root element, so Publish-CsTopology would refuse such a file too.
    for (encoding, marks) in [
        (Encoding::Utf8, "\u{feff}\u{feff}"),
        (Encoding::Utf8Bom, "\u{feff}"),
        (Encoding::Utf16LeBom, "\u{feff}"),
        (Encoding::Utf16BeBom, "\u{feff}"),
    ] {
        let e = refused(&encode(&format!("{marks}{}", sample_text()), encoding));
        assert!(matches!(e, LoadError::Malformed { .. }), "{encoding:?}: {e:?}");
        assert_at(&e, (1, 1));
        assert!(e.to_string().contains("a second byte order mark (U+FEFF)"), "{e}");
    }
    // Elsewhere before the root it is text there, as it always was.
    let e = refused(format!("\n\u{feff}{}", sample_text()).as_bytes());
    assert_at(&e, (2, 1));
    assert!(e.to_string().contains("text before the root element"), "{e}");
}

#[test]
fn utf32_is_not_supported() {
    for bom in [&[0xFF, 0xFE, 0x00, 0x00][..], &[0x00, 0x00, 0xFE, 0xFF][..]] {
        let mut bytes = bom.to_vec();
        bytes.extend("<T".chars().flat_map(|c| (c as u32).to_le_bytes()));
        let e = refused(&bytes);
        assert_eq!(
            e,
            LoadError::UnsupportedEncoding {
                encoding: "UTF-32".into()
            }
        );
        assert!(e.to_string().contains("\"UTF-32\""), "{e}");
    }
}

#[test]
fn a_legacy_code_page_is_not_supported() {
    let text = sample_text();
    let declared = format!("<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n{text}");
    // Decoded as UTF-8, its é is what the author wrote only by luck: refused.
    let with_accent = edit(&declared, "<Name>Boston</Name>", "<Name>Bogotá</Name>");
    let e = refused(with_accent.as_bytes());
    assert_eq!(
        e,
        LoadError::UnsupportedEncoding {
            encoding: "windows-1252".into()
        }
    );
    assert!(e.to_string().contains("\"windows-1252\""), "{e}");
    // As the code page really writes it (é is 0xE9), which is not UTF-8 either.
    let bytes: Vec<u8> = with_accent
        .chars()
        .map(|c| if c == 'á' { 0xE1 } else { c as u8 })
        .collect();
    let e = refused(&bytes);
    assert_eq!(
        e,
        LoadError::UnsupportedEncoding {
            encoding: "windows-1252".into()
        }
    );
    let latin = edit(&declared, "windows-1252", "ISO-8859-1");
    let latin = edit(&latin, "<Name>Boston</Name>", "<Name>Bogotá</Name>");
    assert_eq!(
        refused(latin.as_bytes()),
        LoadError::UnsupportedEncoding {
            encoding: "ISO-8859-1".into()
        }
    );
    // Pure ASCII reads the same in every code page, so it loads and round-trips.
    loads(&declared);
}

// ---- After the root ----

#[test]
fn trailing_content_is_refused() {
    let text = sample_text();
    let second = format!("{text}<Topology xmlns=\"{NS}\"/>\n");
    let e = refused(second.as_bytes());
    assert!(matches!(e, LoadError::TrailingContent { .. }), "{e:?}");
    assert_at(&e, ((text.lines().count() + 1) as u32, 1));

    let garbage = format!("{text}  PS C:\\> \n");
    let e = refused(garbage.as_bytes());
    assert!(matches!(e, LoadError::TrailingContent { .. }), "{e:?}");
    assert_at(&e, ((text.lines().count() + 1) as u32, 3));
    assert!(e.to_string().contains("more after the end"), "{e}");

    // Comments, processing instructions and blank lines after the root are fine.
    loads(&format!("{text}<!-- exported by me -->\r\n<?pi x?>\n\n"));
}

// ---- Topologies that load, with findings ----

#[test]
fn no_edge_pool_loads_with_a_finding() {
    let text = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<Topology xmlns="{NS}" Signature="00000000-0000-0000-0000-000000000000">
  <Sites>
    <CentralSite SiteId="1"><Name>Solo</Name></CentralSite>
  </Sites>
  <Clusters>
    <Cluster RequiresReplication="true" RequiresSetup="true" Fqdn="fe.example.org">
      <ClusterId SiteId="1" Number="1" />
      <Machine OrdinalInCluster="1" Fqdn="fe.example.org" />
    </Cluster>
  </Clusters>
  <Services>
    <Service RoleVersion="1" ServiceVersion="7" Type="Microsoft.Rtc.Management.Deploy.Internal.ServiceRoles.RegistrarService">
      <ServiceId SiteId="1" RoleName="Registrar" Instance="1" />
      <InstalledOn><ClusterId SiteId="1" Number="1" /></InstalledOn>
      <Ports xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008" />
      <RegistrarService IsDirector="false" xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008" />
    </Service>
  </Services>
</Topology>
"#
    );
    let file = loads(&text);
    let t = &file.topology;
    assert!(t.edge_pools.is_empty());
    assert_eq!(t.pools[0].fqdn, "fe.example.org");
    let f = findings_of(&file, FindingKind::NoEdgePool);
    assert_eq!(f.len(), 1, "{:#?}", t.findings);
    assert_eq!(f[0].severity, Severity::Warning);
    assert!(f[0].message.contains("no Edge pool"), "{}", f[0]);
    let e = plan::make_plan(&file, &FailoverRequest::pool("fe.example.org", "fe.example.org")).unwrap_err();
    assert_eq!(e, PlanError::NoEdgePool);
}

/// The federation port line for an Edge pool of the generated topologies.
fn federation_port(access: &str) -> String {
    format!("<Port Owner=\"urn:component:AccessEdge\" Usage=\"SipServer\" InterfaceSide=\"External\" InterfaceNumber=\"1\" Port=\"5061\" Protocol=\"Mtls\" UrlPath=\"/\" AuthorizesRequests=\"false\" ConfiguredFqdn=\"{access}\" />")
}

/// Adds the federation port to a generated site's Edge pool, after its media relay ports.
fn enable_federation(text: &str, code: &str) -> String {
    let media = format!("ConfiguredFqdn=\"av-{code}.fabrikam.com\" />\n");
    let last = text.rfind(&media).unwrap() + media.len();
    format!(
        "{}        {}\n{}",
        &text[..last],
        federation_port(&format!("sip-{code}.fabrikam.com")),
        &text[last..]
    )
}

fn federation_fqdns(file: &TopologyFile) -> Vec<&str> {
    let t = &file.topology;
    t.federation_pools().map(|e| t.pools[e.pool].fqdn.as_str()).collect()
}

#[test]
fn two_federation_pools_load_with_a_note_and_the_failed_one_is_cleared() {
    let text = enable_federation(&sample_text(), "boston");
    let file = loads(&text);
    assert_eq!(
        federation_fqdns(&file),
        ["edgepool-amsterdam.fabrikam.com", "edgepool-boston.fabrikam.com"]
    );
    let f = findings_of(&file, FindingKind::MultipleFederationPools);
    assert_eq!(f.len(), 1, "{:#?}", file.topology.findings);
    assert_eq!(
        f[0].pools,
        ["edgepool-amsterdam.fabrikam.com", "edgepool-boston.fabrikam.com"]
    );
    // Several federated pools is a state to explain (DOMAIN.md rule 12), not an error.
    assert_eq!(f[0].severity, Severity::Note);
    assert!(
        f[0].message.starts_with(
            "2 Edge pools carry SIP federation (edgepool-amsterdam.fabrikam.com, edgepool-boston.fabrikam.com). The product allows this"
        ),
        "{}",
        f[0]
    );
    for words in [
        "Verify that the external DNS SRV record lists all federation enabled Edge Servers",
        "Outbound federation leaves through the pool each site's federation route names",
        "inbound federation arrives wherever DNS sends it, which the file cannot show",
        "_sipfederationtls._tcp",
    ] {
        assert!(f[0].message.contains(words), "{words}: {}", f[0]);
    }
    let p = f[0].position.unwrap();
    assert_eq!(
        (p.line, p.column),
        place_of(&text, &federation_port("sip-amsterdam.fabrikam.com"))
    );

    let plan = plan::make_plan(
        &file,
        &FailoverRequest::pool("edgepool-amsterdam.fabrikam.com", "edgepool-boston.fabrikam.com"),
    )
    .unwrap();
    let after = TopologyFile::read(&plan.written.topology_bytes).unwrap();
    assert_eq!(federation_fqdns(&after), ["edgepool-boston.fabrikam.com"]);
    assert!(findings_of(&after, FindingKind::MultipleFederationPools).is_empty());
    assert!(plan.survivor_already_federated);
    // Boston already had the port; it is not added twice.
    assert_eq!(
        after
            .doc
            .text()
            .matches(&federation_port("sip-boston.fabrikam.com"))
            .count(),
        1
    );
}

#[test]
fn three_federation_pools_keep_the_healthy_one_unless_asked() {
    use support::generator::{generate, Spec};
    let base = generate(&Spec::sized(3, 12));
    let text = enable_federation(&enable_federation(&base, "boston"), "capetown");
    let file = loads(&text);
    let all = [
        "edgepool-amsterdam.fabrikam.com",
        "edgepool-boston.fabrikam.com",
        "edgepool-capetown.fabrikam.com",
    ];
    assert_eq!(federation_fqdns(&file), all);
    let f = findings_of(&file, FindingKind::MultipleFederationPools);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].pools, all);
    for name in all {
        assert!(f[0].message.contains(name), "{}", f[0]);
    }
    assert!(f[0].message.starts_with("3 Edge pools"), "{}", f[0]);

    // By default only the failed pool loses federation: Boston, healthy, keeps it.
    let plan = plan::make_plan(&file, &FailoverRequest::pool(all[0], all[2])).unwrap();
    let after = TopologyFile::read(&plan.written.topology_bytes).unwrap();
    assert_eq!(federation_fqdns(&after), [all[1], all[2]]);
    assert_eq!(
        plan.written.diff.removed,
        1 + 3 + 2,
        "the failed pool's federation port, three media links, two XMPP ports"
    );

    // Asked to, the plan clears Boston too.
    let plan = plan::make_plan(
        &file,
        &FailoverRequest::pool(all[0], all[2]).clearing_other_federation(),
    )
    .unwrap();
    let after = TopologyFile::read(&plan.written.topology_bytes).unwrap();
    assert_eq!(federation_fqdns(&after), [all[2]]);
    assert_eq!(
        plan.written.diff.removed,
        2 + 3 + 2,
        "two federation ports, three media links, two XMPP ports"
    );
}

#[test]
fn duplicated_pool_fqdns_are_found() {
    let text = sample_text();
    let dup = edit(
        &text,
        "Fqdn=\"edgepool-boston.fabrikam.com\"",
        "Fqdn=\"EDGEPOOL-amsterdam.fabrikam.com\"",
    );
    let file = loads(&dup);
    let f = findings_of(&file, FindingKind::DuplicateFqdn);
    assert_eq!(f.len(), 1, "{:#?}", file.topology.findings);
    assert_eq!(f[0].severity, Severity::Error, "an Edge pool's name must be its own");
    let p = f[0].position.unwrap();
    assert_eq!(
        (p.line, p.column),
        place_of(
            &dup,
            "<Cluster RequiresReplication=\"true\" RequiresSetup=\"true\" Fqdn=\"EDGEPOOL"
        )
    );
    let (line, column) = place_of(
        &dup,
        "<Cluster RequiresReplication=\"true\" RequiresSetup=\"true\" Fqdn=\"edgepool-amsterdam",
    );
    assert!(
        f[0].message
            .contains(&format!("(the first at line {line}, column {column})")),
        "{}",
        f[0]
    );
    let e = plan::make_plan(
        &file,
        &FailoverRequest::pool("edgepool-amsterdam.fabrikam.com", "dir-boston.fabrikam.com"),
    )
    .unwrap_err();
    assert!(matches!(e, PlanError::TopologyHasErrors(_)), "{e:?}");

    // A server in two pools.
    let (machine, at) = edit_nth(
        &text,
        "Fqdn=\"fe01-boston.fabrikam.com\"",
        0,
        "Fqdn=\"fe01-amsterdam.fabrikam.com\"",
    );
    let file = loads(&machine);
    let f = findings_of(&file, FindingKind::DuplicateFqdn);
    assert_eq!(f.len(), 1, "{:#?}", file.topology.findings);
    assert_eq!(f[0].pools, ["pool-amsterdam.fabrikam.com", "pool-boston.fabrikam.com"]);
    let machine_start = machine[..at].rfind("<Machine").unwrap();
    let p = f[0].position.unwrap();
    assert_eq!((p.line, p.column), place(&machine, machine_start));
}

/// The whole lines of the element that starts at `start`, up to the end of `end_tag`.
fn element_lines<'a>(text: &'a str, start: usize, end_tag: &str) -> &'a str {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let end = start + text[start..].find(end_tag).unwrap() + end_tag.len();
    let end = end + text[end..].find('\n').unwrap() + 1;
    &text[line_start..end]
}

#[test]
fn duplicated_service_ids_are_found() {
    let text = sample_text();
    let id = "<ServiceId SiteId=\"1\" RoleName=\"ManagementServices\" Instance=\"1\" />";
    let start = text.find(id).unwrap();
    let service_start = text[..start].rfind("<Service ").unwrap();
    let block = element_lines(&text, service_start, "</Service>");
    let insert_at = text[..service_start].rfind('\n').unwrap() + 1 + block.len();
    let dup = format!("{}{}{}", &text[..insert_at], block, &text[insert_at..]);
    let file = loads(&dup);
    let f = findings_of(&file, FindingKind::DuplicateId);
    assert_eq!(f.len(), 1, "{:#?}", file.topology.findings);
    assert_eq!(f[0].severity, Severity::Error);
    let second = dup.match_indices(id).nth(1).unwrap().0;
    let p = f[0].position.unwrap();
    assert_eq!((p.line, p.column), place(&dup, second));
    assert!(f[0].message.contains("ManagementServices"), "{}", f[0]);
    let first = place(&dup, start);
    assert!(
        f[0].message.contains(&format!("line {}, column {}", first.0, first.1)),
        "{}",
        f[0]
    );
    assert!(matches!(
        plan::make_plan(
            &file,
            &FailoverRequest::pool("edgepool-amsterdam.fabrikam.com", "edgepool-boston.fabrikam.com")
        ),
        Err(PlanError::TopologyHasErrors(_))
    ));
}

#[test]
fn duplicated_cluster_ids_are_found() {
    let text = sample_text();
    let cluster = text
        .find("<Cluster RequiresReplication=\"false\" RequiresSetup=\"false\" Fqdn=\"fs-amsterdam.fabrikam.com\">")
        .unwrap();
    let block = element_lines(&text, cluster, "</Cluster>");
    let copy = block.replace("fs-amsterdam", "fs2-amsterdam");
    let insert_at = text[..cluster].rfind('\n').unwrap() + 1 + block.len();
    let dup = format!("{}{}{}", &text[..insert_at], copy, &text[insert_at..]);
    let file = loads(&dup);
    let f = findings_of(&file, FindingKind::DuplicateId);
    assert_eq!(f.len(), 1, "{:#?}", file.topology.findings);
    let second_id = insert_at + copy.find("<ClusterId").unwrap();
    let p = f[0].position.unwrap();
    assert_eq!((p.line, p.column), place(&dup, second_id));
    assert!(f[0].message.contains("SiteId=\"1\" Number=\"5\""), "{}", f[0]);
}

#[test]
fn duplicated_unique_ids_in_a_topology_builder_file_are_found() {
    let bytes = std::fs::read(support::own_fixtures().join("fabrikam-two-sites.tbxml")).unwrap();
    let text = support::fixture_text(&bytes);
    let registrar = text
        .find("<Service UniqueId=\"00000003-0000-4002-8000-000000000002\"")
        .unwrap();
    let block = element_lines(&text, registrar, "</Service>");
    let insert_at = text[..registrar].rfind('\n').unwrap() + 1 + block.len();
    let dup = format!("{}{}{}", &text[..insert_at], block, &text[insert_at..]);
    let file = loads(&dup);
    let f = findings_of(&file, FindingKind::DuplicateId);
    assert_eq!(f.len(), 1, "{:#?}", file.topology.findings);
    let p = f[0].position.unwrap();
    assert_eq!(
        (p.line, p.column),
        place(&dup, insert_at + block.find("<Service").unwrap())
    );
    assert!(
        f[0].message.contains("00000003-0000-4002-8000-000000000002"),
        "{}",
        f[0]
    );
}

#[test]
fn dangling_dependencies_are_found_at_their_reference() {
    let text = sample_text();
    // Boston's Registrar uses its Edge pool for media; point it at an Edge service that is not there.
    let reference = "<ServiceId SiteId=\"2\" RoleName=\"EdgeServer\" Instance=\"1\" />";
    let (dangling, at) = edit_nth(
        &text,
        reference,
        0,
        "<ServiceId SiteId=\"2\" RoleName=\"EdgeServer\" Instance=\"9\" />",
    );
    let file = loads(&dangling);
    let f = findings_of(&file, FindingKind::DanglingReference);
    assert_eq!(f.len(), 1, "{:#?}", file.topology.findings);
    assert_eq!(f[0].severity, Severity::Error);
    let p = f[0].position.unwrap();
    assert_eq!((p.line, p.column), place(&dangling, at));
    assert!(f[0].message.contains("EdgeServer 9 in site 2"), "{}", f[0]);
    assert!(f[0].to_string().contains(&p.to_string()));
    let e = plan::make_plan(
        &file,
        &FailoverRequest::pool("edgepool-amsterdam.fabrikam.com", "edgepool-boston.fabrikam.com"),
    )
    .unwrap_err();
    assert!(e.to_string().contains("EdgeServer 9 in site 2"), "{e}");

    // In a Topology Builder file the reference is the Dependency element itself.
    let bytes = std::fs::read(support::own_fixtures().join("fabrikam-two-sites.tbxml")).unwrap();
    let tb = support::fixture_text(&bytes);
    let (dangling, at) = edit_nth(
        &tb,
        "<Dependency ServiceUniqueId=\"00000003-0000-4001-8000-000000000001\"",
        0,
        "<Dependency ServiceUniqueId=\"deadbeef-0000-4001-8000-000000000001\"",
    );
    let file = loads(&dangling);
    let f = findings_of(&file, FindingKind::DanglingReference);
    assert_eq!(f.len(), 1, "{:#?}", file.topology.findings);
    let p = f[0].position.unwrap();
    assert_eq!((p.line, p.column), place(&dangling, at));
    assert!(
        f[0].message.contains("deadbeef-0000-4001-8000-000000000001"),
        "{}",
        f[0]
    );
}

#[test]
fn a_site_reference_to_no_site_is_found() {
    let text = sample_text();
    let (bad, at) = edit_nth(
        &text,
        "<ClusterId SiteId=\"2\" Number=\"1\" />",
        0,
        "<ClusterId SiteId=\"7\" Number=\"1\" />",
    );
    let file = loads(&bad);
    let f = findings_of(&file, FindingKind::DanglingReference);
    assert!(!f.is_empty(), "{:#?}", file.topology.findings);
    let p = f.iter().find_map(|f| f.position.filter(|p| p.offset == at));
    assert!(p.is_some(), "no finding at the ClusterId: {f:#?}");
}
