#![cfg(not(target_arch = "wasm32"))]
//! The planner's one sort (src/order.rs, which keeps the standard library's sort, one copy per
//! element type and key, out of the page) against that sort: any list, by any key, comes out
//! in the same order, equal keys in the order they came in.

use edge_failover_planner::order;
use proptest::prelude::*;

/// Keys from a small range, so that equal keys are common and stability shows.
fn items() -> impl Strategy<Value = Vec<(u8, u16)>> {
    proptest::collection::vec((0u8..6, any::<u16>()), 0..300)
}

proptest! {
    #[test]
    fn sort_by_key_is_the_standard_stable_sort(items in items()) {
        let mut ours = items.clone();
        order::sort_by_key(&mut ours, |x| x.0);
        let mut theirs = items;
        theirs.sort_by_key(|x| x.0);
        prop_assert_eq!(ours, theirs);
    }

    #[test]
    fn sort_by_is_the_standard_stable_sort(items in items()) {
        let mut ours = items.clone();
        // Descending by key, then ascending by the key's parity: a comparator, not a key.
        let cmp = |a: &(u8, u16), b: &(u8, u16)| b.0.cmp(&a.0).then((a.1 % 2).cmp(&(b.1 % 2)));
        order::sort_by(&mut ours, &cmp);
        let mut theirs = items;
        theirs.sort_by(cmp);
        prop_assert_eq!(ours, theirs);
    }

    #[test]
    fn sort_is_the_standard_sort(items in items(), words in proptest::collection::vec("[a-c]{0,3}", 0..100)) {
        let mut ours = items.clone();
        order::sort(&mut ours);
        let mut theirs = items;
        theirs.sort();
        prop_assert_eq!(ours, theirs);
        let mut ours = words.clone();
        order::sort(&mut ours);
        let mut theirs = words;
        theirs.sort();
        prop_assert_eq!(ours, theirs);
    }
}
