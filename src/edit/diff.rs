//! A line diff of before and after, for people to read before they download.

use serde::Serialize;

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
    /// `diff -u` (and Python's difflib) group them.
    pub fn lines(before: &str, after: &str, context: usize) -> Diff {
        let a: Vec<&str> = before.split_inclusive('\n').collect();
        let b: Vec<&str> = after.split_inclusive('\n').collect();
        let script = edit_script(&a, &b);
        let mut hunks = Vec::new();
        let (mut removed, mut added) = (0, 0);
        for group in grouped(&script, context) {
            let mut lines = Vec::new();
            for &(kind, i, j) in &script[group] {
                let text = match kind {
                    DiffLineKind::Context => a[i],
                    DiffLineKind::Removed => {
                        removed += 1;
                        a[i]
                    }
                    DiffLineKind::Added => {
                        added += 1;
                        b[j]
                    }
                };
                lines.push(DiffLine {
                    kind,
                    old_line: (kind != DiffLineKind::Added).then_some(i + 1),
                    new_line: (kind != DiffLineKind::Removed).then_some(j + 1),
                    text: text.trim_end_matches(['\n', '\r']).to_owned(),
                });
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

/// One line of the edit script: what happens to it, and its index before and after (the
/// index on the side it is not on is where it would be).
type Edit = (DiffLineKind, usize, usize);

/// Edits beyond which two texts are not worth aligning line by line: past them the middle is
/// said removed and added whole. A failover changes a handful of lines; only two unrelated
/// files come near this, and then a minimal diff says nothing more.
const MAX_EDITS: usize = 1000;

/// The shortest edit script from `a` to `b` (Myers' greedy algorithm over what remains once the
/// common start and end are set aside), with the removed lines of each change before the
/// added ones.
fn edit_script(a: &[&str], b: &[&str]) -> Vec<Edit> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut script: Vec<Edit> = (0..prefix).map(|i| (DiffLineKind::Context, i, i)).collect();
    let middle = myers(ma, mb).unwrap_or_else(|| {
        (0..ma.len())
            .map(|i| (DiffLineKind::Removed, i, 0))
            .chain((0..mb.len()).map(|j| (DiffLineKind::Added, ma.len(), j)))
            .collect()
    });
    script.extend(middle.into_iter().map(|(k, i, j)| (k, i + prefix, j + prefix)));
    let (ea, eb) = (a.len() - suffix, b.len() - suffix);
    script.extend((0..suffix).map(|k| (DiffLineKind::Context, ea + k, eb + k)));
    removed_before_added(&mut script);
    script
}

/// Myers' O((N+M)D) greedy search, keeping each round's frontier (only the diagonals it can
/// reach, so the memory is O(D²) for D edits) to walk the path back; `None` past
/// [`MAX_EDITS`].
fn myers(a: &[&str], b: &[&str]) -> Option<Vec<Edit>> {
    let (n, m) = (a.len() as i32, b.len() as i32);
    let max = (n + m).min(MAX_EDITS as i32);
    let offset = max + 1;
    let at = |k: i32| (k + offset) as usize;
    let mut v = vec![0i32; 2 * offset as usize + 1];
    // Round d's frontier before it ran: diagonals -d..=d of the one before.
    let mut trace: Vec<Vec<i32>> = Vec::new();
    let mut found = None;
    'search: for d in 0..=max {
        trace.push(v[at(-d)..=at(d)].to_vec());
        for k in (-d..=d).step_by(2) {
            let down = k == -d || (k != d && v[at(k - 1)] < v[at(k + 1)]);
            let mut x = if down { v[at(k + 1)] } else { v[at(k - 1)] + 1 };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[at(k)] = x;
            if x >= n && y >= m {
                found = Some(d);
                break 'search;
            }
        }
    }
    let found = found?;
    let mut out = Vec::new();
    let (mut x, mut y) = (n, m);
    for d in (1..=found).rev() {
        let before = &trace[d as usize];
        let prev = |k: i32| before[(k + d) as usize];
        let k = x - y;
        let down = k == -d || (k != d && prev(k - 1) < prev(k + 1));
        let prev_k = if down { k + 1 } else { k - 1 };
        let prev_x = prev(prev_k);
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
            out.push((DiffLineKind::Context, x as usize, y as usize));
        }
        if down {
            y -= 1;
            out.push((DiffLineKind::Added, x as usize, y as usize));
        } else {
            x -= 1;
            out.push((DiffLineKind::Removed, x as usize, y as usize));
        }
    }
    while x > 0 && y > 0 {
        x -= 1;
        y -= 1;
        out.push((DiffLineKind::Context, x as usize, y as usize));
    }
    out.reverse();
    Some(out)
}

/// Within each run of changes, the removed lines come first, as a reader expects a change to
/// read: the old line, then the new one.
fn removed_before_added(script: &mut [Edit]) {
    let mut start = 0;
    while start < script.len() {
        if script[start].0 == DiffLineKind::Context {
            start += 1;
            continue;
        }
        let end = start
            + script[start..]
                .iter()
                .take_while(|e| e.0 != DiffLineKind::Context)
                .count();
        // A stable sort keeps each side in its own order.
        crate::order::sort_by_key(&mut script[start..end], |e| e.0 == DiffLineKind::Added);
        start = end;
    }
}

/// The script's hunks as index ranges: each change with up to `context` unchanged lines on
/// either side, two changes in one hunk when at most twice that many lines lie between them.
fn grouped(script: &[Edit], context: usize) -> Vec<std::ops::Range<usize>> {
    let changed: Vec<usize> = (0..script.len())
        .filter(|&i| script[i].0 != DiffLineKind::Context)
        .collect();
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for i in changed {
        let start = i.saturating_sub(context);
        let end = (i + 1 + context).min(script.len());
        match out.last_mut() {
            // The unchanged lines between the two changes are at most twice the context.
            Some(last) if start <= last.end => last.end = end,
            _ => out.push(start..end),
        }
    }
    out
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
