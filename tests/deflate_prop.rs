#![cfg(not(target_arch = "wasm32"))]
//! The share link's own DEFLATE writer (src/share/deflate.rs) against miniz_oxide: whatever
//! it writes, miniz_oxide's inflater (the reader the page uses) gives the input back, and on
//! the JSON links carry it is about as small as miniz_oxide's own compressor at level 9.

use edge_failover_planner::share::deflate;
use proptest::prelude::*;

fn inflate(packed: &[u8]) -> Vec<u8> {
    miniz_oxide::inflate::decompress_to_vec(packed).expect("a valid DEFLATE stream")
}

/// Text shaped like a link's JSON: a few field names and values, repeated in any order.
fn json_like() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just("{\"step\":\"".to_owned()),
        Just("\",\"done\":true,\"at\":".to_owned()),
        Just("edge-pool-".to_owned()),
        Just("\"note\":\"".to_owned()),
        "[a-z0-9.]{1,12}",
        "[0-9]{13}",
        "(?s).{0,8}",
    ];
    proptest::collection::vec(piece, 0..300).prop_map(|v| v.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn any_bytes_round_trip(data in proptest::collection::vec(any::<u8>(), 0..5000)) {
        prop_assert_eq!(inflate(&deflate::compress(&data)), data);
    }

    #[test]
    fn few_distinct_bytes_round_trip(data in proptest::collection::vec(0u8..3, 0..6_000)) {
        // Long runs and many matches of every length (the unit tests cover the whole window).
        prop_assert_eq!(inflate(&deflate::compress(&data)), data);
    }

    #[test]
    fn json_like_text_round_trips_about_as_small_as_miniz(data in json_like()) {
        let ours = deflate::compress(&data);
        prop_assert_eq!(inflate(&ours), data.clone());
        let theirs = miniz_oxide::deflate::compress_to_vec(&data, 9);
        // Within 8 % and 24 bytes: the link's limit (2,000 characters) is met as before.
        prop_assert!(ours.len() <= theirs.len() + theirs.len() / 12 + 24, "{} against {}", ours.len(), theirs.len());
    }
}

#[test]
fn skewed_frequencies_keep_codes_within_fifteen_bits() {
    // Fibonacci-like frequencies make the deepest Huffman trees: the writer must flatten them
    // to the format's 15-bit limit.
    let mut data = Vec::new();
    let (mut a, mut b) = (1usize, 1usize);
    // Twenty symbols of frequencies 1, 1, 2, 3, 5 ... 6,765: a tree 19 deep.
    for symbol in 0u8..20 {
        data.extend(std::iter::repeat_n(symbol.wrapping_mul(37), a));
        (a, b) = (b, a + b);
    }
    // Shuffle deterministically so runs do not turn into matches.
    let mut x = 12345u64;
    for i in (1..data.len()).rev() {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        data.swap(i, (x >> 33) as usize % (i + 1));
    }
    assert_eq!(inflate(&deflate::compress(&data)), data);
}
