#![cfg(not(target_arch = "wasm32"))]
//! Property tests of the lossless round trip: whatever the attribute values, whitespace,
//! comments, processing instructions and CDATA around the elements of a real-shaped topology,
//! the file written back is the file read, byte for byte, in UTF-8 and UTF-16; and a failover
//! of it leaves exactly one federation pool. Arbitrary damage to a fixture never panics.

mod support;

use std::sync::LazyLock;

use edge_failover_planner::plan::{self, FailoverRequest};
use edge_failover_planner::topology::by_name::Summary;
use edge_failover_planner::topology::TopologyFile;
use proptest::prelude::*;
use support::{encode, sample_text, Encoding};

const AMSTERDAM: &str = "edgepool-amsterdam.fabrikam.com";

static SAMPLE: LazyLock<String> = LazyLock::new(sample_text);

/// Offsets of the space between two attributes (or before `/>`) in the sample's tags.
static SEPARATORS: LazyLock<Vec<usize>> = LazyLock::new(|| {
    let b = SAMPLE.as_bytes();
    (0..b.len() - 2)
        .filter(|&i| b[i] == b'"' && b[i + 1] == b' ' && (b[i + 2].is_ascii_alphabetic() || b[i + 2] == b'/'))
        .map(|i| i + 1)
        .collect()
});

/// Starts of the lines inside the root element: the boundaries between elements.
static BOUNDARIES: LazyLock<Vec<usize>> = LazyLock::new(|| {
    let first = SAMPLE.find('\n').unwrap() + 1;
    let last = SAMPLE.trim_end().rfind('\n').unwrap() + 1;
    SAMPLE
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .filter(|&i| i >= first && i <= last)
        .collect()
});

/// The attribute values the property replaces: the range of `"value"`, quotes included.
fn value_range(attribute: &str) -> std::ops::Range<usize> {
    assert_eq!(SAMPLE.matches(attribute).count(), 1, "{attribute}");
    let start = SAMPLE.find(attribute).unwrap() + attribute.find('"').unwrap();
    start..start + attribute.len() - attribute.find('"').unwrap()
}

/// One piece of an attribute value as written, and what it decodes to.
#[derive(Clone, Debug)]
enum Piece {
    Raw(char),
    Entity(&'static str, char),
    Reference(u32, bool),
}

fn piece() -> impl Strategy<Value = Piece> {
    let xml_char = prop_oneof![
        Just(0x9u32),
        Just(0xA),
        Just(0xD),
        0x20u32..0xD800,
        0xE000u32..0xFFFE,
        0x10000u32..0x110000,
    ];
    prop_oneof![
        4 => any::<char>().prop_filter("NUL, < and & cannot be raw", |c| !matches!(c, '\0' | '<' | '&')).prop_map(Piece::Raw),
        1 => prop_oneof![Just('"'), Just('\''), Just('>'), Just('é'), Just('😀'), Just('\u{10FFFF}')].prop_map(Piece::Raw),
        2 => prop_oneof![
            Just(("&amp;", '&')),
            Just(("&lt;", '<')),
            Just(("&gt;", '>')),
            Just(("&quot;", '"')),
            Just(("&apos;", '\'')),
        ]
        .prop_map(|(e, c)| Piece::Entity(e, c)),
        1 => (xml_char, any::<bool>()).prop_map(|(c, hex)| Piece::Reference(c, hex)),
    ]
}

/// An attribute value in either quote style: (the text between and including the quotes,
/// the decoded value).
fn attribute_value() -> impl Strategy<Value = (String, String)> {
    (proptest::collection::vec(piece(), 0..24), any::<bool>()).prop_map(|(pieces, single)| {
        let quote = if single { '\'' } else { '"' };
        let (mut raw, mut value) = (String::from(quote), String::new());
        for p in pieces {
            match p {
                // The quote that delimits the value must be escaped.
                Piece::Raw(c) if c == quote => {
                    raw.push_str(if single { "&apos;" } else { "&quot;" });
                    value.push(c);
                }
                Piece::Raw(c) => {
                    raw.push(c);
                    value.push(c);
                }
                Piece::Entity(e, c) => {
                    raw.push_str(e);
                    value.push(c);
                }
                Piece::Reference(n, hex) => {
                    raw.push_str(&if hex { format!("&#x{n:X};") } else { format!("&#{n};") });
                    value.push(char::from_u32(n).unwrap());
                }
            }
        }
        raw.push(quote);
        (raw, value)
    })
}

fn whitespace() -> impl Strategy<Value = String> {
    proptest::collection::vec(prop_oneof![Just(" "), Just("\t"), Just("\n"), Just("\r\n")], 1..5)
        .prop_map(|v| v.concat())
}

/// Text for a comment, PI or CDATA: anything but NUL and the character that could end it early.
fn content(forbidden: char) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        any::<char>().prop_filter("", move |c| *c != '\0' && *c != forbidden),
        0..16,
    )
    .prop_map(|v| v.into_iter().collect())
}

