#![cfg(not(target_arch = "wasm32"))]
//! The plan file and the share link keep their format: a plan saved or a link made by any
//! version of the planner reads back the same, and this version writes exactly the JSON the
//! earlier ones did (checked against goldens written before the JSON code was replaced; a
//! link's compressed stream may differ, its JSON may not).

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use edge_failover_planner::plan::{Direction, Failure};
use edge_failover_planner::session::{Decisions, Progress, StepProgress};
use edge_failover_planner::share::{base64url, PlanFile, ShareError, SharedPlan, SCHEMA};
use edge_failover_planner::topology::Fingerprint;

fn golden_path(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name)
}

/// Every field set, and text that needs every kind of escaping.
fn full_plan() -> PlanFile {
    let mut steps = BTreeMap::new();
    steps.insert(
        "topology-change".to_owned(),
        StepProgress {
            done_at: Some(1_764_070_000_123.0),
            blocked: false,
            note: String::new(),
            confirmed: false,
        },
    );
    steps.insert(
        "xmpp-dns".to_owned(),
        StepProgress {
            done_at: None,
            blocked: true,
            note: "waiting on \"DNS\" team\\ext.\n\ttab, bell \u{7}, nul \u{0}, del \u{7f}, é, 日本, 🙂, </script>"
                .to_owned(),
            confirmed: false,
        },
    );
    PlanFile {
        schema: SCHEMA.to_owned(),
        topology_name: "fabrikam topology (2).xml".to_owned(),
        topology: Fingerprint {
            sha256: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".to_owned(),
            signature: Some("a1b2c3d4-0000-4000-8000-000000000001".to_owned()),
            bytes: 42_267,
        },
        decisions: Decisions {
            failure: Some(Failure::Pool("edgepool-amsterdam.fabrikam.com".to_owned())),
            survivor: Some("edgepool-boston.fabrikam.com".to_owned()),
            move_xmpp: false,
            reassociate: Some(vec!["pool-amsterdam.fabrikam.com".to_owned(), String::new()]),
            direction: Direction::Failback,
            clear_other_federation: false,
            keep_temporary_federation: false,
            publish_file: false,
            xmpp_to: None,
            drill: false,
        },
        progress: Progress {
            driver: Some("Ana (bridge)".to_owned()),
            started_at: Some(1_764_069_000_000.0),
            steps,
            notes: "Plan agreed at 02:10.\r\nCAB #4711.".to_owned(),
        },
        saved_at: Some(0.0),
    }
}

/// Only what is required; every optional field left out.
fn minimal_plan() -> PlanFile {
    PlanFile {
        schema: SCHEMA.to_owned(),
        topology_name: String::new(),
        topology: Fingerprint {
            sha256: String::new(),
            signature: None,
            bytes: 0,
        },
        decisions: Decisions {
            failure: Some(Failure::Site("Amsterdam".to_owned())),
            move_xmpp: true,
            ..Decisions::default()
        },
        progress: Progress::default(),
        saved_at: None,
    }
}

#[test]
fn plan_files_keep_their_format() {
    for (name, plan) in [
        ("plan-full.plan.json", full_plan()),
        ("plan-minimal.plan.json", minimal_plan()),
    ] {
        let json = plan.to_json();
        support::golden(&golden_path(name), &json);
        let text = std::fs::read_to_string(golden_path(name)).unwrap();
        assert_eq!(PlanFile::from_json(&text).unwrap(), plan, "{name}");
    }
}

/// The JSON a share link carries, inflated.
fn payload(fragment: &str) -> String {
    let packed = base64url::decode(fragment.trim().strip_prefix("plan=").unwrap()).unwrap();
    String::from_utf8(miniz_oxide::inflate::decompress_to_vec(&packed).unwrap()).unwrap()
}

