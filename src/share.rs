//! Sharing a plan without a server: a plan file (JSON, versioned) with the decisions, the
//! topology's fingerprint, the progress and the notes; a share link that carries only the
//! decisions and progress, compressed into the URL fragment (which browsers never send); and
//! the plain-text status update for an incident bridge.
//!
//! Neither ever holds the topology: it holds internal names and addresses.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::checklist::Checklist;
use crate::checklist::FromPublished;
use crate::plan::{Direction, FailoverRequest, Failure};
use crate::session::{Decisions, Loaded};

mod json;

use json::{Fields, Object, Value};

/// The plan file's schema; a reader refuses files of a schema it does not know.
pub const SCHEMA: &str = "edge-failover-planner/plan/1";
/// The share link's payload schema.
pub const LINK_SCHEMA: u32 = 1;
/// Chat tools and ticket systems cut or refuse longer links.
pub const MAX_LINK_FRAGMENT: usize = 2000;
/// A share link never inflates to more than this: a hostile link cannot exhaust memory.
const MAX_LINK_JSON: usize = 256 * 1024;

#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ShareError {
    #[error("This is not a plan file: {0}")]
    NotAPlan(String),
    #[error("This plan file has the schema \"{0}\", which this version of the planner does not read (it reads \"{SCHEMA}\").")]
    UnknownSchema(String),
    #[error("The share link is damaged or incomplete ({0}); ask for it again, or for the plan file.")]
    BadLink(String),
    #[error("The share link would be {length} characters, more than the {limit} that chat tools and tickets keep. Save the plan as a file and share that instead, or shorten the notes.")]
    LinkTooLong { length: usize, limit: usize },
}

/// What identifies a topology without holding it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// The topology's own Signature attribute.
    pub signature: Option<String>,
    pub bytes: u64,
}

impl Fingerprint {
    pub fn of(bytes: &[u8], signature: Option<&str>) -> Fingerprint {
        let digest = Sha256::digest(bytes);
        Fingerprint {
            sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
            signature: signature.map(str::to_owned),
            bytes: bytes.len() as u64,
        }
    }

    /// The first characters of the hash, for people to compare.
    pub fn short(&self) -> &str {
        &self.sha256[..self.sha256.len().min(12)]
    }
}

/// The decisions as saved: names, not indices, so they can be checked against any topology.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SavedDecisions {
    pub failure: Option<Failure>,
    pub survivor: Option<String>,
    pub move_xmpp: bool,
    pub reassociate: Option<Vec<String>>,
    pub direction: Direction,
    pub clear_other_federation: bool,
}

impl From<&Decisions> for SavedDecisions {
    fn from(d: &Decisions) -> SavedDecisions {
        SavedDecisions {
            failure: d.failure.clone(),
            survivor: d.survivor.clone(),
            move_xmpp: d.move_xmpp,
            reassociate: d.reassociate.as_ref().map(|s| s.iter().cloned().collect()),
            direction: d.direction,
            clear_other_federation: d.clear_other_federation,
        }
    }
}

impl SavedDecisions {
    pub fn to_decisions(&self) -> Decisions {
        Decisions {
            failure: self.failure.clone(),
            survivor: self.survivor.clone(),
            move_xmpp: self.move_xmpp,
            reassociate: self.reassociate.as_ref().map(|v| v.iter().cloned().collect()),
            direction: self.direction,
            clear_other_federation: self.clear_other_federation,
        }
    }
}

/// One step's progress.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StepProgress {
    /// When it was ticked, in milliseconds since the Unix epoch.
    pub done_at: Option<f64>,
    pub blocked: bool,
    pub note: String,
    /// Ticked by a check of the published topology, at `done_at` ([`crate::verify`]).
    pub confirmed: bool,
}

/// How far a team got through the checklist, keyed by the steps' stable ids.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    pub driver: Option<String>,
    /// When the walkthrough started, in milliseconds since the Unix epoch.
    pub started_at: Option<f64>,
    pub steps: BTreeMap<String, StepProgress>,
    /// Notes on the whole plan.
    pub notes: String,
}

impl Progress {
    pub fn is_empty(&self) -> bool {
        *self == Progress::default()
    }

    pub fn is_done(&self, id: &str) -> bool {
        self.steps.get(id).is_some_and(|s| s.done_at.is_some())
    }

    pub fn set_done(&mut self, id: &str, done: bool, now: f64) {
        let step = self.steps.entry(id.to_owned()).or_default();
        step.done_at = done.then_some(now);
        step.confirmed = false;
        if done && self.started_at.is_none() {
            self.started_at = Some(now);
        }
        self.tidy(id);
    }

    pub fn set_blocked(&mut self, id: &str, blocked: bool) {
        self.steps.entry(id.to_owned()).or_default().blocked = blocked;
        self.tidy(id);
    }

