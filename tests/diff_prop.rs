#![cfg(not(target_arch = "wasm32"))]
//! The planner's line diff (src/edit/diff.rs: similar's Myers, as hunks of numbered lines)
//! against similar's own counts: the same number of removed and added lines (minimal), a
//! script that rebuilds both texts, hunks that hold each change with its context and read the
//! old lines of a change before the new ones, and a time limit that two unrelated texts reach
//! with a diff that is still right.

use edge_failover_planner::edit::{Diff, DiffLineKind};
use proptest::prelude::*;
use similar::{ChangeTag, TextDiff};

/// Lines from a small alphabet, so that equal lines repeat and alignments are ambiguous.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![Just("a"), Just("b"), Just("c"), Just("d\r"), Just("")],
        0..40,
    )
    .prop_map(|lines| lines.iter().map(|l| format!("{l}\n")).collect())
}

fn similar_counts(a: &str, b: &str) -> (usize, usize) {
    let d = TextDiff::from_lines(a, b);
    let mut out = (0, 0);
    for c in d.iter_all_changes() {
        match c.tag() {
            ChangeTag::Delete => out.0 += 1,
            ChangeTag::Insert => out.1 += 1,
            ChangeTag::Equal => {}
        }
    }
    out
}

fn check(a: &str, b: &str, context: usize) {
    let d = Diff::lines(a, b, context);
    assert_eq!((d.removed, d.added), similar_counts(a, b), "{a:?} → {b:?}");
    // With every line in one hunk, the script rebuilds both texts.
    let whole = Diff::lines(a, b, usize::MAX / 4);
    let side = |keep: DiffLineKind| -> Vec<String> {
        whole
            .hunks
            .iter()
            .flat_map(|h| &h.lines)
            .filter(|l| l.kind == DiffLineKind::Context || l.kind == keep)
            .map(|l| l.text.clone())
            .collect()
    };
    let lines = |t: &str| -> Vec<String> {
        t.split_inclusive('\n')
            .map(|l| l.trim_end_matches(['\n', '\r']).to_owned())
            .collect()
    };
    if a != b {
        assert_eq!(side(DiffLineKind::Removed), lines(a));
        assert_eq!(side(DiffLineKind::Added), lines(b));
    } else {
        assert!(d.is_empty());
    }
    for h in &d.hunks {
        let first = h.lines.iter().position(|l| l.kind != DiffLineKind::Context).unwrap();
        let last = h.lines.iter().rposition(|l| l.kind != DiffLineKind::Context).unwrap();
        assert!(first <= context && h.lines.len() - 1 - last <= context, "{h:?}");
        // Inside a hunk, no run of unchanged lines is longer than twice the context.
        let mut run = 0;
        for l in &h.lines[first..=last] {
            run = if l.kind == DiffLineKind::Context { run + 1 } else { 0 };
            assert!(run <= 2 * context, "{h:?}");
        }
        // A change reads old lines first, then new ones.
        for w in h.lines.windows(2) {
            assert!(
                !(w[0].kind == DiffLineKind::Added && w[1].kind == DiffLineKind::Removed),
                "{h:?}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn the_diff_is_minimal_and_rebuilds_both_texts(a in text(), b in text(), context in 0usize..4) {
        check(&a, &b, context);
    }
}

#[test]
fn a_failover_sized_change_in_a_large_file_reads_as_similar_reads_it() {
    let base: String = (0..20_000).map(|i| format!("<Line n=\"{i}\" />\r\n")).collect();
    let after = base
        .replace("<Line n=\"100\" />", "<Line n=\"100\" changed=\"yes\" />")
        .replace("<Line n=\"15000\" />\r\n", "");
    let d = Diff::lines(&base, &after, 3);
    assert_eq!((d.removed, d.added), (2, 1));
    assert_eq!(d.hunks.len(), 2);
    // The same hunks, line for line, as similar groups them.
    let s = TextDiff::from_lines(&base, &after);
    let groups = s.grouped_ops(3);
    assert_eq!(groups.len(), 2);
    for (h, g) in d.hunks.iter().zip(&groups) {
        let theirs: Vec<(Option<usize>, Option<usize>)> = g
            .iter()
            .flat_map(|op| s.iter_changes(op))
            .map(|c| (c.old_index().map(|i| i + 1), c.new_index().map(|i| i + 1)))
            .collect();
        let ours: Vec<(Option<usize>, Option<usize>)> = h.lines.iter().map(|l| (l.old_line, l.new_line)).collect();
        assert_eq!(ours, theirs);
    }
}

#[test]
fn two_unrelated_files_are_said_removed_and_added_whole() {
    let a: String = (0..3000).map(|i| format!("a{i}\n")).collect();
    let b: String = (0..3000).map(|i| format!("b{i}\n")).collect();
    let d = Diff::lines(&a, &b, 3);
    assert_eq!((d.removed, d.added), (3000, 3000));
}

#[test]
fn two_large_unrelated_texts_give_up_in_time_with_a_diff_that_still_rebuilds_them() {
    // Lines from a small alphabet make Myers' search long (many matches, many edits): minutes
    // without the time limit, about a second with it.
    let mut x = 12345u64;
    let mut text = |n: usize| -> String {
        (0..n)
            .map(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                format!("{}\n", (x >> 33) % 7)
            })
            .collect()
    };
    let (a, b) = (text(60_000), text(60_000));
    let started = std::time::Instant::now();
    let d = Diff::lines(&a, &b, 3);
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(20), "took {took:?}");
    assert!(d.removed > 0 && d.removed == d.added);
    let whole = Diff::lines(&a, &b, usize::MAX / 4);
    let side = |keep: DiffLineKind| -> String {
        whole
            .hunks
            .iter()
            .flat_map(|h| &h.lines)
            .filter(|l| l.kind == DiffLineKind::Context || l.kind == keep)
            .map(|l| format!("{}\n", l.text))
            .collect()
    };
    assert_eq!(side(DiffLineKind::Removed), a);
    assert_eq!(side(DiffLineKind::Added), b);
}