/// A link's format is its JSON: that is byte for byte what earlier versions wrote. The
/// compressed stream may differ from one compressor to another; every earlier one reads the
/// same. `share-link.txt` was made with miniz_oxide's compressor at level 9, which the link
/// uses again; `share-link-own-deflate.txt` with the planner's own DEFLATE writer, which
/// links were compressed with in between (issue 23 took it out again).
#[test]
fn share_links_keep_their_format() {
    let plan = full_plan();
    let shared = SharedPlan::from_plan(&plan, Some(1_764_070_100_000.0));
    let fragment = shared.to_fragment().unwrap();
    let earlier = std::fs::read_to_string(golden_path("share-link.txt")).unwrap();
    assert_eq!(payload(&fragment), payload(&earlier));
    assert_eq!(fragment, earlier.trim(), "the same compressor, the same link");
    assert_eq!(SharedPlan::from_fragment(&fragment).unwrap().unwrap(), shared);
    assert_eq!(SharedPlan::from_fragment(&earlier).unwrap().unwrap(), shared);
    let own_deflate = std::fs::read_to_string(golden_path("share-link-own-deflate.txt")).unwrap();
    assert_ne!(own_deflate, earlier, "a different stream");
    assert_eq!(payload(&own_deflate), payload(&earlier));
    assert_eq!(SharedPlan::from_fragment(&own_deflate).unwrap().unwrap(), shared);
}

