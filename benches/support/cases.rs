//! The benchmark cases and the pipeline's steps, shared by the native benchmarks
//! (`benches/pipeline.rs`) and the WebAssembly one in headless Chromium (`tests/wasm_bench.rs`),
//! so both measure exactly the same work on exactly the same bytes.
//!
//! The including crate declares `mod generator` (tests/support/generator.rs).

#![allow(dead_code)]

use std::hint::black_box;

use edge_failover_planner::topology::{source, TextEncoding, TopologyFile};
use edge_failover_planner::{checklist, plan};
use quick_xml::events::Event;
use quick_xml::Reader;

use super::generator::{generate, Format, Spec};

/// (sites, pools): one site, two (the built-in sample's shape), then 10, 50 and 200 sites,
/// five pools each; 200 × 5 = 1,000 pools is the largest real deployment the planner targets.
pub const SIZES: &[(usize, usize)] = &[(1, 5), (2, 10), (10, 50), (50, 250), (200, 1000)];

pub struct Case {
    /// `published-utf8`, `builder-utf16le`, ...
    pub name: String,
    /// `1x5`, `200x1000`: sites × pools.
    pub size: String,
    pub bytes: Vec<u8>,
    pub encoding: TextEncoding,
}

/// Every format × encoding of one size: the published format (Get-CsTopology -AsXml) and
/// Topology Builder's .tbxml, each in UTF-8 as the generator writes it (with a BOM for Topology
/// Builder, as the tool does) and in UTF-16LE with a BOM (as Windows PowerShell's `>` writes).
/// CRLF line endings, as every real export.
pub fn cases_of(sites: usize, pools: usize) -> Vec<Case> {
    let mut out = Vec::new();
    for format in [Format::Published, Format::TopologyBuilder] {
        let text = generate(&Spec::sized(sites, pools).with_format(format).with_crlf(true));
        let (utf8_bom, text) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        for encoding in [
            TextEncoding::Utf8 { bom: utf8_bom },
            TextEncoding::Utf16Le { bom: true },
        ] {
            let name = format!(
                "{}-{}",
                match format {
                    Format::Published => "published",
                    Format::TopologyBuilder => "builder",
                },
                match encoding {
                    TextEncoding::Utf8 { .. } => "utf8",
                    _ => "utf16le",
                }
            );
            out.push(Case {
                name,
                size: format!("{sites}x{pools}"),
                bytes: source::encode(text, encoding),
                encoding,
            });
        }
    }
    out
}

/// The floor: decode (UTF-16 only; UTF-8 is validated in place) and read every event with a
/// bare quick-xml reader, building nothing.
pub fn floor(bytes: &[u8], encoding: TextEncoding) -> usize {
    let owned;
    let text: &str = match encoding {
        TextEncoding::Utf8 { .. } => {
            std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).expect("UTF-8")
        }
        _ => {
            let units = bytes[2..].chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]]));
            owned = char::decode_utf16(units)
                .collect::<Result<String, _>>()
                .expect("UTF-16");
            &owned
        }
    };
    let mut reader = Reader::from_str(text);
    let mut events = 0;
    loop {
        match reader.read_event().expect("well-formed") {
            Event::Eof => return events,
            e => {
                black_box(&e);
                events += 1;
            }
        }
    }
}

/// Load and analyse: what opening a file does.
pub fn load(bytes: &[u8]) -> TopologyFile {
    TopologyFile::read(bytes).expect("a topology")
}

/// The request the benchmarks plan: the first site's Edge pool (it carries SIP and XMPP
/// federation) fails over to the second site's. `None` with a single Edge pool.
pub fn request(file: &TopologyFile) -> Option<plan::FailoverRequest> {
    let t = &file.topology;
    let edges: Vec<&str> = t.edge_pools.iter().map(|e| t.pools[e.pool].fqdn.as_str()).collect();
    (edges.len() >= 2).then(|| plan::FailoverRequest::pool(edges[0], edges[1]))
}

/// Plan: the plan (edit, diff, re-read and checks), the checklist and its Markdown.
pub fn plan_and_checklist(file: &TopologyFile, request: &plan::FailoverRequest) -> (plan::Plan, String) {
    let plan = plan::make_plan(file, request).expect("a plan");
    let name = plan::output_file_name("topology.xml", plan.survivor_fqdn(file));
    let list = checklist::build_for(file, &plan, "topology.xml", &name);
    let markdown = checklist::markdown::render(&list);
    (plan, markdown)
}

/// Write-back: the failover edit spliced into the text and encoded in the input's encoding.
pub fn write_back(file: &TopologyFile, plan: &plan::Plan) -> Vec<u8> {
    let text = plan.edit.apply(file).expect("the plan's edit applies");
    source::encode(&text, file.encoding())
}

/// What is true of every step's result on a case of `sites` sites, asserted once before it is
/// timed, so that a benchmark never measures work that went wrong: the floor reads events, the
/// load finds every site and one Edge pool in each, and where there are two Edge pools the
/// plan moves SIP and XMPP federation from the first to the second with no blocking check, its
/// checklist names the survivor, and the write-back is the plan's bytes, which read back with
/// federation on the survivor alone. Returns the loaded file and the plan, if any.
pub fn check(case: &Case, sites: usize) -> (TopologyFile, Option<plan::Plan>) {
    assert!(floor(&case.bytes, case.encoding) > 0, "{}: no events", case.name);
    let file = load(&case.bytes);
    let t = &file.topology;
    assert_eq!(t.sites.len(), sites, "{}", case.name);
    assert_eq!(t.edge_pools.len(), sites, "{}: one Edge pool per site", case.name);
    assert_eq!(t.encoding, case.encoding, "{}", case.name);
    let Some(request) = request(&file) else {
        assert_eq!(sites, 1, "{}: a request wherever there are two Edge pools", case.name);
        return (file, None);
    };
    let (plan, markdown) = plan_and_checklist(&file, &request);
    let survivor = plan.survivor_fqdn(&file).to_owned();
    assert!(plan.federation_moves && plan.xmpp_moves, "{}", case.name);
    assert!(!plan.has_blocking_checks(), "{}", case.name);
    assert!(markdown.contains(&survivor), "{}", case.name);
    let written = write_back(&file, &plan);
    assert_eq!(written, plan.topology_bytes, "{}", case.name);
    let after = load(&written);
    let federated: Vec<&str> = after
        .topology
        .edge_pools
        .iter()
        .filter(|e| e.sip_federation.is_some())
        .map(|e| after.topology.pools[e.pool].fqdn.as_str())
        .collect();
    assert_eq!(federated, [survivor.as_str()], "{}", case.name);
    (file, Some(plan))
}
