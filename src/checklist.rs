//! The steps an administrator runs, generated for one plan on one topology, as data first and
//! then as Markdown (download, CLI), a self-contained HTML file, or the page's own view.

pub mod html;
pub mod markdown;
pub mod steps;

pub use steps::{build, build_for, Checklist, Section, Step};
