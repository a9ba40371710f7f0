//! Replacing byte ranges of a text: the one way the planner changes a topology.

use std::ops::Range;

use thiserror::Error;

use crate::topology::position::{LineIndex, Position};

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

/// Why splices could not be applied: two overlap, or one falls outside the text or inside a
/// character. Only a bug in the editor makes one; the plan is refused with it (see
/// [`crate::plan::PlanError::Internal`]) rather than the page stopped or a file corrupted.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("a change to bytes {}..{} (at {position}) {}", .range.start, .range.end, what(.written_up_to))]
pub struct SpliceError {
    pub range: Range<usize>,
    /// Where the text around it was already written up to, when it overlaps another change.
    pub written_up_to: Option<usize>,
    /// Where the change starts in the original text (its end, when it starts past the end).
    pub position: Position,
}

fn what(written_up_to: &Option<usize>) -> String {
    match written_up_to {
        Some(at) => format!("overlaps another that ends at byte {at}"),
        None => "is outside the text or inside a character".to_owned(),
    }
}

/// Applies splices to `source`. Insertions at the same place keep the order they were given
/// in; overlapping or invalid replacements are a bug in the caller, refused with an error
/// rather than a corrupt file.
pub fn apply(source: &str, splices: &[Splice]) -> Result<String, SpliceError> {
    let mut order: Vec<&Splice> = splices.iter().collect();
    crate::order::sort_by_key(&mut order, |s| (s.range.start, s.range.end));
    let mut out = String::with_capacity(source.len() + splices.iter().map(|s| s.text.len()).sum::<usize>());
    let mut at = 0;
    for s in order {
        let inside = s.range.start <= s.range.end
            && s.range.end <= source.len()
            && source.is_char_boundary(s.range.start)
            && source.is_char_boundary(s.range.end);
        if !inside || s.range.start < at {
            let offset = s.range.start.min(source.len());
            return Err(SpliceError {
                range: s.range.clone(),
                written_up_to: inside.then_some(at),
                position: LineIndex::new(source).position(source, offset),
            });
        }
        out.push_str(&source[at..s.range.start]);
        out.push_str(&s.text);
        at = s.range.end;
    }
    out.push_str(&source[at..]);
    Ok(out)
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
        assert_eq!(out.unwrap(), "<a>\n  <x/>\n  <y/>\n  <c/>\n</a>\n");
        assert_eq!(apply(src, &[]).unwrap(), src);
    }

    #[test]
    fn overlaps_and_invalid_ranges_are_refused_with_their_place() {
        let e = apply("ab\ncdef", &[Splice::delete(0..4), Splice::delete(3..5)]).unwrap_err();
        assert_eq!(e.range, 3..5);
        assert_eq!(e.written_up_to, Some(4));
        assert_eq!((e.position.line, e.position.column), (2, 1));
        assert_eq!(
            e.to_string(),
            "a change to bytes 3..5 (at line 2, column 1) overlaps another that ends at byte 4"
        );
        let e = apply("abc", &[Splice::delete(2..9)]).unwrap_err();
        assert_eq!(e.written_up_to, None);
        assert!(
            e.to_string().ends_with("is outside the text or inside a character"),
            "{e}"
        );
        // Inside the two bytes of é.
        assert!(apply("é", &[Splice::insert(1, "x")]).is_err());
        #[allow(clippy::reversed_empty_ranges)]
        let backwards = Splice::delete(2..1);
        assert!(apply("abc", &[backwards]).is_err());
    }
}
