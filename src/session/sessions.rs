//! This browser's plans in progress, one for each topology they were made on (by the file's
//! fingerprint): loading a topology again brings its plan back, and loading another never
//! loses one. The page keeps them in local storage, one entry each.

use super::restore::{Origin, Restorable};

/// At most this many topologies' plans are kept; past it the one saved longest ago goes.
pub const MAX_SESSIONS: usize = 20;

/// The plans this browser keeps, one for each topology (by the SHA-256 of its file). A few at
/// most, so a list: a map would add its own code to the page for nothing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sessions(Vec<Restorable>);

/// When a kept plan was last saved (0 when it does not say).
pub fn saved_at(r: &Restorable) -> f64 {
    match r.origin {
        Origin::Stored { saved_at } => saved_at.unwrap_or(0.0),
        _ => 0.0,
    }
}

impl Sessions {
    fn position(&self, sha256: &str) -> Option<usize> {
        self.0.iter().position(|r| r.fingerprint.sha256 == sha256)
    }

    pub fn get(&self, sha256: &str) -> Option<&Restorable> {
        self.position(sha256).map(|i| &self.0[i])
    }

    pub fn iter(&self) -> impl Iterator<Item = &Restorable> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Keeps `plan` under its topology's fingerprint, in place of an earlier one; the oldest
    /// goes when there are too many.
    pub fn keep(&mut self, plan: Restorable) {
        self.forget(&plan.fingerprint.sha256);
        self.0.push(plan);
        if self.0.len() > MAX_SESSIONS {
            let oldest = (0..self.0.len()).min_by(|a, b| saved_at(&self.0[*a]).total_cmp(&saved_at(&self.0[*b])));
            if let Some(i) = oldest {
                self.0.remove(i);
            }
        }
    }

    /// Keeps a plan read back from storage unless a newer one for its topology is kept already.
    pub fn remember(&mut self, plan: Restorable) {
        if self
            .get(&plan.fingerprint.sha256)
            .is_none_or(|kept| saved_at(kept) < saved_at(&plan))
        {
            self.keep(plan);
        }
    }

    pub fn forget(&mut self, sha256: &str) {
        if let Some(i) = self.position(sha256) {
            self.0.remove(i);
        }
    }

    /// The plan saved last, other than the one for `except`.
    pub fn latest_except(&self, except: &str) -> Option<&Restorable> {
        self.0
            .iter()
            .filter(|r| r.fingerprint.sha256 != except)
            .max_by(|a, b| saved_at(a).total_cmp(&saved_at(b)))
    }
}
