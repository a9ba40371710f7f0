//! The page's Readiness view: whether it is open, and the report of the topology shown. The
//! report is made outside the reducer (the page spreads it between frames, with
//! `readiness::Builder`) and kept until another topology is loaded; marking a preparation done
//! judges every row again. "Open this plan" is `Action::OpenPlan`.

use crate::plan::PlanError;
use crate::readiness::Report;

/// A report as it was made, in an action: compared by identity (it is large, and made once).
#[derive(Clone, Debug)]
pub struct MadeReport(pub Box<Result<Report, PlanError>>);

impl PartialEq for MadeReport {
    fn eq(&self, other: &MadeReport) -> bool {
        std::ptr::eq(&*self.0, &*other.0)
    }
}

#[derive(Clone, Debug, Default)]
pub struct Readiness {
    /// The view is shown in place of the planner.
    pub open: bool,
    /// The report of the topology shown, once made. Kept here alone, never copied: a large
    /// topology's is megabytes.
    pub report: Option<Result<Report, PlanError>>,
    /// Changes whenever the report does: what the view is drawn again on.
    pub version: u32,
}

impl Readiness {
    /// The report, once made without error.
    pub fn made(&self) -> Option<&Report> {
        self.report.as_ref()?.as_ref().ok()
    }

    pub(super) fn set(&mut self, report: Option<Result<Report, PlanError>>) {
        self.report = report;
        self.version = self.version.wrapping_add(1);
    }

    /// Marks a preparation done or not.
    pub(super) fn prepare(&mut self, id: &str, done: bool) {
        let Some(Ok(report)) = self.report.as_mut() else {
            return;
        };
        let mut ids = report.prepared.clone();
        ids.retain(|x| x != id);
        if done {
            ids.push(id.to_owned());
        }
        report.set_prepared(&ids);
        self.version = self.version.wrapping_add(1);
    }
}
