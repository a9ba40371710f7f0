//! The share link's compressor: raw DEFLATE (RFC 1951) in one block with Huffman codes made
//! for the input, over LZ77 matches found through hash chains with one step of lazy
//! matching.
//!
//! Why not miniz_oxide's compressor: its general machinery (streaming, levels, block
//! splitting) was 8.5 KB gzip of the page, to compress a few hundred bytes of JSON. This one
//! writes links as short (tests/deflate_prop.rs compares them). Reading stays with
//! miniz_oxide's inflater, which reads any DEFLATE stream, so links made before read as
//! they did (tests/share_format.rs).

/// Matches are looked for this far back: the format's whole window.
const WINDOW: usize = 32 * 1024;
/// The format's shortest and longest match.
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
/// How many earlier places with the same three bytes are tried: enough for a link's few
/// kilobytes, and a bound on the time for a hostile input.
const MAX_CHAIN: usize = 256;
/// No place in the chains yet.
const NONE: u32 = u32::MAX;

/// Length codes 257..=285: the shortest length of each, and its extra bits.
const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
];
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/// Distance codes 0..=29: the shortest distance of each, and its extra bits.
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
    8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];

/// `data` as raw DEFLATE.
pub fn compress(data: &[u8]) -> Vec<u8> {
    let tokens = tokens(data);
    // The codes made for this input: a link's JSON spends most of its symbols on a few
    // dozen letters, which the fixed codes would write in 8 or 9 bits each.
    let mut lit_freq = [0u32; 286];
    let mut dist_freq = [0u32; 30];
    for t in &tokens {
        match *t {
            Token::Literal(b) => lit_freq[usize::from(b)] += 1,
            Token::Match(len, dist) => {
                lit_freq[257 + last_at_most(&LENGTH_BASE, len)] += 1;
                dist_freq[last_at_most(&DIST_BASE, dist)] += 1;
            }
        }
    }
    lit_freq[256] = 1;
    let lit = Code::for_frequencies(&lit_freq, 15);
    let dist = Code::for_frequencies(&dist_freq, 15);
    let n_lit = used(&lit.lengths, 257);
    let n_dist = used(&dist.lengths, 1);

    // The two code lengths in one run-length coded sequence, itself Huffman coded.
    let runs = runs(&[&lit.lengths[..n_lit], &dist.lengths[..n_dist]].concat());
    let mut run_freq = [0u32; 19];
    for (symbol, _, _) in &runs {
        run_freq[usize::from(*symbol)] += 1;
    }
    let run_code = Code::for_frequencies(&run_freq, 7);
    const RUN_ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
    let n_run = RUN_ORDER
        .iter()
        .rposition(|s| run_code.lengths[*s] > 0)
        .map_or(4, |i| (i + 1).max(4));

    let mut out = Bits::default();
    // One block, the last (BFINAL = 1), with codes of its own (BTYPE = 10).
    out.put(0b101, 3);
    out.put((n_lit - 257) as u32, 5);
    out.put((n_dist - 1) as u32, 5);
    out.put((n_run - 4) as u32, 4);
    for s in &RUN_ORDER[..n_run] {
        out.put(u32::from(run_code.lengths[*s]), 3);
    }
    for (symbol, extra, extra_bits) in runs {
        run_code.write(&mut out, usize::from(symbol));
        out.put(u32::from(extra), u32::from(extra_bits));
    }
    for t in tokens {
        match t {
            Token::Literal(b) => lit.write(&mut out, usize::from(b)),
            Token::Match(len, dist_) => {
                let i = last_at_most(&LENGTH_BASE, len);
                lit.write(&mut out, 257 + i);
                out.put(u32::from(len - LENGTH_BASE[i]), u32::from(LENGTH_EXTRA[i]));
                let i = last_at_most(&DIST_BASE, dist_);
                dist.write(&mut out, i);
                out.put(u32::from(dist_ - DIST_BASE[i]), u32::from(DIST_EXTRA[i]));
            }
        }
    }
    lit.write(&mut out, 256);
    out.finish()
}

/// What the block says: a byte, or a copy of earlier bytes (length, distance).
enum Token {
    Literal(u8),
    Match(u16, u16),
}

