#![cfg(not(target_arch = "wasm32"))]
//! The page's state and its one reducer, natively: every change the page makes is an action,
//! and an observer's view refuses every change to the plan.

use std::sync::Arc;

use edge_failover_planner::checklist::Phase;
use edge_failover_planner::plan::FailoverRequest;
use edge_failover_planner::plan::Failure;
use edge_failover_planner::readiness;
use edge_failover_planner::session::{
    Action, Answer, Decisions, Field, LoadState, Loaded, MadeReport, Notice, Origin, Outcome, Place, Progress,
    Restorable, State, Switch, Walk, SAMPLE_TOPOLOGY,
};
use edge_failover_planner::share::{shared_plan_of_link, PlanFile, SharedPlan};

const AMSTERDAM: &str = "edgepool-amsterdam.fabrikam.com";
const BOSTON: &str = "edgepool-boston.fabrikam.com";

fn mark_amsterdam() -> Action {
    Action::MarkFailed(Failure::Pool(AMSTERDAM.into()))
}

/// The sample with its Amsterdam Edge pool failed over to Boston.
fn planned() -> State {
    let mut s = State::new();
    s.reduce(mark_amsterdam(), 1.0);
    assert!(matches!(s.outcome, Some(Ok(_))), "the sample plans");
    s
}

/// The plan the state holds; the test has made one.
fn plan(s: &State) -> Arc<Outcome> {
    match &s.outcome {
        Some(Ok(out)) => out.clone(),
        other => panic!("no plan: {other:?}"),
    }
}

/// Checks the plan's own modified topology as the published one: it matches.
fn publish_the_plan(s: &mut State, now: f64) {
    let bytes = plan(s).plan.written.topology_bytes.clone();
    s.reduce(
        Action::CheckPublished {
            name: "published.xml".into(),
            bytes,
            clock: "14:02:03".into(),
        },
        now,
    );
}

fn step_ids(s: &State) -> Vec<String> {
    s.steps().iter().map(|st| st.id.clone()).collect()
}

/// The plan as a share link puts it back: read-only, for an observer.
fn shared(s: &State) -> Restorable {
    Restorable {
        origin: Origin::Link { made_at: Some(5.0) },
        topology_name: None,
        fingerprint: s.loaded.fingerprint.clone(),
        shape: Some(s.loaded.shape()),
        decisions: s.decisions.clone(),
        progress: s.progress.clone(),
    }
}

/// The plan this browser keeps for the topology shown.
fn kept(s: &State) -> Option<&Restorable> {
    s.sessions.get(&s.loaded.fingerprint.sha256)
}

fn load(s: &mut State, name: &str, bytes: &[u8], now: f64) {
    s.reduce(
        Action::Load {
            name: name.into(),
            bytes: bytes.to_vec(),
        },
        now,
    );
}

#[test]
fn the_page_opens_on_the_sample_with_nothing_decided() {
    let s = State::new();
    assert_eq!(s.loaded.name, "fabrikam-sample-topology.xml");
    assert_eq!(s.decisions, Decisions::new());
    assert!(s.outcome.is_none() && s.steps().is_empty());
    assert!(s.sessions.is_empty(), "nothing to keep");
}

#[test]
fn marking_a_pool_plans_and_clearing_it_starts_again() {
    let mut s = planned();
    assert_eq!(s.decisions.survivor.as_deref(), Some(BOSTON));
    assert!(s.decisions.is_marked(&Failure::Pool(AMSTERDAM.into())));
    assert_eq!(
        kept(&s).map(|k| &k.decisions),
        Some(&s.decisions),
        "kept in this browser"
    );
    // Unticking XMPP is a new plan, without the XMPP steps.
    let before = step_ids(&s);
    assert!(s.is_on(&Switch::MoveXmpp));
    s.reduce(Action::Set(Switch::MoveXmpp, false), 2.0);
    assert!(!s.is_on(&Switch::MoveXmpp));
    assert!(step_ids(&s).len() < before.len());
    s.reduce(Action::ClearFailure, 3.0);
    assert_eq!(s.decisions, Decisions::new());
    assert!(s.outcome.is_none());
}

#[test]
fn a_change_that_changes_nothing_keeps_the_plan() {
    let mut s = planned();
    let before = plan(&s);
    s.reduce(Action::ChooseSurvivor(BOSTON.into()), 2.0);
    let after = plan(&s);
    assert!(Arc::ptr_eq(&before, &after), "not planned again");
}

#[test]
fn progress_is_ticked_blocked_noted_and_cleared_by_actions() {
    let mut s = planned();
    let ids = step_ids(&s);
    s.reduce(Action::Set(Switch::Done(ids[0].clone()), true), 10.0);
    s.reduce(Action::Set(Switch::Blocked(ids[1].clone()), true), 11.0);
    s.reduce(
        Action::Write(Field::StepNote(ids[1].clone()), "waiting for DNS".into()),
        12.0,
    );
    s.reduce(Action::Write(Field::Driver, "  Ana  ".into()), 13.0);
    s.reduce(Action::Write(Field::Notes, "bridge: +1 555 0100".into()), 14.0);
    assert!(s.is_on(&Switch::Done(ids[0].clone())) && s.is_on(&Switch::Blocked(ids[1].clone())));
    assert_eq!(s.progress.steps[&ids[0]].done_at, Some(10.0));
    assert_eq!(s.progress.started_at, Some(10.0));
    assert_eq!(s.text(&Field::StepNote(ids[1].clone())), "waiting for DNS");
    assert_eq!(s.text(&Field::Driver), "Ana");
    assert_eq!(s.text(&Field::Notes), "bridge: +1 555 0100");
    // A blank driver is nobody.
    s.reduce(Action::Write(Field::Driver, "   ".into()), 15.0);
    assert_eq!(s.progress.driver, None);
    assert_eq!(kept(&s).map(|k| &k.progress), Some(&s.progress));
    s.reduce(Action::ClearProgress, 16.0);
    assert_eq!(s.progress, Progress::default());
    assert_eq!(
        kept(&s).map(|k| &k.progress),
        Some(&Progress::default()),
        "this browser's copy is forgotten too"
    );
    s.reduce(Action::ClearFailure, 17.0);
    assert!(kept(&s).is_none(), "nothing left to keep");
}

