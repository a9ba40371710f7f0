//! A failback starts with the restored pool's services.

use crate::checklist::context::{services_step, StepContext};
use crate::checklist::text::{text, Document, Section};

/// A failback: the restored pool's services come up first.
pub(crate) fn restored_start(ctx: &StepContext) -> Section {
    let mut section = Section::new(&format!("Start {}", ctx.survivor));
    section.intro = ctx.embedded.then(|| {
        text![
            "When ",
            value(&ctx.survivor),
            " is back. These steps reverse this plan on the topology as it leaves it; if anything else is published in between, export the topology, load it into the planner and choose ",
            label("Plan failback"),
            " for a plan checked against it."
        ]
    });
    services_step(ctx, &mut section, "failback-start", true)
        .check(text!["Every Lync or Skype for Business service on the server runs."])
        .procedure(Document::Failback.at(", step 1"));
    section
}
