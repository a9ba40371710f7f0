#![cfg(not(target_arch = "wasm32"))]
//! The plan file's own JSON reader and writer (`share/json.rs`) against serde_json, which
//! wrote the format first: what either writes, the other reads the same; any text is read or
//! refused by both alike; plan files and share links are the bytes serde_json wrote from the
//! types as they were, and read back both ways; times read as serde_json reads them, rounded.

mod support;

use edge_failover_planner::session::{Decisions, Progress};
use edge_failover_planner::share::json::{self, Fields, Value};
use edge_failover_planner::share::{base64url, PlanFile, SharedPlan, LINK_SCHEMA, SCHEMA};
use edge_failover_planner::topology::Fingerprint;
use proptest::prelude::*;
use serde_json::Value as Serde;

/// The plan file and link as serde_json wrote them, with serde's derives (the types before
/// `share/json.rs` replaced them), and the fields added since written as they are now.
mod earlier {
    use std::collections::BTreeMap;

    use edge_failover_planner::plan::{Direction, Failure};
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    pub struct Fingerprint {
        pub sha256: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub signature: Option<String>,
        pub bytes: u64,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    pub struct SavedDecisions {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub failure: Option<Failure>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub survivor: Option<String>,
        #[serde(default = "yes")]
        pub move_xmpp: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub reassociate: Option<Vec<String>>,
        #[serde(default)]
        pub direction: Direction,
        #[serde(default, skip_serializing_if = "is_false")]
        pub clear_other_federation: bool,
        #[serde(default, skip_serializing_if = "is_false")]
        pub keep_temporary_federation: bool,
        /// Route B, added with the runbook's routes: written only when chosen.
        #[serde(default, skip_serializing_if = "is_false")]
        pub publish_file: bool,
        /// The XMPP target chosen apart from the survivor (issue 20, 3.2): written only when
        /// chosen.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub xmpp_to: Option<String>,
        /// A drill, added with the Readiness view: written only when it is one.
        #[serde(default, skip_serializing_if = "is_false")]
        pub drill: bool,
    }

    fn yes() -> bool {
        true
    }

    fn is_false(b: &bool) -> bool {
        !*b
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    pub struct StepProgress {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub done_at: Option<f64>,
        #[serde(default, skip_serializing_if = "is_false")]
        pub blocked: bool,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        pub note: String,
        #[serde(default, skip_serializing_if = "is_false")]
        pub confirmed: bool,
    }

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct Progress {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub driver: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub started_at: Option<f64>,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        pub steps: BTreeMap<String, StepProgress>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        pub notes: String,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    pub struct PlanFile {
        pub schema: String,
        pub topology_name: String,
        pub topology: Fingerprint,
        pub decisions: SavedDecisions,
        #[serde(default)]
        pub progress: Progress,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub saved_at: Option<f64>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    pub struct SharedPlan {
        #[serde(rename = "v")]
        pub version: u32,
        #[serde(rename = "t")]
        pub topology: Fingerprint,
        #[serde(rename = "d")]
        pub decisions: SavedDecisions,
        #[serde(rename = "p", default)]
        pub progress: Progress,
        #[serde(rename = "at", default, skip_serializing_if = "Option::is_none")]
        pub made_at: Option<f64>,
    }
}

impl From<&Fingerprint> for earlier::Fingerprint {
    fn from(f: &Fingerprint) -> Self {
        earlier::Fingerprint {
            sha256: f.sha256.clone(),
            signature: f.signature.clone(),
            bytes: f.bytes,
        }
    }
}

impl From<&Decisions> for earlier::SavedDecisions {
    fn from(d: &Decisions) -> Self {
        earlier::SavedDecisions {
            failure: d.failure.clone(),
            survivor: d.survivor.clone(),
            move_xmpp: d.move_xmpp,
            reassociate: d.reassociate.clone(),
            direction: d.direction,
            clear_other_federation: d.clear_other_federation,
            keep_temporary_federation: d.keep_temporary_federation,
            publish_file: d.publish_file,
            xmpp_to: d.xmpp_to.clone(),
            drill: d.drill,
        }
    }
}

impl From<&Progress> for earlier::Progress {
    fn from(p: &Progress) -> Self {
        earlier::Progress {
            driver: p.driver.clone(),
            started_at: p.started_at,
            steps: p
                .steps
                .iter()
                .map(|(id, s)| {
                    let step = earlier::StepProgress {
                        done_at: s.done_at,
                        blocked: s.blocked,
                        note: s.note.clone(),
                        confirmed: s.confirmed,
                    };
                    (id.clone(), step)
                })
                .collect(),
            notes: p.notes.clone(),
        }
    }
}

impl From<&PlanFile> for earlier::PlanFile {
    fn from(p: &PlanFile) -> Self {
        earlier::PlanFile {
            schema: p.schema.clone(),
            topology_name: p.topology_name.clone(),
            topology: (&p.topology).into(),
            decisions: (&p.decisions).into(),
            progress: (&p.progress).into(),
            saved_at: p.saved_at,
        }
    }
}

impl From<&SharedPlan> for earlier::SharedPlan {
    fn from(s: &SharedPlan) -> Self {
        earlier::SharedPlan {
            version: s.version,
            topology: (&s.topology).into(),
            decisions: (&s.decisions).into(),
            progress: (&s.progress).into(),
            made_at: s.made_at,
        }
    }
}

/// `share/json.rs`'s value as serde_json's, the numbers read by serde_json from the text
/// `share/json.rs` kept; `None` when serde_json cannot hold a number (`1e400`).
fn to_serde(v: &Value) -> Option<Serde> {
    Some(match v {
        Value::Null => Serde::Null,
        Value::Bool(b) => Serde::Bool(*b),
        Value::Number(n) => Serde::Number(serde_json::from_str(n).ok()?),
        Value::String(s) => Serde::String(s.clone()),
        Value::Array(items) => Serde::Array(items.iter().map(to_serde).collect::<Option<_>>()?),
        Value::Object(fields) => Serde::Object(
            fields
                .iter()
                .map(|(k, v)| Some((k.clone(), to_serde(v)?)))
                .collect::<Option<_>>()?,
        ),
    })
}

fn text() -> impl Strategy<Value = String> {
    // Any Unicode, weighted towards what JSON escapes or could get wrong: control characters,
    // quotes, backslashes, slashes, DEL, the line and paragraph separators, a byte order mark,
    // and characters outside the Basic Multilingual Plane (surrogate pairs in `\u` escapes).
    let c = prop_oneof![
        3 => any::<char>(),
        3 => (0u8..0x80).prop_map(char::from),
        2 => proptest::sample::select(vec![
            '"', '\\', '/', '\u{7f}', '\u{80}', '\u{2028}', '\u{2029}', '\u{feff}', 'é', '日', '\u{ffff}',
            '🙂', '\u{10000}', '\u{10ffff}',
        ]),
    ];
    proptest::collection::vec(c, 0..40).prop_map(|v| v.into_iter().collect())
}

/// Any JSON value serde_json can hold.
fn serde_value() -> impl Strategy<Value = Serde> {
    let leaf = prop_oneof![
        Just(Serde::Null),
        any::<bool>().prop_map(Serde::Bool),
        any::<i64>().prop_map(Serde::from),
        any::<u64>().prop_map(Serde::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f).map(Serde::Number)),
        text().prop_map(Serde::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Serde::Array),
            proptest::collection::btree_map(text(), inner, 0..6).prop_map(|m| Serde::Object(m.into_iter().collect())),
        ]
    })
}

/// A number as any writer may write it (the grammar's every part), within what an f64 holds.
fn number_text() -> impl Strategy<Value = String> {
    "-?(0|[1-9][0-9]{0,24})(\\.[0-9]{1,24})?([eE][+-]?[0-9]{1,2})?"
}

/// Any value `share/json.rs` writes: fields in any order, each name once.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number_text().prop_map(Value::Number),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((text(), inner), 0..6).prop_map(|mut fields| {
                let mut seen = std::collections::HashSet::new();
                fields.retain(|(k, _)| seen.insert(k.clone()));
                Value::Object(fields)
            }),
        ]
    })
}