#[test]
fn an_observers_view_refuses_every_change_to_the_plan() {
    let planner = {
        let mut s = planned();
        let ids = step_ids(&s);
        s.reduce(Action::Set(Switch::Done(ids[0].clone()), true), 10.0);
        s
    };
    let mut s = State::new();
    s.reduce(Action::Open(Box::new(shared(&planner))), 20.0);
    assert!(s.read_only);
    assert_eq!(s.decisions, planner.decisions);
    assert!(
        s.sessions.is_empty(),
        "an observer's view is not kept as the user's own"
    );
    let ids = step_ids(&s);
    let (decisions, progress) = (s.decisions.clone(), s.progress.clone());
    for action in [
        Action::MarkFailed(Failure::Site("Amsterdam".into())),
        Action::PlanFailback {
            temporary: BOSTON.into(),
            restored: AMSTERDAM.into(),
        },
        Action::ClearFailure,
        Action::ChooseSurvivor(AMSTERDAM.into()),
        Action::OpenPlan {
            failure: Failure::Site("Amsterdam".into()),
            survivor: BOSTON.into(),
        },
        Action::Set(Switch::Drill, true),
        Action::Set(Switch::MoveXmpp, false),
        Action::Set(Switch::ClearOtherFederation, true),
        Action::Set(Switch::KeepTemporaryFederation, true),
        Action::Set(Switch::Reassociate("pool-amsterdam.fabrikam.com".into()), false),
        Action::Set(Switch::Done(ids[0].clone()), false),
        Action::Set(Switch::Done(ids[1].clone()), true),
        Action::Set(Switch::Blocked(ids[1].clone()), true),
        Action::Write(Field::Driver, "Mallory".into()),
        Action::Write(Field::Notes, "changed".into()),
        Action::Write(Field::StepNote(ids[1].clone()), "changed".into()),
        Action::ClearProgress,
        Action::DoneAndNext,
        Action::Open(Box::new(Restorable {
            origin: Origin::File {
                name: "other.plan.json".into(),
            },
            topology_name: Some("x.xml".into()),
            fingerprint: s.loaded.fingerprint.clone(),
            shape: None,
            decisions: Decisions::new(),
            progress: Progress::default(),
        })),
    ] {
        let what = format!("{action:?}");
        s.reduce(action, 30.0);
        assert_eq!(s.decisions, decisions, "{what}");
        assert_eq!(s.progress, progress, "{what}");
        assert!(s.read_only, "{what}");
    }
    // Walking through it, and checking the published topology, are allowed; neither ticks.
    s.reduce(Action::StartWalkthrough(Phase::Failover), 40.0);
    assert_eq!(
        s.walkthrough,
        Some(Walk {
            phase: Phase::Failover,
            at: 1
        }),
        "the first step not done"
    );
    assert_eq!(s.progress.started_at, progress.started_at);
    publish_the_plan(&mut s, 41.0);
    assert_eq!(s.progress, progress);
    let report = s.published.clone().expect("a report");
    assert!(report.read_only, "nothing was ticked: this is an observer's view");
    assert!(report.check.result.as_ref().unwrap().matches());
    // Editing a copy makes it the user's own.
    s.reduce(Action::EditCopy, 50.0);
    s.reduce(Action::ClearFailure, 51.0);
    assert_eq!(s.decisions, Decisions::new());
    assert_eq!(kept(&s).map(|k| &k.progress), Some(&progress), "the progress is kept");
}

#[test]
fn the_walkthrough_moves_within_the_steps_and_done_and_next_ticks() {
    let mut s = planned();
    let ids: Vec<String> = s.phase_steps(Phase::Failover).iter().map(|st| st.id.clone()).collect();
    let walk = |at| {
        Some(Walk {
            phase: Phase::Failover,
            at,
        })
    };
    s.reduce(Action::Set(Switch::Done(ids[0].clone()), true), 5.0);
    s.reduce(Action::StartWalkthrough(Phase::Failover), 10.0);
    assert_eq!((s.walkthrough, s.at_step), (walk(1), walk(1)));
    assert_eq!(s.progress.started_at, Some(5.0), "started at the first tick");
    s.reduce(Action::DoneAndNext, 20.0);
    assert!(s.progress.is_done(&ids[1]));
    assert_eq!(s.progress.steps[&ids[1]].done_at, Some(20.0));
    assert_eq!(s.walkthrough, walk(2));
    s.reduce(Action::GoToStep(ids.len() - 1), 21.0);
    s.reduce(Action::LeaveWalkthrough, 22.0);
    assert_eq!((s.walkthrough, s.at_step), (None, walk(ids.len() - 1)));
    // The status update's "Now" is where the walkthrough stood.
    let status = s.status_update(30.0).unwrap();
    let last = s.phase_steps(Phase::Failover)[ids.len() - 1].number;
    assert!(status.contains(&format!("Now: {last}. ")), "{status}");
    // Without a plan there is no walkthrough.
    let mut none = State::new();
    none.reduce(Action::StartWalkthrough(Phase::Failover), 1.0);
    assert_eq!(none.walkthrough, None);
    assert_eq!(none.status_update(1.0), None);
}

/// Issue 21, point 3: the failback inside a failover checklist is a walkthrough of its own.
/// "Done and next" on the last failover step ends at "Failover complete", not on the first
/// failback step; counts are per phase, and the status update says what the failback waits
/// for.
#[test]
fn the_failover_walkthrough_stops_at_failover_complete_and_the_failback_is_its_own() {
    let mut s = planned();
    assert_eq!(s.phases(), [Phase::Failover, Phase::Failback]);
    let failover: Vec<String> = s.phase_steps(Phase::Failover).iter().map(|st| st.id.clone()).collect();
    let failback: Vec<String> = s.phase_steps(Phase::Failback).iter().map(|st| st.id.clone()).collect();
    assert!(!failover.is_empty() && !failback.is_empty());
    // The rest are the two rollbacks, which no walkthrough follows.
    let rollbacks = plan(&s).checklist.rollback_steps(Phase::Failover).count()
        + plan(&s).checklist.rollback_steps(Phase::Failback).count();
    assert_eq!(failover.len() + failback.len() + rollbacks, s.steps().len());
    s.reduce(Action::StartWalkthrough(Phase::Failover), 1.0);
    for (k, _) in failover.iter().enumerate() {
        assert_eq!(
            s.walkthrough_step().map(|(i, st)| (i, st.id.clone())),
            Some((k, failover[k].clone()))
        );
        s.reduce(Action::DoneAndNext, 2.0 + k as f64);
    }
    assert_eq!(
        s.walkthrough_step(),
        None,
        "past the last failover step: no failback step"
    );
    assert_eq!(s.walkthrough_complete(), Some(Phase::Failover));
    assert!(
        failback.iter().all(|id| !s.progress.is_done(id)),
        "nothing of the failback ticked"
    );
    // Further on is still the end of the failover.
    s.reduce(Action::GoToStep(10_000), 100.0);
    s.reduce(Action::DoneAndNext, 101.0);
    assert_eq!(s.walkthrough_complete(), Some(Phase::Failover));
    assert!(failback.iter().all(|id| !s.progress.is_done(id)));
    let status = s.status_update(200.0).unwrap();
    let first = status.lines().next().unwrap();
    assert!(
        first.contains(&format!(": {n} of {n} failover steps done", n = failover.len())),
        "{status}"
    );
    assert!(
        status.contains("Failover done; failback waits for edgepool-amsterdam.fabrikam.com to be repaired.\n"),
        "{status}"
    );
    assert!(!status.contains("Now: "), "{status}");
    // The failback starts on its own, at its first step, and counts its own steps.
    s.reduce(Action::LeaveWalkthrough, 201.0);
    s.reduce(Action::StartWalkthrough(Phase::Failback), 202.0);
    assert_eq!(
        s.walkthrough_step().map(|(i, st)| (i, st.id.clone())),
        Some((0, failback[0].clone()))
    );
    s.reduce(Action::DoneAndNext, 203.0);
    let status = s.status_update(204.0).unwrap();
    assert!(
        status.contains(&format!("failover done; 1 of {} failback steps done", failback.len())),
        "{status}"
    );
    assert!(status.contains("Now: "), "{status}");
}

