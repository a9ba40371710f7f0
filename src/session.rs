//! The planner's state as the page holds it, changed only by [`Action`]s through a pure
//! [`Decisions::reduce`]: what the user loaded and what they decided. Everything shown is
//! derived from it, so native tests cover the page's logic without a browser.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::checklist::{self, Checklist};
use crate::plan::{self, Candidate, Direction, FailoverRequest, Failure, Plan, PlanError, Scope};
use crate::share::{Fingerprint, Progress};
use crate::topology::summary::Summary;
use crate::topology::{LoadError, TopologyFile};
use crate::verify::{self, Comparison, VerifyError};

/// A topology the user loaded, with what the page shows of it.
#[derive(Debug)]
pub struct Loaded {
    pub name: String,
    pub file: TopologyFile,
    pub summary: Summary,
    /// Identifies the file in saved plans and share links without holding it.
    pub fingerprint: Fingerprint,
}

impl Loaded {
    pub fn read(name: impl Into<String>, bytes: &[u8]) -> Result<Loaded, LoadError> {
        let file = TopologyFile::read(bytes)?;
        let summary = Summary::of(&file.topology);
        let fingerprint = Fingerprint::of(bytes, file.topology.signature.as_deref());
        Ok(Loaded {
            name: name.into(),
            file,
            summary,
            fingerprint,
        })
    }

    /// The built-in sample, so the page does its job with no file of the user's.
    pub fn sample() -> Loaded {
        Loaded::read(SAMPLE_NAME, SAMPLE_TOPOLOGY.as_bytes()).expect("the built-in sample loads")
    }
}

pub const SAMPLE_NAME: &str = "fabrikam-sample-topology.xml";
pub const SAMPLE_TOPOLOGY: &str = include_str!("sample.xml");

/// What the user decided.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decisions {
    pub failure: Option<Failure>,
    pub survivor: Option<String>,
    pub move_xmpp: bool,
    /// `None` follows the procedure's default set.
    pub reassociate: Option<BTreeSet<String>>,
    pub direction: Direction,
    /// Also clear federation on the federated pools that did not fail (off by default).
    pub clear_other_federation: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    MarkPoolFailed(String),
    MarkSiteFailed(String),
    /// The pool that carried federation meanwhile, and the original pool now restored.
    PlanFailback {
        temporary: String,
        restored: String,
    },
    ClearFailure,
    ChooseSurvivor(String),
    SetMoveXmpp(bool),
    SetReassociate {
        pool: String,
        on: bool,
    },
    SetClearOtherFederation(bool),
}

impl Decisions {
    pub fn new() -> Decisions {
        Decisions {
            move_xmpp: true,
            ..Decisions::default()
        }
    }

    pub fn reduce(&mut self, loaded: &Loaded, action: Action) {
        match action {
            Action::MarkPoolFailed(pool) => self.fail(loaded, Failure::Pool(pool), Direction::Failover),
            Action::MarkSiteFailed(site) => self.fail(loaded, Failure::Site(site), Direction::Failover),
            Action::PlanFailback { temporary, restored } => {
                self.fail(loaded, Failure::Pool(temporary), Direction::Failback);
                self.survivor = Some(restored);
            }
            Action::ClearFailure => *self = Decisions::new(),
            Action::ChooseSurvivor(pool) => {
                if self.survivor.as_deref() != Some(pool.as_str()) {
                    self.survivor = Some(pool);
                    self.reassociate = None;
                }
            }
            Action::SetMoveXmpp(on) => self.move_xmpp = on,
            Action::SetClearOtherFederation(on) => self.clear_other_federation = on,
            Action::SetReassociate { pool, on } => {
                let mut set = self
                    .reassociate
                    .clone()
                    .unwrap_or_else(|| self.default_reassociation(loaded));
                if on {
                    set.insert(pool);
                } else {
                    set.remove(&pool);
                }
                self.reassociate = Some(set);
            }
        }
    }

    fn fail(&mut self, loaded: &Loaded, failure: Failure, direction: Direction) {
        let previous = self.survivor.take();
        *self = Decisions {
            failure: Some(failure),
            direction,
            ..Decisions::new()
        };
        // Keep a survivor that is still eligible; else take the only eligible one, if there is
        // exactly one. Never guess between several.
        let eligible: Vec<String> = self
            .candidates(loaded)
            .into_iter()
            .filter(|c| c.eligible)
            .map(|c| c.fqdn)
            .collect();
        self.survivor = match previous {
            Some(p) if eligible.contains(&p) => Some(p),
            _ if eligible.len() == 1 => eligible.into_iter().next(),
            _ => None,
        };
    }

