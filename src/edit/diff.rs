//! A line diff of before and after, for people to read before they download: similar's
//! Myers, as data the page, the checklist and the command line each show their own way.

use std::time::Duration;

use serde::Serialize;
use similar::{Algorithm, ChangeTag, TextDiff};

/// How long two texts are worth aligning line by line: past it, what is left is said removed
/// and added whole. A failover changes a handful of lines and takes well under a millisecond;
/// only two unrelated files (a wrong file given as the published topology) come near this,
/// and then a minimal diff says nothing more. In the page too (similar's `wasm32_web_time`).
const GIVE_UP_AFTER: Duration = Duration::from_secs(1);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffLineKind {
    Context,
    Removed,
    Added,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    pub kind: DiffLineKind,
    /// 1-based line number in the file before (removed and context lines).
    pub old_line: Option<usize>,
    /// 1-based line number in the file after (added and context lines).
    pub new_line: Option<usize>,
    /// The line without its ending.
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hunk {
    pub lines: Vec<DiffLine>,
}

/// Lines changed in place, removed and added: see [`Diff::counts`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DiffCounts {
    pub changed: usize,
    pub removed: usize,
    pub added: usize,
}

impl DiffCounts {
    fn add_run(&mut self, removed: usize, added: usize) {
        let changed = removed.min(added);
        self.changed += changed;
        self.removed += removed - changed;
        self.added += added - changed;
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diff {
    pub hunks: Vec<Hunk>,
    pub removed: usize,
    pub added: usize,
}

impl Diff {
    /// Line diff with `context` unchanged lines around each change, grouped into hunks as
    /// `diff -u` (and Python's difflib) group them; the removed lines of each change come
    /// before the added ones.
    pub fn lines(before: &str, after: &str, context: usize) -> Diff {
        let diff = TextDiff::configure()
            .algorithm(Algorithm::Myers)
            .timeout(GIVE_UP_AFTER)
            .diff_lines(before, after);
        let mut hunks = Vec::new();
        let (mut removed, mut added) = (0, 0);
        for group in diff.grouped_ops(context) {
            let mut lines = Vec::new();
            for op in group {
                for change in diff.iter_changes(&op) {
                    let kind = match change.tag() {
                        ChangeTag::Equal => DiffLineKind::Context,
                        ChangeTag::Delete => {
                            removed += 1;
                            DiffLineKind::Removed
                        }
                        ChangeTag::Insert => {
                            added += 1;
                            DiffLineKind::Added
                        }
                    };
                    lines.push(DiffLine {
                        kind,
                        old_line: change.old_index().map(|i| i + 1),
                        new_line: change.new_index().map(|i| i + 1),
                        text: change.value().trim_end_matches(['\n', '\r']).to_owned(),
                    });
                }
            }
            hunks.push(Hunk { lines });
        }
        Diff { hunks, removed, added }
    }

    pub fn is_empty(&self) -> bool {
        self.hunks.is_empty()
    }

    /// What happened to the lines, as a reader counts it: a removed line followed by an added
    /// one is one line changed, not one removed and one added.
    pub fn counts(&self) -> DiffCounts {
        let mut counts = DiffCounts::default();
        for hunk in &self.hunks {
            let (mut removed, mut added) = (0, 0);
            for kind in hunk.lines.iter().map(|l| l.kind).chain([DiffLineKind::Context]) {
                match kind {
                    DiffLineKind::Removed if added > 0 => {
                        counts.add_run(removed, added);
                        (removed, added) = (1, 0);
                    }
                    DiffLineKind::Removed => removed += 1,
                    DiffLineKind::Added => added += 1,
                    DiffLineKind::Context => {
                        counts.add_run(removed, added);
                        (removed, added) = (0, 0);
                    }
                }
            }
        }
        counts
    }

    /// The diff in unified format, as `diff -u` prints it.
    pub fn unified(&self, old_name: &str, new_name: &str) -> String {
        let mut out = format!("--- {old_name}\n+++ {new_name}\n");
        for hunk in &self.hunks {
            let old: Vec<usize> = hunk.lines.iter().filter_map(|l| l.old_line).collect();
            let new: Vec<usize> = hunk.lines.iter().filter_map(|l| l.new_line).collect();
            let range = |v: &[usize]| match v.first() {
                Some(first) => format!("{},{}", first, v.len()),
                None => "0,0".to_owned(),
            };
            out.push_str(&format!("@@ -{} +{} @@\n", range(&old), range(&new)));
            for line in &hunk.lines {
                let sign = match line.kind {
                    DiffLineKind::Context => ' ',
                    DiffLineKind::Removed => '-',
                    DiffLineKind::Added => '+',
                };
                out.push(sign);
                out.push_str(&line.text);
                out.push('\n');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_say_changed_removed_and_added() {
        let before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n";
        // b rewritten; d and e deleted; g rewritten and one line inserted after it;
        // far below, one line inserted alone.
        let after = "a\nB\nc\nf\nG\nG2\nh\ni\nj\nk\nl\nm\nn\n";
        let d = Diff::lines(before, after, 1);
        assert_eq!(
            d.counts(),
            DiffCounts {
                changed: 2,
                removed: 2,
                added: 2
            }
        );
        assert_eq!((d.removed, d.added), (4, 4));
        assert_eq!(Diff::lines("a\n", "a\n", 3).counts(), DiffCounts::default());
    }

    #[test]
    fn counts_and_numbers_lines() {
        let before = "a\nb\nc\nd\n";
        let after = "a\nc\nX\nd\n";
        let d = Diff::lines(before, after, 1);
        assert_eq!((d.removed, d.added), (1, 1));
        let u = d.unified("before", "after");
        assert!(u.contains("-b\n"), "{u}");
        assert!(u.contains("+X\n"), "{u}");
        assert!(Diff::lines(before, before, 3).is_empty());
    }
}
