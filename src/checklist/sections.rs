//! The sections of a runbook, one file each; [`super::runbook`] puts them in order for each
//! direction.

pub mod before;
pub mod central_management;
pub mod deployment_wizard;
pub mod dns;
pub mod front_end;
pub mod next_hop;
pub mod partners;
pub mod preflight;
pub mod reassociation;
pub mod rollback;
pub mod topology_builder;
pub mod verification;
pub mod xmpp;