fn between_elements() -> impl Strategy<Value = String> {
    prop_oneof![
        whitespace(),
        content('-').prop_map(|c| format!("<!--{c}-->")),
        (content('?'), any::<u8>()).prop_map(|(d, n)| format!("<?edge-pi{n} {d}?>")),
        content(']').prop_map(|d| format!("<![CDATA[{d}]]>")),
    ]
}

/// The sample with every edit, each a replaced range (applied from the end, so offsets hold).
fn apply(mut edits: Vec<(std::ops::Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| std::cmp::Reverse((r.start, r.end)));
    let mut text = SAMPLE.clone();
    for (range, with) in edits {
        text.replace_range(range, &with);
    }
    text
}

#[derive(Debug)]
struct Variant {
    text: String,
    /// The Boston Edge pool's FQDN and Access Edge FQDN, and Amsterdam's city, as they decode.
    edge: String,
    access: String,
    site: String,
}

fn variant() -> impl Strategy<Value = Variant> {
    (
        proptest::collection::vec((any::<prop::sample::Index>(), whitespace()), 0..40),
        proptest::collection::vec((any::<prop::sample::Index>(), between_elements()), 0..25),
        attribute_value(),
        attribute_value(),
        attribute_value(),
        attribute_value(),
    )
        .prop_map(|(spaces, inserts, city, edge, access, fault)| {
            let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
            let mut used = std::collections::BTreeSet::new();
            for (i, ws) in spaces {
                let at = *i.get(&SEPARATORS);
                if used.insert(at) {
                    edits.push((at..at + 1, ws));
                }
            }
            for (i, text) in inserts {
                let at = *i.get(&BOUNDARIES);
                edits.push((at..at, text));
            }
            edits.push((value_range("City=\"Amsterdam\""), city.0));
            edits.push((value_range("Fqdn=\"edgepool-boston.fabrikam.com\""), edge.0));
            edits.push((value_range("ConfiguredFqdn=\"sip-boston.fabrikam.com\""), access.0));
            edits.push((value_range("FaultDomain=\"fe02-boston.fabrikam.com\""), fault.0));
            Variant {
                text: apply(edits),
                edge: edge.1,
                access: access.1,
                site: city.1,
            }
        })
}

