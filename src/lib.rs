//! Edge Failover Planner: read a Lync Server 2013 / Skype for Business Server topology, plan the
//! failover of SIP and XMPP federation to a surviving Edge pool, and write the modified
//! topology and the checklist.
//!
//! The layers, each a module: [`topology`] reads a file into a model; [`edit`] changes the
//! file's text losslessly; [`plan`] decides what a failover changes and checks it; [`checklist`]
//! turns a plan into the steps an administrator runs; [`session`] holds the page's state as
//! pure data changed by actions, and [`share`] saves and shares it as plan files and links;
//! [`verify`] compares a re-export of the published topology with
//! the plan. The browser UI (`ui`, wasm32 only) is a
//! thin layer over them.
//!
//! The README's "The library" section shows the whole job in a few lines (a doctest:
//! `ReadmeDoctests` below runs the README's Rust examples).

// The page's rules (clippy.toml), which Cargo.toml allows for the code that never reaches the
// page; the library's unit tests are such code too.
#![warn(clippy::disallowed_methods)]
#![cfg_attr(test, allow(clippy::disallowed_methods))]

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub mod checklist;
pub mod edit;
pub mod order;
pub mod plan;
pub mod session;
pub mod share;
pub mod topology;
pub mod verify;

#[cfg(target_arch = "wasm32")]
pub mod ui;