/// What other writers (an editor, a script) may do to a plan file, and what they must not.
#[test]
fn plan_files_from_other_writers() {
    let minimal = minimal_plan();
    // Compact, reordered, with fields this version does not know, and escapes where the
    // planner writes plain characters.
    let text = r#"{"progress":{},"extra":[1,{"a":null}],"decisions":{"failure":{"site":"Am\u0073terdam"},
        "move_xmpp":true,"direction":"failover"},"topology":{"bytes":0,"sha256":""},
        "topology_name":"","schema":"edge-failover-planner/plan/1"}"#;
    assert_eq!(PlanFile::from_json(text).unwrap(), minimal);
    // Defaults: no progress, no move_xmpp (yes), no direction (failover), nulls for options.
    let text = r#"{"schema":"edge-failover-planner/plan/1","topology_name":"","topology":{"sha256":"","bytes":0,"signature":null},
        "decisions":{"failure":{"site":"Amsterdam"},"survivor":null},"saved_at":null}"#;
    assert_eq!(PlanFile::from_json(text).unwrap(), minimal);
    // Surrogate pairs and a time written as an integer.
    let text = r#"{"schema":"edge-failover-planner/plan/1","topology_name":"\ud83d\ude42","topology":{"sha256":"","bytes":0},
        "decisions":{},"saved_at":1764070000000}"#;
    let plan = PlanFile::from_json(text).unwrap();
    assert_eq!(plan.topology_name, "🙂");
    assert_eq!(plan.saved_at, Some(1_764_070_000_000.0));

    for bad in [
        "",
        "[1,2]",
        "{",
        r#"{"schema":"edge-failover-planner/plan/1"}"#,
        r#"{"schema":"edge-failover-planner/plan/1","topology_name":"","topology":{"sha256":"","bytes":-1},"decisions":{}}"#,
        r#"{"schema":"edge-failover-planner/plan/1","topology_name":"","topology":{"sha256":"","bytes":1.5},"decisions":{}}"#,
        r#"{"schema":"edge-failover-planner/plan/1","topology_name":"","topology":{"sha256":"","bytes":0},"decisions":{"failure":{"pool":"a","site":"b"}}}"#,
        r#"{"schema":"edge-failover-planner/plan/1","topology_name":"","topology":{"sha256":"","bytes":0},"decisions":{"direction":"sideways"}}"#,
        r#"{"schema":"edge-failover-planner/plan/1","topology_name":"\ud83d","topology":{"sha256":"","bytes":0},"decisions":{}}"#,
        "{\"schema\":\"edge-failover-planner/plan/1\",\"topology_name\":\"a\u{1}b\",\"topology\":{\"sha256\":\"\",\"bytes\":0},\"decisions\":{}}",
        r#"{"schema":"edge-failover-planner/plan/1","topology_name":"","topology":{"sha256":"","bytes":0},"decisions":{}} x"#,
        r#"{"schema":"edge-failover-planner/plan/1","topology_name":"","topology":{"sha256":"","bytes":0},"decisions":{},}"#,
    ] {
        assert!(
            matches!(PlanFile::from_json(bad), Err(ShareError::NotAPlan(_))),
            "{bad}: {:?}",
            PlanFile::from_json(bad)
        );
    }
    assert_eq!(
        PlanFile::from_json(r#"{"schema":"edge-failover-planner/plan/2"}"#),
        Err(ShareError::UnknownSchema("edge-failover-planner/plan/2".into()))
    );
    // A time with a fraction (another writer's) reads as the whole millisecond the planner
    // writes, so the file reads back as it was read; a time no Date can hold is refused.
    let fraction = r#"{"schema":"edge-failover-planner/plan/1","topology_name":"","topology":{"sha256":"","bytes":0},
        "decisions":{},"saved_at":0.02}"#;
    let plan = PlanFile::from_json(fraction).unwrap();
    assert_eq!(plan.saved_at, Some(0.0));
    assert_eq!(PlanFile::from_json(&plan.to_json()).unwrap(), plan);
    let far = fraction.replace("0.02", "1e300");
    let Err(ShareError::NotAPlan(message)) = PlanFile::from_json(&far) else {
        panic!("a plan saved at 1e300 ms was read")
    };
    assert!(
        message.contains(r#""saved_at" in the file is not a time in milliseconds"#),
        "{message}"
    );
    // A field given twice is ambiguous: the file is refused, naming the field and its place.
    let twice = r#"{"schema":"edge-failover-planner/plan/1","topology_name":"","topology":{"sha256":"","bytes":0},
        "decisions":{"survivor":"a.fabrikam.com","survivor":"b.fabrikam.com"}}"#;
    let Err(ShareError::NotAPlan(message)) = PlanFile::from_json(twice) else {
        panic!("a plan file with a field given twice was read")
    };
    assert!(
        message.contains(r#"the field "survivor" is given twice at line 2, column 50"#),
        "{message}"
    );
    // Deep nesting is refused, not a stack overflow.
    let deep = format!(
        "{{\"schema\":\"edge-failover-planner/plan/1\",\"x\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(matches!(PlanFile::from_json(&deep), Err(ShareError::NotAPlan(_))));
}

/// Issue 22: a drill is recorded in the plan file (`"drill": true` in its decisions) and in
/// the link; a plan that is not a drill is written as before (the goldens above), and a file
/// without the field, as every earlier version wrote it, reads as no drill.
#[test]
fn a_drill_is_recorded_and_files_without_it_read_as_no_drill() {
    for plan in [full_plan(), minimal_plan()] {
        let golden = plan.to_json();
        assert!(!golden.contains("drill"), "{golden}");
        assert!(!PlanFile::from_json(&golden).unwrap().decisions.drill);
        let mut drill = plan.clone();
        drill.decisions.drill = true;
        let json = drill.to_json();
        let decisions = &json[json.find("\"decisions\"").unwrap()..json.find("\"progress\"").unwrap()];
        assert!(decisions.contains("\"drill\": true"), "{json}");
        // Only the field is added.
        assert_eq!(json.replace(",\n    \"drill\": true", ""), golden);
        assert_eq!(PlanFile::from_json(&json).unwrap(), drill);
        // Written false by another writer, it is no drill.
        let written_false = json.replace("\"drill\": true", "\"drill\": false");
        assert_eq!(PlanFile::from_json(&written_false).unwrap(), plan);
        // The link carries it both ways.
        let shared = SharedPlan::from_plan(&drill, Some(1.0));
        let back = SharedPlan::from_fragment(&shared.to_fragment().unwrap())
            .unwrap()
            .unwrap();
        assert!(back.decisions.drill);
        let shared = SharedPlan::from_plan(&plan, Some(1.0));
        let back = SharedPlan::from_fragment(&shared.to_fragment().unwrap())
            .unwrap()
            .unwrap();
        assert!(!back.decisions.drill);
    }
    // Not a boolean: refused by name.
    let bad = minimal_plan()
        .to_json()
        .replace("\"move_xmpp\": true", "\"move_xmpp\": true, \"drill\": \"yes\"");
    let e = PlanFile::from_json(&bad).unwrap_err().to_string();
    assert!(e.contains("drill"), "{e}");
}