fn federation(file: &TopologyFile) -> Vec<String> {
    let t = &file.topology;
    t.federation_pools().map(|e| t.pools[e.pool].fqdn.clone()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn edited_samples_round_trip_and_fail_over(v in variant()) {
        for encoding in [Encoding::Utf8, Encoding::Utf16LeBom] {
            let bytes = encode(&v.text, encoding);
            let file = TopologyFile::read(&bytes).map_err(|e| TestCaseError::fail(format!("{encoding:?}: {e}")))?;
            prop_assert!(file.to_bytes() == bytes, "{:?}: the written-back file differs", encoding);
            prop_assert_eq!(file.doc.text(), v.text.as_str());
        }
        let file = TopologyFile::read(v.text.as_bytes()).unwrap();
        let t = &file.topology;
        let boston = t.edge_by_fqdn(&v.edge);
        prop_assert!(boston.is_some(), "no Edge pool named {:?}", v.edge);
        prop_assert_eq!(t.pools[boston.unwrap().pool].fqdn.as_str(), v.edge.as_str());
        prop_assert_eq!(boston.unwrap().access_fqdn.as_deref(), Some(v.access.as_str()));
        prop_assert_eq!(federation(&file), [AMSTERDAM]);
        let location = file.doc.child(t.sites[0].element, "Location").unwrap();
        let city = file.doc.attr(location, "City");
        prop_assert_eq!(city.as_deref(), Some(v.site.as_str()));

        let plan = plan::make_plan(&file, &FailoverRequest::pool(AMSTERDAM, &v.edge))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let after = TopologyFile::read(&plan.topology_bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(federation(&after), [v.edge.clone()]);
        let a = &after.topology;
        let survivor = a.edge_by_fqdn(&v.edge).unwrap();
        let port = &a.services[survivor.service].ports[survivor.sip_federation.unwrap()];
        prop_assert_eq!(port.configured_fqdn.as_deref(), Some(v.access.as_str()));
        prop_assert!(!a.has_errors());
    }
}

/// Damage as a careless transfer or editor does it.
#[derive(Clone, Debug)]
enum Damage {
    Flip(prop::sample::Index, u8),
    Delete(prop::sample::Index, usize),
    Insert(prop::sample::Index, Vec<u8>),
    Truncate(prop::sample::Index),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        4 => (any::<prop::sample::Index>(), 1u8..=255).prop_map(|(i, x)| Damage::Flip(i, x)),
        2 => (any::<prop::sample::Index>(), 1usize..24).prop_map(|(i, n)| Damage::Delete(i, n)),
        2 => (any::<prop::sample::Index>(), proptest::collection::vec(prop_oneof![
            any::<u8>(),
            prop_oneof![Just(b'<'), Just(b'>'), Just(b'&'), Just(b'"'), Just(b'/'), Just(b'='), Just(b';')],
        ], 1..12)).prop_map(|(i, v)| Damage::Insert(i, v)),
        1 => any::<prop::sample::Index>().prop_map(Damage::Truncate),
    ]
}

fn damaged(base: &[u8], damage: &[Damage]) -> Vec<u8> {
    let mut b = base.to_vec();
    for d in damage {
        if b.is_empty() {
            break;
        }
        match d {
            Damage::Flip(i, x) => {
                let at = i.index(b.len());
                b[at] ^= x;
            }
            Damage::Delete(i, n) => {
                let at = i.index(b.len());
                let end = (at + n).min(b.len());
                b.drain(at..end);
            }
            Damage::Insert(i, bytes) => {
                let at = i.index(b.len() + 1);
                b.splice(at..at, bytes.iter().copied());
            }
            Damage::Truncate(i) => {
                let at = i.index(b.len());
                b.truncate(at);
            }
        }
    }
    b
}

static BASES: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    vec![
        SAMPLE.as_bytes().to_vec(),
        encode(&support::crlf(&SAMPLE), Encoding::Utf16LeBom),
        std::fs::read(support::own_fixtures().join("fabrikam-two-sites.tbxml")).unwrap(),
    ]
});

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn damaged_files_never_panic(base in 0usize..3, damage in proptest::collection::vec(damage(), 1..4)) {
        let bytes = damaged(&BASES[base], &damage);
        if let Ok(file) = TopologyFile::read(&bytes) {
            prop_assert!(file.to_bytes() == bytes, "the written-back file differs");
            // Whatever loaded can be summarised and planned on without a panic.
            let _ = Summary::of(&file.topology);
            if let Ok(plan) = plan::make_plan(&file, &FailoverRequest::pool(AMSTERDAM, "edgepool-boston.fabrikam.com")) {
                let after = TopologyFile::read(&plan.topology_bytes);
                prop_assert!(after.is_ok(), "the plan's output does not load: {:?}", after.err());
            }
        }
    }
}
