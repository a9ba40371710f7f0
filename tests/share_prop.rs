#![cfg(not(target_arch = "wasm32"))]
//! The plan file and the share link give back exactly what was put in, whatever the names,
//! notes and progress.

mod support;

use edge_failover_planner::session::{Decisions, Progress, Shape};
use edge_failover_planner::share::json;
use edge_failover_planner::share::{base64url, PlanFile, ShareError, SharedPlan, SCHEMA};
use edge_failover_planner::topology::Fingerprint;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    // Any Unicode, including quotes, backslashes, markup and control characters.
    proptest::string::string_regex("(?s).{0,40}").unwrap()
}

fn time() -> impl Strategy<Value = f64> {
    // Milliseconds since the epoch, as JavaScript's Date.now() gives them.
    (0u64..4_000_000_000_000).prop_map(|t| t as f64)
}

fn decisions() -> impl Strategy<Value = Decisions> {
    support::strategies::decisions(text().boxed())
}

fn progress() -> impl Strategy<Value = Progress> {
    support::strategies::progress(text().boxed(), time().boxed(), 0..6)
}

fn fingerprint() -> impl Strategy<Value = Fingerprint> {
    ("[0-9a-f]{64}", proptest::option::of(text()), any::<u32>()).prop_map(|(sha256, signature, bytes)| Fingerprint {
        sha256,
        signature,
        bytes: bytes as u64,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn plan_files_round_trip(
        name in text(), topology in fingerprint(), decisions in decisions(), progress in progress(),
        saved_at in proptest::option::of(time()),
    ) {
        let plan = PlanFile { schema: SCHEMA.to_owned(), topology_name: name, topology, decisions, progress, saved_at };
        prop_assert_eq!(PlanFile::from_json(&plan.to_json()).unwrap(), plan);
    }

    #[test]
    fn share_links_round_trip_or_say_they_are_too_long(
        topology in fingerprint(), decisions in decisions(), progress in progress(), made_at in proptest::option::of(time()),
        shape in proptest::option::of((text(), 0usize..10_000, 0usize..10_000)),
    ) {
        let shape = shape.map(|(product, sites, edge_pools)| Shape { product, sites, edge_pools });
        let shared = SharedPlan { version: 1, topology, shape, decisions, progress, made_at };
        match shared.to_fragment() {
            Ok(fragment) => {
                prop_assert!(fragment.len() <= edge_failover_planner::share::MAX_LINK_FRAGMENT);
                // Only characters that need no escaping in a URL fragment.
                prop_assert!(fragment.bytes().all(|b| b.is_ascii_alphanumeric() || b"=-_".contains(&b)));
                prop_assert_eq!(SharedPlan::from_fragment(&fragment).unwrap().unwrap(), shared);
            }
            Err(ShareError::LinkTooLong { length, limit }) => prop_assert!(length > limit),
            Err(other) => prop_assert!(false, "unexpected error {other}"),
        }
    }

    /// Any text, and a real plan file cut, spliced or with bytes changed, is read or refused
    /// with a message; never a panic (the JSON reader is the project's own).
    #[test]
    fn any_plan_file_text_is_read_or_refused(
        text in "(?s).{0,200}",
        decisions in decisions(), progress in progress(),
        at in any::<prop::sample::Index>(), cut in any::<prop::sample::Index>(), insert in "(?s).{0,3}",
    ) {
        let _ = PlanFile::from_json(&text);
        let plan = PlanFile {
            schema: SCHEMA.to_owned(),
            topology_name: "t.xml".into(),
            topology: Fingerprint { sha256: "0".repeat(64), signature: None, bytes: 1 },
            decisions,
            progress,
            saved_at: None,
        };
        let json = plan.to_json();
        let chars: Vec<char> = json.chars().collect();
        let (a, b) = (at.index(chars.len() + 1), cut.index(chars.len() + 1));
        let (a, b) = (a.min(b), a.max(b).min(a + 4));
        let damaged: String = chars[..a].iter().chain(insert.chars().collect::<Vec<_>>().iter()).chain(&chars[b..]).collect();
        match (PlanFile::from_json(&damaged), json::parse(&damaged)) {
            // Whatever reads, reads back the same from the JSON the planner writes for it.
            (Ok(read), _) => prop_assert_eq!(PlanFile::from_json(&read.to_json()).unwrap(), read),
            // Not JSON: the reader's own words and place.
            (Err(e), Err(json)) => {
                prop_assert_eq!(e.to_string(), format!("This is not a plan file: {json}"));
                prop_assert_eq!(e, ShareError::NotAPlan(json.to_string()));
            }
            // JSON, but not a plan: the field it is about, by name.
            (Err(ShareError::NotAPlan(why)), Ok(_)) => {
                prop_assert!(why.contains('"') || why == "the file is not an object", "{}", why);
            }
            (Err(ShareError::UnknownSchema(schema)), Ok(_)) => prop_assert_ne!(schema, SCHEMA),
            (Err(other), Ok(_)) => prop_assert!(false, "{:?}", other),
        }
    }

    /// Links an earlier version compressed differently (the planner's own DEFLATE writer, a
    /// level other than the link's 9) read the same: the reader takes any DEFLATE stream,
    /// stored (level 0) or compressed.
    #[test]
    fn links_from_any_compressor_read_the_same(
        topology in fingerprint(), decisions in decisions(), progress in progress(), made_at in proptest::option::of(time()),
        level in 0u8..=10,
    ) {
        let shared = SharedPlan { version: 1, topology, shape: None, decisions, progress, made_at };
        let Ok(fragment) = shared.to_fragment() else { return Ok(()) };
        let packed = base64url::decode(fragment.strip_prefix("plan=").unwrap()).unwrap();
        let json = miniz_oxide::inflate::decompress_to_vec(&packed).unwrap();
        let other = format!("plan={}", base64url::encode(&miniz_oxide::deflate::compress_to_vec(&json, level)));
        prop_assert_eq!(SharedPlan::from_fragment(&other).unwrap().unwrap(), shared);
    }

    #[test]
    fn damaged_links_never_panic(payload in "[A-Za-z0-9_=-]{0,200}") {
        let _ = SharedPlan::from_fragment(&format!("plan={payload}"));
    }
}
