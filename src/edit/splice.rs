//! Replacing byte ranges of a text: the one way the planner changes a topology.

use std::ops::Range;

/// Replace `range` of the original text with `text`. An empty range inserts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Splice {
    pub range: Range<usize>,
    pub text: String,
}

impl Splice {
    pub fn replace(range: Range<usize>, text: impl Into<String>) -> Splice {
        Splice {
            range,
            text: text.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Splice {
        Splice::replace(at..at, text)
    }

    pub fn delete(range: Range<usize>) -> Splice {
        Splice::replace(range, "")
    }
}

/// Applies splices to `source`. Insertions at the same place keep the order they were given
/// in; overlapping replacements are a bug in the caller and panic rather than corrupt a file.
pub fn apply(source: &str, splices: &[Splice]) -> String {
    // By place, stable: an insertion sort, as a plan makes a handful of splices and the
    // standard library's sort would add kilobytes of code to the page for them.
    let mut order: Vec<&Splice> = splices.iter().collect();
    crate::order::sort_by_key(&mut order, |s| (s.range.start, s.range.end));
    let mut out = String::with_capacity(source.len() + splices.iter().map(|s| s.text.len()).sum::<usize>());
    let mut at = 0;
    for s in order {
        assert!(
            s.range.start >= at
                && s.range.end <= source.len()
                && source.is_char_boundary(s.range.start)
                && source.is_char_boundary(s.range.end),
            "overlapping or invalid splice {:?} (already written up to {at})",
            s.range
        );
        out.push_str(&source[at..s.range.start]);
        out.push_str(&s.text);
        at = s.range.end;
    }
    out.push_str(&source[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splices_apply_in_place() {
        let src = "<a>\n  <b/>\n  <c/>\n</a>\n";
        let b = src.find("  <b/>").unwrap();
        let c = src.find("  <c/>").unwrap();
        let out = apply(
            src,
            &[
                Splice::insert(c, "  <x/>\n"),
                Splice::delete(b..b + 7),
                Splice::insert(c, "  <y/>\n"),
            ],
        );
        assert_eq!(out, "<a>\n  <x/>\n  <y/>\n  <c/>\n</a>\n");
        assert_eq!(apply(src, &[]), src);
    }

    #[test]
    #[should_panic(expected = "overlapping")]
    fn overlaps_are_refused() {
        apply("abcdef", &[Splice::delete(0..3), Splice::delete(2..4)]);
    }
}
