//! The plain-text status update for an incident bridge: done, now, next, blockers, and what
//! a check of the published topology confirmed.

use super::progress::Progress;
use super::walkthrough::Walk;
use crate::checklist::{Checklist, Phase, Role, Step};

/// `HH:MM:SS` of a moment, in UTC (a status update is read in many time zones).
pub fn utc_clock(ms: f64) -> String {
    let s = (ms.max(0.0) / 1000.0) as u64 % 86_400;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// `h:mm:ss` for a span of milliseconds.
pub fn elapsed(ms: f64) -> String {
    let s = (ms.max(0.0) / 1000.0) as u64;
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// A short plain-text summary for the bridge chat: done, now, next, blockers. "Now" is the
/// first step not done yet.
pub fn status_update(checklist: &Checklist, progress: &Progress, now: f64) -> String {
    status_update_at(checklist, progress, now, None, &[])
}

/// The status update with "Now" where the walkthrough stands (`at`), or at the first step not
/// done yet when it is `None` or not in the checklist. It follows one phase: the failover
/// until its steps are done, then, with the failback still waiting for `repaired` (the failed
/// pools) to come back, it says so; the failback's own count once it has begun.
pub fn status_update_at(
    checklist: &Checklist,
    progress: &Progress,
    now: f64,
    at: Option<Walk>,
    repaired: &[String],
) -> String {
    let has_failback = checklist.phases().contains(&Phase::Failback);
    let open = |phase: Phase| checklist.phase_steps(phase).any(|s| !progress.is_done(&s.id));
    let begun = |phase: Phase| checklist.phase_steps(phase).any(|s| progress.is_done(&s.id));
    let phase = match at {
        Some(w) => w.phase,
        None if open(Phase::Failover) || !has_failback || !begun(Phase::Failback) => Phase::Failover,
        None => Phase::Failback,
    };
    let steps: Vec<&Step> = checklist.phase_steps(phase).collect();
    let done: Vec<_> = steps.iter().filter(|s| progress.is_done(&s.id)).collect();
    let which = match (has_failback, phase) {
        (false, _) => "",
        (true, Phase::Failover) => "failover ",
        (true, Phase::Failback) => "failback ",
    };
    let before = if phase == Phase::Failback && !open(Phase::Failover) {
        "failover done; "
    } else {
        ""
    };
    let mut out = format!(
        "{}: {before}{} of {} {which}steps done",
        checklist.title.plain(),
        done.len(),
        steps.len()
    );
    if let Some(start) = progress.started_at {
        out.push_str(&format!(", {} since the start", elapsed(now - start)));
    }
    if let Some(driver) = progress.driver.as_deref().filter(|d| !d.trim().is_empty()) {
        out.push_str(&format!(" (driver: {})", driver.trim()));
    }
    out.push_str(".\n");
    let line = |s: &Step| format!("{}. {}", s.number, s.title.plain());
    if let Some(last) = done.iter().max_by(|a, b| {
        let at = |s: &&&Step| progress.steps.get(&s.id).and_then(|p| p.done_at).unwrap_or_default();
        at(a).total_cmp(&at(b))
    }) {
        out.push_str(&format!("Done last: {}\n", line(last)));
    }
    let current = at.filter(|w| w.phase == phase).map(|w| w.at);
    let now_at = current
        .filter(|i| *i < steps.len())
        .or_else(|| steps.iter().position(|s| !progress.is_done(&s.id)));
    match now_at {
        Some(i) if current.is_some() || !progress.is_done(&steps[i].id) => {
            let now_step = steps[i];
            out.push_str(&format!("Now: {} ({})\n", line(now_step), now_step.place.plain()));
            if let Some(next) = steps[i + 1..].iter().find(|s| !progress.is_done(&s.id)) {
                out.push_str(&format!("Next: {}\n", line(next)));
            }
            // Another team's steps up to "Now" that are not done: the bridge waits on them.
            for role in Role::ALL.into_iter().filter(|r| *r != Role::Administrator) {
                let waiting: Vec<String> = steps[..=i]
                    .iter()
                    .filter(|s| s.role == role && !progress.is_done(&s.id))
                    .map(|s| s.number.to_string())
                    .collect();
                if !waiting.is_empty() {
                    let which = if waiting.len() == 1 { "step" } else { "steps" };
                    out.push_str(&format!(
                        "Waiting on the {}: {which} {}\n",
                        role.label(),
                        waiting.join(", ")
                    ));
                }
            }
        }
        _ if phase == Phase::Failover && has_failback => {
            let pools = if repaired.is_empty() {
                "the failed pool".to_owned()
            } else {
                repaired.join(" and ")
            };
            out.push_str(&format!("Failover done; failback waits for {pools} to be repaired.\n"));
        }
        _ => out.push_str("All steps are done.\n"),
    }
    let steps: Vec<&Step> = checklist.steps().collect();
    let confirmed: Vec<String> = steps
        .iter()
        .filter_map(|s| {
            let p = progress.steps.get(&s.id).filter(|p| p.confirmed)?;
            Some(format!("{} (at {} UTC)", line(s), utc_clock(p.done_at?)))
        })
        .collect();
    if !confirmed.is_empty() {
        out.push_str(&format!(
            "Confirmed from the published topology: {}.\n",
            confirmed.join("; ")
        ));
    }
    let blockers: Vec<String> = steps
        .iter()
        .filter(|s| progress.steps.get(&s.id).is_some_and(|p| p.blocked))
        .map(|s| {
            let note = progress.steps.get(&s.id).map(|p| p.note.trim()).unwrap_or_default();
            if note.is_empty() {
                line(s)
            } else {
                format!("{} ({})", line(s), note)
            }
        })
        .collect();
    out.push_str(&if blockers.is_empty() {
        "Blockers: none.".to_owned()
    } else {
        format!("Blockers: {}.", blockers.join("; "))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::testing::sample_in_progress;

    #[test]
    fn a_published_topology_ticks_what_it_confirms_and_the_status_update_says_so() {
        use crate::checklist::FromPublished;
        let (_, _, out, mut p) = sample_in_progress();
        let by = |f: FromPublished| -> Vec<&Step> { out.checklist.steps().filter(|s| s.from_published == f).collect() };
        let (confirms, cannot) = (by(FromPublished::Confirms), by(FromPublished::CannotConfirm));
        assert_eq!(confirms.len(), 1, "the step that confirms the published topology");
        // DNS, certificate, firewall, partners, replication, the federation and XMPP tests.
        assert!(cannot.len() >= 7, "{}", cannot.len());
        for word in [
            "DNS",
            "certificate",
            "ports",
            "partners",
            "replicated",
            "federation works",
        ] {
            assert!(
                cannot.iter().any(|s| s.title.plain().contains(word)),
                "{word}: {:?}",
                cannot.iter().map(|s| s.title.plain()).collect::<Vec<_>>()
            );
        }
        // 14:02:03 UTC.
        let at = 1_764_165_723_000.0;
        p.confirm_from_published(&out.checklist, true, at);
        let id = &confirms[0].id;
        assert!(p.is_done(id) && p.steps[id].confirmed);
        assert!(cannot.iter().all(|s| !p.is_done(&s.id)));
        let text = status_update(&out.checklist, &p, at);
        let line = |s: &Step| format!("{}. {}", s.number, s.title.plain());
        assert!(
            text.contains(&format!(
                "Confirmed from the published topology: {} (at 14:02:03 UTC).\n",
                line(confirms[0])
            )),
            "{text}"
        );
        // A later check that no longer matches takes back what a check ticked, not the user's.
        let user = &cannot[0].id;
        p.set_done(user, true, at);
        p.confirm_from_published(&out.checklist, false, at + 1.0);
        assert!(!p.is_done(id) && p.is_done(user));
        assert!(!status_update(&out.checklist, &p, at).contains("Confirmed from the published topology"));
        // A tick by hand is not a confirmation.
        p.confirm_from_published(&out.checklist, true, at);
        p.set_done(id, true, at + 2.0);
        assert!(!p.steps[id].confirmed);
    }

    #[test]
    fn status_update_says_done_now_next_and_blockers() {
        let (_, _, out, mut p) = sample_in_progress();
        let steps: Vec<_> = out.checklist.steps().collect();
        p.started_at = Some(1_000_000.0);
        p.set_blocked(&steps[1].id, true);
        let text = status_update(&out.checklist, &p, 1_000_000.0 + 3_723_000.0);
        let title = |i: usize| format!("{}. {}", steps[i].number, steps[i].title.plain());
        assert!(
            text.starts_with(&format!(
                "Edge federation failover: edgepool-amsterdam.fabrikam.com → edgepool-boston.fabrikam.com: 1 of {} failover steps done, 1:02:03 since the start (driver: Ana).\n",
                out.checklist.phase_steps(Phase::Failover).count()
            )),
            "{text}"
        );
        assert!(text.contains(&format!("Done last: {}\n", title(0))), "{text}");
        assert!(text.contains(&format!("Now: {} (", title(1))), "{text}");
        assert!(text.contains(&format!("Next: {}\n", title(2))), "{text}");
        assert!(
            text.ends_with(&format!("Blockers: {} (backup share is \\\\fs01\\topology).", title(1))),
            "{text}"
        );
    }

    #[test]
    fn the_status_update_is_now_where_the_walkthrough_stands() {
        let (_, _, out, mut p) = sample_in_progress();
        let steps: Vec<_> = out.checklist.steps().collect();
        let title = |i: usize| format!("{}. {}", steps[i].number, steps[i].title.plain());
        // Step 0 is done, step 1 is not, the walkthrough is at step 3; step 4 is done.
        p.set_done(&steps[4].id, true, 3.0);
        let text = status_update_at(
            &out.checklist,
            &p,
            10.0,
            Some(Walk {
                phase: Phase::Failover,
                at: 3,
            }),
            &[],
        );
        assert!(text.contains(&format!("Now: {} (", title(3))), "{text}");
        assert!(text.contains(&format!("Next: {}\n", title(5))), "{text}");
        // Without a walkthrough position (or with one no longer in the checklist): the first
        // step not done, as before.
        for current in [
            None,
            Some(Walk {
                phase: Phase::Failover,
                at: 10_000,
            }),
        ] {
            let text = status_update_at(&out.checklist, &p, 10.0, current, &[]);
            assert!(text.contains(&format!("Now: {} (", title(1))), "{text}");
        }
    }
}