/// What a damaged or hand-edited JSON text may hold next to its own characters.
fn snippet() -> impl Strategy<Value = String> {
    prop_oneof![
        "[\\[\\]{}:,\"\\\\/ \n\t0-9.eE+\\-]{0,3}",
        token(),
        Just("\u{1}".to_owned()),
        Just("é".to_owned()),
        Just("\u{feff}".to_owned()),
    ]
}

/// A number, a string literal or a keyword as any writer may write it, or nearly: every part
/// of the grammar, each present, absent or malformed.
fn token() -> impl Strategy<Value = String> {
    let escape = prop_oneof![
        proptest::sample::select(vec![
            "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\x", "\\", "\\u"
        ])
        .prop_map(str::to_owned),
        // Any UTF-16 unit, lone surrogates and pairs included, in either case.
        (any::<u16>(), any::<bool>()).prop_map(|(u, upper)| {
            let hex = format!("\\u{u:04x}");
            if upper {
                hex.to_uppercase().replace("\\U", "\\u")
            } else {
                hex
            }
        }),
        (0xD800u16..0xDC00, 0xDC00u16..0xE000).prop_map(|(h, l)| format!("\\u{h:04x}\\u{l:04X}")),
        "[\\x00-\\x1f]",
        "[^\"\\\\\\x00-\\x1f]{1,3}",
    ];
    prop_oneof![
        "-?[0-9]{0,3}(\\.[0-9]{0,2})?([eE][+-]?[0-9]{0,2})?",
        "-?(0|[1-9][0-9]{0,2})(\\.[0-9]{1,2})?([eE][+-]?[0-9]{1,2})?",
        proptest::collection::vec(escape, 0..6).prop_map(|parts| format!("\"{}\"", parts.concat())),
        "(true|false|null|tru|nul|fals|True|NULL|truee)",
    ]
}