    pub fn set_note(&mut self, id: &str, note: String) {
        self.steps.entry(id.to_owned()).or_default().note = note;
        self.tidy(id);
    }

    /// After a check of the published topology: the steps it can confirm are ticked as
    /// confirmed from it at `now` when `confirmed`; when not, the ticks an earlier check made
    /// are taken back (a tick of the user's own stays).
    pub fn confirm_from_published(&mut self, checklist: &Checklist, confirmed: bool, now: f64) {
        for step in checklist
            .steps()
            .filter(|s| s.from_published == FromPublished::Confirms)
        {
            if confirmed {
                self.set_done(&step.id, true, now);
                self.steps.entry(step.id.clone()).or_default().confirmed = true;
            } else if self.steps.get(&step.id).is_some_and(|s| s.confirmed) {
                self.set_done(&step.id, false, now);
            }
        }
    }

    fn tidy(&mut self, id: &str) {
        if self.steps.get(id).is_some_and(|s| *s == StepProgress::default()) {
            self.steps.remove(id);
        }
    }
}

/// A saved plan.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanFile {
    pub schema: String,
    /// The file name the topology was loaded from (not its content).
    pub topology_name: String,
    pub topology: Fingerprint,
    pub decisions: SavedDecisions,
    pub progress: Progress,
    /// When it was saved, in milliseconds since the Unix epoch.
    pub saved_at: Option<f64>,
}

impl PlanFile {
    pub fn new(loaded: &Loaded, decisions: &Decisions, progress: &Progress, now: Option<f64>) -> PlanFile {
        PlanFile {
            schema: SCHEMA.to_owned(),
            topology_name: loaded.name.clone(),
            topology: loaded.fingerprint.clone(),
            decisions: decisions.into(),
            progress: progress.clone(),
            saved_at: now,
        }
    }

    pub fn to_json(&self) -> String {
        Object::default()
            .field("schema", Value::str(&self.schema))
            .field("topology_name", Value::str(&self.topology_name))
            .field("topology", self.topology.to_value())
            .field("decisions", self.decisions.to_value())
            .field("progress", self.progress.to_value())
            .maybe("saved_at", self.saved_at.map(Value::millis))
            .build()
            .write(true)
    }

    pub fn from_json(text: &str) -> Result<PlanFile, ShareError> {
        let value = json::parse(text).map_err(ShareError::NotAPlan)?;
        let plan = Fields::of(&value, "the file").map_err(ShareError::NotAPlan)?;
        match plan.get("schema") {
            Some(Value::String(s)) if s == SCHEMA => {}
            Some(Value::String(other)) => return Err(ShareError::UnknownSchema(other.clone())),
            Some(_) => return Err(ShareError::NotAPlan("its \"schema\" is not a string".into())),
            None => return Err(ShareError::NotAPlan("it has no \"schema\" field".into())),
        }
        let read = || -> Result<PlanFile, String> {
            Ok(PlanFile {
                schema: SCHEMA.to_owned(),
                topology_name: plan.string("topology_name")?,
                topology: Fingerprint::from_value(plan.required("topology")?, "\"topology\"")?,
                decisions: SavedDecisions::from_value(plan.required("decisions")?, "\"decisions\"")?,
                progress: plan
                    .get("progress")
                    .map_or(Ok(Progress::default()), |p| Progress::from_value(p, "\"progress\""))?,
                saved_at: plan.opt_millis("saved_at")?,
            })
        };
        read().map_err(ShareError::NotAPlan)
    }
}

/// What a share link carries: decisions and progress, and the fingerprint to check against.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedPlan {
    pub version: u32,
    pub topology: Fingerprint,
    pub decisions: SavedDecisions,
    pub progress: Progress,
    /// When the link was made, in milliseconds since the Unix epoch.
    pub made_at: Option<f64>,
}

impl SharedPlan {
    pub fn from_plan(plan: &PlanFile, now: Option<f64>) -> SharedPlan {
        SharedPlan {
            version: LINK_SCHEMA,
            topology: plan.topology.clone(),
            decisions: plan.decisions.clone(),
            progress: plan.progress.clone(),
            made_at: now,
        }
    }