/// Issue 21, point 2: "Command copied." belongs to the command it copied, and goes when the
/// walkthrough moves to another step.
#[test]
fn a_copy_notice_belongs_to_its_command_and_goes_with_the_step() {
    let mut s = planned();
    s.reduce(Action::StartWalkthrough(Phase::Failover), 1.0);
    let (i, step) = s.walkthrough_step().map(|(i, st)| (i, st.number)).unwrap();
    let copied = (Place::Command(step, 0), Notice::Done("Command copied.".into()));
    s.reduce(Action::Say(copied.0, copied.1.clone()), 2.0);
    assert_eq!(s.notice, Some(copied.clone()));
    s.reduce(Action::GoToStep(i + 1), 3.0);
    assert_eq!(s.notice, None, "gone with its step");
    s.reduce(Action::Say(copied.0, copied.1.clone()), 4.0);
    s.reduce(Action::DoneAndNext, 5.0);
    assert_eq!(s.notice, None);
    // Another step's first command is another place.
    assert_ne!(Place::Command(step, 0), Place::Command(step + 1, 0));
    // A notice elsewhere stays.
    s.reduce(
        Action::Say(Place::Status, Notice::Done("Status update copied.".into())),
        6.0,
    );
    s.reduce(Action::GoToStep(0), 7.0);
    assert!(s.notice.is_some());
}

#[test]
fn a_topology_is_loaded_or_refused_by_name() {
    let mut s = planned();
    s.reduce(Action::LoadStarted("Reading x.xml…".into()), 1.0);
    assert_eq!(s.load, LoadState::Busy("Reading x.xml…".into()));
    s.reduce(
        Action::Load {
            name: "broken.xml".into(),
            bytes: b"<nope".to_vec(),
        },
        2.0,
    );
    let LoadState::Failed { name, message } = &s.load else {
        panic!("{:?}", s.load)
    };
    assert_eq!(name, "broken.xml");
    assert!(!message.is_empty());
    assert!(s.outcome.is_some(), "the topology shown still plans");
    let decisions = s.decisions.clone();
    load(&mut s, "again.xml", SAMPLE_TOPOLOGY.as_bytes(), 3.0);
    assert_eq!(s.load, LoadState::Idle);
    assert_eq!(s.loaded.name, "again.xml");
    assert_eq!(s.decisions, decisions, "the same topology again: its plan comes back");
    // The sample with another Signature reads as a later export of it: the page asks first.
    load(&mut s, "other.xml", &other_topology(), 4.0);
    assert_eq!(s.loaded.name, "again.xml");
    s.reduce(Action::Answer(Answer::Open), 5.0);
    assert_eq!(s.loaded.name, "other.xml");
    assert_eq!(
        s.decisions,
        Decisions::new(),
        "decisions about the old one no longer apply"
    );
    assert!(s.outcome.is_none());
}

#[test]
fn a_saved_plan_waits_for_its_topology_and_applies_when_it_is_loaded() {
    let planner = planned();
    let mut saved = shared(&planner);
    saved.origin = Origin::Stored { saved_at: Some(1.0) };
    let mut s = State::of(Loaded::read("other.xml", &other_topology()).unwrap());
    s.reduce(Action::Remember(vec![saved.clone()]), 1.0);
    assert_eq!(s.pending, Some(saved.clone()));
    assert_eq!(
        s.sessions.iter().collect::<Vec<_>>(),
        [&saved],
        "this browser's plan is not overwritten while it waits"
    );
    assert!(s.outcome.is_none());
    s.reduce(
        Action::Load {
            name: "fabrikam.xml".into(),
            bytes: SAMPLE_TOPOLOGY.as_bytes().to_vec(),
        },
        2.0,
    );
    assert_eq!(s.pending, None);
    assert_eq!(s.decisions, planner.decisions);
    assert!(!s.read_only, "this browser's own plan is the user's");
    assert!(matches!(s.outcome, Some(Ok(_))));

    // Dismissed, this browser's plan is forgotten; applied anyway, it is put on the page.
    let mut s = State::of(Loaded::read("other.xml", &other_topology()).unwrap());
    s.reduce(Action::Remember(vec![saved.clone()]), 1.0);
    s.reduce(Action::DismissPending, 2.0);
    assert_eq!(s.pending, None);
    assert!(s.sessions.is_empty(), "forgotten");
    s.reduce(Action::Remember(vec![saved.clone()]), 3.0);
    s.reduce(Action::ApplyPending, 4.0);
    assert_eq!(s.pending, None);
    assert_eq!(s.decisions.failure, planner.decisions.failure);
    assert_eq!(
        s.sessions
            .iter()
            .map(|k| k.fingerprint.sha256.clone())
            .collect::<Vec<_>>(),
        [s.loaded.fingerprint.sha256.clone()],
        "kept under the topology it now applies to"
    );
}

#[test]
fn a_plan_file_says_whether_it_was_loaded() {
    let planner = planned();
    let mut file = shared(&planner);
    file.origin = Origin::File {
        name: "ours.plan.json".into(),
    };
    file.topology_name = Some("fabrikam-sample-topology.xml".into());
    let mut s = State::new();
    s.reduce(Action::Open(Box::new(file.clone())), 1.0);
    assert_eq!(
        s.notice,
        Some((
            Place::PlanFile,
            Notice::Done("Loaded the plan from ours.plan.json.".into())
        ))
    );
    assert_eq!(s.decisions, planner.decisions);
    // For another topology it waits in the banner at the top, and the answer is beside
    // "Load plan" all the same (issue 21, point 9).
    let mut s = State::of(Loaded::read("other.xml", &other_topology()).unwrap());
    s.reduce(Action::Say(Place::PlanFile, Notice::Problem("earlier".into())), 1.0);
    s.reduce(Action::Open(Box::new(file)), 2.0);
    assert!(s.pending.is_some());
    let Some((Place::PlanFile, Notice::Done(said))) = &s.notice else {
        panic!("{:?}", s.notice)
    };
    assert!(
        said.starts_with("ours.plan.json holds a plan for fabrikam-sample-topology.xml, not the topology shown: it waits at the top of the page"),
        "{said}"
    );
}