/// `text` with the characters from `at` to `at + cut` replaced by `insert`.
fn damage(text: &str, at: prop::sample::Index, cut: usize, insert: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let a = at.index(chars.len() + 1);
    let b = (a + cut).min(chars.len());
    chars[..a]
        .iter()
        .copied()
        .chain(insert.chars())
        .chain(chars[b..].iter().copied())
        .collect()
}

/// The same verdict from both readers, and the same value when both read it. The two known
/// differences are kept apart: a field given twice (serde_json's `Value` keeps the last, a plan
/// file is refused as serde's derives refused it) and numbers beyond an f64 (kept as written
/// here, refused there).
fn same_verdict(text: &str) -> Result<(), TestCaseError> {
    let ours = json::parse(text);
    let theirs = serde_json::from_str::<Serde>(text);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => prop_assert_eq!(to_serde(a), Some(b.clone()), "{:?}", text),
        (Err(_), Err(_)) => {}
        (Err(e), Ok(_)) if e.message.ends_with("is given twice") => {}
        (Ok(_), Err(e)) if e.to_string().starts_with("number out of range") => {}
        _ => prop_assert!(false, "share/json.rs: {ours:?}, serde_json: {theirs:?}, on {text:?}"),
    }
    Ok(())
}

fn time() -> impl Strategy<Value = f64> {
    prop_oneof![
        // Milliseconds since the epoch, as JavaScript's Date.now() gives them.
        (0u64..4_000_000_000_000).prop_map(|t| t as f64),
        // Anywhere a Date reaches.
        (-8_640_000_000_000_000i64..=8_640_000_000_000_000).prop_map(|t| t as f64),
    ]
}

fn decisions() -> impl Strategy<Value = Decisions> {
    support::strategies::decisions(text().boxed())
}

fn progress() -> impl Strategy<Value = Progress> {
    support::strategies::progress(text().boxed(), time().boxed(), 0..5)
}

fn fingerprint() -> impl Strategy<Value = Fingerprint> {
    ("[0-9a-f]{64}", proptest::option::of(text()), any::<u64>()).prop_map(|(sha256, signature, bytes)| Fingerprint {
        sha256,
        signature,
        bytes,
    })
}

