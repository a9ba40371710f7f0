//! The JSON of each part of a plan file and a share link, field for field as serde_json
//! wrote it. Optional fields are left out when unset, and read as unset when absent or null;
//! fields this version does not know are ignored, so a newer file still reads.

use std::collections::BTreeMap;

use super::json::{Fields, Object, Value};
use crate::plan::{Direction, Failure};
use crate::session::{Decisions, Progress, StepProgress};
use crate::topology::Fingerprint;

/// A part of the plan file and the share link, to and from its JSON.
pub(super) trait Format: Sized {
    fn to_value(&self) -> Value;
    /// `what` names the part in messages.
    fn from_value(value: &Value, what: &str) -> Result<Self, String>;
}

impl Format for Fingerprint {
    fn to_value(&self) -> Value {
        Object::default()
            .field("sha256", Value::str(&self.sha256))
            .maybe("signature", self.signature.as_deref().map(Value::str))
            .field("bytes", Value::u64(self.bytes))
            .build()
    }

    fn from_value(value: &Value, what: &str) -> Result<Self, String> {
        let f = Fields::of(value, what)?;
        Ok(Fingerprint {
            sha256: f.string("sha256")?,
            signature: f.opt_string("signature")?,
            bytes: f.u64("bytes")?,
        })
    }
}

impl Format for Decisions {
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
            .maybe(
                "keep_temporary_federation",
                self.keep_temporary_federation.then_some(Value::Bool(true)),
            )
            .maybe("publish_file", self.publish_file.then_some(Value::Bool(true)))
            .maybe("xmpp_to", self.xmpp_to.as_deref().map(Value::str))
            .maybe("drill", self.drill.then_some(Value::Bool(true)))
            .build()
    }

    fn from_value(value: &Value, what: &str) -> Result<Self, String> {
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
        Ok(Decisions {
            failure,
            survivor: f.opt_string("survivor")?,
            move_xmpp: f.bool_or("move_xmpp", true)?,
            reassociate: f.opt_strings("reassociate")?,
            direction,
            clear_other_federation: f.bool_or("clear_other_federation", false)?,
            keep_temporary_federation: f.bool_or("keep_temporary_federation", false)?,
            publish_file: f.bool_or("publish_file", false)?,
            xmpp_to: f.opt_string("xmpp_to")?,
            drill: f.bool_or("drill", false)?,
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

impl Format for StepProgress {
    fn to_value(&self) -> Value {
        Object::default()
            .maybe("done_at", self.done_at.map(Value::millis))
            .maybe("blocked", self.blocked.then_some(Value::Bool(true)))
            .maybe("note", (!self.note.is_empty()).then(|| Value::str(&self.note)))
            .maybe("confirmed", self.confirmed.then_some(Value::Bool(true)))
            .build()
    }

    fn from_value(value: &Value, what: &str) -> Result<Self, String> {
        let f = Fields::of(value, what)?;
        Ok(StepProgress {
            done_at: f.opt_millis("done_at")?,
            blocked: f.bool_or("blocked", false)?,
            note: f.opt_string("note")?.unwrap_or_default(),
            confirmed: f.bool_or("confirmed", false)?,
        })
    }
}

impl Format for Progress {
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

    fn from_value(value: &Value, what: &str) -> Result<Self, String> {
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