#[test]
fn checking_the_published_topology_ticks_and_a_new_decision_forgets_the_check() {
    let mut s = planned();
    publish_the_plan(&mut s, 1_000.0);
    let report = s.published.clone().expect("a report");
    assert!(report.check.result.as_ref().unwrap().matches());
    assert_eq!(report.clock, "14:02:03");
    assert_eq!(report.confirms.len(), 1);
    let confirmed: Vec<_> = s.progress.steps.values().filter(|p| p.confirmed).collect();
    assert_eq!(confirmed.len(), 1);
    assert_eq!(confirmed[0].done_at, Some(1_000.0));
    s.reduce(Action::Set(Switch::MoveXmpp, false), 2_000.0);
    assert!(s.published.is_none());
}

/// A topology other than the sample: the sample with another Signature.
fn other_topology() -> Vec<u8> {
    let text = SAMPLE_TOPOLOGY.replacen("Signature=\"", "Signature=\"0", 1);
    assert_ne!(text, SAMPLE_TOPOLOGY);
    text.into_bytes()
}

/// A failback on a topology with several federated pools offers to keep federation on the
/// pool it comes back from; the switch reaches the plan, and a new failure forgets it.
#[test]
fn a_failback_offers_to_keep_federation_on_the_temporary_pool() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/woodgrove-lync2013-four-edges.xml");
    let original = std::fs::read(path).unwrap();
    let (failed, temporary) = ("edgepool-amsterdam.woodgrove.com", "edgepool2-amsterdam.woodgrove.com");
    let mut s = State::new();
    s.reduce(
        Action::Load {
            name: "woodgrove.xml".into(),
            bytes: original.clone(),
        },
        1.0,
    );
    assert!(
        s.decisions.temporary_federated(&s.loaded).is_empty(),
        "nothing marked yet"
    );
    s.reduce(Action::MarkFailed(Failure::Pool(failed.into())), 2.0);
    assert!(
        s.decisions.temporary_federated(&s.loaded).is_empty(),
        "a failover has no such choice"
    );
    s.reduce(Action::ChooseSurvivor(temporary.into()), 3.0);
    let after = plan(&s).plan.written.topology_bytes.clone();

    // A later export of the planned deployment: the page asks whether it is the published
    // topology; here it is the topology to plan the failback on.
    load(&mut s, "woodgrove-after.xml", &after, 4.0);
    assert!(s.question.as_ref().is_some_and(|q| q.later_export()));
    s.reduce(Action::Answer(Answer::Open), 4.5);
    assert_eq!(s.loaded.name, "woodgrove-after.xml");
    s.reduce(
        Action::PlanFailback {
            temporary: temporary.into(),
            restored: failed.into(),
        },
        5.0,
    );
    assert_eq!(s.decisions.temporary_federated(&s.loaded), [temporary]);
    assert!(!s.is_on(&Switch::KeepTemporaryFederation));
    assert_ne!(
        plan(&s).plan.written.topology_bytes,
        original,
        "by default the temporary pool is cleared"
    );
    s.reduce(Action::Set(Switch::KeepTemporaryFederation, true), 6.0);
    assert!(s.is_on(&Switch::KeepTemporaryFederation));
    assert_eq!(
        plan(&s).plan.written.topology_bytes,
        original,
        "kept, the failback gives the original file back"
    );
    s.reduce(Action::MarkFailed(Failure::Pool(failed.into())), 7.0);
    assert!(
        !s.is_on(&Switch::KeepTemporaryFederation),
        "a new failure starts the decisions again"
    );
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

/// Issue 21, point 1: loading a topology never loses a plan in progress. Each topology keeps
/// its own (by fingerprint) and gets it back when loaded again; replacing a plan with progress
/// is asked first, and Cancel leaves everything as it was.
#[test]
fn loading_another_topology_keeps_the_plan_in_progress_and_brings_it_back() {
    let mut s = planned();
    let ids = step_ids(&s);
    for (i, id) in ids.iter().take(3).enumerate() {
        s.reduce(Action::Set(Switch::Done(id.clone()), true), 10.0 + i as f64);
    }
    s.reduce(
        Action::Write(Field::StepNote(ids[3].clone()), "DNS team called".into()),
        14.0,
    );
    s.reduce(Action::Write(Field::Notes, "bridge: +1 555 0100".into()), 15.0);
    s.reduce(Action::Write(Field::Driver, "Ana".into()), 16.0);
    let (decisions, progress) = (s.decisions.clone(), s.progress.clone());
    assert_eq!(progress.describe(), "3 steps done, 2 notes, driver Ana");

    // Another file: asked first, and Cancel changes nothing.
    load(&mut s, "litware.xml", &fixture("litware-three-sites-crlf.xml"), 20.0);
    let q = s.question.clone().expect("asked before replacing a plan with progress");
    assert!(q.replaces && !q.later_export());
    assert_eq!(q.incoming.name, "litware.xml");
    s.reduce(Action::Answer(Answer::Cancel), 21.0);
    assert!(s.question.is_none());
    assert_eq!(s.loaded.name, "fabrikam-sample-topology.xml");
    assert_eq!((&s.decisions, &s.progress), (&decisions, &progress));

    // The same with the sample button, and with Yes: the new file is shown, and the plan
    // stays in this browser under its own topology.
    load(&mut s, "litware.xml", &fixture("litware-three-sites-crlf.xml"), 22.0);
    s.reduce(Action::Answer(Answer::Open), 23.0);
    assert_eq!(s.loaded.name, "litware.xml");
    assert_eq!((&s.decisions, &s.progress), (&Decisions::new(), &Progress::default()));
    assert_eq!(s.sessions.len(), 1);
    // Nothing in progress on litware: the sample comes back at once, with its plan.
    s.reduce(Action::LoadSample, 24.0);
    assert!(s.question.is_none());
    assert_eq!((&s.decisions, &s.progress), (&decisions, &progress));
    assert!(matches!(s.outcome, Some(Ok(_))));

    // A plan on litware too: both are kept, each comes back with its topology.
    load(&mut s, "litware.xml", &fixture("litware-three-sites-crlf.xml"), 25.0);
    s.reduce(Action::Answer(Answer::Open), 26.0);
    s.reduce(
        Action::MarkFailed(Failure::Pool("edgepool-amsterdam.litware.org".into())),
        27.0,
    );
    let litware = s.decisions.clone();
    s.reduce(Action::LoadSample, 28.0);
    assert!(
        s.question.is_none(),
        "decisions without progress are kept, not asked about"
    );
    assert_eq!(s.progress, progress);
    assert_eq!(s.sessions.len(), 2);
    load(&mut s, "litware.xml", &fixture("litware-three-sites-crlf.xml"), 29.0);
    s.reduce(Action::Answer(Answer::Open), 30.0);
    assert_eq!(s.decisions, litware);

    // What the page keeps in storage comes back in a new page: the topology shown at once.
    let stored: Vec<Restorable> = s.sessions.iter().cloned().collect();
    let mut fresh = State::new();
    fresh.reduce(Action::Remember(stored), 40.0);
    assert_eq!((&fresh.decisions, &fresh.progress), (&decisions, &progress));
    assert!(fresh.pending.is_none());
}

