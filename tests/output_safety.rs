#![cfg(not(target_arch = "wasm32"))]
//! Names come from a file someone else made. Wherever the planner writes them (the Markdown
//! checklist, the offline HTML checklist, the command line's JSON), they must stay text: a
//! hostile FQDN may not become a link, an element, a script or a broken code block.

mod support;

use edge_failover_planner::checklist;
use edge_failover_planner::plan::{make_plan, FailoverRequest};
use edge_failover_planner::topology::TopologyFile;

/// Each is a pool FQDN as it would be written in the XML (escaped) and as it reads.
const HOSTILE: &[(&str, &str)] = &[
    (
        "edge&lt;script&gt;alert(1)&lt;/script&gt;.fabrikam.com",
        "edge<script>alert(1)</script>.fabrikam.com",
    ),
    (
        "edge&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.fabrikam.com",
        "edge\"><img src=x onerror=alert(1)>.fabrikam.com",
    ),
    (
        "edge](javascript:alert(1)).fabrikam.com",
        "edge](javascript:alert(1)).fabrikam.com",
    ),
    ("edge`` ```evil.fabrikam.com", "edge`` ```evil.fabrikam.com"),
    ("edge*|_#[x].fabrikam.com", "edge*|_#[x].fabrikam.com"),
];

fn plan_with_survivor_named(escaped: &str, raw: &str) -> checklist::Checklist {
    let text = support::sample_text().replace("edgepool-boston.fabrikam.com", escaped);
    let file = TopologyFile::read(text.as_bytes()).expect("a hostile name is still a topology");
    assert!(
        file.topology.edge_by_fqdn(raw).is_some(),
        "the name reads back as {raw}"
    );
    let plan = make_plan(&file, &FailoverRequest::pool("edgepool-amsterdam.fabrikam.com", raw)).unwrap();
    checklist::build_for(&file, &plan, "modified.xml", "modified.xml")
}

/// The Markdown with every code span and fenced block taken out: what a renderer reads as
/// markup.
fn outside_code(markdown: &str) -> String {
    let mut out = String::new();
    let mut fence: Option<String> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str()) && trimmed.trim_end().chars().all(|c| c == '`') {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") {
            fence = Some(trimmed.chars().take_while(|c| *c == '`').collect());
            continue;
        }
        // Code spans: a run of n backticks up to the next run of exactly n.
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'\\' && i + 1 < b.len() && b[i + 1].is_ascii_punctuation() {
                // A backslash escape is literal text, a backtick included.
                out.push(b[i] as char);
                out.push(b[i + 1] as char);
                i += 2;
            } else if b[i] == b'`' {
                let n = b[i..].iter().take_while(|c| **c == b'`').count();
                let mut j = i + n;
                let mut closed = None;
                while j < b.len() {
                    if b[j] == b'`' {
                        let m = b[j..].iter().take_while(|c| **c == b'`').count();
                        if m == n {
                            closed = Some(j + m);
                            break;
                        }
                        j += m;
                    } else {
                        j += 1;
                    }
                }
                match closed {
                    Some(end) => i = end,
                    None => panic!("an unclosed code span in: {line}"),
                }
            } else {
                out.push(b[i] as char);
                i += 1;
            }
        }
        out.push('\n');
    }
    assert!(fence.is_none(), "a fenced block was never closed");
    out
}

#[test]
fn a_hostile_fqdn_stays_text_in_the_markdown_checklist() {
    for (escaped, raw) in HOSTILE {
        let list = plan_with_survivor_named(escaped, raw);
        let md = checklist::markdown::render(&list);
        assert!(
            md.contains(raw) || md.contains(&raw.replace('`', "\\`")),
            "{raw} is named"
        );
        let markup = outside_code(&md);
        for bad in ["<script", "<img", "](javascript:"] {
            // Outside code, such text may appear only backslash-escaped: text, not a tag or a link.
            for (at, _) in markup.match_indices(bad) {
                let before = &markup[..at];
                assert!(
                    before.ends_with('\\'),
                    "{raw}: {bad:?} is markup outside code in:\n{}",
                    &markup[at.saturating_sub(80)..(at + 80).min(markup.len())]
                );
            }
        }
    }
}

#[test]
fn a_hostile_fqdn_stays_text_in_the_html_checklist() {
    for (escaped, raw) in HOSTILE {
        let list = plan_with_survivor_named(escaped, raw);
        let html = checklist::html::render(&list);
        assert!(html.contains(&checklist::html::escape(raw)), "{raw} is named, escaped");
        assert!(!html.contains("<script"), "{raw}");
        assert!(!html.contains("<img"), "{raw}");
        // A quote in a name is an entity, so it cannot end an attribute value.
        assert!(!html.contains("edge\""), "{raw}: an attribute was broken out of");
        // The failover's document: its steps and its rollback's.
        let failover = list.sections.iter().filter(|s| s.phase == checklist::Phase::Failover);
        assert_eq!(
            html.matches("<section class=\"step\"").count(),
            failover.map(|s| s.steps.len()).sum::<usize>()
        );
        // The failback's document is escaped alike.
        let back = checklist::html::render_phase(&list, checklist::Phase::Failback);
        assert!(
            !back.contains("<script") && !back.contains("<img") && !back.contains("edge\""),
            "{raw}"
        );
    }
}
