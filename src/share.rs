//! Plan files and share links: the formats a plan is saved and shared in, and nothing else.
//! A plan file (JSON, versioned, `plan_file.rs`) holds the decisions, the topology's
//! fingerprint, the progress and the notes; a share link (`link.rs`) carries only the
//! decisions and progress, compressed into the URL fragment, which browsers never send. Both
//! write each part the same way (`format.rs`) with the project's own JSON (`json.rs`).
//!
//! Neither ever holds the topology: it holds internal names and addresses.

pub mod base64url;
mod format;
pub mod json;
mod link;
mod plan_file;

use thiserror::Error;

pub use link::{shared_plan_of_link, SharedPlan, LINK_SCHEMA, MAX_LINK_FRAGMENT};
pub use plan_file::{PlanFile, SCHEMA};

#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ShareError {
    #[error("This is not a plan file: {0}")]
    NotAPlan(String),
    #[error("This plan file has the schema \"{0}\", which this version of the planner does not read (it reads \"{SCHEMA}\").")]
    UnknownSchema(String),
    #[error("The share link is damaged or incomplete ({0}); ask for it again, or for the plan file.")]
    BadLink(String),
    #[error("The share link would be {length} characters, more than the {limit} that chat tools and tickets keep. Save the plan as a file and share that instead, or shorten the notes.")]
    LinkTooLong { length: usize, limit: usize },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Failure;
    use crate::session::testing::sample_in_progress;
    use crate::session::{outcome, Decisions, Loaded, Origin, Progress};
    use crate::topology::Fingerprint;

    /// The sample planned, with its first step done and a note on the second.
    fn planned() -> (Loaded, Decisions, Progress) {
        let (loaded, d, _, p) = sample_in_progress();
        (loaded, d, p)
    }

    #[test]
    fn a_confirmation_from_the_published_topology_travels_in_plan_files() {
        let (loaded, d, mut p) = planned();
        let out = outcome(&loaded, &d).unwrap().unwrap();
        p.confirm_from_published(&out.checklist, true, 1_764_165_723_000.0);
        let plan = PlanFile::new(&loaded, &d, &p, None);
        assert!(plan.to_json().contains("\"confirmed\": true"));
        assert_eq!(PlanFile::from_json(&plan.to_json()).unwrap().progress, p);
    }

    #[test]
    fn a_link_from_either_page_or_its_fragment_opens_the_same_plan() {
        let (loaded, d, p) = planned();
        let plan = PlanFile::new(&loaded, &d, &p, None);
        let shared = SharedPlan::from_plan(&plan, Some(5.0));
        let fragment = shared.to_fragment().unwrap();
        for pasted in [
            format!("https://planner.intranet.example/edge/#{fragment}"),
            format!("file:///C:/Users/ana/Desktop/edge-failover-planner-offline.html#{fragment}"),
            format!("  #{fragment}\n"),
            fragment.clone(),
        ] {
            assert_eq!(shared_plan_of_link(&pasted), Ok(shared.clone()), "{pasted}");
        }
        for bad in [
            "",
            "https://planner.intranet.example/",
            "#section-3",
            "file:///x.html#plan=%%%",
        ] {
            assert!(matches!(shared_plan_of_link(bad), Err(ShareError::BadLink(_))), "{bad}");
        }
    }

    #[test]
    fn base64url_round_trips() {
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(base64url::decode(&base64url::encode(&bytes)).unwrap(), bytes);
        }
        assert_eq!(base64url::encode(b"Ma"), "TWE");
        assert!(base64url::decode("T").is_none());
        assert!(base64url::decode("a+b").is_none());
    }

    #[test]
    fn plan_file_and_link_round_trip() {
        let (loaded, d, p) = planned();
        let file = PlanFile::new(&loaded, &d, &p, Some(2_000_000.0));
        assert_eq!(PlanFile::from_json(&file.to_json()).unwrap(), file);
        let shared = SharedPlan::from_plan(&file, None);
        let fragment = shared.to_fragment().unwrap();
        assert!(fragment.len() < 600, "{}", fragment.len());
        assert_eq!(
            SharedPlan::from_fragment(&format!("#{fragment}")).unwrap().unwrap(),
            shared
        );
        assert!(file
            .clone()
            .into_restorable(Origin::Stored { saved_at: None })
            .mismatches(&loaded)
            .is_empty());
        assert_eq!(SharedPlan::from_fragment("#step-3").unwrap(), None);
    }

    #[test]
    fn unknown_schemas_and_damaged_links_are_refused() {
        assert!(matches!(
            PlanFile::from_json(r#"{"schema":"edge-failover-planner/plan/9"}"#),
            Err(ShareError::UnknownSchema(_))
        ));
        assert!(matches!(PlanFile::from_json("[1,2]"), Err(ShareError::NotAPlan(_))));
        assert!(matches!(
            SharedPlan::from_fragment("plan=!!!"),
            Err(ShareError::BadLink(_))
        ));
        assert!(matches!(
            SharedPlan::from_fragment("plan=AAAA"),
            Err(ShareError::BadLink(_))
        ));
    }

    #[test]
    fn a_long_link_is_refused_with_advice() {
        let (loaded, d, mut p) = planned();
        // Notes of random-looking text do not compress.
        let mut x = 0x2545_f491_u32;
        p.notes = (0..4000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                char::from(b'!' + (x % 94) as u8)
            })
            .collect();
        let file = PlanFile::new(&loaded, &d, &p, None);
        let err = SharedPlan::from_plan(&file, None).to_fragment().unwrap_err();
        assert!(matches!(err, ShareError::LinkTooLong { .. }));
        assert!(err.to_string().contains("Save the plan as a file"));
    }

    #[test]
    fn a_link_says_what_it_holds_without_its_topology() {
        let (loaded, d, mut p) = planned();
        let out = outcome(&loaded, &d).unwrap().unwrap();
        let steps: Vec<_> = out.checklist.steps().collect();
        p.set_blocked(&steps[2].id, true);
        p.set_note(&steps[2].id, "  waiting for DNS ".into());
        let file = PlanFile::new(&loaded, &d, &p, None);
        let r = SharedPlan::from_plan(&file, None).into_restorable();
        assert_eq!(
            r.route(),
            "edgepool-amsterdam.fabrikam.com → edgepool-boston.fabrikam.com"
        );
        assert_eq!(r.done(), "1 step done");
        assert_eq!(r.blockers(), vec![(steps[2].id.clone(), "waiting for DNS".to_owned())]);
        let mut other = r.clone();
        other.decisions.failure = Some(Failure::Site("Amsterdam".into()));
        other.decisions.survivor = None;
        other.progress = Progress::default();
        assert_eq!(other.route(), "site Amsterdam → no surviving pool chosen yet");
        assert_eq!(other.done(), "0 steps done");
        // What does not match is said in words; the fingerprints are for the details.
        let mut elsewhere = r.clone();
        elsewhere.fingerprint = Fingerprint::of(b"another file", Some("not-the-signature"));
        let m = elsewhere.mismatches(&loaded);
        assert_eq!(
            m[0],
            "This is a different topology: its fingerprint and Signature are not the plan's."
        );
        assert!(!m[0].contains(elsewhere.fingerprint.short()), "{m:?}");
    }
}