/// Issue 21, point 1: a file that reads as a later export of the planned deployment (the same
/// sites and pools, another federation) is offered as the published topology rather than
/// loaded over the plan.
#[test]
fn a_later_export_of_the_planned_deployment_is_offered_as_the_published_topology() {
    let mut s = planned();
    let ids = step_ids(&s);
    s.reduce(Action::Set(Switch::Done(ids[0].clone()), true), 2.0);
    let published = plan(&s).plan.written.topology_bytes.clone();
    load(&mut s, "published.xml", &published, 3.0);
    let q = s.question.clone().expect("asked");
    assert!(q.later_export());
    assert!(q.replaces);
    s.reduce(
        Action::Answer(Answer::CheckPublished {
            clock: "14:02:03".into(),
        }),
        4.0,
    );
    assert_eq!(
        s.loaded.name, "fabrikam-sample-topology.xml",
        "the plan's topology is still shown"
    );
    let report = s.published.clone().expect("checked as the published topology");
    assert_eq!(report.check.name, "published.xml");
    assert!(report.check.result.as_ref().unwrap().matches());
    assert!(s.progress.steps.values().any(|p| p.confirmed));
    // Without a plan, the same file is simply loaded.
    let mut s = State::new();
    load(&mut s, "published.xml", &published, 5.0);
    assert!(s.question.is_none());
    assert_eq!(s.loaded.name, "published.xml");
}

/// Issue 21, point 14: a share link's plan that names pools the topology shown does not have
/// is not applied there (an observer's view would be stuck on no plan); it waits, and the
/// link says what to load without naming any host.
#[test]
fn a_plan_naming_pools_the_topology_lacks_is_not_applied() {
    let planner = planned();
    let link = shared(&planner);
    let mut s = State::of(Loaded::read("litware.xml", &fixture("litware-three-sites-crlf.xml")).unwrap());
    s.reduce(Action::Open(Box::new(link.clone())), 1.0);
    assert!(!link.applies_to(&s.loaded));
    s.reduce(Action::ApplyPending, 2.0);
    assert!(!s.read_only, "not stuck in an observer's view");
    assert_eq!(s.pending, Some(link.clone()), "it still waits for its topology");
    assert_eq!(s.decisions, Decisions::new());
    // On its own topology's re-export (another Signature, the same pools) it applies.
    let mut s = State::of(Loaded::read("other.xml", &other_topology()).unwrap());
    s.reduce(Action::Open(Box::new(link.clone())), 1.0);
    assert!(link.applies_to(&s.loaded));
    s.reduce(Action::ApplyPending, 2.0);
    assert!(s.read_only && s.pending.is_none());
    assert!(matches!(s.outcome, Some(Ok(_))));
    let shape = link.shape.unwrap().describe();
    assert_eq!(shape, "Skype for Business Server 2015, 2 sites, 2 Edge pools");
}

/// Issue 21, points 4, 5 and 15: what the plan does, by name, from what it writes: only the
/// failed pool loses federation (the healthy federated pools keep it), the warnings are
/// counted, and each change is said in words at its line.
#[test]
fn the_plan_says_by_name_exactly_what_it_changes() {
    let mut s = State::new();
    load(
        &mut s,
        "woodgrove.xml",
        &fixture("woodgrove-lync2013-four-edges.xml"),
        1.0,
    );
    let before = s.loaded.summary.sip_federation_pools.clone();
    assert!(before.len() >= 3, "{before:?}");
    let failed = before[0].clone();
    s.reduce(Action::MarkFailed(Failure::Pool(failed.clone())), 2.0);
    if s.outcome.is_none() {
        let survivor = s
            .decisions
            .candidates(&s.loaded)
            .into_iter()
            .find(|c| c.eligible)
            .unwrap()
            .fqdn;
        s.reduce(Action::ChooseSurvivor(survivor), 3.0);
    }
    let m = plan(&s).moves.clone();
    assert_eq!(m.failed, std::slice::from_ref(&failed));
    assert_eq!(
        m.sip_removed,
        std::slice::from_ref(&failed),
        "only the failed pool loses federation"
    );
    for kept in before.iter().skip(1) {
        assert!(m.sip_after.contains(kept), "{kept} keeps federation: {:?}", m.sip_after);
    }
    assert!(m.sip_after.contains(&m.survivor));
    assert!(!m.sip_after.contains(&failed));
    // Asked to clear the others, they lose it too.
    s.reduce(Action::Set(Switch::ClearOtherFederation, true), 4.0);
    let cleared = plan(&s).moves.clone();
    assert_eq!(cleared.sip_after, std::slice::from_ref(&cleared.survivor));

    // The sample: each change in words, on a line the diff shows as changed.
    let s = planned();
    let out = plan(&s);
    let words: Vec<&str> = out.moves.changes.iter().map(|(_, w)| w.as_str()).collect();
    for wanted in [
        "Edge pool edgepool-amsterdam.fabrikam.com: its SIP federation port (5061) is removed",
        "Edge pool edgepool-amsterdam.fabrikam.com: its XMPP federation ports (5269) are removed",
        "Registrar of pool-amsterdam.fabrikam.com: Edge edgepool-amsterdam.fabrikam.com → edgepool-boston.fabrikam.com",
        "Conferencing of pool-amsterdam.fabrikam.com: Edge edgepool-amsterdam.fabrikam.com → edgepool-boston.fabrikam.com",
        "Mediation of pool-amsterdam.fabrikam.com: Edge edgepool-amsterdam.fabrikam.com → edgepool-boston.fabrikam.com",
    ] {
        assert!(words.contains(&wanted), "{wanted}: {words:#?}");
    }
    assert!(
        words
            .iter()
            .any(|w| w.starts_with("Edge pool edgepool-boston.fabrikam.com: a SIP federation port (5061) is added")),
        "{words:#?}"
    );
    let changed: Vec<usize> = out
        .plan
        .written
        .diff
        .hunks
        .iter()
        .flat_map(|h| h.lines.iter())
        .filter(|l| l.kind != edge_failover_planner::edit::DiffLineKind::Context)
        .filter_map(|l| l.old_line.or(l.new_line))
        .collect();
    for (line, w) in &out.moves.changes {
        assert!(
            changed.iter().any(|c| c.abs_diff(*line) <= 1),
            "{w} at line {line}, changed lines {changed:?}"
        );
    }
    assert_eq!(out.moves.warnings, 0);

    // A template's warning is counted, so the bar does not say a bare "Ready".
    let mut s = State::new();
    load(&mut s, "template.xml", &fixture("fourthcoffee-template.xml"), 1.0);
    let first = s.loaded.summary.edge_pools[0].fqdn.clone();
    s.reduce(Action::MarkFailed(Failure::Pool(first)), 2.0);
    if s.outcome.is_none() {
        let survivor = s
            .decisions
            .candidates(&s.loaded)
            .into_iter()
            .find(|c| c.eligible)
            .unwrap()
            .fqdn;
        s.reduce(Action::ChooseSurvivor(survivor), 3.0);
    }
    let out = plan(&s);
    assert!(out.moves.warnings >= 1, "{:?}", out.plan.checks);
    assert!(!out.moves.blocked);
}

