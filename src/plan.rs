//! Deciding a failover: which pool failed, which survives, what moves, and whether that is
//! safe. A plan is pure data computed from a topology and a request; the UI and the CLI only
//! ask for one and show it.

mod check;
pub mod eligibility;
mod error;
mod failback;
mod make;
mod moves;
mod next_hop;
mod reassociation;
pub mod request;
mod rules;
pub mod validation;
mod written;

pub use check::{Check, CheckKind, CheckSeverity};
pub use eligibility::{candidates, xmpp_target_blocker, xmpp_targets, Candidate, Ineligible, NotXmppTarget};
pub use error::PlanError;
pub use failback::{failback_of, restored_edge, Failback};
pub use make::{make_plan, no_survivor_advice, output_file_name, scope};
pub use moves::{Moves, NextHopChange, Scope};
pub use reassociation::default_reassociation;
pub use request::{Direction, FailoverRequest, Failure, Route};
pub use rules::central_management_down;
pub use written::{Plan, Written};