    /// The URL fragment (without `#`): `plan=` and the compressed payload.
    pub fn to_fragment(&self) -> Result<String, ShareError> {
        let json = self.to_value().write(false);
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
        let shared =
            SharedPlan::from_value(&json::parse(&json).map_err(ShareError::BadLink)?).map_err(ShareError::BadLink)?;
        if shared.version != LINK_SCHEMA {
            return Err(ShareError::BadLink(format!(
                "link version {} is not supported",
                shared.version
            )));
        }
        Ok(Some(shared))
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

/// What in a saved plan no longer matches a topology, in words; empty when all matches.
pub fn mismatches(
    fingerprint: &Fingerprint,
    decisions: &SavedDecisions,
    progress: &Progress,
    loaded: &Loaded,
) -> Vec<String> {
    let t = &loaded.file.topology;
    let mut out = Vec::new();
    if fingerprint.sha256 != loaded.fingerprint.sha256 {
        let same_signature = fingerprint.signature.is_some() && fingerprint.signature == loaded.fingerprint.signature;
        // The fingerprints and Signatures themselves are for whoever compares them: the page
        // shows them under "Details".
        out.push(if same_signature {
            "The topology file differs from the one the plan was made for, though its Signature is the same: it may have been exported again or edited.".to_owned()
        } else {
            "This is a different topology: its fingerprint and Signature are not the plan's.".to_owned()
        });
    }
    match &decisions.failure {
        Some(Failure::Pool(p)) if t.edge_by_fqdn(p).is_none() => {
            out.push(format!("The failed Edge pool {p} is not in this topology."))
        }
        Some(Failure::Site(s)) if t.site_by_name_or_id(s).is_none() => {
            out.push(format!("The failed site {s} is not in this topology."))
        }
        _ => {}
    }
    if let Some(s) = &decisions.survivor {
        if t.edge_by_fqdn(s).is_none() {
            out.push(format!("The surviving Edge pool {s} is not in this topology."));
        }
    }
    for p in decisions.reassociate.iter().flatten() {
        if t.pool_by_fqdn(p).is_none() {
            out.push(format!("The re-associated pool {p} is not in this topology."));
        }
    }
    if let Some(request) = request_of(decisions) {
        match crate::session::make_outcome(loaded, &request) {
            Ok(outcome) => {
                let ids: Vec<&str> = outcome.checklist.steps().map(|s| s.id.as_str()).collect();
                let gone: Vec<&String> = progress.steps.keys().filter(|k| !ids.contains(&k.as_str())).collect();
                if !gone.is_empty() {
                    out.push(format!(
                        "{} step(s) with progress or notes are not in this topology's checklist: {}.",
                        gone.len(),
                        gone.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                    ));
                }
            }
            Err(e) => out.push(format!("The plan cannot be made on this topology: {e}")),
        }
    }
    out
}

fn request_of(d: &SavedDecisions) -> Option<FailoverRequest> {
    Some(FailoverRequest {
        failure: d.failure.clone()?,
        survivor: d.survivor.clone()?,
        move_xmpp: Some(d.move_xmpp),
        reassociate: d.reassociate.clone(),
        direction: d.direction,
        clear_other_federation: d.clear_other_federation,
    })
}

/// Where a plan waiting for its topology came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// A share link: opened read-only, for observers.
    Link { made_at: Option<f64> },
    /// A plan file the user loaded.
    File { name: String },
    /// This browser's own saved progress.
    Stored { saved_at: Option<f64> },
}

/// A saved plan (from a link, a file or this browser's storage) to put back on the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Restorable {
    pub origin: Origin,
    pub topology_name: Option<String>,
    pub fingerprint: Fingerprint,
    pub decisions: SavedDecisions,
    pub progress: Progress,
}

impl Restorable {
    pub fn from_link(shared: SharedPlan) -> Restorable {
        Restorable {
            origin: Origin::Link {
                made_at: shared.made_at,
            },
            topology_name: None,
            fingerprint: shared.topology,
            decisions: shared.decisions,
            progress: shared.progress,
        }
    }

    pub fn from_file(plan: PlanFile, file_name: String) -> Restorable {
        Restorable {
            origin: Origin::File { name: file_name },
            topology_name: Some(plan.topology_name),
            fingerprint: plan.topology,
            decisions: plan.decisions,
            progress: plan.progress,
        }
    }

    pub fn from_storage(plan: PlanFile) -> Restorable {
        Restorable {
            origin: Origin::Stored {
                saved_at: plan.saved_at,
            },
            topology_name: Some(plan.topology_name),
            fingerprint: plan.topology,
            decisions: plan.decisions,
            progress: plan.progress,
        }
    }

    /// Whether this is the topology the plan was made for.
    pub fn matches(&self, loaded: &Loaded) -> bool {
        self.fingerprint.sha256 == loaded.fingerprint.sha256
    }

    pub fn mismatches(&self, loaded: &Loaded) -> Vec<String> {
        mismatches(&self.fingerprint, &self.decisions, &self.progress, loaded)
    }

    pub fn read_only(&self) -> bool {
        matches!(self.origin, Origin::Link { .. })
    }

    /// The decisions as they apply to `loaded`: names it does not have are dropped.
    pub fn decisions_for(&self, loaded: &Loaded) -> Decisions {
        let t = &loaded.file.topology;
        let mut d = self.decisions.to_decisions();
        if d.survivor.as_deref().is_some_and(|s| t.edge_by_fqdn(s).is_none()) {
            d.survivor = None;
        }
        if let Some(set) = d.reassociate.as_mut() {
            set.retain(|p| t.pool_by_fqdn(p).is_some());
        }
        d
    }