    pub fn scope(&self, loaded: &Loaded) -> Option<Result<Scope, PlanError>> {
        self.failure.as_ref().map(|f| plan::scope(&loaded.file, f))
    }

    pub fn candidates(&self, loaded: &Loaded) -> Vec<Candidate> {
        match self.scope(loaded) {
            Some(Ok(scope)) => plan::candidates(&loaded.file, &scope),
            _ => Vec::new(),
        }
    }

    pub fn request(&self) -> Option<FailoverRequest> {
        Some(FailoverRequest {
            failure: self.failure.clone()?,
            survivor: self.survivor.clone()?,
            move_xmpp: Some(self.move_xmpp),
            reassociate: self.reassociate.as_ref().map(|s| s.iter().cloned().collect()),
            direction: self.direction,
            clear_other_federation: self.clear_other_federation,
        })
    }

    /// The pools the plan re-associates when the user has not changed the selection.
    pub fn default_reassociation(&self, loaded: &Loaded) -> BTreeSet<String> {
        let t = &loaded.file.topology;
        let Some(Ok(scope)) = self.scope(loaded) else {
            return BTreeSet::new();
        };
        let Some(survivor) = self.survivor.as_ref().and_then(|s| t.pool_by_fqdn(s)) else {
            return BTreeSet::new();
        };
        let Some(edge) = t.edges().find(|e| t.edge_pools[*e].pool == survivor) else {
            return BTreeSet::new();
        };
        plan::default_reassociation(&loaded.file, &scope, self.direction, edge)
            .into_iter()
            .map(|p| t.pools[p].fqdn.clone())
            .collect()
    }

    /// Every pool that used a failed Edge pool for media: the choices for re-association.
    pub fn reassociation_choices(&self, loaded: &Loaded) -> Vec<String> {
        let t = &loaded.file.topology;
        let Some(Ok(scope)) = self.scope(loaded) else {
            return Vec::new();
        };
        let mut pools: Vec<String> = scope
            .failed_edges
            .iter()
            .flat_map(|e| {
                t.edge_pools[*e]
                    .associations
                    .iter()
                    .map(|a| t.pools[a.pool].fqdn.clone())
            })
            .collect();
        pools.sort();
        pools.dedup();
        pools
    }

    pub fn reassociated(&self, loaded: &Loaded) -> BTreeSet<String> {
        self.reassociate
            .clone()
            .unwrap_or_else(|| self.default_reassociation(loaded))
    }
}

/// Everything the page shows for a complete set of decisions.
#[derive(Debug)]
pub struct Outcome {
    pub plan: Plan,
    pub checklist: Checklist,
    pub markdown: String,
    pub topology_file_name: String,
    pub checklist_file_name: String,
}

/// The plan for the current decisions: `None` until failure and survivor are chosen.
pub fn outcome(loaded: &Loaded, decisions: &Decisions) -> Option<Result<Arc<Outcome>, PlanError>> {
    let request = decisions.request()?;
    Some(make_outcome(loaded, &request).map(Arc::new))
}

impl Outcome {
    /// The self-contained HTML checklist's name: the Markdown one's, with its own extension.
    pub fn checklist_html_file_name(&self) -> String {
        let stem = self
            .checklist_file_name
            .strip_suffix(".md")
            .unwrap_or(&self.checklist_file_name);
        format!("{stem}.html")
    }
}

pub fn make_outcome(loaded: &Loaded, request: &FailoverRequest) -> Result<Outcome, PlanError> {
    let plan = plan::make_plan(&loaded.file, request)?;
    let topology_file_name = plan::output_file_name(&loaded.name, plan.survivor_fqdn(&loaded.file));
    let checklist = checklist::build_for(&loaded.file, &plan, &loaded.name, &topology_file_name);
    let markdown = checklist::markdown::render(&checklist);
    let stem = topology_file_name
        .rsplit_once('.')
        .map_or(topology_file_name.as_str(), |(s, _)| s);
    let checklist_file_name = format!("{stem}.checklist.md");
    Ok(Outcome {
        plan,
        checklist,
        markdown,
        topology_file_name,
        checklist_file_name,
    })
}

/// A re-export of the published topology checked against the current plan.
#[derive(Debug)]
pub struct PublishedCheck {
    /// The file's name, as the user gave it.
    pub name: String,
    /// When it was checked, in milliseconds since the Unix epoch.
    pub at: f64,
    pub result: Result<Comparison, VerifyError>,
}