/// Issue 20: the walkthrough shows one role's steps when asked (the DNS team sees its own and
/// the hand-offs to it), and moving on skips the others' steps.
#[test]
fn the_walkthrough_can_show_one_roles_steps() {
    use edge_failover_planner::checklist::Role;
    let mut s = planned();
    let roles = s.roles_of(Phase::Failover);
    assert!(
        roles.contains(&Role::DnsTeam) && roles.contains(&Role::FirewallTeam),
        "{roles:?}"
    );
    s.reduce(Action::StartWalkthrough(Phase::Failover), 1.0);
    s.reduce(Action::FilterRole(Some(Role::DnsTeam)), 2.0);
    let dns: Vec<String> = s
        .phase_steps(Phase::Failover)
        .iter()
        .filter(|st| st.role == Role::DnsTeam)
        .map(|st| st.id.clone())
        .collect();
    assert!(dns.len() >= 2, "{dns:?}");
    // It stands on the DNS team's first step, and "Done and next" goes to their next.
    for id in &dns {
        assert_eq!(s.walkthrough_step().map(|(_, st)| st.id.clone()).as_ref(), Some(id));
        s.reduce(Action::DoneAndNext, 3.0);
    }
    assert_eq!(s.walkthrough_complete(), Some(Phase::Failover));
    // Only their steps were ticked.
    let ticked: Vec<&String> = s.progress.steps.keys().collect();
    assert_eq!(ticked.len(), dns.len(), "{ticked:?}");
    // Every step again.
    s.reduce(Action::FilterRole(None), 4.0);
    s.reduce(Action::StartWalkthrough(Phase::Failover), 5.0);
    assert_eq!(s.walkthrough_step().map(|(i, _)| i), Some(0));
}

/// Issue 20: the status update names what waits on whom.
#[test]
fn the_status_update_says_what_waits_on_whom() {
    use edge_failover_planner::checklist::Role;
    let mut s = planned();
    let steps = s.phase_steps(Phase::Failover);
    let firewall = steps.iter().position(|st| st.role == Role::FirewallTeam).unwrap();
    let number = steps[firewall].number;
    s.reduce(Action::StartWalkthrough(Phase::Failover), 1.0);
    s.reduce(Action::GoToStep(firewall), 2.0);
    let status = s.status_update(3.0).unwrap();
    assert!(
        status.contains(&format!("Waiting on the firewall team: step {number}\n")),
        "{status}"
    );
    // Done, it waits on nobody.
    s.reduce(Action::DoneAndNext, 4.0);
    let status = s.status_update(5.0).unwrap();
    assert!(!status.contains(&format!("firewall team: step {number}")), "{status}");
}

/// Issue 20: route B is a decision of its own, off by default, and the runbook follows it;
/// the failback's runbook is its own download.
#[test]
fn route_b_is_chosen_explicitly_and_the_failback_is_its_own_download() {
    let mut s = planned();
    let out = plan(&s);
    assert!(!s.decisions.publish_file);
    let publish = format!(
        "Publish-CsTopology -FileName 'C:\\EdgeFailover\\{}'",
        out.topology_file_name
    );
    assert!(!out.markdown.contains(&publish), "route A by default");
    let back = out.failback_markdown.clone().expect("a failback runbook");
    assert_eq!(
        back,
        edge_failover_planner::checklist::markdown::render_phase(&out.checklist, Phase::Failback)
    );
    assert!(back.starts_with("# Edge federation failback"));
    assert!(out
        .failback_file_name()
        .ends_with(".failover-to-edgepool-boston.failback.md"));
    s.reduce(Action::Set(Switch::PublishFile, true), 2.0);
    assert!(s.is_on(&Switch::PublishFile));
    let out = plan(&s);
    assert!(out.markdown.contains(&publish));
    assert!(out.markdown.contains("Restore the simple URLs"));
}