    /// What fails over to what: `failed → survivor`.
    pub fn route(&self) -> String {
        let failed = match &self.decisions.failure {
            Some(Failure::Pool(p)) => p.clone(),
            Some(Failure::Site(site)) => format!("site {site}"),
            None => "no failure chosen yet".to_owned(),
        };
        let survivor = self
            .decisions
            .survivor
            .clone()
            .unwrap_or_else(|| "no surviving pool chosen yet".to_owned());
        let failback = if self.decisions.direction == Direction::Failback {
            "Failback: "
        } else {
            ""
        };
        format!("{failback}{failed} → {survivor}")
    }

    /// How many steps are done, in words.
    pub fn done(&self) -> String {
        match self.progress.steps.values().filter(|s| s.done_at.is_some()).count() {
            1 => "1 step done".to_owned(),
            n => format!("{n} steps done"),
        }
    }

    /// The steps marked blocked, by id, with their notes.
    pub fn blockers(&self) -> Vec<(String, String)> {
        self.progress
            .steps
            .iter()
            .filter(|(_, s)| s.blocked)
            .map(|(id, s)| (id.clone(), s.note.trim().to_owned()))
            .collect()
    }

    /// One line saying what plan this is, for the banner that asks for its topology.
    pub fn describe(&self) -> String {
        let what = match (&self.decisions.failure, &self.decisions.survivor) {
            (Some(Failure::Pool(p)), Some(s)) if self.decisions.direction == Direction::Failback => {
                format!("failback from {p} to {s}")
            }
            (Some(Failure::Pool(p)), Some(s)) => format!("failover from {p} to {s}"),
            (Some(Failure::Site(site)), Some(s)) => format!("failover of site {site} to {s}"),
            (Some(Failure::Pool(p)), None) => format!("failover of {p}"),
            (Some(Failure::Site(site)), None) => format!("failover of site {site}"),
            (None, _) => "no failure chosen yet".to_owned(),
        };
        let done = self.progress.steps.values().filter(|s| s.done_at.is_some()).count();
        let driver = self
            .progress
            .driver
            .as_deref()
            .map(|d| format!(", driver {d}"))
            .unwrap_or_default();
        format!("{what} ({done} step(s) done{driver})")
    }
}

