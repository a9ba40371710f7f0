//! The steps an administrator runs, generated for one plan on one topology, as data first and
//! then as Markdown (download, CLI), a self-contained HTML file, or the page's own view.

mod context;
mod failback;
pub mod html;
pub mod markdown;
mod powershell;
pub mod prepare;
mod render;
mod sections;
pub mod steps;
mod summary;
pub mod text;

pub use steps::{build_for, Checklist};
pub use text::{Basis, FromPublished, Phase, Section, Span, Step, Text};
