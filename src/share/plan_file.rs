//! The plan file: the decisions, the topology's fingerprint, the progress and the notes, as
//! versioned JSON the user saves and loads. It never holds the topology.

use super::format::Format;
use super::json::{self, Fields, Object, Value};
use super::ShareError;
use crate::session::{Decisions, Loaded, Origin, Progress, Restorable};
use crate::topology::Fingerprint;

/// The plan file's schema; a reader refuses files of a schema it does not know.
pub const SCHEMA: &str = "edge-failover-planner/plan/1";

/// A saved plan.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanFile {
    pub schema: String,
    /// The file name the topology was loaded from (not its content).
    pub topology_name: String,
    pub topology: Fingerprint,
    pub decisions: Decisions,
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
            decisions: decisions.clone(),
            progress: progress.clone(),
            saved_at: now,
        }
    }

    /// A plan this browser keeps (see `session::Sessions`), as it is stored.
    pub fn of_kept(plan: &Restorable) -> PlanFile {
        let saved_at = match plan.origin {
            Origin::Stored { saved_at } => saved_at,
            _ => None,
        };
        PlanFile {
            schema: SCHEMA.to_owned(),
            topology_name: plan.topology_name.clone().unwrap_or_default(),
            topology: plan.fingerprint.clone(),
            decisions: plan.decisions.clone(),
            progress: plan.progress.clone(),
            saved_at,
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
        let value = json::parse(text).map_err(|e| ShareError::NotAPlan(e.to_string()))?;
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
                decisions: Decisions::from_value(plan.required("decisions")?, "\"decisions\"")?,
                progress: plan
                    .get("progress")
                    .map_or(Ok(Progress::default()), |p| Progress::from_value(p, "\"progress\""))?,
                saved_at: plan.opt_millis("saved_at")?,
            })
        };
        read().map_err(ShareError::NotAPlan)
    }

    /// The plan to put back on the page, from a file the user loaded or this browser's
    /// storage.
    pub fn into_restorable(self, origin: Origin) -> Restorable {
        Restorable {
            origin,
            topology_name: Some(self.topology_name),
            fingerprint: self.topology,
            shape: None,
            decisions: self.decisions,
            progress: self.progress,
        }
    }
}
