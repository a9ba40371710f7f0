//! Changing a topology file without disturbing anything else: every change is a splice of
//! the original text, so untouched bytes stay byte-identical, in the original encoding and line
//! endings.

pub mod diff;
pub mod failover;
pub mod splice;
pub mod words;

pub use diff::{Diff, DiffCounts, DiffLine, DiffLineKind, Hunk};
pub use failover::{FailoverEdit, NextHopEdit, Reassociation, RouteChange};
pub use splice::{apply, Splice, SpliceError};
pub use words::Change;