fn plan_file() -> impl Strategy<Value = PlanFile> {
    (
        text(),
        fingerprint(),
        decisions(),
        progress(),
        proptest::option::of(time()),
    )
        .prop_map(|(topology_name, topology, decisions, progress, saved_at)| PlanFile {
            schema: SCHEMA.to_owned(),
            topology_name,
            topology,
            decisions,
            progress,
            saved_at,
        })
}

/// The JSON a share link carries.
fn link_json(fragment: &str) -> String {
    let packed = base64url::decode(fragment.strip_prefix("plan=").unwrap()).unwrap();
    String::from_utf8(miniz_oxide::inflate::decompress_to_vec(&packed).unwrap()).unwrap()
}

fn link_of(json: &str) -> String {
    format!(
        "plan={}",
        base64url::encode(&miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9))
    )
}

/// A time as any writer may write it, with at most 15 significant digits: serde_json reads
/// those to the nearest f64, which rounds to the same whole millisecond as the exact decimal.
fn time_text() -> impl Strategy<Value = String> {
    (
        "-?",
        "[1-9][0-9]{0,14}",
        any::<prop::sample::Index>(),
        0usize..4,
        proptest::option::of(("[eE]", "[+-]?", 0u32..25)),
    )
        .prop_map(|(sign, digits, point, zeros, exponent)| {
            let point = point.index(digits.len() + 1);
            let mantissa = match (&digits[..point], &digits[point..]) {
                ("", fraction) => format!("0.{}{fraction}", "0".repeat(zeros)),
                (whole, "") => whole.to_owned(),
                (whole, fraction) => format!("{whole}.{fraction}"),
            };
            let exponent = exponent.map_or(String::new(), |(e, s, n)| format!("{e}{s}{n}"));
            format!("{sign}{mantissa}{exponent}")
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// serde_json writes any value; this reads it as serde_json does and writes it back to
    /// the same bytes, compact and pretty.
    #[test]
    fn what_serde_json_writes_reads_and_writes_back_the_same(v in serde_value()) {
        for (text, pretty) in [
            (serde_json::to_string(&v).unwrap(), false),
            (serde_json::to_string_pretty(&v).unwrap(), true),
        ] {
            let read = json::parse(&text).map_err(|e| TestCaseError::fail(format!("{e} in {text:?}")))?;
            prop_assert_eq!(to_serde(&read), Some(v.clone()));
            prop_assert_eq!(read.write(pretty), text);
        }
    }

    /// This writes any value; serde_json reads it as the value it is.
    #[test]
    fn what_this_writes_serde_json_reads_the_same(v in json_value(), pretty in any::<bool>()) {
        let text = v.write(pretty);
        let theirs: Serde = serde_json::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e} in {text:?}")))?;
        prop_assert_eq!(Some(theirs), to_serde(&v));
        prop_assert_eq!(json::parse(&text).unwrap(), v);
    }

    /// Any text, and JSON damaged or edited by hand: read by both or refused by both.
    #[test]
    fn both_read_or_refuse_the_same_tokens(token in token()) {
        for text in [
            token.clone(),
            format!(" [{token}]\n"),
            format!("{{\"a\": {token}}}"),
            format!("{{{token}: 1}}"),
            format!("[{token}, {token}]"),
        ] {
            same_verdict(&text)?;
        }
    }

    #[test]
    fn both_read_or_refuse_the_same_texts(
        v in serde_value(), pretty in any::<bool>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0usize..3, snippet()), 1..4),
        noise in "[\\[\\]{}:,\"\\\\/ 0-9.eE+\\-tfrunl]{0,30}",
    ) {
        same_verdict(&noise)?;
        let mut text = if pretty { serde_json::to_string_pretty(&v) } else { serde_json::to_string(&v) }.unwrap();
        for (at, cut, insert) in &edits {
            text = damage(&text, *at, *cut, insert);
        }
        same_verdict(&text)?;
    }

    /// A plan file is the bytes serde_json wrote for it, and each reads what the other wrote,
    /// also compact and with its fields in another order.
    #[test]
    fn plan_files_are_what_serde_json_wrote(plan in plan_file()) {
        let earlier = earlier::PlanFile::from(&plan);
        let ours = plan.to_json();
        let theirs = serde_json::to_string_pretty(&earlier).unwrap();
        prop_assert_eq!(&ours, &theirs);
        prop_assert_eq!(serde_json::from_str::<earlier::PlanFile>(&ours).unwrap(), earlier);
        prop_assert_eq!(&PlanFile::from_json(&theirs).unwrap(), &plan);
        // serde_json's own value sorts the fields by name.
        let sorted = serde_json::to_string(&serde_json::from_str::<Serde>(&theirs).unwrap()).unwrap();
        prop_assert_eq!(&PlanFile::from_json(&sorted).unwrap(), &plan);
    }

    /// A share link holds the compact bytes serde_json wrote, and each reads what the other wrote.
    #[test]
    fn share_links_are_what_serde_json_wrote(
        topology in fingerprint(), decisions in decisions(), progress in progress(),
        made_at in proptest::option::of(time()),
    ) {
        let shared = SharedPlan { version: LINK_SCHEMA, topology, shape: None, decisions, progress, made_at };
        let earlier = earlier::SharedPlan::from(&shared);
        let theirs = serde_json::to_string(&earlier).unwrap();
        prop_assert_eq!(&SharedPlan::from_fragment(&link_of(&theirs)).unwrap().unwrap(), &shared);
        // Some random notes make a link too long to share; what it would carry is the same.
        if let Ok(fragment) = shared.to_fragment() {
            let ours = link_json(&fragment);
            prop_assert_eq!(&ours, &theirs);
            prop_assert_eq!(serde_json::from_str::<earlier::SharedPlan>(&ours).unwrap(), earlier);
        }
    }

    /// A time written any way reads as serde_json reads it, rounded to the millisecond, and
    /// is refused where that is beyond a Date.
    #[test]
    fn times_read_as_serde_json_reads_them_rounded(text in time_text()) {
        let value = json::parse(&format!("{{\"at\": {text}}}")).unwrap();
        let ours = Fields::of(&value, "the plan").unwrap().opt_millis("at");
        let theirs = serde_json::from_str::<f64>(&text).unwrap().round();
        if theirs.abs() <= 8.64e15 {
            prop_assert_eq!(ours, Ok(Some(theirs)), "{}", text);
        } else {
            prop_assert!(ours.is_err(), "{}: {:?}", text, ours);
        }
    }
}

