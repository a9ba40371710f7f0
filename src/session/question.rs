//! What the page asks before a file replaces anything: a plan in progress is never replaced
//! without a word, and a later export of the planned deployment is most likely the published
//! topology, not a new one to plan on.

use std::sync::Arc;

use super::loaded::Loaded;

/// A topology file read and waiting for the user's answer.
#[derive(Clone, Debug)]
pub struct Question {
    pub incoming: Arc<Loaded>,
    /// Its bytes, when it reads as a later export of the deployment the plan is for (the same
    /// sites and pools, another file): it can be checked as the published topology instead.
    pub bytes: Option<Arc<Vec<u8>>>,
    /// Opening it replaces a plan with progress (which stays in this browser, under its own
    /// topology).
    pub replaces: bool,
}

impl Question {
    /// The file reads as a later export of the planned deployment.
    pub fn later_export(&self) -> bool {
        self.bytes.is_some()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Open the file as the topology to plan on; the plan in progress is kept in this browser.
    Open,
    /// Check the file as the published topology, at `clock` (the page's local time).
    CheckPublished { clock: String },
    /// Leave everything as it was.
    Cancel,
}