/// `HH:MM:SS` of a moment, in UTC (a status update is read in many time zones).
pub fn utc_clock(ms: f64) -> String {
    let s = (ms.max(0.0) / 1000.0) as u64 % 86_400;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// `h:mm:ss` for a span of milliseconds.
pub fn elapsed(ms: f64) -> String {
    let s = (ms.max(0.0) / 1000.0) as u64;
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// A short plain-text summary for the bridge chat: done, now, next, blockers. "Now" is the
/// first step not done yet.
pub fn status_update(checklist: &Checklist, progress: &Progress, now: f64) -> String {
    status_update_at(checklist, progress, now, None)
}

/// The status update with "Now" at `current` (a step id: where the walkthrough stands), or
/// at the first step not done yet when it is `None` or not in the checklist. "Next" is the
/// first step after it that is not done.
pub fn status_update_at(checklist: &Checklist, progress: &Progress, now: f64, current: Option<&str>) -> String {
    let steps: Vec<_> = checklist.steps().collect();
    let done: Vec<_> = steps.iter().filter(|s| progress.is_done(&s.id)).collect();
    let mut out = format!(
        "{}: {} of {} steps done",
        checklist.title.plain(),
        done.len(),
        steps.len()
    );
    if let Some(start) = progress.started_at {
        out.push_str(&format!(", {} since the start", elapsed(now - start)));
    }
    if let Some(driver) = progress.driver.as_deref().filter(|d| !d.trim().is_empty()) {
        out.push_str(&format!(" (driver: {})", driver.trim()));
    }
    out.push_str(".\n");
    let line = |s: &crate::checklist::Step| format!("{}. {}", s.number, s.title.plain());
    if let Some(last) = done.iter().max_by(|a, b| {
        let at = |s: &&&crate::checklist::Step| progress.steps.get(&s.id).and_then(|p| p.done_at).unwrap_or_default();
        at(a).total_cmp(&at(b))
    }) {
        out.push_str(&format!("Done last: {}\n", line(last)));
    }
    let at = current
        .and_then(|id| steps.iter().position(|s| s.id == id))
        .or_else(|| steps.iter().position(|s| !progress.is_done(&s.id)));
    match at {
        Some(i) if current.is_some() || !progress.is_done(&steps[i].id) => {
            let now_step = steps[i];
            out.push_str(&format!("Now: {} ({})\n", line(now_step), now_step.place.plain()));
            if let Some(next) = steps[i + 1..].iter().find(|s| !progress.is_done(&s.id)) {
                out.push_str(&format!("Next: {}\n", line(next)));
            }
        }
        _ => out.push_str("All steps are done.\n"),
    }
    let confirmed: Vec<String> = steps
        .iter()
        .filter_map(|s| {
            let p = progress.steps.get(&s.id).filter(|p| p.confirmed)?;
            Some(format!("{} (at {} UTC)", line(s), utc_clock(p.done_at?)))
        })
        .collect();
    if !confirmed.is_empty() {
        out.push_str(&format!(
            "Confirmed from the published topology: {}.\n",
            confirmed.join("; ")
        ));
    }
    let blockers: Vec<String> = steps
        .iter()
        .filter(|s| progress.steps.get(&s.id).is_some_and(|p| p.blocked))
        .map(|s| {
            let note = progress.steps.get(&s.id).map(|p| p.note.trim()).unwrap_or_default();
            if note.is_empty() {
                line(s)
            } else {
                format!("{} ({})", line(s), note)
            }
        })
        .collect();
    out.push_str(&if blockers.is_empty() {
        "Blockers: none.".to_owned()
    } else {
        format!("Blockers: {}.", blockers.join("; "))
    });
    out
}

// ---- The JSON of each part, field for field as serde_json wrote it ----
//
// Optional fields are left out when unset, and read as unset when absent or null; fields
// this version does not know are ignored, so a newer file still reads.

impl Fingerprint {
    fn to_value(&self) -> Value {
        Object::default()
            .field("sha256", Value::str(&self.sha256))
            .maybe("signature", self.signature.as_deref().map(Value::str))
            .field("bytes", Value::u64(self.bytes))
            .build()
    }

    fn from_value(value: &Value, what: &str) -> Result<Fingerprint, String> {
        let f = Fields::of(value, what)?;
        Ok(Fingerprint {
            sha256: f.string("sha256")?,
            signature: f.opt_string("signature")?,
            bytes: f.u64("bytes")?,
        })
    }
}

impl SavedDecisions {
    fn to_value(&self) -> Value {
        let failure = self.failure.as_ref().map(|failure| {
            let (kind, name) = match failure {
                Failure::Pool(name) => ("pool", name),
                Failure::Site(name) => ("site", name),
            };
            Object::default().field(kind, Value::str(name)).build()
        });
        let direction = match self.direction {
            Direction::Failover => "failover",
            Direction::Failback => "failback",
        };
        Object::default()
            .maybe("failure", failure)
            .maybe("survivor", self.survivor.as_deref().map(Value::str))
            .field("move_xmpp", Value::Bool(self.move_xmpp))
            .maybe(
                "reassociate",
                self.reassociate
                    .as_ref()
                    .map(|pools| Value::Array(pools.iter().map(|p| Value::str(p)).collect())),
            )
            .field("direction", Value::str(direction))
            // Written only when chosen, so plans without it keep the bytes earlier versions wrote.
            .maybe(
                "clear_other_federation",
                self.clear_other_federation.then_some(Value::Bool(true)),
            )
            .build()
    }

    fn from_value(value: &Value, what: &str) -> Result<SavedDecisions, String> {
        let f = Fields::of(value, what)?;
        let failure = f
            .get("failure")
            .map(|value| {
                failure_of(value)
                    .ok_or_else(|| format!("\"failure\" in {what} is not {{\"pool\": …}} or {{\"site\": …}}"))
            })
            .transpose()?;
        let direction = match f.opt_string("direction")?.as_deref() {
            None | Some("failover") => Direction::Failover,
            Some("failback") => Direction::Failback,
            Some(other) => {
                return Err(format!(
                    "\"direction\" in {what} is \"{other}\", not failover or failback"
                ))
            }
        };
        Ok(SavedDecisions {
            failure,
            survivor: f.opt_string("survivor")?,
            move_xmpp: f.bool_or("move_xmpp", true)?,
            reassociate: f.opt_strings("reassociate")?,
            direction,
            clear_other_federation: f.bool_or("clear_other_federation", false)?,
        })
    }
}

/// `{"pool": name}` or `{"site": name}`, as serde wrote the enum.
fn failure_of(value: &Value) -> Option<Failure> {
    let Value::Object(kinds) = value else {
        return None;
    };
    match kinds.as_slice() {
        [(kind, Value::String(name))] if kind == "pool" => Some(Failure::Pool(name.clone())),
        [(kind, Value::String(name))] if kind == "site" => Some(Failure::Site(name.clone())),
        _ => None,
    }
}

impl StepProgress {
    fn to_value(&self) -> Value {
        Object::default()
            .maybe("done_at", self.done_at.map(Value::millis))
            .maybe("blocked", self.blocked.then_some(Value::Bool(true)))
            .maybe("note", (!self.note.is_empty()).then(|| Value::str(&self.note)))
            .maybe("confirmed", self.confirmed.then_some(Value::Bool(true)))
            .build()
    }

    fn from_value(value: &Value, what: &str) -> Result<StepProgress, String> {
        let f = Fields::of(value, what)?;
        Ok(StepProgress {
            done_at: f.opt_millis("done_at")?,
            blocked: f.bool_or("blocked", false)?,
            note: f.opt_string("note")?.unwrap_or_default(),
            confirmed: f.bool_or("confirmed", false)?,
        })
    }
}

impl Progress {
    fn to_value(&self) -> Value {
        let steps = self.steps.iter().map(|(id, step)| (id.clone(), step.to_value()));
        Object::default()
            .maybe("driver", self.driver.as_deref().map(Value::str))
            .maybe("started_at", self.started_at.map(Value::millis))
            .maybe(
                "steps",
                (!self.steps.is_empty()).then(|| Value::Object(steps.collect())),
            )
            .maybe("notes", (!self.notes.is_empty()).then(|| Value::str(&self.notes)))
            .build()
    }

    fn from_value(value: &Value, what: &str) -> Result<Progress, String> {
        let f = Fields::of(value, what)?;
        let mut steps = BTreeMap::new();
        if let Some(value) = f.get("steps") {
            let Value::Object(entries) = value else {
                return Err(format!("\"steps\" in {what} is not an object"));
            };
            for (id, step) in entries {
                let what = format!("step \"{id}\"");
                steps.insert(id.clone(), StepProgress::from_value(step, &what)?);
            }
        }
        Ok(Progress {
            driver: f.opt_string("driver")?,
            started_at: f.opt_millis("started_at")?,
            steps,
            notes: f.opt_string("notes")?.unwrap_or_default(),
        })
    }
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
            .build()
    }

    fn from_value(value: &Value) -> Result<SharedPlan, String> {
        let f = Fields::of(value, "the link")?;
        Ok(SharedPlan {
            version: u32::try_from(f.u64("v")?).map_err(|_| "its version is out of range".to_owned())?,
            topology: Fingerprint::from_value(f.required("t")?, "the link's topology")?,
            decisions: SavedDecisions::from_value(f.required("d")?, "the link's decisions")?,
            progress: f.get("p").map_or(Ok(Progress::default()), |p| {
                Progress::from_value(p, "the link's progress")
            })?,
            made_at: f.opt_millis("at")?,
        })
    }
}

/// URL-safe base64 without padding (RFC 4648 §5), so the fragment needs no escaping.
pub mod base64url {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, b)| n | (*b as u32) << (16 - 8 * i));
            for i in 0..=chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
        }
        out
    }

    pub fn decode(text: &str) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(text.len() * 3 / 4);
        let (mut acc, mut bits) = (0u32, 0);
        for c in text.bytes() {
            let v = ALPHABET.iter().position(|a| *a == c)? as u32;
            acc = acc << 6 | v;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
                acc &= (1 << bits) - 1;
            }
        }
        // Leftover bits must be zero padding, and at most 4 of them.
        (bits < 6 && acc == 0).then_some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Action;

    /// The sample planned, with its first step done and a note on the second.
    fn planned() -> (Loaded, Decisions, Progress) {
        let loaded = Loaded::sample();
        let mut d = Decisions::new();
        d.reduce(
            &loaded,
            Action::MarkPoolFailed("edgepool-amsterdam.fabrikam.com".into()),
        );
        let out = crate::session::outcome(&loaded, &d).unwrap().unwrap();
        let ids: Vec<String> = out.checklist.steps().map(|s| s.id.clone()).collect();
        let mut p = Progress {
            driver: Some("Ana".into()),
            ..Progress::default()
        };
        p.set_done(&ids[0], true, 1_000_000.0);
        p.set_note(&ids[1], "backup share is \\\\fs01\\topology".into());
        (loaded, d, p)
    }

    #[test]
    fn a_published_topology_ticks_what_it_confirms_and_the_status_update_says_so() {
        use crate::checklist::FromPublished;
        let (loaded, d, mut p) = planned();
        let out = crate::session::outcome(&loaded, &d).unwrap().unwrap();
        let by = |f: FromPublished| -> Vec<&crate::checklist::Step> {
            out.checklist.steps().filter(|s| s.from_published == f).collect()
        };
        let (confirms, cannot) = (by(FromPublished::Confirms), by(FromPublished::CannotConfirm));
        assert_eq!(confirms.len(), 1, "the step that confirms the published topology");
        // DNS, certificate, firewall, partners, replication, the federation and XMPP tests.
        assert!(cannot.len() >= 7, "{}", cannot.len());
        for word in [
            "DNS",
            "certificate",
            "ports",
            "partners",
            "replicated",
            "federation works",
        ] {
            assert!(
                cannot.iter().any(|s| s.title.plain().contains(word)),
                "{word}: {:?}",
                cannot.iter().map(|s| s.title.plain()).collect::<Vec<_>>()
            );
        }
        // 14:02:03 UTC.
        let at = 1_764_165_723_000.0;
        p.confirm_from_published(&out.checklist, true, at);
        let id = &confirms[0].id;
        assert!(p.is_done(id) && p.steps[id].confirmed);
        assert!(cannot.iter().all(|s| !p.is_done(&s.id)));
        let text = status_update(&out.checklist, &p, at);
        let line = |s: &crate::checklist::Step| format!("{}. {}", s.number, s.title.plain());
        assert!(
            text.contains(&format!(
                "Confirmed from the published topology: {} (at 14:02:03 UTC).\n",
                line(confirms[0])
            )),
            "{text}"
        );
        // It travels in plan files and links.
        let plan = PlanFile::new(&loaded, &d, &p, None);
        assert!(plan.to_json().contains("\"confirmed\": true"));
        assert_eq!(PlanFile::from_json(&plan.to_json()).unwrap().progress, p);

        // A later check that no longer matches takes back what a check ticked, not the user's.
        let user = &cannot[0].id;
        p.set_done(user, true, at);
        p.confirm_from_published(&out.checklist, false, at + 1.0);
        assert!(!p.is_done(id) && p.is_done(user));
        assert!(!status_update(&out.checklist, &p, at).contains("Confirmed from the published topology"));
        // A tick by hand is not a confirmation.
        p.confirm_from_published(&out.checklist, true, at);
        p.set_done(id, true, at + 2.0);
        assert!(!p.steps[id].confirmed);
    }

    #[test]
    fn a_link_from_either_page_or_its_fragment_opens_the_same_plan() {
        let (loaded, d, p) = planned();
        let plan = PlanFile::new(&loaded, &d, &p, None);
        let shared = SharedPlan::from_plan(&plan, Some(5.0));
        let fragment = shared.to_fragment().unwrap();
        for pasted in [
            format!("https://planner.intranet.example/edge/#{fragment}"),
            format!("file:///C:/Users/ana/Desktop/edge-failover-planner-offline.html#{fragment}"),
            format!("  #{fragment}\n"),
            fragment.clone(),
        ] {
            assert_eq!(shared_plan_of_link(&pasted), Ok(shared.clone()), "{pasted}");
        }
        for bad in [
            "",
            "https://planner.intranet.example/",
            "#section-3",
            "file:///x.html#plan=%%%",
        ] {
            assert!(matches!(shared_plan_of_link(bad), Err(ShareError::BadLink(_))), "{bad}");
        }
    }

    #[test]
    fn base64url_round_trips() {
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(base64url::decode(&base64url::encode(&bytes)).unwrap(), bytes);
        }
        assert_eq!(base64url::encode(b"Ma"), "TWE");
        assert!(base64url::decode("T").is_none());
        assert!(base64url::decode("a+b").is_none());
    }

    #[test]
    fn plan_file_and_link_round_trip() {
        let (loaded, d, p) = planned();
        let file = PlanFile::new(&loaded, &d, &p, Some(2_000_000.0));
        assert_eq!(PlanFile::from_json(&file.to_json()).unwrap(), file);
        let shared = SharedPlan::from_plan(&file, None);
        let fragment = shared.to_fragment().unwrap();
        assert!(fragment.len() < 600, "{}", fragment.len());
        assert_eq!(
            SharedPlan::from_fragment(&format!("#{fragment}")).unwrap().unwrap(),
            shared
        );
        assert!(mismatches(&file.topology, &file.decisions, &file.progress, &loaded).is_empty());
        assert_eq!(SharedPlan::from_fragment("#step-3").unwrap(), None);
    }

    #[test]
    fn unknown_schemas_and_damaged_links_are_refused() {
        assert!(matches!(
            PlanFile::from_json(r#"{"schema":"edge-failover-planner/plan/9"}"#),
            Err(ShareError::UnknownSchema(_))
        ));
        assert!(matches!(PlanFile::from_json("[1,2]"), Err(ShareError::NotAPlan(_))));
        assert!(matches!(
            SharedPlan::from_fragment("plan=!!!"),
            Err(ShareError::BadLink(_))
        ));
        assert!(matches!(
            SharedPlan::from_fragment("plan=AAAA"),
            Err(ShareError::BadLink(_))
        ));
    }

    #[test]
    fn a_long_link_is_refused_with_advice() {
        let (loaded, d, mut p) = planned();
        // Notes of random-looking text do not compress.
        let mut x = 0x2545_f491_u32;
        p.notes = (0..4000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                char::from(b'!' + (x % 94) as u8)
            })
            .collect();
        let file = PlanFile::new(&loaded, &d, &p, None);
        let err = SharedPlan::from_plan(&file, None).to_fragment().unwrap_err();
        assert!(matches!(err, ShareError::LinkTooLong { .. }));
        assert!(err.to_string().contains("Save the plan as a file"));
    }

    #[test]
    fn a_different_topology_is_named() {
        let (loaded, d, p) = planned();
        let mut file = PlanFile::new(&loaded, &d, &p, None);
        file.topology.sha256 = "0".repeat(64);
        file.decisions.survivor = Some("edge-elsewhere.contoso.com".into());
        file.progress.set_done("step-that-does-not-exist", true, 5.0);
        let m = mismatches(&file.topology, &file.decisions, &file.progress, &loaded);
        assert!(m[0].contains("Signature is the same"), "{m:?}");
        assert!(
            m.iter()
                .any(|x| x.contains("edge-elsewhere.contoso.com is not in this topology")),
            "{m:?}"
        );
        assert!(m.iter().any(|x| x.contains("cannot be made")), "{m:?}");
    }

    #[test]
    fn status_update_says_done_now_next_and_blockers() {
        let (loaded, d, mut p) = planned();
        let out = crate::session::outcome(&loaded, &d).unwrap().unwrap();
        let steps: Vec<_> = out.checklist.steps().collect();
        p.started_at = Some(1_000_000.0);
        p.set_blocked(&steps[1].id, true);
        let text = status_update(&out.checklist, &p, 1_000_000.0 + 3_723_000.0);
        let title = |i: usize| format!("{}. {}", steps[i].number, steps[i].title.plain());
        assert!(
            text.starts_with(&format!(
                "Edge federation failover: edgepool-amsterdam.fabrikam.com → edgepool-boston.fabrikam.com: 1 of {} steps done, 1:02:03 since the start (driver: Ana).\n",
                steps.len()
            )),
            "{text}"
        );
        assert!(text.contains(&format!("Done last: {}\n", title(0))), "{text}");
        assert!(text.contains(&format!("Now: {} (", title(1))), "{text}");
        assert!(text.contains(&format!("Next: {}\n", title(2))), "{text}");
        assert!(
            text.ends_with(&format!("Blockers: {} (backup share is \\\\fs01\\topology).", title(1))),
            "{text}"
        );
    }

    #[test]
    fn the_status_update_is_now_where_the_walkthrough_stands() {
        let (loaded, d, mut p) = planned();
        let out = crate::session::outcome(&loaded, &d).unwrap().unwrap();
        let steps: Vec<_> = out.checklist.steps().collect();
        let title = |i: usize| format!("{}. {}", steps[i].number, steps[i].title.plain());
        // Step 0 is done, step 1 is not, the walkthrough is at step 3; step 4 is done.
        p.set_done(&steps[4].id, true, 3.0);
        let text = status_update_at(&out.checklist, &p, 10.0, Some(&steps[3].id));
        assert!(text.contains(&format!("Now: {} (", title(3))), "{text}");
        assert!(text.contains(&format!("Next: {}\n", title(5))), "{text}");
        // Without a walkthrough position (or with one no longer in the checklist): the first
        // step not done, as before.
        for current in [None, Some("not-a-step")] {
            let text = status_update_at(&out.checklist, &p, 10.0, current);
            assert!(text.contains(&format!("Now: {} (", title(1))), "{text}");
        }
    }

    #[test]
    fn a_link_says_what_it_holds_without_its_topology() {
        let (loaded, d, mut p) = planned();
        let out = crate::session::outcome(&loaded, &d).unwrap().unwrap();
        let steps: Vec<_> = out.checklist.steps().collect();
        p.set_blocked(&steps[2].id, true);
        p.set_note(&steps[2].id, "  waiting for DNS ".into());
        let file = PlanFile::new(&loaded, &d, &p, None);
        let r = Restorable::from_link(SharedPlan::from_plan(&file, None));
        assert_eq!(
            r.route(),
            "edgepool-amsterdam.fabrikam.com → edgepool-boston.fabrikam.com"
        );
        assert_eq!(r.done(), "1 step done");
        assert_eq!(r.blockers(), vec![(steps[2].id.clone(), "waiting for DNS".to_owned())]);
        let mut other = r.clone();
        other.decisions.failure = Some(Failure::Site("Amsterdam".into()));
        other.decisions.survivor = None;
        other.progress = Progress::default();
        assert_eq!(other.route(), "site Amsterdam → no surviving pool chosen yet");
        assert_eq!(other.done(), "0 steps done");
        // What does not match is said in words; the fingerprints are for the details.
        let mut elsewhere = r.clone();
        elsewhere.fingerprint = Fingerprint::of(b"another file", Some("not-the-signature"));
        let m = elsewhere.mismatches(&loaded);
        assert_eq!(
            m[0],
            "This is a different topology: its fingerprint and Signature are not the plan's."
        );
        assert!(!m[0].contains(elsewhere.fingerprint.short()), "{m:?}");
    }
}
