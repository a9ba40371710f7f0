//! A re-export of the published topology checked against the plan: the steps it confirms,
//! and the result as the page shows it.

use super::outcome::Outcome;
use super::progress::Progress;
use crate::verify::{self, Comparison, VerifyError};

/// A re-export of the published topology checked against the current plan.
#[derive(Debug)]
pub struct PublishedCheck {
    /// The file's name, as the user gave it.
    pub name: String,
    /// When it was checked, in milliseconds since the Unix epoch.
    pub at: f64,
    pub result: Result<Comparison, VerifyError>,
}

impl PublishedCheck {
    /// The same comparison as `edge-failover verify`, against the plan's modified topology.
    pub fn of(outcome: &Outcome, name: impl Into<String>, published: &[u8], now: f64) -> PublishedCheck {
        PublishedCheck {
            name: name.into(),
            at: now,
            result: verify::compare_bytes(&outcome.plan.written.topology_bytes, published),
        }
    }

    /// Ticks the verification steps the file confirms, or takes back what an earlier check
    /// ticked when this one does not; an unreadable file changes nothing.
    pub fn apply(&self, outcome: &Outcome, progress: &mut Progress) {
        if let Ok(c) = &self.result {
            progress.confirm_from_published(&outcome.checklist, c.federation_matches(), self.at);
        }
    }

    /// The result as the page shows it, checked at `time` (the page's local clock): what
    /// matches or differs in words, the diff of other elements, the step ticked and the steps
    /// left open. One HTML string rather than a tree of components, which the bundle pays
    /// for per element; every name from either file is escaped, so it stays text.
    pub fn to_html(&self, outcome: &Outcome, progress: &Progress, read_only: bool, time: &str) -> String {
        use crate::checklist::html::escape;
        use crate::checklist::FromPublished;
        let list = |class: &str, label: &str, items: &[String]| {
            if items.is_empty() {
                return String::new();
            }
            let items: String = items.iter().map(|i| format!("<li>{}</li>", escape(i))).collect();
            format!("<p class=\"label\">{label}</p><ul class=\"{class}\">{items}</ul>")
        };
        let c = match &self.result {
            Err(e) => {
                return format!(
                    "<div class=\"result error\" id=\"published-result\"><p class=\"headline\"><strong>{} could not be read.</strong></p><p>{}</p></div>",
                    escape(&self.name),
                    escape(&e.to_string())
                )
            }
            Ok(c) => c,
        };
        let steps = |f: FromPublished| -> Vec<String> {
            outcome
                .checklist
                .steps()
                .filter(|s| s.from_published == f && (f == FromPublished::Confirms || !progress.is_done(&s.id)))
                .map(|s| format!("{}. {}", s.number, s.title.plain()))
                .collect()
        };
        let ticked = steps(FromPublished::Confirms).join("; ");
        let ticked = match (c.federation_matches(), read_only) {
            (true, false) => format!("Ticked as confirmed from the published topology at {time}: {ticked}."),
            (true, true) => "Nothing was ticked: this is an observer's view.".to_owned(),
            (false, _) => format!("Not ticked: {ticked}."),
        };
        let mut out = format!(
            "<div class=\"result {}\" id=\"published-result\"><p class=\"headline\"><strong>{}</strong> ({}, checked at {time})</p>",
            if c.matches() { "match" } else { "differs" },
            c.headline(),
            escape(&self.name)
        );
        out.push_str(&list("differences", "", &c.differences()).replacen("<p class=\"label\"></p>", "", 1));
        if let Some(note) = &c.note {
            out.push_str(&format!("<p class=\"hint\">{}</p>", escape(note)));
        }
        if let Some(o) = &c.other {
            out.push_str(&format!(
                "<p class=\"label\">The other differences (planned -, published +):</p><pre class=\"commands other-changes\">{}</pre>",
                escape(&o.diff)
            ));
        }
        let confirmed: Vec<String> = c.confirmed().map(str::to_owned).collect();
        out.push_str(&list("confirmed", "Confirmed from the published topology:", &confirmed));
        out.push_str(&format!("<p id=\"published-steps\">{}</p>", escape(&ticked)));
        out.push_str(&list(
            "unconfirmable",
            "Still open: the published topology cannot confirm these.",
            &steps(FromPublished::CannotConfirm),
        ));
        out.push_str("</div>");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::testing::sample_failover;
    use crate::session::{outcome, SAMPLE_TOPOLOGY};

    #[test]
    fn checking_the_published_topology_ticks_the_step_it_confirms() {
        let (loaded, d) = sample_failover();
        let out = outcome(&loaded, &d).unwrap().unwrap();
        let step = out
            .checklist
            .steps()
            .find(|s| s.from_published == crate::checklist::FromPublished::Confirms)
            .unwrap()
            .id
            .clone();
        let mut progress = Progress::default();
        // Nothing published yet: the loaded topology is still what is live.
        let before = PublishedCheck::of(&out, "published.xml", SAMPLE_TOPOLOGY.as_bytes(), 1.0);
        assert!(!before.result.as_ref().unwrap().federation_matches());
        before.apply(&out, &mut progress);
        assert!(!progress.is_done(&step));
        let after = PublishedCheck::of(&out, "published.xml", &out.plan.written.topology_bytes, 2.0);
        assert!(after.result.as_ref().unwrap().matches());
        after.apply(&out, &mut progress);
        assert_eq!(progress.steps[&step].done_at, Some(2.0));
        assert!(progress.steps[&step].confirmed);
        let html = after.to_html(&out, &progress, false, "14:02:03");
        assert!(html.starts_with("<div class=\"result match\" id=\"published-result\"><p class=\"headline\"><strong>The published topology matches the plan.</strong> (published.xml, checked at 14:02:03)</p>"), "{html}");
        assert!(
            html.contains("<p id=\"published-steps\">Ticked as confirmed from the published topology at 14:02:03: "),
            "{html}"
        );
        assert!(html.contains("<ul class=\"unconfirmable\"><li>"), "{html}");
        // Names from either file stay text.
        let hostile = PublishedCheck::of(
            &out,
            "<img src=x onerror=alert(1)>.xml",
            SAMPLE_TOPOLOGY
                .replace("edgepool-boston", "edgepool-&lt;b&gt;&amp;")
                .as_bytes(),
            2.0,
        );
        let html = hostile.to_html(&out, &progress, true, "14:02:03");
        assert!(
            html.contains("(&lt;img src=x onerror=alert(1)&gt;.xml, checked at"),
            "{html}"
        );
        assert!(html.contains("edgepool-&lt;b&gt;&amp;.fabrikam.com"), "{html}");
        assert!(!html.contains("<img") && !html.contains("<b>"), "{html}");
        let broken = PublishedCheck::of(&out, "published.zip", b"PK\x03\x04", 3.0);
        assert!(matches!(broken.result, Err(VerifyError::Published(_))));
        assert!(broken
            .to_html(&out, &progress, false, "")
            .contains("<strong>published.zip could not be read.</strong>"));
        broken.apply(&out, &mut progress);
        assert!(progress.is_done(&step));
    }
}