impl PublishedCheck {
    /// The same comparison as `edge-failover verify`, against the plan's modified topology.
    pub fn of(outcome: &Outcome, name: impl Into<String>, published: &[u8], now: f64) -> PublishedCheck {
        PublishedCheck {
            name: name.into(),
            at: now,
            result: verify::compare_bytes(&outcome.plan.topology_bytes, published),
        }
    }

    /// Ticks the verification steps the file confirms, or takes back what an earlier check
    /// ticked when this one does not; an unreadable file changes nothing.
    pub fn apply(&self, outcome: &Outcome, progress: &mut Progress) {
        if let Ok(c) = &self.result {
            progress.confirm_from_published(&outcome.checklist, c.federation_matches(), self.at);
        }
    }

    /// The result as the page shows it, checked at `time` (the page's local clock): what
    /// matches or differs in words, the diff of other elements, the step ticked and the steps
    /// left open. One HTML string rather than a tree of components, which the bundle pays
    /// for per element; every name from either file is escaped, so it stays text.
    pub fn to_html(&self, outcome: &Outcome, progress: &Progress, read_only: bool, time: &str) -> String {
        use crate::checklist::html::escape;
        use crate::checklist::FromPublished;
        let list = |class: &str, label: &str, items: &[String]| {
            if items.is_empty() {
                return String::new();
            }
            let items: String = items.iter().map(|i| format!("<li>{}</li>", escape(i))).collect();
            format!("<p class=\"label\">{label}</p><ul class=\"{class}\">{items}</ul>")
        };
        let c = match &self.result {
            Err(e) => {
                return format!(
                    "<div class=\"result error\" id=\"published-result\"><p class=\"headline\"><strong>{} could not be read.</strong></p><p>{}</p></div>",
                    escape(&self.name),
                    escape(&e.to_string())
                )
            }
            Ok(c) => c,
        };
        let steps = |f: FromPublished| -> Vec<String> {
            outcome
                .checklist
                .steps()
                .filter(|s| s.from_published == f && (f == FromPublished::Confirms || !progress.is_done(&s.id)))
                .map(|s| format!("{}. {}", s.number, s.title.plain()))
                .collect()
        };
        let ticked = steps(FromPublished::Confirms).join("; ");
        let ticked = match (c.federation_matches(), read_only) {
            (true, false) => format!("Ticked as confirmed from the published topology at {time}: {ticked}."),
            (true, true) => "Nothing was ticked: this is an observer's view.".to_owned(),
            (false, _) => format!("Not ticked: {ticked}."),
        };
        let mut out = format!(
            "<div class=\"result {}\" id=\"published-result\"><p class=\"headline\"><strong>{}</strong> ({}, checked at {time})</p>",
            if c.matches() { "match" } else { "differs" },
            c.headline(),
            escape(&self.name)
        );
        out.push_str(&list("differences", "", &c.differences()).replacen("<p class=\"label\"></p>", "", 1));
        if let Some(note) = &c.note {
            out.push_str(&format!("<p class=\"hint\">{}</p>", escape(note)));
        }
        if let Some(o) = &c.other {
            out.push_str(&format!(
                "<p class=\"label\">The other differences (planned -, published +):</p><pre class=\"commands other-changes\">{}</pre>",
                escape(&o.diff)
            ));
        }
        let confirmed: Vec<String> = c.confirmed().map(str::to_owned).collect();
        out.push_str(&list("confirmed", "Confirmed from the published topology:", &confirmed));
        out.push_str(&format!("<p id=\"published-steps\">{}</p>", escape(&ticked)));
        out.push_str(&list(
            "unconfirmable",
            "Still open: the published topology cannot confirm these.",
            &steps(FromPublished::CannotConfirm),
        ));
        out.push_str("</div>");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marking_a_pool_failed_picks_the_only_survivor() {
        let loaded = Loaded::sample();
        let mut d = Decisions::new();
        d.reduce(
            &loaded,
            Action::MarkPoolFailed("edgepool-amsterdam.fabrikam.com".into()),
        );
        assert_eq!(d.survivor.as_deref(), Some("edgepool-boston.fabrikam.com"));
        let out = outcome(&loaded, &d).unwrap().unwrap();
        assert!(out.plan.federation_moves && out.plan.xmpp_moves);
        assert_eq!(
            out.topology_file_name,
            "fabrikam-sample-topology.failover-to-edgepool-boston.xml"
        );
        assert_eq!(
            out.checklist_file_name,
            "fabrikam-sample-topology.failover-to-edgepool-boston.checklist.md"
        );
        assert_eq!(
            out.checklist_html_file_name(),
            "fabrikam-sample-topology.failover-to-edgepool-boston.checklist.html"
        );
    }

    #[test]
    fn reassociation_toggles_start_from_the_default() {
        let loaded = Loaded::sample();
        let mut d = Decisions::new();
        d.reduce(
            &loaded,
            Action::MarkPoolFailed("edgepool-amsterdam.fabrikam.com".into()),
        );
        let default = d.default_reassociation(&loaded);
        assert!(default.contains("pool-amsterdam.fabrikam.com"));
        d.reduce(
            &loaded,
            Action::SetReassociate {
                pool: "pool-amsterdam.fabrikam.com".into(),
                on: false,
            },
        );
        assert!(d.reassociated(&loaded).is_empty());
        let out = outcome(&loaded, &d).unwrap().unwrap();
        assert!(out.plan.reassociated.is_empty());
        d.reduce(&loaded, Action::ClearFailure);
        assert_eq!(d, Decisions::new());
    }

    #[test]
    fn checking_the_published_topology_ticks_the_step_it_confirms() {
        let loaded = Loaded::sample();
        let mut d = Decisions::new();
        d.reduce(
            &loaded,
            Action::MarkPoolFailed("edgepool-amsterdam.fabrikam.com".into()),
        );
        let out = outcome(&loaded, &d).unwrap().unwrap();
        let step = out
            .checklist
            .steps()
            .find(|s| s.from_published == crate::checklist::FromPublished::Confirms)
            .unwrap()
            .id
            .clone();
        let mut progress = Progress::default();
        // Nothing published yet: the loaded topology is still what is live.
        let before = PublishedCheck::of(&out, "published.xml", SAMPLE_TOPOLOGY.as_bytes(), 1.0);
        assert!(!before.result.as_ref().unwrap().federation_matches());
        before.apply(&out, &mut progress);
        assert!(!progress.is_done(&step));
        let after = PublishedCheck::of(&out, "published.xml", &out.plan.topology_bytes, 2.0);
        assert!(after.result.as_ref().unwrap().matches());
        after.apply(&out, &mut progress);
        assert_eq!(progress.steps[&step].done_at, Some(2.0));
        assert!(progress.steps[&step].confirmed);
        let html = after.to_html(&out, &progress, false, "14:02:03");
        assert!(html.starts_with("<div class=\"result match\" id=\"published-result\"><p class=\"headline\"><strong>The published topology matches the plan.</strong> (published.xml, checked at 14:02:03)</p>"), "{html}");
        assert!(
            html.contains("<p id=\"published-steps\">Ticked as confirmed from the published topology at 14:02:03: "),
            "{html}"
        );
        assert!(html.contains("<ul class=\"unconfirmable\"><li>"), "{html}");
        // Names from either file stay text.
        let hostile = PublishedCheck::of(
            &out,
            "<img src=x onerror=alert(1)>.xml",
            SAMPLE_TOPOLOGY
                .replace("edgepool-boston", "edgepool-&lt;b&gt;&amp;")
                .as_bytes(),
            2.0,
        );
        let html = hostile.to_html(&out, &progress, true, "14:02:03");
        assert!(
            html.contains("(&lt;img src=x onerror=alert(1)&gt;.xml, checked at"),
            "{html}"
        );
        assert!(html.contains("edgepool-&lt;b&gt;&amp;.fabrikam.com"), "{html}");
        assert!(!html.contains("<img") && !html.contains("<b>"), "{html}");
        let broken = PublishedCheck::of(&out, "published.zip", b"PK\x03\x04", 3.0);
        assert!(matches!(broken.result, Err(VerifyError::Published(_))));
        assert!(broken
            .to_html(&out, &progress, false, "")
            .contains("<strong>published.zip could not be read.</strong>"));
        broken.apply(&out, &mut progress);
        assert!(progress.is_done(&step));
    }

    #[test]
    fn a_failed_site_has_no_survivor_in_it() {
        let loaded = Loaded::sample();
        let mut d = Decisions::new();
        d.reduce(&loaded, Action::MarkSiteFailed("Amsterdam".into()));
        let c = d.candidates(&loaded);
        assert!(c
            .iter()
            .any(|c| c.fqdn == "edgepool-amsterdam.fabrikam.com" && !c.eligible));
        assert_eq!(d.survivor.as_deref(), Some("edgepool-boston.fabrikam.com"));
    }
}
