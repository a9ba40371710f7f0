#![cfg(not(target_arch = "wasm32"))]
//! The page's state and its one reducer, natively: every change the page makes is an action,
//! and an observer's view refuses every change to the plan.

use std::sync::Arc;

use edge_failover_planner::plan::Failure;
use edge_failover_planner::session::{
    Action, Decisions, Field, LoadState, Loaded, Notice, Origin, Outcome, Persist, Place, Progress, Restorable, State,
    Switch, SAMPLE_TOPOLOGY,
};

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
        decisions: s.decisions.clone(),
        progress: s.progress.clone(),
    }
}

#[test]
fn the_page_opens_on_the_sample_with_nothing_decided() {
    let s = State::new();
    assert_eq!(s.loaded.name, "fabrikam-sample-topology.xml");
    assert_eq!(s.decisions, Decisions::new());
    assert!(s.outcome.is_none() && s.steps().is_empty());
    assert_eq!(s.persist(), Persist::Remove);
}

#[test]
fn marking_a_pool_plans_and_clearing_it_starts_again() {
    let mut s = planned();
    assert_eq!(s.decisions.survivor.as_deref(), Some(BOSTON));
    assert!(s.decisions.is_marked(&Failure::Pool(AMSTERDAM.into())));
    assert_eq!(s.persist(), Persist::Save);
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
    let cleared = s.cleared;
    s.reduce(Action::ClearProgress, 16.0);
    assert_eq!(s.progress, Progress::default());
    assert_eq!(s.cleared, cleared + 1, "this browser's copy is forgotten too");
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
    assert_eq!(
        s.persist(),
        Persist::Leave,
        "an observer's view is not saved over the user's own"
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
    s.reduce(Action::StartWalkthrough, 40.0);
    assert_eq!(s.walkthrough, Some(1), "the first step not done");
    assert_eq!(s.progress.started_at, progress.started_at);
    publish_the_plan(&mut s, 41.0);
    assert_eq!(s.progress, progress);
    assert!(
        s.published
            .contains("Nothing was ticked: this is an observer&#39;s view."),
        "{}",
        s.published
    );
    // Editing a copy makes it the user's own.
    s.reduce(Action::EditCopy, 50.0);
    s.reduce(Action::ClearFailure, 51.0);
    assert_eq!(s.decisions, Decisions::new());
    assert_eq!(s.persist(), Persist::Save, "the progress is kept");
}

#[test]
fn the_walkthrough_moves_within_the_steps_and_done_and_next_ticks() {
    let mut s = planned();
    let ids = step_ids(&s);
    s.reduce(Action::Set(Switch::Done(ids[0].clone()), true), 5.0);
    s.reduce(Action::StartWalkthrough, 10.0);
    assert_eq!((s.walkthrough, s.at_step), (Some(1), Some(1)));
    assert_eq!(s.progress.started_at, Some(5.0), "started at the first tick");
    s.reduce(Action::DoneAndNext, 20.0);
    assert!(s.progress.is_done(&ids[1]));
    assert_eq!(s.progress.steps[&ids[1]].done_at, Some(20.0));
    assert_eq!(s.walkthrough, Some(2));
    s.reduce(Action::GoToStep(10_000), 21.0);
    assert_eq!(s.walkthrough, Some(ids.len() - 1));
    s.reduce(Action::LeaveWalkthrough, 22.0);
    assert_eq!((s.walkthrough, s.at_step), (None, Some(ids.len() - 1)));
    // The status update's "Now" is where the walkthrough stood.
    let status = s.status_update(30.0).unwrap();
    let last = s.steps().last().map(|st| st.number).unwrap();
    assert!(status.contains(&format!("Now: {last}. ")), "{status}");
    // Without a plan there is no walkthrough.
    let mut none = State::new();
    none.reduce(Action::StartWalkthrough, 1.0);
    assert_eq!(none.walkthrough, None);
    assert_eq!(none.status_update(1.0), None);
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
    s.reduce(
        Action::Load {
            name: "again.xml".into(),
            bytes: SAMPLE_TOPOLOGY.as_bytes().to_vec(),
        },
        3.0,
    );
    assert_eq!(s.load, LoadState::Idle);
    assert_eq!(s.loaded.name, "again.xml");
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
    s.reduce(Action::Open(Box::new(saved.clone())), 1.0);
    assert_eq!(s.pending, Some(saved.clone()));
    assert_eq!(
        s.persist(),
        Persist::Leave,
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
    s.reduce(Action::Open(Box::new(saved.clone())), 1.0);
    s.reduce(Action::DismissPending, 2.0);
    assert_eq!((s.pending.clone(), s.cleared), (None, 1));
    s.reduce(Action::Open(Box::new(saved)), 3.0);
    s.reduce(Action::ApplyPending, 4.0);
    assert_eq!(s.pending, None);
    assert_eq!(s.decisions.failure, planner.decisions.failure);
}

#[test]
fn a_plan_file_says_whether_it_was_loaded() {
    let planner = planned();
    let mut file = shared(&planner);
    file.origin = Origin::File {
        name: "ours.plan.json".into(),
    };
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
    // For another topology it waits, and the banner says why instead.
    let mut s = State::of(Loaded::read("other.xml", &other_topology()).unwrap());
    s.reduce(Action::Say(Place::PlanFile, Notice::Problem("earlier".into())), 1.0);
    s.reduce(Action::Open(Box::new(file)), 2.0);
    assert_eq!(s.notice, None);
    assert!(s.pending.is_some());
}

#[test]
fn checking_the_published_topology_ticks_and_a_new_decision_forgets_the_check() {
    let mut s = planned();
    publish_the_plan(&mut s, 1_000.0);
    assert!(
        s.published.contains("The published topology matches the plan."),
        "{}",
        s.published
    );
    assert!(s.published.contains("checked at 14:02:03"));
    let confirmed: Vec<_> = s.progress.steps.values().filter(|p| p.confirmed).collect();
    assert_eq!(confirmed.len(), 1);
    assert_eq!(confirmed[0].done_at, Some(1_000.0));
    s.reduce(Action::Set(Switch::MoveXmpp, false), 2_000.0);
    assert_eq!(s.published, "");
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

    s.reduce(
        Action::Load {
            name: "woodgrove-after.xml".into(),
            bytes: after,
        },
        4.0,
    );
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
