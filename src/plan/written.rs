//! A plan: what moves, the checks on it, and what is written for it (the edit, the modified
//! file and its diff).

use std::ops::Deref;

use crate::edit::{Diff, FailoverEdit};

use super::check::{Check, CheckSeverity};
use super::moves::Moves;

/// What is written for a plan: the edit, the modified topology and its diff.
#[derive(Clone, Debug)]
pub struct Written {
    pub edit: FailoverEdit,
    /// The modified topology, in the input's encoding.
    pub topology_bytes: Vec<u8>,
    pub topology_text: String,
    pub diff: Diff,
}

/// A checked plan: what moves, the checks, and what is written.
#[derive(Clone, Debug)]
pub struct Plan {
    pub moves: Moves,
    pub checks: Vec<Check>,
    pub written: Written,
}

/// A plan reads as what it moves (`plan.survivor`, `plan.routes`): every step builder and view
/// asks that, and only the writers of files reach into [`Plan::written`].
impl Deref for Plan {
    type Target = Moves;
    fn deref(&self) -> &Moves {
        &self.moves
    }
}

impl Plan {
    pub fn has_blocking_checks(&self) -> bool {
        self.checks.iter().any(|c| c.severity == CheckSeverity::Error)
    }
}
