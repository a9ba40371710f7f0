//! Line and column of a place in the decoded text, as an editor shows them.

use std::fmt;

use serde::Serialize;

/// A place in the file: 1-based line and column (in characters), and the byte offset in the
/// decoded text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
    #[serde(skip)]
    pub offset: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// Start offsets of every line, so positions cost a binary search rather than a scan.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 48 + 1);
        starts.push(0);
        // memchr finds the newlines a vector at a time where the target has one, and a word
        // at a time in WebAssembly.
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| (i + 1) as u32));
        LineIndex { starts }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Offset where the 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line] as usize
    }

    /// 0-based line that holds `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.starts[line] as usize;
        let column = text.get(start..offset).map_or(offset - start, |s| s.chars().count());
        Position {
            line: line as u32 + 1,
            column: column as u32 + 1,
            offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_starts_match_a_plain_scan() {
        // Newlines at every offset within the eight-byte words, runs of them, a vertical tab
        // and other bytes next to '\n' in value, non-ASCII text and a tail shorter than a word.
        let mut text = String::new();
        for i in 0..200 {
            text.push_str(&"x".repeat(i % 11));
            text.push(['\n', '\u{b}', '\r', 'é', '\u{8a}'][i % 5]);
            if i % 7 == 0 {
                text.push_str("\n\n\r\n");
            }
        }
        for end in [text.len(), text.len() - 1, text.len() - 5, 7, 0] {
            let t = &text[..text.floor_char_boundary(end)];
            let plain: Vec<u32> = std::iter::once(0)
                .chain(
                    t.bytes()
                        .enumerate()
                        .filter(|(_, b)| *b == b'\n')
                        .map(|(i, _)| i as u32 + 1),
                )
                .collect();
            assert_eq!(LineIndex::new(t).starts, plain, "{end}");
        }
    }

    #[test]
    fn positions_count_characters() {
        let text = "ab\r\nçd\ne";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        let p = index.position(text, text.find('d').unwrap());
        assert_eq!((p.line, p.column), (2, 2));
        let p = index.position(text, text.len());
        assert_eq!((p.line, p.column), (3, 2));
        assert_eq!(index.position(text, 0).to_string(), "line 1, column 1");
    }
}