/// The input as literals and matches.
fn tokens(data: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chains = Chains::new(data.len());
    let mut at = 0;
    // The match at `at` when the step before already looked it up.
    let mut ahead = None;
    while at < data.len() {
        let found = ahead.take().unwrap_or_else(|| chains.longest(data, at));
        chains.insert(data, at);
        match found {
            Some((len, dist)) => {
                // One step of lazy matching: a longer match starting at the next byte wins, and
                // this byte goes as a literal. The chains are as they will be when that byte
                // comes, so its lookup is kept for it.
                let next = chains.longest(data, at + 1);
                if next.is_some_and(|(next, _)| next > len) {
                    out.push(Token::Literal(data[at]));
                    ahead = Some(next);
                    at += 1;
                } else {
                    out.push(Token::Match(len as u16, dist as u16));
                    for p in at + 1..at + len {
                        chains.insert(data, p);
                    }
                    at += len;
                }
            }
            None => {
                out.push(Token::Literal(data[at]));
                at += 1;
            }
        }
    }
    out
}

/// How many of `lengths` must be sent: up to the last used, and at least `least`.
fn used(lengths: &[u8], least: usize) -> usize {
    lengths
        .iter()
        .rposition(|l| *l > 0)
        .map_or(least, |i| (i + 1).max(least))
}

/// Code lengths run-length coded (RFC 1951, 3.2.7): each item is a symbol of the
/// code-length alphabet, its extra bits' value and their count.
fn runs(lengths: &[u8]) -> Vec<(u8, u8, u8)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lengths.len() {
        let v = lengths[i];
        let run = lengths[i..].iter().take_while(|l| **l == v).count();
        if v == 0 && run >= 11 {
            let r = run.min(138);
            out.push((18, (r - 11) as u8, 7));
            i += r;
        } else if v == 0 && run >= 3 {
            out.push((17, (run - 3) as u8, 3));
            i += run;
        } else if run >= 4 {
            let r = (run - 1).min(6);
            out.push((v, 0, 0));
            out.push((16, (r - 3) as u8, 2));
            i += 1 + r;
        } else {
            out.push((v, 0, 0));
            i += 1;
        }
    }
    out
}

/// A canonical Huffman code (RFC 1951, 3.2.2): each symbol's length and code.
struct Code {
    lengths: Vec<u8>,
    codes: Vec<u16>,
}

impl Code {
    /// The code for these frequencies, no code longer than `limit`. Every code has at least
    /// two symbols, so that it is complete, which every inflater accepts.
    fn for_frequencies(freq: &[u32], limit: u8) -> Code {
        let mut freq = freq.to_vec();
        for f in freq.iter_mut().take(2) {
            *f = (*f).max(1);
        }
        let lengths = loop {
            let lengths = huffman_lengths(&freq);
            if lengths.iter().all(|l| *l <= limit) {
                break lengths;
            }
            // Too deep: flatten the frequencies and build again. All equal, the depth is
            // that of a balanced tree, well within every limit the format sets.
            for f in freq.iter_mut().filter(|f| **f > 1) {
                *f = (*f).div_ceil(2);
            }
        };
        let mut count = [0u16; 16];
        for l in &lengths {
            count[usize::from(*l)] += 1;
        }
        count[0] = 0;
        let mut next = [0u16; 16];
        for bits in 1..16 {
            next[bits] = (next[bits - 1] + count[bits - 1]) << 1;
        }
        let codes = lengths
            .iter()
            .map(|l| {
                let l = usize::from(*l);
                let code = next[l];
                next[l] += 1;
                code
            })
            .collect();
        Code { lengths, codes }
    }

    fn write(&self, out: &mut Bits, symbol: usize) {
        out.code(u32::from(self.codes[symbol]), u32::from(self.lengths[symbol]));
    }
}

