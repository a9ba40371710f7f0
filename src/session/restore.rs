//! A saved plan to put back on the page (from a share link, a plan file or this browser's
//! storage), and what in it no longer matches the topology shown.

use super::decisions::Decisions;
use super::drill::drill_line;
use super::loaded::{Loaded, Shape};
use super::outcome::make_outcome;
use super::progress::Progress;
use crate::plan::{Direction, Failure};
use crate::topology::Fingerprint;

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
    /// What the topology is, without its names: a share link says it, so an observer knows
    /// which export to load.
    pub shape: Option<Shape>,
    pub decisions: Decisions,
    pub progress: Progress,
}

impl Restorable {
    /// Whether this is the topology the plan was made for.
    pub fn matches(&self, loaded: &Loaded) -> bool {
        self.fingerprint.sha256 == loaded.fingerprint.sha256
    }

    pub fn mismatches(&self, loaded: &Loaded) -> Vec<String> {
        mismatches(&self.fingerprint, &self.decisions, &self.progress, loaded)
    }

    /// Whether the plan can be put on `loaded` at all: the pool or site it fails, and the pool
    /// it fails over to, are there. Applied where they are not, it would show no plan, and an
    /// observer's view could not even choose another.
    pub fn applies_to(&self, loaded: &Loaded) -> bool {
        let t = &loaded.file.topology;
        let failure = match &self.decisions.failure {
            Some(Failure::Pool(p)) => t.edge_by_fqdn(p).is_some(),
            Some(Failure::Site(s)) => t.site_by_name_or_id(s).is_some(),
            None => true,
        };
        let survivor = self
            .decisions
            .survivor
            .as_ref()
            .is_none_or(|s| t.edge_by_fqdn(s).is_some());
        failure && survivor
    }

    pub fn read_only(&self) -> bool {
        matches!(self.origin, Origin::Link { .. })
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

    /// The banner's title: where the plan comes from (`when` says a moment as the page does);
    /// a drill's says so first.
    pub fn title(&self, when: impl Fn(f64) -> String) -> String {
        let (title, from) = match &self.origin {
            Origin::Link { made_at } => (
                "This link holds a plan",
                made_at.map(|t| format!(" made {}", when(t))).unwrap_or_default(),
            ),
            Origin::File { name } => ("This plan file holds a plan", format!(" ({name})")),
            Origin::Stored { saved_at } => (
                "You have a plan in progress in this browser",
                saved_at.map(|t| format!(", saved {}", when(t))).unwrap_or_default(),
            ),
        };
        let title = format!("{title}{from}:");
        if self.decisions.drill {
            drill_line(&format!("{title} a drill, not a real incident."))
        } else {
            title
        }
    }

    /// What the banner says of the plan, a line each, in the order a colleague joining the
    /// bridge asks for it; a drill's says DRILL on every line. What to load is said in words
    /// that name no host or domain when the plan does not name its topology (a link): the
    /// product, its sites and Edge pools, and the fingerprint to compare.
    pub fn facts(&self) -> Vec<(&'static str, String)> {
        let blockers: Vec<String> = self
            .blockers()
            .into_iter()
            .map(|(step, note)| {
                if note.is_empty() {
                    format!("step {step}")
                } else {
                    format!("step {step}: {note}")
                }
            })
            .collect();
        let topology = match (&self.topology_name, &self.shape) {
            (Some(name), _) => name.clone(),
            (None, Some(shape)) => format!("{}; fingerprint {}", shape.describe(), self.fingerprint.short()),
            (None, None) => format!(
                "not named (a link holds no names); fingerprint {}",
                self.fingerprint.short()
            ),
        };
        let mut facts = vec![
            ("Topology", topology),
            ("Plan", self.route()),
            ("Progress", self.done()),
            (
                "Blockers",
                if blockers.is_empty() {
                    "none".into()
                } else {
                    blockers.join("; ")
                },
            ),
        ];
        let notes = self.progress.notes.trim();
        if !notes.is_empty() {
            facts.push(("Notes", notes.to_owned()));
        }
        facts.push((
            "Driver",
            self.progress.driver.clone().unwrap_or_else(|| "nobody named".into()),
        ));
        if self.decisions.drill {
            for (_, value) in &mut facts {
                *value = drill_line(value);
            }
        }
        facts
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

/// What in a saved plan no longer matches a topology, in words; empty when all matches.
pub fn mismatches(
    fingerprint: &Fingerprint,
    decisions: &Decisions,
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
    if let Some(request) = decisions.request() {
        match make_outcome(loaded, &request) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::testing::sample_in_progress;

    /// The sample's plan in progress, as saved in a plan file.
    fn saved() -> (Loaded, Restorable) {
        let (loaded, decisions, _, progress) = sample_in_progress();
        let r = Restorable {
            origin: Origin::File {
                name: "x.plan.json".into(),
            },
            topology_name: Some(loaded.name.clone()),
            fingerprint: loaded.fingerprint.clone(),
            shape: None,
            decisions,
            progress,
        };
        (loaded, r)
    }

    #[test]
    fn the_plan_made_for_this_topology_matches_it() {
        let (loaded, r) = saved();
        assert!(r.matches(&loaded));
        assert!(r.mismatches(&loaded).is_empty());
        assert!(!r.read_only());
    }

    #[test]
    fn a_different_topology_is_named() {
        let (loaded, mut r) = saved();
        r.fingerprint.sha256 = "0".repeat(64);
        r.decisions.survivor = Some("edge-elsewhere.contoso.com".into());
        r.progress.set_done("step-that-does-not-exist", true, 5.0);
        let m = r.mismatches(&loaded);
        assert!(m[0].contains("Signature is the same"), "{m:?}");
        assert!(
            m.iter()
                .any(|x| x.contains("edge-elsewhere.contoso.com is not in this topology")),
            "{m:?}"
        );
        assert!(m.iter().any(|x| x.contains("cannot be made")), "{m:?}");
    }
}
