//! The runbook an administrator follows, generated for one plan on one topology: steps as data
//! that say what they change, what they need checked first, who does them and how they are
//! undone ([`step`]); the safety rules checked on it ([`safety`]); and the failover and
//! failback documents rendered from it as Markdown (download, CLI), self-contained HTML files,
//! or the page's own view.

mod context;
pub mod glance;
pub mod html;
pub mod markdown;
mod powershell;
pub mod prepare;
mod render;
pub mod runbook;
pub mod safety;
mod sections;
pub mod step;
pub mod text;

pub use glance::Glance;
pub use render::{model_lines, reference, shown_number, Lines};
pub use runbook::{build_for, Checklist};
pub use safety::{Rule, RuleOutcome};
pub use step::{Change, FileUse, FromPublished, Kind, Phase, Role, Section, Step, Stop, Subject, Undo};
pub use text::{Basis, Span, Text};