/// Issue 20, 3.2: the page chooses the XMPP target. The survivor is the default; a healthy pool
/// that already carries the XMPP ports can be chosen instead, and the choice reaches the plan.
/// Choosing the survivor, or that pool as the survivor, is the default again; a new failure
/// forgets it, and XMPP not moved carries no target.
#[test]
fn the_xmpp_target_is_chosen_in_the_page_and_reaches_the_plan() {
    const WG_AMS: &str = "edgepool-amsterdam.woodgrove.com";
    const WG_BOS: &str = "edgepool-boston.woodgrove.com";
    const WG_2: &str = "edgepool2-amsterdam.woodgrove.com";
    let mut s = State::new();
    load(
        &mut s,
        "woodgrove.xml",
        &fixture("woodgrove-lync2013-four-edges.xml"),
        1.0,
    );
    s.reduce(Action::MarkFailed(Failure::Pool(WG_AMS.into())), 2.0);
    s.reduce(Action::ChooseSurvivor(WG_BOS.into()), 3.0);
    let targets = s.decisions.xmpp_targets(&s.loaded);
    assert_eq!(
        targets,
        [
            WG_BOS,
            WG_2,
            "edgepool3-amsterdam.woodgrove.com",
            "edgepool4-amsterdam.woodgrove.com"
        ]
    );
    assert_eq!(s.decisions.xmpp_to, None);
    assert_eq!(
        s.decisions.xmpp_rejected(&s.loaded),
        [(WG_AMS.to_owned(), "it is a failed pool".to_owned())]
    );
    let default = plan(&s);
    assert_eq!(default.plan.xmpp_to, default.plan.survivor);

    s.reduce(Action::ChooseXmppTarget(WG_2.into()), 4.0);
    assert_eq!(s.decisions.xmpp_to.as_deref(), Some(WG_2));
    assert_eq!(s.decisions.request().unwrap().xmpp_to.as_deref(), Some(WG_2));
    let apart = plan(&s);
    assert!(apart.plan.xmpp_apart());
    assert_eq!(apart.plan.xmpp_to_fqdn(&s.loaded.file), WG_2);
    assert!(apart.markdown.contains("as chosen, not to the surviving pool"));

    // Without XMPP moving, the target is not asked for.
    s.reduce(Action::Set(Switch::MoveXmpp, false), 5.0);
    assert_eq!(s.decisions.request().unwrap().xmpp_to, None);
    s.reduce(Action::Set(Switch::MoveXmpp, true), 6.0);
    assert!(plan(&s).plan.xmpp_apart());

    // The survivor's own name is the default.
    s.reduce(Action::ChooseXmppTarget(WG_BOS.into()), 7.0);
    assert_eq!(s.decisions.xmpp_to, None);
    s.reduce(Action::ChooseXmppTarget(WG_2.into()), 8.0);
    // Choosing the XMPP target as the survivor makes it the default again.
    s.reduce(Action::ChooseSurvivor(WG_2.into()), 9.0);
    assert_eq!(s.decisions.xmpp_to, None);
    // Another survivor keeps a target chosen apart; a new failure forgets it.
    s.reduce(
        Action::ChooseXmppTarget("edgepool3-amsterdam.woodgrove.com".into()),
        10.0,
    );
    s.reduce(Action::ChooseSurvivor(WG_BOS.into()), 11.0);
    assert_eq!(
        s.decisions.xmpp_to.as_deref(),
        Some("edgepool3-amsterdam.woodgrove.com")
    );
    s.reduce(Action::ClearFailure, 12.0);
    s.reduce(Action::MarkFailed(Failure::Pool(WG_AMS.into())), 13.0);
    assert_eq!(s.decisions.xmpp_to, None);
}

/// The readiness report of the topology shown, made as the page makes it (outside the
/// reducer) and handed to it.
fn with_readiness(s: &mut State, now: f64) -> readiness::Report {
    let report = readiness::build(&s.loaded.file, &s.loaded.name, "2026-12-06").unwrap();
    s.reduce(Action::ShowReadiness(true), now);
    let version = s.readiness.version;
    s.reduce(
        Action::ReadinessMade {
            sha256: s.loaded.fingerprint.sha256.clone(),
            report: MadeReport(Box::new(Ok(report.clone()))),
        },
        now,
    );
    assert_ne!(s.readiness.version, version, "the view is drawn again");
    report
}

/// What a plan on the page is, to compare two: its request, topology and runbooks.
fn plan_said(s: &State) -> (Option<FailoverRequest>, Vec<u8>, String, Option<String>) {
    let out = plan(s);
    (
        s.decisions.request(),
        out.plan.written.topology_bytes.clone(),
        out.markdown.clone(),
        out.failback_markdown.clone(),
    )
}

/// Issue 22: "Open this plan" on a readiness row is marking its failure and choosing its
/// survivor by hand, from whatever the page held before: the same decisions and the same
/// plan, on the sample and on every own fixture, for every row; and the view gives way to the
/// planner.
#[test]
fn open_this_plan_is_marking_the_failure_and_choosing_the_survivor_by_hand() {
    let mut files: Vec<(String, Vec<u8>)> = vec![("sample.xml".into(), SAMPLE_TOPOLOGY.as_bytes().to_vec())];
    for name in [
        "litware-three-sites-crlf.xml",
        "woodgrove-lync2013-four-edges.xml",
        "wingtip-two-federated.tbxml",
        "northwind-site-routes.xml",
        "fabrikam-two-sites.tbxml",
        "tailspin-lync2013.xml",
        "adatum-2019.xml",
    ] {
        files.push((name.into(), fixture(name)));
    }
    let mut opened = 0;
    for (name, bytes) in files {
        let mut fresh = State::new();
        load(&mut fresh, &name, &bytes, 1.0);
        assert_eq!(fresh.loaded.name, name);
        let report = with_readiness(&mut fresh, 2.0);
        assert!(fresh
            .readiness
            .made()
            .is_some_and(|r| r.rows.len() == report.rows.len() && r.date == "2026-12-06"));
        // From a page with nothing decided, and from one with another plan on it whose
        // choices were changed by hand (XMPP kept, a re-association undone).
        let mut busy = fresh.clone();
        if let Some(other) = report.rows.iter().rev().find_map(|r| r.request.clone()) {
            busy.reduce(Action::MarkFailed(other.failure), 3.0);
            busy.reduce(Action::ChooseSurvivor(other.survivor), 3.0);
            busy.reduce(Action::Set(Switch::MoveXmpp, false), 3.0);
            let pools: Vec<String> = busy.decisions.reassociated(&busy.loaded).into_iter().collect();
            if let Some(pool) = pools.first() {
                busy.reduce(Action::Set(Switch::Reassociate(pool.clone()), false), 3.0);
            }
        }
        for start in [&fresh, &busy] {
            for row in &report.rows {
                let Some(request) = &row.request else {
                    continue;
                };
                let what = format!("{name}, row {}", row.number);
                let mut by_hand = start.clone();
                by_hand.reduce(Action::MarkFailed(request.failure.clone()), 4.0);
                by_hand.reduce(Action::ChooseSurvivor(request.survivor.clone()), 4.0);
                let mut opened_here = start.clone();
                opened_here.reduce(
                    Action::OpenPlan {
                        failure: request.failure.clone(),
                        survivor: request.survivor.clone(),
                    },
                    4.0,
                );
                assert_eq!(opened_here.decisions, by_hand.decisions, "{what}");
                assert!(!opened_here.readiness.open, "{what}: the planner is shown");
                match (&opened_here.outcome, &by_hand.outcome) {
                    (Some(Ok(_)), Some(Ok(_))) => {
                        assert_eq!(plan_said(&opened_here), plan_said(&by_hand), "{what}");
                        // The row's own request: what the report planned is what the page plans.
                        if row.plan.is_some() && std::ptr::eq(start, &fresh) {
                            assert_eq!(opened_here.decisions.request().as_ref(), Some(request), "{what}");
                        }
                        opened += 1;
                    }
                    (a, b) => assert_eq!(
                        a.as_ref().map(|o| o.as_ref().err()),
                        b.as_ref().map(|o| o.as_ref().err()),
                        "{what}"
                    ),
                }
            }
        }
    }
    assert!(opened >= 20, "{opened} plans opened");
}

