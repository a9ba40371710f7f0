//! The share link: the decisions and progress, and the fingerprint to check them against,
//! compressed (DEFLATE, miniz_oxide's both ways) into the URL fragment, which browsers never
//! send. It never holds the topology (internal names and addresses), nor file names.

use super::base64url;
use super::format::Format;
use super::json::{self, Fields, Object, Value};
use super::plan_file::PlanFile;
use super::ShareError;
use crate::session::{Decisions, Origin, Progress, Restorable, Shape};
use crate::topology::Fingerprint;

/// The share link's payload schema.
pub const LINK_SCHEMA: u32 = 1;
/// Chat tools and ticket systems cut or refuse longer links.
pub const MAX_LINK_FRAGMENT: usize = 2000;
/// A share link never inflates to more than this: a hostile link cannot exhaust memory.
const MAX_LINK_JSON: usize = 256 * 1024;

/// What a share link carries: decisions and progress, and the fingerprint to check against.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedPlan {
    pub version: u32,
    pub topology: Fingerprint,
    /// What the topology is (product, sites, Edge pools), which names no host or domain: an
    /// observer is told what to load. Links made before it was carried have none.
    pub shape: Option<Shape>,
    pub decisions: Decisions,
    pub progress: Progress,
    /// When the link was made, in milliseconds since the Unix epoch.
    pub made_at: Option<f64>,
}

impl SharedPlan {
    pub fn from_plan(plan: &PlanFile, now: Option<f64>) -> SharedPlan {
        SharedPlan {
            version: LINK_SCHEMA,
            topology: plan.topology.clone(),
            shape: None,
            decisions: plan.decisions.clone(),
            progress: plan.progress.clone(),
            made_at: now,
        }
    }

    /// The link says what its topology is.
    pub fn with_shape(mut self, shape: Shape) -> SharedPlan {
        self.shape = Some(shape);
        self
    }

    /// The URL fragment (without `#`): `plan=` and the compressed payload.
    pub fn to_fragment(&self) -> Result<String, ShareError> {
        let json = self.to_value().write(false);
        // Level 9: chat tools limit the link's length, and the JSON is small.
        let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
        let fragment = format!("plan={}", base64url::encode(&packed));
        if fragment.len() > MAX_LINK_FRAGMENT {
            return Err(ShareError::LinkTooLong {
                length: fragment.len(),
                limit: MAX_LINK_FRAGMENT,
            });
        }
        Ok(fragment)
    }

    /// Reads a fragment (with or without `#`); `Ok(None)` when it holds no plan.
    pub fn from_fragment(fragment: &str) -> Result<Option<SharedPlan>, ShareError> {
        let fragment = fragment.trim_start_matches('#');
        let Some(payload) = fragment.strip_prefix("plan=") else {
            return Ok(None);
        };
        let packed = base64url::decode(payload).ok_or_else(|| ShareError::BadLink("not base64url".into()))?;
        let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_LINK_JSON)
            .map_err(|_| ShareError::BadLink("it does not decompress".into()))?;
        let json = String::from_utf8(json).map_err(|_| ShareError::BadLink("it is not text".into()))?;
        let shared = SharedPlan::from_value(&json::parse(&json).map_err(|e| ShareError::BadLink(e.to_string()))?)
            .map_err(ShareError::BadLink)?;
        if shared.version != LINK_SCHEMA {
            return Err(ShareError::BadLink(format!(
                "link version {} is not supported",
                shared.version
            )));
        }
        Ok(Some(shared))
    }

    /// The plan to put back on the page: read-only, for observers.
    pub fn into_restorable(self) -> Restorable {
        Restorable {
            origin: Origin::Link { made_at: self.made_at },
            topology_name: None,
            fingerprint: self.topology,
            shape: self.shape,
            decisions: self.decisions,
            progress: self.progress,
        }
    }
}

/// Reads a share link pasted into the page: the whole link from either page (served, or the
/// offline file, whose `file://` address nobody else can open), or just its `#…` part.
pub fn shared_plan_of_link(text: &str) -> Result<SharedPlan, ShareError> {
    let text = text.trim();
    let fragment = text.split_once('#').map_or(text, |(_, f)| f);
    SharedPlan::from_fragment(fragment)?
        .ok_or_else(|| ShareError::BadLink("it has no #plan= part; copy the whole link".into()))
}

impl SharedPlan {
    /// Short names: the link's length is what chat tools limit.
    fn to_value(&self) -> Value {
        Object::default()
            .field("v", Value::u64(u64::from(self.version)))
            .field("t", self.topology.to_value())
            .field("d", self.decisions.to_value())
            .field("p", self.progress.to_value())
            .maybe("at", self.made_at.map(Value::millis))
            .maybe(
                "s",
                self.shape.as_ref().map(|s| {
                    Object::default()
                        .field("p", Value::str(&s.product))
                        .field("s", Value::u64(s.sites as u64))
                        .field("e", Value::u64(s.edge_pools as u64))
                        .build()
                }),
            )
            .build()
    }

    fn from_value(value: &Value) -> Result<SharedPlan, String> {
        let f = Fields::of(value, "the link")?;
        Ok(SharedPlan {
            version: u32::try_from(f.u64("v")?).map_err(|_| "its version is out of range".to_owned())?,
            topology: Fingerprint::from_value(f.required("t")?, "the link's topology")?,
            decisions: Decisions::from_value(f.required("d")?, "the link's decisions")?,
            progress: f.get("p").map_or(Ok(Progress::default()), |p| {
                Progress::from_value(p, "the link's progress")
            })?,
            made_at: f.opt_millis("at")?,
            shape: match f.get("s") {
                None | Some(Value::Null) => None,
                Some(s) => {
                    let s = Fields::of(s, "the link's topology description")?;
                    Some(Shape {
                        product: s.string("p")?,
                        sites: s.u64("s")? as usize,
                        edge_pools: s.u64("e")? as usize,
                    })
                }
            },
        })
    }
}