/// Deep nesting: both refuse it from the same depth on.
#[test]
fn nesting_is_refused_where_serde_json_refuses_it() {
    for depth in [1, 64, 126, 127, 128, 129, 200] {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            let inner = if open == "[" { "" } else { "1" };
            let text = format!("{}{inner}{}", open.repeat(depth), close.repeat(depth));
            let ours = json::parse(&text).map(|_| ()).map_err(|e| e.message);
            let theirs = serde_json::from_str::<Serde>(&text).map(|_| ());
            assert_eq!(
                ours.is_ok(),
                theirs.is_ok(),
                "{depth} levels of {open}: {ours:?}, {theirs:?}"
            );
        }
    }
}

/// The plan file and link goldens, which serde_json wrote, read the same with either reader.
#[test]
fn the_goldens_read_the_same_with_serde_json() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    for name in ["plan-full.plan.json", "plan-minimal.plan.json"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let plan = PlanFile::from_json(&text).unwrap();
        let earlier: earlier::PlanFile = serde_json::from_str(&text).unwrap();
        assert_eq!(earlier::PlanFile::from(&plan), earlier, "{name}");
        assert_eq!(serde_json::to_string_pretty(&earlier).unwrap(), text, "{name}");
        assert_eq!(plan.to_json(), text, "{name}");
    }
    let fragment = std::fs::read_to_string(dir.join("share-link.txt")).unwrap();
    let shared = SharedPlan::from_fragment(&fragment).unwrap().unwrap();
    let json = link_json(&fragment);
    let earlier: earlier::SharedPlan = serde_json::from_str(&json).unwrap();
    assert_eq!(earlier::SharedPlan::from(&shared), earlier);
    assert_eq!(serde_json::to_string(&earlier).unwrap(), json);
}