/// Issue 22: the report belongs to the topology it was made of; marking a preparation done
/// judges the rows again, and every need marked makes every row nothing blocks ready.
#[test]
fn the_readiness_view_keeps_its_topology_s_report_and_marks_preparation_done() {
    let mut s = State::new();
    let report = with_readiness(&mut s, 1.0);
    assert!(s.readiness.open);
    let [ready, work, blocked] = s.readiness.made().unwrap().counts();
    assert!(work > 0, "the sample asks for preparation");
    // A report made of another topology (a load meanwhile) is not kept.
    let mut other = s.clone();
    other.readiness.report = None;
    other.reduce(
        Action::ReadinessMade {
            sha256: "0".repeat(64),
            report: MadeReport(Box::new(Ok(report.clone()))),
        },
        2.0,
    );
    assert!(other.readiness.report.is_none());
    // Each preparation marked done, one by one; then one taken back.
    let ids: Vec<String> = report.preparation.iter().map(|i| i.id.clone()).collect();
    for id in &ids {
        let version = s.readiness.version;
        s.reduce(Action::Prepare(id.clone(), true), 3.0);
        assert_ne!(s.readiness.version, version, "the view is drawn again");
    }
    let made = s.readiness.made().unwrap().clone();
    assert_eq!(made.prepared.len(), ids.len());
    assert_eq!(made.counts(), [ready + work, 0, blocked]);
    assert!(made
        .rows
        .iter()
        .all(|r| (r.verdict == readiness::Verdict::Ready) == r.blockers.is_empty()));
    s.reduce(Action::Prepare(ids[0].clone(), false), 4.0);
    let made = s.readiness.made().unwrap();
    assert!(!made.prepared.contains(&ids[0]));
    assert!(made.rows.iter().any(|r| r.verdict == readiness::Verdict::ReadyWithWork));
    // The preparation is not the plan: an observer may mark it too.
    // Going back to the planner keeps the report; another topology drops it.
    s.reduce(Action::ShowReadiness(false), 5.0);
    assert!(!s.readiness.open && s.readiness.made().is_some());
    load(&mut s, "litware.xml", &fixture("litware-three-sites-crlf.xml"), 6.0);
    assert!(s.readiness.report.is_none());
}

/// Issue 22: a drill says DRILL on every line of its status update and in its title; it stays
/// a drill whatever is marked, cleared or opened, and switching it plans nothing again.
#[test]
fn a_drill_s_status_update_says_drill_on_every_line() {
    let mut s = planned();
    let ids = step_ids(&s);
    s.reduce(Action::Set(Switch::Done(ids[0].clone()), true), 2.0);
    s.reduce(Action::Set(Switch::Blocked(ids[1].clone()), true), 2.0);
    let real = s.status_update(3.0).unwrap();
    assert!(!real.contains("DRILL"), "{real}");
    let before = plan(&s);
    s.reduce(Action::Set(Switch::Drill, true), 4.0);
    assert!(s.is_on(&Switch::Drill));
    assert!(Arc::ptr_eq(&before, &plan(&s)), "the same plan, not made again");
    let drill = s.status_update(3.0).unwrap();
    assert_eq!(drill.lines().count(), real.lines().count());
    for (d, r) in drill.lines().zip(real.lines()) {
        assert_eq!(d, format!("DRILL · {r}"));
    }
    assert!(
        drill.starts_with("DRILL · Edge federation failover: "),
        "the title: {drill}"
    );
    // Kept as the drill goes on: another failure marked, cleared, a readiness row opened.
    s.reduce(Action::MarkFailed(Failure::Site("Amsterdam".into())), 5.0);
    assert!(s.decisions.drill);
    s.reduce(Action::ClearFailure, 6.0);
    assert!(s.decisions.drill);
    let report = with_readiness(&mut s, 7.0);
    let request = report.rows.iter().find_map(|r| r.request.clone()).unwrap();
    s.reduce(
        Action::OpenPlan {
            failure: request.failure,
            survivor: request.survivor,
        },
        8.0,
    );
    assert!(s.decisions.drill);
    assert!(s.status_update(9.0).unwrap().lines().all(|l| l.starts_with("DRILL · ")));
    // And kept in this browser with the plan.
    assert!(kept(&s).is_some_and(|k| k.decisions.drill));
    s.reduce(Action::Set(Switch::Drill, false), 10.0);
    assert!(!s.status_update(11.0).unwrap().contains("DRILL"));
}

/// Issue 22: a drill's share link carries it, and the banner of the plan it holds says DRILL
/// in its title and on every line; an observer's banner says it too.
#[test]
fn a_drill_s_share_link_says_drill_in_its_title_and_on_every_line() {
    let mut s = planned();
    let ids = step_ids(&s);
    s.reduce(Action::Set(Switch::Blocked(ids[1].clone()), true), 2.0);
    s.reduce(Action::Write(Field::Notes, "Bridge 4".into()), 2.0);
    let file = PlanFile::new(&s.loaded, &s.decisions, &s.progress, Some(3.0));
    let fragment = SharedPlan::from_plan(&file, Some(3.0))
        .with_shape(s.loaded.shape())
        .to_fragment()
        .unwrap();
    let real = SharedPlan::from_fragment(&fragment).unwrap().unwrap().into_restorable();
    assert!(!real.decisions.drill);
    assert!(!real.title(|_| "then".into()).contains("DRILL"));
    assert!(real.facts().iter().all(|(_, v)| !v.contains("DRILL")));

    s.reduce(Action::Set(Switch::Drill, true), 4.0);
    let file = PlanFile::new(&s.loaded, &s.decisions, &s.progress, Some(5.0));
    let link = format!(
        "https://planner.example/#{}",
        SharedPlan::from_plan(&file, Some(5.0))
            .with_shape(s.loaded.shape())
            .to_fragment()
            .unwrap()
    );
    let drill = shared_plan_of_link(&link).unwrap().into_restorable();
    assert!(drill.decisions.drill);
    let title = drill.title(|_| "2026-12-06 14:02".into());
    assert_eq!(
        title,
        "DRILL · This link holds a plan made 2026-12-06 14:02: a drill, not a real incident."
    );
    let facts = drill.facts();
    assert_eq!(facts.len(), real.facts().len());
    assert!(facts.len() >= 6, "{facts:?}");
    for ((name, d), (same, r)) in facts.iter().zip(real.facts()) {
        assert_eq!(name, &same);
        assert_eq!(d, &format!("DRILL · {r}"));
    }
    // Opened, it is a drill on the observer's page too.
    let mut observer = State::new();
    observer.reduce(Action::Open(Box::new(drill)), 6.0);
    assert!(observer.read_only && observer.decisions.drill);
    assert!(observer
        .status_update(7.0)
        .unwrap()
        .lines()
        .all(|l| l.starts_with("DRILL · ")));
}
