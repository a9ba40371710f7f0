//! The checklist as data: numbered steps, each saying where it is done, what to do, the exact
//! commands and how to verify it, with the real pool, site and domain names filled in. This
//! file puts the sections together; each section is written in `sections/`.

use serde::Serialize;

use crate::plan::{CheckSeverity, Plan};
use crate::topology::inference::Inference;
use crate::topology::TopologyFile;

use super::context::StepContext;
use super::failback::failback;
use super::sections::{before::before, central_management::central_management, procedure, start::restored_start};
use super::summary;
use super::text::{Phase, Section, Step, Text};

#[derive(Clone, Debug, Serialize)]
pub struct Checklist {
    pub title: Text,
    /// The failed and surviving pools and what changes: the summary's first part.
    pub facts: Vec<Text>,
    /// The choices to make before the first step.
    pub decisions: Vec<Text>,
    /// The outages the steps cause, and how long they last.
    pub outages: Vec<Text>,
    /// What to do first: step 1, where.
    pub first_action: Text,
    pub checks: Vec<(CheckSeverity, String)>,
    pub sections: Vec<Section>,
    /// The inferences the steps rest on, for the closing "what is inferred" list.
    pub inferences: Vec<Inference>,
}

impl Checklist {
    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.sections.iter().flat_map(|s| s.steps.iter())
    }

    /// The steps of one phase, in order: the walkthrough and the status update follow one
    /// phase at a time.
    pub fn phase_steps(&self, phase: Phase) -> impl Iterator<Item = &Step> {
        self.sections
            .iter()
            .filter(move |s| s.phase == phase)
            .flat_map(|s| s.steps.iter())
    }

    /// The phases this checklist has, in order.
    pub fn phases(&self) -> Vec<Phase> {
        let mut phases = Vec::new();
        for s in &self.sections {
            if !phases.contains(&s.phase) {
                phases.push(s.phase);
            }
        }
        phases
    }
}

/// Builds the checklist for a plan made from the file `loaded_name` (the name it was loaded
/// by, which the steps compare the published topology with), whose modified topology is
/// downloaded as `file_name`.
pub fn build_for(file: &TopologyFile, plan: &Plan, loaded_name: &str, file_name: &str) -> Checklist {
    let _t = &file.topology;
    let ctx = StepContext::new(file, plan, loaded_name, file_name);
    let mut sections = vec![before(&ctx, plan)];
    if ctx.failback {
        sections.push(restored_start(&ctx));
    } else if !ctx.cms_down.is_empty() {
        sections.push(central_management(&ctx, plan));
    }
    sections.extend(procedure(&ctx, plan));
    if !ctx.failback {
        sections.extend(failback(&ctx, plan));
    }
    let mut number = 0;
    for s in &mut sections {
        for st in &mut s.steps {
            number += 1;
            st.number = number;
        }
    }
    Checklist {
        title: summary::title(&ctx, plan),
        facts: summary::facts(&ctx, plan, file_name),
        decisions: summary::decisions(&ctx, plan),
        outages: summary::outages(&ctx, plan),
        first_action: summary::first_action(&sections),
        checks: plan.checks.iter().map(|c| (c.severity, c.message.clone())).collect(),
        inferences: summary::inferences(&ctx, plan, &sections),
        sections,
    }
}