/// Each symbol's depth in a Huffman tree of its frequency; 0 for those that do not occur.
/// The two lightest nodes are joined until one is left (a link's alphabet is a few hundred
/// symbols, so the search for them is simple rather than a heap).
fn huffman_lengths(freq: &[u32]) -> Vec<u8> {
    let mut weight: Vec<u64> = freq.iter().map(|f| u64::from(*f)).collect();
    let mut parent = vec![usize::MAX; freq.len()];
    let mut open: Vec<usize> = (0..freq.len()).filter(|i| freq[*i] > 0).collect();
    while open.len() > 1 {
        let mut take = || {
            let i = (0..open.len()).min_by_key(|i| weight[open[*i]]).unwrap_or(0);
            open.swap_remove(i)
        };
        let (a, b) = (take(), take());
        let node = weight.len();
        weight.push(weight[a] + weight[b]);
        parent.push(usize::MAX);
        parent[a] = node;
        parent[b] = node;
        open.push(node);
    }
    (0..freq.len())
        .map(|i| {
            if freq[i] == 0 {
                return 0;
            }
            let mut depth = 0;
            let mut at = i;
            while parent[at] != usize::MAX {
                at = parent[at];
                depth += 1;
            }
            depth
        })
        .collect()
}

/// The places seen so far, chained by the hash of the three bytes at each.
struct Chains {
    head: Vec<u32>,
    prev: Vec<u32>,
}

impl Chains {
    const HASH_BITS: u32 = 12;

    fn new(len: usize) -> Chains {
        Chains {
            head: vec![NONE; 1 << Self::HASH_BITS],
            prev: vec![NONE; len],
        }
    }

    fn hash(data: &[u8], at: usize) -> Option<usize> {
        let b = data.get(at..at + MIN_MATCH)?;
        let h = (u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2])).wrapping_mul(2_654_435_761);
        Some((h >> (32 - Self::HASH_BITS)) as usize)
    }

    fn insert(&mut self, data: &[u8], at: usize) {
        if let Some(h) = Self::hash(data, at) {
            self.prev[at] = self.head[h];
            self.head[h] = at as u32;
        }
    }

    /// The longest earlier match for the bytes at `at` (the nearest of equal ones): its
    /// length and distance.
    fn longest(&self, data: &[u8], at: usize) -> Option<(usize, usize)> {
        let h = Self::hash(data, at)?;
        let limit = (data.len() - at).min(MAX_MATCH);
        let mut best: Option<(usize, usize)> = None;
        let mut candidate = self.head[h];
        let mut tries = 0;
        while candidate != NONE && tries < MAX_CHAIN {
            let from = candidate as usize;
            if at - from > WINDOW {
                break;
            }
            let len = data[from..]
                .iter()
                .zip(&data[at..at + limit])
                .take_while(|(a, b)| a == b)
                .count();
            if len >= MIN_MATCH && best.is_none_or(|(l, _)| len > l) {
                best = Some((len, at - from));
                if len == limit {
                    break;
                }
            }
            candidate = self.prev[from];
            tries += 1;
        }
        best
    }
}

/// The output, written least significant bit first as the format requires.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u32,
    count: u32,
}

impl Bits {
    fn put(&mut self, bits: u32, count: u32) {
        self.acc |= bits << self.count;
        self.count += count;
        while self.count >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.count -= 8;
        }
    }

    /// A Huffman code, which the format stores most significant bit first.
    fn code(&mut self, code: u32, count: u32) {
        self.put(code.reverse_bits() >> (32 - count), count);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.count > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// The index of the last base not above `value` (the bases rise).
fn last_at_most(bases: &[u16], value: u16) -> usize {
    bases.iter().rposition(|b| *b <= value).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inflate(packed: &[u8]) -> Vec<u8> {
        miniz_oxide::inflate::decompress_to_vec(packed).expect("a valid DEFLATE stream")
    }

    #[test]
    fn round_trips_through_the_inflater() {
        let cases: [&[u8]; 6] = [
            b"",
            b"a",
            b"abcabcabcabcabcabc",
            &[0u8; 1000],
            &[255u8; 70_000],
            b"{\"decisions\":{\"failed\":\"edge.example\"},\"decisions2\":{\"failed\":\"edge.example\"}}",
        ];
        for case in cases {
            assert_eq!(inflate(&compress(case)), case);
        }
    }

    #[test]
    fn a_match_of_the_longest_length_and_the_farthest_distance() {
        let mut data: Vec<u8> = (0..WINDOW as u32).map(|i| (i.wrapping_mul(7919) >> 3) as u8).collect();
        data.extend_from_within(0..600);
        assert_eq!(inflate(&compress(&data)), data);
    }

    #[test]
    fn repeated_text_is_smaller() {
        let text = "the federation route of site Redmond names edge.example.com ".repeat(20);
        assert!(compress(text.as_bytes()).len() < text.len() / 5);
    }
}
